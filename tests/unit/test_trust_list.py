"""Trust list: anchor signature, structure, demo rules, freshness; the store's rollback rules."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.cose import sign1
from kiosk.credentials.trustlist import (
    AGEING_GRACE,
    Freshness,
    TrustListError,
    TrustListProblem,
    parse_trust_list,
    revocation_hash,
    trust_list_document,
)
from kiosk.store.models import TrustListRecord
from refplatform.issuer.keys import DemoKeySet
from tests.support.credential_fixtures import NOW, make_terminal


def _document(keys: DemoKeySet, **changes: Any) -> dict[str, Any]:
    document = trust_list_document(
        sequence=3,
        issued_at=NOW,
        next_update=NOW + timedelta(days=7),
        issuers=[issuer.entry() for issuer in keys.issuers.values()],
        demo=True,
    )
    document.update(changes)
    return document


def _signed(keys: DemoKeySet, document: dict[str, Any]) -> bytes:
    return sign1(canonical_cbor(document), keys.anchor)


def _problem(action: object) -> TrustListProblem:
    with pytest.raises(TrustListError) as caught:
        action()  # type: ignore[operator]
    return caught.value.problem


def test_a_signed_list_parses(demo_keys: DemoKeySet) -> None:
    trust = parse_trust_list(
        _signed(demo_keys, _document(demo_keys)), demo_keys.anchor.public_key(), demo_mode=True
    )
    assert trust.sequence == 3
    assert set(trust.issuers) == {issuer.kid for issuer in demo_keys.issuers.values()}
    sc = trust.issuers[demo_keys.issuer("sc-eid").kid]
    assert sc.name.en.startswith("Sichuan") and sc.name.zh.startswith("四川") and sc.demo


def test_signed_by_another_key_or_tampered(demo_keys: DemoKeySet) -> None:
    anchor = demo_keys.anchor.public_key()
    stranger = sign1(canonical_cbor(_document(demo_keys)), ec.generate_private_key(ec.SECP256R1()))
    assert (
        _problem(lambda: parse_trust_list(stranger, anchor, demo_mode=True))
        is TrustListProblem.WRONG_ANCHOR
    )
    tampered = bytearray(_signed(demo_keys, _document(demo_keys)))
    tampered[-3] ^= 0x10
    assert (
        _problem(lambda: parse_trust_list(bytes(tampered), anchor, demo_mode=True))
        is TrustListProblem.BAD_SIGNATURE
    )
    assert (
        _problem(lambda: parse_trust_list(b"garbage", anchor, demo_mode=True))
        is TrustListProblem.MALFORMED
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"v": 2},
        {"seq": -1},
        {"next_update": int(NOW.timestamp()) - 1},
        {"unknown": 1},
        {"revoked_kids": "none"},
    ],
)
def test_malformed_lists(demo_keys: DemoKeySet, changes: dict[str, Any]) -> None:
    content = _signed(demo_keys, _document(demo_keys, **changes))
    assert (
        _problem(lambda: parse_trust_list(content, demo_keys.anchor.public_key(), demo_mode=True))
        is TrustListProblem.MALFORMED
    )


def test_issuer_entries_must_be_consistent(demo_keys: DemoKeySet) -> None:
    entries = [issuer.entry() for issuer in demo_keys.issuers.values()]
    anchor = demo_keys.anchor.public_key()
    for bad in (
        [*entries, entries[0]],  # listed twice
        [dict(entries[0], kid=b"12345678")],  # kid not of its key
        [dict(entries[0], types=["library-card"])],
        [dict(entries[0], key=b"not a key")],
    ):
        content = _signed(demo_keys, _document(demo_keys, issuers=bad))
        assert (
            _problem(lambda content=content: parse_trust_list(content, anchor, demo_mode=True))
            is TrustListProblem.MALFORMED
        )


def test_demo_lists_and_issuers_are_refused_outside_demo_mode(demo_keys: DemoKeySet) -> None:
    anchor = demo_keys.anchor.public_key()
    demo_list = _signed(demo_keys, _document(demo_keys))
    assert (
        _problem(lambda: parse_trust_list(demo_list, anchor, demo_mode=False))
        is TrustListProblem.DEMO_ON_PRODUCTION
    )
    # Signed by a real anchor, a production list that lists demo issuers trusts none of them.
    real_anchor = ec.generate_private_key(ec.SECP256R1())
    production_list = sign1(canonical_cbor(_document(demo_keys, demo=False)), real_anchor)
    trust = parse_trust_list(production_list, real_anchor.public_key(), demo_mode=False)
    assert trust.issuers == {}  # every issuer here is a demo issuer: none is trusted
    # The demo anchor is refused outside demo mode whatever its list says (issue 13 point 1).
    relabelled = _document(demo_keys, demo=False)
    relabelled["issuers"] = [dict(entry, demo=False) for entry in relabelled["issuers"]]
    assert (
        _problem(lambda: parse_trust_list(_signed(demo_keys, relabelled), anchor, demo_mode=False))
        is TrustListProblem.DEMO_ON_PRODUCTION
    )


def test_freshness_grades(demo_keys: DemoKeySet) -> None:
    trust = parse_trust_list(
        _signed(demo_keys, _document(demo_keys)), demo_keys.anchor.public_key(), demo_mode=True
    )
    due = trust.next_update
    assert trust.freshness(due - timedelta(seconds=1)) is Freshness.FRESH
    assert trust.freshness(due) is Freshness.AGEING
    assert trust.freshness(due + AGEING_GRACE - timedelta(seconds=1)) is Freshness.AGEING
    assert trust.freshness(due + AGEING_GRACE) is Freshness.STALE


def test_revocations(demo_keys: DemoKeySet) -> None:
    content = _signed(
        demo_keys, _document(demo_keys, revoked_credentials=[revocation_hash(b"cti-1")])
    )
    trust = parse_trust_list(content, demo_keys.anchor.public_key(), demo_mode=True)
    assert trust.is_revoked(b"cti-1")
    assert not trust.is_revoked(b"cti-2")


# ------------------------------------------------------------------------------ the store


def test_install_refuses_rollback_and_conflicts(tmp_path: Path, demo_keys: DemoKeySet) -> None:
    terminal = make_terminal(tmp_path, demo_keys)
    first = demo_keys.trust_list(sequence=5, issued_at=NOW)
    assert terminal.trust_store.install(first, NOW).changed
    assert not terminal.trust_store.install(first, NOW).changed  # the same list again
    older = demo_keys.trust_list(sequence=4, issued_at=NOW)
    with pytest.raises(TrustListError) as caught:
        terminal.trust_store.install(older, NOW)
    assert caught.value.problem is TrustListProblem.ROLLBACK
    other = demo_keys.trust_list(sequence=5, issued_at=NOW + timedelta(minutes=1))
    with pytest.raises(TrustListError) as caught:
        terminal.trust_store.install(other, NOW)
    assert caught.value.problem is TrustListProblem.CONFLICT
    assert terminal.trust_store.current().sequence == 5  # type: ignore[union-attr]
    newer = demo_keys.trust_list(sequence=6, issued_at=NOW)
    assert terminal.trust_store.install(newer, NOW).changed
    terminal.database.close()


def test_the_installed_list_survives_a_restart(tmp_path: Path, demo_keys: DemoKeySet) -> None:
    terminal = make_terminal(tmp_path, demo_keys)
    terminal.install(demo_keys.trust_list(sequence=9, issued_at=NOW))
    terminal.database.close()
    again = make_terminal(tmp_path, demo_keys)
    assert again.trust_store.current().sequence == 9  # type: ignore[union-attr]
    again.database.close()


@pytest.mark.allow_log_warnings  # refusing the stored list is logged as an error
def test_a_tampered_stored_list_is_refused_at_start(tmp_path: Path, demo_keys: DemoKeySet) -> None:
    terminal = make_terminal(tmp_path, demo_keys)
    terminal.install(demo_keys.trust_list(sequence=9, issued_at=NOW))
    with terminal.database.session() as session:
        record = session.get(TrustListRecord, 1)
        assert record is not None
        content = bytearray(record.content)
        content[-2] ^= 0xFF
        record.content = bytes(content)
    terminal.database.close()
    again = make_terminal(tmp_path, demo_keys)
    assert again.trust_store.current() is None
    again.database.close()


def test_a_demo_list_cannot_be_installed_on_a_production_terminal(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    terminal = make_terminal(tmp_path, demo_keys, demo_mode=False)
    with pytest.raises(TrustListError) as caught:
        terminal.install(demo_keys.trust_list(sequence=1, issued_at=NOW))
    assert caught.value.problem is TrustListProblem.DEMO_ON_PRODUCTION
    assert terminal.trust_store.current() is None
    terminal.database.close()


def test_install_from_a_file(tmp_path: Path, demo_keys: DemoKeySet) -> None:
    path = tmp_path / "trust-list.cose"
    path.write_bytes(demo_keys.trust_list(sequence=2, issued_at=NOW))
    terminal = make_terminal(tmp_path, demo_keys)
    assert terminal.trust_store.install_file(path, NOW).trust_list.sequence == 2
    terminal.database.close()


# ---------------------------------------------------------------- hostile lists found in review


@pytest.mark.parametrize(
    "changes",
    [
        {"issued_at": 10**13},
        {"seq": 2**70},
        {"revoked_credentials": [b"short"]},
        {"revoked_kids": [b"x" * 9]},
    ],
)
def test_numbers_and_sizes_are_bounded(demo_keys: DemoKeySet, changes: dict[str, Any]) -> None:
    content = _signed(demo_keys, _document(demo_keys, **changes))
    assert (
        _problem(lambda: parse_trust_list(content, demo_keys.anchor.public_key(), demo_mode=True))
        is TrustListProblem.MALFORMED
    )


def test_an_issuer_with_an_empty_validity_is_malformed(demo_keys: DemoKeySet) -> None:
    entry = dict(
        demo_keys.issuer("sc-eid").entry(),
        valid_until=demo_keys.issuer("sc-eid").entry()["valid_from"],
    )
    content = _signed(demo_keys, _document(demo_keys, issuers=[entry]))
    assert (
        _problem(lambda: parse_trust_list(content, demo_keys.anchor.public_key(), demo_mode=True))
        is TrustListProblem.MALFORMED
    )


def test_an_unsigned_list_with_a_huge_header_costs_nothing(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    # An unprotected header of a million empty arrays: refused from its framing, never decoded.
    hostile = b"\xd2\x84\x40\xa1\x00\x9a\x00\x0f\x42\x40" + b"\x80" * 1_000_000 + b"\x40\x40"
    assert (
        _problem(lambda: parse_trust_list(hostile, demo_keys.anchor.public_key(), demo_mode=True))
        is TrustListProblem.MALFORMED
    )
    path = tmp_path / "big.cose"
    path.write_bytes(b"\0" * (4 * 1024 * 1024 + 1))
    terminal = make_terminal(tmp_path, demo_keys)
    with pytest.raises(TrustListError, match="larger than"):
        terminal.trust_store.install_file(path, NOW)
    terminal.database.close()

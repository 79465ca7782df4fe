"""The verifier end to end: every bad case gets its exact reason, every good code passes, and
nothing random or mutated ever gets through."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import cbor2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.credentials.codec import decode_qr_text, encode_qr_text
from kiosk.credentials.errors import Reason
from kiosk.credentials.model import ElectronicId, ElectronicLicence
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import LICENCE_TYPES, CredentialType
from kiosk.credentials.trustlist import AGEING_GRACE, Freshness
from kiosk.domain.text import Bilingual
from kiosk.runtime.messages import Msg
from refplatform.issuer.issue import BadCase, bad_corpus, issue_eid, issue_licence
from refplatform.issuer.keys import DemoKeySet
from tests.support.credential_fixtures import NOW, Terminal, make_terminal

APPLICATION = Purpose.SERVICE_APPLICATION
LICENCES = list(LICENCE_TYPES)
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture(scope="module")
def corpus(demo_keys: DemoKeySet):  # type: ignore[no-untyped-def]
    return bad_corpus(demo_keys, NOW)


@pytest.fixture(scope="module")
def licence_text(demo_keys: DemoKeySet) -> str:
    """One fixed code for the mutation tests (examples must start from the same text)."""
    return issue_licence(demo_keys, "sc-licence", CredentialType.FOOD_BUSINESS_LICENCE, NOW)


@pytest.fixture(scope="module")
def eid_messages(demo_keys: DemoKeySet) -> dict[str, bytes]:
    return {slug: decode_qr_text(issue_eid(demo_keys, slug, NOW)) for slug in ("sc-eid", "cq-eid")}


@pytest.mark.parametrize("case", list(BadCase), ids=lambda case: case.slug)
def test_every_bad_code_gets_its_exact_reason(
    tmp_path: Path, demo_keys: DemoKeySet, corpus, case: BadCase
) -> None:  # type: ignore[no-untyped-def]
    terminal = make_terminal(tmp_path, demo_keys)
    terminal.install(corpus.trust_list)
    if case is BadCase.REPLAYED:
        assert terminal.verifier.verify(corpus.good_eid, APPLICATION, NOW).valid
    (code,) = [code for code in corpus.codes if code.case is case]
    result = terminal.verifier.verify(code.text, APPLICATION, NOW)
    assert result.reason is case.expected, result.detail
    assert result.credential is None
    assert result.display == ()
    assert result.message is Msg[f"VERIFY_{case.expected.name}"]
    terminal.database.close()


@pytest.mark.parametrize("slug", ["sc-eid", "cq-eid"])
def test_an_eid_from_either_province_is_accepted_once(
    terminal: Terminal, demo_keys: DemoKeySet, slug: str
) -> None:
    text = issue_eid(demo_keys, slug, NOW)
    result = terminal.verifier.verify(text, APPLICATION, NOW + timedelta(minutes=1))
    assert result.valid
    assert isinstance(result.credential, ElectronicId)
    assert result.trust_list_freshness is Freshness.FRESH
    again = terminal.verifier.verify(text, APPLICATION, NOW + timedelta(minutes=2))
    assert again.reason is Reason.REPLAYED
    assert again.used_at == NOW + timedelta(minutes=1)  # "already used at ... at this desk"


@pytest.mark.parametrize("slug", ["sc-licence", "cq-licence"])
@pytest.mark.parametrize("kind", LICENCES, ids=lambda kind: kind.value)
def test_every_licence_type_from_either_province_verifies_and_is_reusable(
    terminal: Terminal, demo_keys: DemoKeySet, slug: str, kind: CredentialType
) -> None:
    text = issue_licence(demo_keys, slug, kind, NOW)
    for _ in range(2):  # long-lived: shown again for another application, still valid
        result = terminal.verifier.verify(text, APPLICATION, NOW)
        assert result.valid, result.detail
        assert isinstance(result.credential, ElectronicLicence)
        assert result.credential.type is kind


def _labels(result) -> list[Msg]:  # type: ignore[no-untyped-def]
    return [field.label for field in result.display]


def test_display_shows_the_least_the_purpose_needs_and_masks_numbers(
    terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    application = terminal.verifier.verify(issue_eid(demo_keys, "sc-eid", NOW), APPLICATION, NOW)
    hotel = terminal.verifier.verify(
        issue_eid(demo_keys, "sc-eid", NOW), Purpose.HOTEL_CHECK_IN, NOW
    )
    assert _labels(application) == [
        Msg.FIELD_CREDENTIAL,
        Msg.FIELD_NAME,
        Msg.FIELD_ID_NUMBER,
        Msg.FIELD_ISSUED_BY,
        Msg.FIELD_VALID_UNTIL,
    ]
    assert _labels(hotel) == [
        Msg.FIELD_CREDENTIAL,
        Msg.FIELD_NAME,
        Msg.FIELD_ID_NUMBER,
        Msg.FIELD_VALID_UNTIL,
    ]
    credential = application.credential
    assert isinstance(credential, ElectronicId)
    shown = {field.label: field.value for field in application.display}
    assert (
        shown[Msg.FIELD_ID_NUMBER]
        == credential.id_number[:4] + "*" * 10 + credential.id_number[-4:]
    )
    assert shown[Msg.FIELD_VALID_UNTIL] == "2026-11-23 18:05"  # Beijing time
    assert isinstance(shown[Msg.FIELD_CREDENTIAL], Bilingual)
    every_value = " ".join(str(field.value) for field in application.display + hotel.display)
    assert credential.id_number not in every_value
    assert credential.birth_date.strftime("%Y%m%d") not in every_value


def test_licence_display_masks_the_credit_code(terminal: Terminal, demo_keys: DemoKeySet) -> None:
    result = terminal.verifier.verify(
        issue_licence(demo_keys, "cq-licence", CredentialType.BUSINESS_LICENCE, NOW),
        APPLICATION,
        NOW,
    )
    shown = {field.label: field.value for field in result.display}
    assert shown[Msg.FIELD_CREDIT_CODE] == "9151**********L80L"  # of 91510100MA6CB0L80L
    assert Msg.FIELD_NUMBER in shown


def test_a_preview_does_not_use_up_the_eid_but_sees_a_replay(
    terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    text = issue_eid(demo_keys, "cq-eid", NOW)
    assert terminal.verifier.verify(text, APPLICATION, NOW, record_use=False).valid
    assert terminal.verifier.verify(text, APPLICATION, NOW).valid
    assert (
        terminal.verifier.verify(text, APPLICATION, NOW, record_use=False).reason is Reason.REPLAYED
    )


def test_freshness_of_the_trust_list(terminal: Terminal, demo_keys: DemoKeySet) -> None:
    licence = issue_licence(demo_keys, "sc-licence", CredentialType.RESIDENCE_PERMIT, NOW)
    trust = terminal.trust_store.current()
    assert trust is not None
    ageing = terminal.verifier.verify(licence, APPLICATION, trust.next_update + timedelta(hours=1))
    assert ageing.valid
    assert ageing.trust_list_freshness is Freshness.AGEING
    stale = terminal.verifier.verify(licence, APPLICATION, trust.next_update + AGEING_GRACE)
    assert stale.reason is Reason.TRUST_LIST_STALE


def test_without_a_trust_list_nothing_verifies_but_garbage_is_still_called_garbage(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    terminal = make_terminal(tmp_path, demo_keys)
    assert (
        terminal.verifier.verify(issue_eid(demo_keys, "sc-eid", NOW), APPLICATION, NOW).reason
        is Reason.TRUST_LIST_STALE
    )
    assert terminal.verifier.verify("hello", APPLICATION, NOW).reason is Reason.MALFORMED
    terminal.database.close()


def test_a_forgery_is_called_a_forgery_even_with_a_stale_list(terminal: Terminal, corpus) -> None:  # type: ignore[no-untyped-def]
    (wrong_key,) = [code for code in corpus.codes if code.case is BadCase.WRONG_KEY]
    trust = terminal.trust_store.current()
    assert trust is not None
    late = trust.next_update + AGEING_GRACE + timedelta(days=1)
    assert (
        terminal.verifier.verify(wrong_key.text, APPLICATION, late).reason is Reason.BAD_SIGNATURE
    )


def test_a_clock_before_the_release_says_so_instead_of_expired(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    terminal = make_terminal(tmp_path, demo_keys, clock_check=lambda now: False)
    terminal.install(demo_keys.trust_list(sequence=1, issued_at=NOW - timedelta(hours=1)))
    text = issue_licence(demo_keys, "sc-licence", CredentialType.BUSINESS_LICENCE, NOW)
    assert terminal.verifier.verify(text, APPLICATION, NOW).reason is Reason.CLOCK_UNTRUSTWORTHY
    terminal.database.close()


def test_a_trust_list_from_the_future_means_the_clock_is_behind(
    terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    text = issue_eid(demo_keys, "sc-eid", NOW - timedelta(hours=3))
    result = terminal.verifier.verify(text, APPLICATION, NOW - timedelta(hours=3))
    assert result.reason is Reason.CLOCK_UNTRUSTWORTHY  # the list was issued an hour before NOW


def test_a_production_terminal_ignores_demo_issuers(tmp_path: Path, demo_keys: DemoKeySet) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec  # noqa: PLC0415

    from kiosk.credentials.cbor_profile import canonical_cbor  # noqa: PLC0415
    from kiosk.credentials.cose import sign1  # noqa: PLC0415
    from kiosk.credentials.replay import ReplayCache  # noqa: PLC0415
    from kiosk.credentials.trust_store import TrustStore  # noqa: PLC0415
    from kiosk.credentials.trustlist import trust_list_document  # noqa: PLC0415
    from kiosk.credentials.verifier import Verifier  # noqa: PLC0415
    from kiosk.store.database import Database  # noqa: PLC0415

    # A real (non-demo) anchor whose list carries the demo issuers, flagged as demo.
    real_anchor = ec.generate_private_key(ec.SECP256R1())
    database = Database.open(tmp_path / "kiosk.sqlite3")
    store = TrustStore(database, real_anchor.public_key(), demo_mode=False)
    verifier = Verifier(store, ReplayCache(database))
    document = trust_list_document(
        sequence=1,
        issued_at=NOW - timedelta(hours=1),
        next_update=NOW + timedelta(days=1),
        issuers=[issuer.entry() for issuer in demo_keys.issuers.values()],
        demo=False,
    )
    store.install(sign1(canonical_cbor(document), real_anchor), NOW)
    text = issue_eid(demo_keys, "sc-eid", NOW)
    assert verifier.verify(text, APPLICATION, NOW).reason is Reason.UNKNOWN_ISSUER
    database.close()


# ------------------------------------------------------------------------------ fuzzing


@FUZZ
@given(
    text=st.text(max_size=600)
    | st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", max_size=600).map(
        lambda t: "CRC1:" + t
    )
)
def test_random_text_is_refused_with_a_reason(terminal: Terminal, text: str) -> None:
    result = terminal.verifier.verify(text, APPLICATION, NOW, record_use=False)
    assert result.reason is not Reason.VALID
    assert result.reason in Reason


# Positions are drawn independently of the length (keys, hence code lengths, differ between
# runs and Hypothesis replays examples from earlier runs) and reduced modulo the length.
ANYWHERE = st.integers(0, 2**31)


def _mutate(text: str, data: st.DataObject) -> str:
    kind = data.draw(st.sampled_from(["replace", "delete", "insert", "truncate", "swap"]))
    position = data.draw(ANYWHERE) % len(text)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:a\n"
    if kind == "replace":
        return text[:position] + data.draw(st.sampled_from(alphabet)) + text[position + 1 :]
    if kind == "delete":
        return text[:position] + text[position + data.draw(st.integers(1, 5)) :]
    if kind == "insert":
        return (
            text[:position]
            + data.draw(st.text(alphabet=alphabet, min_size=1, max_size=5))
            + text[position:]
        )
    if kind == "truncate":
        return text[:position]
    other = data.draw(ANYWHERE) % len(text)
    chars = list(text)
    chars[position], chars[other] = chars[other], chars[position]
    return "".join(chars)


@FUZZ
@given(data=st.data())
def test_a_mutated_code_is_never_accepted_unless_it_means_the_same(
    terminal: Terminal, demo_keys: DemoKeySet, data: st.DataObject
) -> None:
    original = issue_licence(demo_keys, "sc-licence", CredentialType.FOOD_BUSINESS_LICENCE, NOW)
    mutated = _mutate(original, data)
    result = terminal.verifier.verify(mutated, APPLICATION, NOW, record_use=False)
    if result.valid:  # only a change that decodes to the very same signed message may pass
        assert decode_qr_text(mutated) == decode_qr_text(original)


def _signed_parts(message: bytes) -> tuple[bytes, bytes]:
    item = cbor2.loads(message)
    item = item.value if isinstance(item, cbor2.CBORTag) else item
    return bytes(item[0]), bytes(item[2])


@FUZZ
@given(data=st.data())
def test_a_tampered_cose_message_is_never_accepted(
    terminal: Terminal, demo_keys: DemoKeySet, data: st.DataObject
) -> None:
    slug = data.draw(st.sampled_from(["sc-eid", "cq-eid"]))
    message = decode_qr_text(issue_eid(demo_keys, slug, NOW))
    tampered = bytearray(message)
    for _ in range(data.draw(st.integers(1, 3))):
        position = data.draw(ANYWHERE) % len(tampered)
        tampered[position] ^= data.draw(st.integers(1, 255))
    result = terminal.verifier.verify(
        encode_qr_text(bytes(tampered)), APPLICATION, NOW, record_use=False
    )
    if result.valid:  # e.g. an unprotected-header change: what was signed must be untouched
        assert _signed_parts(bytes(tampered)) == _signed_parts(message)


def test_a_naive_time_is_the_callers_bug(terminal: Terminal) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        terminal.verifier.verify("CRC1:", APPLICATION, NOW.replace(tzinfo=None))


def test_an_unreadable_database_means_codes_cannot_be_checked(
    terminal: Terminal, demo_keys: DemoKeySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.store.database import StoreError  # noqa: PLC0415

    def broken() -> None:
        raise StoreError("disk gone")

    monkeypatch.setattr(terminal.trust_store, "current", broken)
    # The terminal's failure, not the code's: no verdict (issue 14: it was TRUST_LIST_STALE).
    with pytest.raises(StoreError, match="disk gone"):
        terminal.verifier.verify(issue_eid(demo_keys, "sc-eid", NOW), APPLICATION, NOW)

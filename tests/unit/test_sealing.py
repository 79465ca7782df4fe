"""Sealed queue records: only the platform's key opens them, bound to their record (kind,
terminal, local reference, idempotency key); local summaries are bound to their record; malformed
keys and ciphertexts are refused with SealingError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync.sealing import (
    LocalKey,
    SealContext,
    SealingError,
    SealingPrivateKey,
    SealingPublicKey,
    seal,
    seal_legacy,
)

PLATFORM = SealingPrivateKey.generate()
A = SealContext("application", "CQ-YB-0001", "CQ-YB-0001-20261123-000001", "a" * 32)


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(["application", "checkin"]))
def test_what_is_sealed_opens_with_the_platform_key_only(plaintext: bytes, kind: str) -> None:
    context = SealContext(kind, A.terminal_id, A.local_reference, A.idempotency_key)
    sealed = seal(plaintext, PLATFORM.public(), context)
    if len(plaintext) >= 16:  # a short string can occur in random bytes by chance
        assert plaintext not in sealed
    assert PLATFORM.open(sealed, context) == plaintext
    with pytest.raises(SealingError):
        SealingPrivateKey.generate().open(sealed, context)


def test_a_sealed_checkin_does_not_open_as_an_application() -> None:
    sealed = seal(b"guest", PLATFORM.public(), SealContext("checkin", "CQ-YB-0001", "r", "k"))
    with pytest.raises(SealingError):
        PLATFORM.open(sealed, SealContext("application", "CQ-YB-0001", "r", "k"))


@pytest.mark.parametrize(
    "other",
    [
        SealContext("application", "CQ-YB-0002", A.local_reference, A.idempotency_key),
        SealContext("application", A.terminal_id, "CQ-YB-0001-20261123-000002", A.idempotency_key),
        SealContext("application", A.terminal_id, A.local_reference, "b" * 32),
        SealContext("checkin", A.terminal_id, A.local_reference, A.idempotency_key),
        # Field boundaries are unambiguous: moving text between fields is another context.
        SealContext("application", "CQ-YB-0001-20261123", "000001", A.idempotency_key),
    ],
    ids=["other terminal", "other reference", "other key", "other kind", "shifted fields"],
)
def test_a_payload_opens_for_its_own_record_only(other: SealContext) -> None:
    sealed = seal(b"applicant data", PLATFORM.public(), A)
    assert PLATFORM.open(sealed, A) == b"applicant data"
    with pytest.raises(SealingError):
        PLATFORM.open(sealed, other)
    with pytest.raises(SealingError):  # nor as a version 1 payload of its kind
        PLATFORM.open_legacy(sealed, "application")


def test_the_context_is_versioned_and_unambiguous() -> None:
    assert A.info() == (
        b'crossregion-kiosk sealed v2 ["application","CQ-YB-0001",'
        b'"CQ-YB-0001-20261123-000001","' + b"a" * 32 + b'"]'
    )


def test_a_version_1_payload_opens_only_as_version_1() -> None:
    sealed = seal_legacy(b"queued before the upgrade", PLATFORM.public(), "application")
    assert PLATFORM.open_legacy(sealed, "application") == b"queued before the upgrade"
    with pytest.raises(SealingError):
        PLATFORM.open(sealed, A)
    with pytest.raises(SealingError):
        PLATFORM.open_legacy(sealed, "checkin")


def test_a_key_id_names_the_public_key() -> None:
    public = PLATFORM.public()
    assert len(public.key_id) == 16
    assert public.key_id == SealingPublicKey.from_document(public.document).key_id
    assert public.key_id != SealingPrivateKey.generate().public().key_id


def test_sealing_twice_gives_different_bytes() -> None:
    public = PLATFORM.public()
    assert seal(b"x", public, A) != seal(b"x", public, A)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_is_refused(position: int, flip: int) -> None:
    sealed = bytearray(seal(b"applicant data", PLATFORM.public(), A))
    sealed[position % len(sealed)] ^= flip
    with pytest.raises(SealingError):
        PLATFORM.open(bytes(sealed), A)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_never_open(data: bytes) -> None:
    with pytest.raises(SealingError):
        PLATFORM.open(data, A)


def test_the_private_key_round_trips_through_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "platform.key"
    PLATFORM.save(path)
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = SealingPrivateKey.load(path)
    assert loaded.open(seal(b"a", PLATFORM.public(), A), A) == b"a"


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(),
        st.dictionaries(st.sampled_from(["suite", "mlkem768", "x25519"]), st.text(max_size=40)),
        st.dictionaries(st.text(max_size=10), st.one_of(st.text(), st.integers())),
    )
)
def test_a_malformed_public_key_document_is_refused(document: object) -> None:
    with pytest.raises(SealingError):
        SealingPublicKey.from_document(document)


def test_the_public_key_document_round_trips() -> None:
    document = PLATFORM.public().document
    again = SealingPublicKey.from_document(dict(document))
    assert PLATFORM.open(seal(b"b", again, A), A) == b"b"


def test_local_summaries_are_bound_to_their_record(tmp_path: Path) -> None:
    key = LocalKey.load_or_create(tmp_path / "queue.key")
    assert (tmp_path / "queue.key").stat().st_mode & 0o777 == 0o600
    ciphertext = key.encrypt(b"summary", b"record-1")
    assert key.decrypt(ciphertext, b"record-1") == b"summary"
    with pytest.raises(SealingError):
        key.decrypt(ciphertext, b"record-2")
    with pytest.raises(SealingError):
        LocalKey.load_or_create(tmp_path / "other.key").decrypt(ciphertext, b"record-1")
    # The same file gives the same key after a restart.
    assert LocalKey.load_or_create(tmp_path / "queue.key").decrypt(ciphertext, b"record-1")

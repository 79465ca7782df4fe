"""Sealed queue records: only the platform's key opens them, bound to their kind; local summaries
are bound to their record; malformed keys and ciphertexts are refused with SealingError."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync.sealing import (
    LocalKey,
    SealingError,
    SealingPrivateKey,
    SealingPublicKey,
    seal,
)

PLATFORM = SealingPrivateKey.generate()


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=4096), st.sampled_from(["application", "checkin"]))
def test_what_is_sealed_opens_with_the_platform_key_only(plaintext: bytes, kind: str) -> None:
    sealed = seal(plaintext, PLATFORM.public(), kind)
    if len(plaintext) >= 16:  # a short string can occur in random bytes by chance
        assert plaintext not in sealed
    assert PLATFORM.open(sealed, kind) == plaintext
    with pytest.raises(SealingError):
        SealingPrivateKey.generate().open(sealed, kind)


def test_a_sealed_checkin_does_not_open_as_an_application() -> None:
    sealed = seal(b"guest", PLATFORM.public(), "checkin")
    with pytest.raises(SealingError):
        PLATFORM.open(sealed, "application")


def test_sealing_twice_gives_different_bytes() -> None:
    public = PLATFORM.public()
    assert seal(b"x", public, "application") != seal(b"x", public, "application")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_any_flipped_byte_is_refused(position: int, flip: int) -> None:
    sealed = bytearray(seal(b"applicant data", PLATFORM.public(), "application"))
    sealed[position % len(sealed)] ^= flip
    with pytest.raises(SealingError):
        PLATFORM.open(bytes(sealed), "application")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_never_open(data: bytes) -> None:
    with pytest.raises(SealingError):
        PLATFORM.open(data, "application")


def test_the_private_key_round_trips_through_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "platform.key"
    PLATFORM.save(path)
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = SealingPrivateKey.load(path)
    assert loaded.open(seal(b"a", PLATFORM.public(), "application"), "application") == b"a"


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
    assert PLATFORM.open(seal(b"b", again, "checkin"), "checkin") == b"b"


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

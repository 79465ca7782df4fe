"""Interoperability with pycose, an independent COSE implementation: its messages verify here,
ours verify there."""

from __future__ import annotations

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from pycose.algorithms import EdDSA, Es256, Es384
from pycose.headers import KID, Algorithm
from pycose.keys import CoseKey, EC2Key, OKPKey
from pycose.messages import Sign1Message

from kiosk.credentials.cose import key_id, sign1, verify_sign1

CASES = [
    (ec.generate_private_key(ec.SECP256R1()), EC2Key, Es256),
    (ec.generate_private_key(ec.SECP384R1()), EC2Key, Es384),
    (ed25519.Ed25519PrivateKey.generate(), OKPKey, EdDSA),
]


def _pem(key: PrivateKeyTypes) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def _public_pem(key: PrivateKeyTypes) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


@pytest.mark.parametrize(("key", "cose_key", "algorithm"), CASES, ids=["ES256", "ES384", "EdDSA"])
@pytest.mark.parametrize("kid_protected", [True, False])
def test_a_pycose_message_verifies_here(
    key: PrivateKeyTypes, cose_key: type[CoseKey], algorithm: type, kid_protected: bool
) -> None:
    kid = key_id(key.public_key())
    headers = (
        ({Algorithm: algorithm, KID: kid}, {})
        if kid_protected
        else ({Algorithm: algorithm}, {KID: kid})
    )
    message = Sign1Message(phdr=headers[0], uhdr=headers[1], payload=b"claims from elsewhere")
    message.key = cose_key.from_pem_private_key(_pem(key))  # type: ignore[attr-defined]
    encoded = message.encode()
    assert (
        verify_sign1(encoded, lambda k: key.public_key() if k == kid else None)
        == b"claims from elsewhere"
    )


@pytest.mark.parametrize(("key", "cose_key", "algorithm"), CASES, ids=["ES256", "ES384", "EdDSA"])
def test_our_message_verifies_in_pycose(
    key: PrivateKeyTypes, cose_key: type[CoseKey], algorithm: type
) -> None:
    # pycose 1.1's decode() needs a list, but cbor2 6 gives tuples inside tags (it cannot decode
    # its own messages either), so hand it the decoded array.
    tag = cbor2.loads(sign1(b"our claims", key))
    protected, unprotected, payload, signature = tag.value
    decoded = Sign1Message.from_cose_obj([protected, dict(unprotected), payload, signature], True)
    decoded.key = cose_key.from_pem_public_key(_public_pem(key))  # type: ignore[attr-defined]
    assert decoded.verify_signature()
    assert decoded.payload == b"our claims"
    assert decoded.phdr[Algorithm] is algorithm

"""The one published demo trust anchor: demo is a property of the key, not of a flag.

Every demo key set (``refplatform issuer init-demo``, ``kiosk demo``) signs its trust lists with
this anchor, whose private key is public knowledge on purpose: it is an ECDSA P-256 key whose
private scalar is ``int(SHA-256(DEMO_ANCHOR_SEED)) mod (n - 1) + 1`` (``n`` the order of the
curve; ``refplatform.issuer.keys.demo_anchor_private_key``). Anyone can therefore sign anything
with it, and a terminal not in demo mode trusts nothing it signs, whatever the signed list
says of itself (``"demo": false`` included): configuration validation refuses to pin it outside
demo mode, ``parse_trust_list`` refuses a list it signed, ``kiosk trust-list load`` and
``kiosk doctor`` say so.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

DEMO_ANCHOR_SEED = (
    b"CRC1 published DEMO trust anchor - public knowledge, nothing it signs is ever trusted"
)
DEMO_ANCHOR_PUBLIC_PEM = """-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEIc956oe2FEPrvCw8dQg+4pAWqaIQ
ets3i2kGVFg26YBGrNJYPI4BWC8i0rKaigNIkfufL/iTo8+LVuxu8IzCvw==
-----END PUBLIC KEY-----
"""
_DEMO_ANCHOR_DER = serialization.load_pem_public_key(
    DEMO_ANCHOR_PUBLIC_PEM.encode("ascii")
).public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
DEMO_ANCHOR_MESSAGE = (
    "the trust anchor is the published DEMO anchor (its private key is public knowledge): "
    "a terminal not in demo mode must pin the platform's real trust anchor"
)


def is_demo_anchor(key: PublicKeyTypes) -> bool:
    """Whether ``key`` is the published demo trust anchor."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return der == _DEMO_ANCHOR_DER

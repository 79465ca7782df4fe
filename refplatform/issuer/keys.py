"""Demo keys: a trust anchor and one issuer per algorithm, for Sichuan and Chongqing.

Everything here is a DEMO key set: every file name starts with ``DEMO-``, every issuer and the
trust lists signed with it carry ``"demo": true``, and a terminal not in demo mode refuses them.
Private keys are written with mode 0600.

The trust anchor of every demo key set is the one *published* demo anchor
(``kiosk.config.demo_anchor``): its private key is derived from a published seed, so it is public
knowledge and recognisable by the key itself. A terminal not in demo mode refuses it whatever a
list signed with it says; holding a demo key folder therefore gives no power over any real
terminal. (Key sets made before this rule had a random anchor; loading one replaces it.)

    sc-eid      Sichuan e-ID issuer            ES256   e-ID, overseas electronic resident card
    cq-eid      Chongqing e-ID issuer          EdDSA   e-ID, overseas electronic resident card
    sc-licence  Sichuan e-licence issuer       ES384   the four e-licence types
    cq-licence  Chongqing e-licence issuer     PS256   the four e-licence types
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from kiosk.config.demo_anchor import DEMO_ANCHOR_SEED
from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.cose import key_id, sign1
from kiosk.credentials.registry import LICENCE_TYPES, CredentialType, Region
from kiosk.credentials.trustlist import trust_list_document
from kiosk.domain.text import Bilingual
from kiosk.runtime.private_files import read_private, write_private


@dataclass(frozen=True)
class IssuerProfile:
    slug: str
    name: Bilingual
    region: Region
    types: tuple[CredentialType, ...]
    algorithm: str


DEMO_PROFILES = (
    IssuerProfile(
        "sc-eid",
        Bilingual("四川省电子身份证签发机构（演示）", "Sichuan e-ID issuer (DEMO)"),
        Region.SICHUAN,
        (CredentialType.EID, CredentialType.E_RESIDENT),
        "ES256",
    ),
    IssuerProfile(
        "cq-eid",
        Bilingual("重庆市电子身份证签发机构（演示）", "Chongqing e-ID issuer (DEMO)"),
        Region.CHONGQING,
        (CredentialType.EID, CredentialType.E_RESIDENT),
        "EdDSA",
    ),
    IssuerProfile(
        "sc-licence",
        Bilingual("四川省电子证照签发中心（演示）", "Sichuan e-licence issuer (DEMO)"),
        Region.SICHUAN,
        LICENCE_TYPES,
        "ES384",
    ),
    IssuerProfile(
        "cq-licence",
        Bilingual("重庆市电子证照签发中心（演示）", "Chongqing e-licence issuer (DEMO)"),
        Region.CHONGQING,
        LICENCE_TYPES,
        "PS256",
    ),
)
ANCHOR_FILE = "DEMO-trust-anchor.key.pem"
ANCHOR_PUBLIC_FILE = "DEMO-trust-anchor.pub.pem"
PROFILES_FILE = "DEMO-issuers.json"
README = (
    "DEMO KEYS - for demonstrations and tests only.\n"
    "Anything signed with them is fake. A kiosk not in demo mode refuses them.\n"
)


def generate_private_key(algorithm: str) -> PrivateKeyTypes:
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "ES384":
        return ec.generate_private_key(ec.SECP384R1())
    if algorithm == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    if algorithm == "PS256":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    raise ValueError(f"unknown algorithm {algorithm}")


def demo_anchor_private_key() -> ec.EllipticCurvePrivateKey:
    """The published demo trust anchor (ECDSA P-256): private scalar
    ``int(SHA-256(DEMO_ANCHOR_SEED)) mod (n - 1) + 1``. Public knowledge, on purpose."""
    order = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551  # P-256's n
    scalar = int.from_bytes(hashlib.sha256(DEMO_ANCHOR_SEED).digest(), "big") % (order - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def _write_anchor(folder: Path) -> ec.EllipticCurvePrivateKey:
    """The published demo anchor, with its files in ``folder`` (rewritten if they differ)."""
    anchor = demo_anchor_private_key()
    public = public_pem(anchor)
    public_path = folder / ANCHOR_PUBLIC_FILE
    if not public_path.exists() or public_path.read_text(encoding="ascii") != public:
        _write_private(folder / ANCHOR_FILE, anchor)
        public_path.write_text(public, encoding="ascii")
    return anchor


def _write_private(path: Path, key: PrivateKeyTypes) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_private(path, pem)


def public_pem(key: PrivateKeyTypes) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def _load_private(path: Path) -> PrivateKeyTypes:
    return serialization.load_pem_private_key(read_private(path), password=None)


@dataclass(frozen=True)
class DemoIssuer:
    profile: IssuerProfile
    private_key: PrivateKeyTypes
    valid_from: datetime
    valid_until: datetime

    @property
    def kid(self) -> bytes:
        return key_id(self.private_key.public_key())

    def entry(self) -> dict[str, Any]:
        """This issuer as a trust-list entry."""
        der = self.private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return {
            "kid": self.kid,
            "key": der,
            "name": {"zh": self.profile.name.zh, "en": self.profile.name.en},
            "region": self.profile.region.value,
            "types": [t.value for t in self.profile.types],
            "valid_from": int(self.valid_from.timestamp()),
            "valid_until": int(self.valid_until.timestamp()),
            "demo": True,
        }


@dataclass(frozen=True)
class DemoKeySet:
    """The anchor and the issuers of a demo folder."""

    folder: Path
    anchor: PrivateKeyTypes  # always the published demo anchor
    issuers: dict[str, DemoIssuer]

    @property
    def anchor_public_pem(self) -> str:
        return public_pem(self.anchor)

    def issuer(self, slug: str) -> DemoIssuer:
        try:
            return self.issuers[slug]
        except KeyError:
            raise ValueError(f"no demo issuer {slug!r}; known: {', '.join(self.issuers)}") from None

    def trust_list(
        self,
        *,
        sequence: int,
        issued_at: datetime,
        valid_for: timedelta = timedelta(days=7),
        revoked_kids: list[bytes] | None = None,
        revoked_credentials: list[bytes] | None = None,
        extra_issuers: list[dict[str, Any]] | None = None,
    ) -> bytes:
        """A trust list of these issuers, signed by the demo anchor."""
        document = trust_list_document(
            sequence=sequence,
            issued_at=issued_at,
            next_update=issued_at + valid_for,
            issuers=[issuer.entry() for issuer in self.issuers.values()] + (extra_issuers or []),
            demo=True,
            revoked_kids=revoked_kids,
            revoked_credentials=revoked_credentials,
        )
        return sign1(canonical_cbor(document), self.anchor)


def create_demo_keys(folder: Path, now: datetime) -> DemoKeySet:
    """Generate a new demo key set in ``folder`` (created; existing demo files are replaced)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "DEMO-README.txt").write_text(README, encoding="utf-8")
    anchor = _write_anchor(folder)
    # Backdated, so that demo licences can have been issued in the past.
    valid_from = now - timedelta(days=2 * 365)
    valid_until = now + timedelta(days=3 * 365)
    issuers: dict[str, DemoIssuer] = {}
    records = []
    for profile in DEMO_PROFILES:
        key = generate_private_key(profile.algorithm)
        _write_private(folder / f"DEMO-{profile.slug}.key.pem", key)
        issuers[profile.slug] = DemoIssuer(profile, key, valid_from, valid_until)
        records.append({"slug": profile.slug, "kid": key_id(key.public_key()).hex()})
    (folder / PROFILES_FILE).write_text(
        json.dumps(
            {
                "demo": True,
                "valid_from": int(valid_from.timestamp()),
                "valid_until": int(valid_until.timestamp()),
                "issuers": records,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return DemoKeySet(folder, anchor, issuers)


def load_demo_keys(folder: Path) -> DemoKeySet:
    """Load a demo key set written by ``create_demo_keys``."""
    meta = json.loads((folder / PROFILES_FILE).read_text(encoding="utf-8"))
    if meta.get("demo") is not True:
        raise ValueError(f"{folder} is not a demo key folder")
    profiles = {profile.slug: profile for profile in DEMO_PROFILES}
    valid_from = datetime.fromtimestamp(meta["valid_from"]).astimezone()
    valid_until = datetime.fromtimestamp(meta["valid_until"]).astimezone()
    issuers = {
        record["slug"]: DemoIssuer(
            profiles[record["slug"]],
            _load_private(folder / f"DEMO-{record['slug']}.key.pem"),
            valid_from,
            valid_until,
        )
        for record in meta["issuers"]
    }
    return DemoKeySet(folder, _write_anchor(folder), issuers)

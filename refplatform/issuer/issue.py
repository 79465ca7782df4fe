"""Issue demo credentials as QR text, and every kind of bad code on request.

``bad_corpus`` builds one code per bad case with the reason a terminal must give for it, and a
trust list (with the needed revocations) to verify them against: the test corpus of the
credential verifier, and a technician's way to check a terminal's refusals.
"""

from __future__ import annotations

import enum
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import base45
import cbor2

from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.codec import PREFIX, SCHEME, encode_qr_text
from kiosk.credentials.cose import key_id, sign1
from kiosk.credentials.cwt import claims_map
from kiosk.credentials.errors import Reason
from kiosk.credentials.registry import REGISTRY, CredentialType, HolderKind, Region
from kiosk.credentials.trustlist import revocation_hash
from refplatform.issuer.keys import DemoIssuer, DemoKeySet, generate_private_key

EID_MINUTES = 5

# Demo people and companies: well-formed numbers, clearly fictitious names.
DEMO_PEOPLE = {
    Region.SICHUAN: ("李小川（演示）", "510104", "19850615", "123"),
    Region.CHONGQING: ("王小渝（演示）", "500112", "19920304", "246"),
}
DEMO_COMPANY = ("川渝演示科技有限公司（演示）", "91510100MA6CB0L80L")
# Demo overseas electronic residents: name, nationality, document, number, birth date.
DEMO_RESIDENTS = {
    Region.SICHUAN: ("Anna Demo MÜLLER", "DEU", "passport", "C01X00T47", "1990-07-14"),
    Region.CHONGQING: ("John Demo SMITH", "GBR", "permit", "GBR500288092101", "1988-09-21"),
}


def resident_id(region_code: str, birth: str, sequence: str) -> str:
    """A well-formed resident identity number (ISO 7064 MOD 11-2 check character)."""
    body = region_code + birth + sequence
    total = sum(int(d) * pow(2, 17 - i, 11) for i, d in enumerate(body))
    return body + "10X98765432"[total % 11]


def new_credential_id() -> bytes:
    return os.urandom(16)


def eid_document(
    region: Region, *, name: str | None = None, id_number: str | None = None
) -> dict[str, Any]:
    """The credential claim of an e-ID for the demo person of ``region`` (or the one given)."""
    demo_name, code, birth, sequence = DEMO_PEOPLE[region]
    number = id_number or resident_id(code, birth, sequence)
    return {
        "v": 1,
        "type": CredentialType.EID.value,
        "region": region.value,
        "holder": {
            "name": name or demo_name,
            "id": number,
            "birth": f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
            "sex": "M" if int(number[16]) % 2 else "F",
        },
    }


def e_resident_document(
    region: Region,
    *,
    name: str | None = None,
    nationality: str | None = None,
    document: str | None = None,
    number: str | None = None,
    birth: str | None = None,
) -> dict[str, Any]:
    """The credential claim of an overseas electronic resident card for the demo resident of
    ``region`` (or the one given)."""
    demo_name, demo_nationality, demo_document, demo_number, demo_birth = DEMO_RESIDENTS[region]
    return {
        "v": 1,
        "type": CredentialType.E_RESIDENT.value,
        "region": region.value,
        "holder": {
            "name": name or demo_name,
            "nationality": nationality or demo_nationality,
            "doc": document or demo_document,
            "number": number or demo_number,
            "birth": birth or demo_birth,
        },
    }


_DEMO_FIELDS: dict[CredentialType, dict[str, str]] = {
    CredentialType.RESIDENCE_PERMIT: {
        "residence": "重庆市渝北区演示路1号",
        "authority": "重庆市公安局渝北区分局（演示）",
    },
    CredentialType.REAL_ESTATE_CERTIFICATE: {
        "location": "成都市锦江区演示街2号3栋4单元501",
        "right_type": "国有建设用地使用权/房屋所有权",
        "usage": "住宅",
        "area_m2": "89.5",
    },
    CredentialType.FOOD_BUSINESS_LICENCE: {
        "premises": "重庆市渝北区演示大道8号",
        "main_business": "餐饮服务经营者",
        "scope": "热食类食品制售",
    },
    CredentialType.BUSINESS_LICENCE: {
        "company_type": "有限责任公司",
        "legal_representative": "李小川（演示）",  # the Sichuan demo e-ID holder
        "registered_capital": "100万元人民币",
        "established": "2021-05-18",
        "address": "成都市高新区演示路88号",
    },
}


def licence_document(
    kind: CredentialType, region: Region, *, number: str | None = None
) -> dict[str, Any]:
    """The credential claim of a demo e-licence of ``kind``."""
    info = REGISTRY[kind]
    if HolderKind.ORGANISATION in info.holders:
        holder: dict[str, str] = {"kind": "org", "name": DEMO_COMPANY[0], "uscc": DEMO_COMPANY[1]}
    else:
        name, code, birth, sequence = DEMO_PEOPLE[region]
        holder = {"kind": "person", "name": name, "id": resident_id(code, birth, sequence)}
    return {
        "v": 1,
        "type": kind.value,
        "region": region.value,
        "number": number or f"DEMO-{region.value}-{kind.value[:4].upper()}-000001",
        "holder": holder,
        "fields": dict(_DEMO_FIELDS[kind]),
    }


def sign_credential(
    issuer: DemoIssuer,
    document: Mapping[str, Any],
    *,
    issued_at: datetime,
    valid_for: timedelta | None,
    not_before: datetime | None = None,
    credential_id: bytes | None = None,
    signing_key: Any = None,
) -> bytes:
    """The COSE_Sign1 bytes of a credential.

    ``signing_key`` replaces the issuer's key while keeping its kid (for bad cases).
    """
    claims = claims_map(
        issuer=issuer.profile.slug,
        issued_at=issued_at,
        not_before=not_before or issued_at,
        expires_at=issued_at + valid_for if valid_for else None,
        credential_id=credential_id or new_credential_id(),
        credential=document,
    )
    key = signing_key or issuer.private_key
    return sign1(canonical_cbor(claims), key, kid=issuer.kid)


def issue_eid(keys: DemoKeySet, slug: str, now: datetime, **person: str) -> str:
    issuer = keys.issuer(slug)
    document = eid_document(issuer.profile.region, **person)
    return encode_qr_text(
        sign_credential(issuer, document, issued_at=now, valid_for=timedelta(minutes=EID_MINUTES))
    )


def issue_e_resident(keys: DemoKeySet, slug: str, now: datetime, **person: str) -> str:
    """A dynamic overseas electronic resident card code (valid ``EID_MINUTES``), like an e-ID."""
    issuer = keys.issuer(slug)
    document = e_resident_document(issuer.profile.region, **person)
    return encode_qr_text(
        sign_credential(issuer, document, issued_at=now, valid_for=timedelta(minutes=EID_MINUTES))
    )


def issue_licence(keys: DemoKeySet, slug: str, kind: CredentialType, now: datetime) -> str:
    issuer = keys.issuer(slug)
    document = licence_document(kind, issuer.profile.region)
    return encode_qr_text(
        sign_credential(
            issuer, document, issued_at=now - timedelta(days=30), valid_for=timedelta(days=5 * 365)
        )
    )


class BadCase(enum.Enum):
    """Every way a code must be refused, with the reason a terminal must give."""

    EXPIRED = ("expired", Reason.EXPIRED)
    NOT_YET_VALID = ("not-yet-valid", Reason.NOT_YET_VALID)
    WRONG_KEY = ("wrong-key", Reason.BAD_SIGNATURE)
    UNKNOWN_ISSUER = ("unknown-issuer", Reason.UNKNOWN_ISSUER)
    ISSUER_NOT_ALLOWED = ("issuer-not-allowed", Reason.ISSUER_NOT_ALLOWED)
    WRONG_REGION = ("wrong-region", Reason.ISSUER_NOT_ALLOWED)
    REVOKED = ("revoked", Reason.REVOKED)
    REVOKED_KEY = ("revoked-key", Reason.REVOKED)
    FLIPPED_BYTE = ("flipped-byte", Reason.BAD_SIGNATURE)
    FLIPPED_CHARACTER = ("flipped-character", Reason.MALFORMED)
    TRUNCATED = ("truncated", Reason.MALFORMED)
    WRONG_PREFIX = ("wrong-prefix", Reason.MALFORMED)
    UNSUPPORTED_VERSION = ("unsupported-version", Reason.UNSUPPORTED_VERSION)
    OVERSIZED = ("oversized", Reason.MALFORMED)
    DECOMPRESSION_BOMB = ("decompression-bomb", Reason.MALFORMED)
    NOT_COSE = ("not-cose", Reason.MALFORMED)
    BAD_CLAIMS = ("bad-claims", Reason.MALFORMED)
    EID_WINDOW_TOO_LONG = ("eid-window-too-long", Reason.MALFORMED)
    EID_FROM_THE_FUTURE = ("eid-from-the-future", Reason.CLOCK_UNTRUSTWORTHY)
    REPLAYED = ("replayed", Reason.REPLAYED)

    @property
    def slug(self) -> str:
        return self.value[0]

    @property
    def expected(self) -> Reason:
        return self.value[1]


@dataclass(frozen=True)
class BadCode:
    case: BadCase
    text: str


@dataclass(frozen=True)
class BadCorpus:
    """Bad codes and the trust list to check them against (it revokes what needs revoking)."""

    codes: list[BadCode]
    trust_list: bytes
    good_eid: str  # a valid e-ID, used once before REPLAYED is tried


def _text(message: bytes) -> str:
    return encode_qr_text(message)


def bad_corpus(keys: DemoKeySet, now: datetime) -> BadCorpus:
    """One code for every bad case, as of ``now``."""
    eid_issuer = keys.issuer("sc-eid")
    licence_issuer = keys.issuer("cq-licence")
    eid = eid_document(eid_issuer.profile.region)
    licence = licence_document(CredentialType.BUSINESS_LICENCE, licence_issuer.profile.region)
    rogue = generate_private_key("ES256")
    five = timedelta(minutes=EID_MINUTES)

    def eid_code(
        *,
        document: Mapping[str, Any] = eid,
        issued_at: datetime = now,
        valid_for: timedelta = five,
        **options: Any,
    ) -> bytes:
        return sign_credential(
            eid_issuer, document, issued_at=issued_at, valid_for=valid_for, **options
        )

    revoked_id = new_credential_id()
    revoked_key = generate_private_key("EdDSA")
    revoked_issuer = DemoIssuer(
        eid_issuer.profile, revoked_key, eid_issuer.valid_from, eid_issuer.valid_until
    )
    good = eid_code()
    flipped = bytearray(good)
    flipped[-5] ^= 0x01  # inside the signature
    text = _text(good)
    flipped_character = text[:-3] + ("0" if text[-3] != "0" else "1") + text[-2:]
    # 1 MiB of zeros deflates to about 1 KB: a short code that inflates 64 times past the limit.
    bomb = base45.b45encode(zlib.compress(b"\0" * (1024 * 1024), 9)).decode("ascii")
    wrong_region = dict(eid, region=Region.CHONGQING.value)
    bad_claims = dict(eid, holder=dict(eid["holder"], id="123"))

    codes = {
        BadCase.EXPIRED: eid_code(issued_at=now - timedelta(hours=1)),
        BadCase.NOT_YET_VALID: sign_credential(
            licence_issuer,
            licence,
            issued_at=now - timedelta(days=1),
            not_before=now + timedelta(days=30),
            valid_for=timedelta(days=400),
        ),
        BadCase.WRONG_KEY: eid_code(signing_key=rogue),
        BadCase.UNKNOWN_ISSUER: sign1(_payload(eid_code()), rogue),
        BadCase.ISSUER_NOT_ALLOWED: sign_credential(  # an e-ID issuer signing a licence
            eid_issuer,
            dict(licence, region=Region.SICHUAN.value),
            issued_at=now,
            valid_for=timedelta(days=30),
        ),
        BadCase.WRONG_REGION: eid_code(document=wrong_region),
        BadCase.REVOKED: eid_code(credential_id=revoked_id),
        BadCase.REVOKED_KEY: sign_credential(revoked_issuer, eid, issued_at=now, valid_for=five),
        BadCase.FLIPPED_BYTE: bytes(flipped),
        BadCase.NOT_COSE: canonical_cbor({"not": "cose"}),
        BadCase.BAD_CLAIMS: eid_code(document=bad_claims),
        BadCase.EID_WINDOW_TOO_LONG: eid_code(valid_for=timedelta(days=1)),
        BadCase.EID_FROM_THE_FUTURE: eid_code(issued_at=now + timedelta(days=2)),
    }
    texts = {case: _text(message) for case, message in codes.items()}
    texts |= {
        BadCase.FLIPPED_CHARACTER: flipped_character,
        BadCase.TRUNCATED: text[: len(text) * 2 // 3],
        BadCase.WRONG_PREFIX: "HC1:" + text[len(PREFIX) :],
        BadCase.UNSUPPORTED_VERSION: f"{SCHEME}9:" + text[len(PREFIX) :],
        BadCase.OVERSIZED: PREFIX + "0" * 4400,
        BadCase.DECOMPRESSION_BOMB: PREFIX + bomb,
        BadCase.REPLAYED: text,
    }
    revoked_issuer_entry = revoked_issuer.entry()
    trust_list = keys.trust_list(
        sequence=1,
        issued_at=now - timedelta(hours=1),
        revoked_kids=[key_id(revoked_key.public_key())],
        revoked_credentials=[revocation_hash(revoked_id)],
        extra_issuers=[revoked_issuer_entry],
    )
    return BadCorpus([BadCode(case, texts[case]) for case in BadCase], trust_list, good_eid=text)


def _payload(message: bytes) -> bytes:
    """The payload of a COSE_Sign1 message we made (to re-sign it with another key)."""
    return bytes(cbor2.loads(message).value[2])

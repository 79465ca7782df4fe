"""The trust list: which issuer keys the terminal trusts, for which credentials, until when.

A COSE_Sign1 message signed by the trust anchor (its public key is pinned in the terminal's
configuration) over a CBOR map (format §7):

    {"v": 1, "seq": uint, "issued_at": NumericDate, "next_update": NumericDate, "demo": bool,
     "issuers": [{"kid": bstr, "key": bstr (DER SubjectPublicKeyInfo),
                  "name": {"zh": tstr, "en": tstr}, "region": "SC"|"CQ",
                  "types": [tstr, …], "valid_from": NumericDate, "valid_until": NumericDate,
                  "demo": bool}, …],
     "revoked_kids": [bstr, …],
     "revoked_credentials": [bstr(16), …]}     # SHA-256(cti)[:16]

A list signed by the published demo anchor (``kiosk.config.demo_anchor``) is a demo list
whatever its ``demo`` flag says, and is refused outright outside demo mode.

Freshness is graded from ``next_update``: *fresh* before it, *ageing* for ``AGEING_GRACE`` after
it (verification goes on, technicians are warned), *stale* after that (nothing verifies:
revocations may have been missed).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.serialization import load_der_public_key
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kiosk.config.demo_anchor import DEMO_ANCHOR_MESSAGE, is_demo_anchor
from kiosk.credentials.cbor_profile import loads_strict
from kiosk.credentials.cose import algorithm_for, key_id, open_sign1
from kiosk.credentials.cwt import plain
from kiosk.credentials.errors import CredentialError, Reason
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.text import Bilingual, ParsedAs

TRUST_LIST_VERSION = 1
AGEING_GRACE = timedelta(hours=72)
REVOCATION_HASH_BYTES = 16
MAX_ISSUERS = 500
MAX_REVOKED_KIDS = 10_000
MAX_REVOCATIONS = 200_000
MAX_TRUST_LIST_BYTES = 4 * 1024 * 1024  # 200,000 revocations take about 3.5 MB
MAX_SEQUENCE = 2**53
EARLIEST, LATEST = 946684800, 7258118400  # NumericDate bounds, as for credentials


class Freshness(enum.Enum):
    FRESH = "fresh"
    AGEING = "ageing"
    STALE = "stale"


class TrustListProblem(enum.Enum):
    """Why a trust list was not installed."""

    MALFORMED = "malformed"
    WRONG_ANCHOR = "wrong_anchor"  # signed by a key other than the pinned anchor
    BAD_SIGNATURE = "bad_signature"
    DEMO_ON_PRODUCTION = "demo_on_production"
    ROLLBACK = "rollback"  # older sequence number than the one installed
    CONFLICT = "conflict"  # same sequence number, different content


class TrustListError(Exception):
    """A trust list was refused; ``problem`` says why (no personal data in ``detail``)."""

    def __init__(self, problem: TrustListProblem, detail: str) -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem
        self.detail = detail


def revocation_hash(credential_id: bytes) -> bytes:
    """How a revoked credential id appears in the trust list."""
    return hashlib.sha256(credential_id).digest()[:REVOCATION_HASH_BYTES]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Name(_Strict):
    """An issuer's name as the trust list writes it; handed out as ``Bilingual``."""

    zh: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    en: Annotated[str, StringConstraints(min_length=1, max_length=120)]


NumericDate = Annotated[int, Field(ge=EARLIEST, le=LATEST)]
Kid = Annotated[bytes, Field(min_length=8, max_length=8)]
RevocationHash = Annotated[
    bytes, Field(min_length=REVOCATION_HASH_BYTES, max_length=REVOCATION_HASH_BYTES)
]


class _Issuer(_Strict):
    kid: Kid
    key: Annotated[bytes, Field(max_length=2048)]
    name: Annotated[Bilingual, ParsedAs(_Name)]
    region: Literal["SC", "CQ"]
    types: list[str] = Field(min_length=1, max_length=20)
    valid_from: NumericDate
    valid_until: NumericDate
    demo: bool


class _TrustList(_Strict):
    v: Literal[1]
    seq: int = Field(ge=0, le=MAX_SEQUENCE)
    issued_at: NumericDate
    next_update: NumericDate
    demo: bool
    issuers: list[_Issuer] = Field(max_length=MAX_ISSUERS)
    revoked_kids: list[Kid] = Field(max_length=MAX_REVOKED_KIDS)
    revoked_credentials: list[RevocationHash] = Field(max_length=MAX_REVOCATIONS)


@dataclass(frozen=True)
class Issuer:
    """One trusted issuer key."""

    kid: bytes
    public_key: PublicKeyTypes
    name: Bilingual
    region: Region
    types: frozenset[CredentialType]
    valid_from: datetime
    valid_until: datetime
    demo: bool


@dataclass(frozen=True)
class TrustList:
    """A verified trust list."""

    sequence: int
    issued_at: datetime
    next_update: datetime
    demo: bool
    issuers: Mapping[bytes, Issuer]
    revoked_kids: frozenset[bytes]
    revoked_credentials: frozenset[bytes]
    content: bytes = field(repr=False)  # the signed bytes, as received

    def key_for_kid(self, kid: bytes) -> PublicKeyTypes | None:
        issuer = self.issuers.get(kid)
        return issuer.public_key if issuer else None

    def freshness(self, now: datetime) -> Freshness:
        if now < self.next_update:
            return Freshness.FRESH
        if now < self.next_update + AGEING_GRACE:
            return Freshness.AGEING
        return Freshness.STALE

    def is_revoked(self, credential_id: bytes) -> bool:
        return revocation_hash(credential_id) in self.revoked_credentials


def _when(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _issuer(raw: _Issuer, *, demo_mode: bool) -> Issuer | None:
    try:
        public_key = load_der_public_key(raw.key)
        algorithm_for(public_key)
    except (ValueError, TypeError):
        raise TrustListError(
            TrustListProblem.MALFORMED, f"issuer {raw.kid.hex()}: unusable key"
        ) from None
    if raw.valid_from >= raw.valid_until:
        raise TrustListError(TrustListProblem.MALFORMED, f"issuer {raw.kid.hex()}: empty validity")
    if key_id(public_key) != raw.kid:
        raise TrustListError(
            TrustListProblem.MALFORMED, f"issuer {raw.kid.hex()}: kid does not match its key"
        )
    try:
        types = frozenset(CredentialType(value) for value in raw.types)
    except ValueError:
        raise TrustListError(
            TrustListProblem.MALFORMED, f"issuer {raw.kid.hex()}: unknown credential type"
        ) from None
    if raw.demo and not demo_mode:
        return None  # demo keys are never trusted outside demo mode
    return Issuer(
        kid=raw.kid,
        public_key=public_key,
        name=raw.name,
        region=Region(raw.region),
        types=types,
        valid_from=_when(raw.valid_from),
        valid_until=_when(raw.valid_until),
        demo=raw.demo,
    )


def parse_trust_list(content: bytes, anchor: PublicKeyTypes, *, demo_mode: bool) -> TrustList:
    """Verify ``content`` against the pinned ``anchor`` and return the trust list.

    Raises only TrustListError, whatever ``content`` holds.
    """
    if len(content) > MAX_TRUST_LIST_BYTES:
        raise TrustListError(
            TrustListProblem.MALFORMED, f"larger than {MAX_TRUST_LIST_BYTES} bytes"
        )
    try:
        return _parse(content, anchor, demo_mode=demo_mode)
    except TrustListError:
        raise
    except Exception as error:  # noqa: BLE001 - a list we cannot read is malformed, never a crash
        raise TrustListError(TrustListProblem.MALFORMED, type(error).__name__) from None


def _parse(content: bytes, anchor: PublicKeyTypes, *, demo_mode: bool) -> TrustList:
    demo_anchor = is_demo_anchor(anchor)
    if demo_anchor and not demo_mode:
        # Whatever the list says of itself: anyone can sign with the published demo anchor.
        raise TrustListError(TrustListProblem.DEMO_ON_PRODUCTION, DEMO_ANCHOR_MESSAGE)
    anchor_kid = key_id(anchor)
    try:
        verified = open_sign1(content, lambda kid: anchor if kid == anchor_kid else None)
    except CredentialError as error:
        problem = {
            Reason.UNKNOWN_ISSUER: TrustListProblem.WRONG_ANCHOR,
            Reason.BAD_SIGNATURE: TrustListProblem.BAD_SIGNATURE,
        }.get(error.reason, TrustListProblem.MALFORMED)
        raise TrustListError(problem, error.detail) from None
    try:
        raw = _TrustList.model_validate(plain(loads_strict(verified.payload)))
    except (CredentialError, ValidationError) as error:
        raise TrustListError(TrustListProblem.MALFORMED, type(error).__name__) from None
    if raw.demo and not demo_mode:
        raise TrustListError(
            TrustListProblem.DEMO_ON_PRODUCTION, "a demo trust list on a production terminal"
        )
    if raw.next_update <= raw.issued_at:
        raise TrustListError(TrustListProblem.MALFORMED, "next_update is not after issued_at")
    issuers: dict[bytes, Issuer] = {}
    for entry in raw.issuers:
        if entry.kid in issuers:
            raise TrustListError(
                TrustListProblem.MALFORMED, f"issuer {entry.kid.hex()} listed twice"
            )
        issuer = _issuer(entry, demo_mode=demo_mode)
        if issuer is not None:
            issuers[issuer.kid] = issuer
    return TrustList(
        sequence=raw.seq,
        issued_at=_when(raw.issued_at),
        next_update=_when(raw.next_update),
        demo=raw.demo or demo_anchor,  # the demo anchor signs nothing but demo lists
        issuers=issuers,
        revoked_kids=frozenset(raw.revoked_kids),
        revoked_credentials=frozenset(raw.revoked_credentials),
        content=content,
    )


def trust_list_document(
    *,
    sequence: int,
    issued_at: datetime,
    next_update: datetime,
    issuers: list[dict[str, Any]],
    demo: bool,
    revoked_kids: list[bytes] | None = None,
    revoked_credentials: list[bytes] | None = None,
) -> dict[str, Any]:
    """The payload map of a trust list (issuer side; sign it with the anchor's key)."""
    return {
        "v": TRUST_LIST_VERSION,
        "seq": sequence,
        "issued_at": int(issued_at.timestamp()),
        "next_update": int(next_update.timestamp()),
        "demo": demo,
        "issuers": issuers,
        "revoked_kids": revoked_kids or [],
        "revoked_credentials": revoked_credentials or [],
    }

"""CWT claims (RFC 8392) of a credential, and our private credential claim.

    { 1: iss, 4: exp, 5: nbf, 6: iat, 7: cti, -70001: credential }

Times are NumericDate (integer seconds since the epoch, UTC). ``-70001`` is in the CWT range
reserved for private use (below -65536); its value is a map with text keys (format §5):

    e-ID:      {"v": 1, "type": "eid", "region": "SC"|"CQ",
                "holder": {"name": …, "id": …, "birth": "YYYY-MM-DD", "sex": "M"|"F"}}
    e-resident: {"v": 1, "type": "e-resident", "region": "SC"|"CQ",
                "holder": {"name": <Latin letters>, "nationality": <ISO 3166-1 alpha-3>,
                           "doc": "passport"|"permit", "number": …, "birth": "YYYY-MM-DD"}}
    e-licence: {"v": 1, "type": <registry type>, "region": …, "number": …,
                "holder": {"kind": "person", "name": …, "id": …}
                        | {"kind": "org", "name": …, "uscc": …},
                "fields": {<key>: <text>, …}}

Parsing is strict: unknown keys, wrong types, invalid identity numbers or credit codes, an
e-ID whose birth date or sex disagrees with its identity number, an identity credential's (e-ID
or e-resident) window longer than ``MAX_EID_WINDOW``, an e-resident name not in Latin letters
(``RESIDENT_NAME``), a nationality that is no ISO 3166-1 alpha-3 code, a document number not
of ``DOCUMENT_NUMBER``, a birth date before 1900 or after the signing day, or a text holding a
control, format, private-use or surrogate character (``kiosk.credentials.clean_text``) all make
the credential MALFORMED.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from kiosk.credentials.cbor_profile import canonical_cbor, loads_strict
from kiosk.credentials.clean_text import describe, first_unclean_text
from kiosk.credentials.errors import malformed
from kiosk.credentials.model import (
    Credential,
    ElectronicId,
    ElectronicLicence,
    ElectronicResident,
    Holder,
    Sex,
    TravelDocument,
    Validity,
)
from kiosk.credentials.registry import (
    IDENTITY_TYPES,
    REGISTRY,
    CredentialType,
    HolderKind,
    Region,
)
from kiosk.domain.identity import (
    InvalidIdentifierError,
    validate_credit_code,
    validate_resident_id,
)
from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.countries import is_country

CLAIM_ISS = 1
CLAIM_EXP = 4
CLAIM_NBF = 5
CLAIM_IAT = 6
CLAIM_CTI = 7
CLAIM_CREDENTIAL = -70001
CREDENTIAL_VERSION = 1
MAX_EID_WINDOW = timedelta(minutes=15)
EID_NBF_TOLERANCE = timedelta(minutes=2)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_CTI_BYTES = 64
# NumericDate bounds we accept: 2000-01-01 to 2200-01-01.
_EARLIEST, _LATEST = 946684800, 7258118400

# An e-resident's name as in the passport: words of Latin letters (Basic Latin, Latin-1
# Supplement and Latin Extended-A, all precomposed: what the kiosk's fonts draw) joined by one
# space, hyphen, apostrophe or ". " ("Anna-Maria O'NEILL", "John F. Kennedy"), a final "."
# allowed.
_LATIN_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f"
RESIDENT_NAME = re.compile(rf"[{_LATIN_LETTER}]+(?:(?: |-|'|\. )[{_LATIN_LETTER}]+)*\.?")
MAX_RESIDENT_NAME = 80
# A passport or permit number: upper-case Latin letters and digits, with at least one digit.
DOCUMENT_NUMBER = re.compile(r"(?=[A-Z]*[0-9])[A-Z0-9]{5,20}")
EARLIEST_BIRTH = date(1900, 1, 1)

Text = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _EidHolder(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    id: str
    birth: str
    sex: Literal["M", "F"]


class _EidClaim(_Strict):
    v: Literal[1]
    type: Literal["eid"]
    region: Literal["SC", "CQ"]
    holder: _EidHolder


class _ResidentHolder(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=MAX_RESIDENT_NAME)]
    nationality: Annotated[str, StringConstraints(min_length=3, max_length=3)]
    doc: Literal["passport", "permit"]
    number: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    birth: str


class _ResidentClaim(_Strict):
    v: Literal[1]
    type: Literal["e-resident"]
    region: Literal["SC", "CQ"]
    holder: _ResidentHolder


class _Person(_Strict):
    kind: Literal["person"]
    name: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    id: str


class _Organisation(_Strict):
    kind: Literal["org"]
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    uscc: str


class _LicenceClaim(_Strict):
    v: Literal[1]
    type: str
    region: Literal["SC", "CQ"]
    number: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    holder: _Person | _Organisation = Field(discriminator="kind")
    fields: dict[str, Text]


def _epoch(value: datetime) -> int:
    return int(value.timestamp())


def claims_map(
    *,
    issuer: str,
    issued_at: datetime,
    not_before: datetime,
    expires_at: datetime | None,
    credential_id: bytes,
    credential: Mapping[str, Any],
) -> dict[int, Any]:
    """The CWT claims map for a credential (issuer side)."""
    claims: dict[int, Any] = {
        CLAIM_ISS: issuer,
        CLAIM_NBF: _epoch(not_before),
        CLAIM_IAT: _epoch(issued_at),
        CLAIM_CTI: credential_id,
        CLAIM_CREDENTIAL: dict(credential),
    }
    if expires_at is not None:
        claims[CLAIM_EXP] = _epoch(expires_at)
    return claims


def encode_claims(claims: Mapping[int, Any]) -> bytes:
    """Deterministic CBOR of a claims map."""
    return canonical_cbor(dict(claims))


def _optional_time(claims: Mapping[Any, Any], key: int, name: str) -> datetime | None:
    value = claims.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not _EARLIEST <= value <= _LATEST:
        raise malformed(f"CWT: {name} is not a plausible NumericDate")
    return datetime.fromtimestamp(value, UTC)


def _required_time(claims: Mapping[Any, Any], key: int, name: str) -> datetime:
    value = _optional_time(claims, key, name)
    if value is None:
        raise malformed(f"CWT: {name} missing")
    return value


def _resident_id(text: str) -> str:
    try:
        return validate_resident_id(text)
    except InvalidIdentifierError as error:
        raise malformed(f"holder identity number: {error.problem.value}") from None


def _validity(claims: Mapping[Any, Any]) -> Validity:
    issued_at = _required_time(claims, CLAIM_IAT, "iat")
    not_before = _optional_time(claims, CLAIM_NBF, "nbf") or issued_at
    expires_at = _optional_time(claims, CLAIM_EXP, "exp")
    if expires_at is not None and expires_at <= not_before:
        raise malformed("CWT: exp is not after nbf")
    return Validity(issued_at=issued_at, not_before=not_before, expires_at=expires_at)


def _check_dynamic_window(validity: Validity, what: str) -> None:
    """A dynamic identity code is minted when shown: its window starts at the signing time (so
    a leaked retired key cannot mint codes by backdating iat) and is short."""
    issued = validity.issued_at
    if abs(validity.not_before - issued) > EID_NBF_TOLERANCE:
        raise malformed(f"{what}: nbf must be the signing time")
    if validity.expires_at is None or validity.expires_at - issued > MAX_EID_WINDOW:
        raise malformed(f"{what}: validity window must be at most {MAX_EID_WINDOW} from iat")


def _iso_date(text: str, what: str) -> date:
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise malformed(f"{what}: birth date is not YYYY-MM-DD") from None


def _electronic_id(
    raw: Mapping[Any, Any], cti: bytes, kid: bytes, validity: Validity
) -> ElectronicId:
    claim = _EidClaim.model_validate(raw)
    _check_dynamic_window(validity, "e-ID")
    number = _resident_id(claim.holder.id)
    birth = _iso_date(claim.holder.birth, "e-ID")
    if birth.strftime("%Y%m%d") != number[6:14]:
        raise malformed("e-ID: birth date disagrees with the identity number")
    sex = Sex(claim.holder.sex)
    if (int(number[16]) % 2 == 1) != (sex is Sex.MALE):
        raise malformed("e-ID: sex disagrees with the identity number")
    return ElectronicId(
        credential_id=cti,
        issuer_kid=kid,
        region=Region(claim.region),
        name=claim.holder.name,
        id_number=number,
        birth_date=birth,
        sex=sex,
        validity=validity,
    )


def _electronic_resident(
    raw: Mapping[Any, Any], cti: bytes, kid: bytes, validity: Validity
) -> ElectronicResident:
    claim = _ResidentClaim.model_validate(raw)
    holder = claim.holder
    _check_dynamic_window(validity, "e-resident")
    if not RESIDENT_NAME.fullmatch(holder.name):
        raise malformed("e-resident: name is not in Latin letters")
    if not is_country(holder.nationality):
        raise malformed("e-resident: nationality is not an ISO 3166-1 alpha-3 code")
    if not DOCUMENT_NUMBER.fullmatch(holder.number):
        raise malformed("e-resident: document number is not 5-20 upper-case letters and digits")
    birth = _iso_date(holder.birth, "e-resident")
    if not EARLIEST_BIRTH <= birth <= validity.issued_at.astimezone(CHINA_TIME).date():
        raise malformed("e-resident: birth date before 1900 or after the signing day")
    return ElectronicResident(
        credential_id=cti,
        issuer_kid=kid,
        region=Region(claim.region),
        name=holder.name,
        nationality=holder.nationality,
        document=TravelDocument(holder.doc),
        number=holder.number,
        birth_date=birth,
        validity=validity,
    )


def _licence(
    raw: Mapping[Any, Any], cti: bytes, kid: bytes, validity: Validity
) -> ElectronicLicence:
    claim = _LicenceClaim.model_validate(raw)
    try:
        kind = CredentialType(claim.type)
    except ValueError:
        raise malformed(f"e-licence: unknown type {claim.type[:40]!r}") from None
    info = REGISTRY[kind]
    if kind in IDENTITY_TYPES:
        raise malformed(f"e-licence: the {kind.value} has its own form")
    holder: Holder
    if isinstance(claim.holder, _Person):
        holder = Holder(HolderKind.PERSON, claim.holder.name, _resident_id(claim.holder.id))
    else:
        try:
            code = validate_credit_code(claim.holder.uscc)
        except InvalidIdentifierError as error:
            raise malformed(f"holder credit code: {error.problem.value}") from None
        holder = Holder(HolderKind.ORGANISATION, claim.holder.name, code)
    if holder.kind not in info.holders:
        raise malformed(f"e-licence: a {kind.value} cannot be held by a {holder.kind.value}")
    expected = [spec.key for spec in info.fields]
    if sorted(claim.fields) != sorted(expected):
        raise malformed(f"e-licence: fields must be exactly {', '.join(expected)}")
    return ElectronicLicence(
        credential_id=cti,
        issuer_kid=kid,
        type=kind,
        region=Region(claim.region),
        number=claim.number,
        holder=holder,
        fields={key: claim.fields[key] for key in expected},
        validity=validity,
    )


def plain(value: Any) -> Any:
    """Decoded CBOR as plain ``dict``/``list`` (cbor2 may hand out immutable mappings)."""
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def decode_credential(payload: bytes, kid: bytes) -> Credential:
    """The typed credential in a verified payload; raises CredentialError(MALFORMED)."""
    claims = loads_strict(payload)
    if not isinstance(claims, Mapping):
        raise malformed("CWT: claims are not a map")
    cti = claims.get(CLAIM_CTI)
    if not isinstance(cti, bytes) or not 1 <= len(cti) <= MAX_CTI_BYTES:
        raise malformed("CWT: cti missing or not 1-64 bytes")
    raw = plain(claims.get(CLAIM_CREDENTIAL))
    if not isinstance(raw, dict):
        raise malformed("CWT: credential claim missing")
    validity = _validity(claims)
    # Signed is not clean: no text of the claims may carry control, format (bidi overrides),
    # private-use or surrogate characters to the screen, the receipt or the platform.
    unclean = first_unclean_text({"iss": claims.get(CLAIM_ISS), "credential": raw})
    if unclean is not None:
        place, char = unclean
        raise malformed(f"text: {place} holds a refused character {describe(char)}")
    try:
        if raw.get("type") == CredentialType.EID.value:
            return _electronic_id(raw, cti, kid, validity)
        if raw.get("type") == CredentialType.E_RESIDENT.value:
            return _electronic_resident(raw, cti, kid, validity)
        return _licence(raw, cti, kid, validity)
    except ValidationError as error:
        where = ".".join(str(part) for part in error.errors()[0]["loc"])
        raise malformed(f"credential claim: bad or missing {where[:60]}") from None

"""Typed credentials, as the rest of the terminal sees them after verification.

They hold personal data: never log them (wrap in ``Personal`` if you must) and let them go with
the session.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.credentials.registry import REGISTRY, CredentialType, HolderKind, Region, TypeInfo


class Sex(enum.Enum):
    MALE = "M"
    FEMALE = "F"


@dataclass(frozen=True)
class Validity:
    """When a credential was issued and the window in which it may be used."""

    issued_at: datetime
    not_before: datetime
    expires_at: datetime | None  # None: does not expire (some licences)


@dataclass(frozen=True)
class ElectronicId:
    """A dynamic e-ID code: the person, and a short validity window."""

    credential_id: bytes
    issuer_kid: bytes
    region: Region
    name: str
    id_number: str
    birth_date: date
    sex: Sex
    validity: Validity

    @property
    def type(self) -> CredentialType:
        return CredentialType.EID

    @property
    def info(self) -> TypeInfo:
        return REGISTRY[CredentialType.EID]


class TravelDocument(enum.Enum):
    """The document whose number an overseas electronic resident card carries."""

    PASSPORT = "passport"
    PERMIT = "permit"  # a permanent residence ID card, residence permit or mainland travel permit


@dataclass(frozen=True)
class ElectronicResident:
    """A dynamic overseas electronic resident card code (境外人员电子居民证): a person who
    holds no resident identity number, named as in their passport, and a short validity window
    (minted on the phone when shown, replay-checked like the e-ID)."""

    credential_id: bytes
    issuer_kid: bytes
    region: Region  # the issuing province or municipality (Sichuan or Chongqing)
    name: str  # in Latin letters, as in the passport ("Anna Maria MÜLLER")
    nationality: str  # ISO 3166-1 alpha-3 ("DEU"; kiosk.runtime.countries names it)
    document: TravelDocument
    number: str  # the passport or permit number: upper-case letters and digits
    birth_date: date
    validity: Validity

    @property
    def type(self) -> CredentialType:
        return CredentialType.E_RESIDENT

    @property
    def info(self) -> TypeInfo:
        return REGISTRY[CredentialType.E_RESIDENT]


@dataclass(frozen=True)
class Holder:
    """The person or organisation an e-licence belongs to."""

    kind: HolderKind
    name: str
    identifier: str  # resident identity number or unified social credit code


@dataclass(frozen=True)
class ElectronicLicence:
    """An electronic certificate or licence (e-licence)."""

    credential_id: bytes
    issuer_kid: bytes
    type: CredentialType
    region: Region
    number: str
    holder: Holder
    fields: Mapping[str, str]
    validity: Validity

    @property
    def info(self) -> TypeInfo:
        return REGISTRY[self.type]


IdentityCredential = ElectronicId | ElectronicResident
"""A credential that proves who a person is (``registry.IDENTITY_TYPES``)."""

Credential = ElectronicId | ElectronicResident | ElectronicLicence

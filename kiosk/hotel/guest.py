"""A hotel guest as the desk sees them once their e-ID (or overseas electronic resident card)
verified: who they are, their sex and age (an e-ID's from its number), where the number was
registered, the issuing province, and how long the code shown was valid.

``Guest`` is personal data: the desk's card shows it masked where it can, the register keeps it
encrypted, and it is never logged.

Thread contract: immutable values and pure functions; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.credentials.identity import identity_facts
from kiosk.credentials.model import Credential, ElectronicId, Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.identity import mask_identifier
from kiosk.domain.names import has_han, pinyin_of
from kiosk.domain.text import Bilingual
from kiosk.forms import regions
from kiosk.hotel.report import MinorCare, ReportedGuest, age_on, is_minor


@dataclass(frozen=True)
class Guest:
    """A verified guest."""

    credential: CredentialType  # EID or E_RESIDENT
    name: str = field(repr=False)
    number: str = field(repr=False)
    region: Region  # the issuing province or municipality
    birth_date: date = field(repr=False)
    sex: Sex | None = field(repr=False)
    nationality: str | None = field(repr=False)  # an overseas resident's (ISO 3166-1 alpha-3)
    verified_at: datetime
    valid_until: datetime | None  # the code's own validity (a dynamic code: minutes)

    @property
    def person(self) -> tuple[CredentialType, str]:
        """What makes two scans the same person."""
        return self.credential, self.number

    @property
    def masked_number(self) -> str:
        return mask_identifier(self.number)

    @property
    def latin_name(self) -> str:
        """The name in Latin letters: pinyin for a Chinese name, else as written."""
        return pinyin_of(self.name) if has_han(self.name) else self.name

    @property
    def home_region(self) -> Bilingual | None:
        """Where an e-ID's number was first registered (its first six digits, GB/T 2260), when
        the region table knows it; None for an overseas resident."""
        if self.credential is not CredentialType.EID:
            return None
        code = self.number[:6]
        for candidate in (code, code[:4] + "00", code[:2] + "0000"):
            if regions.is_region(candidate):
                return regions.name(candidate)
        return None

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def minor_on(self, day: date) -> bool:
        return is_minor(self.birth_date, day)

    def reported(self, care: MinorCare | None) -> ReportedGuest:
        return ReportedGuest(
            credential=self.credential,
            name=self.name,
            number=self.number,
            region=self.region,
            birth_date=self.birth_date,
            sex=self.sex,
            nationality=self.nationality,
            verified_at=self.verified_at,
            care=care,
        )


def sex_from_number(number: str) -> Sex | None:
    """GB 11643: the 17th character is odd for a man, even for a woman."""
    if len(number) != 18 or not number[16].isdigit():
        return None
    return Sex.MALE if int(number[16]) % 2 else Sex.FEMALE


def guest_from(credential: Credential | None, verified_at: datetime) -> Guest | None:
    """The guest an identity credential names; None for anything else (a licence)."""
    if credential is None:
        return None
    facts = identity_facts(credential)
    if facts is None:
        return None
    sex = sex_from_number(facts.number) if isinstance(credential, ElectronicId) else None
    return Guest(
        credential=facts.credential,
        name=facts.name,
        number=facts.number,
        region=facts.region,
        birth_date=facts.birth_date,
        sex=sex,
        nationality=facts.nationality,
        verified_at=verified_at,
        valid_until=credential.validity.expires_at,
    )

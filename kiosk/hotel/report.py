"""What a hotel desk reports to the platform: a room's check-in and, later, its check-out.

A check-in names the hotel, the room, the dates and every guest as the terminal verified them
(credential, name, number, issuing region, birth date, sex, nationality, when verified); a
guest under 18 carries how the desk took care of them (``MinorCare``): accompanied by an adult
of the room, by an adult not staying (typed), or a guardian the desk called. A check-out names
the check-in by the local reference its record got when it was queued, so it can be queued
before the platform has answered the check-in (the outbox delivers the check-in first).

The payloads (version 1) are sealed to the platform with the other queued records
(``kiosk.sync.outbox``). ``payload()`` builds them here; the platform reads them strictly with
``kiosk.hotel.report_check``. Both are personal data: never log them.

Thread contract: immutable values and pure functions; any thread.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.text import Bilingual

PAYLOAD_VERSION = 1
ADULT_AGE = 18
MAX_GUESTS_PER_ROOM = 8
MAX_NIGHTS = 90
ROOM = re.compile(r"[0-9A-Z][0-9A-Z-]{0,7}")
"""A room as the desk types it: digits and capital letters, maybe a hyphen (``0812``, ``B-12``)."""
IDENTITY_CREDENTIALS = (CredentialType.EID, CredentialType.E_RESIDENT)


class Relationship(enum.StrEnum):
    """Who an accompanying adult or a called guardian is to a minor."""

    PARENT = "parent"
    GRANDPARENT = "grandparent"
    GUARDIAN = "guardian"  # another legal guardian
    RELATIVE = "relative"  # another relative, entrusted by the parents
    TEACHER = "teacher"  # a teacher or leader of a school or group trip
    OTHER = "other"  # another adult entrusted by the parents


class CareKind(enum.StrEnum):
    ACCOMPANIED = "accompanied"  # an adult stays with the minor (a guest of the room, or typed)
    GUARDIAN_CALLED = "guardian_called"  # alone: the desk called a guardian, who agreed


@dataclass(frozen=True)
class MinorCare:
    """How the desk took care of a guest under 18 (Chinese hotels must ask who accompanies a
    minor and, for one alone, contact a guardian). ACCOMPANIED: ``companion_guest`` (the index
    of an adult guest of the same room) or ``companion_name`` and ``companion_number`` (a
    resident identity number) for an adult not staying; GUARDIAN_CALLED: ``guardian_name`` and
    ``guardian_phone``."""

    kind: CareKind
    relationship: Relationship
    companion_guest: int | None = None
    companion_name: str = field(default="", repr=False)
    companion_number: str = field(default="", repr=False)
    guardian_name: str = field(default="", repr=False)
    guardian_phone: str = field(default="", repr=False)

    def payload(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "kind": self.kind.value,
            "relationship": self.relationship.value,
        }
        if self.kind is CareKind.ACCOMPANIED:
            if self.companion_guest is not None:
                document["companion"] = {"guest": self.companion_guest}
            else:
                document["companion"] = {
                    "name": self.companion_name,
                    "number": self.companion_number,
                }
        else:
            document["guardian"] = {"name": self.guardian_name, "phone": self.guardian_phone}
        return document


@dataclass(frozen=True)
class ReportedGuest:
    """A guest as the terminal verified them."""

    credential: CredentialType  # EID or E_RESIDENT
    name: str = field(repr=False)
    number: str = field(repr=False)  # resident identity number, or passport / permit number
    region: Region  # the issuing province or municipality
    birth_date: date = field(repr=False)
    sex: Sex | None  # None: not stated (an overseas resident card)
    nationality: str | None  # ISO 3166-1 alpha-3 of an overseas resident; None for an e-ID
    verified_at: datetime  # aware
    care: MinorCare | None = None  # a minor's (None for an adult)

    def age_on(self, day: date) -> int:
        return age_on(self.birth_date, day)

    def payload(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "credential": self.credential.value,
            "name": self.name,
            "number": self.number,
            "region": self.region.value,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex.value if self.sex is not None else None,
            "verified_at": self.verified_at.isoformat(timespec="seconds"),
        }
        if self.nationality is not None:
            document["nationality"] = self.nationality
        if self.care is not None:
            document["care"] = self.care.payload()
        return document


@dataclass(frozen=True)
class CheckinReport:
    """A room's check-in: the hotel, the room, the nights, its guests."""

    hotel: Bilingual
    room: str
    arrival: date
    departure: date
    guests: tuple[ReportedGuest, ...] = field(repr=False)

    @property
    def nights(self) -> int:
        return (self.departure - self.arrival).days

    def payload(self) -> dict[str, Any]:
        return {
            "version": PAYLOAD_VERSION,
            "hotel": {"zh": self.hotel.zh, "en": self.hotel.en},
            "room": self.room,
            "arrival": self.arrival.isoformat(),
            "departure": self.departure.isoformat(),
            "guests": [guest.payload() for guest in self.guests],
        }


@dataclass(frozen=True)
class CheckoutReport:
    """A room's check-out: the check-in's local reference and when the guests left."""

    checkin_reference: str
    checked_out_at: datetime  # aware

    def payload(self) -> dict[str, Any]:
        return {
            "version": PAYLOAD_VERSION,
            "checkin_reference": self.checkin_reference,
            "checked_out_at": self.checked_out_at.isoformat(timespec="seconds"),
        }


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on ``day`` (one born on 29 February comes of age on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def is_minor(birth_date: date, day: date) -> bool:
    return age_on(birth_date, day) < ADULT_AGE

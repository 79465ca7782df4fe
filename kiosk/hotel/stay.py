"""A room's check-in as the desk fills it in, and the rules for saving it.

The card (``StayDraft``) collects the guests scanned one after another, the room, the nights
(or the check-out date) and, for each guest under 18, how the desk took care of them
(``CareDraft``). ``problems`` says everything that stops it being saved, each naming the guest
or room it is about, never a value: no guest, no room or a room the platform would refuse, a
departure not after the arrival or too far, too many guests, a minor without an accompanying
adult (a guest of the room or one typed, with the relationship) or a confirmed call to a
guardian, a typed adult who is not an adult by their number, and the same person already in
house on these nights (``elsewhere``, which the register finds: another room, or this room
already) unless the clerk confirmed that guest's stay. An unaccompanied minor (a guardian
called) is a warning the clerk must confirm, never saved silently.

Thread contract: GUI thread (the journey's state); the rules are pure functions.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from kiosk.domain.identity import InvalidIdentifierError, validate_resident_id
from kiosk.domain.text import Bilingual
from kiosk.hotel.guest import Guest
from kiosk.hotel.report import (
    MAX_GUESTS_PER_ROOM,
    MAX_NIGHTS,
    ROOM,
    CareKind,
    CheckinReport,
    MinorCare,
    Relationship,
    is_minor,
)

MOBILE_DIGITS = 11
MAX_TYPED_NAME = 60  # as the platform reads a name (kiosk.hotel.report_check.MAX_NAME)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Problem(enum.Enum):
    """Why a card cannot be saved yet."""

    NO_GUEST = "no_guest"
    ROOM_MISSING = "room_missing"
    ROOM_INVALID = "room_invalid"
    DEPARTURE_NOT_AFTER_ARRIVAL = "departure_not_after_arrival"
    TOO_MANY_NIGHTS = "too_many_nights"
    TOO_MANY_GUESTS = "too_many_guests"
    MINOR_NEEDS_CARE = "minor_needs_care"  # who accompanies them, or a guardian called
    RELATIONSHIP_MISSING = "relationship_missing"
    COMPANION_MISSING = "companion_missing"  # "a guest of the room" chosen, none named
    COMPANION_NOT_ADULT = "companion_not_adult"
    COMPANION_NAME_MISSING = "companion_name_missing"
    COMPANION_NUMBER_INVALID = "companion_number_invalid"
    GUARDIAN_NAME_MISSING = "guardian_name_missing"
    GUARDIAN_PHONE_INVALID = "guardian_phone_invalid"
    UNACCOMPANIED_NOT_CONFIRMED = "unaccompanied_not_confirmed"
    IN_ANOTHER_ROOM = "in_another_room"  # the same person is in house in another room
    ENTRY_INVALID = "entry_invalid"  # something typed the platform would refuse (a safety net)


@dataclass(frozen=True)
class StayProblem:
    problem: Problem
    guest: int | None = None  # the guest it is about (index on the card)
    room: str = ""  # IN_ANOTHER_ROOM: the other room


@dataclass
class CareDraft:
    """How the desk takes care of a minor, as being filled in."""

    kind: CareKind | None = None
    relationship: Relationship | None = None
    companion_guest: int | None = None  # an adult guest of the room
    companion_name: str = field(default="", repr=False)  # or an adult not staying, typed
    companion_number: str = field(default="", repr=False)
    guardian_name: str = field(default="", repr=False)  # alone: the guardian called
    guardian_phone: str = field(default="", repr=False)
    confirmed: bool = False  # alone: the clerk confirmed the call and the warning


@dataclass
class StayDraft:
    """The desk's card: a room being checked in."""

    arrival: date
    guests: list[Guest] = field(default_factory=list, repr=False)
    room: str = ""
    nights: int = 1
    care: dict[int, CareDraft] = field(default_factory=dict, repr=False)
    elsewhere: dict[int, str] = field(default_factory=dict)  # guest index -> room in house
    # (person, room) pairs the clerk saw flagged and saved anyway: a guest added later, or
    # another room found, is flagged again.
    confirmed_elsewhere: set[tuple[object, str]] = field(default_factory=set, repr=False)

    def unconfirmed_elsewhere(self) -> dict[int, str]:
        """The guests in house elsewhere whose stay the clerk has not confirmed."""
        return {
            index: room
            for index, room in self.elsewhere.items()
            if index < len(self.guests)
            and (self.guests[index].person, room) not in self.confirmed_elsewhere
        }

    def confirm_elsewhere(self) -> None:
        """Save anyway: every stay flagged now is known to the clerk."""
        for index, room in self.elsewhere.items():
            if index < len(self.guests):
                self.confirmed_elsewhere.add((self.guests[index].person, room))

    @property
    def departure(self) -> date:
        return self.arrival + timedelta(days=self.nights)

    def minors(self) -> list[int]:
        return [i for i, guest in enumerate(self.guests) if guest.minor_on(self.arrival)]

    def adults(self) -> list[int]:
        return [i for i, guest in enumerate(self.guests) if not guest.minor_on(self.arrival)]

    def has(self, guest: Guest) -> bool:
        return any(known.person == guest.person for known in self.guests)

    def add(self, guest: Guest) -> int:
        self.guests.append(guest)
        index = len(self.guests) - 1
        if guest.minor_on(self.arrival):
            self.care[index] = CareDraft()
        self._default_companions()
        return index

    def remove(self, index: int) -> None:
        """Take a guest off the card (scanned by mistake); what refers to them follows."""
        if not 0 <= index < len(self.guests):
            return
        del self.guests[index]

        def moved(i: int) -> int:
            return i - 1 if i > index else i

        self.care = {moved(i): care for i, care in self.care.items() if i != index}
        for care in self.care.values():
            if care.companion_guest == index:
                care.companion_guest = None
            elif care.companion_guest is not None:
                care.companion_guest = moved(care.companion_guest)
        self.elsewhere = {moved(i): room for i, room in self.elsewhere.items() if i != index}
        self._default_companions()

    def _default_companions(self) -> None:
        """A minor in a room with one adult is accompanied by that adult unless the clerk
        chose otherwise (the relationship is still asked)."""
        adults = self.adults()
        for care in self.care.values():
            typed = care.companion_name or care.companion_number
            if care.kind is None and len(adults) == 1:
                care.kind = CareKind.ACCOMPANIED
                care.companion_guest = adults[0]
            elif (
                care.kind is CareKind.ACCOMPANIED
                and not typed
                and care.companion_guest not in adults
            ):
                care.companion_guest = adults[0] if len(adults) == 1 else None

    def set_nights(self, nights: int) -> None:
        self.nights = max(1, min(MAX_NIGHTS, nights))

    def set_departure(self, day: date) -> None:
        self.set_nights((day - self.arrival).days)


def normal_room(text: str) -> str:
    """A room as typed, in the register's form: trimmed, capitals, full-width made half."""
    half = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text)
    return half.strip().upper().replace(" ", "")


def problems(draft: StayDraft) -> list[StayProblem]:
    """Everything that stops ``draft`` being saved (empty: it can be saved)."""
    found: list[StayProblem] = []
    if not draft.guests:
        found.append(StayProblem(Problem.NO_GUEST))
    if len(draft.guests) > MAX_GUESTS_PER_ROOM:
        found.append(StayProblem(Problem.TOO_MANY_GUESTS))
    room = normal_room(draft.room)
    if not room:
        found.append(StayProblem(Problem.ROOM_MISSING))
    elif not ROOM.fullmatch(room):
        found.append(StayProblem(Problem.ROOM_INVALID))
    if draft.nights < 1:
        found.append(StayProblem(Problem.DEPARTURE_NOT_AFTER_ARRIVAL))
    elif draft.nights > MAX_NIGHTS:
        found.append(StayProblem(Problem.TOO_MANY_NIGHTS))
    for index in draft.minors():
        found.extend(_care_problems(draft, index, draft.care.get(index) or CareDraft()))
    found.extend(
        StayProblem(Problem.IN_ANOTHER_ROOM, guest=index, room=other)
        for index, other in sorted(draft.unconfirmed_elsewhere().items())
    )
    return found


def _care_problems(draft: StayDraft, index: int, care: CareDraft) -> list[StayProblem]:
    if care.kind is None:
        return [StayProblem(Problem.MINOR_NEEDS_CARE, guest=index)]
    found: list[StayProblem] = []
    if care.relationship is None:
        found.append(StayProblem(Problem.RELATIONSHIP_MISSING, guest=index))
    if care.kind is CareKind.ACCOMPANIED:
        return found + _companion_problems(draft, index, care)
    if not typed_name_ok(care.guardian_name):
        found.append(StayProblem(Problem.GUARDIAN_NAME_MISSING, guest=index))
    phone = phone_digits(care.guardian_phone)
    if len(phone) != MOBILE_DIGITS or phone[0] != "1" or phone[1] not in "3456789":
        found.append(StayProblem(Problem.GUARDIAN_PHONE_INVALID, guest=index))
    if not care.confirmed:
        found.append(StayProblem(Problem.UNACCOMPANIED_NOT_CONFIRMED, guest=index))
    return found


def _companion_problems(draft: StayDraft, index: int, care: CareDraft) -> list[StayProblem]:
    if care.companion_guest is not None:
        if care.companion_guest not in draft.adults():
            return [StayProblem(Problem.COMPANION_NOT_ADULT, guest=index)]
        return []
    if not care.companion_name.strip() and not care.companion_number.strip():
        return [StayProblem(Problem.COMPANION_MISSING, guest=index)]
    found: list[StayProblem] = []
    if not typed_name_ok(care.companion_name):
        found.append(StayProblem(Problem.COMPANION_NAME_MISSING, guest=index))
    try:
        number = validate_resident_id(care.companion_number)
    except InvalidIdentifierError:
        found.append(StayProblem(Problem.COMPANION_NUMBER_INVALID, guest=index))
    else:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        if is_minor(born, draft.arrival):
            found.append(StayProblem(Problem.COMPANION_NOT_ADULT, guest=index))
    return found


def typed_name_ok(text: str) -> bool:
    """A name the clerk typed: something, at most ``MAX_TYPED_NAME``, no control characters."""
    name = text.strip()
    return 0 < len(name) <= MAX_TYPED_NAME and not _CONTROL.search(name)


def phone_digits(text: str) -> str:
    """The digits of a typed phone number, full-width ones made plain (ASCII only)."""
    plain = unicodedata.normalize("NFKC", text)
    return "".join(c for c in plain if c in "0123456789")


def report_of(draft: StayDraft, hotel: Bilingual) -> CheckinReport:
    """The check-in to save and report; call only when ``problems`` is empty."""
    if problems(draft):
        raise ValueError("the card cannot be saved yet")
    guests = []
    for index, guest in enumerate(draft.guests):
        care = draft.care.get(index) if guest.minor_on(draft.arrival) else None
        guests.append(guest.reported(_care(care) if care is not None else None))
    return CheckinReport(
        hotel=hotel,
        room=normal_room(draft.room),
        arrival=draft.arrival,
        departure=draft.departure,
        guests=tuple(guests),
    )


def _care(care: CareDraft) -> MinorCare:
    assert care.kind is not None  # both checked by ``problems``
    assert care.relationship is not None
    if care.kind is CareKind.ACCOMPANIED:
        if care.companion_guest is not None:
            return MinorCare(care.kind, care.relationship, companion_guest=care.companion_guest)
        return MinorCare(
            care.kind,
            care.relationship,
            companion_name=care.companion_name.strip(),
            companion_number=validate_resident_id(care.companion_number),
        )
    return MinorCare(
        care.kind,
        care.relationship,
        guardian_name=care.guardian_name.strip(),
        guardian_phone=phone_digits(care.guardian_phone),
    )

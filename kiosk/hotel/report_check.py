"""Reading a hotel desk's check-in and check-out payloads strictly (the platform's side).

``read_checkin`` and ``read_checkout`` take an opened payload (parsed JSON, as the sealed
envelope's ``payload`` holds it; docs/platform-api.md, "Hotel check-ins and check-outs") and
give back the ``kiosk.hotel.report`` value it stands for, or raise ``ReportInvalid`` naming
every problem found: ``{"field", "problem"}``, the field a path of the payload's own names and
indexes (``guests[1].care.companion.guest``), the problem a code. A value is never repeated
(payloads are personal data), and neither is a key the payload should not have (it might hold
one): an unknown key is ``unknown_key`` on the object that holds it.

What is read (version 1, exactly the keys ``payload()`` writes; no coercion: ``1.0`` or
``true`` is no version, ``"1"`` no index):

- ``hotel``: ``zh`` and ``en``, as the terminal's configuration allows them (≤ 40 and ≤ 80
  characters); ``room``: ``kiosk.hotel.report.ROOM``; ``arrival`` and ``departure``:
  ``YYYY-MM-DD``, departure after arrival by at most ``MAX_NIGHTS`` nights; with
  ``checked_in_on`` (the day the terminal queued the check-in), the arrival within
  ``ARRIVAL_SLACK`` of it;
- ``guests``: 1 to ``MAX_GUESTS_PER_ROOM``, the same person (credential and number) once. Each
  has ``credential`` ``eid`` (a canonical GB 11643 resident identity number whose birth date
  and sex are the guest's, no nationality) or ``e-resident`` (a passport or permit number,
  ``kiosk.credentials.cwt.DOCUMENT_NUMBER``, and a known ISO 3166-1 alpha-3 ``nationality``;
  ``sex`` may be null); ``region`` ``SC`` or ``CQ``; a name of clean text
  (``kiosk.credentials.clean_text``) as long as the credential allows; ``birth_date`` from
  1900 and not after the arrival; ``verified_at`` an ISO 8601 time with its offset;
- a guest under 18 on the arrival day has ``care``, an adult has none. ``accompanied``: the
  ``companion`` is ``{"guest": i}``, another guest of the room who is an adult, or ``{"name",
  "number"}``, an adult by the birth date of their resident identity number;
  ``guardian_called``: the ``guardian`` is ``{"name", "phone"}``, a mainland mobile number;
  either way a ``relationship`` of ``kiosk.hotel.report.Relationship``;
- a check-out: ``checkin_reference`` (1-64 printable ASCII characters, the check-in's local
  reference) and ``checked_out_at`` (a time with its offset).

Times and stays lie in the years ``EARLIEST_YEAR`` to ``LATEST_YEAR``, so that whatever reads
them on (epoch seconds, Beijing days) cannot overflow.

Problem codes: ``not_an_object``, ``not_a_list``, ``not_a_string``, ``not_an_integer``,
``missing``, ``unknown_key``, ``unsupported_version``, ``not_a_choice``, ``empty``,
``too_long``, ``forbidden_character``, ``not_a_date``, ``not_a_time``, ``not_aware``,
``out_of_range``, ``not_a_room``, ``not_a_reference``, ``no_guests``, ``too_many_guests``,
``not_after_arrival``, ``too_many_nights``, ``not_near_check_in``, ``not_an_identity_number``,
``not_the_numbers`` (a birth date or sex the e-ID's number disagrees with),
``not_a_document_number``, ``not_a_country``, ``not_allowed``, ``required``,
``after_arrival``, ``repeated``, ``not_for_an_adult``, ``not_a_guest``, ``not_an_adult``,
``not_a_mobile``.

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from kiosk.credentials.clean_text import forbidden_character
from kiosk.credentials.cwt import DOCUMENT_NUMBER, EARLIEST_BIRTH, MAX_RESIDENT_NAME
from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.identity import InvalidIdentifierError, validate_resident_id
from kiosk.domain.text import Bilingual
from kiosk.hotel.report import (
    IDENTITY_CREDENTIALS,
    MAX_GUESTS_PER_ROOM,
    MAX_NIGHTS,
    PAYLOAD_VERSION,
    ROOM,
    CareKind,
    CheckinReport,
    CheckoutReport,
    MinorCare,
    Relationship,
    ReportedGuest,
    is_minor,
)
from kiosk.runtime.countries import is_country

MAX_NAME = 60
"""A name on an e-ID, and one the desk types (a companion, a guardian)."""
MAX_HOTEL_ZH = 40
MAX_HOTEL_EN = 80
"""The hotel's name as the terminal's configuration allows it (``terminal.service_centre``)."""
MAX_REFERENCE = 64
ARRIVAL_SLACK = timedelta(days=1)
"""How far the arrival may lie from the day the check-in was queued: a guest arriving after
midnight checks in for the night that began the day before."""
EARLIEST_YEAR = 2000
LATEST_YEAR = 2199
MOBILE = re.compile(r"1[3-9][0-9]{9}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?"
_AWARE_TIME = re.compile(_TIME + r"(?:Z|[+-][0-9]{2}:[0-9]{2})")
_NAIVE_TIME = re.compile(_TIME)
_REFERENCE = re.compile(r"[\x21-\x7e]+")
_CHECKIN_KEYS = frozenset({"version", "hotel", "room", "arrival", "departure", "guests"})
_CHECKOUT_KEYS = frozenset({"version", "checkin_reference", "checked_out_at"})
_GUEST_KEYS = frozenset(
    {"credential", "name", "number", "region", "birth_date", "sex", "verified_at"}
)
_GUEST_OPTIONAL = frozenset({"nationality", "care"})
_CARE_KEYS = {
    CareKind.ACCOMPANIED: frozenset({"kind", "relationship", "companion"}),
    CareKind.GUARDIAN_CALLED: frozenset({"kind", "relationship", "guardian"}),
}
Choice = TypeVar("Choice")


class ReportInvalid(ValueError):
    """A payload that is not a valid report; ``problems`` names each problem found (fields and
    codes, never values)."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        self.problems = problems
        named = ", ".join(f"{item['field']}: {item['problem']}" for item in problems[:10])
        super().__init__(f"not a valid hotel report ({named})")


class _Reader:
    """Collects the problems of one payload while reading it."""

    def __init__(self) -> None:
        self.problems: list[dict[str, str]] = []

    def refuse(self, where: str, problem: str) -> None:
        self.problems.append({"field": where, "problem": problem})

    def done(self) -> None:
        if self.problems:
            raise ReportInvalid(self.problems)

    # ------------------------------------------------------------------ shapes

    def mapping(
        self,
        value: object,
        where: str,
        keys: frozenset[str],
        optional: frozenset[str] = frozenset(),
    ) -> Mapping[Any, Any] | None:
        """``value`` as an object with ``keys`` (and maybe ``optional`` ones); a missing key
        is refused on its own path, unknown keys once on the object."""
        named = where or "payload"  # the payload itself: its keys' paths have no prefix
        if not isinstance(value, Mapping):
            self.refuse(named, "not_an_object")
            return None
        if any(key not in keys and key not in optional for key in value):
            self.refuse(named, "unknown_key")
        for key in sorted(keys):
            if key not in value:
                self.refuse(_at(where, key), "missing")
        return value

    def text(self, obj: Mapping[Any, Any], key: str, where: str, *, longest: int) -> str | None:
        if key not in obj:
            return None  # refused as missing by ``mapping``
        value = obj[key]
        here = _at(where, key)
        if not isinstance(value, str):
            self.refuse(here, "not_a_string")
        elif not value.strip():
            self.refuse(here, "empty")
        elif len(value) > longest:
            self.refuse(here, "too_long")
        elif forbidden_character(value) is not None:
            self.refuse(here, "forbidden_character")
        else:
            return value
        return None

    def string(self, obj: Mapping[Any, Any], key: str, where: str) -> str | None:
        """A string value of a key that ``mapping`` required (its content checked apart)."""
        if key not in obj:
            return None
        value = obj[key]
        if not isinstance(value, str):
            self.refuse(_at(where, key), "not_a_string")
            return None
        return value

    def choice(
        self, obj: Mapping[Any, Any], key: str, where: str, choices: dict[str, Choice]
    ) -> Choice | None:
        value = self.string(obj, key, where)
        if value is None:
            return None
        if value not in choices:
            self.refuse(_at(where, key), "not_a_choice")
            return None
        return choices[value]

    def day(self, obj: Mapping[Any, Any], key: str, where: str, earliest: date) -> date | None:
        value = self.string(obj, key, where)
        if value is None:
            return None
        here = _at(where, key)
        try:
            if not _DATE.fullmatch(value):
                raise ValueError
            parsed = date.fromisoformat(value)
        except ValueError:
            self.refuse(here, "not_a_date")
            return None
        if not earliest <= parsed <= date(LATEST_YEAR, 12, 31):
            self.refuse(here, "out_of_range")
            return None
        return parsed

    def moment(self, obj: Mapping[Any, Any], key: str, where: str) -> datetime | None:
        value = self.string(obj, key, where)
        if value is None:
            return None
        here = _at(where, key)
        if _NAIVE_TIME.fullmatch(value):
            self.refuse(here, "not_aware")
            return None
        try:
            if not _AWARE_TIME.fullmatch(value):
                raise ValueError
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.refuse(here, "not_a_time")
            return None
        if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
            self.refuse(here, "out_of_range")
            return None
        return parsed

    def version(self, obj: Mapping[Any, Any]) -> bool:
        """Whether the payload is version 1 (else nothing more of it can be judged)."""
        if "version" not in obj:
            return False  # refused as missing
        value = obj["version"]
        if not _is_integer(value):
            self.refuse("version", "not_an_integer")
            return False
        if value != PAYLOAD_VERSION:
            self.refuse("version", "unsupported_version")
            return False
        return True


def read_checkin(document: object, *, checked_in_on: date | None = None) -> CheckinReport:
    """The check-in ``document`` stands for; raises ``ReportInvalid``. ``checked_in_on``: the
    day the check-in was queued (Beijing time), when known; the arrival must lie within
    ``ARRIVAL_SLACK`` of it."""
    reader = _Reader()
    payload = reader.mapping(document, "", _CHECKIN_KEYS)
    if payload is None or not reader.version(payload):
        reader.done()
        raise ReportInvalid([{"field": "version", "problem": "missing"}])
    hotel = _hotel(reader, payload)
    room = reader.string(payload, "room", "")
    if room is not None and not ROOM.fullmatch(room):
        reader.refuse("room", "not_a_room")
        room = None
    earliest = date(EARLIEST_YEAR, 1, 1)
    arrival = reader.day(payload, "arrival", "", earliest)
    departure = reader.day(payload, "departure", "", earliest)
    if arrival is not None and departure is not None:
        if departure <= arrival:
            reader.refuse("departure", "not_after_arrival")
        elif (departure - arrival).days > MAX_NIGHTS:
            reader.refuse("departure", "too_many_nights")
    if (
        arrival is not None
        and checked_in_on is not None
        and abs(arrival - checked_in_on) > ARRIVAL_SLACK
    ):
        reader.refuse("arrival", "not_near_check_in")
    guests = _guests(reader, payload, arrival)
    reader.done()
    if hotel is None or room is None or arrival is None or departure is None or guests is None:
        raise ReportInvalid([{"field": "payload", "problem": "missing"}])  # refused above
    return CheckinReport(hotel, room, arrival, departure, guests)


def read_checkout(document: object) -> CheckoutReport:
    """The check-out ``document`` stands for; raises ``ReportInvalid``."""
    reader = _Reader()
    payload = reader.mapping(document, "", _CHECKOUT_KEYS)
    if payload is None or not reader.version(payload):
        reader.done()
        raise ReportInvalid([{"field": "version", "problem": "missing"}])
    reference = reader.string(payload, "checkin_reference", "")
    if reference is not None and not (
        len(reference) <= MAX_REFERENCE and _REFERENCE.fullmatch(reference)
    ):
        reader.refuse("checkin_reference", "not_a_reference")
        reference = None
    checked_out_at = reader.moment(payload, "checked_out_at", "")
    reader.done()
    if reference is None or checked_out_at is None:
        raise ReportInvalid([{"field": "payload", "problem": "missing"}])  # refused above
    return CheckoutReport(reference, checked_out_at)


# --------------------------------------------------------------------------- parts


def _hotel(reader: _Reader, payload: Mapping[Any, Any]) -> Bilingual | None:
    if "hotel" not in payload:
        return None
    hotel = reader.mapping(payload["hotel"], "hotel", frozenset({"zh", "en"}))
    if hotel is None:
        return None
    zh = reader.text(hotel, "zh", "hotel", longest=MAX_HOTEL_ZH)
    en = reader.text(hotel, "en", "hotel", longest=MAX_HOTEL_EN)
    return Bilingual(zh, en) if zh is not None and en is not None else None


def _guests(
    reader: _Reader, payload: Mapping[Any, Any], arrival: date | None
) -> tuple[ReportedGuest, ...] | None:
    if "guests" not in payload:
        return None
    listed = payload["guests"]
    if not isinstance(listed, list):
        reader.refuse("guests", "not_a_list")
        return None
    if not listed:
        reader.refuse("guests", "no_guests")
        return None
    if len(listed) > MAX_GUESTS_PER_ROOM:
        reader.refuse("guests", "too_many_guests")
        return None
    people = [
        _person(reader, value, f"guests[{index}]", arrival) for index, value in enumerate(listed)
    ]
    seen: set[tuple[CredentialType, str]] = set()
    for index, person in enumerate(people):
        if person is None:
            continue
        who = (person.credential, person.number)
        if who in seen:
            reader.refuse(f"guests[{index}].number", "repeated")
        seen.add(who)
    if arrival is None or any(person is None for person in people):
        return None  # a minor's care is judged against a complete room
    room = _Room([person for person in people if person is not None], arrival)
    guests: list[ReportedGuest] = []
    for index, person in enumerate(room.guests):
        care = _care(reader, listed[index], index, room)
        guests.append(person if care is None else _with_care(person, care))
    return tuple(guests)


def _person(
    reader: _Reader, value: object, where: str, arrival: date | None
) -> ReportedGuest | None:
    """A guest without their care (judged once the whole room is read)."""
    before = len(reader.problems)
    guest = reader.mapping(value, where, _GUEST_KEYS, _GUEST_OPTIONAL)
    if guest is None:
        return None
    credential = reader.choice(
        guest, "credential", where, {kind.value: kind for kind in IDENTITY_CREDENTIALS}
    )
    resident = credential is CredentialType.E_RESIDENT
    longest = MAX_RESIDENT_NAME if resident else MAX_NAME
    name = reader.text(guest, "name", where, longest=longest)
    region = reader.choice(guest, "region", where, {region.value: region for region in Region})
    birth_date = reader.day(guest, "birth_date", where, EARLIEST_BIRTH)
    if birth_date is not None and arrival is not None and birth_date > arrival:
        reader.refuse(f"{where}.birth_date", "after_arrival")
    sex: Sex | None = None
    if "sex" in guest and guest["sex"] is not None:
        sex = reader.choice(guest, "sex", where, {stated.value: stated for stated in Sex})
    elif "sex" in guest and credential is CredentialType.EID:
        reader.refuse(f"{where}.sex", "required")
    verified_at = reader.moment(guest, "verified_at", where)
    number = reader.string(guest, "number", where)
    nationality = None
    if credential is CredentialType.EID:
        _eid_number(reader, where, number, birth_date, sex)
        if "nationality" in guest:
            reader.refuse(f"{where}.nationality", "not_allowed")
    elif resident:
        if number is not None and not DOCUMENT_NUMBER.fullmatch(number):
            reader.refuse(f"{where}.number", "not_a_document_number")
        nationality = _nationality(reader, guest, where)
    if (
        len(reader.problems) > before
        or credential is None
        or name is None
        or number is None
        or region is None
        or birth_date is None
        or verified_at is None
    ):
        return None
    return ReportedGuest(
        credential, name, number, region, birth_date, sex, nationality, verified_at
    )


def _eid_number(
    reader: _Reader, where: str, number: str | None, birth_date: date | None, sex: Sex | None
) -> None:
    """An e-ID's number: canonical (as the e-ID states it), with the guest's birth date and
    sex (its 17th digit: odd for a man)."""
    if number is None:
        return
    born = _resident_birth_date(number)
    if born is None:
        reader.refuse(f"{where}.number", "not_an_identity_number")
        return
    if birth_date is not None and born != birth_date:
        reader.refuse(f"{where}.birth_date", "not_the_numbers")
    if sex is not None and (int(number[16]) % 2 == 1) != (sex is Sex.MALE):
        reader.refuse(f"{where}.sex", "not_the_numbers")


def _nationality(reader: _Reader, guest: Mapping[Any, Any], where: str) -> str | None:
    if "nationality" not in guest:
        reader.refuse(f"{where}.nationality", "missing")
        return None
    value = reader.string(guest, "nationality", where)
    if value is not None and not is_country(value):
        reader.refuse(f"{where}.nationality", "not_a_country")
        return None
    return value


@dataclass(frozen=True)
class _Room:
    """What a minor's care is judged against: the room's guests (their care aside) and the
    arrival day."""

    guests: list[ReportedGuest]
    arrival: date

    def is_minor(self, index: int) -> bool:
        return is_minor(self.guests[index].birth_date, self.arrival)


def _care(reader: _Reader, value: Mapping[Any, Any], index: int, room: _Room) -> MinorCare | None:
    """Guest ``index``'s care: required for a minor, refused for an adult."""
    here = f"guests[{index}].care"
    if "care" not in value:
        if room.is_minor(index):
            reader.refuse(here, "missing")
        return None
    if not room.is_minor(index):
        reader.refuse(here, "not_for_an_adult")
        return None
    raw = value["care"]
    if not isinstance(raw, Mapping):
        reader.refuse(here, "not_an_object")
        return None
    kind = reader.choice(raw, "kind", here, {kind.value: kind for kind in CareKind})
    if kind is None:
        if "kind" not in raw:
            reader.refuse(f"{here}.kind", "missing")
        return None
    care = reader.mapping(raw, here, _CARE_KEYS[kind])
    relationship = reader.choice(
        raw, "relationship", here, {relation.value: relation for relation in Relationship}
    )
    if care is None or relationship is None:
        return None
    if kind is CareKind.ACCOMPANIED:
        return _accompanied(reader, care, here, index, room, relationship)
    if "guardian" not in care:
        return None  # refused as missing
    found = _guardian(reader, care["guardian"], f"{here}.guardian")
    if found is None:
        return None
    name, phone = found
    return MinorCare(kind, relationship, guardian_name=name, guardian_phone=phone)


def _accompanied(  # noqa: PLR0917 - the parts of one care, read by _care
    reader: _Reader,
    care: Mapping[Any, Any],
    here: str,
    index: int,
    room: _Room,
    relationship: Relationship,
) -> MinorCare | None:
    if "companion" not in care:
        return None  # refused as missing
    companion = _companion(reader, care["companion"], f"{here}.companion", index, room)
    kind = CareKind.ACCOMPANIED
    if companion is None:
        return None
    if isinstance(companion, int):
        return MinorCare(kind, relationship, companion_guest=companion)
    name, number = companion
    return MinorCare(kind, relationship, companion_name=name, companion_number=number)


def _guardian(reader: _Reader, value: object, where: str) -> tuple[str, str] | None:
    guardian = reader.mapping(value, where, frozenset({"name", "phone"}))
    if guardian is None:
        return None
    name = reader.text(guardian, "name", where, longest=MAX_NAME)
    phone = reader.string(guardian, "phone", where)
    if phone is not None and not MOBILE.fullmatch(phone):
        reader.refuse(f"{where}.phone", "not_a_mobile")
        return None
    if name is None or phone is None:
        return None
    return name, phone


def _companion(
    reader: _Reader, value: object, where: str, index: int, room: _Room
) -> int | tuple[str, str] | None:
    """The adult accompanying guest ``index``: another guest of the room (``{"guest": i}``,
    given as ``i``) or one the desk typed (``{"name", "number"}``, given as both)."""
    if isinstance(value, Mapping) and "guest" in value:
        companion = reader.mapping(value, where, frozenset({"guest"}))
        if companion is None:
            return None
        other = companion["guest"]
        if not _is_integer(other):
            reader.refuse(f"{where}.guest", "not_an_integer")
        elif not 0 <= other < len(room.guests) or other == index:
            reader.refuse(f"{where}.guest", "not_a_guest")
        elif room.is_minor(other):
            reader.refuse(f"{where}.guest", "not_an_adult")
        else:
            return int(other)
        return None
    companion = reader.mapping(value, where, frozenset({"name", "number"}))
    if companion is None:
        return None
    name = reader.text(companion, "name", where, longest=MAX_NAME)
    number = reader.string(companion, "number", where)
    if number is not None:
        born = _resident_birth_date(number)
        if born is None:
            reader.refuse(f"{where}.number", "not_an_identity_number")
            return None
        if is_minor(born, room.arrival):
            reader.refuse(f"{where}.number", "not_an_adult")
            return None
    if name is None or number is None:
        return None
    return name, number


# --------------------------------------------------------------------------- helpers


def _resident_birth_date(number: str) -> date | None:
    """The birth date in a canonical resident identity number, or None if it is not one."""
    try:
        if validate_resident_id(number) != number:
            return None
    except InvalidIdentifierError:
        return None
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def _with_care(guest: ReportedGuest, care: MinorCare) -> ReportedGuest:
    return ReportedGuest(
        guest.credential,
        guest.name,
        guest.number,
        guest.region,
        guest.birth_date,
        guest.sex,
        guest.nationality,
        guest.verified_at,
        care,
    )


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key

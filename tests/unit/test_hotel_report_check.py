"""The strict reader of the hotel desk's payloads (``kiosk.hotel.report_check``, issue 18).

- Property: any valid room's check-in (guests with e-IDs and overseas resident cards, minors
  with each way of care) reads back from its payload, through JSON, equal; so does a check-out.
- Property: any mutation of a valid payload — a key removed or added anywhere, a value of
  another type, a value the rules refuse — is ``ReportInvalid`` and never another exception,
  and its problems name fields and codes, never a value of the payload.
- Fuzz: random JSON-like objects, loose or in the payload's shape, are refused with
  ``ReportInvalid`` only.
- The rules one by one, with the field and problem each is refused with.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.schema import LocalizedName
from kiosk.credentials.cwt import DOCUMENT_NUMBER, MAX_RESIDENT_NAME
from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.text import Bilingual
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.report import (
    MAX_GUESTS_PER_ROOM,
    MAX_NIGHTS,
    ROOM,
    CareKind,
    CheckinReport,
    CheckoutReport,
    MinorCare,
    Relationship,
    ReportedGuest,
    is_minor,
)
from kiosk.hotel.report_check import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_HOTEL_EN,
    MAX_HOTEL_ZH,
    MAX_NAME,
    ReportInvalid,
    read_checkin,
    read_checkout,
)
from kiosk.runtime.countries import countries
from tests.support.checkins import (
    CHILD_NAME,
    PARENT_NAME,
    VISITOR_NUMBER,
    checkin_payload,
    checkout_payload,
    family_report,
    person_number,
)

# --------------------------------------------------------------------------- strategies

_name_chars = st.characters(categories=["Lu", "Ll", "Lo"], max_codepoint=0xFFFF) | st.sampled_from(
    " ·-'"
)


def names(longest: int) -> st.SearchStrategy[str]:
    return st.text(_name_chars, min_size=1, max_size=longest).filter(lambda text: text.strip())


offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(datetime(EARLIEST_YEAR, 1, 2), datetime(LATEST_YEAR, 12, 30)).map(  # noqa: DTZ001
        lambda moment: moment.replace(microsecond=0)
    ),
    offsets,
)
phones = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
resident_regions = st.sampled_from(["510104", "500112", "110105", "440305"])


@st.composite
def resident_numbers(draw: st.DrawFn, birth: date) -> tuple[str, Sex]:
    sex = draw(st.sampled_from(Sex))
    number = person_number(
        birth, sex, region=draw(resident_regions), serial=draw(st.integers(0, 499))
    )
    return number, sex


@st.composite
def people(draw: st.DrawFn, arrival: date) -> ReportedGuest:
    """A guest of a room arriving on ``arrival``, without care."""
    birth = draw(st.dates(date(1900, 1, 1), arrival))
    verified_at = draw(moments)
    region = draw(st.sampled_from(Region))
    if draw(st.booleans()):
        number, sex = draw(resident_numbers(birth))
        return ReportedGuest(
            CredentialType.EID,
            draw(names(MAX_NAME)),
            number,
            region,
            birth,
            sex,
            None,
            verified_at,
        )
    return ReportedGuest(
        CredentialType.E_RESIDENT,
        draw(names(MAX_RESIDENT_NAME)),
        draw(st.from_regex(DOCUMENT_NUMBER, fullmatch=True)),
        region,
        birth,
        draw(st.none() | st.sampled_from(Sex)),
        draw(st.sampled_from(sorted(countries()))),
        verified_at,
    )


@st.composite
def cares(draw: st.DrawFn, index: int, room: list[ReportedGuest], arrival: date) -> MinorCare:
    relationship = draw(st.sampled_from(Relationship))
    adults = [
        other
        for other, guest in enumerate(room)
        if other != index and not is_minor(guest.birth_date, arrival)
    ]
    ways = ["typed", "guardian"] + (["guest"] if adults else [])
    way = draw(st.sampled_from(ways))
    if way == "guest":
        return MinorCare(
            CareKind.ACCOMPANIED, relationship, companion_guest=draw(st.sampled_from(adults))
        )
    if way == "typed":
        latest = date(arrival.year - 18, arrival.month, 1)
        number, _sex = draw(resident_numbers(draw(st.dates(date(1900, 1, 1), latest))))
        return MinorCare(
            CareKind.ACCOMPANIED,
            relationship,
            companion_name=draw(names(MAX_NAME)),
            companion_number=number,
        )
    return MinorCare(
        CareKind.GUARDIAN_CALLED,
        relationship,
        guardian_name=draw(names(MAX_NAME)),
        guardian_phone=draw(phones),
    )


@st.composite
def checkin_reports(draw: st.DrawFn) -> CheckinReport:
    arrival = draw(st.dates(date(EARLIEST_YEAR, 1, 1), date(LATEST_YEAR, 9, 1)))
    nights = draw(st.integers(1, MAX_NIGHTS))
    room = draw(
        st.lists(
            people(arrival),
            min_size=1,
            max_size=MAX_GUESTS_PER_ROOM,
            unique_by=lambda guest: (guest.credential, guest.number),
        )
    )
    guests = tuple(
        ReportedGuest(
            guest.credential,
            guest.name,
            guest.number,
            guest.region,
            guest.birth_date,
            guest.sex,
            guest.nationality,
            guest.verified_at,
            draw(cares(index, room, arrival)) if is_minor(guest.birth_date, arrival) else None,
        )
        for index, guest in enumerate(room)
    )
    hotel = Bilingual(draw(names(MAX_HOTEL_ZH)), draw(names(MAX_HOTEL_EN)))
    number = draw(st.from_regex(ROOM, fullmatch=True))
    return CheckinReport(hotel, number, arrival, arrival + timedelta(days=nights), guests)


checkout_reports = st.builds(
    CheckoutReport,
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=64),
    moments,
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(["eid", "e-resident", "SC", "M", "accompanied", "2026-11-23", "1"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)


def through_json(document: Any) -> Any:
    return json.loads(json.dumps(document, ensure_ascii=False))


def refused(document: Any, **options: Any) -> list[dict[str, str]]:
    with pytest.raises(ReportInvalid) as caught:
        read_checkin(document, **options)
    return caught.value.problems


def refused_checkout(document: Any) -> list[dict[str, str]]:
    with pytest.raises(ReportInvalid) as caught:
        read_checkout(document)
    return caught.value.problems


PERSONAL_KEYS = frozenset({"name", "number", "phone", "zh", "en"})


def assert_names_no_values(problems: list[dict[str, str]], payload: Any) -> None:
    """Each problem is ``{"field", "problem"}`` of names; no personal value of the payload (a
    name, a number, a phone, the hotel) appears in any of them."""
    assert problems
    values = {text for text in _personal(payload) if len(text) >= 5}
    for problem in problems:
        assert set(problem) == {"field", "problem"}
        shown = problem["field"] + " " + problem["problem"]
        assert not any(value in shown for value in values), problem


def _personal(value: Any, key: Any = None) -> list[str]:
    if isinstance(value, str):
        return [value] if key in PERSONAL_KEYS else []
    if isinstance(value, dict):
        return [text for name, item in value.items() for text in _personal(item, name)]
    if isinstance(value, list):
        return [text for item in value for text in _personal(item, key)]
    return []


# --------------------------------------------------------------------------- round trips


@given(checkin_reports())
def test_a_valid_check_in_reads_back_equal(report: CheckinReport) -> None:
    assert read_checkin(through_json(report.payload())) == report
    assert read_checkin(report.payload(), checked_in_on=report.arrival) == report


@given(checkout_reports)
def test_a_valid_check_out_reads_back_equal(report: CheckoutReport) -> None:
    assert read_checkout(through_json(report.payload())) == report


def test_the_prepared_family_reads_back_with_its_care() -> None:
    report = family_report(date(2026, 11, 23))
    read = read_checkin(through_json(report.payload()), checked_in_on=date(2026, 11, 23))
    assert read == report
    assert read.guests[1].care == MinorCare(
        CareKind.ACCOMPANIED, Relationship.PARENT, companion_guest=0
    )


# --------------------------------------------------------------------------- mutations


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a document (the root aside)."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _objects(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return [place for place in [(), *_paths(value)] if isinstance(_get(value, place), dict)]


FORMAT_NAMES = frozenset(
    {"version", "hotel", "room", "arrival", "departure", "guests", "zh", "en", "credential"}
    | {"name", "number", "region", "birth_date", "sex", "verified_at", "nationality", "care"}
    | {"kind", "relationship", "companion", "guardian", "guest", "phone"}
)


def _field(path: tuple[Any, ...]) -> str:
    """A place as the reader names it (``guests[1].care``; the root is ``payload``)."""
    text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path)
    return text.removeprefix(".") or "payload"


def _get(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def _other_type(value: Any, key: Any) -> st.SearchStrategy[Any]:
    """A value of a JSON type the place does not take (``sex`` takes null besides text)."""
    choices: list[st.SearchStrategy[Any]] = [
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.sampled_from(["a", "zh"]), st.integers(), max_size=1),
        st.booleans(),
        st.floats(allow_nan=False),
    ]
    if not isinstance(value, int) or isinstance(value, bool):
        choices.append(st.integers())
    if not isinstance(value, str):
        choices.append(st.text(max_size=5))
    if value is not None and key != "sex":
        choices.append(st.none())
    return st.one_of(choices)


@given(checkin_reports(), st.data())
def test_a_check_in_without_any_one_of_its_keys_is_refused(
    report: CheckinReport, data: st.DataObject
) -> None:
    payload = through_json(report.payload())
    places = [place for place in _paths(payload) if isinstance(place[-1], str)]
    place = data.draw(st.sampled_from(places))
    del _get(payload, place[:-1])[place[-1]]
    assert_names_no_values(refused(payload), payload)


@given(checkin_reports(), st.data())
def test_a_check_in_with_a_key_added_anywhere_is_refused(
    report: CheckinReport, data: st.DataObject
) -> None:
    payload = through_json(report.payload())
    place = data.draw(st.sampled_from(_objects(payload)))
    target = _get(payload, place)
    key = data.draw(st.text(max_size=12).filter(lambda text: text not in target))
    target[key] = data.draw(json_values)
    problems = refused(payload)
    assert_names_no_values(problems, payload)
    if key not in FORMAT_NAMES:  # else it may be read (a minor's care added to an adult)
        assert problems == [{"field": _field(place), "problem": "unknown_key"}]


@given(checkin_reports(), st.data())
def test_a_check_in_with_a_value_of_another_type_is_refused(
    report: CheckinReport, data: st.DataObject
) -> None:
    payload = through_json(report.payload())
    place = data.draw(st.sampled_from(_paths(payload)))
    parent = _get(payload, place[:-1])
    parent[place[-1]] = data.draw(_other_type(parent[place[-1]], place[-1]))
    assert_names_no_values(refused(payload), payload)


def _guest_index(payload: dict[str, Any], data: st.DataObject, **having: Any) -> int | None:
    fitting = [
        index
        for index, guest in enumerate(payload["guests"])
        if all(
            (key in guest) if wanted is True else guest.get(key) == wanted
            for key, wanted in having.items()
        )
    ]
    return data.draw(st.sampled_from(fitting)) if fitting else None


def _bad_value(payload: dict[str, Any], data: st.DataObject) -> bool:  # noqa: PLR0912
    """Change one value to one the rules refuse; False if the drawn rule does not apply."""
    rule = data.draw(
        st.sampled_from(
            [
                "version",
                "room",
                "arrival",
                "departure_same",
                "departure_long",
                "credential",
                "region",
                "eid_number",
                "eid_birth",
                "eid_sex",
                "eid_sex_null",
                "verified_at",
                "name_empty",
                "name_control",
                "name_long",
                "nationality",
                "repeated",
                "no_guests",
                "too_many",
                "companion_self",
                "phone",
                "relationship",
                "kind",
                "hotel_long",
            ]
        )
    )
    guests = payload["guests"]
    if rule == "version":
        payload["version"] = data.draw(st.integers().filter(lambda value: value != 1))
    elif rule == "room":
        payload["room"] = data.draw(
            st.text(max_size=10).filter(lambda text: not ROOM.fullmatch(text))
        )
    elif rule == "arrival":
        payload["arrival"] = payload["arrival"].replace("-", "/")
    elif rule == "departure_same":
        payload["departure"] = payload["arrival"]
    elif rule == "departure_long":
        arrival = date.fromisoformat(payload["arrival"])
        payload["departure"] = (arrival + timedelta(days=MAX_NIGHTS + 1)).isoformat()
    elif rule == "credential":
        guests[0]["credential"] = data.draw(st.sampled_from(["passport", "EID", "", "licence"]))
    elif rule == "region":
        guests[0]["region"] = data.draw(st.sampled_from(["BJ", "sc", "", "SCQ"]))
    elif rule in ("eid_number", "eid_birth", "eid_sex", "eid_sex_null"):
        index = _guest_index(payload, data, credential="eid")
        if index is None:
            return False
        guest = guests[index]
        if rule == "eid_number":
            last = guest["number"][-1]
            guest["number"] = guest["number"][:-1] + ("0" if last != "0" else "1")
        elif rule == "eid_birth":
            born = date.fromisoformat(guest["birth_date"])
            guest["birth_date"] = (born - timedelta(days=1)).isoformat()
        elif rule == "eid_sex":
            guest["sex"] = "F" if guest["sex"] == "M" else "M"
        else:
            guest["sex"] = None
    elif rule == "verified_at":
        guests[0]["verified_at"] = guests[0]["verified_at"][:19]
    elif rule.startswith("name_"):
        guests[-1]["name"] = {"name_empty": " ", "name_control": "王\x00明", "name_long": "x" * 81}[
            rule
        ]
    elif rule == "nationality":
        index = _guest_index(payload, data, credential="e-resident")
        if index is None:
            return False
        guests[index]["nationality"] = data.draw(st.sampled_from(["XXX", "deu", "DE", "ZZZ"]))
    elif rule == "repeated":
        if len(guests) == MAX_GUESTS_PER_ROOM:
            return False
        guests.append(copy.deepcopy(guests[data.draw(st.integers(0, len(guests) - 1))]))
    elif rule == "no_guests":
        payload["guests"] = []
    elif rule == "too_many":
        payload["guests"] = guests * (MAX_GUESTS_PER_ROOM + 1)
    elif rule in ("companion_self", "phone", "relationship", "kind"):
        index = _guest_index(payload, data, care=True)
        if index is None:
            return False
        care = guests[index]["care"]
        if rule == "companion_self":
            care["kind"] = "accompanied"
            care.pop("guardian", None)
            care["companion"] = {"guest": index}
        elif rule == "phone":
            care["kind"] = "guardian_called"
            care.pop("companion", None)
            care["guardian"] = {"name": "赵敏", "phone": "12345678901"}
        elif rule == "relationship":
            care["relationship"] = "friend"
        else:
            care["kind"] = "alone"
    else:
        payload["hotel"]["zh"] = "酒" * (MAX_HOTEL_ZH + 1)
    return True


@given(checkin_reports(), st.data())
def test_a_check_in_with_a_value_the_rules_refuse_is_refused(
    report: CheckinReport, data: st.DataObject
) -> None:
    payload = through_json(report.payload())
    if _bad_value(payload, data):
        assert_names_no_values(refused(payload), payload)


@given(checkout_reports, st.data())
def test_a_mutated_check_out_is_refused(report: CheckoutReport, data: st.DataObject) -> None:
    payload = through_json(report.payload())
    how = data.draw(st.sampled_from(["drop", "add", "type", "reference", "naive", "version"]))
    if how == "drop":
        del payload[data.draw(st.sampled_from(sorted(payload)))]
    elif how == "add":
        payload[data.draw(st.text(max_size=12).filter(lambda key: key not in payload))] = 1
    elif how == "type":
        key = data.draw(st.sampled_from(sorted(payload)))
        payload[key] = data.draw(_other_type(payload[key], key))
    elif how == "reference":
        payload["checkin_reference"] = data.draw(st.sampled_from(["", "a b", "x" * 65, "参考"]))
    elif how == "naive":
        payload["checked_out_at"] = payload["checked_out_at"][:19]
    else:
        payload["version"] = data.draw(st.sampled_from([2, 0, True, 1.0, "1"]))
    assert_names_no_values(refused_checkout(payload), payload)


# --------------------------------------------------------------------------- fuzzing


@given(json_values)
def test_random_documents_are_refused_as_reports_only(document: Any) -> None:
    for read in (read_checkin, read_checkout):
        with pytest.raises(ReportInvalid):
            read(document)


_guest_shapes = st.fixed_dictionaries(
    dict.fromkeys(
        ("credential", "name", "number", "region", "birth_date", "sex", "verified_at"), json_values
    ),
    optional={"nationality": json_values, "care": json_values},
)


@given(
    st.fixed_dictionaries(
        {
            "version": st.just(1),
            "hotel": json_values,
            "room": json_values,
            "arrival": json_values,
            "departure": json_values,
            "guests": st.lists(_guest_shapes, max_size=3) | json_values,
        }
    ),
    st.none() | st.dates(),
)
def test_documents_in_the_payloads_shape_with_random_values_are_refused_only(
    document: dict[str, Any], day: date | None
) -> None:
    with pytest.raises(ReportInvalid):
        read_checkin(document, checked_in_on=day)


# --------------------------------------------------------------------------- the rules


ARRIVAL = date(2026, 11, 23)


def payload_of(*guests: ReportedGuest) -> dict[str, Any]:
    report = family_report(ARRIVAL)
    payload: dict[str, Any] = through_json(
        CheckinReport(
            report.hotel, report.room, ARRIVAL, ARRIVAL + timedelta(days=1), guests
        ).payload()
    )
    return payload


def guest_born(born: date, *, care: MinorCare | None = None, serial: int = 7) -> ReportedGuest:
    return ReportedGuest(
        CredentialType.EID,
        "李四",
        person_number(born, Sex.FEMALE, serial=serial),
        Region.SICHUAN,
        born,
        Sex.FEMALE,
        None,
        datetime(2026, 11, 23, 20, 5, tzinfo=CHINA_TIME),
        care,
    )


CALLED = MinorCare(
    CareKind.GUARDIAN_CALLED,
    Relationship.PARENT,
    guardian_name="李强",
    guardian_phone="13912345678",
)


def test_a_guest_is_an_adult_from_their_eighteenth_birthday_on_the_arrival_day() -> None:
    eighteen_today = guest_born(date(2008, 11, 23))
    eighteen_tomorrow = guest_born(date(2008, 11, 24), serial=9)
    assert refused(payload_of(eighteen_today, eighteen_tomorrow)) == [
        {"field": "guests[1].care", "problem": "missing"}
    ]
    read = read_checkin(payload_of(eighteen_today, guest_born(date(2008, 11, 24), care=CALLED)))
    assert read.guests[1].care == CALLED
    with_care = payload_of(guest_born(date(2008, 11, 23), care=CALLED))
    assert refused(with_care) == [{"field": "guests[0].care", "problem": "not_for_an_adult"}]


def test_one_born_on_29_february_comes_of_age_on_1_march() -> None:
    born = date(2008, 2, 29)
    payload = payload_of(guest_born(born))
    payload["arrival"], payload["departure"] = "2026-02-28", "2026-03-01"
    assert refused(payload) == [{"field": "guests[0].care", "problem": "missing"}]
    payload["arrival"], payload["departure"] = "2026-03-01", "2026-03-02"
    assert read_checkin(payload).guests[0].care is None


def test_a_minor_is_accompanied_by_another_adult_guest_of_the_room() -> None:
    parent = guest_born(date(1980, 1, 1))
    by_guest = MinorCare(CareKind.ACCOMPANIED, Relationship.PARENT, companion_guest=0)
    child = guest_born(date(2016, 5, 5), care=by_guest, serial=11)
    assert read_checkin(payload_of(parent, child)).guests[1].care == by_guest
    payload = payload_of(parent, child)
    payload["guests"][1]["care"]["companion"] = {"guest": 1}
    assert refused(payload) == [
        {"field": "guests[1].care.companion.guest", "problem": "not_a_guest"}
    ]
    payload["guests"][1]["care"]["companion"] = {"guest": 2}
    assert refused(payload)[0]["problem"] == "not_a_guest"
    payload["guests"][1]["care"]["companion"] = {"guest": True}
    assert refused(payload)[0]["problem"] == "not_an_integer"
    sibling = guest_born(date(2012, 5, 5), care=CALLED, serial=13)
    by_sibling = MinorCare(CareKind.ACCOMPANIED, Relationship.RELATIVE, companion_guest=0)
    assert refused(payload_of(sibling, guest_born(date(2016, 5, 5), care=by_sibling))) == [
        {"field": "guests[1].care.companion.guest", "problem": "not_an_adult"}
    ]


def test_a_typed_companion_is_an_adult_with_a_valid_resident_identity_number() -> None:
    adult = person_number(date(1990, 1, 1), Sex.MALE)
    typed = MinorCare(
        CareKind.ACCOMPANIED, Relationship.TEACHER, companion_name="周老师", companion_number=adult
    )
    assert read_checkin(payload_of(guest_born(date(2015, 1, 1), care=typed))).guests[0].care == (
        typed
    )
    payload = payload_of(guest_born(date(2015, 1, 1), care=typed))
    companion = payload["guests"][0]["care"]["companion"]
    companion["number"] = person_number(date(2010, 1, 1), Sex.MALE)
    assert refused(payload) == [
        {"field": "guests[0].care.companion.number", "problem": "not_an_adult"}
    ]
    companion["number"] = adult[:-1] + ("1" if adult[-1] != "1" else "2")
    assert refused(payload)[0]["problem"] == "not_an_identity_number"
    companion["number"] = adult.lower() if adult.endswith("X") else " " + adult
    assert refused(payload)[0]["problem"] == "not_an_identity_number"  # canonical only
    companion["number"] = adult
    companion["guest"] = 0
    assert refused(payload)[0] == {"field": "guests[0].care.companion", "problem": "unknown_key"}


def test_a_guardian_called_has_a_name_and_a_mainland_mobile_number() -> None:
    payload = payload_of(guest_born(date(2015, 1, 1), care=CALLED))
    for phone in ("12912345678", "1391234567", "139123456789", "+8613912345678", "1391234567８"):
        payload["guests"][0]["care"]["guardian"]["phone"] = phone
        assert refused(payload) == [
            {"field": "guests[0].care.guardian.phone", "problem": "not_a_mobile"}
        ]
    payload["guests"][0]["care"]["companion"] = {"guest": 0}
    payload["guests"][0]["care"]["guardian"]["phone"] = "13912345678"
    assert refused(payload) == [{"field": "guests[0].care", "problem": "unknown_key"}]


def test_an_e_id_guest_is_the_person_its_number_says() -> None:
    guest = guest_born(date(1980, 1, 1))
    payload = payload_of(guest)
    payload["guests"][0]["birth_date"] = "1980-01-02"
    assert refused(payload) == [{"field": "guests[0].birth_date", "problem": "not_the_numbers"}]
    payload = payload_of(guest)
    payload["guests"][0]["sex"] = "M"
    assert refused(payload) == [{"field": "guests[0].sex", "problem": "not_the_numbers"}]
    payload["guests"][0]["sex"] = None
    assert refused(payload) == [{"field": "guests[0].sex", "problem": "required"}]
    payload = payload_of(guest)
    payload["guests"][0]["nationality"] = "CHN"
    assert refused(payload) == [{"field": "guests[0].nationality", "problem": "not_allowed"}]


def test_an_overseas_resident_has_a_document_number_a_nationality_and_maybe_no_sex() -> None:
    report = family_report(ARRIVAL)
    payload = through_json(report.payload())
    visitor = payload["guests"][2]
    assert visitor["sex"] is None and visitor["number"] == VISITOR_NUMBER
    visitor["sex"] = "F"
    assert read_checkin(payload).guests[2].sex is Sex.FEMALE
    visitor["name"] = "A" * MAX_RESIDENT_NAME  # a passport's name may be longer than an e-ID's
    read_checkin(payload)
    visitor["name"] = "A" * (MAX_RESIDENT_NAME + 1)
    assert refused(payload) == [{"field": "guests[2].name", "problem": "too_long"}]
    visitor["name"] = "Anna"
    del visitor["nationality"]
    assert refused(payload) == [{"field": "guests[2].nationality", "problem": "missing"}]
    visitor["nationality"] = "XXX"
    assert refused(payload) == [{"field": "guests[2].nationality", "problem": "not_a_country"}]
    visitor["nationality"] = "DEU"
    visitor["number"] = "c01x00t47"
    assert refused(payload) == [{"field": "guests[2].number", "problem": "not_a_document_number"}]
    payload["guests"][0]["name"] = "王" * (MAX_NAME + 1)
    assert {"field": "guests[0].name", "problem": "too_long"} in refused(payload)


def test_the_same_person_is_in_a_room_once() -> None:
    guest = guest_born(date(1980, 1, 1))
    assert refused(payload_of(guest, guest_born(date(1981, 1, 1), serial=8), guest)) == [
        {"field": "guests[2].number", "problem": "repeated"}
    ]


def test_a_room_has_one_to_eight_guests_and_one_to_ninety_nights() -> None:
    payload = payload_of(guest_born(date(1980, 1, 1)))
    payload["guests"] = []
    assert refused(payload) == [{"field": "guests", "problem": "no_guests"}]
    payload["guests"] = [
        payload_of(guest_born(date(1980, 1, 1), serial=serial))["guests"][0]
        for serial in range(MAX_GUESTS_PER_ROOM + 1)
    ]
    assert refused(payload) == [{"field": "guests", "problem": "too_many_guests"}]
    payload["guests"] = payload["guests"][:MAX_GUESTS_PER_ROOM]
    payload["departure"] = (ARRIVAL + timedelta(days=MAX_NIGHTS)).isoformat()
    assert read_checkin(payload).nights == MAX_NIGHTS
    payload["departure"] = (ARRIVAL + timedelta(days=MAX_NIGHTS + 1)).isoformat()
    assert refused(payload) == [{"field": "departure", "problem": "too_many_nights"}]
    payload["departure"] = ARRIVAL.isoformat()
    assert refused(payload) == [{"field": "departure", "problem": "not_after_arrival"}]


def test_the_arrival_is_near_the_day_the_check_in_was_queued() -> None:
    payload = payload_of(guest_born(date(1980, 1, 1)))
    for day in (ARRIVAL - timedelta(days=1), ARRIVAL, ARRIVAL + timedelta(days=1)):
        read_checkin(payload, checked_in_on=day)
    for day in (ARRIVAL - timedelta(days=2), ARRIVAL + timedelta(days=2), date(2030, 1, 1)):
        assert refused(payload, checked_in_on=day) == [
            {"field": "arrival", "problem": "not_near_check_in"}
        ]


@pytest.mark.parametrize(
    ("version", "problem"),
    [
        (2, "unsupported_version"),
        (0, "unsupported_version"),
        (True, "not_an_integer"),
        (1.0, "not_an_integer"),
        ("1", "not_an_integer"),
        (None, "not_an_integer"),
    ],
)
def test_only_version_1_is_read(version: object, problem: str) -> None:
    payload = checkin_payload(ARRIVAL, version=version, room="lower-case", guests=[])
    assert refused(payload) == [{"field": "version", "problem": problem}]  # nothing more judged
    checkout = {**checkout_payload("CQ-YB-0001-20261123-000001"), "version": version}
    assert refused_checkout(checkout) == [{"field": "version", "problem": problem}]


def test_dates_and_times_are_iso_8601_with_an_offset_within_the_years_read() -> None:
    payload = checkin_payload(ARRIVAL)
    for text, problem in [
        ("20261123", "not_a_date"),
        ("2026-11-23T00:00:00", "not_a_date"),
        ("2026-02-30", "not_a_date"),
        ("２０２６-11-23", "not_a_date"),
        ("1999-12-31", "out_of_range"),
    ]:
        assert refused({**payload, "arrival": text})[0] == {"field": "arrival", "problem": problem}
    guest = payload["guests"][0]
    for text, problem in [
        ("2026-11-23T20:05:00", "not_aware"),
        ("2026-11-23 20:05:00+08:00", "not_a_time"),
        ("2026-11-23T20:05:00+24:00", "not_a_time"),
        ("2026-11-23T20:05+08:00", "not_a_time"),
        ("2300-11-23T20:05:00+08:00", "out_of_range"),
    ]:
        changed = copy.deepcopy(payload)
        changed["guests"][0] = {**guest, "verified_at": text}
        assert refused(changed) == [{"field": "guests[0].verified_at", "problem": problem}]
    changed["guests"][0] = {**guest, "verified_at": "2026-11-23T12:05:00Z"}
    assert read_checkin(changed).guests[0].verified_at == datetime(
        2026, 11, 23, 20, 5, tzinfo=CHINA_TIME
    )
    born_late = copy.deepcopy(payload)
    born_late["guests"][2]["birth_date"] = "2026-11-24"
    assert refused(born_late) == [{"field": "guests[2].birth_date", "problem": "after_arrival"}]


def test_names_are_clean_text() -> None:
    payload = checkin_payload(ARRIVAL)
    for name in ("王\u202e明", "王\n明", "王\ud800明", "  ", ""):
        changed = copy.deepcopy(payload)
        changed["guests"][0]["name"] = name
        (problem,) = refused(changed)
        assert problem["field"] == "guests[0].name"
        assert problem["problem"] in {"forbidden_character", "empty"}
    changed["hotel"] = {"zh": "酒" * MAX_HOTEL_ZH, "en": "H" * (MAX_HOTEL_EN + 1)}
    changed["guests"][0]["name"] = PARENT_NAME
    assert refused(changed) == [{"field": "hotel.en", "problem": "too_long"}]


def test_the_hotels_name_may_be_as_long_as_the_terminals_configuration_allows() -> None:
    fields = LocalizedName.model_fields
    assert [item.max_length for item in fields["zh"].metadata if hasattr(item, "max_length")] == [
        MAX_HOTEL_ZH
    ]
    assert [item.max_length for item in fields["en"].metadata if hasattr(item, "max_length")] == [
        MAX_HOTEL_EN
    ]


def test_an_unknown_key_is_named_by_the_object_holding_it_never_by_itself() -> None:
    secret = f"{CHILD_NAME}{person_number(date(2016, 1, 1), Sex.MALE)}"
    payload = checkin_payload(ARRIVAL)
    payload[secret] = "x"
    payload["guests"][1]["care"][secret] = 1
    with pytest.raises(ReportInvalid) as caught:
        read_checkin(payload)
    error = caught.value
    assert error.problems == [
        {"field": "payload", "problem": "unknown_key"},
        {"field": "guests[1].care", "problem": "unknown_key"},
    ]
    assert secret not in str(error) and CHILD_NAME not in repr(error.problems)


def test_problems_are_all_named_at_once() -> None:
    payload = checkin_payload(ARRIVAL, room="room 1", departure="2026-11-22")
    payload["guests"][0]["region"] = "BJ"
    payload["guests"][2]["credential"] = "passport"
    assert refused(payload) == [
        {"field": "room", "problem": "not_a_room"},
        {"field": "departure", "problem": "not_after_arrival"},
        {"field": "guests[0].region", "problem": "not_a_choice"},
        {"field": "guests[2].credential", "problem": "not_a_choice"},
    ]


def test_a_check_out_names_a_reference_and_an_aware_time() -> None:
    at = datetime(2026, 11, 25, 11, 30, tzinfo=CHINA_TIME)
    reference = "CQ-YB-0001-20261123-000042"
    assert read_checkout(checkout_payload(reference, at)) == CheckoutReport(reference, at)
    assert refused_checkout({"version": 1, "checked_out_at": at.isoformat()}) == [
        {"field": "checkin_reference", "problem": "missing"}
    ]
    assert refused_checkout(
        {**checkout_payload(reference, at), "checked_out_at": "2026-11-25T11:30:00"}
    ) == [{"field": "checked_out_at", "problem": "not_aware"}]
    assert refused_checkout([]) == [{"field": "payload", "problem": "not_an_object"}]
    assert refused([]) == [{"field": "payload", "problem": "not_an_object"}]

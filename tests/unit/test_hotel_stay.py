"""The desk's card: a guest from a verified code, and the rules for saving a room's check-in
(rooms, nights, minors and who cares for them, the same person in another room)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.credentials.errors import Reason
from kiosk.credentials.model import Sex
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.text import Bilingual
from kiosk.hotel.guest import Guest, guest_from, sex_from_number
from kiosk.hotel.report import MAX_GUESTS_PER_ROOM, MAX_NIGHTS, CareKind, Relationship, age_on
from kiosk.hotel.stay import (
    CareDraft,
    Problem,
    StayDraft,
    StayProblem,
    normal_room,
    problems,
    report_of,
)
from refplatform.issuer.issue import issue_e_resident, issue_eid
from refplatform.issuer.keys import DemoKeySet
from tests.support.credential_fixtures import NOW, Terminal
from tests.support.identities import resident_id

ARRIVAL = date(2026, 12, 5)
HOTEL = Bilingual("川渝通办演示酒店", "Chuanyu Demo Hotel")
VERIFIED = datetime(2026, 12, 5, 6, 2, tzinfo=UTC)


def _guest(birth: str = "19800101", sequence: str = "123", name: str = "张晓明") -> Guest:
    number = resident_id("500112", birth, sequence)
    return Guest(
        credential=CredentialType.EID,
        name=name,
        number=number,
        region=Region.CHONGQING,
        birth_date=date(int(birth[:4]), int(birth[4:6]), int(birth[6:])),
        sex=sex_from_number(number),
        nationality=None,
        verified_at=VERIFIED,
        valid_until=VERIFIED + timedelta(minutes=3),
    )


ADULT = _guest()
OTHER_ADULT = _guest("19820304", "224", "李芳")
CHILD = _guest("20150601", "332", "张小川")  # 11 on arrival
TEEN = _guest("20081206", "441", "张大川")  # 17 on arrival, 18 the day after


def _card(*guests: Guest, room: str = "0812") -> StayDraft:
    draft = StayDraft(arrival=ARRIVAL, room=room)
    for guest in guests:
        draft.add(guest)
    return draft


def _kinds(draft: StayDraft) -> list[Problem]:
    return [found.problem for found in problems(draft)]


def test_a_guest_from_a_verified_eid_and_resident_card(
    terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    result = terminal.verifier.verify(
        issue_eid(demo_keys, "cq-eid", NOW), Purpose.HOTEL_CHECK_IN, NOW
    )
    guest = guest_from(result.credential, NOW)
    assert guest is not None
    assert guest.credential is CredentialType.EID
    assert guest.sex is sex_from_number(guest.number)
    assert guest.valid_until is not None and guest.valid_until > NOW
    assert guest.masked_number.count("*") == 10
    assert guest.home_region is not None  # the number's region is in the GB/T 2260 table
    assert guest.latin_name and guest.latin_name.isascii()
    resident = terminal.verifier.verify(
        issue_e_resident(demo_keys, "sc-eid", NOW), Purpose.HOTEL_CHECK_IN, NOW
    )
    foreigner = guest_from(resident.credential, NOW)
    assert foreigner is not None
    assert foreigner.credential is CredentialType.E_RESIDENT
    assert foreigner.sex is None and foreigner.home_region is None
    assert foreigner.latin_name == foreigner.name
    assert guest_from(None, NOW) is None


def test_sex_comes_from_the_seventeenth_character() -> None:
    assert sex_from_number(resident_id("500112", "19800101", "123")) is Sex.MALE
    assert sex_from_number(resident_id("500112", "19800101", "124")) is Sex.FEMALE
    assert sex_from_number("E12345678") is None


@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2026, 12, 31)), st.integers(0, 80))
def test_age_is_full_years(birth: date, years: int) -> None:
    try:
        birthday = birth.replace(year=birth.year + years)
    except ValueError:  # 29 February in a common year: the birthday is 1 March
        birthday = date(birth.year + years, 3, 1)
    assert age_on(birth, birthday) == years
    assert age_on(birth, birthday - timedelta(days=1)) == years - 1


def test_an_adult_with_a_room_can_be_saved_and_becomes_the_report() -> None:
    draft = _card(ADULT, OTHER_ADULT, room=" ０８１２ ")
    draft.set_nights(2)
    assert problems(draft) == []
    report = report_of(draft, HOTEL)
    assert report.room == "0812"
    assert (report.arrival, report.departure, report.nights) == (ARRIVAL, date(2026, 12, 7), 2)
    assert [guest.care for guest in report.guests] == [None, None]
    assert report.payload()["guests"][0]["number"] == ADULT.number


@pytest.mark.parametrize(
    ("room", "problem"),
    [
        ("", Problem.ROOM_MISSING),
        ("08 12!", Problem.ROOM_INVALID),
        ("123456789", Problem.ROOM_INVALID),
    ],
)
def test_a_room_is_required_and_checked(room: str, problem: Problem) -> None:
    assert _kinds(_card(ADULT, room=room)) == [problem]
    with pytest.raises(ValueError, match="cannot be saved"):
        report_of(_card(ADULT, room=room), HOTEL)


def test_an_empty_card_and_nights_out_of_bounds() -> None:
    assert _kinds(_card()) == [Problem.NO_GUEST]
    draft = _card(ADULT)
    draft.set_departure(ARRIVAL)  # not after the arrival: one night at least
    assert draft.nights == 1
    draft.set_nights(MAX_NIGHTS + 5)
    assert draft.nights == MAX_NIGHTS and problems(draft) == []
    draft.nights = 0
    assert _kinds(draft) == [Problem.DEPARTURE_NOT_AFTER_ARRIVAL]
    draft.nights = MAX_NIGHTS + 1
    assert _kinds(draft) == [Problem.TOO_MANY_NIGHTS]
    full = _card(*[_guest(sequence=f"{100 + i}") for i in range(MAX_GUESTS_PER_ROOM + 1)])
    assert Problem.TOO_MANY_GUESTS in _kinds(full)


def test_a_minor_with_one_adult_is_accompanied_by_them_once_the_relationship_is_said() -> None:
    draft = _card(ADULT, CHILD)
    assert draft.minors() == [1]
    assert draft.care[1].kind is CareKind.ACCOMPANIED and draft.care[1].companion_guest == 0
    assert problems(draft) == [StayProblem(Problem.RELATIONSHIP_MISSING, guest=1)]
    draft.care[1].relationship = Relationship.PARENT
    assert problems(draft) == []
    report = report_of(draft, HOTEL)
    care = report.guests[1].care
    assert care is not None and care.companion_guest == 0
    assert report.guests[1].payload()["care"] == {
        "kind": "accompanied",
        "relationship": "parent",
        "companion": {"guest": 0},
    }


def test_a_minor_alone_needs_a_companion_or_a_confirmed_call_to_a_guardian() -> None:
    draft = _card(TEEN)
    assert _kinds(draft) == [Problem.MINOR_NEEDS_CARE]
    draft.care[0] = CareDraft(kind=CareKind.ACCOMPANIED, relationship=Relationship.RELATIVE)
    assert _kinds(draft) == [Problem.COMPANION_MISSING]
    draft.care[0].companion_name = "王伟"
    draft.care[0].companion_number = "510104200901011234"  # not a valid number
    assert _kinds(draft) == [Problem.COMPANION_NUMBER_INVALID]
    draft.care[0].companion_number = resident_id("510104", "20100101", "771")  # a child too
    assert _kinds(draft) == [Problem.COMPANION_NOT_ADULT]
    draft.care[0].companion_number = resident_id("510104", "19700101", "771")
    assert problems(draft) == []
    # Alone: the guardian called, and the warning confirmed by the clerk.
    draft.care[0] = CareDraft(kind=CareKind.GUARDIAN_CALLED, relationship=Relationship.PARENT)
    assert _kinds(draft) == [
        Problem.GUARDIAN_NAME_MISSING,
        Problem.GUARDIAN_PHONE_INVALID,
        Problem.UNACCOMPANIED_NOT_CONFIRMED,
    ]
    draft.care[0].guardian_name = "张建国"
    draft.care[0].guardian_phone = "138 0013 8000"
    assert _kinds(draft) == [Problem.UNACCOMPANIED_NOT_CONFIRMED]  # never saved silently
    draft.care[0].confirmed = True
    assert problems(draft) == []
    care = report_of(draft, HOTEL).guests[0].care
    assert care is not None and care.guardian_phone == "13800138000"


def test_a_guest_of_eighteen_tomorrow_is_a_minor_tonight() -> None:
    assert _card(TEEN).minors() == [0]
    assert StayDraft(arrival=ARRIVAL + timedelta(days=1), guests=[TEEN]).minors() == []


def test_removing_a_guest_keeps_what_refers_to_the_others() -> None:
    # Two adults scanned after the child: the first is proposed, the clerk picks the second.
    draft = _card(CHILD, OTHER_ADULT, ADULT)
    assert draft.care[0].companion_guest == 1
    draft.care[0] = CareDraft(
        kind=CareKind.ACCOMPANIED, relationship=Relationship.PARENT, companion_guest=2
    )
    draft.elsewhere = {2: "0603"}
    draft.remove(1)
    assert draft.care[0].companion_guest == 1  # the same adult, now second
    assert draft.elsewhere == {1: "0603"}
    assert problems(draft) == [StayProblem(Problem.IN_ANOTHER_ROOM, guest=1, room="0603")]
    draft.remove(1)  # the companion leaves the card: the child is alone again
    assert draft.care[0].companion_guest is None
    assert Problem.COMPANION_MISSING in _kinds(draft)
    draft.add(OTHER_ADULT)  # one adult again: proposed
    assert draft.care[0].companion_guest == 1
    draft.remove(7)  # nothing there: nothing happens
    assert len(draft.guests) == 2


def test_the_same_person_in_another_room_is_flagged_until_confirmed() -> None:
    draft = _card(ADULT)
    draft.elsewhere = {0: "0603"}
    assert problems(draft) == [StayProblem(Problem.IN_ANOTHER_ROOM, guest=0, room="0603")]
    draft.confirm_elsewhere()
    assert problems(draft) == []
    assert draft.has(ADULT) and not draft.has(OTHER_ADULT)
    draft.add(OTHER_ADULT)  # a guest added later, found in another room: flagged again
    draft.elsewhere = {0: "0603", 1: "0604"}
    assert problems(draft) == [StayProblem(Problem.IN_ANOTHER_ROOM, guest=1, room="0604")]


@given(st.text(max_size=12))
def test_a_normal_room_is_what_the_report_accepts_or_a_problem(text: str) -> None:
    draft = _card(ADULT, room=text)
    found = _kinds(draft)
    assert found in ([], [Problem.ROOM_MISSING], [Problem.ROOM_INVALID])
    if not found:
        assert report_of(draft, HOTEL).room == normal_room(text)


def test_reason_enum_used_by_the_desk_is_the_verifiers() -> None:
    assert Reason.REPLAYED.value == "replayed"


def test_typed_names_and_phones_are_what_the_platform_reads() -> None:
    draft = _card(TEEN)
    draft.care[0] = CareDraft(
        kind=CareKind.GUARDIAN_CALLED,
        relationship=Relationship.PARENT,
        guardian_name="张" * 61,
        guardian_phone="１３８００１３８０００",  # full-width digits, as some keyboards type
        confirmed=True,
    )
    assert _kinds(draft) == [Problem.GUARDIAN_NAME_MISSING]
    draft.care[0].guardian_name = "张\x07建国"
    assert _kinds(draft) == [Problem.GUARDIAN_NAME_MISSING]
    draft.care[0].guardian_name = "张建国"
    assert problems(draft) == []
    care = report_of(draft, HOTEL).guests[0].care
    assert care is not None and care.guardian_phone == "13800138000"

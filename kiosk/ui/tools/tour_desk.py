"""The hotel desk in the tour: the hotel's home, the desk scanning, a guest's card, a room of
several guests, a minor's care, an unaccompanied minor, a replayed code, the same person in
another room, a room saved (waiting for the network, and reported), the register's three tabs,
a stay and its check-out question (``TourStep``s of the hotel profile, driven through the
shell, the desk's camera and the journey's intents, the way a clerk's keys go).

The tour's hotel terminal is not enrolled with a platform: each picture gets a register of its
own (``kiosk.terminal.UnsentCheckins``: the real register on a database of its own, its reports
queued in a real outbox sealed to a throwaway platform key), so every room is saved and queued
for real and stays queued; "reported" answers are written into the outbox as the delivery
worker writes them. The guests show codes issued by the demo keys at the step's time (the demo
camera's family, ``kiosk.demo.desk_guest_codes``): the terminal's replay cache outlives a
picture, so a code is never shown in two.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication
from stdnum.cn import ric

from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.demo import DEMO_CHILD, DEMO_CHILD_AGE, DEMO_FATHER, DEMO_MOTHER, desk_guest_codes
from kiosk.devices import frames
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.register import Stay
from kiosk.hotel.report import CareKind, CheckinReport, MinorCare, Relationship, ReportedGuest
from kiosk.journeys.desk import REFRESH_S, DeskJourney, RegisterTab
from kiosk.journeys.modes import HOTEL, JourneyName
from kiosk.journeys.scan import HINT_PERSISTENCE
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.terminal import UnsentCheckins
from kiosk.ui.tools.tour import TourContext, TourStep, settle

ROOM = "0812"  # the family's room
OTHER_ROOM = "1203"
GUARDIAN_PHONE = "13812345678"
_AWAY_S = 3.0  # a guest steps away: longer than the desk's scan gate waits (2 s)
_MOST_FRAMES = 6  # a phone held up is read in two


def _desk_register(tour: TourContext) -> UnsentCheckins:
    """A register of this picture's own, given to the shell (closed after the picture)."""
    assert tour.loaded is not None
    config = tour.loaded.config
    folder = Path(tempfile.mkdtemp(prefix="tour-desk-", dir=tour.loaded.data_dir))
    unsent = UnsentCheckins(
        folder,
        terminal_id=config.terminal.id,
        hotel=config.hotel_name,
        clock=tour.clock,
        tasks=SyncTaskRunner(),
    )

    def close() -> None:
        unsent.close()
        shutil.rmtree(folder, ignore_errors=True)

    tour.cleanups.append(close)
    tour.kiosk.shell.desk = unsent.services
    return unsent


def _journey(tour: TourContext) -> DeskJourney:
    journey = tour.kiosk.shell.journey
    assert isinstance(journey, DeskJourney), "the desk is not open"
    return journey


def _desk(tour: TourContext) -> tuple[DeskJourney, UnsentCheckins]:
    """The desk open, its camera showing nobody."""
    unsent = _desk_register(tour)
    tour.camera.show([frames.blank_frame()])
    tour.kiosk.shell.start(JourneyName.DESK)
    _frames(tour, 2)
    return _journey(tour), unsent


def _frames(tour: TourContext, count: int) -> None:
    for _ in range(count):
        tour.camera.step()
        QApplication.processEvents()  # the frame is analysed (inline here)


def _show(tour: TourContext, code: str) -> None:
    """A guest holds their phone up until the desk has judged the code, then steps away (the
    camera's line goes back to "ready" after a few frames of nobody)."""
    journey = _journey(tour)

    def serial() -> int:
        notice = journey.state.notice
        return notice.serial if notice is not None else 0

    before = serial()
    tour.camera.show([frames.phone_frame([code], code_height=460)])
    for _ in range(_MOST_FRAMES):
        _frames(tour, 1)
        if serial() != before:
            break
    tour.camera.show([frames.blank_frame()])
    tour.clock.advance(_AWAY_S)
    _frames(tour, HINT_PERSISTENCE)


def _family(tour: TourContext, *people: str) -> DeskJourney:
    """The desk, and the family's guests named (father, mother, child, visitor) shown in turn."""
    journey, _unsent = _desk(tour)
    _scan(tour, *people)
    return journey


def _scan(tour: TourContext, *people: str) -> None:
    assert tour.loaded is not None
    codes = desk_guest_codes(tour.loaded.data_dir, tour.clock.now())
    chosen = {
        "father": codes.father,
        "mother": codes.mother,
        "child": codes.child,
        "visitor": codes.e_resident,
    }
    for person in people:
        _show(tour, chosen[person])


def _room(journey: DeskJourney, room: str = ROOM, nights: int = 2) -> None:
    journey.set_room(room)
    journey.set_nights(nights)


def _scanning(tour: TourContext) -> None:
    _desk(tour)


def _guest(tour: TourContext) -> None:
    _family(tour, "father")


def _several(tour: TourContext) -> None:
    journey = _family(tour, "father", "mother", "visitor")
    _room(journey)


def _child_index(journey: DeskJourney) -> int:
    draft = journey.state.draft
    assert draft is not None, "no card"
    minors = draft.minors()
    assert minors, "no minor on the card"
    return minors[0]


def _minor_cared_for(tour: TourContext) -> None:
    journey = _family(tour, "father", "child")
    _room(journey)
    child = _child_index(journey)
    journey.set_care(child, kind=CareKind.ACCOMPANIED, relationship=Relationship.PARENT)


def _minor_alone(tour: TourContext) -> None:
    journey = _family(tour, "child")
    _room(journey, OTHER_ROOM, 1)
    child = _child_index(journey)
    journey.set_care(child, kind=CareKind.GUARDIAN_CALLED, relationship=Relationship.PARENT)
    journey.set_care(child, guardian_name=DEMO_FATHER[0], guardian_phone=GUARDIAN_PHONE)


def _replayed(tour: TourContext) -> None:
    assert tour.loaded is not None
    journey, _unsent = _desk(tour)
    codes = desk_guest_codes(tour.loaded.data_dir, tour.clock.now())
    _show(tour, codes.father)
    _room(journey)
    tour.clock.advance(40)
    _show(tour, codes.father)  # the same phone screen again: the code is used up


def _saved(tour: TourContext) -> tuple[DeskJourney, UnsentCheckins]:
    """The family's room saved (its slip printed)."""
    journey, unsent = _desk(tour)
    _scan(tour, "father", "mother", "child")
    _room(journey)
    journey.set_care(_child_index(journey), kind=CareKind.ACCOMPANIED, companion_guest=0)
    journey.set_care(_child_index(journey), relationship=Relationship.PARENT)
    journey.save()
    return journey, unsent


def _saved_offline(tour: TourContext) -> None:
    _saved(tour)
    tour.clock.advance(REFRESH_S)
    tour.kiosk.shell.poll()  # looked at again: still waiting


def _saved_reported(tour: TourContext) -> None:
    _, unsent = _saved(tour)
    unsent.answer_waiting()
    tour.clock.advance(REFRESH_S)
    tour.kiosk.shell.poll()  # looked at again: reported, with its number


def _elsewhere(tour: TourContext) -> None:
    journey, _unsent = _desk(tour)
    _scan(tour, "father")
    _room(journey)
    journey.save()
    tour.clock.advance(60)
    _scan(tour, "father")  # a new card: the father again (a fresh code), for another room
    _room(journey, OTHER_ROOM)


# --------------------------------------------------------------------------- the register


def _number(region: str, born: str, sequence: str) -> str:
    """A resident identity number (``born``: YYYYMMDD; an odd last ``sequence`` digit: male)."""
    body = f"{region}{born}{sequence}"
    return body + ric.calc_check_digit(body + "0")  # stdnum reads the number with its check place


def _person(name: str, number: str, at: datetime, care: MinorCare | None = None) -> ReportedGuest:
    return ReportedGuest(
        credential=CredentialType.EID,
        name=name,
        number=number,
        region=Region.CHONGQING,
        birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        sex=Sex.MALE if int(number[16]) % 2 else Sex.FEMALE,
        nationality=None,
        verified_at=at,
        care=care,
    )


def _visitor(at: datetime) -> ReportedGuest:
    return ReportedGuest(
        credential=CredentialType.E_RESIDENT,
        name="John Demo SMITH",
        number="GBR500288092101",
        region=Region.CHONGQING,
        birth_date=date(1988, 9, 21),
        sex=None,
        nationality="GBR",
        verified_at=at,
    )


def _seed(tour: TourContext, unsent: UnsentCheckins) -> None:
    """A day at the demo hotel: today's arrivals (the family, reported; a teenager alone whose
    guardian was called, waiting), guests in house since yesterday (a couple, reported; an
    overseas resident, waiting), a guest checked out today (its check-out waiting) and a family
    due to leave today."""
    assert tour.loaded is not None
    hotel = tour.loaded.config.hotel_name
    now = tour.clock.now()
    today = now.astimezone(CHINA_TIME).date()
    yesterday = today - timedelta(days=1)
    register = unsent.register

    def stay(room: str, arrival: date, nights: int, *guests: ReportedGuest) -> Stay:
        departure = arrival + timedelta(days=nights)
        return register.save(CheckinReport(hotel, room, arrival, departure, guests))

    def demo(person: tuple[str, str, str, str], born: str | None = None) -> str:
        _name, region, birth, sequence = person
        return _number(region, born or birth, sequence)

    child_born = f"{today.year - DEMO_CHILD_AGE}{DEMO_CHILD[2]}"
    parent = MinorCare(CareKind.ACCOMPANIED, Relationship.PARENT, companion_guest=0)
    alone = MinorCare(
        CareKind.GUARDIAN_CALLED,
        Relationship.PARENT,
        guardian_name="赵大山",
        guardian_phone=GUARDIAN_PHONE,
    )
    stay(
        ROOM,
        today,
        2,
        _person(DEMO_FATHER[0], demo(DEMO_FATHER), now),
        _person(DEMO_MOTHER[0], demo(DEMO_MOTHER), now),
        _person(DEMO_CHILD[0], demo(DEMO_CHILD, child_born), now, parent),
    )
    stay(
        "0901",
        yesterday,
        2,
        _person("陈思远", _number("500103", "19900502", "157"), now),
        _person("刘婷", _number("500105", "19920819", "268"), now),
    )
    stay(
        "0608",
        yesterday - timedelta(days=1),
        2,
        _person("黄磊", _number("500108", "19830130", "193"), now),
        _person("黄小宝", _number("500108", "20140707", "215"), now, parent),
    )
    left = stay("0702", yesterday, 1, _person("周敏", _number("500112", "19790303", "322"), now))
    unsent.answer_waiting()  # these are reported; the next ones wait for the network
    teenager = _number("500113", f"{today.year - 16}0410", "431")
    stay(OTHER_ROOM, today, 1, _person("赵雨晨", teenager, now, alone))
    stay("1506", yesterday, 3, _visitor(now))
    register.check_out(left.stay_id)


def _register(tour: TourContext, tab: RegisterTab = RegisterTab.IN_HOUSE) -> DeskJourney:
    unsent = _desk_register(tour)
    _seed(tour, unsent)
    tour.kiosk.shell.start(JourneyName.REGISTER)
    journey = _journey(tour)
    journey.set_tab(tab)
    settle()
    return journey


def _stay(tour: TourContext) -> DeskJourney:
    journey = _register(tour)
    family = next(stay for stay in journey.state.stays if stay.room == ROOM)
    journey.open_stay(family.stay_id)
    return journey


def step(name: str, prepare: Callable[[TourContext], object]) -> TourStep:
    """A step of the hotel profile whose preparation's result is not needed."""

    def run(tour: TourContext) -> None:
        prepare(tour)

    return TourStep(name, run, mode=HOTEL)


DESK_STEPS: tuple[TourStep, ...] = (
    TourStep("desk-home", lambda tour: tour.kiosk.window.footer.set_link("online", 0), mode=HOTEL),
    step("desk-scanning", _scanning),
    step("desk-guest", _guest),
    step("desk-room", _several),
    step("desk-minor", _minor_cared_for),
    step("desk-minor-alone", _minor_alone),
    step("desk-replayed", _replayed),
    step("desk-elsewhere", _elsewhere),
    step("desk-saved-offline", _saved_offline),
    step("desk-saved-reported", _saved_reported),
    step("register-in-house", _register),
    step("register-arrivals", lambda tour: _register(tour, RegisterTab.ARRIVALS)),
    step("register-departures", lambda tour: _register(tour, RegisterTab.DEPARTURES)),
    step("stay", _stay),
    step("stay-check-out", lambda tour: _stay(tour).ask_check_out()),
)

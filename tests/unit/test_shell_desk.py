"""The host with a hotel desk: the desk's tiles need its register; idling clears the guests'
data but keeps the clerk on their screen and in their language; the clerk's language outlasts
going home."""

from __future__ import annotations

from pathlib import Path

from kiosk.domain.text import Bilingual
from kiosk.journeys.desk import DeskJourney, DeskStep
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import HOTEL, JourneyName, TerminalFacts
from kiosk.journeys.shell import DESK_IDLE_FACTOR, KioskShell
from kiosk.runtime.clock import ManualClock
from tests.support.desk import desk_services

TIMEOUT = 90


def _shell(clock: ManualClock) -> KioskShell:
    return KioskShell(
        clock,
        mode=HOTEL,
        languages=["zh_CN", "en"],
        default_language="zh_CN",
        idle_timeout_s=TIMEOUT,
        idle_countdown_s=20,
        terminal=TerminalFacts("CQ-YB-0001", Bilingual("川渝通办演示酒店", "Chuanyu Demo Hotel")),
    )


def test_without_a_register_the_desk_cannot_start(tmp_path: Path) -> None:
    clock = ManualClock()
    shell = _shell(clock)
    assert not shell.can_start(JourneyName.DESK)
    shell.start(JourneyName.DESK)
    assert shell.journey is None
    services, _outbox, database = desk_services(tmp_path, clock)
    shell.desk = services
    assert shell.can_start(JourneyName.DESK) and shell.can_start(JourneyName.REGISTER)
    assert not shell.can_start(JourneyName.HELP)  # no citizen help on a hotel desk
    shell.start(JourneyName.REGISTER)
    assert shell.screen is Screen.DESK_REGISTER
    database.close()


def test_idling_at_the_desk_clears_the_card_and_keeps_the_clerk(tmp_path: Path) -> None:
    clock = ManualClock()
    shell = _shell(clock)
    services, _outbox, database = desk_services(tmp_path, clock)
    shell.desk = services
    shell.set_language("en")
    shell.start(JourneyName.DESK)
    journey = shell.journey
    assert isinstance(journey, DeskJourney)
    journey.guest_scanned(None)  # something shown on the card
    journey.open_register()
    journey.to_desk()
    assert journey.state.notice is not None
    session = shell.session.number
    clock.advance(TIMEOUT * DESK_IDLE_FACTOR - 1)  # longer than a citizen's: a call takes time
    shell.poll()
    assert not shell.view().countdown_visible  # a desk has no "are you still there?"
    assert journey.state.notice is not None
    clock.advance(2)
    shell.poll()
    assert shell.journey is journey and journey.step is DeskStep.DESK
    assert journey.state.notice is None  # cleared for the guests' privacy
    assert shell.session.number == session and shell.view().language == "en"
    clock.advance(TIMEOUT * DESK_IDLE_FACTOR + 1)  # and again, a while later: still there
    shell.poll()
    assert shell.journey is journey
    shell.go_home()
    assert shell.screen is Screen.HOME
    assert shell.view().language == "en"  # the clerk's language, not a visitor's
    database.close()

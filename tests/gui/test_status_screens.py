"""The status screens as a citizen meets them: the home tile, typing the acceptance number on
the field, the answer with its timeline (a returned application with its reason translated),
"not found", "cannot reach the platform" with "Try again", the receipt's QR code read through
the scan screen (another code refused as "not a receipt code" and read again), and nothing
left on any screen after going home. The look-up is a recorder on the task runner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.devices import frames
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.receipt import status_content, status_url
from kiosk.journeys.modes import JourneyName
from kiosk.journeys.status import StatusDesk
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.sync.status_lookup import (
    LookupResult,
    NotFound,
    Offline,
    ReturnReason,
    StatusAnswer,
    StatusEvent,
    StatusQuery,
    StatusState,
    WaitingHere,
)
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.scan import ScanScreen
from kiosk.ui.screens.status_entry import StatusEntryScreen
from kiosk.ui.screens.status_result import StatusResultScreen
from tests.gui.conftest import KioskFactory
from tests.support.held_runner import HeldRunner

T = TypeVar("T")
CHINA = timezone(timedelta(hours=8))
NUMBER = "SC20261205000123"
ITEM = bundled_catalog().items[0]
NOTE = "请补充户口簿首页"


def at(minute: int) -> datetime:
    return datetime(2026, 12, 5, 10, minute, tzinfo=CHINA)


RETURNED = StatusAnswer(
    ITEM.code,
    StatusState.RETURNED,
    None,
    (
        StatusEvent(StatusState.RECEIVED, at(0)),
        StatusEvent(StatusState.ACCEPTED, at(0)),
        StatusEvent(StatusState.RETURNED, at(30), ReturnReason.MATERIALS_INCOMPLETE, NOTE),
    ),
    NUMBER,
)


class Recorder:
    def __init__(self, answer: LookupResult) -> None:
        self.answer = answer
        self.queries: list[StatusQuery] = []

    def __call__(self, query: StatusQuery) -> LookupResult:
        self.queries.append(query)
        return self.answer


@dataclass
class Rig:
    kiosk: Kiosk
    qtbot: QtBot
    lookup: Recorder
    camera: ImageSequenceSource

    def current(self, kind: type[T]) -> T:
        self.qtbot.waitUntil(lambda: isinstance(self.kiosk.window.current_screen, kind))
        screen = self.kiosk.window.current_screen
        assert isinstance(screen, kind)
        return screen

    def click(self, button: QPushButton) -> None:
        """A tap. In a screen's scrolling body the button's own click is the tap: the scroll
        area's QScroller replays a press by its screen position, which offscreen misses beyond
        the 800 px square screen."""
        assert button.isVisible() and button.isEnabled(), button.text()
        if self.kiosk.window.current_screen.scroll_area.isAncestorOf(button):
            button.click()
        else:
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def open_entry(self) -> StatusEntryScreen:
        home = self.current(HomeScreen)
        tile = home.tile_button(JourneyName.STATUS)
        home.scroll_area.ensureWidgetVisible(tile, 0, 0)
        assert tile.isVisible() and tile.isEnabled()
        tile.click()  # beyond the offscreen screen a scroller's replayed press misses
        return self.current(StatusEntryScreen)

    def type_number(self, text: str) -> StatusEntryScreen:
        entry = self.open_entry()
        entry.field.setFocus()
        self.qtbot.keyClicks(entry.field, text)
        self.click(entry.look_button)
        return entry


def texts(widget: QWidget) -> str:
    """Every visible label's text under ``widget``, one a line."""
    return "\n".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


@pytest.fixture
def rig(make_kiosk: KioskFactory, qtbot: QtBot) -> Rig:
    camera = ImageSequenceSource([], fps=0)
    kiosk = make_kiosk(source_factory=lambda: camera)
    kiosk.shell.set_language("en")
    lookup = Recorder(RETURNED)
    kiosk.shell.status = StatusDesk(lookup, SyncTaskRunner())
    return Rig(kiosk, qtbot, lookup, camera)


def test_a_typed_number_shows_the_progress_with_the_return_reason(rig: Rig) -> None:
    rig.type_number("sc2026 1205000123")
    assert rig.lookup.queries == [StatusQuery("number", NUMBER)]
    result = rig.current(StatusResultScreen)
    shown = texts(result)
    assert result.title.text() == "Returned"
    assert "some materials are missing or incomplete." in result.message.text()
    assert "12345" in result.message.text()
    assert NUMBER in shown and ITEM.name.en in shown
    timeline = [what.text() for _mark, _when, what in result.timeline_rows[:3]]
    assert timeline[:2] == ["Received", "Accepted"]
    assert timeline[2].startswith("Returned: some materials are missing")
    assert f"Note from the department: {NOTE}" in timeline[2]
    assert [when.text() for _m, when, _w in result.timeline_rows[:3]] == [
        "2026-12-05 10:00",
        "2026-12-05 10:00",
        "2026-12-05 10:30",
    ]
    assert not result.retry_button.isVisible()

    rig.kiosk.shell.set_language("zh_CN")  # the item's name in the other language, at once
    assert ITEM.name.zh in texts(result) and ITEM.name.en not in texts(result)


def test_what_is_no_number_is_said_under_the_field(rig: Rig) -> None:
    entry = rig.type_number("SC2026")
    assert entry.problem.isVisible()
    assert "2 letters and 14 digits" in entry.problem_text.text()
    assert rig.lookup.queries == []
    rig.qtbot.keyClicks(entry.field, "1205000123")
    assert not entry.problem.isVisible()
    rig.click(entry.look_button)
    rig.current(StatusResultScreen)


def test_offline_says_so_and_try_again_asks_again(rig: Rig) -> None:
    rig.kiosk.shell.toggle_voice()  # spoken prompts on: the status screens have none yet
    rig.lookup.answer = Offline()
    rig.type_number(NUMBER)
    result = rig.current(StatusResultScreen)
    assert result.title.text() == "The platform cannot be reached"
    assert result.message.text() == (
        "The terminal cannot reach the platform now; try again later or call 12345."
    )
    assert not result.history_card.isVisible()
    rig.lookup.answer = NotFound()
    rig.click(result.retry_button)
    assert len(rig.lookup.queries) == 2
    assert result.title.text() == "No application found"
    assert not result.retry_button.isVisible()
    rig.click(result.again_button)  # check another: an empty field
    entry = rig.current(StatusEntryScreen)
    assert entry.field.text() == ""


def test_waiting_here_and_looking_up_meanwhile(rig: Rig) -> None:
    runner = HeldRunner()
    rig.kiosk.shell.status = StatusDesk(Recorder(WaitingHere(ITEM.code)), runner)
    rig.type_number(NUMBER)
    result = rig.current(StatusResultScreen)
    assert result.title.text() == "Looking up…"
    assert not result.again_button.isEnabled()
    runner.run_all()
    assert result.title.text() == "Waiting to be sent from this terminal"
    assert "sent automatically" in result.message.text()
    assert ITEM.name.en in texts(result)


def test_the_receipts_code_is_read_and_another_code_refused(rig: Rig) -> None:
    entry = rig.open_entry()
    rig.click(entry.scan_button)
    scan = rig.current(ScanScreen)
    assert scan.title.text() == "Show the QR code printed on your receipt"

    def show(text: str) -> None:
        rig.camera.show([frames.phone_frame([text], code_height=460)])
        controller = scan.controller
        for _ in range(4):  # the text must be read consistently before it counts
            counters = controller.counters
            before = counters.analysed
            if not rig.camera.step():
                return
            rig.qtbot.waitUntil(
                lambda c=counters, done=before: controller.counters is not c or c.analysed > done
            )
            if controller.counters is not counters or not controller.running:
                return  # the scan ended (and, for a refused code, started again)

    # The camera takes its time to open again after the refusal (as a real one does): the
    # refusal is what the citizen reads meanwhile, not "Starting the camera…".
    rig.camera.inject(CameraFault.SLOW_START)
    show("HTTPS://WWW.CQ.GOV.CN/")
    rig.qtbot.waitUntil(scan.problem.isVisible)
    assert scan.status.text() == "This is not a receipt code"  # above the fold
    assert "This is not a receipt code" in scan.problem_text.text()
    assert scan.controller.running  # reading again
    assert rig.lookup.queries == []
    # Then the camera fails; the citizen's "Try again" starts afresh: the old refusal is gone.
    rig.camera.inject(CameraFault.LOST)
    rig.camera.step()
    rig.qtbot.waitUntil(scan.retry_button.isVisible)
    assert scan.problem_text.text().startswith("The camera was disconnected.")
    rig.camera.clear(CameraFault.LOST)
    rig.click(scan.retry_button)
    assert scan.status.text() == "Starting the camera…"  # still opening (SLOW_START)
    assert not scan.problem.isVisible()
    rig.camera.clear(CameraFault.SLOW_START)

    code = status_content(NUMBER, b"k" * 32)
    show(status_url("https://zwfw.example.gov.cn", code))
    result = rig.current(StatusResultScreen)
    assert rig.lookup.queries == [StatusQuery("code", code)]
    assert result.title.text() == "Returned"
    assert scan.controller.retained() == []


def test_going_home_leaves_nothing_on_the_screens(rig: Rig) -> None:
    entry = rig.type_number(NUMBER)
    result = rig.current(StatusResultScreen)
    rig.kiosk.shell.go_home()
    rig.current(HomeScreen)
    assert entry.field.text() == ""
    for screen in (entry, result):
        shown = texts(screen)
        assert NUMBER not in shown and NOTE not in shown and ITEM.name.en not in shown

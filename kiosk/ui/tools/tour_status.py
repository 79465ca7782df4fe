"""The status query's screens in the tour: the entry (empty, and with a number that is not
one), the scan screen asking for the receipt's code and refusing another code, and the result
while looking up, for an application being handled, returned with its reason and the
department's note, completed, waiting to be sent from this terminal, not found, and with the
platform out of reach (``TourStep``s driven through the shell and the screens' own field).

The answers are the tour's own (a look-up that returns a prepared answer for the bundled
catalogue's first item that can be completed here): the pictures show each answer the platform
can give without a platform running.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from PySide6.QtWidgets import QApplication

from kiosk.devices import frames
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.modes import JourneyName
from kiosk.journeys.status import EXAMPLE_NUMBER, StatusDesk, StatusJourney
from kiosk.runtime.tasks import SyncTaskRunner, TaskHandle
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
from kiosk.ui.screens.status_entry import StatusEntryScreen
from kiosk.ui.tools.tour import TourContext, TourStep, settle

T = TypeVar("T")
NOTE = "请补充户口簿首页复印件 / Please add a copy of the household register's first page"


def _item_code() -> str:
    return next(item.code for item in bundled_catalog().items if item.completable_here)


def _moment(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=CHINA_TIME)


def _answer(state: StatusState) -> StatusAnswer:
    events = [
        StatusEvent(StatusState.RECEIVED, _moment(1, 9, 12)),
        StatusEvent(StatusState.ACCEPTED, _moment(1, 9, 12)),
        StatusEvent(StatusState.PROCESSING, _moment(2, 14, 30)),
    ]
    if state is StatusState.RETURNED:
        events.append(
            StatusEvent(
                StatusState.RETURNED,
                _moment(3, 10, 5),
                ReturnReason.MATERIALS_INCOMPLETE,
                NOTE,
            )
        )
    elif state is StatusState.COMPLETED:
        events.append(StatusEvent(StatusState.COMPLETED, _moment(4, 16, 40)))
    return StatusAnswer(
        _item_code(),
        state,
        date(2026, 12, 1) + timedelta(days=14),
        tuple(events),
        EXAMPLE_NUMBER,
    )


class _NeverRunner:
    """The look-up never comes back: "looking up" stays on screen."""

    def submit(
        self,
        name: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> TaskHandle:
        return TaskHandle(name)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        return True


def _start(tour: TourContext, answer: LookupResult, runner: Any = None) -> StatusJourney:
    shell = tour.kiosk.shell

    def lookup(_query: StatusQuery) -> LookupResult:
        return answer

    shell.status = StatusDesk(lookup, runner or SyncTaskRunner())
    shell.start(JourneyName.STATUS)
    journey = shell.journey
    assert isinstance(journey, StatusJourney), "the status journey did not start"
    return journey


def _entry(tour: TourContext) -> None:
    _start(tour, Offline())


def _type(tour: TourContext, text: str, answer: LookupResult, runner: Any = None) -> None:
    """``text`` typed into the entry's field and "Look up" touched."""
    _start(tour, answer, runner)
    settle()
    screen = tour.kiosk.window.current_screen
    assert isinstance(screen, StatusEntryScreen), type(screen).__name__
    screen.field.setText(text)
    screen.field.textEdited.emit(text)
    screen.look_button.click()


def _scan(tour: TourContext, shown: str | None) -> None:
    _start(tour, Offline()).scan()
    if shown is None:
        return
    tour.camera.show([frames.phone_frame([shown], code_height=460)])
    QApplication.processEvents()
    for _ in range(3):  # read twice (no signature to trust at once), then refused
        tour.camera.step()
        QApplication.processEvents()


# The steps that leave the keyboard open (the field focused after a refused number).
KEYBOARD_STEPS = frozenset({"status-entry-not-a-number"})

STATUS_STEPS: tuple[TourStep, ...] = (
    TourStep("status-entry", _entry),
    TourStep("status-entry-not-a-number", lambda tour: _type(tour, "SC2026", Offline())),
    TourStep("status-scan", lambda tour: _scan(tour, None)),
    TourStep("status-scan-not-a-receipt", lambda tour: _scan(tour, "HTTPS://WWW.CQ.GOV.CN/")),
    TourStep(
        "status-looking-up",
        lambda tour: _type(tour, EXAMPLE_NUMBER, Offline(), _NeverRunner()),
    ),
    TourStep(
        "status-processing",
        lambda tour: _type(tour, EXAMPLE_NUMBER, _answer(StatusState.PROCESSING)),
    ),
    TourStep(
        "status-returned",
        lambda tour: _type(tour, EXAMPLE_NUMBER, _answer(StatusState.RETURNED)),
    ),
    TourStep(
        "status-completed",
        lambda tour: _type(tour, EXAMPLE_NUMBER, _answer(StatusState.COMPLETED)),
    ),
    TourStep(
        "status-waiting-here",
        lambda tour: _type(tour, "CQ-YB-0001-20261205-000003", WaitingHere(_item_code())),
    ),
    TourStep("status-not-found", lambda tour: _type(tour, EXAMPLE_NUMBER, NotFound())),
    TourStep("status-offline", lambda tour: _type(tour, EXAMPLE_NUMBER, Offline())),
)

"""The status journey without Qt: typing a number or scanning a receipt's code, the look-up on
the task runner with its answer back on the calling thread, answers arriving too late dropped,
"not a receipt code" refused, back and "check another", and the wipe at the end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest

from kiosk.catalog.library import CatalogLibrary
from kiosk.credentials.purpose import Purpose
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.receipt import status_content, status_url
from kiosk.domain.text import Bilingual
from kiosk.domain.workdays import bundled_calendar
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, HOTEL, JourneyName, TerminalFacts
from kiosk.journeys.scan_step import CodeStep, ReadKind, ScanStep
from kiosk.journeys.shell import KioskShell
from kiosk.journeys.status import (
    EntryProblem,
    StatusDesk,
    StatusJourney,
    StatusStep,
)
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.messages import Msg
from kiosk.runtime.tasks import SyncTaskRunner, TaskHandle
from kiosk.sync.status_lookup import (
    LookupResult,
    NotFound,
    Offline,
    StatusAnswer,
    StatusQuery,
    StatusState,
    WaitingHere,
)

T = TypeVar("T")
KEY = b"k" * 32
NUMBER = "SC20261205000123"
ITEM = bundled_catalog().items[0]
ANSWER = StatusAnswer(ITEM.code, StatusState.ACCEPTED, None, (), NUMBER)


class HeldRunner:
    """Runs nothing until told: the look-up is "on the worker" meanwhile."""

    def __init__(self) -> None:
        self.held: list[tuple[TaskHandle, Callable[[], Any], Callable[[Any], None]]] = []
        self.failures: list[Callable[[BaseException], None]] = []

    def submit(
        self,
        name: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> TaskHandle:
        handle = TaskHandle(name)
        self.held.append((handle, work, on_done))
        self.failures.append(on_error)
        return handle

    def run_all(self) -> None:
        held, self.held = self.held, []
        for handle, work, on_done in held:
            result = work()
            if handle.claim_delivery():
                on_done(result)

    def fail_all(self, error: BaseException) -> None:
        held, failures = self.held, self.failures
        self.held, self.failures = [], []
        for (handle, _work, _done), on_error in zip(held, failures, strict=True):
            if handle.claim_delivery():
                on_error(error)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        return True


class Recorder:
    def __init__(self, answer: LookupResult = ANSWER) -> None:
        self.answer = answer
        self.queries: list[StatusQuery] = []

    def __call__(self, query: StatusQuery) -> LookupResult:
        self.queries.append(query)
        return self.answer


def journey(lookup: Recorder | None = None, runner: Any = None) -> StatusJourney:
    desk = StatusDesk(lookup or Recorder(), runner or SyncTaskRunner())
    library = CatalogLibrary(bundled_catalog, bundled_calendar)
    return StatusJourney(desk, purpose=Purpose.SERVICE_APPLICATION, catalog=library)


def test_a_typed_number_is_looked_up_and_answered() -> None:
    lookup = Recorder()
    status = journey(lookup)
    assert status.step is StatusStep.ENTRY and status.spec.screen is Screen.STATUS_ENTRY
    status.type_text("sc2026 1205 000123")
    assert status.look_up()
    assert status.step is StatusStep.RESULT and status.spec.screen is Screen.STATUS_RESULT
    assert lookup.queries == [StatusQuery("number", NUMBER)]
    assert status.result == ANSWER and not status.looking
    assert status.reference == NUMBER
    assert status.item_name(ITEM.code) == ITEM.name
    assert status.item_name("NO-SUCH-ITEM") is None


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("", EntryProblem.EMPTY), ("   ", EntryProblem.EMPTY), ("SC2026", EntryProblem.NOT_A_NUMBER)],
)
def test_what_is_no_number_stays_on_the_entry_with_what_is_wrong(
    typed: str, problem: EntryProblem
) -> None:
    lookup = Recorder()
    status = journey(lookup)
    status.type_text(typed)
    assert not status.look_up()
    assert status.step is StatusStep.ENTRY and status.state.problem is problem
    assert lookup.queries == []
    status.type_text(NUMBER[:3])  # typing again clears the complaint
    assert status.state.problem is None


def test_the_scan_step_reads_a_receipt_code_not_a_credential() -> None:
    lookup = Recorder()
    status = journey(lookup)
    status.scan()
    assert status.step is StatusStep.SCAN and status.spec.screen is Screen.SCAN
    assert isinstance(status, CodeStep) and not isinstance(status, ScanStep)
    request = status.scan_request
    assert request.reads is ReadKind.RECEIPT and request.prompt is Msg.SCAN_PROMPT_RECEIPT
    assert not status.code_read("HTTPS://WWW.CQ.GOV.CN/")  # not a receipt code: read again
    assert not status.code_read(NUMBER)
    assert status.step is StatusStep.SCAN and not status.state.holds_personal_data
    code = status_content(NUMBER, KEY)
    assert status.code_read(status_url("https://zwfw.example.gov.cn", code))
    assert status.step is StatusStep.RESULT
    assert lookup.queries == [StatusQuery("code", code)]
    assert status.reference == NUMBER


def test_the_answer_comes_later_and_the_screen_is_told() -> None:
    runner = HeldRunner()
    status = journey(Recorder(WaitingHere(ITEM.code)), runner)
    told: list[LookupResult | None] = []
    status.on_answer(lambda: told.append(status.result))
    status.type_text(NUMBER)
    status.look_up()
    assert status.looking and status.result is None and told == []
    runner.run_all()
    assert not status.looking and told == [WaitingHere(ITEM.code)]


@pytest.mark.parametrize("leave", ["back", "again", "end"])
def test_an_answer_for_a_step_left_is_dropped(leave: str) -> None:
    runner = HeldRunner()
    status = journey(Recorder(), runner)
    told: list[int] = []
    status.on_answer(lambda: told.append(1))
    status.type_text(NUMBER)
    status.look_up()
    (handle, _work, _done) = runner.held[0]
    {"back": status.back, "again": status.again, "end": status.end}[leave]()
    assert handle.cancelled
    runner.run_all()
    assert told == [] and status.result is None
    if leave != "end":
        assert status.step is StatusStep.ENTRY
    if leave == "again":
        assert not status.state.holds_personal_data  # "check another" keeps nothing
        assert not status.can_go_back


@pytest.mark.allow_log_warnings
def test_a_failing_look_up_and_a_terminal_without_platform_say_offline() -> None:
    runner = HeldRunner()
    status = journey(Recorder(), runner)
    status.type_text(NUMBER)
    status.look_up()
    runner.fail_all(RuntimeError("bug in the look-up"))
    assert status.result == Offline()
    alone = StatusJourney(None, purpose=Purpose.SERVICE_APPLICATION)
    alone.type_text(NUMBER)
    alone.look_up()
    assert alone.result == Offline() and alone.item_name(ITEM.code) is None


def test_try_again_asks_again() -> None:
    lookup = Recorder(Offline())
    status = journey(lookup)
    status.type_text(NUMBER)
    status.look_up()
    assert status.result == Offline()
    lookup.answer = NotFound()
    status.retry()
    assert status.result == NotFound() and len(lookup.queries) == 2


def test_back_from_the_result_keeps_what_was_typed_and_the_end_wipes_it() -> None:
    status = journey()
    status.type_text(NUMBER)
    status.look_up()
    assert status.back()
    assert status.step is StatusStep.ENTRY and status.state.typed == NUMBER
    assert status.result is None
    status.end()
    assert not status.state.holds_personal_data


def test_the_citizen_home_offers_the_status_tile_and_the_host_builds_it() -> None:
    tile = CITIZEN.tile(JourneyName.STATUS)
    assert tile is not None and tile.title is Msg.TILE_STATUS_TITLE and tile.needs_services
    assert not HOTEL.offers(JourneyName.STATUS)
    lookup = Recorder()
    shell = KioskShell(
        ManualClock(datetime(2026, 12, 5, 2, tzinfo=UTC)),
        languages=("zh_CN", "en"),
        default_language="zh_CN",
        idle_timeout_s=60,
        idle_countdown_s=10,
        terminal=TerminalFacts("CQ-YB-0001", Bilingual("渝北", "Yubei")),
        status=StatusDesk(lookup, SyncTaskRunner()),
    )
    shell.start(JourneyName.STATUS)
    started = shell.journey
    assert isinstance(started, StatusJourney) and shell.screen is Screen.STATUS_ENTRY
    started.type_text(NUMBER)
    started.look_up()
    assert shell.screen is Screen.STATUS_RESULT and lookup.queries
    shell.go_home()
    assert not started.state.holds_personal_data and shell.screen is Screen.HOME

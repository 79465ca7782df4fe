"""When the hotel register's purge runs (a moved clock): at start, then just after each Beijing
midnight; again soon after a failure; and the worker thread that runs it on the kiosk."""

from __future__ import annotations

import queue
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.register import PurgeResult, Register
from kiosk.hotel.retention import PurgeSchedule, PurgeWorker
from kiosk.runtime.clock import ManualClock
from tests.support.hotel_desk import TODAY, ZHANG, Desk, eid, report

# 23:00 on 6 December 2026, Beijing time.
LATE = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)


def test_the_purge_is_due_at_start_then_after_each_beijing_midnight() -> None:
    clock = ManualClock(LATE)
    schedule = PurgeSchedule(clock)
    assert schedule.due() and schedule.next_due is None and schedule.seconds_until_due() == 0
    schedule.done()
    assert schedule.next_due == datetime(2026, 12, 7, tzinfo=CHINA_TIME)
    assert not schedule.due() and schedule.seconds_until_due() == 3600
    clock.advance(3599)
    assert not schedule.due()
    clock.advance(1)  # midnight in Beijing (16:00 UTC)
    assert schedule.due()
    clock.advance(10 * 3600)  # the terminal was asleep: still due, once
    schedule.done()
    assert schedule.next_due == datetime(2026, 12, 8, tzinfo=CHINA_TIME)
    assert not schedule.due()


def test_a_failed_purge_is_tried_again_soon_but_not_after_midnight() -> None:
    clock = ManualClock(LATE)
    schedule = PurgeSchedule(clock)
    schedule.failed(600)
    assert schedule.next_due == LATE + timedelta(seconds=600)
    clock.advance(3500)
    schedule.failed(600)  # a retry would come after midnight: midnight first
    assert schedule.next_due == datetime(2026, 12, 7, tzinfo=CHINA_TIME)


def test_the_worker_purges_when_due_on_the_calling_thread(tmp_path: Path) -> None:
    desk = Desk(tmp_path, retention_days=1)
    stay = desk.register.save(report("0812", eid(ZHANG), nights=1))
    worker = PurgeWorker(desk.register, desk.clock)
    first = worker.run_due()
    assert first is not None and first.stays == 0
    assert worker.run_due() is None  # not due again before midnight
    desk.clock.advance(2 * 86400)  # 8 December: the stay ended one day ago, not more
    assert worker.run_due() == PurgeResult(0, 0, TODAY + timedelta(days=1), True)
    desk.clock.advance(86400)
    result = worker.run_due()
    assert result is not None and result.stays == 1
    assert desk.register.stay(stay.stay_id) is None


@pytest.mark.allow_log_warnings
def test_a_failing_purge_is_logged_and_tried_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    desk = Desk(tmp_path)
    desk.database.close()
    (tmp_path / "kiosk.sqlite3").write_bytes(b"not a database at all" * 100)
    worker = PurgeWorker(desk.register, desk.clock, retry_s=60)
    assert worker.run_due() is None
    assert "could not be removed" in caplog.text
    assert worker.schedule.next_due == desk.clock.now() + timedelta(seconds=60)


def test_the_worker_thread_purges_at_start_and_after_midnight(tmp_path: Path) -> None:
    desk = Desk(tmp_path, retention_days=1)
    register: Register = desk.register
    stay = register.save(report("0812", eid(ZHANG), nights=1))
    results: queue.Queue[tuple[PurgeResult, str]] = queue.Queue()
    worker = PurgeWorker(
        register,
        desk.clock,
        on_purged=lambda result: results.put((result, threading.current_thread().name)),
    )
    worker.start()
    try:
        result, thread = results.get(timeout=30)
        assert result.stays == 0 and thread == "hotel-register-purge"
        assert worker.wait_runs(1, timeout_s=30)
        worker.wake()  # not due: looked at, nothing run
        desk.clock.advance(3 * 86400)
        worker.wake()
        result, _thread = results.get(timeout=30)
        assert result.stays == 1
        assert worker.wait_runs(2, timeout_s=30)
    finally:
        worker.stop()
    assert register.stay(stay.stay_id) is None
    assert results.empty()


class SetClock(ManualClock):
    """A clock that can be set back, as a terminal's is once its time is corrected."""

    def set(self, moment: datetime) -> None:
        self._wall = moment


def test_a_clock_set_back_after_running_ahead_purges_again_the_next_midnight() -> None:
    clock = SetClock(LATE + timedelta(days=365))  # the clock ran a year ahead at start
    schedule = PurgeSchedule(clock)
    schedule.done()
    assert schedule.next_due is not None and schedule.next_due.year == 2027
    clock.set(LATE)  # corrected
    assert not schedule.due()
    assert schedule.next_due == datetime(2026, 12, 7, tzinfo=CHINA_TIME)  # not a year away
    clock.set(LATE + timedelta(hours=1))
    assert schedule.due()

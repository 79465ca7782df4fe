"""systemd notifications and the GUI-gated watchdog, through a real notification socket."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from kiosk.runtime.clock import ManualClock
from kiosk.runtime.watchdog import STARVED_STATUS, Watchdog, ancestors, watchdog_interval
from tests.support.notify_socket import NotifySocket

WATCHDOG_30S = 30_000_000  # WatchdogSec=30: a ping every 15 s


@pytest.fixture
def notify(monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifySocket]:
    sock = NotifySocket()
    for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
        monkeypatch.delenv(name, raising=False)
    yield sock
    sock.close()


def systemd_environment(
    monkeypatch: pytest.MonkeyPatch, notify: NotifySocket, watchdog_usec: int | None = None
) -> None:
    for name, value in notify.environ(watchdog_usec).items():
        monkeypatch.setenv(name, value)


def test_nothing_is_sent_and_no_thread_runs_without_notify_socket(
    notify: NotifySocket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", str(WATCHDOG_30S))  # without a socket: still nothing
    threads = threading.active_count()
    watchdog = Watchdog.from_environment(clock=ManualClock())
    assert not watchdog.active
    assert watchdog.interval_s is None and watchdog.beat_interval_s is None
    watchdog.start()
    watchdog.gui_beat()
    watchdog.ready("home screen shown")
    assert watchdog.tick() is False
    watchdog.stop()
    assert threading.active_count() == threads
    assert notify.pending() == []


def test_ready_once_with_its_status_then_stopping(
    notify: NotifySocket, monkeypatch: pytest.MonkeyPatch
) -> None:
    systemd_environment(monkeypatch, notify)
    watchdog = Watchdog.from_environment(clock=ManualClock())
    assert watchdog.active and watchdog.interval_s is None  # no WatchdogSec: no pings
    watchdog.ready("home screen shown")
    watchdog.ready("home screen shown")
    watchdog.status("services ready")
    watchdog.stop()
    watchdog.stop()
    assert notify.pending() == [
        "READY=1",
        "STATUS=home screen shown",
        "STATUS=services ready",
        "STOPPING=1",
        "STATUS=stopping",
    ]


@pytest.mark.allow_log_warnings
def test_pings_while_the_gui_beats_and_none_once_the_beats_stop(
    notify: NotifySocket, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    systemd_environment(monkeypatch, notify, WATCHDOG_30S)
    clock = ManualClock()
    watchdog = Watchdog.from_environment(clock=clock)
    assert watchdog.interval_s == 15.0
    assert watchdog.beat_interval_s == 1.0
    assert watchdog.tick() is False  # the GUI has not beaten yet: nothing
    assert notify.pending() == []

    watchdog.status("services ready")
    watchdog.gui_beat()
    assert watchdog.tick() is True
    clock.advance(15)  # the last beat is 15 s old: still fresh
    assert watchdog.tick() is True
    assert notify.pending() == ["STATUS=services ready", "WATCHDOG=1", "WATCHDOG=1"]

    clock.advance(0.5)  # no beat for more than the interval: the GUI thread is stuck
    assert watchdog.tick() is False
    for _ in range(3):
        clock.advance(15)
        assert watchdog.tick() is False
    assert notify.pending() == [f"STATUS={STARVED_STATUS}"]  # said once, and no ping at all
    assert "the GUI thread has not responded for 15.5 s" in caplog.text

    watchdog.status("in a journey")  # kept for when it answers again; not shown meanwhile
    watchdog.gui_beat()
    assert watchdog.tick() is True
    assert notify.pending() == ["WATCHDOG=1", "STATUS=in a journey"]


@pytest.mark.allow_log_warnings
def test_the_thread_pings_on_its_own_and_stops_when_the_beats_stop(
    notify: NotifySocket, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The watchdog's own thread, every WATCHDOG_USEC / 2 of real time (10 ms here); the beats'
    age is read on a manual clock, so the test decides when the GUI counts as stuck."""
    clock = ManualClock()
    ticks: list[bool] = []
    ticked = threading.Condition()

    def on_tick(pinged: bool) -> None:
        with ticked:
            ticks.append(pinged)
            ticked.notify_all()

    def wait_ticks(count: int, pinged: bool) -> None:
        start = len(ticks)
        with ticked:
            assert ticked.wait_for(lambda: ticks[start:].count(pinged) >= count, timeout=10), (
                f"the watchdog thread did not tick: {ticks[start:]}"
            )

    systemd_environment(monkeypatch, notify, 20_000)
    watchdog = Watchdog.from_environment(clock=clock, on_tick=on_tick)
    watchdog.gui_beat()
    watchdog.start()
    try:
        wait_ticks(3, pinged=True)
        assert notify.wait_for("WATCHDOG=1", timeout_s=5) == ["WATCHDOG=1"]

        clock.advance(1)  # far more than 10 ms since the last beat
        wait_ticks(3, pinged=False)
        lines = notify.pending()
        starved = lines.index(f"STATUS={STARVED_STATUS}")
        assert set(lines[:starved]) <= {"WATCHDOG=1"}  # pings sent before the clock moved
        assert lines[starved + 1 :] == []  # and none after
        assert "has not responded" in caplog.text

        watchdog.gui_beat()
        wait_ticks(1, pinged=True)
        assert "WATCHDOG=1" in notify.pending()
    finally:
        watchdog.stop()
    assert notify.pending()[-2:] == ["STOPPING=1", "STATUS=stopping"]


def test_watchdog_pid_names_this_process_or_an_ancestor() -> None:
    usec = {"WATCHDOG_USEC": "4000000"}
    me = os.getpid()
    assert os.getppid() in ancestors(me)
    assert watchdog_interval(usec, me) == 2.0
    assert watchdog_interval({**usec, "WATCHDOG_PID": str(me)}, me) == 2.0
    # Under ``cage -- kiosk run`` systemd's main process is cage, the kiosk's parent.
    assert watchdog_interval({**usec, "WATCHDOG_PID": str(os.getppid())}, me) == 2.0
    # Meant for another process (a child of ours, say): not ours to feed.
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        assert watchdog_interval({**usec, "WATCHDOG_PID": str(child.pid)}, me) is None
    finally:
        child.communicate(b"")
    assert watchdog_interval({**usec, "WATCHDOG_PID": "cage"}, me) is None
    assert watchdog_interval({"WATCHDOG_USEC": "0"}, me) is None
    assert watchdog_interval({}, me) is None


@pytest.mark.allow_log_warnings
def test_an_unreadable_watchdog_usec_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    assert watchdog_interval({"WATCHDOG_USEC": "30s"}, os.getpid()) is None
    assert "WATCHDOG_USEC='30s'" in caplog.text


@pytest.mark.allow_log_warnings
def test_a_socket_that_went_away_is_logged_once_and_not_fatal(
    notify: NotifySocket, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    systemd_environment(monkeypatch, notify, WATCHDOG_30S)
    watchdog = Watchdog.from_environment(clock=ManualClock())
    notify.close()
    watchdog.gui_beat()
    assert watchdog.tick() is True  # it tried
    assert watchdog.tick() is True
    watchdog.stop()
    assert len([r for r in caplog.records if "could not be sent" in r.getMessage()]) == 1


class StuckNotifier:
    """A notifier whose pings block (a notification socket nobody reads) until released."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.release = threading.Event()
        self.pinging = threading.Event()

    def ready(self) -> None:
        self.lines.append("READY=1")

    def status(self, text: str) -> None:
        self.lines.append(f"STATUS={text}")

    def watchdog(self) -> None:
        self.pinging.set()
        self.release.wait(timeout=30)

    def stopping(self) -> None:
        self.lines.append("STOPPING=1")


@pytest.mark.allow_log_warnings
def test_the_gui_thread_never_waits_long_on_a_blocked_ping(
    caplog: pytest.LogCaptureFixture,
) -> None:
    notifier = StuckNotifier()
    watchdog = Watchdog(notifier, ManualClock(), interval_s=0.01)
    watchdog.gui_beat()
    watchdog.start()
    try:
        assert notifier.pinging.wait(timeout=10)  # the thread is inside a ping that hangs
        watchdog.status("serving")  # given up after a second, not waited on for ever
        watchdog.stop()  # returns too, without STOPPING=1 (it would wait behind the ping)
        assert notifier.lines == []
        assert "a systemd notification is blocked" in caplog.text
    finally:
        notifier.release.set()

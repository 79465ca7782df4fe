"""The watchdog fed by the real event loop: READY=1 once the home screen has painted, pings while
the GUI thread runs, none while a slot blocks it, and again once it is released.

The blocking slot waits on an event that a second thread sets only after it has seen, through the
notification socket, the pings stop (a second of silence, five ping intervals); that thread never
sleeps: it waits on the socket.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.speaker import FakeSpeaker
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.watchdog import STARVED_STATUS, Watchdog
from kiosk.ui.app import Kiosk, build_kiosk, feed_watchdog
from tests.support.notify_socket import NotifySocket

WATCHDOG_USEC = 400_000  # a ping every 0.2 s; the GUI beats every 50 ms
SILENCE_S = 1.0  # no datagram for this long: the pings have stopped
PING = "WATCHDOG=1"


@pytest.fixture
def notify(monkeypatch: pytest.MonkeyPatch) -> Iterator[NotifySocket]:
    sock = NotifySocket()
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    for name, value in sock.environ(WATCHDOG_USEC).items():
        monkeypatch.setenv(name, value)
    yield sock
    sock.close()


@pytest.fixture
def kiosk(qapp: QApplication, qtbot: QtBot, tmp_path: Path) -> Iterator[Kiosk]:
    loaded = load_config(write_demo_config(tmp_path / "demo"), {})
    built = build_kiosk(
        loaded,
        clock=ManualClock(),  # the kiosk's clock; the watchdog reads real time (its own)
        size=QSize(800, 800),
        source_factory=lambda: ImageSequenceSource([], fps=0),
        speaker=FakeSpeaker(),
        start_services=False,
    )
    yield built
    built.close()
    built.window.deleteLater()
    QApplication.processEvents()


class SilenceWatch(threading.Thread):
    """Once the GUI thread is blocked, waits on the socket for a second without a datagram,
    noting what came before it, then releases the GUI thread."""

    def __init__(self, notify: NotifySocket, blocked: threading.Event, gate: threading.Event):
        super().__init__(name="silence-watch", daemon=True)
        self.notify, self.blocked, self.gate = notify, blocked, gate
        self.during: list[str] = []
        self.silent = False

    def run(self) -> None:
        try:
            if not self.blocked.wait(timeout=30):
                return
            self.during = self.notify.pending()  # sent before (or just as) the block began
            for _ in range(100):  # pings every 0.2 s would keep it busy for 20 s
                line = self.notify.receive(SILENCE_S)
                if line is None:
                    self.silent = True
                    return
                self.during.append(line)
        finally:
            self.gate.set()


@pytest.mark.allow_log_warnings
def test_a_blocked_gui_thread_stops_the_pings_and_they_resume(
    kiosk: Kiosk, notify: NotifySocket, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    watchdog = Watchdog.from_environment()
    assert watchdog.interval_s == pytest.approx(0.2)
    feed_watchdog(kiosk, watchdog)
    received: list[str] = []

    def seen(line: str, count: int = 1) -> bool:
        received.extend(notify.pending())
        return received.count(line) >= count

    try:
        kiosk.window.show()
        qtbot.waitUntil(lambda: seen("READY=1"), timeout=10_000)  # after the first paint
        assert received[:2] == ["READY=1", "STATUS=home screen shown"]
        qtbot.waitUntil(lambda: seen(PING, 3), timeout=10_000)

        blocked, gate = threading.Event(), threading.Event()
        watch = SilenceWatch(notify, blocked, gate)
        watch.start()

        def stuck_slot() -> None:  # a slot that never returns until released
            blocked.set()
            gate.wait(timeout=60)

        QTimer.singleShot(0, stuck_slot)
        qtbot.waitUntil(lambda: gate.is_set() and not watch.is_alive(), timeout=60_000)
        assert watch.silent, f"the pings went on while the GUI thread was blocked: {watch.during}"
        # At most the pings of a beat still fresh when the block began, then the status.
        assert watch.during.count(PING) <= 2
        assert watch.during[-1] == f"STATUS={STARVED_STATUS}"
        assert "the GUI thread has not responded" in caplog.text

        received.clear()
        qtbot.waitUntil(lambda: seen(PING, 2), timeout=10_000)  # fed again
        assert "STATUS=home screen shown" in received  # the status is put back
    finally:
        watchdog.stop()
    assert notify.pending()[-2:] == ["STOPPING=1", "STATUS=stopping"]


def test_without_systemd_the_kiosk_sends_nothing_and_beats_no_timer(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.setenv("WATCHDOG_USEC", str(WATCHDOG_USEC))
    watchdog = Watchdog.from_environment()
    feed_watchdog(kiosk, watchdog)
    kiosk.window.show()
    qtbot.waitExposed(kiosk.window)
    assert kiosk.window.findChild(QTimer, "WatchdogBeat") is None
    watchdog.stop()

"""Start-up: the home screen paints first and says the terminal is starting; no journey can
start until the services (database, verifier, printer) are open; then everything works."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import write_demo_config
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.printer_fake import FakePrinter
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.journey import TECHNICIAN_SCREENS, Screen
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.terminal import Terminal
from kiosk.ui.app import Kiosk, build_kiosk, open_services_after_first_paint
from kiosk.ui.main_window import DESK_SCREENS, SCREEN_CLASSES
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.startup import Opener, ServiceStartup
from tests.support.open_files import open_files_under


def _kiosk(loaded: LoadedConfig, *, start_services: bool) -> Kiosk:
    return build_kiosk(
        loaded,
        clock=ManualClock(),
        size=QSize(1280, 800),
        speaker=FakeSpeaker(),
        source_factory=lambda: ImageSequenceSource([], fps=0),
        start_services=start_services,
    )


def test_home_paints_starting_and_opens_once_the_services_are_ready(
    qapp: QApplication, qtbot: QtBot, demo_config: LoadedConfig
) -> None:
    kiosk = _kiosk(demo_config, start_services=False)
    try:
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        home = kiosk.window.current_screen
        assert isinstance(home, HomeScreen)
        assert set(kiosk.window.screens) == {Screen.HOME}  # the others come later
        assert not kiosk.ready and kiosk.credentials is None
        assert not home.tile_button(JourneyName.CHECK).isEnabled()
        assert home.tile_button(JourneyName.CHECK).subtitle.text() == "终端正在启动，稍后即可使用。"
        assert kiosk.window.footer.link.text().strip() == "正在启动，请稍候…"
        kiosk.shell.set_language("en")
        assert kiosk.window.footer.link.text().strip() == "Starting, one moment…"
        check_tile = home.tile_button(JourneyName.CHECK)
        assert check_tile.subtitle.text().startswith("The terminal is starting")
        kiosk.shell.start(JourneyName.CHECK)  # e.g. a touch the disabled tile did not stop
        assert kiosk.shell.screen is Screen.HOME

        assert kiosk.startup is not None
        with qtbot.waitSignal(kiosk.startup.ready, timeout=30_000):
            kiosk.startup.start()
        assert kiosk.ready and kiosk.credentials is not None
        # Every screen this (citizen) terminal can show; a hotel desk's are not among them, nor
        # technician mode's (built when a technician opens one).
        expected = set(Screen) - {Screen.MAINTENANCE} - DESK_SCREENS - TECHNICIAN_SCREENS
        assert set(kiosk.window.screens) == expected
        assert home.tile_button(JourneyName.CHECK).isEnabled()
        assert home.tile_button(JourneyName.CHECK).subtitle.text() == (
            "Show the QR code on your phone and see what the terminal reads"
        )
        assert kiosk.window.footer.link.text() == ""  # no platform link in this kiosk
        kiosk.shell.start(JourneyName.CHECK)
        assert kiosk.shell.screen is Screen.SCAN
        scan = kiosk.window.current_screen
        assert scan.context.scanning.verify is not None  # built with the opened verifier
    finally:
        kiosk.close()
        kiosk.window.deleteLater()
        QApplication.processEvents()


def test_closing_while_the_services_still_open_closes_them_too(
    qapp: QApplication, qtbot: QtBot, demo_config: LoadedConfig
) -> None:
    kiosk = _kiosk(demo_config, start_services=True)
    kiosk.close()  # waits for the opening; its delivery never runs: the loop does not turn
    assert kiosk.startup is not None
    assert not kiosk.startup.attached
    assert (demo_config.data_dir / "kiosk.sqlite3").exists()  # it was opened in the background
    assert open_files_under(demo_config.data_dir) == []  # and closed with the kiosk
    kiosk.window.deleteLater()
    QApplication.processEvents()


def test_services_open_after_the_first_paint_or_without_one(
    qapp: QApplication, qtbot: QtBot, demo_config: LoadedConfig, tmp_path: Path
) -> None:
    painted = _kiosk(demo_config, start_services=False)
    # Each kiosk on its own data folder: a running kiosk holds its folder.
    other = load_config(write_demo_config(tmp_path / "other"), {})
    hidden = _kiosk(other, start_services=False)
    try:
        open_services_after_first_paint(painted, without_paint_ms=600_000)
        open_services_after_first_paint(hidden, without_paint_ms=200)
        assert not painted.ready and not hidden.ready
        painted.window.show()  # its first paint starts the opening
        qtbot.waitUntil(lambda: painted.ready, timeout=30_000)
        qtbot.waitUntil(lambda: hidden.ready, timeout=30_000)  # never shown: the timer did
        assert not hidden.window.isVisible()
    finally:
        for kiosk in (hidden, painted):  # last built, first closed: each restores its hooks
            kiosk.close()
            kiosk.window.deleteLater()
        QApplication.processEvents()


class _Held:
    """Stands for an opened service: records that it was closed."""

    def __init__(self) -> None:
        self.closed = threading.Event()

    def close(self) -> None:
        self.closed.set()


def _startup_with(kiosk: Kiosk, loaded: LoadedConfig, opener: Opener, **options: float) -> None:
    """Give ``kiosk`` a start-up that opens its services with ``opener``."""
    kiosk.startup = ServiceStartup(
        loaded,
        kiosk.window,
        clock=ManualClock(),
        tasks=kiosk.tasks,
        printer_tasks=kiosk.printer_tasks or kiosk.tasks,
        speaker=FakeSpeaker(),
        opener=opener,
        **options,
    )


@pytest.mark.allow_log_warnings
def test_a_failure_while_opening_still_ends_starting(
    qapp: QApplication, qtbot: QtBot, demo_config: LoadedConfig, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_terminal: Terminal) -> None:
        raise RuntimeError("a bug while opening")

    kiosk = _kiosk(demo_config, start_services=False)
    try:
        _startup_with(kiosk, demo_config, broken)
        assert kiosk.startup is not None
        with qtbot.waitSignal(kiosk.startup.ready, timeout=30_000):
            kiosk.startup.start()
        assert not kiosk.shell.starting  # never "starting" for ever
        assert "could not be opened" in caplog.text and "a bug while opening" in caplog.text
        kiosk.shell.start(JourneyName.CHECK)
        scan = kiosk.window.current_screen
        assert scan.context.scanning.verify is None  # the scan says it cannot verify
    finally:
        kiosk.close()
        kiosk.window.deleteLater()
        QApplication.processEvents()


@pytest.mark.allow_log_warnings
def test_an_opening_that_outlasts_the_close_closes_what_it_opened(
    qapp: QApplication, qtbot: QtBot, demo_config: LoadedConfig, caplog: pytest.LogCaptureFixture
) -> None:
    release, held = threading.Event(), _Held()

    def slow(terminal: Terminal) -> None:
        assert release.wait(30)  # e.g. migrations on slow storage
        terminal.credentials = held  # type: ignore[assignment]

    kiosk = _kiosk(demo_config, start_services=False)
    _startup_with(kiosk, demo_config, slow, close_wait_s=0.05)
    assert kiosk.startup is not None
    kiosk.startup.start()
    kiosk.startup.close()  # as the kiosk closes: it gives up waiting
    assert "still opening" in caplog.text
    release.set()
    assert held.closed.wait(30)  # the opening closed it when it finished
    kiosk.close()
    QApplication.processEvents()  # its late delivery attaches nothing
    assert not kiosk.startup.attached
    kiosk.startup.start()  # e.g. the "never painted" timer after the close: nothing happens
    kiosk.window.deleteLater()
    QApplication.processEvents()


@pytest.mark.allow_log_warnings
def test_a_screen_that_cannot_be_built_does_not_keep_the_terminal_starting(
    qapp: QApplication,
    qtbot: QtBot,
    demo_config: LoadedConfig,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As when a screen's module cannot load (a library missing on the terminal).
    monkeypatch.setitem(SCREEN_CLASSES, Screen.RECEIPT, ("kiosk.ui.screens.missing", "Missing"))
    kiosk = _kiosk(demo_config, start_services=False)
    try:
        assert kiosk.startup is not None
        with qtbot.waitSignal(kiosk.startup.ready, timeout=30_000):
            kiosk.startup.start()
        assert not kiosk.shell.starting
        assert kiosk.window.footer.link.text() == ""
        assert "kiosk.ui.screens.missing cannot be imported" in caplog.text
        assert "could not be built in advance" in caplog.text
        kiosk.shell.start(JourneyName.CHECK)  # every other screen works
        assert kiosk.window.current_screen.context.scanning.verify is not None
    finally:
        kiosk.close()
        kiosk.window.deleteLater()
        QApplication.processEvents()


class _PrinterThatWillNotClose(FakePrinter):
    def close(self) -> None:
        raise OSError("the USB device is gone")


@pytest.mark.allow_log_warnings
def test_a_printer_that_fails_to_close_still_lets_everything_else_close(
    qapp: QApplication, qtbot: QtBot, demo_config: LoadedConfig, caplog: pytest.LogCaptureFixture
) -> None:
    hook_before = sys.excepthook
    kiosk = build_kiosk(
        demo_config,
        clock=ManualClock(),
        size=QSize(1280, 800),
        speaker=FakeSpeaker(),
        source_factory=lambda: ImageSequenceSource([], fps=0),
        printer=_PrinterThatWillNotClose(),
        start_services=False,
    )
    assert kiosk.startup is not None
    with qtbot.waitSignal(kiosk.startup.ready, timeout=30_000):
        kiosk.startup.start()
    terminal = kiosk.startup.terminal
    assert terminal.credentials is not None
    kiosk.close()
    assert "the receipt printer could not be closed" in caplog.text
    assert terminal.credentials is None  # the database was closed all the same
    assert sys.excepthook is hook_before  # and the hooks taken out
    kiosk.window.deleteLater()
    QApplication.processEvents()

"""Start the kiosk UI: QApplication, font, style, translations, shell, window, excepthooks.

``build_kiosk`` assembles everything without showing it (tests and the tour use it);
``run_kiosk`` shows the window and runs the event loop.

Thread contract: GUI thread (the process's main thread) only.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config.loader import ConfigError, LoadedConfig
from kiosk.config.schema import DevicesSection, ScanSection, UiSection
from kiosk.credentials.display import Purpose
from kiosk.credentials.services import CredentialServices, open_credential_services
from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.camera import FrameSource
from kiosk.devices.printer import PaperWidth, ReceiptPrinter
from kiosk.devices.qt.speaker import QtSpeaker
from kiosk.devices.speaker import Speaker
from kiosk.journeys.hotel import slip_factory
from kiosk.journeys.receipt import PRINT_LOCK_FILE, PrinterWatch, ReceiptDesk
from kiosk.journeys.shell import KioskShell, MaintenanceReason
from kiosk.runtime import excepthooks
from kiosk.runtime.clock import Clock, SystemClock
from kiosk.runtime.display import DisplayMetrics, resolve_dpi
from kiosk.runtime.tasks import TaskRunner
from kiosk.store.database import StoreError
from kiosk.store.receipt_archive import ReceiptArchive
from kiosk.sync.delivery import LinkState, install_send_now_signal
from kiosk.sync.enrolment import LOCAL_KEY_FILE, EnrolmentError
from kiosk.sync.outbox import SenderLock
from kiosk.sync.sealing import LocalKey, SealingError
from kiosk.sync.services import SyncServices, open_sync_services
from kiosk.ui.fonts import choose_ui_family
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.main_window import MainWindow
from kiosk.ui.printing import open_configured_printer
from kiosk.ui.scan.sources import FakeScenes, frame_source
from kiosk.ui.screens.base import ScanSetup, TerminalInfo, UiContext
from kiosk.ui.style import stylesheet
from kiosk.ui.tasks import QtTaskRunner

EXIT_CONFIG = 78  # sysexits EX_CONFIG: the terminal ran in maintenance because of its configuration
WINDOWED_SIZE = QSize(1280, 800)
_log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    """The assembled application: keep a reference for as long as it runs."""

    app: QApplication
    window: MainWindow
    shell: KioskShell
    tasks: TaskRunner
    uninstall_hooks: Callable[[], None]
    credentials: CredentialServices | None = None
    sync: SyncServices | None = None
    printer: ReceiptPrinter | None = None
    printer_tasks: TaskRunner | None = None  # the printer's own worker, when not shared

    def close(self) -> None:
        """Tear everything down (window, camera, workers, printer, database, hooks)."""
        self.window.close()
        self.tasks.shutdown()
        if self.printer_tasks is not None:
            self.printer_tasks.shutdown()
        if self.printer is not None:
            self.printer.close()
        if self.sync is not None:
            self.sync.close()
        if self.credentials is not None:
            self.credentials.close()
        self.uninstall_hooks()


class LinkRelay(QObject):
    """Carries the delivery worker's link state from its thread to the GUI thread."""

    changed = Signal(object)


def start_platform_sync(kiosk: Kiosk, loaded: LoadedConfig, clock: Clock) -> SyncServices | None:
    """Open the outbox and, if the terminal is enrolled, start delivery, heartbeats and document
    sync on the worker thread; the footer shows the link state. Called on the GUI thread."""
    if kiosk.credentials is None:
        return None
    relay = LinkRelay(kiosk.window)

    def show(state: object) -> None:
        if isinstance(state, LinkState):
            kiosk.window.footer.set_link(state.connectivity.value, state.queue_depth)

    relay.changed.connect(show)
    try:
        services = open_sync_services(
            loaded.config, loaded.data_dir, kiosk.credentials, clock, on_state=relay.changed.emit
        )
    except (EnrolmentError, StoreError, OSError) as error:
        _log.error("platform sync unavailable: %s", error)
        return None
    if services.worker is None:
        _log.warning("terminal not enrolled: applications cannot be submitted (kiosk enrol CODE)")
        kiosk.window.footer.set_link("offline")
    else:
        install_send_now_signal(services.worker)  # `kiosk outbox send-now` from a technician
        services.worker.start()
    kiosk.sync = services
    return services


class BugRelay(QObject):
    """Carries "a bug happened" from any thread to the GUI thread."""

    bug = Signal()


def ensure_application() -> QApplication:
    """The process's QApplication, created on first use."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("crossregion-kiosk")
    app.setApplicationDisplayName("川渝通办 · Cross-Region Services")
    return app


def display_metrics(loaded: LoadedConfig | None, size: QSize | None = None) -> DisplayMetrics:
    """Physical metrics of the primary screen, as configured or as reported."""
    screen = QGuiApplication.primaryScreen()
    geometry = screen.geometry() if screen is not None else None
    width = size.width() if size else (geometry.width() if geometry else 0)
    height = size.height() if size else (geometry.height() if geometry else 0)
    reported = screen.physicalDotsPerInch() if screen is not None else None
    section = loaded.config.screen if loaded else None
    dpi = resolve_dpi(
        configured_dpi=section.dpi if section else None,
        diagonal_in=section.diagonal_in if section else None,
        pixel_width=width,
        pixel_height=height,
        reported_dpi=reported,
    )
    return DisplayMetrics(dpi=dpi, touch_target_mm=section.touch_target_mm if section else 12.0)


def _terminal_info(loaded: LoadedConfig | None) -> TerminalInfo:
    if loaded is None:
        return TerminalInfo(terminal_id="", profile="citizen", centre_zh="", centre_en="")
    terminal = loaded.config.terminal
    return TerminalInfo(
        terminal_id=terminal.id,
        profile=terminal.profile,
        centre_zh=terminal.service_centre.zh,
        centre_en=terminal.service_centre.en,
    )


def _credential_services(loaded: LoadedConfig | None) -> CredentialServices | None:
    if loaded is None:
        return None
    try:
        return open_credential_services(loaded.config, loaded.data_dir)
    except StoreError as error:
        _log.error("credentials cannot be verified: %s", error)
        return None


def _verify_function(
    services: CredentialServices | None, profile: str, clock: Clock
) -> Callable[[str], VerificationResult] | None:
    if services is None:
        return None
    verifier = services.verifier
    purpose = Purpose.HOTEL_CHECK_IN if profile == "hotel" else Purpose.SERVICE_APPLICATION

    def verify(text: str) -> VerificationResult:
        # A check shows what the code is; it does not use up a dynamic e-ID.
        return verifier.verify(text, purpose, clock.now(), record_use=False)

    return verify


def build_kiosk(
    loaded: LoadedConfig | None,
    config_error: ConfigError | None = None,
    *,
    clock: Clock | None = None,
    size: QSize | None = None,
    tasks: TaskRunner | None = None,
    speaker: Speaker | None = None,
    source_factory: Callable[[], FrameSource] | None = None,
    fake_scenes: FakeScenes | None = None,
    printer: ReceiptPrinter | None = None,
) -> Kiosk:
    """Assemble the application for ``loaded`` (or the maintenance screen for ``config_error``).

    ``tasks``, ``speaker``, ``source_factory`` and ``printer`` replace the real ones (tests and
    the tour);
    ``fake_scenes`` feeds the ``fake`` camera (the demo passes freshly issued codes).
    """
    if (loaded is None) == (config_error is None):
        raise ValueError("give either a loaded configuration or the error that prevented it")
    clock = clock or SystemClock()
    app = ensure_application()
    metrics = display_metrics(loaded, size)
    family = choose_ui_family()
    if family is None:
        _log.error("no font with Chinese glyphs is installed; run `kiosk doctor`")
    font = QFont(family) if family else QFont()
    font.setPixelSize(metrics.body_px)
    app.setFont(font)
    app.setStyleSheet(stylesheet(metrics))

    ui = loaded.config.ui if loaded else UiSection()
    maintenance = MaintenanceReason(config_error) if config_error else None
    # Printer I/O gets its own thread: a printer that does not answer (seconds of timeouts)
    # must never hold up frame analysis on the shared runner.
    printer_tasks: TaskRunner = tasks if tasks is not None else QtTaskRunner(max_threads=1)
    tasks = tasks or QtTaskRunner()
    terminal = _terminal_info(loaded)
    services = _credential_services(loaded)
    devices = loaded.config.devices if loaded else DevicesSection()
    printing = _printing(loaded, services, printer_tasks, clock, printer) if loaded else None
    shell = KioskShell(
        clock,
        languages=ui.languages,
        default_language=ui.default_language,
        idle_timeout_s=ui.idle_timeout_s,
        idle_countdown_s=ui.idle_countdown_s,
        maintenance=maintenance,
        receipts=printing.desk if printing else None,
        printer_watch=printing.watch if printing else None,
    )
    if printing is not None and terminal.profile == "hotel":
        shell.set_slip_factory(
            slip_factory(
                terminal_id=terminal.terminal_id,
                hotel=(terminal.centre_zh, terminal.centre_en),
                clock=clock,
                language=lambda: shell.view().language,
            )
        )
    scan = loaded.config.scan if loaded else ScanSection()
    if source_factory is None:
        spec, camera_size = devices.camera_spec(), devices.camera_size

        def source_factory() -> FrameSource:
            return frame_source(spec, size=camera_size, fake_scenes=fake_scenes)

    scanning = ScanSetup(
        source_factory=source_factory,
        verify=_verify_function(services, terminal.profile, clock),
        speaker=speaker or QtSpeaker(),
        clock=clock,
        required_reads=scan.required_reads,
        timeout_s=float(scan.timeout_s),
    )
    context = UiContext(
        shell=shell, metrics=metrics, terminal=terminal, tasks=tasks, scanning=scanning
    )
    window = MainWindow(context, LanguageSwitcher.of(app), maintenance)
    window.resize(size or WINDOWED_SIZE)

    relay = BugRelay(window)
    relay.bug.connect(shell.report_bug)
    uninstall = excepthooks.install(lambda _error: relay.bug.emit())
    return Kiosk(
        app=app,
        window=window,
        shell=shell,
        tasks=tasks,
        uninstall_hooks=uninstall,
        credentials=services,
        printer=printing.printer if printing else None,
        printer_tasks=printer_tasks if printer_tasks is not tasks else None,
    )


@dataclass
class Printing:
    """The receipt printer and the journey parts that use it."""

    printer: ReceiptPrinter | None
    desk: ReceiptDesk
    watch: PrinterWatch


def _printing(
    loaded: LoadedConfig,
    services: CredentialServices | None,
    tasks: TaskRunner,
    clock: Clock,
    printer: ReceiptPrinter | None,
) -> Printing:
    devices = loaded.config.devices
    if printer is None:
        try:
            printer = open_configured_printer(devices)
        except (OSError, ValueError) as error:
            _log.error("receipt printer unavailable: %s", error)
    archive = None
    if services is not None:
        try:
            key = LocalKey.load_or_create(loaded.data_dir / LOCAL_KEY_FILE)
            archive = ReceiptArchive(services.database, key, clock)
        except (OSError, SealingError) as error:
            _log.error("receipts cannot be kept for a reprint: %s", error)
    paper = printer.paper if printer is not None else PaperWidth.from_millimetres(devices.paper_mm)
    if archive is not None:
        kept = archive

        def purged(count: int) -> None:
            if count:
                _log.info("%d receipt record(s) older than the retention period removed", count)

        def purge_failed(error: BaseException) -> None:
            _log.error("old receipt records not removed: %s", type(error).__name__)

        tasks.submit("purge old receipts", kept.purge, purged, purge_failed)
    return Printing(
        printer=printer,
        desk=ReceiptDesk(
            printer,
            tasks,
            archive=archive,
            paper=paper,
            lock=SenderLock(loaded.data_dir / PRINT_LOCK_FILE),
        ),
        watch=PrinterWatch(printer, tasks, clock),
    )


def resident_memory_bytes() -> int:
    """Resident set size of this process now (Linux), else its peak."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class FirstPaintProbe(QObject):
    """Prints one JSON line when ``widget`` has been painted for the first time, then quits.

    Used by ``bench/startup.py`` to time start-up to the first painted home screen.
    """

    def __init__(self, widget: QWidget, app: QApplication) -> None:
        super().__init__(widget)
        self._app = app
        self._done = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._report)  # after this paint has completed
        return False

    def _report(self) -> None:
        line = json.dumps({"event": "first_paint", "rss_bytes": resident_memory_bytes()})
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        self._app.quit()


def run_kiosk(
    loaded: LoadedConfig | None,
    config_error: ConfigError | None = None,
    *,
    windowed: bool = False,
    quit_after_s: float | None = None,
    report_first_paint: bool = False,
    fake_scenes: FakeScenes | None = None,
) -> int:
    """Show the kiosk and run until it is closed; returns the process exit code."""
    kiosk = build_kiosk(loaded, config_error, fake_scenes=fake_scenes)
    if loaded is not None:
        start_platform_sync(kiosk, loaded, SystemClock())
    if report_first_paint:
        FirstPaintProbe(kiosk.window.current_screen, kiosk.app)
    if windowed:
        kiosk.window.show()
    else:
        kiosk.window.showFullScreen()
    if quit_after_s is not None:
        QTimer.singleShot(round(quit_after_s * 1000), kiosk.app.quit)
    _log.info(
        "kiosk started",
        extra={"screen": kiosk.shell.screen.value, "windowed": windowed},
    )
    try:
        code = kiosk.app.exec()
    finally:
        kiosk.close()
    return EXIT_CONFIG if config_error is not None else code

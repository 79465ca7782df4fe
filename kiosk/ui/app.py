"""Start the kiosk UI: QApplication, font, style, translations, shell, window, excepthooks.

``build_kiosk`` assembles everything without showing it (tests and the tour use it);
``run_kiosk`` shows the window and runs the event loop until the window is closed or the process
gets SIGINT, SIGTERM or SIGHUP (``StopOnSignals``); either way the kiosk is closed in order.

``kiosk run`` is locked down (``kiosk.ui.lockdown``: full screen, no leaving it); under systemd
it reports ready once its first screen has painted and feeds the watchdog while the GUI thread
beats (``feed_watchdog``, ``kiosk.runtime.watchdog``). Outside opening hours an idle home
screen goes black (``kiosk.ui.power``).

Thread contract: GUI thread (the process's main thread) only.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config.loader import ConfigError, LoadedConfig
from kiosk.config.schema import DevicesSection, ScanSection
from kiosk.devices.camera_watch import CameraWatch
from kiosk.devices.printer import ReceiptPrinter
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.journey import Screen
from kiosk.journeys.shell import KioskShell, MaintenanceReason
from kiosk.runtime import excepthooks
from kiosk.runtime.clock import Clock, SystemClock
from kiosk.runtime.display import DisplayMetrics, resolve_dpi
from kiosk.runtime.display_power import BlankPolicy, DisplaySwitch
from kiosk.runtime.stop_signals import deferring_stop
from kiosk.runtime.tasks import TaskRunner
from kiosk.runtime.watchdog import Watchdog
from kiosk.terminal import build_host
from kiosk.ui.fonts import choose_ui_family
from kiosk.ui.gui_gc import pin_collection_to_gui_thread
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.keyboard.environment import prepare_environment
from kiosk.ui.lockdown import Lockdown, apply_cursor
from kiosk.ui.main_window import MainWindow
from kiosk.ui.power import PowerSaver
from kiosk.ui.screens.base import ScanSetup, UiContext
from kiosk.ui.signals import StopOnSignals
from kiosk.ui.startup import ServiceStartup
from kiosk.ui.style import measured_cap_ratio, stylesheet
from kiosk.ui.tasks import QtTaskRunner

if TYPE_CHECKING:
    from kiosk.devices.camera import FrameSource
    from kiosk.devices.speaker import Speaker
    from kiosk.terminal import CredentialServices, SyncServices
    from kiosk.ui.scan.sources import FakeScenes

# Slow to import and not needed to paint the home screen (reported by ``StartupProbe``).
STARTUP_HEAVY_MODULES = ("sqlalchemy", "alembic", "numpy", "zxingcpp", "PySide6.QtMultimedia")
EXIT_CONFIG = 78  # sysexits EX_CONFIG: the terminal ran in maintenance because of its configuration
START_WITHOUT_PAINT_MS = 3000  # services open by then even if the window was never painted
WINDOWED_SIZE = QSize(1280, 800)
_log = logging.getLogger(__name__)


@dataclass
class Kiosk:
    """The assembled application: keep a reference for as long as it runs.

    Its services (database, verifier, printer, platform link) are opened by ``startup`` after
    the home screen has painted; ``ready`` tells when they are attached.
    """

    app: QApplication
    window: MainWindow
    shell: KioskShell
    tasks: TaskRunner
    uninstall_hooks: Callable[[], None]
    startup: ServiceStartup | None = None  # None: nothing to open (maintenance)
    printer_tasks: TaskRunner | None = None  # the printer's own worker, when not shared
    lockdown: Lockdown | None = None  # engaged for ``kiosk run``; the technician mode's switch
    power: PowerSaver | None = None  # the black screen outside opening hours (when configured)
    restore_cursor: Callable[[], None] = field(default=lambda: None, repr=False)
    _closed: bool = field(default=False, repr=False)

    @property
    def ready(self) -> bool:
        """Every service is open (or known to be unavailable) and every screen is built."""
        return self.startup is None or self.startup.attached

    @property
    def credentials(self) -> CredentialServices | None:
        return self.startup.terminal.credentials if self.startup else None

    @property
    def sync(self) -> SyncServices | None:
        return self.startup.terminal.sync if self.startup else None

    @property
    def printer(self) -> ReceiptPrinter | None:
        return self.startup.printer if self.startup else None

    def close(self) -> None:
        """Tear everything down (window, camera, workers, printer, database, hooks)."""
        if self._closed:
            return
        self._closed = True
        lockdown = self.lockdown
        steps: list[tuple[str, Callable[[], object]]] = [
            ("keyboard", self.window.keyboard.finish_loading),
        ]
        if self.power is not None:
            steps.append(("display power", self.power.close))  # a black screen lit again
        if lockdown is not None:
            steps.append(("lockdown", lockdown.allow_close))
        steps += [
            ("window", self.window.close),
            ("tasks", self.tasks.shutdown),  # also waits for the services still being opened
        ]
        if self.printer_tasks is not None:
            steps.append(("printer tasks", self.printer_tasks.shutdown))
        if self.startup is not None:
            steps.append(("services", self.startup.close))
        steps.append(("excepthooks", self.uninstall_hooks))
        steps.append(("cursor", self.restore_cursor))
        if lockdown is not None:
            steps.append(("lockdown filter", lockdown.uninstall))
        # One step failing must not leave the database open or the hooks installed.
        for name, step in steps:
            try:
                step()
            except Exception:  # noqa: BLE001 - logged; the next steps still run
                _log.exception("closing the kiosk: %s failed", name)


class BugRelay(QObject):
    """Carries "a bug happened" from any thread to the GUI thread."""

    bug = Signal()


def ensure_application() -> QApplication:
    """The process's QApplication, created on first use; Python's cycle collector then runs on
    its GUI thread only (``kiosk.ui.gui_gc``)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        pin_collection_to_gui_thread(existing)
        return existing
    prepare_environment()  # the on-screen keyboard: read by Qt when the application is made
    app = QApplication(sys.argv[:1])
    app.setApplicationName("crossregion-kiosk")
    app.setApplicationDisplayName("川渝通办 · Cross-Region Services")
    pin_collection_to_gui_thread(app)
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
    return DisplayMetrics(dpi=dpi, touch_target_mm=section.touch_target_mm if section else 15.0)


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
    document_source_factory: Callable[[], FrameSource] | None = None,
    printer: ReceiptPrinter | None = None,
    start_services: bool = True,
    platform_sync: bool = False,
    lockdown: bool = False,
) -> Kiosk:
    """Assemble the application for ``loaded`` (or the maintenance screen for ``config_error``).

    The window is built with its first screen only; the services are opened by
    ``kiosk.startup`` on ``tasks`` (at once with ``start_services``, else when the caller calls
    ``kiosk.startup.start()``, as ``run_kiosk`` does after the first paint). With the
    synchronous runner they are ready when this returns. ``platform_sync`` also opens the
    outbox and starts delivery to the platform. ``lockdown`` engages the kiosk lockdown
    (``kiosk run``: ``Kiosk.lockdown.show()`` then shows it full screen).

    ``tasks``, ``speaker``, ``source_factory``, ``document_source_factory`` and ``printer``
    replace the real ones (tests and the tour); ``fake_scenes`` feeds the ``fake`` camera (the
    demo passes freshly issued codes); a ``fake`` document camera shows a sample paper sheet.
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
    # Text is sized by cap height: measured on this font now, so that the window's first
    # presentation is this very style sheet (setting it again later re-polishes every widget).
    metrics = replace(metrics, cap_ratio=measured_cap_ratio(font))
    font.setPixelSize(metrics.body_px)
    app.setFont(font)
    app.setStyleSheet(stylesheet(metrics))

    maintenance = MaintenanceReason(config_error) if config_error else None
    # Printer I/O gets its own thread: a printer that does not answer (seconds of timeouts)
    # must never hold up frame analysis on the shared runner.
    printer_tasks: TaskRunner = tasks if tasks is not None else QtTaskRunner(max_threads=1)
    tasks = tasks or QtTaskRunner()
    shell = build_host(loaded, clock, maintenance=maintenance)
    terminal = shell.terminal
    scan = loaded.config.scan if loaded else ScanSection()
    devices = loaded.config.devices if loaded else DevicesSection()
    if source_factory is None:
        spec, camera_size = devices.camera_spec(), devices.camera_size

        def source_factory() -> FrameSource:
            from kiosk.ui.scan.sources import frame_source  # noqa: PLC0415 - after first paint

            return frame_source(spec, size=camera_size, fake_scenes=fake_scenes)

    # What the last scan found of the camera, for the status screen, heartbeat and fleet page.
    camera_watch = CameraWatch(clock)
    source_factory = camera_watch.watching(source_factory)

    document_spec = devices.document_camera_spec()
    if document_source_factory is None and document_spec is not None:
        document_size = devices.camera_size

        def document_source_factory() -> FrameSource:
            from kiosk.devices.paper_frames import sample_document_scenes  # noqa: PLC0415
            from kiosk.ui.scan.sources import frame_source  # noqa: PLC0415 - after first paint

            return frame_source(
                document_spec, size=document_size, fake_scenes=sample_document_scenes
            )

    scanning = ScanSetup(
        source_factory=source_factory,
        verify=None,  # until the verifier is open
        speaker=speaker or FakeSpeaker(),  # until QtMultimedia is loaded, after the first paint
        clock=clock,
        required_reads=scan.required_reads,
        timeout_s=float(scan.timeout_s),
        document_source_factory=document_source_factory,
    )
    context = UiContext(
        shell=shell, metrics=metrics, terminal=terminal, tasks=tasks, scanning=scanning
    )
    window = MainWindow(context, LanguageSwitcher.of(app), maintenance)
    window.resize(size or WINDOWED_SIZE)
    locked = Lockdown(window, engaged=lockdown)
    # In technician mode the keys and context menus reach the application (PIN entered).
    shell.subscribe(lambda view: locked.set_technician(view.technician))
    power = _power_saver(loaded, window, shell, locked, clock)

    relay = BugRelay(window)
    relay.bug.connect(shell.report_bug)
    uninstall = excepthooks.install(lambda _error: relay.bug.emit())
    kiosk = Kiosk(
        app=app,
        window=window,
        shell=shell,
        tasks=tasks,
        uninstall_hooks=uninstall,
        printer_tasks=printer_tasks if printer_tasks is not tasks else None,
        lockdown=locked,
        power=power,
        restore_cursor=apply_cursor(loaded.config.screen.cursor if loaded else "auto"),
    )
    if loaded is not None:
        kiosk.startup = ServiceStartup(
            loaded,
            window,
            clock=clock,
            tasks=tasks,
            printer_tasks=printer_tasks,
            printer=printer,
            speaker=speaker,
            platform_sync=platform_sync,
            camera_watch=camera_watch,
        )
        if start_services:
            kiosk.startup.start()
    return kiosk


def _power_saver(
    loaded: LoadedConfig | None,
    window: MainWindow,
    shell: KioskShell,
    lockdown: Lockdown,
    clock: Clock,
) -> PowerSaver | None:
    """The black screen outside opening hours, when ``[power]`` sets them (else None)."""
    if loaded is None:
        return None
    config = loaded.config
    policy = BlankPolicy(
        config.power.hours(),
        blank_outside_hours=config.power.blank_outside_hours,
        idle_s=config.ui.idle_timeout_s,
        clock=clock,
    )
    if not policy.enabled:
        return None
    switch = DisplaySwitch(config.power.display_off(), config.power.display_on())
    return PowerSaver(window, shell, policy, switch, technician=lambda: lockdown.technician)


def feed_watchdog(kiosk: Kiosk, watchdog: Watchdog) -> None:
    """Tell systemd (when it started the kiosk) that it is ready once its first screen has
    painted, what it is doing, and feed the watchdog from a timer on the GUI thread: a GUI
    thread that stops answering stops the pings (``kiosk.runtime.watchdog``)."""
    if not watchdog.active:
        return
    beat_s = watchdog.beat_interval_s
    if beat_s is not None:
        timer = QTimer(kiosk.window)
        timer.setObjectName("WatchdogBeat")
        timer.setInterval(max(1, round(beat_s * 1000)))
        timer.timeout.connect(watchdog.gui_beat)
        timer.start()
    shown = "out of service" if kiosk.shell.screen is Screen.MAINTENANCE else "home screen shown"
    AfterFirstPaint(kiosk.window.current_screen, lambda: watchdog.ready(shown))
    if kiosk.startup is not None:
        kiosk.startup.ready.connect(lambda: watchdog.status("serving"))
    watchdog.start()


def resident_memory_bytes() -> int:
    """Resident set size of this process now (Linux), else its peak."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class StartupProbe(QObject):
    """Prints a JSON line when ``widget`` has first been painted, and another when every
    service is ready, then quits.

    Used by ``bench/startup.py`` to time start-up to the first painted home screen and to a
    terminal ready for its first citizen.
    """

    def __init__(self, widget: QWidget, kiosk: Kiosk) -> None:
        super().__init__(widget)
        self._kiosk = kiosk
        self._painted = False
        self._ready_reported = False
        AfterFirstPaint(widget, self._report_paint)
        if kiosk.startup is not None:
            kiosk.startup.ready.connect(self._maybe_ready)

    def _report_paint(self) -> None:
        self._painted = True
        self._emit("first_paint")
        self._maybe_ready()

    def _maybe_ready(self) -> None:
        if self._painted and self._kiosk.ready and not self._ready_reported:
            self._ready_reported = True
            self._emit("ready")
            self._kiosk.app.quit()

    @staticmethod
    def _emit(event: str) -> None:
        # Which slow modules were loaded by then: the first paint must not wait for them.
        modules = {name: name in sys.modules for name in STARTUP_HEAVY_MODULES}
        line = json.dumps(
            {"event": event, "rss_bytes": resident_memory_bytes(), "modules": modules}
        )
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


class AfterFirstPaint(QObject):
    """Calls ``then`` once, on the event loop, right after ``widget`` first painted."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)
        return False


def open_services_after_first_paint(
    kiosk: Kiosk, *, without_paint_ms: int = START_WITHOUT_PAINT_MS
) -> None:
    """Start opening the services once the first screen has painted. A window that is never
    painted (no display exposes it) must not keep the terminal from opening them: they start
    anyway after ``without_paint_ms`` (``start`` runs once)."""
    if kiosk.startup is None:
        return
    AfterFirstPaint(kiosk.window.current_screen, kiosk.startup.start)
    QTimer.singleShot(without_paint_ms, kiosk.startup.start)


def start_kiosk(
    loaded: LoadedConfig | None,
    config_error: ConfigError | None = None,
    *,
    windowed: bool = False,
    fake_scenes: FakeScenes | None = None,
) -> Kiosk:
    """Build the kiosk as ``kiosk run`` starts it and show it: the home screen paints first, the
    services (and the platform link) open once it has. The caller runs the event loop."""
    kiosk = build_kiosk(
        loaded,
        config_error,
        fake_scenes=fake_scenes,
        start_services=False,
        platform_sync=True,
        lockdown=not windowed,
    )
    open_services_after_first_paint(kiosk)
    assert kiosk.lockdown is not None
    kiosk.lockdown.show()  # full screen when locked down
    return kiosk


def run_kiosk(
    loaded: LoadedConfig | None,
    config_error: ConfigError | None = None,
    *,
    windowed: bool = False,
    quit_after_s: float | None = None,
    report_first_paint: bool = False,
    fake_scenes: FakeScenes | None = None,
    on_ready: Callable[[], None] | None = None,
) -> int:
    """Show the kiosk and run until the window is closed or a signal stops it (INT, TERM, HUP:
    ``StopOnSignals``); the kiosk is then closed in order. Returns the process exit code.

    The home screen paints first; the services open once it has (``kiosk.ui.startup``).
    ``on_ready`` is called on the event loop once every service is attached (at once in
    maintenance): from then on a signal stops the kiosk through the event loop.
    """
    # Creating the application calls back into Python (the Qt message handler): a stop signal
    # meanwhile is raised after it, not inside the callback, where PySide would swallow it.
    with deferring_stop():
        application = ensure_application()
    stopper = StopOnSignals(application)  # before anything slow: no signal is lost
    watchdog = Watchdog.from_environment()  # inert unless systemd started the kiosk
    try:
        kiosk = start_kiosk(loaded, config_error, windowed=windowed, fake_scenes=fake_scenes)
        try:
            feed_watchdog(kiosk, watchdog)
            if report_first_paint:
                StartupProbe(kiosk.window.current_screen, kiosk)
            if quit_after_s is not None:
                QTimer.singleShot(round(quit_after_s * 1000), kiosk.app.quit)
            if on_ready is not None:
                _when_ready(kiosk, on_ready)
            _log.info(
                "kiosk started",
                extra={"screen": kiosk.shell.screen.value, "windowed": windowed},
            )
            code = kiosk.app.exec()
        finally:
            watchdog.stop()  # STOPPING=1 before the (possibly slow) clean-up
            kiosk.close()
    finally:
        stopper.close()
    return EXIT_CONFIG if config_error is not None else code


def _when_ready(kiosk: Kiosk, then: Callable[[], None]) -> None:
    """Call ``then`` once, on the event loop, when every service is attached."""
    if kiosk.startup is None:
        QTimer.singleShot(0, then)
    else:
        kiosk.startup.ready.connect(then, Qt.ConnectionType.SingleShotConnection)

"""Open the terminal's services after the home screen has painted, and attach them.

``build_kiosk`` shows the home screen with its tiles and footer saying "starting"; this object
then opens the terminal (``kiosk.terminal.Terminal``, Qt-free: the database, the verifier, the
receipt archive and, for ``kiosk run``, the platform link) on the task runner, importing the
modules of the other screens on the same worker thread meanwhile. Back on the GUI thread it opens
the printer (the terminal's printer factory, here the one that knows Qt's printers),
builds the remaining screens with the verifier in their context, hands the receipt desk and the
printer watch to the shell (which only then lets a journey start) and starts delivery. Until
then nothing a citizen touches can reach a service that is not open.

A database that cannot be used (the terminal's check at opening: damaged, not a database,
unreadable) puts the terminal out of service: the shell shows the maintenance screen naming the
file. A database failure met later while verifying a code (``Terminal.on_database_fault``, on
the scanning thread) reaches the GUI thread through a signal: the citizen sees the apology,
never a verdict on their code, and a damaged file then puts the terminal out of service.

The kiosk holds its data folder (``Terminal.hold_data_folder``) from this object's construction,
before anything is opened, until ``close``, whether or not the database opens: ``kiosk database
recover`` refuses to move the file aside under it. While the terminal is out of service the
footer shows no platform link state: nothing is accepted then, so nothing is promised to be sent.

Thread contract: construct, ``start`` and ``close`` on the GUI thread; the opening runs on a
worker thread of the task runner; ``attached`` and the ``ready`` signal are GUI-thread facts.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.config.loader import LoadedConfig
from kiosk.config.schema import DevicesSection
from kiosk.devices.printer import ReceiptPrinter
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.journey import TECHNICIAN_SCREENS
from kiosk.journeys.receipt import PrinterWatch, ReceiptDesk
from kiosk.runtime.clock import Clock
from kiosk.runtime.tasks import TaskRunner
from kiosk.terminal import Terminal, database_maintenance
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.main_window import SCREEN_CLASSES, MainWindow
from kiosk.ui.system_actions import QtSystemActions

if TYPE_CHECKING:
    from kiosk.credentials.verifier import VerificationResult
    from kiosk.devices.camera_watch import CameraWatch
    from kiosk.devices.speaker import Speaker
    from kiosk.journeys.apply import ApplicationServices
    from kiosk.journeys.desk import DeskServices
    from kiosk.journeys.scan_step import ScanRequest
    from kiosk.journeys.status import StatusDesk
    from kiosk.technician.services import TechnicianServices

# Modules the GUI thread needs once the services are attached, imported on the worker thread.
LATER_MODULES = (
    "kiosk.credentials.display",
    "kiosk.journeys.hotel",
    "kiosk.journeys.check",
    "kiosk.devices.qt.speaker",
    "kiosk.ui.printing",
    "kiosk.ui.scan.sources",
    "kiosk.sync.delivery",
)
_log = logging.getLogger(__name__)


class LinkRelay(QObject):
    """Carries the delivery worker's link state from its thread to the GUI thread."""

    changed = Signal(object)


class FaultRelay(QObject):
    """Carries a database failure met while verifying from its thread to the GUI thread."""

    database = Signal(object)


def verify_function(
    terminal: Terminal,
) -> Callable[[str, ScanRequest], VerificationResult] | None:
    """How the scan screen checks a code for a scan step's request (None: it cannot). A check
    shows what a code is and leaves a dynamic e-ID unused; applying uses it up
    (``ScanRequest.uses_up``), so the same code shown again is refused as replayed."""
    if terminal.credentials is None:
        return None

    def verify(text: str, request: ScanRequest) -> VerificationResult:
        return terminal.verify(text, request.purpose, record_use=request.uses_up)

    return verify


def status_desk(terminal: Terminal, tasks: TaskRunner) -> StatusDesk | None:
    """How the status journey asks the platform (None: this terminal is not enrolled, so the
    platform would not answer it). The look-up has its own client (made on its first use, on
    the worker), apart from the delivery worker's, and reads the outbox for applications
    still queued here."""
    if terminal.enrolment is None:
        return None
    from kiosk.journeys.status import StatusDesk  # noqa: PLC0415 - after the first paint
    from kiosk.sync.status_lookup import StatusLookup  # noqa: PLC0415

    return StatusDesk(StatusLookup(terminal.platform_client, terminal.outbox), tasks)


Opener = Callable[[Terminal], object]  # ``Terminal.open_all`` or a test's stand-in
CLOSE_WAIT_S = 30.0  # how long closing waits for an opening still under way


class ServiceStartup(QObject):
    """Opens the services in the background and attaches them on the GUI thread.

    Whatever fails while attaching (a bug, a module that cannot be imported) is logged and the
    terminal still leaves "starting": the shell gets what could be attached, and a screen that
    could not be built is built again when it is needed (the bug path if it fails again).
    """

    ready = Signal()

    def __init__(
        self,
        loaded: LoadedConfig,
        window: MainWindow,
        *,
        clock: Clock,
        tasks: TaskRunner,
        printer_tasks: TaskRunner,
        printer: ReceiptPrinter | None = None,
        speaker: Speaker | None = None,
        platform_sync: bool = False,
        camera_watch: CameraWatch | None = None,
        opener: Opener = Terminal.open_all,
        close_wait_s: float = CLOSE_WAIT_S,
    ) -> None:
        """``printer`` and ``speaker`` replace the configured printer and the real speaker;
        ``opener`` replaces ``Terminal.open_all`` (tests)."""
        super().__init__(window)
        self._speaker = speaker
        self._loaded = loaded
        self._window = window
        self._clock = clock
        self._tasks = tasks
        self._printer_tasks = printer_tasks
        self._platform_sync = platform_sync
        self._camera_watch = camera_watch
        self._opener = opener
        self._close_wait_s = close_wait_s
        self.printer = printer
        self.attached = False
        self._started = False
        # Shared with the worker thread: whoever comes last (the opening or ``close``) closes
        # what was opened, exactly once.
        self._lock = threading.Lock()
        self._opening_done = threading.Event()
        self._closed = False
        self._services_closed = False
        self._link = LinkRelay(self)
        self._link.changed.connect(self._show_link)
        self._faults = FaultRelay(self)
        self._faults.database.connect(self._database_failed)
        self._watch: PrinterWatch | None = None  # the printer's last known state, once attached
        self.terminal = Terminal(
            loaded,
            clock,
            platform_sync=platform_sync,
            on_link_state=self._link.changed.emit,
            device_states=self._device_states,
            printer_factory=_configured_printer,
            on_database_fault=self._faults.database.emit,
        )
        if not self.terminal.hold_data_folder():  # from start-up to exit (``close``)
            _log.error(
                "another process (%s) holds the data folder %s: a second kiosk or "
                "kiosk database recover runs on it",
                self.terminal.data_folder_holder() or "unknown",
                loaded.data_dir,
            )
        window.footer.set_link("starting")  # from the first frame until the services are open

    def start(self) -> None:
        """Begin opening the services; ``ready`` is emitted once they are attached."""
        if self._started or self._closed:
            return
        self._started = True
        self._tasks.submit("open services", self._open, self._attach, self._failed)

    def _open(self) -> Terminal:  # on a worker thread
        try:
            self._opener(self.terminal)  # each part is recorded in it as soon as it is open
            # Imported here so that building the screens on the GUI thread is quick.
            # Technician screens are imported when a technician first opens one.
            screens = (
                name
                for screen, (name, _) in SCREEN_CLASSES.items()
                if screen not in TECHNICIAN_SCREENS
            )
            for module_name in (*screens, *LATER_MODULES):
                try:
                    importlib.import_module(module_name)
                except Exception:  # noqa: BLE001 - a bug or broken install: logged, never fatal here
                    _log.exception("%s cannot be imported", module_name)
            return self.terminal
        finally:
            self._opening_done.set()
            with self._lock:
                late = self._closed  # close() stopped waiting: what was opened is ours to close
            if late:
                self._close_services()

    def _failed(self, error: BaseException) -> None:
        _log.error(
            "the terminal's services could not be opened",
            exc_info=(type(error), error, error.__traceback__),
        )
        self._attach(self.terminal)

    def _attach(self, terminal: Terminal) -> None:
        if self._closed:
            return  # the kiosk closed while they opened; close() (or _open) closes them
        window, shell = self._window, self._window.shell
        context = window.context
        desk: ReceiptDesk | None = None
        watch: PrinterWatch | None = None
        status: StatusDesk | None = None
        applications: ApplicationServices | None = None
        desk_services: DeskServices | None = None
        technician: TechnicianServices | None = None
        try:
            desk, watch = self._printing(terminal)
            self._watch = watch
            status = status_desk(terminal, self._tasks) if self._platform_sync else None
            applications = terminal.application_services(self._tasks)
            desk_services = terminal.desk_services(self._tasks)
            technician = terminal.technician_services(
                self._tasks, printer=self.printer, printer_tasks=self._printer_tasks
            )
            if technician is not None:
                lockdown = Lockdown.of(window)
                technician.system = QtSystemActions(lockdown.allow_close if lockdown else None)
            scanning = replace(
                context.scanning,
                verify=verify_function(terminal),
                speaker=self._speaker or _real_speaker(),
            )
            context = replace(context, scanning=scanning)
        except Exception:  # noqa: BLE001 - a bug: logged; the terminal still leaves "starting"
            _log.exception("the terminal's services could not all be attached")
        finally:
            maintenance = terminal.out_of_service()
            if maintenance is not None:
                window.footer.set_out_of_service()
            shell.services_ready(  # before screens use them; out of service without a database
                receipts=desk,
                printer_watch=watch,
                maintenance=maintenance,
                staff_caller=terminal.call_staff,  # queued to the platform as a help request
                catalog=terminal.catalog,
                status=status,
                applications=applications,
                desk=desk_services,
                technician=technician,
            )
        try:
            window.build_all_screens(context)
        except Exception:  # noqa: BLE001 - built again when needed (the bug path then)
            _log.exception("a screen could not be built in advance")
        try:
            self._start_delivery(terminal)
        except Exception:  # noqa: BLE001 - a bug: logged; the terminal works offline
            _log.exception("delivery to the platform could not be started")
            self._window.footer.set_link("offline")
        self.attached = True
        _log.info(
            "services ready",
            extra={
                "verifier": terminal.credentials is not None,
                "platform_sync": terminal.sync is not None,
                "demo_mode": self._loaded.config.demo_mode,
            },
        )
        self.ready.emit()

    def _device_states(self) -> dict[str, str]:
        """The devices' last known states, for the heartbeat and the technician's status: the
        printer watch's, and what the last scan found of the camera (it runs only while a scan
        needs it). Called on the delivery worker's and the task runner's threads: it reads
        references replaced whole on other threads."""
        states: dict[str, str] = {}
        watch = self._watch
        printer = watch.state if watch is not None else None
        if printer is not None:
            states["printer"] = printer.value
        sighting = self._camera_watch.last if self._camera_watch is not None else None
        if sighting is not None:
            states["camera"] = sighting.state.value
        return states

    def _printing(self, terminal: Terminal) -> tuple[ReceiptDesk, PrinterWatch]:
        if self.printer is None:
            try:
                self.printer = terminal.open_printer()
            except (OSError, ValueError) as error:
                _log.error("receipt printer unavailable: %s", error)
        return terminal.receipt_desk(self.printer, self._printer_tasks)

    def _start_delivery(self, terminal: Terminal) -> None:
        if not self._platform_sync:
            self._window.footer.set_link(None)
            return
        services = terminal.sync
        if services is None or services.worker is None:
            if services is not None:
                _log.warning(
                    "terminal not enrolled: applications cannot be submitted (kiosk enrol CODE)"
                )
            self._window.footer.set_link("offline")
            return
        from kiosk.sync.delivery import install_send_now_signal  # noqa: PLC0415

        install_send_now_signal(services.worker)  # `kiosk outbox send-now` from a technician
        self._window.footer.set_link(None)  # until the worker's first answer
        services.worker.start()

    def _database_failed(self, fault: object) -> None:
        """GUI thread: verification met a database failure. A damaged file: out of service
        (the apology first for the citizen at the terminal); another failure: the apology."""
        if self._closed:
            return
        shell = self._window.shell
        reason = database_maintenance(fault, damaged_only=True)
        if reason is not None:
            self._window.footer.set_out_of_service()
            shell.out_of_service(reason)
        else:
            shell.report_bug()

    def _show_link(self, state: object) -> None:
        from kiosk.sync.delivery import LinkState  # noqa: PLC0415 - imported by now

        if isinstance(state, LinkState):
            self._window.footer.set_link(state.connectivity.value, state.queue_depth)

    def close(self) -> None:
        """Close what was opened. An opening still under way is waited for (at most
        ``close_wait_s``); if it takes longer, it closes what it opened when it finishes."""
        with self._lock:
            self._closed = True
        if self.printer is not None:
            try:
                self.printer.close()
            except Exception:  # noqa: BLE001 - logged; the database must still be closed
                _log.exception("the receipt printer could not be closed")
        if self._started and not self._opening_done.wait(self._close_wait_s):
            _log.error("the services were still opening when the kiosk closed")
            return
        self._close_services()

    def _close_services(self) -> None:
        with self._lock:
            if self._services_closed:
                return
            self._services_closed = True
        self.terminal.close()


def _configured_printer(devices: DevicesSection) -> ReceiptPrinter:
    """The terminal's printer factory in the kiosk: system and PDF printers through Qt."""
    from kiosk.ui.printing import open_configured_printer  # noqa: PLC0415 - Qt printing

    return open_configured_printer(devices)


def _real_speaker() -> Speaker:
    try:
        from kiosk.devices.qt.speaker import QtSpeaker  # noqa: PLC0415 - imported by now
    except ImportError:  # QtMultimedia cannot load: no sound, everything else works
        _log.exception("the speaker cannot be used")
        return FakeSpeaker()
    return QtSpeaker()

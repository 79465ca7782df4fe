"""Printing a receipt at the end of a journey, with the screen as the fallback.

``ReceiptDesk`` prints one document at a time and publishes ``ReceiptView`` snapshots for the
confirmation screen:

- ``PRINTING``: the printer's state is asked again just before printing (it may have run out
  of paper since the journey started), then the job is sent, on a worker thread;
- ``PRINTED``: the paper is out (or was already: the job id is the receipt's reference, so a
  retried print never gives the citizen a second receipt; ``ReceiptArchive`` remembers printed
  ids across restarts, the printer driver within its lifetime);
- ``ON_SCREEN``: printing was not possible or failed. The receipt stays on screen with its QR
  code for the citizen to photograph, is kept in the archive for a technician's reprint, and
  the citizen may try again (same job id) once the printer can print.

``PrinterWatch`` keeps the printer's state fresh (every ``interval_s`` and on demand) so the
terminal can tell a citizen *before* a journey that no receipt can be printed.

Thread contract: both classes live on the GUI thread (``submit``, ``retry``, ``poll``,
listeners); printer and archive calls run inside ``TaskRunner`` work on a worker thread.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kiosk.devices.printer import (
    PaperWidth,
    PrinterError,
    PrinterState,
    PrintJob,
    PrintResult,
    ReceiptPrinter,
)
from kiosk.domain.guide import ItemGuide
from kiosk.domain.receipt import HotelSlip, Line, Printable, Receipt
from kiosk.domain.receipt_records import keeps_for_reprint, kind_of
from kiosk.runtime.clock import Clock
from kiosk.runtime.tasks import TaskHandle, TaskRunner

if TYPE_CHECKING:  # the database is opened in the background; painting home needs neither
    from kiosk.runtime.file_lock import FileLock
    from kiosk.store.receipt_archive import ReceiptArchive

log = logging.getLogger(__name__)

PRINTER_CHECK_INTERVAL_S = 30.0
PRINT_LOCK_FILE = "printer.lock"


def job_id_for(document: Printable) -> str:
    """The print job id of a document: the same document always has the same id."""
    if isinstance(document, Receipt):
        return f"R:{document.local_reference}"
    if isinstance(document, HotelSlip):  # printed once when saved; each reprint is new
        again = document.reprinted_at
        return f"H:{document.slip_number}" + (f":{again.timestamp():.0f}" if again else "")
    if isinstance(document, ItemGuide):  # a new print each time it is asked for
        return f"G:{document.item_code}:{document.terminal_id}:{document.printed_at.timestamp()}"
    return f"T:{document.terminal_id}:{int(document.printed_at.timestamp())}"


class ReceiptPhase(enum.Enum):
    PRINTING = "printing"
    PRINTED = "printed"
    ON_SCREEN = "on_screen"


@dataclass(frozen=True)
class ReceiptView:
    """What the confirmation screen shows."""

    phase: ReceiptPhase
    job_id: str
    document: Printable
    lines: tuple[Line, ...]  # laid out for ``paper``: the preview draws exactly these
    paper: PaperWidth
    problem: PrinterState | None = None  # why it is on screen
    partial: bool = False  # part of it may be on paper already
    kept_for_reprint: bool = False
    attempts: int = 1


class ReceiptNotPrinted(Exception):
    """A print attempt failed; the document was kept for a reprint when ``kept``."""

    def __init__(self, state: PrinterState, *, partial: bool, kept: bool) -> None:
        super().__init__(f"not printed: {state.value}")
        self.state = state
        self.partial = partial
        self.kept = kept


def print_or_keep(
    printer: ReceiptPrinter | None,
    archive: ReceiptArchive | None,
    job: PrintJob,
    document: Printable,
    *,
    lock: FileLock | None = None,
) -> PrintResult:
    """Print ``job`` unless it was printed before; if it cannot be printed, keep ``document``
    for a reprint and raise ``ReceiptNotPrinted``. Blocks: call on a worker thread.

    ``lock`` (``PRINT_LOCK_FILE`` in the data folder) makes "printed before?", the print and
    "printed" one step across processes, so a technician's reprint and the kiosk's retry of the
    same receipt cannot both print it."""
    if lock is None:
        return _print_or_keep(printer, archive, job, document)
    with lock:
        return _print_or_keep(printer, archive, job, document)


def _print_or_keep(
    printer: ReceiptPrinter | None,
    archive: ReceiptArchive | None,
    job: PrintJob,
    document: Printable,
) -> PrintResult:
    if _printed_before(archive, job.job_id):
        return PrintResult.ALREADY_PRINTED
    try:
        if printer is None:
            raise PrinterError(PrinterState.OFFLINE, job.job_id)
        state = printer.state()
        if not state.can_print:
            raise PrinterError(state, job.job_id)
        result = printer.print_job(job)
    except Exception as error:
        state = error.state if isinstance(error, PrinterError) else PrinterState.ERROR
        partial = isinstance(error, PrinterError) and error.partial
        if not isinstance(error, PrinterError):
            log.warning("print job %s failed: %s", job.job_id, type(error).__name__)
        raise ReceiptNotPrinted(
            state, partial=partial, kept=_keep(archive, job.job_id, document, state)
        ) from error
    if archive is not None and keeps_for_reprint(document):  # a guide is never reprinted
        try:
            archive.mark_printed(job.job_id, kind_of(document))
        except Exception as error:  # noqa: BLE001 - the receipt is on paper all the same
            log.error("printed job %s not recorded: %s", job.job_id, type(error).__name__)
    return result


def _printed_before(archive: ReceiptArchive | None, job_id: str) -> bool:
    if archive is None:
        return False
    try:
        return archive.is_printed(job_id)
    except Exception as error:  # noqa: BLE001 - an unreadable archive must not stop printing
        log.error("printed jobs unreadable: %s", type(error).__name__)
        return False


def _keep(
    archive: ReceiptArchive | None, job_id: str, document: Printable, state: PrinterState
) -> bool:
    if archive is None or not keeps_for_reprint(document):
        return False
    try:
        archive.keep_for_reprint(job_id, document, state.value)
    except Exception as error:  # noqa: BLE001 - the citizen still gets the on-screen receipt
        log.error("receipt %s could not be kept for a reprint: %s", job_id, type(error).__name__)
        return False
    return True


class ReceiptDesk:
    """Prints the current session's receipt; see the module docstring."""

    def __init__(
        self,
        printer: ReceiptPrinter | None,
        tasks: TaskRunner,
        *,
        archive: ReceiptArchive | None = None,
        paper: PaperWidth | None = None,
        lock: FileLock | None = None,
    ) -> None:
        self._printer = printer
        self._lock = lock
        self._tasks = tasks
        self._archive = archive
        self._paper = paper or (printer.paper if printer is not None else PaperWidth.MM80)
        self._view: ReceiptView | None = None
        self._handle: TaskHandle | None = None
        self._listeners: list[Callable[[ReceiptView | None], None]] = []

    @property
    def paper(self) -> PaperWidth:
        return self._paper

    def subscribe(self, listener: Callable[[ReceiptView | None], None]) -> None:
        self._listeners.append(listener)

    def view(self) -> ReceiptView | None:
        return self._view

    def _publish(self, view: ReceiptView | None) -> None:
        self._view = view
        for listener in list(self._listeners):
            listener(view)

    def submit(self, document: Printable) -> ReceiptView:
        """Start printing ``document``; returns the first view (``PRINTING``)."""
        self.clear()
        job = PrintJob.of(job_id_for(document), document, self._paper)
        view = ReceiptView(ReceiptPhase.PRINTING, job.job_id, document, job.lines, self._paper)
        self._publish(view)
        self._start(job, document)
        return view

    def retry(self) -> None:
        """Try again (same job id) after a failure; ignored unless the receipt is on screen."""
        view = self._view
        if view is None or view.phase is not ReceiptPhase.ON_SCREEN:
            return
        self._publish(replace(view, phase=ReceiptPhase.PRINTING, attempts=view.attempts + 1))
        self._start(PrintJob(view.job_id, view.lines), view.document)

    def clear(self) -> None:
        """Forget the receipt (the session ended). A print in progress still finishes and is
        kept for a reprint if it fails, but nothing more is shown."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._view is not None:
            self._publish(None)

    def _start(self, job: PrintJob, document: Printable) -> None:
        printer, archive, lock = self._printer, self._archive, self._lock

        def work() -> PrintResult:
            return print_or_keep(printer, archive, job, document, lock=lock)

        def done(_result: PrintResult) -> None:
            if self._view is not None and self._view.job_id == job.job_id:
                self._publish(replace(self._view, phase=ReceiptPhase.PRINTED, problem=None))

        def failed(error: BaseException) -> None:
            if self._view is None or self._view.job_id != job.job_id:
                return
            if isinstance(error, ReceiptNotPrinted):
                problem, partial, kept = error.state, error.partial, error.kept
            else:  # the work itself broke (a bug): still show the receipt
                log.error("printing failed: %s", type(error).__name__)
                problem, partial, kept = PrinterState.ERROR, False, False
            self._publish(
                replace(
                    self._view,
                    phase=ReceiptPhase.ON_SCREEN,
                    problem=problem,
                    partial=partial,
                    kept_for_reprint=kept or self._view.kept_for_reprint,
                )
            )

        self._handle = self._tasks.submit(f"print {job.job_id}", work, done, failed)


class PrinterWatch:
    """The printer's last known state, refreshed every ``interval_s`` and on ``check_now``."""

    def __init__(
        self,
        printer: ReceiptPrinter | None,
        tasks: TaskRunner,
        clock: Clock,
        *,
        interval_s: float = PRINTER_CHECK_INTERVAL_S,
    ) -> None:
        self._printer = printer
        self._tasks = tasks
        self._clock = clock
        self.interval_s = interval_s
        self._state: PrinterState | None = None if printer is not None else PrinterState.OFFLINE
        self._due = clock.monotonic()
        self._asking = False
        self._listeners: list[Callable[[PrinterState | None], None]] = []

    @property
    def state(self) -> PrinterState | None:
        """The last answer; None before the first one arrived."""
        return self._state

    @property
    def can_print(self) -> bool:
        """False only when the printer said it cannot print (unknown counts as able)."""
        return self._state is None or self._state.can_print

    def subscribe(self, listener: Callable[[PrinterState | None], None]) -> None:
        self._listeners.append(listener)

    def poll(self) -> None:
        """Ask again if the interval has passed (called by the shell's poll)."""
        if self._clock.monotonic() >= self._due:
            self.check_now()

    def note(self, state: PrinterState) -> None:
        """What a print attempt just learnt (e.g. paper out): shown at once, not at the next
        check, so the next citizen is told before starting."""
        self._set(state)
        self._due = self._clock.monotonic() + self.interval_s

    def check_now(self) -> None:
        printer = self._printer
        if printer is None or self._asking:
            return
        self._asking = True
        self._due = self._clock.monotonic() + self.interval_s

        def done(state: PrinterState) -> None:
            self._asking = False
            self._set(state)

        def failed(error: BaseException) -> None:
            self._asking = False
            log.warning("printer state query failed: %s", type(error).__name__)
            self._set(PrinterState.OFFLINE)

        self._tasks.submit("printer state", printer.state, done, failed)

    def _set(self, state: PrinterState) -> None:
        changed = state is not self._state
        self._state = state
        if changed:
            for listener in list(self._listeners):
                listener(state)

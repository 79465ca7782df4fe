"""The printer test page: made and printed the same way by ``kiosk printer test`` and the
technician's device-test screen (``kiosk.journeys.tech_devices``).

``make_test_page`` makes the page (what the printer is, the terminal, the time, and the hard text a
thermal printer must get right); ``print_test_page`` asks the printer for its state, prints the
page and asks again, and says what happened (``TestPageOutcome``) instead of raising, so that both
callers report a paper-out printer the same way. ``audit_detail`` is what the audit log
keeps of it (``AuditAction.PRINTER_TESTED``): states and a line count, nothing else.

Thread contract: ``print_test_page`` blocks on the printer (seconds when it does not answer):
call it on a worker thread (the screen) or the command's main thread. The rest is pure.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from kiosk.devices.printer import PrinterError, PrinterState, PrintJob, ReceiptPrinter
from kiosk.domain.receipt import TestPage
from kiosk.domain.text import Language

_log = logging.getLogger(__name__)


def make_test_page(
    *, printer: str, paper_mm: int, terminal_id: str, now: datetime, language: Language
) -> TestPage:
    """The test page for ``printer`` (the configured printer, as the configuration names it)."""
    return TestPage(
        printer=printer,
        paper_mm=paper_mm,
        terminal_id=terminal_id,
        printed_at=now,
        language=language,
    )


@dataclass(frozen=True)
class TestPageOutcome:
    """What became of one test page. ``before``/``after``: the printer's state asked just
    before and just after (``after`` None when it could not be asked); ``failure``: why the
    page did not print (None: it printed); ``partial``: part of it may be on paper."""

    before: PrinterState
    after: PrinterState | None
    failure: PrinterState | None
    partial: bool
    lines: int

    __test__ = False  # not a pytest test class, whatever its name

    @property
    def printed(self) -> bool:
        return self.failure is None

    @property
    def state(self) -> PrinterState:
        """The printer's state now, as best known."""
        if self.after is not None:
            return self.after
        return self.failure if self.failure is not None else self.before


def print_test_page(printer: ReceiptPrinter, page: TestPage, job_id: str) -> TestPageOutcome:
    """Print ``page`` as job ``job_id`` (a new id for every attempt: a printer skips a job id it
    completed). Blocks; never raises for a printer that cannot print."""
    job = PrintJob.of(job_id, page, printer.paper)
    before = _state(printer)
    failure: PrinterState | None = None
    partial = False
    try:
        printer.print_job(job)
    except PrinterError as error:
        failure, partial = error.state, error.partial
    except Exception as error:  # noqa: BLE001 - a driver's bug must not stop the report
        _log.error("test page failed: %s", type(error).__name__)
        failure = PrinterState.ERROR
    after = _state(printer)
    return TestPageOutcome(before, after, failure, partial, len(job.lines))


def _state(printer: ReceiptPrinter) -> PrinterState:
    try:
        return printer.state()
    except Exception as error:  # noqa: BLE001 - a printer that cannot be asked is offline
        _log.warning("printer state query failed: %s", type(error).__name__)
        return PrinterState.OFFLINE


def audit_detail(result: TestPageOutcome) -> dict[str, str | int]:
    """The audit log's detail of a test print (states and a count; nothing personal)."""
    detail: dict[str, str | int] = {"state": result.state.value, "lines": result.lines}
    if result.failure is not None:
        detail["failure"] = result.failure.value
        detail["partial"] = int(result.partial)
    return detail


def audit_outcome(result: TestPageOutcome) -> str:
    """The audit log's outcome of a test print: ``ok`` or ``failed``."""
    return "ok" if result.printed else "failed"

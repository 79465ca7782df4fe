"""``kiosk printer status | test | pending | reprint``: the technician's printer commands.

    kiosk printer status           ask the configured printer for its state now
    kiosk printer test [--to FILE] print a test page (or write its printer bytes to FILE)
    kiosk printer pending          receipts that could not be printed (no personal data)
    kiosk printer reprint JOB      print a kept receipt now (or --all of them)

A receipt that could not be printed was shown to the citizen on screen and kept (masked,
encrypted) for a reprint; ``reprint`` prints it — with the acceptance number and the platform's
date if the platform has answered since — and marks it printed, so it is never printed twice
(under the terminal's print lock, shared with a running kiosk). System and PDF printers go
through Qt (``kiosk.ui.printing``); the others do not load Qt. Services come from
``kiosk.terminal.Terminal``.

Exit status: 0 when the printer can print (or the job printed), 1 when it cannot, 78 for an
unusable configuration.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_OK,
    command_hint,
    database_unusable,
    load_or_report,
    start_logging,
)
from kiosk.config.devices import PrinterSpec
from kiosk.config.schema import DevicesSection
from kiosk.devices.printer import (
    PaperWidth,
    PrintJob,
    PrintResult,
    ReceiptPrinter,
)
from kiosk.devices.printer_escpos import FilePrinter, LinkProblem
from kiosk.devices.printers import QT_PRINTER_KINDS, open_configured
from kiosk.domain.acceptance import refreshed
from kiosk.domain.receipt import Printable, Receipt
from kiosk.domain.text import Language
from kiosk.domain.timezone import CHINA_TIME, beijing_text
from kiosk.journeys.receipt import ReceiptNotPrinted, job_id_for, print_or_keep
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.file_lock import FileLock
from kiosk.sync.enrolment import EnrolmentError, load_status_key
from kiosk.technician.printer_test import (
    TestPageOutcome,
    audit_detail,
    audit_outcome,
    make_test_page,
    print_test_page,
)
from kiosk.terminal import Terminal

if TYPE_CHECKING:
    from kiosk.store.receipt_archive import ReceiptArchive
    from kiosk.sync.outbox import Outbox


def open_printer_for(devices: DevicesSection) -> ReceiptPrinter:
    """The terminal's printer factory for these commands: system and PDF printers through the
    Qt adapter (an offscreen application), the others without Qt."""
    if devices.printer_spec().kind in QT_PRINTER_KINDS:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # printing needs no screen
        from kiosk.ui.app import ensure_application  # noqa: PLC0415 - Qt only for these
        from kiosk.ui.printing import open_configured_printer  # noqa: PLC0415

        ensure_application()
        return open_configured_printer(devices)
    return open_configured(devices)


@contextmanager
def _printer(terminal: Terminal, to: Path | None = None) -> Iterator[ReceiptPrinter]:
    if to is not None:
        devices = terminal.loaded.config.devices
        printer: ReceiptPrinter = FilePrinter(
            to,
            paper=PaperWidth.from_millimetres(devices.paper_mm),
            native_qr=devices.printer_native_qr,
        )
    else:
        printer = terminal.open_printer()
    try:
        yield printer
    finally:
        printer.close()


def run(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    start_logging(loaded)
    with Terminal(loaded, SystemClock(), printer_factory=open_printer_for) as terminal:
        return _run(args, terminal)


def _run(args: argparse.Namespace, terminal: Terminal) -> int:
    devices = terminal.loaded.config.devices
    spec: PrinterSpec = devices.printer_spec()
    if args.printer_command == "status":
        with _printer(terminal) as printer:
            state = printer.state()
            # Every driver that can tell why it cannot print keeps it in ``problem`` (ESC/POS,
            # file, and the Qt adapter's system and PDF printers).
            problem = getattr(printer, "problem", None)
            if not isinstance(problem, LinkProblem):
                problem = None
        print(f"printer {spec} ({devices.paper_mm} mm): {state.value} - {state.message.value}")
        if problem is not None and not state.can_print:
            print(f"  reason: {problem.reason}")
            print(f"  remedy: {problem.remedy}")
        return EXIT_OK if state.can_print else EXIT_CHECK_FAILED
    if args.printer_command == "test":
        return _test_page(args, terminal)
    return _kept_receipts(args, terminal)


def _test_page(args: argparse.Namespace, terminal: Terminal) -> int:
    loaded = terminal.loaded
    devices = loaded.config.devices
    target = f"file:{args.to}" if args.to is not None else str(devices.printer_spec())
    # ``--language zh|en`` is the command's interface; the page is in the terminal's Language.
    languages: dict[str, Language] = {"zh": "zh_CN", "en": "en"}
    page = make_test_page(
        printer=target,
        paper_mm=devices.paper_mm,
        terminal_id=loaded.config.terminal.id,
        now=terminal.clock.now(),
        language=languages[args.language],
    )
    with _printer(terminal, args.to) as printer:
        outcome = print_test_page(printer, page, job_id_for(page))
    _audit_test_page(terminal, outcome)
    before = outcome.before
    print(f"printer {target}: {before.value} - {before.message.value}")
    if outcome.failure is not None:
        detail = " (part of it may have printed)" if outcome.partial else ""
        print(f"test page not printed: {outcome.failure.value}{detail}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    print(f"test page printed ({outcome.lines} lines, {printer.paper.millimetres} mm)")
    after = outcome.state
    print(f"printer {target}: {after.value} - {after.message.value}")
    return EXIT_OK if after.can_print else EXIT_CHECK_FAILED


def _audit_test_page(terminal: Terminal, outcome: TestPageOutcome) -> None:
    """Recorded as the device-test screen records it (``printer.tested``), by ``cli``. A
    database that cannot be used does not stop the test: it is said, not raised."""
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.technician.audit import AuditAction  # noqa: PLC0415

    try:
        terminal.audit_log().record(
            AuditAction.PRINTER_TESTED,
            actor="cli",
            outcome=audit_outcome(outcome),
            detail=audit_detail(outcome),
        )
    except StoreError as error:
        print(f"the test page is not in the audit log: {error}", file=sys.stderr)


def _kept_receipts(args: argparse.Namespace, terminal: Terminal) -> int:
    from kiosk.store.database import StoreError  # noqa: PLC0415

    try:
        archive = terminal.open_archive()
    except StoreError as error:
        return database_unusable(error)
    archive.purge()
    pending = archive.pending(limit=10_000)
    if args.printer_command == "pending":
        for entry in pending:
            when = beijing_text(datetime.fromtimestamp(entry.created_at, CHINA_TIME))
            print(f"{entry.job_id}  {entry.kind:<7}  {when}  {entry.problem or '-'}")
        print(f"{len(pending)} receipt(s) waiting to be reprinted")
        return EXIT_OK
    jobs = [entry.job_id for entry in pending] if args.all else [args.job]
    if not jobs:
        print(
            f"nothing to reprint: no receipt is waiting (see `{command_hint('printer pending')}`)"
        )
        return EXIT_OK
    try:
        outbox: Outbox | None = terminal.open_outbox()
    except EnrolmentError as error:  # the receipts still print, as they were shown
        print(
            f"the stored enrolment cannot be used ({error}): "
            "receipts are printed without the platform's later answers",
            file=sys.stderr,
        )
        outbox = None
    answered = _with_platform_answers(outbox, load_status_key(terminal.loaded.data_dir))
    return _reprint(terminal, archive, jobs, terminal.print_lock(), answered)


def _with_platform_answers(
    outbox: Outbox | None, status_key: bytes | None
) -> Callable[[Printable], Printable]:
    """A kept receipt as it should print now: with the acceptance numbers and the platform's
    promised dates if the platform has answered since it was shown (same job id), a bundle's
    other items included."""

    def answer_of(reference: str) -> Mapping[str, Any] | None:
        entry = outbox.entry(reference) if outbox is not None else None
        return entry.answer if entry is not None else None

    def refresh(document: Printable) -> Printable:
        if outbox is None or not isinstance(document, Receipt) or status_key is None:
            return document
        return refreshed(document, answer_of, status_key)

    return refresh


def _reprint(
    terminal: Terminal,
    archive: ReceiptArchive,
    jobs: list[str],
    lock: FileLock,
    refresh: Callable[[Printable], Printable],
) -> int:
    failed = 0
    with _printer(terminal) as printer:
        for job_id in jobs:
            document = archive.load(job_id)
            if document is None:
                print(f"{job_id}: no such receipt waiting to be reprinted", file=sys.stderr)
                failed += 1
                continue
            document = refresh(document)
            job = PrintJob.of(job_id, document, printer.paper)
            try:
                result = print_or_keep(printer, archive, job, document, lock=lock)
            except ReceiptNotPrinted as error:
                print(f"{job_id}: not printed: {error.state.value}", file=sys.stderr)
                failed += 1
                continue
            print(f"{job_id}: {'printed' if result is PrintResult.PRINTED else 'already printed'}")
    return EXIT_CHECK_FAILED if failed else EXIT_OK

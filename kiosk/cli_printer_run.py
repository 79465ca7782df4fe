"""What the technician's printer commands do (their arguments are in ``kiosk.cli_printer``)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config.devices import PrinterSpec
from kiosk.config.loader import LoadedConfig
from kiosk.config.schema import DevicesSection
from kiosk.devices.printer import (
    PaperWidth,
    PrinterError,
    PrintJob,
    PrintResult,
    ReceiptPrinter,
)
from kiosk.devices.printer_escpos import FilePrinter
from kiosk.devices.printers import QT_PRINTER_KINDS, open_configured
from kiosk.domain.acceptance import with_answer
from kiosk.domain.receipt import Language, Printable, Receipt, TestPage
from kiosk.domain.timezone import CHINA_TIME, local_text
from kiosk.journeys.receipt import (
    PRINT_LOCK_FILE,
    ReceiptNotPrinted,
    job_id_for,
    print_or_keep,
)
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.file_lock import FileLock
from kiosk.sync.enrolment import load_status_key
from kiosk.sync.outbox import Outbox

if TYPE_CHECKING:
    from kiosk.store.receipt_archive import ReceiptArchive

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_CONFIG = 78


def open_printer_for(devices: DevicesSection) -> ReceiptPrinter:
    """The configured printer; system and PDF printers through the Qt adapter."""
    if devices.printer_spec().kind in QT_PRINTER_KINDS:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # printing needs no screen
        from kiosk.ui.app import ensure_application  # noqa: PLC0415 - Qt only for these
        from kiosk.ui.printing import open_configured_printer  # noqa: PLC0415

        ensure_application()
        return open_configured_printer(devices)
    return open_configured(devices)


@contextmanager
def _printer(devices: DevicesSection, to: Path | None = None) -> Iterator[ReceiptPrinter]:
    if to is not None:
        printer: ReceiptPrinter = FilePrinter(
            to,
            paper=PaperWidth.from_millimetres(devices.paper_mm),
            native_qr=devices.printer_native_qr,
        )
    else:
        printer = open_printer_for(devices)
    try:
        yield printer
    finally:
        printer.close()


def run(args: argparse.Namespace, loaded: LoadedConfig) -> int:
    devices = loaded.config.devices
    spec: PrinterSpec = devices.printer_spec()
    if args.printer_command == "status":
        with _printer(devices) as printer:
            state = printer.state()
        print(f"printer {spec} ({devices.paper_mm} mm): {state.value} - {state.message.value}")
        return EXIT_OK if state.can_print else EXIT_CHECK_FAILED
    if args.printer_command == "test":
        return _test_page(args, loaded)
    return _kept_receipts(args, loaded)


def _test_page(args: argparse.Namespace, loaded: LoadedConfig) -> int:
    devices = loaded.config.devices
    target = f"file:{args.to}" if args.to is not None else str(devices.printer_spec())
    language: Language = args.language
    page = TestPage(
        printer=target,
        paper_mm=devices.paper_mm,
        terminal_id=loaded.config.terminal.id,
        printed_at=SystemClock().now(),
        language=language,
    )
    with _printer(devices, args.to) as printer:
        before = printer.state()
        print(f"printer {target}: {before.value} - {before.message.value}")
        job = PrintJob.of(job_id_for(page), page, printer.paper)
        try:
            printer.print_job(job)
        except PrinterError as error:
            detail = " (part of it may have printed)" if error.partial else ""
            print(f"test page not printed: {error.code}{detail}", file=sys.stderr)
            return EXIT_CHECK_FAILED
        after = printer.state()
    print(f"test page printed ({len(job.lines)} lines, {printer.paper.millimetres} mm)")
    print(f"printer {target}: {after.value} - {after.message.value}")
    return EXIT_OK if after.can_print else EXIT_CHECK_FAILED


def _kept_receipts(args: argparse.Namespace, loaded: LoadedConfig) -> int:
    from kiosk.credentials.services import open_credential_services  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.store.receipt_archive import ReceiptArchive  # noqa: PLC0415
    from kiosk.sync.enrolment import LOCAL_KEY_FILE  # noqa: PLC0415
    from kiosk.sync.sealing import LocalKey  # noqa: PLC0415

    try:
        credentials = open_credential_services(loaded.config, loaded.data_dir)
    except StoreError as error:
        print(f"the database cannot be used: {error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    try:
        key = LocalKey.load_or_create(loaded.data_dir / LOCAL_KEY_FILE)
        archive = ReceiptArchive(credentials.database, key, SystemClock())
        archive.purge()
        pending = archive.pending(limit=10_000)
        if args.printer_command == "pending":
            for entry in pending:
                when = local_text(datetime.fromtimestamp(entry.created_at, CHINA_TIME))
                print(f"{entry.job_id}  {entry.kind:<7}  {when}  {entry.problem or '-'}")
            print(f"{len(pending)} receipt(s) waiting to be reprinted")
            return EXIT_OK
        jobs = [entry.job_id for entry in pending] if args.all else [args.job]
        lock = FileLock(loaded.data_dir / PRINT_LOCK_FILE)
        outbox = Outbox(
            credentials.database,
            terminal_id=loaded.config.terminal.id,
            sealing_key=None,  # read only
            local_key=key,
            clock=SystemClock(),
        )
        answered = _with_platform_answers(outbox, load_status_key(loaded.data_dir))
        return _reprint(loaded.config.devices, archive, jobs, lock, answered)
    finally:
        credentials.close()


def _with_platform_answers(
    outbox: Outbox, status_key: bytes | None
) -> Callable[[Printable], Printable]:
    """A kept receipt as it should print now: with the acceptance number and the platform's
    promised date if the platform has answered since it was shown (same job id)."""

    def refresh(document: Printable) -> Printable:
        if not isinstance(document, Receipt) or not document.queued or status_key is None:
            return document
        entry = outbox.entry(document.local_reference)
        if entry is None or entry.answer is None:
            return document
        return with_answer(document, entry.answer, status_key)

    return refresh


def _reprint(
    devices: DevicesSection,
    archive: ReceiptArchive,
    jobs: list[str],
    lock: FileLock,
    refresh: Callable[[Printable], Printable],
) -> int:
    failed = 0
    with _printer(devices) as printer:
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

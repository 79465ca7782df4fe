"""Printing at the end of a journey: the desk, the printer watch, the reprint archive, the
hotel slip, and the shell's receipt screen — against the shipped fake printer and a real SQLite
file, with tasks run inline."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.printer import PaperWidth, PrinterState, PrintJob, PrintResult
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.identity import mask_identifier
from kiosk.domain.receipt import BLANK_TO_FILL, HotelSlip, SlipGuest, TestPage
from kiosk.domain.receipt_records import RecordError, from_record, to_record
from kiosk.domain.text import Bilingual, Language
from kiosk.journeys.check import CheckJourney
from kiosk.journeys.hotel import checkin_slip
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import HOTEL, JourneyName, TerminalFacts, Tile
from kiosk.journeys.receipt import (
    PRINT_LOCK_FILE,
    PrinterWatch,
    ReceiptDesk,
    ReceiptPhase,
    ReceiptView,
    job_id_for,
    print_or_keep,
)
from kiosk.journeys.shell import KioskShell
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.file_lock import FileLock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.store.database import Database
from kiosk.store.receipt_archive import RETENTION_DAYS, ReceiptArchive
from kiosk.sync.sealing import LocalKey
from tests.support.escpos_reader import read
from tests.support.identities import resident_id
from tests.support.receipts import (
    APPLICANT_ID,
    GUEST_NAME,
    ROOM_GUEST_ID,
    ROOM_PASSPORT,
    room_slip,
    sample_receipt,
    verified_guest,
)

START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    made = Database.open(tmp_path / "kiosk.sqlite3")
    yield made
    made.close()


@pytest.fixture
def archive(database: Database, tmp_path: Path, clock: ManualClock) -> ReceiptArchive:
    return ReceiptArchive(database, LocalKey.load_or_create(tmp_path / "queue.key"), clock)


def _desk(printer: FakePrinter | None, archive: ReceiptArchive | None) -> ReceiptDesk:
    return ReceiptDesk(printer, SyncTaskRunner(), archive=archive, paper=PaperWidth.MM58)


# --------------------------------------------------------------------------- the desk


def test_a_ready_printer_prints_the_receipt_once(archive: ReceiptArchive) -> None:
    printer = FakePrinter(paper=PaperWidth.MM58)
    desk = _desk(printer, archive)
    seen: list[ReceiptView | None] = []
    desk.subscribe(seen.append)
    receipt = sample_receipt()
    desk.submit(receipt)
    assert [view.phase for view in seen if view] == [ReceiptPhase.PRINTING, ReceiptPhase.PRINTED]
    assert len(printer.printed) == 1
    printout = read(printer.printed_bytes)
    assert printout.qr_payloads == [receipt.status_code]
    assert archive.is_printed(job_id_for(receipt)) and archive.pending() == []
    # The same receipt again (a double tap, a journey step run again): no second receipt,
    # even from a new printer driver (the archive remembers across restarts).
    _desk(FakePrinter(paper=PaperWidth.MM58), archive).submit(receipt)
    desk.submit(receipt)
    assert len(printer.printed) == 1
    assert desk.view() is not None and desk.view().phase is ReceiptPhase.PRINTED  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "fault",
    [PrinterFault.PAPER_OUT, PrinterFault.COVER_OPEN, PrinterFault.OFFLINE, PrinterFault.ERROR],
)
def test_a_printer_that_cannot_print_leaves_the_receipt_on_screen_and_kept(
    archive: ReceiptArchive, fault: PrinterFault
) -> None:
    printer = FakePrinter(paper=PaperWidth.MM58, faults={fault})
    desk = _desk(printer, archive)
    receipt = sample_receipt(delivered=False)
    view = desk.submit(receipt)
    assert view.lines == PrintJob.of(view.job_id, receipt, PaperWidth.MM58).lines
    shown = desk.view()
    assert shown is not None and shown.phase is ReceiptPhase.ON_SCREEN
    assert shown.problem is PrinterState(fault.value) and not shown.partial
    assert shown.kept_for_reprint
    assert printer.printed == []
    pending = archive.pending()
    assert [(p.job_id, p.kind, p.problem) for p in pending] == [
        (job_id_for(receipt), "receipt", fault.value)
    ]
    # Kept as printed: masked, so the archive holds no more than the paper.
    kept = archive.load(job_id_for(receipt))
    assert kept is not None and kept == replace(
        receipt, applicant_name="张**", applicant_id=to_record(receipt)["applicant_id"]
    )
    # The citizen tries again once the paper is in: printed once, no longer pending.
    printer.clear_fault()
    desk.retry()
    again = desk.view()
    assert again is not None and again.phase is ReceiptPhase.PRINTED and again.attempts == 2
    assert len(printer.printed) == 1 and archive.pending() == []
    desk.retry()  # nothing on screen to retry: ignored
    assert len(printer.printed) == 1


def test_a_job_torn_mid_way_is_marked_partial_and_prints_in_full_on_retry(
    archive: ReceiptArchive,
) -> None:
    printer = FakePrinter(paper=PaperWidth.MM58, faults={PrinterFault.FAIL_MID_JOB})
    desk = _desk(printer, archive)
    desk.submit(sample_receipt())
    view = desk.view()
    assert view is not None and view.phase is ReceiptPhase.ON_SCREEN and view.partial
    assert len(printer.torn) == 1 and printer.printed == []
    printer.clear_fault()
    desk.retry()
    assert len(printer.printed) == 1
    assert read(printer.printed_bytes).cut


def test_without_a_printer_or_archive_the_receipt_is_still_shown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    desk = _desk(None, None)
    desk.submit(sample_receipt())
    view = desk.view()
    assert view is not None and view.phase is ReceiptPhase.ON_SCREEN
    assert view.problem is PrinterState.OFFLINE and not view.kept_for_reprint
    assert not caplog.records


@pytest.mark.allow_log_warnings
def test_an_archive_that_fails_still_shows_the_receipt(
    database: Database, tmp_path: Path, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    archive = ReceiptArchive(database, LocalKey.load_or_create(tmp_path / "k"), clock)
    database.close()  # the disk went away
    (tmp_path / "kiosk.sqlite3").unlink()
    (tmp_path / "kiosk.sqlite3").mkdir()
    desk = _desk(FakePrinter(faults={PrinterFault.PAPER_OUT}), archive)
    desk.submit(sample_receipt())
    view = desk.view()
    assert view is not None and view.phase is ReceiptPhase.ON_SCREEN
    assert not view.kept_for_reprint
    assert any("could not be kept" in record.getMessage() for record in caplog.records)
    assert all(APPLICANT_ID not in record.getMessage() for record in caplog.records)


def test_clear_forgets_the_receipt_on_screen(archive: ReceiptArchive) -> None:
    desk = _desk(FakePrinter(faults={PrinterFault.PAPER_OUT}), archive)
    seen: list[ReceiptView | None] = []
    desk.subscribe(seen.append)
    desk.submit(sample_receipt())
    desk.clear()
    assert desk.view() is None and seen[-1] is None
    assert len(archive.pending()) == 1  # still kept for the technician


def test_print_or_keep_reports_already_printed(archive: ReceiptArchive) -> None:
    printer = FakePrinter()
    receipt = sample_receipt()
    job = PrintJob.of(job_id_for(receipt), receipt, printer.paper)
    assert print_or_keep(printer, archive, job, receipt) is PrintResult.PRINTED
    assert print_or_keep(printer, archive, job, receipt) is PrintResult.ALREADY_PRINTED
    assert printer.record.calls.count(f"print_job:{job.job_id}") == 1


def test_the_print_lock_makes_check_print_and_record_one_step(
    archive: ReceiptArchive, tmp_path: Path
) -> None:
    printer = FakePrinter()
    receipt = sample_receipt()
    job = PrintJob.of(job_id_for(receipt), receipt, printer.paper)
    technician = FileLock(tmp_path / PRINT_LOCK_FILE)  # another process's hold on the lock
    assert technician.acquire(blocking=False)
    results: list[PrintResult] = []
    kiosk = threading.Thread(
        target=lambda: results.append(
            print_or_keep(printer, archive, job, receipt, lock=FileLock(tmp_path / PRINT_LOCK_FILE))
        )
    )
    kiosk.start()
    kiosk.join(timeout=0.3)
    assert kiosk.is_alive() and printer.record.calls == []  # waits: checks nothing yet
    # Meanwhile the technician prints it under the lock and records it.
    assert print_or_keep(printer, archive, job, receipt) is PrintResult.PRINTED
    technician.release()
    kiosk.join(timeout=10)
    assert results == [PrintResult.ALREADY_PRINTED] and len(printer.printed) == 1


# --------------------------------------------------------------------------- the archive


def test_the_archive_encrypts_and_purges(
    archive: ReceiptArchive, database: Database, clock: ManualClock, tmp_path: Path
) -> None:
    receipt = sample_receipt(delivered=False)
    archive.keep_for_reprint("R:1", receipt, "paper_out")
    archive.keep_for_reprint("R:1", receipt, "cover_open")  # again: one row, problem updated
    assert [p.problem for p in archive.pending()] == ["cover_open"]
    # WAL mode: fresh rows are in the -wal file until a checkpoint, so read both.
    raw = (tmp_path / "kiosk.sqlite3").read_bytes() + (tmp_path / "kiosk.sqlite3-wal").read_bytes()
    assert b"R:1" in raw  # the job id is stored in the clear: the read sees the new row
    assert "张".encode() not in raw and receipt.local_reference.encode() not in raw
    other = ReceiptArchive(database, LocalKey.load_or_create(tmp_path / "other.key"), clock)
    assert other.load("R:1") is None  # another terminal's key: unreadable, not misprinted
    archive.mark_printed("R:1", "receipt")
    archive.keep_for_reprint("R:1", receipt, "paper_out")  # printed stays printed
    assert archive.pending() == [] and archive.load("R:1") is None
    clock.advance(timedelta(days=RETENTION_DAYS + 1).total_seconds())
    archive.keep_for_reprint("R:2", receipt, "offline")
    assert archive.purge() == 1
    assert not archive.is_printed("R:1") and [p.job_id for p in archive.pending()] == ["R:2"]


def _slip(**changes: object) -> HotelSlip:
    slip = HotelSlip(
        slip_number="20261123-ABCDEF0123",
        hotel=Bilingual("解放碑酒店", "Jiefangbei Hotel"),
        room="",
        arrival=date(2026, 11, 23),
        departure=None,
        guests=(SlipGuest("李四", None, mask_identifier(resident_id())),),
        saved_at=START,
        terminal_id="KSK-CQ-0101",
        language="en",
    )
    return replace(slip, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "document",
    [
        sample_receipt(),
        sample_receipt(delivered=False, language="en"),
        _slip(),
        _slip(room="1208", departure=date(2026, 11, 25)),
        room_slip(),
        room_slip(language="en", reported=False),
        TestPage("escpos-net:192.0.2.7:9100", 58, "KSK-1", START, language="zh_CN"),
    ],
    ids=["receipt", "queued-en", "slip", "slip-room", "room", "room-being-reported", "test-page"],
)
def test_records_round_trip_masked(document: object) -> None:
    assert APPLICANT_ID not in repr(document) and resident_id() not in repr(document)
    record = to_record(document)  # type: ignore[arg-type]
    assert json.loads(json.dumps(record)) == record
    again = from_record(record)
    assert to_record(again) == record
    text = json.dumps(record, ensure_ascii=False)
    assert APPLICANT_ID not in text and resident_id() not in text
    for secret in (ROOM_GUEST_ID, ROOM_PASSPORT, "李小渝", "Xiaoyu", "MÜLLER"):
        assert secret not in text


def test_a_rooms_slip_reprints_from_its_record_as_printed() -> None:
    for slip in (room_slip(), room_slip(language="en", reported=False)):
        record = json.loads(json.dumps(to_record(slip)))
        assert [guest["number"] for guest in record["guests"]] == [
            guest.masked_number for guest in slip.guests
        ]
        assert record.get("checkin_number") == slip.checkin_number
        again = from_record(record)
        assert isinstance(again, HotelSlip) and len(again.guests) == 2
        assert FakePrinterPrint.of(again) == FakePrinterPrint.of(slip)


def test_a_one_guest_slip_is_recorded_as_before() -> None:
    """A terminal rolled back reads the first guest of a new record, and a record written
    before rooms had guests reads as a one-guest slip (its keys are unchanged)."""
    record = to_record(_slip(room="1208", departure=date(2026, 11, 25)))
    assert set(record) == {
        "v", "kind", "language", "slip_number", "hotel", "guest_name", "guest_id", "room",
        "check_in", "check_out", "verified_at", "terminal_id",
    }  # fmt: skip
    assert record["check_out"] == "2026-11-25" and record["verified_at"] == START.isoformat()
    room = to_record(room_slip())
    assert (room["guest_name"], room["guest_id"]) == (
        room["guests"][0]["name"],
        room["guests"][0]["number"],
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("guests", []),
        ("guests", "李四"),
        ("guests", [{"name": "李*", "number": resident_id()}]),  # a number not masked
        ("guests", [{"name": "", "latin_name": None, "number": "5101**********1234"}]),
        ("guests", [{"name": "李*", "number": 5}]),
        ("guests", [{"name": "李*", "number": "5101**********1234"}] * 17),
        ("checkin_number", ""),
        ("checkin_number", 7),
        ("check_out", "2026-11-23"),  # not after the arrival
    ],
)
def test_a_slip_record_that_is_no_slip_is_refused(key: str, value: object) -> None:
    record = to_record(room_slip()) | {key: value}
    with pytest.raises(RecordError):
        from_record(record)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=6)
        ),
        max_leaves=30,
    )
)
def test_hostile_records_raise_record_error_only(value: object) -> None:
    with pytest.raises(RecordError):
        from_record(value)


@given(st.sampled_from(sorted(to_record(sample_receipt()))), st.data())
def test_a_record_with_one_field_broken_is_refused_or_still_valid(
    field: str, data: st.DataObject
) -> None:
    record = to_record(sample_receipt())
    record[field] = data.draw(
        st.none() | st.integers() | st.text(max_size=30) | st.lists(st.text())
    )
    with contextlib.suppress(RecordError):  # refused, or a document that is still valid
        from_record(record)


# --------------------------------------------------------------------------- the watch


def test_the_printer_watch_asks_on_its_interval_and_on_demand(clock: ManualClock) -> None:
    printer = FakePrinter()
    watch = PrinterWatch(printer, SyncTaskRunner(), clock, interval_s=30)
    changes: list[PrinterState | None] = []
    watch.subscribe(changes.append)
    assert watch.state is None and watch.can_print
    watch.poll()
    assert watch.state is PrinterState.READY
    printer.set_fault(PrinterFault.PAPER_OUT)
    watch.poll()  # not due yet
    assert watch.state is PrinterState.READY
    clock.advance(30)
    watch.poll()
    assert watch.state is PrinterState.PAPER_OUT and not watch.can_print
    printer.clear_fault()
    watch.check_now()
    assert changes == [PrinterState.READY, PrinterState.PAPER_OUT, PrinterState.READY]
    assert printer.record.calls.count("state") == 3
    assert PrinterWatch(None, SyncTaskRunner(), clock).state is PrinterState.OFFLINE


# --------------------------------------------------------------------------- hotel slip


def _guest_result(valid: bool = True) -> VerificationResult:
    return verified_guest(START, valid=valid)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_verified_guest_gets_a_slip_with_a_blank_room_line(
    clock: ManualClock, language: Language
) -> None:
    slip = checkin_slip(
        _guest_result(),
        terminal_id="KSK-H-1",
        hotel=Bilingual("酒店", "Hotel"),
        clock=clock,
        language=language,
    )
    assert slip is not None
    assert slip.slip_number == "20261123-0123456789"
    assert slip.arrival == date(2026, 11, 23) and slip.room == "" and slip.departure is None
    assert slip.guests == (SlipGuest(GUEST_NAME, "Wang Xiaoming", mask_identifier(resident_id())),)
    assert slip.saved_at == START and slip.checkin_number is None
    printed = read(FakePrinterPrint.of(slip))
    assert any(BLANK_TO_FILL in line for line in printed.texts)
    assert all(GUEST_NAME not in line and resident_id() not in line for line in printed.texts)
    text = "".join("".join(printed.texts).split())
    assert ("王** (W************)" if language == "en" else "王**").replace(" ", "") in text
    assert mask_identifier(resident_id()) in text
    assert (
        checkin_slip(
            _guest_result(valid=False),
            terminal_id="K",
            hotel=Bilingual("a", "b"),
            clock=clock,
            language="en",
        )
        is None
    )


class FakePrinterPrint:
    """Print through the shipped fake and return its bytes."""

    @staticmethod
    def of(document: HotelSlip) -> bytes:
        printer = FakePrinter(paper=PaperWidth.MM58)
        printer.print_job(PrintJob.of(job_id_for(document), document, printer.paper))
        return printer.printed_bytes


# --------------------------------------------------------------------------- the shell


# A desk that only checks a guest's code and prints a one-guest slip: the check journey's slip
# path (the hotel mode itself now checks guests in with the desk journey).
CHECKING_DESK = replace(
    HOTEL,
    tiles=(Tile(JourneyName.CHECK, "scan", HOTEL.title, HOTEL.subtitle, prominent=True),),
)


def _shell(clock: ManualClock, printer: FakePrinter, archive: ReceiptArchive) -> KioskShell:
    tasks = SyncTaskRunner()
    return KioskShell(
        clock,
        mode=CHECKING_DESK,
        terminal=TerminalFacts(terminal_id="KSK-H-1", centre=Bilingual("酒店", "Hotel")),
        languages=["zh_CN", "en"],
        default_language="zh_CN",
        idle_timeout_s=90,
        idle_countdown_s=20,
        receipts=ReceiptDesk(printer, tasks, archive=archive),
        printer_watch=PrinterWatch(printer, tasks, clock),
    )


def _check(shell: KioskShell) -> CheckJourney:
    shell.start(JourneyName.CHECK)
    journey = shell.journey
    assert isinstance(journey, CheckJourney)
    return journey


def test_a_failed_print_warns_the_next_citizen_at_once(
    clock: ManualClock, archive: ReceiptArchive
) -> None:
    printer = FakePrinter()
    shell = _shell(clock, printer, archive)
    shell.poll()
    assert shell.view().printer_state is PrinterState.READY
    journey = _check(shell)
    journey.scan_finished(_guest_result())
    printer.set_fault(PrinterFault.PAPER_OUT)  # runs out between the check and the print
    calls = printer.record.calls.count("state")
    journey.print_slip()
    assert shell.receipt().phase is ReceiptPhase.ON_SCREEN  # type: ignore[union-attr]
    shell.go_home()
    assert shell.view().printer_state is PrinterState.PAPER_OUT  # no wait for the next poll
    assert printer.record.calls.count("state") == calls + 1  # only the check before printing


def test_the_shell_prints_a_slip_for_a_verified_guest_and_wipes_it(
    clock: ManualClock, archive: ReceiptArchive
) -> None:
    printer = FakePrinter(faults={PrinterFault.PAPER_OUT})
    shell = _shell(clock, printer, archive)
    shell.poll()
    assert shell.view().printer_state is PrinterState.PAPER_OUT  # home knows before a journey
    printer.clear_fault()
    journey = _check(shell)  # a journey starts: the state is asked again
    assert shell.view().printer_state is PrinterState.READY
    journey.scan_finished(_guest_result(valid=False))
    assert not journey.can_print_slip()
    journey.scan_again()
    journey.scan_finished(_guest_result())
    assert journey.can_print_slip()
    shell.set_language("en")
    journey.print_slip()
    assert shell.screen is Screen.RECEIPT
    view = shell.receipt()
    assert view is not None and view.phase is ReceiptPhase.PRINTED
    assert isinstance(view.document, HotelSlip) and view.document.language == "en"
    assert len(printer.printed) == 1
    assert journey.offers_next
    journey.next()  # the next guest: the slip is gone
    assert shell.screen is Screen.SCAN and shell.receipt() is None
    journey.scan_finished(_guest_result())
    journey.print_slip()
    assert len(printer.printed) == 1  # the same code again is the same slip: not printed twice
    clock.advance(200)
    shell.poll()
    assert shell.screen is Screen.HOME and shell.receipt() is None


def test_without_a_slip_factory_no_slip_is_offered(clock: ManualClock) -> None:
    shell = KioskShell(
        clock,
        languages=["zh_CN"],
        default_language="zh_CN",
        idle_timeout_s=90,
        idle_countdown_s=20,
    )
    journey = _check(shell)
    journey.scan_finished(_guest_result())
    assert not journey.can_print_slip()
    journey.print_slip()
    journey.print_document(sample_receipt())
    assert shell.screen is Screen.CHECK_RESULT

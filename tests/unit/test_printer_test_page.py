"""The printer test page shared by ``kiosk printer test`` and the technician's device tests:
printed on the shipped fake printer (real ESC/POS bytes), a fault said and never raised, and
what the audit log keeps of it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.devices.printer import PaperWidth, PrinterState, PrintJob, PrintResult
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.technician.printer_test import (
    audit_detail,
    audit_outcome,
    make_test_page,
    print_test_page,
)
from tests.support.escpos_reader import read

NOW = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)


def test_the_page_prints_and_says_so() -> None:
    printer = FakePrinter(paper=PaperWidth.MM58)
    page = make_test_page(
        printer="fake", paper_mm=58, terminal_id="SC-CD-0042", now=NOW, language="en"
    )
    outcome = print_test_page(printer, page, "T:1")
    assert outcome.printed and outcome.state is PrinterState.READY
    printout = read(printer.printed_bytes)
    assert printout.cut and printout.qr_payloads == ["KSK1-TEST:SC-CD-0042"]
    assert outcome.lines == len(printer.printed[0].job.lines)
    assert audit_outcome(outcome) == "ok"
    assert audit_detail(outcome) == {"state": "ready", "lines": outcome.lines}


@pytest.mark.parametrize(
    "fault", [PrinterFault.PAPER_OUT, PrinterFault.COVER_OPEN, PrinterFault.OFFLINE]
)
def test_a_fault_is_said_not_raised(fault: PrinterFault) -> None:
    printer = FakePrinter(faults={fault})
    page = make_test_page(
        printer="fake", paper_mm=80, terminal_id="SC-CD-0042", now=NOW, language="zh_CN"
    )
    outcome = print_test_page(printer, page, "T:1")
    assert not outcome.printed and printer.printed == []
    assert outcome.failure is outcome.before is outcome.state
    assert outcome.state.value == fault.value
    assert audit_outcome(outcome) == "failed"
    assert audit_detail(outcome)["failure"] == fault.value


def test_a_page_torn_mid_job_may_be_partly_on_paper() -> None:
    printer = FakePrinter(faults={PrinterFault.FAIL_MID_JOB})
    page = make_test_page(
        printer="fake", paper_mm=80, terminal_id="SC-CD-0042", now=NOW, language="en"
    )
    outcome = print_test_page(printer, page, "T:1")
    assert outcome.failure is PrinterState.ERROR and outcome.partial
    assert audit_detail(outcome)["partial"] == 1


class Broken(FakePrinter):
    """A driver with a bug: it raises what no printer should."""

    def print_job(self, job: PrintJob) -> PrintResult:
        raise OSError("the driver broke")

    def state(self) -> PrinterState:
        raise OSError("the driver broke")


@pytest.mark.allow_log_warnings  # the broken driver is logged
def test_a_broken_driver_is_an_error_not_a_crash() -> None:
    page = make_test_page(
        printer="fake", paper_mm=80, terminal_id="SC-CD-0042", now=NOW, language="en"
    )
    outcome = print_test_page(Broken(), page, "T:1")
    assert outcome.failure is PrinterState.ERROR
    assert outcome.before is PrinterState.OFFLINE and outcome.state is PrinterState.OFFLINE

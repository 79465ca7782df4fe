"""Printer state: ESC/POS status bytes → state, completed job ids, the fake's faults, and the
printer the configuration names."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.devices import parse_printer
from kiosk.devices.escpos_encoding import encode
from kiosk.devices.printer import (
    CompletedJobs,
    PaperWidth,
    PrinterError,
    PrinterState,
    PrintJob,
    PrintResult,
)
from kiosk.devices.printer_escpos import (
    FilePrinter,
    NetworkPrinter,
    SerialPrinter,
    UsbPrinter,
    is_status_byte,
    parse_status,
    status_request,
)
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.devices.printers import PrinterNotAvailable, open_printer
from kiosk.domain.receipt import Line, LineKind
from tests.support.escpos_device import STATUS_BYTES


def _job(job_id: str, text: str) -> PrintJob:
    return PrintJob(job_id, (Line(LineKind.TEXT, text), Line(LineKind.CUT)))


def _bytes(text: str) -> bytes:
    return encode(_job("any", text).lines, PaperWidth.MM80)


OK = 0x12


@pytest.mark.parametrize(
    ("printer", "offline_cause", "paper", "state"),
    [
        (OK, OK, OK, PrinterState.READY),
        (OK, OK, OK | 0x0C, PrinterState.PAPER_LOW),  # near-end sensor
        (OK, OK, OK | 0x04, PrinterState.PAPER_LOW),  # one of the two near-end bits
        (0x1A, 0x32, 0x7E, PrinterState.PAPER_OUT),  # offline, stopped by paper end, no paper
        (OK, OK, OK | 0x60, PrinterState.PAPER_OUT),  # end sensor alone
        (0x1A, OK | 0x20, OK, PrinterState.PAPER_OUT),  # stopped by paper end alone
        (0x1A, 0x16, OK, PrinterState.COVER_OPEN),
        (0x1A, 0x16 | 0x20, 0x7E, PrinterState.COVER_OPEN),  # cover open wins over paper
        (0x1A, OK | 0x40, OK, PrinterState.ERROR),
        (0x1A, OK, OK, PrinterState.OFFLINE),  # offline, no cause given
        (OK | 0x04, OK | 0x08, OK, PrinterState.READY),  # drawer pin, paper fed by button
        (None, OK, OK, PrinterState.OFFLINE),
        (OK, None, OK, PrinterState.OFFLINE),
        (OK, OK, None, PrinterState.OFFLINE),
        (0x00, OK, OK, PrinterState.ERROR),  # not a status answer
        (OK, OK, 0xFF, PrinterState.ERROR),
    ],
)
def test_status_bytes_map_to_states(
    printer: int | None, offline_cause: int | None, paper: int | None, state: PrinterState
) -> None:
    assert parse_status(printer, offline_cause, paper) is state


@given(
    st.one_of(st.none(), st.integers(0, 255)),
    st.one_of(st.none(), st.integers(0, 255)),
    st.one_of(st.none(), st.integers(0, 255)),
)
def test_any_bytes_give_a_state_and_never_raise(
    printer: int | None, offline_cause: int | None, paper: int | None
) -> None:
    state = parse_status(printer, offline_cause, paper)
    assert isinstance(state, PrinterState)
    if None in (printer, offline_cause, paper):
        assert state is PrinterState.OFFLINE
    if state.can_print:
        assert printer is not None and offline_cause is not None and paper is not None
        assert not printer & 0x08 and not offline_cause & 0x64 and not paper & 0x60


@given(st.integers())
def test_out_of_range_values_are_an_error_not_an_exception(value: int) -> None:
    state = parse_status(value, OK, OK)
    if not 0 <= value <= 255 or not is_status_byte(value):
        assert state is PrinterState.ERROR


def test_the_emulator_bytes_are_the_spec_bytes_for_each_state() -> None:
    for state, answers in STATUS_BYTES.items():
        assert parse_status(*answers) is state


def test_status_requests_are_dle_eot_n() -> None:
    assert [status_request(n) for n in (1, 2, 4)] == [
        b"\x10\x04\x01",
        b"\x10\x04\x02",
        b"\x10\x04\x04",
    ]


def test_printable_states() -> None:
    assert {state for state in PrinterState if state.can_print} == {
        PrinterState.READY,
        PrinterState.PAPER_LOW,
    }


def test_completed_jobs_are_bounded_and_forget_the_oldest() -> None:
    completed = CompletedJobs(capacity=3)
    for job_id in "abcd":
        completed.add(job_id)
    assert len(completed) == 3
    assert "a" not in completed and all(job_id in completed for job_id in "bcd")
    completed.add("b")  # seen again: now the newest
    completed.add("e")
    assert "c" not in completed and "b" in completed
    with pytest.raises(ValueError, match="capacity"):
        CompletedJobs(capacity=0)


def test_a_print_job_needs_an_id_and_a_cut_and_hides_its_lines_in_repr() -> None:
    with pytest.raises(ValueError, match="job id"):
        _job("", "x")
    with pytest.raises(ValueError, match="cut"):
        PrintJob("R", (Line(LineKind.TEXT, "x"),))
    assert "secret" not in repr(_job("R", "secret")) and "lines=<2>" in repr(_job("R", "x"))


def test_a_printer_error_carries_its_state_code() -> None:
    error = PrinterError(PrinterState.PAPER_OUT, "R-1", partial=True)
    assert error.code == "paper_out" and error.job_id == "R-1" and error.partial
    assert "paper_out" in str(error)


# --------------------------------------------------------------------------- the fake


def test_the_fake_records_calls_and_remembers_completed_jobs_beyond_the_default() -> None:
    fake = FakePrinter()
    for index in range(205):
        fake.print_job(_job(f"R-{index}", "x"))
    assert fake.print_job(_job("R-204", "x")) is PrintResult.ALREADY_PRINTED
    assert fake.print_job(_job("R-0", "x")) is PrintResult.PRINTED  # forgotten (bounded)
    fake.state()
    fake.close()
    assert fake.record.calls[-3:] == ["print_job:R-0", "state", "close"]
    assert fake.record.skipped == ["R-204"]


def test_a_slow_fake_waits_through_the_injected_wait() -> None:
    waited: list[float] = []
    fake = FakePrinter(faults={PrinterFault.SLOW}, slow_seconds=2.5, wait=waited.append)
    assert fake.state() is PrinterState.READY
    fake.print_job(_job("R-1", "abc"))
    assert waited == [2.5]
    assert fake.printed_bytes == _bytes("abc")


def test_a_slow_fake_finishes_when_the_fault_is_cleared() -> None:
    fake = FakePrinter(faults={PrinterFault.SLOW}, slow_seconds=60)
    done = threading.Event()

    def run() -> None:
        fake.print_job(_job("R-1", "abc"))
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    assert not done.wait(0.05)
    fake.clear_fault(PrinterFault.SLOW)
    assert done.wait(5)
    worker.join(5)
    assert fake.printed_bytes == _bytes("abc")


def test_a_fault_set_while_a_slow_job_waits_stops_the_job() -> None:
    made: list[FakePrinter] = []

    def wait(_seconds: float) -> None:
        made[0].set_fault(PrinterFault.COVER_OPEN)  # the cover is opened while the job waits

    fake = FakePrinter(faults={PrinterFault.SLOW}, wait=wait)
    made.append(fake)
    with pytest.raises(PrinterError) as raised:
        fake.print_job(_job("R-1", "abc"))
    assert raised.value.state is PrinterState.COVER_OPEN and fake.printed == []


def test_paper_low_prints_and_several_faults_report_the_most_serious() -> None:
    fake = FakePrinter(faults={PrinterFault.PAPER_LOW})
    assert fake.state() is PrinterState.PAPER_LOW
    assert fake.print_job(_job("R-1", "a")) is PrintResult.PRINTED
    fake.set_fault(PrinterFault.OFFLINE, PrinterFault.COVER_OPEN)
    assert fake.state() is PrinterState.COVER_OPEN
    fake.clear_fault(PrinterFault.COVER_OPEN)
    assert fake.state() is PrinterState.OFFLINE
    fake.clear_fault()
    assert fake.faults == frozenset() and fake.state() is PrinterState.READY
    assert fake.record.states == [
        PrinterState.PAPER_LOW,
        PrinterState.COVER_OPEN,
        PrinterState.OFFLINE,
        PrinterState.READY,
    ]


# --------------------------------------------------------------------------- configuration


def test_open_printer_chooses_the_driver_by_kind(tmp_path: Path) -> None:
    assert isinstance(open_printer(parse_printer("fake")), FakePrinter)
    file_printer = open_printer(parse_printer(f"file:{tmp_path / 'r.bin'}"))
    assert isinstance(file_printer, FilePrinter) and file_printer.path == tmp_path / "r.bin"
    net = open_printer(parse_printer("escpos-net:192.0.2.7:9100"))
    assert isinstance(net, NetworkPrinter) and (net.host, net.port) == ("192.0.2.7", 9100)
    usb = open_printer(parse_printer("escpos-usb:0x0416:0x5011"))  # nothing opened yet
    assert isinstance(usb, UsbPrinter) and (usb.vendor, usb.product) == (0x0416, 0x5011)
    serial = open_printer(parse_printer("escpos-serial:/dev/ttyS0@19200"))
    assert isinstance(serial, SerialPrinter) and (serial.device, serial.baud) == (
        "/dev/ttyS0",
        19200,
    )
    default = open_printer(parse_printer("escpos-serial:/dev/ttyS0"))
    assert isinstance(default, SerialPrinter) and default.baud == 9600


def test_system_and_pdf_printers_are_opened_by_the_qt_adapter() -> None:
    for spec in ("system:", "pdf:/tmp/receipts"):
        with pytest.raises(PrinterNotAvailable, match="through Qt"):
            open_printer(parse_printer(spec))
    assert issubclass(PrinterNotAvailable, NotImplementedError)


def test_an_absent_usb_printer_is_offline() -> None:
    printer = UsbPrinter(0x0416, 0x5011, status_timeout=0.05)  # no such device here
    assert printer.state() is PrinterState.OFFLINE
    with pytest.raises(PrinterError) as raised:
        printer.print_job(_job("R-1", "x"))
    assert raised.value.state is PrinterState.OFFLINE and not raised.value.partial
    printer.close()


def test_an_absent_serial_printer_is_offline() -> None:
    printer = SerialPrinter("/dev/no-such-serial-port", status_timeout=0.05)
    assert printer.state() is PrinterState.OFFLINE
    with pytest.raises(PrinterError) as raised:
        printer.print_job(_job("R-1", "x"))
    assert raised.value.state is PrinterState.OFFLINE
    printer.close()

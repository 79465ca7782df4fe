"""One behaviour suite for every receipt printer that can run here: the shipped fake, the file
printer on a plain file, and the network printer talking ESC/POS to a loopback printer emulator
(``tests.support.escpos_device``: status requests answered with real status bytes).

The PDF printer (``kiosk.devices.qt.system_printer``) needs Qt, which this tier must run without
(``KIOSK_TEST_BLOCK_QT``): ``tests/gui/test_pdf_printer_contract.py`` runs these same tests on it
with its own ``rig``, whose ``expected`` describes PDFs instead of ESC/POS bytes."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kiosk.devices.escpos_encoding import PaperWidth, encode
from kiosk.devices.printer import (
    PrinterError,
    PrinterState,
    PrintJob,
    PrintResult,
    ReceiptPrinter,
)
from kiosk.devices.printer_escpos import (
    STATUS_REQUESTS,
    EscposPrinter,
    FilePrinter,
    NetworkPrinter,
    status_request,
)
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.receipt import Line, LineKind
from tests.support.escpos_device import STATUS_BYTES, EscposDeviceEmulator
from tests.support.escpos_reader import read
from tests.support.receipts import sample_receipt

STATUS_TIMEOUT = 0.3
FAULT_OF: dict[PrinterState, PrinterFault] = {
    PrinterState.PAPER_LOW: PrinterFault.PAPER_LOW,
    PrinterState.PAPER_OUT: PrinterFault.PAPER_OUT,
    PrinterState.COVER_OPEN: PrinterFault.COVER_OPEN,
    PrinterState.OFFLINE: PrinterFault.OFFLINE,
    PrinterState.ERROR: PrinterFault.ERROR,
}


def receipt_job(job_id: str, paper: PaperWidth) -> PrintJob:
    return PrintJob.of(job_id, sample_receipt(), paper)


def tiny_job(job_id: str, text: str = "x") -> PrintJob:
    return PrintJob(job_id, (Line(LineKind.TEXT, text), Line(LineKind.CUT)))


@dataclass
class Rig:
    """A printer, what its paper received, and a way to put its device in a state.

    ``printed`` gives everything that reached the paper, in order, in the rig's own form, and
    ``expected`` the same form for jobs: the ESC/POS bytes the printer is sent (``output`` None,
    every ESC/POS printer), or what ``output`` says one job leaves (a PDF's description).
    """

    printer: ReceiptPrinter
    printed: Callable[[], bytes]
    show: Callable[[PrinterState], None]
    states: tuple[PrinterState, ...]
    tear: Callable[[], None] | None = None  # the next job fails half-way
    extra: dict[str, object] = field(default_factory=dict)
    output: Callable[[PrintJob], bytes] | None = None

    @property
    def sends_escpos(self) -> bool:
        return self.output is None

    def expected(self, *jobs: PrintJob) -> bytes:
        """What the paper holds after ``jobs`` printed, in the form ``printed`` gives."""
        if self.output is None:
            return b"".join(encode(job.lines, self.printer.paper) for job in jobs)
        return b"".join(self.output(job) for job in jobs)


def _fake_rig() -> Rig:
    fake = FakePrinter(paper=PaperWidth.MM58)

    def show(state: PrinterState) -> None:
        fake.clear_fault()
        if state is not PrinterState.READY:
            fake.set_fault(FAULT_OF[state])

    def tear() -> None:
        fake.set_fault(PrinterFault.FAIL_MID_JOB)

    return Rig(fake, lambda: fake.printed_bytes, show, tuple(PrinterState), tear)


def _file_rig(tmp_path: Path) -> Rig:
    spool = tmp_path / "spool"
    spool.mkdir()
    target = spool / "receipts.bin"
    away = tmp_path / "unplugged"

    def show(state: PrinterState) -> None:
        # OFFLINE: the folder is gone (a USB stick pulled out); READY: it is back.
        if state is PrinterState.OFFLINE and spool.exists():
            shutil.move(spool, away)
        elif state is PrinterState.READY and away.exists():
            shutil.move(away, spool)

    def printed() -> bytes:
        for folder in (spool, away):  # what was printed stays in the unplugged folder
            if (folder / target.name).exists():
                return (folder / target.name).read_bytes()
        return b""

    printer = FilePrinter(target, status_timeout=STATUS_TIMEOUT, paper=PaperWidth.MM58)
    return Rig(printer, printed, show, (PrinterState.READY, PrinterState.OFFLINE))


@pytest.fixture(params=["fake", "file", "network"])
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    if request.param == "fake":
        made = _fake_rig()
        yield made
        made.printer.close()
    elif request.param == "file":
        made = _file_rig(tmp_path)
        yield made
        made.printer.close()
    else:
        with EscposDeviceEmulator() as device:
            printer = NetworkPrinter(
                device.host, device.port, timeout=5, status_timeout=STATUS_TIMEOUT
            )
            made = Rig(
                printer,
                lambda: device.received,
                device.show,
                tuple(PrinterState),
                tear=lambda: device.drop_after(100),
                extra={"device": device},
            )
            yield made
            printer.close()


def test_a_ready_printer_prints_the_bytes_exactly(rig: Rig) -> None:
    data = rig.expected(receipt_job("any", rig.printer.paper))
    assert rig.printer.state() is PrinterState.READY
    assert rig.printer.print_job(receipt_job("R-1", rig.printer.paper)) is PrintResult.PRINTED
    assert rig.printed() == data
    if rig.sends_escpos:
        on_paper, expected = read(rig.printed()), read(data)
        assert on_paper.lines and on_paper.lines == expected.lines
        assert on_paper.qr_payloads == expected.qr_payloads and len(on_paper.qr_payloads) == 1
        assert on_paper.cut


def test_jobs_print_one_after_another(rig: Rig) -> None:
    first, second = receipt_job("R-1", rig.printer.paper), tiny_job("R-2", "second")
    rig.printer.print_job(first)
    rig.printer.print_job(second)
    assert rig.printed() == rig.expected(first, second)


def test_a_repeated_job_id_prints_once(rig: Rig) -> None:
    data = rig.expected(receipt_job("any", rig.printer.paper))
    assert rig.printer.print_job(receipt_job("R-1", rig.printer.paper)) is PrintResult.PRINTED
    assert (
        rig.printer.print_job(receipt_job("R-1", rig.printer.paper)) is PrintResult.ALREADY_PRINTED
    )
    rig.show(PrinterState.READY)
    assert (
        rig.printer.print_job(receipt_job("R-1", rig.printer.paper)) is PrintResult.ALREADY_PRINTED
    )
    assert rig.printed() == data
    # Another receipt with the same bytes is another job.
    assert rig.printer.print_job(receipt_job("R-2", rig.printer.paper)) is PrintResult.PRINTED
    assert rig.printed() == data + data


def test_each_device_state_is_reported_and_only_printable_states_print(rig: Rig) -> None:
    data = rig.expected(receipt_job("any", rig.printer.paper))
    expected = b""
    for state in rig.states:
        rig.show(state)
        assert rig.printer.state() is state, state
        job = receipt_job(f"R-{state.value}", rig.printer.paper)
        if state.can_print:
            assert rig.printer.print_job(job) is PrintResult.PRINTED
            expected += data
        else:
            with pytest.raises(PrinterError) as raised:
                rig.printer.print_job(job)
            assert raised.value.state is state
            assert raised.value.code == state.value
            assert raised.value.job_id == job.job_id
            assert not raised.value.partial
        assert rig.printed() == expected, f"{state}: nothing printed when it cannot print"
        rig.show(PrinterState.READY)
        assert rig.printer.state() is PrinterState.READY
        if not state.can_print:
            # The job that was refused prints once the printer is back.
            assert rig.printer.print_job(job) is PrintResult.PRINTED
            expected += data
            assert rig.printed() == expected


# A plain file cannot fail half-way; the devices that can are all covered.
@pytest.mark.parametrize("rig", ["fake", "network"], indirect=True)
def test_a_job_torn_mid_way_may_be_printed_again(rig: Rig) -> None:
    assert rig.tear is not None
    data = rig.expected(receipt_job("any", rig.printer.paper))
    rig.tear()
    with pytest.raises(PrinterError) as raised:
        rig.printer.print_job(receipt_job("R-torn", rig.printer.paper))
    assert raised.value.partial
    assert not raised.value.state.can_print
    torn = rig.printed()
    assert len(torn) < len(data)
    if isinstance(rig.printer, FakePrinter):
        rig.printer.clear_fault()
        torn = rig.printer.torn[0].data
        assert data.startswith(torn) and 0 < len(torn) < len(data)
    assert rig.printer.state() is PrinterState.READY
    assert rig.printer.print_job(receipt_job("R-torn", rig.printer.paper)) is PrintResult.PRINTED
    assert rig.printed().endswith(data)
    assert (
        rig.printer.print_job(receipt_job("R-torn", rig.printer.paper))
        is PrintResult.ALREADY_PRINTED
    )


def test_close_releases_and_the_next_call_works_again(rig: Rig) -> None:
    data = rig.expected(receipt_job("any", rig.printer.paper))
    rig.printer.print_job(receipt_job("R-1", rig.printer.paper))
    rig.printer.close()
    rig.printer.close()  # twice is harmless
    assert rig.printer.state() is PrinterState.READY
    assert (
        rig.printer.print_job(receipt_job("R-1", rig.printer.paper)) is PrintResult.ALREADY_PRINTED
    )
    assert rig.printer.print_job(receipt_job("R-2", rig.printer.paper)) is PrintResult.PRINTED
    assert rig.printed() == data + data


# --------------------------------------------------------------------------- network only


def test_a_silent_network_printer_is_offline_and_gets_no_data() -> None:
    with EscposDeviceEmulator() as device:
        device.answering = False
        printer = NetworkPrinter(device.host, device.port, status_timeout=STATUS_TIMEOUT)
        try:
            assert printer.state() is PrinterState.OFFLINE
            with pytest.raises(PrinterError) as raised:
                printer.print_job(receipt_job("R-1", printer.paper))
            assert raised.value.state is PrinterState.OFFLINE
            assert device.received == b""
            device.answering = True
            assert printer.state() is PrinterState.READY
        finally:
            printer.close()


def test_an_unreachable_network_printer_is_offline() -> None:
    with EscposDeviceEmulator() as device:
        host, port = device.host, device.port
    printer = NetworkPrinter(host, port, timeout=2, status_timeout=STATUS_TIMEOUT)
    assert printer.state() is PrinterState.OFFLINE
    with pytest.raises(PrinterError) as raised:
        printer.print_job(tiny_job("R-1"))
    assert raised.value.state is PrinterState.OFFLINE and not raised.value.partial
    printer.close()


def test_the_network_printer_asks_dle_eot_1_2_4_and_lets_go_between_calls() -> None:
    # Raw-port printers often serve one client at a time: the kiosk must not keep a technician's
    # `kiosk printer` command out between receipts.
    with EscposDeviceEmulator() as device:
        printer = NetworkPrinter(device.host, device.port, status_timeout=STATUS_TIMEOUT)
        try:
            assert printer.state() is PrinterState.READY
            assert device.queries == [1, 2, 4]
            printer.print_job(tiny_job("R-1"))
            assert printer.state() is PrinterState.READY
            assert device.connections == 3  # one per call
        finally:
            printer.close()


def test_a_held_connection_is_renewed_after_the_printer_restarts() -> None:
    with EscposDeviceEmulator() as device:
        printer = NetworkPrinter(device.host, device.port, status_timeout=STATUS_TIMEOUT)
        printer.hold_connection = True
        try:
            assert printer.state() is PrinterState.READY
            assert printer.state() is PrinterState.READY
            assert device.connections == 1
            device.drop_after(1)  # the connection goes away (the printer restarted) ...
            with pytest.raises(PrinterError) as raised:  # ... and the job counts as failed
                printer.print_job(tiny_job("R-lost"))
            assert raised.value.partial
            assert printer.state() is PrinterState.READY  # on a fresh connection
            assert device.connections == 2
        finally:
            printer.close()


class _ByteQueueLink:
    """An in-memory ``ByteLink``: the printer's answers wait in ``incoming`` in order."""

    def __init__(self) -> None:
        self.incoming: list[int] = []
        self.written = bytearray()

    def open(self) -> None:
        pass

    def write(self, data: bytes) -> None:
        self.written += data
        for n in STATUS_REQUESTS:  # a printer in the cover-open state answers each request
            if data == status_request(n):
                self.incoming.append(
                    STATUS_BYTES[PrinterState.COVER_OPEN][STATUS_REQUESTS.index(n)]
                )

    def read_byte(self, timeout: float) -> int | None:
        del timeout
        return self.incoming.pop(0) if self.incoming else None

    def discard_input(self) -> None:
        self.incoming.clear()

    def close(self) -> None:
        pass


def test_stray_status_answers_waiting_before_a_request_are_discarded() -> None:
    # A printer may send a status byte nobody asked for (automatic status back, or a 10 04 n
    # inside image data); the driver must not take it for the answer to its next request.
    link = _ByteQueueLink()
    link.incoming.append(STATUS_BYTES[PrinterState.READY][0])  # waiting before we ask
    printer = EscposPrinter(link, status_timeout=STATUS_TIMEOUT)
    assert printer.state() is PrinterState.COVER_OPEN
    assert bytes(link.written) == b"".join(status_request(n) for n in STATUS_REQUESTS)


def test_a_plain_file_printer_appends_and_is_ready_when_writable(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    printer = FilePrinter(target)
    assert printer.state() is PrinterState.READY
    printer.print_job(tiny_job("A", "one"))
    printer.print_job(tiny_job("B", "two"))
    one, two = (encode(tiny_job("-", text).lines, printer.paper) for text in ("one", "two"))
    assert target.read_bytes() == one + two
    assert FilePrinter(tmp_path).state() is PrinterState.OFFLINE  # a folder is no printer
    assert FilePrinter(tmp_path / "missing" / "out.bin").state() is PrinterState.OFFLINE

"""``kiosk printer status|test|pending|reprint`` against real devices that can exist here: a
file, a network printer emulator on loopback, a real database holding kept receipts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from kiosk.cli import main
from kiosk.devices.printer import PaperWidth, PrinterState
from kiosk.domain.receipt import TEST_PAGE_CHINESE, display_width, status_content
from kiosk.journeys.receipt import job_id_for
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.private_files import write_private
from kiosk.store.database import Database
from kiosk.store.receipt_archive import ReceiptArchive
from kiosk.sync.enrolment import STATUS_KEY_FILE
from kiosk.sync.outbox import Kind, Outbox
from kiosk.sync.sealing import LocalKey, SealingPrivateKey
from tests.support.configs import production_document, write_document
from tests.support.escpos_device import EscposDeviceEmulator
from tests.support.escpos_reader import read
from tests.support.receipts import sample_receipt


def _config(tmp_path: Path, printer: str, paper_mm: int = 80) -> Path:
    document: dict[str, Any] = production_document()
    document["devices"] = {"camera": "qt:", "printer": printer, "paper_mm": paper_mm}
    document["data_dir"] = str(tmp_path / "data")
    return write_document(tmp_path / "kiosk.toml", document)


@pytest.mark.parametrize("paper_mm", [58, 80])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_test_page_to_a_file_reads_back_complete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], paper_mm: int, language: str
) -> None:
    config = _config(tmp_path, "escpos-usb:0x0416:0x5011", paper_mm)
    out = tmp_path / "page.bin"
    assert (
        main(["printer", "test", "--to", str(out), "--language", language, "--config", str(config)])
        == 0
    )
    said = capsys.readouterr().out
    assert "ready" in said and "test page printed" in said
    printout = read(out.read_bytes())
    assert printout.cut and printout.qr_payloads == ["KSK1-TEST:SC-CD-0042"]
    text = "".join("".join(printout.texts).split())  # lines wrap: compare without spaces
    assert TEST_PAGE_CHINESE in text and "SC-CD-0042" in text
    assert ("打印机测试页" if language == "zh" else "PRINTERTESTPAGE") in text
    columns = PaperWidth.from_millimetres(paper_mm).columns
    for line in printout.lines:
        assert display_width(line.text) * line.width_factor <= columns, line


@pytest.mark.parametrize(
    ("state", "code"),
    [
        (PrinterState.READY, 0),
        (PrinterState.PAPER_LOW, 0),
        (PrinterState.PAPER_OUT, 1),
        (PrinterState.COVER_OPEN, 1),
    ],
)
def test_status_asks_the_network_printer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], state: PrinterState, code: int
) -> None:
    with EscposDeviceEmulator() as device:
        device.show(state)
        config = _config(tmp_path, f"escpos-net:{device.host}:{device.port}")
        assert main(["printer", "status", "--config", str(config)]) == code
    said = capsys.readouterr().out
    assert state.value in said and state.message.value in said


def test_a_test_page_on_a_printer_out_of_paper_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with EscposDeviceEmulator() as device:
        device.show(PrinterState.PAPER_OUT)
        config = _config(tmp_path, f"escpos-net:{device.host}:{device.port}")
        assert main(["printer", "test", "--config", str(config)]) == 1
        assert device.received == b""
    captured = capsys.readouterr()
    assert "paper_out" in captured.out and "not printed: paper_out" in captured.err


def test_kept_receipts_are_listed_and_reprinted_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spool = tmp_path / "spool.bin"
    config = _config(tmp_path, f"file:{spool}", 58)
    data = tmp_path / "data"
    data.mkdir()
    receipt = sample_receipt(delivered=False)
    with Database.open(data / "kiosk.sqlite3") as database:
        archive = ReceiptArchive(
            database, LocalKey.load_or_create(data / "queue.key"), SystemClock()
        )
        archive.keep_for_reprint(job_id_for(receipt), receipt, "paper_out")
    assert main(["printer", "pending", "--config", str(config)]) == 0
    listing = capsys.readouterr().out
    assert job_id_for(receipt) in listing and "paper_out" in listing
    assert "(Beijing time, UTC+8)" in listing  # the time it was kept, with its zone
    assert "张" not in listing and receipt.applicant_id not in listing

    assert main(["printer", "reprint", "--all", "--config", str(config)]) == 0
    printout = read(spool.read_bytes())
    assert printout.qr_payloads == [receipt.status_code]
    assert "张**" in "".join(printout.texts)
    assert main(["printer", "reprint", job_id_for(receipt), "--config", str(config)]) == 1
    assert "no such receipt" in capsys.readouterr().err
    assert main(["printer", "pending", "--config", str(config)]) == 0
    assert "0 receipt(s)" in capsys.readouterr().out
    assert read(spool.read_bytes()).qr_payloads == [receipt.status_code]  # printed once


def test_a_reprint_after_the_platform_answered_carries_the_acceptance_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spool = tmp_path / "spool.bin"
    config = _config(tmp_path, f"file:{spool}", 80)
    data = tmp_path / "data"
    data.mkdir()
    status_key = bytes(range(32))
    write_private(data / STATUS_KEY_FILE, status_key)
    with Database.open(data / "kiosk.sqlite3") as database:
        local_key = LocalKey.load_or_create(data / "queue.key")
        outbox = Outbox(
            database,
            terminal_id="SC-CD-0042",
            sealing_key=SealingPrivateKey.generate().public(),
            local_key=local_key,
            clock=SystemClock(),
        )
        queued = outbox.enqueue(
            Kind.APPLICATION, payload={"form": {}}, summary={}, item_code="CY-GA-002"
        )
        shown = replace(
            sample_receipt(delivered=False),
            local_reference=queued.local_reference,
            status_code=status_content(queued.local_reference, status_key),
        )
        ReceiptArchive(database, local_key, SystemClock()).keep_for_reprint(
            job_id_for(shown), shown, "paper_out"
        )
        outbox.mark_sent(
            queued.id,
            {"acceptance_number": "SC2026120400001", "promised_date": "2026-12-18"},
        )
    assert main(["printer", "reprint", "--all", "--config", str(config)]) == 0
    printout = read(spool.read_bytes())
    assert printout.qr_payloads == [status_content("SC2026120400001", status_key)]
    text = "".join("".join(printout.texts).split())
    assert "SC2026120400001" in text and "2026-12-18" in text and "预计" not in text
    assert "printed" in capsys.readouterr().out

"""System and PDF printing through QtPrintSupport: the PDF read back with QtPdf, its page as wide
as the paper, its QR code decoded from the rendered pixels; no double printing; job ids that
cannot escape the folder; a system printer that does not exist is offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication

from kiosk.cli import main
from kiosk.devices.printer import PaperWidth, PrinterError, PrinterState, PrintJob, PrintResult
from kiosk.devices.qt.system_printer import PdfFolderPrinter, SystemPrinter
from kiosk.devices.receipt_image import render
from tests.support.configs import production_document, write_document
from tests.support.qt_pictures import qr_texts
from tests.support.receipts import sample_receipt

POINTS_PER_MM = 72 / 25.4


def _pages(path: Path) -> QPdfDocument:
    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document


@pytest.mark.parametrize("paper", [PaperWidth.MM58, PaperWidth.MM80], ids=["58mm", "80mm"])
def test_a_receipt_pdf_has_the_paper_width_and_a_readable_code(
    qapp: QApplication, tmp_path: Path, paper: PaperWidth
) -> None:
    printer = PdfFolderPrinter(tmp_path / "pdf", paper=paper)
    assert printer.state() is PrinterState.READY
    receipt = sample_receipt()
    assert printer.print_job(PrintJob.of("R:1", receipt, paper)) is PrintResult.PRINTED
    files = list((tmp_path / "pdf").iterdir())
    assert files == [printer.path_for("R:1")]
    document = _pages(files[0])
    assert document.pageCount() == 1
    size = document.pagePointSize(0)
    # As wide as the paper (PDF pages are whole points), as long as the picture at 203 dpi.
    assert abs(size.width() - paper.millimetres * POINTS_PER_MM) < 1.0
    picture = render(PrintJob.of("R:1", receipt, paper).lines, paper)
    assert 0 <= size.height() - picture.height / 203 * 72 < 1.0
    assert size.height() > size.width()
    scale = 4.0
    image = document.render(0, QSize(round(size.width() * scale), round(size.height() * scale)))
    assert qr_texts(image) == [receipt.status_code]


def test_the_folder_remembers_printed_jobs_and_keeps_ids_inside(
    qapp: QApplication, tmp_path: Path
) -> None:
    folder = tmp_path / "pdf"
    printer = PdfFolderPrinter(folder, paper=PaperWidth.MM58)
    job = PrintJob.of("../../etc/x", sample_receipt(), PaperWidth.MM58)
    assert printer.print_job(job) is PrintResult.PRINTED
    assert printer.print_job(job) is PrintResult.ALREADY_PRINTED
    restarted = PdfFolderPrinter(folder, paper=PaperWidth.MM58)
    assert restarted.print_job(job) is PrintResult.ALREADY_PRINTED
    made = list(folder.iterdir())
    assert made == [printer.path_for(job.job_id)] and made[0].suffix == ".pdf"
    assert not made[0].name.startswith(".")  # not hidden, not ".."
    home = tmp_path / "home"  # the test's HOME (caches may be written there)
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert [path for path in written if not path.is_relative_to(home)] == made
    assert printer.path_for("R-1") == folder / "R-1.pdf"  # a plain id is the file name
    assert printer.path_for("a/b") != printer.path_for("a_b")  # distinct ids, distinct files
    assert printer.path_for("a/b").parent == folder


def test_an_unplugged_folder_is_offline_and_nothing_counts_as_printed(
    qapp: QApplication, tmp_path: Path
) -> None:
    parent = tmp_path / "usb"
    parent.mkdir()
    blocker = tmp_path / "usb" / "stick"
    blocker.write_text("a file where the folder should be")
    printer = PdfFolderPrinter(blocker / "receipts")
    assert printer.state() is PrinterState.OFFLINE
    with pytest.raises(PrinterError) as raised:
        printer.print_job(PrintJob.of("R:2", sample_receipt(), printer.paper))
    assert raised.value.state is PrinterState.OFFLINE and not raised.value.partial
    blocker.unlink()  # the file is gone, but so is the drive: still nothing to write on
    assert printer.state() is PrinterState.OFFLINE
    blocker.mkdir()  # the drive is back
    assert printer.print_job(PrintJob.of("R:2", sample_receipt(), printer.paper)) is (
        PrintResult.PRINTED
    )
    shutil.rmtree(parent)


def test_a_system_printer_that_does_not_exist_is_offline(qapp: QApplication) -> None:
    printer = SystemPrinter("no-such-printer-here")
    assert printer.state() is PrinterState.OFFLINE
    with pytest.raises(PrinterError) as raised:
        printer.print_job(PrintJob.of("R:3", sample_receipt(), printer.paper))
    assert raised.value.state is PrinterState.OFFLINE and not raised.value.partial
    assert printer.state() is PrinterState.OFFLINE  # and it still is, nothing changed


def test_printer_test_writes_a_pdf_test_page(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = production_document()
    document["devices"] = {"camera": "qt:", "printer": f"pdf:{tmp_path / 'out'}", "paper_mm": 58}
    config = write_document(tmp_path / "kiosk.toml", document)
    assert main(["printer", "test", "--config", str(config)]) == 0
    assert "test page printed" in capsys.readouterr().out
    (pdf,) = (tmp_path / "out").iterdir()
    page = _pages(pdf)
    size = page.pagePointSize(0)
    image = page.render(0, QSize(round(size.width() * 4), round(size.height() * 4)))
    assert qr_texts(image) == ["KSK1-TEST:SC-CD-0042"]


# ---- issue 14 re-test: `printer status` on a system or PDF printer gives a reason and a remedy


def _status(tmp_path: Path, printer: str, capsys: pytest.CaptureFixture[str]) -> str:
    document = production_document()
    document["devices"] = {"camera": "qt:", "printer": printer, "paper_mm": 80}
    document["data_dir"] = str(tmp_path / "data")
    config = write_document(tmp_path / "kiosk.toml", document)
    assert main(["printer", "status", "--config", str(config)]) == 1
    return capsys.readouterr().out


def test_status_of_a_missing_system_printer_says_why_and_what_to_do(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _status(tmp_path, "system:NOPE", capsys)
    assert "offline - The printer is not available." in out
    assert "  reason: the system has no printer named 'NOPE'" in out
    assert "  remedy: check the name in [devices] printer against `lpstat -p`" in out


def test_status_of_a_pdf_folder_on_a_missing_drive_says_why_and_what_to_do(
    qapp: QApplication, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "unplugged" / "dir"
    out = _status(tmp_path, f"pdf:{folder}", capsys)
    assert f"  reason: the folder {folder} cannot be created: {folder.parent} does not exist" in out
    assert "  remedy: plug the drive in" in out
    assert not folder.parent.exists()


def test_a_ready_pdf_folder_has_no_problem_left_over(qapp: QApplication, tmp_path: Path) -> None:
    printer = PdfFolderPrinter(tmp_path / "later" / "pdf")
    assert printer.state() is PrinterState.OFFLINE and printer.problem is not None
    (tmp_path / "later").mkdir()  # the drive is plugged in
    assert printer.state() is PrinterState.READY and printer.problem is None

"""The printer contract suite (``tests/contracts/test_printer_contract.py``) run on the PDF printer.

The contract tier runs without Qt, so the PDF printer's rig lives here, in the GUI tier, and the
contract's tests are imported and collected again with it. What reached "the paper" is each PDF
that appeared in the folder, in the order it appeared, described by ``tests.support.pdf_pages``
(page size in points, the QR codes read back from the rendered page); ``expected`` describes
the PDF a job should give. Pulling the folder away (a USB stick unplugged) is ``OFFLINE``: the
folder moves, since a chmod does not stop root. A PDF is written whole or not at all, so the
contract's "torn mid-way" test does not apply.
"""

from __future__ import annotations

import inspect
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.devices.printer import PaperWidth, PrinterState, PrintJob, PrintResult
from kiosk.devices.qt.system_printer import PdfFolderPrinter
from tests.contracts import test_printer_contract as contract
from tests.contracts.test_printer_contract import (
    Rig,
    test_a_ready_printer_prints_the_bytes_exactly,
    test_a_repeated_job_id_prints_once,
    test_close_releases_and_the_next_call_works_again,
    test_each_device_state_is_reported_and_only_printable_states_print,
    test_jobs_print_one_after_another,
)
from tests.support.pdf_pages import describe_job, describe_pdf

__all__ = [  # collected here again, with the PDF rig
    "test_a_ready_printer_prints_the_bytes_exactly",
    "test_a_repeated_job_id_prints_once",
    "test_close_releases_and_the_next_call_works_again",
    "test_each_device_state_is_reported_and_only_printable_states_print",
    "test_jobs_print_one_after_another",
]


class _AppearingFiles:
    """The PDF printer, noting after each job which files appeared in its folder, in order."""

    def __init__(self, printer: PdfFolderPrinter, folders: tuple[Path, ...]) -> None:
        self.inner = printer
        self.folders = folders  # where the printer's folder may be (plugged in, pulled away)
        self.appeared: list[str] = []

    @property
    def paper(self) -> PaperWidth:
        return self.inner.paper

    def state(self) -> PrinterState:
        return self.inner.state()

    def print_job(self, job: PrintJob) -> PrintResult:
        try:
            return self.inner.print_job(job)
        finally:
            for folder in self.folders:
                if folder.is_dir():
                    new = sorted(path.name for path in folder.iterdir())
                    self.appeared += [name for name in new if name not in self.appeared]

    def close(self) -> None:
        self.inner.close()

    def where(self, name: str) -> Path:
        return next(folder / name for folder in self.folders if (folder / name).exists())


def _pdf_rig(tmp_path: Path) -> Rig:
    stick = tmp_path / "stick"  # the drive; the printer's folder is on it
    folder = stick / "receipts"
    away = tmp_path / "unplugged"
    stick.mkdir()
    pdf = PdfFolderPrinter(folder, paper=PaperWidth.MM58)
    printer = _AppearingFiles(pdf, (folder, away / folder.name))

    def show(state: PrinterState) -> None:
        # OFFLINE: the drive is gone (its folder cannot be made again); READY: it is back.
        if state is PrinterState.OFFLINE and stick.exists():
            shutil.move(stick, away)
        elif state is PrinterState.READY and away.exists():
            shutil.move(away, stick)

    def printed() -> bytes:
        described = b""
        for name in printer.appeared:
            path = printer.where(name)
            is_receipt = path.suffix == ".pdf" and not name.startswith(".")
            described += describe_pdf(path) if is_receipt else f"stray {name}\n".encode()
        return described

    return Rig(
        printer,
        printed,
        show,
        (PrinterState.READY, PrinterState.OFFLINE),
        output=lambda job: describe_job(job, pdf.paper),
        extra={"folder": folder},
    )


@pytest.fixture
def rig(qapp: QApplication, tmp_path: Path) -> Iterator[Rig]:
    made = _pdf_rig(tmp_path)
    yield made
    made.printer.close()


def test_every_contract_test_for_any_printer_runs_on_the_pdf_printer_too() -> None:
    # A test added to the contract for every rig must be imported above; a test pinned to
    # some rigs (parametrized over ``rig``) is for printers that can do what it checks.
    def pinned(test: object) -> bool:
        marks = getattr(test, "pytestmark", [])
        return any(mark.name == "parametrize" and mark.args[0] == "rig" for mark in marks)

    for_every_rig = {
        name
        for name, test in vars(contract).items()
        if name.startswith("test_")
        and inspect.isfunction(test)
        and "rig" in inspect.signature(test).parameters
        and not pinned(test)
    }
    assert for_every_rig == set(__all__)

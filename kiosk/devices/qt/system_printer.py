"""Receipts on office printers and as PDF files, through QtPrintSupport.

For service centres that print on an ordinary printer instead of a thermal one, and for
technicians who want the receipt as a file:

- ``PdfFolderPrinter``: each job becomes ``<folder>/<job id>.pdf``, one page as wide as the
  configured paper (58 or 80 mm) and as long as the receipt. The file is written beside its final
  name and renamed into place, so a half-written PDF never counts as printed; a PDF already in
  the folder under a job's id means the job was printed (the folder remembers across restarts).
- ``SystemPrinter``: the default system printer or a named one (CUPS), the same picture at its
  physical size. Its state comes from ``QPrinterInfo``: no such printer is ``OFFLINE``, a printer
  in the error state is ``ERROR``, idle or busy is ``READY``. CI machines have no printers, so
  only the "no such printer" path is exercised there.

Both draw the picture ``kiosk.devices.receipt_image.render`` makes (203 dpi, the thermal
printer's grid), so every back end shows the same receipt.

Thread contract: a Q(Gui)Application must exist. Painting on a QPrinter or QImage is allowed off
the GUI thread, and the kiosk calls printers from a worker thread; calls are serialised by a lock.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.devices.printer import (
    CompletedJobs,
    PaperWidth,
    PrinterError,
    PrinterState,
    PrintJob,
    PrintResult,
)
from kiosk.devices.receipt_image import render

DOTS_PER_MM = 203 / 25.4
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def _picture(job: PrintJob, paper: PaperWidth) -> QImage:
    image = render(job.lines, paper).convert("L")
    data = image.tobytes()
    return QImage(
        data, image.width, image.height, image.width, QImage.Format.Format_Grayscale8
    ).copy()


def _page_size_mm(picture: QImage) -> QSizeF:
    return QSizeF(picture.width() / DOTS_PER_MM, picture.height() / DOTS_PER_MM)


def _paint(printer: QPrinter, picture: QImage) -> bool:
    """Draw ``picture`` filling the page; False when the printer refused to start or finish."""
    size = _page_size_mm(picture)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(size, QPageSize.Unit.Millimeter, "receipt"),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter()
    if not painter.begin(printer):
        return False
    target = painter.viewport()
    painter.drawImage(QRectF(0, 0, target.width(), target.height()), picture)
    return painter.end()


def safe_file_stem(job_id: str) -> str:
    """A file name for ``job_id`` that stays inside its folder: unsafe characters become ``_``
    and a short digest keeps different ids apart."""
    digest = hashlib.sha256(job_id.encode("utf-8")).hexdigest()[:8]
    return f"{_UNSAFE.sub('_', job_id)[:80]}-{digest}"


class PdfFolderPrinter:
    """One PDF per receipt in ``folder``."""

    def __init__(self, folder: str | os.PathLike[str], *, paper: PaperWidth = PaperWidth.MM80):
        self.folder = Path(folder)
        self._paper = paper
        self._lock = threading.Lock()
        self._completed = CompletedJobs()

    @property
    def paper(self) -> PaperWidth:
        return self._paper

    def path_for(self, job_id: str) -> Path:
        return self.folder / f"{safe_file_stem(job_id)}.pdf"

    def _state(self) -> PrinterState:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return PrinterState.OFFLINE
        writable = os.access(self.folder, os.W_OK | os.X_OK)
        return PrinterState.READY if writable else PrinterState.OFFLINE

    def state(self) -> PrinterState:
        with self._lock:
            return self._state()

    def print_job(self, job: PrintJob) -> PrintResult:
        with self._lock:
            final = self.path_for(job.job_id)
            if job.job_id in self._completed or final.exists():
                self._completed.add(job.job_id)
                return PrintResult.ALREADY_PRINTED
            state = self._state()
            if not state.can_print:
                raise PrinterError(state, job.job_id)
            partial = final.with_name(f".{final.name}.part")
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(partial))
            printer.setDocName(job.job_id)
            try:
                if not _paint(printer, _picture(job, self._paper)):
                    raise PrinterError(PrinterState.ERROR, job.job_id)
                partial.replace(final)
            except OSError as error:
                raise PrinterError(PrinterState.OFFLINE, job.job_id) from error
            finally:
                partial.unlink(missing_ok=True)
            self._completed.add(job.job_id)
            return PrintResult.PRINTED

    def close(self) -> None:
        """Nothing is held open between jobs."""


class SystemPrinter:
    """A printer the operating system knows (CUPS), by name; ``""`` is the default printer."""

    def __init__(self, name: str = "", *, paper: PaperWidth = PaperWidth.MM80) -> None:
        self.name = name
        self._paper = paper
        self._lock = threading.Lock()
        self._completed = CompletedJobs()

    @property
    def paper(self) -> PaperWidth:
        return self._paper

    def _info(self) -> QPrinterInfo | None:
        info = QPrinterInfo.printerInfo(self.name) if self.name else QPrinterInfo.defaultPrinter()
        return None if info.isNull() else info

    def _state(self) -> PrinterState:
        info = self._info()
        if info is None:
            return PrinterState.OFFLINE
        if info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
            return PrinterState.ERROR
        return PrinterState.READY

    def state(self) -> PrinterState:
        with self._lock:
            return self._state()

    def print_job(self, job: PrintJob) -> PrintResult:
        with self._lock:
            if job.job_id in self._completed:
                return PrintResult.ALREADY_PRINTED
            info = self._info()
            state = self._state()
            if info is None or not state.can_print:
                raise PrinterError(state, job.job_id)
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            printer.setDocName(job.job_id)
            if not _paint(printer, _picture(job, self._paper)):
                raise PrinterError(PrinterState.ERROR, job.job_id, partial=True)
            self._completed.add(job.job_id)
            return PrintResult.PRINTED

    def close(self) -> None:
        """Nothing is held open between jobs."""

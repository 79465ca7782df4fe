"""Receipts on office printers and as PDF files, through QtPrintSupport.

For service centres that print on an ordinary printer instead of a thermal one, and for
technicians who want the receipt as a file:

- ``PdfFolderPrinter``: each job becomes ``<folder>/<job id>.pdf`` (``safe_file_stem``: an id
  that is not a plain file name is cleaned and given a digest, so no id can leave the folder or
  take another id's file). The file is written under a hidden temporary name in the folder and
  renamed into place, so a half-written PDF never counts as printed; a PDF already in the folder
  under a job's id means the job was printed (the folder remembers across restarts). The state
  is ``READY`` when the folder exists, or can be created in a parent that exists (a missing
  parent is an unplugged drive), and is writable; ``OFFLINE`` otherwise.
- ``SystemPrinter``: the default system printer (name ``""``) or a named one (CUPS), printing
  the same page. Its state comes from ``QPrinterInfo``: no such printer (or no default) is
  ``OFFLINE``, a printer in the error or aborted state is ``ERROR``, idle or busy is ``READY``.
  If ``QPainter.begin`` fails nothing was sent (``PrinterError(ERROR)``); if ``QPainter.end``
  fails the job may be partly spooled (``PrinterError(ERROR, partial=True)``). Machines
  without printers (CI, this project's development machine) can only exercise the "no such
  printer" path; printing on a real CUPS queue is untested here.

The page: as wide as the paper (58 or 80 mm, in whole PDF points: 164 and 227 pt) and as long
as the receipt, no margins; on it the picture ``kiosk.devices.receipt_image.render`` draws (the
thermal printer's 203-dpi grid, 52 or 76 mm wide with its own white edge) at its physical size,
centred across and from the top. So every back end shows the same receipt at the same size.

Thread contract: a Q(Gui)Application must exist before any method is called. Painting on a
QPrinter or QImage is allowed off the GUI thread in Qt 6, and the kiosk calls printers from a
worker thread; each printer serialises its calls with a lock.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import threading
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize
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
from kiosk.devices.printer_escpos import LinkProblem
from kiosk.devices.receipt_image import render

log = logging.getLogger(__name__)

DOTS_PER_INCH = 203  # the receipt picture's grid (a thermal printer's resolution)
POINTS_PER_INCH = 72
MM_PER_INCH = 25.4
_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")  # used as the file name unchanged
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
_DIGEST_CHARS = 16


class _Refused(Exception):
    """QPainter would not start (nothing was sent) or finish (part may have been sent)."""

    def __init__(self, *, started: bool) -> None:
        super().__init__("the print device refused to finish" if started else "refused to start")
        self.started = started


def safe_file_stem(job_id: str) -> str:
    """The file name (without ``.pdf``) for ``job_id``, always inside its folder.

    A plain id (letters, digits, ``.``, ``_``, ``-``, not starting with a dot, at most 100
    characters) is used unchanged; any other id becomes its cleaned text followed by ``~`` and
    a digest of the id, so two ids never share a file (a plain id has no ``~``) and no name
    starts with a dot (hidden, or ``..``).
    """
    if _PLAIN_ID.fullmatch(job_id):
        return job_id
    digest = hashlib.sha256(job_id.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]
    cleaned = _UNSAFE.sub("_", job_id).lstrip("._")[:80]
    return f"{cleaned}~{digest}" if cleaned else digest


def page_size(paper: PaperWidth, picture_height_dots: int) -> QPageSize:
    """The page for a receipt picture: the paper's width, the picture's length (rounded up to
    whole points, the unit a PDF page is stored in)."""
    width = round(paper.millimetres / MM_PER_INCH * POINTS_PER_INCH)
    height = math.ceil(picture_height_dots * POINTS_PER_INCH / DOTS_PER_INCH)
    return QPageSize(QSize(width, height), "receipt", QPageSize.SizeMatchPolicy.ExactMatch)


def _picture(job: PrintJob, paper: PaperWidth) -> QImage:
    image = render(job.lines, paper).convert("L")
    return QImage(
        image.tobytes(), image.width, image.height, image.width, QImage.Format.Format_Grayscale8
    ).copy()  # the copy owns its pixels; the bytes object goes away


def _paint(printer: QPrinter, picture: QImage, paper: PaperWidth) -> None:
    """Lay out the page for ``picture`` and draw it at its physical size; raises ``_Refused``."""
    printer.setFullPage(True)  # painter coordinates start at the paper's corner
    layout = QPageLayout(
        page_size(paper, picture.height()),
        QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )
    if not printer.setPageLayout(layout):
        raise _Refused(started=False)
    resolution = printer.resolution()
    page = printer.pageLayout().fullRectPixels(resolution)
    scale = resolution / DOTS_PER_INCH
    width, height = picture.width() * scale, picture.height() * scale
    painter = QPainter()
    if not painter.begin(printer):
        raise _Refused(started=False)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # crisp dots
    painter.drawImage(QRectF((page.width() - width) / 2, 0, width, height), picture)
    if not painter.end():
        raise _Refused(started=True)


class PdfFolderPrinter:
    """One PDF per receipt in ``folder``."""

    def __init__(
        self, folder: str | os.PathLike[str], *, paper: PaperWidth = PaperWidth.MM80
    ) -> None:
        self.folder = Path(folder)
        self._paper = paper
        self._lock = threading.Lock()
        self._completed = CompletedJobs()
        # Why the last state was not READY (None when it was): for ``kiosk printer status``.
        self.problem: LinkProblem | None = None

    @property
    def paper(self) -> PaperWidth:
        return self._paper

    def path_for(self, job_id: str) -> Path:
        """Where the PDF of ``job_id`` is (or will be)."""
        return self.folder / f"{safe_file_stem(job_id)}.pdf"

    def _state(self) -> PrinterState:
        self.problem = None
        try:
            self.folder.mkdir(exist_ok=True)  # not its parents: a missing parent is unplugged
        except FileNotFoundError:
            self.problem = LinkProblem(
                f"the folder {self.folder} cannot be created: {self.folder.parent} does not "
                "exist (an unplugged drive?)",
                "plug the drive in, or name an existing folder in [devices] printer",
            )
            return PrinterState.OFFLINE
        except OSError as error:
            self.problem = self._not_writable(error.strerror or "cannot be created")
            return PrinterState.OFFLINE
        if not self.folder.is_dir():
            self.problem = self._not_writable("not a folder")
            return PrinterState.OFFLINE
        if not os.access(self.folder, os.W_OK | os.X_OK):
            self.problem = self._not_writable("permission denied")
            return PrinterState.OFFLINE
        return PrinterState.READY

    def _not_writable(self, why: str) -> LinkProblem:
        return LinkProblem(
            f"the folder {self.folder} cannot be written ({why})",
            "give the kiosk's user write access to it, or name another folder in [devices] printer",
        )

    def state(self) -> PrinterState:
        with self._lock:
            return self._state()

    def print_job(self, job: PrintJob) -> PrintResult:
        with self._lock:
            final = self.path_for(job.job_id)
            if job.job_id in self._completed or final.is_file():
                self._completed.add(job.job_id)
                return PrintResult.ALREADY_PRINTED
            state = self._state()
            if not state.can_print:
                raise PrinterError(state, job.job_id)
            temporary = final.with_name(f".{final.name}.part")
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFileName(str(temporary))
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setDocName(job.job_id)
            try:
                _paint(printer, _picture(job, self._paper), self._paper)
                temporary.replace(final)
            except (_Refused, OSError) as exc:
                # The PDF never took its final name: nothing counts as printed.
                log.info("PDF of print job %s not written: %s", job.job_id, exc)
                state = self._state()
                failed = state if not state.can_print else PrinterState.ERROR
                raise PrinterError(failed, job.job_id) from exc
            finally:
                temporary.unlink(missing_ok=True)
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
        # Why the last state was not READY (None when it was): for ``kiosk printer status``.
        self.problem: LinkProblem | None = None

    @property
    def paper(self) -> PaperWidth:
        return self._paper

    def _info(self) -> QPrinterInfo | None:
        info = QPrinterInfo.printerInfo(self.name) if self.name else QPrinterInfo.defaultPrinter()
        return None if info.isNull() else info

    @staticmethod
    def _state_of(info: QPrinterInfo | None) -> PrinterState:
        if info is None:
            return PrinterState.OFFLINE
        if info.state() in (QPrinter.PrinterState.Error, QPrinter.PrinterState.Aborted):
            return PrinterState.ERROR
        return PrinterState.READY  # Idle or Active (printing other jobs)

    def state(self) -> PrinterState:
        with self._lock:
            info = self._info()
            state = self._state_of(info)
            self.problem = None if state is PrinterState.READY else self._why(info)
            return state

    def _why(self, info: QPrinterInfo | None) -> LinkProblem:
        if info is None and self.name:
            return LinkProblem(
                f"the system has no printer named {self.name!r}",
                "check the name in [devices] printer against `lpstat -p` (CUPS), or add the "
                "printer in CUPS",
            )
        if info is None:
            return LinkProblem(
                "the system has no default printer",
                "set one (`lpoptions -d NAME`, see `lpstat -p`), or name the printer in "
                "[devices] printer (system:NAME)",
            )
        return LinkProblem(
            f"the system reports printer {info.printerName()!r} in an error state",
            "look at the printer (paper, cover, jam) and at `lpstat -p`; re-enable the queue "
            "with `cupsenable NAME` once fixed",
        )

    def print_job(self, job: PrintJob) -> PrintResult:
        with self._lock:
            if job.job_id in self._completed:
                return PrintResult.ALREADY_PRINTED
            info = self._info()
            state = self._state_of(info)
            if info is None or not state.can_print:
                raise PrinterError(state, job.job_id)
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
            printer.setDocName(job.job_id)
            try:
                _paint(printer, _picture(job, self._paper), self._paper)
            except _Refused as exc:
                log.info("system printer refused print job %s: %s", job.job_id, exc)
                raise PrinterError(PrinterState.ERROR, job.job_id, partial=exc.started) from exc
            self._completed.add(job.job_id)
            return PrintResult.PRINTED

    def close(self) -> None:
        """Nothing is held open between jobs."""

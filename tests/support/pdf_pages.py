"""Read receipt PDFs back for the GUI tier: open them with QtPdf, render a page, decode its QR
codes (``tests.support.qt_pictures``), and describe a PDF the way a receipt job says it should
look.

Imports PySide6: only for tests that run with Qt (never the Qt-blocked unit tier).
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QSize, QSizeF
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from kiosk.devices.printer import PaperWidth, PrintJob
from kiosk.devices.receipt_image import render
from kiosk.domain.receipt import LineKind
from tests.support.qt_pictures import qr_texts

POINTS_PER_MM = 72 / 25.4
RENDER_SCALE = 4.0  # pixels per PDF point when a page is rendered for decoding (288 dpi)


def open_pdf(path: Path) -> QPdfDocument:
    document = QPdfDocument(None)
    status = document.load(str(path))
    assert status == QPdfDocument.Error.None_, f"{path.name}: {status}"
    return document


def page_image(document: QPdfDocument, page: int = 0, scale: float = RENDER_SCALE) -> QImage:
    size = document.pagePointSize(page)
    return document.render(page, QSize(round(size.width() * scale), round(size.height() * scale)))


def _describe(pages: list[QSizeF], codes: list[str]) -> bytes:
    sizes = ", ".join(f"{size.width():g}x{size.height():g} pt" for size in pages)
    return f"pdf: pages [{sizes}]; qr {codes!r}\n".encode()


def describe_pdf(path: Path) -> bytes:
    """What a receipt PDF shows: its page sizes in points and the QR codes on its pages."""
    document = open_pdf(path)
    pages = [document.pagePointSize(page) for page in range(document.pageCount())]
    codes = [code for page in range(len(pages)) for code in qr_texts(page_image(document, page))]
    document.close()
    return _describe(pages, codes)


def describe_job(job: PrintJob, paper: PaperWidth) -> bytes:
    """What ``describe_pdf`` says of the PDF of ``job``: one page as wide as the paper (whole
    points) and as long as the receipt picture at 203 dpi (rounded up), showing its QR codes."""
    width = round(paper.millimetres * POINTS_PER_MM)
    height = math.ceil(render(job.lines, paper).height * 72 / 203)
    codes = [line.text for line in job.lines if line.kind is LineKind.QR]
    return _describe([QSizeF(width, height)], codes)

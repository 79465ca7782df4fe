"""ESC/POS bytes for printer-neutral receipt lines (``kiosk.domain.receipt.Line``).

Paper: 58 mm (32 columns of font A, 384 dots) and 80 mm (48 columns, 576 dots).

Text goes to the printer as raw GB18030 bytes after ``FS &`` (Chinese character mode), for every
character including full-width punctuation and ideographs outside U+4E00-U+9FFF (4-byte codes).
python-escpos's own text path switches code pages only for the main ideograph block, so it is
used here only for its command constants; the bytes are composed here and a driver sends them
unchanged (python-escpos ``_raw``).

Commands used: ``ESC @`` (init), ``FS &`` (Chinese mode), ``ESC a n`` (alignment), ``ESC E n``
(bold), ``GS ! n`` (character size), ``GS ( k`` (native QR: model 2, error correction M, module
size fitting the paper, store and print) or ``GS v 0`` (raster image, for printers without
native QR), ``ESC d n`` (feed) and ``GS V 66 0`` (feed to the cutter and partial cut).

Thread contract: pure functions; safe on any thread.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

import qrcode
from escpos import constants

from kiosk.devices.printer import PaperWidth
from kiosk.domain.receipt import Line, LineKind

__all__ = [
    "PaperWidth",
    "encode",
    "native_qr",
    "qr_matrix",
    "qr_module_size",
    "raster_qr",
    "text_bytes",
]

ESC: bytes = constants.ESC
GS: bytes = constants.GS
FS: bytes = constants.FS
LF = b"\n"
INIT: bytes = constants.HW_INIT
CHINESE_MODE: bytes = FS + b"&"
ALIGN_LEFT = ESC + b"a\x00"
ALIGN_CENTER = ESC + b"a\x01"
BOLD_ON = ESC + b"E\x01"
BOLD_OFF = ESC + b"E\x00"
SIZE_NORMAL = GS + b"!\x00"
SIZE_DOUBLE = GS + b"!\x11"  # double width and double height
PARTIAL_CUT = GS + b"V" + bytes([66, 0])  # function B: feed to the cut position, partial cut
FEED_BEFORE_CUT = ESC + b"d" + bytes([3])

QR_MODEL: int = constants.QR_MODEL_2
QR_ERROR_LEVEL: int = constants.QR_ECLEVEL_M
MAX_QR_MODULE = 8
MAX_QR_BYTES = 2331  # model 2, version 40, level M, byte mode
_QR_QUIET_MODULES = 4


def text_bytes(text: str) -> bytes:
    """``text`` as GB18030 bytes; control and other unprintable characters become ``?``."""
    printable = "".join("?" if unicodedata.category(c)[0] == "C" else c for c in text)
    return printable.encode("gb18030", errors="replace")


@functools.lru_cache(maxsize=64)
def qr_matrix(data: bytes) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (True = dark), quiet zone included, as every back end draws it.

    Cached (immutable): the bytes, the preview and a retry of one receipt share one matrix."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=_QR_QUIET_MODULES
    )
    code.add_data(data)
    code.make(fit=True)
    return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())


def qr_module_size(data: bytes, width: PaperWidth) -> int:
    """Dots per QR module so the code (with its quiet zone) spans at most two thirds of the
    paper; between 1 and ``MAX_QR_MODULE``."""
    modules = len(qr_matrix(data))
    return max(1, min(MAX_QR_MODULE, (width.dots * 2 // 3) // modules))


def _gs_k(function: bytes) -> bytes:
    # GS ( k pL pH cn fn [params]: cn 49 is QR; ``function`` is fn and its parameters.
    size = len(function) + 1
    return GS + b"(k" + bytes([size & 0xFF, size >> 8, 49]) + function


def native_qr(data: bytes, module: int) -> bytes:
    """The ``GS ( k`` sequence: model 2, module size, error correction M, store, print."""
    if not 0 < len(data) <= MAX_QR_BYTES:
        raise ValueError("QR content is empty or too long")
    return (
        _gs_k(bytes([65, 48 + QR_MODEL, 0]))  # fn 65: select the model
        + _gs_k(bytes([67, module]))  # fn 67: module size in dots
        + _gs_k(bytes([69, 48 + QR_ERROR_LEVEL]))  # fn 69: error correction level
        + _gs_k(bytes([80, 48]) + data)  # fn 80: store the data
        + _gs_k(bytes([81, 48]))  # fn 81: print the stored symbol
    )


def raster_qr(data: bytes, module: int) -> bytes:
    """The QR code as a ``GS v 0`` raster image (normal density), quiet zone included."""
    matrix = qr_matrix(data)
    dots = len(matrix) * module
    row_bytes = (dots + 7) // 8
    image = bytearray()
    for row in matrix:
        line = bytearray(row_bytes)
        for x, dark in enumerate(row):
            if not dark:
                continue
            for dot in range(x * module, (x + 1) * module):
                line[dot // 8] |= 0x80 >> (dot % 8)
        image += bytes(line) * module
    header = bytes([0, row_bytes & 0xFF, row_bytes >> 8, dots & 0xFF, dots >> 8])
    return GS + b"v0" + header + bytes(image)


def _qr(text: str, width: PaperWidth, native: bool) -> bytes:
    data = text.encode("utf-8")
    module = qr_module_size(data, width)
    symbol = native_qr(data, module) if native else raster_qr(data, module)
    return ALIGN_CENTER + symbol + LF


def _text_line(line: Line, align: bytes) -> bytes:
    return (
        align
        + (BOLD_ON if line.bold else BOLD_OFF)
        + (SIZE_DOUBLE if line.double else SIZE_NORMAL)
        + text_bytes(line.text)
        + LF
    )


def encode(lines: Iterable[Line], width: PaperWidth, *, native_qr_code: bool = True) -> bytes:
    """ESC/POS bytes for ``lines`` on ``width`` paper.

    ``native_qr_code`` False draws QR codes as raster images, for printers without ``GS ( k``.
    The caller has laid the lines out for ``width.columns`` (``kiosk.domain.receipt.layout``).
    """
    out = bytearray(INIT + CHINESE_MODE)
    for line in lines:
        if line.kind is LineKind.TEXT or line.kind is LineKind.RULE:
            out += _text_line(line, ALIGN_LEFT)
        elif line.kind is LineKind.CENTERED:
            out += _text_line(line, ALIGN_CENTER)
        elif line.kind is LineKind.BLANK:
            out += ALIGN_LEFT + LF
        elif line.kind is LineKind.QR:
            out += _qr(line.text, width, native_qr_code)
        else:  # LineKind.CUT
            out += ALIGN_LEFT + BOLD_OFF + SIZE_NORMAL + FEED_BEFORE_CUT + PARTIAL_CUT
    return bytes(out)

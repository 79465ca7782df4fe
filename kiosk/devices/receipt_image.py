"""A picture of printed lines, as a thermal printer would put them on paper.

The same ``kiosk.domain.receipt.Line`` values the ESC/POS encoder turns into bytes are drawn here
at the printer's resolution (203 dpi: 384 dots across 58 mm paper, 576 across 80 mm) on the same
grid: a narrow character fills a 12-dot cell and a wide one a 24-dot cell, 24 dots high (font A),
double-size lines twice that; QR codes get the module size the printer would use. So what the
preview shows is what the paper shows, line breaks included. Used for the confirmation screen,
the on-screen receipt when printing fails, the fake printer's PNG, system and PDF printing
(``kiosk.devices.qt.system_printer``), the tour and tests.

Fonts: WenQuanYi Micro Hei (installed by the set-up, DESIGN §8) or Noto Sans CJK, found at their
Debian paths or through fontconfig; ``ReceiptFontMissing`` otherwise.

Thread contract: pure functions over immutable input (Pillow images); any thread.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from kiosk.devices.escpos_encoding import qr_matrix, qr_module_size
from kiosk.devices.printer import PaperWidth
from kiosk.domain.receipt import Line, LineKind, char_width

CELL = 12  # dots per column of font A
GLYPH_HEIGHT = 24
LINE_PITCH = 32  # dots from one text line to the next (ESC/POS default spacing is about that)
MARGIN = 16  # paper beyond the printable width, each side
FEED_LINES = 3  # the feed before the cut
INK = 0
PAPER = 255

# (path, face index) in order of preference: monospaced faces first.
_FONT_FILES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 1),  # WenQuanYi Micro Hei Mono
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # Noto Sans CJK SC
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 1),
)
_FC_QUERY = ":lang=zh-cn"


class ReceiptFontMissing(RuntimeError):
    """No font with Chinese glyphs was found for drawing receipts."""


def _fontconfig_file() -> tuple[str, int] | None:
    # fc-list names only fonts that cover the language (fc-match would fall back to any font).
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, "-f", "%{file}\t%{index}\n", _FC_QUERY],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for entry in sorted(listed.splitlines()):
        path, _, index = entry.partition("\t")
        if path and index.isdigit():
            return path, int(index)
    return None


@functools.cache
def font_file() -> tuple[str, int]:
    """The font file and face index receipts are drawn with."""
    for path, index in _FONT_FILES:
        if Path(path).is_file():
            return path, index
    found = _fontconfig_file()
    if found is not None:
        return found
    raise ReceiptFontMissing(
        "no Chinese font for receipt pictures: install fonts-wqy-microhei (scripts/setup does)"
    )


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    path, index = font_file()
    return ImageFont.truetype(path, size, index=index)


def _text_height(line: Line) -> int:
    return LINE_PITCH * (2 if line.double else 1)


@functools.lru_cache(maxsize=4096)
def _glyph(char: str, wide: bool, scale: int, bold: bool) -> Image.Image:
    """One character drawn centred in its cell (a mask: 255 = ink). Cached, because a receipt
    repeats few distinct characters and drawing each one through FreeType is the slow part."""
    cell = (2 if wide else 1) * CELL * scale
    pitch = LINE_PITCH * scale
    font = _font(GLYPH_HEIGHT * scale if wide else 20 * scale)  # 20 px: 12 dots wide, like font A
    mask = Image.new("L", (cell, pitch), 0)
    baseline = (pitch + GLYPH_HEIGHT * scale) // 2 - 2 * scale
    ImageDraw.Draw(mask).text(
        ((cell - font.getlength(char)) / 2, baseline),
        char,
        font=font,
        fill=255,
        anchor="ls",
        stroke_width=1 if bold else 0,
        stroke_fill=255,
    )
    return mask


def glyph_cache_clear() -> None:
    """Forget the drawn characters (benchmarks measure a cold start with it)."""
    _glyph.cache_clear()


def _draw_text(image: Image.Image, line: Line, top: int, dots: int) -> None:
    scale = 2 if line.double else 1
    width = sum(char_width(char) * CELL * scale for char in line.text)
    x = MARGIN + ((dots - width) // 2 if line.kind is LineKind.CENTERED else 0)
    for char in line.text:
        wide = char_width(char) == 2
        if not char.isspace():
            image.paste(INK, (x, top), _glyph(char, wide, scale, line.bold))
        x += (2 if wide else 1) * CELL * scale


def _qr_image(content: str, paper: PaperWidth) -> Image.Image:
    return qr_picture(content, qr_module_size(content.encode("utf-8"), paper))


def qr_picture(content: str, module: int) -> Image.Image:
    """The QR code of ``content`` as a printer draws it, ``module`` dots per module."""
    matrix = qr_matrix(content.encode("utf-8"))
    side = len(matrix) * module
    image = Image.new("L", (side, side), PAPER)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle(
                    (x * module, y * module, (x + 1) * module - 1, (y + 1) * module - 1), INK
                )
    return image


def render(lines: Iterable[Line], paper: PaperWidth) -> Image.Image:
    """The paper with ``lines`` printed on it (8-bit grey, white paper), ending at the cut."""
    items: list[tuple[Line, Image.Image | None, int]] = []
    for line in lines:
        if line.kind is LineKind.QR:
            qr = _qr_image(line.text, paper)
            items.append((line, qr, qr.height))
        elif line.kind is LineKind.CUT:
            items.append((line, None, LINE_PITCH * FEED_LINES))
        else:
            items.append((line, None, _text_height(line)))
    height = MARGIN + sum(item[2] for item in items) + MARGIN
    image = Image.new("L", (paper.dots + 2 * MARGIN, height), PAPER)
    draw = ImageDraw.Draw(image)
    top = MARGIN
    for line, picture, line_height in items:
        if picture is not None:
            image.paste(picture, (MARGIN + (paper.dots - picture.width) // 2, top))
        elif line.kind is LineKind.CUT:
            cut = top + line_height - 1
            for x in range(0, image.width, 12):
                draw.line((x, cut, x + 6, cut), fill=128)
        elif line.kind is not LineKind.BLANK:
            _draw_text(image, line, top, paper.dots)
        top += line_height
    return image


def png_bytes(image: Image.Image) -> bytes:
    """``image`` as PNG file bytes."""
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def preview_png(lines: Iterable[Line], paper: PaperWidth) -> bytes:
    """``render`` as PNG bytes."""
    return png_bytes(render(lines, paper))

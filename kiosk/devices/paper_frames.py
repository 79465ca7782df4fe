"""Synthetic frames of a paper document under the document camera (demo and tests).

A plain bilingual sheet marked "sample document — demo" (no personal data) lying on a darker
desk, drawn at run time with the receipt font (``kiosk.devices.receipt_image.font_file``; without
a Chinese font the Chinese lines are left out); ``held`` gives a few frames of it with a little
sensor noise and tilt, as a hand-placed page looks. Faults (dark, blurred) come from the fake
camera (``kiosk.devices.camera_fake.CameraFault``) or from ``kiosk.devices.frames`` degradations.

Thread contract: pure functions; any thread (the page is drawn once and cached, read-only).
"""

from __future__ import annotations

import functools

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.devices import frames
from kiosk.devices.camera import Luma
from kiosk.devices.receipt_image import ReceiptFontMissing, font_file

DESK = 70  # grey level of the desk around the page
PAPER = 225  # white paper under even light, below the sensor's saturation
INK = 35

_TITLE = ("样本文件（演示）", "Sample document (demo)")
_LINES = (
    ("本文件仅供演示。", "This sheet is for demonstration only."),
    ("不含任何个人信息。", "It contains no personal data."),
    ("材料名称：示例证明", "Material: sample certificate"),
    ("编号：DEMO-0000", "Number: DEMO-0000"),
)


def _font(size: int, *, chinese: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont | None:
    if chinese:
        try:
            path, index = font_file()
        except ReceiptFontMissing:
            return None
        return ImageFont.truetype(path, size, index=index)
    return ImageFont.load_default(size)


@functools.cache
def _page(width: int, height: int) -> Luma:
    """The sheet itself, portrait, ``width`` × ``height`` pixels."""
    image = Image.new("L", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    margin = width // 10
    top = height // 12
    title_size, body_size = max(8, width // 16), max(6, width // 26)
    for text, chinese in ((_TITLE[0], True), (_TITLE[1], False)):
        font = _font(title_size, chinese=chinese)
        if font is not None:
            draw.text((margin, top), text, fill=INK, font=font)
            top += title_size * 3 // 2
    top += title_size // 2
    draw.line((margin, top, width - margin, top), fill=INK, width=max(1, width // 200))
    top += body_size
    for zh, en in _LINES:
        for text, chinese in ((zh, True), (en, False)):
            font = _font(body_size, chinese=chinese)
            if font is not None:
                draw.text((margin, top), text, fill=INK, font=font)
                top += body_size * 3 // 2
        top += body_size // 2
    # A table of empty boxes and a round seal outline, as many certificates have.
    rows, row_height = 4, body_size * 2
    for row in range(rows + 1):
        y = top + row * row_height
        draw.line((margin, y, width - margin, y), fill=INK, width=1)
    for x in (margin, width // 2, width - margin):
        draw.line((x, top, x, top + rows * row_height), fill=INK, width=1)
    radius = width // 7
    centre = (width - margin - radius, height - margin - radius)
    draw.ellipse(
        (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius),
        outline=INK + 40,
        width=max(2, width // 120),
    )
    return np.asarray(image)


def document_frame(
    *, size: tuple[int, int] = (frames.WIDTH, frames.HEIGHT), page_share: float = 0.92
) -> Luma:
    """A frame of the sample sheet (A4 proportions, ``page_share`` of the frame's height) lying
    in the middle of the desk. A new array each call."""
    width, height = size
    page_height = max(8, int(height * page_share))
    page_width = max(6, int(page_height / 2**0.5))
    frame = np.full((height, width), DESK, np.uint8)
    page = _page(page_width, page_height)
    top, left = (height - page_height) // 2, (width - page_width) // 2
    frame[top : top + page_height, left : left + page_width] = page
    return frame


def held(count: int = 4, *, seed: int = 11) -> list[Luma]:
    """``count`` frames of the sheet as placed by hand: a little tilt and sensor noise each."""
    rng = np.random.default_rng(seed)
    page = document_frame()
    shots = []
    for _ in range(count):
        frame = frames.rotate(float(rng.uniform(-2, 2)))(page, rng)
        shots.append(frames.noise(3)(frame, rng))
    return shots


def sample_document_scenes() -> list[Luma]:
    """What the fake document camera shows: the sample sheet, held."""
    return held()

"""A paper document photographed for an application: is the picture usable, and its JPEG bytes.

``assess`` judges a frame from its statistics (``kiosk.devices.frame_stats.page_stats``), in this
order: too dark, glare, sharp enough (OK), else no page or blurred. Thresholds, measured on the
fake document camera's sample sheet (``kiosk.devices.paper_frames``, 1280×720) and on degraded
copies of it (``tests/unit/test_document_photo.py`` keeps these figures true):

- paper white (90th percentile): 225 on the sheet, 112 at half the light, 22 with the fake's
  ``DARK`` fault (a tenth). Below ``DARK_LEVEL`` = 100 the page is too dark to read well.
- saturated share of the centre: 0.000-0.001 on the evenly lit sheet (with sensor noise σ 8),
  0.42 under a reflected lamp. Above ``GLARE_SHARE`` = 2 % a reflection hides part of the page.
- strongest edges (|Laplacian| 99.5th percentile, 2×2 binned): 284 sharp, 141 at a Gaussian blur
  of 1 px, 75 at 1.5 px (text still readable), 42-48 at 2 px, 31-33 at 3-9 px with sensor noise
  σ 5, 38 for an empty scene with noise σ 6 (noise alone). ``SHARP_EDGES`` = 60 lies between.
- contrast (90th − 10th percentile) tells an empty scene (about 15, noise) from a blurred page
  (the page against the desk: over 100): below ``PAGE_CONTRAST`` = 40 there is no page to see.

``compress`` makes the JPEG attached to the sealed application: grey for a grey frame, colour
for an RGB one, the long side at most ``MAX_LONG_SIDE`` (still readable: 1600 px across A4 is
about 190 dpi), quality stepped down until the bytes fit ``MAX_PHOTO_BYTES``; ``PhotoTooLarge``
otherwise. It never writes anything to disk, and the JPEG carries no metadata.

Thread contract: pure functions; any thread (the UI calls them on the worker pool).
"""

from __future__ import annotations

import enum
import io

import numpy as np
from PIL import Image

from kiosk.devices.camera import Luma
from kiosk.devices.frame_stats import PageStats, page_stats

DARK_LEVEL = 100.0
GLARE_SHARE = 0.02
SHARP_EDGES = 60.0
PAGE_CONTRAST = 40.0

MAX_PHOTO_BYTES = 80 * 1024  # two fit in one sealed application (kiosk.journeys.apply)
MAX_LONG_SIDE = 1600
QUALITIES = (85, 75, 65, 55, 45, 35)


class PhotoQuality(enum.Enum):
    """How usable a frame is as a photo of a page (the UI maps each to coaching text)."""

    OK = "ok"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"  # a reflection (glare) washes part of the page out
    BLURRED = "blurred"  # out of focus, or moving
    NO_PAGE = "no_page"  # nothing with the contrast of a page in the frame


class PhotoTooLarge(ValueError):
    """Even at the lowest quality the JPEG is larger than ``MAX_PHOTO_BYTES``."""


def judge(stats: PageStats) -> PhotoQuality:
    """The quality of a frame with these statistics."""
    if stats.bright < DARK_LEVEL:
        return PhotoQuality.TOO_DARK
    if stats.glare > GLARE_SHARE:
        return PhotoQuality.TOO_BRIGHT
    if stats.edges >= SHARP_EDGES:
        return PhotoQuality.OK
    if stats.bright - stats.dark < PAGE_CONTRAST:
        return PhotoQuality.NO_PAGE
    return PhotoQuality.BLURRED


def assess(luma: Luma) -> PhotoQuality:
    """How usable the frame ``luma`` (height × width, uint8) is as a photo of a page."""
    return judge(page_stats(luma))


def _scaled(image: Image.Image) -> Image.Image:
    long_side = max(image.size)
    if long_side <= MAX_LONG_SIDE:
        return image
    factor = MAX_LONG_SIDE / long_side
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def compress(pixels: Luma | np.ndarray) -> bytes:
    """The JPEG of ``pixels`` (height × width grey, or height × width × 3 RGB, uint8), scaled
    down to ``MAX_LONG_SIDE``, at the best quality that fits ``MAX_PHOTO_BYTES``. Raises
    ``PhotoTooLarge`` when none fits, ValueError for anything but such an array."""
    array = np.asarray(pixels)
    if array.dtype != np.uint8 or array.ndim not in (2, 3) or 0 in array.shape[:2]:
        raise ValueError("expected a non-empty uint8 grey or RGB image")
    if array.ndim == 3 and array.shape[2] != 3:
        raise ValueError("expected a non-empty uint8 grey or RGB image")
    image = _scaled(Image.fromarray(np.ascontiguousarray(array), "L" if array.ndim == 2 else "RGB"))
    for quality in QUALITIES:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True)
        data = buffer.getvalue()
        if len(data) <= MAX_PHOTO_BYTES:
            return data
    raise PhotoTooLarge(f"over {MAX_PHOTO_BYTES} bytes at quality {QUALITIES[-1]}")

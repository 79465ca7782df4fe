"""Read photo files (PNG, JPEG, BMP) as grey frames, refusing anything else cleanly.

Image files come from technicians (``images:<folder>`` cameras, ``kiosk scan-test --images``),
so they may be anything: truncated, huge, not images at all. ``read_image`` either returns a
frame or raises ``ImageFileError``; it never lets a decoder's exception escape and never
decodes more than ``MAX_PIXELS``.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from kiosk.devices.camera import Luma

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is not a camera picture
MIN_SIDE = 16
WIDE_GREY_MODES = frozenset({"I;16", "I;16L", "I;16B", "I;16N", "I"})  # 16-bit grey PNGs
_FORMATS = ("PNG", "JPEG", "BMP")
_log = logging.getLogger(__name__)


class ImageFileError(Exception):
    """The file is not a readable image of a supported kind and size."""


def read_image(path: Path) -> Luma:
    """The image at ``path`` as a height × width uint8 grey frame."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=_FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise ImageFileError(f"{width}×{height} is larger than a camera picture")
                if min(width, height) < MIN_SIDE:
                    raise ImageFileError(f"{width}×{height} is too small to show a code")
                image.load()
                if image.mode in WIDE_GREY_MODES:
                    # Pillow's conversion to 8 bits clips 16-bit grey to white: scale instead.
                    wide = np.asarray(image, dtype=np.int64)
                    return (np.clip(wide, 0, 65535) >> 8).astype(np.uint8)
                grey = image.convert("L")
    except ImageFileError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageFileError("larger than a camera picture") from None
    except (
        OSError,
        UnidentifiedImageError,
        ValueError,
        SyntaxError,  # raised by some of Pillow's header parsers
        EOFError,
    ) as error:
        raise ImageFileError(f"not a readable image: {type(error).__name__}") from None
    return np.asarray(grey, dtype=np.uint8).copy()


def image_paths(folder: Path) -> list[Path]:
    """The image files of ``folder`` in name order (none if it is not a readable folder)."""
    try:
        return sorted(
            path
            for path in folder.iterdir()
            if path.suffix.lower() in IMAGE_SUFFIXES and path.is_file()
        )
    except OSError:
        return []


def load_images(folder: Path) -> list[Luma]:
    """Every readable image of ``folder`` as a frame; unreadable files are logged and skipped."""
    loaded = []
    for path in image_paths(folder):
        try:
            loaded.append(read_image(path))
        except ImageFileError as error:
            _log.error("skipped image %s: %s", path.name, error)
    return loaded

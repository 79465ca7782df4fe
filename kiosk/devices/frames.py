"""Synthetic camera frames: a QR code shown on a phone, filmed by a cheap webcam.

Used by the image-sequence fake (demo and tests), by ``kiosk scan-test`` fixtures and by
``bench/qr_decode.py``. Every degradation a real scan meets is a pure function of a grey
1280×720 frame and a seeded ``numpy.random.Generator``, so a labelled set of frames can be
regenerated exactly.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

import numpy as np
import qrcode
import qrcode.constants
from PIL import Image, ImageFilter
from qrcode.util import MODE_ALPHA_NUM, QRData

from kiosk.devices.camera import Luma

WIDTH, HEIGHT = 1280, 720
Degradation = Callable[[Luma, np.random.Generator], Luma]


def qr_modules(text: str, *, error_correction: int = qrcode.constants.ERROR_CORRECT_Q) -> Luma:
    """The QR symbol of ``text`` as a 0/255 array, one pixel per module, with a quiet zone."""
    code = qrcode.QRCode(error_correction=error_correction, box_size=1, border=4)
    alphanumeric = all(ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:" for ch in text)
    code.add_data(QRData(text.encode(), mode=MODE_ALPHA_NUM) if alphanumeric else text)
    code.make(fit=True)
    matrix = np.array(code.get_matrix(), dtype=bool)
    return np.where(matrix, 0, 255).astype(np.uint8)


def phone_frame(
    texts: list[str],
    *,
    code_height: int = 420,
    background: int = 70,
    screen: int = 235,
    size: tuple[int, int] = (WIDTH, HEIGHT),
) -> Luma:
    """A frame showing each code on a bright phone screen, side by side, on a darker scene."""
    width, height = size
    frame = np.full((height, width), background, np.uint8)
    slot = width // max(1, len(texts))
    for index, text in enumerate(texts):
        modules = qr_modules(text)
        side = min(code_height, slot - 40)
        # Draw sharp at 8 pixels a module, then area-average down to the size on the sensor,
        # as a lens does: modules come out with soft edges, not irregular whole pixels.
        sharp = np.where(modules > 127, screen, 20).astype(np.uint8)
        big = np.kron(sharp, np.ones((8, 8), np.uint8))
        symbol = np.asarray(Image.fromarray(big).resize((side, side), Image.Resampling.BOX))
        pad = max(8, side // 12)
        left = index * slot + (slot - side) // 2
        top = (height - side) // 2
        frame[top - pad : top + side + pad, left - pad : left + side + pad] = screen
        frame[top : top + side, left : left + side] = symbol
    return frame


def blank_frame(level: int = 90) -> Luma:
    """A scene with no code (someone standing in front of the terminal)."""
    rng = np.random.default_rng(7)
    base = np.full((HEIGHT, WIDTH), level, np.float32)
    base += rng.normal(0, 6, base.shape)
    return np.clip(base, 0, 255).astype(np.uint8)


# ---------------------------------------------------------------- degradations


def rotate(degrees: float) -> Degradation:
    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        del rng
        image = Image.fromarray(frame).rotate(degrees, Image.Resampling.BILINEAR, fillcolor=70)
        return np.asarray(image)

    return apply


def perspective(strength: float) -> Degradation:
    """The phone tilted back: the top edge narrower than the bottom."""

    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        del rng
        w, h = WIDTH, HEIGHT
        inset = strength * w / 2
        # Map output corners to input corners (PIL's PERSPECTIVE takes the inverse transform).
        source = [(0.0, 0.0), (float(w), 0.0), (float(w), float(h)), (0.0, float(h))]
        target = [(inset, 0.0), (w - inset, 0.0), (float(w), float(h)), (0.0, float(h))]
        coefficients = _perspective_coefficients(target, source)
        image = Image.fromarray(frame).transform(
            (w, h),
            Image.Transform.PERSPECTIVE,
            coefficients,
            Image.Resampling.BILINEAR,
            fillcolor=70,
        )
        return np.asarray(image)

    return apply


def _perspective_coefficients(
    target: list[tuple[float, float]], source: list[tuple[float, float]]
) -> tuple[float, ...]:
    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    matrix = np.array(rows, dtype=np.float64)
    vector = np.array([c for point in source for c in point], dtype=np.float64)
    return tuple(float(c) for c in np.linalg.solve(matrix, vector))


def blur(radius: float) -> Degradation:
    """Out of focus or moving."""

    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        del rng
        return np.asarray(Image.fromarray(frame).filter(ImageFilter.GaussianBlur(radius)))

    return apply


def noise(sigma: float) -> Degradation:
    """Sensor noise of a cheap camera in a dim hall."""

    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        noisy = frame.astype(np.float32) + rng.normal(0, sigma, frame.shape)
        return np.clip(noisy, 0, 255).astype(np.uint8)

    return apply


def contrast(factor: float, *, level: float = 128) -> Degradation:
    """A dim phone screen, or a washed-out exposure: values pulled towards ``level``."""

    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        del rng
        pulled = level + (frame.astype(np.float32) - 128) * factor
        result: Luma = np.clip(pulled, 0, 255).astype(np.uint8)
        return result

    return apply


def darken(factor: float) -> Degradation:
    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        del rng
        return (frame.astype(np.float32) * factor).astype(np.uint8)

    return apply


def glare(strength: float, *, radius: float = 140) -> Degradation:
    """A ceiling light reflected on the phone's glass: a saturated patch on the code."""

    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        cx = WIDTH / 2 + rng.uniform(-120, 120)
        cy = HEIGHT / 2 + rng.uniform(-100, 100)
        ys, xs = np.ogrid[:HEIGHT, :WIDTH]
        distance = np.hypot(xs - cx, ys - cy) / radius
        light = strength * 255 * np.exp(-(distance**2))
        return np.clip(frame.astype(np.float32) + light, 0, 255).astype(np.uint8)

    return apply


def jpeg(quality: int) -> Degradation:
    """The compression of a USB webcam's MJPEG stream."""

    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        del rng
        buffer = io.BytesIO()
        Image.fromarray(frame).save(buffer, format="JPEG", quality=quality)
        buffer.seek(0)
        return np.asarray(Image.open(buffer).convert("L"))

    return apply


def moire(amplitude: float, *, period: float = 7.3, angle: float = 0.35) -> Degradation:
    """The beat between the phone's pixel grid and the camera's sensor grid."""

    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        phase = rng.uniform(0, 2 * math.pi)
        ys, xs = np.mgrid[:HEIGHT, :WIDTH].astype(np.float32)
        wave = np.sin((xs * math.cos(angle) + ys * math.sin(angle)) * 2 * math.pi / period + phase)
        modulated = frame.astype(np.float32) * (1 + amplitude * wave)
        result: Luma = np.clip(modulated, 0, 255).astype(np.uint8)
        return result

    return apply


def invert() -> Degradation:
    """A dark-mode app: light modules on a dark screen."""

    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        del rng
        return (255 - frame).astype(np.uint8)

    return apply


def chain(*steps: Degradation) -> Degradation:
    def apply(frame: Luma, rng: np.random.Generator) -> Luma:
        for step in steps:
            frame = step(frame, rng)
        return frame

    return apply

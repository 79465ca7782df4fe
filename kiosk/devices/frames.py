"""Synthetic camera frames: a QR code shown on a phone, filmed by a cheap webcam.

Used by the image-sequence fake (demo and tests), by ``kiosk scan-test`` fixtures and by
``bench/qr_decode.py``. Every degradation a real scan meets is a pure function of a grey
1280×720 frame and a seeded ``numpy.random.Generator``, so a labelled set of frames can be
regenerated exactly. ``PhoneShot`` goes further for phone screens: a phone anywhere in view,
tilted, on a bright or dark scene, its LCD drawn with its pixel grid at twice the
sensor's resolution and area-averaged (so the grid beats against the sensor as moiré), then
lens blur, sensor noise and MJPEG; ``held`` gives the next frame of the same hand.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFilter
from qrcode.util import MODE_ALPHA_NUM, QRData

from kiosk.devices.camera import Luma

WIDTH, HEIGHT = 1280, 720
Degradation = Callable[[Luma, np.random.Generator], Luma]


def qr_modules(text: str, *, error_correction: int = qrcode.constants.ERROR_CORRECT_Q) -> Luma:
    """The QR symbol of ``text`` as a 0/255 array, one pixel per module, with a quiet zone."""
    return _qr_modules(text, error_correction).copy()


@functools.lru_cache(maxsize=16)  # benchmarks draw thousands of frames of the same few codes
def _qr_modules(text: str, error_correction: int) -> Luma:
    """Cached for the process's life: for the fake camera, the demo, the tour, the tests and the
    benchmarks only, whose texts are examples. Never give it a citizen's data."""
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


# ---------------------------------------------------------------- a phone anywhere in view

SUPERSAMPLE = 2  # the phone is drawn at 2× the sensor's resolution, then area-averaged


@dataclass(frozen=True)
class PhoneShot:
    """A phone held up to the camera, showing a code on its LCD: everything one frame depends
    on, in sensor pixels. ``held`` gives the next frame of the same hand."""

    text: str
    centre: tuple[float, float]  # of the code, quiet zone included
    code_side: float  # quiet zone included
    angle: float  # degrees, anticlockwise
    screen_width: float  # a multiple of the code side
    code_height_share: float  # where the code sits down the screen
    scene: float  # the background's grey level
    scene_slope: tuple[float, float]  # lighting across the scene, grey levels per pixel
    clutter: tuple[int, int, int, int, float] | None  # a box of another shade (paper, window)
    screen_white: float  # the LCD's white, as the camera exposes it (dim screens are low)
    screen_black: float
    ambient: float  # ceiling light reflected on the glass: lifts black and white alike
    grid_pitch: float  # the phone's pixel pitch; 0 when too fine to show
    grid_depth: float  # how dark the gaps between LCD pixels are
    grid_phase: tuple[float, float]
    moire: tuple[float, float, float, float]  # amplitude, period, angle (rad), phase
    focus: float  # lens blur radius
    sensor_noise: float
    jpeg_quality: int


def random_phone_shot(text: str, rng: np.random.Generator, *, bright_scene: bool) -> PhoneShot:
    """A phone anywhere in the frame (the whole code in view), tilted, with a dim or bright
    LCD, its pixel grid and moiré, in front of a bright (wall, window) or dark scene."""
    side = float(rng.uniform(240, 480))
    angle = float(rng.uniform(-15, 15))
    extent = side / 2 * (abs(math.cos(math.radians(angle))) + abs(math.sin(math.radians(angle))))
    centre = (
        float(rng.uniform(extent + 4, WIDTH - extent - 4)),
        float(rng.uniform(extent + 4, HEIGHT - extent - 4)),
    )
    scene = float(rng.uniform(150, 235) if bright_scene else rng.uniform(15, 80))
    clutter = None
    if rng.random() < 0.5:
        left, top = int(rng.integers(0, WIDTH - 200)), int(rng.integers(0, HEIGHT - 150))
        right, bottom = left + int(rng.integers(100, 500)), top + int(rng.integers(80, 400))
        clutter = (left, top, right, bottom, float(rng.uniform(10, 250)))
    return PhoneShot(
        text=text,
        centre=centre,
        code_side=side,
        angle=angle,
        screen_width=float(rng.uniform(1.05, 1.35)),
        code_height_share=float(rng.uniform(0.3, 0.6)),
        scene=scene,
        scene_slope=(float(rng.uniform(-0.04, 0.04)), float(rng.uniform(-0.06, 0.06))),
        clutter=clutter,
        screen_white=float(rng.uniform(90, 245)),
        screen_black=float(rng.uniform(5, 35)),
        ambient=float(rng.uniform(0, 50)),
        grid_pitch=float(rng.uniform(1.4, 3.2)) if rng.random() < 0.7 else 0.0,
        grid_depth=float(rng.uniform(0.1, 0.45)),
        grid_phase=(float(rng.uniform(0, 1)), float(rng.uniform(0, 1))),
        moire=(
            float(rng.uniform(0.0, 0.3)),
            float(rng.uniform(4, 24)),
            float(rng.uniform(0, math.pi)),
            float(rng.uniform(0, 2 * math.pi)),
        ),
        focus=float(rng.uniform(0.3, 1.3)),
        sensor_noise=float(rng.uniform(1, 8)),
        jpeg_quality=int(rng.integers(20, 80)),
    )


def held(shot: PhoneShot, rng: np.random.Generator) -> PhoneShot:
    """The next camera frame of the same phone: the hand trembles (a pixel or two, a fraction
    of a degree), which moves the moiré; sensor noise is drawn anew when rendered."""
    amplitude, period, angle, _ = shot.moire
    return replace(
        shot,
        centre=(
            shot.centre[0] + float(rng.normal(0, 1.5)),
            shot.centre[1] + float(rng.normal(0, 1.5)),
        ),
        angle=shot.angle + float(rng.normal(0, 0.3)),
        grid_phase=(float(rng.uniform(0, 1)), float(rng.uniform(0, 1))),
        moire=(amplitude, period, angle, float(rng.uniform(0, 2 * math.pi))),
    )


def render_phone_shot(shot: PhoneShot, rng: np.random.Generator) -> Luma:
    """The camera's 1280×720 grey frame of ``shot``."""
    ys, xs = np.ogrid[:HEIGHT, :WIDTH]
    slope_x, slope_y = shot.scene_slope
    canvas = (
        shot.scene
        + (xs - WIDTH / 2).astype(np.float32) * slope_x
        + (ys - HEIGHT / 2).astype(np.float32) * slope_y
    )
    if shot.clutter is not None:
        left, top, right, bottom, level = shot.clutter
        canvas[top:bottom, left:right] = level
    phone, mask, offset = _phone_in_view(shot)
    x0, y0 = offset
    height, width = phone.shape
    region = canvas[y0 : y0 + height, x0 : x0 + width]
    region[...] = mask * phone + (1 - mask) * region
    frame = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    frame = frame.filter(ImageFilter.GaussianBlur(shot.focus))
    noise_field = rng.standard_normal((HEIGHT, WIDTH), dtype=np.float32) * shot.sensor_noise
    noisy = np.asarray(frame, np.float32) + noise_field
    return jpeg(shot.jpeg_quality)(np.clip(noisy, 0, 255).astype(np.uint8), rng)


def _phone_in_view(shot: PhoneShot) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """The phone (grey levels) and its coverage, area-averaged to sensor pixels, for the part
    of the frame it covers, and where that part starts."""
    scale = SUPERSAMPLE
    modules = qr_modules(shot.text)
    code = round(shot.code_side * scale)
    screen_w = round(shot.code_side * shot.screen_width * scale)
    screen_h = round(screen_w * 2.1)
    bezel = round(0.04 * screen_w)
    body_w, body_h = screen_w + 2 * bezel, screen_h + 4 * bezel
    # The phone in its own coordinates: screen white, the code, a dark bezel.
    picture = np.full((body_h, body_w), 0.0, np.float32)
    sx, sy = bezel, 2 * bezel
    code_x = sx + (screen_w - code) // 2
    code_y = sy + int((screen_h - code) * shot.code_height_share)
    symbol = Image.fromarray(modules).resize((code, code), Image.Resampling.NEAREST)
    screen = np.full((screen_h, screen_w), 1.0, np.float32)
    screen[code_y - sy : code_y - sy + code, code_x - sx : code_x - sx + code] = (
        np.asarray(symbol, np.float32) / 255
    )
    lit = shot.screen_black + screen * (shot.screen_white - shot.screen_black)
    if shot.grid_pitch:
        pitch = shot.grid_pitch * scale
        gy, gx = np.ogrid[:screen_h, :screen_w]
        gaps_x = ((gx / pitch + shot.grid_phase[0]) % 1.0) < 0.22
        gaps_y = ((gy / pitch + shot.grid_phase[1]) % 1.0) < 0.22
        lit = lit * np.where(gaps_x | gaps_y, 1 - shot.grid_depth, 1.0).astype(np.float32)
    picture[sy : sy + screen_h, sx : sx + screen_w] = lit
    picture += shot.ambient
    # Where the phone's pixels land on the (supersampled) sensor: rotate about the code centre.
    centre_x, centre_y = code_x + code / 2, code_y + code / 2
    theta = math.radians(shot.angle)
    cos, sin = math.cos(theta), math.sin(theta)
    corners = [(0, 0), (body_w, 0), (body_w, body_h), (0, body_h)]
    placed = [
        (
            shot.centre[0] * scale + (x - centre_x) * cos + (y - centre_y) * sin,
            shot.centre[1] * scale - (x - centre_x) * sin + (y - centre_y) * cos,
        )
        for x, y in corners
    ]
    left = max(0, int(min(x for x, _ in placed) / scale))
    top = max(0, int(min(y for _, y in placed) / scale))
    right = min(WIDTH, math.ceil(max(x for x, _ in placed) / scale))
    bottom = min(HEIGHT, math.ceil(max(y for _, y in placed) / scale))
    out_w, out_h = (right - left) * scale, (bottom - top) * scale
    # Inverse map, output (supersampled sensor) → phone: PIL's AFFINE takes it.
    ox, oy = left * scale - shot.centre[0] * scale, top * scale - shot.centre[1] * scale
    coefficients = (
        cos,
        -sin,
        centre_x + ox * cos - oy * sin,
        sin,
        cos,
        centre_y + ox * sin + oy * cos,
    )
    image = Image.fromarray(picture, mode="F").transform(
        (out_w, out_h), Image.Transform.AFFINE, coefficients, Image.Resampling.BILINEAR
    )
    phone = np.asarray(image.reduce(scale), np.float32)
    outline = Image.new("L", (out_w, out_h), 0)
    ImageDraw.Draw(outline).polygon(
        [(x - left * scale, y - top * scale) for x, y in placed], fill=255
    )
    mask = np.asarray(outline.reduce(scale), np.float32) / 255
    amplitude, period, wave_angle, phase = shot.moire
    if amplitude:
        wy, wx = np.ogrid[top:bottom, left:right]
        along = wx.astype(np.float32) * math.cos(wave_angle) + wy * math.sin(wave_angle)
        wave = np.sin(along * 2 * math.pi / period + phase).astype(np.float32)
        phone = phone * (1 + amplitude * wave)
    return phone, mask, (left, top)

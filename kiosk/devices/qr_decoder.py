"""Find and read QR codes in a grey frame: zxing-cpp first, zbar for what it misses.

Attempts, each only while the frame's time budget lasts, stopping at the first that reads:

1. zxing-cpp with its local-average binarizer (handles glare and dark frames), which also
   reports codes it *detected* but could not read, with their position;
2. zxing-cpp with a fixed threshold (handles moiré and sensor noise, which fool a local one);
3. zxing-cpp on the frame with its grey levels stretched, when the frame is flat (dim screen);
4. zbar, which reads some phone-screen frames zxing-cpp misses but costs ~15-50 ns a pixel: only
   on likely regions (around a detection, the bright phone screen, the guide frame downscaled,
   its middle at full resolution).

Dark-mode (inverted) codes are tried by zxing-cpp. Reads too small to be a credential code, or
lying inside a larger code, are phantoms from noise and are dropped.

Thread contract: ``QrDecoder.decode`` is pure and thread-safe; call it on a worker thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import zxingcpp
from PIL import Image
from pyzbar import pyzbar

from kiosk.devices.camera import Luma

DEFAULT_BUDGET_MS = 8.5
CROP_MARGIN = 0.25  # around a detected code, as a share of its size
# Where zbar looks when zxing-cpp detected nothing usable: the guide frame the screen shows,
# 90 % of the height and 70 % of the width of the camera image.
CENTRE_HEIGHT_SHARE, CENTRE_WIDTH_SHARE = 0.9, 0.7
# A detection smaller than this share of the frame height is more likely a fragment of the
# code (a finder pattern, a patch of moiré) than the code: it does not narrow the search.
MIN_DETECTION_SHARE = 0.3
FAR_HEIGHT_SHARE, FAR_WIDTH_SHARE = 0.5, 0.3  # where a far-away code is, at full resolution
SCREEN_MIN_RISE = 30  # grey levels a phone screen stands above the scene (coarse frame)
SCREEN_MIN_FILL = 0.15  # share of a coarse row or column that must be bright to count
SCREEN_MAX_SHARE = 0.6  # a "screen" bigger than this is the scene, not a phone
# No credential code is readable below about two pixels a module (version 14 is 73 modules);
# anything smaller that "decodes" is a phantom read from noise or moiré.
MIN_CODE_SIDE = 80.0
FIXED_THRESHOLD_MS = 2.5  # what a fixed-threshold zxing-cpp pass costs on a 1280×720 frame
ZBAR_NS_PER_PIXEL = 16.0  # zbar's cost for one polarity, measured on 1280×720 frames
FLAT_RANGE = 96  # a frame whose 1st-99th percentile spread is below this is stretched
MIN_FRAME_SIDE = 21  # the smallest QR code, at one pixel a module

Point = tuple[float, float]


@dataclass(frozen=True)
class DecodedCode:
    text: str
    corners: tuple[Point, Point, Point, Point]
    decoder: str  # "zxing-cpp" or "zbar"

    @property
    def side(self) -> float:
        """Approximate side length in pixels (how close the code is to the camera)."""
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = self.corners
        return float(
            np.mean(
                [
                    np.hypot(x1 - x0, y1 - y0),
                    np.hypot(x2 - x1, y2 - y1),
                    np.hypot(x3 - x2, y3 - y2),
                    np.hypot(x0 - x3, y0 - y3),
                ]
            )
        )


@dataclass(frozen=True)
class DecodeOutcome:
    """What one frame showed."""

    codes: tuple[DecodedCode, ...]  # distinct texts read
    undecoded: tuple[tuple[Point, Point, Point, Point], ...]  # codes seen but not read
    elapsed_ms: float
    used_fallback: bool

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(code.text for code in self.codes)

    @property
    def unread_elsewhere(self) -> int:
        """Codes detected but not read that are not one of the codes read: with a code read,
        a sign that a second code is in view (a second phone, a code printed beside it)."""
        elsewhere: list[DecodedCode] = []
        for corners in self.undecoded:
            seen = DecodedCode("", corners, "")
            if seen.side < MIN_CODE_SIDE:
                continue
            known = (*self.codes, *elsewhere)  # several passes may detect the same code
            if not any(_inside(_centre(seen), code) for code in known):
                elsewhere.append(seen)
        return len(elsewhere)

    @property
    def largest_side(self) -> float | None:
        sides = [code.side for code in self.codes]
        sides += [DecodedCode("", corners, "").side for corners in self.undecoded]
        return max(sides) if sides else None


def _corners(position: zxingcpp.Position) -> tuple[Point, Point, Point, Point]:
    points = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return tuple((float(p.x), float(p.y)) for p in points)  # type: ignore[return-value]


def read_zxing(
    luma: Luma, *, fixed_threshold: bool = False
) -> tuple[list[DecodedCode], list[tuple[Point, Point, Point, Point]]]:
    """zxing-cpp alone: codes read, and codes detected but not read.

    (zxing-cpp objects are made per call: nanobind reports module-level ones as leaks at exit.)
    """
    binarizer = (
        zxingcpp.Binarizer.FixedThreshold if fixed_threshold else zxingcpp.Binarizer.LocalAverage
    )
    results = zxingcpp.read_barcodes(
        luma,
        formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode),
        try_rotate=False,  # QR detection is rotation-invariant; this only helps linear codes
        try_downscale=True,
        try_invert=True,
        binarizer=binarizer,
        return_errors=True,
    )
    read, seen = [], []
    for result in results:
        if result.valid and result.text:
            read.append(DecodedCode(result.text, _corners(result.position), "zxing-cpp"))
        else:
            seen.append(_corners(result.position))
    return read, seen


def read_zbar(luma: Luma, *, try_invert: bool = True) -> list[DecodedCode]:
    """zbar alone (and on the inverted frame when nothing is found, unless told not to)."""
    for image in (luma, 255 - luma) if try_invert else (luma,):
        height, width = image.shape
        symbols = pyzbar.decode(
            (np.ascontiguousarray(image).tobytes(), width, height),
            symbols=[pyzbar.ZBarSymbol.QRCODE],
        )
        codes = []
        for symbol in symbols:
            try:
                text = symbol.data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            points = [(float(p.x), float(p.y)) for p in symbol.polygon[:4]]
            while len(points) < 4:
                points.append(points[-1] if points else (0.0, 0.0))
            codes.append(DecodedCode(text, tuple(points), "zbar"))  # type: ignore[arg-type]
        if codes:
            return codes
    return []


Box = tuple[int, int, int, int]  # left, top, right, bottom


def _regions(
    luma: Luma, undecoded: list[tuple[Point, Point, Point, Point]]
) -> list[tuple[Box, int]]:
    """Where zbar should look, in order, each with the step (downscaling) it may use.

    Around a plausible detection, at full resolution (downscaled only if the budget needs it).
    Otherwise the guide frame, where a near code is (its modules survive halving), then the
    middle of it at full resolution, where a far code is (its modules would not).
    """
    height, width = luma.shape
    plausible = [
        corners
        for corners in undecoded
        if DecodedCode("", corners, "").side >= MIN_DETECTION_SHARE * height
    ]
    if plausible:
        xs = [x for corners in plausible for x, _ in corners]
        ys = [y for corners in plausible for _, y in corners]
        margin = CROP_MARGIN * max(max(xs) - min(xs), max(ys) - min(ys))
        box = (
            max(0, int(min(xs) - margin)),
            max(0, int(min(ys) - margin)),
            min(width, int(max(xs) + margin)),
            min(height, int(max(ys) + margin)),
        )
        return [(box, 1)]
    regions: list[tuple[Box, int]] = []
    screen = bright_screen_box(luma)
    if screen is not None:
        regions.append((screen, 1))
    regions += [
        (_centred(width, height, CENTRE_WIDTH_SHARE, CENTRE_HEIGHT_SHARE), 2),
        (_centred(width, height, FAR_WIDTH_SHARE, FAR_HEIGHT_SHARE), 1),
    ]
    return regions


def bright_screen_box(luma: Luma, *, factor: int = 8) -> Box | None:
    """The bright rectangle of a phone screen, found on a box-averaged reduced frame.

    Averaging cancels moiré and noise; the box is where most bright coarse pixels are, by row
    and column projections. About a millisecond. None when nothing stands out (dark mode).
    """
    coarse = np.asarray(Image.fromarray(luma).reduce(factor), dtype=np.float32)
    level = float(np.median(coarse))
    top = float(np.percentile(coarse, 99))
    if top - level < SCREEN_MIN_RISE:
        return None
    mask = coarse > level + (top - level) / 2
    rows = np.flatnonzero(mask.mean(axis=1) > SCREEN_MIN_FILL)
    cols = np.flatnonzero(mask.mean(axis=0) > SCREEN_MIN_FILL)
    if rows.size == 0 or cols.size == 0:
        return None
    box = (
        int(cols[0]) * factor,
        int(rows[0]) * factor,
        int(cols[-1] + 1) * factor,
        int(rows[-1] + 1) * factor,
    )
    screen_area = (box[2] - box[0]) * (box[3] - box[1])
    return box if screen_area < SCREEN_MAX_SHARE * luma.size else None


def _centred(width: int, height: int, width_share: float, height_share: float) -> Box:
    side_x, side_y = int(width * width_share), int(height * height_share)
    left, top = (width - side_x) // 2, (height - side_y) // 2
    return left, top, left + side_x, top + side_y


def stretched(luma: Luma) -> Luma | None:
    """A dark or washed-out frame with its grey levels spread over the full range, or None
    when the frame is not flat.

    zxing-cpp's binarizer misses codes whose modules differ by a few grey levels, as a dim
    phone screen gives; on noisy frames stretching can hurt, so it is a second attempt only.
    """
    low, high = np.percentile(luma[::8, ::8], (1, 99))
    if high - low >= FLAT_RANGE or high - low < 4:
        return None
    table = np.clip((np.arange(256, dtype=np.float32) - low) * (255.0 / (high - low)), 0, 255)
    result: Luma = table.astype(np.uint8)[luma]
    return result


def _centre(code: DecodedCode) -> Point:
    return (sum(x for x, _ in code.corners) / 4, sum(y for _, y in code.corners) / 4)


def _inside(point: Point, code: DecodedCode) -> bool:
    xs = [x for x, _ in code.corners]
    ys = [y for _, y in code.corners]
    return min(xs) <= point[0] <= max(xs) and min(ys) <= point[1] <= max(ys)


def _without_phantoms(codes: list[DecodedCode]) -> list[DecodedCode]:
    """Drop reads too small to be a real code, and reads lying inside a larger code."""
    plausible = [code for code in codes if code.side >= MIN_CODE_SIDE]
    return [
        code
        for code in plausible
        if not any(
            other is not code and other.side > code.side and _inside(_centre(code), other)
            for other in plausible
        )
    ]


class QrDecoder:
    """The decoding pipeline the scan screen uses."""

    def __init__(self, *, budget_ms: float = DEFAULT_BUDGET_MS, fallback: bool = True) -> None:
        self.budget_ms = budget_ms
        self.fallback = fallback
        # zbar's cost per pixel depends on the content (noise and moiré triple it); learn it
        # from recent runs so the budget holds on the frames that follow (camera frames come
        # in runs of similar ones).
        self._zbar_ns_per_pixel = ZBAR_NS_PER_PIXEL

    def warm_up(self) -> None:
        """Decode one empty frame, so that the libraries' one-off set-up (~15 ms) is not
        charged to the first real frame (or to a measurement)."""
        self.decode(np.full((720, 1280), 90, np.uint8))

    @staticmethod
    def _elapsed_ms(start: float) -> float:
        return (time.perf_counter() - start) * 1000

    def _zbar_within_budget(
        self, luma: Luma, undecoded: list[tuple[Point, Point, Point, Point]], start: float
    ) -> list[DecodedCode] | None:
        """zbar on the likeliest regions while the frame's budget lasts; None if it never ran."""
        ran = False
        for (left, top, right, bottom), preferred_step in _regions(luma, undecoded):
            if min(right - left, bottom - top) < MIN_FRAME_SIDE:
                continue
            remaining_ms = self.budget_ms - (time.perf_counter() - start) * 1000
            cost_ms = (right - left) * (bottom - top) * self._zbar_ns_per_pixel / 1e6
            step = preferred_step
            while cost_ms / (step * step) > remaining_ms and step < 3:
                step += 1
            if cost_ms / (step * step) > remaining_ms:
                continue
            ran = True
            region = luma[top:bottom:step, left:right:step]
            began = time.perf_counter()
            # One polarity only: zxing-cpp has already tried the inverted frame.
            found = read_zbar(region, try_invert=False)
            observed = (time.perf_counter() - began) * 1e9 / max(1, region.size)
            self._zbar_ns_per_pixel = min(
                60.0, max(ZBAR_NS_PER_PIXEL, 0.7 * self._zbar_ns_per_pixel + 0.3 * observed)
            )
            if found:
                return [
                    DecodedCode(
                        code.text,
                        tuple((x * step + left, y * step + top) for x, y in code.corners),  # type: ignore[arg-type]
                        code.decoder,
                    )
                    for code in found
                ]
        return [] if ran else None

    def decode(self, luma: Luma) -> DecodeOutcome:
        start = time.perf_counter()
        if luma.ndim != 2 or min(luma.shape) < MIN_FRAME_SIDE:
            return DecodeOutcome((), (), 0.0, used_fallback=False)  # no code fits in it
        read, undecoded = read_zxing(luma)
        used_fallback = False
        if not read and self._elapsed_ms(start) + FIXED_THRESHOLD_MS < self.budget_ms:
            # A global threshold ignores the local ripples of moiré and noise that defeat the
            # local one (but not glare or darkness, which the local one handles): ~1.5 ms.
            used_fallback = True
            read, more = read_zxing(luma, fixed_threshold=True)
            undecoded = undecoded or more
        if not read and self._elapsed_ms(start) * 1.5 + 1 < self.budget_ms:
            flat = stretched(luma)
            if flat is not None:
                used_fallback = True
                read, more = read_zxing(flat)
                undecoded = undecoded or more
        if not read and self.fallback:
            fallback = self._zbar_within_budget(luma, undecoded, start)
            if fallback is not None:
                used_fallback = True
                read = fallback
                if read:
                    undecoded = []
        distinct: dict[str, DecodedCode] = {}
        for code in _without_phantoms(read):
            distinct.setdefault(code.text, code)
        return DecodeOutcome(
            codes=tuple(distinct.values()),
            undecoded=tuple(undecoded),
            elapsed_ms=(time.perf_counter() - start) * 1000,
            used_fallback=used_fallback,
        )

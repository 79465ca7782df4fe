"""Find and read QR codes in a grey frame: zxing-cpp first, then fallbacks for what it misses.

Every frame gets zxing-cpp with its local-average binarizer (glare, dark frames), which also
reports codes it *detected* but could not read, with their position. When that reads nothing,
fallbacks follow, in a ring:

1. ``code-threshold``: where the code is (around a zxing-cpp detection, else the frame's most
   code-like texture: modules make dense edges in both directions, the outline of a phone or a
   sheet of paper only in one), zxing-cpp on that box cut at the middle of the box's own grey
   levels, either polarity. A dim LCD's pixel grid and moiré defeat a local threshold, and the
   box's own range is the right one for a phone anywhere in the frame, on a bright scene or a
   dark one;
2. ``code-zbar``: zbar on that box widened to give the code its quiet zone, which reads phone
   screens zxing-cpp misses but costs ~15-50 ns a pixel, so only on the box (halved when the
   box is big enough);
3. ``fixed``: zxing-cpp with a fixed threshold on the whole frame (moiré and sensor noise fool
   a local threshold);
4. ``inverted``: zxing-cpp's local threshold on the inverted frame (a dark-mode code);
5. ``stretched``: zxing-cpp on the frame with its grey levels stretched, when it is flat and
   shows something code-like.

Each fallback runs only while the frame's time budget lasts, except the first of each frame,
which runs when the frame shows something code-like, in a form that would fit the budget on a
quiet machine (subsampled if it must; else not at all). Whole-frame fallbacks halve a frame
larger than 1280×720. The next frame starts at the fallback that read the code (camera frames
come in runs of similar ones, and a scan needs the code read twice), else at the first one
skipped for want of time, else at the beginning. So on a quiet machine a frame usually meets
the whole ring, and on a slow or loaded one a code held up for as many frames as there are
fallbacks meets every one of them. A read too small for a credential code (a sticker) counts
as no read: it neither ends the ring nor sets where it resumes. Costs are learned per pixel
from the frames decoded (with the injected clock), so that a fallback is not started when it
would overrun the budget; ``reset`` forgets where the ring resumes when a new scan starts.

Reads too small to be a credential code, or lying inside a larger code, are phantoms from
noise and are dropped.

Thread contract: a ``QrDecoder`` keeps state between frames (where the ring resumes, the
learned costs; never a frame or a text), so it belongs to one stream of frames: the scan
controller keeps one and gives it one frame at a time, on whichever worker thread runs the
analysis. Calls are serialized by a lock, because a cancelled analysis of an ended scan may
still be running when the next scan's first frame arrives; the later call then waits for the
earlier one (a few milliseconds).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import zxingcpp
from PIL import Image
from pyzbar import pyzbar

from kiosk.devices.camera import Luma

DEFAULT_BUDGET_MS = 8.5
CROP_MARGIN = 0.25  # around a detected code, as a share of its size
# The guide frame the scan screen shows over the preview: 90 % of its height, 70 % of its width.
CENTRE_HEIGHT_SHARE, CENTRE_WIDTH_SHARE = 0.9, 0.7
# A detection smaller than this share of the frame height is more likely a fragment of the
# code (a finder pattern, a patch of moiré) than the code: it does not say where the code is.
MIN_DETECTION_SHARE = 0.3
CODE_MAX_SHARE = 0.6  # a "code" bigger than this share of the frame is the scene's texture
# No credential code is readable below about two pixels a module (version 14 is 73 modules);
# anything smaller that "decodes" is a phantom read from noise or moiré.
MIN_CODE_SIDE = 80.0
FLAT_RANGE = 96  # a frame whose 1st-99th percentile spread is below this is stretched
MIN_FRAME_SIDE = 21  # the smallest QR code, at one pixel a module

# Finding the code by its texture: edges are measured on the frame halved (which averages
# away most of an LCD's pixel grid and the sensor noise) and summed over 16-pixel blocks.
TEXTURE_BLOCK = 8  # half-resolution pixels
TEXTURE_MIN = 1.5  # mean edge strength (grey levels) of the weakest code worth looking for
TEXTURE_SHARE = 0.5  # a block belongs to the code when its texture is this share of the peak
TEXTURE_FILL = 0.4  # the box grows while this share of the blocks along its edge belong
CLIPPED = 250  # a block this bright on average is glare, where the sensor saturates
CODE_BOX_MARGIN = 0.1  # around the textured box, as a share of its size (plus half a block)
MAX_TEXTURED_TRIES = 4  # textured areas too small for a code passed over before giving up
ZBAR_HALVED_SIDE = 600  # a code box this big has modules that survive halving for zbar
WHOLE_FRAME_PIXELS = 1280 * 720  # whole-frame fallbacks halve a larger frame
ZBAR_COARSEST = 4  # a forced zbar run may subsample its box this far to fit the budget
FIRST_PASS_NS_PER_PIXEL = 1.3  # zxing-cpp's first pass on a quiet machine
LEARNING_RATE = 0.3  # weight of the latest frame in a learned cost
MAX_SLOWDOWN = 6.0  # learned costs stay within this factor of the quiet figure
# A frame that costs the first pass more than usual (noise, texture) costs the fallbacks more
# too: their estimates are scaled by how much, within these bounds.
HARDNESS_RANGE = (0.5, 4.0)

Point = tuple[float, float]
Corners = tuple[Point, Point, Point, Point]
Box = tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(frozen=True)
class DecodedCode:
    text: str
    corners: Corners
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
    undecoded: tuple[Corners, ...]  # codes seen but not read
    elapsed_ms: float
    used_fallback: bool
    tried: tuple[str, ...] = ()  # the fallbacks run on this frame, in order

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


def _corners(position: zxingcpp.Position) -> Corners:
    points = (position.top_left, position.top_right, position.bottom_right, position.bottom_left)
    return tuple((float(p.x), float(p.y)) for p in points)  # type: ignore[return-value]


def read_zxing(
    luma: Luma, *, fixed_threshold: bool = False, try_invert: bool = True
) -> tuple[list[DecodedCode], list[Corners]]:
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
        try_invert=try_invert,
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


def textured_box(luma: Luma, margin: float = CODE_BOX_MARGIN) -> Box | None:
    """Where the frame looks most like a QR code, anywhere in it; None when nothing does.

    A code's modules make edges in both directions every few pixels; the outline of a phone,
    a bezel or a sheet of paper makes them in one direction along a line, and a blank scene
    hardly at all. Per 16-pixel block, the weaker of the horizontal and vertical mean edge
    strengths; the box grows from the strongest neighbourhood while its edges stay textured
    (or clipped by glare). A textured area too small to hold a readable credential code (a
    sticker, a logo) is passed over for the next strongest. The box is widened by ``margin``
    of its size (plus half a block). About half a millisecond on a 1280×720 frame.
    """
    region = _textured_region(luma)
    if region is None:
        return None
    box = _widened(region, margin, luma.shape)
    area = (box[2] - box[0]) * (box[3] - box[1])
    return box if area < CODE_MAX_SHARE * luma.size else None


def _widened(region: Box, margin: float, shape: tuple[int, ...]) -> Box:
    left, top, right, bottom = region
    pixels = int(margin * max(bottom - top, right - left)) + TEXTURE_BLOCK
    height, width = shape
    return (
        max(0, left - pixels),
        max(0, top - pixels),
        min(width, right + pixels),
        min(height, bottom + pixels),
    )


def _textured_region(luma: Luma) -> Box | None:
    """The most code-like textured area at least ``MIN_CODE_SIDE`` across, in pixels, with no
    margin (see ``textured_box``)."""
    half = np.asarray(Image.fromarray(np.ascontiguousarray(luma)).reduce(2))
    if min(half.shape) < 2 * TEXTURE_BLOCK + 1:
        return None
    right, below, here = half[:, 1:], half[1:, :], half
    across = np.maximum(right, here[:, :-1]) - np.minimum(right, here[:, :-1])
    down = np.maximum(below, here[:-1, :]) - np.minimum(below, here[:-1, :])
    block_x = np.asarray(Image.fromarray(across).reduce(TEXTURE_BLOCK), np.float32)
    block_y = np.asarray(Image.fromarray(down).reduce(TEXTURE_BLOCK), np.float32)
    rows, cols = min(block_x.shape[0], block_y.shape[0]), min(block_x.shape[1], block_y.shape[1])
    texture = np.minimum(block_x[:rows, :cols], block_y[:rows, :cols])
    neighbourhood = _box_mean(texture, 5)  # an area of texture, not a line of it
    # Glare clips the sensor and wipes the texture out of part of a code: clipped blocks may
    # belong to it.
    clipped = np.asarray(Image.fromarray(half).reduce(TEXTURE_BLOCK))[:rows, :cols] >= CLIPPED
    size = 2 * TEXTURE_BLOCK
    for _ in range(MAX_TEXTURED_TRIES):
        peak_row, peak_col = np.unravel_index(int(np.argmax(neighbourhood)), neighbourhood.shape)
        peak = float(neighbourhood[peak_row, peak_col])
        if peak < TEXTURE_MIN:
            return None
        member = (texture > TEXTURE_SHARE * peak) | clipped
        top, bottom = max(0, int(peak_row) - 1), min(rows, int(peak_row) + 2)
        left, right_edge = max(0, int(peak_col) - 1), min(cols, int(peak_col) + 2)
        grown = True
        while grown:
            grown = False
            if top > 0 and member[top - 1, left:right_edge].mean() >= TEXTURE_FILL:
                top, grown = top - 1, True
            if bottom < rows and member[bottom, left:right_edge].mean() >= TEXTURE_FILL:
                bottom, grown = bottom + 1, True
            if left > 0 and member[top:bottom, left - 1].mean() >= TEXTURE_FILL:
                left, grown = left - 1, True
            if right_edge < cols and member[top:bottom, right_edge].mean() >= TEXTURE_FILL:
                right_edge, grown = right_edge + 1, True
        if size * max(bottom - top, right_edge - left) >= MIN_CODE_SIDE:
            return (left * size, top * size, right_edge * size, bottom * size)
        # Too small for a credential code: look around the next strongest area instead.
        neighbourhood[max(0, top - 2) : bottom + 2, max(0, left - 2) : right_edge + 2] = 0
    return None


def _box_mean(values: np.ndarray, side: int) -> np.ndarray:
    """The mean over a ``side``×``side`` window around each element (edges repeated)."""
    padded = np.pad(values, side // 2, mode="edge").astype(np.float64)
    sums = np.pad(padded.cumsum(axis=0).cumsum(axis=1), ((1, 0), (1, 0)))
    window = sums[side:, side:] - sums[:-side, side:] - sums[side:, :-side] + sums[:-side, :-side]
    result: np.ndarray = window / (side * side)
    return result


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


def thresholded_at_mid_range(luma: Luma) -> Luma:
    """Black and white, cut halfway between the darkest and brightest 2 % of ``luma``."""
    counts = np.bincount(luma[::2, ::2].ravel(), minlength=256).cumsum()
    low = int(np.searchsorted(counts, 0.02 * counts[-1]))
    high = int(np.searchsorted(counts, 0.98 * counts[-1]))
    table = np.where(np.arange(256) * 2 < low + high, 0, 255).astype(np.uint8)
    result: Luma = table[luma]
    return result


def _centre(code: DecodedCode) -> Point:
    return _corners_centre(code.corners)


def _corners_centre(corners: Corners) -> Point:
    return (sum(x for x, _ in corners) / 4, sum(y for _, y in corners) / 4)


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


def _placed(codes: list[DecodedCode], box: Box, step: int) -> list[DecodedCode]:
    """Codes read in a (possibly subsampled) crop, in the frame's coordinates."""
    left, top = box[0], box[1]
    return [
        DecodedCode(
            code.text,
            tuple((x * step + left, y * step + top) for x, y in code.corners),  # type: ignore[arg-type]
            code.decoder,
        )
        for code in codes
    ]


_UNKNOWN: Box = (-1, -1, -1, -1)


@dataclass
class _Frame:
    """One frame as the fallbacks see it; what several of them need is worked out once."""

    luma: Luma
    undecoded: list[Corners]
    _code_box: Box | None = _UNKNOWN
    _zbar_box: Box | None = _UNKNOWN

    def code_box(self) -> Box | None:
        """Around a plausible zxing-cpp detection, else around the most code-like texture."""
        if self._code_box == _UNKNOWN:
            detected = _detection_box(self.luma, self.undecoded)
            region = None if detected else _textured_region(self.luma)
            self._code_box = self._zbar_box = detected
            if region is not None:
                box = _widened(region, CODE_BOX_MARGIN, self.luma.shape)
                if (box[2] - box[0]) * (box[3] - box[1]) < CODE_MAX_SHARE * self.luma.size:
                    self._code_box = box
                    # zbar misses a code whose quiet zone the tight box cuts into.
                    self._zbar_box = _widened(region, CROP_MARGIN, self.luma.shape)
        return self._code_box

    def zbar_box(self) -> Box | None:
        self.code_box()
        return self._zbar_box


def _detection_box(luma: Luma, undecoded: list[Corners]) -> Box | None:
    height, width = luma.shape
    plausible = [
        corners
        for corners in undecoded
        if DecodedCode("", corners, "").side >= MIN_DETECTION_SHARE * height
    ]
    if not plausible:
        return None
    xs = [x for corners in plausible for x, _ in corners]
    ys = [y for corners in plausible for _, y in corners]
    margin = CROP_MARGIN * max(max(xs) - min(xs), max(ys) - min(ys))
    return (
        max(0, int(min(xs) - margin)),
        max(0, int(min(ys) - margin)),
        min(width, int(max(xs) + margin)),
        min(height, int(max(ys) + margin)),
    )


class _Cost:
    """What a pass costs per pixel worked on, learned from the frames decoded: starting from
    the figure of a quiet machine, kept within half and ``MAX_SLOWDOWN`` times it."""

    def __init__(self, quiet_ns_per_pixel: float) -> None:
        self.quiet = quiet_ns_per_pixel
        self.ns_per_pixel = quiet_ns_per_pixel

    def learn(self, observed_ns_per_pixel: float) -> None:
        learned = (1 - LEARNING_RATE) * self.ns_per_pixel + LEARNING_RATE * observed_ns_per_pixel
        self.ns_per_pixel = min(MAX_SLOWDOWN * self.quiet, max(self.quiet / 2, learned))


@dataclass
class _Fallback:
    """One fallback: what it works on in a frame (None when it does not apply), and how to run
    it. Its cost is learned per pixel worked on, so that it can be estimated before it runs."""

    name: str
    region: Callable[[_Frame], tuple[Box, int] | None]  # (box, step)
    run: Callable[[_Frame, Box, int], list[DecodedCode]]
    cost: _Cost
    coarsest: int = 1  # the largest step it may be run at to fit a forced run in the budget


def _whole(frame: _Frame) -> tuple[Box, int]:
    height, width = frame.luma.shape
    # A code fills more pixels of a larger frame: halved, it keeps its modules and costs a quarter.
    return (0, 0, width, height), 2 if frame.luma.size > WHOLE_FRAME_PIXELS else 1


def _code_region(frame: _Frame) -> tuple[Box, int] | None:
    box = frame.code_box()
    if box is None or min(box[2] - box[0], box[3] - box[1]) < MIN_FRAME_SIDE:
        return None
    return box, 1


def _code_region_for_zbar(frame: _Frame) -> tuple[Box, int] | None:
    box = frame.zbar_box()
    if box is None or min(box[2] - box[0], box[3] - box[1]) < MIN_FRAME_SIDE:
        return None
    return box, 2 if min(box[2] - box[0], box[3] - box[1]) >= ZBAR_HALVED_SIDE else 1


def _flat_region(frame: _Frame) -> tuple[Box, int] | None:
    # A flat frame with nothing code-like in it is an empty scene, whose noise, once stretched,
    # costs zxing-cpp several milliseconds for nothing.
    if frame.code_box() is None:
        return None
    low, high = np.percentile(frame.luma[::8, ::8], (1, 99))
    return _whole(frame) if 4 <= high - low < FLAT_RANGE else None


def _crop(frame: _Frame, box: Box, step: int) -> Luma:
    left, top, right, bottom = box
    return frame.luma[top:bottom:step, left:right:step]


def _run_fixed(frame: _Frame, box: Box, step: int) -> list[DecodedCode]:
    read, seen = read_zxing(_crop(frame, box, step), fixed_threshold=True, try_invert=False)
    placed = _placed([DecodedCode("", corners, "") for corners in seen], box, step)
    frame.undecoded = frame.undecoded or [code.corners for code in placed]
    return _placed(read, box, step)


def _run_code_threshold(frame: _Frame, box: Box, step: int) -> list[DecodedCode]:
    binary = thresholded_at_mid_range(np.ascontiguousarray(_crop(frame, box, step)))
    return _placed(read_zxing(binary, fixed_threshold=True)[0], box, step)


def _run_stretched(frame: _Frame, box: Box, step: int) -> list[DecodedCode]:
    flat = stretched(_crop(frame, box, step))
    return [] if flat is None else _placed(read_zxing(flat)[0], box, step)


def _run_zbar(frame: _Frame, box: Box, step: int) -> list[DecodedCode]:
    # One polarity: dark-mode codes are for code-threshold and inverted, at a fraction of the cost.
    return _placed(read_zbar(_crop(frame, box, step), try_invert=False), box, step)


def _run_inverted(frame: _Frame, box: Box, step: int) -> list[DecodedCode]:
    return _placed(read_zxing(255 - _crop(frame, box, step), try_invert=False)[0], box, step)


def _fallbacks() -> list[_Fallback]:
    """The ring, in the order a frame with time for all of them meets them."""
    return [
        _Fallback("code-threshold", _code_region, _run_code_threshold, _Cost(5.0), 2),
        _Fallback("code-zbar", _code_region_for_zbar, _run_zbar, _Cost(20.0), ZBAR_COARSEST),
        _Fallback("fixed", _whole, _run_fixed, _Cost(1.2), 2),
        _Fallback("inverted", _whole, _run_inverted, _Cost(2.0), 2),
        _Fallback("stretched", _flat_region, _run_stretched, _Cost(3.0), 2),
    ]


def _pixels(box: Box, step: int) -> int:
    return max(1, ((box[2] - box[0] + step - 1) // step) * ((box[3] - box[1] + step - 1) // step))


def _estimate_ms(fallback: _Fallback, box: Box, step: int, hardness: float) -> float:
    return _pixels(box, step) * fallback.cost.ns_per_pixel * hardness / 1e6


def _quiet_ms(fallback: _Fallback, box: Box, step: int, hardness: float) -> float:
    return _pixels(box, step) * fallback.cost.quiet * hardness / 1e6


class QrDecoder:
    """The decoding pipeline the scan screen uses: one per stream of frames (see the module
    docstring for the thread contract)."""

    def __init__(
        self,
        *,
        budget_ms: float = DEFAULT_BUDGET_MS,
        fallback: bool = True,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        """``clock`` (seconds) times the budget and the learned costs; tests inject one."""
        self.budget_ms = budget_ms
        self.fallback = fallback
        self._clock = clock
        self._ring = _fallbacks()
        self._next = 0  # where the next frame resumes the ring
        self._first_pass = _Cost(FIRST_PASS_NS_PER_PIXEL)
        self._lock = threading.Lock()

    def reset(self) -> None:
        """Forget where the ring resumes: a new scan (another citizen, another phone) has
        nothing in common with the last one's frames. The learned costs are kept: they
        describe this machine and its load, not the frames."""
        with self._lock:
            self._next = 0

    @property
    def fallback_names(self) -> tuple[str, ...]:
        return tuple(step.name for step in self._ring)

    def warm_up(self) -> None:
        """Decode one empty frame, so that the libraries' one-off set-up (~15 ms) is not
        charged to the first real frame (or to a measurement)."""
        self.decode(np.full((720, 1280), 90, np.uint8))

    def decode(self, luma: Luma) -> DecodeOutcome:
        with self._lock:
            return self._decode(luma)

    def _elapsed_ms(self, start: float) -> float:
        return (self._clock() - start) * 1000

    def _decode(self, luma: Luma) -> DecodeOutcome:
        start = self._clock()
        if luma.ndim != 2 or min(luma.shape) < MIN_FRAME_SIDE:
            return DecodeOutcome((), (), 0.0, used_fallback=False)  # no code fits in it
        read, undecoded = read_zxing(luma, try_invert=False)  # dark mode: see the fallbacks
        read = _without_phantoms(read)  # a sticker read must not stand in for the code
        observed = (self._clock() - start) * 1e9 / luma.size
        low, high = HARDNESS_RANGE
        hardness = min(high, max(low, observed / self._first_pass.ns_per_pixel))
        self._first_pass.learn(observed)
        frame = _Frame(luma, undecoded)
        tried: list[str] = []
        if not read and self.fallback:
            read = self._fallbacks(frame, start, hardness, tried)
        distinct: dict[str, DecodedCode] = {}
        for code in read:  # phantoms already dropped
            distinct.setdefault(code.text, code)
        return DecodeOutcome(
            codes=tuple(distinct.values()),
            undecoded=tuple(frame.undecoded),
            elapsed_ms=self._elapsed_ms(start),
            used_fallback=bool(tried),
            tried=tuple(tried),
        )

    def _fallbacks(
        self, frame: _Frame, start: float, hardness: float, tried: list[str]
    ) -> list[DecodedCode]:
        """Run the ring from where the last frame left it, each fallback that fits in what is
        left of the budget, and the first one whatever the budget says when the frame shows
        something code-like (a frame with nothing in it needs no coverage). The next frame
        starts at the fallback that read the code, else at the first one skipped for want of
        time, else at the beginning of the ring."""
        count = len(self._ring)
        skipped: _Fallback | None = None
        for offset in range(count):
            step = self._ring[(self._next + offset) % count]
            region = step.region(frame)
            if region is None:
                continue
            box, stride = region
            estimate_ms = _estimate_ms(step, box, stride, hardness)
            if self._elapsed_ms(start) + estimate_ms > self.budget_ms:
                # The first fallback of a frame showing something code-like runs whatever the
                # budget says, but only in a form that would fit the budget on a quiet machine
                # (coarser if it must): under load the learned costs would forbid it every time.
                forced = not tried and frame.code_box() is not None
                quiet_ms = _quiet_ms(step, box, stride, hardness)
                while forced and quiet_ms > self.budget_ms and stride < step.coarsest:
                    stride += 1
                    quiet_ms = _quiet_ms(step, box, stride, hardness)
                if not forced or quiet_ms > self.budget_ms:
                    skipped = skipped or step
                    continue
            began = self._clock()
            found = _without_phantoms(step.run(frame, box, stride))
            step.cost.learn((self._clock() - began) * 1e9 / _pixels(box, stride) / hardness)
            tried.append(step.name)
            if found:
                self._next = self._ring.index(step)
                if step.run is _run_zbar:  # zbar read what zxing-cpp only detected
                    frame.undecoded = [
                        corners
                        for corners in frame.undecoded
                        if not any(_inside(_corners_centre(corners), code) for code in found)
                    ]
                return found
        self._next = self._ring.index(skipped) if skipped is not None else 0
        return []

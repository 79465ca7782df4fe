"""The image-sequence camera: replays frames at a set rate, and injects faults on demand.

It is the demo's camera and the tests' camera (the real one cannot exist in CI), and a
technician's tool (``images:<folder>`` replays photos taken at a terminal). It records what it
did. Faults, which can be switched on and off while it runs:

- ``NO_DEVICE``: starting reports that no camera is connected, and no frame comes;
- ``DARK``: frames as a camera in a dark corner sees them;
- ``UNREADABLE``: frames so blurred that no code can be read;
- ``TWO_CODES``: a second code appears beside whatever code is shown;
- ``LOST``: the camera goes away mid-scan (as when unplugged): state LOST, no more frames;
- ``SLOW_START``: starting stays in STARTING until the first frame is due (a real camera takes
  a second or two to open): one interval later when paced, at the next ``step()`` with ``fps=0``.

``SceneTurns`` gives each start its own scene in turn, shared by every source made from it: the
demo's camera shows an e-ID at one scan and a business licence at the next, although each scan
opens a new source.

A source with nothing to show (an ``images:`` folder without a readable image) reports
``NO_DEVICE``, as a missing camera would; the end of a sequence that does not loop, ``LOST``.

Thread contract: ``start``/``stop`` on the GUI thread; frames are delivered on the source's own
thread (one frame at a time, paced at ``fps``; with ``fps=0`` only ``step()`` delivers).
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from kiosk.devices import frames
from kiosk.devices.camera import (
    CameraState,
    FrameCallback,
    Luma,
    LumaFrame,
    StateCallback,
)

SECOND_CODE = "HTTPS://EXAMPLE.ORG/ANOTHER-CODE"


class CameraFault(enum.Enum):
    NO_DEVICE = "no_device"
    DARK = "dark"
    UNREADABLE = "unreadable"
    TWO_CODES = "two_codes"
    LOST = "lost"
    SLOW_START = "slow_start"


FrameProvider = Callable[[], Sequence[Luma]]


class SceneTurns:
    """Scenes that take turns across starts: the first start of a source made from it shows the
    first scene, the next start (of that source or of any other made from it) the next, and
    after the last the first again. Within one run a scene loops as any provider does.

    Called as a provider it gives the frames of the scene whose turn it is (the last started).

    Thread contract: ``next_turn`` is called on the GUI thread (``start``); the providers it hands
    out are called on the sources' threads."""

    def __init__(self, scenes: Sequence[FrameProvider]) -> None:
        if not scenes:
            raise ValueError("give at least one scene")
        self._scenes = tuple(scenes)
        self._lock = threading.Lock()
        self._turns = 0

    def next_turn(self) -> FrameProvider:
        """The scene of the next start, which from now on is the current one."""
        with self._lock:
            scene = self._scenes[self._turns % len(self._scenes)]
            self._turns += 1
        return scene

    def __call__(self) -> Sequence[Luma]:
        with self._lock:
            scene = self._scenes[max(self._turns - 1, 0) % len(self._scenes)]
        return scene()


Content = Sequence[Luma] | FrameProvider  # a SceneTurns is a FrameProvider too


@dataclass
class FakeCameraRecord:
    """What the fake did, for tests and for a technician's curiosity."""

    starts: int = 0
    stops: int = 0
    frames_delivered: int = 0
    states: list[CameraState] = field(default_factory=list)
    faulty_frames: int = 0


class ImageSequenceSource:
    """Replays frames (a fixed list, or a provider asked again at every loop; with
    ``SceneTurns``, each start takes the next scene)."""

    def __init__(
        self,
        content: Content,
        *,
        fps: float = 15.0,
        faults: set[CameraFault] | None = None,
        loop: bool = True,
    ) -> None:
        self._content = content
        self._provider: FrameProvider = _provider(content)
        self.fps = fps
        self.loop = loop
        self.faults: set[CameraFault] = set(faults or ())
        self.record = FakeCameraRecord()
        self._state = CameraState.OFF
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_frame: FrameCallback | None = None
        self._on_state: StateCallback | None = None
        self._queue: list[Luma] = []
        self._index = 0
        self._second_code = frames.phone_frame([SECOND_CODE], code_height=260)
        self._opening = False  # started with SLOW_START: ACTIVE only when the first frame is due

    @property
    def state(self) -> CameraState:
        return self._state

    def show(self, content: Content) -> None:
        """Replace what the camera shows (from the next frame on)."""
        with self._lock:
            self._content = content
            self._provider = _provider(content)
            self._queue = []

    def inject(self, fault: CameraFault) -> None:
        with self._lock:
            self.faults.add(fault)

    def clear(self, fault: CameraFault) -> None:
        with self._lock:
            self.faults.discard(fault)

    def _set_state(self, state: CameraState) -> None:
        self._state = state
        self.record.states.append(state)
        callback = self._on_state
        if callback is not None:
            callback(state)

    def start(self, on_frame: FrameCallback, on_state: StateCallback) -> None:
        self.stop()
        self.record.starts += 1
        self._on_frame, self._on_state = on_frame, on_state
        self._set_state(CameraState.STARTING)
        if CameraFault.NO_DEVICE in self.faults:
            self._set_state(CameraState.NO_DEVICE)
            return
        with self._lock:
            self._queue, self._index = [], 0
            if isinstance(self._content, SceneTurns):
                self._provider = self._content.next_turn()
            slow = CameraFault.SLOW_START in self.faults
        # A fresh event per run: a thread that outlived an earlier stop() stays stopped.
        self._stop = threading.Event()
        self._opening = slow
        if not slow:
            self._set_state(CameraState.ACTIVE)
        if self.fps > 0:
            self._thread = threading.Thread(
                target=self._run, args=(self._stop,), name="fake-camera", daemon=True
            )
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        if self._state is not CameraState.OFF:
            self.record.stops += 1
            self._set_state(CameraState.OFF)
        self._on_frame = self._on_state = None
        with self._lock:
            self._queue = []  # no frame outlives the session

    @property
    def running(self) -> bool:
        """Whether the pacing thread is alive (for tests: it must end with ``stop``)."""
        return self._thread is not None and self._thread.is_alive()

    def step(self) -> bool:
        """Deliver the next frame now (manual mode); False when there is none."""
        return self._deliver_next(self._stop)

    def _run(self, stop: threading.Event) -> None:
        interval = 1.0 / self.fps
        next_due = time.monotonic() + (interval if self._opening else 0.0)
        stop.wait(max(0.0, next_due - time.monotonic()))  # pacing: a slow start's first frame
        while not stop.is_set():
            if not self._deliver_next(stop):
                return
            next_due += interval
            # Pacing, not synchronisation: the frame rate of the simulated camera.
            stop.wait(max(0.0, next_due - time.monotonic()))

    def _next_pixels(self) -> Luma | None:
        for _attempt in range(3):  # show() may replace the provider while it is being asked
            with self._lock:
                if self._queue:
                    self._index += 1
                    return self._queue.pop(0)
                if self._index and not self.loop:
                    return None
                provider = self._provider
            fresh = list(provider())  # outside the lock: a provider may take a while
            with self._lock:
                if provider is not self._provider:
                    continue
                if not self._queue:
                    self._queue = fresh
                if not self._queue:
                    return None
                self._index += 1
                return self._queue.pop(0)
        return None

    def _deliver_next(self, stop: threading.Event) -> bool:
        if self._opening and self._state is CameraState.STARTING and not stop.is_set():
            self._opening = False
            self._set_state(CameraState.ACTIVE)
        if self._state is not CameraState.ACTIVE or stop.is_set():
            return False
        with self._lock:
            faults = set(self.faults)
        if CameraFault.LOST in faults:
            self._set_state(CameraState.LOST)
            return False
        pixels = self._next_pixels()
        if pixels is None:
            # Nothing at all to show (an empty folder) is as if there were no camera; the end
            # of a sequence that does not loop is a camera that went away.
            self._set_state(CameraState.NO_DEVICE if self._index == 0 else CameraState.LOST)
            return False
        pixels = np.ascontiguousarray(self._apply(pixels, faults))
        callback = self._on_frame
        if callback is None or stop.is_set():
            return False
        self.record.frames_delivered += 1
        callback(LumaFrame(pixels, time.monotonic(), self.record.frames_delivered))
        return True

    def _apply(self, pixels: Luma, faults: set[CameraFault]) -> Luma:
        if not faults & {CameraFault.DARK, CameraFault.UNREADABLE, CameraFault.TWO_CODES}:
            return pixels
        self.record.faulty_frames += 1
        rng = np.random.default_rng(self._index)
        if CameraFault.TWO_CODES in faults:
            pixels = _beside(pixels, self._second_code)
        if CameraFault.UNREADABLE in faults:
            pixels = frames.blur(9)(pixels, rng)
        if CameraFault.DARK in faults:
            pixels = frames.darken(0.1)(pixels, rng)
        return pixels


def _provider(content: Content) -> FrameProvider:
    """What to ask at each loop (a ``SceneTurns`` before its first start: its current scene)."""
    if callable(content):
        return content
    return lambda: content


def _beside(frame: Luma, other: Luma) -> Luma:
    """``frame`` scaled to two thirds on the left, the centre of ``other`` on the right."""
    height, width = frame.shape
    small_w, small_h = width * 2 // 3, height * 2 // 3
    small = np.asarray(Image.fromarray(frame).resize((small_w, small_h), Image.Resampling.BOX))
    result = np.full_like(frame, int(np.median(frame)))
    top = (height - small_h) // 2
    result[top : top + small_h, :small_w] = small
    right_width = width - small_w
    start = (other.shape[1] - right_width) // 2
    result[:, small_w:] = other[:height, start : start + right_width]
    return result

"""The camera's last known health, for the technician's status, the heartbeat and the fleet page.

The citizen's camera runs only while a scan needs it, so asking it "are you working?" between
visits says nothing (it is off). ``CameraWatch`` remembers instead what the last scan found: the
camera worked (``ACTIVE``) or failed and how (``NO_DEVICE``, ``LOST``, ...). Starting and stopping
are the normal rhythm of every visit and do not change what is remembered, except a camera
stopped after ``NEVER_ACTIVE_S`` without ever saying it works or what failed (a driver that
hangs while opening): that is remembered as ``ERROR``. Before the first scan since the start,
nothing is known (``None``).

``watching(factory)`` wraps a frame source factory so that every source it opens reports to the
watch on its way to its own receiver; nothing else about the source changes.

Thread contract: the sources call ``record`` on whatever thread they report on (see
``kiosk.devices.camera``); ``last`` may be read from any thread. Both touch one reference,
replaced whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.runtime.clock import Clock

if TYPE_CHECKING:  # kiosk.devices.camera brings numpy, which must wait for the first paint
    from kiosk.devices.camera import CameraState, FrameCallback, FrameSource, StateCallback

# Not news: every visit starts and stops the camera (``CameraState`` values).
_ROUTINE = frozenset({"off", "starting"})
NEVER_ACTIVE_S = 10.0
"""A camera still opening after this long, when its scan ends, is taken for a failed one."""


@dataclass(frozen=True)
class CameraSighting:
    """What the camera last did that says something about its health, and when."""

    state: CameraState
    at: datetime


class CameraWatch:
    """Remembers the camera's last telling state."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._last: CameraSighting | None = None

    @property
    def last(self) -> CameraSighting | None:
        return self._last

    def record(self, state: CameraState) -> None:
        if state.value not in _ROUTINE:
            self._last = CameraSighting(state, self.clock.now())

    def watching(self, factory: Callable[[], FrameSource]) -> Callable[[], FrameSource]:
        """``factory``, its sources reporting their states here too."""

        def open_watched() -> FrameSource:
            return _WatchedSource(factory(), self)

        return open_watched


class _WatchedSource:
    """A frame source whose state reports are also recorded by a ``CameraWatch``."""

    def __init__(self, source: FrameSource, watch: CameraWatch) -> None:
        self._source = source
        self._watch = watch
        self._started_at: float | None = None  # monotonic; None: not running
        self._told = False  # the source said something telling since its start

    @property
    def state(self) -> CameraState:
        return self._source.state

    def start(self, on_frame: FrameCallback, on_state: StateCallback) -> None:
        watch = self._watch
        self._started_at, self._told = watch.clock.monotonic(), False

        def report(state: CameraState) -> None:
            if state.value not in _ROUTINE:
                self._told = True
            watch.record(state)
            on_state(state)

        self._source.start(on_frame, report)

    def stop(self) -> None:
        self._source.stop()
        started, self._started_at = self._started_at, None
        if started is None or self._told:
            return
        if self._watch.clock.monotonic() - started >= NEVER_ACTIVE_S:
            from kiosk.devices.camera import CameraState  # noqa: PLC0415 - loaded by now

            self._watch.record(CameraState.ERROR)

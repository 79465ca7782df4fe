"""What the QtMultimedia sources share: state reporting and frames from a ``QVideoSink``.

Subclasses connect their sink's ``videoFrameChanged`` to ``_deliver`` and report their device's
state through ``_set_state``; ``_attach``/``_detach`` hold the receiver's callbacks, so that
after ``stop()`` nothing more is called.

Thread contract: GUI thread. Frames are delivered on the GUI thread.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject
from PySide6.QtMultimedia import QVideoFrame

from kiosk.devices.camera import CameraState, FrameCallback, LumaFrame, StateCallback
from kiosk.devices.qt.video_frames import luma_of


class SinkSource(QObject):
    """Base of the Qt frame sources."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = CameraState.OFF
        self._on_frame: FrameCallback | None = None
        self._on_state: StateCallback | None = None
        self._index = 0
        self.frames_delivered = 0

    @property
    def state(self) -> CameraState:
        return self._state

    def _set_state(self, state: CameraState) -> None:
        if state is self._state:
            return
        self._state = state
        if self._on_state is not None:
            self._on_state(state)

    def _attach(self, on_frame: FrameCallback, on_state: StateCallback) -> None:
        self._on_frame, self._on_state = on_frame, on_state
        self._set_state(CameraState.STARTING)

    def _detach(self) -> None:
        """Report OFF, then forget the receiver."""
        self._on_frame = None
        self._set_state(CameraState.OFF)
        self._on_state = None

    def _deliver(self, frame: QVideoFrame) -> None:
        if self._on_frame is None:
            return
        pixels = luma_of(frame)
        if pixels is None:
            return
        if self._state is CameraState.STARTING:
            self._set_state(CameraState.ACTIVE)  # a frame is proof enough that it works
        self._index += 1
        self.frames_delivered += 1
        self._on_frame(LumaFrame(pixels, time.monotonic(), self._index))

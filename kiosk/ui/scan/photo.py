"""The document camera while a paper document is photographed: frames → quality → the picture.

Like the scan pipeline (``kiosk.ui.scan.controller``), at most one frame is assessed at a time
(``kiosk.devices.document_photo.assess``, on the worker pool); frames arriving meanwhile only
replace the preview. ``good`` is the latest frame judged OK (None as soon as a later one is
not), the frame "Take picture" uses. ``stop`` releases the camera and drops every frame.

Thread contract: GUI thread. Sources may deliver from their own thread; the deliveries are
queued onto the GUI thread by signals, and anything from an earlier start is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.devices.camera import CameraState, FrameSource, LumaFrame
from kiosk.devices.document_photo import PhotoQuality, assess
from kiosk.runtime.tasks import TaskHandle, TaskRunner

_log = logging.getLogger(__name__)


class PhotoCamera(QObject):
    """One document camera session at a time; ``start`` again after ``stop``."""

    changed = Signal()  # a frame, an assessment or the camera's state arrived
    _frame_arrived = Signal(int, object)  # (generation, frame)
    _state_arrived = Signal(int, object)  # (generation, state)

    def __init__(
        self,
        *,
        source_factory: Callable[[], FrameSource],
        tasks: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._source_factory = source_factory
        self._tasks = tasks
        self._source: FrameSource | None = None
        self._in_flight: TaskHandle | None = None
        self._generation = 0
        self.state = CameraState.OFF
        self.latest: LumaFrame | None = None
        self.quality: PhotoQuality | None = None  # of the last frame assessed
        self.good: LumaFrame | None = None
        self.assessed = 0  # frames assessed since the last start (tests wait on it)
        self._frame_arrived.connect(self._on_frame, Qt.ConnectionType.QueuedConnection)
        self._state_arrived.connect(self._on_state, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._source is not None

    def start(self) -> None:
        self.stop()
        self.assessed = 0
        self._generation += 1
        generation = self._generation
        self._source = self._source_factory()
        self.state = CameraState.STARTING
        self._source.start(
            lambda frame: self._frame_arrived.emit(generation, frame),
            lambda state: self._state_arrived.emit(generation, state),
        )
        self.changed.emit()

    def stop(self) -> None:
        """Release the camera and forget every frame and assessment."""
        source, self._source = self._source, None
        self._generation += 1
        if source is not None:
            source.stop()
        if self._in_flight is not None:
            self._in_flight.cancel()
            self._in_flight = None
        self.state = CameraState.OFF
        self.latest = self.good = None
        self.quality = None

    def retained(self) -> list[str]:
        """What this camera still holds of the last citizen (empty after ``stop``)."""
        return [name for name in ("latest", "good") if getattr(self, name) is not None]

    # ------------------------------------------------------------------ deliveries (GUI thread)
    def _on_state(self, generation: int, state: CameraState) -> None:
        if generation != self._generation or self._source is None:
            return
        self.state = state
        if state.failed:
            self.latest = self.good = None
            self.quality = None
        self.changed.emit()

    def _on_frame(self, generation: int, frame: LumaFrame) -> None:
        if generation != self._generation or self._source is None:
            return
        self.latest = frame
        if self._in_flight is None:
            handle = self._tasks.submit(
                "assess document frame",
                lambda: assess(frame.pixels),
                lambda quality: self._on_assessed(generation, frame, quality),
                lambda error: self._on_error(generation, error),
            )
            # A synchronous runner has already delivered (and cleared the slot) by now.
            self._in_flight = None if handle.finished else handle
        self.changed.emit()

    def _on_assessed(self, generation: int, frame: LumaFrame, quality: PhotoQuality) -> None:
        if generation != self._generation:
            return  # the camera was stopped (or restarted) meanwhile
        self._in_flight = None
        self.assessed += 1
        self.quality = quality
        self.good = frame if quality is PhotoQuality.OK else None
        self.changed.emit()

    def _on_error(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            self._in_flight = None
        _log.error("document frame assessment failed: %s", type(error).__name__)

"""A video file as a camera: ``QMediaPlayer`` into a ``QVideoSink``, the path the camera uses.

Tests and the benchmark play real video files through it, so the decoding pipeline sees frames
exactly as it sees camera frames. Loops by default.

Thread contract: GUI thread. Frames are delivered on the GUI thread.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

from kiosk.devices.camera import CameraState, FrameCallback, StateCallback
from kiosk.devices.qt.sink_source import SinkSource

_log = logging.getLogger(__name__)


class MediaFileSource(SinkSource):
    """Plays a video file and delivers its frames' luma."""

    def __init__(self, path: Path, *, loop: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.loop = loop
        self._player: QMediaPlayer | None = None
        self._sink: QVideoSink | None = None

    def start(self, on_frame: FrameCallback, on_state: StateCallback) -> None:
        self.stop()
        self._attach(on_frame, on_state)
        if not self.path.is_file():
            self._set_state(CameraState.NO_DEVICE)
            return
        self._player = QMediaPlayer(self)
        self._sink = QVideoSink(self)
        self._player.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._deliver)
        self._player.errorOccurred.connect(self._error)
        self._player.mediaStatusChanged.connect(self._status)
        if self.loop:
            self._player.setLoops(QMediaPlayer.Loops.Infinite)
        self._player.setSource(QUrl.fromLocalFile(str(self.path.resolve())))
        self._player.play()

    def stop(self) -> None:
        player, sink = self._player, self._sink
        self._player = self._sink = None
        if player is not None:
            player.stop()
            player.deleteLater()
        if sink is not None:
            sink.deleteLater()
        self._detach()

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status is QMediaPlayer.MediaStatus.InvalidMedia:
            self._set_state(CameraState.ERROR)
        elif status is QMediaPlayer.MediaStatus.EndOfMedia and not self.loop:
            self._set_state(CameraState.LOST)

    def _error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error is not QMediaPlayer.Error.NoError:
            _log.error("video source failed: %s (%s)", error.name, message)
            self._set_state(CameraState.ERROR)

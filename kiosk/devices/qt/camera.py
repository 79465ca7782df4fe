"""The terminal's webcam through QtMultimedia: ``QCamera`` + ``QMediaCaptureSession`` +
``QVideoSink``, 1280×720 preferred, luma read straight from the frames.

No camera, a camera that is unplugged or fails, and refused permission become ``CameraState``
codes; nothing here raises at the UI.

Thread contract: GUI thread. Frames are delivered on the GUI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCameraPermission, QCoreApplication, QObject, Qt
from PySide6.QtMultimedia import (
    QCamera,
    QCameraDevice,
    QCameraFormat,
    QMediaCaptureSession,
    QMediaDevices,
    QVideoSink,
)

from kiosk.devices.camera import CameraState, FrameCallback, StateCallback
from kiosk.devices.qt.sink_source import SinkSource
from kiosk.devices.qt.video_frames import PACKED, PLANAR_8BIT

_log = logging.getLogger(__name__)
PREFERRED_SIZE = (1280, 720)
MIN_DIRECT_FPS = 10.0


def find_device(wanted: str) -> QCameraDevice | None:
    """The camera named by ``wanted`` (its id or description), or the default one."""
    devices = QMediaDevices.videoInputs()
    if not devices:
        return None
    if not wanted:
        default = QMediaDevices.defaultVideoInput()
        return default if not default.isNull() else devices[0]
    for device in devices:
        identifier = bytes(device.id().data()).decode("utf-8", "replace")
        if wanted in (identifier, device.description()):
            return device
    return None


def camera_permitted() -> bool:
    """Whether the system lets this program use a camera (always on Linux; kiosk builds for
    other systems may have to ask)."""
    app = QCoreApplication.instance()
    if app is None:
        return True
    return bool(app.checkPermission(QCameraPermission()) == Qt.PermissionStatus.Granted)


def best_format(
    device: QCameraDevice, size: tuple[int, int] = PREFERRED_SIZE
) -> QCameraFormat | None:
    """``size`` (else the closest), preferring formats whose luma is read directly."""
    formats = device.videoFormats()
    if not formats:
        return None
    width, height = size

    def score(option: QCameraFormat) -> tuple[int, int, float]:
        size = option.resolution()
        distance = abs(size.width() - width) + abs(size.height() - height)
        direct = option.pixelFormat() in PLANAR_8BIT or option.pixelFormat() in PACKED
        # Other formats (MJPEG) are converted on the GUI thread, ~8 ms a frame: a directly
        # readable format at a usable rate wins at the same size.
        usable_direct = direct and option.maxFrameRate() >= MIN_DIRECT_FPS
        return (distance, 0 if usable_direct else 1, -option.maxFrameRate())

    return min(formats, key=score)


class QtCameraSource(SinkSource):
    """A QtMultimedia camera as a frame source."""

    def __init__(
        self,
        device: str = "",
        size: tuple[int, int] = PREFERRED_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.device = device
        self.size = size
        self._camera: QCamera | None = None
        self._session: QMediaCaptureSession | None = None
        self._sink: QVideoSink | None = None
        self._devices: QMediaDevices | None = None

    def start(self, on_frame: FrameCallback, on_state: StateCallback) -> None:
        self.stop()
        self._attach(on_frame, on_state)
        if not camera_permitted():
            self._set_state(CameraState.PERMISSION_DENIED)
            return
        device = find_device(self.device)
        if device is None:
            self._set_state(CameraState.NO_DEVICE)
            return
        self._camera = QCamera(device, self)
        camera_format = best_format(device, self.size)
        if camera_format is not None:
            self._camera.setCameraFormat(camera_format)
        self._sink = QVideoSink(self)
        self._session = QMediaCaptureSession(self)
        self._session.setCamera(self._camera)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._deliver)
        self._camera.errorOccurred.connect(self._error)
        self._camera.activeChanged.connect(self._active)
        self._devices = QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._inputs_changed)
        self._camera.start()

    def stop(self) -> None:
        camera, session, sink, devices = self._camera, self._session, self._sink, self._devices
        self._camera = self._session = self._sink = self._devices = None
        if camera is not None:
            camera.stop()
        for item in (session, sink, camera, devices):
            if item is not None:
                item.deleteLater()
        self._detach()

    def _active(self, active: bool) -> None:
        if active:
            self._set_state(CameraState.ACTIVE)

    def _inputs_changed(self) -> None:
        camera = self._camera
        if camera is None:
            return
        present = {bytes(d.id().data()) for d in QMediaDevices.videoInputs()}
        if bytes(camera.cameraDevice().id().data()) not in present:
            _log.error("camera disconnected")
            self._set_state(CameraState.LOST)

    def _error(self, error: QCamera.Error, message: str) -> None:
        if error is QCamera.Error.NoError:
            return
        _log.error("camera error: %s (%s)", error.name, message)
        denied = "permission" in message.lower()
        was_active = self._state is CameraState.ACTIVE
        self._set_state(
            CameraState.PERMISSION_DENIED
            if denied
            else CameraState.LOST
            if was_active
            else CameraState.ERROR
        )

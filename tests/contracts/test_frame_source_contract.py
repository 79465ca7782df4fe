"""One behaviour suite for every frame source that can run here: the image-sequence fake (its
own thread), the media-file source (QtMultimedia, a real H.264 file), each also as the kiosk
opens it (through ``CameraWatch``), and the QtMultimedia camera (on a machine without the named
camera: it must say so)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bench.support.video import write_video
from kiosk.devices import frames
from kiosk.devices.camera import CameraState, FrameSource, LumaFrame
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.camera_watch import CameraWatch
from kiosk.devices.qt.camera import QtCameraSource
from kiosk.devices.qt.media_file import MediaFileSource
from kiosk.runtime.clock import SystemClock

WAIT_MS = 20_000


@dataclass
class Received:
    frames: list[LumaFrame] = field(default_factory=list)
    states: list[CameraState] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def frame(self, frame: LumaFrame) -> None:
        with self.lock:
            self.frames.append(frame)

    def state(self, state: CameraState) -> None:
        with self.lock:
            self.states.append(state)


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("video")
    scene = [frames.phone_frame(["HTTPS://EXAMPLE.ORG/CONTRACT"]), frames.blank_frame()] * 15
    return write_video(folder / "contract.mp4", scene)


@pytest.fixture(params=["image-sequence", "media-file", "watched-image-sequence"])
def working_source(request: pytest.FixtureRequest, video: Path, qapp: QApplication) -> FrameSource:
    if request.param == "media-file":
        return MediaFileSource(video)
    source = ImageSequenceSource([frames.blank_frame(), frames.phone_frame(["X"])], fps=60)
    if request.param == "watched-image-sequence":
        return CameraWatch(SystemClock()).watching(lambda: source)()
    return source


def start(source: FrameSource) -> Received:
    received = Received()
    source.start(received.frame, received.state)
    return received


def test_a_working_source_goes_active_and_delivers_grey_frames(
    working_source: FrameSource, qtbot: QtBot
) -> None:
    received = start(working_source)
    qtbot.waitUntil(lambda: len(received.frames) >= 3, timeout=WAIT_MS)
    working_source.stop()
    assert received.states[0] is CameraState.STARTING
    assert CameraState.ACTIVE in received.states
    assert received.states[-1] is CameraState.OFF
    for frame in received.frames:
        assert frame.pixels.dtype == np.uint8
        assert frame.pixels.shape == (720, 1280)
        assert frame.pixels.flags.c_contiguous
    indexes = [frame.index for frame in received.frames]
    assert indexes == sorted(indexes) and len(set(indexes)) == len(indexes)
    stamps = [frame.timestamp for frame in received.frames]
    assert stamps == sorted(stamps)


def test_nothing_arrives_after_stop_and_a_restart_works(
    working_source: FrameSource, qtbot: QtBot
) -> None:
    received = start(working_source)
    qtbot.waitUntil(lambda: len(received.frames) >= 1, timeout=WAIT_MS)
    working_source.stop()
    assert working_source.state is CameraState.OFF
    count = len(received.frames)
    for _ in range(20):  # give any stray delivery every chance to arrive
        QApplication.processEvents()
    assert len(received.frames) == count
    working_source.stop()  # stopping twice is harmless

    again = start(working_source)
    qtbot.waitUntil(lambda: len(again.frames) >= 1, timeout=WAIT_MS)
    working_source.stop()
    assert len(received.frames) == count, "the first receiver is never called again"


@pytest.mark.parametrize(
    "make",
    [
        lambda tmp: ImageSequenceSource([], fps=30),
        lambda tmp: MediaFileSource(tmp / "missing.mp4"),
        lambda tmp: QtCameraSource("no-such-camera-on-this-terminal"),
    ],
    ids=["image-sequence-empty", "media-file-missing", "qt-camera-absent"],
)
def test_a_source_without_a_device_reports_no_device(
    make: Callable[[Path], FrameSource], tmp_path: Path, qtbot: QtBot, qapp: QApplication
) -> None:
    source = make(tmp_path)
    received = start(source)
    qtbot.waitUntil(lambda: CameraState.NO_DEVICE in received.states, timeout=WAIT_MS)
    assert source.state is CameraState.NO_DEVICE
    assert received.frames == []
    source.stop()
    assert source.state is CameraState.OFF

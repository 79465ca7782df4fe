"""The shipped image-sequence camera: frames, pacing thread, faults, and its record."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from kiosk.devices import frames
from kiosk.devices.camera import CameraState, LumaFrame
from kiosk.devices.camera_fake import SECOND_CODE, CameraFault, ImageSequenceSource
from kiosk.devices.frame_stats import frame_stats
from kiosk.devices.qr_decoder import QrDecoder

CODE = "HTTPS://WWW.CQ.GOV.CN/FAKE-CAMERA"


class Receiver:
    def __init__(self) -> None:
        self.frames: list[LumaFrame] = []
        self.states: list[CameraState] = []
        self.got_frame = threading.Event()

    def frame(self, frame: LumaFrame) -> None:
        self.frames.append(frame)
        self.got_frame.set()

    def state(self, state: CameraState) -> None:
        self.states.append(state)


@pytest.fixture
def scene() -> list[np.ndarray]:
    return [frames.blank_frame(), frames.phone_frame([CODE])]


def manual(content, **kwargs) -> tuple[ImageSequenceSource, Receiver]:
    source = ImageSequenceSource(content, fps=0, **kwargs)
    receiver = Receiver()
    source.start(receiver.frame, receiver.state)
    return source, receiver


def test_frames_are_replayed_in_order_and_looped(scene) -> None:
    source, receiver = manual(scene)
    assert receiver.states == [CameraState.STARTING, CameraState.ACTIVE]
    for _ in range(5):
        assert source.step()
    assert [frame.index for frame in receiver.frames] == [1, 2, 3, 4, 5]
    assert np.array_equal(receiver.frames[2].pixels, scene[0])
    assert np.array_equal(receiver.frames[3].pixels, scene[1])


def test_without_looping_the_sequence_ends_as_a_lost_camera(scene) -> None:
    source, receiver = manual(scene, loop=False)
    assert source.step() and source.step()
    assert not source.step()
    assert len(receiver.frames) == 2
    assert receiver.states[-1] is CameraState.LOST


def test_replacing_the_scene_while_the_thread_runs_is_safe(scene) -> None:
    source = ImageSequenceSource(scene, fps=500)
    receiver = Receiver()
    source.start(receiver.frame, receiver.state)
    for round_ in range(300):
        source.show([scene[round_ % 2]] if round_ % 3 else (lambda: [scene[0], scene[1]]))
    assert receiver.got_frame.wait(timeout=10)
    source.stop()
    assert receiver.states[-2:] == [CameraState.ACTIVE, CameraState.OFF], "no fault, no crash"


def test_frames_are_compact_even_from_strided_content() -> None:
    wide = frames.phone_frame([CODE], size=(1400, 720))
    source, receiver = manual([wide[:, 60:1340]])
    source.step()
    assert receiver.frames[0].pixels.flags.c_contiguous


def test_after_stop_nothing_is_delivered_and_nothing_is_kept(scene) -> None:
    source, receiver = manual(scene)
    source.step()
    source.stop()
    assert receiver.states[-1] is CameraState.OFF
    assert not source.step()
    assert len(receiver.frames) == 1
    assert source.record.starts == source.record.stops == 1


def test_the_pacing_thread_delivers_frames_until_stopped(scene) -> None:
    source = ImageSequenceSource(scene, fps=200)
    receiver = Receiver()
    source.start(receiver.frame, receiver.state)
    assert receiver.got_frame.wait(timeout=10)
    assert source.running
    source.stop()
    assert not source.running, "the pacing thread has ended when stop() returns"
    assert len(receiver.frames) == source.record.frames_delivered >= 1


def test_no_device_reports_and_delivers_nothing(scene) -> None:
    source, receiver = manual(scene, faults={CameraFault.NO_DEVICE})
    assert receiver.states == [CameraState.STARTING, CameraState.NO_DEVICE]
    assert not source.step()
    assert receiver.frames == []


def test_a_source_with_nothing_to_show_is_no_device() -> None:
    source, receiver = manual([])
    assert not source.step()
    assert receiver.states[-1] is CameraState.NO_DEVICE


def test_the_camera_can_be_lost_mid_scan(scene) -> None:
    source, receiver = manual(scene)
    assert source.step()
    source.inject(CameraFault.LOST)
    assert not source.step()
    assert receiver.states[-1] is CameraState.LOST
    assert len(receiver.frames) == 1


def test_a_slow_start_stays_starting_until_the_first_frame_is_due(scene) -> None:
    source, receiver = manual(scene, faults={CameraFault.SLOW_START})
    assert receiver.states == [CameraState.STARTING]
    assert receiver.frames == []
    assert source.step()
    assert receiver.states == [CameraState.STARTING, CameraState.ACTIVE]
    assert len(receiver.frames) == 1


def test_a_slow_start_that_is_stopped_never_becomes_active(scene) -> None:
    source, receiver = manual(scene, faults={CameraFault.SLOW_START})
    source.stop()
    assert not source.step()
    assert receiver.states == [CameraState.STARTING, CameraState.OFF]


def test_dark_frames_are_dark(scene) -> None:
    source, receiver = manual(scene, faults={CameraFault.DARK})
    source.step()
    assert frame_stats(receiver.frames[0].pixels).brightness < 20
    assert source.record.faulty_frames == 1


def test_unreadable_frames_show_a_code_that_cannot_be_read(scene) -> None:
    source, receiver = manual([scene[1]])
    source.step()
    source.inject(CameraFault.UNREADABLE)
    source.step()
    decoder = QrDecoder()
    assert decoder.decode(receiver.frames[0].pixels).texts == (CODE,)
    assert decoder.decode(receiver.frames[1].pixels).texts == ()
    source.clear(CameraFault.UNREADABLE)
    source.step()
    assert decoder.decode(receiver.frames[2].pixels).texts == (CODE,)


def test_two_codes_put_a_second_code_beside_the_first(scene) -> None:
    source, receiver = manual([scene[1]], faults={CameraFault.TWO_CODES})
    source.step()
    assert set(QrDecoder().decode(receiver.frames[0].pixels).texts) == {CODE, SECOND_CODE}


def test_what_is_shown_can_be_changed_while_running(scene) -> None:
    source, receiver = manual([scene[0]])
    source.step()
    source.show([scene[1]])
    source.step()
    assert np.array_equal(receiver.frames[1].pixels, scene[1])


def test_a_scene_replaced_while_the_provider_is_asked_is_the_one_shown(scene) -> None:
    replacement = frames.phone_frame(["HTTPS://EXAMPLE.ORG/REPLACEMENT"])
    source: ImageSequenceSource

    def provider() -> list[np.ndarray]:
        source.show([replacement])  # as show() from the GUI thread at this very moment
        return [scene[0]]

    source, receiver = manual(provider)
    assert source.step()
    assert np.array_equal(receiver.frames[0].pixels, replacement)

"""``kiosk.devices.camera_watch``: what the last scan found of the camera, with the shipped fake
camera's real state reports (stepped by hand)."""

from __future__ import annotations

from kiosk.devices import frames
from kiosk.devices.camera import CameraState, LumaFrame
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.camera_watch import NEVER_ACTIVE_S, CameraWatch
from kiosk.runtime.clock import ManualClock


def _open(watch: CameraWatch, camera: ImageSequenceSource) -> list[CameraState]:
    """Open ``camera`` through the watch as a scan does; the states its receiver got."""
    received: list[CameraState] = []
    source = watch.watching(lambda: camera)()

    def on_frame(_frame: LumaFrame) -> None:
        return None

    source.start(on_frame, received.append)
    return received


def test_nothing_is_known_before_the_first_scan() -> None:
    assert CameraWatch(ManualClock()).last is None


def test_a_working_camera_stays_known_as_working_after_it_is_switched_off() -> None:
    clock = ManualClock()
    watch = CameraWatch(clock)
    camera = ImageSequenceSource([frames.blank_frame()], fps=0)
    received = _open(watch, camera)
    assert camera.step()
    camera.stop()
    assert received == [CameraState.STARTING, CameraState.ACTIVE, CameraState.OFF]
    last = watch.last
    assert last is not None and last.state is CameraState.ACTIVE and last.at == clock.now()


def test_a_failure_replaces_what_was_known_and_a_working_start_replaces_the_failure() -> None:
    clock = ManualClock()
    watch = CameraWatch(clock)
    camera = ImageSequenceSource([frames.blank_frame()], fps=0)
    _open(watch, camera)
    camera.inject(CameraFault.LOST)
    assert not camera.step()
    camera.stop()
    assert watch.last is not None and watch.last.state is CameraState.LOST
    camera.clear(CameraFault.LOST)
    camera.inject(CameraFault.NO_DEVICE)
    _open(watch, camera)
    assert watch.last.state is CameraState.NO_DEVICE
    camera.clear(CameraFault.NO_DEVICE)
    clock.advance(60)
    _open(watch, camera)
    assert watch.last.state is CameraState.ACTIVE and watch.last.at == clock.now()


def test_the_watched_source_is_the_source_otherwise() -> None:
    camera = ImageSequenceSource([frames.blank_frame()], fps=0)
    source = CameraWatch(ManualClock()).watching(lambda: camera)()
    assert source.state is CameraState.OFF
    frames_seen: list[LumaFrame] = []
    source.start(frames_seen.append, lambda _state: None)
    assert source.state is CameraState.ACTIVE
    assert camera.step()
    assert len(frames_seen) == 1
    source.stop()
    assert camera.state is CameraState.OFF and not camera.running


def test_a_scan_ended_while_the_camera_still_opens_says_failed_only_after_a_while() -> None:
    clock = ManualClock()
    watch = CameraWatch(clock)
    camera = ImageSequenceSource([frames.blank_frame()], fps=0, faults={CameraFault.SLOW_START})
    source = watch.watching(lambda: camera)()
    source.start(lambda _frame: None, lambda _state: None)
    clock.advance(1)  # a citizen who left at once: the camera was simply not ready yet
    source.stop()
    assert watch.last is None
    source.start(lambda _frame: None, lambda _state: None)
    clock.advance(NEVER_ACTIVE_S)  # a driver that hangs while opening
    source.stop()
    assert watch.last is not None and watch.last.state is CameraState.ERROR
    camera.clear(CameraFault.SLOW_START)
    source.start(lambda _frame: None, lambda _state: None)
    clock.advance(NEVER_ACTIVE_S)  # working all along: stopping it says nothing new
    source.stop()
    assert watch.last.state is CameraState.ACTIVE

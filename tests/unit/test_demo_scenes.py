"""What the demo's fake camera shows across scans: an e-ID, a business licence, an overseas
electronic resident card, the licence again, in turn.

Each scan opens a new camera source (``kiosk.ui.scan.sources.frame_source`` with the demo's
scenes), so the turns must outlive a source. The codes are read from the frames with the scan
screen's decoder and verified against the demo's installed trust list.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kiosk.config.loader import load_config
from kiosk.credentials.model import ElectronicId, ElectronicLicence, ElectronicResident
from kiosk.credentials.purpose import Purpose
from kiosk.demo import demo_scenes, prepare_demo
from kiosk.devices.camera import CameraState, LumaFrame
from kiosk.devices.camera_fake import ImageSequenceSource, SceneTurns
from kiosk.devices.qr_decoder import QrDecoder
from kiosk.runtime.clock import ManualClock, SystemClock
from kiosk.terminal import Terminal

FRAMES_PER_SCENE = 70  # 30 empty frames, then 40 of the phone


def _first_code(source: ImageSequenceSource, decoder: QrDecoder) -> str:
    """Start ``source`` (as a scan does), read frames until one shows a code, stop it."""
    shown: list[LumaFrame] = []
    states: list[CameraState] = []
    source.start(shown.append, states.append)
    try:
        for _ in range(FRAMES_PER_SCENE):
            assert source.step()
            texts = decoder.decode(shown[-1].pixels).texts
            if texts:
                return texts[0]
    finally:
        source.stop()
    raise AssertionError(f"no code in a whole scene (camera states: {states})")


def test_scans_show_each_identity_followed_by_a_licence_in_turn(tmp_path: Path) -> None:
    now = SystemClock().now()
    config_path = prepare_demo(tmp_path, now)
    scenes = demo_scenes(tmp_path, ManualClock(now))
    decoder = QrDecoder()
    kinds = []
    with Terminal(load_config(config_path, {}), ManualClock(now)) as terminal:
        verifier = terminal.open_credentials().verifier
        for _scan in range(5):
            source = ImageSequenceSource(scenes, fps=0)  # a new camera at every scan
            text = _first_code(source, decoder)
            result = verifier.verify(text, Purpose.SERVICE_APPLICATION, now, record_use=False)
            assert result.valid, result.reason
            kinds.append(type(result.credential))
    assert kinds == [
        ElectronicId,
        ElectronicLicence,
        ElectronicResident,
        ElectronicLicence,
        ElectronicId,
    ]


def _scene(value: int) -> list[np.ndarray]:
    return [np.full((4, 4), value, np.uint8)] * 3


def _first_frame(source: ImageSequenceSource) -> int:
    shown: list[LumaFrame] = []
    source.start(shown.append, lambda _state: None)
    assert source.step()
    source.stop()
    return int(shown[0].pixels[0, 0])


def test_turns_are_shared_by_every_source_and_go_round() -> None:
    turns = SceneTurns([lambda: _scene(1), lambda: _scene(2), lambda: _scene(3)])
    first, second = ImageSequenceSource(turns, fps=0), ImageSequenceSource(turns, fps=0)
    seen = [_first_frame(first), _first_frame(second), _first_frame(first), _first_frame(second)]
    assert seen == [1, 2, 3, 1]


def test_a_scene_keeps_its_turn_while_it_loops() -> None:
    turns = SceneTurns([lambda: _scene(1), lambda: _scene(2)])
    source = ImageSequenceSource(turns, fps=0)
    shown: list[LumaFrame] = []
    source.start(shown.append, lambda _state: None)
    for _ in range(10):  # more than three loops of the first scene
        assert source.step()
    source.stop()
    assert {int(frame.pixels[0, 0]) for frame in shown} == {1}


def test_turns_need_a_scene() -> None:
    with pytest.raises(ValueError, match="at least one scene"):
        SceneTurns([])

"""What the demo's fake camera shows across scans: an e-ID, a business licence, an overseas
electronic resident card, the licence again, in turn.

Each scan opens a new camera source (``kiosk.ui.scan.sources.frame_source`` with the demo's
scenes), so the turns must outlive a source. The codes are read from the frames with the scan
screen's decoder and verified against the demo's installed trust list.

The hotel demo's desk keeps one camera open: it shows guests one after another, with nobody
between them (a family of two adults and a child, an overseas electronic resident, then the
first code again, which the desk refuses as used), issued afresh at each loop.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kiosk.config.loader import load_config
from kiosk.credentials.errors import Reason
from kiosk.credentials.model import ElectronicId, ElectronicLicence, ElectronicResident
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import CredentialType
from kiosk.demo import (
    DEMO_CHILD,
    DEMO_FATHER,
    DEMO_MOTHER,
    HOTEL_GAP_FRAMES,
    HOTEL_HOLD_REPEATS,
    HOTEL_NEW_PARTY_FRAMES,
    DeskGuestCodes,
    demo_scenes,
    prepare_demo,
)
from kiosk.devices import frames
from kiosk.devices.camera import CameraState, Luma, LumaFrame
from kiosk.devices.camera_fake import ImageSequenceSource, SceneTurns
from kiosk.devices.qr_decoder import QrDecoder
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.guest import Guest, guest_from
from kiosk.hotel.scan_gate import DEFAULT_QUIET_S
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


FAKE_FPS = 15.0  # kiosk.ui.scan.sources.FAKE_FPS (the unit tier also runs without Qt)
HOLD_FRAMES = 4 * HOTEL_HOLD_REPEATS  # four slightly different shots of the phone, repeated
GUESTS_A_LOOP = 5


def _runs(shown: list[Luma]) -> list[tuple[bool, list[Luma]]]:
    """The frames in runs of nobody at the desk (True) and of a phone held up (False)."""
    blank = frames.blank_frame()
    runs: list[tuple[bool, list[Luma]]] = []
    for pixels in shown:
        empty = bool(np.array_equal(pixels, blank))
        if runs and runs[-1][0] == empty:
            runs[-1][1].append(pixels)
        else:
            runs.append((empty, [pixels]))
    return runs


def _code(phone: list[Luma], decoder: QrDecoder) -> str:
    for pixels in phone[:4]:  # each shot is a little different: one of them reads
        texts = decoder.decode(pixels).texts
        if texts:
            return texts[0]
    raise AssertionError("the phone's code cannot be read")


def _eid_person(person: tuple[str, str, str, str], guest: Guest | None) -> None:
    assert guest is not None and guest.credential is CredentialType.EID
    name, region, birth, _sequence = person
    assert (guest.name, guest.number[:6]) == (name, region)
    if len(birth) == 8:  # an adult's fixed birth date
        assert guest.number[6:14] == birth


def test_the_hotel_desk_camera_shows_a_family_a_visitor_and_a_replay_in_a_loop(
    tmp_path: Path,
) -> None:
    now = SystemClock().now()
    config_path = prepare_demo(tmp_path, now, profile="hotel")
    clock = ManualClock(now)
    source = ImageSequenceSource(demo_scenes(tmp_path, clock, profile="hotel"), fps=0)
    shown: list[LumaFrame] = []
    source.start(shown.append, lambda _state: None)  # the desk's one camera, all day
    gaps = DeskGuestCodes.gaps()
    loop = sum(gaps) + GUESTS_A_LOOP * HOLD_FRAMES
    for _ in range(loop):
        assert source.step()
    clock.advance(600)  # past the first loop's codes' five minutes: the next loop's are new
    for _ in range(loop):
        assert source.step()
    source.stop()

    runs = _runs([frame.pixels for frame in shown])
    party, next_guest = HOTEL_NEW_PARTY_FRAMES, HOTEL_GAP_FRAMES
    assert gaps == (party, next_guest, next_guest, party, party)  # the family comes together
    shown_as = [(empty, len(run)) for empty, run in runs]
    assert shown_as == [step for gap in gaps for step in ((True, gap), (False, HOLD_FRAMES))] * 2
    assert next_guest / FAKE_FPS > DEFAULT_QUIET_S  # each guest steps away from the desk
    assert party / FAKE_FPS >= 6  # time for the clerk to type the room and save
    assert 2 <= HOLD_FRAMES / FAKE_FPS <= 5  # a phone shown for a few seconds
    decoder = QrDecoder()
    codes = [_code(run, decoder) for empty, run in runs if not empty]
    first, second = codes[:GUESTS_A_LOOP], codes[GUESTS_A_LOOP:]
    assert first[4] == first[0] and second[4] == second[0]  # the father's code again
    assert not set(first) & set(second)  # issued afresh at each loop

    with Terminal(load_config(config_path, {}), clock) as terminal:
        verifier = terminal.open_credentials().verifier
        for loop_codes, at in ((first, now), (second, clock.now())):
            guests = []
            for text in loop_codes[:4]:
                result = verifier.verify(text, Purpose.HOTEL_CHECK_IN, at)
                assert result.valid, result.reason
                guests.append(guest_from(result.credential, at))
            replay = verifier.verify(loop_codes[4], Purpose.HOTEL_CHECK_IN, at)
            assert replay.reason is Reason.REPLAYED  # "already used at" the father's check-in
            assert replay.used_at is not None
            assert replay.used_at.timestamp() == int(at.timestamp())

            father, mother, child, visitor = guests
            _eid_person(DEMO_FATHER, father)
            _eid_person(DEMO_MOTHER, mother)
            _eid_person(DEMO_CHILD, child)
            assert father is not None and mother is not None and child is not None
            assert len({father.number, mother.number, child.number}) == 3
            assert child.name[0] == father.name[0]  # the same family
            today = at.astimezone(CHINA_TIME).date()
            assert child.minor_on(today)
            assert not father.minor_on(today) and not mother.minor_on(today)
            assert visitor is not None and visitor.credential is CredentialType.E_RESIDENT

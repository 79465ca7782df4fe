"""The Qt-free scan state machine: acceptance, coaching, timeout, camera failure."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.credentials.errors import Reason
from kiosk.credentials.verifier import VerificationResult
from kiosk.devices import frames
from kiosk.devices.camera import CameraState
from kiosk.devices.frame_stats import FrameStats, frame_stats
from kiosk.journeys.scan import (
    GLARE_ABOVE,
    HINT_PERSISTENCE,
    READ_WINDOW_S,
    SIGNED_READ,
    TOO_DARK_BELOW,
    Analysis,
    Hint,
    ScanPhase,
    ScanSession,
)
from kiosk.runtime.clock import ManualClock

GOOD = FrameStats(brightness=120.0, glare=0.0, sharpness=20.0)
DARK = FrameStats(brightness=TOO_DARK_BELOW - 10, glare=0.0, sharpness=5.0)
GLARY = FrameStats(brightness=140.0, glare=GLARE_ABOVE * 4, sharpness=20.0)


def seen(
    *texts: str,
    stats: FrameStats = GOOD,
    undecoded: int = 0,
    side: float | None = 450.0,
    verdicts: dict[str, VerificationResult] | None = None,
    unread_elsewhere: int = 0,
) -> Analysis:
    return Analysis(
        texts=texts,
        undecoded=undecoded,
        largest_side=side if (texts or undecoded) else None,
        frame_height=720,
        stats=stats,
        verdicts=verdicts or {},
        unread_elsewhere=unread_elsewhere,
    )


def session(clock: ManualClock | None = None, *, reads: int = 2) -> ScanSession:
    made = ScanSession(clock or ManualClock(), required_reads=reads, timeout_s=45)
    made.on_camera_state(CameraState.ACTIVE)
    return made


def test_a_code_is_accepted_after_the_required_consistent_reads() -> None:
    scan = session(reads=3)
    scan.on_analysis(seen("CODE"))
    scan.on_analysis(seen())  # a frame that read nothing does not break the run
    scan.on_analysis(seen("CODE"))
    assert scan.phase is ScanPhase.READING
    assert scan.hint is Hint.KEEP_STEADY
    scan.on_analysis(seen("CODE"))
    view = scan.view()
    assert view.phase is ScanPhase.ACCEPTED
    assert view.accepted_text == "CODE"
    assert view.result is None


def test_a_different_code_starts_the_count_again() -> None:
    scan = session()
    scan.on_analysis(seen("FIRST"))
    scan.on_analysis(seen("SECOND"))
    assert scan.phase is ScanPhase.READING
    scan.on_analysis(seen("SECOND"))
    assert scan.accepted_text == "SECOND"


def test_reads_older_than_the_window_do_not_count() -> None:
    clock = ManualClock()
    scan = session(clock)
    scan.on_analysis(seen("CODE"))
    clock.advance(READ_WINDOW_S + 0.5)
    scan.on_analysis(seen("CODE"))
    assert scan.phase is ScanPhase.READING
    scan.on_analysis(seen("CODE"))
    assert scan.phase is ScanPhase.ACCEPTED


@pytest.mark.parametrize("reason", [Reason.VALID, Reason.EXPIRED, Reason.REVOKED])
def test_a_code_whose_signature_verified_is_accepted_on_its_first_read(reason: Reason) -> None:
    verdict = VerificationResult(reason)
    scan = session(reads=5)
    scan.on_analysis(seen("SIGNED", verdicts={"SIGNED": verdict}))
    assert scan.phase is ScanPhase.ACCEPTED
    assert scan.result is verdict


@pytest.mark.parametrize("reason", [Reason.BAD_SIGNATURE, Reason.MALFORMED, Reason.UNKNOWN_ISSUER])
def test_a_code_that_did_not_verify_needs_consistent_reads(reason: Reason) -> None:
    verdict = VerificationResult(reason)
    scan = session(reads=2)
    scan.on_analysis(seen("TEXT", verdicts={"TEXT": verdict}))
    assert scan.phase is ScanPhase.READING
    scan.on_analysis(seen("TEXT", verdicts={"TEXT": verdict}))
    assert scan.phase is ScanPhase.ACCEPTED
    assert scan.result is verdict


def test_two_codes_at_once_ask_for_one_immediately_and_reset_the_reads() -> None:
    scan = session()
    scan.on_analysis(seen("ONE"))
    scan.on_analysis(seen("ONE", "TWO"))
    assert scan.hint is Hint.SHOW_ONE_CODE
    assert scan.phase is ScanPhase.LOOKING
    scan.on_analysis(seen("ONE"))
    assert scan.phase is ScanPhase.READING, "the read before the two codes no longer counts"


def test_a_second_code_detected_but_not_read_blocks_acceptance() -> None:
    signed = {"CODE": VerificationResult(Reason.VALID)}
    scan = session()
    scan.on_analysis(seen("CODE", undecoded=1, unread_elsewhere=1, verdicts=signed))
    assert scan.phase is ScanPhase.LOOKING
    assert scan.hint is Hint.SHOW_ONE_CODE
    scan.on_analysis(seen("CODE", undecoded=1, unread_elsewhere=1))
    assert scan.phase is ScanPhase.LOOKING
    scan.on_analysis(seen("CODE", verdicts=signed))
    assert scan.phase is ScanPhase.ACCEPTED


def test_only_verdicts_reached_after_the_signature_skip_the_repeated_reads() -> None:
    assert Reason.BAD_SIGNATURE not in SIGNED_READ
    assert Reason.MALFORMED not in SIGNED_READ
    assert Reason.UNKNOWN_ISSUER not in SIGNED_READ
    assert Reason.TRUST_LIST_STALE not in SIGNED_READ
    assert Reason.VALID in SIGNED_READ


@pytest.mark.parametrize(
    ("analysis", "hint"),
    [
        (seen(stats=DARK), Hint.TOO_DARK),
        (seen(stats=GLARY), Hint.GLARE),
        (seen(undecoded=1, side=120.0), Hint.MOVE_CLOSER),
        (seen(undecoded=1, side=450.0), Hint.HOLD_STILL),
        (seen(), Hint.NONE),
    ],
    ids=["dark", "glare", "far", "unreadable", "nothing"],
)
def test_coaching_appears_only_once_it_has_held(analysis: Analysis, hint: Hint) -> None:
    scan = session()
    for _ in range(HINT_PERSISTENCE - 1):
        scan.on_analysis(analysis)
        assert scan.hint is Hint.NONE
    scan.on_analysis(analysis)
    assert scan.hint is hint


def test_a_flickering_condition_does_not_change_the_hint() -> None:
    scan = session()
    for _ in range(10):
        scan.on_analysis(seen(stats=DARK))
        scan.on_analysis(seen(stats=GLARY))
    assert scan.hint is Hint.NONE


def test_coaching_from_real_frames() -> None:
    rng = np.random.default_rng(3)
    dark = frames.darken(0.15)(frames.phone_frame(["X"]), rng)
    glare = frames.glare(1.2)(frames.phone_frame(["X"]), rng)
    assert frame_stats(dark).brightness < TOO_DARK_BELOW
    assert frame_stats(glare).glare > GLARE_ABOVE
    assert frame_stats(frames.phone_frame(["X"])).glare < GLARE_ABOVE
    assert frame_stats(frames.blank_frame()).brightness > TOO_DARK_BELOW


def test_the_scan_times_out_and_forgets_an_unfinished_read() -> None:
    clock = ManualClock()
    scan = session(clock)
    scan.on_analysis(seen("5101 PARTLY READ"))
    assert scan.holds_personal_data
    clock.advance(44.2)
    scan.poll()
    assert scan.view().seconds_left == 1
    assert not scan.phase.finished
    clock.advance(1)
    scan.poll()
    assert scan.phase is ScanPhase.TIMED_OUT
    assert not scan.holds_personal_data
    scan.on_analysis(seen("LATE"))
    scan.on_analysis(seen("LATE"))
    assert scan.phase is ScanPhase.TIMED_OUT, "nothing is accepted after the end"


@pytest.mark.parametrize(
    "state",
    [CameraState.NO_DEVICE, CameraState.LOST, CameraState.PERMISSION_DENIED, CameraState.ERROR],
)
def test_a_camera_failure_ends_the_scan(state: CameraState) -> None:
    scan = ScanSession(ManualClock())
    assert scan.phase is ScanPhase.STARTING
    scan.on_analysis(seen("5101 PARTLY READ"))
    scan.on_camera_state(state)
    assert scan.phase is ScanPhase.CAMERA_FAILED
    assert not scan.holds_personal_data
    assert scan.view().camera is state
    scan.on_camera_state(CameraState.ACTIVE)
    assert scan.phase is ScanPhase.CAMERA_FAILED


def test_the_first_analysis_means_the_camera_works() -> None:
    scan = ScanSession(ManualClock())
    scan.on_analysis(seen())
    assert scan.phase is ScanPhase.LOOKING


def test_at_least_one_read_is_required() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ScanSession(ManualClock(), required_reads=0)

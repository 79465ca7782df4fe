"""One scan of a QR code from a phone: phases, acceptance, coaching, timeout. No Qt.

The scan controller feeds it what each analysed frame showed (``Analysis``) and camera state
changes; it decides:

- **acceptance**: a code is accepted at once when its signature verified (the text is certainly
  what was shown), otherwise after ``required_reads`` consistent reads of the same text
  (reads may be interrupted by frames that read nothing, not by a different text); with a
  second code in view (read or only detected) nothing is accepted;
- **coaching**: the hint shown while looking, from the frame statistics — too dark, glare,
  move closer, hold still, show only one code — shown only once it has held for a few frames,
  so it does not flicker;
- **timeout** and **camera failure**, which end the scan with a reason.

Thread contract: GUI thread only (the controller delivers analyses there).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from kiosk.credentials.errors import Reason
from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.camera import CameraState
from kiosk.devices.frame_stats import FrameStats
from kiosk.runtime.clock import Clock

DEFAULT_REQUIRED_READS = 2
DEFAULT_TIMEOUT_S = 45.0
READ_WINDOW_S = 3.0  # reads older than this no longer count towards acceptance
HINT_PERSISTENCE = 3  # analyses a hint must hold before it is shown
TOO_DARK_BELOW = 45.0
GLARE_ABOVE = 0.015
SMALL_CODE_SHARE = 0.3  # a code smaller than this share of the frame height is too far
# Verdicts reached only after the signature checked out, so the text was read exactly as shown.
# (An allow-list: a reason added later must be judged before it may skip the repeated reads.)
SIGNED_READ = frozenset(
    {
        Reason.VALID,
        Reason.EXPIRED,
        Reason.NOT_YET_VALID,
        Reason.REVOKED,
        Reason.REPLAYED,
        Reason.ISSUER_NOT_ALLOWED,
        Reason.CLOCK_UNTRUSTWORTHY,
    }
)


class ScanPhase(enum.Enum):
    STARTING = "starting"
    LOOKING = "looking"  # no code read yet
    READING = "reading"  # a code read, not yet accepted
    ACCEPTED = "accepted"
    TIMED_OUT = "timed_out"
    CAMERA_FAILED = "camera_failed"

    @property
    def finished(self) -> bool:
        return self in (ScanPhase.ACCEPTED, ScanPhase.TIMED_OUT, ScanPhase.CAMERA_FAILED)


class Hint(enum.Enum):
    """What to tell the citizen while looking; the UI has a translated text for each."""

    NONE = "none"
    TOO_DARK = "too_dark"
    GLARE = "glare"
    MOVE_CLOSER = "move_closer"
    HOLD_STILL = "hold_still"
    SHOW_ONE_CODE = "show_one_code"
    KEEP_STEADY = "keep_steady"  # a code is being read: do not move away


@dataclass(frozen=True)
class Analysis:
    """What one analysed frame showed (computed on the worker thread)."""

    texts: tuple[str, ...]
    undecoded: int  # codes detected but not read
    largest_side: float | None
    frame_height: int
    stats: FrameStats
    verdicts: Mapping[str, VerificationResult] = field(default_factory=dict)
    unread_elsewhere: int = 0  # of those, codes beside the one read (a second code in view)


@dataclass(frozen=True)
class ScanView:
    phase: ScanPhase
    hint: Hint
    camera: CameraState
    seconds_left: int
    accepted_text: str | None
    result: VerificationResult | None


class ScanSession:
    """The state of one scan."""

    def __init__(
        self,
        clock: Clock,
        *,
        required_reads: int = DEFAULT_REQUIRED_READS,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> None:
        if required_reads < 1:
            raise ValueError("at least one read is required")
        self._clock = clock
        self.required_reads = required_reads
        self.timeout_s = timeout_s
        self._started = clock.monotonic()
        self.phase = ScanPhase.STARTING
        self.camera = CameraState.STARTING
        self._reads: list[tuple[float, str]] = []
        self._candidate_hint = Hint.NONE
        self._candidate_count = 0
        self.hint = Hint.NONE
        self.accepted_text: str | None = None
        self.result: VerificationResult | None = None
        self.analyses = 0

    # ------------------------------------------------------------------ inputs
    def on_camera_state(self, state: CameraState) -> None:
        if self.phase.finished:
            return
        self.camera = state
        if state.failed:
            self.phase = ScanPhase.CAMERA_FAILED
            self._reads = []
        elif state is CameraState.ACTIVE and self.phase is ScanPhase.STARTING:
            self.phase = ScanPhase.LOOKING

    def on_analysis(self, analysis: Analysis) -> None:
        if self.phase.finished:
            return
        self.analyses += 1
        if self.phase is ScanPhase.STARTING:
            self.phase = ScanPhase.LOOKING
        now = self._clock.monotonic()
        self._reads = [(when, text) for when, text in self._reads if now - when <= READ_WINDOW_S]
        if len(analysis.texts) > 1 or (analysis.texts and analysis.unread_elsewhere):
            self._reads = []
            self.phase = ScanPhase.LOOKING
            self._propose(Hint.SHOW_ONE_CODE, immediately=True)
            return
        if len(analysis.texts) == 1:
            self._read(analysis.texts[0], analysis, now)
            return
        self._propose(self._coaching(analysis))

    def poll(self) -> None:
        """Advance the timeout to the clock's current time."""
        if not self.phase.finished and self.seconds_left() == 0:
            self.phase = ScanPhase.TIMED_OUT
            self._reads = []  # an unfinished read is not kept

    # ------------------------------------------------------------------ reading
    def seconds_left(self) -> int:
        left = self.timeout_s - (self._clock.monotonic() - self._started)
        return max(0, int(left + 0.999))

    @property
    def holds_personal_data(self) -> bool:
        """Whether anything read from a code is still held (reads, accepted text, verdict)."""
        return bool(self._reads) or self.accepted_text is not None or self.result is not None

    def view(self) -> ScanView:
        return ScanView(
            self.phase, self.hint, self.camera, self.seconds_left(), self.accepted_text, self.result
        )

    # ------------------------------------------------------------------ internals
    def _read(self, text: str, analysis: Analysis, now: float) -> None:
        verdict = analysis.verdicts.get(text)
        if self._reads and self._reads[-1][1] != text:
            self._reads = []  # a different code: start counting again
        self._reads.append((now, text))
        if verdict is not None and verdict.reason in SIGNED_READ:
            self._accept(text, verdict)
            return
        if len(self._reads) >= self.required_reads:
            self._accept(text, verdict)
            return
        self.phase = ScanPhase.READING
        self._propose(Hint.KEEP_STEADY, immediately=True)

    def _accept(self, text: str, verdict: VerificationResult | None) -> None:
        self.phase = ScanPhase.ACCEPTED
        self._reads = []
        self.accepted_text = text
        self.result = verdict
        self.hint = Hint.NONE

    def _coaching(self, analysis: Analysis) -> Hint:
        stats = analysis.stats
        if stats.brightness < TOO_DARK_BELOW:
            return Hint.TOO_DARK
        if stats.glare > GLARE_ABOVE:
            return Hint.GLARE
        side = analysis.largest_side
        if side is not None and side < SMALL_CODE_SHARE * analysis.frame_height:
            return Hint.MOVE_CLOSER
        if analysis.undecoded:
            return Hint.HOLD_STILL
        return Hint.NONE

    def _propose(self, hint: Hint, *, immediately: bool = False) -> None:
        if hint is self._candidate_hint:
            self._candidate_count += 1
        else:
            self._candidate_hint, self._candidate_count = hint, 1
        if immediately or self._candidate_count >= HINT_PERSISTENCE:
            self.hint = hint
        if hint is not Hint.KEEP_STEADY and self.phase is ScanPhase.READING and not self._reads:
            self.phase = ScanPhase.LOOKING

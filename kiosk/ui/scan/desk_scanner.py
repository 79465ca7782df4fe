"""The hotel desk's always-on scanner: guests show their e-ID one after another.

It runs a continuous ``ScanController`` (frames analysed off the GUI thread, one at a time, the
camera kept running past each accepted code, no timeout). Codes are read without being
verified (two consistent reads accept one); an accepted code goes through the ``ScanGate``,
which hands it on once while it stays in view, and is then verified once, using it up
(``DESK_REQUEST``: a hotel check-in, identity credentials), on the task runner. Each verdict is
announced by ``verified`` (None: this terminal cannot verify, or verifying failed) and by a
sound: ``Cue.ACCEPTED`` for an identity credential the desk may use, ``Cue.REFUSED`` for
anything else. The same phone shown again after it went away is verified again, and the
verifier says it was already used, and when.

A camera failure (no device, unplugged, an error) releases the camera; it is started again
every ``restart_s`` until it works. ``pause`` hands nothing on (the camera and the preview keep
running, and a code held in view meanwhile is handed on once scanning resumes); ``stop``
releases the camera and drops every frame, text, digest and verification under way.

Memory stays flat however many guests pass: the controller keeps one frame and one scan, the
gate a bounded set of digests of the codes in view, the scanner only counters and the
verifications under way.

Thread contract: GUI thread only (the controller and the task runner deliver there).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import IDENTITY_TYPES
from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.camera import CameraState, LumaFrame
from kiosk.devices.qr_decoder import QrDecoder
from kiosk.devices.speaker import Cue
from kiosk.hotel.scan_gate import DEFAULT_QUIET_S, ScanGate
from kiosk.journeys.scan import Hint, ScanPhase, ScanView
from kiosk.journeys.scan_step import ScanRequest, judge
from kiosk.runtime.messages import Msg
from kiosk.runtime.tasks import TaskHandle, TaskRunner
from kiosk.ui.scan.controller import ScanController

if TYPE_CHECKING:
    from kiosk.ui.screens.base import ScanSetup

_log = logging.getLogger(__name__)

DESK_REQUEST = ScanRequest(
    Purpose.HOTEL_CHECK_IN,
    prompt=Msg.SCAN_PROMPT_IDENTITY_OR_RESIDENT,
    accepts=IDENTITY_TYPES,
    uses_up=True,
)
DEFAULT_RESTART_S = 3.0


@dataclass
class DeskCounters:
    """What the desk's scanner did since it was made (plain numbers: memory stays flat)."""

    accepted: int = 0  # codes accepted by a scan (a phone held in view, again and again)
    handed_on: int = 0  # of those, new codes handed on to be verified
    verified: int = 0  # verdicts given (``verified`` emitted)
    usable: int = 0  # of those, identity credentials the desk may use (``Cue.ACCEPTED``)
    refused: int = 0  # of those, anything else, or the terminal could not verify
    errors: int = 0  # verifications that failed (the terminal's fault, not the code's)
    camera_failures: int = 0
    camera_restarts: int = 0


class DeskScanner(QObject):
    """The desk's scanner: ``start`` once, then one ``verified`` per new code shown."""

    verified = Signal(object)  # a VerificationResult, or None (cannot verify)
    changed = Signal()  # the preview, the camera state or the hint changed

    def __init__(
        self,
        scanning: ScanSetup,
        tasks: TaskRunner,
        *,
        request: ScanRequest = DESK_REQUEST,
        quiet_s: float = DEFAULT_QUIET_S,
        restart_s: float = DEFAULT_RESTART_S,
        decoder: QrDecoder | None = None,
        cues: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._scanning = scanning
        self._tasks = tasks
        self.request = request
        self._cues = cues
        self.controller = ScanController(
            source_factory=scanning.source_factory,
            tasks=tasks,
            clock=scanning.clock,
            verify=None,  # read only: each new code is verified once, using it up
            speaker=scanning.speaker,
            decoder=decoder,
            required_reads=scanning.required_reads,
            continuous=True,
            parent=self,
        )
        self.gate = ScanGate(scanning.clock, quiet_s)
        self.counters = DeskCounters()
        self._running = False
        self._paused = False
        self._failed: CameraState | None = None  # the failure the restart timer waits out
        self._failing = False  # failed since the camera last worked (logged once)
        self._generation = 0  # verdicts of verifications begun before the last stop are dropped
        self._pending: dict[int, TaskHandle] = {}
        self._next_key = 0
        self._restart = QTimer(self)
        self._restart.setSingleShot(True)
        self._restart.setInterval(max(0, round(restart_s * 1000)))
        self._restart.timeout.connect(self._restart_camera)
        self.controller.read.connect(self.gate.seen)
        self.controller.accepted.connect(self._on_accepted)
        self.controller.finished.connect(self._on_finished)
        self.controller.changed.connect(self._on_changed)

    # ------------------------------------------------------------------ state
    @property
    def running(self) -> bool:
        """Started and not stopped (the camera may be restarting after a failure)."""
        return self._running

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def latest(self) -> LumaFrame | None:
        """The latest frame, for the preview (None when the camera is off)."""
        return self.controller.latest

    @property
    def camera_state(self) -> CameraState:
        """What the camera is doing; a failure stays until the camera works again."""
        if not self._running:
            return CameraState.OFF
        if self._failed is not None:
            return self._failed
        view = self.controller.view()
        return view.camera if view is not None else CameraState.STARTING

    @property
    def hint(self) -> Hint:
        """What to tell the guest about holding the phone (``Hint.NONE`` when nothing)."""
        view = self._view()
        return view.hint if view is not None else Hint.NONE

    @property
    def reading(self) -> bool:
        """A code is being read (not yet accepted): the guide frame may say so."""
        view = self._view()
        return view is not None and view.phase is ScanPhase.READING

    @property
    def verifying(self) -> int:
        """How many verifications are under way."""
        return len(self._pending)

    def retained(self) -> list[str]:
        """What the scanner still holds of the guests (empty after ``stop``)."""
        held = self.controller.retained()
        if len(self.gate):
            held.append("digests")
        if self._pending:
            held.append("verifications")
        return held

    # ------------------------------------------------------------------ control
    def start(self) -> None:
        """Start the camera and hand on every new code (again, if it was running)."""
        self._restart.stop()
        self._running = True
        self._paused = False
        self._failed = None
        self.controller.start()
        self.changed.emit()

    def stop(self) -> None:
        """Release the camera; drop every frame, text, digest and verification under way."""
        self._running = False
        self._paused = False
        self._failed = None
        self._failing = False
        self._restart.stop()
        self.controller.forget()
        self.gate.clear()
        self._generation += 1
        for handle in self._pending.values():
            handle.cancel()
        self._pending.clear()
        self.changed.emit()

    def pause(self) -> None:
        """Hand nothing on until ``resume`` (the camera keeps running)."""
        self._paused = True
        self.changed.emit()

    def resume(self) -> None:
        self._paused = False
        self.changed.emit()

    # ------------------------------------------------------------------ scanning (GUI thread)
    def _view(self) -> ScanView | None:
        return self.controller.view() if self._running and self._failed is None else None

    def _on_accepted(self, view: ScanView) -> None:
        self.counters.accepted += 1
        text = view.accepted_text
        if not self._running or self._paused or text is None:
            return
        if not self.gate.admit(text):
            return  # handed on already, and still in view
        self.counters.handed_on += 1
        self._verify(text)

    def _verify(self, text: str) -> None:
        verify = self._scanning.verify
        request = self.request
        if verify is None:
            self._deliver(None)
            return
        key, generation = self._next_key, self._generation
        self._next_key += 1

        def done(result: VerificationResult) -> None:
            self._pending.pop(key, None)
            if generation == self._generation:
                self._deliver(result)

        def failed(error: BaseException) -> None:
            self._pending.pop(key, None)
            if generation != self._generation:
                return
            self.counters.errors += 1
            _log.error("a guest's code could not be verified: %s", type(error).__name__)
            self._deliver(None)

        handle = self._tasks.submit(
            "verify a guest's code", lambda: verify(text, request), done, failed
        )
        if not handle.finished:  # a synchronous runner has delivered already
            self._pending[key] = handle

    def _deliver(self, result: VerificationResult | None) -> None:
        usable = judge(self.request, result).accepted
        self.counters.verified += 1
        if usable:
            self.counters.usable += 1
        else:
            self.counters.refused += 1
        if self._cues:
            self._scanning.speaker.play(Cue.ACCEPTED if usable else Cue.REFUSED)
        self.verified.emit(result)

    def _on_finished(self) -> None:
        # Continuous scans end only when the camera failed (or were stopped).
        view = self.controller.view()
        if not self._running or view is None or view.phase is not ScanPhase.CAMERA_FAILED:
            return
        if not self._failing:
            _log.info("the desk's camera failed (%s); starting it again", view.camera.value)
        self._failing = True
        self._failed = view.camera
        self.counters.camera_failures += 1
        self._restart.start()
        self.changed.emit()

    def _on_changed(self) -> None:
        view = self.controller.view()
        if view is not None and view.camera is CameraState.ACTIVE:
            self._failing = False
        self.changed.emit()

    def _restart_camera(self) -> None:
        if not self._running:
            return
        self.counters.camera_restarts += 1
        self._failed = None
        self.controller.start()
        self.changed.emit()

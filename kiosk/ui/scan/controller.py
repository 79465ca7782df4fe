"""Run one scan: frames from a source → analysis on a worker → the ``ScanSession``.

At most one frame is analysed at a time; frames arriving meanwhile replace the preview and are
otherwise dropped (never queued), so the analysis always works on a recent frame and a slow
frame never builds a backlog. Each analysis decodes the frame, measures it for coaching and,
for a code not seen before in this scan, verifies it without using it up (``record_use=False``),
so that a genuine credential is accepted at once.

Once the scan ends (accepted, timed out, camera failed) or ``stop`` is called, the camera is
released and the frame, the preview and every decoded text are dropped.

A ``continuous`` controller (the hotel desk's, ``kiosk.ui.scan.desk_scanner``) keeps the camera
running past an accepted code: it says so (``accepted``, with the view of that moment), drops
that scan's reads and verdicts and begins the next scan at once; it never times out. A camera
failure still ends it (released, ``finished``), and ``start`` begins again. It also says what
each analysed frame read (``read``), so that the desk knows which codes are still in view.

Thread contract: GUI thread. Sources may deliver from their own thread; the deliveries are
queued onto the GUI thread by signals.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.camera import CameraState, FrameSource, LumaFrame
from kiosk.devices.frame_stats import frame_stats
from kiosk.devices.qr_decoder import QrDecoder
from kiosk.devices.speaker import Cue, Speaker
from kiosk.journeys.scan import Analysis, ScanPhase, ScanSession, ScanView
from kiosk.runtime.clock import Clock
from kiosk.runtime.tasks import TaskHandle, TaskRunner

_log = logging.getLogger(__name__)
Verify = Callable[[str], VerificationResult]


@dataclass
class ScanCounters:
    """How the pipeline kept up (for ``kiosk scan-test`` and the benchmark)."""

    frames: int = 0
    analysed: int = 0
    dropped: int = 0
    decoded: int = 0
    failed: int = 0


class ScanController(QObject):
    """One scan at a time; ``start`` again for the next."""

    changed = Signal()  # the view or the preview changed
    finished = Signal()  # the scan ended: see ``view().phase``
    accepted = Signal(object)  # continuous: a code was accepted (its ``ScanView``); goes on
    read = Signal(object)  # the texts an analysed frame read (a tuple, maybe empty)
    _frame_arrived = Signal(int, object)  # (scan generation, frame)
    _state_arrived = Signal(int, object)  # (scan generation, state)

    def __init__(
        self,
        *,
        source_factory: Callable[[], FrameSource],
        tasks: TaskRunner,
        clock: Clock,
        verify: Verify | None,
        speaker: Speaker,
        decoder: QrDecoder | None = None,
        required_reads: int = 2,
        timeout_s: float = 45.0,
        continuous: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._source_factory = source_factory
        self._tasks = tasks
        self._clock = clock
        self._verify = verify
        self._scan_verify = verify  # the function of the scan under way
        self._speaker = speaker
        self._decoder = decoder or QrDecoder()
        self._required_reads = required_reads
        self._timeout_s = timeout_s
        self.continuous = continuous
        self._source: FrameSource | None = None
        self._session: ScanSession | None = None
        self._in_flight: TaskHandle | None = None
        self._verdicts: dict[str, VerificationResult] = {}
        self._verdicts_lock = threading.Lock()
        self.latest: LumaFrame | None = None
        self.counters = ScanCounters()
        # Deliveries are queued: one made for an earlier scan may arrive after the next began.
        # Each scan has its own generation and anything carrying another one is dropped.
        self._generation = 0
        self._frame_arrived.connect(self._on_frame, Qt.ConnectionType.QueuedConnection)
        self._state_arrived.connect(self._on_state, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------------ control
    def set_verify(self, verify: Verify | None) -> None:
        """How the next scans verify a code (None: they read it only). A scan already under
        way keeps the function it started with."""
        self._verify = verify

    @property
    def running(self) -> bool:
        return self._source is not None

    def start(self) -> None:
        self.stop()
        self._decoder.reset()  # the last citizen's phone says nothing about this one's
        self.counters = ScanCounters()
        self._session = ScanSession(
            self._clock, required_reads=self._required_reads, timeout_s=self._timeout_s
        )
        self._generation += 1
        generation = self._generation
        self._scan_verify = self._verify
        self._source = self._source_factory()
        self._source.start(
            lambda frame: self._frame_arrived.emit(generation, frame),
            lambda state: self._state_arrived.emit(generation, state),
        )
        self.changed.emit()

    def stop(self) -> None:
        """Release the camera and forget every frame and text of this scan."""
        source, self._source = self._source, None
        self._generation += 1
        if source is not None:
            source.stop()
        if self._in_flight is not None:
            self._in_flight.cancel()
            self._in_flight = None
        self.latest = None
        with self._verdicts_lock:
            self._verdicts = {}

    def forget(self) -> None:
        """Stop and also drop the session (its accepted text and result): the session ends."""
        self.stop()
        self._session = None
        self.changed.emit()

    def poll(self) -> None:
        """Called by the screen's timer: timeouts (none for a continuous controller)."""
        session = self._session
        if session is None or session.phase.finished or self.continuous:
            return
        session.poll()
        if session.view().phase.finished:  # poll() may have ended it
            self._finish()
        self.changed.emit()

    def view(self) -> ScanView | None:
        return self._session.view() if self._session is not None else None

    def retained(self) -> list[str]:
        """What this controller still holds of the last citizen (empty after ``forget``)."""
        held = []
        if self.latest is not None:
            held.append("frame")
        if self._verdicts:
            held.append("verdicts")
        if self._session is not None and self._session.holds_personal_data:
            held.append("reads")
        return held

    # ------------------------------------------------------------------ deliveries (GUI thread)
    def _on_state(self, generation: int, state: CameraState) -> None:
        if generation != self._generation or self._session is None or self._source is None:
            return
        self._session.on_camera_state(state)
        if self._session.phase.finished:
            self._finish()
        self.changed.emit()

    def _on_frame(self, generation: int, frame: LumaFrame) -> None:
        if generation != self._generation or self._session is None or self._source is None:
            return  # queued for a scan that has ended
        self.counters.frames += 1
        self.latest = frame
        if self._in_flight is not None:
            self.counters.dropped += 1
        else:
            with self._verdicts_lock:
                known = frozenset(self._verdicts)
            verify = self._scan_verify
            handle = self._tasks.submit(
                "analyse frame",
                lambda: self._analyse(frame, known, verify),
                self._on_analysis,
                self._on_error,
            )
            # A synchronous runner has already delivered (and cleared the slot) by now.
            self._in_flight = None if handle.finished else handle
        self.changed.emit()

    # ------------------------------------------------------------------ work (worker thread)
    def _analyse(self, frame: LumaFrame, known: frozenset[str], verify: Verify | None) -> Analysis:
        outcome = self._decoder.decode(frame.pixels)
        verdicts: dict[str, VerificationResult] = {}
        if verify is not None and len(outcome.codes) == 1:
            text = outcome.codes[0].text
            if text not in known:
                verdicts[text] = verify(text)
        return Analysis(
            texts=outcome.texts,
            undecoded=len(outcome.undecoded),
            largest_side=outcome.largest_side,
            frame_height=frame.height,
            stats=frame_stats(frame.pixels),
            verdicts=verdicts,
            unread_elsewhere=outcome.unread_elsewhere,
        )

    # ------------------------------------------------------------------ results (GUI thread)
    def _on_analysis(self, analysis: Analysis) -> None:
        self._in_flight = None
        if self._session is None or self._source is None:
            return
        self.counters.analysed += 1
        self.counters.decoded += bool(analysis.texts)
        with self._verdicts_lock:
            self._verdicts.update(analysis.verdicts)
            verdicts = dict(self._verdicts)
        complete = dataclasses.replace(
            analysis,
            verdicts={text: verdicts[text] for text in analysis.texts if text in verdicts},
        )
        self._session.on_analysis(complete)
        self.read.emit(analysis.texts)
        if self._ended():
            return  # a receiver of ``read`` stopped the scan
        if self.continuous and self._session.phase is ScanPhase.ACCEPTED:
            self._next_scan()
        elif self._session.phase.finished:
            self._finish()
        self.changed.emit()

    def _ended(self) -> bool:
        return self._session is None or self._source is None

    def _next_scan(self) -> None:
        # Continuous: say what was accepted, then read the next code with the camera running.
        session = self._session
        assert session is not None
        view = session.view()
        with self._verdicts_lock:
            self._verdicts = {}
        self._session = ScanSession(
            self._clock, required_reads=self._required_reads, timeout_s=self._timeout_s
        )
        self._session.on_camera_state(session.camera)
        self.accepted.emit(view)

    def _on_error(self, error: BaseException) -> None:
        self._in_flight = None
        self.counters.failed += 1
        if self.counters.failed == 1:  # once a scan: the next frames would only repeat it
            _log.error("frame analysis failed: %s", type(error).__name__)

    def _finish(self) -> None:
        session = self._session
        self.stop()  # release the camera as soon as the scan is over
        if session is not None and session.phase is ScanPhase.ACCEPTED:
            self._speaker.play(Cue.ACCEPTED)
        self.finished.emit()

"""Technician mode's device tests: the camera's live figures, a test print, the printer's state.

One step (``Screen.TECH_DEVICES``). The screen runs the camera (the scan machinery of
``kiosk.ui.scan``, without verifying anything) and tells this journey what it saw; the journey
keeps the figures a technician judges a camera by (``CameraFigures``): frames a second and the
picture's size, how many frames the decoder kept up with, how many of those it read a code in
and codes read a second, the picture's brightness, glare and sharpness, and the *kind* of the
last code read (``CodeKind``: an e-ID, an e-licence, a receipt, this printer's test page, or
not a code we know) — never a code's text, which may be a citizen's. The camera runs only while
the step is shown; when it stops, the run's figures go to the audit log
(``AuditAction.CAMERA_TESTED``).

The printer side asks the printer for its state when the step opens, every
``PRINTER_CHECK_S`` while it is shown and after each test print, and prints the test page of
``kiosk printer test`` (``kiosk.technician.printer_test``), audited as
``AuditAction.PRINTER_TESTED``. Printer calls block: they run on the printer's own task runner
and come back on the GUI thread; an answer arriving after the journey ended is dropped.

Thread contract: GUI thread only (printer calls and audit writes run on workers);
``code_kind`` is pure and may run on any thread.
"""

from __future__ import annotations

import enum
import logging
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.credentials.cbor_profile import loads_strict
from kiosk.credentials.codec import PREFIX, decode_base45, decompress, strip_prefix
from kiosk.credentials.cose import parse_sign1
from kiosk.credentials.cwt import CLAIM_CREDENTIAL
from kiosk.credentials.errors import CredentialError
from kiosk.credentials.registry import IDENTITY_TYPES, CredentialType
from kiosk.devices.camera import CameraState
from kiosk.devices.frame_stats import FrameStats
from kiosk.devices.printer import PrinterState
from kiosk.domain.receipt import STATUS_PREFIX, status_code_of
from kiosk.domain.text import Language
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.runtime.clock import Clock
from kiosk.technician.audit import AuditAction
from kiosk.technician.printer_test import (
    TestPageOutcome,
    audit_detail,
    audit_outcome,
    make_test_page,
    print_test_page,
)

if TYPE_CHECKING:
    from kiosk.runtime.tasks import TaskHandle
    from kiosk.technician.services import TechnicianServices

_log = logging.getLogger(__name__)

WINDOW_S = 3.0  # the live figures are over the last three seconds of frames
PRINTER_CHECK_S = 5.0  # the printer's state is asked again this often while the step is shown
TEST_PAGE_CODE = f"{STATUS_PREFIX}-TEST:"  # the test page's QR code (``TestPage.qr_content``)


# --------------------------------------------------------------------------- what a code is


class CodeKind(enum.Enum):
    """What kind of code the camera read (the UI has a text for each); never its content."""

    E_ID = "e_id"  # an e-ID or an overseas resident's e-ID (a person's identity)
    E_LICENCE = "e_licence"  # an e-licence (a permit, a certificate, a business licence)
    CREDENTIAL_UNREADABLE = "credential_unreadable"  # a credential's prefix, but not readable
    RECEIPT = "receipt"  # a receipt's status code (bare or as its page's address)
    TEST_PAGE = "test_page"  # the printer test page's code
    UNKNOWN = "unknown"  # anything else: not a code the terminal knows


def code_kind(text: str) -> CodeKind:
    """What kind of code ``text`` is, by its shape and, for a credential, the type it names
    (read without checking the signature: only the kind is kept). Total: never raises."""
    if text.startswith(TEST_PAGE_CODE):
        return CodeKind.TEST_PAGE
    if status_code_of(text, bases=None) is not None:
        return CodeKind.RECEIPT
    if not text.startswith(PREFIX):
        return CodeKind.UNKNOWN
    try:
        message = parse_sign1(decompress(decode_base45(strip_prefix(text))))
        claims = loads_strict(message.payload)
    except CredentialError:
        return CodeKind.CREDENTIAL_UNREADABLE
    credential = claims.get(CLAIM_CREDENTIAL) if isinstance(claims, Mapping) else None
    kind = credential.get("type") if isinstance(credential, Mapping) else None
    try:
        credential_type = CredentialType(kind)
    except ValueError:
        return CodeKind.CREDENTIAL_UNREADABLE
    return CodeKind.E_ID if credential_type in IDENTITY_TYPES else CodeKind.E_LICENCE


# --------------------------------------------------------------------------- the camera's figures


@dataclass(frozen=True)
class FrameMeasure:
    """What the decoder found in one analysed frame: the frame's time (the source's monotonic
    seconds), how many codes it read, their kinds, and the picture's statistics."""

    timestamp: float
    codes: int
    kinds: tuple[CodeKind, ...]
    stats: FrameStats


@dataclass(frozen=True)
class CameraFigures:
    """The camera's figures as the screen shows them. Rates are over the last ``WINDOW_S`` of
    frames (None until two frames came); ``frames``/``analysed``/``decoded`` count the whole
    run."""

    state: CameraState
    width: int | None = None
    height: int | None = None
    frames_per_s: float | None = None
    analysed_per_s: float | None = None  # frames the decoder looked at (it skips while busy)
    decoded_share: float | None = None  # of the frames looked at, those with a code read
    codes_per_s: float | None = None  # frames with a code read, a second
    brightness: float | None = None  # mean grey level 0-255 of the last frame looked at
    glare: float | None = None  # its share of saturated pixels
    sharpness: float | None = None  # its mean difference between neighbouring pixels
    last_kind: CodeKind | None = None
    last_kind_age_s: float | None = None  # how long ago (on the camera's clock) it was read
    frames: int = 0
    analysed: int = 0
    decoded: int = 0


class CameraMeter:
    """Counts one run of the camera (from ``start`` to the next ``start``)."""

    def __init__(self, window_s: float = WINDOW_S) -> None:
        self.window_s = window_s
        self.start()

    def start(self) -> None:
        self.state = CameraState.STARTING
        self._frames: deque[float] = deque()
        self._measures: deque[tuple[float, bool]] = deque()
        self.size: tuple[int, int] | None = None
        self.frames = self.analysed = self.decoded = 0
        self._last: FrameMeasure | None = None
        self._last_code: tuple[float, CodeKind] | None = None

    def frame(self, timestamp: float, width: int, height: int) -> None:
        self.frames += 1
        self.size = (width, height)
        self._frames.append(timestamp)
        self._trim(timestamp)

    def measured(self, measure: FrameMeasure) -> None:
        self.analysed += 1
        read = measure.codes > 0
        self.decoded += read
        self._measures.append((measure.timestamp, read))
        self._last = measure
        if measure.kinds:
            self._last_code = (measure.timestamp, measure.kinds[-1])
        self._trim(self._newest())

    def _newest(self) -> float:
        newest = self._frames[-1] if self._frames else float("-inf")
        if self._measures:
            newest = max(newest, self._measures[-1][0])
        return newest

    def _trim(self, newest: float) -> None:
        oldest = newest - self.window_s
        while self._frames and self._frames[0] < oldest:
            self._frames.popleft()
        while self._measures and self._measures[0][0] < oldest:
            self._measures.popleft()

    def figures(self) -> CameraFigures:
        width, height = self.size if self.size is not None else (None, None)
        fps = analysed_per_s = codes_per_s = decoded_share = None
        frames = len(self._frames)
        if frames >= 2 and (span := self._frames[-1] - self._frames[0]) > 0:
            fps = (frames - 1) / span
            # The frames looked at and read, as shares of the frames that came in the window.
            looked = sum(1 for when, _ in self._measures if when >= self._frames[0])
            read = sum(1 for when, hit in self._measures if hit and when >= self._frames[0])
            analysed_per_s = fps * min(1.0, looked / frames)
            codes_per_s = fps * min(1.0, read / frames)
        if self._measures:
            decoded_share = sum(hit for _, hit in self._measures) / len(self._measures)
        stats = self._last.stats if self._last is not None else None
        last_kind = age = None
        if self._last_code is not None:
            when, last_kind = self._last_code
            age = max(0.0, self._newest() - when)
        return CameraFigures(
            state=self.state,
            width=width,
            height=height,
            frames_per_s=fps,
            analysed_per_s=analysed_per_s,
            decoded_share=decoded_share,
            codes_per_s=codes_per_s,
            brightness=stats.brightness if stats else None,
            glare=stats.glare if stats else None,
            sharpness=stats.sharpness if stats else None,
            last_kind=last_kind,
            last_kind_age_s=age,
            frames=self.frames,
            analysed=self.analysed,
            decoded=self.decoded,
        )


# --------------------------------------------------------------------------- the journey


class DevicesStep(enum.Enum):
    DEVICES = "devices"


class DevicesMove(enum.Enum):
    """The device tests have one step: leaving is the host's (home, idle)."""

    NONE = "none"


TECH_DEVICES = JourneyDefinition[DevicesStep, DevicesMove](
    "tech_devices",
    first=DevicesStep.DEVICES,
    steps={DevicesStep.DEVICES: StepSpec(Screen.TECH_DEVICES, IdleRule.TECHNICIAN)},
    transitions=[],
)


class PrintPhase(enum.Enum):
    IDLE = "idle"  # no test page asked for yet
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


@dataclass
class DevicesState(JourneyState):
    """What the step shows; nothing in it comes from a citizen."""

    printer: PrinterState | None = None  # None: not known yet
    asking: bool = False
    print_phase: PrintPhase = PrintPhase.IDLE
    last_print: TestPageOutcome | None = None
    pages: int = 0  # test pages asked for in this visit
    camera_runs: list[CameraFigures] = field(default_factory=list)  # each run's last figures


class TechDevicesJourney(Journey[DevicesStep, DevicesMove, DevicesState]):
    """The camera's figures, the printer's state and the test page."""

    def __init__(
        self,
        services: TechnicianServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
    ) -> None:
        super().__init__(TECH_DEVICES, DevicesState())
        self._services = services
        self._clock = clock
        self._language = language
        self.meter = CameraMeter()
        self._camera_on = False
        self._asked_at: float | None = None
        self._handles: list[TaskHandle] = []
        self._watchers: list[Callable[[], None]] = []
        self.check_printer()

    # ------------------------------------------------------------------ listeners
    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (GUI thread) when the printer's state or a test print changed."""
        if listener not in self._watchers:
            self._watchers.append(listener)

    def _changed_printer(self) -> None:
        for listener in list(self._watchers):
            listener()

    # ------------------------------------------------------------------ the camera
    @property
    def has_printer(self) -> bool:
        return self._services.printer is not None

    def camera_started(self) -> None:
        """The screen started the camera: a new run."""
        if self.ended:
            return
        self._finish_camera_run()
        self.meter.start()
        self._camera_on = True

    def camera_state(self, state: CameraState) -> None:
        if self._camera_on:
            self.meter.state = state

    def frame_seen(self, timestamp: float, width: int, height: int) -> None:
        if self._camera_on:
            self.meter.frame(timestamp, width, height)

    def frame_measured(self, measure: FrameMeasure) -> None:
        if self._camera_on:
            self.meter.measured(measure)

    def camera_stopped(self) -> None:
        """The screen released the camera (left, idle, failed): the run is audited."""
        self._finish_camera_run()

    @property
    def camera(self) -> CameraFigures:
        return self.meter.figures()

    def _finish_camera_run(self) -> None:
        if not self._camera_on:
            return
        self._camera_on = False
        figures = self.meter.figures()
        self.state.camera_runs.append(figures)
        detail: dict[str, str | int] = {
            "state": figures.state.value,
            "frames": figures.frames,
            "analysed": figures.analysed,
            "decoded": figures.decoded,
        }
        if figures.width is not None and figures.height is not None:
            detail["size"] = f"{figures.width}x{figures.height}"
        if figures.frames_per_s is not None:
            detail["fps"] = round(figures.frames_per_s)
        outcome = "failed" if figures.state.failed or not figures.frames else "ok"
        self._audit(AuditAction.CAMERA_TESTED, outcome, detail)

    # ------------------------------------------------------------------ the printer
    def check_printer(self) -> None:
        """Ask the printer for its state now (unless a question or a print is under way)."""
        printer = self._services.printer
        self._asked_at = self._clock.monotonic()
        if printer is None:
            self.state.printer = PrinterState.OFFLINE
            return
        if self.ended or self.state.asking or self.state.print_phase is PrintPhase.PRINTING:
            return
        self.state.asking = True

        def done(state: PrinterState) -> None:
            if self.ended:
                return
            self.state.asking = False
            self.state.printer = state
            self._changed_printer()

        def failed(error: BaseException) -> None:
            _log.warning("printer state query failed: %s", type(error).__name__)
            done(PrinterState.OFFLINE)

        self._submit("printer state", printer.state, done, failed)

    def print_test_page(self) -> bool:
        """Print the test page (in the session's language); False when one is printing or
        there is no printer."""
        printer = self._services.printer
        if self.ended or printer is None or self.state.print_phase is PrintPhase.PRINTING:
            return False
        services = self._services
        self.state.pages += 1
        now = self._clock.now()
        page = make_test_page(
            printer=services.printer_name,
            paper_mm=printer.paper.millimetres,
            terminal_id=services.terminal_id,
            now=now,
            language=self._language(),
        )
        # A new job id for every page asked for: a printer skips an id it completed.
        job_id = f"T:{services.terminal_id}:{int(now.timestamp())}:{self.state.pages}"
        self.state.print_phase = PrintPhase.PRINTING
        self._changed_printer()

        audit = self._services.audit

        def work() -> TestPageOutcome:
            outcome = print_test_page(printer, page, job_id)
            # Recorded here, on the worker: a page printed after the step was left still is.
            try:
                audit.record(
                    AuditAction.PRINTER_TESTED,
                    outcome=audit_outcome(outcome),
                    detail=audit_detail(outcome),
                )
            except Exception as error:  # noqa: BLE001 - the page is on paper all the same
                _log.error("audit entry printer.tested not written: %s", type(error).__name__)
            return outcome

        def done(outcome: TestPageOutcome) -> None:
            if self.ended:
                return
            self.state.last_print = outcome
            self.state.print_phase = PrintPhase.PRINTED if outcome.printed else PrintPhase.FAILED
            self.state.printer = outcome.state
            self._asked_at = self._clock.monotonic()
            self._changed_printer()

        def failed(error: BaseException) -> None:  # print_test_page never raises: a bug
            _log.error("test page failed: %s", type(error).__name__)
            done(TestPageOutcome(PrinterState.ERROR, None, PrinterState.ERROR, False, 0))

        self._submit("test page", work, done, failed)
        return True

    def tick(self) -> None:
        """Called by the host a few times a second: the printer's state is asked again every
        ``PRINTER_CHECK_S``."""
        if self.ended or self._asked_at is None:
            return
        if self._clock.monotonic() - self._asked_at >= PRINTER_CHECK_S:
            self.check_printer()

    # ------------------------------------------------------------------ internals
    def _submit(
        self,
        name: str,
        work: Callable[[], object],
        done: Callable[..., None],
        failed: Callable[[BaseException], None],
    ) -> None:
        tasks = self._services.printer_tasks or self._services.tasks
        handle = tasks.submit(name, work, done, failed)
        self._handles = [h for h in self._handles if not h.finished]
        if not handle.finished:
            self._handles.append(handle)

    def _audit(self, action: AuditAction, outcome: str, detail: dict[str, str | int]) -> None:
        audit = self._services.audit

        def failed(error: BaseException) -> None:
            _log.error("audit entry %s not written: %s", action.value, type(error).__name__)

        self._services.tasks.submit(
            f"audit {action.value}",
            lambda: audit.record(action, outcome=outcome, detail=detail),
            lambda _entry: None,
            failed,
        )

    def on_end(self) -> None:
        self._finish_camera_run()
        for handle in self._handles:
            handle.cancel()  # answers for a step no longer shown are dropped
        self._handles = []
        self._watchers.clear()

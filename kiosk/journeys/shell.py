"""The terminal's top-level state machine: home, help, checking a credential (scan, result),
the receipt, apology, maintenance, idle and language.

The UI renders ``ShellView`` snapshots and forwards touches as method calls; everything a citizen
can do and everything that happens on its own (idle countdown, session wipe, recovery after a
bug) is decided here, without Qt, and tested with a ``ManualClock``.

Privacy: a *session* is one citizen's visit. Going home, idling out or hitting a bug ends it:
the session object is replaced, its number increments (the UI then wipes every widget) and the
language returns to the terminal's default.

Thread contract: GUI thread only. ``poll`` is called by a timer a few times a second.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.devices.printer import PrinterState
from kiosk.journeys.idle import IdlePhase, IdleStatus, IdleWatch
from kiosk.journeys.machine import StateMachine, Transition
from kiosk.journeys.receipt import PrinterWatch, ReceiptDesk, ReceiptPhase, ReceiptView
from kiosk.runtime.clock import Clock

if TYPE_CHECKING:  # the verifier and the configuration's schema are not needed to paint home
    from kiosk.config.loader import ConfigError
    from kiosk.credentials.verifier import VerificationResult
    from kiosk.domain.receipt import HotelSlip, Printable

APOLOGY_SECONDS = 15


class Screen(enum.Enum):
    """What the terminal shows; the UI has one screen per member."""

    HOME = "home"
    HELP = "help"
    CHECK_SCAN = "check_scan"  # show a credential's QR code to the camera
    CHECK_RESULT = "check_result"  # what the terminal verified
    RECEIPT = "receipt"  # a receipt or slip printing, printed, or shown when it cannot print
    APOLOGY = "apology"
    MAINTENANCE = "maintenance"


class ShellEvent(enum.Enum):
    OPEN_HELP = "open_help"
    OPEN_CHECK = "open_check"
    SCAN_ACCEPTED = "scan_accepted"
    SCAN_AGAIN = "scan_again"
    SHOW_RECEIPT = "show_receipt"
    GO_HOME = "go_home"
    IDLE_EXPIRED = "idle_expired"
    BUG = "bug"


S, E = Screen, ShellEvent
TRANSITIONS: list[tuple[Screen, ShellEvent, Screen]] = [
    (S.HOME, E.OPEN_HELP, S.HELP),
    (S.HOME, E.IDLE_EXPIRED, S.HOME),
    (S.HOME, E.BUG, S.APOLOGY),
    (S.HELP, E.GO_HOME, S.HOME),
    (S.HELP, E.IDLE_EXPIRED, S.HOME),
    (S.HELP, E.BUG, S.APOLOGY),
    (S.HOME, E.OPEN_CHECK, S.CHECK_SCAN),
    (S.CHECK_SCAN, E.SCAN_ACCEPTED, S.CHECK_RESULT),
    (S.CHECK_SCAN, E.GO_HOME, S.HOME),
    (S.CHECK_SCAN, E.IDLE_EXPIRED, S.HOME),
    (S.CHECK_SCAN, E.BUG, S.APOLOGY),
    (S.CHECK_RESULT, E.SCAN_AGAIN, S.CHECK_SCAN),
    (S.CHECK_RESULT, E.GO_HOME, S.HOME),
    (S.CHECK_RESULT, E.IDLE_EXPIRED, S.HOME),
    (S.CHECK_RESULT, E.BUG, S.APOLOGY),
    (S.CHECK_RESULT, E.SHOW_RECEIPT, S.RECEIPT),  # a hotel's check-in slip for a verified guest
    (S.RECEIPT, E.SCAN_AGAIN, S.CHECK_SCAN),  # the next guest
    (S.RECEIPT, E.GO_HOME, S.HOME),
    (S.RECEIPT, E.IDLE_EXPIRED, S.HOME),
    (S.RECEIPT, E.BUG, S.APOLOGY),
    (S.APOLOGY, E.GO_HOME, S.HOME),
    (S.APOLOGY, E.IDLE_EXPIRED, S.HOME),
    (S.APOLOGY, E.BUG, S.APOLOGY),
    # MAINTENANCE has no way out: the terminal restarts once a technician has fixed it.
]
# Events that end the citizen's session (wipe everything they entered or saw).
SESSION_ENDING = frozenset({E.GO_HOME, E.IDLE_EXPIRED, E.BUG})


@dataclass(frozen=True)
class IdlePolicy:
    """How long a screen waits for a touch, and whether the countdown overlay is shown."""

    timeout_s: float
    countdown_s: float
    overlay: bool


@dataclass(frozen=True)
class MaintenanceReason:
    """Why the terminal is out of service. Today: an invalid configuration."""

    config_error: ConfigError


@dataclass
class Session:
    """One citizen's visit. Journeys keep their data here; a wipe discards the object."""

    number: int
    language: str
    check_result: VerificationResult | None = None  # what the last accepted scan verified
    data: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class ShellView:
    """Everything the UI needs to draw the current moment."""

    screen: Screen
    language: str
    languages: tuple[str, ...]
    idle: IdleStatus
    countdown_visible: bool
    session_number: int
    maintenance: MaintenanceReason | None
    printer_state: PrinterState | None = None  # None: not known yet
    starting: bool = False  # the terminal's services are still opening: no journey can start


class KioskShell:
    """Top-level state machine of the terminal."""

    def __init__(
        self,
        clock: Clock,
        *,
        languages: Sequence[str],
        default_language: str,
        idle_timeout_s: float,
        idle_countdown_s: float,
        maintenance: MaintenanceReason | None = None,
        receipts: ReceiptDesk | None = None,
        printer_watch: PrinterWatch | None = None,
        starting: bool = False,
    ) -> None:
        """``receipts`` prints receipts (None: a terminal without a printer set up),
        ``printer_watch`` keeps the printer state for the home screen. ``starting``: the
        terminal's services are still opening; until ``services_ready`` no journey starts
        (the home screen says so)."""
        if default_language not in languages:
            raise ValueError("the default language must be one of the languages")
        self._clock = clock
        self._languages = tuple(languages)
        self._default_language = default_language
        self._maintenance = maintenance
        self._policies = {
            Screen.HOME: IdlePolicy(idle_timeout_s, 0, overlay=False),
            Screen.HELP: IdlePolicy(idle_timeout_s, idle_countdown_s, overlay=True),
            Screen.CHECK_SCAN: IdlePolicy(idle_timeout_s, idle_countdown_s, overlay=True),
            Screen.CHECK_RESULT: IdlePolicy(idle_timeout_s, idle_countdown_s, overlay=True),
            Screen.RECEIPT: IdlePolicy(idle_timeout_s, idle_countdown_s, overlay=True),
            Screen.APOLOGY: IdlePolicy(APOLOGY_SECONDS, APOLOGY_SECONDS, overlay=False),
        }
        initial = Screen.MAINTENANCE if maintenance else Screen.HOME
        self._machine: StateMachine[Screen, ShellEvent] = StateMachine(initial, TRANSITIONS)
        self._machine.subscribe(self._on_transition)
        self.receipts: ReceiptDesk | None = None
        self.printer_watch: PrinterWatch | None = None
        self._slip_for: Callable[[VerificationResult], HotelSlip | None] | None = None
        self._starting = starting
        self._attach(receipts, printer_watch)
        self.session = Session(number=1, language=default_language)
        self._idle = self._new_idle_watch()
        self._listeners: list[Callable[[ShellView], None]] = []
        self._last_view = self.view()

    def _attach(self, receipts: ReceiptDesk | None, printer_watch: PrinterWatch | None) -> None:
        self.receipts = receipts
        self.printer_watch = printer_watch
        if printer_watch is not None:
            printer_watch.subscribe(lambda _state: self._publish())
            if receipts is not None:
                receipts.subscribe(self._on_receipt)

    def services_ready(
        self,
        *,
        receipts: ReceiptDesk | None = None,
        printer_watch: PrinterWatch | None = None,
    ) -> None:
        """The terminal's services have opened (or failed to, then None): journeys may start.
        Called once, after construction with ``starting=True``."""
        if not self._starting:
            raise RuntimeError("the shell's services are already attached")
        self._attach(receipts, printer_watch)
        self._starting = False
        if printer_watch is not None:
            printer_watch.check_now()  # the home screen tells at once if receipts cannot print
        self._publish()

    # ------------------------------------------------------------------ reading
    @property
    def starting(self) -> bool:
        """True until the terminal's services are open: no journey can start yet."""
        return self._starting

    @property
    def screen(self) -> Screen:
        return self._machine.state

    def view(self) -> ShellView:
        policy = self._policies.get(self.screen)
        idle = self._idle.status() if policy else IdleStatus(IdlePhase.ACTIVE, 0)
        if idle.phase is IdlePhase.ACTIVE:
            idle = IdleStatus(IdlePhase.ACTIVE, 0)  # seconds only matter once counting down
        return ShellView(
            screen=self.screen,
            language=self.session.language,
            languages=self._languages,
            idle=idle,
            countdown_visible=bool(policy and policy.overlay and idle.phase is IdlePhase.COUNTDOWN),
            session_number=self.session.number,
            maintenance=self._maintenance,
            printer_state=self.printer_watch.state if self.printer_watch else None,
            starting=self._starting,
        )

    def subscribe(self, listener: Callable[[ShellView], None]) -> None:
        """Call ``listener`` with a fresh view whenever anything visible changes."""
        self._listeners.append(listener)

    def transitions(self) -> list[Transition[Screen, ShellEvent]]:
        return self._machine.transitions()

    # ------------------------------------------------------------------ user intents
    def open_help(self) -> None:
        self._fire(ShellEvent.OPEN_HELP)  # help needs no service: open while starting too

    def go_home(self) -> None:
        self._fire(ShellEvent.GO_HOME)

    def open_check(self) -> None:
        """Start checking a credential: the scan screen (not while the terminal is starting:
        its verifier is not open yet)."""
        if self._starting:
            return
        self._fire(ShellEvent.OPEN_CHECK)

    def show_check_result(self, result: VerificationResult) -> None:
        """The scan accepted a code; keep what was verified for the result screen (this session
        only: it goes with the wipe)."""
        self.session.check_result = result
        self._fire(ShellEvent.SCAN_ACCEPTED)

    def check_result(self) -> VerificationResult | None:
        return self.session.check_result

    def scan_again(self) -> None:
        self.session.check_result = None
        self._fire(ShellEvent.SCAN_AGAIN)

    def set_slip_factory(
        self, slip_for: Callable[[VerificationResult], HotelSlip | None] | None
    ) -> None:
        """On a hotel desk: how a verified guest's check-in slip is made (None: no slips)."""
        self._slip_for = slip_for

    def can_print_slip(self) -> bool:
        """Whether the result on screen can become a hotel check-in slip (a verified e-ID on a
        hotel desk that prints)."""
        result = self.check_result()
        return (
            self._slip_for is not None
            and self.receipts is not None
            and result is not None
            and result.valid
            and self._slip_for(result) is not None
        )

    def print_checkin_slip(self) -> None:
        """Print the check-in slip for the verified guest on screen."""
        result = self.check_result()
        if self._slip_for is None or result is None or not result.valid:
            return
        slip = self._slip_for(result)
        if slip is not None:
            self.show_receipt(slip)

    def show_receipt(self, document: Printable) -> None:
        """Print ``document`` and show the receipt screen (journeys end here)."""
        if self.receipts is None or not self._machine.can_fire(ShellEvent.SHOW_RECEIPT):
            return
        self.receipts.submit(document)
        self._fire(ShellEvent.SHOW_RECEIPT)

    def retry_print(self) -> None:
        """The citizen asks to try printing again (same job: never two receipts)."""
        if self.receipts is not None:
            self._idle.touch()
            self.receipts.retry()

    def _on_receipt(self, view: ReceiptView | None) -> None:
        # What printing learnt about the printer reaches the home screen at once.
        watch = self.printer_watch
        if view is None or watch is None:
            return
        if view.phase is ReceiptPhase.ON_SCREEN and view.problem is not None:
            watch.note(view.problem)
        elif view.phase is ReceiptPhase.PRINTED and not watch.can_print:
            watch.check_now()

    def receipt(self) -> ReceiptView | None:
        return self.receipts.view() if self.receipts is not None else None

    def set_language(self, language: str) -> None:
        if language not in self._languages:
            raise ValueError(f"language {language!r} is not enabled")
        self._idle.touch()
        self.session.language = language
        self._publish()

    def next_language(self) -> None:
        """The language button: move to the next enabled language."""
        index = self._languages.index(self.session.language)
        self.set_language(self._languages[(index + 1) % len(self._languages)])

    def user_activity(self) -> None:
        """Any touch, click or key press: the citizen is still there."""
        if self.screen is Screen.APOLOGY:
            return  # the apology returns home on its own schedule unless its button is pressed
        self._idle.touch()
        self._publish()

    def report_bug(self) -> None:
        """A bug was caught by the excepthook: apologise, wipe the session, then go home."""
        if self._machine.can_fire(ShellEvent.BUG):
            self._fire(ShellEvent.BUG)

    # ------------------------------------------------------------------ time
    def poll(self) -> None:
        """Advance idle handling to the clock's current time; refresh the printer state."""
        if self.printer_watch is not None and self.screen is not Screen.MAINTENANCE:
            self.printer_watch.poll()
        policy = self._policies.get(self.screen)
        if policy is None:
            return
        if self._idle.status().phase is IdlePhase.EXPIRED:
            if self.screen is Screen.HOME and self.session.language == self._default_language:
                self._idle.touch()  # nothing to wipe on an untouched home screen
            else:
                self._fire(ShellEvent.IDLE_EXPIRED)
                return
        self._publish()

    # ------------------------------------------------------------------ internals
    def _fire(self, event: ShellEvent) -> None:
        self._machine.fire(event)

    def _on_transition(self, transition: Transition[Screen, ShellEvent]) -> None:
        if transition.source is transition.target is Screen.APOLOGY:
            return  # a bug repeating behind the apology must not keep it up: keep its timer
        if transition.source is Screen.HOME and self.printer_watch is not None:
            self.printer_watch.check_now()  # a journey starts: is a receipt possible?
        ends_receipt = transition.event in SESSION_ENDING or transition.event is E.SCAN_AGAIN
        if ends_receipt and self.receipts is not None:
            self.receipts.clear()
        if transition.event in SESSION_ENDING:
            # The apology after a bug speaks the citizen's language; leaving it resets that too.
            keep = transition.event is ShellEvent.BUG
            language = self.session.language if keep else self._default_language
            self.session = Session(number=self.session.number + 1, language=language)
        self._idle = self._new_idle_watch()
        self._publish()

    def _new_idle_watch(self) -> IdleWatch:
        policy = self._policies.get(self.screen, IdlePolicy(1, 0, overlay=False))
        return IdleWatch(self._clock.monotonic, policy.timeout_s, policy.countdown_s)

    def _publish(self) -> None:
        view = self.view()
        if view == self._last_view:
            return
        self._last_view = view
        for listener in list(self._listeners):
            listener(view)

"""The journey host: the terminal's top level. It shows home, hosts one journey at a time, and
defines once, for every step of every journey, what going home, the idle countdown, the idle
wipe and recovery after a bug do.

    HOME --start(journey)--> the journey's steps --home / cancel / idle--> HOME
    any screen --bug--> APOLOGY --home / 15 s--> HOME
    MAINTENANCE (an invalid configuration, or a database that cannot be used, found at start
    or while running): no way out until a technician restarts the terminal
    HOME --hidden gesture--> UNLOCK (the technician's PIN) --accepted--> technician mode:
    its own home (TECH_HOME) and journeys; idle for ``technician.idle_minutes`` or "leave"
    --> the terminal's own mode, HOME

The UI renders ``ShellView`` snapshots and forwards touches as method calls: to the host for
what every screen shares (home, back, language, activity) and to ``journey`` for what only its
steps do. Everything is decided here, without Qt, and tested with a ``ManualClock``.

Privacy: a *session* is one citizen's visit. Going home, idling out or hitting a bug ends it:
the journey's state object is wiped in place (``Journey.end``), the session number increments
(the UI then wipes every widget) and the language returns to the terminal's default.

Thread contract: GUI thread only. ``poll`` is called by a timer a few times a second.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.devices.printer import PrinterState
from kiosk.domain.text import Bilingual, Language
from kiosk.journeys.idle import IdlePhase, IdleStatus, IdleWatch
from kiosk.journeys.journey import IdleRule, Journey, Screen
from kiosk.journeys.modes import (
    CITIZEN,
    TECHNICIAN_JOURNEYS,
    JourneyContext,
    JourneyName,
    TerminalFacts,
    TerminalMode,
    build_journey,
)
from kiosk.journeys.receipt import PrinterWatch, ReceiptDesk, ReceiptPhase, ReceiptView
from kiosk.runtime.clock import Clock

if TYPE_CHECKING:  # the configuration's schema is not needed to paint home
    from kiosk.catalog.library import CatalogLibrary
    from kiosk.config.loader import ConfigError
    from kiosk.journeys.apply import ApplicationServices, ApplyEntry
    from kiosk.journeys.desk import DeskServices
    from kiosk.journeys.find import FindEntry
    from kiosk.journeys.status import StatusDesk
    from kiosk.technician.services import TechnicianServices

APOLOGY_SECONDS = 15
EXTENDED_IDLE_FACTOR = 2  # IdleRule.EXTENDED: a form or a long text gets twice the time
DESK_IDLE_FACTOR = 4  # IdleRule.DESK: a hotel desk clears its card after four times as long
ELDER_IDLE_FACTOR = 2  # elder mode: every idle timeout (and its countdown) is twice as long

AnyJourney = Journey[Any, Any, Any]


class HostEvent(enum.Enum):
    """What moves the host between home, a journey, the apology and maintenance."""

    START = "start"
    GO_HOME = "go_home"
    IDLE_EXPIRED = "idle_expired"
    BUG = "bug"
    OUT_OF_SERVICE = "out_of_service"  # the database failed: the apology leads to maintenance


# The host's own table (drawn in docs/journeys.md); a journey's steps have their own tables.
IN_JOURNEY = "journey"
HOST_TRANSITIONS: tuple[tuple[str, HostEvent, str], ...] = (
    (Screen.HOME.value, HostEvent.START, IN_JOURNEY),
    (Screen.HOME.value, HostEvent.IDLE_EXPIRED, Screen.HOME.value),
    (Screen.HOME.value, HostEvent.BUG, Screen.APOLOGY.value),
    (IN_JOURNEY, HostEvent.GO_HOME, Screen.HOME.value),
    (IN_JOURNEY, HostEvent.IDLE_EXPIRED, Screen.HOME.value),
    (IN_JOURNEY, HostEvent.BUG, Screen.APOLOGY.value),
    (Screen.APOLOGY.value, HostEvent.GO_HOME, Screen.HOME.value),
    (Screen.APOLOGY.value, HostEvent.IDLE_EXPIRED, Screen.HOME.value),
    (Screen.APOLOGY.value, HostEvent.BUG, Screen.APOLOGY.value),
    (Screen.HOME.value, HostEvent.OUT_OF_SERVICE, Screen.MAINTENANCE.value),
    (IN_JOURNEY, HostEvent.OUT_OF_SERVICE, Screen.APOLOGY.value),
    (Screen.APOLOGY.value, HostEvent.OUT_OF_SERVICE, Screen.APOLOGY.value),
    # Once out of service, the apology's go_home and idle_expired lead to maintenance.
)


@dataclass(frozen=True)
class IdlePolicy:
    """How long a screen waits for a touch, and whether the countdown overlay is shown."""

    timeout_s: float
    countdown_s: float
    overlay: bool


@dataclass(frozen=True)
class DatabaseProblem:
    """The terminal's database cannot be used: ``damaged`` (SQLite finds the file malformed or
    not a database) or another reason (not writable, written by a newer version)."""

    path: Path
    damaged: bool


@dataclass(frozen=True)
class MaintenanceReason:
    """Why the terminal is out of service: an invalid configuration, or its database."""

    config_error: ConfigError | None = None
    database: DatabaseProblem | None = None


@dataclass(frozen=True)
class Presentation:
    """How this visit is shown: elder mode (长辈模式: larger text, targets and spacing, one
    primary action per screen, twice the idle time), high contrast, and spoken prompts. Chosen
    by the citizen from the header; a new session starts from the terminal's defaults."""

    elder: bool = False
    high_contrast: bool = False
    voice: bool = False


@dataclass(frozen=True)
class StaffCall:
    """A citizen asked for staff: where they were (a screen and a journey step, never what they
    entered). ``StaffCaller`` sends it on (queued to the platform)."""

    terminal_id: str
    screen: str
    journey: str | None
    step: str | None


# Returns whether the call is on its way to the platform (queued); False: only this screen knows.
StaffCaller = Callable[[StaffCall], bool]


@dataclass
class Session:
    """One citizen's visit: its number, language and presentation, and whether staff were
    called. What a journey collects lives in the journey's own typed state, wiped when the
    journey ends."""

    number: int
    language: Language
    presentation: Presentation = Presentation()
    staff_called: bool = False
    staff_call_sent: bool = False


@dataclass(frozen=True)
class ShellView:
    """Everything the UI needs to draw the current moment."""

    screen: Screen
    language: Language
    languages: tuple[Language, ...]
    idle: IdleStatus
    countdown_visible: bool
    session_number: int
    maintenance: MaintenanceReason | None
    printer_state: PrinterState | None = None  # None: not known yet
    starting: bool = False  # the terminal's services are still opening: no journey can start
    journey: str | None = None  # the journey shown, and its step
    step: str | None = None
    step_entry: int = 0  # changes each time a step is entered, even the same step again
    can_go_back: bool = False
    presentation: Presentation = Presentation()
    staff_called: bool = False  # this session asked for staff: the screen says they are coming
    staff_call_sent: bool = False  # ... and the call is queued for the platform (else: wave)
    technician: bool = False  # technician mode: the lockdown lets a technician act


class KioskShell:
    """The journey host."""

    def __init__(
        self,
        clock: Clock,
        *,
        languages: Sequence[Language],
        default_language: Language,
        idle_timeout_s: float,
        idle_countdown_s: float,
        mode: TerminalMode = CITIZEN,
        terminal: TerminalFacts | None = None,
        maintenance: MaintenanceReason | None = None,
        receipts: ReceiptDesk | None = None,
        printer_watch: PrinterWatch | None = None,
        starting: bool = False,
        default_presentation: Presentation = Presentation(),
        staff_caller: StaffCaller | None = None,
        catalog: CatalogLibrary | None = None,
        applications: ApplicationServices | None = None,
        status: StatusDesk | None = None,
        desk: DeskServices | None = None,
        technician: TechnicianServices | None = None,
    ) -> None:
        """``mode`` decides the home screen and the journeys; ``terminal`` the facts journeys
        print. ``receipts`` prints receipts (None: a terminal without a printer set up),
        ``printer_watch`` keeps the printer state for the home screen. ``starting``: the
        terminal's services are still opening; until ``services_ready`` only journeys that
        need no service start (the home screen says so). ``default_presentation``: how each
        session starts (a technician may switch voice on by default). ``staff_caller`` sends a
        citizen's call for staff on (None: only the screen shows it, e.g. while starting).
        ``status`` looks applications up at the platform (None: it cannot be asked); ``desk``
        is a hotel desk's register (None: none open); ``technician`` technician mode's services
        (None: technician mode cannot be entered)."""
        if default_language not in languages:
            raise ValueError("the default language must be one of the languages")
        self._clock = clock
        self.mode = mode
        self.own_mode = mode  # the terminal's mode, which technician mode returns to
        self.terminal = terminal or TerminalFacts(terminal_id="", centre=Bilingual("", ""))
        self._languages = tuple(languages)
        self._default_language = default_language
        self._maintenance = maintenance
        self._idle_rules = {
            IdleRule.STANDARD: IdlePolicy(idle_timeout_s, idle_countdown_s, overlay=True),
            IdleRule.EXTENDED: IdlePolicy(
                idle_timeout_s * EXTENDED_IDLE_FACTOR, idle_countdown_s, overlay=True
            ),
            # A clerk on the phone to a guardian must not lose the card: the desk waits longer.
            IdleRule.DESK: IdlePolicy(idle_timeout_s * DESK_IDLE_FACTOR, 0, overlay=False),
        }
        self._host_policies = {
            Screen.HOME: IdlePolicy(idle_timeout_s, 0, overlay=False),
            Screen.APOLOGY: IdlePolicy(APOLOGY_SECONDS, APOLOGY_SECONDS, overlay=False),
        }
        self._host_screen = Screen.MAINTENANCE if maintenance else Screen.HOME
        self._journey: AnyJourney | None = None
        self.receipts: ReceiptDesk | None = None
        self.printer_watch: PrinterWatch | None = None
        self._starting = starting
        self._default_presentation = default_presentation
        self._staff_caller = staff_caller
        self.catalog = catalog  # the catalogue and its search index (None: not open)
        self.applications = applications  # None: applications cannot be taken
        self.status = status  # the status look-up (None: the platform cannot be asked)
        self.desk = desk  # the hotel desk's register (None: none open)
        self.technician = technician  # None: technician mode cannot be entered
        self._attach(receipts, printer_watch)
        self.session = self._new_session(1, default_language)
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
        maintenance: MaintenanceReason | None = None,
        staff_caller: StaffCaller | None = None,
        catalog: CatalogLibrary | None = None,
        applications: ApplicationServices | None = None,
        status: StatusDesk | None = None,
        desk: DeskServices | None = None,
        technician: TechnicianServices | None = None,
    ) -> None:
        """The terminal's services have opened (or failed to, then None): journeys may start.
        Called once, after construction with ``starting=True``. ``maintenance``: they cannot
        serve anyone (a damaged database): the terminal goes out of service instead.
        ``catalog``: the catalogue and its search (None: the catalogue cannot be used);
        ``status``: the status look-up (None: the platform cannot be asked)."""
        if not self._starting:
            raise RuntimeError("the shell's services are already attached")
        self._attach(receipts, printer_watch)
        if catalog is not None:
            self.catalog = catalog
        if applications is not None:
            self.applications = applications
        if status is not None:
            self.status = status
        if desk is not None:
            self.desk = desk
        if technician is not None:
            self.technician = technician
        if staff_caller is not None:
            self._staff_caller = staff_caller
        self._starting = False
        if maintenance is not None:
            self.out_of_service(maintenance)
            return
        if printer_watch is not None:
            printer_watch.check_now()  # the home screen tells at once if receipts cannot print
        self._publish()

    def out_of_service(self, reason: MaintenanceReason) -> None:
        """The terminal cannot serve anyone (found while it runs, or at start): maintenance
        from now on. A citizen in the middle of a journey first sees the apology (the
        terminal's failure, not theirs; their data wiped), which then leads to maintenance."""
        if self._host_screen is Screen.MAINTENANCE:
            return
        if self.mode.technician:
            self.leave_technician("out_of_service")
        self._maintenance = reason
        in_session = self._journey is not None or self._host_screen is Screen.APOLOGY
        self._end_session(Screen.APOLOGY if in_session else Screen.MAINTENANCE, keep_language=True)

    # ------------------------------------------------------------------ reading
    @property
    def starting(self) -> bool:
        """True until the terminal's services are open: journeys needing them cannot start."""
        return self._starting

    @property
    def journey(self) -> AnyJourney | None:
        """The journey shown (None: home, apology or maintenance)."""
        return self._journey

    @property
    def screen(self) -> Screen:
        journey = self._journey
        if journey is not None:
            return journey.spec.screen
        if self._host_screen is Screen.HOME and self.mode.technician:
            return Screen.TECH_HOME
        return self._host_screen

    def idle_policy(self) -> IdlePolicy | None:
        """How long the current screen waits (None: never, i.e. maintenance)."""
        if self.mode.technician and self._host_screen is Screen.HOME:
            return self._technician_policy()  # every screen of technician mode
        if self._journey is not None:
            policy: IdlePolicy | None = self._idle_rules[self._journey.spec.idle]
        else:
            policy = self._host_policies.get(self._host_screen)
        if policy is not None and self.session.presentation.elder:
            return IdlePolicy(
                policy.timeout_s * ELDER_IDLE_FACTOR,
                policy.countdown_s * ELDER_IDLE_FACTOR,
                policy.overlay,
            )
        return policy

    def view(self) -> ShellView:
        policy = self.idle_policy()
        idle = self._idle.status() if policy else IdleStatus(IdlePhase.ACTIVE, 0)
        if idle.phase is IdlePhase.ACTIVE:
            idle = IdleStatus(IdlePhase.ACTIVE, 0)  # seconds only matter once counting down
        journey = self._journey
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
            journey=journey.name if journey else None,
            step=journey.step.value if journey else None,
            step_entry=journey.entries if journey else 0,
            can_go_back=bool(journey and journey.can_go_back),
            presentation=self.session.presentation,
            staff_called=self.session.staff_called,
            staff_call_sent=self.session.staff_call_sent,
            technician=self.mode.technician,
        )

    def subscribe(self, listener: Callable[[ShellView], None]) -> None:
        """Call ``listener`` with a fresh view whenever anything visible changes."""
        self._listeners.append(listener)

    def can_start(self, name: JourneyName) -> bool:
        """Whether the home screen's tile (or area) for ``name`` can be used now."""
        if not self.mode.offers(name):
            return False
        if name is JourneyName.FIND:
            return not self._starting and self.catalog is not None
        if name is JourneyName.APPLY:
            return False  # from an item's details: ``apply``
        if name in (JourneyName.DESK, JourneyName.REGISTER) and self.desk is None:
            return False
        if name in TECHNICIAN_JOURNEYS and self.technician is None:
            return False
        tile = self.mode.tile(name)
        return tile is not None and not (self._starting and tile.needs_services)

    # ------------------------------------------------------------------ user intents
    def start(self, name: JourneyName, entry: FindEntry | ApplyEntry | None = None) -> None:
        """Start journey ``name`` from the home screen (ignored elsewhere, for a journey this
        mode does not offer, and for one needing services while the terminal is starting).
        ``entry``: where on home the catalogue journey was started from."""
        if self._journey is not None or self._host_screen is not Screen.HOME:
            return
        if not self.can_start(name):
            return
        context = self._context()
        tile = self.mode.tile(name)
        needs_services = tile is None or tile.needs_services
        self.host(
            build_journey(name, self.mode, context, entry),
            needs_services=needs_services,
        )

    def _context(self) -> JourneyContext:
        return JourneyContext(
            clock=self._clock,
            terminal=self.terminal,
            receipts=self.receipts,
            language=lambda: self.session.language,
            catalog=self.catalog,
            applications=self.applications,
            status=self.status,
            desk=self.desk,
            technician=self.technician,
        )

    def can_apply(self, entry: ApplyEntry) -> bool:
        """Whether ``entry`` (an item or a bundle) can be applied for here now: the terminal
        takes applications (enrolled, services open) and every item is completable here."""
        services, catalog = self.applications, self.catalog
        if self._starting or not self.mode.offers(JourneyName.APPLY):
            return False
        if services is None or catalog is None or not services.office.ready:
            return False
        edition = catalog.latest().catalog
        if entry.bundle_code is not None:
            bundle = edition.bundle(entry.bundle_code)
            codes: tuple[str, ...] = bundle.items if bundle is not None else ()
        else:
            codes = (entry.item_code,) if entry.item_code is not None else ()
        items = [edition.item(code) for code in codes]
        return bool(items) and all(item is not None and item.completable_here for item in items)

    def apply(self, entry: ApplyEntry) -> None:
        """ "Apply here" on an item's details (or a bundle's): the catalogue journey gives way to
        the application, in the same session (language and presentation kept; what was typed
        into the search is wiped with the catalogue journey)."""
        if self._journey is None and self._host_screen is not Screen.HOME:
            return
        if not self.can_apply(entry):
            return
        self._switch(build_journey(JourneyName.APPLY, self.mode, self._context(), entry))

    def _switch(self, journey: AnyJourney) -> None:
        """Replace the journey shown by ``journey`` within the same session."""
        old, self._journey = self._journey, None
        try:
            if old is not None:
                old.end()
        finally:
            if self.receipts is not None:
                self.receipts.clear()
            self._host_screen = Screen.HOME
            self.host(journey)

    def host(self, journey: AnyJourney, *, needs_services: bool = True) -> None:
        """Show ``journey`` from the home screen; the host's rules (home, back, idle, wipe,
        bugs) apply to each of its steps. ``start`` builds the mode's journeys and calls this.
        Refused while the terminal is starting unless the journey ``needs_services`` not."""
        if self._journey is not None or self._host_screen is not Screen.HOME or journey.ended:
            return
        if self._starting and needs_services:
            return
        journey.subscribe(self._on_step)
        self._journey = journey
        if self.printer_watch is not None:
            self.printer_watch.check_now()  # a journey starts: is a receipt possible?
        self._on_step()

    # ------------------------------------------------------------------ technician mode
    def can_unlock(self) -> bool:
        """Whether the hidden gesture may ask for the technician's PIN now: technician
        services exist and the terminal shows its home (never over a citizen's journey)."""
        return (
            self.technician is not None
            and not self.mode.technician
            and self._journey is None
            and self._host_screen is Screen.HOME
        )

    def request_technician(self) -> None:
        """The hidden gesture or key sequence: ask for the technician's PIN (ignored unless
        ``can_unlock``). The PIN step ends the session like any journey."""
        if not self.can_unlock():
            return
        self.host(build_journey(JourneyName.UNLOCK, self.mode, self._context()))

    def _enter_technician(self) -> None:
        """The PIN was accepted: technician mode, at its own home, in the same language."""
        from kiosk.journeys.modes import TECHNICIAN  # noqa: PLC0415

        services = self.technician
        self._end_session(Screen.HOME, keep_language=True)
        self.mode = TECHNICIAN
        if services is not None:
            services.mode_changed(entered=True, reason="pin")
        self._idle = self._new_idle_watch()
        self._publish()

    def leave_technician(self, reason: str = "left") -> None:
        """Back to the terminal's own mode and home (the technician's "leave", or idle):
        whatever a technician journey held is wiped with it."""
        if not self.mode.technician:
            return
        self.mode = self.own_mode  # first: its rules decide whether the language stays
        self._end_session(Screen.HOME, keep_language=False)
        if self.technician is not None:
            self.technician.mode_changed(entered=False, reason=reason)
        self._idle = self._new_idle_watch()
        self._publish()

    def _technician_policy(self) -> IdlePolicy:
        minutes = self.technician.idle_minutes if self.technician is not None else 5
        return IdlePolicy(minutes * 60.0, 0, overlay=False)

    def go_home(self) -> None:
        """Home, or cancel: end the journey (wiping what it holds) and the session."""
        if self._host_screen is Screen.MAINTENANCE:
            return
        if self._journey is None and self._host_screen is Screen.HOME:
            return
        self._end_session(Screen.HOME, keep_language=False)

    def back(self) -> None:
        """The previous step of the journey, with what was entered; at the first step (or a
        step that offers no way back) it is the same as home."""
        journey = self._journey
        if journey is None or not journey.back():
            item = getattr(journey, "return_item", None)
            if isinstance(item, str) and self.catalog is not None:
                from kiosk.journeys.find import FindEntry  # noqa: PLC0415 - rare path

                # Back from an application's first step: the item's details again.
                context = self._context()
                self._switch(
                    build_journey(JourneyName.FIND, self.mode, context, FindEntry.item(item))
                )
                return
            self.go_home()

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
        enabled = next((known for known in self._languages if known == language), None)
        if enabled is None:
            raise ValueError(f"language {language!r} is not enabled")
        if self.screen is not Screen.APOLOGY:  # the apology goes home on its own schedule
            self._idle.touch()
        self.session.language = enabled
        self._publish()

    def next_language(self) -> None:
        """The language button: move to the next enabled language."""
        index = self._languages.index(self.session.language)
        self.set_language(self._languages[(index + 1) % len(self._languages)])

    def toggle_elder(self) -> None:
        """The header's elder-mode button (长辈模式), for this session only. The idle timeout
        changes with it, so the countdown restarts from the new length."""
        self._present(elder=not self.session.presentation.elder)

    def toggle_high_contrast(self) -> None:
        """The header's high-contrast button, for this session only."""
        self._present(high_contrast=not self.session.presentation.high_contrast)

    def toggle_voice(self) -> None:
        """The header's voice button: speak each screen's instruction, for this session only."""
        self._present(voice=not self.session.presentation.voice)

    def _present(self, **changes: bool) -> None:
        if self._host_screen is Screen.MAINTENANCE:
            return
        self.session.presentation = replace(self.session.presentation, **changes)
        if self.screen is not Screen.APOLOGY:
            self._idle = self._new_idle_watch()  # the new mode's timeout, from now
        self._publish()

    def call_staff(self) -> None:
        """The "call staff" button: the screen shows that staff were called and the call goes
        to the platform (the screen and step only, nothing the citizen entered); whether it
        could be queued is in ``ShellView.staff_call_sent`` (if not, the screen asks the
        citizen to wave to staff). Once per session: pressing again only keeps the screen
        saying so."""
        if self._host_screen is Screen.MAINTENANCE:
            return
        if self.screen is not Screen.APOLOGY:  # the apology goes home on its own schedule
            self._idle.touch()
        if self.session.staff_called:
            self._publish()
            return
        self.session.staff_called = True
        journey = self._journey
        call = StaffCall(
            terminal_id=self.terminal.terminal_id,
            screen=self.screen.value,
            journey=journey.name if journey else None,
            step=journey.step.value if journey else None,
        )
        if self._staff_caller is not None:
            self.session.staff_call_sent = self._staff_caller(call)
        self._publish()

    def user_activity(self) -> None:
        """Any touch, click or key press: the citizen is still there."""
        if self.screen is Screen.APOLOGY:
            return  # the apology returns home on its own schedule unless its button is pressed
        self._idle.touch()
        self._publish()

    def report_bug(self) -> None:
        """A bug was caught by the excepthook: apologise, wipe the session, then go home."""
        if self._host_screen is Screen.MAINTENANCE:
            return
        if self.screen is Screen.APOLOGY:
            return  # a bug repeating behind the apology must not keep it up: keep its timer
        if self.mode.technician:  # a bug ends technician mode (audited as such), not idle
            self.mode = self.own_mode
            if self.technician is not None:
                self.technician.mode_changed(entered=False, reason="error")
        self._end_session(Screen.APOLOGY, keep_language=True)

    # ------------------------------------------------------------------ time
    def poll(self) -> None:
        """Advance idle handling to the clock's current time; refresh the printer state."""
        if self.printer_watch is not None and self.screen is not Screen.MAINTENANCE:
            self.printer_watch.poll()
        journey = self._journey
        if journey is not None:
            journey.tick()
            if journey.finished:
                self.go_home()
                return
        if self.idle_policy() is None:
            return
        if self._idle.status().phase is IdlePhase.EXPIRED:
            if self.mode.technician:
                self.leave_technician("idle")
                return
            if journey is not None and journey.spec.idle is IdleRule.DESK:
                journey.idle()  # a clerk's desk clears the guests' data and stays
                self._idle = self._new_idle_watch()
                self._publish()
                return
            if self.screen is Screen.HOME and self._untouched():
                self._idle.touch()  # nothing to wipe on an untouched home screen
            else:
                self._end_session(Screen.HOME, keep_language=False)
                return
        self._publish()

    # ------------------------------------------------------------------ internals
    def _end_session(self, screen: Screen, *, keep_language: bool) -> None:
        """End the journey (its state wiped in place) and the session; show ``screen``. The
        apology after a bug speaks the citizen's language, in their presentation; leaving it
        resets both."""
        journey, self._journey = self._journey, None
        try:
            if journey is not None:
                journey.end()  # wipes its state even if its own clean-up fails
        finally:
            try:
                if self.receipts is not None:
                    self.receipts.clear()
            finally:
                if screen is Screen.HOME and self._maintenance is not None:
                    screen = Screen.MAINTENANCE  # out of service since: no way back home
                if self.mode.staffed and screen is Screen.HOME:
                    keep_language = True  # the clerk's language, not a visitor's
                if screen is Screen.MAINTENANCE:
                    keep_language = False  # no citizen is served there: nothing of theirs stays
                number = self.session.number + 1
                if keep_language:  # the apology speaks to the same citizen, as they chose
                    last = self.session
                    self.session = Session(
                        number,
                        last.language,
                        last.presentation,
                        staff_called=last.staff_called,  # staff are still on their way
                        staff_call_sent=last.staff_call_sent,
                    )
                else:
                    self.session = self._new_session(number, self._default_language)
                self._host_screen = screen
                self._idle = self._new_idle_watch()
                self._publish()

    def _untouched(self) -> bool:
        """Nothing of this session to wipe: its language, presentation and call are the
        defaults (the home screen then just keeps waiting)."""
        session = self.session
        return (
            session.language == self._default_language
            and session.presentation == self._default_presentation
            and not session.staff_called
        )

    def _new_session(self, number: int, language: Language) -> Session:
        return Session(number=number, language=language, presentation=self._default_presentation)

    def _on_step(self) -> None:
        journey = self._journey
        if journey is not None and getattr(journey, "unlocked", False) is True:
            self._enter_technician()  # the PIN journey accepted the PIN
            return
        self._idle = self._new_idle_watch()
        self._publish()

    def _new_idle_watch(self) -> IdleWatch:
        policy = self.idle_policy() or IdlePolicy(1, 0, overlay=False)
        return IdleWatch(self._clock.monotonic, policy.timeout_s, policy.countdown_s)

    def _publish(self) -> None:
        view = self.view()
        if view == self._last_view:
            return
        self._last_view = view
        for listener in list(self._listeners):
            listener(view)

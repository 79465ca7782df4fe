"""A journey: one thing a person does at the terminal, as a Qt-free state machine with a back stack.

A journey is declared once (``JourneyDefinition``): its steps, the screen that shows each step
and each step's idle rule, and its transition table. Building a definition checks it: a step
without an idle rule, a transition to an undeclared step or two transitions for one event are
errors at once, not a screen that never times out.

A running ``Journey`` holds a typed state object (a ``JourneyState`` dataclass, never a dict)
and a back stack: ``fire`` moves forward and remembers where it came from, ``back`` returns to
the previous step with everything entered still in the state. Ending a journey (cancel, home,
idle, a bug) is the host's business (``kiosk.journeys.shell``): it calls ``end``, which wipes
the state object in place, so that no reference to it still holds what a citizen entered.

Thread contract: GUI thread only (like the host that drives it).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable


class Screen(enum.Enum):
    """What the terminal can show; the UI has one widget per member. The host shows HOME,
    APOLOGY and MAINTENANCE itself; every other screen shows a step of a journey, and one screen
    may serve steps of several journeys (SCAN reads a code for any journey that asks)."""

    HOME = "home"
    HELP = "help"
    BROWSE = "browse"  # the catalogue's categories and filters
    RESULTS = "results"  # search and the items found
    ITEM_DETAIL = "item_detail"  # what an item is and asks for
    GUIDE = "guide"  # an item's guide: on a phone by QR code, or printed
    SCAN = "scan"  # show a credential's QR code to the camera (``kiosk.journeys.scan_step``)
    CHECK_RESULT = "check_result"  # what the terminal verified
    STATUS_ENTRY = "status_entry"  # type an acceptance number, or scan the receipt's code
    STATUS_RESULT = "status_result"  # where an application stands, and its history
    APPLY_ROLE = "apply_role"  # who applies: for myself, as an agent, for a company
    APPLY_IDENTITY = "apply_identity"  # the verified applicant (masked), or a refusal
    APPLY_MATERIALS = "apply_materials"  # the materials checklist
    APPLY_PHOTO = "apply_photo"  # photograph a paper copy
    APPLY_FORM = "apply_form"  # the item's form
    APPLY_REVIEW = "apply_review"  # everything entered, to check
    APPLY_CONSENT = "apply_consent"  # what is collected, why, who receives it; "I agree"
    APPLY_SUBMITTING = "apply_submitting"  # queued; waiting for the acceptance number
    APPLY_DONE = "apply_done"  # take your receipt and your phone
    RECEIPT = "receipt"  # a receipt or slip printing, printed, or shown when it cannot print
    DESK = "desk"  # the hotel desk: the scanner and the guest card
    DESK_REGISTER = "desk_register"  # the desk's register: arrivals, in house, departures
    DESK_STAY = "desk_stay"  # one room's stay: reprint its slip, check it out
    TECH_PIN = "tech_pin"  # the technician's PIN, before technician mode
    TECH_HOME = "tech_home"  # technician mode's home: its journeys, "leave technician mode"
    TECH_STATUS = "tech_status"  # the terminal's state: platform, queue, documents, devices
    TECH_DEVICES = "tech_devices"  # camera preview and decode rate, test print, paper
    TECH_ENROL = "tech_enrol"  # enrol the terminal with a one-time code
    TECH_CONFIG = "tech_config"  # the settings a technician may change
    TECH_LOGS = "tech_logs"  # the redacted log and the audit log
    TECH_IMPORT = "tech_import"  # a trust list or catalogue from a USB file
    TECH_SYSTEM = "tech_system"  # restart, leave to the desktop, leave technician mode
    APOLOGY = "apology"
    MAINTENANCE = "maintenance"


# Technician mode's screens (and the PIN before it): built when a technician first opens one,
# never in advance; nothing is spoken on them.
TECHNICIAN_SCREENS = frozenset(
    {
        Screen.TECH_PIN,
        Screen.TECH_HOME,
        Screen.TECH_STATUS,
        Screen.TECH_DEVICES,
        Screen.TECH_ENROL,
        Screen.TECH_CONFIG,
        Screen.TECH_LOGS,
        Screen.TECH_IMPORT,
        Screen.TECH_SYSTEM,
    }
)


class IdleRule(enum.Enum):
    """How long a step waits for a touch before the host asks "are you still there?"."""

    STANDARD = "standard"  # the configured idle timeout, with the countdown overlay
    EXTENDED = "extended"  # twice the configured timeout: reading a long text, filling a form
    DESK = "desk"  # a clerk's desk: at the timeout the journey clears what it shows of guests
    # (``Journey.idle``); no countdown, the session and the clerk's language stay
    TECHNICIAN = "technician"  # technician mode: ``technician.idle_minutes``, then the host
    # leaves technician mode (no countdown)


@dataclass(frozen=True)
class StepSpec:
    """How one step is shown and how long it waits. ``back``: the step offers "back" to the
    step before it (when there is one)."""

    screen: Screen
    idle: IdleRule
    back: bool = True


class JourneyDefinitionError(ValueError):
    """A journey's declaration is incomplete or contradictory (a programming error)."""


StepT = TypeVar("StepT", bound=enum.Enum)
EventT = TypeVar("EventT", bound=enum.Enum)


@dataclass(frozen=True)
class JourneyTransition(Generic[StepT, EventT]):
    """One row of a journey's transition table."""

    source: StepT
    event: EventT
    target: StepT


class JourneyDefinition(Generic[StepT, EventT]):
    """A journey's steps, their screens and idle rules, and its transition table; checked."""

    def __init__(
        self,
        name: str,
        *,
        first: StepT,
        steps: Mapping[StepT, StepSpec],
        transitions: Iterable[tuple[StepT, EventT, StepT]],
    ) -> None:
        self.name = name
        self.first = first
        self.steps = dict(steps)
        self._table: dict[tuple[StepT, EventT], StepT] = {}
        for source, event, target in transitions:
            if (source, event) in self._table:
                raise JourneyDefinitionError(
                    f"{name}: two transitions for {event.name} in {source.name}"
                )
            self._table[(source, event)] = target
        self._check()

    def _check(self) -> None:
        declared = set(type(self.first))
        for step in declared:
            spec = self.steps.get(step)
            if spec is None:
                raise JourneyDefinitionError(f"{self.name}: step {step.name} declares no idle rule")
            if not isinstance(spec.idle, IdleRule) or not isinstance(spec.screen, Screen):
                raise JourneyDefinitionError(f"{self.name}: step {step.name} is declared wrongly")
            if spec.screen in HOST_SCREENS:
                raise JourneyDefinitionError(
                    f"{self.name}: {spec.screen.name} is the host's own screen"
                )
        for (source, _), target in self._table.items():
            for step in (source, target):
                if step not in declared:
                    raise JourneyDefinitionError(f"{self.name}: {step!r} is not one of its steps")
        reachable, frontier = {self.first}, [self.first]
        while frontier:
            step = frontier.pop()
            for (source, _), target in self._table.items():
                if source is step and target not in reachable:
                    reachable.add(target)
                    frontier.append(target)
        if unreachable := declared - reachable:
            names = ", ".join(sorted(step.name for step in unreachable))
            raise JourneyDefinitionError(f"{self.name}: steps never reached: {names}")

    def target(self, step: StepT, event: EventT) -> StepT | None:
        return self._table.get((step, event))

    def transitions(self) -> list[JourneyTransition[StepT, EventT]]:
        """The whole table, e.g. to draw it."""
        return [JourneyTransition(s, e, t) for (s, e), t in self._table.items()]


HOST_SCREENS = frozenset({Screen.HOME, Screen.APOLOGY, Screen.MAINTENANCE})


@dataclass
class JourneyState:
    """Base of every journey's typed state. Every field must have a default: the defaults are
    what "nothing entered" means, and ``wipe`` restores them in place."""

    def wipe(self) -> None:
        """Forget everything entered or seen in this journey (in place)."""
        for field in dataclasses.fields(self):
            setattr(self, field.name, _default_of(field))

    @property
    def holds_personal_data(self) -> bool:
        """Whether anything differs from "nothing entered"."""
        return any(
            getattr(self, field.name) != _default_of(field) for field in dataclasses.fields(self)
        )


def _default_of(field: dataclasses.Field[Any]) -> Any:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    raise JourneyDefinitionError(f"state field {field.name} has no default")


StateT = TypeVar("StateT", bound=JourneyState)


class InvalidJourneyEventError(RuntimeError):
    """The event is not allowed in the journey's current step (a programming error)."""


class Journey(Generic[StepT, EventT, StateT]):
    """A running journey: the current step, the back stack and the typed state.

    Subclasses add the intents their screens call (``scan_finished``, ``scan_again``, ...) and
    implement them with ``fire``; the host listens for step changes with ``subscribe``.
    """

    def __init__(self, definition: JourneyDefinition[StepT, EventT], state: StateT) -> None:
        for field in dataclasses.fields(state):
            _default_of(field)  # a state field without a default could not be wiped
        self.definition = definition
        self.state = state
        self._step = definition.first
        self._back: list[StepT] = []
        self._listeners: list[Callable[[], None]] = []
        self.ended = False
        self.entries = 1  # steps entered so far: a step entered again is a new entry

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def step(self) -> StepT:
        return self._step

    @property
    def spec(self) -> StepSpec:
        return self.definition.steps[self._step]

    @property
    def can_go_back(self) -> bool:
        return bool(self._back) and self.spec.back and not self.ended

    def can_fire(self, event: EventT) -> bool:
        return not self.ended and self.definition.target(self._step, event) is not None

    def fire(self, event: EventT, *, remember: bool = True) -> None:
        """Move on by ``event``. ``remember``: "back" may return here (False for a step that
        must not be repeated by going back, e.g. after printing)."""
        target = self.definition.target(self._step, event)
        if target is None or self.ended:
            raise InvalidJourneyEventError(f"{self.name}: {event.name} in {self._step.name}")
        if remember:
            self._back.append(self._step)
        else:
            self._back.clear()
        self._step = target
        self._changed()

    def back(self) -> bool:
        """Return to the previous step, keeping what was entered; False when there is none."""
        if not self.can_go_back:
            return False
        self._step = self._back.pop()
        self.on_back()
        self._changed()
        return True

    def on_back(self) -> None:
        """Hook: the journey has just returned to ``step`` by "back"."""

    def end(self) -> None:
        """The journey is over (home, cancel, idle, a bug): wipe its state; no event after."""
        self.ended = True
        self._back.clear()
        try:
            self.on_end()
        finally:
            self.state.wipe()  # whatever the hook did, nothing entered survives

    def on_end(self) -> None:
        """Hook: release what the journey holds beyond its state (e.g. a receipt on screen)."""

    finished = False
    """True once the journey is over by itself (e.g. "take your receipt" was shown long
    enough): the host then goes home as if "home" was touched."""

    def tick(self) -> None:
        """Hook: called by the host a few times a second, to watch time on a step."""

    def idle(self) -> None:
        """Hook: a step with ``IdleRule.DESK`` was not touched for the idle timeout."""

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every step change (forward or back)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        self.entries += 1
        for listener in list(self._listeners):
            listener()


@runtime_checkable
class OffersNext(Protocol):
    """A journey whose receipt step offers "next" (e.g. the next hotel guest)."""

    @property
    def offers_next(self) -> bool: ...

    def next(self) -> None: ...

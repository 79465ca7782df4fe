"""Journeys on the host: declarations checked when built, back keeps entries, cancel, home,
idle and bugs wipe, idle rules per step, and no personal data after any way of leaving."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from kiosk.journeys.check import CHECK
from kiosk.journeys.help import HELP
from kiosk.journeys.journey import (
    IdleRule,
    InvalidJourneyEventError,
    Journey,
    JourneyDefinition,
    JourneyDefinitionError,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.journeys.shell import EXTENDED_IDLE_FACTOR, KioskShell
from kiosk.runtime.clock import ManualClock

TIMEOUT, COUNTDOWN = 60, 15


class Step(enum.Enum):
    NAME = "name"
    PHONE = "phone"
    REVIEW = "review"
    DONE = "done"


class Event(enum.Enum):
    NEXT = "next"
    SUBMIT = "submit"


FORM = JourneyDefinition(
    "form",
    first=Step.NAME,
    steps={
        Step.NAME: StepSpec(Screen.HELP, IdleRule.EXTENDED),
        Step.PHONE: StepSpec(Screen.HELP, IdleRule.EXTENDED),
        Step.REVIEW: StepSpec(Screen.CHECK_RESULT, IdleRule.STANDARD),
        Step.DONE: StepSpec(Screen.RECEIPT, IdleRule.STANDARD, back=False),
    },
    transitions=[
        (Step.NAME, Event.NEXT, Step.PHONE),
        (Step.PHONE, Event.NEXT, Step.REVIEW),
        (Step.REVIEW, Event.SUBMIT, Step.DONE),
    ],
)


@dataclass
class FormState(JourneyState):
    name: str = ""
    phone: str = ""
    notes: list[str] = field(default_factory=list)


class FormJourney(Journey[Step, Event, FormState]):
    def __init__(self) -> None:
        super().__init__(FORM, FormState())

    def enter(self, **values: str) -> None:
        for key, value in values.items():
            setattr(self.state, key, value)
        self.state.notes.append("typed")

    def next(self) -> None:
        self.fire(Event.NEXT)

    def submit(self) -> None:
        self.fire(Event.SUBMIT, remember=False)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def shell(clock: ManualClock) -> KioskShell:
    return KioskShell(
        clock,
        languages=["zh_CN", "en"],
        default_language="zh_CN",
        idle_timeout_s=TIMEOUT,
        idle_countdown_s=COUNTDOWN,
    )


def hosted(shell: KioskShell) -> FormJourney:
    journey = FormJourney()
    shell.host(journey)
    assert shell.journey is journey
    return journey


# ---------------------------------------------------------------------------- declarations


def test_a_step_without_an_idle_rule_is_an_error_when_the_journey_is_built() -> None:
    with pytest.raises(JourneyDefinitionError, match="PHONE declares no idle rule"):
        JourneyDefinition(
            "incomplete",
            first=Step.NAME,
            steps={
                Step.NAME: StepSpec(Screen.HELP, IdleRule.STANDARD),
                Step.REVIEW: StepSpec(Screen.HELP, IdleRule.STANDARD),
                Step.DONE: StepSpec(Screen.HELP, IdleRule.STANDARD),
            },
            transitions=[(Step.NAME, Event.NEXT, Step.PHONE)],
        )


def test_an_idle_rule_must_be_one_of_the_rules() -> None:
    steps = {step: StepSpec(Screen.HELP, IdleRule.STANDARD) for step in Step}
    steps[Step.DONE] = StepSpec(Screen.HELP, None)  # type: ignore[arg-type]
    with pytest.raises(JourneyDefinitionError, match="DONE is declared wrongly"):
        JourneyDefinition("bad", first=Step.NAME, steps=steps, transitions=[])


@pytest.mark.parametrize(
    ("transitions", "message"),
    [
        ([(Step.NAME, Event.NEXT, Step.PHONE)] * 2, "two transitions"),
        ([(Step.NAME, Event.NEXT, Step.PHONE)], "never reached: DONE, REVIEW"),
    ],
)
def test_contradictory_or_unreachable_steps_are_errors(
    transitions: list[tuple[Step, Event, Step]], message: str
) -> None:
    steps = {step: StepSpec(Screen.HELP, IdleRule.STANDARD) for step in Step}
    with pytest.raises(JourneyDefinitionError, match=message):
        JourneyDefinition("bad", first=Step.NAME, steps=steps, transitions=transitions)


def test_a_journey_step_may_not_take_the_hosts_own_screens() -> None:
    with pytest.raises(JourneyDefinitionError, match="APOLOGY is the host's own screen"):
        JourneyDefinition(
            "sly",
            first=Step.NAME,
            steps={step: StepSpec(Screen.APOLOGY, IdleRule.STANDARD) for step in Step},
            transitions=[
                (Step.NAME, Event.NEXT, Step.PHONE),
                (Step.PHONE, Event.NEXT, Step.REVIEW),
                (Step.REVIEW, Event.SUBMIT, Step.DONE),
            ],
        )


def test_a_state_field_without_a_default_cannot_be_wiped() -> None:
    @dataclass
    class Careless(JourneyState):
        name: str

    with pytest.raises(JourneyDefinitionError, match="no default"):
        Journey(FORM, Careless(name="x"))


@pytest.mark.parametrize("definition", [CHECK, HELP, FORM])
def test_every_shipped_step_declares_a_screen_and_an_idle_rule(
    definition: JourneyDefinition,  # type: ignore[type-arg]
) -> None:
    for step in type(definition.first):
        spec = definition.steps[step]
        assert isinstance(spec.idle, IdleRule) and isinstance(spec.screen, Screen)


# ---------------------------------------------------------------------------- back


def test_back_returns_to_the_previous_step_with_what_was_entered(shell: KioskShell) -> None:
    journey = hosted(shell)
    journey.enter(name="张三")
    journey.next()
    journey.enter(phone="13800000000")
    journey.next()
    assert journey.step is Step.REVIEW and shell.view().can_go_back
    shell.back()
    assert journey.step is Step.PHONE
    assert journey.state.phone == "13800000000" and journey.state.name == "张三"
    shell.back()
    assert journey.step is Step.NAME and journey.state.name == "张三"
    shell.back()  # back from the first step leaves the journey, as home does
    assert shell.journey is None and shell.screen is Screen.HOME
    assert not journey.state.holds_personal_data


def test_a_step_without_a_way_back_offers_none(shell: KioskShell) -> None:
    journey = hosted(shell)
    journey.next()
    journey.next()
    journey.submit()
    assert journey.step is Step.DONE and not shell.view().can_go_back
    assert not journey.back()


def test_an_event_not_in_the_table_is_refused(shell: KioskShell) -> None:
    journey = hosted(shell)
    with pytest.raises(InvalidJourneyEventError):
        journey.submit()
    assert journey.step is Step.NAME


def test_an_ended_journey_takes_no_event_and_cannot_be_hosted_again(shell: KioskShell) -> None:
    journey = hosted(shell)
    shell.go_home()
    with pytest.raises(InvalidJourneyEventError):
        journey.next()
    shell.host(journey)
    assert shell.journey is None


# ---------------------------------------------------------------------------- idle rules


def test_each_step_waits_as_long_as_its_idle_rule_says(
    clock: ManualClock, shell: KioskShell
) -> None:
    journey = hosted(shell)  # a form step: twice the time
    clock.advance(TIMEOUT * EXTENDED_IDLE_FACTOR - COUNTDOWN - 1)
    shell.poll()
    assert not shell.view().countdown_visible and shell.journey is journey
    clock.advance(2)
    shell.poll()
    assert shell.view().countdown_visible
    journey.next()
    journey.next()  # review: the standard time
    clock.advance(TIMEOUT - COUNTDOWN + 1)
    shell.poll()
    assert shell.view().countdown_visible
    clock.advance(COUNTDOWN)
    shell.poll()
    assert shell.journey is None and shell.screen is Screen.HOME


# ---------------------------------------------------------------------------- leaving


def _home(shell: KioskShell, clock: ManualClock) -> None:
    shell.go_home()


def _idle(shell: KioskShell, clock: ManualClock) -> None:
    for _ in range(10):
        clock.advance(TIMEOUT)
        shell.poll()


def _bug(shell: KioskShell, clock: ManualClock) -> None:
    shell.report_bug()


def _back_to_the_start(shell: KioskShell, clock: ManualClock) -> None:
    while shell.journey is not None:
        shell.back()


@pytest.mark.parametrize("leave", [_home, _idle, _bug, _back_to_the_start])
def test_after_any_way_of_leaving_the_state_object_holds_no_personal_data(
    shell: KioskShell, clock: ManualClock, leave: Callable[[KioskShell, ManualClock], None]
) -> None:
    journey = hosted(shell)
    state = journey.state
    journey.enter(name="李四")
    journey.next()
    journey.enter(phone="13900000000")
    session = shell.view().session_number
    assert state.holds_personal_data
    leave(shell, clock)
    assert shell.journey is None
    assert state == FormState() and not state.holds_personal_data
    assert journey.state is state  # wiped in place: a kept reference sees nothing either
    assert shell.view().session_number == session + 1


# ---------------------------------------------------------------------------- robustness


class Fragile(FormJourney):
    def on_end(self) -> None:
        raise RuntimeError("clean-up failed")


def test_a_failing_clean_up_still_wipes_the_state_and_ends_the_session(
    shell: KioskShell,
) -> None:
    journey = Fragile()
    shell.host(journey)
    journey.enter(name="王五")
    session = shell.view().session_number
    with pytest.raises(RuntimeError, match="clean-up failed"):
        shell.go_home()
    assert not journey.state.holds_personal_data
    assert shell.journey is None and shell.screen is Screen.HOME
    assert shell.view().session_number == session + 1


def test_a_step_entered_again_is_a_new_entry_for_the_screen(shell: KioskShell) -> None:
    journey = hosted(shell)
    journey.next()
    first = shell.view().step_entry
    shell.back()
    journey.next()  # the same step, entered again
    view = shell.view()
    assert view.step == Step.PHONE.value and view.step_entry != first


def test_no_journey_is_hosted_while_the_terminal_starts_unless_it_needs_nothing(
    clock: ManualClock,
) -> None:
    shell = KioskShell(
        clock,
        languages=["zh_CN"],
        default_language="zh_CN",
        idle_timeout_s=TIMEOUT,
        idle_countdown_s=COUNTDOWN,
        starting=True,
    )
    shell.host(FormJourney())
    assert shell.journey is None
    shell.host(FormJourney(), needs_services=False)
    assert shell.journey is not None

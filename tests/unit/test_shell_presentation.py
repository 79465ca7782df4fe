"""The host's per-session presentation (elder mode, high contrast, voice) and the call for
staff: chosen by one citizen, gone for the next; elder mode doubles the time to answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.journeys.idle import IdlePhase
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, JourneyName
from kiosk.journeys.shell import (
    APOLOGY_SECONDS,
    ELDER_IDLE_FACTOR,
    DatabaseProblem,
    KioskShell,
    MaintenanceReason,
    Presentation,
    StaffCall,
)
from kiosk.runtime.clock import ManualClock

TIMEOUT, COUNTDOWN = 90, 20
PLAIN = Presentation()


def make_shell(
    clock: ManualClock,
    *,
    default: Presentation = PLAIN,
    calls: list[StaffCall] | None = None,
) -> KioskShell:
    return KioskShell(
        clock,
        mode=CITIZEN,
        languages=["zh_CN", "en"],
        default_language="zh_CN",
        idle_timeout_s=TIMEOUT,
        idle_countdown_s=COUNTDOWN,
        default_presentation=default,
        staff_caller=None if calls is None else (lambda call: calls.append(call) is None),
        terminal=None,
    )


def seconds_until(shell: KioskShell, clock: ManualClock, phase: IdlePhase) -> int:
    for second in range(1, 4 * TIMEOUT * ELDER_IDLE_FACTOR):
        clock.advance(1)
        shell.poll()
        if shell.view().idle.phase is phase or shell.screen is Screen.HOME:
            return second
    raise AssertionError("the phase never came")


def test_each_toggle_lasts_for_the_session_only() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    shell.start(JourneyName.HELP)
    shell.toggle_elder()
    shell.toggle_high_contrast()
    shell.toggle_voice()
    assert shell.view().presentation == Presentation(elder=True, high_contrast=True, voice=True)
    shell.toggle_high_contrast()
    assert shell.view().presentation == Presentation(elder=True, high_contrast=False, voice=True)
    shell.go_home()
    assert shell.view().presentation == Presentation()


def test_a_session_starts_from_the_terminals_default() -> None:
    clock = ManualClock()
    shell = make_shell(clock, default=Presentation(voice=True))
    assert shell.view().presentation.voice
    shell.start(JourneyName.HELP)
    shell.toggle_voice()
    assert not shell.view().presentation.voice
    shell.go_home()
    assert shell.view().presentation == Presentation(voice=True)


def test_idle_wipe_resets_the_presentation() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    shell.start(JourneyName.HELP)
    shell.toggle_elder()
    seconds_until(shell, clock, IdlePhase.EXPIRED)
    assert shell.screen is Screen.HOME
    assert shell.view().presentation == Presentation()


@pytest.mark.parametrize("elder", [False, True])
def test_elder_mode_doubles_the_time_before_the_countdown_and_the_countdown(elder: bool) -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    shell.start(JourneyName.HELP)
    if elder:
        shell.toggle_elder()
    factor = ELDER_IDLE_FACTOR if elder else 1
    quiet = seconds_until(shell, clock, IdlePhase.COUNTDOWN)
    assert quiet == (TIMEOUT - COUNTDOWN) * factor
    assert shell.view().idle.seconds_left == COUNTDOWN * factor
    shell.user_activity()
    assert seconds_until(shell, clock, IdlePhase.EXPIRED) == TIMEOUT * factor


def test_switching_elder_mode_on_restarts_the_wait_at_the_longer_length() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    shell.start(JourneyName.HELP)
    clock.advance(TIMEOUT - COUNTDOWN + 5)
    shell.poll()
    assert shell.view().countdown_visible
    shell.toggle_elder()
    assert not shell.view().countdown_visible


def test_the_apology_keeps_the_citizens_presentation_then_home_resets_it() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    shell.start(JourneyName.HELP)
    shell.toggle_elder()
    shell.report_bug()
    assert shell.screen is Screen.APOLOGY
    assert shell.view().presentation.elder
    shell.go_home()
    assert not shell.view().presentation.elder


def test_calling_staff_is_shown_and_sent_once_with_where_but_not_what() -> None:
    clock = ManualClock()
    calls: list[StaffCall] = []
    shell = make_shell(clock, calls=calls)
    shell.start(JourneyName.HELP)
    shell.call_staff()
    shell.call_staff()
    view = shell.view()
    assert view.staff_called
    assert calls == [StaffCall(terminal_id="", screen="help", journey="help", step=view.step)]
    shell.go_home()
    assert not shell.view().staff_called
    shell.call_staff()
    assert [call.screen for call in calls] == ["help", "home"]


def test_calling_staff_counts_as_activity() -> None:
    clock = ManualClock()
    shell = make_shell(clock, calls=[])
    shell.start(JourneyName.HELP)
    clock.advance(TIMEOUT - COUNTDOWN + 1)
    shell.poll()
    assert shell.view().countdown_visible
    shell.call_staff()
    assert not shell.view().countdown_visible


def test_a_staff_caller_attached_with_the_services_is_used() -> None:
    clock = ManualClock()
    calls: list[StaffCall] = []
    shell = KioskShell(
        clock,
        languages=["zh_CN"],
        default_language="zh_CN",
        idle_timeout_s=TIMEOUT,
        idle_countdown_s=COUNTDOWN,
        starting=True,
    )
    shell.services_ready(staff_caller=lambda call: calls.append(call) is None)
    shell.call_staff()
    assert len(calls) == 1
    assert shell.view().staff_call_sent


@pytest.mark.parametrize("queued", [True, False])
def test_the_view_says_whether_the_call_could_be_queued(queued: bool) -> None:
    clock = ManualClock()
    shell = KioskShell(
        clock,
        languages=["zh_CN"],
        default_language="zh_CN",
        idle_timeout_s=TIMEOUT,
        idle_countdown_s=COUNTDOWN,
        staff_caller=lambda _call: queued,
    )
    shell.call_staff()
    assert shell.view().staff_called
    assert shell.view().staff_call_sent is queued
    clock.advance(TIMEOUT + 1)  # home's idle wipe ends the session
    shell.poll()
    assert not shell.view().staff_called
    assert not shell.view().staff_call_sent


def test_a_choice_made_on_the_home_screen_is_wiped_by_its_idle_timeout() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    shell.toggle_elder()
    number = shell.view().session_number
    for _second in range(TIMEOUT * ELDER_IDLE_FACTOR + 1):
        clock.advance(1)
        shell.poll()
    assert shell.view().presentation == Presentation()
    assert shell.view().session_number == number + 1


def test_without_a_caller_the_call_is_shown_but_not_claimed_as_sent() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    shell.call_staff()
    assert shell.view().staff_called
    assert not shell.view().staff_call_sent


def test_out_of_service_offers_no_toggles_and_no_call() -> None:
    clock = ManualClock()
    calls: list[StaffCall] = []
    shell = make_shell(clock, calls=calls)
    shell.out_of_service(MaintenanceReason(database=DatabaseProblem(Path("x"), damaged=True)))
    assert shell.screen is Screen.MAINTENANCE
    shell.toggle_elder()
    shell.call_staff()
    assert shell.view().presentation == Presentation()
    assert calls == []


def test_going_out_of_service_from_home_drops_the_citizens_choices() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    shell.set_language("en")
    shell.toggle_elder()
    shell.toggle_voice()
    shell.out_of_service(MaintenanceReason(database=DatabaseProblem(Path("x"), damaged=True)))
    assert shell.screen is Screen.MAINTENANCE
    view = shell.view()
    assert view.presentation == Presentation()
    assert view.language == "zh_CN"


def test_the_apology_keeps_a_call_for_staff_and_never_sends_it_twice() -> None:
    clock = ManualClock()
    calls: list[StaffCall] = []
    shell = make_shell(clock, calls=calls)
    shell.start(JourneyName.HELP)
    shell.call_staff()
    shell.report_bug()
    assert shell.screen is Screen.APOLOGY
    assert shell.view().staff_called and shell.view().staff_call_sent
    shell.call_staff()
    assert len(calls) == 1


def test_calling_staff_does_not_keep_the_apology_up() -> None:
    clock = ManualClock()
    shell = make_shell(clock, calls=[])
    shell.start(JourneyName.HELP)
    shell.report_bug()
    for _second in range(APOLOGY_SECONDS + 1):
        clock.advance(1)
        shell.call_staff()
        shell.poll()
    assert shell.screen is Screen.HOME

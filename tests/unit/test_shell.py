"""The shell state machine: screens, idle countdown and wipe, language, bugs, maintenance."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config.loader import ConfigError, load_config
from kiosk.journeys.idle import IdlePhase, IdleStatus, IdleWatch
from kiosk.journeys.machine import InvalidTransitionError, StateMachine
from kiosk.journeys.shell import APOLOGY_SECONDS, KioskShell, MaintenanceReason, Screen, ShellView
from kiosk.runtime.clock import ManualClock

TIMEOUT, COUNTDOWN = 90, 20


def make_shell(
    clock: ManualClock, maintenance: MaintenanceReason | None = None, *, starting: bool = False
) -> KioskShell:
    return KioskShell(
        clock,
        languages=["zh_CN", "en"],
        default_language="zh_CN",
        idle_timeout_s=TIMEOUT,
        idle_countdown_s=COUNTDOWN,
        maintenance=maintenance,
        starting=starting,
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def shell(clock: ManualClock) -> KioskShell:
    return make_shell(clock)


def wait(clock: ManualClock, shell: KioskShell, seconds: float) -> ShellView:
    clock.advance(seconds)
    shell.poll()
    return shell.view()


# ---------------------------------------------------------------------------- idle


def test_idle_watch_phases(clock: ManualClock) -> None:
    watch = IdleWatch(clock.monotonic, timeout_s=10, countdown_s=4)
    assert watch.status().phase is IdlePhase.ACTIVE
    clock.advance(6.5)
    assert watch.status() == IdleStatus(IdlePhase.COUNTDOWN, 4)
    clock.advance(3)
    assert watch.status() == IdleStatus(IdlePhase.COUNTDOWN, 1)
    clock.advance(0.5)
    assert watch.status().phase is IdlePhase.EXPIRED
    watch.touch()
    assert watch.status().phase is IdlePhase.ACTIVE


@pytest.mark.parametrize(("timeout", "countdown"), [(0, 0), (10, 11), (10, -1)])
def test_idle_watch_rejects_nonsense(clock: ManualClock, timeout: float, countdown: float) -> None:
    with pytest.raises(ValueError, match="timeout"):
        IdleWatch(clock.monotonic, timeout, countdown)


def test_countdown_appears_then_the_session_is_wiped(clock: ManualClock, shell: KioskShell) -> None:
    views: list[ShellView] = []
    shell.subscribe(views.append)
    shell.set_language("en")
    shell.open_help()
    shell.session.data["applicant"] = "something a citizen typed"
    first_session = shell.session

    view = wait(clock, shell, TIMEOUT - COUNTDOWN - 1)
    assert not view.countdown_visible
    view = wait(clock, shell, 2)
    assert view.countdown_visible
    assert view.idle.seconds_left == COUNTDOWN - 1
    assert view.screen is Screen.HELP

    view = wait(clock, shell, COUNTDOWN)
    assert view.screen is Screen.HOME
    assert not view.countdown_visible
    assert view.language == "zh_CN"
    assert view.session_number == first_session.number + 1
    assert shell.session is not first_session
    assert shell.session.data == {}
    assert [v.idle.seconds_left for v in views if v.countdown_visible] == [COUNTDOWN - 1]


def test_a_touch_during_the_countdown_keeps_the_session(
    clock: ManualClock, shell: KioskShell
) -> None:
    shell.open_help()
    number = shell.session.number
    assert wait(clock, shell, TIMEOUT - 5).countdown_visible
    shell.user_activity()
    assert not shell.view().countdown_visible
    view = wait(clock, shell, TIMEOUT - COUNTDOWN - 1)
    assert view.screen is Screen.HELP
    assert view.session_number == number


def test_countdown_seconds_tick_down(clock: ManualClock, shell: KioskShell) -> None:
    seen: list[int] = []
    shell.subscribe(
        lambda view: seen.append(view.idle.seconds_left) if view.countdown_visible else None
    )
    shell.open_help()
    wait(clock, shell, TIMEOUT - COUNTDOWN)
    for _ in range(5):
        wait(clock, shell, 1)
    assert seen == [20, 19, 18, 17, 16, 15]


def test_idle_at_home_resets_a_changed_language_only(clock: ManualClock, shell: KioskShell) -> None:
    number = shell.session.number
    assert wait(clock, shell, TIMEOUT + 1).session_number == number  # nothing to wipe
    shell.set_language("en")
    view = wait(clock, shell, TIMEOUT + 1)
    assert view.language == "zh_CN"
    assert view.session_number == number + 1
    assert view.screen is Screen.HOME
    assert not view.countdown_visible  # no countdown overlay on the home screen


def test_going_home_wipes_the_session(shell: KioskShell) -> None:
    shell.set_language("en")
    shell.open_help()
    shell.session.data["x"] = 1
    shell.go_home()
    assert shell.view().language == "zh_CN"
    assert shell.session.data == {}


def test_language_button_cycles_through_enabled_languages(shell: KioskShell) -> None:
    shell.next_language()
    assert shell.view().language == "en"
    shell.next_language()
    assert shell.view().language == "zh_CN"
    with pytest.raises(ValueError, match="not enabled"):
        shell.set_language("fr")


# ---------------------------------------------------------------------------- bugs


def test_a_bug_apologises_in_the_citizens_language_then_goes_home(
    clock: ManualClock, shell: KioskShell
) -> None:
    shell.set_language("en")
    shell.open_help()
    shell.session.data["x"] = 1
    shell.report_bug()
    view = shell.view()
    assert view.screen is Screen.APOLOGY
    assert view.language == "en"
    assert shell.session.data == {}
    assert view.idle.phase is IdlePhase.COUNTDOWN
    wait(clock, shell, APOLOGY_SECONDS - 5)
    shell.user_activity()  # touching the apology does not keep it up
    assert wait(clock, shell, 4).screen is Screen.APOLOGY
    view = wait(clock, shell, 1)
    assert view.screen is Screen.HOME
    assert view.language == "zh_CN"


def test_a_bug_repeating_behind_the_apology_does_not_keep_it_up(
    clock: ManualClock, shell: KioskShell
) -> None:
    shell.report_bug()
    for _ in range(APOLOGY_SECONDS - 1):
        wait(clock, shell, 1)
        shell.report_bug()
    assert wait(clock, shell, 1).screen is Screen.HOME


def test_apology_button_goes_home(shell: KioskShell) -> None:
    shell.report_bug()
    shell.go_home()
    assert shell.screen is Screen.HOME


# ---------------------------------------------------------------------------- maintenance


def _config_error(tmp_path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "absent.toml", {})
    return caught.value


def test_maintenance_is_a_dead_end_until_restart(clock: ManualClock, tmp_path: Path) -> None:
    shell = make_shell(clock, MaintenanceReason(_config_error(tmp_path)))
    assert shell.screen is Screen.MAINTENANCE
    for intent in (shell.open_help, shell.go_home):
        with pytest.raises(InvalidTransitionError):
            intent()
    shell.report_bug()
    assert wait(clock, shell, 10_000).screen is Screen.MAINTENANCE


def test_every_screen_but_maintenance_is_reachable_and_leads_home(shell: KioskShell) -> None:
    table = shell.transitions()
    reachable, frontier = {Screen.HOME}, [Screen.HOME]
    while frontier:
        current = frontier.pop()
        for t in table:
            if t.source is current and t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    assert reachable == set(Screen) - {Screen.MAINTENANCE}
    for screen in reachable - {Screen.HOME}:
        assert any(t.source is screen and t.target is Screen.HOME for t in table), screen
        assert any(t.source is screen and t.event.name == "IDLE_EXPIRED" for t in table), screen


def test_checking_a_credential_keeps_its_result_for_the_session_only(shell: KioskShell) -> None:
    from kiosk.credentials.errors import Reason  # noqa: PLC0415
    from kiosk.credentials.verifier import VerificationResult  # noqa: PLC0415

    shell.open_check()
    assert shell.screen is Screen.CHECK_SCAN
    result = VerificationResult(Reason.EXPIRED)
    shell.show_check_result(result)
    assert shell.screen is Screen.CHECK_RESULT
    assert shell.check_result() is result
    shell.scan_again()
    assert shell.screen is Screen.CHECK_SCAN
    assert shell.check_result() is None
    shell.show_check_result(result)
    shell.go_home()
    assert shell.check_result() is None


def test_state_machine_refuses_duplicates_and_unknown_events() -> None:
    with pytest.raises(ValueError, match="two transitions"):
        StateMachine(Screen.HOME, [(Screen.HOME, Screen.HELP, Screen.HELP)] * 2)  # type: ignore[list-item]
    machine: StateMachine[Screen, Screen] = StateMachine(
        Screen.HOME, [(Screen.HOME, Screen.HELP, Screen.HELP)]
    )
    with pytest.raises(InvalidTransitionError):
        machine.fire(Screen.APOLOGY)
    assert machine.fire(Screen.HELP) is Screen.HELP


# ---------------------------------------------------------------------------- start-up


def test_no_journey_starts_before_the_services_are_ready(clock: ManualClock) -> None:
    from kiosk.devices.printer import PrinterState  # noqa: PLC0415
    from kiosk.devices.printer_fake import FakePrinter  # noqa: PLC0415
    from kiosk.journeys.receipt import PrinterWatch, ReceiptDesk  # noqa: PLC0415
    from kiosk.runtime.tasks import SyncTaskRunner  # noqa: PLC0415

    shell = make_shell(clock, starting=True)
    views: list[ShellView] = []
    shell.subscribe(views.append)
    assert shell.view().starting
    shell.open_check()  # a touch on the tile while the verifier is not open yet
    assert shell.screen is Screen.HOME
    shell.open_help()  # help needs nothing that is still opening
    assert shell.screen is Screen.HELP
    shell.go_home()

    printer, tasks = FakePrinter(), SyncTaskRunner()
    watch = PrinterWatch(printer, tasks, clock)
    shell.services_ready(receipts=ReceiptDesk(printer, tasks), printer_watch=watch)
    assert not shell.starting
    assert views[-1].starting is False
    assert shell.view().printer_state is PrinterState.READY
    shell.open_check()
    assert shell.screen is Screen.CHECK_SCAN
    with pytest.raises(RuntimeError, match="already attached"):
        shell.services_ready()


def test_a_shell_built_with_its_services_is_ready_at_once(shell: KioskShell) -> None:
    assert not shell.view().starting
    shell.open_check()
    assert shell.screen is Screen.CHECK_SCAN

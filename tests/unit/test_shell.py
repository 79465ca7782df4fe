"""The journey host: home, one journey at a time, idle countdown and wipe, language, bugs,
maintenance; and the first journeys on it (help, check a code)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config.loader import ConfigError, load_config
from kiosk.credentials.errors import Reason
from kiosk.credentials.verifier import VerificationResult
from kiosk.journeys.check import CheckJourney, CheckStep
from kiosk.journeys.idle import IdlePhase, IdleStatus, IdleWatch
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, HOTEL, JourneyName, TerminalMode
from kiosk.journeys.shell import (
    APOLOGY_SECONDS,
    HOST_TRANSITIONS,
    IN_JOURNEY,
    DatabaseProblem,
    HostEvent,
    KioskShell,
    MaintenanceReason,
    ShellView,
)
from kiosk.runtime.clock import ManualClock
from tests.support.desk import desk_services

TIMEOUT, COUNTDOWN = 90, 20


def make_shell(
    clock: ManualClock,
    maintenance: MaintenanceReason | None = None,
    *,
    starting: bool = False,
    mode: TerminalMode = CITIZEN,
) -> KioskShell:
    return KioskShell(
        clock,
        mode=mode,
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


def check_journey(shell: KioskShell) -> CheckJourney:
    journey = shell.journey
    assert isinstance(journey, CheckJourney)
    return journey


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
    shell.start(JourneyName.CHECK)
    journey = check_journey(shell)
    journey.scan_finished(VerificationResult(Reason.EXPIRED))
    first_session = shell.session

    view = wait(clock, shell, TIMEOUT - COUNTDOWN - 1)
    assert not view.countdown_visible
    view = wait(clock, shell, 2)
    assert view.countdown_visible
    assert view.idle.seconds_left == COUNTDOWN - 1
    assert view.screen is Screen.CHECK_RESULT

    view = wait(clock, shell, COUNTDOWN)
    assert view.screen is Screen.HOME
    assert not view.countdown_visible
    assert view.language == "zh_CN"
    assert view.session_number == first_session.number + 1
    assert shell.journey is None
    assert journey.ended and journey.result is None
    assert [v.idle.seconds_left for v in views if v.countdown_visible] == [COUNTDOWN - 1]


def test_a_touch_during_the_countdown_keeps_the_session(
    clock: ManualClock, shell: KioskShell
) -> None:
    shell.start(JourneyName.HELP)
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
    shell.start(JourneyName.HELP)
    wait(clock, shell, TIMEOUT - COUNTDOWN)
    for _ in range(5):
        wait(clock, shell, 1)
    assert seen == [20, 19, 18, 17, 16, 15]


def test_every_step_of_a_journey_restarts_the_idle_wait(
    clock: ManualClock, shell: KioskShell
) -> None:
    shell.start(JourneyName.CHECK)
    wait(clock, shell, TIMEOUT - 1)
    check_journey(shell).scan_finished(VerificationResult(Reason.EXPIRED))
    view = wait(clock, shell, TIMEOUT - COUNTDOWN - 1)
    assert view.screen is Screen.CHECK_RESULT and not view.countdown_visible


def test_idle_at_home_resets_a_changed_language_only(clock: ManualClock, shell: KioskShell) -> None:
    number = shell.session.number
    assert wait(clock, shell, TIMEOUT + 1).session_number == number  # nothing to wipe
    shell.set_language("en")
    view = wait(clock, shell, TIMEOUT + 1)
    assert view.language == "zh_CN"
    assert view.session_number == number + 1
    assert view.screen is Screen.HOME
    assert not view.countdown_visible  # no countdown overlay on the home screen


def test_going_home_ends_the_journey_and_wipes_the_session(shell: KioskShell) -> None:
    shell.set_language("en")
    shell.start(JourneyName.CHECK)
    journey = check_journey(shell)
    journey.scan_finished(VerificationResult(Reason.EXPIRED))
    shell.go_home()
    assert shell.view().language == "zh_CN"
    assert shell.journey is None
    assert not journey.state.holds_personal_data


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
    shell.start(JourneyName.CHECK)
    journey = check_journey(shell)
    journey.scan_finished(VerificationResult(Reason.EXPIRED))
    shell.report_bug()
    view = shell.view()
    assert view.screen is Screen.APOLOGY
    assert view.language == "en"
    assert shell.journey is None and not journey.state.holds_personal_data
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


def test_no_journey_starts_from_the_apology(shell: KioskShell) -> None:
    shell.report_bug()
    shell.start(JourneyName.HELP)
    assert shell.screen is Screen.APOLOGY and shell.journey is None


# ---------------------------------------------------------------------------- maintenance


def _config_error(tmp_path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "absent.toml", {})
    return caught.value


def test_maintenance_is_a_dead_end_until_restart(clock: ManualClock, tmp_path: Path) -> None:
    shell = make_shell(clock, MaintenanceReason(_config_error(tmp_path)))
    assert shell.screen is Screen.MAINTENANCE
    shell.start(JourneyName.HELP)
    shell.go_home()
    shell.back()
    shell.report_bug()
    assert shell.screen is Screen.MAINTENANCE and shell.journey is None
    assert wait(clock, shell, 10_000).screen is Screen.MAINTENANCE


# ---------------------------------------------------------------------------- modes


@pytest.mark.parametrize("mode", [CITIZEN, HOTEL])
def test_every_tile_of_a_mode_starts_its_journey_and_leads_home(
    clock: ManualClock, mode: TerminalMode, tmp_path: Path
) -> None:
    shell = make_shell(clock, mode=mode)
    services, _outbox, database = desk_services(tmp_path, clock)
    shell.desk = services if mode.staffed else None
    for tile in mode.tiles:
        shell.start(tile.journey)
        # The desk's register is the desk journey, shown from its register.
        names = {tile.journey.value, "desk"} if mode.staffed else {tile.journey.value}
        assert shell.journey is not None and shell.journey.name in names
        assert shell.screen is not Screen.HOME
        shell.go_home()
        assert shell.screen is Screen.HOME and shell.journey is None
    database.close()


def test_a_journey_the_mode_does_not_offer_does_not_start(clock: ManualClock) -> None:
    bare = TerminalMode(
        name="bare",
        title=CITIZEN.title,
        subtitle=CITIZEN.subtitle,
        tiles=(CITIZEN.tiles[1],),  # help only
        scan_purpose=CITIZEN.scan_purpose,
        prints=CITIZEN.prints,
        printer_trouble=CITIZEN.printer_trouble,
    )
    shell = make_shell(clock, mode=bare)
    shell.start(JourneyName.CHECK)
    assert shell.screen is Screen.HOME


def test_the_mode_decides_the_purpose_of_its_scans(clock: ManualClock) -> None:
    shell = make_shell(clock, mode=CITIZEN)
    shell.start(JourneyName.CHECK)
    assert check_journey(shell).scan_request.purpose.value == "service_application"
    assert HOTEL.scan_purpose.value == "hotel_check_in"  # the desk's scanner's (ui tests)
    assert not HOTEL.offers(JourneyName.CHECK)  # the desk, not a mere check, at a hotel


# ---------------------------------------------------------------------------- checking a code


def test_checking_a_credential_keeps_its_result_for_the_journey_only(shell: KioskShell) -> None:
    shell.start(JourneyName.CHECK)
    journey = check_journey(shell)
    assert shell.screen is Screen.SCAN and journey.step is CheckStep.SCAN
    result = VerificationResult(Reason.EXPIRED)
    journey.scan_finished(result)
    assert shell.screen is Screen.CHECK_RESULT
    assert journey.result is result
    journey.scan_again()
    assert shell.screen is Screen.SCAN
    assert journey.result is None
    journey.scan_finished(result)
    shell.go_home()
    assert journey.result is None


def test_a_code_read_without_a_verifier_is_refused_by_the_journey(shell: KioskShell) -> None:
    shell.start(JourneyName.CHECK)
    journey = check_journey(shell)
    journey.scan_finished(None)
    assert journey.result is not None
    assert journey.result.reason is Reason.TRUST_LIST_STALE
    assert not journey.result.valid


def test_back_from_the_result_scans_afresh(shell: KioskShell) -> None:
    shell.start(JourneyName.CHECK)
    journey = check_journey(shell)
    assert not shell.view().can_go_back  # the first step: back is home
    journey.scan_finished(VerificationResult(Reason.EXPIRED))
    assert shell.view().can_go_back
    shell.back()
    assert shell.screen is Screen.SCAN and journey.result is None
    shell.back()
    assert shell.screen is Screen.HOME and shell.journey is None


# ---------------------------------------------------------------------------- start-up


def test_no_journey_needing_services_starts_before_they_are_ready(clock: ManualClock) -> None:
    from kiosk.devices.printer import PrinterState  # noqa: PLC0415
    from kiosk.devices.printer_fake import FakePrinter  # noqa: PLC0415
    from kiosk.journeys.receipt import PrinterWatch, ReceiptDesk  # noqa: PLC0415
    from kiosk.runtime.tasks import SyncTaskRunner  # noqa: PLC0415

    shell = make_shell(clock, starting=True)
    views: list[ShellView] = []
    shell.subscribe(views.append)
    assert shell.view().starting
    assert not shell.can_start(JourneyName.CHECK)
    shell.start(JourneyName.CHECK)  # a touch on the tile while the verifier is not open yet
    assert shell.screen is Screen.HOME
    assert shell.can_start(JourneyName.HELP)
    shell.start(JourneyName.HELP)  # help needs nothing that is still opening
    assert shell.screen is Screen.HELP
    shell.go_home()

    printer, tasks = FakePrinter(), SyncTaskRunner()
    watch = PrinterWatch(printer, tasks, clock)
    shell.services_ready(receipts=ReceiptDesk(printer, tasks), printer_watch=watch)
    assert not shell.starting
    assert views[-1].starting is False
    assert shell.view().printer_state is PrinterState.READY
    shell.start(JourneyName.CHECK)
    assert shell.screen is Screen.SCAN
    with pytest.raises(RuntimeError, match="already attached"):
        shell.services_ready()


def test_a_shell_built_with_its_services_is_ready_at_once(shell: KioskShell) -> None:
    assert not shell.view().starting
    shell.start(JourneyName.CHECK)
    assert shell.screen is Screen.SCAN


# ---------------------------------------------------------------------------- the drawn table


def _put_in(shell: KioskShell, clock: ManualClock, place: str) -> None:
    if place == IN_JOURNEY:
        shell.start(JourneyName.HELP)
    elif place == Screen.APOLOGY.value:
        shell.report_bug()
    shell.set_language("en")  # something to wipe, so that idle on home is a real expiry
    assert (shell.journey is not None) == (place == IN_JOURNEY)


def _fire(shell: KioskShell, clock: ManualClock, event: HostEvent) -> None:
    if event is HostEvent.START:
        shell.start(JourneyName.HELP)
    elif event is HostEvent.GO_HOME:
        shell.go_home()
    elif event is HostEvent.BUG:
        shell.report_bug()
    elif event is HostEvent.OUT_OF_SERVICE:
        shell.out_of_service(MaintenanceReason(database=DatabaseProblem(Path("db"), damaged=True)))
    else:
        for _ in range(20):
            clock.advance(TIMEOUT)
            shell.poll()
            if shell.screen is Screen.HOME and shell.journey is None:
                break


def _place(shell: KioskShell) -> str:
    return IN_JOURNEY if shell.journey is not None else shell.screen.value


@pytest.mark.parametrize(("source", "event", "target"), HOST_TRANSITIONS)
def test_the_host_behaves_as_its_drawn_table_says(
    clock: ManualClock, source: str, event: HostEvent, target: str
) -> None:
    shell = make_shell(clock)
    _put_in(shell, clock, source)
    assert _place(shell) == source
    _fire(shell, clock, event)
    assert _place(shell) == target


def test_the_drawn_table_covers_every_event_from_every_place() -> None:
    places = {Screen.HOME.value, IN_JOURNEY, Screen.APOLOGY.value}
    drawn = {(source, event) for source, event, _ in HOST_TRANSITIONS}
    for place in places:
        for event in HostEvent:
            if (place, event) not in drawn:
                assert (place, event) in {
                    (Screen.HOME.value, HostEvent.GO_HOME),  # already home: nothing to do
                    (IN_JOURNEY, HostEvent.START),  # one journey at a time
                    (Screen.APOLOGY.value, HostEvent.START),  # the apology goes home first
                }, (place, event)


def test_changing_the_language_does_not_keep_the_apology_up(
    clock: ManualClock, shell: KioskShell
) -> None:
    shell.report_bug()
    wait(clock, shell, APOLOGY_SECONDS - 1)
    shell.set_language("en")
    assert wait(clock, shell, 1).screen is Screen.HOME

"""Technician mode on the journey host, without Qt: the hidden gesture's counter, the PIN step
(``kiosk.journeys.unlock``) against the real PIN gate and audit log on a real SQLite file, entering
technician mode, its own home and journeys, leaving it by "leave", by idle and when the terminal
goes out of service, and the restart / leave-to-desktop journey (``kiosk.journeys.tech_system``)
that asks for the PIN again before closing the kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.config.loader import ConfigError
from kiosk.domain.text import Bilingual
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, HOTEL, TECHNICIAN, JourneyName, TerminalFacts
from kiosk.journeys.shell import KioskShell, MaintenanceReason
from kiosk.journeys.tech_system import SystemAction, TechSystemJourney
from kiosk.journeys.unlock import UnlockJourney
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.store import DATABASE_FILE_NAME, Database
from kiosk.technician.audit import AuditAction, AuditLog
from kiosk.technician.gesture import TapCounter
from kiosk.technician.pin import LOCK_AFTER, PinGate, PinOutcome, ScryptCost, hash_pin
from kiosk.technician.services import TechnicianServices
from tests.support.held_runner import HeldRunner

PIN = "730519"
CHEAP = ScryptCost(log2n=10, r=8, p=1)  # the host's rules do not depend on the hash's cost
IDLE_MINUTES = 5


class RecordingSystem:
    """Stands in for the application (the UI's QtSystemActions): records what was asked."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def restart(self) -> None:
        self.asked.append("restart")

    def leave_to_desktop(self) -> None:
        self.asked.append("desktop")


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN, cost=CHEAP)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    with Database.open(tmp_path / "data" / DATABASE_FILE_NAME) as opened:
        yield opened


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def system() -> RecordingSystem:
    return RecordingSystem()


def _services(
    database: Database, clock: ManualClock, stored: str | None, system: RecordingSystem
) -> TechnicianServices:
    audit = AuditLog(database, clock)
    return TechnicianServices(
        tasks=SyncTaskRunner(),
        terminal_id="CQ-YB-0001",
        gate=PinGate(database, clock, stored, audit),
        audit=audit,
        idle_minutes=IDLE_MINUTES,
        system=system,
    )


def _shell(
    clock: ManualClock, services: TechnicianServices | None, *, hotel: bool = False
) -> KioskShell:
    return KioskShell(
        clock,
        mode=HOTEL if hotel else CITIZEN,
        terminal=TerminalFacts("CQ-YB-0001", Bilingual("中心", "Centre")),
        languages=["zh_CN", "en"],
        default_language="zh_CN",
        idle_timeout_s=90,
        idle_countdown_s=20,
        technician=services,
    )


@pytest.fixture
def services(
    database: Database, clock: ManualClock, stored: str, system: RecordingSystem
) -> TechnicianServices:
    return _services(database, clock, stored, system)


def _unlock(shell: KioskShell) -> UnlockJourney:
    shell.request_technician()
    journey = shell.journey
    assert isinstance(journey, UnlockJourney)
    assert shell.screen is Screen.TECH_PIN
    return journey


def _actions(audit: AuditLog) -> list[tuple[str, str]]:
    return [(entry.action, entry.outcome) for entry in reversed(audit.entries())]


# ---------------------------------------------------------------------- the hidden gesture


def test_five_taps_within_three_seconds_and_no_fewer_or_slower() -> None:
    clock = ManualClock()
    taps = TapCounter(clock.monotonic)
    assert [taps.tap() for _ in range(4)] == [False] * 4
    assert taps.tap()  # the fifth
    assert not taps.tap()  # the count starts again
    for _ in range(4):
        clock.advance(0.8)  # 3.2 s from the first to the fifth: too slow
        assert not taps.tap()
    clock.advance(0.8)
    assert not taps.tap()
    clock.advance(0.1)
    assert taps.tap()  # the last five taps within 3 s


# ---------------------------------------------------------------------- the PIN


def test_the_right_pin_opens_technician_mode_in_the_same_language(
    clock: ManualClock, services: TechnicianServices
) -> None:
    shell = _shell(clock, services)
    shell.set_language("en")
    journey = _unlock(shell)
    assert not journey.submit("73051")  # too short: not even tried
    assert journey.submit(PIN)
    assert journey.ended and journey.state.verdict is None  # wiped as the mode changed
    assert shell.mode is TECHNICIAN and shell.screen is Screen.TECH_HOME
    assert shell.session.language == "en" and shell.view().technician
    assert _actions(services.audit)[-2:] == [("pin.accepted", "ok"), ("technician.entered", "ok")]
    assert services.audit.verify().ok


def test_a_right_pin_checked_after_its_screen_closed_enters_nothing_and_says_so(
    clock: ManualClock, services: TechnicianServices
) -> None:
    runner = HeldRunner("technician PIN")
    services.tasks = runner
    shell = _shell(clock, services)
    journey = _unlock(shell)
    assert journey.submit(PIN)
    shell.go_home()  # the citizen's home button, or the idle time, while the PIN is checked
    runner.release("technician PIN")
    assert shell.mode is CITIZEN and shell.screen is Screen.HOME
    assert _actions(services.audit)[-2:] == [("pin.accepted", "ok"), ("pin.unused", "ok")]
    assert dict(services.audit.entries()[0].detail) == {"reason": "screen_closed"}
    assert services.audit.verify().ok


def test_a_right_desktop_pin_checked_after_its_screen_closed_leaves_nothing(
    clock: ManualClock, services: TechnicianServices, system: RecordingSystem
) -> None:
    shell = _shell(clock, services)
    journey = _system(shell)
    runner = HeldRunner("technician PIN (desktop)")
    services.tasks = runner
    journey.ask(SystemAction.DESKTOP)
    assert journey.confirm_desktop(PIN)
    shell.go_home()  # technician mode's home: the desktop screen closed meanwhile
    assert shell.screen is Screen.TECH_HOME
    runner.release("technician PIN (desktop)")
    assert system.asked == []
    assert _actions(services.audit)[-2:] == [("pin.accepted", "ok"), ("pin.unused", "ok")]


def test_wrong_pins_say_how_many_tries_are_left_then_lock_across_visits(
    clock: ManualClock, services: TechnicianServices
) -> None:
    shell = _shell(clock, services)
    journey = _unlock(shell)
    for wrong in range(1, LOCK_AFTER):
        assert journey.submit("000111")
        assert journey.verdict is not None and journey.verdict.outcome is PinOutcome.REFUSED
        assert journey.tries_left() == LOCK_AFTER - wrong
        assert shell.mode is CITIZEN
    assert journey.submit("000111")
    assert journey.verdict is not None and journey.verdict.outcome is PinOutcome.LOCKED
    assert journey.locked_for_s() == pytest.approx(30.0)
    assert not journey.submit(PIN)  # not even the right one while locked
    shell.go_home()
    # Another visit (or a restart: the gate keeps the lock in the database) shows the lock.
    again = _unlock(shell)
    assert again.verdict is not None and again.verdict.outcome is PinOutcome.LOCKED
    assert 0 < again.locked_for_s() <= 30.0
    clock.advance(31)
    again.tick()
    assert again.locked_for_s() == 0
    assert again.submit(PIN)
    assert shell.mode is TECHNICIAN
    refused = [entry for entry in services.audit.entries() if entry.action == "pin.refused"]
    assert len(refused) >= LOCK_AFTER


def test_without_a_pin_set_technician_mode_cannot_be_entered(
    database: Database, clock: ManualClock, system: RecordingSystem
) -> None:
    shell = _shell(clock, _services(database, clock, None, system))
    journey = _unlock(shell)
    assert journey.verdict is not None and journey.verdict.outcome is PinOutcome.NOT_SET
    assert journey.submit(PIN)
    assert shell.mode is CITIZEN and journey.verdict.outcome is PinOutcome.NOT_SET


def test_the_gesture_asks_for_the_pin_only_from_an_idle_home(
    clock: ManualClock, services: TechnicianServices
) -> None:
    assert not _shell(clock, None).can_unlock()  # no technician services: nothing happens
    shell = _shell(clock, services)
    shell.start(JourneyName.HELP)
    shell.request_technician()  # over a citizen's journey: ignored
    assert shell.screen is Screen.HELP
    shell.go_home()
    _unlock(shell)
    clock.advance(200)  # the PIN screen left alone: home again, like any step
    shell.poll()
    assert shell.screen is Screen.HOME and shell.mode is CITIZEN


# ---------------------------------------------------------------------- in technician mode


def test_technician_mode_offers_its_journeys_and_closes_by_itself_when_idle(
    clock: ManualClock, services: TechnicianServices
) -> None:
    shell = _shell(clock, services, hotel=True)
    assert not shell.can_start(JourneyName.TECH_SYSTEM)  # not before the PIN
    _unlock(shell).submit(PIN)
    assert shell.mode is TECHNICIAN
    assert not shell.can_start(JourneyName.DESK)  # the hotel's journeys are not offered here
    shell.start(JourneyName.TECH_SYSTEM)
    assert shell.screen is Screen.TECH_SYSTEM
    shell.go_home()
    assert shell.screen is Screen.TECH_HOME  # home is technician mode's own
    clock.advance(IDLE_MINUTES * 60 - 1)
    shell.poll()
    assert shell.mode is TECHNICIAN  # a technician reading a screen for minutes keeps it
    shell.start(JourneyName.TECH_SYSTEM)
    clock.advance(IDLE_MINUTES * 60 + 1)
    shell.poll()
    assert shell.mode is HOTEL and shell.screen is Screen.HOME and shell.journey is None
    assert _actions(services.audit)[-1] == ("technician.left", "ok")
    assert services.audit.entries()[0].detail == {"reason": "idle"}


def test_leaving_technician_mode_returns_to_the_default_language(
    clock: ManualClock, services: TechnicianServices
) -> None:
    shell = _shell(clock, services)
    shell.set_language("en")
    _unlock(shell).submit(PIN)
    shell.leave_technician()
    assert shell.mode is CITIZEN and shell.screen is Screen.HOME
    assert shell.session.language == "zh_CN" and not shell.view().technician
    assert services.audit.entries()[0].detail == {"reason": "left"}


def test_going_out_of_service_leaves_technician_mode(
    clock: ManualClock, services: TechnicianServices
) -> None:
    shell = _shell(clock, services)
    _unlock(shell).submit(PIN)
    shell.out_of_service(MaintenanceReason(config_error=ConfigError(Path("kiosk.toml"), [])))
    assert shell.mode is CITIZEN and shell.screen is Screen.MAINTENANCE


# ---------------------------------------------------------------------- restart and desktop


def _system(shell: KioskShell) -> TechSystemJourney:
    _unlock(shell).submit(PIN)
    shell.start(JourneyName.TECH_SYSTEM)
    journey = shell.journey
    assert isinstance(journey, TechSystemJourney)
    return journey


def test_restart_is_confirmed_then_audited_then_asked_of_the_application(
    clock: ManualClock, services: TechnicianServices, system: RecordingSystem
) -> None:
    journey = _system(_shell(clock, services))
    assert not journey.confirm_restart()  # not asked yet
    journey.ask(SystemAction.RESTART)
    journey.cancel()
    assert not journey.confirm_restart() and system.asked == []
    journey.ask(SystemAction.RESTART)
    assert journey.confirm_restart()
    assert system.asked == ["restart"]
    assert _actions(services.audit)[-1] == (AuditAction.APP_RESTARTED.value, "ok")


def test_leaving_to_the_desktop_needs_the_pin_again(
    clock: ManualClock, services: TechnicianServices, system: RecordingSystem
) -> None:
    journey = _system(_shell(clock, services))
    journey.ask(SystemAction.DESKTOP)
    assert journey.confirm_desktop("111000")
    verdict = journey.state.verdict
    assert verdict is not None and verdict.outcome is PinOutcome.REFUSED
    assert system.asked == [] and journey.state.done is None
    assert journey.confirm_desktop(PIN)
    assert system.asked == ["desktop"] and journey.state.done is SystemAction.DESKTOP
    actions = _actions(services.audit)
    assert actions[-2:] == [("pin.accepted", "ok"), (AuditAction.DESKTOP_LEFT.value, "ok")]
    assert services.audit.entries()[1].detail == {"purpose": "desktop"}


def test_the_demo_configuration_carries_the_demo_pin(tmp_path: Path) -> None:
    from kiosk.config.loader import load_config  # noqa: PLC0415
    from kiosk.demo import DEMO_TECHNICIAN_PIN, write_demo_config  # noqa: PLC0415
    from kiosk.technician.pin import pin_matches, pin_problem  # noqa: PLC0415

    loaded = load_config(write_demo_config(tmp_path / "demo"), {})
    stored = loaded.config.technician.pin_hash
    assert stored is not None and pin_matches(DEMO_TECHNICIAN_PIN, stored)
    assert pin_problem(DEMO_TECHNICIAN_PIN) is None  # the demo's PIN passes the rules it teaches


def test_set_pin_closes_the_configuration_to_other_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io  # noqa: PLC0415

    from kiosk.cli import main  # noqa: PLC0415
    from kiosk.config.loader import load_config  # noqa: PLC0415
    from kiosk.demo import write_demo_config  # noqa: PLC0415
    from kiosk.technician.pin import pin_matches  # noqa: PLC0415

    path = write_demo_config(tmp_path / "demo")
    path.chmod(0o644)  # as a hand-made file often is: any local user could read the hash
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PIN}\n"))
    assert main(["technician", "set-pin", "--pin-stdin", "--config", str(path)]) == 0
    assert path.stat().st_mode & 0o777 == 0o640
    stored = load_config(path, {}).config.technician.pin_hash
    assert stored is not None and pin_matches(PIN, stored)


@pytest.mark.parametrize("cost", ["25$8$1", "17$32$1", "17$8$9", "9$8$1"])
def test_a_pin_hash_no_pin_could_ever_match_is_refused_by_the_configuration(
    tmp_path: Path, cost: str
) -> None:
    import tomllib  # noqa: PLC0415

    import tomli_w  # noqa: PLC0415

    from kiosk.config.loader import ConfigError, load_config  # noqa: PLC0415
    from kiosk.demo import write_demo_config  # noqa: PLC0415

    path = write_demo_config(tmp_path / "demo")
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    salt_and_key = hash_pin(PIN, cost=CHEAP).split("$", 4)[4]
    document["technician"]["pin_hash"] = f"scrypt${cost}${salt_and_key}"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_config(path, {})
    assert any(problem.path == "technician.pin_hash" for problem in refused.value.problems)


def test_a_bug_in_technician_mode_ends_it_and_says_so_in_the_audit(
    clock: ManualClock, services: TechnicianServices
) -> None:
    shell = _shell(clock, services)
    _unlock(shell).submit(PIN)
    shell.start(JourneyName.TECH_SYSTEM)
    shell.report_bug()
    assert shell.mode is CITIZEN and shell.screen is Screen.APOLOGY
    assert services.audit.entries()[0].detail == {"reason": "error"}
    clock.advance(60)
    shell.poll()  # the apology's time runs out: home, no second "left" entry
    assert shell.screen is Screen.HOME
    assert [entry.action for entry in services.audit.entries()].count("technician.left") == 1


def test_only_the_kiosks_own_unit_makes_a_restart_systemds_job() -> None:
    from kiosk.runtime.restart import EXIT_DESKTOP, EXIT_RESTART, supervised  # noqa: PLC0415
    from kiosk.runtime.service_unit import DEFAULTS, render_unit  # noqa: PLC0415

    assert not supervised({})
    assert not supervised({"INVOCATION_ID": "4f1c"})  # a desktop session's program inherits it
    assert supervised({"KIOSK_SUPERVISED": "1"})
    unit = render_unit(DEFAULTS)
    assert "Environment=KIOSK_SUPERVISED=1" in unit.splitlines()
    assert f"RestartPreventExitStatus={EXIT_DESKTOP}" in unit.splitlines()  # left: stays stopped
    assert "Restart=always" in unit.splitlines() and EXIT_RESTART != EXIT_DESKTOP

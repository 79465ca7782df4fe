"""When the screen goes black (a moved clock), and the panel's commands run in order, off-thread,
their failures logged."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.display_power import BlankPolicy, DisplaySwitch
from kiosk.runtime.opening_hours import OpeningHours, parse_opening_hours

HOURS = parse_opening_hours("mon-fri 08:30-18:00; sat 09:00-12:00")
MONDAY_EVENING = datetime(2026, 11, 23, 20, 0, tzinfo=CHINA_TIME)
MONDAY_MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=CHINA_TIME)


def policy(
    clock: ManualClock, *, hours: OpeningHours | None = HOURS, blank: bool = True
) -> BlankPolicy:
    return BlankPolicy(hours, blank_outside_hours=blank, idle_s=90, clock=clock)


def test_black_only_outside_hours_on_an_idle_home_screen() -> None:
    clock = ManualClock(MONDAY_EVENING)
    rule = policy(clock)
    assert rule.enabled
    assert not rule.should_blank(at_home=True, technician=False)  # just started: not idle yet
    clock.advance(89)
    assert not rule.should_blank(at_home=True, technician=False)
    clock.advance(1)
    assert rule.should_blank(at_home=True, technician=False)
    assert not rule.should_blank(at_home=False, technician=False)  # a journey under way
    assert not rule.should_blank(at_home=True, technician=True)  # technician mode
    rule.touched()
    assert not rule.should_blank(at_home=True, technician=False)  # woken for the idle time
    clock.advance(90)
    assert rule.should_blank(at_home=True, technician=False)


def test_never_black_within_opening_hours() -> None:
    clock = ManualClock(MONDAY_MORNING)
    rule = policy(clock)
    clock.advance(3600)  # 11:00: still open
    assert not rule.should_blank(at_home=True, technician=False)
    clock.advance(7 * 3600)  # 18:00: closed
    assert rule.should_blank(at_home=True, technician=False)


@pytest.mark.parametrize(("hours", "blank"), [(None, True), (HOURS, False)])
def test_never_black_without_hours_or_when_switched_off(
    hours: OpeningHours | None, blank: bool
) -> None:
    clock = ManualClock(MONDAY_EVENING)
    rule = policy(clock, hours=hours, blank=blank)
    clock.advance(10_000)
    assert not rule.enabled
    assert not rule.should_blank(at_home=True, technician=False)


def recorder(log: Path, word: str) -> list[str]:
    """A command that appends ``word`` to ``log`` (a real program, run without a shell)."""
    return [
        sys.executable,
        "-c",
        "import sys; open(sys.argv[1], 'a').write(sys.argv[2] + ' ')",
        str(log),
        word,
    ]


def test_commands_run_in_the_order_asked(tmp_path: Path) -> None:
    log = tmp_path / "panel.log"
    switch = DisplaySwitch(recorder(log, "off"), recorder(log, "on"))
    assert switch.configured
    for on in (True, False, True, False, True):
        switch.switch(on=on)
    switch.close()  # waits for them
    assert log.read_text().split() == ["on", "off", "on", "off", "on"]
    switch.switch(on=False)  # closed: nothing more runs
    assert log.read_text().split() == ["on", "off", "on", "off", "on"]


def test_arguments_reach_the_program_as_they_are(tmp_path: Path) -> None:
    log = tmp_path / "panel.log"
    switch = DisplaySwitch(recorder(log, "$HOME;*"), None)
    switch.switch(on=False)
    switch.switch(on=True)  # no "on" command: nothing
    switch.close()
    assert log.read_text() == "$HOME;* "  # no shell expanded or split it


def test_no_commands_configured_runs_nothing() -> None:
    calls: list[object] = []
    switch = DisplaySwitch(None, None, run=lambda *args, **kwargs: calls.append(args))
    assert not switch.configured
    switch.switch(on=False)
    switch.close()
    assert calls == []


@pytest.mark.allow_log_warnings
def test_failures_are_logged_and_the_next_command_still_runs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = tmp_path / "panel.log"
    missing = DisplaySwitch([str(tmp_path / "no-such-program")], recorder(log, "on"))
    missing.switch(on=False)
    missing.switch(on=True)
    missing.close()
    assert "cannot run" in caplog.text
    assert log.read_text().split() == ["on"]

    failing = DisplaySwitch(
        [sys.executable, "-c", "import sys; sys.stderr.write('no output HDMI-A-9'); sys.exit(3)"],
        None,
    )
    failing.switch(on=False)
    failing.close()
    assert "exited with 3: no output HDMI-A-9" in caplog.text


@pytest.mark.allow_log_warnings
def test_a_hanging_command_is_given_up_after_its_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = tmp_path / "panel.log"
    hanging = [sys.executable, "-c", "import time; time.sleep(60)"]
    switch = DisplaySwitch(hanging, recorder(log, "on"), timeout_s=0.5)
    switch.switch(on=False)
    switch.switch(on=True)
    switch.close()
    assert "did not finish within" in caplog.text
    assert log.read_text().split() == ["on"]

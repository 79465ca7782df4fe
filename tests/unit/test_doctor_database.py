"""kiosk doctor (issue 14, points 4 and 6): a ``database`` check with the right remedy, no
blame on the trust list when the database failed, no display named as such, the example
configuration pointed to, no remedy for a check that could not run, dates in Beijing time."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.demo import prepare_demo
from kiosk.diagnostics.doctor import CheckResult, Doctor, Status, parse_probe_output, render_text
from kiosk.runtime.clock import ManualClock
from kiosk.store.database import DATABASE_FILE_NAME
from tests.support.damage import Damage, damage
from tests.unit.test_doctor import GOOD_PROBE, probe_of, with_pin

NOW = datetime(2026, 12, 5, 1, 30, tzinfo=UTC)  # 09:30 in Beijing
CRASHED = parse_probe_output(-6, "", "could not connect to display\nAborted")


def _doctor(config: Path, environ: dict[str, str], *, crashed: bool = False) -> Doctor:
    return Doctor(
        config_path=config,
        clock=ManualClock(NOW),
        environ=environ,
        probe=lambda: CRASHED if crashed else probe_of(GOOD_PROBE),
        find_library=lambda _name: "libzbar.so.0",
        ntp=lambda: True,
    )


def _by_name(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {result.name: result for result in results}


@pytest.mark.parametrize("how", list(Damage))
def test_a_damaged_database_is_the_database_check_not_the_trust_list(
    tmp_path: Path, how: Damage
) -> None:
    config = prepare_demo(tmp_path / "demo", NOW)
    assert _by_name(_doctor(config, {}).run())["database"].status is Status.OK
    path = tmp_path / "demo" / DATABASE_FILE_NAME
    damage(path, how)
    results = _by_name(_doctor(config, {}).run())
    database = results["database"]
    assert database.status is Status.FAIL
    assert str(path) in database.detail and "damaged" in database.detail
    assert "kiosk database recover" in database.remedy
    trust = results["trust_list"]
    assert trust.status is Status.NOT_RUN and not trust.remedy  # was FAIL + "install the list"
    assert "trust-list load" not in render_text(list(results.values()))


def test_without_a_display_it_says_the_display_is_missing(tmp_path: Path) -> None:
    config = with_pin(prepare_demo(tmp_path / "demo", NOW))  # no warning about the PIN either
    results = _by_name(_doctor(config, {}, crashed=True).run())
    qt = results["qt_platform"]
    assert qt.status is Status.FAIL and "no display" in qt.detail
    assert "DISPLAY" in qt.remedy and "reinstall" not in (qt.detail + qt.remedy).lower()
    for name in ("multimedia", "cameras", "chinese_font"):
        assert results[name].status is Status.NOT_RUN and not results[name].remedy
    text = render_text(list(results.values()))
    assert text.count("->") == 1  # one remedy: the display's; none for what could not run
    assert "3 not run" in text
    with_display = _by_name(_doctor(config, {"DISPLAY": ":0"}, crashed=True).run())
    assert "no display" not in with_display["qt_platform"].detail


def test_without_a_configuration_it_points_to_the_example(tmp_path: Path) -> None:
    missing = tmp_path / "absent" / "kiosk.toml"
    results = _by_name(_doctor(missing, {"HOME": str(tmp_path)}).run())
    config = results["config"]
    assert config.status is Status.FAIL and "docs/kiosk.example.toml" in config.remedy
    for name in ("database", "trust_list"):
        assert results[name].status is Status.NOT_RUN and not results[name].remedy


def test_every_date_says_its_time_zone(tmp_path: Path) -> None:
    config = prepare_demo(tmp_path / "demo", NOW)
    text = render_text(_doctor(config, {}).run())
    dates = re.findall(r"\d{4}-\d{2}-\d{2}[^\n]*", text)
    assert dates
    for line in dates:
        assert "(Beijing time, UTC+8)" in line, line
    assert "2026-12-05 09:30 (Beijing time, UTC+8)" in text  # the clock: 01:30 UTC
    assert " UTC," not in text

"""The machine description every benchmark prints: ``/proc/stat`` shares and the load average."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.support.machine import (
    CpuTimes,
    MachineLoad,
    busy_share,
    environment,
    parse_proc_stat,
)

# Columns: user nice system idle iowait irq softirq steal guest guest_nice.
BEFORE = """cpu  100 0 100 700 100 0 0 0 50 0
cpu0 50 0 50 350 50 0 0 0 50 0
cpu1 50 0 50 350 50 0 0 0 0 0
intr 12345 0 0
ctxt 999
"""
# 400 ticks later on each CPU: cpu0 busy for all of them, cpu1 for a quarter.
AFTER = """cpu  600 0 100 1000 100 0 0 0 50 0
cpu0 450 0 50 350 50 0 0 0 50 0
cpu1 150 0 50 650 50 0 0 0 0 0
intr 23456 0 0
"""


def test_parse_counts_idle_and_iowait_as_idle_and_guest_time_once() -> None:
    times = parse_proc_stat(BEFORE)
    assert set(times) == {"cpu", "cpu0", "cpu1"}
    assert times["cpu"] == CpuTimes(busy=200, total=1000)
    assert times["cpu0"] == CpuTimes(busy=100, total=500)


def test_busy_share_between_two_readings() -> None:
    before, after = parse_proc_stat(BEFORE), parse_proc_stat(AFTER)
    assert busy_share(before["cpu"], after["cpu"]) == 0.625
    assert busy_share(before["cpu0"], after["cpu0"]) == 1.0
    assert busy_share(before["cpu1"], after["cpu1"]) == 0.25
    assert busy_share(before["cpu"], before["cpu"]) is None  # no time passed


def test_a_run_reports_the_shares_of_all_cpus_and_each(tmp_path: Path) -> None:
    stat = tmp_path / "stat"
    stat.write_text(BEFORE, encoding="ascii")
    load = MachineLoad.start(stat_path=stat)
    stat.write_text(AFTER, encoding="ascii")
    report = load.finish()
    assert report["cpu_busy_share_during"] == 0.625
    assert report["cpu_busy_share_each_during"] == {"cpu0": 1.0, "cpu1": 0.25}
    others = report["cpu_busy_share_others_during"]
    assert isinstance(others, float) and 0.0 <= others <= 0.625
    assert report["source"] == "/proc/stat and os.getloadavg()"
    stat.write_text(BEFORE, encoding="ascii")
    assert load.finish() == report, "the figures are taken once, at the first finish()"


def test_without_proc_stat_only_the_load_average_is_given(tmp_path: Path) -> None:
    report = MachineLoad.start(stat_path=tmp_path / "absent").finish()
    assert report["cpu_busy_share_during"] is None
    assert report["cpu_busy_share_others_during"] is None
    assert report["cpu_busy_share_each_during"] is None
    assert report["source"] == "os.getloadavg() (no /proc/stat here)"
    assert "loadavg_1_5_15_start" in report and "loadavg_1_5_15_end" in report


def test_without_a_load_average_it_is_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unavailable() -> tuple[float, float, float]:
        raise OSError("no load average")

    monkeypatch.setattr("os.getloadavg", unavailable)
    report = MachineLoad.start(stat_path=tmp_path / "absent").finish()
    assert report["loadavg_1_5_15_start"] is None and report["loadavg_1_5_15_end"] is None


def test_environment_keeps_its_one_argument_form_and_adds_the_load(tmp_path: Path) -> None:
    plain = environment(1)
    assert plain["cpus_used"] == 1 and "load" not in plain
    stat = tmp_path / "stat"
    stat.write_text(BEFORE, encoding="ascii")
    load = MachineLoad.start(stat_path=stat)
    stat.write_text(AFTER, encoding="ascii")
    described = environment(2, load)
    assert described["cpus_used"] == 2
    assert described["load"] == load.finish()

"""The start-up benchmark's smoke run (``python -m bench.startup --runs 1``) as real processes.

The figures are for the closing notes; this checks the report's shape: the kiosk's first paint
and its services ready (after the paint), the bare window beside it, the ratios, and the load.
"""

from __future__ import annotations

import json

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e


@pytest.mark.timeout(300)
def test_the_startup_benchmark_times_the_first_paint_and_the_services_ready() -> None:
    output = run_benchmark("bench.startup", "--runs", "1", timeout_s=280)
    report = json.loads(output)
    assert report["benchmark"] == "startup"
    ours, bare = report["kiosk_home_screen"], report["minimal_pyside6_window"]
    paint, ready = ours["first_paint_s"]["median"], ours["services_ready_s"]["median"]
    assert 0 < paint < ready  # the services open after the home screen has painted
    assert bare["first_paint_s"]["median"] > 0
    assert report["first_paint_ratio"] > 0 and report["services_ready_ratio"] > 0
    assert isinstance(report["first_paint_within_goal"], bool)
    assert_machine_load_reported(report["environment"])

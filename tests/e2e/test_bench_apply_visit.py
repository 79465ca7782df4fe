"""The applying benchmark (``python -m bench.apply_visit``) as a real process: a scripted
citizen applies on the offscreen demo kiosk against its own reference platform, once for the
online item and once for the bundle, and each scenario reports its touches (the same however
often it is played) and seconds, by phase, with the machine's load."""

from __future__ import annotations

import json

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e
TIMEOUT_S = 240


@pytest.mark.timeout(TIMEOUT_S + 30)
def test_the_applying_benchmark_counts_touches_and_seconds_per_scenario() -> None:
    lines = run_benchmark("bench.apply_visit", "--quick", timeout_s=TIMEOUT_S).splitlines()
    *scenarios, tail = [json.loads(line) for line in lines]
    assert [report["scenario"] for report in scenarios] == ["online_item", "bundle"]
    online, bundle = scenarios
    assert (online["item"], online["bundle"], online["applications_per_visit"]) == (
        "CY-RS-044",
        None,
        1,
    )
    assert (bundle["bundle"], bundle["applications_per_visit"]) == ("open-business", 3)
    for report in scenarios:
        assert report["benchmark"] == "apply_visit" and report["repeats"] == 1
        assert report["touches"] == report["taps"] + report["keys"] > 0
        assert report["shows"] == 1  # the e-ID, once
        assert report["touches_same_every_time"] is True
        seconds = report["seconds"]
        assert 0 < seconds["min"] <= seconds["p50"] <= seconds["max"]
        phases = report["phases"]
        assert sum(phase["touches"] for phase in phases) == report["touches"]
        assert phases[0]["phase"] == "home to the item's page"
        assert all(phase["seconds"] >= 0 for phase in phases)
    assert online["touches"] < bundle["touches"]  # three items' questions, asked once each
    assert_machine_load_reported(tail["environment"])

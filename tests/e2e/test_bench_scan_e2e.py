"""The end-to-end scan benchmark's smoke run (``python -m bench.scan_e2e --runs 1``) as a real
process: the figures are for the closing notes; this checks the report's shape and that it says
what load the machine was under (the run is pinned to one core)."""

from __future__ import annotations

import json

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e
TIMEOUT_S = 120


@pytest.mark.timeout(TIMEOUT_S + 30)
def test_the_scan_benchmark_reports_its_figures_and_the_machine_load() -> None:
    output = run_benchmark("bench.scan_e2e", "--runs", "1", timeout_s=TIMEOUT_S)
    report = json.loads(output)
    assert report["benchmark"] == "scan_e2e"
    assert report["latency_ms_signed_fast_path"]["runs"] == 1
    assert report["latency_ms_two_consistent_reads"]["runs"] == 1
    assert report["sustained"]["frames_delivered_per_s"] > 0
    environment = report["environment"]
    assert environment["cpus_used"] == 1
    assert_machine_load_reported(environment)

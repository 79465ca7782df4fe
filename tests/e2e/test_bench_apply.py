"""The application benchmark (``python -m bench.apply``) runs as a real process against the
reference platform: every application it submits comes back with an acceptance number (the
platform checked it against its item), and it reports the wait beside the bare round trip."""

from __future__ import annotations

import json

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e


def test_the_application_benchmark_reports_the_wait_for_the_acceptance_number() -> None:
    lines = run_benchmark("bench.apply", "--submissions", "5", timeout_s=180).splitlines()
    report, tail = json.loads(lines[0]), json.loads(lines[1])
    assert report["benchmark"] == "apply.submit_to_acceptance_number"
    assert report["submissions"] == 5
    for part in ("submit_to_number", "queue_only", "bare_round_trip"):
        figures = report[part]
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert report["queue_only"]["p50_ms"] < report["submit_to_number"]["p50_ms"]
    assert report["ratio_p50"] > 0
    assert_machine_load_reported(tail["environment"])

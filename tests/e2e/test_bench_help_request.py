"""The call-for-staff benchmark (``python -m bench.help_request``) runs as a real process and
reports its figures and the machine's load; the figures themselves are for the closing notes."""

from __future__ import annotations

import json

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e


def test_the_help_request_benchmark_reports_both_parts() -> None:
    lines = run_benchmark("bench.help_request", "--calls", "20", timeout_s=120).splitlines()
    report, tail = json.loads(lines[0]), json.loads(lines[1])
    assert report["benchmark"] == "help_request.enqueue"
    for part in ("alone", "while_draining"):
        figures = report[part]
        assert figures["calls"] == 20
        assert 0 < figures["median_ms"] <= figures["p95_ms"] <= figures["max_ms"]
    assert_machine_load_reported(tail["environment"])

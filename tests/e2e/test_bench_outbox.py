"""The outbox benchmark's smoke run (``python -m bench.outbox --quick``) as a real process.

The figures are for the closing notes, not for this test: it checks that the three parts report,
that what they delivered reached the platform exactly once and in order, and that the machine
load is reported.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e
TIMEOUT_S = 150


def json_objects(text: str) -> list[dict[str, Any]]:
    """The JSON objects printed one after another (pretty-printed or one per line)."""
    decoder = json.JSONDecoder()
    objects: list[dict[str, Any]] = []
    index = 0
    while True:
        while index < len(text) and text[index].isspace():
            index += 1
        if index == len(text):
            return objects
        value, index = decoder.raw_decode(text, index)
        assert isinstance(value, dict)
        objects.append(value)


@pytest.mark.timeout(TIMEOUT_S + 30)
def test_the_outbox_benchmark_delivers_everything_once_and_in_order() -> None:
    output = run_benchmark("bench.outbox", "--quick", timeout_s=TIMEOUT_S)
    objects = json_objects(output)
    reports = {item["benchmark"]: item for item in objects if "benchmark" in item}
    assert set(reports) == {"outbox.enqueue", "outbox.drain", "outbox.fleet"}
    (environment,) = [item["environment"] for item in objects if "environment" in item]
    assert environment["cpus"] >= 1 and environment["sqlite"]
    assert_machine_load_reported(environment)

    enqueue = reports["outbox.enqueue"]
    assert enqueue["ours"]["synchronous"] == "FULL"
    assert enqueue["ours"]["journal_mode"] == "wal"
    assert enqueue["persistqueue"]["synchronous"] in {"OFF", "NORMAL", "FULL", "EXTRA"}
    stored = enqueue["n_each"] + enqueue["warm_up_each"]
    assert enqueue["ours"]["rows_stored"] == enqueue["persistqueue"]["rows_stored"] == stored
    assert enqueue["ours"]["p50_ms"] > 0 and enqueue["persistqueue"]["p50_ms"] > 0
    assert set(enqueue["ratio_ours_over_persistqueue"]) == {"p50", "p99"}

    drain = reports["outbox.drain"]
    assert drain["drain_outcome"] == "empty"
    assert drain["outbox_after"]["sent"] == drain["records"]
    checks = drain["platform"]
    assert checks["duplicates"] == 0 and checks["missing"] == 0 and checks["unexpected"] == 0
    assert checks["platform_rows"] == checks["expected_rows"] == drain["records"]
    assert checks["admin_list_applications_added"] == drain["records"]
    assert checks["order_kept"]
    assert drain["records_per_s"] > 0

    fleet = reports["outbox.fleet"]
    expected = fleet["terminals"] * fleet["backlog_per_terminal"]
    assert fleet["records"] == expected
    assert fleet["outage"]["failed_requests"] == fleet["terminals"]
    assert fleet["outboxes_after"]["sent"] == expected
    assert fleet["outboxes_after"].get("dead", 0) == 0
    checks = fleet["platform"]
    assert checks["duplicates"] == 0 and checks["missing"] == 0 and checks["unexpected"] == 0
    assert checks["platform_rows"] == checks["expected_rows"] == expected
    assert checks["admin_list_applications_added"] == expected
    assert checks["order_kept"]
    assert checks["terminals_in_order"] == checks["terminals_seen"] == fleet["terminals"]
    assert fleet["reconnect"]["requests_to_platform"] >= expected
    peaks = fleet["peak_request_rate"]
    assert 0 < peaks["client_send_times"]["per_100ms"] <= peaks["client_send_times"]["per_s"]
    assert peaks["platform_log"]["lines"] == expected

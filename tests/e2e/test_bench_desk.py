"""The hotel desk benchmark (``python -m bench.desk``) as a real process: a scripted clerk checks
rooms in on the offscreen demo hotel desk against its own reference platform, and the report
gives the wait from a verified e-ID to the room checked in on the card beside the
scan-to-verified time of the same run, with the machine's load."""

from __future__ import annotations

import json

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e
TIMEOUT_S = 180


@pytest.mark.timeout(TIMEOUT_S + 30)
def test_the_desk_benchmark_times_verified_to_checked_in_beside_scan_to_verified() -> None:
    lines = run_benchmark("bench.desk", "--quick", "--guests", "2", timeout_s=TIMEOUT_S)
    report, tail = [json.loads(line) for line in lines.splitlines()]
    assert report["benchmark"] == "desk.verified_to_checked_in"
    rooms, guests = report["rooms"], report["guests_per_room"]
    assert (rooms, guests) == (4, 2)
    for part, count in (
        ("verified_to_checked_in", rooms),
        ("enter_to_checked_in", rooms),
        ("scan_to_verified", rooms * guests),  # every guest's code
    ):
        figures = report[part]
        assert figures["count"] == count, part
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"], part
    assert report["enter_to_checked_in"]["p50_ms"] < report["verified_to_checked_in"]["p50_ms"]
    for ratio, percentile in (("ratio_p50", "p50_ms"), ("ratio_p95", "p95_ms")):
        expected = (
            report["verified_to_checked_in"][percentile] / report["scan_to_verified"][percentile]
        )
        assert report[ratio] == pytest.approx(expected, abs=1e-3)
    # Every room checked in was queued for the platform (warm-up rooms too), none refused.
    outbox = report["outbox_at_end"]
    assert outbox["dead"] == 0
    assert sum(outbox.values()) == rooms + report["warm_up_rooms"]
    assert_machine_load_reported(tail["environment"])

"""The platform flood benchmark's smoke run (``python -m bench.platform_flood --quick``) as a
real process. The figures are for the closing notes, not for this test: it checks that both
phases report, that the flood got its documented refusals and no server error, that the audit
counted them, and that the machine load is reported."""

from __future__ import annotations

import pytest

from tests.e2e.test_bench_outbox import json_objects
from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e
TIMEOUT_S = 150


@pytest.mark.timeout(TIMEOUT_S + 30)
def test_the_flood_benchmark_reports_heartbeats_idle_and_under_flood() -> None:
    objects = json_objects(run_benchmark("bench.platform_flood", "--quick", timeout_s=TIMEOUT_S))
    (report,) = [item for item in objects if item.get("benchmark") == "platform.flood"]
    (environment,) = [item["environment"] for item in objects if "environment" in item]
    assert_machine_load_reported(environment)
    assert report["database"] == "sqlite"
    for phase in ("heartbeat_idle", "heartbeat_under_flood"):
        figures = report[phase]
        assert figures["n"] >= 60 and 0 < figures["p50_ms"] <= figures["p99_ms"], figures
    assert set(report["ratio_flood_over_idle"]) == {"p50", "p99"}
    flood = report["flood"]
    assert flood["requests"] > 0 and flood["server_errors"] == 0
    answers = flood["answers_by_kind_and_status"]
    assert set(answers["lookup"]) <= {"404", "429"}
    assert set(answers["bad_signature"]) <= {"401", "429"}
    assert set(answers["enrolment"]) <= {"403", "429"}
    refusals = report["admin_list_refusals"]
    assert refusals["receipt_not_genuine"] == answers["lookup"].get("404", 0)
    assert refusals["signature_invalid"] == answers["bad_signature"].get("401", 0)
    assert refusals["enrolment_code_invalid"] == answers["enrolment"].get("403", 0)

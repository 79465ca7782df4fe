"""The verification benchmark's smoke run (``python -m bench.verify --codes 12``) as a real process.

The figures are for the closing notes; this checks the report's shape, that the three contenders
were interleaved call by call (every order used, one sample each a round), and the machine load.
"""

from __future__ import annotations

import json
import math
from itertools import permutations

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e
CONTENDERS = ("verify", "verify_preview", "bare_signature_check")
ROUNDS = 12  # two blocks of the six orders


@pytest.mark.timeout(150)
def test_the_verify_benchmark_interleaves_its_contenders() -> None:
    output = run_benchmark("bench.verify", "--codes", str(ROUNDS), timeout_s=120)
    report = json.loads(output)
    assert report["benchmark"] == "verify"
    assert report["codes_per_algorithm"] == report["rounds_per_algorithm"] == ROUNDS
    assert set(report["results"]) == {"ES256", "EdDSA"}
    every_order = {",".join(order) for order in permutations(CONTENDERS)}
    for algorithm, result in report["results"].items():
        assert result["rounds"] == ROUNDS, algorithm
        for name in CONTENDERS:
            figures = result[name]
            assert figures["n"] == ROUNDS, (algorithm, name)
            assert 0 < figures["p50_ms"] <= figures["p99_ms"], (algorithm, name)
            assert figures["per_second"] > 0, (algorithm, name)
        assert result["orders_used"] == dict.fromkeys(sorted(every_order), ROUNDS // 6)
        for ratio in (
            "overhead_ratio_p50",
            "preview_overhead_ratio_p50",
            "paired_overhead_ratio_p50",
            "paired_preview_overhead_ratio_p50",
        ):
            assert math.isfinite(result[ratio]) and result[ratio] > 0, (algorithm, ratio)
    environment = report["environment"]
    assert environment["cryptography"] and environment["cpus_used"] >= 1
    assert_machine_load_reported(environment)

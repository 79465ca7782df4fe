"""The receipt benchmark's smoke run (``python -m bench.receipt --quick``) as a real process.

The figures are for the closing notes; this checks that every case reports sane numbers, and
that the report says what load the machine was under."""

from __future__ import annotations

import json
import math

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e
STEPS = ("layout", "escpos_native", "escpos_raster", "picture", "png")


@pytest.mark.timeout(180)
def test_the_receipt_benchmark_reports_every_case() -> None:
    output = run_benchmark("bench.receipt", "--quick", timeout_s=150)
    report = json.loads(output)
    assert report["bench"] == "receipt" and report["repeat"] == 5
    expected = {
        f"{doc}-{mm}mm-{lang}"
        for doc in ("receipt", "slip")
        for mm in (58, 80)
        for lang in ("zh", "en")
    }
    assert set(report["cases"]) == expected
    for name, case in report["cases"].items():
        for step in STEPS:
            figures = case[step]
            assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"], (name, step)
        assert case["escpos_native_bytes"] > 0 and case["png_bytes"] > 0
        assert case["escpos_raster_bytes"] >= case["escpos_native_bytes"] or name.startswith(
            "slip"
        )  # a slip has no QR code, so both encodings are the same size
        assert all(math.isfinite(value) and value > 0 for value in case["ratios"].values())
        assert case["first_receipt"]["bytes_and_picture_ms"] >= case["first_receipt"]["bytes_ms"]
    reference = report["reference"]
    assert reference["qr_matrix"]["p50_ms"] > 0
    for name in (
        "receipt_80mm_zh_native_bytes_over_qr_matrix",
        "receipt_80mm_zh_picture_over_qr_matrix",
    ):
        assert math.isfinite(reference[name]) and reference[name] > 0, name
    assert report["environment"]["font"]
    assert_machine_load_reported(report["environment"])

"""The start-up benchmark's smoke run (``python -m bench.startup --runs 1``) as real processes.

The figures are for the closing notes; this checks the report's shape: the kiosk's first paint
and its services ready (after the paint), the bare window beside it, the ratios, and the load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.bench_load import assert_machine_load_reported

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(300)
def test_the_startup_benchmark_times_the_first_paint_and_the_services_ready() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.startup", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=280,
        env=dict(os.environ),
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(done.stdout)
    assert report["benchmark"] == "startup"
    ours, bare = report["kiosk_home_screen"], report["minimal_pyside6_window"]
    paint, ready = ours["first_paint_s"]["median"], ours["services_ready_s"]["median"]
    assert 0 < paint < ready  # the services open after the home screen has painted
    assert bare["first_paint_s"]["median"] > 0
    assert report["first_paint_ratio"] > 0 and report["services_ready_ratio"] > 0
    assert isinstance(report["first_paint_within_goal"], bool)
    assert_machine_load_reported(report["environment"])

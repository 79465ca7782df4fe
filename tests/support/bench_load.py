"""What every benchmark's smoke test shares: running it, and the check on the machine load its
report carries."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROC_STAT = Path("/proc/stat")


def _share(value: object) -> bool:
    return isinstance(value, float | int) and 0.0 <= value <= 1.0


def assert_machine_load_reported(environment: Mapping[str, Any]) -> None:
    """``environment["load"]`` has the load average at both ends and, on Linux, the CPU shares."""
    load = environment["load"]
    assert load["run_s"] > 0, load
    for end in ("loadavg_1_5_15_start", "loadavg_1_5_15_end"):
        figures = load[end]
        assert len(figures) == 3 and all(math.isfinite(v) and v >= 0 for v in figures), load
    if not PROC_STAT.exists():
        assert load["cpu_busy_share_during"] is None, load
        return
    assert _share(load["cpu_busy_share_during"]), load
    assert _share(load["cpu_busy_share_others_during"]), load
    each = load["cpu_busy_share_each_during"]
    assert each and all(name.startswith("cpu") and _share(v) for name, v in each.items()), load


ROOT = Path(__file__).resolve().parents[2]


def run_benchmark(module: str, *args: str, timeout_s: float) -> str:
    """Run ``python -m <module> <args>`` from the checkout (offscreen Qt) and return what it
    printed; the test fails with the end of its error output when it exits non-zero."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return done.stdout

"""Start-up benchmark: process start to the first painted home screen, against a minimal
PySide6 window measured the same way in the same run, and resident memory after start.

    python -m bench.startup [--runs N]

Each run is a fresh process (offscreen Qt). Time is taken in this parent process from just
before the child is spawned to the moment its first-paint line arrives, so interpreter start,
imports, Qt start-up and the first paint are all included. One warm-up run of each is
discarded (it mostly measures the disk cache). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.demo import write_demo_config


def _time_first_paint(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("{"):
            elapsed = time.perf_counter() - start
            event = json.loads(line)
            child.wait(timeout=60)
            return elapsed, int(event["rss_bytes"])
    child.wait(timeout=60)
    raise RuntimeError(f"{command} exited {child.returncode} without reporting a first paint")


def _summary(samples: list[tuple[float, int]]) -> dict[str, Any]:
    times = [t for t, _ in samples]
    rss = [r for _, r in samples]
    return {
        "first_paint_s": {
            "median": round(statistics.median(times), 4),
            "min": round(min(times), 4),
            "max": round(max(times), 4),
        },
        "rss_mib_median": round(statistics.median(rss) / 2**20, 1),
    }


def run(runs: int) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        config = write_demo_config(Path(folder) / "demo")
        env["HOME"] = folder  # no per-user state leaks in or out
        kiosk = [
            sys.executable,
            "-m",
            "kiosk",
            "run",
            "--config",
            str(config),
            "--windowed",
            "--report-first-paint",
        ]
        minimal = [sys.executable, "-m", "bench.minimal_window"]
        _time_first_paint(kiosk, env)
        _time_first_paint(minimal, env)
        kiosk_samples, minimal_samples = [], []
        for _ in range(runs):  # interleaved, so drift on the machine affects both alike
            kiosk_samples.append(_time_first_paint(kiosk, env))
            minimal_samples.append(_time_first_paint(minimal, env))
    ours, reference = _summary(kiosk_samples), _summary(minimal_samples)
    return {
        "benchmark": "startup",
        "runs": runs,
        "kiosk_home_screen": ours,
        "minimal_pyside6_window": reference,
        "first_paint_ratio": round(
            ours["first_paint_s"]["median"] / reference["first_paint_s"]["median"], 2
        ),
        "rss_ratio": round(ours["rss_mib_median"] / reference["rss_mib_median"], 2),
        "environment": _environment(),
    }


def _environment() -> dict[str, Any]:
    from PySide6 import __version__ as pyside_version  # noqa: PLC0415

    return {
        "python": platform.python_version(),
        "pyside6": pyside_version,
        "machine": platform.machine(),
        "system": platform.platform(),
        "cpus": os.cpu_count(),
        "qpa": "offscreen",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(json.dumps(run(args.runs), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

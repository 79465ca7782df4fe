"""Start-up benchmark: process start to the first painted home screen, against a minimal
PySide6 window measured the same way in the same run; beside it, the time until every service
is ready (database, verifier, printer, platform link, every screen built) and resident memory.

    python -m bench.startup [--runs N]

Each run is a fresh process (offscreen Qt) of ``kiosk run --report-first-paint``, which prints
a ``first_paint`` line when the home screen has painted and a ``ready`` line when its services
are attached (they open in the background after the paint). Time is taken in this parent
process from just before the child is spawned to the moment each line arrives, so interpreter
start, imports, Qt start-up and the paint are all included. The two programs alternate run by
run, so drift in the machine's load affects both alike; one warm-up run of each is discarded
(it mostly measures the disk cache, and writes the bytecode cache). The goal: the first paint
within 2 × the bare window. Prints one JSON object, with the machine's load during the run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.support.machine import MachineLoad, environment, usable_cpus
from kiosk.demo import write_demo_config

GOAL_FIRST_PAINT_RATIO = 2.0
RUN_DEADLINE_S = 60.0


def _time_events(
    command: list[str], env: dict[str, str], expected: tuple[str, ...]
) -> dict[str, tuple[float, int]]:
    """Seconds from spawn to each reported event, and the resident memory then. A child that
    has not exited within ``RUN_DEADLINE_S`` is killed (a start-up that never gets ready)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert child.stdout is not None
    deadline = threading.Timer(RUN_DEADLINE_S, child.kill)
    deadline.start()
    events: dict[str, tuple[float, int]] = {}
    try:
        for line in child.stdout:
            if line.startswith("{"):
                event = json.loads(line)
                events[event["event"]] = (time.perf_counter() - start, int(event["rss_bytes"]))
        child.wait()
    finally:
        deadline.cancel()
    if any(name not in events for name in expected):
        raise RuntimeError(f"{command} exited {child.returncode} with only {sorted(events)}")
    return events


def _seconds(times: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(times), 4),
        "min": round(min(times), 4),
        "max": round(max(times), 4),
    }


def _summary(samples: list[dict[str, tuple[float, int]]]) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "first_paint_s": _seconds([sample["first_paint"][0] for sample in samples]),
        "rss_mib_median": round(
            statistics.median(sample["first_paint"][1] for sample in samples) / 2**20, 1
        ),
    }
    if all("ready" in sample for sample in samples):
        summary["services_ready_s"] = _seconds([sample["ready"][0] for sample in samples])
        summary["rss_mib_median_when_ready"] = round(
            statistics.median(sample["ready"][1] for sample in samples) / 2**20, 1
        )
    return summary


def run(runs: int) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # A terminal runs from compiled bytecode (its install step writes it); without caching, each
    # start would compile every module's source again and the benchmark would time the compiler.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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
        minimal = [sys.executable, "-m", "bench.support.minimal_window"]
        load = MachineLoad.start()
        kiosk_events, window_events = ("first_paint", "ready"), ("first_paint",)
        _time_events(kiosk, env, kiosk_events)
        _time_events(minimal, env, window_events)
        kiosk_samples, minimal_samples = [], []
        for _ in range(runs):  # interleaved, so drift on the machine affects both alike
            kiosk_samples.append(_time_events(kiosk, env, kiosk_events))
            minimal_samples.append(_time_events(minimal, env, window_events))
    ours, reference = _summary(kiosk_samples), _summary(minimal_samples)
    paint_ratio = round(ours["first_paint_s"]["median"] / reference["first_paint_s"]["median"], 2)
    # Run by run (each kiosk run against the window run beside it): how stable the ratio is.
    paired = [
        kiosk_run["first_paint"][0] / window_run["first_paint"][0]
        for kiosk_run, window_run in zip(kiosk_samples, minimal_samples, strict=True)
    ]
    report: dict[str, Any] = {
        "benchmark": "startup",
        "runs": runs,
        "kiosk_home_screen": ours,
        "minimal_pyside6_window": reference,
        "first_paint_ratio": paint_ratio,
        "first_paint_ratio_paired": {
            "median": round(statistics.median(paired), 2),
            "min": round(min(paired), 2),
            "max": round(max(paired), 2),
        },
        "first_paint_within_goal": paint_ratio <= GOAL_FIRST_PAINT_RATIO,
        "rss_ratio": round(ours["rss_mib_median"] / reference["rss_mib_median"], 2),
    }
    if "services_ready_s" in ours:
        report["services_ready_ratio"] = round(
            ours["services_ready_s"]["median"] / reference["first_paint_s"]["median"], 2
        )
    report["environment"] = _environment(load)
    return report


def _environment(load: MachineLoad) -> dict[str, Any]:
    from PySide6 import __version__ as pyside_version  # noqa: PLC0415

    return {
        **environment(usable_cpus(), load),
        "pyside6": pyside_version,
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

"""An artificial CPU load for benchmarks (not a benchmark): busy processes that stop by themselves.

    with CpuLoad(cores={0}, seconds=120):
        ...  # measure while another process competes for core 0

Each load process spins on one core until its deadline, or until the process that started it
is gone, whichever comes first, so a benchmark that crashes or is killed leaves nothing
running for long; leaving the ``with`` block ends them at once. Run as a script it is one such
process: ``python bench/support/cpu_load.py --seconds S [--core N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

READY = "spinning"
PARENT_CHECK_S = 0.1  # how often a load process looks whether its parent is still there


def spin(seconds: float, core: int | None, parent: int) -> int:
    """Keep one core busy for ``seconds`` (or until ``parent`` has gone); returns the loops run."""
    if core is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {core})
    print(READY, flush=True)
    deadline = time.monotonic() + seconds
    loops = 0
    next_check = 0.0
    while (now := time.monotonic()) < deadline:
        loops += 1
        if now >= next_check:
            if os.getppid() != parent:
                break
            next_check = now + PARENT_CHECK_S
    return loops


class CpuLoad:
    """``processes`` busy processes on each of ``cores`` (any core when None), for at most
    ``seconds``."""

    def __init__(self, *, cores: set[int] | None, seconds: float, processes: int = 1) -> None:
        if seconds <= 0 or processes < 1:
            raise ValueError("a load needs a positive duration and at least one process")
        self.cores = sorted(cores) if cores is not None else None
        self.seconds = seconds
        self.processes = processes
        self._running: list[subprocess.Popen[str]] = []

    @property
    def processes_started(self) -> tuple[subprocess.Popen[str], ...]:
        return tuple(self._running)

    def join(self, timeout_s: float) -> bool:
        """Wait for the load to end by itself; True when every process has."""
        try:
            for process in self._running:
                process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            return False
        return True

    def describe(self) -> dict[str, object]:
        return {
            "cores": self.cores,
            "processes_per_core": self.processes,
            "max_seconds": self.seconds,
        }

    def __enter__(self) -> CpuLoad:
        targets: list[int | None] = list(self.cores) if self.cores is not None else [None]
        try:
            for core in targets:
                for _ in range(self.processes):
                    self._start(core)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, core: int | None) -> None:
        command = [sys.executable, str(Path(__file__).resolve()), "--seconds", str(self.seconds)]
        command += ["--parent", str(os.getpid())]
        if core is not None:
            command += ["--core", str(core)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        self._running.append(process)
        assert process.stdout is not None
        if process.stdout.readline().strip() != READY:  # pinned and about to spin
            raise RuntimeError("the load process did not start")

    def stop(self) -> None:
        """End the load processes this object started (they would end by themselves later)."""
        for process in self._running:
            if process.poll() is None:
                process.terminate()
        for process in self._running:
            process.wait(timeout=10)
            if process.stdout is not None:
                process.stdout.close()
        self._running = []

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description="Keep one core busy for a while.")
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--core", type=int, default=None)
    parser.add_argument("--parent", type=int, default=os.getppid())
    args = parser.parse_args()
    spin(args.seconds, args.core, args.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())

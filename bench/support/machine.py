"""Run a benchmark on one CPU core, and describe the machine it ran on (not a benchmark).

The targets are per core (a terminal's decoding must fit on one); pinning also keeps other
processes' threads from making one run look faster than the next.

Every benchmark reports the load the machine was under, because a figure taken on a busy
machine is not the figure of a quiet one: ``MachineLoad.start()`` before the measured work,
then ``environment(cpus_used, load)`` (or ``load.finish()`` into a benchmark's own environment
section) after it. On Linux the CPU shares come from ``/proc/stat``; elsewhere they are ``None``
and only the load average is given (where the system has one).
"""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass
from pathlib import Path

PROC_STAT = Path("/proc/stat")

# /proc/stat columns: user nice system idle iowait irq softirq steal guest guest_nice. guest and
# guest_nice are already counted in user and nice, so only the first eight make up the total.
_COUNTED_COLUMNS = 8
_IDLE_COLUMNS = (3, 4)  # idle and iowait: the CPU had nothing to run


@dataclass(frozen=True)
class CpuTimes:
    """Cumulative busy and total time of one CPU line of ``/proc/stat``, in clock ticks."""

    busy: int
    total: int


@dataclass(frozen=True)
class _Snapshot:
    at: float  # time.monotonic()
    cpus: dict[str, CpuTimes] | None  # "cpu" (all CPUs together), "cpu0", "cpu1", …
    own_cpu_s: float  # this process's CPU time, its threads and its waited-for children
    loadavg: list[float] | None


def pin_to_one_core() -> int:
    """Pin this process to one core (Linux); returns how many cores it may use afterwards."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def usable_cpus() -> int:
    """How many cores this process may run on (its affinity where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def parse_proc_stat(text: str) -> dict[str, CpuTimes]:
    """The ``cpu`` lines of a ``/proc/stat`` text, by name."""
    times: dict[str, CpuTimes] = {}
    for line in text.splitlines():
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu"):
            continue
        ticks = [int(value) for value in rest.split()[:_COUNTED_COLUMNS]]
        idle = sum(ticks[column] for column in _IDLE_COLUMNS if column < len(ticks))
        times[name] = CpuTimes(busy=sum(ticks) - idle, total=sum(ticks))
    return times


def busy_share(before: CpuTimes, after: CpuTimes) -> float | None:
    """The share of time a CPU (or all of them) was busy between two readings."""
    elapsed = after.total - before.total
    if elapsed <= 0:
        return None
    return round(min(1.0, max(0.0, (after.busy - before.busy) / elapsed)), 3)


def _read_cpu_times(path: Path) -> dict[str, CpuTimes] | None:
    try:
        times = parse_proc_stat(path.read_text(encoding="ascii"))
    except (OSError, ValueError):
        return None
    return times if "cpu" in times else None


def _loadavg() -> list[float] | None:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except (AttributeError, OSError):  # no load average on this system
        return None


def _own_cpu_s() -> float:
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system


def _ticks_per_s() -> int:
    try:
        return os.sysconf("SC_CLK_TCK")
    except (AttributeError, ValueError, OSError):
        return 100


class MachineLoad:
    """The machine's load around one benchmark run: made by ``start()``, read by ``finish()``.

    Reported: the load average at start and end; and, from ``/proc/stat``, the busy share of all
    CPUs together during the run (this process included), the same without this process's own
    CPU time (what others took: other programs, and child processes not yet waited for), and the
    busy share of each CPU during the run.
    """

    def __init__(self, start: _Snapshot, stat_path: Path) -> None:
        self._start = start
        self._stat_path = stat_path
        self._report: dict[str, object] | None = None

    @classmethod
    def start(cls, stat_path: Path = PROC_STAT) -> MachineLoad:
        """Sample the machine now, just before the measured work."""
        return cls(_snapshot(stat_path), stat_path)

    def finish(self) -> dict[str, object]:
        """The figures from ``start()`` to the first call of this method (later calls repeat it)."""
        if self._report is None:
            self._report = self._measure(_snapshot(self._stat_path))
        return dict(self._report)

    def _measure(self, end: _Snapshot) -> dict[str, object]:
        start = self._start
        report: dict[str, object] = {
            "run_s": round(end.at - start.at, 3),
            "loadavg_1_5_15_start": start.loadavg,
            "loadavg_1_5_15_end": end.loadavg,
            "cpu_busy_share_during": None,
            "cpu_busy_share_others_during": None,
            "cpu_busy_share_each_during": None,
            "source": "/proc/stat and os.getloadavg()",
        }
        if start.cpus is None or end.cpus is None:
            report["source"] = "os.getloadavg() (no /proc/stat here)"
            return report
        whole_before, whole_after = start.cpus["cpu"], end.cpus["cpu"]
        report["cpu_busy_share_during"] = busy_share(whole_before, whole_after)
        elapsed_ticks = whole_after.total - whole_before.total
        if elapsed_ticks > 0:
            own_ticks = (end.own_cpu_s - start.own_cpu_s) * _ticks_per_s()
            others = (whole_after.busy - whole_before.busy - own_ticks) / elapsed_ticks
            report["cpu_busy_share_others_during"] = round(min(1.0, max(0.0, others)), 3)
        report["cpu_busy_share_each_during"] = {
            name: busy_share(start.cpus[name], times)
            for name, times in sorted(end.cpus.items(), key=lambda item: _cpu_order(item[0]))
            if name != "cpu" and name in start.cpus
        }
        return report


def _cpu_order(name: str) -> int:
    digits = name.removeprefix("cpu")
    return int(digits) if digits.isdigit() else -1


def _snapshot(stat_path: Path) -> _Snapshot:
    return _Snapshot(
        at=time.monotonic(),
        cpus=_read_cpu_times(stat_path),
        own_cpu_s=_own_cpu_s(),
        loadavg=_loadavg(),
    )


def environment(cpus_used: int, load: MachineLoad | None = None) -> dict[str, object]:
    """The machine a benchmark ran on; with ``load``, also the load it ran under (``load``)."""
    described: dict[str, object] = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "cpus_used": cpus_used,
        "system": platform.platform(),
    }
    if load is not None:
        described["load"] = load.finish()
    return described

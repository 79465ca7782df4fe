"""Run a benchmark on one CPU core, and describe the machine it ran on (not a benchmark).

The targets are per core (a terminal's decoding must fit on one); pinning also keeps other
processes' threads from making one run look faster than the next.
"""

from __future__ import annotations

import os
import platform


def pin_to_one_core() -> int:
    """Pin this process to one core (Linux); returns how many cores it may use afterwards."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def environment(cpus_used: int) -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus_used": cpus_used,
        "system": platform.platform(),
    }

"""Ctrl-C and SIGTERM stop a benchmark cleanly (not a benchmark).

A benchmark that starts child processes (the reference platform) must own each one before an
interrupt may unwind it, or the child would outlive the run.

Thread contract: ``install`` and ``deferred`` on the main thread; ``stop`` may be read anywhere.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from types import FrameType


class Interrupts:
    """Ctrl-C and SIGTERM set ``stop`` and raise ``KeyboardInterrupt`` in the main thread, except
    inside ``deferred()`` (a child process started but not yet owned by a cleanup), where the
    interrupt is raised when the block ends. A subclass may take the interrupt another way by
    overriding ``_take``."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self._deferring = False

    def install(self) -> None:
        signal.signal(signal.SIGTERM, self._handle)
        signal.signal(signal.SIGINT, self._handle)

    def _handle(self, _signum: int, _frame: FrameType | None) -> None:
        self.stop.set()
        if not self._take() and not self._deferring:
            raise KeyboardInterrupt

    def _take(self) -> bool:
        """Handle the interrupt without raising here; True when done (raise later, in check)."""
        return False

    def check(self) -> None:
        """Raise the interrupt that was taken or deferred, if any."""
        if self.stop.is_set():
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self._deferring = True
        try:
            yield
        finally:
            self._deferring = False
        self.check()


def run_interruptible(work: Callable[[Interrupts], int]) -> int:
    """Run a benchmark's ``work`` with the interrupt handler installed; its exit code, or 130
    when Ctrl-C or SIGTERM ended it (``work`` has stopped its processes and removed its files
    by then, whatever the interrupt broke on the way out)."""
    interrupts = Interrupts()
    interrupts.install()
    try:
        return work(interrupts)
    except BaseException:
        if not interrupts.stop.is_set():
            raise
        print("interrupted; processes stopped and temporary files removed", file=sys.stderr)
        return 130

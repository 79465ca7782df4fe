"""One interface for long work that must not run on the GUI thread (DESIGN §3 rule 5).

Decoding, signature checks, database writes and network calls are submitted to a ``TaskRunner``.
The work runs elsewhere; its result or error comes back through a callback *on the thread that
submitted it* (the GUI thread in the application). The Qt implementation lives in
``kiosk.ui.tasks``; ``SyncTaskRunner`` runs the work inline, for tests and command-line tools.

Thread contract: call ``submit`` on the GUI thread. ``work`` runs on a worker thread and must not
touch widgets or share a database session. ``on_done`` / ``on_error`` run on the GUI thread.
A cancelled task calls neither. Anything the work raises (even ``SystemExit``) goes to
``on_error``; nothing submitted is dropped, ``shutdown`` waits for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class TaskHandle:
    """What ``submit`` returns: lets the submitter drop a result it no longer wants."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._cancelled = False
        self._finished = False

    def cancel(self) -> None:
        """Drop the result: neither callback will run. The work itself may still complete."""
        with self._lock:
            self._cancelled = True

    @property
    def cancelled(self) -> bool:
        with self._lock:
            return self._cancelled

    @property
    def finished(self) -> bool:
        """True once a callback ran or the result was dropped after cancellation."""
        with self._lock:
            return self._finished

    def claim_delivery(self) -> bool:
        """For runners: mark finished; True when the callbacks should run.

        They should run on the first delivery of a task that was not cancelled.
        """
        with self._lock:
            if self._finished:
                return False
            self._finished = True
            return not self._cancelled


class TaskRunner(Protocol):
    """Runs work off the GUI thread and delivers the outcome back on it."""

    def submit(
        self,
        name: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> TaskHandle:
        """Start ``work``; later call ``on_done(result)`` or ``on_error(exception)``.

        Raises RuntimeError after ``shutdown``: submitting then is a bug.
        """
        ...

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Refuse new work and let submitted work finish; True when it did within the time."""
        ...


class SyncTaskRunner:
    """Runs work immediately on the calling thread. For tests and command-line tools."""

    def __init__(self) -> None:
        self._closed = False

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        del timeout_ms  # nothing runs in the background
        self._closed = True
        return True

    def submit(
        self,
        name: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> TaskHandle:
        if self._closed:
            raise RuntimeError(f"task {name!r} submitted after the runner was shut down")
        handle = TaskHandle(name)
        try:
            result = work()
        except KeyboardInterrupt:  # the user's Ctrl-C on this very thread is not the work's
            raise
        except BaseException as error:  # noqa: BLE001 - every failure of the work goes to on_error
            if handle.claim_delivery():
                on_error(error)
            return handle
        if handle.claim_delivery():
            on_done(result)
        return handle

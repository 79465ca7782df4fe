"""The Qt implementation of ``TaskRunner``: a thread pool, results delivered by signal.

Work runs on a ``QThreadPool`` thread. Its outcome is wrapped in a closure and emitted through a
signal of a relay object that lives on the GUI thread, so Qt queues the delivery and the
callbacks run on the GUI thread (DESIGN §3 rule 5).

Memory: a terminal submits a job for every camera frame, all day. A job is a plain callable
handed to ``QThreadPool.start``, which wraps it in a runnable Qt deletes after the run, and the
job drops its work and callbacks as soon as it has used them, so nothing a job captured (a
camera frame, a session) outlives its delivery. (Under PySide6 6.11 a ``QRunnable`` subclass
started with auto-deletion off is never freed, and with auto-deletion on the pool's wrapper
still keeps some of them referenced; a callable is released every time.)

Thread contract: construct and call ``submit`` on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

from kiosk.runtime.tasks import TaskHandle

T = TypeVar("T")
Delivery = Callable[[], None]
_log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; its slot runs each delivery there."""

    delivered = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.delivered.connect(self._run)

    @Slot(object)
    def _run(self, delivery: Delivery) -> None:
        delivery()


def _outcome(work: Callable[[], object]) -> tuple[object, BaseException | None]:
    """What ``work`` returned, or what it raised (even ``SystemExit``: it must reach on_error).

    The exception's traceback keeps this frame (and its caller's) alive; returning from inside
    the ``except`` leaves this frame without a reference to the exception, so no reference
    cycle forms here and what the work captured (a camera frame) is freed as soon as the
    delivery has run, without waiting for the cycle collector.
    """
    try:
        return work(), None
    except BaseException as error:  # noqa: BLE001 - every failure of the work goes to on_error
        return None, error


def _delivery(
    finish: Callable[[object, BaseException | None], None],
    result: object,
    error: BaseException | None,
) -> Delivery:
    return lambda: finish(result, error)


class _Job:
    """One submission, run once by a pool thread."""

    def __init__(
        self,
        work: Callable[[], object],
        finish: Callable[[object, BaseException | None], None],
        relay: _Relay,
    ) -> None:
        self._work: Callable[[], object] | None = work
        self._finish: Callable[[object, BaseException | None], None] | None = finish
        self._relay = relay

    def __call__(self) -> None:
        work, finish = self._work, self._finish
        # Whatever the work and its callbacks captured now lives only in these locals and in
        # the delivery closure: freed once the delivery has run, however long the pool keeps us.
        self._work = self._finish = None
        assert work is not None, "the pool runs a job once"
        assert finish is not None
        delivery = _delivery(finish, *_outcome(work))
        # A failed work's traceback keeps this frame alive (as its caller): nothing here may
        # still refer to the outcome once it is sent, or the two would form a reference cycle
        # that only the cycle collector frees.
        del work, finish
        try:
            self._relay.delivered.emit(delivery)
        except RuntimeError:  # the relay is gone: the application has already shut down
            _log.warning("task result dropped after shutdown")
        finally:
            del delivery


class QtTaskRunner:
    """Runs work on a thread pool and calls back on the GUI thread."""

    def __init__(self, max_threads: int = 2) -> None:
        self._pool = QThreadPool()
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay()
        self._lock = threading.Lock()
        self._in_flight: set[TaskHandle] = set()  # submitted, delivery not run yet
        self._closed = False

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

        def finish(result: object, error: BaseException | None) -> None:
            with self._lock:
                self._in_flight.discard(handle)
            if not handle.claim_delivery():
                return
            if error is not None:
                on_error(error)
            else:
                on_done(result)  # type: ignore[arg-type]  # result is the T that work returned

        with self._lock:
            self._in_flight.add(handle)
        self._pool.start(_Job(work, finish, self._relay))
        return handle

    @property
    def pending(self) -> int:
        """Tasks submitted whose delivery has not run yet."""
        with self._lock:
            return len(self._in_flight)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Refuse new work and let every submitted task finish (queued ones included: a task
        may be a database write that must not be lost). True when all finished in time; their
        deliveries run if the event loop still turns."""
        self._closed = True
        finished = self._pool.waitForDone(timeout_ms)
        if not finished:
            _log.error("%d background task(s) still running after %d ms", self.pending, timeout_ms)
        return finished

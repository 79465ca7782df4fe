"""When the hotel register's purge runs: at start, then just after each Beijing midnight.

The register keeps a stay's guests for ``retention_days`` Beijing days after the stay ended
(``kiosk.hotel.register``), so the purge has new work only once a day, when the Beijing date
changes: running it just after midnight deletes each stay on the first day it is due. A
terminal that was off (or asleep) at midnight purges when it starts (or wakes).

``PurgeSchedule`` is the rule alone (``due``/``done``, read from the injected clock, tested with
a moved ``ManualClock``). ``PurgeWorker`` is the small thread that applies it on the running
kiosk: it purges at once when started, then waits for the next midnight on an event, at most
``max_wait_s`` at a time, so a wall clock set forward, or a machine that slept, is noticed
within that bound (the wait itself runs on the machine's monotonic time). A failed purge is
logged and tried again after ``retry_s``.

Thread contract: a ``PurgeSchedule`` belongs to one thread (the worker's, or a test's).
``PurgeWorker.start``/``stop``/``wake`` from any thread; its purge runs on its own thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta

from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.register import PurgeResult, Register
from kiosk.runtime.clock import Clock

_log = logging.getLogger(__name__)

MAX_WAIT_S = 3600.0
RETRY_S = 600.0


class PurgeSchedule:
    """Due at first, then from the Beijing midnight after the last run on."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._next: datetime | None = None  # None: never run, due now

    @property
    def next_due(self) -> datetime | None:
        """When the purge is next due (aware, Beijing time); None before the first run."""
        return self._next

    def due(self) -> bool:
        now = self._clock.now()
        if self._next is not None and self._next - now > timedelta(days=1, minutes=1):
            # The clock was set back (it ran ahead when the last purge ran): the next midnight
            # from now, not a date that may be a year away.
            self._next = _next_midnight(now)
        return self._next is None or now >= self._next

    def done(self) -> None:
        """The purge ran now: next due at the coming Beijing midnight."""
        self._next = _next_midnight(self._clock.now())

    def failed(self, retry_s: float = RETRY_S) -> None:
        """The purge failed now: due again after ``retry_s`` (or at midnight, if sooner)."""
        now = self._clock.now()
        self.done()
        retry = now + timedelta(seconds=retry_s)
        if self._next is None or retry < self._next:
            self._next = retry

    def seconds_until_due(self) -> float:
        if self._next is None:
            return 0.0
        return max(0.0, (self._next - self._clock.now()).total_seconds())


def _next_midnight(now: datetime) -> datetime:
    today = now.astimezone(CHINA_TIME).date()
    return datetime.combine(today + timedelta(days=1), time(0), CHINA_TIME)


class PurgeWorker:
    """Runs ``register.purge`` when the schedule says, on a thread of its own.

    ``on_purged`` is told each result (on the worker's thread; tests wait on it)."""

    def __init__(
        self,
        register: Register,
        clock: Clock,
        *,
        max_wait_s: float = MAX_WAIT_S,
        retry_s: float = RETRY_S,
        on_purged: Callable[[PurgeResult], None] | None = None,
    ) -> None:
        self._register = register
        self._schedule = PurgeSchedule(clock)
        self._max_wait_s = max_wait_s
        self._retry_s = retry_s
        self._on_purged = on_purged
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._runs = 0
        self._ran = threading.Condition()

    @property
    def schedule(self) -> PurgeSchedule:
        return self._schedule

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="hotel-register-purge", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop after the purge under way, if any."""
        self._stop.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout_s)

    def wait_runs(self, count: int, timeout_s: float) -> bool:
        """Wait until the worker's thread has looked at a due purge ``count`` times in all
        (purged, or failed); False after ``timeout_s``. For tests and diagnostics."""
        with self._ran:
            return self._ran.wait_for(lambda: self._runs >= count, timeout_s)

    def wake(self) -> None:
        """Look at the schedule now (the clock was moved, or a test moved it)."""
        self._wake.set()

    def run_due(self) -> PurgeResult | None:
        """Purge if due (on the calling thread); the result, or None when not due or failed."""
        if not self._schedule.due():
            return None
        try:
            result = self._register.purge()
        except Exception:  # noqa: BLE001 - a database failure or a bug: logged, tried again
            _log.exception("the hotel register's old stays could not be removed")
            self._schedule.failed(self._retry_s)
            return None
        self._schedule.done()
        if self._on_purged is not None:
            self._on_purged(result)
        return result

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()  # before looking: a wake from now on is not lost
            if self._schedule.due():
                self.run_due()
                with self._ran:
                    self._runs += 1
                    self._ran.notify_all()
            wait = min(self._schedule.seconds_until_due(), self._max_wait_s)
            self._wake.wait(max(wait, 0.01))

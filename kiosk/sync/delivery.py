"""The delivery worker: a Qt-free thread that drains the outbox and keeps the link state.

It wakes on its timer (``poll_interval_s``), when a record is queued (``notify``), when a
technician presses "send now" (``send_now``) and when the platform becomes reachable again
(a heartbeat or any request succeeds after a failure: every waiting record is made due at
once). Between wakes it waits on an event, never sleeps blindly. It holds the sender lock (a
``FileLock``) for its whole life, so a second kiosk process or a ``kiosk outbox drain`` cannot
send alongside it.

The link state (``LinkState``: online / degraded / offline plus the last error code, the
clock skew and the last time the link was seen working) is published through ``on_state``,
called on the worker thread; the UI turns it into a queued Qt signal. The clock skew is the
platform's clock minus ours: from the heartbeat answer's ``server_time`` (milliseconds, measured
against the middle of the exchange) once a heartbeat has answered with one, else from the last
answer's ``Date`` header (whole seconds).

Thread contract: ``start``/``stop``/``notify``/``send_now``/``state`` from any thread;
``deliver_once``/``drain`` only from the thread that holds the sender lock (tests and the
command line call them directly, without ``start``).
"""

from __future__ import annotations

import enum
import logging
import random
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from kiosk.runtime.clock import Clock
from kiosk.runtime.file_lock import FileLock
from kiosk.sync.client import PlatformClient
from kiosk.sync.errors import ClockSkewError, NotAuthorisedError, PlatformError, RetryableError
from kiosk.sync.outbox import Claim, Outbox, Status

_log = logging.getLogger(__name__)


ERROR_PAUSE_S = 5.0
SEND_NOW_SIGNAL = signal.SIGUSR1
"""What ``kiosk outbox send-now`` sends to the process holding the sender lock."""


def install_send_now_signal(worker: DeliveryWorker) -> None:
    """Make ``SEND_NOW_SIGNAL`` wake ``worker`` (``kiosk outbox send-now`` has already made the
    records due in the database). Call on the main thread. The handler only sets an event: it
    may run in the middle of a database session on that thread, so it must not open another."""
    signal.signal(SEND_NOW_SIGNAL, lambda _signum, _frame: worker.notify())


class Connectivity(enum.StrEnum):
    ONLINE = "online"
    DEGRADED = "degraded"  # the platform answers, but badly (5xx, 429, refusing our clock)
    OFFLINE = "offline"  # no answer at all


class Outcome(enum.Enum):
    SENT = "sent"
    FAILED = "failed"
    WAITING = "waiting"  # the oldest record is not due yet
    EMPTY = "empty"


MAX_BELIEVED_SKEW_S = 10 * 366 * 86400.0
"""A ``server_time`` further than this from our clock is not believed (a broken answer)."""


@dataclass(frozen=True)
class LinkState:
    connectivity: Connectivity
    last_error: str | None = None
    clock_skew_s: float | None = None  # platform minus ours; None before any answer
    queue_depth: int = 0
    dead_letters: int = 0
    last_contact_at: datetime | None = None
    """The last time the link was seen working (an answer that left it online); None before."""


def heartbeat_connectivity(state: LinkState) -> str:
    """The link as a heartbeat reports it: "starting" before anything was tried since the start
    (the platform would otherwise show a terminal that just started, and is reaching it, as
    offline until its next heartbeat), else the connectivity."""
    fresh = state.last_error is None and state.last_contact_at is None
    if state.connectivity is Connectivity.OFFLINE and fresh:
        return "starting"
    return state.connectivity.value


class DeliveryWorker:
    def __init__(
        self,
        outbox: Outbox,
        client: PlatformClient,
        *,
        lock: FileLock,
        clock: Clock,
        poll_interval_s: float = 30.0,
        heartbeat_interval_s: float = 60.0,
        heartbeat_payload: Callable[[], dict[str, Any]] | None = None,
        periodic: Callable[[], object] | None = None,
        periodic_interval_s: float = 3600.0,
        on_state: Callable[[LinkState], None] | None = None,
    ) -> None:
        self._outbox = outbox
        self._client = client
        self._lock = lock
        self._clock = clock
        self._poll_s = poll_interval_s
        self._heartbeat_s = heartbeat_interval_s
        self._heartbeat_payload = heartbeat_payload
        self._periodic = periodic
        self._periodic_s = periodic_interval_s
        self._on_state = on_state
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state_lock = threading.Lock()
        self._state = LinkState(Connectivity.OFFLINE)
        self._server_skew_s: float | None = None  # from the last heartbeat's server_time
        self._next_heartbeat = 0.0
        self._next_periodic = 0.0
        self._idle_waits = 0
        self._jitter = random.Random()  # noqa: S311 - timing jitter, not secrets

    # ------------------------------------------------------------------ any thread

    @property
    def idle_waits(self) -> int:
        """How many times the worker has gone idle (waiting for its timer or a wake); tests and
        diagnostics use it to know the worker has taken in everything before."""
        with self._state_lock:
            return self._idle_waits

    @property
    def state(self) -> LinkState:
        with self._state_lock:
            return self._state

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-delivery", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop after the request in flight (bounded by the client's timeouts)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def notify(self) -> None:
        """A record was queued: look at the queue now."""
        self._wake.set()

    def send_now(self) -> None:
        """Technician's "send now": every waiting record is due at once."""
        self._outbox.retry_now()
        self._wake.set()

    # ------------------------------------------------------------------ sender thread

    def deliver_once(self) -> Outcome:
        """Send the oldest due record, if any. Caller holds the sender lock."""
        claimed = self._outbox.claim()
        if claimed is None:
            self._publish(queue_changed=True)
            return Outcome.EMPTY
        if not isinstance(claimed, Claim):
            return Outcome.WAITING
        try:
            answer = self._client.submit(claimed.kind.value, claimed.idempotency_key, claimed.body)
        except PlatformError as error:
            status = self._outbox.mark_failed(claimed.id, error)
            _log.info(
                "record %d attempt %d failed: %s -> %s",
                claimed.id,
                claimed.attempts,
                error.code,
                status.value,
            )
            self._link_failed(error)
            return Outcome.FAILED
        except Exception:  # noqa: BLE001 - a bug must not spin on one record or kill the worker
            _log.exception("record %d: unexpected error while sending", claimed.id)
            self._outbox.mark_failed(
                claimed.id, RetryableError("internal_error", reached_platform=True)
            )
            return Outcome.FAILED
        self._outbox.mark_sent(claimed.id, answer)
        self._link_ok()
        return Outcome.SENT

    def drain(self, *, until: Callable[[], bool] | None = None) -> Outcome:
        """Deliver until the queue is empty, or the oldest record is waiting out a backoff, or
        ``until()`` says stop. Caller holds the sender lock. Returns the last outcome."""
        while True:
            outcome = self.deliver_once()
            if outcome in (Outcome.EMPTY, Outcome.WAITING) or (until is not None and until()):
                return outcome

    def heartbeat(self) -> bool:
        """Report to the platform; True if it answered."""
        try:
            payload = self._heartbeat_payload() if self._heartbeat_payload else {}
        except Exception:  # noqa: BLE001 - a device query failing must not stop the heartbeat
            _log.exception("heartbeat: device or data versions unavailable")
            payload = {}
        depth, dead = self._outbox.backlog()
        payload = {
            **payload,
            "queue_depth": depth,
            "dead_letters": dead,
            "connectivity": heartbeat_connectivity(self.state),
        }
        started = self._clock.now()
        try:
            answer = self._client.heartbeat(payload)
        except PlatformError as error:
            self._link_failed(error)
            return False
        skew = server_skew_s(answer.get("server_time"), started, self._clock.now())
        if skew is not None:
            with self._state_lock:
                self._server_skew_s = skew
        self._link_ok()
        return True

    def _run(self) -> None:
        while not self._lock.acquire(blocking=False):
            if self._stop.wait(1.0):
                return
        try:
            recovered = self._outbox.recover()
            if recovered:
                _log.info("%d record(s) interrupted mid-send will be sent again", recovered)
            while not self._stop.is_set():
                self._wake.clear()
                try:
                    self._timers()
                    if self.deliver_once() is Outcome.SENT:
                        continue
                    wait_s = self._wait_s()
                except Exception:  # noqa: BLE001 - disk or bug: the thread must live on
                    _log.exception("delivery step failed; trying again shortly")
                    wait_s = ERROR_PAUSE_S
                with self._state_lock:
                    self._idle_waits += 1
                self._wake.wait(wait_s)
        finally:
            self._lock.release()

    def _timers(self) -> None:
        now = self._clock.monotonic()
        if now >= self._next_heartbeat:
            # ±20 % so a fleet started together does not beat (and reconnect) in step.
            self._next_heartbeat = now + self._heartbeat_s * self._jitter.uniform(0.8, 1.2)
            self.heartbeat()
        if self._periodic is not None and now >= self._next_periodic:
            self._next_periodic = now + self._periodic_s
            try:
                self._periodic()
            except Exception:  # noqa: BLE001 - a failed sync keeps the last good copies
                _log.exception("periodic platform sync failed")

    def _wait_s(self) -> float:
        now = self._clock.monotonic()
        wait = min(self._poll_s, max(0.0, self._next_heartbeat - now))
        claimed = self._outbox.entries((Status.PENDING, Status.RETRY, Status.SENDING), limit=1)
        if claimed:
            due_in = claimed[0].next_attempt_at - self._clock.now().timestamp()
            wait = min(wait, max(0.0, due_in))
        return max(wait, 0.01)

    # ------------------------------------------------------------------ link state

    def _link_ok(self) -> None:
        was = self.state.connectivity
        self._set(Connectivity.ONLINE, None)
        if was is Connectivity.OFFLINE:
            # Back from an outage: what waited for the network goes now. Not after DEGRADED:
            # the platform asked us to wait (5xx, Retry-After) and its backoff stands.
            self._next_periodic = 0.0  # documents missed while offline: fetch them now
            made_due = self._outbox.retry_now()
            if made_due:
                _log.info("platform reachable again: %d record(s) due now", made_due)
            self._wake.set()

    def _link_failed(self, error: PlatformError) -> None:
        if (
            isinstance(error, RetryableError)
            and not error.reached_platform
            and not isinstance(error, ClockSkewError)
        ):
            self._set(Connectivity.OFFLINE, error.code)
        elif isinstance(error, RetryableError | NotAuthorisedError):
            self._set(Connectivity.DEGRADED, error.code)
        else:  # a permanent refusal of one record: the link itself works
            self._set(Connectivity.ONLINE, error.code)

    def _set(self, connectivity: Connectivity, error: str | None) -> None:
        now = self._clock.now()
        with self._state_lock:
            skew = self._server_skew_s
            self._state = replace(
                self._state,
                connectivity=connectivity,
                last_error=error,
                clock_skew_s=skew if skew is not None else self._client.clock_skew_s,
                last_contact_at=(
                    now if connectivity is Connectivity.ONLINE else self._state.last_contact_at
                ),
            )
        self._publish(queue_changed=True)

    def _publish(self, *, queue_changed: bool) -> None:
        if queue_changed:
            depth, dead = self._outbox.backlog()
            with self._state_lock:
                self._state = replace(self._state, queue_depth=depth, dead_letters=dead)
        if self._on_state is not None:
            self._on_state(self.state)


def server_skew_s(server_time: object, sent: datetime, answered: datetime) -> float | None:
    """The platform's clock minus ours from a heartbeat answer's ``server_time`` (ISO 8601 with
    an offset), measured against the middle of the exchange (``sent`` .. ``answered``, our
    clock); None when the answer has no believable time."""
    if not isinstance(server_time, str) or len(server_time) > 64:
        return None
    try:
        platform_time = datetime.fromisoformat(server_time)
    except ValueError:
        return None
    if platform_time.tzinfo is None:
        return None
    middle = sent + (answered - sent) / 2 if answered >= sent else answered
    skew = (platform_time - middle) / timedelta(seconds=1)
    return skew if abs(skew) <= MAX_BELIEVED_SKEW_S else None

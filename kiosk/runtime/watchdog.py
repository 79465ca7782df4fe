"""systemd's service notifications and watchdog, fed only while the GUI thread answers.

Under the unit in ``deploy/systemd`` (``Type=notify``, ``WatchdogSec=``) systemd gives the kiosk
``NOTIFY_SOCKET`` and ``WATCHDOG_USEC``. The kiosk then sends (through ``cysystemd``, the
maintained binding of libsystemd's ``sd_notify``, bundled in its wheel):

- ``READY=1`` once, when its first screen has been shown (``ready``), with a ``STATUS=`` line;
- ``STATUS=...`` as it goes (``status``): what ``systemctl status`` shows;
- ``WATCHDOG=1`` every ``WATCHDOG_USEC / 2`` from its own thread, but only while the GUI thread
  has beaten within that time (``gui_beat``, called by a timer on the GUI thread): a hung GUI
  (a slot that never returns, a deadlock) stops the pings, and systemd restarts the kiosk;
- ``STOPPING=1`` on a clean stop (``stop``).

With ``NOTIFY_SOCKET`` unset (the kiosk started by hand, the demo, tests) nothing is sent and no
thread runs. ``WATCHDOG_PID``, when set, names the process the watchdog is meant for: under
``cage -- kiosk run`` that is cage, the kiosk's parent, so the kiosk feeds it when that process
is itself or one of its ancestors (the unit's ``NotifyAccess=all`` lets systemd accept it).

Thread contract: ``gui_beat`` from any thread (the GUI thread's timer); ``start``, ``ready``,
``status`` and ``stop`` from the GUI thread; ``tick`` runs on the watchdog's own thread (tests
may call it directly with a stopped thread). The clock is read from both threads.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.runtime.clock import Clock, SystemClock

if TYPE_CHECKING:
    from cysystemd.daemon import Notification

NOTIFY_SOCKET = "NOTIFY_SOCKET"
WATCHDOG_USEC = "WATCHDOG_USEC"
WATCHDOG_PID = "WATCHDOG_PID"
MAX_BEAT_INTERVAL_S = 1.0  # the GUI thread beats at least this often (a cheap timer slot)
GUI_LOCK_WAIT_S = 1.0  # the longest the GUI thread waits to send a notification
STARVED_STATUS = "the GUI thread is not responding: watchdog not fed"
_log = logging.getLogger(__name__)


class Notifier(Protocol):
    """Where notifications go (``SdNotifier``; tests may give another)."""

    def ready(self) -> None: ...
    def status(self, text: str) -> None: ...
    def watchdog(self) -> None: ...
    def stopping(self) -> None: ...


class SdNotifier:
    """Sends notification lines to ``NOTIFY_SOCKET`` through libsystemd (``cysystemd``).

    A line that cannot be sent (the socket gone) is logged once and otherwise ignored: the
    kiosk keeps serving; systemd, if it is there, will notice the missing pings.
    """

    def __init__(self) -> None:
        from cysystemd.daemon import Notification, notify  # noqa: PLC0415 - only under systemd

        self._notify = notify
        self._kinds = Notification
        self._failed = False

    def ready(self) -> None:
        self._send(self._kinds.READY)

    def status(self, text: str) -> None:
        self._send(self._kinds.STATUS, " ".join(text.split()))  # one line

    def watchdog(self) -> None:
        self._send(self._kinds.WATCHDOG)

    def stopping(self) -> None:
        self._send(self._kinds.STOPPING)

    def _send(self, kind: Notification, value: str | None = None) -> None:
        try:
            if value is None:
                self._notify(kind, return_exceptions=False)
            else:
                self._notify(kind, value, return_exceptions=False)
        except Exception as error:  # noqa: BLE001 - a notification lost is not the kiosk's end
            if not self._failed:
                self._failed = True
                _log.warning("systemd notification %s could not be sent: %s", kind.name, error)


def ancestors(pid: int, proc: Path = Path("/proc"), limit: int = 64) -> list[int]:
    """The parent, grandparent, ... of process ``pid`` (Linux ``/proc``; empty elsewhere)."""
    found: list[int] = []
    while len(found) < limit:
        try:
            stat = (proc / str(pid) / "stat").read_text(encoding="ascii", errors="replace")
            parent = int(stat.rsplit(")", 1)[1].split()[1])  # after the command's name
        except (OSError, ValueError, IndexError):
            break
        if parent <= 0 or parent in found:
            break
        found.append(parent)
        pid = parent
    return found


def watchdog_interval(
    environ: Mapping[str, str], pid: int, parents: Callable[[int], list[int]] = ancestors
) -> float | None:
    """Seconds between pings (half of ``WATCHDOG_USEC``), or None: no watchdog for this
    process (unset, unreadable, or meant for a process that is not this one nor an ancestor)."""
    text = environ.get(WATCHDOG_USEC, "").strip()
    if not text:
        return None
    try:
        usec = int(text)
    except ValueError:
        _log.warning(
            "%s=%r is not a number of microseconds: the watchdog is not fed", WATCHDOG_USEC, text
        )
        return None
    if usec <= 0:
        return None
    owner = environ.get(WATCHDOG_PID, "").strip()
    if owner:
        try:
            owner_pid = int(owner)
        except ValueError:
            return None
        if owner_pid != pid and owner_pid not in parents(pid):
            return None
    return usec / 2_000_000


class Watchdog:
    """Service notifications and the GUI-gated watchdog; see the module's description."""

    def __init__(
        self,
        notifier: Notifier | None,
        clock: Clock,
        *,
        interval_s: float | None,
        on_tick: Callable[[bool], None] | None = None,
    ) -> None:
        """``notifier`` None: nothing is ever sent. ``interval_s``: seconds between pings (None:
        no pings). ``on_tick`` is told after each check whether it pinged (tests, to know the
        thread ran)."""
        self._notifier = notifier
        self._clock = clock
        self.interval_s = interval_s if notifier is not None else None
        self._on_tick = on_tick
        self._last_beat: float | None = None
        self._starved = False
        self._status = ""
        self._ready_sent = False
        self._stopped = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # the notifier is used from both threads

    @classmethod
    def from_environment(
        cls, *, clock: Clock | None = None, on_tick: Callable[[bool], None] | None = None
    ) -> Watchdog:
        """As systemd set this process up (libsystemd reads ``NOTIFY_SOCKET`` from the
        process's environment itself): inert without ``NOTIFY_SOCKET``."""
        clock = clock or SystemClock()
        if not os.environ.get(NOTIFY_SOCKET):
            return cls(None, clock, interval_s=None)
        interval = watchdog_interval(os.environ, os.getpid())
        return cls(SdNotifier(), clock, interval_s=interval, on_tick=on_tick)

    @property
    def active(self) -> bool:
        """Notifications are sent (systemd started this process as a notify service)."""
        return self._notifier is not None

    @property
    def beat_interval_s(self) -> float | None:
        """How often the GUI thread should call ``gui_beat`` (None: no need)."""
        if self.interval_s is None:
            return None
        return min(MAX_BEAT_INTERVAL_S, self.interval_s / 4)

    def start(self) -> None:
        """Start the pinging thread (when systemd asked for a watchdog)."""
        if self.interval_s is None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="systemd-watchdog", daemon=True)
        self._thread.start()

    def gui_beat(self) -> None:
        """The GUI thread is alive (called from a timer on it)."""
        self._last_beat = self._clock.monotonic()

    def ready(self, status: str) -> None:
        """The first screen is shown: ``READY=1`` (once) and ``status``."""
        if self._notifier is None or self._ready_sent:
            return
        self._ready_sent = True
        if self._acquire():
            try:
                self._notifier.ready()
            finally:
                self._lock.release()
        self.status(status)

    def status(self, text: str) -> None:
        """What ``systemctl status`` shows for the kiosk now."""
        self._status = text
        if self._notifier is None or not self._acquire():
            return
        try:
            if not self._starved:
                self._notifier.status(text)
        finally:
            self._lock.release()

    def _acquire(self) -> bool:
        """The notifier's lock for the GUI thread, which must never wait long for it: a send
        on the watchdog's thread blocked (a notification socket nobody reads) is given up."""
        if self._lock.acquire(timeout=GUI_LOCK_WAIT_S):
            return True
        _log.warning("a systemd notification is blocked: the GUI thread sends none")
        return False

    def tick(self) -> bool:
        """One check: ping if the GUI thread beat within the interval. Returns whether it did."""
        notifier, interval = self._notifier, self.interval_s
        if notifier is None or interval is None:
            return False
        beat = self._last_beat
        alive = beat is not None and self._clock.monotonic() - beat <= interval
        with self._lock:
            if alive:
                notifier.watchdog()
                if self._starved:
                    self._starved = False
                    _log.info("the GUI thread responds again: watchdog fed")
                    notifier.status(self._status)
            elif beat is not None and not self._starved:
                self._starved = True
                _log.warning(
                    "the GUI thread has not responded for %.1f s", self._clock.monotonic() - beat
                )
                notifier.status(STARVED_STATUS)
        if self._on_tick is not None:
            self._on_tick(alive)
        return alive

    def _run(self) -> None:  # the watchdog's thread
        assert self.interval_s is not None
        while not self._stop.wait(self.interval_s):
            try:
                self.tick()
            except Exception:  # noqa: BLE001 - logged; the next tick may succeed
                _log.exception("the watchdog's check failed")

    def stop(self, status: str = "stopping") -> None:
        """A clean stop: no more pings, ``STOPPING=1`` (once)."""
        if self._stopped:
            return
        self._stopped = True
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=GUI_LOCK_WAIT_S)
        if self._notifier is None or not self._acquire():
            return
        try:
            self._notifier.stopping()
            self._notifier.status(status)
        finally:
            self._lock.release()

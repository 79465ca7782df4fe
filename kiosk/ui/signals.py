"""Stopping the event loop on SIGINT, SIGTERM or SIGHUP (``StopOnSignals``; the signals are
``kiosk.runtime.stop_signals.STOP_SIGNALS``).

Thread contract: the GUI thread, which must be the process's main thread.
"""

from __future__ import annotations

import logging
import signal
import socket
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

from kiosk.runtime.stop_signals import STOP_SIGNALS, install, restore

if TYPE_CHECKING:
    from types import FrameType

_log = logging.getLogger(__name__)


class StopOnSignals(QObject):
    """Quits the event loop when the process gets SIGINT, SIGTERM or SIGHUP.

    Python runs its signal handlers only when the interpreter next gets control, which it does
    not while Qt's event loop waits in C++: a handler alone would run at the next mouse move, or
    never. So the signal module's C handler also writes the signal's number into one end of a
    socket pair (``signal.set_wakeup_fd``); a ``QSocketNotifier`` on the other end wakes the
    event loop, and its slot quits it. The Python handlers installed meanwhile do nothing (they
    replace the default actions: dying at once, or ``KeyboardInterrupt`` inside a slot). A
    signal that arrives before the event loop runs waits in the socket and quits the loop as
    soon as it starts. ``close`` puts back the previous handlers and wake-up descriptor.

    Thread contract: the GUI thread, which must be the process's main thread (Python installs
    signal handlers and the wake-up descriptor only there).
    """

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__()
        self._app = app
        self.received: signal.Signals | None = None
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)  # set_wakeup_fd requires it
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = install(self._ignore)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    @staticmethod
    def _ignore(_number: int, _frame: FrameType | None) -> None:
        """The Python-level handler: the slot does the work, on the event loop."""

    def _woken(self) -> None:
        try:
            numbers = self._reader.recv(256)
        except (BlockingIOError, InterruptedError):
            return
        for number in numbers:
            if number in STOP_SIGNALS and self.received is None:
                self.received = signal.Signals(number)
                _log.info("stopping on %s", self.received.name)
                self._app.quit()

    def close(self) -> None:
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        restore(self._previous)
        self._reader.close()
        self._writer.close()

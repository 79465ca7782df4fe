"""What technician mode asks of the application itself (``TechnicianServices.system``):
restart it, or close it for the desktop. Both end the event loop with their own exit status
(``kiosk.runtime.restart``); ``kiosk run`` and systemd do the rest. Before closing, the window is
told that this close is allowed (the lockdown refuses any other).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer

from kiosk.runtime.restart import EXIT_DESKTOP, EXIT_RESTART


class QtSystemActions:
    """Restart or leave, on the next turn of the event loop (the screen says so first).
    ``allow_close`` lets the window close (the lockdown's permission), if there is one."""

    def __init__(self, allow_close: Callable[[], None] | None = None) -> None:
        self._allow_close = allow_close

    def restart(self) -> None:
        self._exit(EXIT_RESTART)

    def leave_to_desktop(self) -> None:
        self._exit(EXIT_DESKTOP)

    def _exit(self, code: int) -> None:
        if self._allow_close is not None:
            self._allow_close()
        QTimer.singleShot(0, lambda: QCoreApplication.exit(code))

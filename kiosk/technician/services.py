"""What technician mode's journeys may use (``TechnicianServices``), built once by the terminal
(``kiosk.terminal.Terminal.technician_services``) and handed to every technician journey.

Blocking work (disk, network, a device, a PIN's memory-hard hash) goes through ``tasks`` and
comes back on the GUI thread. ``system`` is how a journey asks the application to restart or to
leave to the desktop: the UI fills it in (the Qt-free core cannot stop a Qt application).

Thread contract: built on any thread, then used on the GUI thread; the services themselves say
which of their methods may run on a worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from kiosk.runtime.tasks import TaskRunner


class SystemActions(Protocol):
    """What only the application can do for technician mode."""

    def restart(self) -> None:
        """Close the terminal's services and start the application again."""

    def leave_to_desktop(self) -> None:
        """Close the application for good (a technician's maintenance on the machine)."""


class NoSystemActions:
    """Until the UI attaches its own: restart and leaving do nothing (a test, the CLI)."""

    def restart(self) -> None:
        return None

    def leave_to_desktop(self) -> None:
        return None


@dataclass
class TechnicianServices:
    """Technician mode's services. ``idle_minutes``: technician mode leaves by itself after
    that long untouched."""

    tasks: TaskRunner
    terminal_id: str
    idle_minutes: int = 5
    system: SystemActions = field(default_factory=NoSystemActions)

    def mode_changed(self, *, entered: bool, reason: str) -> None:
        """Technician mode was entered (``reason`` "pin") or left ("left", "idle",
        "out_of_service"): recorded in the audit log."""

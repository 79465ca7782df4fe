"""What technician mode's journeys may use (``TechnicianServices``), built once by the terminal
(``kiosk.terminal.Terminal.technician_services``) and handed to every technician journey.

Blocking work (disk, network, a device, a PIN's memory-hard hash) goes through ``tasks`` and
comes back on the GUI thread. ``system`` is how a journey asks the application to restart or to
leave to the desktop: the UI fills it in (the Qt-free core cannot stop a Qt application).

Thread contract: built on any thread, then used on the GUI thread; the services themselves say
which of their methods may run on a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.runtime.tasks import TaskRunner
from kiosk.technician.audit import AuditAction, AuditLog
from kiosk.technician.pin import PinVerdict

if TYPE_CHECKING:
    from kiosk.devices.printer import ReceiptPrinter
    from kiosk.sync.enrolment import Enrolment
    from kiosk.technician.imports import DocumentImports
    from kiosk.technician.logs import LogBook
    from kiosk.technician.settings import ConfigSettings
    from kiosk.technician.status_desk import StatusDesk

_log = logging.getLogger(__name__)


class SystemActions(Protocol):
    """What only the application can do for technician mode."""

    def restart(self) -> None:
        """Close the terminal's services and start the application again."""

    def leave_to_desktop(self) -> None:
        """Close the application for good (a technician's maintenance on the machine)."""


class PinChecker(Protocol):
    """What checks the technician's PIN: ``kiosk.technician.pin.PinGate`` (its lockout kept
    in the database, every try audited). May be called on a worker."""

    def state(self) -> PinVerdict:
        """The lockout now, without trying a PIN."""
        ...

    def try_pin(self, pin: str, *, purpose: str = "technician") -> PinVerdict:
        """Try ``pin`` for ``purpose``."""
        ...


class NoSystemActions:
    """Until the UI attaches its own: restart and leaving do nothing (a test, the CLI)."""

    def restart(self) -> None:
        return None

    def leave_to_desktop(self) -> None:
        return None


@dataclass
class TechnicianServices:
    """Technician mode's services. ``gate`` checks the PIN (and keeps its lockout), ``audit``
    records every entry, refusal and action; ``idle_minutes``: technician mode leaves by itself
    after that long untouched."""

    tasks: TaskRunner
    terminal_id: str
    gate: PinChecker
    audit: AuditLog
    idle_minutes: int = 5
    system: SystemActions = field(default_factory=NoSystemActions)
    # Device tests (``kiosk.journeys.tech_devices``): the receipt printer (None: none could be
    # opened), the runner its blocking calls go on (None: ``tasks``) and the printer as the
    # configuration names it (printed on the test page).
    printer: ReceiptPrinter | None = None
    printer_tasks: TaskRunner | None = None
    printer_name: str = ""
    # Enrolment (``kiosk.journeys.tech_enrol``): ``Terminal.enrol`` (None: no platform to enrol
    # with) and the enrolment held (``kiosk.sync.enrolment.load_enrolment``). Both block (disk,
    # network): call them on a worker. ``enrolment`` raises ``EnrolmentError`` for a damaged one.
    enrol: Callable[[str], Enrolment] | None = None
    enrolment: Callable[[], Enrolment | None] = field(default=lambda: None)
    # Settings, logs and imports (``kiosk.journeys.tech_config``, ``tech_logs``, ``tech_import``):
    # the configuration file as a technician changes it, the log files, the trust list and
    # catalogue installed from a file and the folders a USB drive is looked for in (None: the
    # terminal's database is not open). Their methods block: on a worker.
    settings: ConfigSettings | None = None
    logs: LogBook | None = None
    imports: DocumentImports | None = None
    usb_roots: tuple[Path, ...] = ()
    # The status (``kiosk.journeys.tech_status``): the status, the dead letters retried and
    # exported (None: the terminal's database is not open). Its methods block: on a worker.
    status_desk: StatusDesk | None = None

    def mode_changed(self, *, entered: bool, reason: str) -> None:
        """Technician mode was entered (``reason`` "pin") or left ("left", "idle",
        "out_of_service"): recorded in the audit log (on a worker)."""
        action = AuditAction.TECHNICIAN_ENTERED if entered else AuditAction.TECHNICIAN_LEFT
        self.record(action, detail={"reason": reason})

    def record(
        self,
        action: AuditAction,
        *,
        detail: Mapping[str, str | int] | None = None,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Record ``action`` in the audit log on a worker (the database may be busy: never on
        the GUI thread), then call ``then`` on the GUI thread, recorded or not: a failure to
        record is logged and never stops what the technician asked for."""

        def failed(error: BaseException) -> None:
            _log.error(
                "%s not recorded in the audit log",
                action.value,
                exc_info=(type(error), error, error.__traceback__),
            )
            if then is not None:
                then()

        def done(_entry: object) -> None:
            if then is not None:
                then()

        self.tasks.submit(
            f"audit {action.value}", lambda: self.audit.record(action, detail=detail), done, failed
        )

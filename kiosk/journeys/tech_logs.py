"""Technician mode: the terminal's log and the audit log.

    LOGS (one step): the log, newest first, from a chosen level up; or the audit log, newest
    first, and "verify the chain"

The log (``kiosk.technician.logs``: read backwards from the end of the files in bounded memory,
redacted again on reading) is read on a worker when the journey starts, when the technician
chooses another level and on "refresh". The audit log's newest entries come from
``TechnicianServices.audit``; "verify" walks the whole hash chain on a worker
(``AuditLog.verify``) and records that it did (``audit.verified``, outcome ok or failed, with
the count and the first bad entry), as ``kiosk audit verify`` does.

Nothing here is personal: the log is redacted, the audit log holds field names, counts and ids.
Answers for an earlier question (another level, the other view) are dropped.

Thread contract: GUI thread only (reading and verifying run on the task runner's workers).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.domain.text import Language
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.journeys.tech_tasks import TechnicianTasks
from kiosk.runtime.clock import Clock
from kiosk.technician.audit import AuditAction, AuditCheck, AuditEntry
from kiosk.technician.logs import LEVELS, LogPage
from kiosk.technician.services import TechnicianServices

if TYPE_CHECKING:
    pass

_log = logging.getLogger(__name__)

LOG_LIMIT = 200  # log entries shown at once (the newest)
AUDIT_LIMIT = 200  # audit entries shown at once (the newest)
DEFAULT_LEVEL = "INFO"


class LogsStep(enum.Enum):
    LOGS = "logs"


class LogsEvent(enum.Enum):
    """One step: the view and the level are the step's state."""

    NONE = "none"


TECH_LOGS = JourneyDefinition[LogsStep, LogsEvent](
    "tech_logs",
    first=LogsStep.LOGS,
    steps={LogsStep.LOGS: StepSpec(Screen.TECH_LOGS, IdleRule.TECHNICIAN)},
    transitions=[],
)


class LogsView(enum.Enum):
    LOG = "log"
    AUDIT = "audit"


@dataclass
class TechLogsState(JourneyState):
    """The view and level chosen, what was read (None: not yet), whether reading failed, and
    the chain's check (None: not asked)."""

    view: LogsView = LogsView.LOG
    level: str = DEFAULT_LEVEL
    page: LogPage | None = None
    entries: tuple[AuditEntry, ...] | None = None
    reading: bool = False
    read_failed: bool = False
    verifying: bool = False
    check: AuditCheck | None = None
    check_failed: bool = False


class TechLogsJourney(TechnicianTasks, Journey[LogsStep, LogsEvent, TechLogsState]):
    """The log viewer's journey. See the module docstring."""

    def __init__(
        self,
        services: TechnicianServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
    ) -> None:
        super().__init__(TECH_LOGS, TechLogsState())
        del clock, language  # the screen shows times in Beijing time and translates the words
        self._services = services
        self._start_tasks(services.tasks)
        self.refresh()

    @property
    def available(self) -> bool:
        """Whether the log can be read (the terminal's services are open)."""
        return self._services.logs is not None

    # ------------------------------------------------------------------ intents
    def show(self, view: LogsView) -> None:
        """Show the log or the audit log (read afresh)."""
        if self.ended or view is self.state.view:
            return
        self.state.view = view
        self.refresh()

    def choose_level(self, level: str) -> None:
        """Show the log from ``level`` up (one of ``LEVELS``)."""
        if self.ended or level not in LEVELS or level == self.state.level:
            return
        self.state.level = level
        self.state.view = LogsView.LOG
        self.refresh()

    def refresh(self) -> None:
        """Read the view shown again."""
        if self.ended:
            return
        asked = self._ask()
        self.state.reading = True
        self.state.read_failed = False
        if self.state.view is LogsView.LOG:
            book = self._services.logs
            if book is None:
                self._read_failed(asked, RuntimeError("no log book"))
                return
            level = self.state.level
            self._submit(
                "read the log",
                lambda: book.read(level, LOG_LIMIT),
                lambda page: self._log_read(asked, page),
                lambda error: self._read_failed(asked, error),
            )
        else:
            audit = self._services.audit
            self._submit(
                "read the audit log",
                lambda: tuple(audit.entries(AUDIT_LIMIT)),
                lambda entries: self._audit_read(asked, entries),
                lambda error: self._read_failed(asked, error),
            )
        self._update()

    def verify(self) -> bool:
        """Check the audit log's whole chain (recorded as ``audit.verified``); False when a
        check is under way."""
        if self.ended or self.state.verifying:
            return False
        self.state.verifying = True
        self.state.check = None
        self.state.check_failed = False
        audit = self._services.audit

        def work() -> AuditCheck:
            check = audit.verify()
            detail: dict[str, str | int] = {"count": check.count}
            if check.first_bad is not None:
                detail["first_bad"] = check.first_bad
            outcome = "ok" if check.ok else "failed"
            audit.record(AuditAction.AUDIT_VERIFIED, outcome=outcome, detail=detail)
            return check

        self._submit("verify the audit log", work, self._verified, self._verify_failed)
        self._update()
        return True

    def on_end(self) -> None:
        self._stop_tasks()

    # ------------------------------------------------------------------ answers (GUI thread)
    def _log_read(self, asked: int, page: LogPage) -> None:
        if asked != self._asked or self.ended:
            return
        self.state.reading = False
        self.state.page = page
        self._update()

    def _audit_read(self, asked: int, entries: tuple[AuditEntry, ...]) -> None:
        if asked != self._asked or self.ended:
            return
        self.state.reading = False
        self.state.entries = entries
        self._update()

    def _read_failed(self, asked: int, error: BaseException) -> None:
        _log.error("%s not read: %s", self.state.view.value, type(error).__name__)
        if asked != self._asked or self.ended:
            return
        self.state.reading = False
        self.state.read_failed = True
        self._update()

    def _verified(self, check: AuditCheck) -> None:
        if self.ended:
            return
        self.state.verifying = False
        self.state.check = check
        if self.state.view is LogsView.AUDIT:
            self.refresh()  # the check's own entry is now the newest
        else:
            self._update()

    def _verify_failed(self, error: BaseException) -> None:
        _log.error("the audit log was not verified: %s", type(error).__name__)
        if self.ended:
            return
        self.state.verifying = False
        self.state.check_failed = True
        self._update()

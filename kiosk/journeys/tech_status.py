"""Technician mode: the terminal's status, its dead letters retried or exported.

    STATUS (one step): read --> shown; every REFRESH_S read again; "Retry" a dead letter;
    "Export to USB" the dead letters

The status (``kiosk.technician.status``: the platform link and clock skew, the queue by state,
the dead letters, the trust list and the documents, the printer and the camera, the disk, the
software, the audit log, and what needs attention first) is read on a worker of the task runner
(``StatusDesk.status``) when the journey starts, every ``REFRESH_S`` while it is shown
(``tick``), after a retry or an export, and when the technician asks (``refresh``). A retry
puts the dead letter back in the queue and wakes the delivery worker (it is sent at once when
the platform can be reached); an export writes the dead letters, sealed, to the first USB drive
found, else to the data folder's ``exports`` (``ExportDone.on_usb`` says which). Both are
audited by the desk. Nothing here is personal: references, codes and counts.

Answers arriving after the journey ended are dropped (their tasks are cancelled).

Thread contract: GUI thread only (the work runs on the task runner's workers).
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
from kiosk.technician.services import TechnicianServices
from kiosk.technician.status import TerminalStatus
from kiosk.technician.status_desk import ExportDone, StatusDesk

if TYPE_CHECKING:
    pass

_log = logging.getLogger(__name__)

REFRESH_S = 5.0
"""How often the status is read again while it is shown."""


class TechStatusStep(enum.Enum):
    STATUS = "status"


class TechStatusEvent(enum.Enum):
    """One step: what it shows is the step's state."""

    NONE = "none"


TECH_STATUS = JourneyDefinition[TechStatusStep, TechStatusEvent](
    "tech_status",
    first=TechStatusStep.STATUS,
    steps={TechStatusStep.STATUS: StepSpec(Screen.TECH_STATUS, IdleRule.TECHNICIAN)},
    transitions=[],
)


class RetryResult(enum.Enum):
    QUEUED = "queued"  # back in the queue; the delivery worker was woken
    NOT_DEAD = "not_dead"  # no longer a dead letter (another retry, or the command line)
    FAILED = "failed"  # the database failed (logged)


@dataclass(frozen=True)
class RetryOutcome:
    reference: str
    result: RetryResult


@dataclass(frozen=True)
class ExportOutcome:
    """An export's result: ``done`` (None: it failed, ``problem`` names the error type)."""

    done: ExportDone | None
    problem: str | None = None


@dataclass
class TechStatusState(JourneyState):
    """The status shown (None before the first reading), whether it is being read, whether
    the last reading failed, the retry and the export under way or last done."""

    status: TerminalStatus | None = None
    reading: bool = False
    read_failed: bool = False
    retrying: str | None = None
    retried: RetryOutcome | None = None
    exporting: bool = False
    exported: ExportOutcome | None = None


class TechStatusJourney(TechnicianTasks, Journey[TechStatusStep, TechStatusEvent, TechStatusState]):
    """The status screen's journey. See the module docstring."""

    def __init__(
        self,
        services: TechnicianServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
    ) -> None:
        super().__init__(TECH_STATUS, TechStatusState())
        del language  # figures and codes: the screen translates them
        self._services = services
        self._desk: StatusDesk | None = services.status_desk
        self._clock = clock
        self._read_at: float | None = None
        self._start_tasks(services.tasks)
        self.refresh()

    @property
    def available(self) -> bool:
        """Whether this terminal's status can be read at all (its database is open)."""
        return self._desk is not None

    @property
    def can_export(self) -> bool:
        status = self.state.status
        queue = status.queue if status is not None else None
        return (
            self._desk is not None
            and self._desk.outbox is not None
            and queue is not None
            and queue.dead > 0
            and not self.state.exporting
        )

    # ------------------------------------------------------------------ intents
    def refresh(self) -> None:
        """Read the status again (not while a reading is under way)."""
        desk = self._desk
        if self.ended or desk is None or self.state.reading:
            return
        self.state.reading = True
        self._read_at = self._clock.monotonic()
        self._submit("terminal status", desk.status, self._read, self._read_failed)
        self._update()

    def tick(self) -> None:
        """Called by the host a few times a second: read again every ``REFRESH_S``."""
        if self.ended or self._read_at is None:
            return
        if self._clock.monotonic() - self._read_at >= REFRESH_S:
            self.refresh()

    def retry(self, reference: str) -> bool:
        """Put the dead letter ``reference`` (one the status lists) back in the queue; False
        when it is not listed or a retry is under way."""
        desk = self._desk
        status = self.state.status
        if self.ended or desk is None or status is None or self.state.retrying is not None:
            return False
        listed = status.queue.dead_letters if status.queue is not None else ()
        if reference not in {letter.reference for letter in listed}:
            return False
        self.state.retrying = reference
        self.state.retried = None
        self.state.exported = None  # the screen says what the last action did

        def done(queued: bool) -> None:
            result = RetryResult.QUEUED if queued else RetryResult.NOT_DEAD
            self._retried(RetryOutcome(reference, result))

        def failed(error: BaseException) -> None:
            _log.error(
                "dead letter not re-queued", exc_info=(type(error), error, error.__traceback__)
            )
            self._retried(RetryOutcome(reference, RetryResult.FAILED))

        self._submit("retry dead letter", lambda: desk.retry(reference), done, failed)
        self._update()
        return True

    def export(self) -> bool:
        """Export the dead letters (to a USB drive, else the data folder); False when there is
        nothing to export or an export is under way."""
        desk = self._desk
        if self.ended or desk is None or not self.can_export:
            return False
        self.state.exporting = True
        self.state.exported = None
        self.state.retried = None

        def done(written: ExportDone) -> None:
            self._exported(ExportOutcome(written))

        def failed(error: BaseException) -> None:
            # Disk or drive: expected (a drive pulled out, full, read-only); named on screen.
            _log.error("dead letters not exported: %s", type(error).__name__)
            self._exported(ExportOutcome(None, type(error).__name__))

        self._submit("export dead letters", desk.export, done, failed)
        self._update()
        return True

    def on_end(self) -> None:
        self._stop_tasks()

    # ------------------------------------------------------------------ answers (GUI thread)
    def _read(self, status: TerminalStatus) -> None:
        self.state.reading = False
        self.state.read_failed = False
        self.state.status = status
        self._update()

    def _read_failed(self, error: BaseException) -> None:
        _log.error("terminal status not read", exc_info=(type(error), error, error.__traceback__))
        self.state.reading = False
        self.state.read_failed = True
        self._update()

    def _retried(self, outcome: RetryOutcome) -> None:
        self.state.retrying = None
        self.state.retried = outcome
        self._update()
        self._refresh_soon()

    def _exported(self, outcome: ExportOutcome) -> None:
        self.state.exporting = False
        self.state.exported = outcome
        self._update()
        self._refresh_soon()

    def _refresh_soon(self) -> None:
        """Read again now, or as soon as the reading under way has come back."""
        if self.state.reading:
            self._read_at = self._clock.monotonic() - REFRESH_S
        else:
            self.refresh()

    # ------------------------------------------------------------------ internals

"""The technician's PIN: the one step between the hidden gesture and technician mode.

    PIN --the right PIN--> (the host enters technician mode)
    PIN --a wrong PIN--> PIN, "wrong PIN, N tries left"; after 5, locked with a growing delay
    PIN --home / idle--> HOME (a right PIN whose answer comes after that: ``pin.unused``)

The PIN is checked by ``kiosk.technician.pin.PinGate`` on a worker of the task runner (its
memory-hard hash takes a noticeable moment); the answer comes back on the GUI thread. The gate
keeps the count of wrong PINs and the lock in the database, so a restart does not reset them,
and audits every try. The journey never keeps the PIN: it is handed to the worker and
forgotten; the state holds only the last verdict. While a PIN is being checked another is not
accepted. Once the gate accepts, ``unlocked`` is set and the host (``KioskShell``) switches to
technician mode, ending this journey.

Thread contract: GUI thread only (the check itself runs on a worker).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.domain.text import Language
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.runtime.clock import Clock
from kiosk.technician.audit import AuditAction
from kiosk.technician.pin import LOCK_AFTER, MAX_DIGITS, MIN_DIGITS, PinOutcome, PinVerdict
from kiosk.technician.services import TechnicianServices

_log = logging.getLogger(__name__)


class UnlockStep(enum.Enum):
    PIN = "pin"


class UnlockEvent(enum.Enum):
    """The PIN step has nowhere to go: the host leaves it (technician mode, home, idle)."""

    NONE = "none"


UNLOCK = JourneyDefinition[UnlockStep, UnlockEvent](
    "unlock",
    first=UnlockStep.PIN,
    steps={UnlockStep.PIN: StepSpec(Screen.TECH_PIN, IdleRule.STANDARD)},
    transitions=[],
)


@dataclass
class UnlockState(JourneyState):
    """The last answer of the gate (None: no PIN tried yet) and whether one is being checked.
    ``locked_until_monotonic``: when a lock ends on the clock's monotonic time (None: none);
    ``failed``: the last check could not be made at all."""

    verdict: PinVerdict | None = None
    checking: bool = False
    locked_until_monotonic: float | None = None
    failed: bool = False  # the last check could not be made (the database): try again


class UnlockJourney(Journey[UnlockStep, UnlockEvent, UnlockState]):
    """Ask for the technician's PIN. See the module docstring."""

    def __init__(
        self,
        services: TechnicianServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
    ) -> None:
        super().__init__(UNLOCK, UnlockState())
        del language  # the screen speaks the session's language; nothing here depends on it
        self._services = services
        self._clock = clock
        self._asked = 0
        self.unlocked = False
        self._ask_state()

    # ------------------------------------------------------------------ reading
    @property
    def verdict(self) -> PinVerdict | None:
        return self.state.verdict

    @property
    def checking(self) -> bool:
        return self.state.checking

    def locked_for_s(self) -> float:
        """Seconds until a PIN may be tried again (0: it may be tried now)."""
        until = self.state.locked_until_monotonic
        if until is None:
            return 0.0
        return max(0.0, until - self._clock.monotonic())

    def tries_left(self) -> int | None:
        """Wrong PINs left before the lock (None: nothing wrong yet, or locked)."""
        verdict = self.state.verdict
        if verdict is None or verdict.outcome is not PinOutcome.REFUSED:
            return None
        return max(0, LOCK_AFTER - verdict.failures)

    @staticmethod
    def complete(pin: str) -> bool:
        """Whether ``pin`` is long enough to be tried (the gate judges the rest)."""
        return pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS

    # ------------------------------------------------------------------ intents
    def submit(self, pin: str) -> bool:
        """Check ``pin`` (False: not tried — being checked, locked, incomplete)."""
        if self.ended or self.state.checking or self.locked_for_s() > 0 or not self.complete(pin):
            return False
        self.state.checking = True
        self.state.failed = False
        self._asked += 1
        asked = self._asked
        gate = self._services.gate
        self._services.tasks.submit(
            "technician PIN",
            lambda: gate.try_pin(pin),
            lambda verdict: self._answered(asked, verdict),
            lambda error: self._failed(asked, error),
        )
        self._changed()
        return True

    def tick(self) -> None:
        """A lock that has run out is lifted on screen (the gate decides on the next try)."""
        until = self.state.locked_until_monotonic
        if until is not None and self._clock.monotonic() >= until:
            self.state.locked_until_monotonic = None
            self._changed()

    def on_end(self) -> None:
        self._asked += 1  # an answer arriving after the end is dropped

    # ------------------------------------------------------------------ internals
    def _ask_state(self) -> None:
        """A lock left from before (another visit, a restart) shows at once."""
        gate = self._services.gate
        asked = self._asked
        self._services.tasks.submit(
            "technician PIN state",
            gate.state,
            lambda verdict: self._shown(asked, verdict),
            lambda error: self._failed(asked, error),
        )

    def _shown(self, asked: int, verdict: PinVerdict) -> None:
        if asked != self._asked or self.ended or self.state.checking:
            return
        if verdict.outcome in (PinOutcome.LOCKED, PinOutcome.NOT_SET):
            self._take(verdict)

    def _answered(self, asked: int, verdict: PinVerdict) -> None:
        if asked != self._asked or self.ended:
            if verdict.outcome is PinOutcome.ACCEPTED:
                # The screen closed (home, idle) while the PIN was checked: the log's
                # "pin.accepted" is followed by why technician mode was not entered.
                self._services.record(AuditAction.PIN_UNUSED, detail={"reason": "screen_closed"})
            return
        self.state.checking = False
        if verdict.outcome is PinOutcome.ACCEPTED:
            self.unlocked = True
            self._changed()  # the host switches to technician mode
            return
        self._take(verdict)

    def _take(self, verdict: PinVerdict) -> None:
        self.state.failed = False
        self.state.verdict = verdict
        self.state.locked_until_monotonic = (
            self._clock.monotonic() + verdict.retry_in_s
            if verdict.outcome is PinOutcome.LOCKED
            else None
        )
        self._changed()

    def _failed(self, asked: int, error: BaseException) -> None:
        """The gate could not answer (its database): logged; the PIN may be tried again."""
        _log.error(
            "the technician PIN could not be checked",
            exc_info=(type(error), error, error.__traceback__),
        )
        if asked != self._asked or self.ended:
            return
        self.state.checking = False
        self.state.failed = True
        self._changed()

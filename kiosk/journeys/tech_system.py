"""Technician mode: restart the application, or leave it for the desktop.

    SYSTEM: choose --restart--> confirm --yes--> (audited) the application restarts
    SYSTEM: choose --leave to the desktop--> the PIN again --right--> (audited) it closes

Restarting applies a new configuration or enrolment: the application closes its services and
starts again (under systemd, ``Restart=always`` starts it; without it, the process replaces
itself). Leaving to the desktop stops the kiosk until someone starts it again, so it asks for
the PIN once more (through the same gate, its lockout and audit): a technician mode left open
by mistake does not open the machine. What the application does is the UI's
(``TechnicianServices.system``); this journey decides when.

Thread contract: GUI thread only (the PIN check runs on a worker).
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
from kiosk.technician.pin import PinOutcome, PinVerdict
from kiosk.technician.services import TechnicianServices

_log = logging.getLogger(__name__)


class SystemStep(enum.Enum):
    SYSTEM = "system"


class SystemEvent(enum.Enum):
    """One step: the choice and its confirmation are the step's state."""

    NONE = "none"


TECH_SYSTEM = JourneyDefinition[SystemStep, SystemEvent](
    "tech_system",
    first=SystemStep.SYSTEM,
    steps={SystemStep.SYSTEM: StepSpec(Screen.TECH_SYSTEM, IdleRule.TECHNICIAN)},
    transitions=[],
)


class SystemAction(enum.Enum):
    RESTART = "restart"
    DESKTOP = "desktop"


@dataclass
class SystemState(JourneyState):
    """The action being confirmed (None: none), whether the PIN is being checked, the last
    PIN verdict (leaving to the desktop) and whether the action was carried out."""

    asking: SystemAction | None = None
    checking: bool = False
    verdict: PinVerdict | None = None
    done: SystemAction | None = None


class TechSystemJourney(Journey[SystemStep, SystemEvent, SystemState]):
    """Restart or leave to the desktop. See the module docstring."""

    def __init__(
        self,
        services: TechnicianServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
    ) -> None:
        super().__init__(TECH_SYSTEM, SystemState())
        del clock, language  # nothing here depends on time or language
        self._services = services
        self._asked = 0
        self._updates: list[Callable[[], None]] = []

    def subscribe_updates(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (GUI thread) whenever the step's state changes."""
        self._updates.append(listener)

    # ------------------------------------------------------------------ intents
    def ask(self, action: SystemAction) -> None:
        """Ask to confirm ``action``."""
        if self.ended or self.state.checking or self.state.done is not None:
            return
        self.state.asking = action
        self.state.verdict = None
        self._update()

    def cancel(self) -> None:
        if self.ended or self.state.checking:
            return
        self.state.asking = None
        self.state.verdict = None
        self._update()

    def confirm_restart(self) -> bool:
        """Restart now (False: restart was not being asked)."""
        if self.ended or self.state.asking is not SystemAction.RESTART:
            return False
        self.state.done = SystemAction.RESTART
        self._update()
        self._services.record(AuditAction.APP_RESTARTED, then=self._services.system.restart)
        return True

    def confirm_desktop(self, pin: str) -> bool:
        """Check ``pin`` again, then leave to the desktop (False: not tried)."""
        if self.ended or self.state.asking is not SystemAction.DESKTOP or self.state.checking:
            return False
        if not (pin.isascii() and pin.isdigit()):
            return False
        self.state.checking = True
        self._asked += 1
        asked = self._asked
        gate = self._services.gate
        self._services.tasks.submit(
            "technician PIN (desktop)",
            lambda: gate.try_pin(pin, purpose="desktop"),
            lambda verdict: self._answered(asked, verdict),
            lambda error: self._failed(asked, error),
        )
        self._update()
        return True

    def on_end(self) -> None:
        self._asked += 1  # a PIN answer arriving after the end is dropped
        self._updates.clear()

    # ------------------------------------------------------------------ internals
    def _answered(self, asked: int, verdict: PinVerdict) -> None:
        if asked != self._asked or self.ended:
            if verdict.outcome is PinOutcome.ACCEPTED:  # its screen closed meanwhile
                self._services.record(AuditAction.PIN_UNUSED, detail={"reason": "screen_closed"})
            return
        self.state.checking = False
        self.state.verdict = verdict
        if verdict.outcome is PinOutcome.ACCEPTED:
            self.state.done = SystemAction.DESKTOP
            self._update()
            system = self._services.system
            self._services.record(AuditAction.DESKTOP_LEFT, then=system.leave_to_desktop)
            return
        self._update()

    def _failed(self, asked: int, error: BaseException) -> None:
        _log.error(
            "the technician PIN could not be checked",
            exc_info=(type(error), error, error.__traceback__),
        )
        if asked != self._asked or self.ended:
            return
        self.state.checking = False
        self.state.verdict = PinVerdict(PinOutcome.REFUSED)
        self._update()

    def _update(self) -> None:
        for listener in list(self._updates):
            listener()

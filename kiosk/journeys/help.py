"""The help journey: how to use the terminal, one screen. It needs no service, so it can be
opened while the terminal is still starting.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)


class HelpStep(enum.Enum):
    READ = "read"


class HelpEvent(enum.Enum):
    """Help has no step to move to: home and idle are the host's."""

    NONE = "none"


HELP = JourneyDefinition[HelpStep, HelpEvent](
    "help",
    first=HelpStep.READ,
    steps={HelpStep.READ: StepSpec(Screen.HELP, IdleRule.STANDARD)},
    transitions=[],
)


@dataclass
class HelpState(JourneyState):
    """Reading help enters nothing."""


class HelpJourney(Journey[HelpStep, HelpEvent, HelpState]):
    def __init__(self) -> None:
        super().__init__(HELP, HelpState())

"""Idle detection for a citizen's session, driven by an injected monotonic clock.

After ``timeout_s`` without a touch the session ends; during its last ``countdown_s`` the screen
asks "are you still there?" and shows the seconds left. Any touch restarts the wait.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass


class IdlePhase(enum.Enum):
    ACTIVE = "active"
    COUNTDOWN = "countdown"
    EXPIRED = "expired"


@dataclass(frozen=True)
class IdleStatus:
    """Where the session stands; ``seconds_left`` counts to expiry, rounded up."""

    phase: IdlePhase
    seconds_left: int


class IdleWatch:
    """Measures time since the last touch. Thread contract: GUI thread only."""

    def __init__(
        self, monotonic: Callable[[], float], timeout_s: float, countdown_s: float
    ) -> None:
        if timeout_s <= 0 or not 0 <= countdown_s <= timeout_s:
            raise ValueError("the timeout must be positive and the countdown within it")
        self._monotonic = monotonic
        self.timeout_s = timeout_s
        self.countdown_s = countdown_s
        self._last_touch = monotonic()

    def touch(self) -> None:
        """The user did something: start waiting again."""
        self._last_touch = self._monotonic()

    def status(self) -> IdleStatus:
        left = self.timeout_s - (self._monotonic() - self._last_touch)
        if left <= 0:
            return IdleStatus(IdlePhase.EXPIRED, 0)
        seconds = math.ceil(left)
        if left <= self.countdown_s:
            return IdleStatus(IdlePhase.COUNTDOWN, seconds)
        return IdleStatus(IdlePhase.ACTIVE, seconds)

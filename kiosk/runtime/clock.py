"""Injected time: every timeout and timestamp in the kiosk reads a ``Clock``.

Production code receives ``SystemClock``; tests and the screenshot tour receive ``ManualClock``
and move time forward instead of sleeping (DESIGN §3 rule 6).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Wall-clock time for records and monotonic time for timeouts."""

    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin; never goes backwards. Use for timeouts."""
        ...


class SystemClock:
    """The machine's clocks."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that only moves when told to. Thread contract: use from one thread."""

    def __init__(self, start: datetime | None = None) -> None:
        self._wall = start or datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
        if self._wall.tzinfo is None:
            raise ValueError("ManualClock needs a timezone-aware start time")
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._wall

    def monotonic(self) -> float:
        return self._mono

    def advance(self, seconds: float) -> None:
        """Move both clocks forward by ``seconds`` (which must not be negative)."""
        if seconds < 0:
            raise ValueError("time does not go backwards on a monotonic clock")
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

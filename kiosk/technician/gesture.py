"""The hidden gesture that asks for the technician's PIN: five taps on the emblem within three
seconds (a citizen tapping the emblem once or twice never sees anything), or the key sequence
``TECHNICIAN_KEYS`` on a desk's keyboard.

Thread contract: one instance per window, used on the GUI thread.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

TAPS = 5
WITHIN_S = 3.0
TECHNICIAN_KEYS = "Ctrl+Alt+Shift+T"  # QKeySequence's portable text


class TapCounter:
    """Counts taps on ``monotonic``'s clock; ``tap`` is True on the tap that completes
    ``taps`` taps within ``within_s`` seconds (the count then starts again)."""

    def __init__(
        self, monotonic: Callable[[], float], *, taps: int = TAPS, within_s: float = WITHIN_S
    ) -> None:
        if taps < 2 or within_s <= 0:
            raise ValueError("a gesture is at least two taps within a positive time")
        self._monotonic = monotonic
        self._taps = taps
        self._within_s = within_s
        self._times: deque[float] = deque(maxlen=taps)

    def tap(self) -> bool:
        now = self._monotonic()
        self._times.append(now)
        if len(self._times) == self._taps and now - self._times[0] <= self._within_s:
            self._times.clear()
            return True
        return False

    def reset(self) -> None:
        self._times.clear()

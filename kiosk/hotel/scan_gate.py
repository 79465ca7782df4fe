"""Which accepted codes a hotel desk's always-on scanner hands on to be verified. No Qt.

At a desk the camera never stops: guests show their e-ID one after another, and a phone held
in view is read (and accepted) again and again. ``ScanGate`` hands a code's text on once while
it stays in view; once it has been out of view for ``quiet_s`` it may be handed on again (the
verifier then says it was already used, and when, which is what the desk wants to show).

"In view" is what the scanner saw: ``seen`` with the texts each analysed frame read, and
``admit`` when a code was accepted. A frame now and then that reads nothing (a reflection, a
hand passing) does not take a code out of view as long as it is read again within ``quiet_s``.

Only SHA-256 digests of the texts are kept, never the texts, and only of codes seen within the
last ``quiet_s`` (an entry older than that says nothing: the code would be handed on anyway),
at most ``max_entries`` of them (the oldest is forgotten first), so memory stays flat however
many guests pass. ``clear`` forgets everything.

Thread contract: one thread (the desk's GUI thread); not thread-safe.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable

from kiosk.runtime.clock import Clock

DEFAULT_QUIET_S = 2.0
DEFAULT_MAX_ENTRIES = 64  # codes in view at once; far more than a desk's camera ever sees


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class ScanGate:
    """Hands each accepted code on once while it stays in view."""

    def __init__(
        self,
        clock: Clock,
        quiet_s: float = DEFAULT_QUIET_S,
        *,
        max_entries: int = DEFAULT_MAX_ENTRIES,
    ) -> None:
        if quiet_s <= 0:
            raise ValueError("quiet_s must be positive")
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._clock = clock
        self.quiet_s = quiet_s
        self.max_entries = max_entries
        # digest -> when last seen (monotonic); oldest first, so forgetting pops from the front
        self._last_seen: OrderedDict[bytes, float] = OrderedDict()

    def __len__(self) -> int:
        """How many codes are remembered now (for tests and the soak benchmark)."""
        self._forget_old(self._clock.monotonic())
        return len(self._last_seen)

    def admit(self, text: str) -> bool:
        """``text`` was accepted now. True: hand it on (it is new, or it came back after being
        out of view for ``quiet_s``); False: it was handed on and has stayed in view. Either
        way it is in view from now on."""
        now = self._clock.monotonic()
        self._forget_old(now)
        digest = _digest(text)
        known = digest in self._last_seen
        self._touch(digest, now)
        return not known

    def seen(self, texts: Iterable[str]) -> None:
        """An analysed frame read ``texts``: those handed on stay in view. (A text not handed
        on is not remembered: it is not in the gate's business until accepted.)"""
        now = self._clock.monotonic()
        self._forget_old(now)
        for text in texts:
            digest = _digest(text)
            if digest in self._last_seen:
                self._touch(digest, now)

    def in_view(self, text: str) -> bool:
        """Whether ``text`` was handed on and is still in view (``admit`` would say False)."""
        self._forget_old(self._clock.monotonic())
        return _digest(text) in self._last_seen

    def clear(self) -> None:
        """Forget every code."""
        self._last_seen.clear()

    def _touch(self, digest: bytes, now: float) -> None:
        self._last_seen[digest] = now
        self._last_seen.move_to_end(digest)
        while len(self._last_seen) > self.max_entries:
            self._last_seen.popitem(last=False)

    def _forget_old(self, now: float) -> None:
        # Out of view for quiet_s or more: handed on again when next accepted, so not kept.
        while self._last_seen:
            oldest, when = next(iter(self._last_seen.items()))
            if now - when < self.quiet_s:
                return
            del self._last_seen[oldest]

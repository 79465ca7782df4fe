"""Short sound cues (a code was accepted). Protocol, and a fake that records what it played.

Sound only repeats what the screen shows: a terminal without audio output works the same.

Thread contract: GUI thread.
"""

from __future__ import annotations

import enum
from typing import Protocol


class Cue(enum.Enum):
    ACCEPTED = "accepted"


class Speaker(Protocol):
    def play(self, cue: Cue) -> None: ...


class FakeSpeaker:
    """Records the cues it was asked to play."""

    def __init__(self) -> None:
        self.played: list[Cue] = []

    def play(self, cue: Cue) -> None:
        self.played.append(cue)

"""Sound: short cues (a code was accepted, or refused) and spoken prompts. Protocol, and a fake
that records what it played.

Sound only repeats what the screen shows: a terminal without audio output works the same.
A spoken prompt is a sequence of recordings (``kiosk.voice.prompts``: a prompt id, or number
clips around which a sentence is built), said one after another in one language; a new prompt
interrupts the one being said.

Thread contract: GUI thread.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from kiosk.domain.text import Language
from kiosk.runtime.paths import assets_dir


class Cue(enum.Enum):
    """A short sound; its value names the WAV file in ``assets/sounds``."""

    ACCEPTED = "accepted"  # a code was accepted: a bright rising two-tone chime
    REFUSED = "refused"  # a code was refused: one short low tone, unlike the chime


def cue_file(cue: Cue) -> Path:
    """The WAV file a speaker plays for ``cue`` (mono, 16-bit, a fraction of a second)."""
    return assets_dir() / "sounds" / f"{cue.value}.wav"


class Speaker(Protocol):
    def play(self, cue: Cue) -> None: ...

    def speak(self, recordings: Sequence[str], language: Language) -> None:
        """Say ``recordings`` (recording ids) in ``language``, after stopping what is said."""

    def stop(self) -> None:
        """Stop saying anything (cues are short and left to finish)."""


class FakeSpeaker:
    """Records the cues it was asked to play and the prompts it was asked to say."""

    def __init__(self) -> None:
        self.played: list[Cue] = []
        self.spoken: list[tuple[tuple[str, ...], Language]] = []
        self.stops = 0

    def play(self, cue: Cue) -> None:
        self.played.append(cue)

    def speak(self, recordings: Sequence[str], language: Language) -> None:
        self.spoken.append((tuple(recordings), language))

    def stop(self) -> None:
        self.stops += 1

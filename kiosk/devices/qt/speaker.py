"""Sound cues through ``QSoundEffect`` (WAV files in ``assets/sounds``); spoken prompts through
``kiosk.devices.qt.voice_player``.

The audio output is looked for once, at the first cue; without one (no sound card, no audio
server) cues are silently skipped and that is logged once.

Thread contract: GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

from kiosk.devices.qt.voice_player import QtVoicePlayer
from kiosk.devices.speaker import Cue, cue_file
from kiosk.domain.text import Language

_log = logging.getLogger(__name__)


class QtSpeaker(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._effects: dict[Cue, QSoundEffect] | None = None
        self.voice = QtVoicePlayer(parent=self)

    def _load(self) -> dict[Cue, QSoundEffect]:
        if not QMediaDevices.audioOutputs():
            _log.info("no audio output: sound cues are off")
            return {}
        effects = {}
        for cue in Cue:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(cue_file(cue))))
            effect.setVolume(0.8)
            effects[cue] = effect
        return effects

    def play(self, cue: Cue) -> None:
        if self._effects is None:
            self._effects = self._load()
        effect = self._effects.get(cue)
        if effect is not None:
            effect.play()

    def speak(self, recordings: Sequence[str], language: Language) -> None:
        self.voice.speak(recordings, language)

    def stop(self) -> None:
        self.voice.stop()

"""Spoken prompts through ``QMediaPlayer``: ``<voice dir>/<language>/<recording id>.wav``.

A prompt is one or more recordings played one after another (a sentence, or a sentence around
the number clips of a countdown); a new prompt, or ``stop``, interrupts the one being played.
A recording that is missing is skipped and logged once per recording (its id and language, no
personal data is ever part of a prompt); without an audio output nothing plays and that is
logged once. The recordings are made by ``scripts/build-voice`` (``kiosk.voice.build``).

Thread contract: GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

from kiosk.domain.text import Language
from kiosk.runtime.paths import assets_dir

_log = logging.getLogger(__name__)


def default_voice_dir() -> Path:
    """Where ``scripts/build-voice`` puts the recordings."""
    return assets_dir() / "voice"


def _any_audio_output() -> bool:
    return bool(QMediaDevices.audioOutputs())


class QtVoicePlayer(QObject):
    """Plays prompt recordings; see the module's docstring."""

    def __init__(
        self,
        voice_dir: Path | None = None,
        parent: QObject | None = None,
        *,
        audio_output: Callable[[], bool] = _any_audio_output,
    ) -> None:
        """``audio_output`` tells whether there is a device to play on (asked at each prompt:
        a headset may be plugged in later)."""
        super().__init__(parent)
        self.voice_dir = voice_dir or default_voice_dir()
        self._audio_output = audio_output
        self.player: QMediaPlayer | None = None  # created at the first prompt
        self._output: QAudioOutput | None = None
        self._queue: list[Path] = []
        self._reported: set[str] = set()

    def speak(self, recordings: Sequence[str], language: Language) -> None:
        """Play ``recordings`` in ``language`` one after another, interrupting any prompt."""
        self.stop()
        paths: list[Path] = []
        for recording in recordings:
            path = self.voice_dir / language / f"{recording}.wav"
            if path.is_file():
                paths.append(path)
            else:
                self._report_once(
                    f"missing:{language}/{recording}",
                    "voice prompt %s/%s has no recording (scripts/build-voice makes them)",
                    language,
                    recording,
                )
        if not paths:
            return
        player = self._player()
        self._queue = paths[1:]
        player.setSource(QUrl.fromLocalFile(str(paths[0])))
        if self._audio_output():
            player.play()
        else:
            self._queue = []
            self._report_once("no-output", "no audio output: voice prompts are silent")

    def stop(self) -> None:
        """Stop the prompt being played (and the rest of it)."""
        self._queue = []
        if self.player is not None:
            self.player.stop()

    def _player(self) -> QMediaPlayer:
        if self.player is None:
            self.player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self.player.setAudioOutput(self._output)
            self.player.mediaStatusChanged.connect(self._status_changed)
        return self.player

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        player = self.player
        if player is None:
            return
        if status is QMediaPlayer.MediaStatus.InvalidMedia:
            self._report_once(
                f"invalid:{player.source().fileName()}",
                "voice recording %s cannot be played",
                player.source().fileName(),
            )
        finished = (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia)
        if status in finished and self._queue:
            player.setSource(QUrl.fromLocalFile(str(self._queue.pop(0))))
            player.play()

    def _report_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._reported:
            self._reported.add(key)
            _log.info(message, *args)

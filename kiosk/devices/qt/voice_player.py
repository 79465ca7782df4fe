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
_STOPPED = QMediaPlayer.PlaybackState.StoppedState


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
        self._queue: list[Path] = []  # what follows the recording playing now
        self._next: tuple[Path, bool] | None = None  # to start once the current load ends
        self._play_when_loaded = False
        self._reported: set[str] = set()

    def speak(self, recordings: Sequence[str], language: Language) -> None:
        """Play ``recordings`` in ``language`` one after another, interrupting any prompt."""
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
            self.stop()
            return
        play = self._audio_output()
        if not play:
            self._report_once("no-output", "no audio output: voice prompts are silent")
        self._queue = paths[1:] if play else []
        self._start(paths[0], play=play)

    def stop(self) -> None:
        """Stop the prompt being played (and the rest of it)."""
        self._queue = []
        self._next = None
        self._play_when_loaded = False
        player = self.player
        if player is not None and player.playbackState() is not _STOPPED:
            player.stop()

    def _start(self, path: Path, *, play: bool) -> None:
        player = self._player()
        if player.mediaStatus() is QMediaPlayer.MediaStatus.LoadingMedia:
            # Interrupting a load makes FFmpeg complain: this starts once it has ended.
            self._next = (path, play)
            return
        self._next = None
        if player.playbackState() is not _STOPPED:
            player.stop()
        player.setSource(QUrl.fromLocalFile(str(path)))
        if player.mediaStatus() is QMediaPlayer.MediaStatus.LoadingMedia:
            self._play_when_loaded = play
        elif play:  # the same recording again: loaded already
            player.play()

    def _player(self) -> QMediaPlayer:
        if self.player is None:
            self.player = QMediaPlayer(self)
            self._output = QAudioOutput(self)
            self.player.setAudioOutput(self._output)
            self.player.mediaStatusChanged.connect(self._status_changed)
        return self.player

    def _status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        player = self.player
        if player is None or status is QMediaPlayer.MediaStatus.LoadingMedia:
            return
        if self._next is not None:  # a prompt asked for while the previous one was loading
            path, play = self._next
            self._start(path, play=play)
            return
        if status is QMediaPlayer.MediaStatus.LoadedMedia and self._play_when_loaded:
            self._play_when_loaded = False
            player.play()
            return
        if status is QMediaPlayer.MediaStatus.InvalidMedia:
            self._play_when_loaded = False
            self._report_once(
                f"invalid:{player.source().fileName()}",
                "voice recording %s cannot be played",
                player.source().fileName(),
            )
        finished = (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia)
        if status in finished and self._queue:
            self._start(self._queue.pop(0), play=True)

    def _report_once(self, key: str, message: str, *args: object) -> None:
        if key not in self._reported:
            self._reported.add(key)
            _log.info(message, *args)

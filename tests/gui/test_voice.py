"""Spoken prompts in the Qt kiosk: the QMediaPlayer player (offscreen, no sound card here) and
the voice guide wired into the main window."""

from __future__ import annotations

import logging
import math
import struct
import wave
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.qt.speaker import QtSpeaker
from kiosk.devices.qt.voice_player import QtVoicePlayer
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.scan import ScanScreen
from tests.gui.conftest import KioskFactory


def write_wav(path: Path, seconds: float = 0.3) -> Path:
    """A real PCM WAV: a 440 Hz tone, as the recordings are (22,050 Hz mono, 16 bit)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rate = 22050
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
        for n in range(int(rate * seconds))
    )
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(rate)
        sound.writeframes(frames)
    return path


def test_a_missing_recording_is_skipped_with_one_log_line(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    player = QtVoicePlayer(tmp_path)
    with caplog.at_level(logging.INFO, logger="kiosk.devices.qt.voice_player"):
        player.speak(["home_citizen"], "zh_CN")
        player.speak(["home_citizen"], "zh_CN")
        player.stop()
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        "voice prompt zh_CN/home_citizen has no recording (scripts/build-voice makes them)"
    ]
    assert player.player is None  # nothing to play: the media player was never made


def test_a_real_recording_is_handed_to_the_media_player(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    recording = write_wav(tmp_path / "en" / "help.wav")
    player = QtVoicePlayer(tmp_path)  # this machine has no audio output
    with caplog.at_level(logging.INFO, logger="kiosk.devices.qt.voice_player"):
        player.speak(["help", "number_7"], "en")  # number_7 is missing: skipped
        player.speak(["help"], "en")
    media = player.player
    assert media is not None
    assert media.source() == QUrl.fromLocalFile(str(recording))
    qtbot.waitUntil(lambda: media.mediaStatus() is QMediaPlayer.MediaStatus.LoadedMedia)
    assert media.playbackState() is QMediaPlayer.PlaybackState.StoppedState  # no sound card
    messages = [record.getMessage() for record in caplog.records]
    assert messages.count("no audio output: voice prompts are silent") == 1
    assert len(messages) == 2  # and the missing number clip, once


def test_the_qt_speaker_speaks_through_the_voice_player(tmp_path: Path, qtbot: QtBot) -> None:
    speaker = QtSpeaker()
    recording = write_wav(tmp_path / "zh_CN" / "apology.wav")
    speaker.voice.voice_dir = tmp_path
    speaker.speak(["apology"], "zh_CN")
    media = speaker.voice.player
    assert media is not None
    assert media.source() == QUrl.fromLocalFile(str(recording))
    qtbot.waitUntil(lambda: media.mediaStatus() is QMediaPlayer.MediaStatus.LoadedMedia)
    speaker.stop()
    assert media.playbackState() is QMediaPlayer.PlaybackState.StoppedState


def _voice_on(kiosk: Kiosk) -> FakeSpeaker:
    speaker = kiosk.window.voice.speaker
    assert isinstance(speaker, FakeSpeaker)
    kiosk.shell.toggle_voice()
    return speaker


def test_the_window_speaks_each_screen_once_voice_is_on(make_kiosk: KioskFactory) -> None:
    speaker = FakeSpeaker()
    kiosk = make_kiosk(speaker=speaker)
    assert kiosk.window.voice.speaker is speaker  # the speaker given, once services are open
    assert speaker.spoken == []  # voice is off by default
    _voice_on(kiosk)
    assert speaker.spoken == [(("home_citizen",), "zh_CN")]
    kiosk.window.header.language_clicked.emit()
    kiosk.shell.start(JourneyName.HELP)
    assert kiosk.shell.screen is Screen.HELP
    assert speaker.spoken[-1] == (("help",), "en")
    kiosk.shell.go_home()  # the session ends: its speech stops; voice is off again
    assert speaker.stops >= 1
    assert speaker.spoken[-1] == (("help",), "en")


@pytest.mark.qt_log_ignore("No audio device detected")  # told there is one: Qt finds none
def test_the_recordings_of_one_prompt_play_one_after_another(qtbot: QtBot, tmp_path: Path) -> None:
    first = write_wav(tmp_path / "en" / "countdown_before.wav", 0.2)
    second = write_wav(tmp_path / "en" / "number_7.wav", 0.2)
    player = QtVoicePlayer(tmp_path, audio_output=lambda: True)
    player.speak(["countdown_before", "number_7"], "en")
    media = player.player
    assert media is not None
    assert media.source() == QUrl.fromLocalFile(str(first))
    qtbot.waitUntil(lambda: media.source() == QUrl.fromLocalFile(str(second)), timeout=5000)
    qtbot.waitUntil(
        lambda: media.mediaStatus() is QMediaPlayer.MediaStatus.EndOfMedia, timeout=5000
    )
    player.speak(["countdown_before"], "en")  # a new prompt starts from its first recording
    assert media.source() == QUrl.fromLocalFile(str(first))
    player.stop()  # while it loads: it must not start playing once loaded
    qtbot.waitUntil(lambda: media.mediaStatus() is QMediaPlayer.MediaStatus.LoadedMedia)
    assert media.playbackState() is QMediaPlayer.PlaybackState.StoppedState


def test_a_scan_that_reads_nothing_says_so_and_what_to_do(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    clock = ManualClock()
    camera = ImageSequenceSource([], fps=0)
    speaker = FakeSpeaker()
    kiosk = make_kiosk(clock=clock, source_factory=lambda: camera, speaker=speaker)
    kiosk.shell.toggle_voice()
    kiosk.shell.start(JourneyName.CHECK)
    screen = kiosk.window.current_screen
    assert isinstance(screen, ScanScreen)
    clock.advance(46)
    qtbot.waitUntil(screen.retry_button.isVisible)  # the scan timed out
    assert speaker.spoken[-1] == (("scan_timed_out",), "zh_CN")
    camera.inject(CameraFault.NO_DEVICE)
    qtbot.mouseClick(screen.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: speaker.spoken[-1] == (("camera_failed",), "zh_CN"))


def test_a_screen_held_back_under_a_finger_is_spoken_when_it_shows(
    make_kiosk: KioskFactory,
) -> None:
    speaker = FakeSpeaker()
    kiosk = make_kiosk(speaker=speaker)
    kiosk.shell.toggle_voice()
    home = kiosk.window.current_screen
    said_on_home = speaker.spoken[-1]
    target = home.scroll_area.viewport()
    middle = QPoint(target.width() // 2, target.height() // 2)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    kiosk.shell.start(JourneyName.HELP)  # the help screen waits for the finger
    assert kiosk.window.current_screen is home
    assert speaker.spoken[-1] == said_on_home  # not announced yet
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    assert kiosk.window.current_screen is not home
    assert speaker.spoken[-1] == (("help",), "zh_CN")

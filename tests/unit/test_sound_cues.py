"""The sound cues: every cue has its WAV file, short; the refused cue is one low tone, clearly
unlike the accepted chime; the fake speaker records both."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from kiosk.devices.speaker import Cue, FakeSpeaker, cue_file

RATE = 22050


def _samples(cue: Cue) -> np.ndarray:
    with wave.open(str(cue_file(cue)), "rb") as sound:
        assert (sound.getnchannels(), sound.getsampwidth(), sound.getframerate()) == (1, 2, RATE)
        assert sound.getcomptype() == "NONE"
        frames = sound.readframes(sound.getnframes())
    return np.frombuffer(frames, dtype="<i2").astype(np.float64)


def _dominant_hz(samples: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.fft.rfftfreq(len(samples), 1 / RATE)[int(np.argmax(spectrum))])


@pytest.mark.parametrize("cue", list(Cue))
def test_every_cue_is_a_short_audible_wav_that_starts_and_ends_softly(cue: Cue) -> None:
    samples = _samples(cue)
    seconds = len(samples) / RATE
    assert 0.15 <= seconds <= 0.5, seconds
    assert 4000 <= np.abs(samples).max() < 32767  # audible, never clipped
    assert abs(samples[0]) < 500 and abs(samples[-1]) < 500  # no click at either end


def test_the_refused_cue_is_one_low_tone_unlike_the_accepted_chime() -> None:
    refused, accepted = _samples(Cue.REFUSED), _samples(Cue.ACCEPTED)
    assert Cue.REFUSED.value == "refused" and cue_file(Cue.REFUSED).name == "refused.wav"
    low = _dominant_hz(refused)
    assert 150 <= low <= 350, low
    # One tone: the same pitch in both halves (the chime rises from one note to another).
    halves = np.array_split(refused, 2)
    assert abs(_dominant_hz(halves[0]) - _dominant_hz(halves[1])) < 20
    chime = [_dominant_hz(half) for half in np.array_split(accepted, 2)]
    assert chime[1] > chime[0] + 200
    assert min(chime) > 2 * low


def test_the_fake_speaker_records_both_cues() -> None:
    speaker = FakeSpeaker()
    speaker.play(Cue.ACCEPTED)
    speaker.play(Cue.REFUSED)
    assert speaker.played == [Cue.ACCEPTED, Cue.REFUSED]

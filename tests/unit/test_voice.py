"""The voice prompts: the catalogue, the screen-to-prompt table and the placeholder build.

The build runs once per test session into a temporary folder. It needs espeak-ng (scripts/setup
installs it when run as root, as CI does): without it these tests fail with the install hint.
"""

from __future__ import annotations

import array
import re
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from kiosk.devices.camera import CameraState
from kiosk.domain.text import LANGUAGES
from kiosk.journeys.journey import TECHNICIAN_SCREENS, Screen
from kiosk.journeys.scan import Hint, ScanPhase, ScanView
from kiosk.runtime.paths import translations_dir
from kiosk.voice import build
from kiosk.voice.guide import countdown_recordings
from kiosk.voice.mapping import SCAN_PROBLEMS, Moment, every_moment, prompts_for, scan_problem
from kiosk.voice.prompts import (
    MAX_SPOKEN_NUMBER,
    TEXTS,
    Prompt,
    number_clip,
    recording_ids,
    spoken_number,
)

TS_FILE = translations_dir() / "kiosk_zh_CN.ts"
# The longest countdown the terminal can show: the configuration's maximum, doubled in elder mode.
LONGEST_COUNTDOWN_S = 120 * 2
PINYIN_SYLLABLE = re.compile(r"^[a-z]+[1-5][,.]?$")


@pytest.fixture(scope="session")
def built_voice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which(build.ESPEAK) is None:
        pytest.fail(build.INSTALL_HINT)
    out = tmp_path_factory.mktemp("voice")
    build.build(out, TS_FILE, recordings=None)
    return out


def used_recordings() -> set[str]:
    """Every recording the screens and the guide can ask for."""
    used = {prompt.value for moment in every_moment() for prompt in prompts_for(moment)}
    used |= {Prompt.STAFF_CALLED.value, Prompt.STAFF_NOT_SENT.value}
    used |= {Prompt.ELDER_ON.value, Prompt.HIGH_CONTRAST_ON.value}
    used |= {prompt.value for prompt in SCAN_PROBLEMS.values()}  # through VoiceGuide.error
    for language in LANGUAGES:
        for seconds in range(LONGEST_COUNTDOWN_S + 1):
            used |= set(countdown_recordings(seconds, language))
    return used


def test_every_recording_a_screen_can_ask_for_exists_in_both_languages(built_voice: Path) -> None:
    missing = [
        f"{language}/{recording}.wav"
        for language in LANGUAGES
        for recording in sorted(used_recordings())
        if not (built_voice / language / f"{recording}.wav").is_file()
    ]
    assert not missing, f"no recording for: {', '.join(missing)}"


def test_every_prompt_of_the_catalogue_is_used_and_has_a_text() -> None:
    assert set(TEXTS) == set(Prompt)
    assert {prompt.value for prompt in Prompt} - used_recordings() == set()


def test_the_built_recordings_are_valid_wavs(built_voice: Path) -> None:
    for language in LANGUAGES:
        files = sorted((built_voice / language).glob("*.wav"))
        assert {path.stem for path in files} == set(recording_ids())
        for path in files:
            assert path.stat().st_mode & 0o044 == 0o044, f"{path} is not readable by all"
            with wave.open(str(path)) as sound:
                assert sound.getnframes() > 0, path
                assert sound.getframerate() >= 16000, path
    with wave.open(str(built_voice / "zh_CN" / "home_citizen.wav")) as sound:
        assert sound.getnframes() / sound.getframerate() > 3  # a sentence, not a beep


def test_clips_said_one_after_another_end_without_a_long_silence(built_voice: Path) -> None:
    for name in ("countdown_before", "number_20", "number_5"):
        for language in LANGUAGES:
            with wave.open(str(built_voice / language / f"{name}.wav")) as sound:
                rate = sound.getframerate()
                samples = array.array("h", sound.readframes(sound.getnframes()))
            if sys.byteorder == "big":
                samples.byteswap()
            last = max(i for i, sample in enumerate(samples) if abs(sample) > build.SILENCE)
            assert (len(samples) - last) / rate <= build.TAIL_KEPT_S + 0.01, (language, name)


def test_pinyin_reads_polyphones_by_phrase() -> None:
    assert build.to_pinyin("重庆") == "chong2 qing4"  # espeak-ng alone says zhong4 qing4
    assert build.to_pinyin("银行") == "yin2 hang2"
    assert build.to_pinyin("约20厘米。") == "yue1 er4 shi2 li2 mi3."


def test_every_chinese_prompt_is_spoken_as_pinyin_only() -> None:
    # espeak-ng's pinyin voice reads anything else (latin words, digits) as English.
    for job in build.jobs(TS_FILE, ["zh_CN"]):
        odd = [word for word in job.spoken.split() if not PINYIN_SYLLABLE.match(word)]
        assert not odd, f"{job.recording}: {odd} in {job.spoken!r}"


def test_an_untranslated_prompt_stops_the_build_naming_it(tmp_path: Path) -> None:
    text = TS_FILE.read_text(encoding="utf-8")
    source = "<source>High contrast is on.</source>"
    start = text.index(source)
    end = text.index("</translation>", start)
    broken = text[:start] + source + '\n<translation type="unfinished">' + text[end:]
    ts_file = tmp_path / "kiosk_zh_CN.ts"
    ts_file.write_text(broken, encoding="utf-8")
    with pytest.raises(build.CatalogueError, match="high_contrast_on"):
        build.jobs(ts_file)


def test_a_second_build_keeps_human_recordings_and_rebuilds_nothing(
    built_voice: Path, tmp_path: Path
) -> None:
    out = tmp_path / "voice"
    shutil.copytree(built_voice, out)
    by_hand = out / "en" / "help.wav"  # dropped into the output by hand
    by_hand.write_bytes((built_voice / "en" / "number_1.wav").read_bytes())
    recordings = tmp_path / "recorded"
    (recordings / "zh_CN").mkdir(parents=True)
    studio = recordings / "zh_CN" / "apology.wav"  # committed with the code
    studio.write_bytes((built_voice / "zh_CN" / "number_2.wav").read_bytes())

    outcome = build.build(out, TS_FILE, recordings=recordings)

    assert (outcome.generated, outcome.kept, outcome.recorded) == (0, 1, 1)
    assert outcome.total == 2 * len(recording_ids())
    assert by_hand.read_bytes() == (built_voice / "en" / "number_1.wav").read_bytes()
    assert (out / "zh_CN" / "apology.wav").read_bytes() == studio.read_bytes()
    again = build.build(out, TS_FILE, recordings=recordings, force=True)
    assert (again.generated, again.kept, again.recorded) == (2 * len(recording_ids()) - 2, 1, 1)


def test_without_espeak_the_build_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng on it
    said: list[str] = []
    code = build.main(["--out", str(tmp_path / "voice")], say=said.append)
    assert code == build.EXIT_MISSING_TOOL
    assert "apt-get install" in said[0]
    assert "espeak-ng" in said[0]
    assert not (tmp_path / "voice").exists()


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (0, [0], [0]),
        (9, [9], [9]),
        (15, [15], [15]),
        (20, [20], [20]),
        (45, [40, 5], [40, 5]),
        (100, [100], [100]),
        (105, [100, 0, 5], [100, 5]),
        (110, [100, 1, 10], [100, 10]),
        (118, [100, 1, 10, 8], [100, 18]),
        (240, [200, 40], [200, 40]),
    ],
)
def test_numbers_are_said_with_number_clips(value: int, zh: list[int], en: list[int]) -> None:
    assert spoken_number(value, "zh_CN") == tuple(number_clip(part) for part in zh)
    assert spoken_number(value, "en") == tuple(number_clip(part) for part in en)


def test_every_number_up_to_the_maximum_can_be_said() -> None:
    for value in range(MAX_SPOKEN_NUMBER + 1):
        for language in LANGUAGES:
            assert spoken_number(value, language)
    with pytest.raises(ValueError, match="cannot be spoken"):
        spoken_number(MAX_SPOKEN_NUMBER + 1, "en")


def test_the_countdown_is_said_with_its_unit() -> None:
    assert countdown_recordings(20, "en") == (
        "countdown_before",
        "number_20",
        "countdown_after",
    )
    assert "seconds" in TEXTS[Prompt.COUNTDOWN_AFTER]


@pytest.mark.parametrize("mode", ["citizen", "hotel"])
def test_each_screen_of_each_mode_has_its_instruction(mode: str) -> None:
    for screen in Screen:
        prompts = prompts_for(Moment(screen, mode))
        # Nothing shown yet: a verdict or a receipt comes first.
        waiting = screen in (Screen.CHECK_RESULT, Screen.RECEIPT, Screen.APPLY_IDENTITY)
        # A hotel clerk's screens: nothing is spoken over the clerk talking to a guest.
        clerks = screen in (Screen.DESK, Screen.DESK_REGISTER, Screen.DESK_STAY)
        clerks = clerks or screen in TECHNICIAN_SCREENS  # nor over a technician's work
        assert bool(prompts) is not (waiting or clerks), screen
    home = prompts_for(Moment(Screen.HOME, mode, printer_trouble=True))
    assert len(home) == 2  # the welcome, then what cannot be printed


def test_a_scan_ending_without_a_code_has_its_own_prompt() -> None:
    def ended(phase: ScanPhase) -> ScanView:
        return ScanView(phase, Hint.NONE, CameraState.OFF, 0, None, None)

    assert {ScanPhase(value) for value in SCAN_PROBLEMS} == {
        ScanPhase.TIMED_OUT,
        ScanPhase.CAMERA_FAILED,
    }
    assert scan_problem(ended(ScanPhase.TIMED_OUT)) == (Prompt.SCAN_TIMED_OUT,)
    assert scan_problem(ended(ScanPhase.CAMERA_FAILED)) == (Prompt.CAMERA_FAILED,)
    assert scan_problem(ended(ScanPhase.ACCEPTED)) == ()  # the result screen speaks
    assert scan_problem(None) == ()


def test_the_voice_guide_loads_nothing_the_first_paint_must_not_wait_for() -> None:
    code = (
        "import sys, kiosk.journeys.shell, kiosk.voice.guide\n"
        "heavy = ['kiosk.journeys.scan', 'numpy', 'sqlalchemy', 'pypinyin']\n"
        "print([name for name in heavy if name in sys.modules])"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == "[]"

"""Build the placeholder voice recordings: ``<out>/<language>/<recording id>.wav``.

English is read by ``espeak-ng -v en-us``. Chinese comes from the translation catalogue
(``assets/translations/kiosk_zh_CN.ts``, context ``VoicePrompts``), is turned into tone-numbered
pinyin by ``pypinyin`` (phrase-aware: 重庆 is chong2 qing4, not zhong4 qing4) and read by
``espeak-ng -v cmn-latn-pinyin`` (its ``cmn`` voice reads characters missing from Debian's
dictionary as English letters and digits, so it is not used).

Human recordings replace placeholders without code changes:

- put them in ``assets/voice-recordings/<language>/<recording id>.wav`` (committed with the
  code): the build copies each over its placeholder; or
- drop a WAV straight into ``<out>/<language>/``: the build keeps every file it did not write
  itself (``generated.json`` in each language folder holds the hash of what it wrote).

A second run only writes what changed (a prompt's text, a new prompt). Run it with
``scripts/build-voice`` (``scripts/setup`` does after installing). Without ``espeak-ng`` it says
what to install and exits with status 2; the kiosk then runs silent.

Thread contract: a command-line program; ``build`` runs espeak-ng processes on worker threads.
"""

from __future__ import annotations

import argparse
import array
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.text import LANGUAGES, Language
from kiosk.runtime.file_lock import FileLock
from kiosk.runtime.paths import assets_dir, translations_dir
from kiosk.runtime.printed_text import read_catalogue
from kiosk.voice.prompts import (
    CONTEXT,
    NUMBER_CLIPS,
    TEXTS,
    number_clip,
    number_text,
    recording_ids,
    spoken_number,
)

ESPEAK = "espeak-ng"
SPEED_WPM = 140
VOICES: dict[Language, str] = {"zh_CN": "cmn-latn-pinyin", "en": "en-us"}
MANIFEST = "generated.json"
RECIPE = 3  # bump when the processing changes: every placeholder is then made again
INSTALL_HINT = (
    "espeak-ng is not installed, so the placeholder voice prompts cannot be built and the kiosk "
    "runs silent. Install it (Debian: sudo apt-get install --no-install-recommends espeak-ng; "
    "scripts/setup does when run as root), then run scripts/build-voice."
)
PYPINYIN_HINT = (
    "pypinyin is not installed: pip install 'crossregion-kiosk[voice]' (scripts/setup installs "
    "it with the test extras), then run scripts/build-voice."
)
EXIT_MISSING_TOOL = 2
TAIL_KEPT_S = 0.08  # espeak-ng ends each clip with ~0.4 s of silence: a countdown's gaps
SILENCE = 300  # |sample| below this (16 bit) counts as silence


class CatalogueError(Exception):
    """The translation catalogue lacks the Chinese of some prompts."""


def default_out() -> Path:
    """Where the kiosk looks for its recordings."""
    return assets_dir() / "voice"


def default_recordings() -> Path:
    """Human recordings that replace placeholders (committed)."""
    return assets_dir() / "voice-recordings"


def chinese_texts(ts_file: Path) -> dict[str, str]:
    """The finished Chinese translations of context ``VoicePrompts``, by English source."""
    return read_catalogue(ts_file, CONTEXT)


_DIGITS = re.compile(r"\d+")
_PAUSES = {"，": ",", "、": ",", "；": ",", "：": ",", "。": ".", "！": ".", "？": "."}


def to_pinyin(text: str) -> str:
    """Chinese ``text`` as tone-numbered pinyin for espeak-ng's pinyin voice (neutral tone 5);
    Arabic numbers become Chinese numerals first, punctuation becomes pauses."""
    from pypinyin import Style, lazy_pinyin  # noqa: PLC0415 - only the build needs it

    def numerals(match: re.Match[str]) -> str:
        value = int(match.group())
        clips = spoken_number(value, "zh_CN")
        return "".join(number_text(int(clip.rsplit("_", 1)[1]), "zh_CN") for clip in clips)

    text = _DIGITS.sub(numerals, text)
    words: list[str] = []
    for item in lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True):
        chunk = "".join(_PAUSES.get(char, char) for char in item).strip()
        if chunk:
            words.append(chunk)
    return re.sub(r"\s+([,.])", r"\1", " ".join(words))


@dataclass(frozen=True)
class Job:
    """One recording to make: what espeak-ng reads, with which voice, into which file."""

    language: Language
    recording: str
    spoken: str  # the text handed to espeak-ng

    @property
    def key(self) -> str:
        settings = f"{RECIPE}|{VOICES[self.language]}|{SPEED_WPM}|{TAIL_KEPT_S}|{self.spoken}"
        return hashlib.sha256(settings.encode()).hexdigest()


def jobs(ts_file: Path, languages: Sequence[Language] = LANGUAGES) -> list[Job]:
    """Every recording in ``languages``; raises ``CatalogueError`` naming untranslated prompts."""
    made: list[Job] = []
    chinese = chinese_texts(ts_file) if "zh_CN" in languages else {}
    missing = [prompt.value for prompt, text in TEXTS.items() if text not in chinese]
    if "zh_CN" in languages and missing:
        raise CatalogueError(
            f"no finished Chinese in {ts_file} for: {', '.join(missing)} "
            "(run scripts/update-translations and translate them)"
        )
    for language in languages:
        for prompt, english in TEXTS.items():
            if language == "zh_CN":
                made.append(Job(language, prompt.value, to_pinyin(chinese[english])))
            else:
                made.append(Job(language, prompt.value, english))
        for value in NUMBER_CLIPS:
            said = number_text(value, language)
            spoken = to_pinyin(said) if language == "zh_CN" else said
            made.append(Job(language, number_clip(value), spoken))
    return made


@dataclass
class Outcome:
    generated: int = 0
    up_to_date: int = 0
    recorded: int = 0  # copied from the human recordings folder
    kept: int = 0  # a file in the output that the build did not write

    @property
    def total(self) -> int:
        return self.generated + self.up_to_date + self.recorded + self.kept


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _synthesise(job: Job, target: Path) -> None:
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".wav", delete=False) as handle:
        partial = Path(handle.name)
    try:
        voice, speed = VOICES[job.language], str(SPEED_WPM)
        subprocess.run(
            [ESPEAK, "-v", voice, "-s", speed, "-w", str(partial), "--", job.spoken],
            check=True,
            capture_output=True,
            timeout=60,
        )
        trim_tail(partial)
        partial.chmod(0o644)  # the kiosk may run as another user than the build
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _plan(
    job: Job, target: Path, manifest: dict[str, dict[str, str]], human: Path | None, *, force: bool
) -> str:
    """What to do for ``job``: an ``Outcome`` counter's name, or "todo" (synthesise it)."""
    if human is not None and human.is_file():
        if not target.is_file() or _sha256(target) != _sha256(human):
            shutil.copyfile(human, target)
        manifest.pop(job.recording, None)  # not ours: never overwritten
        return "recorded"
    if not target.is_file():
        return "todo"
    entry = manifest.get(job.recording)
    if entry is None or entry.get("sha256") != _sha256(target):
        manifest.pop(job.recording, None)
        return "kept"  # a recording put there by hand
    if entry.get("key") == job.key and not force:
        return "up_to_date"
    return "todo"


def trim_tail(path: Path, kept_s: float = TAIL_KEPT_S) -> None:
    """Cut the silence at the end of a 16-bit mono WAV down to ``kept_s``, so that recordings
    said one after another (a sentence around a number) follow without gaps."""
    with wave.open(str(path)) as sound:
        params = sound.getparams()
        samples = array.array("h", sound.readframes(params.nframes))
    if params.sampwidth != 2 or params.nchannels != 1:
        return
    if sys.byteorder == "big":
        samples.byteswap()  # WAV samples are little-endian
    last = next((i for i in range(len(samples) - 1, -1, -1) if abs(samples[i]) > SILENCE), -1)
    end = min(len(samples), last + 1 + round(kept_s * params.framerate))
    if last < 0 or end >= len(samples):
        return
    kept = samples[:end]
    if sys.byteorder == "big":
        kept.byteswap()
    with wave.open(str(path), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(params.framerate)
        sound.writeframes(kept.tobytes())


def build(
    out: Path,
    ts_file: Path,
    *,
    recordings: Path | None = None,
    languages: Sequence[Language] = LANGUAGES,
    force: bool = False,
    workers: int | None = None,
) -> Outcome:
    """Make every recording missing or out of date in ``out``; see the module's docstring.
    Two builds into the same folder (two set-ups at once) take turns."""
    if shutil.which(ESPEAK) is None:
        raise FileNotFoundError(INSTALL_HINT)
    out.mkdir(parents=True, exist_ok=True)
    with FileLock(out / ".build.lock"):
        return _build(out, ts_file, recordings, languages, force=force, workers=workers)


def _build(
    out: Path,
    ts_file: Path,
    recordings: Path | None,
    languages: Sequence[Language],
    *,
    force: bool,
    workers: int | None,
) -> Outcome:
    outcome = Outcome()
    todo: list[tuple[Job, Path]] = []
    manifests: dict[Language, dict[str, dict[str, str]]] = {}
    for language in languages:
        (out / language).mkdir(parents=True, exist_ok=True)
        manifest_file = out / language / MANIFEST
        try:
            manifests[language] = json.loads(manifest_file.read_text())
        except (OSError, ValueError):
            manifests[language] = {}
    for job in jobs(ts_file, languages):
        target = out / job.language / f"{job.recording}.wav"
        human = recordings / job.language / target.name if recordings is not None else None
        state = _plan(job, target, manifests[job.language], human, force=force)
        if state == "todo":
            todo.append((job, target))
        else:
            setattr(outcome, state, getattr(outcome, state) + 1)
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        futures = [pool.submit(_synthesise, job, target) for job, target in todo]
    for future in futures:
        future.result()  # an espeak-ng failure is raised here
    for job, target in todo:
        if not target.is_file():
            raise RuntimeError(f"espeak-ng did not write {target}")
        manifests[job.language][job.recording] = {"key": job.key, "sha256": _sha256(target)}
        outcome.generated += 1
    for language, manifest in manifests.items():
        text = json.dumps(manifest, indent=1, sort_keys=True) + "\n"
        (out / language / MANIFEST).write_text(text)
    return outcome


def main(argv: Sequence[str] | None = None, *, say: Callable[[str], None] = print) -> int:
    """``scripts/build-voice``: build the placeholder recordings and report what was done."""
    parser = argparse.ArgumentParser(prog="build-voice", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=default_out(), help="output folder")
    parser.add_argument("--ts", type=Path, default=translations_dir() / "kiosk_zh_CN.ts")
    parser.add_argument("--recordings", type=Path, default=default_recordings())
    parser.add_argument("--force", action="store_true", help="rebuild every placeholder")
    args = parser.parse_args(argv)
    if shutil.which(ESPEAK) is None:
        say(f"[build-voice] {INSTALL_HINT}")
        return EXIT_MISSING_TOOL
    try:
        import pypinyin  # noqa: F401, PLC0415 - checked before the work starts
    except ImportError:
        say(f"[build-voice] {PYPINYIN_HINT}")
        return EXIT_MISSING_TOOL
    started = time.monotonic()
    try:
        outcome = build(args.out, args.ts, recordings=args.recordings, force=args.force)
    except CatalogueError as error:
        say(f"[build-voice] {error}")
        return 1
    files = [
        args.out / language / f"{name}.wav" for language in LANGUAGES for name in recording_ids()
    ]
    size = sum(path.stat().st_size for path in files)
    say(
        f"[build-voice] {args.out}: {len(files)} recordings ({size / 1e6:.1f} MB); "
        f"{outcome.generated} generated, {outcome.up_to_date} up to date, "
        f"{outcome.recorded} human recordings copied, {outcome.kept} kept "
        f"in {time.monotonic() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

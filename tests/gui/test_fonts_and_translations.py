"""Chinese renders: the chosen font covers all we ship; the catalogues match the code."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from kiosk.credentials.registry import REGISTRY
from kiosk.runtime.bundled_text import bundled_characters, translation_texts
from kiosk.runtime.paths import translations_dir
from kiosk.ui.fonts import PREFERRED_FAMILIES, choose_ui_family, missing_characters

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _registry_characters() -> set[str]:
    """Credential type and field names: data that lives in code and is shown on screen."""
    texts = [info.name.zh for info in REGISTRY.values()]
    texts += [spec.label.zh for info in REGISTRY.values() for spec in info.fields]
    return {ch for text in texts for ch in text if not ch.isspace()}


def test_the_chosen_font_covers_every_character_in_translations_and_data(
    qapp: QApplication,
) -> None:
    family = choose_ui_family()
    assert family in PREFERRED_FAMILIES, "no Chinese font installed: run scripts/setup as root"
    characters = bundled_characters() | _registry_characters()
    assert len(characters) > 200
    assert missing_characters(family, characters) == []


def test_coverage_check_detects_missing_glyphs(qapp: QApplication) -> None:
    # DejaVu has Latin but no ideographs; U+9996 (首) is above U+8000, where a str-based check
    # in PySide6 silently misreports.
    assert missing_characters("DejaVu Sans", "Ab首川") == ["川", "首"]


def _lupdate(ts: Path) -> None:
    sources = sorted(str(p.relative_to(REPO)) for p in (REPO / "kiosk").rglob("*.py"))
    subprocess.run(
        [
            str(BIN / "pyside6-lupdate"),
            *sources,
            "-ts",
            str(ts),
            "-source-language",
            "en",
            "-target-language",
            "zh_CN",
            "-locations",
            "none",
            "-no-obsolete",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
    )


def test_the_chinese_catalogue_is_in_step_with_the_code(tmp_path: Path) -> None:
    committed = translations_dir() / "kiosk_zh_CN.ts"
    fresh = tmp_path / "kiosk_zh_CN.ts"
    shutil.copy(committed, fresh)
    _lupdate(fresh)
    assert translation_texts(fresh) == translation_texts(committed), (
        "run scripts/update-translations"
    )


def test_the_compiled_catalogue_matches_its_source(tmp_path: Path) -> None:
    compiled = tmp_path / "kiosk_zh_CN.qm"
    subprocess.run(
        [
            str(BIN / "pyside6-lrelease"),
            str(translations_dir() / "kiosk_zh_CN.ts"),
            "-qm",
            str(compiled),
        ],
        check=True,
        capture_output=True,
    )
    assert filecmp.cmp(compiled, translations_dir() / "kiosk_zh_CN.qm", shallow=False), (
        "run scripts/update-translations"
    )

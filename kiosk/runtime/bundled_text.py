"""All the text the kiosk can show from its own files: translations and bundled data.

Used to prove that the chosen font has a glyph for every character we ship (a missing glyph
renders as an empty box, which a citizen cannot read).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from kiosk.runtime.paths import assets_dir

TEXT_SUFFIXES = (".json", ".toml", ".txt", ".csv", ".md")


def translation_texts(ts_file: Path) -> list[str]:
    """Source and translated strings of one Qt ``.ts`` file."""
    root = ET.parse(ts_file).getroot()  # noqa: S314 - our own file, not input from outside
    texts: list[str] = []
    for message in root.iter("message"):
        for element in message.iter():
            if element.tag in ("source", "translation", "numerusform") and element.text:
                texts.append(element.text)
    return texts


def bundled_characters(root: Path | None = None) -> set[str]:
    """Every printable character in the translations and text assets under ``root``."""
    base = root or assets_dir()
    characters: set[str] = set()
    for path in sorted(base.rglob("*")):
        if path.suffix == ".ts":
            texts = translation_texts(path)
        elif path.suffix in TEXT_SUFFIXES:
            texts = [path.read_text(encoding="utf-8")]
        else:
            continue
        for text in texts:
            characters.update(ch for ch in text if ch.isprintable() and not ch.isspace())
    return characters

"""The printed labels of receipts and slips in a language, from the Qt translation catalogue.

Printing happens on a worker thread in Qt-free code, so this reads the same ``.ts`` catalogue the
UI's translator is compiled from (context ``"Receipt"``) without Qt. Only finished translations
count; an untranslated label prints in English (a test keeps the catalogue complete).

Thread contract: the catalogue is read once and cached; the objects are immutable, any thread.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.domain.text import Language
from kiosk.runtime.paths import assets_dir

CONTEXT = "Receipt"
_CATALOGUES: dict[Language, str] = {"zh_CN": "kiosk_zh_CN.ts"}


@dataclass(frozen=True)
class CatalogueText:
    """``PrintedText`` for one language: English label → translated label."""

    language: Language
    translations: dict[str, str] = field(default_factory=dict)

    def __call__(self, english: str) -> str:
        return self.translations.get(english, english)


def read_catalogue(path: Path, context: str = CONTEXT) -> dict[str, str]:
    """The finished translations of ``context`` in the Qt ``.ts`` file at ``path``."""
    root = ET.parse(path).getroot()  # noqa: S314 - our own shipped file, not outside input
    found: dict[str, str] = {}
    for element in root.iter("context"):
        if element.findtext("name") != context:
            continue
        for message in element.iter("message"):
            source = message.findtext("source")
            translation = message.find("translation")
            if source is None or translation is None or translation.get("type"):
                continue  # unfinished, vanished or obsolete
            if translation.text:
                found[source] = translation.text
    return found


@functools.cache
def printed_text(language: Language) -> CatalogueText:
    """The printed labels in ``language`` (English needs no catalogue)."""
    name = _CATALOGUES.get(language)
    if name is None:
        return CatalogueText(language)
    return CatalogueText(language, read_catalogue(assets_dir() / "translations" / name))

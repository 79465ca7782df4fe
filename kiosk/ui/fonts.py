"""Choose a font that renders Chinese on this machine.

A fresh Debian machine has only DejaVu, which has no Chinese glyphs; the set-up installs
``fonts-wqy-microhei`` (Noto Sans CJK is preferred where present). The choice is checked against
every character the kiosk ships: ``kiosk doctor`` reports gaps and a test fails on them.

Thread contract: GUI thread, after the QApplication exists.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
    "Droid Sans Fallback",
)
# A few characters every Chinese UI font must have; used to reject look-alike family names.
_PROBE = "川渝通办服务返回首页"


def choose_ui_family() -> str | None:
    """The first preferred family that is installed and really has Chinese glyphs."""
    installed = set(QFontDatabase.families())
    for family in PREFERRED_FAMILIES:
        if family in installed and not missing_characters(family, _PROBE):
            return family
    return None


def missing_characters(family: str, characters: Iterable[str]) -> list[str]:
    """Characters for which ``family`` has no glyph, sorted."""
    raw = QRawFont.fromFont(QFont(family))
    # Pass the code point: PySide6 converts a one-character str through a signed 16-bit QChar,
    # which reports every character from U+8000 up (half of all CJK ideographs) as missing.
    return sorted({ch for ch in characters if not raw.supportsCharacter(ord(ch))})

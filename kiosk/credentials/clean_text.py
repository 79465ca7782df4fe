"""Issuer-signed text is clean text (format §6, "Text").

A genuine signature says who wrote a text, not that it is safe to show, print or send on. Every
text of a credential claim (values and map keys, at any depth, and the ``iss`` claim) is refused
when it holds a character of one of these Unicode general categories:

    Cc  control (NUL, ESC, DEL, C1 controls, line breaks, tabs)
    Cf  format (bidirectional overrides and isolates such as U+202E, zero-width space, the
        byte-order mark, soft hyphen, tag characters, ZWJ U+200D and ZWNJ U+200C)
    Co  private use (renders as anything a font chooses)
    Cs  surrogate (a lone surrogate is not a character at all)
    Zl  line separator, Zp paragraph separator (a one-line field has no lines)

What real names need stays allowed: the middle dot of minority and foreign names written in
Chinese (U+00B7 ·, and the katakana middle dot U+30FB ・ that Chinese input methods also give),
spaces, hyphens and apostrophes of Latin names, every letter of every script.

ZWJ and ZWNJ are refused on purpose. They matter for some scripts (Persian, Indic) and for emoji,
but not for the names on a Sichuan or Chongqing e-ID or licence (Chinese characters, or the Latin
transliteration of a foreign name); being invisible, they would let two names that look the same
compare different, on screen, on the receipt and at the platform. If an issuer ever needs them,
they are added here on purpose, with a test.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
_NAME_OF_KEY = re.compile(r"[a-z_0-9]{1,30}")


def forbidden_character(text: str) -> str | None:
    """The first character of ``text`` that no credential text may hold, or None."""
    for char in text:
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES:
            return char
    return None


def describe(char: str) -> str:
    """``U+202E (Cf)``: what a technician may read about a refused character (no personal data)."""
    return f"U+{ord(char):04X} ({unicodedata.category(char)})"


def _key_name(key: object) -> str:
    # A key the format knows is named; any other text is the issuer's and is not repeated.
    return key if isinstance(key, str) and _NAME_OF_KEY.fullmatch(key) else "?"


def first_unclean_text(value: object, where: str = "") -> tuple[str, str] | None:
    """The place (``holder.name``) and the refused character of the first unclean text in a
    decoded CBOR value (strings, lists and maps at any depth), or None when all text is clean."""
    if isinstance(value, str):
        char = forbidden_character(value)
        return None if char is None else (where or "text", char)
    if isinstance(value, Mapping):
        for key, item in value.items():
            place = f"{where}.{_key_name(key)}" if where else _key_name(key)
            if isinstance(key, str) and (char := forbidden_character(key)) is not None:
                return f"{place} (key)", char
            found = first_unclean_text(item, place)
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = first_unclean_text(item, f"{where}[{index}]")
            if found is not None:
                return found
    return None

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
    Cn  unassigned code points and the non-characters (U+FFFE, U+FFFF, U+FDD0..U+FDEF and the
        last two code points of every plane): no font draws them the same way twice

and a run of more than ``MAX_COMBINING_RUN`` (3) combining marks (Mn, Me) in a row: marks
stacked on one letter ("Zalgo" text) draw over the lines around them, and no name needs more
(Vietnamese, the most stacked Latin script, uses two on a letter).

Python's ``unicodedata`` knows the Unicode version of the Python that runs (14.0 for 3.11), so
characters assigned later read as Cn there. Chinese names are the ones that gain characters
(CJK Unified Ideographs Extension H, U+31350..U+323AF in Unicode 15.0, Extension I,
U+2EBF0..U+2EE5D in 15.1, and the later ones): planes 2 and 3 hold nothing but CJK ideographs,
so a code point there is accepted as an ideograph whatever ``unicodedata`` says, except the
non-characters. Letters other scripts gain after the running Python's version are refused
until Python knows them.

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

FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp", "Cn"})
COMBINING_CATEGORIES = frozenset({"Mn", "Me"})
MAX_COMBINING_RUN = 3
_NAME_OF_KEY = re.compile(r"[a-z_0-9]{1,30}")
# Planes 2 (SIP) and 3 (TIP): CJK ideographs only, some newer than this Python's unicodedata.
_IDEOGRAPH_PLANES = range(0x20000, 0x40000)


def is_noncharacter(char: str) -> bool:
    """U+FDD0..U+FDEF and U+xxFFFE, U+xxFFFF of every plane."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def category(char: str) -> str:
    """The general category of ``char``, with unassigned code points of planes 2 and 3 (CJK
    ideographs newer than this Python's ``unicodedata``) as Lo."""
    found = unicodedata.category(char)
    if found == "Cn" and ord(char) in _IDEOGRAPH_PLANES and not is_noncharacter(char):
        return "Lo"
    return found


def forbidden_character(text: str) -> str | None:
    """The first character of ``text`` that no credential text may hold (for a run of more
    than ``MAX_COMBINING_RUN`` combining marks: the first mark too many), or None."""
    run = 0
    for char in text:
        found = category(char)
        if found in FORBIDDEN_CATEGORIES:
            return char
        run = run + 1 if found in COMBINING_CATEGORIES else 0
        if run > MAX_COMBINING_RUN:
            return char
    return None


def describe(char: str) -> str:
    """``U+202E (Cf)``: what a technician may read about a refused character (no personal data)."""
    return f"U+{ord(char):04X} ({category(char)})"


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

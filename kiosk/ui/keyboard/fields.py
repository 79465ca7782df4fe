"""How a journey prepares a text field: ``configure_field(line_edit, FieldKind.PHONE)``.

The kind decides the keyboard: Qt Virtual Keyboard with pinyin or English for text and names,
its numeric pad for digits, its phone pad for telephone numbers (chosen by the input hints), and
the kiosk's own keypad (``kiosk.ui.keyboard.keypad``) for identity numbers and unified social
credit codes, whose check characters (X, letters) the numeric pad does not have.

Privacy: a public terminal must never suggest what the previous citizen typed. Every field is
marked ``ImhSensitiveData`` (the pinyin engine then runs without its user dictionary: nothing is
learnt) and ``ImhNoPredictiveText``; the keyboard dock also enforces both on any field that
takes focus (``enforce_privacy``), in case a screen forgets to configure one.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

KIND_PROPERTY = "kioskFieldKind"
PRIVATE_HINTS = Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText
# GB 32100-2015: the unified social credit code's characters (no I, O, S, V, Z).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
IDENTITY_NUMBER_ALPHABET = "0123456789X"
CODE_LENGTH = 18  # both an identity number (GB 11643) and a credit code have 18 characters


class FieldKind(Enum):
    TEXT = "text"  # pinyin or English: searches, addresses
    NAME = "name"  # a person's or a company's name
    PHONE = "phone"  # the phone pad
    DIGITS = "digits"  # the numeric pad
    IDENTITY_NUMBER = "identity_number"  # own keypad: 0-9, X
    CREDIT_CODE = "credit_code"  # own keypad: 0-9 and the GB 32100 letters

    @property
    def uses_keypad(self) -> bool:
        """Typed on the kiosk's own keypad, not on Qt Virtual Keyboard."""
        return self in (FieldKind.IDENTITY_NUMBER, FieldKind.CREDIT_CODE)

    @property
    def alphabet(self) -> str:
        """The characters the keypad offers (empty for the Qt keyboard's kinds)."""
        if self is FieldKind.IDENTITY_NUMBER:
            return IDENTITY_NUMBER_ALPHABET
        if self is FieldKind.CREDIT_CODE:
            return CREDIT_CODE_ALPHABET
        return ""


_HINTS: dict[FieldKind, Qt.InputMethodHint] = {
    FieldKind.TEXT: Qt.InputMethodHint.ImhNoAutoUppercase,  # a search is typed as it comes
    FieldKind.NAME: Qt.InputMethodHint.ImhNone,  # an English name starts with a capital
    FieldKind.PHONE: Qt.InputMethodHint.ImhDialableCharactersOnly,
    FieldKind.DIGITS: Qt.InputMethodHint.ImhDigitsOnly,
    FieldKind.IDENTITY_NUMBER: Qt.InputMethodHint.ImhNone,
    FieldKind.CREDIT_CODE: Qt.InputMethodHint.ImhNone,
}
_PATTERNS: dict[FieldKind, str] = {
    FieldKind.PHONE: r"[0-9+\- ]{0,20}",
    FieldKind.DIGITS: r"[0-9]*",
    FieldKind.IDENTITY_NUMBER: r"[0-9]{0,17}|[0-9]{17}[0-9X]",
    FieldKind.CREDIT_CODE: f"[{CREDIT_CODE_ALPHABET}]{{0,{CODE_LENGTH}}}",
}


def configure_field(line_edit: QLineEdit, kind: FieldKind) -> None:
    """Prepare ``line_edit`` for ``kind``: input hints (which layout the keyboard shows),
    privacy hints, a validator for the kinds with a fixed alphabet, and, for identity numbers
    and credit codes, the own keypad instead of the input method."""
    line_edit.setProperty(KIND_PROPERTY, kind.value)
    line_edit.setInputMethodHints(_HINTS[kind] | PRIVATE_HINTS)
    pattern = _PATTERNS.get(kind)
    if pattern is not None:
        validator = QRegularExpressionValidator(QRegularExpression(pattern), line_edit)
        line_edit.setValidator(validator)
    if kind.uses_keypad:
        line_edit.setMaxLength(CODE_LENGTH)
        # The input method stays away: the dock shows the keypad for this field instead.
        line_edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)


def field_kind(widget: QWidget | None) -> FieldKind | None:
    """The kind ``configure_field`` gave ``widget`` (None: not configured)."""
    if widget is None:
        return None
    value = widget.property(KIND_PROPERTY)
    try:
        return FieldKind(value) if isinstance(value, str) else None
    except ValueError:
        return None


def enforce_privacy(widget: QWidget) -> bool:
    """Mark ``widget`` sensitive and without predictions if it is not yet; True if changed."""
    hints = widget.inputMethodHints()
    if (hints & PRIVATE_HINTS) == PRIVATE_HINTS:
        return False
    widget.setInputMethodHints(hints | PRIVATE_HINTS)
    return True

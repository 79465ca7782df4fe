"""The kiosk's own keypad for identity numbers and unified social credit codes.

Qt Virtual Keyboard's numeric pad has no ``X`` (the check character of an identity number,
GB 11643) and no letters (a credit code, GB 32100, uses 0-9 and A-Z without I, O, S, V, Z), so
fields of those kinds (``FieldKind.IDENTITY_NUMBER``, ``FieldKind.CREDIT_CODE``) get this keypad
instead. Its keys never take the focus: they type into the field being edited, whose validator
refuses anything else. Every key is at least the touch target.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.keyboard.fields import FieldKind

BACKSPACE = "\b"
_COLUMNS = {FieldKind.IDENTITY_NUMBER: 3, FieldKind.CREDIT_CODE: 8}
# The order keys are laid out in: an identity number's keys as on a telephone (1-2-3 on top,
# X beside 0, delete at the end), so they look like every other digit pad a citizen knows.
_ORDER = {FieldKind.IDENTITY_NUMBER: "123456789X0"}


class Keypad(QWidget):
    """Keys for one field kind at a time (``show_for``); types into that field."""

    def __init__(self, metrics: DisplayMetrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskKeypad")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._metrics = metrics
        self._target: QLineEdit | None = None
        self.kind: FieldKind | None = None
        self.keys: dict[str, QPushButton] = {}
        self._grid = QGridLayout(self)
        spacing = max(4, metrics.spacing_px // 2)
        self._grid.setSpacing(spacing)
        self._grid.setContentsMargins(spacing, spacing, spacing, spacing)

    @property
    def target(self) -> QLineEdit | None:
        return self._target

    def show_for(self, line_edit: QLineEdit, kind: FieldKind) -> None:
        """Offer the keys of ``kind`` and type into ``line_edit``."""
        self._target = line_edit
        if kind is not self.kind:
            self._build(kind)
        self.show()

    def release(self) -> None:
        """No field to type into any more: hide."""
        self._target = None
        self.hide()

    def _build(self, kind: FieldKind) -> None:
        for button in self.keys.values():
            self._grid.removeWidget(button)
            button.hide()  # gone now, not when the event loop deletes it
            button.deleteLater()
        self.keys = {}
        self.kind = kind
        columns = _COLUMNS[kind]
        size = self._metrics.touch_target_px
        # Over the application's style sheet (its button rule would set another height).
        self.setStyleSheet(f"QPushButton {{ min-height: {size}px; min-width: {size}px; }}")
        for index, character in enumerate([*_ORDER.get(kind, kind.alphabet), BACKSPACE]):
            button = QPushButton(self)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the focus
            button.setProperty("role", "keypad")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, c=character: self.press(c))
            self.keys[character] = button
            self._grid.addWidget(button, index // columns, index % columns)
        self.retranslate()

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        """Resize the keys for ``metrics`` (built again with the next field)."""
        self._metrics = metrics
        kind, self.kind = self.kind, None
        if kind is not None and self._target is not None:
            self._build(kind)

    def press(self, character: str) -> None:
        """Type ``character`` (``BACKSPACE`` deletes) into the target field, if it accepts it."""
        target = self._target
        if target is None:
            return
        if character == BACKSPACE:
            target.backspace()
        else:
            target.insert(character)  # the field's validator refuses what does not belong

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        for character, button in self.keys.items():
            if character == BACKSPACE:
                button.setText(self.tr("Delete"))
                button.setAccessibleName(self.tr("Delete the last character"))
            else:
                button.setText(character)
                button.setAccessibleName(character)

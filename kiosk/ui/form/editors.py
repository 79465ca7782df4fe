"""One editor per form field type, and ``make_editor`` choosing it from the catalogue's type.

Every editor shows a value (``set_value``, from the form model: "back" keeps what was entered),
emits ``edited`` when the citizen changes it (the screen stores ``value()`` in the model at
once), forgets it (``clear``), and may ask its screen to scroll a part into view
(``reveal``: an opened picker). Text kinds are ``QLineEdit`` prepared for the on-screen
keyboard (``kiosk.ui.keyboard.configure_field``): the pinyin/English keyboard for text and
names, the digit pad for numbers and bank accounts, the phone pad for mobile numbers, the kiosk's
own keypads for identity numbers and credit codes. A choice is a column of big radio buttons
(up to ``BIG_CHOICES`` options) or a list of smaller ones; a date and an address have their
pickers (``kiosk.ui.form.date``, ``kiosk.ui.form.address``).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.catalog import FormField
from kiosk.domain.text import Language
from kiosk.forms.check import DEFAULT_MAX_LENGTH
from kiosk.forms.values import FormValue
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.widgets.common import RetranslatingWidget, empty_layout, icon_pixmap, make_label

BIG_CHOICES = 4
KINDS: dict[str, FieldKind] = {
    "text": FieldKind.TEXT,
    "name": FieldKind.NAME,
    "number": FieldKind.DIGITS,
    "phone": FieldKind.PHONE,
    "identity_number": FieldKind.IDENTITY_NUMBER,
    "credit_code": FieldKind.CREDIT_CODE,
    "bank_account": FieldKind.DIGITS,
}
# The longest a field of a kind may be typed (the check says what is wrong with a shorter or
# longer answer; the field stops a finger typing on for ever).
MAX_TYPED = {"number": 13, "phone": 20, "bank_account": 19}

LanguageOf = Callable[[], Language]


def dismiss_keyboard(widget: QWidget) -> None:
    """A picker was touched: the field being typed in loses the focus (the keyboard goes, the
    picker is seen)."""
    focus = widget.window().focusWidget() if widget.window() is not None else None
    if isinstance(focus, QLineEdit):
        focus.clearFocus()


class FieldEditor(RetranslatingWidget):
    """Base of the editors (see the module)."""

    edited = Signal()
    reveal = Signal(QWidget)

    def __init__(
        self,
        field: FormField,
        metrics: DisplayMetrics,
        language: LanguageOf,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.metrics = metrics
        self.language = language

    def value(self) -> FormValue:
        raise NotImplementedError

    def set_value(self, value: FormValue) -> None:
        """Show ``value`` (from the model; ``edited`` is not emitted)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Forget the value shown (a new citizen)."""
        raise NotImplementedError

    def focus_widget(self) -> QLineEdit | None:
        """The text field "Change" on the review puts the finger in (None: a picker)."""
        return None

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        self.metrics = metrics

    def fit_width(self, width: int) -> None:
        """Lay the editor's choices out for ``width`` pixels (the screen's column)."""


class LineEditor(FieldEditor):
    """A typed answer: a ``QLineEdit`` for the kind's keyboard."""

    def __init__(
        self,
        field: FormField,
        metrics: DisplayMetrics,
        language: LanguageOf,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(field, metrics, language, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setObjectName(f"field-{field.key}")
        configure_field(self.line, KINDS[field.type])
        if field.type == "number":
            # A decimal point or a minus typed into a whole-number field stays, so that the
            # form says "a whole number, please" instead of silently making 1.5 into 15.
            self.line.setValidator(
                QRegularExpressionValidator(QRegularExpression(r"[0-9.,+\-]*"), self.line)
            )
        limit = field.max_length or DEFAULT_MAX_LENGTH.get(field.type) or MAX_TYPED.get(field.type)
        if limit is not None and field.type not in ("identity_number", "credit_code"):
            self.line.setMaxLength(limit)
        self.line.textChanged.connect(lambda _text: self.edited.emit())
        layout.addWidget(self.line)
        self.retranslate()

    def value(self) -> FormValue:
        return self.line.text()

    def set_value(self, value: FormValue) -> None:
        text = value if isinstance(value, str) else ""
        if text != self.line.text():
            self.line.blockSignals(True)
            self.line.setText(text)
            self.line.blockSignals(False)

    def clear(self) -> None:
        self.line.blockSignals(True)
        self.line.clear()
        self.line.blockSignals(False)

    def focus_widget(self) -> QLineEdit | None:
        return self.line

    def retranslate(self) -> None:
        self.line.setAccessibleName(self.field.label.text(self.language()))
        prompts = {
            "phone": self.tr("11 digits, e.g. 138 0013 8000"),
            "identity_number": self.tr("18 characters; the last may be X"),
            "credit_code": self.tr("18 characters, as on the business licence"),
            "bank_account": self.tr("Digits only, as on the card or passbook"),
            "number": self.tr("Digits only"),
        }
        self.line.setPlaceholderText(prompts.get(self.field.type, ""))


class RadioTile(QPushButton):
    """One option: a radio mark (filled when chosen) and its words, all one target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._layout = QHBoxLayout(self)
        self.mark = make_label("body", wrap=False)
        self.words = make_label("body")
        self._layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        self._layout.addWidget(self.words, 1)
        for child in (self.mark, self.words):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.chosen = False
        self._icon_px = 24

    def set_look(self, icon_px: int, padding: int) -> None:
        self._icon_px = icon_px
        self._layout.setContentsMargins(padding // 2, padding // 3, padding // 2, padding // 3)
        self._layout.setSpacing(padding)
        self.mark.setFixedSize(icon_px, icon_px)
        self._draw()

    def set_chosen(self, chosen: bool) -> None:
        if chosen != self.chosen:
            self.chosen = chosen
            self._draw()

    def _draw(self) -> None:
        self.mark.setPixmap(
            icon_pixmap("choice-on" if self.chosen else "choice-off", self._icon_px)
        )
        self.setAccessibleDescription("✓" if self.chosen else "")

    def set_text_of(self, text: str) -> None:
        self.words.setText(text)
        self.setAccessibleName(text)


class ChoiceEditor(FieldEditor):
    """Big radio buttons (up to ``BIG_CHOICES`` options) or a list of smaller ones."""

    def __init__(
        self,
        field: FormField,
        metrics: DisplayMetrics,
        language: LanguageOf,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(field, metrics, language, parent)
        self.big = len(field.choices) <= BIG_CHOICES
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.tiles: dict[str, RadioTile] = {}
        for choice in field.choices:
            tile = RadioTile(self)
            tile.setObjectName(f"choice-{field.key}-{choice.value}")
            tile.clicked.connect(lambda _=False, v=choice.value: self._choose(v))
            self.tiles[choice.value] = tile
        self._value = ""
        self._columns = 1
        self._lay_out()
        self.set_metrics(metrics)
        self.retranslate()

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        super().set_metrics(metrics)
        icon = metrics.px(8 if self.big else 6)
        padding = metrics.px(5 if self.big else 3)
        for tile in self.tiles.values():
            tile.set_look(icon, padding)
            if not self.big:  # a list's rows: thinner than a tile, never under a target
                tile.setStyleSheet(f"QPushButton {{ padding: {metrics.px(1)}px; }}")
            tile.setMinimumHeight(metrics.touch_target_px)
        self._grid.setSpacing(metrics.spacing_px if self.big else max(4, metrics.spacing_px // 2))

    def fit_width(self, width: int) -> None:
        # Big choices: two side by side at most, each still a wide target; a list's rows take
        # up to three columns.
        target = self.metrics.touch_target_px
        if self.big:
            wanted = 2 if width >= target * 12 else 1
        else:
            wanted = max(1, min(3, width // (target * 6)))
        if wanted != self._columns:
            self._columns = max(1, wanted)
            self._lay_out()

    def _lay_out(self) -> None:
        empty_layout(self._grid)
        for index, tile in enumerate(self.tiles.values()):
            self._grid.addWidget(tile, index // self._columns, index % self._columns)

    def _choose(self, value: str) -> None:
        dismiss_keyboard(self)
        if value != self._value:
            self._show(value)
            self.edited.emit()

    def _show(self, value: str) -> None:
        self._value = value
        for key, tile in self.tiles.items():
            tile.set_chosen(key == value)

    def value(self) -> FormValue:
        return self._value

    def set_value(self, value: FormValue) -> None:
        self._show(value if isinstance(value, str) else "")

    def clear(self) -> None:
        self._show("")

    def retranslate(self) -> None:
        language = self.language()
        for choice in self.field.choices:
            self.tiles[choice.value].set_text_of(choice.label.text(language))


def make_editor(
    field: FormField,
    metrics: DisplayMetrics,
    language: LanguageOf,
    today: date,
    parent: QWidget | None = None,
) -> FieldEditor:
    """The editor for ``field``'s type."""
    if field.type == "choice":
        return ChoiceEditor(field, metrics, language, parent)
    if field.type == "date":
        from kiosk.ui.form.date import DateEditor  # noqa: PLC0415 - it imports this module

        return DateEditor(field, metrics, language, today, parent)
    if field.type == "address":
        from kiosk.ui.form.address import AddressEditor  # noqa: PLC0415 - it imports this module

        return AddressEditor(field, metrics, language, parent)
    return LineEditor(field, metrics, language, parent)

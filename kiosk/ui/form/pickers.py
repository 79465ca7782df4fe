"""Large touch targets for choosing: a grid of choice buttons, and a button that opens a picker.

``ChoiceGrid`` shows its options as buttons of at least the touch target, in a given number of
columns; the chosen one is drawn as the primary button, unavailable ones disabled. It emits
``chosen(value)`` when a finger picks one. ``PickerButton`` looks like a field: what is asked
(small, above) and the answer or a prompt (large); touching it opens or closes its picker.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.widgets.common import empty_layout, make_label

BORDER_PX = 2  # the secondary and primary buttons' border


def restyle(widget: QWidget, role: str) -> None:
    """Give ``widget`` the stylesheet role ``role`` and repolish it now."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class ChoiceGrid(QWidget):
    """Buttons for ``options`` (value, text) in ``columns`` columns; one may be chosen."""

    chosen = Signal(str)

    def __init__(self, metrics: DisplayMetrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._metrics = metrics
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        self._texts: dict[str, str] = {}  # each option's words (a button may show two lines)
        self._columns = 4
        self._value: str | None = None
        self.set_metrics(metrics)

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        self._grid.setSpacing(
            max(4, metrics.spacing_px // 2 if not metrics.elder else metrics.spacing_px)
        )
        # Over the application's button rules (their primary/secondary buttons are wide): the
        # grid's buttons are as narrow as a touch target allows, and share the row.
        self.setStyleSheet(
            f"QPushButton {{ min-width: {metrics.touch_target_px}px; "
            f"min-height: {metrics.touch_target_px}px; padding: 0 {metrics.px(2)}px; }}"
        )

    def set_options(
        self, options: Sequence[tuple[str, str]], *, disabled: Collection[str] = ()
    ) -> None:
        """Show ``options`` (the same values as before keep their buttons)."""
        values = [value for value, _text in options]
        if values != list(self.buttons):
            for button in self.buttons.values():
                button.hide()
                button.deleteLater()
            self.buttons = {}
            self._texts = {}
            for value in values:
                button = QPushButton(self)
                button.setProperty("role", "secondary")
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
                button.clicked.connect(lambda _=False, v=value: self.chosen.emit(v))
                self.buttons[value] = button
            self._lay_out()
            for button in self.buttons.values():
                button.show()  # with the grid, not when the layout's queued show runs
        for value, text in options:
            button = self.buttons[value]
            self._texts[value] = text
            button.setText(text)
            button.setAccessibleName(text)
            button.setEnabled(value not in disabled)
        self.select(self._value)

    def set_columns(self, columns: int) -> None:
        if columns != self._columns:
            self._columns = max(1, columns)
            self._lay_out()

    def fit(self, width: int, columns: Sequence[int]) -> None:
        """Take the first number of ``columns`` whose buttons fit in ``width`` pixels (the
        last one if none does); a long name ("Aba Tibetan and Qiang Autonomous Prefecture")
        takes two lines rather than making every button wide."""
        gap = max(0, self._grid.horizontalSpacing())
        # Measured from the texts in the buttons' font (a button not shown yet does not know
        # its style sheet's sizes). The style sheet's min-width is the content's: the padding
        # and border come on top.
        font = QFont(QApplication.font())
        font.setPixelSize(self._metrics.body_px)
        font.setBold(True)
        measure = QFontMetrics(font)
        frame = 2 * self._metrics.px(2) + 2 * BORDER_PX + 2
        chosen = columns[-1]
        for count in columns:
            room = (width - (count - 1) * gap) // count - frame
            if room >= self._metrics.touch_target_px and all(
                measure.horizontalAdvance(line) <= room
                for text in self._texts.values()
                for line in _lines(text, measure, room)
            ):
                chosen = count
                break
        room = max(1, (width - (chosen - 1) * gap) // chosen - frame)
        for value, button in self.buttons.items():
            button.setText("\n".join(_lines(self._texts[value], measure, room)))
        self.set_columns(chosen)

    def _lay_out(self) -> None:
        empty_layout(self._grid)
        for index, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, index // self._columns, index % self._columns)
        self._grid.activate()  # placed now: a touch right after lands where it is drawn
        for column in range(self._grid.columnCount()):
            self._grid.setColumnStretch(column, 1 if column < self._columns else 0)

    def select(self, value: str | None) -> None:
        """Draw ``value``'s button as chosen (None: none)."""
        self._value = value
        for key, button in self.buttons.items():
            restyle(button, "primary" if key == value else "secondary")
            button.setAccessibleDescription("✓" if key == value else "")


def _lines(text: str, measure: QFontMetrics, room: int) -> list[str]:
    """``text`` on one line if it fits ``room`` pixels, else on two: broken at the space (or,
    for Chinese, the character) that makes the longer line shortest."""
    if measure.horizontalAdvance(text) <= room or len(text) < 2:
        return [text]
    spaces = [i for i, c in enumerate(text) if c == " "]
    cuts = [(text[:i], text[i + 1 :]) for i in spaces] or [
        (text[:i], text[i:]) for i in range(1, len(text))
    ]
    first, second = min(
        cuts,
        key=lambda cut: max(measure.horizontalAdvance(cut[0]), measure.horizontalAdvance(cut[1])),
    )
    return [first, second]


class PickerButton(QPushButton):
    """A field look-alike: what is asked, and the answer (or a prompt); opens a picker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        self.caption = make_label("hint")
        self.answer = make_label("body")
        texts.addWidget(self.caption)
        texts.addWidget(self.answer)
        layout.addLayout(texts, 1)
        self.action = make_label("hint", wrap=False)
        layout.addWidget(self.action, 0, Qt.AlignmentFlag.AlignVCenter)
        for child in (self.caption, self.answer, self.action):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_texts(self, caption: str, answer: str, action: str) -> None:
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.answer.setText(answer)
        self.action.setText(action)
        self.setAccessibleName(f"{caption} {answer}".strip())
        self.setAccessibleDescription(action)

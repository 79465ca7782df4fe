"""Rows for technician mode's lists (settings, log, audit log, USB files): a compact card with a
name, a line of text, a line of small print and, at its right, one button.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.widgets.common import make_button, make_card, make_label


def discard(widget: QWidget) -> None:
    """A widget taken out of its layout: hidden at once (it stays a child until deleted)."""
    widget.hide()
    widget.deleteLater()


class CardRow(QWidget):
    """``name`` (bold), ``text``, ``technical`` (monospace) and ``note`` (small) beside it,
    and ``button`` at the right (hidden until given a text)."""

    def __init__(self, metrics: DisplayMetrics, *, with_button: bool = True) -> None:
        super().__init__()
        self.card, card_layout = make_card(vertical=False)
        pad = metrics.spacing_px
        card_layout.setContentsMargins(pad * 2, pad, pad, pad)
        card_layout.setSpacing(pad * 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.card)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        self.name = make_label("desk-name")
        self.text = make_label("body")
        small = QHBoxLayout()
        small.setSpacing(pad * 2)
        self.technical = make_label("technical")
        self.note = make_label("hint")
        small.addWidget(self.technical)
        small.addWidget(self.note, 1)
        texts.addWidget(self.name)
        texts.addWidget(self.text)
        texts.addLayout(small)
        card_layout.addLayout(texts, 1)
        self.button = make_button("desk")
        self.button.setVisible(with_button)
        card_layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)

    def show_texts(self, name: str, text: str, technical: str = "", note: str = "") -> None:
        """Set the texts; an empty one is hidden."""
        for label, value in (
            (self.name, name),
            (self.text, text),
            (self.technical, technical),
            (self.note, note),
        ):
            label.setText(value)
            label.setVisible(bool(value))

"""Small factories so every screen builds text and buttons the same way (by ``role``)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.runtime.paths import assets_dir


class RetranslatingWidget(QWidget):
    """A widget whose texts follow the application language: override ``retranslate``."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text from the current translation."""


def icon_pixmap(name: str, size_px: int) -> QPixmap:
    """Render ``assets/icons/<name>.svg`` crisply at ``size_px`` logical pixels."""
    renderer = QSvgRenderer(str(assets_dir() / "icons" / f"{name}.svg"))
    ratio = 2.0  # render at double density: stays sharp on high-DPI panels
    pixmap = QPixmap(QSize(round(size_px * ratio), round(size_px * ratio)))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def make_label(role: str, *, wrap: bool = True, parent: QWidget | None = None) -> QLabel:
    """A label styled by ``role`` (title, subtitle, body, hint, figure...)."""
    label = QLabel(parent)
    label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def make_icon(name: str, size_px: int, parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setPixmap(icon_pixmap(name, size_px))
    label.setFixedSize(size_px, size_px)
    return label


def make_button(role: str, parent: QWidget | None = None) -> QPushButton:
    """A push button styled by ``role`` (primary, secondary, language)."""
    button = QPushButton(parent)
    button.setProperty("role", role)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # touch UI: no focus rectangles
    return button


def make_card(role: str = "card", *, vertical: bool = True) -> tuple[QFrame, QBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", role)
    layout: QBoxLayout = QVBoxLayout(frame) if vertical else QHBoxLayout(frame)
    return frame, layout


class TileButton(QPushButton):
    """A large home-screen tile: icon, title and one line of explanation, all one target."""

    def __init__(self, icon: str, icon_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(icon_px // 2, icon_px // 3, icon_px // 2, icon_px // 3)
        layout.setSpacing(icon_px // 2)
        self.icon_label = make_icon(icon, icon_px)
        texts = QVBoxLayout()
        self.title = make_label("tile-title")
        self.subtitle = make_label("tile-subtitle")
        texts.addStretch(1)
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        texts.addStretch(1)
        layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(texts, 1)
        for child in (self.icon_label, self.title, self.subtitle):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_texts(self, title: str, subtitle: str) -> None:
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        self.setAccessibleName(title)
        self.setAccessibleDescription(subtitle)


def empty_layout(layout: QLayout) -> None:
    """Take every item out of ``layout``, leaving its widgets to their parents. The items a
    layout made for them (and spacers, stretches) are deleted: ``takeAt`` hands them to the
    caller, and a screen re-arranged at each elder-mode switch would otherwise leak them."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        if item.layout() is None:  # a widget's item (the widget stays) or a spacer
            shiboken6.delete(item)

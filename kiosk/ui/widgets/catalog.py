"""Widgets that show the catalogue: tiles of categories and items, the home screen's search
look-alike, result rows, choice rows and removable chips, and the words for handling modes and
audiences in the session's language.

They draw what they are given (an item, a category, a search hit) and emit nothing but
``clicked``; the screens connect them to the journey. Every text comes from ``CatalogWords``
(``self.tr``) or from the catalogue (``Bilingual`` in the session's language).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.catalog import CatalogItem, Mode
from kiosk.domain.text import Language
from kiosk.runtime.paths import assets_dir
from kiosk.ui.widgets.common import empty_layout, icon_pixmap, make_icon, make_label

FALLBACK_ICON = "category"  # a catalogue may name a pictogram this terminal does not have


@cache
def icon_for(name: str) -> str:
    """``name`` if the terminal has that pictogram, else the generic one."""
    return name if (assets_dir() / "icons" / f"{name}.svg").is_file() else FALLBACK_ICON


def other_language(language: Language) -> Language:
    return "en" if language == "zh_CN" else "zh_CN"


class CatalogWords(QObject):
    """The catalogue's fixed words in the current language (one translation context)."""

    def mode_name(self, mode: Mode | None) -> str:
        if mode == "online":
            return self.tr("Fully online")
        if mode == "accept_here":
            return self.tr("Accepted here, handled there")
        if mode == "joint":
            return self.tr("Handled jointly")
        return self.tr("All ways of handling")

    def mode_line(self, mode: Mode | None) -> str:
        """What the handling mode means, in one plain line."""
        if mode == "online":
            return self.tr("Apply here; it is processed and answered electronically.")
        if mode == "accept_here":
            return self.tr("Hand it in here; the other province's office handles it.")
        if mode == "joint":
            return self.tr("Offices in Sichuan and Chongqing each do a part.")
        return self.tr("Every item, whichever way it is handled.")

    def audience_name(self, audience: str | None) -> str:
        if audience == "individual":
            return self.tr("For individuals")
        if audience == "enterprise":
            return self.tr("For enterprises")
        return self.tr("Everyone")

    def audience_line(self, audience: str | None) -> str:
        if audience == "individual":
            return self.tr("Services a person applies for, for themselves or their family.")
        if audience == "enterprise":
            return self.tr("Services for companies and self-employed businesses.")
        return self.tr("Services for people and for businesses.")

    def time_limit(self, working_days: int) -> str:
        if working_days == 0:
            return self.tr("Done on the spot")
        if working_days == 1:
            return self.tr("Within 1 working day")
        return self.tr("Within %1 working days").replace("%1", str(working_days))

    def item_count(self, count: int) -> str:
        if count == 1:
            return self.tr("1 service")
        return self.tr("%1 services").replace("%1", str(count))


def set_role(widget: QWidget, role: str) -> None:
    """Give ``widget`` another stylesheet role and restyle it now."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class ElidedLabel(QLabel):
    """One line of text cut with "…" to the label's width (its full text is its tool tip and
    accessible description). It never asks for more width than it gets."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)
        self._full = ""

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setAccessibleDescription(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = self.contentsRect().width()
        metrics = QFontMetrics(self.font())
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(1, width - 2))
        if shown != self.text():
            self.setText(shown)


def _transparent(*widgets: QWidget) -> None:
    for widget in widgets:
        widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


class _TouchButton(QPushButton):
    """A ``tile``-styled button holding labels (the labels let touches through)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)


class SearchLookalike(_TouchButton):
    """The home screen's search field: it looks like a field (a magnifier and a grey prompt)
    but is a button; touching it opens the results screen, whose real field has the
    keyboard."""

    def __init__(self, icon_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        self._layout = layout
        self.icon_label = make_icon("search", icon_px)
        self.prompt = make_label("tile-subtitle")
        layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.prompt, 1)
        _transparent(self.icon_label, self.prompt)
        self.set_icon_size(icon_px)

    def set_icon_size(self, icon_px: int) -> None:
        self.icon_label.setPixmap(icon_pixmap("search", icon_px))
        self.icon_label.setFixedSize(icon_px, icon_px)
        pad = max(4, icon_px // 4)
        self._layout.setContentsMargins(pad, pad // 2, pad, pad // 2)
        self._layout.setSpacing(pad)

    def set_prompt(self, text: str) -> None:
        self.prompt.setText(text)
        self.setAccessibleName(text)


class CatalogTile(_TouchButton):
    """A category (or "all services", "for enterprises"): pictogram, name and a count line."""

    def __init__(self, icon: str, icon_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon_name = icon_for(icon)
        layout = QHBoxLayout(self)
        self._layout = layout
        self.icon_label = QLabel()
        self.name = make_label("body")
        self.count = make_label("hint")
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addStretch(1)
        texts.addWidget(self.name)
        texts.addWidget(self.count)
        texts.addStretch(1)
        layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(texts, 1)
        _transparent(self.icon_label, self.name, self.count)
        self.set_icon_size(icon_px)

    def set_icon_size(self, icon_px: int) -> None:
        self.icon_label.setPixmap(icon_pixmap(self.icon_name, icon_px))
        self.icon_label.setFixedSize(icon_px, icon_px)
        pad = max(4, icon_px // 4)
        self._layout.setContentsMargins(pad, pad // 2, pad, pad // 2)
        self._layout.setSpacing(pad)

    def set_texts(self, name: str, count: str = "") -> None:
        self.name.setText(name)
        self.count.setText(count)
        self.count.setVisible(bool(count))
        self.setAccessibleName(name)
        self.setAccessibleDescription(count)


class ItemTile(_TouchButton):
    """One of the most asked-for items: its category's pictogram and its name."""

    def __init__(self, item: CatalogItem, icon: str, icon_px: int) -> None:
        super().__init__()
        self.item = item
        self.icon_name = icon_for(icon)
        layout = QHBoxLayout(self)
        self._layout = layout
        self.icon_label = QLabel()
        self.name = make_label("body")
        layout.addWidget(self.icon_label, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.name, 1)
        _transparent(self.icon_label, self.name)
        self.set_icon_size(icon_px)

    def set_icon_size(self, icon_px: int) -> None:
        self.icon_label.setPixmap(icon_pixmap(self.icon_name, icon_px))
        self.icon_label.setFixedSize(icon_px, icon_px)
        pad = max(4, icon_px // 4)
        self._layout.setContentsMargins(pad, pad // 3, pad, pad // 3)
        self._layout.setSpacing(pad)

    def show_language(self, language: Language) -> None:
        name = self.item.name.text(language)
        self.name.setText(name)
        self.setAccessibleName(name)


class ResultRow(_TouchButton):
    """One search result: the name in the session's language with the other language under
    it, a one-line description, then the handling mode, the time limit and, when the match is
    not obvious from the name, why it matched."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = ""
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setSpacing(0)
        self.name = make_label("tile-title")
        self.other = make_label("hint")
        self.description = ElidedLabel("body")
        meta = QHBoxLayout()  # the mode, the time limit and why it matched: one line
        meta.setSpacing(0)
        self.badge = make_label("reference")  # wraps on a narrow row, else hugs its text
        self.badge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.limit = make_label("hint")
        self.reason = make_label("hint")
        meta.addWidget(self.badge, 0)
        meta.addWidget(self.limit, 0)
        meta.addWidget(self.reason, 1)
        layout.addWidget(self.name)
        layout.addWidget(self.other)
        layout.addWidget(self.description)
        layout.addLayout(meta)
        self.meta = meta
        _transparent(self.name, self.other, self.description, self.badge, self.limit, self.reason)

    def set_padding(self, pad: int) -> None:
        self._layout.setContentsMargins(pad, pad // 2, pad, pad // 2)
        self.badge.setContentsMargins(0, 0, pad, 0)
        self.limit.setContentsMargins(0, 0, pad, 0)

    def show_item(
        self,
        item: CatalogItem,
        language: Language,
        words: CatalogWords,
        reason: str,
    ) -> None:
        self.code = item.code
        self.name.setText(item.name.text(language))
        self.other.setText(item.name.text(other_language(language)))
        self.description.set_full_text(item.description.text(language))
        self.badge.setText(words.mode_name(item.mode))
        self.limit.setText(words.time_limit(item.working_days))
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self.setAccessibleName(item.name.text(language))

    def clear(self) -> None:
        self.code = ""
        for label in (self.name, self.other, self.badge, self.limit, self.reason):
            label.setText("")
        self.description.set_full_text("")
        self.setAccessibleName("")


class ChoiceRow(QWidget):
    """A few buttons of which one is chosen (drawn as the primary button, the others as
    secondary ones): ``chosen`` tells the index touched."""

    chosen = Signal(int)

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QPushButton] = []
        for index in range(count):
            button = QPushButton()
            button.setProperty("role", "secondary")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, i=index: self.chosen.emit(i))
            self.buttons.append(button)
        self.arrange(count, spacing=8)

    def arrange(self, columns: int, *, spacing: int) -> None:
        empty_layout(self.grid)
        self.grid.setSpacing(spacing)
        for index, button in enumerate(self.buttons):
            self.grid.addWidget(button, index // columns, index % columns)

    def set_texts(self, texts: Sequence[str]) -> None:
        for button, text in zip(self.buttons, texts, strict=True):
            button.setText(text)

    def select(self, index: int) -> None:
        for position, button in enumerate(self.buttons):
            set_role(button, "primary" if position == index else "secondary")


class OptionTile(_TouchButton):
    """One choice of a filter: a radio mark (filled when chosen), its name and what it means
    in one plain line."""

    def __init__(self, icon_px: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        self._layout = layout
        self.mark = QLabel()
        self.name = make_label("body")
        self.line = make_label("hint")
        texts = QVBoxLayout()
        texts.setSpacing(0)
        texts.addStretch(1)
        texts.addWidget(self.name)
        texts.addWidget(self.line)
        texts.addStretch(1)
        layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(texts, 1)
        _transparent(self.mark, self.name, self.line)
        self._chosen = False
        self._icon_px = icon_px
        self.set_icon_size(icon_px)

    def set_icon_size(self, icon_px: int) -> None:
        self._icon_px = icon_px
        self.mark.setPixmap(icon_pixmap("choice-on" if self._chosen else "choice-off", icon_px))
        self.mark.setFixedSize(icon_px, icon_px)
        pad = max(4, icon_px // 3)
        self._layout.setContentsMargins(pad, pad // 3, pad, pad // 3)
        self._layout.setSpacing(pad)

    def set_chosen(self, chosen: bool) -> None:
        if chosen != self._chosen:
            self._chosen = chosen
            self.set_icon_size(self._icon_px)

    @property
    def chosen(self) -> bool:
        return self._chosen

    def set_texts(self, name: str, line: str, chosen_word: str) -> None:
        self.name.setText(name)
        self.line.setText(line)
        self.setAccessibleName(name)
        self.setAccessibleDescription(f"{chosen_word} {line}" if self._chosen else line)

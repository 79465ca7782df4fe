"""The frame around every screen: header (title, centre, language button) and footer (hotline).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.text import Bilingual, Language
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.widgets.common import (
    RetranslatingWidget,
    icon_pixmap,
    make_button,
    make_icon,
    make_label,
)

# Each language is offered in its own script, so a reader finds it without knowing the other.
LANGUAGE_ENDONYMS = {"zh_CN": "中文", "en": "English"}
HOTLINE = "12345"


class HeaderBar(RetranslatingWidget):
    """Blue title bar with the emblem, the service centre and the language button."""

    language_clicked = Signal()

    def __init__(self, metrics: DisplayMetrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._centre = Bilingual("", "")
        self._language: Language = "zh_CN"
        layout = QHBoxLayout(self)
        pad = metrics.spacing_px
        layout.setContentsMargins(pad * 2, pad, pad * 2, pad)
        layout.setSpacing(pad * 2)
        layout.addWidget(make_icon("emblem", metrics.px(14)))
        texts = QVBoxLayout()
        texts.setSpacing(0)
        self.title = make_label("header-title", wrap=False)
        self.subtitle = make_label("header-subtitle", wrap=False)
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        layout.addLayout(texts, 1)
        self.language_button = make_button("language")
        icon_px = metrics.px(6)
        self.language_button.setIcon(icon_pixmap("globe", icon_px))
        self.language_button.setIconSize(QSize(icon_px, icon_px))
        self.language_button.clicked.connect(self.language_clicked)
        layout.addWidget(self.language_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.retranslate()

    def set_centre(self, centre: Bilingual) -> None:
        self._centre = centre
        self.retranslate()

    def set_languages(self, current: Language, languages: tuple[Language, ...]) -> None:
        """Show the button only when there is another language to switch to."""
        self._language = current
        others = [language for language in languages if language != current]
        self.language_button.setVisible(bool(others))
        if others:
            index = languages.index(current)
            target = languages[(index + 1) % len(languages)]
            self.language_button.setText(LANGUAGE_ENDONYMS.get(target, target))
            self.language_button.setAccessibleName(LANGUAGE_ENDONYMS.get(target, target))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sichuan–Chongqing Cross-Region Services"))
        self.subtitle.setText(self._centre.text(self._language))


class FooterBar(RetranslatingWidget):
    """The hotline, always in view, and the terminal's number for anyone asking for help."""

    def __init__(self, metrics: DisplayMetrics, terminal_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Footer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._terminal_id = terminal_id
        layout = QHBoxLayout(self)
        pad = metrics.spacing_px
        layout.setContentsMargins(pad * 2, pad, pad * 2, pad)
        layout.addWidget(make_icon("phone", metrics.px(6)))
        self.hotline = make_label("body")
        layout.addWidget(self.hotline, 1)
        self.link = make_label("hint", wrap=False)
        self.link.setObjectName("LinkState")
        layout.addWidget(self.link, 0, Qt.AlignmentFlag.AlignRight)
        self.terminal = make_label("hint", wrap=False)
        layout.addWidget(self.terminal, 0, Qt.AlignmentFlag.AlignRight)
        self._link: tuple[str, int] | None = None
        self._out_of_service = False
        self.retranslate()

    def set_out_of_service(self) -> None:
        """The terminal is out of service: the link state is no longer shown (nothing is
        accepted, so the footer must not promise that submissions are kept and sent)."""
        self._out_of_service = True
        self._show_link()

    def set_link(self, connectivity: str | None, waiting: int = 0) -> None:
        """Show the platform link state (a ``Connectivity`` code, or ``starting`` while the
        terminal's services open) and how many records wait. Called on the GUI thread."""
        self._link = None if connectivity is None else (connectivity, waiting)
        self._show_link()

    def _show_link(self) -> None:
        if self._link is None or self._out_of_service:
            self.link.setText("")
            self.link.setVisible(False)
            return
        self.link.setVisible(True)
        connectivity, waiting = self._link
        if connectivity == "starting":
            text = self.tr("Starting, one moment…")
        elif connectivity == "online" and waiting == 0:
            text = self.tr("Platform connected")
        elif connectivity == "online":
            text = self.tr("Sending {count} queued item(s)…").format(count=waiting)
        elif connectivity == "degraded":
            text = self.tr("Platform busy: queued items will be sent automatically")
        elif waiting:
            text = self.tr("Offline: {count} item(s) will be sent automatically").format(
                count=waiting
            )
        else:
            text = self.tr("Offline: submissions are kept and sent automatically")
        self.link.setText(text + "   ")

    def retranslate(self) -> None:
        self._show_link()
        self.hotline.setText(
            keep_number_with_word(
                self.tr("Need help? Ask the staff or call the hotline {number}"), HOTLINE
            )
        )
        if self._terminal_id:
            self.terminal.setText(self.tr("Terminal {id}").format(id=self._terminal_id))
        else:
            self.terminal.setText("")


def keep_number_with_word(template: str, number: str) -> str:
    """``template`` with ``{number}`` filled in so that a line never breaks before the number
    (the space before it, if any, becomes a no-break space; else a word joiner): "热线 12345"
    wraps as one piece, never "热线" at a line's end and "12345" alone below."""
    text = template.replace(" {number}", "\u00a0{number}")
    if "\u00a0{number}" not in text:
        text = text.replace("{number}", "\u2060{number}")
    return text.format(number=number)


def make_stripe(metrics: DisplayMetrics) -> QFrame:
    stripe = QFrame()
    stripe.setObjectName("HeaderStripe")
    stripe.setFixedHeight(max(4, metrics.px(1.2)))
    return stripe

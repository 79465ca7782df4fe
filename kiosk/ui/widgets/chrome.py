"""The frame around every screen: header (title, centre, the presentation toggles and the
language button) and footer (hotline, the "call staff" button and its notice).

The header's toggles (elder mode 长辈模式, high contrast 高对比, voice 语音) show their state with
an icon (an empty or a ticked box) as well as a thicker border, never by colour alone. When the
title and the buttons do not fit one row (a portrait or a compact panel, elder mode's larger
text), the buttons move to a second row.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.text import Bilingual, Language
from kiosk.journeys.shell import Presentation
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.widgets.common import (
    RetranslatingWidget,
    empty_layout,
    icon_pixmap,
    make_button,
    make_icon,
    make_label,
)

# Each language is offered in its own script, so a reader finds it without knowing the other.
LANGUAGE_ENDONYMS = {"zh_CN": "中文", "en": "English"}
HOTLINE = "12345"


class HeaderBar(RetranslatingWidget):
    """Title bar with the emblem, the service centre, the presentation toggles and the language
    button."""

    language_clicked = Signal()
    elder_clicked = Signal()
    contrast_clicked = Signal()
    voice_clicked = Signal()
    emblem_tapped = Signal()  # one tap on the emblem (the hidden technician gesture counts them)

    def __init__(self, metrics: DisplayMetrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._centre = Bilingual("", "")
        self._staffed = False  # a hotel's desk: the hotel's name, no government branding
        self._language: Language = "zh_CN"
        self._presentation = Presentation()
        self._metrics = metrics
        self._outer = outer = QVBoxLayout(self)
        self._top = QHBoxLayout()
        self._second = QHBoxLayout()
        outer.addLayout(self._top)
        outer.addLayout(self._second)
        self.emblem = make_icon("emblem", metrics.px(14))
        self.emblem.installEventFilter(self)
        self._top.addWidget(self.emblem)
        texts = QVBoxLayout()
        texts.setSpacing(0)
        # Both wrap rather than widen the window past a portrait panel's width.
        self.title = make_label("header-title")
        self.subtitle = make_label("header-subtitle")
        texts.addWidget(self.title)
        texts.addWidget(self.subtitle)
        self._top.addLayout(texts, 1)
        # The toggles and the language button, in one row of their own widget (moved between
        # the title's row and a second row by _arrange).
        self.tools = QWidget()
        self._tools = tools = QHBoxLayout(self.tools)
        tools.setContentsMargins(0, 0, 0, 0)
        self.elder_button = self._toggle(self.elder_clicked)
        self.contrast_button = self._toggle(self.contrast_clicked)
        self.voice_button = self._toggle(self.voice_clicked)
        self.language_button = make_button("language")
        self.language_button.clicked.connect(self.language_clicked)
        for button in (
            self.elder_button,
            self.contrast_button,
            self.voice_button,
            self.language_button,
        ):
            tools.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._top.addWidget(self.tools, 0, Qt.AlignmentFlag.AlignVCenter)
        self._two_rows = False
        self.apply_metrics(metrics)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Quick taps reach a widget as press, release, double click, release...: the second
        # tap of each pair is a double click, never a press, and counts as a tap all the same.
        if watched is self.emblem and event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.TouchBegin,
        ):
            self.emblem_tapped.emit()
        return super().eventFilter(watched, event)

    def _toggle(self, signal: SignalInstance) -> QPushButton:
        button = make_button("header-toggle")
        button.setCheckable(True)
        button.clicked.connect(signal)
        return button

    def apply_metrics(self, metrics: DisplayMetrics) -> None:
        """Sizes for the session's presentation (elder mode: larger)."""
        self._metrics = metrics
        pad = metrics.spacing_px
        self._outer.setContentsMargins(pad * 2, pad, pad * 2, pad)
        self._outer.setSpacing(pad)
        self._top.setSpacing(pad * 2)
        self._tools.setSpacing(pad)
        self._set_icons()
        self._arrange()

    def _set_icons(self) -> None:
        icon_px = self._metrics.px(6)
        size = QSize(icon_px, icon_px)
        self.language_button.setIcon(icon_pixmap("globe", icon_px))
        self.language_button.setIconSize(size)
        states = (
            (self.elder_button, self._presentation.elder),
            (self.contrast_button, self._presentation.high_contrast),
            (self.voice_button, self._presentation.voice),
        )
        for button, on in states:
            button.setChecked(on)
            button.setIcon(icon_pixmap("toggle-on" if on else "toggle-off", icon_px))
            button.setIconSize(size)

    def set_presentation(self, presentation: Presentation, *, toggles: bool) -> None:
        """Show the session's presentation on the toggles; ``toggles`` False hides them (the
        maintenance screen). Called on the GUI thread."""
        self._presentation = presentation
        for button in (self.elder_button, self.contrast_button, self.voice_button):
            button.setVisible(toggles)
        self.voice_button.setVisible(toggles and not self._staffed)  # a desk speaks no prompts
        self._set_icons()
        self._arrange()

    def _arrange(self) -> None:
        """One row when everything fits the header's width, else the buttons in a second."""
        margins = self._outer.contentsMargins()
        spacing = self._top.spacing()
        titles = max(
            self.title.fontMetrics().horizontalAdvance(self.title.text()),
            self.subtitle.fontMetrics().horizontalAdvance(self.subtitle.text()),
        )
        needed = (
            margins.left()
            + margins.right()
            + self.emblem.width()
            + titles
            + self.tools.sizeHint().width()
            + 2 * spacing
        )
        two_rows = needed > self.width() > 0
        pad = self._metrics.spacing_px
        vertical = pad // 2 if two_rows else pad  # two rows: less margin above and below
        self._outer.setContentsMargins(pad * 2, vertical, pad * 2, vertical)
        if two_rows == self._two_rows:
            return
        self._two_rows = two_rows
        (self._top if two_rows else self._second).removeWidget(self.tools)
        if two_rows:
            self._second.addStretch(1)
            self._second.addWidget(self.tools)
        else:
            empty_layout(self._second)
            self._top.addWidget(self.tools, 0, Qt.AlignmentFlag.AlignVCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange()

    def set_centre(self, centre: Bilingual) -> None:
        self._centre = centre
        self.retranslate()

    def set_staffed(self, staffed: bool) -> None:
        """A hotel's desk (``TerminalMode.staffed``): the hotel's name is the title and the
        government emblem and programme name are not shown; no voice toggle."""
        self._staffed = staffed
        icon_px = self._metrics.px(14)
        self.emblem.setPixmap(icon_pixmap("house" if staffed else "emblem", icon_px))
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
        if self._staffed:
            self.title.setText(self._centre.text(self._language))
            self.subtitle.setText(self.tr("Front desk: guest check-in with the electronic ID"))
        else:
            self.title.setText(self.tr("Sichuan–Chongqing Cross-Region Services"))
            self.subtitle.setText(self._centre.text(self._language))
        texts = (
            (self.elder_button, self.tr("Elder mode")),
            (self.contrast_button, self.tr("High contrast")),
            (self.voice_button, self.tr("Voice")),
        )
        for button, text in texts:
            button.setText(" " + text)  # a space between the state's box and the words
            button.setAccessibleName(text)
        self._arrange()  # the texts' widths changed


class FooterBar(RetranslatingWidget):
    """The hotline, always in view, and the terminal's number for anyone asking for help."""

    staff_clicked = Signal()

    def __init__(self, metrics: DisplayMetrics, terminal_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Footer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._terminal_id = terminal_id
        self._outer = outer = QVBoxLayout(self)
        self._staff_sent = False
        # Once a citizen has called staff, this says so until the session ends.
        self.staff_notice = make_label("notice")
        self.staff_notice.setObjectName("StaffNotice")
        self.staff_notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.staff_notice.hide()
        outer.addWidget(self.staff_notice)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        self.phone = make_icon("phone", metrics.px(6))
        layout.addWidget(self.phone)
        self.hotline = make_label("body")
        layout.addWidget(self.hotline, 1)
        # The link state above the terminal's number: the hotline keeps the width.
        facts = QVBoxLayout()
        facts.setSpacing(0)
        self.link = make_label("hint")  # wraps: long on a narrow panel in elder mode
        self.link.setObjectName("LinkState")
        self.link.setAlignment(Qt.AlignmentFlag.AlignRight)
        facts.addWidget(self.link)
        self.terminal = make_label("hint", wrap=False)
        facts.addWidget(self.terminal, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(facts)
        self.staff_button = make_button("staff")
        self.staff_button.clicked.connect(self.staff_clicked)
        layout.addWidget(self.staff_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._row = layout
        self._link: tuple[str, int] | None = None
        self._out_of_service = False
        self._staffed = False
        self.apply_metrics(metrics)
        self.retranslate()

    def apply_metrics(self, metrics: DisplayMetrics) -> None:
        """Sizes for the session's presentation (elder mode: larger)."""
        pad = metrics.spacing_px
        vertical = pad // 2 if metrics.elder else pad  # elder mode's text is tall enough
        self._outer.setContentsMargins(pad * 2, vertical, pad * 2, vertical)
        self._outer.setSpacing(pad // 2)
        self._row.setSpacing(pad)
        icon_px = metrics.px(6)
        self.phone.setPixmap(icon_pixmap("phone", icon_px))
        self.phone.setFixedSize(icon_px, icon_px)

    def set_staff(self, *, offered: bool, called: bool, sent: bool) -> None:
        """The "call staff" button where it is ``offered`` (citizen screens), replaced by the
        notice once this session has ``called``: staff are coming if the call was ``sent``
        (queued for the platform), else the citizen is asked to wave to staff. Called on the
        GUI thread."""
        self.staff_button.setVisible(offered and not called)
        self.staff_notice.setVisible(offered and called)
        if sent != self._staff_sent:
            self._staff_sent = sent
            self.retranslate()

    def set_staffed(self, staffed: bool) -> None:
        """A hotel's desk: no citizen hotline (the person here is the hotel's clerk); the link
        state and the terminal's number stay, for the technician."""
        self._staffed = staffed
        self.phone.setVisible(not staffed)
        self.hotline.setVisible(not staffed)
        self._row.setStretchFactor(self.hotline, 0 if staffed else 1)
        if staffed:
            self._row.insertStretch(0, 1)

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
        self.link.setText(text)

    def retranslate(self) -> None:
        self._show_link()
        self.hotline.setText(
            keep_number_with_word(
                self.tr("Need help? Ask the staff or call the hotline {number}"), HOTLINE
            )
        )
        self.staff_button.setText(self.tr("Call staff"))
        self.staff_button.setAccessibleName(self.tr("Call staff"))
        if self._staff_sent:
            self.staff_notice.setText(self.tr("Staff have been called and will come to you"))
        else:
            self.staff_notice.setText(
                self.tr("Your call could not be sent: please wave to staff nearby")
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
    """The thin accent line under the header."""
    stripe = QFrame()
    stripe.setObjectName("HeaderStripe")
    stripe.setFixedHeight(max(4, metrics.px(1.2)))
    return stripe

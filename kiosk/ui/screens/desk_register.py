"""The hotel desk's register: today's arrivals, the guests in house and today's departures.

The register step of the desk journey (``kiosk.journeys.desk``), a thin view over its state:
three tabs (Alt+1, Alt+2, Alt+3), a room search (Latin letters and digits on the on-screen
keyboard's English layout; each edit filters, ``set_room_filter``), and the stays listed, one
large row each: the room, the guests' names masked (the surname and a star: the screen faces the
desk, and guests stand at it), how many, a badge for a minor, the dates and nights, and where
the report stands. A row opens the stay (a tap, or Up/Down and Enter); letters typed on a row
go to the room search. Esc goes back to the desk. What the journey publishes
(``subscribe_updates``) redraws the list; a list that could not be read says so.

Laid out for the desk's 1280×800 monitor (one line a row: eight rows without scrolling in
Chinese, seven under the English header's two lines; the list scrolls beyond, the tabs and the
search stay), and for the kiosk's other windows: two lines a row in portrait and in elder mode,
where the tabs take a row of their own. Each column is as wide as its widest text; on a narrow
window the names give way first ("3 guests: Wang * +2"), then the dates and the report.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRegularExpression, QSize, Qt
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QRegularExpressionValidator,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.text import Language
from kiosk.hotel.register import ReportState, Stay
from kiosk.journeys.desk import DeskJourney, DeskStep, RegisterTab
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.screens.arranged import ArrangedScreen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.desk_texts import clock_time, masked_name
from kiosk.ui.texts import labelled
from kiosk.ui.widgets.common import empty_layout, make_button, make_card, make_label

ROOM_CHARACTERS = 8  # the longest room the platform takes (``kiosk.hotel.report.ROOM``)
ROOM_PATTERN = f"[A-Za-z0-9-]{{0,{ROOM_CHARACTERS}}}"
TAB_KEYS = {
    RegisterTab.ARRIVALS: "Alt+1",
    RegisterTab.IN_HOUSE: "Alt+2",
    RegisterTab.DEPARTURES: "Alt+3",
}
BACK_KEY = "Esc"
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def key_label(text: str, key: str) -> str:
    """A button's text with the key that does the same under it (``Arrivals today`` / ``Alt+1``).
    The key's name is what is printed on the keyboard: never translated."""
    return f"{text}\n{key}"


def guests_text(count: int) -> str:
    """``3 guests`` / ``3人`` (English has no translation file to choose a plural form)."""
    if count == 1:
        return QCoreApplication.translate("DeskRegister", "1 guest")
    return QCoreApplication.translate("DeskRegister", "{count} guests").format(count=count)


def nights_words(count: int) -> str:
    """``2 nights`` / ``2晚``."""
    if count == 1:
        return QCoreApplication.translate("DeskRegister", "1 night")
    return QCoreApplication.translate("DeskRegister", "{count} nights").format(count=count)


def _more(hidden: int) -> str:
    return f" +{hidden}" if hidden else ""


def stay_dates(arrival: date, departure: date, language: Language) -> str:
    """A stay near today, short: ``23 → 25 Nov, 2 nights`` / ``11月23日 → 25日，2晚`` (the
    month once when both days are in it)."""
    nights = nights_words((departure - arrival).days)
    same_month = (arrival.year, arrival.month) == (departure.year, departure.month)
    if language == "zh_CN":
        start = f"{arrival.month}月{arrival.day}日"
        end = f"{departure.day}日" if same_month else f"{departure.month}月{departure.day}日"
        return f"{start} → {end}，{nights}"
    start = f"{arrival.day}" if same_month else f"{arrival.day} {arrival:%b}"
    return f"{start} → {departure.day} {departure:%b}, {nights}"


class ElidedLabel(QLabel):
    """A one-line label that shortens its text to the width it is given, instead of pushing the
    row wider: the first of its texts that fits (the whole one first, then shorter ones), else the
    last one cut with "…". ``full_text`` is the whole text; ``hint_px`` the width it asks for (a
    list's column: the same in every row, so the columns line up)."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.full_text = ""
        self.shorter: tuple[str, ...] = ()
        self.hint_px = 0

    def set_full_text(self, text: str, *shorter: str) -> None:
        self.full_text = text
        self.shorter = shorter
        self.setAccessibleName(text)
        self._elide()

    def natural_px(self) -> int:
        """The width of the whole text."""
        return self.fontMetrics().horizontalAdvance(self.full_text) + 2

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.hint_px, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 1)
        metrics = self.fontMetrics()
        texts = (self.full_text, *self.shorter)
        shown = next((text for text in texts if metrics.horizontalAdvance(text) <= width), None)
        if shown is None:
            shown = metrics.elidedText(texts[-1], Qt.TextElideMode.ElideRight, width)
        if shown != self.text():
            self.setText(shown)


class StayRow(QPushButton):
    """One stay in the list: the whole row is one target (a tap, or Enter when focused)."""

    def __init__(self, stay_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stay_id = stay_id
        self.minor = False  # a guest under 18: the badge shows
        self.setProperty("role", "desk-row")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the desk has a keyboard
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.grid = QGridLayout(self)
        # Children from the start: shown with the row, never a window of their own.
        self.room = ElidedLabel("reference", self)
        self.names = ElidedLabel("body", self)
        self.badge = make_label("notice", wrap=False, parent=self)
        policy = QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        policy.setRetainSizeWhenHidden(True)  # the columns after it line up row to row
        self.badge.setSizePolicy(policy)
        self.dates = ElidedLabel("body", self)
        self.report = ElidedLabel("body", self)
        for child in (self.room, self.names, self.badge, self.dates, self.report):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def texts(self) -> list[str]:
        """Everything the row says, whole (for its accessible description and for tests)."""
        parts = [self.room.full_text, self.names.full_text]
        if self.minor:
            parts.append(self.badge.text())
        return [*parts, self.dates.full_text, self.report.full_text]

    def lay_out(self, *, two_lines: bool, pad: int) -> None:
        """One line (room, names, badge, dates, report), or two: the dates and the report under
        the names and the badge."""
        empty_layout(self.grid)
        self.grid.setContentsMargins(pad, 0, pad, 0)
        self.grid.setHorizontalSpacing(pad)
        self.grid.setVerticalSpacing(0)
        for column in range(5):
            self.grid.setColumnStretch(column, 0)
        centre = Qt.AlignmentFlag.AlignVCenter
        if two_lines:
            self.grid.addWidget(self.room, 0, 0, 2, 1, centre)
            self.grid.addWidget(self.names, 0, 1)
            self.grid.addWidget(self.badge, 0, 2, centre)
            self.grid.addWidget(self.dates, 1, 1)
            self.grid.addWidget(self.report, 1, 2)
        else:
            for column, child in enumerate(
                (self.room, self.names, self.badge, self.dates, self.report)
            ):
                self.grid.addWidget(child, 0, column, centre)
        self.grid.setColumnStretch(1, 1)  # the names take what the other columns leave


class DeskRegisterScreen(ArrangedScreen):
    """Tabs and the room search on top, then the list (or why there is none); "Back to the
    desk" beside the search (the action bar stays empty: the list gets its height)."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._subscribed: weakref.ref[DeskJourney] | None = None
        self._shown: tuple[object, ...] | None = None  # what the list was drawn from
        self.rows: list[StayRow] = []

        self.top = QGridLayout()
        self.tabs: dict[RegisterTab, QPushButton] = {}
        for tab in RegisterTab:
            button = make_button("desk")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, t=tab: self._set_tab(t))
            self.tabs[tab] = button
        self.field = self._make_field()
        self.back_button = make_button("desk")
        self.back_button.clicked.connect(self._to_desk)
        self.body.addLayout(self.top)

        self.notice, notice_layout = make_card("warning")
        pad = self.metrics.spacing_px * 2
        notice_layout.setContentsMargins(pad, pad, pad, pad)
        self.notice_title = make_label("tile-title")
        self.notice_text = make_label("body")
        notice_layout.addWidget(self.notice_title)
        notice_layout.addWidget(self.notice_text)
        self.notice.hide()
        self.body.addWidget(self.notice)

        self._make_list()

        self._shortcuts: list[QShortcut] = []
        for tab, key in TAB_KEYS.items():
            self._shortcut(key, partial(self._set_tab, tab))
        self._shortcut("Escape", self._to_desk)
        self.retranslate()
        self.rearrange()

    def _make_field(self) -> QLineEdit:
        """The room search: Latin letters, digits and hyphens, in capitals."""
        field = QLineEdit()
        field.setObjectName("DeskRoomSearch")
        configure_field(field, FieldKind.TEXT)
        # The English layout in capitals: a room is letters and digits, never pinyin.
        field.setInputMethodHints(
            field.inputMethodHints()
            | Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhPreferUppercase
        )
        field.setValidator(QRegularExpressionValidator(QRegularExpression(ROOM_PATTERN), field))
        field.setMaxLength(ROOM_CHARACTERS)
        field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        field.textEdited.connect(self._typed)
        field.returnPressed.connect(self._field_enter)
        field.installEventFilter(self)
        return field

    def _make_list(self) -> None:
        """The rows' own scroll area (the tabs and the search stay in sight)."""
        self.list_area = QScrollArea()
        self.list_area.setObjectName("DeskRegisterList")
        self.list_area.setWidgetResizable(True)
        self.list_area.setFrameShape(QFrame.Shape.NoFrame)
        self.list_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        QScroller.grabGesture(
            self.list_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        list_content = QWidget()
        list_content.setObjectName("ScreenContent")  # transparent, as the screen's own
        self.list_layout = QVBoxLayout(list_content)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.addStretch(1)
        self.list_area.setWidget(list_content)
        self.body.addWidget(self.list_area, 1)

    def _shortcut(self, key: str, action: Callable[[], None]) -> None:
        """``key`` does ``action`` while this screen is shown (a hidden screen's do not)."""
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
        self._shortcuts.append(shortcut)

    # ------------------------------------------------------------------ layout
    def arrange(self, arrangement: Arrangement) -> None:
        spacing = self.metrics.spacing_px
        if arrangement.compact and not arrangement.elder:
            # Eight rows under the tabs at 1280×800: thin margins, still a gap.
            self.body.setContentsMargins(spacing * 2, spacing // 2, spacing * 2, spacing // 2)
            self.body.setSpacing(spacing // 2)
        self.action_bar.setContentsMargins(0, 0, 0, 0)  # empty: its margins would be a gap
        empty_layout(self.top)
        self.top.setHorizontalSpacing(spacing)
        self.top.setVerticalSpacing(spacing)
        one_row = not arrangement.portrait and not arrangement.elder
        for column, tab in enumerate(RegisterTab):
            self.top.addWidget(self.tabs[tab], 0, column)
        if one_row:  # the tabs, the search (the rest of the width), back to the desk
            self.top.addWidget(self.field, 0, 3)
            self.top.addWidget(self.back_button, 0, 4)
            stretches = (0, 0, 0, 1, 0)
        else:  # the tabs over the whole width; the search and back to the desk under them
            self.top.addWidget(self.field, 1, 0, 1, 2)
            self.top.addWidget(self.back_button, 1, 2)
            stretches = (1, 1, 1, 0, 0)
        for column, stretch in enumerate(stretches):
            self.top.setColumnStretch(column, stretch)
        self.field.setMinimumHeight(self.tabs[RegisterTab.ARRIVALS].sizeHint().height())
        self.list_layout.setSpacing(2 if arrangement.compact else spacing // 2)
        self._lay_out_rows()

    def _two_lines(self) -> bool:
        arrangement = self.arrangement or self.current_arrangement()
        return arrangement.portrait or arrangement.elder

    def _lay_out_rows(self) -> None:
        """Every row the same columns: the room, the badge, the dates and the report as wide as
        their widest (the report and the dates give way first on a narrow window), the names
        the rest; one line a row, or two in portrait and elder mode."""
        if not self.rows:
            return
        spacing = self.metrics.spacing_px
        two_lines = self._two_lines()
        first = self.rows[0]
        room_px = first.room.fontMetrics().horizontalAdvance("0000") + spacing
        widths = {
            "room": max([room_px, *(row.room.natural_px() for row in self.rows)]),
            "dates": max(row.dates.natural_px() for row in self.rows),
            "report": max(row.report.natural_px() for row in self.rows),
        }
        minors = any(row.minor for row in self.rows)
        lines = 2 if two_lines else 1
        line_px = first.names.fontMetrics().height()
        badge_px = first.badge.sizeHint().height() if minors else 0
        height = max(line_px * lines, badge_px + (line_px if two_lines else 0)) + spacing // 2
        for row in self.rows:
            row.room.hint_px = widths["room"]
            row.room.setMinimumWidth(room_px)
            row.dates.hint_px = widths["dates"]
            row.report.hint_px = widths["report"]
            row.names.setMinimumWidth(row.names.fontMetrics().horizontalAdvance("0" * 8))
            # Without a minor in the list, the badge's column goes: the names get its width.
            policy = row.badge.sizePolicy()
            policy.setRetainSizeWhenHidden(minors)
            row.badge.setSizePolicy(policy)
            row.lay_out(two_lines=two_lines, pad=spacing)
            row.setFixedHeight(max(self.metrics.touch_target_px, height))
        # Laid out now, not at the event loop's next turn: each text shortened to its column
        # and each row where it is (Up/Down scrolls to it) as soon as the list is drawn.
        self.list_layout.activate()
        for row in self.rows:
            row.grid.activate()

    # ------------------------------------------------------------------ the journey
    @property
    def journey(self) -> DeskJourney | None:
        journey = self.shell.journey
        if isinstance(journey, DeskJourney) and not journey.ended:
            return journey
        return None

    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is not None and (self._subscribed is None or self._subscribed() is not journey):
            self._subscribed = weakref.ref(journey)
            journey.subscribe_updates(lambda: self._updated(journey))
        self._shown = None
        self.refresh()
        if self.rows:
            self.rows[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def on_leave(self) -> None:
        self.field.clearFocus()

    def _updated(self, journey: DeskJourney) -> None:
        """The journey changed something; only the register step's shown here."""
        if self.journey is journey and journey.step is DeskStep.REGISTER:
            self.refresh()

    def _set_tab(self, tab: RegisterTab) -> None:
        journey = self.journey
        if journey is not None and journey.step is DeskStep.REGISTER:
            journey.set_tab(tab)
            self.refresh()

    def _typed(self, text: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.set_room_filter(text)
            self.refresh()

    def _field_enter(self) -> None:
        """Enter in the search: the one room found opens; several: the first is chosen."""
        if len(self.rows) == 1:
            self._open(self.rows[0].stay_id)
        elif self.rows:
            self.rows[0].setFocus(Qt.FocusReason.TabFocusReason)

    def _to_desk(self) -> None:
        journey = self.journey
        if journey is not None and journey.step is DeskStep.REGISTER:
            journey.to_desk()

    def _open(self, stay_id: int) -> None:
        journey = self.journey
        if journey is not None and journey.step is DeskStep.REGISTER:
            journey.open_stay(stay_id)

    # ------------------------------------------------------------------ keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.field:
                return self._field_key(event)
            if isinstance(watched, StayRow):
                return self._row_key(watched, event)
        return super().eventFilter(watched, event)

    def _field_key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Down and self.rows:
            self.rows[0].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False

    def _row_key(self, row: StayRow, event: QKeyEvent) -> bool:
        key = event.key()
        index = self.rows.index(row) if row in self.rows else -1
        if key in _ENTER:
            self._open(row.stay_id)
            return True
        if key == Qt.Key.Key_Down and 0 <= index < len(self.rows) - 1:
            self._focus_row(index + 1)
            return True
        if key == Qt.Key.Key_Up:
            if index > 0:
                self._focus_row(index - 1)
            else:
                self.field.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            return True
        text = event.text()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and len(text) == 1 and (text.isascii() and (text.isalnum() or text == "-")):
            # Typing on the list searches: the letter goes to the room field.
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            self.field.insert(text)
            self._typed(self.field.text())
            return True
        return False

    def _focus_row(self, index: int) -> None:
        row = self.rows[index]
        row.setFocus(Qt.FocusReason.TabFocusReason)
        self.list_area.ensureWidgetVisible(row, 0, 0)

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Show what the journey holds now."""
        journey = self.journey
        language = self.shell.view().language
        if journey is None:
            self._show_rows((), language)
            self.notice.hide()
            return
        state = journey.state
        for tab, button in self.tabs.items():
            button.setChecked(tab is state.tab)
        if self.field.text() != state.room_filter and not self.field.hasFocus():
            self.field.setText(state.room_filter)
        if state.register_failed:
            self._show_rows((), language)
            self._say(
                self.tr("The register cannot be read"),
                self.tr(
                    "Nothing is lost: stays saved are kept on this terminal. Try another tab or "
                    "come back in a moment; if it keeps happening, call the technician."
                ),
            )
            return
        if not state.register_loaded:
            self._show_rows((), language)
            self._say(self.tr("Reading the register…"), "")
            return
        self._show_rows(state.stays, language)
        if state.stays:
            self.notice.hide()
        else:
            self._say(self._empty_text(state.tab, state.room_filter), "")

    def _say(self, title: str, text: str) -> None:
        """A card instead of the list: a warning with what to do, or a plain one (nothing
        listed, reading)."""
        role = "warning" if text else "card"
        if self.notice.property("role") != role:
            self.notice.setProperty("role", role)
            self.notice.style().unpolish(self.notice)
            self.notice.style().polish(self.notice)
        self.notice_title.setProperty("role", "tile-title" if text else "body")
        self.notice_title.style().unpolish(self.notice_title)
        self.notice_title.style().polish(self.notice_title)
        self.notice_title.setText(title)
        self.notice_text.setText(text)
        self.notice_text.setVisible(bool(text))
        self.notice.show()

    def _empty_text(self, tab: RegisterTab, room: str) -> str:
        if room.strip():
            texts = {
                RegisterTab.ARRIVALS: self.tr("No arrival today in a room starting with {room}."),
                RegisterTab.IN_HOUSE: self.tr("No guest in house in a room starting with {room}."),
                RegisterTab.DEPARTURES: self.tr(
                    "No departure today from a room starting with {room}."
                ),
            }
            return texts[tab].format(room=room.strip().upper())
        return {
            RegisterTab.ARRIVALS: self.tr("No arrivals yet today."),
            RegisterTab.IN_HOUSE: self.tr("No guests in house."),
            RegisterTab.DEPARTURES: self.tr("No departures today."),
        }[tab]

    def _show_rows(self, stays: tuple[Stay, ...], language: Language) -> None:
        key = (stays, language, self._two_lines())
        if key == self._shown:
            return
        self._shown = key
        focused = next((row.stay_id for row in self.rows if row.hasFocus()), None)
        for row in self.rows:
            self.list_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = []
        for position, stay in enumerate(stays):
            row = StayRow(stay.stay_id)
            self._fill_row(row, stay, language)
            row.clicked.connect(lambda _=False, s=stay.stay_id: self._open(s))
            row.installEventFilter(self)
            self.list_layout.insertWidget(position, row)
            self.rows.append(row)
            row.ensurePolished()  # the roles' fonts, before the columns are measured
            row.show()  # now, not when the event loop comes round: Up/Down and Enter work at once
        self._lay_out_rows()
        for row in self.rows:
            if row.stay_id == focused:
                row.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill_row(self, row: StayRow, stay: Stay, language: Language) -> None:
        row.room.set_full_text(stay.room)
        names = [masked_name(guest.name, guest.latin_name, language) for guest in stay.guests]
        separator = "、" if language == "zh_CN" else ", "
        count = guests_text(len(names))
        # Narrow: as many names as fit, and how many more ("3 guests: Wang *, +2").
        texts = [
            labelled(count, separator.join(names[:shown]) + _more(len(names) - shown), language)
            for shown in range(len(names), 0, -1)
        ]
        row.names.set_full_text(*texts, count)
        row.badge.setText(QCoreApplication.translate("DeskCard", "Under 18"))
        row.minor = any(guest.minor for guest in stay.guests)
        row.badge.setVisible(row.minor)
        row.dates.set_full_text(stay_dates(stay.arrival, stay.departure, language))
        row.report.set_full_text(self.report_text(stay))
        row.setAccessibleName(self.tr("Room {room}").format(room=stay.room))
        row.setAccessibleDescription(" · ".join(row.texts()[1:]))

    def report_text(self, stay: Stay) -> str:
        """Where the stay's report stands, short: the check-out's once checked out."""
        if stay.checked_out_at is not None:
            at = clock_time(stay.checked_out_at)
            return {
                ReportState.REPORTED: self.tr("Checked out {time}, reported"),
                ReportState.WAITING: self.tr("Checked out {time}, waiting for the network"),
                ReportState.REFUSED: self.tr("Checked out {time}, refused: ask the technician"),
                None: self.tr("Checked out {time}"),
            }[stay.checkout_state].format(time=at)
        if stay.checkin_state is ReportState.REPORTED:
            if stay.checkin_number:
                return self.tr("Reported {number}").format(number=stay.checkin_number)
            return self.tr("Reported")
        if stay.checkin_state is ReportState.REFUSED:
            return self.tr("Refused: ask the technician")
        return self.tr("Waiting for the network")

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        titles = {
            RegisterTab.ARRIVALS: self.tr("Arrivals today"),
            RegisterTab.IN_HOUSE: self.tr("In house"),
            RegisterTab.DEPARTURES: self.tr("Departures today"),
        }
        for tab, button in self.tabs.items():
            button.setText(key_label(titles[tab], TAB_KEYS[tab]))
            button.setAccessibleName(titles[tab])
        self.back_button.setText(key_label(self.tr("Back to the desk"), BACK_KEY))
        self.back_button.setAccessibleName(self.tr("Back to the desk"))
        self.field.setPlaceholderText(self.tr("Room"))
        self.field.setAccessibleName(self.tr("Find a room"))
        self._shown = None
        self.refresh()

    def wipe(self) -> None:
        """A session ended: the list and the search go (the guests' masked names with it)."""
        super().wipe()
        self.field.clear()
        self.field.clearFocus()
        self._shown = None
        self._show_rows((), self.shell.view().language)
        self.notice.hide()
        self.notice_title.setText("")
        self.notice_text.setText("")

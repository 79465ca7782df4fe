"""The search results: a real search field with the on-screen keyboard, the active filters as
removable chips, and the items found as large rows.

Every keystroke hands the field's text to the journey (``FindJourney.search``) and redraws from
``journey.results()``; the screen searches nothing itself. The rows are a pool of widgets
reused from one keystroke to the next (only their texts change). A row says why an item came up
when its name does not show it (pinyin, initials, another name, a corrected typo, the
description). Nothing found is never a dead end: the screen says so and offers ways on (the
spelling, pinyin, fewer words, clearing the filters, a category, asking staff).

Back from an item's details returns here with the query and filters kept (the journey's state;
``on_enter`` shows them again). A new session wipes the field.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.catalog.search import MatchKind, Reason
from kiosk.domain.text import Language
from kiosk.journeys.find import FindJourney
from kiosk.journeys.shell import ShellView
from kiosk.runtime.layouts import Arrangement, LayoutClass
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.catalog import CatalogTile, CatalogWords, ResultRow
from kiosk.ui.widgets.common import empty_layout, make_button, make_card, make_label

if TYPE_CHECKING:
    from kiosk.catalog.search import SearchResult

EMPTY_CATEGORIES = 6  # categories offered when nothing is found (the most populated first)


class CompositionWatcher(QObject):
    """Says what is being composed in a line edit on an input method (the pinyin not yet
    turned into characters): ``composing`` carries the text with the composition in it. An
    event filter rather than a subclass: the keyboard's QML binds to the field's own class.
    GUI thread only."""

    composing = Signal(str)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if isinstance(watched, QLineEdit) and isinstance(event, QInputMethodEvent):
            preedit, commit = event.preeditString(), event.commitString()
            text, cursor = watched.text(), watched.cursorPosition()
            if preedit:
                self.composing.emit(text[:cursor] + commit + preedit + text[cursor:])
            elif not commit:
                self.composing.emit(text)  # the composition was dropped
        return False


class ResultsScreen(ArrangedScreen):
    """The search field on top, the filter chips,
    a line saying how many were found (or what a typo was read as), the rows; the way back and
    home in the action bar. Landscape: results in two columns; portrait, compact and elder
    mode: one."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.words = CatalogWords(self)
        self._journey: FindJourney | None = None
        self._drawn: tuple[object, ...] | None = None
        self._columns = 1

        self._make_top()

        self.body.addWidget(self.chips)  # they scroll: they must not widen the window
        self.correction = make_label("tile-title")
        self.body.addWidget(self.correction)
        self.status = make_label("subtitle")
        self.body.addWidget(self.status)
        self.rows_widget = QWidget()
        self.rows_grid = QGridLayout(self.rows_widget)
        self.rows_grid.setContentsMargins(0, 0, 0, 0)
        self.rows: list[ResultRow] = []
        self.body.addWidget(self.rows_widget)

        self._make_empty()
        self.body.addStretch(1)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.back)
        self.home_button = make_button("secondary")
        self.home_button.clicked.connect(self.shell.go_home)
        self.action_bar.addWidget(self.home_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.back_button)
        self.retranslate()
        self.rearrange()

    def _make_top(self) -> None:
        """The field and its clear button; the filter chips."""
        self.top = QWidget()
        top = QVBoxLayout(self.top)
        self.top_layout = top
        field_row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setObjectName("SearchField")
        configure_field(self.field, FieldKind.TEXT)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.textEdited.connect(self._typed)
        # Pinyin being composed on the keyboard searches too: an elderly citizen sees results
        # while typing "yidijiuyi", before (or without) choosing the characters.
        self.composition = CompositionWatcher(self.field)
        self.field.installEventFilter(self.composition)
        self.composition.composing.connect(self._typed)
        self.clear_button = make_button("secondary")
        self.clear_button.clicked.connect(self._clear_query)
        field_row.addWidget(self.field, 1)
        field_row.addWidget(self.clear_button)
        top.addLayout(field_row)
        self.field_row = field_row
        self.chips = QWidget()
        chips = QGridLayout(self.chips)
        chips.setContentsMargins(0, 0, 0, 0)
        self.chips_layout = chips
        # Parented from the start: a chip shown before it is placed must not become a window.
        self.category_chip = make_button("secondary", self.chips)
        self.category_chip.clicked.connect(lambda: self._journey_do("category"))
        self.audience_chip = make_button("secondary", self.chips)
        self.audience_chip.clicked.connect(lambda: self._journey_do("audience"))
        self.mode_chip = make_button("secondary", self.chips)
        self.mode_chip.clicked.connect(lambda: self._journey_do("mode"))
        self.clear_filters_button = make_button("secondary", self.chips)
        self.clear_filters_button.clicked.connect(lambda: self._journey_do("all"))
        self._chip_columns = 0
        # In the body, not fixed above it: the keyboard needs the height on a short panel (it
        # scrolls the field into view above itself).
        self.body.insertWidget(0, self.top)

    def _make_empty(self) -> None:
        """Nothing found: what to try next."""
        self.empty, empty_layout_ = make_card()
        self.empty_layout = empty_layout_
        pad = self.metrics.spacing_px * 2
        empty_layout_.setContentsMargins(pad, pad, pad, pad)
        empty_layout_.setSpacing(self.metrics.spacing_px * 2)
        self.empty_title = make_label("tile-title")
        self.empty_tips = make_label("body")
        self.empty_layout.addWidget(self.empty_title)
        self.empty_layout.addWidget(self.empty_tips)
        self.empty_filters = make_label("body")  # the filters' chips are just above
        self.empty_layout.addWidget(self.empty_filters)
        self.empty_categories_title = make_label("body")
        self.empty_layout.addWidget(self.empty_categories_title)
        self.empty_grid = QGridLayout()
        self.empty_layout.addLayout(self.empty_grid)
        self.category_buttons: list[tuple[str, CatalogTile]] = []
        self.empty_staff = make_label("body")
        self.empty_layout.addWidget(self.empty_staff)
        self.body.addWidget(self.empty)

    # ------------------------------------------------------------------ the journey
    @property
    def journey(self) -> FindJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, FindJourney) else None

    def _journey_do(self, what: str) -> None:
        journey = self.journey
        if journey is None:
            return
        if what == "category":
            journey.choose_category(None)
        elif what == "audience":
            journey.choose_audience(None)
        elif what == "mode":
            journey.choose_mode(None)
        else:
            journey.clear_filters()
        self.redraw()

    def _typed(self, text: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.search(text)
            self.redraw()

    def _clear_query(self) -> None:
        self.field.clear()
        self._typed("")
        self.field.setFocus()

    def _open(self, row: ResultRow) -> None:
        journey = self.journey
        if journey is not None and row.code:
            journey.open_item(row.code)

    def _choose_category(self, code: str) -> None:
        """Nothing was found: show a whole category instead (the query no longer applies)."""
        journey = self.journey
        if journey is None:
            return
        self.field.clear()
        journey.search("")
        journey.clear_filters()
        journey.choose_category(code)
        self.redraw()

    # ------------------------------------------------------------------ drawing
    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is None:
            return
        if self.field.text() != journey.state.query:
            self.field.setText(journey.state.query)
        self._fill_empty_categories(self._language())
        self._drawn = None
        self.redraw()
        self.scroll_area.verticalScrollBar().setValue(0)
        # Focus (and the keyboard) when home's search field was touched, or when the citizen
        # was typing on the browse screen's field (the keyboard is still open).
        typing = QGuiApplication.inputMethod().isVisible()
        if journey.consume_search_focus() or typing:
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_leave(self) -> None:
        self.field.clearFocus()

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        self.back_button.setVisible(view.can_go_back)

    def _language(self) -> Language:
        return self.shell.view().language

    def redraw(self) -> None:
        """Draw the journey's current results (cheap when nothing changed)."""
        journey = self.journey
        if journey is None:
            return
        state = journey.state
        language = self._language()
        key = (state.query, state.category, state.audience, state.mode, language, id(journey))
        if key == self._drawn:
            return
        self._drawn = key
        result = journey.results()
        self._draw_chips(journey, language)
        self._draw_rows(result, language)
        self._draw_status(journey, result)

    def _draw_chips(self, journey: FindJourney, language: Language) -> None:
        state = journey.state
        category = journey.edition.catalog.category(state.category) if state.category else None
        self.category_chip.setVisible(category is not None)
        if category is not None:
            self.category_chip.setText(self._chip(category.name.text(language)))
        self.audience_chip.setVisible(state.audience is not None)
        self.audience_chip.setText(self._chip(self.words.audience_name(state.audience)))
        self.mode_chip.setVisible(state.mode is not None)
        self.mode_chip.setText(self._chip(self.words.mode_name(state.mode)))
        filtered = category is not None or state.audience is not None or state.mode is not None
        self.clear_filters_button.setVisible(filtered)
        self.chips.setVisible(filtered)
        self._place_chips()
        self.clear_button.setVisible(bool(state.query))

    def _place_chips(self) -> None:
        """The shown chips one after the other, ``_chip_columns`` a row."""
        columns = max(1, self._chip_columns)
        empty_layout(self.chips_layout)
        chips = (self.category_chip, self.audience_chip, self.mode_chip, self.clear_filters_button)
        shown = [chip for chip in chips if not chip.isHidden()]
        for index, chip in enumerate(shown):
            self.chips_layout.addWidget(chip, index // columns, index % columns)
        for column in range(4):
            self.chips_layout.setColumnStretch(column, 1 if column < columns else 0)

    def _chip(self, text: str) -> str:
        return f"{text}  ✕"  # the cross is the same in every language

    def _draw_rows(self, result: SearchResult, language: Language) -> None:
        hits = result.hits
        while len(self.rows) < len(hits):
            row = ResultRow()
            row.set_padding(self.metrics.spacing_px * 2)
            row.clicked.connect(lambda _checked=False, r=row: self._open(r))
            self.rows.append(row)
            index = len(self.rows) - 1
            self.rows_grid.addWidget(row, index // self._columns, index % self._columns)
        for row, hit in zip(self.rows, hits, strict=False):
            row.show_item(hit.item, language, self.words, self.reason_text(hit.reason, language))
            row.setVisible(True)
        for row in self.rows[len(hits) :]:
            row.setVisible(False)
            row.clear()
        self.rows_widget.setVisible(bool(hits))
        self.empty.setVisible(not hits)

    def _draw_status(self, journey: FindJourney, result: SearchResult) -> None:
        state = journey.state
        corrected = ", ".join(" / ".join(correction.corrected) for correction in result.corrections)
        self.correction.setText(self.tr("Did you mean: %1").replace("%1", corrected))
        self.correction.setVisible(bool(corrected))
        count = self.words.item_count(result.total)
        cut = len(result.hits) < result.total  # the search lists at most its limit
        shown = str(len(result.hits))
        if not result.hits:
            status = ""
        elif state.query.strip():
            status = (
                self.tr("Found: %1; the first %2 shown").replace("%1", count).replace("%2", shown)
                if cut
                else self.tr("Found: %1").replace("%1", count)
            )
        else:
            status = (
                self.tr("%1, the most used first; the first %2 shown")
                .replace("%1", count)
                .replace("%2", shown)
                if cut
                else self.tr("%1, the most used first").replace("%1", count)
            )
        self.status.setText(status)
        # One line above the results at most on a short panel and in elder mode: the
        # correction, a filter's chip and the rows say enough there.
        arrangement = self.arrangement
        short = arrangement is not None and (arrangement.compact or arrangement.elder)
        crowded = bool(corrected) or (short and self.chips.isVisibleTo(self))
        self.status.setVisible(bool(status) and not crowded)
        filtered = state.category or state.audience or state.mode
        query = state.query.strip()
        self.empty_title.setText(
            self.tr("Nothing found for “%1”").replace("%1", query)
            if query
            else self.tr("Nothing found with these filters")
        )
        self.empty_filters.setVisible(bool(filtered))

    def reason_text(self, reason: Reason | None, language: Language) -> str:
        """Why an item matched, when its name does not show it ("" when it does)."""
        if reason is None or reason.obvious:
            return ""
        kind = reason.kind
        if kind is MatchKind.ENGLISH and language == "en":
            return ""  # the English name is shown: the word is in it
        corrected = " / ".join(reason.corrected) or reason.term
        templates = {
            MatchKind.NAME: self.tr("Has “%1” of what you typed"),  # a piece of the query
            MatchKind.NOT_FOUND: self.tr("Does not mention “%1”"),  # not every word found
            MatchKind.KEYWORD: self.tr("Also called “%2”"),
            MatchKind.SYNONYM: self.tr("“%1” means “%2”"),
            MatchKind.PINYIN: self.tr("Pinyin %1 = %2"),
            MatchKind.INITIALS: self.tr("Pinyin initials %1 = %2"),
            MatchKind.ENGLISH: self.tr("Matched the English name: %2"),
            MatchKind.TYPO: self.tr("Did you mean: %3"),
            MatchKind.DESCRIPTION: self.tr("Mentioned in the description: “%2”"),
        }
        template = templates.get(kind, "")
        return (
            template.replace("%1", reason.query).replace("%2", reason.term).replace("%3", corrected)
        )

    # ------------------------------------------------------------------ arranging
    def arrange(self, arrangement: Arrangement) -> None:
        # Two columns only where rows stay short (wide and tall): elsewhere a wide row wraps
        # its names less, and the first one fits above the fold.
        columns = 2 if arrangement.layout is LayoutClass.LANDSCAPE and not arrangement.elder else 1
        spacing = self.metrics.spacing_px * (1 if arrangement.compact else 2)
        self.top_layout.setContentsMargins(0, 0, 0, 0)
        self.top_layout.setSpacing(spacing)
        if arrangement.compact:  # the field close under the header: room for the first row
            margins = self.body.contentsMargins()
            self.body.setContentsMargins(margins.left(), spacing, margins.right(), margins.bottom())
        pad = self.metrics.spacing_px * 2
        self.empty_layout.setContentsMargins(pad, pad, pad, pad)
        self.empty_layout.setSpacing(spacing)
        self.empty_grid.setSpacing(spacing)
        self.field_row.setSpacing(spacing)
        self.chips_layout.setSpacing(spacing)
        # Chips do not wrap their text (a category's name is long): two a row, one in portrait
        # and in elder mode on a short panel.
        narrow = arrangement.portrait or (arrangement.compact and arrangement.elder)
        chip_columns = 1 if narrow else 2
        if chip_columns != self._chip_columns:
            self._chip_columns = chip_columns
            self._place_chips()
        self.field.setMinimumHeight(self.metrics.px(20 if arrangement.elder else 16))
        self.rows_grid.setSpacing(spacing)
        if columns != self._columns or self.rows_grid.count() != len(self.rows):
            self._columns = columns
            empty_layout(self.rows_grid)
            for index, row in enumerate(self.rows):
                self.rows_grid.addWidget(row, index // columns, index % columns)
            for column in range(2):
                self.rows_grid.setColumnStretch(column, 1 if column < columns else 0)
        for row in self.rows:
            row.set_padding(spacing)
        self._place_empty_categories(self._empty_columns(arrangement))
        fill_action_bar(self.action_bar, [self.home_button, STRETCH, self.back_button])
        self._drawn = None  # the status line depends on the arrangement
        self.redraw()

    @staticmethod
    def _empty_columns(arrangement: Arrangement) -> int:
        if arrangement.elder:
            return 1 if arrangement.layout is not LayoutClass.LANDSCAPE else 2
        return 3 if arrangement.layout is LayoutClass.LANDSCAPE else 2

    def _place_empty_categories(self, columns: int) -> None:
        empty_layout(self.empty_grid)
        for index, (_code, button) in enumerate(self.category_buttons):
            self.empty_grid.addWidget(button, index // columns, index % columns)
            button.setVisible(True)

    def _fill_empty_categories(self, language: Language) -> None:
        journey = self.journey
        if journey is None:
            return
        edition = journey.edition
        ranked = sorted(
            edition.catalog.categories, key=lambda category: -edition.count_in(category.code)
        )[:EMPTY_CATEGORIES]
        codes = [category.code for category in ranked]
        if [code for code, _button in self.category_buttons] != codes:
            for _code, button in self.category_buttons:
                button.deleteLater()
            self.category_buttons = []
            for category in ranked:
                code = category.code
                tile = CatalogTile(category.icon, self.metrics.px(9))
                tile.clicked.connect(lambda _checked=False, c=code: self._choose_category(c))
                self.category_buttons.append((code, tile))
            if self.arrangement is not None:
                self._place_empty_categories(self._empty_columns(self.arrangement))
        for category in ranked:
            tile = dict(self.category_buttons)[category.code]
            tile.set_texts(category.name.text(language), "")

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Search: name, pinyin or English"))
        self.field.setAccessibleName(self.tr("Search for a service"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_filters_button.setText(self.tr("Clear filters"))
        self.empty_tips.setText(
            self.tr(
                "Check the spelling, try pinyin (for example shebao) or the first letters "
                "(sb), or use fewer words."
            )
        )
        self.empty_filters.setText(
            self.tr("Fewer filters may help: touch ✕ on a filter above, or “Clear filters”.")
        )
        self.empty_categories_title.setText(self.tr("Or look through a category:"))
        self.empty_staff.setText(
            self.tr("Still not found? Press “Call staff” at the bottom of the screen.")
        )
        self.back_button.setText(self.tr("Back"))
        self.home_button.setText(self.tr("Back to home"))
        journey = self.journey
        if journey is not None:
            language = self._language()
            self._fill_empty_categories(language)
            self._drawn = None
            self.redraw()

    def wipe(self) -> None:
        """A session ended: the query typed and the results go (privacy)."""
        super().wipe()
        self.field.clear()
        self.field.clearFocus()
        for row in self.rows:
            row.clear()
            row.setVisible(False)
        self.status.setText("")
        self.correction.setText("")
        self.empty_title.setText("")
        self._drawn = None

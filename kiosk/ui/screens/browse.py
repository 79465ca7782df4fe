"""All services: the categories with their pictograms and counts, the filters (who a service
is for, how it is handled, each choice explained in one plain line) and a search field.

Touching a category shows its services (``FindJourney.choose_category``) with the filters
chosen here; typing in the field searches (``FindJourney.search``: the results screen takes
over, the keyboard still open); "Show the list" lists every service the filters allow. The
screen draws the journey's state and decides nothing.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from typing import get_args

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.catalog import Mode
from kiosk.domain.text import Language
from kiosk.journeys.find import AudienceFilter, FindJourney
from kiosk.journeys.shell import ShellView
from kiosk.runtime.layouts import Arrangement, LayoutClass
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.catalog import CatalogTile, CatalogWords, OptionTile
from kiosk.ui.widgets.common import empty_layout, make_button, make_label

AUDIENCES: tuple[AudienceFilter | None, ...] = (None, "individual", "enterprise")
MODES: tuple[Mode | None, ...] = (None, *get_args(Mode))
# Category columns per layout and elder mode (the filters beside them in landscape/compact).
COLUMNS: dict[tuple[LayoutClass, bool], int] = {
    (LayoutClass.LANDSCAPE, False): 3,
    (LayoutClass.LANDSCAPE, True): 2,
    (LayoutClass.PORTRAIT, False): 3,
    (LayoutClass.PORTRAIT, True): 2,
    (LayoutClass.COMPACT, False): 2,
    (LayoutClass.COMPACT, True): 2,
}


class BrowseScreen(ArrangedScreen):
    """The search field on top; the categories, and the filters beside them (landscape,
    compact) or under them (portrait, and elder mode on a short panel); the way home and
    "show the list" in the action bar."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.words = CatalogWords(self)
        self._edition: int | None = None

        self.top = QWidget()
        top = QHBoxLayout(self.top)
        self.top_layout = top
        self.field = QLineEdit()
        self.field.setObjectName("SearchField")
        configure_field(self.field, FieldKind.TEXT)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.textEdited.connect(self._typed)
        top.addWidget(self.field, 1)
        # In the body, not fixed above it: the keyboard needs the height on a short panel (it
        # scrolls the field into view above itself).
        self.body.insertWidget(0, self.top)

        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addLayout(self.columns)
        self.categories = QWidget()
        self.category_grid = QGridLayout(self.categories)
        self.category_grid.setContentsMargins(0, 0, 0, 0)
        self.category_tiles: list[tuple[str, CatalogTile]] = []

        self.filters = QWidget()
        filters = QVBoxLayout(self.filters)
        filters.setContentsMargins(0, 0, 0, 0)
        self.filters_layout = filters
        self.audience_heading = make_label("tile-title")
        filters.addWidget(self.audience_heading)
        icon_px = self.metrics.px(8)
        self.audience_tiles: list[tuple[AudienceFilter | None, OptionTile]] = []
        for audience in AUDIENCES:
            tile = OptionTile(icon_px)
            tile.clicked.connect(lambda _checked=False, a=audience: self._audience(a))
            filters.addWidget(tile)
            self.audience_tiles.append((audience, tile))
        self.mode_heading = make_label("tile-title")
        filters.addWidget(self.mode_heading)
        self.mode_tiles: list[tuple[Mode | None, OptionTile]] = []
        for mode in MODES:
            tile = OptionTile(icon_px)
            tile.clicked.connect(lambda _checked=False, m=mode: self._mode(m))
            filters.addWidget(tile)
            self.mode_tiles.append((mode, tile))
        filters.addStretch(1)
        self.body.addStretch(1)

        self.home_button = make_button("secondary")
        self.home_button.clicked.connect(self.shell.go_home)
        self.list_button = make_button("primary")
        self.list_button.clicked.connect(self._show_list)
        self.retranslate()
        self.rearrange()

    # ------------------------------------------------------------------ the journey
    @property
    def journey(self) -> FindJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, FindJourney) else None

    def _typed(self, text: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.search(text)  # the results screen shows them (and takes the typing over)

    def _show_list(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.search(journey.state.query)

    def _audience(self, audience: AudienceFilter | None) -> None:
        journey = self.journey
        if journey is not None:
            journey.choose_audience(audience)
            self._draw_choices()

    def _mode(self, mode: Mode | None) -> None:
        journey = self.journey
        if journey is not None:
            journey.choose_mode(mode)
            self._draw_choices()

    def _category(self, code: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.choose_category(code)

    # ------------------------------------------------------------------ drawing
    def on_enter(self) -> None:
        journey = self.journey
        if journey is not None:
            self.field.setText(journey.state.query)
            if journey.edition.number != self._edition:
                self._build_categories(journey)
        super().on_enter()
        self._draw_choices()
        self.retranslate()

    def on_leave(self) -> None:
        self.field.clearFocus()

    def _build_categories(self, journey: FindJourney) -> None:
        self._edition = journey.edition.number
        empty_layout(self.category_grid)
        for _code, tile in self.category_tiles:
            tile.deleteLater()
        self.category_tiles = []
        for category in journey.edition.catalog.categories:
            tile = CatalogTile(category.icon, self._icon_px())
            tile.clicked.connect(lambda _checked=False, code=category.code: self._category(code))
            self.category_tiles.append((category.code, tile))
        if self.arrangement is not None:
            self._place_categories(self.arrangement)

    def _icon_px(self) -> int:
        return self.metrics.px(12 if self.metrics.elder else 10)

    def _place_categories(self, arrangement: Arrangement) -> None:
        columns = COLUMNS[(arrangement.layout, arrangement.elder)]
        empty_layout(self.category_grid)
        self.category_grid.setSpacing(self.metrics.spacing_px * (1 if arrangement.compact else 2))
        for index, (_code, tile) in enumerate(self.category_tiles):
            tile.set_icon_size(self._icon_px())
            self.category_grid.addWidget(tile, index // columns, index % columns)
            tile.setVisible(True)  # added to a shown grid: shown now, not after the event loop
        for column in range(3):
            self.category_grid.setColumnStretch(column, 1 if column < columns else 0)

    def _option_tiles(self) -> list[OptionTile]:
        return [tile for _a, tile in self.audience_tiles] + [tile for _m, tile in self.mode_tiles]

    def _draw_choices(self) -> None:
        journey = self.journey
        audience = journey.state.audience if journey is not None else None
        mode = journey.state.mode if journey is not None else None
        for value, tile in self.audience_tiles:
            tile.set_chosen(value == audience)
        for mode_value, tile in self.mode_tiles:
            tile.set_chosen(mode_value == mode)
        self._retranslate_choices()

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)

    # ------------------------------------------------------------------ arranging
    def arrange(self, arrangement: Arrangement) -> None:
        # Beside each other where the panel is wide enough for both at this text size.
        side_by_side = not arrangement.portrait and not (arrangement.compact and arrangement.elder)
        self.title.setVisible(not arrangement.compact)  # the first categories above the fold
        spacing = self.metrics.spacing_px * (1 if arrangement.compact else 2)
        if arrangement.compact:  # the field close under the header: room for the first row
            margins = self.body.contentsMargins()
            self.body.setContentsMargins(margins.left(), spacing, margins.right(), margins.bottom())
        self.top_layout.setContentsMargins(0, 0, 0, 0)
        self.field.setMinimumHeight(self.metrics.px(20 if arrangement.elder else 16))
        empty_layout(self.columns)
        self.columns.setSpacing(spacing * 2)
        self.filters_layout.setSpacing(spacing)
        if side_by_side:
            self.columns.setDirection(QBoxLayout.Direction.LeftToRight)
            self.columns.addWidget(self.categories, 3 if not arrangement.elder else 5)
            self.columns.addWidget(self.filters, 2 if not arrangement.elder else 3)
            self.columns.setAlignment(self.categories, Qt.AlignmentFlag.AlignTop)
        else:
            self.columns.setDirection(QBoxLayout.Direction.TopToBottom)
            self.columns.addWidget(self.categories)
            self.columns.addWidget(self.filters)
        icon_px = self.metrics.px(9 if arrangement.elder else 7)
        for tile in self._option_tiles():
            tile.set_icon_size(icon_px)
        self._place_categories(arrangement)
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.home_button, self.list_button])
            widen(self.action_bar, self.list_button)
        else:
            fill_action_bar(self.action_bar, [self.home_button, STRETCH, self.list_button])

    # ------------------------------------------------------------------ texts and wiping
    def _language(self) -> Language:
        return self.shell.view().language

    def retranslate(self) -> None:
        self.field.setPlaceholderText(self.tr("Search: name, pinyin or English"))
        self.field.setAccessibleName(self.tr("Search for a service"))
        self.title.setText(self.tr("All services by category"))
        self.audience_heading.setText(self.tr("Who is it for?"))
        self.mode_heading.setText(self.tr("How is it handled?"))
        self.home_button.setText(self.tr("Back to home"))
        self.list_button.setText(self.tr("Show the list"))
        self._retranslate_choices()
        journey = self.journey
        if journey is None:
            return
        edition = journey.edition
        language = self._language()
        for code, tile in self.category_tiles:
            category = edition.catalog.category(code)
            name = category.name.text(language) if category is not None else code
            tile.set_texts(name, self.words.item_count(edition.count_in(code)))

    def _retranslate_choices(self) -> None:
        chosen = self.tr("Chosen.")
        for audience, tile in self.audience_tiles:
            name = self.tr("All") if audience is None else self.words.audience_name(audience)
            tile.set_texts(name, self.words.audience_line(audience), chosen)
        for mode, tile in self.mode_tiles:
            name = self.tr("All") if mode is None else self.words.mode_name(mode)
            tile.set_texts(name, self.words.mode_line(mode), chosen)

    def wipe(self) -> None:
        """A session ended: the query typed goes, the filters show their defaults."""
        super().wipe()
        self.field.clear()
        self.field.clearFocus()
        for _audience, tile in self.audience_tiles:
            tile.set_chosen(_audience is None)
        for _mode, tile in self.mode_tiles:
            tile.set_chosen(_mode is None)

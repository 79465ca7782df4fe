"""The home (attract) screen: what this terminal is for, and the ways to start.

What it says and which tiles it shows come from the terminal's mode
(``kiosk.journeys.modes``): the widget draws them and never asks which kind of terminal it is.
A mode that ``finds_items`` (the citizen terminal) leads with the catalogue: a search field
look-alike (touching it opens the results screen with the real field and the keyboard), the
categories as tiles with pictograms (with "all services" and "for enterprises"), the most
asked-for items one touch away, then the mode's tiles (check a code, help), smaller. Every
touch starts the find journey at that place (``FindEntry``). While the terminal starts, the
catalogue area says it is getting ready; a new catalogue edition (after a sync) is drawn the
next time home is entered. Other modes (the hotel desk) show their tiles only.

The programme's figures (311 items, 34 kinds of e-licences, the 12345 hotline) are a line of
plain text: information, never something that looks touchable.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.devices.printer import PrinterState
from kiosk.domain.text import Language
from kiosk.journeys.find import FindEntry
from kiosk.journeys.modes import JourneyName, Tile
from kiosk.journeys.shell import ShellView
from kiosk.runtime.layouts import Arrangement, LayoutClass
from kiosk.runtime.messages import Message
from kiosk.ui.screens.arranged import ArrangedScreen, move_widget
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import join_sentences, translate_message
from kiosk.ui.widgets.catalog import (
    CatalogTile,
    CatalogWords,
    ItemTile,
    SearchLookalike,
)
from kiosk.ui.widgets.chrome import HOTLINE
from kiosk.ui.widgets.common import TileButton, empty_layout, make_card, make_icon, make_label

# Public facts of the programme (DESIGN §2), told in a line of text.
CROSS_REGION_ITEMS = 311
MUTUALLY_RECOGNISED_LICENCE_KINDS = 34


# Tile heights (mm) of a mode without the catalogue: the prominent tile (the usual journey)
# and the others, per layout. In portrait the tiles also share the column's spare height, the
# prominent one the most.
TILE_MM = {"landscape": (55, 40), "compact": (42, 32), "portrait": (70, 50)}
PORTRAIT_TILE_STRETCH = (3, 2)

# The catalogue home: (category columns, most-used columns, most-used items shown) per layout
# and elder mode. Elder mode shows fewer, larger things.
CATALOG_GRID: dict[tuple[LayoutClass, bool], tuple[int, int, int]] = {
    (LayoutClass.LANDSCAPE, False): (6, 5, 10),
    (LayoutClass.LANDSCAPE, True): (4, 3, 6),
    (LayoutClass.PORTRAIT, False): (3, 2, 10),
    (LayoutClass.PORTRAIT, True): (2, 1, 6),
    (LayoutClass.COMPACT, False): (5, 4, 8),
    (LayoutClass.COMPACT, True): (2, 2, 6),
}
ENTERPRISE_ICON = "enterprise"
ALL_ICON = "category"


class HomeScreen(ArrangedScreen):
    """Welcome, the ways to start, and the programme in one line.

    With the catalogue (``mode.finds_items``): title, search look-alike, category tiles,
    most used, the mode's tiles in a row, the figures. Landscape: six categories a row;
    portrait: three; compact: five, the subtitle left out. Elder mode: fewer columns, six of
    the most used, the title and subtitle left out on a compact panel.

    Without it (the hotel desk): the tiles; landscape: tiles and figures side by side;
    portrait: the tiles in a column filling the height; compact: smaller tiles side by side.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        spacing = self.metrics.spacing_px * 2
        self.words = CatalogWords(self)
        self.finds_items = self.shell.mode.finds_items
        self.title = make_label("title")
        self.subtitle = make_label("subtitle")
        self.body.addWidget(self.title)
        self.body.addWidget(self.subtitle)
        # Told before a journey starts: no receipt can be printed now (the screen shows it).
        self.printer_notice, notice_layout = make_card("warning", vertical=False)
        notice_layout.setContentsMargins(spacing, spacing, spacing, spacing)
        notice_layout.setSpacing(spacing)
        notice_layout.addWidget(make_icon("wrench", self.metrics.px(9)))
        self.printer_notice_text = make_label("body")
        notice_layout.addWidget(self.printer_notice_text, 1)
        self.printer_notice.setVisible(False)
        self.body.addWidget(self.printer_notice)
        self._printer_state: PrinterState | None = None
        self._starting = self.shell.starting

        self._make_catalog()

        row = QHBoxLayout()
        row.setSpacing(spacing * 2)
        self.tiles_layout = self._make_tiles(spacing)
        row.addLayout(self.tiles_layout, 3)
        self.row: QBoxLayout = row

        # The figures: plain text, not a card (nothing to touch there).
        self.facts = make_label("subtitle")
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        facts_column = QVBoxLayout()
        facts_column.addWidget(self.facts)
        facts_column.addStretch(1)
        row.addLayout(facts_column, 2)
        self.facts_column = facts_column
        self.body.addLayout(row)
        self.body.addStretch(1)
        self._refresh_catalog()
        self.retranslate()
        self.rearrange()

    def _make_catalog(self) -> None:
        """The catalogue's widgets (only shown for a mode that finds items)."""
        self.search_button = SearchLookalike(self.metrics.px(11))
        self.search_button.clicked.connect(lambda: self._find(FindEntry.search()))
        self.catalog_status = make_label("body")
        self.categories_heading = make_label("tile-title")
        self.categories = QWidget()
        self.category_grid = QGridLayout(self.categories)
        self.category_grid.setContentsMargins(0, 0, 0, 0)
        self.top_heading = make_label("tile-title")
        self.top_items = QWidget()
        self.top_grid = QGridLayout(self.top_items)
        self.top_grid.setContentsMargins(0, 0, 0, 0)
        self.category_tiles: list[tuple[str, CatalogTile]] = []  # (category code, tile)
        self.all_tile = CatalogTile(ALL_ICON, self.metrics.px(11))
        self.all_tile.clicked.connect(lambda: self._find(FindEntry.browse()))
        self.enterprise_tile = CatalogTile(ENTERPRISE_ICON, self.metrics.px(11))
        self.enterprise_tile.clicked.connect(lambda: self._find(FindEntry.enterprise()))
        self.item_tiles: list[ItemTile] = []
        self.edition_number: int | None = None  # the catalogue edition drawn
        catalog_widgets: tuple[QWidget, ...] = (
            self.search_button,
            self.catalog_status,
            self.categories_heading,
            self.categories,
            self.top_heading,
            self.top_items,
        )
        for widget in catalog_widgets:
            self.body.addWidget(widget)
            widget.setVisible(self.finds_items)

    def _make_tiles(self, spacing: int) -> QBoxLayout:
        tiles = QVBoxLayout()
        tiles.setSpacing(spacing)
        self.tiles: list[tuple[Tile, TileButton]] = []
        icon_px = self.metrics.px(14 if self.finds_items else 22)
        for tile in self.shell.mode.tiles:
            button = TileButton(tile.icon, icon_px)
            button.clicked.connect(lambda _checked=False, name=tile.journey: self.shell.start(name))
            tiles.addWidget(button)
            self.tiles.append((tile, button))
        tiles.addStretch(1)
        return tiles

    def _find(self, entry: FindEntry) -> None:
        self.shell.start(JourneyName.FIND, entry)

    # ------------------------------------------------------------------ the catalogue
    def _refresh_catalog(self) -> None:
        """Draw the current catalogue edition's categories and most-used items (only when the
        edition changed); while the catalogue cannot be used, say it is getting ready."""
        if not self.finds_items:
            return
        ready = self.shell.can_start(JourneyName.FIND)
        library = self.shell.catalog
        edition = library.latest() if ready and library is not None else None
        number = edition.number if edition is not None else None
        if number != self.edition_number:
            self.edition_number = number
            self._clear_catalog()
            if edition is not None:
                icons = {category.code: category.icon for category in edition.catalog.categories}
                icon_px = self._tile_icon_px()
                for category in edition.catalog.categories:
                    tile = CatalogTile(category.icon, icon_px)
                    tile.clicked.connect(
                        lambda _checked=False, code=category.code: self._find(
                            FindEntry.category(code)
                        )
                    )
                    self.category_tiles.append((category.code, tile))
                for item in edition.most_used:
                    item_tile = ItemTile(item, icons.get(item.category, ALL_ICON), icon_px)
                    item_tile.clicked.connect(
                        lambda _checked=False, code=item.code: self._find(FindEntry.item(code))
                    )
                    self.item_tiles.append(item_tile)
            if self.arrangement is not None:
                self._place_catalog(self.arrangement)
            self._retranslate_catalog()
        short_elder = (
            self.arrangement is not None and self.arrangement.compact and self.arrangement.elder
        )
        self.categories_heading.setVisible(edition is not None and not short_elder)
        self.categories.setVisible(edition is not None)
        self.top_items.setVisible(edition is not None and bool(self.item_tiles))
        self.top_heading.setVisible(edition is not None and bool(self.item_tiles))
        self.catalog_status.setVisible(edition is None)
        self.search_button.setEnabled(edition is not None)

    def _clear_catalog(self) -> None:
        empty_layout(self.category_grid)
        empty_layout(self.top_grid)
        for _code, tile in self.category_tiles:
            tile.deleteLater()
        for item_tile in self.item_tiles:
            item_tile.deleteLater()
        self.category_tiles = []
        self.item_tiles = []

    def _tile_icon_px(self) -> int:
        return self.metrics.px(12 if self.metrics.elder else 10)

    def _place_catalog(self, arrangement: Arrangement) -> None:
        columns, top_columns, top_count = CATALOG_GRID[(arrangement.layout, arrangement.elder)]
        spacing = self.metrics.spacing_px * (1 if arrangement.compact else 2)
        empty_layout(self.category_grid)
        self.category_grid.setSpacing(spacing)
        icon_px = self._tile_icon_px()
        tiles = [tile for _code, tile in self.category_tiles] + [self.all_tile]
        for index, tile in enumerate(tiles):
            tile.set_icon_size(icon_px)
            self.category_grid.addWidget(tile, index // columns, index % columns)
            tile.setVisible(True)  # added to a shown grid: shown now, not after the event loop
        # "For enterprises" last, two columns wide when the row has room: set apart.
        index = len(tiles)
        row, column = divmod(index, columns)
        span = 2 if columns - column >= 2 else 1
        self.enterprise_tile.set_icon_size(icon_px)
        self.category_grid.addWidget(self.enterprise_tile, row, column, 1, span)
        for column in range(max(columns, 6)):
            self.category_grid.setColumnStretch(column, 1 if column < columns else 0)
        empty_layout(self.top_grid)
        self.top_grid.setSpacing(spacing)
        for index, item_tile in enumerate(self.item_tiles):
            shown = index < top_count
            item_tile.set_icon_size(self.metrics.px(8 if arrangement.elder else 7))
            # Parented before shown: a new tile shown first would open as a window of its own
            # for a moment and take the activation from the kiosk's window (no keyboard then).
            if shown:
                self.top_grid.addWidget(item_tile, index // top_columns, index % top_columns)
            else:
                item_tile.setParent(self.top_items)
            item_tile.setVisible(shown)
        for column in range(5):
            self.top_grid.setColumnStretch(column, 1 if column < top_columns else 0)

    # ------------------------------------------------------------------ arranging
    def arrange(self, arrangement: Arrangement) -> None:
        if self.finds_items:
            self._arrange_catalog_home(arrangement)
        else:
            self._arrange_tiles_home(arrangement)

    def _arrange_catalog_home(self, arrangement: Arrangement) -> None:
        elder, compact = arrangement.elder, arrangement.compact
        # The header names the service: a short panel (and elder mode's larger text, but in
        # portrait) gives the welcome's lines to the categories.
        self.subtitle.setVisible(not compact and not elder)
        self.title.setVisible(not compact and not (elder and not arrangement.portrait))
        self.search_button.set_icon_size(self.metrics.px(14 if elder else 12))
        # Elder mode's target is 20 mm already; a short panel cannot spare more.
        self.search_button.setMinimumHeight(self.metrics.px(20 if compact or not elder else 26))
        self.categories_heading.setVisible(
            self.edition_number is not None and not (compact and elder)
        )
        self._place_catalog(arrangement)
        # The way to start comes first: the notice about the printer after the categories
        # where height is short or the text large, else above the search field.
        after = self.categories if compact or elder else self.subtitle
        move_widget(self.printer_notice, self.body, self.body, self.body.indexOf(after) + 1)
        # The mode's tiles in a row, smaller than the catalogue's entries; the figures under.
        horizontal = QBoxLayout.Direction.LeftToRight
        self.tiles_layout.setDirection(
            QBoxLayout.Direction.TopToBottom if arrangement.portrait and elder else horizontal
        )
        for _tile, button in self.tiles:
            button.setMinimumHeight(self.metrics.px(24 if elder else 20))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
            self.tiles_layout.setStretchFactor(button, 1)
        self.tiles_layout.setStretch(self.tiles_layout.count() - 1, 0)
        self.row.setDirection(QBoxLayout.Direction.TopToBottom)
        self.row.setStretchFactor(self.facts_column, 0)
        self.facts.setVisible(True)
        self.body.setStretchFactor(self.row, 0)
        self.body.setStretch(self.body.count() - 1, 1)

    def _arrange_tiles_home(self, arrangement: Arrangement) -> None:
        elder, compact = arrangement.elder, arrangement.compact
        vertical, horizontal = QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.LeftToRight
        # Compact: the two tiles side by side (both fit the short height), the figures under
        # them (they may scroll: information, not an action). Elder mode: one column.
        # Landscape elder mode: side by side too (the larger tiles fit the height that way).
        tiles_in_a_row = (compact and not elder) or (
            elder and arrangement.layout is LayoutClass.LANDSCAPE
        )
        figures_under = arrangement.portrait or compact
        # Portrait and elder mode: the tiles share the column's height (larger).
        fill = arrangement.portrait or elder
        prominent_mm, other_mm = TILE_MM[arrangement.layout.value]
        for tile, button in self.tiles:
            button.setMinimumHeight(self.metrics.px(prominent_mm if tile.prominent else other_mm))
            button.setSizePolicy(
                QSizePolicy.Policy.Expanding,
                QSizePolicy.Policy.Expanding if fill else QSizePolicy.Policy.Minimum,
            )
            weight = PORTRAIT_TILE_STRETCH[0 if tile.prominent else 1]
            self.tiles_layout.setStretchFactor(button, weight if fill or tiles_in_a_row else 0)
        last = self.tiles_layout.count() - 1  # the stretch after the tiles
        self.tiles_layout.setStretch(last, 0 if fill or tiles_in_a_row else 1)
        self.tiles_layout.setDirection(horizontal if tiles_in_a_row else vertical)
        # Compact elder mode: the welcome gives its lines to the tiles (the header names the
        # service); large text leaves no room for both above the fold.
        for label in (self.title, self.subtitle):
            label.setVisible(not (compact and elder))
        # Where height is short or the text large, the printer notice goes under the tiles:
        # it must not push the way to start below the fold.
        move_widget(
            self.printer_notice,
            self.body,
            self.body,
            self.body.indexOf(self.row) + (1 if compact or elder else 0),
        )
        self.row.setDirection(vertical if figures_under else horizontal)
        # The figures are information, not an action: elder mode and the compact panel (where
        # they would make the page scroll) leave them out; the hotline stays in the footer. A
        # desk a clerk works (a hotel's) is no government service point: none of them.
        facts = not elder and not compact and not self.shell.mode.staffed
        self.facts.setVisible(facts)
        self.row.setStretchFactor(self.facts_column, 2 if facts and not figures_under else 0)
        self.body.setStretchFactor(self.row, 1 if fill else 0)
        self.body.setStretch(self.body.count() - 1, 0 if fill else 1)

    # ------------------------------------------------------------------ the shell
    def on_enter(self) -> None:
        self._refresh_catalog()  # a new catalogue edition since home was last shown
        super().on_enter()

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        if view.starting != self._starting:
            self._starting = view.starting
            self._retranslate_tiles()
            self._refresh_catalog()
        if view.printer_state is not self._printer_state:
            self._printer_state = view.printer_state
            self._retranslate_notice()

    def _retranslate_notice(self) -> None:
        state = self._printer_state
        trouble = state is not None and not state.can_print
        self.printer_notice.setVisible(trouble)
        if state is None or not trouble:
            self.printer_notice_text.setText("")
            return
        self.printer_notice_text.setText(
            join_sentences(
                translate_message(Message(state.message)),
                translate_message(Message(self.shell.mode.printer_trouble)),
            )
        )

    def retranslate(self) -> None:
        self._retranslate_notice()
        mode = self.shell.mode
        self.title.setText(translate_message(Message(mode.title)))
        self.subtitle.setText(translate_message(Message(mode.subtitle)))
        self.facts.setText(
            self.tr(
                "%1 cross-region service items · %2 kinds of e-licences recognised in both "
                "provinces · government service hotline %3"
            )
            .replace("%1", str(CROSS_REGION_ITEMS))
            .replace("%2", str(MUTUALLY_RECOGNISED_LICENCE_KINDS))
            .replace("%3", HOTLINE)
        )
        self._retranslate_tiles()
        self._retranslate_catalog()

    def _language(self) -> Language:
        return self.shell.view().language

    def _retranslate_catalog(self) -> None:
        if not self.finds_items:
            return
        language = self._language()
        ready = self.edition_number is not None
        self.search_button.set_prompt(
            self.tr("Search: name, pinyin or English")
            if ready
            else self.tr("Search opens when the service list is ready")
        )
        self.catalog_status.setText(
            self.tr("The service list is getting ready. This takes a moment.")
        )
        self.categories_heading.setText(self.tr("Services by category"))
        self.top_heading.setText(self.tr("Most used"))
        library = self.shell.catalog
        edition = library.latest() if ready and library is not None else None
        for code, tile in self.category_tiles:
            category = edition.catalog.category(code) if edition is not None else None
            count = edition.count_in(code) if edition is not None else 0
            name = category.name.text(language) if category is not None else code
            tile.set_texts(name, self.words.item_count(count))
        total = len(edition.catalog.items) if edition is not None else 0
        self.all_tile.set_texts(self.tr("All services"), self.words.item_count(total))
        enterprise = (
            sum(1 for item in edition.catalog.items if item.audience != "individual")
            if edition is not None
            else 0
        )
        self.enterprise_tile.set_texts(
            self.tr("For enterprises"), self.words.item_count(enterprise)
        )
        for item_tile in self.item_tiles:
            item_tile.show_language(language)

    def _retranslate_tiles(self) -> None:
        # While the terminal starts, a tile whose journey needs a service cannot be used yet
        # and says so (help can).
        for tile, button in self.tiles:
            usable = self.shell.can_start(tile.journey)
            button.setEnabled(usable)
            hint = translate_message(Message(tile.hint))
            if not usable and self._starting:
                hint = self.tr("The terminal is starting: this is ready in a moment.")
            button.set_texts(translate_message(Message(tile.title)), hint)

    def tile_button(self, journey: JourneyName) -> TileButton:
        """The button of the tile that starts ``journey`` (tests and the tour press it)."""
        return next(button for tile, button in self.tiles if tile.journey is journey)

    def category_tile(self, code: str) -> CatalogTile:
        """The tile of category ``code`` (tests press it)."""
        return next(tile for tile_code, tile in self.category_tiles if tile_code == code)

    def item_tile(self, code: str) -> ItemTile:
        """The most-used tile of item ``code`` (tests press it)."""
        return next(tile for tile in self.item_tiles if tile.item.code == code)

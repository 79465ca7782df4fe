"""The home (attract) screen: what this terminal is for, and large tiles to start.

What it says and which tiles it shows come from the terminal's mode
(``kiosk.journeys.modes``): the widget draws them and never asks which kind of terminal it is.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.devices.printer import PrinterState
from kiosk.journeys.modes import JourneyName, Tile
from kiosk.journeys.shell import ShellView
from kiosk.runtime.layouts import Arrangement, LayoutClass
from kiosk.runtime.messages import Message
from kiosk.ui.screens.arranged import ArrangedScreen, move_widget
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import join_sentences, translate_message
from kiosk.ui.widgets.chrome import HOTLINE
from kiosk.ui.widgets.common import TileButton, make_card, make_icon, make_label

# Public facts of the programme (DESIGN §2), shown beside the tiles.
CROSS_REGION_ITEMS = 311
MUTUALLY_RECOGNISED_LICENCE_KINDS = 34


# Tile heights (mm): the prominent tile (the usual journey) and the others, per layout. In
# portrait the tiles also share the column's spare height, the prominent one the most.
TILE_MM = {"landscape": (55, 40), "compact": (42, 32), "portrait": (70, 50)}
PORTRAIT_TILE_STRETCH = (3, 2)


class HomeScreen(ArrangedScreen):
    """Welcome, the tiles a citizen can start from, and the programme in three figures.

    Landscape: tiles and figures side by side. Portrait: the tiles in a column filling the
    height (larger), the figures in a row under them. Compact: smaller tiles. Elder mode: the
    tiles alone, full width (the figures are information, not an action); the prominent tile
    first and largest.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        spacing = self.metrics.spacing_px * 2
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

        row = QHBoxLayout()
        row.setSpacing(spacing * 2)
        self.tiles_layout = self._make_tiles(spacing)
        row.addLayout(self.tiles_layout, 3)
        self.row: QBoxLayout = row

        facts, facts_layout = make_card("banner")
        self.facts = facts
        self.facts_layout = facts_layout
        pad = spacing
        facts_layout.setContentsMargins(pad, pad, pad, pad)
        facts_layout.setSpacing(spacing)
        self.figures: list[QLabel] = []
        for value in (CROSS_REGION_ITEMS, MUTUALLY_RECOGNISED_LICENCE_KINDS, HOTLINE):
            figure = QVBoxLayout()
            figure.setSpacing(0)
            number = make_label("figure", wrap=False)
            number.setText(str(value))
            caption = make_label("subtitle")
            figure.addWidget(number)
            figure.addWidget(caption)
            facts_layout.addLayout(figure)
            self.figures.append(caption)
        facts_column = QVBoxLayout()
        facts_column.addWidget(facts)
        facts_column.addStretch(1)
        row.addLayout(facts_column, 2)
        self.facts_column = facts_column
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.retranslate()
        self.rearrange()

    def _make_tiles(self, spacing: int) -> QVBoxLayout:
        tiles = QVBoxLayout()
        tiles.setSpacing(spacing)
        self.tiles: list[tuple[Tile, TileButton]] = []
        for tile in self.shell.mode.tiles:
            button = TileButton(tile.icon, self.metrics.px(22))
            button.clicked.connect(lambda _checked=False, name=tile.journey: self.shell.start(name))
            tiles.addWidget(button)
            self.tiles.append((tile, button))
        tiles.addStretch(1)
        return tiles

    def arrange(self, arrangement: Arrangement) -> None:
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
        self.facts_layout.setDirection(horizontal if figures_under else vertical)
        pad = self.metrics.spacing_px * (1 if compact else 2)
        self.facts_layout.setContentsMargins(pad, pad, pad, pad)
        self.facts_layout.setSpacing(pad)
        # The figures are information, not an action: elder mode and the compact panel (where
        # they would make the page scroll) leave them out; the hotline stays in the footer.
        self.facts.setVisible(not elder and not compact)
        self.row.setStretchFactor(self.facts_column, 0 if figures_under or elder else 2)
        self.body.setStretchFactor(self.row, 1 if fill else 0)
        self.body.setStretch(self.body.count() - 1, 0 if fill else 1)

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        if view.starting != self._starting:
            self._starting = view.starting
            self._retranslate_tiles()
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
        captions = (
            self.tr("cross-region service items"),
            self.tr("kinds of e-licences recognised in both provinces"),
            self.tr("government service hotline"),
        )
        for caption, text in zip(self.figures, captions, strict=True):
            caption.setText(text)
        self._retranslate_tiles()

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

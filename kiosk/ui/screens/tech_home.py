"""Technician mode's home: its journeys as tiles, the terminal's id, and "Leave technician
mode". The tiles come from the mode (``kiosk.journeys.modes.TECHNICIAN``): three columns in
landscape, one in portrait.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.journeys.modes import TECHNICIAN, JourneyName, Tile
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import Message
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import translate_message
from kiosk.ui.widgets.common import TileButton, make_button, make_label


class TechHomeScreen(ArrangedScreen):
    """Title, what technician mode is, the tiles; "Leave technician mode" in the action bar."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.subtitle = make_label("subtitle")
        self.body.addWidget(self.subtitle)
        self.terminal_line = make_label("hint")
        self.body.addWidget(self.terminal_line)
        grid_host = QWidget()
        self.grid = QGridLayout(grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(self.metrics.spacing_px * 2)
        self.tiles: list[tuple[Tile, TileButton]] = []
        for tile in TECHNICIAN.tiles:
            button = TileButton(tile.icon, self.metrics.px(8))
            button.clicked.connect(lambda _checked=False, name=tile.journey: self.shell.start(name))
            self.tiles.append((tile, button))
        self.body.addWidget(grid_host)
        self.body.addStretch(1)
        self.leave_button = make_button("secondary")
        self.leave_button.clicked.connect(lambda: self.shell.leave_technician("left"))
        self.retranslate()
        self.rearrange()

    def tile_button(self, journey: JourneyName) -> TileButton:
        return next(button for tile, button in self.tiles if tile.journey is journey)

    def arrange(self, arrangement: Arrangement) -> None:
        columns = 1 if arrangement.portrait else 3
        for index, (_tile, button) in enumerate(self.tiles):
            self.grid.addWidget(button, index // columns, index % columns)
        fill_action_bar(self.action_bar, [self.leave_button, STRETCH])

    def retranslate(self) -> None:
        self.title.setText(translate_message(Message(TECHNICIAN.title)))
        self.subtitle.setText(translate_message(Message(TECHNICIAN.subtitle)))
        self.terminal_line.setText(
            self.tr("Terminal {terminal}").format(terminal=self.context.terminal.terminal_id)
        )
        for tile, button in self.tiles:
            button.set_texts(
                translate_message(Message(tile.title)), translate_message(Message(tile.hint))
            )
        self.leave_button.setText(self.tr("Leave technician mode"))

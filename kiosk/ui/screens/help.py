"""How the terminal works: the four things it can do for a citizen today, and where to get
help.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.runtime.layouts import Arrangement
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import make_button, make_card, make_label


class HelpScreen(ArrangedScreen):
    """Four numbered steps and a way back home (the one action, in every mode).

    Landscape and compact: the steps in two columns. Portrait and elder mode: one column (elder
    mode's larger text may scroll the steps; the button stays in the action bar)."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = make_label("title")
        self.body.addWidget(self.title)
        grid = QGridLayout()
        grid.setSpacing(self.metrics.spacing_px * 2)
        self.grid = grid
        self.cards: list[QWidget] = []
        self.steps: list[tuple[QLabel, QLabel]] = []
        for index in range(4):
            card, layout = make_card(vertical=False)
            pad = self.metrics.spacing_px * 2
            layout.setContentsMargins(pad, pad, pad, pad)
            layout.setSpacing(pad)
            number = make_label("step-number", wrap=False)
            number.setText(str(index + 1))
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            heading = make_label("tile-title")
            detail = make_label("body")
            column = QVBoxLayout()
            column.addWidget(heading)
            column.addWidget(detail)
            column.addStretch(1)
            layout.addWidget(number, 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(column, 1)
            grid.addWidget(card, index // 2, index % 2)
            self.cards.append(card)
            self.steps.append((heading, detail))
        self.body.addLayout(grid, 1)
        self.hint = make_label("hint")
        self.body.addWidget(self.hint)
        self.action_bar.addStretch(1)
        self.home_button = make_button("primary")
        self.home_button.clicked.connect(self.shell.go_home)
        self.action_bar.addWidget(self.home_button)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        columns = 1 if arrangement.portrait or arrangement.elder else 2
        for card in self.cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        spacing = self.metrics.spacing_px * (1 if arrangement.compact else 2)
        self.grid.setSpacing(spacing)
        # Elder mode: the one action across the bar.
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.home_button])
            widen(self.action_bar, self.home_button)
        else:
            fill_action_bar(self.action_bar, [STRETCH, self.home_button])

    def retranslate(self) -> None:
        self.title.setText(self.tr("How this terminal works"))
        texts = (
            (
                self.tr("Find your service"),
                self.tr(
                    "Search in Chinese, in pinyin (even its initials, such as sbk) or in "
                    "English, or choose a category."
                ),
            ),
            (
                self.tr("Read what it takes"),
                self.tr(
                    "See what to bring, how long it takes, and who handles it in Sichuan and "
                    "in Chongqing."
                ),
            ),
            (
                self.tr("Take the guide"),
                self.tr("Print the guide, or scan its code with your phone to read it there."),
            ),
            (
                self.tr("Check a code, or ask for help"),
                self.tr(
                    "Check an e-ID or e-licence code here. For help, call the staff with the "
                    "button at the bottom of the screen."
                ),
            ),
        )
        for (heading, detail), (heading_text, detail_text) in zip(self.steps, texts, strict=True):
            heading.setText(heading_text)
            detail.setText(detail_text)
        self.hint.setText(
            self.tr(
                "Your information is cleared automatically when you leave or stop using the screen."
            )
        )
        self.home_button.setText(self.tr("Back to home"))

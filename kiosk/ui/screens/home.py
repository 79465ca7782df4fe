"""The home (attract) screen: what this terminal is for, and large tiles to start.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.devices.printer import PrinterState
from kiosk.journeys.shell import ShellView
from kiosk.runtime.messages import Message
from kiosk.ui.screens.base import ScreenWidget, UiContext
from kiosk.ui.texts import join_sentences, translate_message
from kiosk.ui.widgets.chrome import HOTLINE
from kiosk.ui.widgets.common import TileButton, make_card, make_icon, make_label

# Public facts of the programme (DESIGN §2), shown beside the tiles.
CROSS_REGION_ITEMS = 311
MUTUALLY_RECOGNISED_LICENCE_KINDS = 34


class HomeScreen(ScreenWidget):
    """Welcome, the tiles a citizen can start from, and the programme in three figures."""

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
        row.addLayout(self._make_tiles(spacing), 3)

        facts, facts_layout = make_card("banner")
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
        self.body.addLayout(row)
        self.body.addStretch(1)
        self.retranslate()

    def _make_tiles(self, spacing: int) -> QVBoxLayout:
        tiles = QVBoxLayout()
        tiles.setSpacing(spacing)
        self.check_tile = TileButton("scan", self.metrics.px(22))
        self.check_tile.setMinimumHeight(self.metrics.px(55))
        self.check_tile.clicked.connect(self.shell.open_check)
        tiles.addWidget(self.check_tile)
        self.help_tile = TileButton("help", self.metrics.px(22))
        self.help_tile.setMinimumHeight(self.metrics.px(40))
        self.help_tile.clicked.connect(self.shell.open_help)
        tiles.addWidget(self.help_tile)
        tiles.addStretch(1)
        return tiles

    def show_view(self, view: ShellView) -> None:
        if view.starting != self._starting:
            self._starting = view.starting
            self._retranslate_check_tile()
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
                self.tr(
                    "Check-in slips cannot be printed at the moment: the slip will be shown on "
                    "the screen instead."
                )
                if self.context.terminal.profile == "hotel"
                else self.tr(
                    "Receipts cannot be printed at the moment. You can still use every "
                    "service: your receipt will be shown on the screen to photograph, and the "
                    "staff can print it later."
                ),
            )
        )

    def retranslate(self) -> None:
        self._retranslate_notice()
        if self.context.terminal.profile == "hotel":
            self.title.setText(self.tr("Guest check-in with the electronic ID"))
            self.subtitle.setText(
                self.tr(
                    "Guests can check in by showing the e-ID QR code on their phone instead "
                    "of a physical identity card."
                )
            )
        else:
            self.title.setText(self.tr("Welcome to cross-region self-service"))
            self.subtitle.setText(
                self.tr(
                    "Services of Sichuan and Chongqing handled here to one standard: the same "
                    "procedure, the same materials, the same processing time."
                )
            )
        captions = (
            self.tr("cross-region service items"),
            self.tr("kinds of e-licences recognised in both provinces"),
            self.tr("government service hotline"),
        )
        for caption, text in zip(self.figures, captions, strict=True):
            caption.setText(text)
        self._retranslate_check_tile()
        self.help_tile.set_texts(
            self.tr("How to use this terminal"),
            self.tr("What to bring and the steps, from start to receipt"),
        )

    def _retranslate_check_tile(self) -> None:
        # While the terminal starts, the tile cannot be used yet and says so (help can).
        self.check_tile.setEnabled(not self._starting)
        if self.context.terminal.profile == "hotel":
            title = self.tr("Verify a guest's e-ID")
            hint = self.tr("The guest shows the e-ID QR code on their phone to the camera")
        else:
            title = self.tr("Check an e-ID or e-licence")
            hint = self.tr("Show the QR code on your phone and see what the terminal reads")
        if self._starting:
            hint = self.tr("The terminal is starting: this is ready in a moment.")
        self.check_tile.set_texts(title, hint)

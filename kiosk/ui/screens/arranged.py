"""Screens that re-arrange for their window: landscape, portrait, compact, and elder mode.

A screen derived from ``ArrangedScreen`` learns its ``Arrangement`` (the window's layout class,
``kiosk.runtime.layouts``, and whether this session is in elder mode) when the window is resized,
when the screen is entered and with every shell view, and calls its ``arrange`` only when the
arrangement changed. Helpers here move widgets between layouts without rebuilding them.

Elder mode shows one primary action prominently: ``fill_action_bar`` lays the bar out with that
action widened and only the way back home beside it; other secondary actions move into the body.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLayout, QPushButton, QWidget

from kiosk.journeys.shell import ShellView
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement, classify
from kiosk.ui.screens.base import ScreenWidget, UiContext
from kiosk.ui.widgets.common import empty_layout

STRETCH = None  # in an action bar's item list: a flexible gap


class ArrangedScreen(ScreenWidget):
    """A screen with an ``arrange`` hook for its window's size and the session's elder mode."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.arrangement: Arrangement | None = None  # none applied yet

    def current_arrangement(self) -> Arrangement:
        """The arrangement this screen should have now (from its window's size)."""
        window = self.window()
        size = window.size() if window is not self else self.size()
        elder = self.shell.view().presentation.elder
        return Arrangement(classify(size.width(), size.height()), elder=elder)

    def rearrange(self) -> None:
        """Apply the current arrangement if it differs from the one applied."""
        wanted = self.current_arrangement()
        if wanted != self.arrangement:
            self.arrangement = wanted
            # Compact: half the margins and gaps, so that the content fits a 768 px panel
            # (elder mode's margins are already half, its spacing larger: the base's choice).
            spacing = self.metrics.spacing_px
            margin = spacing * (2 if wanted.compact or wanted.elder else 4)
            self.body.setContentsMargins(margin, margin, margin, margin)
            self.body.setSpacing(spacing * (1 if wanted.compact else 2))
            self.action_bar.setContentsMargins(margin, 0, margin, margin)
            self.arrange(wanted)

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        """The base lays out its margins for ``metrics``; then this screen arranges itself
        again (its sizes come from the metrics, and compact margins are tighter)."""
        super().apply_presentation(metrics)
        self.arrangement = None
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        """Re-arrange for ``arrangement``. Default: margins only (done by ``rearrange``)."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self.rearrange()
        super().resizeEvent(event)

    def on_enter(self) -> None:
        self.rearrange()

    def show_view(self, view: ShellView) -> None:
        self.rearrange()


def fill_action_bar(bar: QBoxLayout, items: Sequence[QPushButton | None]) -> None:
    """Lay ``bar`` out anew with ``items`` in order (``STRETCH`` for a gap). Buttons that were in
    the bar and are not listed are taken out of it: the caller puts them elsewhere (or hides
    them)."""
    empty_layout(bar)
    for entry in items:
        if entry is None:
            bar.addStretch(1)
        else:
            bar.addWidget(entry)


def widen(bar: QBoxLayout, button: QPushButton) -> None:
    """Let ``button`` take the bar's spare width (elder mode's one prominent action)."""
    bar.setStretchFactor(button, 1)


def move_widget(widget: QWidget, source: QLayout, into: QBoxLayout, index: int = -1) -> None:
    """Move ``widget`` from ``source`` (the layout holding it directly) into ``into`` at
    ``index`` (-1: the end)."""
    source.removeWidget(widget)
    into.insertWidget(index, widget)

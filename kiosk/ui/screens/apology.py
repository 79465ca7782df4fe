"""Shown after a bug: a calm apology, the session already wiped, then home on its own.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.journeys.idle import IdlePhase
from kiosk.journeys.shell import ShellView
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import make_button, make_icon, make_label


class ApologyScreen(ArrangedScreen):
    """Sorry; your data is cleared; start again; back home in a few seconds."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._seconds = 0
        self.body.addStretch(1)
        self.body.addWidget(
            make_icon("apology", self.metrics.px(30)), 0, Qt.AlignmentFlag.AlignHCenter
        )
        self.title = make_label("title")
        self.message = make_label("body")
        self.countdown = make_label("hint")
        for label in (self.title, self.message, self.countdown):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.body.addWidget(label)
        self.body.addStretch(1)
        self.home_button = make_button("primary")
        self.home_button.clicked.connect(self.shell.go_home)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.home_button)
        self.action_bar.addStretch(1)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        # Elder mode: the one action across the bar; otherwise centred.
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.home_button])
            widen(self.action_bar, self.home_button)
        else:
            fill_action_bar(self.action_bar, [STRETCH, self.home_button, STRETCH])

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        if view.idle.phase is IdlePhase.COUNTDOWN and view.idle.seconds_left != self._seconds:
            self._seconds = view.idle.seconds_left
            self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Sorry, something went wrong"))
        self.message.setText(
            self.tr(
                "Your information has been cleared to protect your privacy. Please start "
                "again. If this happens again, please ask the staff for help."
            )
        )
        self.countdown.setText(
            self.tr("Returning to the home screen in {seconds} s").format(seconds=self._seconds)
            if self._seconds
            else ""
        )
        self.home_button.setText(self.tr("Back to home"))

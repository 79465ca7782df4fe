"""Technician mode: restart the application or leave to the desktop
(``kiosk.journeys.tech_system``). Two large choices; restarting asks "are you sure",
leaving to the desktop asks for the PIN again.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, QTimer
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.journeys.shell import ShellView
from kiosk.journeys.tech_system import SystemAction, TechSystemJourney
from kiosk.runtime.layouts import Arrangement
from kiosk.technician.pin import MAX_DIGITS, PinOutcome
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import TileButton, make_button, make_card, make_label


class TechSystemScreen(ArrangedScreen):
    """The two choices as tiles; the confirmation card under them."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._listening: TechSystemJourney | None = None
        self._shown_asking: SystemAction | None = None  # the confirmation brought into view
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.restart_tile = TileButton("wrench", self.metrics.px(10))
        self.restart_tile.clicked.connect(lambda: self._ask(SystemAction.RESTART))
        self.body.addWidget(self.restart_tile)
        self.desktop_tile = TileButton("wrench", self.metrics.px(10))
        self.desktop_tile.clicked.connect(lambda: self._ask(SystemAction.DESKTOP))
        self.body.addWidget(self.desktop_tile)

        self.confirm, confirm_layout = make_card("warning")
        pad = self.metrics.spacing_px * 2
        confirm_layout.setContentsMargins(pad, pad, pad, pad)
        self.question = make_label("body")
        confirm_layout.addWidget(self.question)
        self.pin_field = QLineEdit()
        self.pin_field.setObjectName("TechnicianPinField")
        configure_field(self.pin_field, FieldKind.DIGITS)
        self.pin_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhHiddenText
        )
        self.pin_field.setValidator(
            QRegularExpressionValidator(
                QRegularExpression(f"[0-9]{{0,{MAX_DIGITS}}}"), self.pin_field
            )
        )
        self.pin_field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.pin_field.setPlaceholderText("······")
        self.pin_field.returnPressed.connect(self._yes)
        confirm_layout.addWidget(self.pin_field)
        self.answer = make_label("body")
        confirm_layout.insertWidget(1, self.answer)  # above the PIN field (the keyboard's side)
        # Cancel and confirm go in the fixed action bar: never under the on-screen keyboard.
        self.no_button = make_button("secondary")
        self.no_button.clicked.connect(self._no)
        self.yes_button = make_button("primary")
        self.yes_button.clicked.connect(self._yes)
        self.confirm.hide()
        self.body.addWidget(self.confirm)
        self.body.addStretch(1)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.go_home)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        fill_action_bar(
            self.action_bar, [self.back_button, STRETCH, self.no_button, self.yes_button]
        )

    @property
    def journey(self) -> TechSystemJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, TechSystemJourney) else None

    def _ask(self, action: SystemAction) -> None:
        journey = self.journey
        if journey is not None:
            journey.ask(action)

    def _no(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.cancel()

    def _yes(self) -> None:
        journey = self.journey
        if journey is None:
            return
        if journey.state.asking is SystemAction.RESTART:
            journey.confirm_restart()
        elif journey.state.asking is SystemAction.DESKTOP and journey.confirm_desktop(
            self.pin_field.text()
        ):
            self.pin_field.clear()

    # ------------------------------------------------------------------ showing
    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is not None and journey is not self._listening:
            journey.subscribe_updates(self._refresh)
            self._listening = journey
        self._refresh()

    def on_leave(self) -> None:
        self.pin_field.clear()

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        self._refresh()

    def _refresh(self) -> None:
        journey = self.journey
        asking = journey.state.asking if journey is not None else None
        self.confirm.setVisible(asking is not None)
        self.no_button.setVisible(asking is not None)
        self.yes_button.setVisible(asking is not None)
        self.back_button.setVisible(asking is None)
        self.pin_field.setVisible(asking is SystemAction.DESKTOP)
        if asking is SystemAction.RESTART:
            self.question.setText(
                self.tr(
                    "Restart the application now? Anyone using the terminal loses what they "
                    "entered. A new setting or enrolment takes effect after the restart."
                )
            )
            self.yes_button.setText(self.tr("Restart now"))
        elif asking is SystemAction.DESKTOP:
            self.question.setText(
                self.tr(
                    "Leave the kiosk for the desktop? The terminal serves nobody until it is "
                    "started again. Type the technician PIN to confirm."
                )
            )
            self.yes_button.setText(self.tr("Leave to the desktop"))
        if asking is not None and asking is not self._shown_asking:
            # The question appears below the choices: bring it (and the PIN field) into view.
            QTimer.singleShot(0, lambda: self.scroll_area.ensureWidgetVisible(self.confirm))
            if asking is SystemAction.DESKTOP:
                self.pin_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self._shown_asking = asking
        self.answer.setText(self._answer(journey))
        self.answer.setVisible(bool(self.answer.text()))
        busy = journey is not None and (journey.state.checking or journey.state.done is not None)
        self.yes_button.setEnabled(not busy)
        self.no_button.setEnabled(not busy)

    def _answer(self, journey: TechSystemJourney | None) -> str:
        if journey is None:
            return ""
        state = journey.state
        if state.done is SystemAction.RESTART:
            return self.tr("Restarting…")
        if state.done is SystemAction.DESKTOP:
            return self.tr("Closing the kiosk…")
        if state.checking:
            return self.tr("Checking the PIN…")
        verdict = state.verdict
        if verdict is None:
            return ""
        if verdict.outcome is PinOutcome.LOCKED:
            return self.tr("Too many wrong PINs: the PIN is locked for now.")
        return self.tr("Wrong PIN. The kiosk stays open.")

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.title.setText(self.tr("Restart or leave"))
        self.restart_tile.set_texts(
            self.tr("Restart the application"),
            self.tr("Applies new settings or a new enrolment"),
        )
        self.desktop_tile.set_texts(
            self.tr("Leave to the desktop"),
            self.tr("Closes the kiosk for maintenance on the machine; asks for the PIN"),
        )
        self.no_button.setText(self.tr("Cancel"))
        self.back_button.setText(self.tr("Back to technician mode"))
        self._refresh()

    def wipe(self) -> None:
        super().wipe()
        self.pin_field.clear()
        self.confirm.hide()
        self._listening = None
        self._shown_asking = None

"""The technician's PIN, asked after the hidden gesture (``kiosk.journeys.unlock``).

A masked field on the on-screen keyboard's digit pad (nothing learnt, nothing suggested),
"Unlock" and "Cancel". Below the field: a wrong PIN and the tries left before the lock, the
lock and the minutes left, no PIN set (and the command that sets one), or "checking". The field
is emptied after every try and whenever the screen is left: the PIN is never kept.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.journeys.shell import ShellView
from kiosk.journeys.unlock import UnlockJourney
from kiosk.runtime.layouts import Arrangement
from kiosk.technician.pin import MAX_DIGITS, PinOutcome
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import make_button, make_card, make_label


class TechPinScreen(ArrangedScreen):
    """Title, explanation, the PIN field, what the last try said; Cancel and Unlock."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.explanation = make_label("body")
        self.body.addWidget(self.explanation)
        self.field = QLineEdit()
        self.field.setObjectName("TechnicianPinField")
        configure_field(self.field, FieldKind.DIGITS)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhDigitsOnly
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
            | Qt.InputMethodHint.ImhHiddenText
        )
        self.field.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{MAX_DIGITS}}}"), self.field)
        )
        self.field.setMaxLength(MAX_DIGITS)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.textChanged.connect(self._typed)
        self.field.returnPressed.connect(self._unlock)
        # What the last try said goes above the field: the on-screen keyboard, up while the
        # field has focus, covers what is below it.
        self.notice, notice_layout = make_card("warning")
        pad = self.metrics.spacing_px * 2
        notice_layout.setContentsMargins(pad, pad, pad, pad)
        self.notice_text = make_label("body")
        notice_layout.addWidget(self.notice_text)
        self.notice.hide()
        self.body.addWidget(self.notice)
        self.body.addWidget(self.field)
        self.body.addStretch(1)
        self.cancel_button = make_button("secondary")
        self.cancel_button.clicked.connect(self.shell.go_home)
        self.unlock_button = make_button("primary")
        self.unlock_button.clicked.connect(self._unlock)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        fill_action_bar(self.action_bar, [self.cancel_button, STRETCH, self.unlock_button])
        self.field.setMinimumHeight(self.metrics.px(16))

    @property
    def journey(self) -> UnlockJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, UnlockJourney) else None

    # ------------------------------------------------------------------ intents
    def _typed(self, _text: str) -> None:
        self._refresh()

    def _unlock(self) -> None:
        journey = self.journey
        if journey is None:
            return
        pin = self.field.text()
        if journey.submit(pin):
            self.field.clear()  # handed to the check; never kept on screen
        self._refresh()

    # ------------------------------------------------------------------ showing
    def on_enter(self) -> None:
        super().on_enter()
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh()

    def on_leave(self) -> None:
        self.field.clear()
        self.field.clearFocus()

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        self._refresh()

    def _refresh(self) -> None:
        journey = self.journey
        text = self._notice(journey) if journey is not None else ""
        self.notice.setVisible(bool(text))
        self.notice_text.setText(text)
        ready = (
            journey is not None
            and not journey.checking
            and journey.locked_for_s() <= 0
            and UnlockJourney.complete(self.field.text())
        )
        self.unlock_button.setEnabled(ready)
        self.field.setEnabled(journey is None or journey.locked_for_s() <= 0)

    def _notice(self, journey: UnlockJourney) -> str:
        if journey.checking:
            return self.tr("Checking the PIN…")
        if journey.state.failed:
            return self.tr(
                "The PIN could not be checked just now. Try again; if this keeps happening, "
                "restart the terminal."
            )
        verdict = journey.verdict
        if verdict is None:
            return ""
        if verdict.outcome is PinOutcome.NOT_SET:
            return self.tr(
                "No technician PIN is set on this terminal. Set one on the terminal's command "
                "line with: `kiosk technician set-pin`"
            )
        locked = journey.locked_for_s()
        if locked > 0:
            minutes = max(1, math.ceil(locked / 60))
            return self.tr(
                "Too many wrong PINs. Technician mode is locked for {minutes} min. Every "
                "further wrong PIN doubles the wait."
            ).format(minutes=minutes)
        if verdict.outcome is PinOutcome.REFUSED:
            left = journey.tries_left()
            if left == 1:
                return self.tr("Wrong PIN. 1 try left before technician mode is locked.")
            return self.tr("Wrong PIN. {left} tries left before technician mode is locked.").format(
                left=left if left is not None else 0
            )
        if verdict.outcome is PinOutcome.LOCKED:
            return self.tr("The lock has ended. You may try the PIN again.")
        return ""

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.title.setText(self.tr("Technician PIN"))
        self.explanation.setText(
            self.tr(
                "For technicians only. Type the technician PIN to open technician mode. Every "
                "try is recorded in the audit log."
            )
        )
        self.field.setAccessibleName(self.tr("Technician PIN"))
        self.field.setPlaceholderText(self.tr("6 to 12 digits"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.unlock_button.setText(self.tr("Unlock"))
        self._refresh()

    def wipe(self) -> None:
        super().wipe()
        self.field.clear()
        self.notice.hide()
        self.notice_text.setText("")

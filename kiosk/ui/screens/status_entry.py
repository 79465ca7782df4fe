"""Check an application's progress: type the acceptance number, or show the receipt's QR code.

The entry step of the status journey (``kiosk.journeys.status``). The field takes Latin letters,
digits and hyphens on the on-screen keyboard's English layout (an acceptance number such as
SC20261205000123, or the local reference of an application submitted while the terminal was
offline); every edit goes to the journey, which decides whether it can be looked up and says
what is wrong if not. "Show the QR code on the receipt" leads to the scan step. Back keeps what
was typed (the journey's state); a new session wipes the field.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from kiosk.journeys.status import EXAMPLE_NUMBER, MAX_TYPED, StatusJourney
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import TileButton, make_button, make_card, make_label

# Letters, digits and the hyphens of a local reference; spaces are dropped by the journey.
TYPED_PATTERN = f"[A-Za-z0-9 -]{{0,{MAX_TYPED}}}"


class StatusEntryScreen(ArrangedScreen):
    """Title, the field, a line saying what is wrong, and the scan choice as a large tile;
    "Back to home" and "Look up" (the primary action, widened in elder mode) in the action
    bar."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.explanation = make_label("body")
        self.body.addWidget(self.explanation)

        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setObjectName("StatusNumberField")
        configure_field(self.field, FieldKind.TEXT)
        # The English layout in capitals: numbers are Latin letters and digits, never pinyin.
        self.field.setInputMethodHints(
            self.field.inputMethodHints()
            | Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhPreferUppercase
        )
        self.field.setValidator(
            QRegularExpressionValidator(QRegularExpression(TYPED_PATTERN), self.field)
        )
        self.field.setMaxLength(MAX_TYPED)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.textEdited.connect(self._typed)
        self.field.returnPressed.connect(self._look_up)
        row.addWidget(self.field, 1)
        self.field_row = row
        self.body.addLayout(row)

        self.problem, problem_layout = make_card("warning")
        pad = self.metrics.spacing_px * 2
        problem_layout.setContentsMargins(pad, pad, pad, pad)
        self.problem_text = make_label("body")
        problem_layout.addWidget(self.problem_text)
        self.problem.hide()
        self.body.addWidget(self.problem)

        self.or_label = make_label("subtitle")
        self.body.addWidget(self.or_label)
        self.scan_button = TileButton("scan", self.metrics.px(12))
        self.scan_button.clicked.connect(self._scan)
        self.body.addWidget(self.scan_button)
        self.where = make_label("hint")
        self.body.addWidget(self.where)
        self.body.addStretch(1)

        self.home_button = make_button("secondary")
        self.home_button.clicked.connect(self.shell.go_home)
        # In the fixed bar: "Look up" never scrolls away under a short panel or the keyboard.
        self.look_button = make_button("primary")
        self.look_button.clicked.connect(self._look_up)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        fill_action_bar(self.action_bar, [self.home_button, STRETCH, self.look_button])
        if arrangement.elder:
            widen(self.action_bar, self.look_button)
        self.field.setMinimumHeight(self.metrics.px(20 if arrangement.elder else 16))
        self.field_row.setSpacing(self.metrics.spacing_px * 2)

    # ------------------------------------------------------------------ the journey
    @property
    def journey(self) -> StatusJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, StatusJourney) else None

    def _typed(self, text: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.type_text(text)
        self._show_problem()

    def _look_up(self) -> None:
        journey = self.journey
        if journey is None:
            return
        journey.type_text(self.field.text())
        if not journey.look_up():
            self._show_problem()
            self.scroll_area.ensureWidgetVisible(self.problem)
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def _scan(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.scan()

    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is not None and self.field.text() != journey.state.typed:
            self.field.setText(journey.state.typed)
        self._show_problem()

    def on_leave(self) -> None:
        self.field.clearFocus()

    def _show_problem(self) -> None:
        journey = self.journey
        problem = journey.state.problem if journey is not None else None
        self.problem.setVisible(problem is not None)
        if problem is not None:
            text = QCoreApplication.translate("Status", problem.value)
            self.problem_text.setText(text.format(example=EXAMPLE_NUMBER))
        else:
            self.problem_text.setText("")

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.title.setText(self.tr("Check an application's progress"))
        self.explanation.setText(self.tr("Type the acceptance number printed on your receipt."))
        self.field.setPlaceholderText(self.tr("For example %1").replace("%1", EXAMPLE_NUMBER))
        self.field.setAccessibleName(self.tr("Acceptance number"))
        self.look_button.setText(self.tr("Look up"))
        self.or_label.setText(self.tr("Or:"))
        self.scan_button.set_texts(
            self.tr("Show the QR code on your receipt"),
            self.tr("Hold the receipt under the camera"),
        )
        self.where.setText(
            self.tr(
                "If the receipt says the application will be submitted automatically, type its "
                "local reference instead. Only the item and its progress are shown, nothing "
                "about you. Lost your receipt? Call 12345 or ask the staff."
            )
        )
        self.home_button.setText(self.tr("Back to home"))
        self._show_problem()

    def wipe(self) -> None:
        """A session ended: what was typed goes (privacy)."""
        super().wipe()
        self.field.clear()
        self.field.clearFocus()
        self.problem.hide()
        self.problem_text.setText("")

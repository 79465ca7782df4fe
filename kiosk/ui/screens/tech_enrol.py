"""Technician mode's enrolment (``kiosk.journeys.tech_enrol``): one screen for its three steps.

- Entry: whether this terminal is enrolled (as which terminal, with which platform, since
  when; or not; or a damaged enrolment) and the one-time code typed on the on-screen keyboard's
  English layout in capitals; what is wrong with what was typed shows under the field.
- Confirm (an enrolled terminal): enrolling again replaces the enrolment; "Enrol again" or
  "Cancel".
- Result: "Enrolling…", then "enrolled as …" with "Restart now" (the new enrolment is used
  after a restart), or why not in plain words with the error code for the platform operator,
  and "Try again".

The field's text is the journey's state (wiped with it); a new session empties the field.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.shell import ShellView
from kiosk.journeys.tech_enrol import (
    EXAMPLE_CODE,
    MAX_TYPED,
    EnrolStep,
    Held,
    HeldEnrolment,
    TechEnrolJourney,
)
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import make_button, make_card, make_label

# Letters, digits, spaces and dashes: the journey reads the code and says what is wrong.
TYPED_PATTERN = f"[A-Za-z0-9 -]{{0,{MAX_TYPED}}}"


class TechEnrolScreen(ArrangedScreen):
    """The enrolment held, the code, and the result; the action bar changes with the step."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._listening: TechEnrolJourney | None = None
        pad = self.metrics.spacing_px * 2
        self.title = make_label("title")
        self.body.addWidget(self.title)

        self.held_card, held = make_card()
        held.setContentsMargins(pad, pad, pad, pad)
        self.held_title = make_label("tile-title")
        held.addWidget(self.held_title)
        self.held_text = make_label("body")
        held.addWidget(self.held_text)
        self.body.addWidget(self.held_card)

        self.body.addWidget(self._entry_step())

        # The confirmation.
        self.confirm, confirm_layout = make_card("warning")
        confirm_layout.setContentsMargins(pad, pad, pad, pad)
        self.question = make_label("body")
        confirm_layout.addWidget(self.question)
        self.body.addWidget(self.confirm)

        # The result.
        self.result_card, result = make_card()
        result.setContentsMargins(pad, pad, pad, pad)
        self.result_title = make_label("tile-title")
        result.addWidget(self.result_title)
        self.result_text = make_label("body")
        result.addWidget(self.result_text)
        self.result_code = make_label("hint")
        self.result_code.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        result.addWidget(self.result_code)
        self.body.addWidget(self.result_card)
        self.body.addStretch(1)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self._back)
        self.enrol_button = make_button("primary")
        self.enrol_button.clicked.connect(self._enrol)
        self.confirm_button = make_button("primary")
        self.confirm_button.clicked.connect(self._confirm)
        self.restart_button = make_button("primary")
        self.restart_button.clicked.connect(self._restart)
        self.again_button = make_button("secondary")
        self.again_button.clicked.connect(self._again)
        self.done_button = make_button("secondary")
        self.done_button.clicked.connect(self._again)
        self.retranslate()
        self.rearrange()

    def _entry_step(self) -> QWidget:
        """The field for the code, with what is wrong with it under it."""
        pad = self.metrics.spacing_px * 2
        self.entry = QWidget()
        entry = self._column(self.entry)
        self.explanation = make_label("body")
        entry.addWidget(self.explanation)
        self.field = QLineEdit()
        self.field.setObjectName("EnrolmentCodeField")
        configure_field(self.field, FieldKind.TEXT)
        # The English layout in capitals: a code is Latin letters and digits, never pinyin.
        self.field.setInputMethodHints(
            self.field.inputMethodHints()
            | Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhPreferUppercase
            | Qt.InputMethodHint.ImhNoAutoUppercase
        )
        self.field.setValidator(
            QRegularExpressionValidator(QRegularExpression(TYPED_PATTERN), self.field)
        )
        self.field.setMaxLength(MAX_TYPED)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.textEdited.connect(self._typed)
        self.field.returnPressed.connect(self._enrol)
        entry.addWidget(self.field)
        self.problem, problem_layout = make_card("warning")
        problem_layout.setContentsMargins(pad, pad, pad, pad)
        self.problem_text = make_label("body")
        problem_layout.addWidget(self.problem_text)
        self.problem.hide()
        entry.addWidget(self.problem)
        return self.entry

    def _column(self, widget: QWidget) -> QVBoxLayout:
        layout = QVBoxLayout(widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self.metrics.spacing_px * 2)
        return layout

    def arrange(self, arrangement: Arrangement) -> None:
        self._fill_bar()
        self.field.setMinimumHeight(self.metrics.px(20 if arrangement.elder else 16))

    def _fill_bar(self) -> None:
        journey = self.journey
        step = journey.step if journey is not None else EnrolStep.ENTRY
        if step is EnrolStep.ENTRY:
            buttons = [self.back_button, STRETCH, self.enrol_button]
        elif step is EnrolStep.CONFIRM:
            buttons = [self.back_button, STRETCH, self.confirm_button]
        else:
            result = journey.result if journey is not None else None
            if result is not None and result.ok:
                buttons = [self.done_button, STRETCH, self.restart_button]
            else:
                buttons = [self.back_button, STRETCH, self.again_button]
        fill_action_bar(self.action_bar, buttons)
        for button in (
            self.enrol_button,
            self.confirm_button,
            self.restart_button,
            self.again_button,
            self.done_button,
            self.back_button,
        ):
            button.setVisible(button in buttons)
        working = journey is not None and journey.working
        self.again_button.setEnabled(not working)
        if self.arrangement is not None and self.arrangement.elder:
            primary = next((b for b in reversed(buttons) if b is not None), None)
            if primary is not None:
                widen(self.action_bar, primary)

    @property
    def journey(self) -> TechEnrolJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, TechEnrolJourney) else None

    # ------------------------------------------------------------------ touches
    def _typed(self, text: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.type_text(text)
        self._refresh()

    def _enrol(self) -> None:
        journey = self.journey
        if journey is None:
            return
        journey.type_text(self.field.text())
        if not journey.enrol():
            self._refresh()
            self.scroll_area.ensureWidgetVisible(self.problem)
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.field.clearFocus()  # the keyboard goes away: the answer is what matters now

    def _confirm(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.confirm()

    def _again(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.again()

    def _restart(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.restart()

    def _back(self) -> None:
        journey = self.journey
        if journey is not None and journey.step is EnrolStep.CONFIRM:
            self.shell.back()
        else:
            self.shell.go_home()

    # ------------------------------------------------------------------ showing
    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is not None and journey is not self._listening:
            journey.on_change(self._refresh)
            self._listening = journey
        if journey is not None and self.field.text() != journey.state.typed:
            self.field.setText(journey.state.typed)
        self._refresh()

    def on_leave(self) -> None:
        self.field.clearFocus()

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        self._refresh()

    def _refresh(self) -> None:
        journey = self.journey
        if journey is None:
            return
        step = journey.step
        if step is EnrolStep.ENTRY and self.field.text() != journey.state.typed:
            self.field.setText(journey.state.typed)
        self.entry.setVisible(step is EnrolStep.ENTRY)
        self.confirm.setVisible(step is EnrolStep.CONFIRM)
        self.result_card.setVisible(step is EnrolStep.RESULT)
        # Once enrolled, the result says it all (the enrolment held is the new one).
        enrolled_now = step is EnrolStep.RESULT and journey.result is not None and journey.result.ok
        self.held_card.setVisible(not enrolled_now)
        self._show_held(journey.held)
        self._show_problem(journey)
        self.question.setText(self._question(journey.held))
        self._show_result(journey)
        self._fill_bar()

    def _show_held(self, held: HeldEnrolment) -> None:
        if held.held is Held.UNKNOWN:
            self.held_title.setText(self.tr("Reading the enrolment…"))
            self.held_text.setText("")
        elif held.held is Held.NONE:
            self.held_title.setText(self.tr("This terminal is not enrolled"))
            self.held_text.setText(
                self.tr(
                    "Terminal %1 cannot send applications, check-ins or calls for staff to the "
                    "platform until it is enrolled."
                ).replace("%1", held.configured_id)
            )
        elif held.held is Held.DAMAGED:
            self.held_title.setText(self.tr("The stored enrolment is damaged"))
            self.held_text.setText(
                self.tr("This terminal's enrolment file cannot be read. Enrol it again.")
            )
        else:
            self.held_title.setText(
                self.tr("Enrolled as terminal %1").replace("%1", held.terminal_id)
            )
            text = (
                self.tr("With the platform at %1, since %2.")
                .replace("%1", held.platform_url)
                .replace("%2", self._when(held))
            )
            if held.other_id:
                text += "\n" + self.tr(
                    "The settings now name terminal %1: enrol again with a code for %1."
                ).replace("%1", held.configured_id)
            self.held_text.setText(text)

    def _when(self, held: HeldEnrolment) -> str:
        if held.enrolled_at is None:
            return self.tr("a time the platform did not say")
        return f"{held.enrolled_at.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}"

    def _show_problem(self, journey: TechEnrolJourney) -> None:
        parsed = journey.state.problem
        self.problem.setVisible(parsed is not None and parsed.problem is not None)
        if parsed is None or parsed.problem is None:
            self.problem_text.setText("")
            return
        text = QCoreApplication.translate("TechEnrol", parsed.problem.value)
        self.problem_text.setText(
            text.format(example=EXAMPLE_CODE, count=parsed.count, character=parsed.character)
        )

    def _question(self, held: HeldEnrolment) -> str:
        if held.held is Held.DAMAGED:
            return self.tr(
                "Enrol again? The damaged enrolment is replaced by the new one. Records waiting "
                "to be sent stay on this terminal."
            )
        return (
            self.tr(
                "This terminal is already enrolled as %1 since %2. Enrolling again replaces "
                "its enrolment with the platform and on this terminal; it takes effect after a "
                "restart. Records waiting to be sent stay on this terminal. Enrol again?"
            )
            .replace("%1", held.terminal_id)
            .replace("%2", self._when(held))
        )

    def _show_result(self, journey: TechEnrolJourney) -> None:
        result = journey.result
        self.result_card.setProperty("role", "card" if result is None or result.ok else "warning")
        self.result_card.style().unpolish(self.result_card)
        self.result_card.style().polish(self.result_card)
        self.result_code.setVisible(result is not None and not result.ok)
        if journey.working or result is None:
            self.result_title.setText(self.tr("Enrolling with the platform…"))
            self.result_text.setText(self.tr("This takes a few seconds."))
            return
        if result.ok and result.enrolment is not None:
            self.result_title.setText(
                self.tr("Enrolled as terminal %1").replace("%1", result.enrolment.terminal_id)
            )
            self.result_text.setText(
                self.tr(
                    "The terminal is enrolled with the platform at %1. Restart the application "
                    "to use the new enrolment: until then it keeps working as before."
                ).replace("%1", result.enrolment.platform_url)
            )
            return
        self.result_title.setText(self.tr("The terminal was not enrolled"))
        problem = result.problem
        text = QCoreApplication.translate("TechEnrol", problem.value) if problem else ""
        self.result_text.setText(text.format(terminal_id=journey.held.configured_id))
        self.result_code.setText(self.tr("Error code: %1").replace("%1", result.error))

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.title.setText(self.tr("Enrolment with the platform"))
        self.explanation.setText(
            self.tr(
                "Type the one-time enrolment code the platform operator made for this "
                "terminal. It has 12 letters and digits, is valid for 24 hours and works once."
            )
        )
        self.field.setPlaceholderText(self.tr("For example %1").replace("%1", EXAMPLE_CODE))
        self.field.setAccessibleName(self.tr("Enrolment code"))
        self.back_button.setText(self.tr("Back"))
        self.enrol_button.setText(self.tr("Enrol"))
        self.confirm_button.setText(self.tr("Enrol again"))
        self.restart_button.setText(self.tr("Restart now"))
        self.again_button.setText(self.tr("Try again"))
        self.done_button.setText(self.tr("Done"))
        self._refresh()

    def wipe(self) -> None:
        """The session ended: what was typed goes."""
        super().wipe()
        self.field.clear()
        self.field.clearFocus()
        self.problem.hide()
        self.problem_text.setText("")
        self._listening = None

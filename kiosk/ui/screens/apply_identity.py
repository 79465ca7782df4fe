"""Who is applying, as verified: the applicant masked, or why the identity was not accepted and
what to do next.

The IDENTITY_RESULT step of the application journey (``kiosk.journeys.apply``), after the
identity scan. Accepted: the credential's kind, the name (a Chinese name with its pinyin in the
English interface; an overseas electronic resident's Latin name), the number masked and, for a
resident card, the nationality, as the check-result screen shows them; "Continue" goes on to
the materials. Refused: the reason in plain words, what to do next (the journey's ``Advice``),
"Scan again" and the way home: never a dead end.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.credentials.display import DisplayField
from kiosk.journeys.apply import ApplyJourney, IdentityProblem
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import Msg
from kiosk.ui.screens.apply_common import (
    advice_text,
    apply_journey,
    reason_text,
    session_language,
    type_name,
)
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.check_result import field_label_text, field_value_text
from kiosk.ui.widgets.common import icon_pixmap, make_button, make_card, make_label

# What of the verified identity is shown: who, not the code's own facts (a dynamic code's
# issuer and its few minutes of validity would only puzzle here).
HIDDEN_FIELDS = frozenset({Msg.FIELD_ISSUED_BY, Msg.FIELD_VALID_UNTIL})
ICON_MM = 16


class ApplyIdentityScreen(ArrangedScreen):
    """A banner with the verdict, the applicant's fields or what to do, and the way on.

    Elder mode: "Continue" (or "Scan again" after a refusal) is the one prominent action,
    widened; the way home stays beside it.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._accepted = False
        self._fields: tuple[DisplayField, ...] = ()
        pad = self.metrics.spacing_px * 2
        banner, banner_layout = make_card("banner", vertical=False)
        banner_layout.setContentsMargins(pad, pad, pad, pad)
        banner_layout.setSpacing(pad * 2)
        self.banner_layout = banner_layout
        self.icon = QLabel()
        banner_layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        texts = QWidget()
        column = QGridLayout(texts)
        column.setContentsMargins(0, 0, 0, 0)
        self.title = make_label("title")
        self.message = make_label("body")
        self.advice = make_label("tile-title")
        column.addWidget(self.title, 0, 0)
        column.addWidget(self.message, 1, 0)
        column.addWidget(self.advice, 2, 0)
        banner_layout.addWidget(texts, 1)
        self.body.addWidget(banner)

        self.fields_card, fields_layout = make_card()
        fields_layout.setContentsMargins(pad, pad, pad, pad)
        self.fields_layout = fields_layout
        self.applying = make_label("hint")
        fields_layout.addWidget(self.applying)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(pad * 2)
        self.grid.setVerticalSpacing(self.metrics.spacing_px)
        self.grid.setColumnStretch(1, 1)
        fields_layout.addLayout(self.grid)
        self.body.addWidget(self.fields_card)
        self.body.addStretch(1)
        self.field_labels: list[tuple[QLabel, QLabel]] = []

        self.continue_button = make_button("primary")
        self.continue_button.clicked.connect(self._continue)
        self.again_button = make_button("primary")
        self.again_button.clicked.connect(self._scan_again)
        self.home_button = make_button("secondary")
        self.home_button.clicked.connect(self.shell.go_home)
        self._size_icon()
        self._show(None)
        self.rearrange()

    # ------------------------------------------------------------------ layout
    def _size_icon(self) -> None:
        self.icon_px = self.metrics.px(ICON_MM)
        self.icon.setFixedSize(self.icon_px, self.icon_px)

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        super().apply_presentation(metrics)
        self._size_icon()
        self.retranslate()

    def arrange(self, arrangement: Arrangement) -> None:
        self._fill_bar()

    def _fill_bar(self) -> None:
        primary = self.continue_button if self._accepted else self.again_button
        other = self.again_button if self._accepted else self.continue_button
        other.hide()
        if self.arrangement is not None and self.arrangement.elder:
            fill_action_bar(self.action_bar, [self.home_button, primary])
            widen(self.action_bar, primary)
        else:
            fill_action_bar(self.action_bar, [self.home_button, STRETCH, primary])
        # Shown only once the bar holds it: a button shown without a parent opens as a window
        # of its own and takes the kiosk window's activation (no on-screen keyboard after).
        primary.show()

    # ------------------------------------------------------------------ journey
    def _continue(self) -> None:
        if (journey := apply_journey(self.shell)) is not None:
            journey.continue_to_materials()

    def _scan_again(self) -> None:
        if (journey := apply_journey(self.shell)) is not None:
            journey.scan_identity_again()

    def on_enter(self) -> None:
        super().on_enter()
        self._show(apply_journey(self.shell))

    def on_leave(self) -> None:
        # The applicant's name and number belong to this step: nothing of them stays behind.
        self.wipe()

    def wipe(self) -> None:
        super().wipe()
        self._show(None)

    def _show(self, journey: ApplyJourney | None) -> None:
        outcome = journey.state.identity if journey is not None else None
        self._accepted = journey is not None and journey.identity_ok
        fields = outcome.result.display if outcome is not None and self._accepted else ()
        self._fields = tuple(f for f in fields if f.label not in HIDDEN_FIELDS)
        self._rebuild_fields()
        self.fields_card.setVisible(bool(self._fields))
        self._fill_bar()
        self.retranslate()

    def _rebuild_fields(self) -> None:
        for label, value in self.field_labels:
            self.grid.removeWidget(label)
            self.grid.removeWidget(value)
            for widget in (label, value):
                widget.clear()  # the name and number go now, not when the label is deleted
                widget.hide()
                widget.deleteLater()
        self.field_labels = []
        for row, _field in enumerate(self._fields):
            label, value = make_label("hint"), make_label("tile-title")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, row, 1)
            self.field_labels.append((label, value))

    # ------------------------------------------------------------------ texts
    def problem_text(self, problem: IdentityProblem) -> str:
        """Why a genuine identity cannot apply for this here, in plain words."""
        return {
            IdentityProblem.TOO_YOUNG: self.tr(
                "Your identity is genuine, but you are younger than this service allows."
            ),
            IdentityProblem.TOO_OLD: self.tr(
                "Your identity is genuine, but you are older than this service allows."
            ),
            IdentityProblem.NOT_ALLOWED: self.tr(
                "Your card is genuine, but this service cannot be applied for here with an "
                "overseas electronic resident card."
            ),
        }[problem]

    def refusal_text(self, journey: ApplyJourney) -> str:
        """Why the identity was not accepted."""
        state = journey.state
        if state.identity_problem is not None:
            return self.problem_text(state.identity_problem)
        outcome = state.identity
        if outcome is None:
            return ""
        credential = outcome.result.credential
        if outcome.wrong_type and credential is not None:
            shown = type_name(credential.type, session_language(self.shell))
            return self.tr("You showed: {kind}. It cannot show who you are.").format(kind=shown)
        return reason_text(outcome.result.reason)

    def retranslate(self) -> None:
        self.continue_button.setText(self.tr("Continue"))
        self.again_button.setText(self.tr("Scan again"))
        self.home_button.setText(self.tr("Back to home"))
        journey = apply_journey(self.shell)
        if journey is None or journey.state.identity is None:
            for label in (self.title, self.message, self.advice, self.applying):
                label.setText("")
            self.icon.clear()
            return
        language = session_language(self.shell)
        self.icon.setPixmap(icon_pixmap("ok" if self._accepted else "refused", self.icon_px))
        if self._accepted:
            self.title.setText(self.tr("Identity verified"))
            self.message.setText(
                self.tr("Please check that this is you, then continue to the materials.")
            )
            self.advice.setText("")
        else:
            self.title.setText(self.tr("Not accepted"))
            self.message.setText(self.refusal_text(journey))
            advice = journey.identity_advice
            self.advice.setText(advice_text(advice) if advice is not None else "")
        self.advice.setVisible(bool(self.advice.text()))
        self.applying.setText(
            self.tr("Applying for: {title}").format(title=journey.title.text(language))
        )
        for (label, value), field in zip(self.field_labels, self._fields, strict=False):
            label.setText(field_label_text(field))
            value.setText(field_value_text(field, language))

"""Everything the citizen is about to send, to check: the applicant, the company, every answer
and the materials; "Change" beside each answer the citizen gave.

The REVIEW step of the application journey (``kiosk.journeys.apply``). The applicant's number
is masked (``mask_identifier``); a Chinese name gets its pinyin in the English interface. Each
answer is shown in words (a choice's label, an address with its region names, a date in words,
``kiosk.ui.form.display``) as it was entered; an answer verified from a credential carries the
verified mark instead of "Change" (its number masked). "Change" goes back to the form at that
field (``journey.edit``); "Continue" goes on to the consent (``continue_to_consent``).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.identity import mask_identifier
from kiosk.domain.names import has_han, pinyin_of
from kiosk.domain.text import Language
from kiosk.journeys.apply import ApplyJourney, ApplyStep
from kiosk.journeys.apply_materials import How
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.form.display import shown_value
from kiosk.ui.form.words import not_answered_text
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import empty_layout, icon_pixmap, make_button, make_card, make_label

SHEET_TARGETS = 22


def review_journey(shell: object) -> ApplyJourney | None:
    journey = getattr(shell, "journey", None)
    return journey if isinstance(journey, ApplyJourney) else None


def person_name(name: str, language: Language) -> str:
    """A name as the review shows it: a Chinese name with its pinyin in English."""
    if language == "en" and has_han(name):
        return f"{name} ({pinyin_of(name)})"
    return name


class ApplyReviewScreen(ArrangedScreen):
    """The review (see the module)."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.sheet = QWidget()
        sheet = QVBoxLayout(self.sheet)
        sheet.setContentsMargins(0, 0, 0, 0)
        self.title = make_label("title")
        self.heading = make_label("subtitle")
        top = QVBoxLayout()  # the title and what is applied for, together
        top.setSpacing(0)
        top.addWidget(self.title)
        top.addWidget(self.heading)
        sheet.addLayout(top)
        self.cards = QVBoxLayout()
        self.cards.setContentsMargins(0, 0, 0, 0)
        sheet.addLayout(self.cards)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.sheet, 1000)
        centred.addStretch(1)
        self.body.addLayout(centred)
        self.body.addStretch(1)
        self._frames: list[QWidget] = []
        self.change_buttons: dict[str, QPushButton] = {}
        self.values: dict[str, QLabel] = {}
        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.back)
        self.continue_button = make_button("primary")
        self.continue_button.setObjectName("review-continue")
        self.continue_button.clicked.connect(self._continue)
        self.sheet.setMaximumWidth(self.metrics.touch_target_px * SHEET_TARGETS)
        self.retranslate()
        self.rearrange()

    def _journey(self) -> ApplyJourney | None:
        journey = review_journey(self.shell)
        return journey if journey is not None and journey.step is ApplyStep.REVIEW else None

    def _language(self) -> Language:
        return self.shell.view().language

    def on_enter(self) -> None:
        super().on_enter()
        self._texts()
        self._build()
        self.scroll_area.verticalScrollBar().setValue(0)

    def on_leave(self) -> None:
        self._clear()

    def _continue(self) -> None:
        if (journey := self._journey()) is not None:
            journey.continue_to_consent()

    def _change(self, key: str) -> None:
        if (journey := self._journey()) is not None:
            journey.edit(key)

    # ---- building
    def _clear(self) -> None:
        for frame in self._frames:
            frame.hide()
            frame.deleteLater()
        self._frames = []
        self.change_buttons = {}
        self.values = {}
        empty_layout(self.cards)

    def _card(self, title: str) -> QGridLayout:
        frame, layout = make_card()
        pad = self.metrics.spacing_px * 2
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(self.metrics.spacing_px)
        heading = make_label("tile-title")
        heading.setText(title)
        layout.addWidget(heading)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(pad)
        grid.setVerticalSpacing(self.metrics.spacing_px)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.cards.addWidget(frame)
        frame.show()  # now, not when the layout's queued show runs
        self._frames.append(frame)
        return grid

    def _line(self, grid: QGridLayout, label: str, value: str) -> QLabel:
        """One fact: what it is (small) above its value; returns the value's label."""
        row = grid.rowCount()
        what = make_label("hint")
        what.setText(label)
        shown = make_label("body")
        shown.setText(value)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        box = QVBoxLayout()
        box.setSpacing(0)
        box.addWidget(what)
        box.addWidget(shown)
        grid.addLayout(box, row, 0, 1, 2)
        return shown

    def _build(self) -> None:
        self._clear()
        journey = self._journey()
        if journey is None:
            return
        language = self._language()
        state = journey.state
        applicant = state.applicant
        if applicant is not None:
            grid = self._card(self.tr("Who is applying"))
            self._line(grid, self.tr("Name"), person_name(applicant.name, language))
            number_label = (
                self.tr("Passport or permit number")
                if applicant.overseas
                else self.tr("Identity number")
            )
            self._line(grid, number_label, mask_identifier(applicant.number))
            self._line(grid, self.tr("Applying"), self._role_text(state.role or "in_person"))
        company = state.company
        if company is not None:
            grid = self._card(self.tr("The company"))
            self._line(grid, self.tr("Company name"), company.name)
            self._line(
                grid, self.tr("Unified social credit code"), mask_identifier(company.credit_code)
            )
        form = journey.form
        if form is not None and form.fields:
            grid = self._card(self.tr("Your answers"))
            for field in form.fields:
                locked = form.locked(field.key)
                value = form.value(field.key)
                text = shown_value(field, value, language, masked=locked is not None)
                row = grid.rowCount()
                shown = self._line(grid, field.label.text(language), text or not_answered_text())
                self.values[field.key] = shown
                if locked is None:
                    button = make_button("secondary")
                    button.setObjectName(f"change-{field.key}")
                    # Narrower than the screen's main actions: the answers need the room.
                    button.setStyleSheet(
                        f"QPushButton {{ min-width: {self.metrics.touch_target_px * 2}px; "
                        f"padding: 0 {self.metrics.px(4)}px; }}"
                    )
                    button.setText(self.tr("Change"))
                    button.setAccessibleName(
                        self.tr("Change: %1").replace("%1", field.label.text(language))
                    )
                    button.clicked.connect(lambda _=False, key=field.key: self._change(key))
                    grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignVCenter)
                    self.change_buttons[field.key] = button
                else:
                    mark = QHBoxLayout()
                    icon = QLabel()
                    size = round(self.metrics.small_px * 1.2)
                    icon.setPixmap(icon_pixmap("ok", size))
                    icon.setFixedSize(size, size)
                    words = make_label("hint", wrap=False)
                    words.setText(self.tr("Verified"))
                    mark.addWidget(icon)
                    mark.addWidget(words)
                    grid.addLayout(mark, row, 2, Qt.AlignmentFlag.AlignVCenter)
        checklist = state.materials
        if checklist.needed:
            grid = self._card(self.tr("Materials"))
            for need, given in zip(checklist.needed, checklist.provided, strict=True):
                self._line(grid, need.name.text(language), self._how_text(given.how))

    def _role_text(self, role: str) -> str:
        return {
            "in_person": self.tr("For myself"),
            "agent": self.tr("For someone else, as their agent"),
            "legal_representative": self.tr("For a company"),
        }.get(role, role)

    def _how_text(self, how: How) -> str:
        return {
            How.NEEDED: self.tr("Not provided"),
            How.IDENTITY: self.tr("Your e-ID, verified"),
            How.E_LICENCE: self.tr("E-licence scanned and verified"),
            How.PHOTO: self.tr("Photographed here"),
            How.COUNTER: self.tr("Bring the paper to a service counter"),
            How.SKIPPED: self.tr("Not provided (optional)"),
        }[how]

    # ---- layout, texts, the end
    def arrange(self, arrangement: Arrangement) -> None:
        self.cards.setSpacing(self.metrics.spacing_px * (3 if arrangement.elder else 2))
        if arrangement.elder:  # the one prominent action
            fill_action_bar(self.action_bar, [self.back_button, self.continue_button])
            widen(self.action_bar, self.continue_button)
        else:
            fill_action_bar(self.action_bar, [self.back_button, STRETCH, self.continue_button])

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        super().apply_presentation(metrics)
        self.sheet.setMaximumWidth(metrics.touch_target_px * SHEET_TARGETS)
        if self._frames:
            self._build()

    def retranslate(self) -> None:
        self._texts()
        if self._frames:
            self._build()

    def _texts(self) -> None:
        self.title.setText(self.tr("Check your application"))
        journey = review_journey(self.shell)
        self.heading.setText(journey.title.text(self._language()) if journey is not None else "")
        self.back_button.setText(self.tr("Back"))
        self.continue_button.setText(self.tr("Continue"))

    def wipe(self) -> None:
        super().wipe()
        self._clear()

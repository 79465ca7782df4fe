"""The application form: one field per question the item (or the bundle) asks, built from the
catalogue's schema (``journey.form``, a ``kiosk.forms.form.FormModel``).

The FORM step of the application journey (``kiosk.journeys.apply``). Each field is a
``kiosk.ui.form.row.FieldRow``: its label and help, the editor of its type (the right on-screen
keyboard, big radio buttons or a list, date and address pickers), or, for an answer verified
from a credential the citizen showed, the value with a "verified" mark and nothing to change.
Every change goes to the form model at once (``form.set``), so "back" and the review keep it.
Problems are shown after "Next" (``state.show_errors``: ``form_done`` refused) next to their
fields, the screen scrolled to the first one, and then follow each correction live. Coming back
from the review's "Change" (``state.focus_key``), the screen scrolls to that field and puts
the finger in it when it is typed.

The on-screen keyboard takes its room below the screen and scrolls the focused field into view
(``kiosk.ui.keyboard.host``); touching a picker puts the keyboard away.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.domain.text import Language
from kiosk.forms.form import FormModel
from kiosk.journeys.apply import ApplyJourney, ApplyStep
from kiosk.journeys.shell import ShellView
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.form.row import FieldRow, VerifiedCard
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import empty_layout, make_button, make_label

SHEET_TARGETS = 22  # the form's column is at most this many touch targets wide
SHEET_STRETCH = 1000  # the column takes the width up to its maximum, the margins the rest


class Sheet(QWidget):
    """The form's column; tells its new width (its editors lay their choices out for it)."""

    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.resized.emit()


def apply_journey_of(shell: object) -> ApplyJourney | None:
    """The application journey the shell shows, if that is what it shows."""
    journey = getattr(shell, "journey", None)
    return journey if isinstance(journey, ApplyJourney) else None


class ApplyFormScreen(ArrangedScreen):
    """The form (see the module)."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.form: FormModel | None = None
        self.rows: dict[str, FieldRow] = {}
        self.cards: dict[str, VerifiedCard] = {}
        self._locks: tuple[tuple[str, str | None], ...] = ()
        self._errors_shown = False
        self.sheet = Sheet()
        self.sheet.resized.connect(self._fit)
        self.sheet.setObjectName("FormSheet")
        sheet = QVBoxLayout(self.sheet)
        sheet.setContentsMargins(0, 0, 0, 0)
        self.title = make_label("title")
        self.heading = make_label("subtitle")
        self.intro = make_label("body")
        top = QVBoxLayout()  # the title and what is applied for, together
        top.setSpacing(0)
        top.addWidget(self.title)
        top.addWidget(self.heading)
        sheet.addLayout(top)
        sheet.addWidget(self.intro)
        self.fields = QVBoxLayout()
        self.fields.setContentsMargins(0, 0, 0, 0)
        sheet.addLayout(self.fields)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.sheet, SHEET_STRETCH)
        centred.addStretch(1)
        self.body.addLayout(centred)
        self.body.addStretch(1)
        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.back)
        self.next_button = make_button("primary")
        self.next_button.setObjectName("form-next")
        self.next_button.clicked.connect(self.next)
        self.retranslate()
        self.rearrange()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # ---- the journey
    def _journey(self) -> ApplyJourney | None:
        journey = apply_journey_of(self.shell)
        return journey if journey is not None and journey.step is ApplyStep.FORM else None

    def _language(self) -> Language:
        return self.shell.view().language

    def on_enter(self) -> None:
        super().on_enter()
        journey = self._journey()
        form = journey.form if journey is not None else None
        if form is None or journey is None:
            self._drop_rows()
            return
        locks = tuple((field.key, form.locked(field.key)) for field in form.fields)
        if form is not self.form or locks != self._locks:
            self._build(form, locks, journey)
        for key, row in self.rows.items():
            row.set_value(form.value(key))
        self._errors_shown = journey.state.show_errors
        self._show_errors()
        self._fit()
        self.retranslate()
        focus = journey.state.focus_key
        if focus is not None and focus in self.rows:
            QTimer.singleShot(0, lambda key=focus: self.go_to(key, focus_it=True))

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        journey = self._journey()
        if journey is not None and journey.state.show_errors != self._errors_shown:
            self._errors_shown = journey.state.show_errors
            self._show_errors()

    def _build(
        self,
        form: FormModel,
        locks: tuple[tuple[str, str | None], ...],
        journey: ApplyJourney,
    ) -> None:
        self._drop_rows()
        self.form = form
        self._locks = locks
        for field in form.fields:
            locked = form.locked(field.key)
            row = FieldRow(
                field,
                self.metrics,
                self._language,
                journey.today(),
                locked=locked,
                parent=self.sheet,
            )
            row.edited.connect(self._edited)
            row.reveal.connect(self.reveal)
            self.rows[field.key] = row
            if locked is None:
                self.fields.addWidget(row)
                row.show()  # now, not when the layout's queued show runs
                continue
            card = self.cards.get(locked)
            if card is None:  # where the credential's first answer is
                card = VerifiedCard(locked, self.metrics, self.sheet)
                self.cards[locked] = card
                self.fields.addWidget(card)
                card.show()
            card.add(row)
            row.show()

    def _drop_rows(self) -> None:
        for row in self.rows.values():
            row.clear()
            row.hide()
            row.deleteLater()
        for card in self.cards.values():
            card.hide()
            card.deleteLater()
        empty_layout(self.fields)
        self.rows = {}
        self.cards = {}
        self.form = None
        self._locks = ()

    def _edited(self, key: str) -> None:
        form = self.form
        row = self.rows.get(key)
        journey = self._journey()
        if form is None or row is None or journey is None or journey.form is not form:
            return
        error = form.set(key, row.value())
        if self._errors_shown:
            row.set_error(error)

    def _show_errors(self) -> None:
        form = self.form
        for key, row in self.rows.items():
            row.set_error(form.error(key) if form is not None and self._errors_shown else None)

    # ---- actions
    def next(self) -> None:
        """ "Next": on to the review, or the problems shown and the first one scrolled to."""
        journey = self._journey()
        if journey is None:
            return
        if journey.form_done():
            return
        self._errors_shown = True
        self._show_errors()
        first = next((key for key, row in self.rows.items() if row.error is not None), None)
        if first is not None:
            self.go_to(first, focus_it=False)

    def go_to(self, key: str, *, focus_it: bool) -> None:
        """Scroll so that field ``key`` starts at the top of the screen (its label and
        problem seen); ``focus_it``: put the finger in it, if it is typed."""
        row = self.rows.get(key)
        if row is None:
            return
        content = self.scroll_area.widget()
        if content is None:
            return
        layout = content.layout()
        if layout is not None:
            layout.activate()
        top = row.mapTo(content, QPoint(0, 0)).y()
        bar = self.scroll_area.verticalScrollBar()
        bar.setValue(max(0, top - self.metrics.spacing_px))
        if focus_it and row.editor is not None:
            line = row.editor.focus_widget()
            if line is not None:
                line.setFocus(Qt.FocusReason.OtherFocusReason)

    def reveal(self, widget: QWidget) -> None:
        """Scroll an opened picker into view (as much of it as fits, from its top)."""

        def scroll() -> None:
            content = self.scroll_area.widget()
            if content is None or not widget.isVisible():
                return
            layout = content.layout()
            if layout is not None:
                layout.activate()
            bar = self.scroll_area.verticalScrollBar()
            top = widget.mapTo(content, QPoint(0, 0)).y()
            bottom = top + widget.height()
            view = self.scroll_area.viewport().height()
            margin = self.metrics.spacing_px
            if bottom + margin > bar.value() + view:
                bar.setValue(bottom + margin - view)
            if top - margin < bar.value():
                bar.setValue(max(0, top - margin))

        QTimer.singleShot(0, scroll)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A field of this form took the finger: once the keyboard has taken its room (the
        dock scrolls the field itself into view), its label and help are shown above it too,
        as far as the room allows."""
        if isinstance(new, QLineEdit) and self.sheet.isAncestorOf(new):
            row = next((r for r in self.rows.values() if r.isAncestorOf(new)), None)
            if row is not None:
                QTimer.singleShot(0, lambda: self._show_field(row, new))

    def _show_field(self, row: FieldRow, line: QLineEdit) -> None:
        content = self.scroll_area.widget()
        alive = shiboken6.isValid(row) and shiboken6.isValid(line)
        if content is None or not alive or not line.hasFocus():
            return
        bar = self.scroll_area.verticalScrollBar()
        view = self.scroll_area.viewport().height()
        margin = self.metrics.spacing_px
        top = row.mapTo(content, QPoint(0, 0)).y() - margin
        bottom = line.mapTo(content, QPoint(0, 0)).y() + line.height() + margin
        # The field first: the label only as far as the field stays in view.
        bar.setValue(max(0, top if bottom - top <= view else bottom - view))

    # ---- layout
    def arrange(self, arrangement: Arrangement) -> None:
        self.fields.setSpacing(self.metrics.spacing_px * (4 if arrangement.elder else 3))
        if arrangement.elder:  # the one prominent action
            fill_action_bar(self.action_bar, [self.back_button, self.next_button])
            widen(self.action_bar, self.next_button)
        else:
            fill_action_bar(self.action_bar, [self.back_button, STRETCH, self.next_button])
        self._fit()

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        super().apply_presentation(metrics)
        for row in self.rows.values():
            row.set_metrics(metrics)
        for card in self.cards.values():
            card.set_metrics(metrics)
        self._fit()

    def _fit(self) -> None:
        """The form's column: the screen's width, at most ``SHEET_TARGETS`` targets; its
        editors lay their choices out for the width it has."""
        most = self.metrics.touch_target_px * SHEET_TARGETS
        self.sheet.setMaximumWidth(most)
        margins = self.body.contentsMargins()
        room = self.scroll_area.viewport().width() - margins.left() - margins.right()
        width = max(1, min(most, room))
        for row in self.rows.values():
            row.fit_width(width)

    # ---- texts and the end
    def retranslate(self) -> None:
        self.title.setText(self.tr("Fill in the form"))
        journey = apply_journey_of(self.shell)
        self.heading.setText(journey.title.text(self._language()) if journey is not None else "")
        self.intro.setText(
            self.tr(
                "Answer each question. Answers marked as verified come from what you showed "
                "and cannot be changed. You can check everything before it is sent."
            )
        )
        self.back_button.setText(self.tr("Back"))
        self.next_button.setText(self.tr("Next"))

    def wipe(self) -> None:
        super().wipe()
        self._drop_rows()
        self._errors_shown = False

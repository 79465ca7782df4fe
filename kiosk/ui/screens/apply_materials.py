"""The materials of an application as a checklist: how each is provided, and what can be done.

The MATERIALS step of the application journey (``kiosk.journeys.apply``). One card per material
(``journey.materials``): its name, its state in words beside a mark (ticked: a verified
e-licence, a photographed copy, the applicant's own identity; a sheet of paper: bring it to a
counter; an empty box: still needed or skipped), and the actions the journey allows for it:
scan its e-licence, photograph a paper copy, bring it to the counter, skip it (optional ones),
undo. The last scan's notice (``journey.notice``) is shown on its card, and the list scrolls to
it. "Continue" is offered once every required material is provided (``Checklist.complete``).

A change on this step (a material brought to the counter, skipped, undone) redraws the list
where it was; the screen keeps nothing of the visit when another session starts.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.journeys.apply import ApplyJourney, ApplyStep, MaterialNotice, NoticeKind
from kiosk.journeys.apply_materials import Checklist, How, Needed, Provided
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.screens.apply_common import (
    advice_text,
    apply_journey,
    reason_text,
    session_language,
    type_name,
    type_names,
)
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import join_sentences
from kiosk.ui.widgets.common import empty_layout, icon_pixmap, make_button, make_card, make_label

PROVIDED_HOWS = frozenset({How.IDENTITY, How.E_LICENCE, How.PHOTO})
MARKS = {How.COUNTER: "paper", How.NEEDED: "choice-off", How.SKIPPED: "choice-off"}
MARK_CAP_RATIO = 1.8  # a mark's side per pixel of body text


class Action:
    """One action a material's card offers."""

    SCAN = "scan"
    PHOTO = "photo"
    COUNTER = "counter"
    SKIP = "skip"
    UNDO = "undo"


def actions_for(need: Needed, given: Provided) -> tuple[str, ...]:
    """What the journey allows for a material in its state: the screen offers just these."""
    if given.how is How.NEEDED:
        found: list[str] = []
        if need.scannable:
            found.append(Action.SCAN)
        if need.photographable:
            found.append(Action.PHOTO)
        # An identity material still needed was not provided by the identity step: an agent
        # brings the ID of the person applied for to the counter.
        found.append(Action.COUNTER)
        if need.optional:
            found.append(Action.SKIP)
        return tuple(found)
    if given.how is How.IDENTITY:
        return ()
    only_counter = not (need.optional or need.scannable or need.photographable or need.identity)
    if given.how is How.COUNTER and only_counter:
        return ()  # there is no other way: nothing to undo
    return (Action.UNDO,)


class MaterialCard:
    """The widgets of one material's card."""

    def __init__(self, screen: ApplyMaterialsScreen, need: Needed, given: Provided) -> None:
        self.need = need
        self.given = given
        metrics = screen.metrics
        pad = metrics.spacing_px * 2
        self.frame, layout = make_card()
        self.layout = layout
        self.frame.setObjectName(f"material-{need.index}")
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(metrics.spacing_px)
        top = QGridLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setHorizontalSpacing(pad)
        top.setVerticalSpacing(0)
        side = round(metrics.body_px * MARK_CAP_RATIO)
        self.mark = QLabel()
        self.mark.setFixedSize(side, side)
        self.mark.setPixmap(icon_pixmap(MARKS.get(given.how, "ok"), side))
        top.addWidget(self.mark, 0, 0, 2, 1, Qt.AlignmentFlag.AlignTop)
        self.name = make_label("tile-title")
        self.state = make_label("body")
        self.note = make_label("hint")
        top.addWidget(self.name, 0, 1)
        top.addWidget(self.state, 1, 1)
        top.addWidget(self.note, 2, 1)
        top.setColumnStretch(1, 1)
        layout.addLayout(top)
        self.notice = make_label("body")
        layout.addWidget(self.notice)
        self.buttons: dict[str, QPushButton] = {}
        self.button_grid = QGridLayout()
        self.button_grid.setContentsMargins(side + pad, metrics.spacing_px, 0, 0)
        self.button_grid.setHorizontalSpacing(pad)
        self.button_grid.setVerticalSpacing(pad)
        for action in actions_for(need, given):
            button = make_button("secondary")
            button.setObjectName(f"material-{need.index}-{action}")
            button.clicked.connect(
                lambda _=False, chosen=action, index=need.index: screen.act(chosen, index)
            )
            self.buttons[action] = button
        if self.buttons:
            layout.addLayout(self.button_grid)

    def lay_out_buttons(self, width: int) -> None:
        """The actions in as many columns as fit ``width`` (the card's inside), each column as
        wide as its widest button: a button never narrower than its words."""
        buttons = list(self.buttons.values())
        margins = self.button_grid.contentsMargins()
        room = width - margins.left() - margins.right()
        spacing = self.button_grid.horizontalSpacing()
        columns = max(1, len(buttons))
        while columns > 1:
            widths = [
                max(b.sizeHint().width() for b in buttons[column::columns])
                for column in range(columns)
            ]
            if sum(widths) + spacing * (columns - 1) <= room:
                break
            columns -= 1
        empty_layout(self.button_grid)
        for position, button in enumerate(buttons):
            self.button_grid.addWidget(button, position // columns, position % columns)
        for column in range(columns + 1):
            self.button_grid.setColumnStretch(column, 0)
        self.button_grid.setColumnStretch(columns, 1)  # the buttons keep to the left


class ApplyMaterialsScreen(ArrangedScreen):
    """The checklist and "Continue".

    A card's actions side by side, on as many lines as the width needs (elder mode's larger
    words take more). Elder mode: "Continue" is the one prominent action (widened).
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._journey: ApplyJourney | None = None
        self._checklist = Checklist()
        self._notice: MaterialNotice | None = None
        # Where the list was when this visit's journey left the step (journey, scroll value).
        self._kept_scroll: tuple[weakref.ref[ApplyJourney], int] | None = None
        self._scroll_target: MaterialCard | int | None = None
        self.scroll_area.verticalScrollBar().rangeChanged.connect(lambda *_: self._scroll())
        self.scroll_area.viewport().installEventFilter(self)
        self.heading = make_label("title")
        self.applying = make_label("subtitle")
        self.subtitle = make_label("body")
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.heading)
        heading.addWidget(self.applying)
        self.body.addLayout(heading)
        self.body.addWidget(self.subtitle)
        self.list_layout = QVBoxLayout()
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.body.addLayout(self.list_layout)
        self.body.addStretch(1)
        self.cards: list[MaterialCard] = []

        self.outstanding = make_label("body")
        self.outstanding.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.home_button = make_button("secondary")
        self.home_button.clicked.connect(self.shell.go_home)
        self.continue_button = make_button("primary")
        self.continue_button.clicked.connect(self._continue)
        self._show(None)
        self.rearrange()

    # ------------------------------------------------------------------ layout
    def _card_width(self) -> int:
        """The inside width of a card: the visible list's width less the margins."""
        body = self.body.contentsMargins()
        pad = self.metrics.spacing_px * 2  # a card's own margins (MaterialCard)
        width = self.scroll_area.viewport().width() - body.left() - body.right() - 2 * pad
        return max(0, width)

    def _lay_out_buttons(self) -> None:
        width = self._card_width()
        for card in self.cards:
            card.lay_out_buttons(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # The visible list's width changes without the screen resizing (its scroll bar).
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._lay_out_buttons()
        return False

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        super().apply_presentation(metrics)
        self._build_cards()

    def arrange(self, arrangement: Arrangement) -> None:
        self.list_layout.setSpacing(self.metrics.spacing_px * (1 if arrangement.compact else 2))
        self._lay_out_buttons()
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.home_button, self.continue_button])
            widen(self.action_bar, self.continue_button)
        else:
            fill_action_bar(self.action_bar, [self.home_button, STRETCH, self.continue_button])
        # How many are still needed, just before "Continue".
        self.action_bar.insertWidget(
            self.action_bar.indexOf(self.continue_button), self.outstanding
        )

    # ------------------------------------------------------------------ journey
    def act(self, action: str, index: int) -> None:
        """A card's button: the journey decides."""
        journey = apply_journey(self.shell)
        if journey is None:
            return
        entries = journey.entries
        {
            Action.SCAN: journey.scan_material,
            Action.PHOTO: journey.photograph,
            Action.COUNTER: journey.bring_to_counter,
            Action.SKIP: journey.skip,
            Action.UNDO: journey.undo,
        }[action](index)
        if journey.entries == entries and journey.step is ApplyStep.MATERIALS:
            # Changed on this step without a new entry: redraw here, the list where it was.
            self._scroll_target = self.scroll_area.verticalScrollBar().value()
            self._show(journey)
            self._scroll()

    def _continue(self) -> None:
        if (journey := apply_journey(self.shell)) is not None:
            journey.continue_to_form()

    def on_enter(self) -> None:
        super().on_enter()
        journey = apply_journey(self.shell)
        kept, self._kept_scroll = self._kept_scroll, None
        self._show(journey)
        # Where the list shows once the layout has placed the new cards (the scroll range
        # follows it): the card the last scan speaks about, or where the citizen was on this
        # step before a change, a scan or a photo.
        card = self._notice_card()
        if card is not None:
            self._scroll_target = card
        elif journey is not None and kept is not None and kept[0]() is journey:
            self._scroll_target = kept[1]
        self._scroll()

    def _scroll(self) -> None:
        target = self._scroll_target
        if isinstance(target, MaterialCard):
            content = self.scroll_area.widget()
            layout = content.layout() if content is not None else None
            if layout is not None:
                layout.activate()  # the cards' places, before scrolling to one
            self.scroll_area.ensureWidgetVisible(target.frame, 0, self.metrics.spacing_px * 2)
        elif target is not None:
            bar = self.scroll_area.verticalScrollBar()
            bar.setValue(target)
            if bar.value() == target:  # there: later changes of the range leave it alone
                self._scroll_target = None

    def on_leave(self) -> None:
        journey = apply_journey(self.shell)
        value = self.scroll_area.verticalScrollBar().value()
        self._scroll_target = None
        self._show(None)
        self.scroll_area.verticalScrollBar().setValue(0)
        # The same visit may come back here (after a scan, a photo, or a change on this step).
        self._kept_scroll = (weakref.ref(journey), value) if journey is not None else None

    def wipe(self) -> None:
        self._scroll_target = None
        super().wipe()
        self._kept_scroll = None
        self._show(None)

    def _show(self, journey: ApplyJourney | None) -> None:
        self._journey = journey
        self._checklist = journey.materials if journey is not None else Checklist()
        self._notice = journey.notice if journey is not None else None
        self._build_cards()

    def _build_cards(self) -> None:
        for card in self.cards:
            card.frame.hide()
            card.frame.deleteLater()
        self.cards = []
        empty_layout(self.list_layout)
        checklist = self._checklist
        for need, given in zip(checklist.needed, checklist.provided, strict=True):
            card = MaterialCard(self, need, given)
            self.list_layout.addWidget(card.frame)
            self.cards.append(card)
        if isinstance(self._scroll_target, MaterialCard):  # that card is gone: its successor
            self._scroll_target = self._notice_card()
        self.continue_button.setEnabled(self._journey is not None and checklist.complete)
        self.retranslate()

    def _notice_card(self) -> MaterialCard | None:
        """The card the last scan's notice belongs on. A letter of authorisation that the
        scan made necessary: the letter's card, which says why it is now needed."""
        notice = self._notice
        if notice is None:
            return None
        if notice.kind is NoticeKind.AUTHORISATION_NEEDED:
            for card in self.cards:
                if card.need.authorisation:
                    return card
        for card in self.cards:
            if card.need.index == notice.index:
                return card
        return None

    # ------------------------------------------------------------------ texts
    def state_text(self, need: Needed, given: Provided) -> str:
        how = given.how
        if how is How.NEEDED:
            return self.tr("Optional: not provided") if need.optional else self.tr("Needed")
        return {
            How.IDENTITY: self.tr("Your identity: verified"),
            How.E_LICENCE: self.tr("Verified e-licence"),
            How.PHOTO: self.tr("Photographed"),
            How.COUNTER: self.tr("Bring the paper to a service counter"),
            How.SKIPPED: self.tr("Skipped"),
        }[how]

    def note_text(self, need: Needed, given: Provided) -> str:
        if need.original_at_counter and given.how in (How.E_LICENCE, How.PHOTO):
            return self.tr("Also show the paper original at a service counter.")
        if need.authorisation and given.how is How.NEEDED:
            return self.tr("Needed because you apply for someone else or for a company.")
        return ""

    def notice_text(self, notice: MaterialNotice) -> str:
        language = session_language(self.shell)
        kind = notice.kind
        if kind is NoticeKind.ACCEPTED:
            return self.tr("Verified and ticked off.")
        if kind is NoticeKind.WRONG_TYPE and notice.shown is not None:
            return self.tr("You showed: {shown}. This material needs: {expected}.").format(
                shown=type_name(notice.shown, language),
                expected=type_names(notice.expected, language),
            )
        if kind is NoticeKind.NOT_THE_HOLDER:
            return self.tr(
                "This e-licence belongs to someone else. Show your own, or choose another way."
            )
        if kind is NoticeKind.AUTHORISATION_NEEDED:
            return self.tr(
                "You are not the legal representative named on the licence: a letter of "
                "authorisation is needed."
            )
        if kind is NoticeKind.PHOTOS_FULL:
            return self.tr(
                "This application cannot carry more photographs. Please bring this paper to "
                "a service counter."
            )
        reason = reason_text(notice.reason) if notice.reason is not None else ""
        advice = notice.advice
        return join_sentences(reason, advice_text(advice) if advice is not None else "")

    def action_text(self, action: str) -> str:
        return {
            Action.SCAN: self.tr("Scan e-licence"),
            Action.PHOTO: self.tr("Photograph a paper copy"),
            Action.COUNTER: self.tr("I will bring it to the counter"),
            Action.SKIP: self.tr("Skip"),
            Action.UNDO: self.tr("Undo"),
        }[action]

    def retranslate(self) -> None:
        self.home_button.setText(self.tr("Back to home"))
        self.continue_button.setText(self.tr("Continue"))
        self.heading.setText(self.tr("Your materials"))
        journey = self._journey
        self.subtitle.setText(
            self.tr(
                "For each material: scan its e-licence, photograph a paper copy, or bring the "
                "paper to a service counter."
            )
        )
        if journey is None:
            self.applying.setText("")
            self.outstanding.setText("")
            return
        language = session_language(self.shell)
        self.applying.setText(
            self.tr("Applying for: {title}").format(title=journey.title.text(language))
        )
        missing = len(self._checklist.outstanding())
        self.outstanding.setText(
            self.tr("%n still needed", "", missing) if missing else self.tr("All ready")
        )
        noticed = self._notice_card()
        for card in self.cards:
            card.name.setText(card.need.name.text(language))
            card.state.setText(self.state_text(card.need, card.given))
            notice = self._notice if card is noticed else None
            # The notice, when there is one, says why better than the note.
            note = self.note_text(card.need, card.given) if notice is None else ""
            card.note.setText(note)
            card.note.setVisible(bool(note))
            problem = notice is not None and notice.kind is not NoticeKind.ACCEPTED
            if card.notice.property("role") != ("notice" if problem else "body"):
                card.notice.setProperty("role", "notice" if problem else "body")
                card.notice.style().unpolish(card.notice)
                card.notice.style().polish(card.notice)
            card.notice.setText(self.notice_text(notice) if notice is not None else "")
            card.notice.setVisible(notice is not None)
            for action, button in card.buttons.items():
                button.setText(self.action_text(action))
        self._lay_out_buttons()  # the words decide the buttons' widths

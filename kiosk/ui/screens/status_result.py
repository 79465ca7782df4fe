"""Where an application stands: the item, the state, the promised date and the history as a
timeline; or "waiting to be sent from this terminal", "not found", "cannot reach the platform".

The result step of the status journey (``kiosk.journeys.status``). While the look-up runs on
its worker the screen says "looking up"; the journey tells it when the answer arrives
(``on_answer``). The item's name comes from the catalogue in the session's language; a returned
application shows its reason (a code the platform sends, translated here) and the department's
note. Nothing personal is shown: the answer carries none.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.domain.receipt import HOTLINE
from kiosk.domain.text import Language
from kiosk.domain.timezone import local_text, long_date
from kiosk.journeys.status import StatusJourney
from kiosk.runtime.layouts import Arrangement
from kiosk.sync.status_lookup import (
    LookupResult,
    NotFound,
    Offline,
    ReturnReason,
    StatusAnswer,
    StatusEvent,
    StatusState,
    WaitingHere,
)
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import labelled
from kiosk.ui.widgets.common import icon_pixmap, make_button, make_card, make_label

ICONS = {
    StatusState.RECEIVED: "timer",
    StatusState.ACCEPTED: "stamp",
    StatusState.PROCESSING: "timer",
    StatusState.COMPLETED: "ok",
    StatusState.RETURNED: "refused",
}


class StatusResultScreen(ArrangedScreen):
    """A banner with the state (or the trouble), the facts, the timeline, and what next.

    Elder mode: "Back to home" is the one prominent action (widened), or "Try again" when the
    platform could not be reached; in elder mode and in portrait "Check another" moves under
    the answer.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._journey: StatusJourney | None = None
        pad = self.metrics.spacing_px * 2
        banner, banner_layout = make_card("banner", vertical=False)
        banner_layout.setContentsMargins(pad, pad, pad, pad)
        banner_layout.setSpacing(pad * 2)
        self.icon = QLabel()
        self.icon_px = self.metrics.px(16)
        self.icon.setFixedSize(self.icon_px, self.icon_px)
        banner_layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        texts = QWidget()
        column = QGridLayout(texts)
        column.setContentsMargins(0, 0, 0, 0)
        self.title = make_label("title")
        self.message = make_label("body")
        column.addWidget(self.title, 0, 0)
        column.addWidget(self.message, 1, 0)
        banner_layout.addWidget(texts, 1)
        self.banner = banner
        self.body.addWidget(banner)
        self._make_cards(pad)

        self.again_button = make_button("secondary")
        self.again_button.clicked.connect(self._again)
        self.retry_button = make_button("primary")
        self.retry_button.clicked.connect(self._retry)
        self.home_button = make_button("primary")
        self.home_button.clicked.connect(self.shell.go_home)
        self.retranslate()
        self.rearrange()

    def _make_cards(self, pad: int) -> None:
        """The facts (number, item, promised date) and the timeline."""
        self.facts_card, facts_layout = make_card()
        facts_layout.setContentsMargins(pad, pad, pad, pad)
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(pad * 2)
        self.facts.setVerticalSpacing(self.metrics.spacing_px)
        facts_layout.addLayout(self.facts)
        self.fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for row, key in enumerate(("reference", "item", "promised")):
            label, value = make_label("hint"), make_label("body")
            self.facts.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(value, row, 1)
            self.fact_labels[key] = (label, value)
        self.facts.setColumnStretch(1, 1)
        self.body.addWidget(self.facts_card)

        self.history_card, history_layout = make_card()
        history_layout.setContentsMargins(pad, pad, pad, pad)
        self.history_title = make_label("tile-title")
        history_layout.addWidget(self.history_title)
        self.timeline = QGridLayout()
        self.timeline.setHorizontalSpacing(pad)
        self.timeline.setVerticalSpacing(self.metrics.spacing_px)
        history_layout.addLayout(self.timeline)
        self.timeline_rows: list[tuple[QLabel, QLabel, QLabel]] = []
        self.body.addWidget(self.history_card)
        self.note = make_label("hint")
        self.body.addWidget(self.note)
        self.body.addStretch(1)

    def arrange(self, arrangement: Arrangement) -> None:
        if self.body.indexOf(self.again_button) >= 0:
            self.body.removeWidget(self.again_button)
        if arrangement.elder or arrangement.portrait:
            # Two actions in the bar (a narrow panel has no room for three): "Check another"
            # goes under the answer.
            fill_action_bar(self.action_bar, [self.home_button, STRETCH, self.retry_button])
            below = self.body.indexOf(self.note) + 1
            self.body.insertWidget(below, self.again_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            fill_action_bar(
                self.action_bar, [self.again_button, STRETCH, self.retry_button, self.home_button]
            )
        self._widen_primary()

    def _widen_primary(self) -> None:
        elder = self.arrangement is not None and self.arrangement.elder
        retry = not self.retry_button.isHidden()
        self.action_bar.setStretchFactor(self.retry_button, 0)
        self.action_bar.setStretchFactor(self.home_button, 0)
        if elder:
            widen(self.action_bar, self.retry_button if retry else self.home_button)

    # ------------------------------------------------------------------ the journey
    def _current(self) -> StatusJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, StatusJourney) else None

    def _again(self) -> None:
        if (journey := self._current()) is not None:
            journey.again()

    def _retry(self) -> None:
        if (journey := self._current()) is not None:
            journey.retry()
            self._draw()

    def on_enter(self) -> None:
        super().on_enter()
        journey = self._current()
        self._journey = journey
        if journey is not None:
            journey.on_answer(self._answered)
        self._draw()
        self.scroll_area.verticalScrollBar().setValue(0)

    def on_leave(self) -> None:
        # The answer shown belongs to this step: the next look-up must not find it behind.
        self._journey = None
        self._draw()

    def _answered(self) -> None:
        if self._journey is not None and self._journey is self.shell.journey:
            self._draw()

    def wipe(self) -> None:
        super().wipe()
        self._journey = None
        self._draw()

    # ------------------------------------------------------------------ drawing
    def _language(self) -> Language:
        return self.shell.view().language

    def _draw(self) -> None:
        journey = self._journey
        result = journey.result if journey is not None else None
        looking = journey is not None and journey.looking
        answer = result if isinstance(result, StatusAnswer) else None
        self._draw_banner(result, looking)
        self._draw_facts(journey, result)
        self._draw_timeline(answer)
        self.retry_button.setVisible(isinstance(result, Offline))
        self.home_button.setProperty(
            "role", "secondary" if isinstance(result, Offline) else "primary"
        )
        self.home_button.style().unpolish(self.home_button)
        self.home_button.style().polish(self.home_button)
        self.again_button.setEnabled(not looking)
        self._widen_primary()

    def _draw_banner(self, result: LookupResult | None, looking: bool) -> None:
        icon, title, message = "timer", "", ""
        if looking:
            title = self.tr("Looking up…")
            message = self.tr("Asking the platform. This takes a few seconds.")
        elif isinstance(result, StatusAnswer):
            icon = ICONS[result.state]
            title = self.state_name(result.state)
            message = self._state_message(result)
        elif isinstance(result, WaitingHere):
            icon, title, message = self._waiting_texts(result)
        elif isinstance(result, NotFound):
            icon = "refused"
            title = self.tr("No application found")
            message = self.tr(
                "Please check the number on your receipt and type it again, or show the "
                "receipt's QR code. For help, call %1 or ask the staff."
            ).replace("%1", HOTLINE)
        elif isinstance(result, Offline):
            icon = "refused"
            title = self.tr("The platform cannot be reached")
            message = self.tr(
                "The terminal cannot reach the platform now; try again later or call %1."
            ).replace("%1", HOTLINE)
        if title:
            self.icon.setPixmap(icon_pixmap(icon, self.icon_px))
        self.icon.setVisible(bool(title))
        self.title.setText(title)
        self.message.setText(message)
        self.message.setVisible(bool(message))

    def _waiting_texts(self, result: WaitingHere) -> tuple[str, str, str]:
        if result.stuck:
            return (
                "refused",
                self.tr("Not sent yet"),
                self.tr(
                    "Your application is kept safely in this terminal but could not be sent. "
                    "Please ask the staff for help, or call %1."
                ).replace("%1", HOTLINE),
            )
        if result.here:
            return (
                "timer",
                self.tr("Waiting to be sent from this terminal"),
                self.tr(
                    "Your application is kept safely in this terminal and will be sent "
                    "automatically when the network is back. You do not need to apply again."
                ),
            )
        return (
            "timer",
            self.tr("Not received yet"),
            self.tr(
                "The terminal where you applied will send your application automatically when "
                "its network is back. You do not need to apply again."
            ),
        )

    def _state_message(self, answer: StatusAnswer) -> str:
        promised = answer.promised_date
        day = long_date(promised, self._language()) if promised is not None else ""
        state = answer.state
        if state is StatusState.COMPLETED:
            return self.tr("Your application has been completed.")
        if state is StatusState.RETURNED:
            returned = answer.returned
            reason = self.reason_text(returned.reason) if returned is not None else ""
            return (
                self.tr(
                    "Your application was returned: %1 Call %2 or ask at a service counter what to "
                    "do next."
                )
                .replace("%1", reason)
                .replace("%2", HOTLINE)
            )
        if state is StatusState.RECEIVED:
            return self.tr("Your application has been received and is waiting to be accepted.")
        if state is StatusState.PROCESSING:
            text = self.tr("The department is handling your application.")
        else:
            text = self.tr("Your application has been accepted.")
        if day:
            text += " " + self.tr("Promised by %1.").replace("%1", day)
        return text

    def _draw_facts(self, journey: StatusJourney | None, result: LookupResult | None) -> None:
        reference = journey.reference if journey is not None else None
        item_code: str | None = None
        if isinstance(result, StatusAnswer | WaitingHere):
            item_code = result.item_code
        name = journey.item_name(item_code) if journey is not None and item_code else None
        item = name.text(self._language()) if name is not None else (item_code or "")
        promised = result.promised_date if isinstance(result, StatusAnswer) else None
        values = {
            "reference": reference or "",
            "item": item,
            "promised": long_date(promised, self._language()) if promised is not None else "",
        }
        shown = False
        for key, (label, value) in self.fact_labels.items():
            value.setText(values[key])
            visible = bool(values[key]) and (key == "reference" or result is not None)
            label.setVisible(visible)
            value.setVisible(visible)
            shown = shown or visible
        self.facts_card.setVisible(shown)

    def _draw_timeline(self, answer: StatusAnswer | None) -> None:
        events = answer.history if answer is not None else ()
        while len(self.timeline_rows) < len(events):
            row = len(self.timeline_rows)
            mark, when, what = make_label("body"), make_label("hint"), make_label("body")
            self.timeline.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            self.timeline.addWidget(when, row, 1, Qt.AlignmentFlag.AlignTop)
            self.timeline.addWidget(what, row, 2)
            self.timeline_rows.append((mark, when, what))
        self.timeline.setColumnStretch(2, 1)
        last = len(events) - 1
        for index, (mark, when, what) in enumerate(self.timeline_rows):
            if index < len(events):
                event = events[index]
                mark.setText("●" if index == last else "○")
                when.setText(local_text(event.at))
                what.setText(self._event_text(event))
            else:
                mark.setText("")
                when.setText("")
                what.setText("")
            for label in (mark, when, what):
                label.setVisible(index < len(events))
        self.history_card.setVisible(bool(events))
        self.note.setVisible(bool(events))

    def _event_text(self, event: StatusEvent) -> str:
        text = self.state_name(event.state)
        if event.reason is not None:
            text = labelled(text, self.reason_text(event.reason), self.shell.view().language)
        if event.note:
            text += "\n" + self.tr("Note from the department: %1").replace("%1", event.note)
        return text

    def state_name(self, state: StatusState) -> str:
        names = {
            StatusState.RECEIVED: self.tr("Received"),
            StatusState.ACCEPTED: self.tr("Accepted"),
            StatusState.PROCESSING: self.tr("Being handled"),
            StatusState.COMPLETED: self.tr("Completed"),
            StatusState.RETURNED: self.tr("Returned"),
        }
        return names[state]

    def reason_text(self, reason: ReturnReason | None) -> str:
        texts = {
            ReturnReason.MATERIALS_INCOMPLETE: self.tr("some materials are missing or incomplete."),
            ReturnReason.INFORMATION_MISMATCH: self.tr(
                "some information does not match the materials."
            ),
            ReturnReason.NOT_ELIGIBLE: self.tr("the conditions of this service are not met."),
            ReturnReason.OTHER: self.tr("see the department's note."),
        }
        return texts.get(reason, "") if reason is not None else ""

    def retranslate(self) -> None:
        self.fact_labels["reference"][0].setText(self.tr("Number"))
        self.fact_labels["item"][0].setText(self.tr("Item"))
        self.fact_labels["promised"][0].setText(self.tr("Promised by"))
        self.history_title.setText(self.tr("Progress"))
        self.note.setText(self.tr("Times are Beijing time."))
        self.again_button.setText(self.tr("Check another"))
        self.retry_button.setText(self.tr("Try again"))
        self.home_button.setText(self.tr("Back to home"))
        self._draw()

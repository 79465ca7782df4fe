"""One room's stay, from the hotel desk's register: its guests, its reports, its slip, check-out.

The stay step of the desk journey (``kiosk.journeys.desk``), a thin view over the stay it
selected: the room, the dates and nights; each guest whole (this is the clerk's own register:
the full name, with its pinyin in English, the masked number, sex, age, and for a minor how the
desk took care of them); where the check-in and the check-out reports stand, with the
platform's numbers; the slip's printing (the shell's ``ReceiptDesk``: printing, printed, or not
printed and why). "Reprint slip" (Alt+P) prints it again; "Check out" (Alt+O) asks first, in
the screen ("Check room 0812 out now? This is reported.", Enter confirms, Esc cancels), then
checks out (reported the same way) and is disabled once done. Esc goes back to the register,
Alt+D to the desk.

Nothing of the stay stays in the widgets once the screen is left (the register, the desk, or
the journey idling: ``DeskJourney.idle`` drops the stay shown).

Thread contract: GUI thread only.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.credentials.registry import REGISTRY, CredentialType
from kiosk.domain.identity import mask_identifier, mask_phone
from kiosk.domain.receipt import HotelSlip
from kiosk.domain.text import Language
from kiosk.domain.timezone import local_text, long_date
from kiosk.hotel.register import RegisteredGuest, ReportState, Stay
from kiosk.hotel.report import CareKind
from kiosk.journeys.desk import DeskJourney, DeskStep
from kiosk.journeys.receipt import ReceiptDesk, ReceiptPhase, ReceiptView
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import Message
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.desk_register import key_label, nights_words
from kiosk.ui.screens.desk_texts import (
    age_text,
    guest_name,
    relationship_text,
    sex_text,
)
from kiosk.ui.texts import join_sentences, translate_message
from kiosk.ui.widgets.common import empty_layout, make_button, make_card, make_label

KEYS = {
    "back": "Esc",
    "desk": "Alt+D",
    "reprint": "Alt+P",
    "check_out": "Alt+O",
    "confirm": "Enter",
    "cancel": "Esc",
}


class GuestCard(QFrame):
    """One guest of the stay: the name (and badge), the facts, and a minor's care."""

    def __init__(self, pad: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        grid = QGridLayout(self)
        grid.setContentsMargins(pad, pad // 2, pad, pad // 2)
        grid.setVerticalSpacing(0)
        self.name = make_label("tile-title")
        self.badge = make_label("notice", wrap=False)
        self.facts = make_label("body")
        self.care = make_label("body")
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.badge, 0, 1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.facts, 1, 0, 1, 2)
        grid.addWidget(self.care, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)

    def labels(self) -> list[QLabel]:
        return [self.name, self.badge, self.facts, self.care]


class DeskStayScreen(ArrangedScreen):
    """The room and its dates on top, the guests beside the reports and the slip (under them
    in portrait and elder mode); the actions in the bar (elder mode: "Check out" widened, the
    others under the reports). The check-out question is a card under the title."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._subscribed: weakref.ref[DeskJourney] | None = None
        self._stay: Stay | None = None
        self._watch_check_out = False  # a check-out was sent: a failure after it is its own
        self._check_out_failed = False
        self._build_head()
        self._build_question()
        self._build_columns()
        self.back_button = make_button("desk")
        self.back_button.clicked.connect(self._back)
        self.desk_button = make_button("desk")
        self.desk_button.clicked.connect(self._to_desk)
        self.reprint_button = make_button("desk")
        self.reprint_button.clicked.connect(self._reprint)
        self.check_out_button = make_button("desk-primary")
        self.check_out_button.clicked.connect(self._ask)

        self._shortcut(KEYS["desk"], self._to_desk)
        self._shortcut(KEYS["reprint"], self._reprint)
        self._shortcut(KEYS["check_out"], self._ask)
        self._shortcut("Escape", self._escape)
        self._confirm_keys = [
            self._shortcut("Return", self._confirm),
            self._shortcut("Enter", self._confirm),
        ]
        self._receipts: ReceiptDesk | None = None  # the print desk followed
        self._follow_receipts()
        self.retranslate()
        self.rearrange()

    def _build_head(self) -> None:
        """The room, its dates, and "checked out"."""
        head = QHBoxLayout()
        head.setSpacing(self.metrics.spacing_px * 2)
        self.title = make_label("title", wrap=False)
        head.addWidget(self.title, 0, Qt.AlignmentFlag.AlignVCenter)
        self.dates = make_label("subtitle")
        head.addWidget(self.dates, 1, Qt.AlignmentFlag.AlignVCenter)
        self.checked_out_badge = make_label("notice", wrap=False)
        head.addWidget(self.checked_out_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(head)

    def _build_question(self) -> None:
        """The check-out question, and what went wrong with a check-out."""
        pad = self.metrics.spacing_px
        self.question, question_layout = make_card("warning", vertical=False)
        question_layout.setContentsMargins(pad, pad, pad, pad)
        question_layout.setSpacing(pad)
        self.question_text = make_label("body")
        question_layout.addWidget(self.question_text, 1)
        self.confirm_button = make_button("desk-primary")
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button = make_button("desk")
        self.cancel_button.clicked.connect(self._cancel)
        question_layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignVCenter)
        question_layout.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.question.hide()
        self.body.addWidget(self.question)

        self.failure, failure_layout = make_card("warning")
        failure_layout.setContentsMargins(pad, pad, pad, pad)
        self.failure_text = make_label("body")
        failure_layout.addWidget(self.failure_text)
        self.failure.hide()
        self.body.addWidget(self.failure)

    def _build_columns(self) -> None:
        """The guests, and beside them the reports and the slip."""
        spacing = self.metrics.spacing_px
        pad = spacing * 2
        self.columns: QBoxLayout = QHBoxLayout()
        self.columns.setSpacing(pad)
        guests_column = QWidget()
        self.guests_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, guests_column)
        self.guests_layout.setContentsMargins(0, 0, 0, 0)
        self.guests_layout.setSpacing(spacing // 2)
        self.guest_cards: list[GuestCard] = []
        self.guests_layout.addStretch(1)
        self.guests_column = guests_column
        self.columns.addWidget(guests_column, 3)

        self.reports, reports_layout = make_card("card")
        reports_layout.setContentsMargins(spacing, spacing, spacing, spacing)
        reports_layout.setSpacing(spacing // 2)
        self.reports_heading = make_label("subtitle")
        self.checkin_text = make_label("body")
        self.checkout_text = make_label("body")
        self.saved_text = make_label("hint")
        self.slip_heading = make_label("subtitle")
        self.slip_text = make_label("body")
        for label in (
            self.reports_heading,
            self.checkin_text,
            self.checkout_text,
            self.saved_text,
            self.slip_heading,
            self.slip_text,
        ):
            reports_layout.addWidget(label)
        self.moved_actions = QHBoxLayout()  # elder mode: the secondary actions, here
        self.moved_actions.setSpacing(spacing)
        reports_layout.addLayout(self.moved_actions)
        self.columns.addWidget(self.reports, 2, Qt.AlignmentFlag.AlignTop)
        self.columns.addStretch(0)  # stacked: the room left over goes under both
        self.body.addLayout(self.columns, 1)

    def _shortcut(self, key: str, action: Callable[[], None]) -> QShortcut:
        """``key`` does ``action`` while this screen is shown (a hidden screen's do not)."""
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
        return shortcut

    # ------------------------------------------------------------------ layout
    def arrange(self, arrangement: Arrangement) -> None:
        if arrangement.compact and not arrangement.elder:
            spacing = self.metrics.spacing_px  # three guests without scrolling at 1280×800
            self.body.setContentsMargins(spacing * 2, spacing, spacing * 2, spacing)
            self.body.setSpacing(spacing // 2)
        stacked = arrangement.portrait or arrangement.elder
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        for index, stretch in enumerate((0, 0, 1) if stacked else (3, 2, 0)):
            self.columns.setStretch(index, stretch)
        empty_layout(self.moved_actions)
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.back_button, STRETCH, self.check_out_button])
            widen(self.action_bar, self.check_out_button)
            self.moved_actions.addWidget(self.reprint_button)
            self.moved_actions.addWidget(self.desk_button)
            self.moved_actions.addStretch(1)
        else:
            fill_action_bar(
                self.action_bar,
                [
                    self.back_button,
                    self.desk_button,
                    STRETCH,
                    self.reprint_button,
                    self.check_out_button,
                ],
            )

    # ------------------------------------------------------------------ the journey
    @property
    def journey(self) -> DeskJourney | None:
        journey = self.shell.journey
        if isinstance(journey, DeskJourney) and not journey.ended:
            return journey
        return None

    def _current(self) -> DeskJourney | None:
        """The journey, when it is on this screen's step."""
        journey = self.journey
        return journey if journey is not None and journey.step is DeskStep.STAY else None

    def _follow_receipts(self) -> None:
        """Follow the shell's print desk (once; it may open after this screen was built)."""
        receipts = self.shell.receipts
        if receipts is not None and receipts is not self._receipts:
            self._receipts = receipts
            receipts.subscribe(self._on_receipt)

    def on_enter(self) -> None:
        super().on_enter()
        self._follow_receipts()
        journey = self.journey
        if journey is not None and (self._subscribed is None or self._subscribed() is not journey):
            self._subscribed = weakref.ref(journey)
            journey.subscribe_updates(lambda: self._updated(journey))
        self._watch_check_out = False
        self._check_out_failed = False
        self.refresh()

    def on_leave(self) -> None:
        self._clear()

    def _updated(self, journey: DeskJourney) -> None:
        if self.journey is journey and journey.step is DeskStep.STAY:
            self.refresh()
        elif self._stay is not None:
            self._clear()  # the stay went (idle): so do its names

    def _back(self) -> None:
        if self._current() is not None:
            self.shell.back()

    def _to_desk(self) -> None:
        journey = self._current()
        if journey is not None:
            journey.to_desk()

    def _reprint(self) -> None:
        journey = self._current()
        if journey is not None and not journey.state.confirming_check_out:
            journey.reprint()
            self._show_slip()

    def _ask(self) -> None:
        journey = self._current()
        if journey is not None and self.check_out_button.isEnabled():
            journey.ask_check_out()

    def _confirm(self) -> None:
        journey = self._current()
        if journey is not None and journey.state.confirming_check_out:
            self._watch_check_out = True
            self._check_out_failed = False
            journey.check_out()

    def _cancel(self) -> None:
        journey = self._current()
        if journey is not None:
            journey.cancel_check_out()

    def _escape(self) -> None:
        journey = self._current()
        if journey is None:
            return
        if journey.state.confirming_check_out:
            journey.cancel_check_out()
        else:
            self.shell.back()

    def _on_receipt(self, _view: ReceiptView | None) -> None:
        if self._stay is not None and self.shell.receipts is self._receipts:
            self._show_slip()

    # ------------------------------------------------------------------ drawing
    def refresh(self) -> None:
        """Show the stay the journey selected (nothing if none)."""
        journey = self._current()
        stay = journey.state.selected if journey is not None else None
        if journey is None or stay is None:
            self._clear()
            return
        state = journey.state
        if self._watch_check_out and not state.checking_out:
            self._watch_check_out = False
            self._check_out_failed = state.register_failed and stay.checked_out_at is None
        language = self.shell.view().language
        self._stay = stay
        self.title.setText(self.tr("Room {room}").format(room=stay.room))
        checked_out = stay.checked_out_at is not None
        self.checked_out_badge.setText(self.tr("Checked out") if checked_out else "")
        self.checked_out_badge.setVisible(checked_out)
        comma = "，" if language == "zh_CN" else ", "  # as the register's rows have it
        self.dates.setText(
            # No words of its own: a layout, not a text to translate.
            f"{long_date(stay.arrival, language)} → {long_date(stay.departure, language)}"
            f"{comma}{nights_words(stay.nights)}"
        )
        self._show_guests(stay, language)
        self.checkin_text.setText(self._checkin_text(stay))
        self.checkout_text.setText(self._checkout_text(stay))
        self.saved_text.setText(self.tr("Saved {time}").format(time=local_text(stay.saved_at)))
        self._show_slip()
        confirming = state.confirming_check_out
        self.question.setVisible(confirming)
        self.question_text.setText(
            self.tr("Check room {room} out now? This is reported.").format(room=stay.room)
            if confirming
            else ""
        )
        self.confirm_button.setEnabled(confirming and not state.checking_out)
        for shortcut in self._confirm_keys:
            shortcut.setEnabled(confirming)
        self.failure.setVisible(self._check_out_failed)
        self.failure_text.setText(
            self.tr(
                "The check-out could not be saved: the register cannot be written. Nothing was "
                "reported. Try again in a moment; if it keeps happening, call the technician."
            )
            if self._check_out_failed
            else ""
        )
        self.check_out_button.setEnabled(not checked_out and not confirming)
        self.reprint_button.setEnabled(not confirming)

    def _show_guests(self, stay: Stay, language: Language) -> None:
        while len(self.guest_cards) < len(stay.guests):
            card = GuestCard(self.metrics.spacing_px)
            self.guests_layout.insertWidget(len(self.guest_cards), card)
            self.guest_cards.append(card)
        for index, card in enumerate(self.guest_cards):
            if index >= len(stay.guests):
                _blank(card)
                card.hide()
                continue
            guest = stay.guests[index]
            card.name.setText(guest_name(guest.name, guest.latin_name, language))
            card.badge.setText(QCoreApplication.translate("DeskCard", "Under 18"))
            card.badge.setVisible(guest.minor)
            card.facts.setText(" · ".join(part for part in self._facts(guest, language) if part))
            care = self._care_text(stay, guest, language)
            card.care.setText(care)
            card.care.setVisible(bool(care))
            card.show()

    def _facts(self, guest: RegisteredGuest, language: Language) -> list[str]:
        """The masked number, sex and age; the credential when it is not an e-ID (most are)."""
        credential = ""
        if guest.credential is not CredentialType.EID:
            info = REGISTRY.get(guest.credential)
            credential = info.name.text(language) if info is not None else ""
        if guest.nationality:
            credential = self.tr("{credential}, nationality {code}").format(
                credential=credential, code=guest.nationality
            )
        return [guest.masked_number, sex_text(guest.sex), age_text(guest.age), credential]

    def _care_text(self, stay: Stay, guest: RegisteredGuest, language: Language) -> str:
        care = guest.care
        if not guest.minor:
            return ""
        if care is None:
            return self.tr("Under 18: how they are cared for was not recorded.")
        relationship = relationship_text(care.relationship)
        if care.kind is CareKind.GUARDIAN_CALLED:
            return self.tr(
                "Alone: the desk called the guardian {name} on {phone} · {relationship}"
            ).format(
                name=care.guardian_name,
                relationship=relationship,
                phone=mask_phone(care.guardian_phone),
            )
        index = care.companion_guest
        if index is not None and 0 <= index < len(stay.guests):
            companion = stay.guests[index]
            return self.tr("Accompanied by {name}, a guest of the room · {relationship}").format(
                name=guest_name(companion.name, companion.latin_name, language),
                relationship=relationship,
            )
        return self.tr(
            "Accompanied by {name}, not staying, identity number {number} · {relationship}"
        ).format(
            name=care.companion_name,
            relationship=relationship,
            number=mask_identifier(care.companion_number) if care.companion_number else "",
        )

    def _checkin_text(self, stay: Stay) -> str:
        if stay.checkin_state is ReportState.REPORTED:
            if stay.checkin_number:
                return self.tr("Check-in reported to the platform, number {number}.").format(
                    number=stay.checkin_number
                )
            return self.tr("Check-in reported to the platform.")
        if stay.checkin_state is ReportState.REFUSED:
            return self.tr("Check-in refused by the platform: ask the technician.")
        return self.tr("Check-in waiting for the network: it is sent by itself.")

    def _checkout_text(self, stay: Stay) -> str:
        if stay.checked_out_at is None:
            return self.tr("Not checked out yet.")
        at = local_text(stay.checked_out_at)
        if stay.checkout_state is ReportState.REPORTED:
            number = stay.checkout_number
            if number:
                return self.tr(
                    "Checked out {time}, reported to the platform, number {number}."
                ).format(time=at, number=number)
            return self.tr("Checked out {time}, reported to the platform.").format(time=at)
        if stay.checkout_state is ReportState.REFUSED:
            return self.tr(
                "Checked out {time}, refused by the platform: ask the technician."
            ).format(time=at)
        return self.tr("Checked out {time}, waiting for the network: it is sent by itself.").format(
            time=at
        )

    def _show_slip(self) -> None:
        """The slip's number, and its printing once asked for here (the print desk's view of
        this very slip)."""
        stay = self._stay
        if stay is None:
            self.slip_heading.setText("")
            self.slip_text.setText("")
            return
        self.slip_heading.setText(self.tr("Slip {number}").format(number=stay.slip_number))
        view = self.shell.receipt()
        document = view.document if view is not None else None
        said = ""
        if view is None or not isinstance(document, HotelSlip):
            said = ""  # nothing printed from this screen yet
        elif document.slip_number != stay.slip_number:
            said = ""  # another room's slip (printed at the desk)
        elif view.phase is ReceiptPhase.PRINTING:
            said = self.tr("Printing…")
        elif view.phase is ReceiptPhase.PRINTED:
            said = self.tr("Printed.")
        else:
            problem = view.problem.message if view.problem is not None else None
            reason = translate_message(Message(problem)) if problem is not None else ""
            said = join_sentences(self.tr("Not printed."), reason)
        self.slip_text.setText(said)
        self.slip_text.setVisible(bool(said))

    def _clear(self) -> None:
        """Forget the stay: every text that named it or its guests."""
        self._stay = None
        for label in (
            self.title,
            self.checked_out_badge,
            self.dates,
            self.question_text,
            self.failure_text,
            self.checkin_text,
            self.checkout_text,
            self.saved_text,
            self.slip_text,
        ):
            label.setText("")
        for card in self.guest_cards:
            _blank(card)
            card.hide()
        self.question.hide()
        self.failure.hide()
        for shortcut in self._confirm_keys:
            shortcut.setEnabled(False)

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.reports_heading.setText(self.tr("Reported to the platform"))
        for button, text, key in (
            (self.back_button, self.tr("Back to the register"), KEYS["back"]),
            (self.desk_button, self.tr("To the desk"), KEYS["desk"]),
            (self.reprint_button, self.tr("Reprint slip"), KEYS["reprint"]),
            (self.check_out_button, self.tr("Check out"), KEYS["check_out"]),
            (self.confirm_button, self.tr("Confirm check-out"), KEYS["confirm"]),
            (self.cancel_button, self.tr("Cancel"), KEYS["cancel"]),
        ):
            button.setText(key_label(text, key))
            button.setAccessibleName(text)
        if self._stay is not None:
            self.refresh()

    def wipe(self) -> None:
        """A session ended: nothing of the stay stays."""
        super().wipe()
        self._clear()


def _blank(card: GuestCard) -> None:
    for label in card.labels():
        label.setText("")

"""The hotel desk: the scanner always on, and the room card being filled in.

A thin view over ``kiosk.journeys.desk.DeskJourney`` (step DESK). Left: the camera's picture
(``DeskScanner``: each new code verified once, using it up), what the camera needs and what the
last scan did: the guest added, or why the code was refused and what to do (ask for the
physical ID card, have the code refreshed; "already used at 14:02 at this desk"), with a sound
and a flash around the picture so the clerk can keep their eyes on the guest. Right: the card:
the room, the nights (and the check-out day), each guest, how each minor is cared for, the same
person in another room, what stops saving, and once saved the report's state ("reported",
with the platform's number, or "waiting for the network") and the slip's.

Keyboard and mouse as well as touch: Tab moves through the card in reading order, Enter saves,
Esc clears the card, F2 opens the register, + and − change the nights (each shown on its
button). The camera runs while this screen is shown and stops when it is left or wiped.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import itertools
from functools import partial

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.camera import CameraState
from kiosk.devices.speaker import Cue
from kiosk.domain.text import Language
from kiosk.journeys.desk import CardPhase, DeskJourney
from kiosk.journeys.receipt import ReceiptPhase, ReceiptView
from kiosk.journeys.scan import Hint
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.scan.desk_scanner import DeskScanner
from kiosk.ui.scan.preview import LumaPreview
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.desk_card import CareEditor, GuestRow
from kiosk.ui.screens.desk_texts import (
    added_text,
    guest_name,
    nights_text,
    problem_text,
    refusal_text,
    short_date,
)
from kiosk.ui.widgets.common import empty_layout, make_button, make_card, make_label
from kiosk.ui.widgets.flash import ScanFlash

ROOM_PATTERN = "[0-9A-Za-z-]{0,8}"


class DeskScreen(ArrangedScreen):
    """The desk; see the module docstring."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # The scanner plays no cue itself: the screen plays the desk's verdict (below).
        self.scanner = DeskScanner(context.scanning, context.tasks, cues=False, parent=self)
        self.scanner.verified.connect(self._scanned)
        self.scanner.changed.connect(self._show_camera)
        self._journey: DeskJourney | None = None
        self._structure: object = None  # what the guest rows were built for
        self._rows: list[GuestRow] = []
        self._cares: list[CareEditor] = []
        self._receipts_followed = False

        self.columns = QHBoxLayout()
        self.body.addLayout(self.columns, 1)
        self.left = QVBoxLayout()
        self.columns.addLayout(self.left, 1)
        # The card scrolls on its own when a big family does not fit: the picture, the room
        # and the last scan's words stay in view.
        self.card_area = QScrollArea()
        self.card_area.setObjectName("DeskCardArea")
        self.card_area.setWidgetResizable(True)
        self.card_area.setFrameShape(QFrame.Shape.NoFrame)
        self.card_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(
            self.card_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        card = QWidget()
        card.setObjectName("DeskCard")
        self.card_area.setWidget(card)
        self.right = QVBoxLayout(card)
        self.right.setContentsMargins(0, 0, 0, 0)
        self.columns.addWidget(self.card_area, 2)
        self._build_scanner_column()
        self._build_card_column()
        self._build_actions()
        self.retranslate()
        self.rearrange()

    # ------------------------------------------------------------------ building
    def _build_scanner_column(self) -> None:
        self.scan_title = make_label("hint")
        self.scan_title.hide()  # said by the camera's line under the picture
        self.preview = LumaPreview(self.metrics)
        self.preview.setObjectName("DeskPreview")
        self.preview.setMinimumHeight(self.metrics.px(18))
        self.preview.setMaximumHeight(self.metrics.px(60))
        self.left.addWidget(self.preview, 1)
        self.flash = ScanFlash(self.preview)
        self.camera_text = make_label("body")
        self.left.addWidget(self.camera_text)
        self.notice, notice_layout = make_card("card")
        self.notice.setObjectName("DeskNotice")
        pad = self.metrics.spacing_px
        notice_layout.setContentsMargins(pad * 2, pad, pad * 2, pad)
        notice_layout.setSpacing(0)
        self.notice_title = make_label("desk-name")
        self.notice_advice = make_label("hint")
        notice_layout.addWidget(self.notice_title)
        notice_layout.addWidget(self.notice_advice)
        self.notice.hide()
        self.left.insertWidget(self.left.indexOf(self.camera_text) + 1, self.notice)

    def _build_card_column(self) -> None:
        # The room and the nights sit under the picture: the card's column keeps its height
        # for the guests (a family with a child fits a 1280×800 desk monitor unscrolled).
        top = QHBoxLayout()
        self.room_label = make_label("subtitle", wrap=False)
        self.room_label.hide()  # the field's placeholder and accessible name say "Room"
        self.room = QLineEdit()
        self.room.setObjectName("DeskRoomField")
        configure_field(self.room, FieldKind.TEXT)
        self.room.setInputMethodHints(
            self.room.inputMethodHints()
            | Qt.InputMethodHint.ImhLatinOnly
            | Qt.InputMethodHint.ImhPreferUppercase
        )
        self.room.setValidator(
            QRegularExpressionValidator(QRegularExpression(ROOM_PATTERN), self.room)
        )
        self.room.setMaxLength(8)
        self.room.textEdited.connect(self._room_typed)
        self.room.returnPressed.connect(self._save)
        top.addWidget(self.room, 2)
        self.left.addLayout(top)
        nights = QHBoxLayout()
        self.fewer = make_button("desk")
        self.fewer.clicked.connect(lambda: self._nights(-1))
        nights.addWidget(self.fewer)
        self.nights = make_label("body")
        self.nights.setAlignment(Qt.AlignmentFlag.AlignCenter)
        nights.addWidget(self.nights, 1)
        self.more = make_button("desk")
        self.more.clicked.connect(lambda: self._nights(1))
        nights.addWidget(self.more)
        self.left.addLayout(nights)
        self._build_card_body()

    def _build_card_body(self) -> None:
        self.empty = make_label("body")
        self.right.addWidget(self.empty)
        self.guests = QVBoxLayout()
        self.right.addLayout(self.guests)

        self.elsewhere, elsewhere_layout = make_card("warning")
        self.elsewhere.setObjectName("DeskElsewhere")
        pad = self.metrics.spacing_px * 2
        elsewhere_layout.setContentsMargins(pad, pad, pad, pad)
        self.elsewhere_text = make_label("body")
        elsewhere_layout.addWidget(self.elsewhere_text)
        self.anyway = make_button("desk")
        self.anyway.clicked.connect(self._confirm_elsewhere)
        elsewhere_layout.addWidget(self.anyway, 0, Qt.AlignmentFlag.AlignLeft)
        self.elsewhere.hide()
        self.right.addWidget(self.elsewhere)

        self.problems, problems_layout = make_card("warning")
        self.problems.setObjectName("DeskProblems")
        problems_layout.setContentsMargins(pad, pad, pad, pad)
        self.problems_text = make_label("body")
        problems_layout.addWidget(self.problems_text)
        self.problems.hide()
        self.right.addWidget(self.problems)

        self.saved, saved_layout = make_card("card")
        self.saved.setObjectName("DeskSaved")
        saved_layout.setContentsMargins(pad, pad, pad, pad)
        self.saved_title = make_label("tile-title")
        self.saved_report = make_label("body")
        self.saved_slip = make_label("hint")
        for label in (self.saved_title, self.saved_report, self.saved_slip):
            saved_layout.addWidget(label)
        self.reprint = make_button("desk")
        self.reprint.clicked.connect(self._reprint)
        saved_layout.addWidget(self.reprint, 0, Qt.AlignmentFlag.AlignLeft)
        self.saved.hide()
        self.right.addWidget(self.saved)
        self.right.addStretch(1)

    def _build_actions(self) -> None:
        self.clear_button = make_button("desk")
        self.clear_button.clicked.connect(self._clear)
        self.register_button = make_button("desk")
        self.register_button.clicked.connect(self._register)
        self.save_button = make_button("desk-primary")
        self.save_button.setObjectName("DeskSave")
        self.save_button.clicked.connect(self._save)
        self.action_bar.addWidget(self.clear_button)
        self.action_bar.addWidget(self.register_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.save_button)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            (Qt.Key.Key_Escape, partial(self._clear, by_keys=True)),
            (Qt.Key.Key_F2, self._register),
            # Keys a text field does not take (the room's field holds "+" and "-" as typed).
            (Qt.Key.Key_PageUp, lambda: self._nights(1)),
            (Qt.Key.Key_PageDown, lambda: self._nights(-1)),
            (Qt.Key.Key_Enter, self._save),
            (Qt.Key.Key_Return, self._save),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    def arrange(self, arrangement: Arrangement) -> None:
        # A desk monitor is small: tight margins (the clerk sits close to it).
        spacing = self.metrics.spacing_px
        self.body.setContentsMargins(spacing * 2, spacing, spacing * 2, spacing)
        self.body.setSpacing(spacing)
        self.right.setSpacing(spacing)
        # Portrait: the picture above the card; otherwise side by side.
        self.columns.setDirection(
            QHBoxLayout.Direction.TopToBottom
            if arrangement.portrait
            else QHBoxLayout.Direction.LeftToRight
        )
        fill_action_bar(
            self.action_bar,
            [self.clear_button, self.register_button, STRETCH, self.save_button],
        )

    # ------------------------------------------------------------------ lifecycle
    def _desk(self) -> DeskJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, DeskJourney) and not journey.ended else None

    def on_enter(self) -> None:
        super().on_enter()
        journey = self._desk()
        if journey is not self._journey:
            self._journey = journey
            self._structure = None
            if journey is not None:
                journey.subscribe_updates(partial(self._updated, journey))
        receipts = self.shell.receipts
        if receipts is not None and not self._receipts_followed:
            self._receipts_followed = True
            receipts.subscribe(self._receipt_changed)
        self.scanner.start()
        self._refresh()

    def on_leave(self) -> None:
        self.scanner.stop()
        self.preview.show_frame(None)

    def wipe(self) -> None:
        super().wipe()
        self.on_leave()
        self._journey = None
        self._structure = None
        self.room.clear()
        self._clear_rows()
        self.notice.hide()

    def _updated(self, journey: DeskJourney) -> None:
        if journey is self._journey and journey is self._desk():
            self._refresh()

    def _receipt_changed(self, _view: ReceiptView | None) -> None:
        if self._desk() is not None and self.isVisible():
            self._refresh()

    # ------------------------------------------------------------------ intents
    def _scanned(self, result: VerificationResult | None) -> None:
        journey = self._desk()
        if journey is None:
            return
        self.shell.user_activity()
        journey.guest_scanned(result)
        notice = journey.state.notice
        if notice is not None:
            # The sound and the flash say what the desk did with the code (a genuine code of
            # a guest already on the card is no guest added).
            accepted = notice.kind.accepted
            self.flash.flash(ok=accepted)
            self.context.scanning.speaker.play(Cue.ACCEPTED if accepted else Cue.REFUSED)

    def _room_typed(self, text: str) -> None:
        journey = self._desk()
        if journey is not None:
            journey.set_room(text)

    def _nights(self, step: int) -> None:
        journey = self._desk()
        draft = journey.state.draft if journey is not None else None
        if journey is not None and draft is not None:
            journey.set_nights(draft.nights + step)

    def _save(self) -> None:
        journey = self._desk()
        if journey is not None:
            journey.save()

    def _clear(self, *, by_keys: bool = False) -> None:
        journey = self._desk()
        if journey is not None:
            journey.clear_card()
            self.room.clear()
            if by_keys:  # the clerk is at the keys: the next room is typed there
                self.room.setFocus()

    def _register(self) -> None:
        journey = self._desk()
        if journey is not None:
            journey.open_register()

    def _confirm_elsewhere(self) -> None:
        journey = self._desk()
        if journey is not None:
            journey.confirm_elsewhere()

    def _reprint(self) -> None:
        journey = self._desk()
        if journey is not None:
            journey.reprint()

    # ------------------------------------------------------------------ rendering
    def _language(self) -> Language:
        return self.shell.view().language

    def _show_camera(self) -> None:
        self.preview.show_frame(self.scanner.latest)
        self.preview.guide = "reading" if self.scanner.reading else "looking"
        self.camera_text.setText(self._camera_words())

    def _camera_words(self) -> str:
        state = self.scanner.camera_state
        failures = {
            CameraState.NO_DEVICE: self.tr("No camera is connected. Check its cable."),
            CameraState.LOST: self.tr("The camera was disconnected. Trying again…"),
            CameraState.PERMISSION_DENIED: self.tr("This program may not use the camera."),
            CameraState.ERROR: self.tr("The camera is not working. Trying again…"),
        }
        if state in failures:
            return failures[state]
        if state in (CameraState.OFF, CameraState.STARTING):
            return self.tr("Starting the camera…")
        hints = {
            Hint.TOO_DARK: self.tr("Too dark: ask the guest to turn up the screen brightness"),
            Hint.GLARE: self.tr("A reflection: ask the guest to tilt the phone"),
            Hint.MOVE_CLOSER: self.tr("The code is far: ask the guest to come closer"),
            Hint.HOLD_STILL: self.tr("Ask the guest to hold the phone still"),
            Hint.SHOW_ONE_CODE: self.tr("Only one code at a time, please"),
            Hint.KEEP_STEADY: self.tr("Reading…"),
        }
        return hints.get(self.scanner.hint, self.tr("Ready for the next guest's e-ID"))

    def _refresh(self) -> None:
        journey = self._desk()
        if journey is None:
            return
        state = journey.state
        draft = state.draft
        language = self._language()
        self._show_notice(journey, language)
        editable = draft is not None and state.phase in (CardPhase.FILLING, CardPhase.FAILED)
        if draft is None:
            if not self.room.hasFocus() and self.room.text():
                self.room.clear()
        elif not self.room.hasFocus() and self.room.text() != draft.room:
            self.room.setText(draft.room)
        self.room.setEnabled(draft is None or editable)
        self.fewer.setEnabled(editable and draft is not None and draft.nights > 1)
        self.more.setEnabled(editable)
        if draft is not None:
            self.nights.setText(
                nights_text(draft.nights)
                + " · "
                + self.tr("until {day}").format(day=short_date(draft.departure, language))
            )
        else:
            self.nights.setText(nights_text(1))
        self.empty.setVisible(draft is None or not draft.guests)
        self._rebuild_rows(journey, language, editable=editable)
        names = [guest_name(g.name, g.latin_name, language) for g in draft.guests] if draft else []
        self._show_elsewhere(journey, names, editable=editable)
        shown = state.shown_problems
        self.problems.setVisible(bool(shown) and state.phase is CardPhase.FILLING)
        self.problems_text.setText("\n".join(problem_text(found, names) for found in shown))
        self._show_saved(journey, language)
        self.save_button.setEnabled(editable and bool(draft and draft.guests))
        self._tab_order()

    def _show_notice(self, journey: DeskJourney, language: Language) -> None:
        notice = journey.state.notice
        if notice is None:
            self.notice.hide()
            self.notice_title.clear()  # a hidden label must not keep a guest's name
            self.notice_advice.clear()
            return
        self.notice.show()
        if notice.kind.accepted:
            self.notice.setProperty("role", "card")
            self.notice_title.setText(added_text(notice, notice.person, language))
            self.notice_advice.setText(self.tr("Scan the next guest of the room, or save."))
        else:
            self.notice.setProperty("role", "warning")
            said, advice = refusal_text(notice)
            self.notice_title.setText(said)
            self.notice_advice.setText(advice)
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)

    def _clear_rows(self) -> None:
        empty_layout(self.guests)
        for widget in (*self._rows, *self._cares):
            widget.hide()
            widget.deleteLater()  # with the guest's name in it
        self._rows = []
        self._cares = []

    def _rebuild_rows(self, journey: DeskJourney, language: Language, *, editable: bool) -> None:
        draft = journey.state.draft
        if draft is None:
            if self._structure is not None:
                self._clear_rows()
                self._structure = None
            return
        minors = draft.minors()
        structure = (
            id(draft),
            tuple(guest.person for guest in draft.guests),
            tuple(minors),
            language,
            editable,
        )
        if structure == self._structure:
            for editor in self._cares:
                editor.refresh()
            return
        self._structure = structure
        self._clear_rows()
        for index, guest in enumerate(draft.guests):
            row = GuestRow(
                guest,
                index,
                minor=index in minors,
                language=language,
                remove=journey.remove_guest,
                editable=editable,
            )
            self._rows.append(row)
            self.guests.addWidget(row)
            if index in minors and editable:
                editor = CareEditor(journey, index, metrics=self.metrics, language=language)
                self._cares.append(editor)
                self.guests.addWidget(editor)

    def _show_elsewhere(self, journey: DeskJourney, names: list[str], *, editable: bool) -> None:
        draft = journey.state.draft
        found = draft.unconfirmed_elsewhere() if draft is not None and editable else {}
        self.elsewhere.setVisible(bool(found))
        lines = [
            self.tr("{name} is already checked in to room {room} for these nights.").format(
                name=names[index] if index < len(names) else "", room=room
            )
            for index, room in sorted(found.items())
        ]
        lines.append(self.tr("Check that stay out first, or save this room anyway."))
        self.elsewhere_text.setText("\n".join(lines))

    def _show_saved(self, journey: DeskJourney, language: Language) -> None:
        state = journey.state
        stay = state.saved
        phase = state.phase
        self.saved.setVisible(phase in (CardPhase.SAVING, CardPhase.SAVED, CardPhase.FAILED))
        if phase is CardPhase.SAVING:
            self.saved_title.setText(self.tr("Saving…"))
            self.saved_report.setText("")
            self.saved_slip.setText("")
            self.reprint.hide()
            return
        if phase is CardPhase.FAILED:
            self.saved_title.setText(self.tr("The check-in could not be saved"))
            self.saved_report.setText(
                self.tr(
                    "Nothing was saved or reported. Press Save to try again; if it fails "
                    "again, call the technician."
                )
            )
            self.saved_slip.setText("")
            self.reprint.hide()
            return
        if stay is None:
            return
        from kiosk.hotel.register import ReportState  # noqa: PLC0415 - the register's enum

        self.saved_title.setText(
            self.tr("Room {room} checked in: {count} guest(s), until {day}").format(
                room=stay.room,
                count=len(stay.guests),
                day=short_date(stay.departure, language),
            )
        )
        if stay.checkin_state is ReportState.REPORTED:
            report = self.tr("Reported to the platform: check-in number {number}").format(
                number=stay.checkin_number or ""
            )
        elif stay.checkin_state is ReportState.REFUSED:
            report = self.tr(
                "The platform refused the report. Call the technician; the stay is kept here."
            )
        else:
            report = self.tr(
                "Waiting for the network: it is reported as soon as the platform can be "
                "reached. Nothing is lost."
            )
        self.saved_report.setText(report)
        self.saved_slip.setText(self._slip_words())
        self.reprint.show()

    def _slip_words(self) -> str:
        receipts = self.shell.receipts
        view = receipts.view() if receipts is not None else None
        if receipts is None:
            return self.tr("No printer is set up: no slip was printed.")
        if view is None:
            return ""
        if view.phase is ReceiptPhase.PRINTING:
            return self.tr("Printing the room's slip…")
        if view.phase is ReceiptPhase.PRINTED:
            return self.tr("The room's slip is printed.")
        return self.tr("The slip could not be printed (check the printer); reprint it later.")

    def _tab_order(self) -> None:
        chain: list[QWidget] = [self.room, self.fewer, self.more]
        for row in self._rows:
            chain.append(row.remove_button)
        for editor in self._cares:
            chain.extend(editor.focus_widgets())
        chain += [self.anyway, self.save_button, self.reprint, self.clear_button]
        chain.append(self.register_button)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def retranslate(self) -> None:
        self.scan_title.setText(self.tr("Guests show their e-ID QR code"))
        self.room_label.setText(self.tr("Room"))
        self.room.setPlaceholderText(self.tr("Room"))
        self.room.setAccessibleName(self.tr("Room"))
        self.fewer.setText("− (PgDn)")  # a sign and a key name: the same in every language
        self.fewer.setAccessibleName(self.tr("One night fewer"))
        self.more.setText("+ (PgUp)")
        self.more.setAccessibleName(self.tr("One night more"))
        self.empty.setText(
            self.tr(
                "Scan the first guest's e-ID. Guests of the same room follow one after another."
            )
        )
        self.anyway.setText(self.tr("Save anyway"))
        self.reprint.setText(self.tr("Reprint slip"))
        self.clear_button.setText(self.tr("Clear card (Esc)"))
        self.register_button.setText(self.tr("Register (F2)"))
        self.save_button.setText(self.tr("Save (Enter)"))
        self._structure = None  # the rows' texts are in the language too
        self._show_camera()
        self._refresh()

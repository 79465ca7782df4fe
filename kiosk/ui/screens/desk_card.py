"""The hotel desk card's parts: one guest's row and a minor's care editor.

A ``GuestRow`` shows a verified guest (name, with its pinyin in English; masked number; sex and
age; where the number was registered and who issued the code; until when the code was valid)
and a button to take them off the card. A ``CareEditor`` asks how a guest under 18 is cared
for: with one of the room's adults, with an adult not staying (typed: name and identity number),
or alone with a guardian the desk called (typed: name and mobile number, and a confirmation of
the warning); then the relationship. Every choice goes to the journey (``DeskJourney.set_care``);
the widgets show what the journey holds, never keep their own copy beyond the typed fields.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kiosk.domain.text import Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.guest import Guest
from kiosk.hotel.report import CareKind, Relationship
from kiosk.hotel.stay import StayDraft
from kiosk.journeys.desk import DeskJourney
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.screens.desk_texts import (
    clock_time,
    guest_name,
    relationship_text,
    sex_age_text,
)
from kiosk.ui.widgets.common import make_button, make_card, make_label

ALONE = -2  # the companion choice "alone: a guardian was called"
TYPED = -1  # the companion choice "an adult not staying"


def _choice(text: str, *, checked: bool) -> QPushButton:
    button = make_button("desk-choice")
    button.setCheckable(True)
    button.setChecked(checked)
    button.setText(text)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


class GuestRow(QWidget):
    """One guest on the card: the name (and a minor's badge) and "Remove" on the first line,
    the facts on the second."""

    def __init__(
        self,
        guest: Guest,
        index: int,
        *,
        minor: bool,
        language: Language,
        remove: Callable[[int], None],
        editable: bool,
    ) -> None:
        super().__init__()
        self.setObjectName("DeskGuestRow")
        frame, layout = make_card("card", vertical=False)
        layout.setContentsMargins(12, 6, 12, 6)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        texts = QWidget()
        column = QGridLayout(texts)
        column.setContentsMargins(0, 0, 0, 0)
        column.setVerticalSpacing(0)
        self.name = make_label("desk-name", wrap=False)
        self.name.setText(guest_name(guest.name, guest.latin_name, language))
        column.addWidget(self.name, 0, 0)
        if minor:
            badge = make_label("notice", wrap=False)
            badge.setText(QCoreApplication.translate("DeskCard", "Under 18"))
            column.addWidget(badge, 0, 1, Qt.AlignmentFlag.AlignLeft)
        column.setColumnStretch(2, 1)
        day = guest.verified_at.astimezone(CHINA_TIME).date()
        facts = [guest.masked_number, sex_age_text(guest.sex, guest.age_on(day))]
        home = guest.home_region
        if home is not None:
            facts.append(home.text(language))
        resident = guest.nationality is not None
        if guest.region.value == "SC":
            issuer = (
                QCoreApplication.translate("DeskCard", "resident card issued by Sichuan")
                if resident
                else QCoreApplication.translate("DeskCard", "e-ID issued by Sichuan")
            )
        else:
            issuer = (
                QCoreApplication.translate("DeskCard", "resident card issued by Chongqing")
                if resident
                else QCoreApplication.translate("DeskCard", "e-ID issued by Chongqing")
            )
        facts.append(issuer)
        if guest.valid_until is not None:
            facts.append(
                QCoreApplication.translate("DeskCard", "valid to {time}").format(
                    time=clock_time(guest.valid_until)
                )
            )
        self.facts = make_label("hint")
        self.facts.setText(" · ".join(fact for fact in facts if fact))
        column.addWidget(self.facts, 1, 0, 1, 3)
        layout.addWidget(texts, 1)
        self.remove_button = make_button("desk")
        self.remove_button.setText("✕")
        self.remove_button.setToolTip(
            QCoreApplication.translate("DeskCard", "Remove this guest from the card")
        )
        self.remove_button.setAccessibleName(
            QCoreApplication.translate("DeskCard", "Remove this guest from the card")
        )
        self.remove_button.setEnabled(editable)
        self.remove_button.setFixedWidth(self.remove_button.minimumSizeHint().height() + 8)
        self.remove_button.clicked.connect(lambda: remove(index))
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignVCenter)


class CareEditor(QWidget):
    """How a minor is cared for; see the module docstring."""

    def __init__(
        self,
        journey: DeskJourney,
        index: int,
        *,
        metrics: DisplayMetrics,
        language: Language,
    ) -> None:
        super().__init__()
        self.setObjectName("DeskCareEditor")
        self._journey = journey
        self._index = index
        frame, layout = make_card("warning")
        pad = metrics.spacing_px
        layout.setContentsMargins(pad * 2, pad, pad * 2, pad)
        layout.setSpacing(pad // 2)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        draft = journey.state.draft
        assert draft is not None
        guest = draft.guests[index]
        name = guest.name if language == "zh_CN" else guest.latin_name
        self.question = make_label("body")
        self.question.setText(
            QCoreApplication.translate(
                "DeskCard", "{name} is under 18: who accompanies them, and as what?"
            ).format(name=name)
        )
        layout.addWidget(self.question)

        who = self._make_choices(draft, language)
        layout.addLayout(who)
        relations = QHBoxLayout()
        relations.setContentsMargins(0, 0, 0, 0)
        self.relationships: dict[Relationship, QPushButton] = {}
        for relationship in Relationship:
            button = _choice(relationship_text(relationship), checked=False)
            button.clicked.connect(
                lambda _=False, r=relationship: journey.set_care(index, relationship=r)
            )
            self.relationships[relationship] = button
            relations.addWidget(button)
        relations.addStretch(1)
        layout.addLayout(relations)

        self._make_fields()
        fields = QHBoxLayout()
        for field in (
            self.companion_name,
            self.companion_number,
            self.guardian_name,
            self.guardian_phone,
        ):
            fields.addWidget(field, 1)
        layout.addLayout(fields)
        self.alone_warning = make_label("body")
        self.alone_warning.setText(
            QCoreApplication.translate(
                "DeskCard",
                "An unaccompanied minor: call a guardian and have them agree to this stay. The "
                "stay is reported to the police as the rules require.",
            )
        )
        layout.addWidget(self.alone_warning)
        self.confirm = _choice(
            QCoreApplication.translate("DeskCard", "I called the guardian, who agreed"),
            checked=False,
        )
        self.confirm.setObjectName("DeskConfirmAlone")
        self.confirm.clicked.connect(lambda on: journey.set_care(index, confirmed=on))
        layout.addWidget(self.confirm, 0, Qt.AlignmentFlag.AlignLeft)

        self.refresh()

    def refresh(self) -> None:
        """Show what the journey holds for this minor now (the typed fields keep what is being
        typed)."""
        draft = self._journey.state.draft
        if draft is None or self._index not in draft.care:
            return
        care = draft.care[self._index]
        for choice, button in self.choices.items():
            if choice == ALONE:
                chosen = care.kind is CareKind.GUARDIAN_CALLED
            elif choice == TYPED:
                chosen = care.kind is CareKind.ACCOMPANIED and care.companion_guest is None
            else:
                chosen = care.kind is CareKind.ACCOMPANIED and care.companion_guest == choice
            button.setChecked(chosen)
        typed = care.kind is CareKind.ACCOMPANIED and care.companion_guest is None
        alone = care.kind is CareKind.GUARDIAN_CALLED
        for field, shown, text in (
            (self.companion_name, typed, care.companion_name),
            (self.companion_number, typed, care.companion_number),
            (self.guardian_name, alone, care.guardian_name),
            (self.guardian_phone, alone, care.guardian_phone),
        ):
            field.setVisible(shown)
            if not field.hasFocus() and field.text() != text:
                field.setText(text)
        self.confirm.setVisible(alone)
        self.alone_warning.setVisible(alone)
        self.confirm.setChecked(care.confirmed)
        for relationship, button in self.relationships.items():
            button.setVisible(care.kind is not None)
            button.setChecked(care.relationship is relationship)

    def _make_choices(self, draft: StayDraft, language: Language) -> QGridLayout:
        """The companion choices, three to a row: each adult of the room, an adult not
        staying, alone with a guardian called."""
        who = QGridLayout()
        who.setContentsMargins(0, 0, 0, 0)
        self.choices: dict[int, QPushButton] = {}
        for adult in draft.adults():
            person = draft.guests[adult]
            button = _choice(
                QCoreApplication.translate("DeskCard", "With {name}").format(
                    name=person.name if language == "zh_CN" else person.latin_name
                ),
                checked=False,
            )
            button.clicked.connect(lambda _=False, a=adult: self._companion(a))
            self.choices[adult] = button
        self.choices[TYPED] = _choice(
            QCoreApplication.translate("DeskCard", "Adult not staying"), checked=False
        )
        self.choices[TYPED].clicked.connect(lambda: self._companion(TYPED))
        self.choices[ALONE] = _choice(
            QCoreApplication.translate("DeskCard", "Alone (guardian called)"), checked=False
        )
        self.choices[ALONE].clicked.connect(lambda: self._companion(ALONE))
        for place, button in enumerate(self.choices.values()):
            who.addWidget(button, place // 3, place % 3)
        return who

    def _make_fields(self) -> None:
        journey, index = self._journey, self._index
        self.companion_name = self._field(FieldKind.NAME)
        self.companion_name.setPlaceholderText(
            QCoreApplication.translate("DeskCard", "Adult's name")
        )
        self.companion_name.textEdited.connect(
            lambda text: journey.set_care(index, companion_name=text)
        )
        self.companion_number = self._field(FieldKind.IDENTITY_NUMBER)
        self.companion_number.setPlaceholderText(
            QCoreApplication.translate("DeskCard", "Adult's identity number")
        )
        self.companion_number.textEdited.connect(
            lambda text: journey.set_care(index, companion_number=text)
        )
        self.guardian_name = self._field(FieldKind.NAME)
        self.guardian_name.setPlaceholderText(
            QCoreApplication.translate("DeskCard", "Guardian's name")
        )
        self.guardian_name.textEdited.connect(
            lambda text: journey.set_care(index, guardian_name=text)
        )
        self.guardian_phone = self._field(FieldKind.PHONE)
        self.guardian_phone.setPlaceholderText(
            QCoreApplication.translate("DeskCard", "Guardian's mobile number")
        )
        self.guardian_phone.textEdited.connect(
            lambda text: journey.set_care(index, guardian_phone=text)
        )

    def _field(self, kind: FieldKind) -> QLineEdit:
        field = QLineEdit()
        configure_field(field, kind)
        field.returnPressed.connect(self._journey.save)
        return field

    def _companion(self, choice: int) -> None:
        if choice == ALONE:
            self._journey.set_care(self._index, kind=CareKind.GUARDIAN_CALLED)
        elif choice == TYPED:
            self._journey.set_care(self._index, kind=CareKind.ACCOMPANIED, companion_guest=-1)
        else:
            self._journey.set_care(self._index, kind=CareKind.ACCOMPANIED, companion_guest=choice)

    def focus_widgets(self) -> list[QWidget]:
        """In Tab order."""
        widgets: list[QWidget] = [*self.choices.values()]
        widgets += [
            field
            for field in (
                self.companion_name,
                self.companion_number,
                self.guardian_name,
                self.guardian_phone,
            )
            if not field.isHidden()
        ]
        if not self.confirm.isHidden():
            widgets.append(self.confirm)
        widgets += [button for button in self.relationships.values() if not button.isHidden()]
        return widgets

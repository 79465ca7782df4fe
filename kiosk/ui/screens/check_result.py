"""What the terminal verified: the credential's fields (masked), or why it was refused.

The result step of the "check a code" journey (``kiosk.journeys.check``): it shows the verdict
the journey judged and forwards the buttons to it. In the English interface a person's Chinese
name is followed by its pinyin ("张三 (Zhang San)", ``kiosk.domain.names``).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from kiosk.credentials.display import LABEL_CONTEXT, DisplayField
from kiosk.credentials.trustlist import Freshness
from kiosk.credentials.verifier import VerificationResult
from kiosk.domain.names import has_han, pinyin_of
from kiosk.domain.text import Bilingual, Language
from kiosk.journeys.check import CheckJourney
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import Message, Msg
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import translate_message
from kiosk.ui.widgets.common import icon_pixmap, make_button, make_card, make_label


class CheckResultScreen(ArrangedScreen):
    """The verdict, the fields read, and what next.

    Elder mode: one prominent action, printing the slip when it is offered, else going home
    (widened); "Back to home" stays in the action bar beside the slip; "Check another code"
    moves under the result.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._result: VerificationResult | None = None
        header, header_layout = make_card("banner", vertical=False)
        pad = self.metrics.spacing_px * 2
        header_layout.setContentsMargins(pad, pad, pad, pad)
        header_layout.setSpacing(pad * 2)
        self.icon = QLabel()
        self.icon_px = self.metrics.px(16)
        self.icon.setFixedSize(self.icon_px, self.icon_px)
        header_layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.title = make_label("title")
        self.message = make_label("body")
        texts = QWidget()
        column = QGridLayout(texts)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title, 0, 0)
        column.addWidget(self.message, 1, 0)
        header_layout.addWidget(texts, 1)
        self.body.addWidget(header)

        self.fields_card, fields_layout = make_card()
        fields_layout.setContentsMargins(pad, pad, pad, pad)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(pad * 2)
        self.grid.setVerticalSpacing(self.metrics.spacing_px)
        fields_layout.addLayout(self.grid)
        self.body.addWidget(self.fields_card)
        self.note = make_label("hint")
        self.body.addWidget(self.note)
        self.body.addStretch(1)
        self.field_labels: list[tuple[QLabel, QLabel]] = []

        self.again_button = make_button("secondary")
        self.again_button.clicked.connect(self._scan_again)
        self.home_button = make_button("primary")
        self.home_button.clicked.connect(self.shell.go_home)
        self.slip_button = make_button("primary")
        self.slip_button.clicked.connect(self._print_slip)
        self.slip_button.setVisible(False)
        self.action_bar.addWidget(self.again_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.slip_button)
        self.action_bar.addWidget(self.home_button)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        if self.body.indexOf(self.again_button) >= 0:
            self.body.removeWidget(self.again_button)
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.home_button, self.slip_button])
            below = self.body.indexOf(self.note) + 1
            self.body.insertWidget(below, self.again_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            fill_action_bar(
                self.action_bar, [self.again_button, STRETCH, self.slip_button, self.home_button]
            )
        self._widen_primary()

    def _widen_primary(self) -> None:
        """Elder mode: the primary action (the slip when offered, else home) takes the width."""
        elder = self.arrangement is not None and self.arrangement.elder
        slip = not self.slip_button.isHidden()
        self.action_bar.setStretchFactor(self.slip_button, 1 if elder and slip else 0)
        self.action_bar.setStretchFactor(self.home_button, 1 if elder and not slip else 0)

    def _show_slip_button(self, visible: bool) -> None:
        # One primary action at a time: printing the slip, when it is offered.
        self.slip_button.setVisible(visible)
        self.home_button.setProperty("role", "secondary" if visible else "primary")
        self.home_button.style().unpolish(self.home_button)
        self.home_button.style().polish(self.home_button)
        self._widen_primary()

    def _journey(self) -> CheckJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, CheckJourney) else None

    def _scan_again(self) -> None:
        if (journey := self._journey()) is not None:
            journey.scan_again()

    def _print_slip(self) -> None:
        if (journey := self._journey()) is not None:
            journey.print_slip()

    def on_enter(self) -> None:
        super().on_enter()
        journey = self._journey()
        self._result = journey.result if journey is not None else None
        self._show_slip_button(journey is not None and journey.can_print_slip())
        self._rebuild_fields()
        self.retranslate()

    def on_leave(self) -> None:
        # The verdict shown belongs to this step: the next guest must not find it behind.
        self.wipe()

    def wipe(self) -> None:
        super().wipe()
        self._result = None
        self._show_slip_button(False)
        self._rebuild_fields()
        self.retranslate()

    def _rebuild_fields(self) -> None:
        for label, value in self.field_labels:
            self.grid.removeWidget(label)
            self.grid.removeWidget(value)
            label.deleteLater()
            value.deleteLater()
        self.field_labels = []
        result = self._result
        fields = result.display if result is not None and result.valid else ()
        for row, _field in enumerate(fields):
            label, value = make_label("hint"), make_label("body")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, row, 1)
            self.field_labels.append((label, value))
        self.grid.setColumnStretch(1, 1)
        self.fields_card.setVisible(bool(fields))

    def retranslate(self) -> None:
        self.again_button.setText(self.tr("Check another code"))
        self.home_button.setText(self.tr("Back to home"))
        self.slip_button.setText(self.tr("Print check-in slip"))
        result = self._result
        if result is None:
            self.title.setText("")
            self.message.setText("")
            self.note.setText("")
            return
        self.icon.setPixmap(icon_pixmap("ok" if result.valid else "refused", self.icon_px))
        self.title.setText(self.tr("Verified") if result.valid else self.tr("Not accepted"))
        self.message.setText(
            self.tr("The code is genuine and valid. This is what the terminal read:")
            if result.valid
            else translate_message(Message(result.message))
        )
        language = self.shell.view().language
        for (label, value), field in zip(self.field_labels, result.display, strict=False):
            label.setText(field_label_text(field))
            value.setText(field_value_text(field, language))
        ageing = result.valid and result.trust_list_freshness is Freshness.AGEING
        self.note.setText(
            self.tr("Note for the staff: this terminal's list of issuers is due for an update.")
            if ageing
            else self.tr("Nothing has been sent or stored: this was only a check.")
        )


def field_label_text(field: DisplayField) -> str:
    """The label of a verified field in the current language."""
    if isinstance(field.label, Msg):
        return translate_message(Message(field.label))
    return QCoreApplication.translate(LABEL_CONTEXT, field.label.value)


def field_value_text(field: DisplayField, language: Language) -> str:
    """The value of a verified field in ``language``; a person's Chinese name gains its pinyin
    in English ("张三 (Zhang San)")."""
    shown = field.value
    if isinstance(shown, Bilingual):
        return shown.text(language)
    if isinstance(shown, Msg):
        return translate_message(Message(shown))
    if field.person_name and language == "en" and has_han(shown):
        return f"{shown} ({pinyin_of(shown)})"
    return shown

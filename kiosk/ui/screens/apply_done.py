"""The end of an application: "Take your receipt and your phone", the reference, and "Finish".

The DONE step of the application journey (``kiosk.journeys.apply``), after the receipt. A
large picture of the receipt and the phone, the application's reference (the platform's
acceptance number, or the terminal's local reference while it waits to be sent, with "it will
be sent automatically when the network is back"), each other item's reference for a bundle, and
the papers still to be shown at a counter. "Finish" goes home; the journey also ends the visit
by itself after a while.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.domain.receipt import Receipt
from kiosk.domain.timezone import long_date
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.screens.apply_common import apply_journey, session_language
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import labelled
from kiosk.ui.widgets.common import icon_pixmap, make_button, make_label

PICTURE_MM = 34
ELDER_PICTURE_MM = 24  # larger words need the room; the picture is still plain
PICTURES = ("paper", "phone")  # the receipt, and the phone that showed the codes


class ApplyDoneScreen(ArrangedScreen):
    """The reminder, the references, and "Finish".

    Elder mode: "Finish" takes the bar's width.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._receipt: Receipt | None = None
        self._offline = False
        centre = Qt.AlignmentFlag.AlignCenter
        self.body.addStretch(1)
        pictures = QHBoxLayout()
        pictures.setSpacing(self.metrics.spacing_px * 6)
        pictures.addStretch(1)
        self.pictures: list[QLabel] = []
        for _name in PICTURES:
            picture = QLabel()
            pictures.addWidget(picture)
            self.pictures.append(picture)
        pictures.addStretch(1)
        self.body.addLayout(pictures)
        self.title = make_label("title")
        self.reference_label = make_label("body")
        self.reference = make_label("reference")
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.parts = make_label("body")
        self.sent = make_label("body")
        self.counter = make_label("body")
        for label in (
            self.title,
            self.reference_label,
            self.reference,
            self.parts,
            self.sent,
            self.counter,
        ):
            label.setAlignment(centre)
            self.body.addWidget(label)
        self.body.addStretch(1)
        self.finish_button = make_button("primary")
        self.finish_button.clicked.connect(self.shell.go_home)
        self._size()
        self._show()
        self.rearrange()

    def _size(self) -> None:
        side = self.metrics.px(ELDER_PICTURE_MM if self.metrics.elder else PICTURE_MM)
        for picture, name in zip(self.pictures, PICTURES, strict=True):
            picture.setFixedSize(side, side)
            picture.setPixmap(icon_pixmap(name, side))

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        super().apply_presentation(metrics)
        self._size()

    def arrange(self, arrangement: Arrangement) -> None:
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.finish_button])
            widen(self.action_bar, self.finish_button)
        else:
            fill_action_bar(self.action_bar, [STRETCH, self.finish_button, STRETCH])

    def on_enter(self) -> None:
        super().on_enter()
        self._show()

    def on_leave(self) -> None:
        self.wipe()

    def wipe(self) -> None:
        super().wipe()
        self._receipt = None
        self._offline = False
        self.retranslate()

    def _show(self) -> None:
        journey = apply_journey(self.shell)
        self._receipt = journey.state.receipt if journey is not None else None
        self._offline = journey is not None and journey.offline
        self.retranslate()

    def retranslate(self) -> None:
        self.finish_button.setText(self.tr("Finish"))
        self.title.setText(self.tr("Take your receipt and your phone"))
        receipt = self._receipt
        if receipt is None:
            for label in (self.reference_label, self.reference, self.parts, self.sent):
                label.setText("")
            self.counter.setText("")
            return
        language = session_language(self.shell)
        if receipt.parts:  # a bundle: each item's own reference, by name
            self.reference_label.setText(self.tr("Your references"))
            self.reference.setText("")
            lines = [(receipt.item_name, receipt.reference)]
            lines += [(part.item_name, part.reference) for part in receipt.parts]
            self.parts.setText(
                "\n".join(
                    labelled(name.text(language), reference, language) for name, reference in lines
                )
            )
        else:
            self.reference_label.setText(
                self.tr("Your reference") if receipt.queued else self.tr("Your acceptance number")
            )
            self.reference.setText(receipt.reference)
            self.parts.setText("")
        self.sent.setText(
            self.tr("It will be sent automatically when the network is back.")
            if self._offline
            else ""
        )
        deadline = receipt.counter_deadline
        self.counter.setText(
            self.tr(
                "Bring the papers listed on your receipt to a service counter by {date}."
            ).format(date=long_date(deadline, language))
            if receipt.counter_materials and deadline is not None
            else ""
        )
        for label in (self.reference, self.parts, self.sent, self.counter):
            label.setVisible(bool(label.text()))

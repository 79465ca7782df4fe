"""An item's guide: read it on a phone by its QR code, or print it.

The GUIDE step of the catalogue journey (``kiosk.journeys.find``): a large QR code of the
platform's page of the guide (``FindJourney.guide_url``) and a button to print it. When nothing
can be printed (no printer set up, or the printer's last known state cannot print) the button
is disabled and says so, the reason is told in plain words and the QR code is the way on. When
the terminal knows no public address of the platform there is no QR code: the guide can be
printed. A short summary (what to bring, the time limit) sits beside the code.

Thread contract: GUI thread only; the QR picture is drawn by the task runner off the GUI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.catalog.details import ItemDetails
from kiosk.devices.printer import PrinterState
from kiosk.devices.receipt_image import qr_picture
from kiosk.domain.timezone import long_date
from kiosk.journeys.find import FindJourney
from kiosk.journeys.shell import ShellView
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import Message, Msg
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.receipt import QR_MODULE_DOTS, to_qimage
from kiosk.ui.texts import join_sentences, translate_message
from kiosk.ui.widgets.common import make_button, make_card, make_label
from kiosk.ui.widgets.materials import MaterialsList

_log = logging.getLogger(__name__)
QR_SIDE_MM = 70  # larger than a receipt's: the citizen holds a phone up to the glass
QR_COMPACT_MM = 50  # on a 768 px high panel


class GuideScreen(ArrangedScreen):
    """The guide's QR code and summary; printing it.

    Landscape and compact: the QR code beside the summary. Portrait: the QR code above it.
    Elder mode: "Print the guide" is the one prominent action (widened), "Back" beside it.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._details: ItemDetails | None = None
        self._url = ""
        self._pictured: str | None = None  # the URL whose QR code is drawn (or being drawn)
        self._printer_state: PrinterState | None = None
        # The title, the item and why nothing can be printed: above the code in portrait,
        # beside it elsewhere (so that the code is at the top of a short panel).
        self.heading = QWidget()
        heading = QVBoxLayout(self.heading)
        heading.setContentsMargins(0, 0, 0, 0)
        self.heading_layout = heading
        self.title = make_label("title")
        self.item_name = make_label("subtitle")
        self.notice = make_label("notice")
        heading.addWidget(self.title)
        heading.addWidget(self.item_name)
        heading.addWidget(self.notice)
        self.body.addWidget(self.heading)

        self.qr_card, qr_layout = make_card()
        self.qr_layout = qr_layout
        self.qr = QLabel()
        self.qr.setObjectName("GuideQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        qr_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.qr_caption = make_label("body")
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        qr_layout.addWidget(self.qr_caption)
        qr_layout.addStretch(1)

        self._build_summary()
        row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        row.addWidget(self.qr_card, 0)
        self.side = QVBoxLayout()
        self.side.addWidget(self.summary_card, 1)
        row.addLayout(self.side, 1)
        self.row = row
        self.body.addLayout(row)
        self.body.addStretch(1)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.back)
        self.print_button = make_button("primary")
        self.print_button.clicked.connect(self._print)
        self.action_bar.addWidget(self.back_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.print_button)
        self._show(None, "")
        self.rearrange()

    def _build_summary(self) -> None:
        self.summary_card, summary = make_card()
        self.summary_layout = summary
        self.summary_title = make_label("tile-title")
        summary.addWidget(self.summary_title)
        self.time_heading = make_label("hint")
        self.time_value = make_label("body")
        time_box = QVBoxLayout()
        time_box.setSpacing(0)
        time_box.addWidget(self.time_heading)
        time_box.addWidget(self.time_value)
        summary.addLayout(time_box)
        self.materials_heading = make_label("hint")
        summary.addWidget(self.materials_heading)
        self.materials = MaterialsList(self.metrics, brief=True)
        summary.addWidget(self.materials)
        summary.addStretch(1)

    # ------------------------------------------------------------------ layout
    def arrange(self, arrangement: Arrangement) -> None:
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom
            if arrangement.portrait
            else QBoxLayout.Direction.LeftToRight
        )
        self.body.removeWidget(self.heading)
        self.side.removeWidget(self.heading)
        if arrangement.portrait:
            self.body.insertWidget(0, self.heading)
        else:
            self.side.insertWidget(0, self.heading)
        # A short panel in large text: the item's name is title enough, the notice must fit.
        self.title.setVisible(not (arrangement.compact and arrangement.elder))
        self.heading_layout.setSpacing(0 if arrangement.compact else self.metrics.spacing_px)
        compact = arrangement.compact
        side = self.metrics.px(QR_COMPACT_MM if compact else QR_SIDE_MM)
        self.qr.setFixedSize(side, side)
        # Portrait: the caption under the code may use the card's full width.
        self.qr_caption.setMaximumWidth(
            (1 << 24) - 1 if arrangement.portrait else max(side, self.metrics.px(60))
        )
        pad = self.metrics.spacing_px * (1 if compact else 2)
        for layout in (self.qr_layout, self.summary_layout):
            layout.setContentsMargins(pad, pad, pad, pad)
            layout.setSpacing(pad)
        self.row.setSpacing(self.metrics.spacing_px * (1 if compact else 2))
        self._pictured = None  # redraw at the new size
        self._draw_qr()
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.back_button, self.print_button])
            widen(self.action_bar, self.print_button)
        else:
            fill_action_bar(self.action_bar, [self.back_button, STRETCH, self.print_button])

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        self.materials.apply_metrics(metrics)
        super().apply_presentation(metrics)

    # ------------------------------------------------------------------ journey
    def _journey(self) -> FindJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, FindJourney) else None

    def _print(self) -> None:
        if (journey := self._journey()) is not None and self.can_print():
            journey.print_guide()

    def can_print(self) -> bool:
        """Whether a guide can be printed now: a printer is set up and its last known state
        can print (unknown: try, and the receipt screen tells if it could not)."""
        journey = self._journey()
        if journey is None or not journey.can_print:
            return False
        state = self._printer_state
        return state is None or state.can_print

    def on_enter(self) -> None:
        super().on_enter()
        journey = self._journey()
        self._printer_state = self.shell.view().printer_state
        if journey is None:
            self._show(None, "")
        else:
            self._show(journey.details(), journey.guide_url())

    def on_leave(self) -> None:
        self.wipe()

    def wipe(self) -> None:
        super().wipe()
        self._show(None, "")

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        if view.printer_state is not self._printer_state:
            self._printer_state = view.printer_state
            self.retranslate()

    def _show(self, details: ItemDetails | None, url: str) -> None:
        self._details = details
        self._url = url if details is not None else ""
        self.qr_card.setVisible(bool(self._url))
        self.summary_card.setVisible(details is not None)
        self._pictured = None
        self.qr.clear()
        self._draw_qr()
        self.retranslate()

    # ------------------------------------------------------------------ the QR code
    def _draw_qr(self) -> None:
        url = self._url
        if not url or url == self._pictured:
            return
        self._pictured = url
        side = self.qr.width()

        def work() -> QImage:
            # A QImage (not a QPixmap) may be made off the GUI thread.
            return to_qimage(qr_picture(url, QR_MODULE_DOTS))

        def done(image: QImage) -> None:
            if self._pictured != url or self.qr.width() != side:
                return  # another item, or another size, by now
            self.qr.setPixmap(
                QPixmap.fromImage(image).scaled(
                    side,
                    side,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.FastTransformation,  # keep the modules sharp
                )
            )

        def failed(error: BaseException) -> None:
            _log.error("guide QR code failed: %s", type(error).__name__)

        self.context.tasks.submit("guide qr", work, done, failed)

    # ------------------------------------------------------------------ texts
    def _cannot_print_reason(self) -> str:
        journey = self._journey()
        if journey is None or not journey.can_print:
            return self.tr("This terminal has no printer.")
        state = self._printer_state
        if state is not None and not state.can_print:
            return translate_message(Message(state.message))
        return translate_message(Message(Msg.PRINTER_OFFLINE))

    def retranslate(self) -> None:
        details = self._details
        self.back_button.setText(self.tr("Back"))
        printable = details is not None and self.can_print()
        self.print_button.setEnabled(printable)
        # Disabled, it must not look like the way on: an outline, not the filled primary.
        role = "primary" if printable or details is None else "secondary"
        if self.print_button.property("role") != role:
            self.print_button.setProperty("role", role)
            self.print_button.style().unpolish(self.print_button)
            self.print_button.style().polish(self.print_button)
        self.print_button.setText(
            self.tr("Print the guide")
            if printable or details is None
            else self.tr("Printing is not available")
        )
        self.title.setText(self.tr("Take the guide with you"))
        self.qr_caption.setText(self.tr("Scan with your phone's camera to read this guide"))
        self.summary_title.setText(self.tr("Before you go"))
        self.time_heading.setText(self.tr("Time limit"))
        self.materials_heading.setText(self.tr("What you need"))
        language = self.shell.view().language
        self.materials.show_materials(details.materials if details else (), language)
        if details is None:
            for label in (self.item_name, self.time_value, self.notice):
                label.setText("")
            self.notice.setVisible(False)
            return
        item = details.item
        self.item_name.setText(item.name.text(language))
        self.time_value.setText(self._time_text(details))
        notice = ""
        if not printable:
            way_on = (
                self.tr("Please scan the code with your phone's camera instead.")
                if self._url
                else self.tr("Please ask the staff for help.")
            )
            notice = join_sentences(
                self.tr("The guide cannot be printed now."), self._cannot_print_reason(), way_on
            )
        elif not self._url:
            notice = self.tr("The guide can be printed: it lists what to bring and where to go.")
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))

    def _time_text(self, details: ItemDetails) -> str:
        days = details.item.working_days
        if days == 0:
            return self.tr("The same day")
        text = (
            self.tr("1 working day")
            if days == 1
            else self.tr("{days} working days").format(days=days)
        )
        promised = details.promised
        if promised is None:
            return text
        when = self.tr("if you apply today, by {date}").format(
            date=long_date(promised.date, self.shell.view().language)
        )
        if promised.estimated:
            when += self.tr(" (estimated)")
        separator = "，" if self.shell.view().language == "zh_CN" else "; "
        return text + separator + when

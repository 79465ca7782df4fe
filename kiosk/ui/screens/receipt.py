"""The receipt screen: the receipt as it prints, and what happened to the paper.

It shows the same picture the printer prints (``kiosk.devices.receipt_image``) beside a status:
printing, "please take your receipt", or — when the printer cannot print — the receipt stays
here with a large QR code and the reference to photograph or write down, a note that the staff
can print it later, and a button to try again (the same job: never two receipts).

A receipt with materials still to be shown on paper at a service counter says so under the
status too, with the last day in words (the paper lists them): it is the one thing the citizen
must still do.

An item's guide (``ItemGuide``, the catalogue journey's PRINTED step) has no reference and is
not kept for a reprint: when it cannot be printed, its QR code (the same guide's page, for a
phone) is the fallback on screen, and no reprint is promised.

A thin view over ``kiosk.journeys.receipt.ReceiptDesk`` (through the shell).

Thread contract: GUI thread only; pictures are drawn by the task runner off the GUI thread.
"""

from __future__ import annotations

import logging

from PIL import Image
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.devices.receipt_image import ReceiptFontMissing, qr_picture, render
from kiosk.domain.guide import ItemGuide
from kiosk.domain.receipt import HotelSlip, Receipt
from kiosk.domain.timezone import long_date
from kiosk.journeys.journey import OffersNext
from kiosk.journeys.receipt import ReceiptPhase, ReceiptView
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import Message
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, move_widget, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import join_sentences, translate_message
from kiosk.ui.widgets.common import icon_pixmap, make_button, make_card, make_label

_log = logging.getLogger(__name__)
PREVIEW_MIN_MM = (35, 60)  # the receipt picture never gets smaller than this
PREVIEW_COMPACT_HEIGHT_MM = 45  # ... except on a 768 px high panel
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's "no maximum"
QR_SIDE_MM = 40  # the QR code to photograph: large enough for any phone at arm's length
QR_MODULE_DOTS = 12


def to_qimage(image: Image.Image) -> QImage:
    """A Pillow grey image as a QImage (copied: it owns its pixels)."""
    grey = image.convert("L")
    data = grey.tobytes()
    return QImage(data, grey.width, grey.height, grey.width, QImage.Format.Format_Grayscale8).copy()


class FittedPicture(QLabel):
    """A picture scaled to the space the layout gives it, keeping its proportions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source: QPixmap | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Ignored: the picture's own size must not push the layout (it follows the layout).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def set_image(self, image: QImage | None) -> None:
        self._source = QPixmap.fromImage(image) if image is not None else None
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._source is None:
            self.clear()
            return
        self.setPixmap(
            self._source.scaled(
                self.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class ReceiptScreen(ArrangedScreen):
    """The receipt's picture and its status; when it stays on screen, its QR code and number.

    Landscape: the picture beside the status, the QR code and the number beside their text.
    Portrait: the QR code and the number on top, the status under them, the picture below
    filling the rest. Compact (1366×768): as landscape, with the QR code and the number above
    the status so that they never fall below the fold, tighter padding, no icon. Elder mode:
    the QR code and the number above the status too; "Done" is the one prominent action;
    "Try printing again" and "Next guest" move under the status.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._view: ReceiptView | None = None
        self._pictured: str | None = None  # the job whose pictures are shown
        row = QHBoxLayout()
        row.setSpacing(self.metrics.spacing_px * 4)
        self.paper = self._build_paper()
        row.addWidget(self.paper, 2)
        self.status_column = self._build_status()
        row.addLayout(self.status_column, 3)
        self.row: QBoxLayout = row
        self.body.addLayout(row, 1)
        self._build_actions()
        if self.shell.receipts is not None:
            self.shell.receipts.subscribe(self._on_receipt)
        self._show(None)
        self.scroll_area.viewport().installEventFilter(self)
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        portrait = arrangement.portrait
        # Portrait: the status (with the QR code) above the picture, which fills the rest.
        self.row.setDirection(
            QBoxLayout.Direction.BottomToTop if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.row.setStretchFactor(self.paper, 1 if portrait else 2)
        self.row.setStretchFactor(self.status_column, 0 if portrait else 3)
        # Portrait: no gap under the status; the picture takes the spare height.
        self.status_column.setStretch(self.status_column.count() - 1, 0 if portrait else 1)
        self.row.setSpacing(self.metrics.spacing_px * (2 if arrangement.compact else 4))
        # Compact: the title on one line beside no icon, so that the status fits the fold too,
        # and the QR code's card with half the padding.
        self.icon.setVisible(not arrangement.compact)
        pad = self.metrics.spacing_px * (1 if arrangement.compact else 2)
        self.photo_layout.setContentsMargins(pad, pad, pad, pad)
        self.paper_layout.setContentsMargins(pad, pad, pad, pad)
        # Compact: the picture may be shorter (it shrinks to fit, whole).
        low = PREVIEW_COMPACT_HEIGHT_MM if arrangement.compact else PREVIEW_MIN_MM[1]
        self.preview.setMinimumSize(self.metrics.px(PREVIEW_MIN_MM[0]), self.metrics.px(low))
        self.photo_texts.setSpacing(0 if arrangement.compact else -1)
        # The QR code and the number first where the height is short, the panel upright or
        # the text large.
        first = portrait or arrangement.compact or arrangement.elder
        move_widget(self.photo_card, self.status_column, self.status_column, 0 if first else 1)
        for button in (self.retry_button, self.next_button):
            if self.status_column.indexOf(button) >= 0:
                self.status_column.removeWidget(button)
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.done_button])
            widen(self.action_bar, self.done_button)
            below = self.status_column.indexOf(self.note) + 1
            left = Qt.AlignmentFlag.AlignLeft
            self.status_column.insertWidget(below, self.next_button, 0, left)
            self.status_column.insertWidget(below, self.retry_button, 0, left)
        else:
            fill_action_bar(
                self.action_bar, [self.retry_button, STRETCH, self.next_button, self.done_button]
            )
        self._fit_preview()

    def _fit_preview(self) -> None:
        """Compact: the picture no higher than the visible part of the body, at its top, so
        that it stays above the fold when the status beside it is taller than the panel
        (elder mode's text). Elsewhere it takes the height its card is given."""
        if self.arrangement is None or not self.arrangement.compact:
            self.preview.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        body, card = self.body.contentsMargins(), self.paper_layout.contentsMargins()
        visible = self.scroll_area.viewport().height()
        visible -= body.top() + body.bottom() + card.top() + card.bottom()
        self.preview.setMaximumHeight(max(self.preview.minimumHeight(), visible))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # The visible part changes without the screen resizing (a taller action bar).
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_preview()
        return False

    def _build_paper(self) -> QWidget:
        pad = self.metrics.spacing_px * 2
        paper, paper_layout = make_card()
        self.paper_layout = paper_layout
        paper_layout.setContentsMargins(pad, pad, pad, pad)
        self.preview = FittedPicture()
        self.preview.setObjectName("ReceiptPreview")
        self.preview.setMinimumSize(
            self.metrics.px(PREVIEW_MIN_MM[0]), self.metrics.px(PREVIEW_MIN_MM[1])
        )
        # The picture takes the card's height; when it may not (compact), it stays at the top.
        paper_layout.addWidget(self.preview, 1)
        paper_layout.addStretch(0)
        return paper

    def _build_status(self) -> QVBoxLayout:
        pad = self.metrics.spacing_px * 2
        column = QVBoxLayout()
        column.setSpacing(pad)
        banner, banner_layout = make_card("banner", vertical=False)
        banner_layout.setContentsMargins(pad, pad, pad, pad)
        banner_layout.setSpacing(pad * 2)
        self.icon = QLabel()
        self.icon_px = self.metrics.px(16)
        self.icon.setFixedSize(self.icon_px, self.icon_px)
        banner_layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        texts = QWidget()
        texts_layout = QGridLayout(texts)
        texts_layout.setContentsMargins(0, 0, 0, 0)
        self.title = make_label("title")
        self.message = make_label("body")
        texts_layout.addWidget(self.title, 0, 0)
        texts_layout.addWidget(self.message, 1, 0)
        banner_layout.addWidget(texts, 1)
        column.addWidget(banner)

        self.photo_card, photo_layout = make_card(vertical=False)
        self.photo_layout = photo_layout
        photo_layout.setContentsMargins(pad, pad, pad, pad)
        photo_layout.setSpacing(pad * 2)
        self.qr = QLabel()
        self.qr.setObjectName("ReceiptQr")
        side = self.metrics.px(QR_SIDE_MM)
        self.qr.setFixedSize(side, side)
        photo_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        photo_texts = QVBoxLayout()
        self.photo_texts = photo_texts
        self.reference_label = make_label("hint")
        self.reference = make_label("reference", wrap=False)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.photo_hint = make_label("body")
        photo_texts.addWidget(self.reference_label)
        photo_texts.addWidget(self.reference)
        photo_texts.addWidget(self.photo_hint)
        photo_texts.addStretch(1)
        photo_layout.addLayout(photo_texts, 1)
        column.addWidget(self.photo_card)
        self.note = make_label("hint")
        column.addWidget(self.note)
        column.addStretch(1)
        self.banner = banner
        return column

    def _build_actions(self) -> None:
        self.retry_button = make_button("secondary")
        self.retry_button.clicked.connect(self.shell.retry_print)
        self.next_button = make_button("secondary")
        self.next_button.clicked.connect(self._next)
        self.done_button = make_button("primary")
        self.done_button.clicked.connect(self._done)
        self.action_bar.addWidget(self.retry_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.next_button)
        self.action_bar.addWidget(self.done_button)

    def _done(self) -> None:
        journey: object = self.shell.journey
        done = getattr(journey, "receipt_done", None)
        if callable(done):  # the journey has a last word ("take your receipt"), then home
            done()
        else:
            self.shell.go_home()

    def _offers_next(self) -> bool:
        journey: object = self.shell.journey
        return isinstance(journey, OffersNext) and journey.offers_next

    def _next(self) -> None:
        journey: object = self.shell.journey
        if isinstance(journey, OffersNext) and journey.offers_next:
            journey.next()

    # ------------------------------------------------------------------ shell hooks
    def on_enter(self) -> None:
        super().on_enter()
        self._show(self.shell.receipt())

    def wipe(self) -> None:
        super().wipe()
        self._show(None)

    def _on_receipt(self, view: ReceiptView | None) -> None:
        self._show(view)

    # ------------------------------------------------------------------ drawing
    def _show(self, view: ReceiptView | None) -> None:
        self._view = view
        if view is None:
            self._pictured = None
            self.preview.set_image(None)
            self.qr.clear()
        elif view.job_id != self._pictured:
            self._pictured = view.job_id
            self.preview.set_image(None)
            self.qr.clear()
            self._draw_pictures(view)
        self.retranslate()

    def _draw_pictures(self, view: ReceiptView) -> None:
        lines, paper, job_id = view.lines, view.paper, view.job_id
        code = _status_code(view)

        def work() -> tuple[QImage | None, QImage | None]:
            # QImage (not QPixmap) may be made off the GUI thread. The QR code needs no font:
            # it is drawn even when the receipt's picture cannot be (the citizen's fallback).
            qr = to_qimage(qr_picture(code, QR_MODULE_DOTS)) if code else None
            try:
                receipt: QImage | None = to_qimage(render(lines, paper))
            except ReceiptFontMissing as error:
                _log.error("receipt picture unavailable: %s", error)
                receipt = None
            return receipt, qr

        def done(pictures: tuple[QImage | None, QImage | None]) -> None:
            if self._pictured != job_id:
                return  # another receipt (or none) by now
            receipt, qr = pictures
            self.preview.set_image(receipt)
            if qr is not None:
                side = self.qr.width()
                self.qr.setPixmap(
                    QPixmap.fromImage(qr).scaled(
                        side,
                        side,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.FastTransformation,  # keep the modules sharp
                    )
                )

        def failed(error: BaseException) -> None:
            _log.error("receipt pictures failed: %s", type(error).__name__)

        self.context.tasks.submit("receipt picture", work, done, failed)

    def retranslate(self) -> None:
        view = self._view
        self.retry_button.setText(self.tr("Try printing again"))
        self.next_button.setText(self.tr("Next guest"))
        self.done_button.setText(self.tr("Done"))
        if view is None:
            for label in (self.title, self.message, self.note, self.reference, self.photo_hint):
                label.setText("")
            self.reference_label.setText("")
            self.retry_button.setVisible(False)
            self.next_button.setVisible(False)
            self.photo_card.setVisible(False)
            return
        slip = isinstance(view.document, HotelSlip)
        self.next_button.setVisible(self._offers_next())
        on_screen = view.phase is ReceiptPhase.ON_SCREEN
        self.retry_button.setVisible(on_screen)
        guide_without_code = isinstance(view.document, ItemGuide) and not view.document.url
        self.photo_card.setVisible(on_screen and not guide_without_code)
        if isinstance(view.document, ItemGuide):
            self._retranslate_guide(view, view.document)
            return
        if view.phase is ReceiptPhase.PRINTING:
            self.icon.setPixmap(icon_pixmap("timer", self.icon_px))
            self.title.setText(
                self.tr("Printing the check-in slip…")
                if slip
                else self.tr("Printing your receipt…")
            )
            self.message.setText(self.tr("Please wait a moment."))
        elif view.phase is ReceiptPhase.PRINTED:
            self.icon.setPixmap(icon_pixmap("ok", self.icon_px))
            if slip:
                self.title.setText(self.tr("Please take the check-in slip"))
                self.message.setText(self.tr("The guest's identity has been verified."))
            else:
                self.title.setText(self.tr("Please take your receipt"))
                self.message.setText(
                    self.tr("Keep it: its QR code shows the progress of your application.")
                )
        else:
            self.icon.setPixmap(icon_pixmap("phone", self.icon_px))
            self.title.setText(
                self.tr("The slip could not be printed")
                if slip
                else self.tr("Your receipt could not be printed")
            )
            problem = view.problem.message if view.problem is not None else None
            reason = translate_message(Message(problem)) if problem is not None else ""
            self.message.setText(
                join_sentences(
                    reason,
                    self.tr(
                        "Nothing is lost: please photograph the receipt on this screen, or "
                        "write down its number."
                    ),
                )
            )
        self._retranslate_photo(view)

    def _retranslate_guide(self, view: ReceiptView, guide: ItemGuide) -> None:
        """An item's guide: no reference, no reprint; its QR code opens it on a phone."""
        if view.phase is ReceiptPhase.PRINTING:
            self.icon.setPixmap(icon_pixmap("timer", self.icon_px))
            self.title.setText(self.tr("Printing the guide…"))
            self.message.setText(self.tr("Please wait a moment."))
        elif view.phase is ReceiptPhase.PRINTED:
            self.icon.setPixmap(icon_pixmap("ok", self.icon_px))
            self.title.setText(self.tr("Please take your guide"))
            self.message.setText(
                self.tr("Its QR code opens the same guide on your phone.")
                if guide.url
                else self.tr("It lists what to bring and where to go.")
            )
        else:
            self.icon.setPixmap(icon_pixmap("phone", self.icon_px))
            self.title.setText(self.tr("The guide could not be printed"))
            problem = view.problem.message if view.problem is not None else None
            reason = translate_message(Message(problem)) if problem is not None else ""
            self.message.setText(
                join_sentences(
                    reason,
                    self.tr("Please scan the code on this screen with your phone instead.")
                    if guide.url
                    else self.tr("Please try again, or ask the staff for help."),
                )
            )
        self.reference_label.setText("")
        self.reference.setText("")
        self.reference_label.setVisible(False)
        self.reference.setVisible(False)
        self.photo_hint.setText(self.tr("Scan with your phone's camera to read this guide"))
        on_screen = view.phase is ReceiptPhase.ON_SCREEN
        self.note.setText(
            self.tr("If part of it came out of the printer, please use this screen instead.")
            if on_screen and view.partial
            else ""
        )

    def _retranslate_photo(self, view: ReceiptView) -> None:
        document = view.document
        self.reference_label.setVisible(True)
        self.reference.setVisible(True)
        if isinstance(document, Receipt):
            accepted = document.acceptance_number is not None
            self.reference_label.setText(
                self.tr("Acceptance number") if accepted else self.tr("Local reference")
            )
            self.reference.setText(document.reference)
            self.photo_hint.setText(self.tr("Scan this code later to follow your application."))
        elif isinstance(document, HotelSlip):
            self.reference_label.setText(self.tr("Slip number"))
            self.reference.setText(document.slip_number)
            self.photo_hint.setText("")
        else:
            self.reference_label.setText("")
            self.reference.setText("")
            self.photo_hint.setText("")
        notes: list[str] = []
        if isinstance(document, Receipt):
            notes.append(self._counter_note(document))
        if view.phase is ReceiptPhase.ON_SCREEN:
            if view.partial:
                notes.append(
                    self.tr(
                        "If part of it came out of the printer, please use this screen instead."
                    )
                )
            notes.append(
                self.tr("It has been kept: the staff can print it for you later.")
                if view.kept_for_reprint
                else self.tr("Please photograph it now: it could not be kept for a later reprint.")
            )
        self.note.setText(join_sentences(*notes))

    def _counter_note(self, receipt: Receipt) -> str:
        """What is still to be shown at a counter, by when; "" when nothing is."""
        deadline = receipt.counter_deadline
        if not receipt.counter_materials or deadline is None:
            return ""
        day = long_date(deadline, self.shell.view().language)
        if receipt.counter_deadline_estimated:
            day += self.tr(" (estimated)")
        return self.tr(
            "Please bring the paper materials listed on the receipt to a service counter by {date}."
        ).format(date=day)


def _status_code(view: ReceiptView) -> str:
    """What the QR code on screen holds: a receipt's status code, a guide's page, else ""."""
    document = view.document
    if isinstance(document, Receipt):
        return document.status_code
    if isinstance(document, ItemGuide):
        return document.url
    return ""

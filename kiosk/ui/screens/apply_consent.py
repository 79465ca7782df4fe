"""Consent before anything is sent, in plain words: what personal data is collected, why, who
receives it, how long it is kept, and that nothing is sent without agreement.

The CONSENT step of the application journey (``kiosk.journeys.apply``), worded from
``journey.consent()``: the items applied for, the data collected besides the name and number
of the credential shown (the form's questions, the materials scanned or photographed), and each
item's departments in Sichuan and Chongqing. "I agree" is a deliberate action: the citizen ticks
"I have read this and agree", which enables "Submit" (``journey.agree``); the tick is cleared
each time the screen is entered. "Do not agree" ends the visit (nothing was sent; the host wipes
everything).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.text import Language
from kiosk.journeys.apply import ApplyJourney, ApplyStep, ConsentView
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import icon_pixmap, make_button, make_card, make_label

SHEET_TARGETS = 22
BULLET = "•"


def consent_journey(shell: object) -> ApplyJourney | None:
    journey = getattr(shell, "journey", None)
    return journey if isinstance(journey, ApplyJourney) else None


class TickBox(QPushButton):
    """A large tick box with its sentence: one target, ticked and unticked by a touch."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "tile")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        layout = QHBoxLayout(self)
        self._layout = layout
        self.mark = make_label("body", wrap=False)
        self.words = make_label("tile-title")
        layout.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.words, 1)
        for child in (self.mark, self.words):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._icon_px = 32
        self.toggled.connect(lambda _on: self._draw())

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        self._icon_px = metrics.px(9)
        pad = metrics.px(4)
        self._layout.setContentsMargins(pad, pad, pad, pad)
        self._layout.setSpacing(pad)
        self.mark.setFixedSize(self._icon_px, self._icon_px)
        self._draw()

    def _draw(self) -> None:
        icon = "tick-on" if self.isChecked() else "tick-off"
        self.mark.setPixmap(icon_pixmap(icon, self._icon_px))

    def set_text_of(self, text: str) -> None:
        self.words.setText(text)
        self.setAccessibleName(text)


class ApplyConsentScreen(ArrangedScreen):
    """The consent (see the module)."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.sheet = QWidget()
        sheet = QVBoxLayout(self.sheet)
        sheet.setContentsMargins(0, 0, 0, 0)
        self.title = make_label("title")
        self.heading = make_label("subtitle")
        top = QVBoxLayout()  # the title and what is applied for, together
        top.setSpacing(0)
        top.addWidget(self.title)
        top.addWidget(self.heading)
        sheet.addLayout(top)
        self.sections: dict[str, tuple[QFrame, QBoxLayout]] = {}
        self.what_heading, self.what_text = self._section(sheet, "what")
        self.why_heading, self.why_text = self._section(sheet, "why")
        self.who_heading, self.who_text = self._section(sheet, "who")
        self.kept_heading, self.kept_text = self._section(sheet, "kept")
        self.tick = TickBox()
        self.tick.setObjectName("consent-tick")
        self.tick.toggled.connect(self._ticked)
        sheet.addWidget(self.tick)
        # Not agreeing is as plain as agreeing: its sentence and its button, in the body (the
        # action bar keeps the way back and "Submit").
        refuse = QHBoxLayout()
        self.refuse_text = make_label("body")
        self.refuse_button = make_button("secondary")
        self.refuse_button.setObjectName("consent-refuse")
        self.refuse_button.clicked.connect(self.shell.go_home)
        refuse.addWidget(self.refuse_text, 1)
        refuse.addWidget(self.refuse_button, 0, Qt.AlignmentFlag.AlignVCenter)
        sheet.addLayout(refuse)
        self.sheet_layout = sheet
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.sheet, 1000)
        centred.addStretch(1)
        self.body.addLayout(centred)
        self.body.addStretch(1)
        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.back)
        self.submit_button = make_button("primary")
        self.submit_button.setObjectName("consent-submit")
        self.submit_button.setEnabled(False)
        self.submit_button.clicked.connect(self._submit)
        self._size(self.metrics)
        self.retranslate()
        self.rearrange()

    def _section(self, sheet: QVBoxLayout, name: str) -> tuple[QLabel, QLabel]:
        frame, layout = make_card()
        frame.setObjectName(f"consent-{name}")
        heading = make_label("tile-title")
        text = make_label("body")
        text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(heading)
        layout.addWidget(text)
        sheet.addWidget(frame)
        self.sections[name] = (frame, layout)
        return heading, text

    def _journey(self) -> ApplyJourney | None:
        journey = consent_journey(self.shell)
        return journey if journey is not None and journey.step is ApplyStep.CONSENT else None

    def _language(self) -> Language:
        return self.shell.view().language

    # ---- touches
    def _ticked(self, on: bool) -> None:
        self.submit_button.setEnabled(on and self._journey() is not None)

    def _submit(self) -> None:
        journey = self._journey()
        if journey is not None and self.tick.isChecked():
            journey.agree()

    # ---- the screen
    def on_enter(self) -> None:
        super().on_enter()
        self.tick.setChecked(False)  # agreeing is done here, each time, by the citizen
        self.submit_button.setEnabled(False)
        self.scroll_area.verticalScrollBar().setValue(0)
        self.retranslate()

    def on_leave(self) -> None:
        self.tick.setChecked(False)

    def arrange(self, arrangement: Arrangement) -> None:
        self.sheet_layout.setSpacing(self.metrics.spacing_px * (3 if arrangement.elder else 2))
        if arrangement.elder:  # the one prominent action
            fill_action_bar(self.action_bar, [self.back_button, self.submit_button])
            widen(self.action_bar, self.submit_button)
        else:
            fill_action_bar(self.action_bar, [self.back_button, STRETCH, self.submit_button])

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        super().apply_presentation(metrics)
        self._size(metrics)

    def _size(self, metrics: DisplayMetrics) -> None:
        """Sizes from ``metrics``: the column's width, the tick box, the cards' padding."""
        self.sheet.setMaximumWidth(metrics.touch_target_px * SHEET_TARGETS)
        self.tick.set_metrics(metrics)
        pad = metrics.spacing_px * 2
        for frame, layout in self.sections.values():
            layout.setContentsMargins(pad, pad, pad, pad)
            layout.setSpacing(metrics.spacing_px)
            frame.update()

    def _view(self) -> ConsentView | None:
        journey = consent_journey(self.shell)
        if journey is None or journey.step is not ApplyStep.CONSENT:
            return None
        return journey.consent()

    def retranslate(self) -> None:
        language = self._language()
        journey = consent_journey(self.shell)
        view = self._view()
        self.title.setText(self.tr("Your personal data: read before you send"))
        self.heading.setText(journey.title.text(language) if journey is not None else "")
        self.what_heading.setText(self.tr("What is collected"))
        self.why_heading.setText(self.tr("Why"))
        self.who_heading.setText(self.tr("Who receives it"))
        self.kept_heading.setText(self.tr("How long it is kept"))
        collected = [
            self.tr("Your name and identity number, from the credential you showed."),
        ]
        items: list[str] = []
        departments: list[str] = []
        if view is not None:
            separator = "、" if language == "zh_CN" else ", "
            collected.append(separator.join(label.text(language) for label in view.collected))
            items = [f"{BULLET} {item.text(language)}" for item in view.items]
            for item, (sichuan, chongqing) in zip(view.items, view.recipients, strict=True):
                pair = self.tr("%1 (Sichuan) and %2 (Chongqing)")
                pair = pair.replace("%1", sichuan.text(language)).replace(
                    "%2", chongqing.text(language)
                )
                line = f"{BULLET} {pair}"
                if len(view.items) > 1:
                    line = f"{BULLET} {item.text(language)}: {pair}"
                departments.append(line)
        if view is not None and view.collected:
            collected.insert(1, self.tr("And your answers and materials for this application:"))
        self.what_text.setText("\n".join(collected))
        why = [self.tr("Only to handle your application:"), *items]
        self.why_text.setText("\n".join(why))
        who = [
            self.tr(
                "The departments that handle it, in both provinces. Your application is sent "
                "to them through the Sichuan–Chongqing government service platform:"
            ),
            *departments,
        ]
        self.who_text.setText("\n".join(who))
        self.kept_text.setText(
            self.tr(
                "The departments keep your application as long as the law on government "
                "records requires. This terminal keeps nothing once the platform has your "
                "application: only a masked reference, for your receipt."
            )
        )
        self.refuse_text.setText(
            self.tr("If you do not agree, nothing is sent and everything you entered is erased.")
        )
        self.tick.set_text_of(self.tr("I have read this and agree"))
        self.back_button.setText(self.tr("Back"))
        self.refuse_button.setText(self.tr("Do not agree"))
        self.submit_button.setText(self.tr("Submit"))

    def wipe(self) -> None:
        super().wipe()
        self.tick.setChecked(False)
        self.submit_button.setEnabled(False)
        for text in (self.what_text, self.why_text, self.who_text):
            text.clear()

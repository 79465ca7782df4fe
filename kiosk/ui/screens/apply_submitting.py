"""Sending an application: a busy indicator while it is queued and the platform's acceptance
number is awaited, or, calmly, why it could not be sent and what to do.

The SUBMITTING step of the application journey (``kiosk.journeys.apply``). There is no button
while waiting: the journey moves on to the receipt by itself within a few seconds (with the
platform's number, or offline with the local reference). When the journey reports a problem
(``journey.problem``), the screen says what happened in plain words, what to do next, and
offers the way home.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressBar, QWidget

from kiosk.journeys.apply import ApplyJourney, SubmitProblem
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.screens.apply_common import apply_journey, session_language
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import icon_pixmap, make_button, make_label

ICON_MM = 30
BUSY_WIDTH_MM = 120
BUSY_HEIGHT_MM = 4
FOLLOW_MS = 250


class ApplySubmittingScreen(ArrangedScreen):
    """Waiting (a busy bar, no button), or the problem and the way home.

    Elder mode: "Back to home", when offered, takes the bar's width.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._problem: SubmitProblem | None = None
        self._queued = False
        self._title_text = ""
        centre = Qt.AlignmentFlag.AlignHCenter
        self.body.addStretch(1)
        self.icon = make_label("body")
        self.body.addWidget(self.icon, 0, centre)
        self.title = make_label("title")
        self.item = make_label("subtitle")
        self.message = make_label("body")
        self.advice = make_label("tile-title")
        for label in (self.title, self.item, self.message, self.advice):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.title)
        self.body.addWidget(self.item)
        self.busy = QProgressBar()
        self.busy.setObjectName("SubmittingBusy")
        self.busy.setRange(0, 0)  # busy: no percentage is known
        self.busy.setTextVisible(False)
        self.body.addWidget(self.busy, 0, centre)
        self.body.addWidget(self.message)
        self.body.addWidget(self.advice)
        self.body.addStretch(1)
        self.home_button = make_button("primary")
        self.home_button.clicked.connect(self.shell.go_home)
        # While waiting, the journey's progress (queued on disk) is read again now and then:
        # being queued is no new step, and the journey announces only steps and problems.
        self.follow = QTimer(self)
        self.follow.setInterval(FOLLOW_MS)
        self.follow.timeout.connect(self._follow)
        self._size()
        self._show(None)
        self.rearrange()

    def _size(self) -> None:
        self.icon_px = self.metrics.px(ICON_MM)
        self.icon.setFixedSize(self.icon_px, self.icon_px)
        self.busy.setFixedSize(self.metrics.px(BUSY_WIDTH_MM), self.metrics.px(BUSY_HEIGHT_MM))

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        super().apply_presentation(metrics)
        self._size()
        self.retranslate()

    def arrange(self, arrangement: Arrangement) -> None:
        self._fill_bar()

    def _fill_bar(self) -> None:
        if self._problem is None:
            fill_action_bar(self.action_bar, [])
            self.home_button.hide()  # waiting: nothing to press, the receipt comes by itself
            return
        self.home_button.show()
        if self.arrangement is not None and self.arrangement.elder:
            fill_action_bar(self.action_bar, [self.home_button])
            widen(self.action_bar, self.home_button)
        else:
            fill_action_bar(self.action_bar, [STRETCH, self.home_button, STRETCH])

    def on_enter(self) -> None:
        super().on_enter()
        self._show(apply_journey(self.shell))

    def on_leave(self) -> None:
        self.wipe()

    def wipe(self) -> None:
        super().wipe()
        self._show(None)

    def _follow(self) -> None:
        journey = apply_journey(self.shell)
        if journey is None:
            self.follow.stop()
            return
        if (journey.problem, bool(journey.state.queued)) != (self._problem, self._queued):
            self._show(journey)

    def _show(self, journey: ApplyJourney | None) -> None:
        self._problem = journey.problem if journey is not None else None
        self._queued = journey is not None and bool(journey.state.queued)
        language = session_language(self.shell)
        self._title_text = journey.title.text(language) if journey is not None else ""
        waiting = journey is not None and self._problem is None
        self.busy.setVisible(waiting)
        if waiting:
            self.follow.start()
        else:
            self.follow.stop()
        self._fill_bar()
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def problem_texts(self, problem: SubmitProblem) -> tuple[str, str, str]:
        """(title, what happened, what to do) for ``problem``, calmly."""
        if problem is SubmitProblem.REFUSED:
            return (
                self.tr("Your application was not accepted"),
                self.tr("The platform could not accept this application."),
                self.tr("The staff have been told; please go to a service counter."),
            )
        if problem is SubmitProblem.TOO_LARGE:
            return (
                self.tr("Your application was not sent"),
                self.tr("The photographs are too large to send together. Nothing was sent."),
                self.tr(
                    "Please start again and photograph fewer papers (bring the others to a "
                    "service counter), or ask the staff."
                ),
            )
        return (
            self.tr("Your application was not sent"),
            self.tr("This terminal cannot take applications right now. Nothing was sent."),
            self.tr("Please ask the staff or use a service counter."),
        )

    def retranslate(self) -> None:
        self.home_button.setText(self.tr("Back to home"))
        self.item.setText(self._title_text)
        problem = self._problem
        if problem is None:
            self.icon.setPixmap(icon_pixmap("timer", self.icon_px))
            self.title.setText(self.tr("Submitting your application…"))
            self.message.setText(
                self.tr(
                    "Your application is saved on this terminal. Waiting a few seconds for "
                    "the platform's acceptance number."
                )
                if self._queued
                else self.tr("Please wait a moment.")
            )
            self.advice.setText("")
        else:
            self.icon.setPixmap(icon_pixmap("apology", self.icon_px))
            title, message, advice = self.problem_texts(problem)
            self.title.setText(title)
            self.message.setText(message)
            self.advice.setText(advice)
        self.advice.setVisible(bool(self.advice.text()))

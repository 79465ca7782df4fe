"""Show a QR code to the camera: live preview with a guide frame, coaching, and recovery.

The screen of the reusable scan step: it serves whichever journey's step is on ``Screen.SCAN``
(``kiosk.journeys.scan_step.ScanStep``), asks what that step asks for, verifies codes for the
step's purpose and hands the verdict (or None: no verifier) back to the journey, which judges
it and moves on. A step reading a receipt's code (``ReadKind.RECEIPT``, ``CodeStep``) gets the
text as read, unverified; a text it refuses is "not a receipt code", and the screen reads
again. The camera runs only while this screen is shown; leaving it (or a session wipe)
releases the camera and drops every frame and decoded text. A timeout or a camera failure stays
here with a way to try again.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.camera import CameraState
from kiosk.journeys.scan import Hint, ScanPhase, ScanView
from kiosk.journeys.scan_step import CodeStep, ReadKind, ScanRequest, ScanStep
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import Message, Msg
from kiosk.ui.scan.controller import ScanController
from kiosk.ui.scan.preview import LumaPreview
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import translate_message
from kiosk.ui.widgets.common import make_button, make_card, make_icon, make_label

_log = logging.getLogger(__name__)

POLL_MS = 250


class ScanScreen(ArrangedScreen):
    """The camera's picture and what to do; "Try again" (the primary action) after a failure.
    Elder mode widens "Try again"; "Back to home" stays beside it, the only other way out."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        setup = context.scanning
        self.controller = ScanController(
            source_factory=setup.source_factory,
            tasks=context.tasks,
            clock=setup.clock,
            verify=None,  # bound to the step's purpose when the step starts
            speaker=setup.speaker,
            required_reads=setup.required_reads,
            timeout_s=setup.timeout_s,
            parent=self,
        )
        self.controller.changed.connect(self._refresh)
        self._refused = False  # the last code read was not of the kind the step reads
        self.controller.finished.connect(self._finished)
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.preview = LumaPreview(self.metrics)
        self.body.addWidget(self.preview, 1)
        self.status = make_label("tile-title")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.status)
        self.countdown = make_label("hint")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.countdown)

        self.problem, problem_layout = make_card("warning", vertical=False)
        pad = self.metrics.spacing_px * 2
        problem_layout.setContentsMargins(pad, pad, pad, pad)
        problem_layout.setSpacing(pad)
        problem_layout.addWidget(
            make_icon("camera", self.metrics.px(16)), 0, Qt.AlignmentFlag.AlignTop
        )
        self.problem_text = make_label("body")
        problem_layout.addWidget(self.problem_text, 1)
        self.problem.hide()
        self.problem.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.body.addWidget(self.problem)
        # Takes the preview's place when the camera is off, so the message sits under the title.
        self.filler = QWidget()
        self.filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.filler.hide()
        self.body.addWidget(self.filler, 1)

        self.home_button = make_button("secondary")
        self.home_button.clicked.connect(self.shell.go_home)
        self.retry_button = make_button("primary")
        self.retry_button.clicked.connect(self._try_again)
        self.retry_button.hide()
        self.action_bar.addWidget(self.home_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.retry_button)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.controller.poll)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        if arrangement.elder:
            fill_action_bar(self.action_bar, [self.home_button, self.retry_button])
            widen(self.action_bar, self.retry_button)
        else:
            fill_action_bar(self.action_bar, [self.home_button, STRETCH, self.retry_button])

    # ------------------------------------------------------------------ lifecycle
    def _step(self) -> ScanStep | CodeStep | None:
        journey = self.shell.journey
        return journey if isinstance(journey, ScanStep | CodeStep) else None

    def _request(self) -> ScanRequest | None:
        step = self._step()
        return step.scan_request if step is not None else None

    def on_enter(self) -> None:
        super().on_enter()
        request = self._request()
        verify = self.context.scanning.verify
        self._refused = False
        if request is None or verify is None or request.reads is not ReadKind.CREDENTIAL:
            self.controller.set_verify(None)
        else:
            # Codes are verified as they are read without being used up: a scan given up
            # after one read (or timed out) must not spend the citizen's e-ID. A step that
            # uses the code up has it recorded once the scan is accepted (``_use_up``).
            looking = replace(request, uses_up=False)
            self.controller.set_verify(lambda text: verify(text, looking))
        self.retranslate()
        self._retry()

    def on_leave(self) -> None:
        self._timer.stop()
        self.controller.forget()
        self.preview.show_frame(None)

    def wipe(self) -> None:
        super().wipe()
        self.on_leave()

    def _try_again(self) -> None:
        """The citizen's "Try again" (after a timeout or a camera failure): a fresh start."""
        self._refused = False
        self._retry()

    def _retry(self) -> None:
        self.controller.start()
        self._timer.start()

    # ------------------------------------------------------------------ rendering
    def _refresh(self) -> None:
        view = self.controller.view()
        self.preview.show_frame(self.controller.latest)
        if view is None:
            return
        self.preview.guide = {ScanPhase.READING: "reading", ScanPhase.ACCEPTED: "accepted"}.get(
            view.phase, "looking"
        )
        failed = view.phase in (ScanPhase.TIMED_OUT, ScanPhase.CAMERA_FAILED)
        self.problem.setVisible(failed or self._refused)
        # Beside the live picture (a refused code) the card keeps its whole text; alone (the
        # camera off) it may shrink to what it needs.
        grow = (
            QSizePolicy.Policy.Minimum
            if self._refused and not failed
            else QSizePolicy.Policy.Maximum
        )
        self.problem.setSizePolicy(QSizePolicy.Policy.Preferred, grow)
        self.preview.setVisible(not failed)  # the camera is off: an empty picture would only puzzle
        self.filler.setVisible(failed)
        self.retry_button.setVisible(failed)
        self.status.setVisible(not failed)
        self.countdown.setVisible(not failed and view.phase is not ScanPhase.ACCEPTED)
        self._set_texts(view)

    def _set_texts(self, view: ScanView) -> None:
        self.status.setText(self._status_text(view))
        self.countdown.setText(
            self.tr("Scanning stops in {seconds} s").format(seconds=view.seconds_left)
        )
        if view.phase is ScanPhase.TIMED_OUT:
            self.problem_text.setText(
                self.tr(
                    "No code was read. Open the QR code on your phone, turn the screen brightness "
                    "up, and hold it inside the frame about 20 cm from the camera."
                )
            )
        elif view.phase is ScanPhase.CAMERA_FAILED:
            self.problem_text.setText(
                self._camera_text(view.camera) + "\n" + self.tr("Please ask the staff for help.")
            )
        elif self._refused:
            self.problem_text.setText(
                self.tr(
                    "This is not a receipt code. Please show the QR code printed on your "
                    "receipt, or go back and type the acceptance number."
                )
            )

    def _status_text(self, view: ScanView) -> str:
        if view.phase is ScanPhase.ACCEPTED:
            return self.tr("Code read")
        # Said where it is seen first, above the fold (details below), also while the camera
        # starts again behind it: that restart is ours, not news to the citizen.
        if self._refused:
            return self.tr("This is not a receipt code")
        if view.phase is ScanPhase.STARTING:
            return self.tr("Starting the camera…")
        hints = {
            Hint.NONE: self.tr("Hold the QR code inside the frame, about 20 cm from the camera"),
            Hint.TOO_DARK: self.tr("Too dark: turn up your phone's screen brightness"),
            Hint.GLARE: self.tr("There is a reflection: tilt your phone a little"),
            Hint.MOVE_CLOSER: self.tr("Please move a little closer"),
            Hint.HOLD_STILL: self.tr("Please hold your phone still"),
            Hint.SHOW_ONE_CODE: self.tr("Please show only one QR code"),
            Hint.KEEP_STEADY: self.tr("Reading the code, please hold still…"),
        }
        return hints[view.hint]

    def _camera_text(self, state: CameraState) -> str:
        texts = {
            CameraState.NO_DEVICE: self.tr("The camera is not available."),
            CameraState.LOST: self.tr("The camera was disconnected."),
            CameraState.PERMISSION_DENIED: self.tr("This program may not use the camera."),
            CameraState.ERROR: self.tr("The camera is not working."),
        }
        return texts.get(state, self.tr("The camera is not working."))

    def _finished(self) -> None:
        self._timer.stop()
        view = self.controller.view()
        if view is not None and view.phase is ScanPhase.ACCEPTED:
            result: VerificationResult | None = view.result  # None: no verifier is open
            self.controller.forget()
            self.preview.show_frame(None)
            step = self._step()
            if isinstance(step, CodeStep) and step.scan_request.reads is ReadKind.RECEIPT:
                self._refused = not step.code_read(view.accepted_text or "")
                if self._refused:
                    self._retry()  # not a receipt code: say so, and read again
            elif isinstance(step, ScanStep):
                request = step.scan_request
                if request.uses_up and result is not None and result.valid:
                    self._use_up(step, request, view.accepted_text or "")
                else:
                    step.scan_finished(result)  # the journey judges it and moves on
            return
        self._refresh()

    def _use_up(self, step: ScanStep, request: ScanRequest, text: str) -> None:
        """Verify the accepted code once more, recording it as used (a worker: the replay
        cache is in the database); the journey judges that verdict (REPLAYED if another scan
        used it meanwhile)."""
        verify = self.context.scanning.verify
        if verify is None:
            step.scan_finished(None)
            return
        journey = self.shell.journey

        def done(result: VerificationResult) -> None:
            if self.shell.journey is journey and step.scan_request == request:
                step.scan_finished(result)

        def failed(error: BaseException) -> None:
            _log.error("the accepted code could not be recorded: %s", type(error).__name__)
            if self.shell.journey is journey and step.scan_request == request:
                step.scan_finished(None)

        self.context.tasks.submit("use up the code", lambda: verify(text, request), done, failed)

    def retranslate(self) -> None:
        request = self._request()
        prompt = request.prompt if request is not None else Msg.SCAN_PROMPT_ANY
        self.title.setText(translate_message(Message(prompt)))
        self.home_button.setText(self.tr("Back to home"))
        self.retry_button.setText(self.tr("Try again"))
        view = self.controller.view()
        if view is not None:
            self._set_texts(view)
        else:
            self.status.setText("")

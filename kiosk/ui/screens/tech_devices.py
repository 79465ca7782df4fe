"""Technician mode's device tests (``kiosk.journeys.tech_devices``): the camera and the printer.

The camera card shows the live picture (the scan machinery's preview, its controller
measuring: ``kiosk.ui.scan.measuring``) and its figures, refreshed a few times a second: the
picture's size and frame rate, the frames the decoder looked at, codes read a second and in how
many of the frames looked at, brightness, glare and sharpness (marked when a citizen's code
would be hard to read), and the kind of the last code read — never its content. The camera runs
only while this screen is shown (entering starts it; leaving, idle or a wipe release it); a
camera that fails says so with what to do, and "Try again" starts it again.

The printer card shows the printer's state with what to do for each fault, and "Print a test
page" (the page of ``kiosk printer test``) with what became of the last one.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.devices.camera import CameraState, LumaFrame
from kiosk.devices.printer import PrinterState
from kiosk.journeys.scan import GLARE_ABOVE, TOO_DARK_BELOW
from kiosk.journeys.shell import ShellView
from kiosk.journeys.tech_devices import (
    CameraFigures,
    CodeKind,
    FrameMeasure,
    PrintPhase,
    TechDevicesJourney,
)
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.scan.measuring import MeasuringScanController
from kiosk.ui.scan.preview import LumaPreview
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import make_button, make_card, make_label

REFRESH_MS = 250


class TechDevicesScreen(ArrangedScreen):
    """The camera card beside the printer card (one above the other on a portrait panel)."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._listening: TechDevicesJourney | None = None
        self._camera_journey: TechDevicesJourney | None = None  # the run's journey
        setup = context.scanning
        self.controller = MeasuringScanController(
            source_factory=setup.source_factory,
            tasks=context.tasks,
            clock=setup.clock,
            speaker=setup.speaker,
            parent=self,
        )
        self.controller.frame_shown.connect(self._frame)
        self.controller.measured.connect(self._measured)
        self.controller.finished.connect(self._camera_finished)

        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.cards = QHBoxLayout()
        self.cards.setSpacing(self.metrics.spacing_px * 2)
        self.body.addLayout(self.cards, 1)

        self.cards.addWidget(self._camera_card(), 3)
        self.cards.addWidget(self._printer_card(), 2)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.go_home)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_camera)
        self.retranslate()
        self.rearrange()

    def _camera_card(self) -> QWidget:
        self.camera_card, camera = make_card()
        pad = self.metrics.spacing_px * 2
        camera.setContentsMargins(pad, pad, pad, pad)
        self.camera_title = make_label("subtitle")
        camera.addWidget(self.camera_title)
        self.preview = LumaPreview(self.metrics)
        camera.addWidget(self.preview, 1)
        self.camera_state = make_label("body")
        camera.addWidget(self.camera_state)
        self.camera_retry = make_button("secondary")
        self.camera_retry.clicked.connect(self._start_camera)
        self.camera_retry.hide()
        camera.addWidget(self.camera_retry, 0, Qt.AlignmentFlag.AlignLeft)
        self.camera_help, help_layout = make_card("warning")
        help_layout.setContentsMargins(pad, pad, pad, pad)
        self.camera_problem = make_label("body")
        help_layout.addWidget(self.camera_problem)
        self.camera_help.hide()
        camera.addWidget(self.camera_help)
        self.figures = QGridLayout()
        self.figures.setHorizontalSpacing(pad)
        self.figure_names: dict[str, QLabel] = {}
        self.figure_values: dict[str, QLabel] = {}
        for row, key in enumerate(("picture", "decoder", "codes", "light", "last")):
            name, value = make_label("hint"), make_label("body")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.figures.addWidget(name, row, 0)
            self.figures.addWidget(value, row, 1)
            self.figure_names[key], self.figure_values[key] = name, value
        self.figures.setColumnStretch(1, 1)
        camera.addLayout(self.figures)
        camera.addStretch(1)
        return self.camera_card

    def _printer_card(self) -> QWidget:
        self.printer_card, printer = make_card()
        pad = self.metrics.spacing_px * 2
        printer.setContentsMargins(pad, pad, pad, pad)
        self.printer_title = make_label("subtitle")
        printer.addWidget(self.printer_title)
        self.printer_state = make_label("tile-title")
        printer.addWidget(self.printer_state)
        self.print_button = make_button("primary")
        self.print_button.clicked.connect(self._print)
        printer.addWidget(self.print_button)
        self.printer_help, help_layout = make_card("warning")
        help_layout.setContentsMargins(pad, pad, pad, pad)
        self.printer_remedy = make_label("body")
        help_layout.addWidget(self.printer_remedy)
        printer.addWidget(self.printer_help)
        self.print_result = make_label("body")
        printer.addWidget(self.print_result)
        self.print_hint = make_label("hint")
        printer.addWidget(self.print_hint)
        printer.addStretch(1)
        return self.printer_card

    def arrange(self, arrangement: Arrangement) -> None:
        fill_action_bar(self.action_bar, [self.back_button, STRETCH])
        portrait = arrangement.portrait
        self.cards.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.cards.setStretchFactor(self.printer_card, 0 if portrait else 2)
        self._fit_preview()

    def _fit_preview(self) -> None:
        """The picture takes about a third of the visible height: with its figures and the
        printer's card beside it, the whole test fits a compact panel without scrolling far."""
        visible = self.scroll_area.viewport().height()
        portrait = self.arrangement is not None and self.arrangement.portrait
        # A fixed height: in a body taller than the panel, an expanding picture would shrink
        # to its minimum instead.
        self.preview.setFixedHeight(
            max(self.metrics.px(20), int(visible * (0.4 if portrait else 0.3)))
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_preview()

    @property
    def journey(self) -> TechDevicesJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, TechDevicesJourney) else None

    # ------------------------------------------------------------------ lifecycle
    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is not None and journey is not self._listening:
            journey.on_change(self._refresh_printer)
            self._listening = journey
        self._start_camera()
        self._refresh_printer()

    def on_leave(self) -> None:
        self._stop_camera()

    def wipe(self) -> None:
        super().wipe()
        self._stop_camera()
        self._listening = None
        self.print_result.setText("")

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        self._refresh_printer()

    def _start_camera(self) -> None:
        journey = self.journey
        if journey is None:
            return
        self._camera_journey = journey
        journey.camera_started()
        self.controller.start()
        self._timer.start()
        self.refresh_camera()

    def _stop_camera(self) -> None:
        """Release the camera and forget every frame; the run's figures go to the audit log."""
        self._timer.stop()
        self.controller.forget()
        self.preview.show_frame(None)
        journey, self._camera_journey = self._camera_journey, None
        if journey is not None:
            journey.camera_stopped()

    # ------------------------------------------------------------------ the camera's deliveries
    def _frame(self, frame: LumaFrame) -> None:
        self.preview.show_frame(frame)
        if self._camera_journey is not None:
            self._camera_journey.frame_seen(frame.timestamp, frame.width, frame.height)

    def _measured(self, measure: FrameMeasure) -> None:
        if self._camera_journey is not None:
            self._camera_journey.frame_measured(measure)

    def _camera_finished(self) -> None:
        self._timer.stop()
        self.preview.show_frame(None)
        self.refresh_camera()

    def _camera_state_now(self) -> CameraState:
        view = self.controller.view()
        if view is None:
            return CameraState.OFF
        return view.camera if self.controller.running or view.camera.failed else CameraState.OFF

    # ------------------------------------------------------------------ showing the camera
    def refresh_camera(self) -> None:
        """Show the camera's latest figures (the screen's timer calls it a few times a second)."""
        journey = self._camera_journey or self.journey
        state = self._camera_state_now()
        if journey is not None:
            journey.camera_state(state)
        figures = journey.camera if journey is not None else CameraFigures(state)
        failed = state.failed
        self.preview.setVisible(not failed)
        self.camera_help.setVisible(failed)
        self.camera_retry.setVisible(failed)
        for label in (*self.figure_names.values(), *self.figure_values.values()):
            label.setVisible(not failed)  # no figures without a camera
        self.camera_state.setText(self._camera_text(state))
        if failed:
            self.camera_problem.setText(self._camera_remedy(state))
        self._show_figures(figures)

    def _show_figures(self, figures: CameraFigures) -> None:
        values = self.figure_values
        dash = "—"
        if figures.width is not None and figures.frames_per_s is not None:
            values["picture"].setText(
                self.tr("%1 × %2, %3 frames a second")
                .replace("%1", str(figures.width))
                .replace("%2", str(figures.height))
                .replace("%3", f"{figures.frames_per_s:.1f}")
            )
        elif figures.width is not None:
            values["picture"].setText(f"{figures.width} × {figures.height}")
        else:
            values["picture"].setText(dash)
        if figures.analysed_per_s is not None and figures.frames_per_s:
            share = figures.analysed_per_s / figures.frames_per_s
            values["decoder"].setText(
                self.tr("%1 a second (%2 % of the frames)")
                .replace("%1", f"{figures.analysed_per_s:.1f}")
                .replace("%2", f"{share * 100:.0f}")
            )
        else:
            values["decoder"].setText(dash)
        if figures.codes_per_s is not None and figures.decoded_share is not None:
            values["codes"].setText(
                self.tr("%1 a second, in %2 % of the frames looked at")
                .replace("%1", f"{figures.codes_per_s:.1f}")
                .replace("%2", f"{figures.decoded_share * 100:.0f}")
            )
        else:
            values["codes"].setText(dash)
        values["light"].setText(self._light_text(figures))
        values["last"].setText(self._last_code_text(figures))

    def _light_text(self, figures: CameraFigures) -> str:
        if figures.brightness is None or figures.glare is None or figures.sharpness is None:
            return "—"
        text = (
            self.tr("brightness %1 of 255, glare %2 %, sharpness %3")
            .replace("%1", f"{figures.brightness:.0f}")
            .replace("%2", f"{figures.glare * 100:.1f}")
            .replace("%3", f"{figures.sharpness:.1f}")
        )
        if figures.brightness < TOO_DARK_BELOW:
            text += " — " + self.tr("too dark to read a phone's code")
        elif figures.glare > GLARE_ABOVE:
            text += " — " + self.tr("too much glare: move the lamp or tilt the camera")
        return text

    def _last_code_text(self, figures: CameraFigures) -> str:
        if figures.last_kind is None:
            return self.tr("none yet: show a code to the camera")
        kind = self._kind_text(figures.last_kind)
        age = figures.last_kind_age_s or 0.0
        if age < 1:
            return self.tr("%1, just now").replace("%1", kind)
        return self.tr("%1, %2 s ago").replace("%1", kind).replace("%2", f"{age:.0f}")

    def _kind_text(self, kind: CodeKind) -> str:
        texts = {
            CodeKind.E_ID: self.tr("an e-ID code"),
            CodeKind.E_LICENCE: self.tr("an e-licence code"),
            CodeKind.CREDENTIAL_UNREADABLE: self.tr("a credential code that cannot be read"),
            CodeKind.RECEIPT: self.tr("a receipt code"),
            CodeKind.TEST_PAGE: self.tr("the printer test page's code"),
            CodeKind.UNKNOWN: self.tr("not a code we know"),
        }
        return texts[kind]

    def _camera_text(self, state: CameraState) -> str:
        texts = {
            CameraState.OFF: self.tr("The camera is off."),
            CameraState.STARTING: self.tr("Starting the camera…"),
            CameraState.ACTIVE: self.tr("The camera is working."),
            CameraState.NO_DEVICE: self.tr("No camera was found."),
            CameraState.LOST: self.tr("The camera was disconnected."),
            CameraState.PERMISSION_DENIED: self.tr("This program may not use the camera."),
            CameraState.ERROR: self.tr("The camera is not working."),
        }
        return texts[state]

    def _camera_remedy(self, state: CameraState) -> str:
        if state is CameraState.PERMISSION_DENIED:
            return self.tr(
                "Give the kiosk's user account access to the camera (the `video` group), then "
                "restart the application."
            )
        if state is CameraState.NO_DEVICE:
            return self.tr(
                "Check the camera's cable and plug it into another USB port; check the camera "
                "named in the settings. Then try again."
            )
        return self.tr(
            "Unplug the camera, wait a few seconds, plug it in again and try again. If it "
            "still fails, restart the application."
        )

    # ------------------------------------------------------------------ the printer
    def _print(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.print_test_page()
            self._refresh_printer()

    def _refresh_printer(self) -> None:
        journey = self.journey
        if journey is None:
            return
        state = journey.state.printer
        phase = journey.state.print_phase
        if not journey.has_printer:
            self.printer_state.setText(self.tr("No printer could be opened."))
            remedy = self.tr(
                "Check the printer named in the settings and its cable, then restart the "
                "application."
            )
        elif state is None:
            self.printer_state.setText(self.tr("Asking the printer…"))
            remedy = ""
        else:
            self.printer_state.setText(self._printer_text(state))
            remedy = self._printer_remedy(state)
        self.printer_help.setVisible(bool(remedy))
        self.printer_remedy.setText(remedy)
        printing = phase is PrintPhase.PRINTING
        self.print_button.setEnabled(journey.has_printer and not printing)
        self.print_result.setText(self._print_text(journey))
        self.print_result.setVisible(bool(self.print_result.text()))

    def _print_text(self, journey: TechDevicesJourney) -> str:
        phase = journey.state.print_phase
        outcome = journey.state.last_print
        if phase is PrintPhase.PRINTING:
            return self.tr("Printing the test page…")
        if phase is PrintPhase.PRINTED and outcome is not None:
            return self.tr(
                "The test page printed (%1 lines). Check that the Chinese text, the frame and "
                "the QR code are sharp and the paper was cut."
            ).replace("%1", str(outcome.lines))
        if phase is PrintPhase.FAILED and outcome is not None and outcome.failure is not None:
            text = self.tr("The test page did not print: %1").replace(
                "%1", self._printer_text(outcome.failure)
            )
            if outcome.partial:
                text += " " + self.tr("Part of it may have printed.")
            return text
        return ""

    def _printer_text(self, state: PrinterState) -> str:
        texts = {
            PrinterState.READY: self.tr("The printer is ready."),
            PrinterState.PAPER_LOW: self.tr("The paper is running low."),
            PrinterState.PAPER_OUT: self.tr("The printer is out of paper."),
            PrinterState.COVER_OPEN: self.tr("The printer's cover is open."),
            PrinterState.OFFLINE: self.tr("The printer does not answer."),
            PrinterState.ERROR: self.tr("The printer reports a fault."),
        }
        return texts[state]

    def _printer_remedy(self, state: PrinterState) -> str:
        texts = {
            PrinterState.READY: "",
            PrinterState.PAPER_LOW: self.tr(
                "Put in a new roll soon: receipts still print, but the roll is near its end."
            ),
            PrinterState.PAPER_OUT: self.tr(
                "Open the cover, put in a new roll with the paper coming off the bottom of the "
                "roll towards you, leave a little paper out, close the cover until it clicks, "
                "then print a test page."
            ),
            PrinterState.COVER_OPEN: self.tr(
                "Close the printer's cover firmly until it clicks, then print a test page."
            ),
            PrinterState.OFFLINE: self.tr(
                "Check that the printer is switched on and its light is on, and that its cable "
                "(USB or network) is plugged in at both ends. A network printer's address is "
                "in the settings."
            ),
            PrinterState.ERROR: self.tr(
                "Switch the printer off, clear any paper stuck in the cutter, wait a minute and "
                "switch it on again. If the fault stays, the printer needs repair."
            ),
        }
        return texts[state]

    # ------------------------------------------------------------------ texts
    def retranslate(self) -> None:
        self.title.setText(self.tr("Device tests"))
        self.camera_title.setText(self.tr("Camera"))
        self.printer_title.setText(self.tr("Receipt printer"))
        names = {
            "picture": self.tr("Picture"),
            "decoder": self.tr("Decoder"),
            "codes": self.tr("Codes read"),
            "light": self.tr("Light"),
            "last": self.tr("Last code"),
        }
        for key, label in self.figure_names.items():
            label.setText(names[key])
        self.camera_retry.setText(self.tr("Try again"))
        self.print_button.setText(self.tr("Print a test page"))
        self.print_hint.setText(
            self.tr(
                "Show the printed page's QR code to the camera: the camera card then names it "
                "as the printer test page's code."
            )
        )
        self.back_button.setText(self.tr("Back"))
        self.refresh_camera()
        self._refresh_printer()

"""Photograph a paper document: live picture, coaching, "Take picture", confirm or take again.

The screen of ``Screen.APPLY_PHOTO``; it serves whichever journey's step is a
``kiosk.journeys.photo_step.PhotoStep``. The document camera (``ScanSetup.document_sources``:
the main camera when no document camera is configured) runs only while the live picture is
shown. Each frame is judged (``kiosk.devices.document_photo.assess``) and the citizen told what
to change; "Take picture" is enabled only while the latest frame is good. The taken frame is
compressed on the worker pool and the JPEG itself (decoded again) is shown to confirm: "Use this
picture" hands the bytes to the journey, "Take it again" goes back to the live picture, "Cancel"
gives up. Leaving the screen or a wipe releases the camera and drops every frame and the picture.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import enum
import io
import logging
import time

import numpy as np
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.devices.camera import CameraState, LumaFrame
from kiosk.devices.document_photo import PhotoQuality, PhotoTooLarge, compress
from kiosk.journeys.photo_step import PhotoStep
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.tasks import TaskHandle
from kiosk.ui.scan.photo import PhotoCamera
from kiosk.ui.scan.preview import LumaPreview
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import make_button, make_label

_log = logging.getLogger(__name__)
PAGE_GUIDE = (0.62, 0.96)  # where the page goes, as shares of the picture (A4 upright in 16:9)


class Stage(enum.Enum):
    LIVE = "live"  # the camera's picture and coaching
    PREPARING = "preparing"  # the picture is being compressed
    CONFIRM = "confirm"  # the picture, to use or take again
    FAILED = "failed"  # the camera failed, or the picture could not be made small enough


class ApplyPhotoScreen(ArrangedScreen):
    """The document camera's picture, what to change, and the picture to confirm."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.camera = PhotoCamera(
            source_factory=context.scanning.document_sources, tasks=context.tasks, parent=self
        )
        self.camera.changed.connect(self._refresh)
        self.stage = Stage.LIVE
        self.jpeg: bytes | None = None  # the picture taken, until used, retaken or wiped
        self._too_large = False
        self._compressing: TaskHandle | None = None
        self._attempt = 0  # a compression finishing after the citizen moved on is dropped

        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.instruction = make_label("body")
        self.body.addWidget(self.instruction)
        self.preview = LumaPreview(self.metrics, mirrored=False, guide_share=PAGE_GUIDE)
        self.body.addWidget(self.preview, 1)
        self.status = make_label("tile-title")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body.addWidget(self.status)

        self.cancel_button = make_button("secondary")
        self.cancel_button.clicked.connect(self._cancel)
        self.retake_button = make_button("secondary")
        self.retake_button.clicked.connect(self._retake)
        self.take_button = make_button("primary")
        self.take_button.clicked.connect(self._take)
        self.use_button = make_button("primary")
        self.use_button.clicked.connect(self._use)
        self.retranslate()
        self.rearrange()
        self._show_stage()

    def arrange(self, arrangement: Arrangement) -> None:
        buttons = [self.cancel_button, self.retake_button, self.take_button, self.use_button]
        if arrangement.elder:
            fill_action_bar(self.action_bar, buttons)
            widen(self.action_bar, self.take_button)
            widen(self.action_bar, self.use_button)
        else:
            fill_action_bar(self.action_bar, [self.cancel_button, STRETCH, *buttons[1:]])

    # ------------------------------------------------------------------ lifecycle
    def _step(self) -> PhotoStep | None:
        journey = self.shell.journey
        return journey if isinstance(journey, PhotoStep) else None

    def on_enter(self) -> None:
        super().on_enter()
        self._start_live()
        self.retranslate()

    def on_leave(self) -> None:
        self._drop()

    def wipe(self) -> None:
        super().wipe()
        self._drop()
        self.retranslate()

    def _drop(self) -> None:
        """Release the camera; forget every frame and the picture."""
        self._attempt += 1
        if self._compressing is not None:
            self._compressing.cancel()
            self._compressing = None
        self.camera.stop()
        self.preview.show_frame(None)
        self.jpeg = None
        self._too_large = False
        self.stage = Stage.LIVE
        self._show_stage()

    def _start_live(self) -> None:
        self._drop()
        self.camera.start()
        self._refresh()

    def retained(self) -> list[str]:
        """What this screen still holds of the last citizen (empty after leave or wipe)."""
        held = self.camera.retained()
        if self.jpeg is not None:
            held.append("picture")
        if self.preview.has_picture:
            held.append("preview")
        return held

    # ------------------------------------------------------------------ actions
    def _take(self) -> None:
        frame = self.camera.good
        if self.stage is not Stage.LIVE or frame is None:
            return
        self._attempt += 1
        attempt = self._attempt
        self.camera.stop()  # the camera is released while the citizen looks at the picture
        self.preview.show_frame(frame)
        self.stage = Stage.PREPARING
        self._show_stage()
        handle = self.context.tasks.submit(
            "compress document photo",
            lambda: compress(frame.pixels),
            lambda jpeg: self._compressed(attempt, jpeg),
            lambda error: self._not_compressed(attempt, error),
        )
        self._compressing = None if handle.finished else handle

    def _compressed(self, attempt: int, jpeg: bytes) -> None:
        if attempt != self._attempt:
            return
        self._compressing = None
        self.jpeg = jpeg
        # What is shown is what will be sent: the JPEG itself, decoded.
        with Image.open(io.BytesIO(jpeg)) as image:
            pixels = np.asarray(image.convert("L"))
        self.preview.show_frame(LumaFrame(pixels, time.monotonic(), 0))
        self.stage = Stage.CONFIRM
        self._show_stage()

    def _not_compressed(self, attempt: int, error: BaseException) -> None:
        if attempt != self._attempt:
            return
        self._compressing = None
        self.preview.show_frame(None)
        self._too_large = True
        self.stage = Stage.FAILED
        self._show_stage()
        if not isinstance(error, PhotoTooLarge):
            _log.error("document photo could not be compressed: %s", type(error).__name__)

    def _use(self) -> None:
        jpeg = self.jpeg
        if self.stage is not Stage.CONFIRM or jpeg is None:
            return
        self._drop()
        step = self._step()
        if step is not None:
            step.photo_taken(jpeg)

    def _retake(self) -> None:
        self._start_live()

    def _cancel(self) -> None:
        self._drop()
        step = self._step()
        if step is not None:
            step.photo_cancelled()

    # ------------------------------------------------------------------ rendering
    def _refresh(self) -> None:
        if self.stage is not Stage.LIVE:
            return
        if self.camera.state.failed:
            self.camera.stop()
            self.stage = Stage.FAILED
            self._show_stage()
            return
        self.preview.show_frame(self.camera.latest)
        good = self.camera.good is not None
        self.preview.guide = "accepted" if good else "looking"
        self.take_button.setEnabled(good)
        self.status.setText(self._coaching())

    def _show_stage(self) -> None:
        stage = self.stage
        self.take_button.setVisible(stage in (Stage.LIVE, Stage.PREPARING))
        self.take_button.setEnabled(stage is Stage.LIVE and self.camera.good is not None)
        self.use_button.setVisible(stage is Stage.CONFIRM)
        self.retake_button.setVisible(stage in (Stage.CONFIRM, Stage.FAILED))
        self.preview.setVisible(stage is not Stage.FAILED)
        self.preview.guide = "looking"
        self._set_texts()

    def _set_texts(self) -> None:
        stage = self.stage
        self.retake_button.setText(
            self.tr("Try again") if stage is Stage.FAILED else self.tr("Take it again")
        )
        if stage is Stage.LIVE:
            self.instruction.setText(
                self.tr("Lay the paper flat inside the frame, with the writing facing up.")
            )
            self.status.setText(self._coaching())
        elif stage is Stage.PREPARING:
            self.instruction.setText("")
            self.status.setText(self.tr("Preparing the picture…"))
        elif stage is Stage.CONFIRM:
            self.instruction.setText(
                self.tr("Check the picture: can every word be read? If so, use it.")
            )
            self.status.setText("")
        else:
            self.instruction.setText("")
            self.status.setText(
                self.tr("This picture could not be used. Please take it again.")
                if self._too_large
                else self.tr("The camera is not available. Please ask the staff for help.")
            )

    def _coaching(self) -> str:
        if self.camera.state is CameraState.STARTING or self.camera.quality is None:
            return self.tr("Starting the camera…")
        texts = {
            PhotoQuality.OK: self.tr("Good. Hold still and take the picture"),
            PhotoQuality.TOO_DARK: self.tr("Too dark: move the paper into the light"),
            PhotoQuality.TOO_BRIGHT: self.tr("There is a reflection: tilt the paper a little"),
            PhotoQuality.BLURRED: self.tr("The picture is blurred: hold the paper flat and still"),
            PhotoQuality.NO_PAGE: self.tr("Put the paper inside the frame"),
        }
        return texts[self.camera.quality]

    def retranslate(self) -> None:
        step = self._step()
        if step is not None:
            self.title.setText(
                self.tr("Photograph the paper document: {material}").format(
                    material=step.material_name.text(self.shell.view().language)
                )
            )
        else:
            self.title.setText(self.tr("Photograph the paper document"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.take_button.setText(self.tr("Take picture"))
        self.use_button.setText(self.tr("Use this picture"))
        self._set_texts()

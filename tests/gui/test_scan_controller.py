"""The scan pipeline's timing rules with real worker threads: one frame in flight, later frames
dropped (never queued), nothing from an ended scan reaching the next one."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.devices import frames
from kiosk.devices.camera import Luma, LumaFrame
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.qr_decoder import DecodeOutcome, QrDecoder
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.scan import ScanPhase
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.scan.controller import ScanController
from kiosk.ui.scan.preview import LumaPreview
from kiosk.ui.tasks import QtTaskRunner

CODE = "HTTPS://EXAMPLE.ORG/CITIZEN-A"


class GatedDecoder(QrDecoder):
    """The real decoder, held at a gate so that the test decides when an analysis finishes."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.entered = threading.Event()

    def decode(self, luma: Luma) -> DecodeOutcome:
        self.entered.set()
        assert self.gate.wait(timeout=30), "the test never opened the gate"
        return super().decode(luma)


@pytest.fixture
def tasks(qapp: QApplication) -> Iterator[QtTaskRunner]:
    runner = QtTaskRunner(max_threads=2)
    yield runner
    runner.shutdown()


def controller_for(
    cameras: list[ImageSequenceSource], tasks: QtTaskRunner, decoder: QrDecoder | None = None
) -> ScanController:
    """A controller whose every ``start`` takes the next camera of ``cameras``."""
    pending = iter(cameras)
    return ScanController(
        source_factory=lambda: next(pending),
        tasks=tasks,
        clock=ManualClock(),
        verify=None,
        speaker=FakeSpeaker(),
        decoder=decoder,
    )


def test_frames_arriving_during_an_analysis_are_dropped_not_queued(
    tasks: QtTaskRunner, qtbot: QtBot
) -> None:
    camera = ImageSequenceSource([frames.phone_frame([CODE])], fps=0)
    decoder = GatedDecoder()
    controller = controller_for([camera], tasks, decoder)
    controller.start()
    for _ in range(4):
        camera.step()
    qtbot.waitUntil(lambda: controller.counters.frames == 4)
    assert decoder.entered.wait(timeout=10)
    assert (controller.counters.analysed, controller.counters.dropped) == (0, 3)
    assert controller.latest is not None and controller.latest.index == 4, "the preview is live"
    decoder.gate.set()
    qtbot.waitUntil(lambda: controller.counters.analysed == 1)
    for _ in range(20):
        QApplication.processEvents()
    assert controller.counters.analysed == 1, "nothing was queued behind the first frame"
    camera.step()
    qtbot.waitUntil(lambda: controller.counters.analysed == 2)
    assert controller.view().phase is ScanPhase.ACCEPTED  # type: ignore[union-attr]
    controller.forget()


def test_a_frame_queued_by_an_ended_scan_never_reaches_the_next(
    tasks: QtTaskRunner, qtbot: QtBot
) -> None:
    first = ImageSequenceSource([frames.phone_frame([CODE])], fps=0)
    second = ImageSequenceSource([frames.blank_frame()], fps=0)
    controller = controller_for([first, second], tasks)
    controller.start()
    first.step()  # queued for the GUI thread, not yet delivered
    controller.start()  # the next citizen's scan begins in the same turn of the event loop
    for _ in range(20):
        QApplication.processEvents()
    assert controller.counters.frames == 0
    assert controller.view().phase is ScanPhase.LOOKING  # type: ignore[union-attr]
    assert controller.retained() == []
    second.step()
    qtbot.waitUntil(lambda: controller.counters.analysed == 1)
    assert controller.view().phase is ScanPhase.LOOKING  # type: ignore[union-attr]
    controller.forget()


def test_a_camera_state_from_an_ended_scan_never_reaches_the_next(
    tasks: QtTaskRunner, qtbot: QtBot
) -> None:
    first = ImageSequenceSource([frames.blank_frame()], fps=0)
    second = ImageSequenceSource([frames.blank_frame()], fps=0)
    controller = controller_for([first, second], tasks)
    controller.start()
    first.inject(CameraFault.LOST)
    first.step()  # LOST is queued
    controller.start()
    for _ in range(20):
        QApplication.processEvents()
    assert controller.view().phase is not ScanPhase.CAMERA_FAILED  # type: ignore[union-attr]
    controller.forget()


def test_the_preview_shows_frames_of_any_memory_layout(qapp: QApplication, qtbot: QtBot) -> None:
    preview = LumaPreview(DisplayMetrics(dpi=96.0, touch_target_mm=12.0))
    qtbot.addWidget(preview)
    preview.resize(640, 360)
    wide = frames.phone_frame([CODE], size=(1400, 720))
    for pixels in (wide[:, 60:1340], wide[::-1, 60:1340], np.asfortranarray(wide[:, :1280])):
        preview.show_frame(LumaFrame(pixels, 0.0, 1))
        assert preview.has_picture
        assert not preview.grab().isNull()
    preview.show_frame(None)
    assert not preview.has_picture

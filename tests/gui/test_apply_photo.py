"""The document photo screen as a citizen meets it: the shipped fake document camera (stepped one
frame at a time) showing the sample sheet, real assessment and compression on the worker pool,
and a small fake journey step receiving the JPEG."""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass, field

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.devices.camera import CameraState, FrameSource, LumaFrame
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.document_photo import MAX_PHOTO_BYTES, PhotoQuality, assess
from kiosk.devices.paper_frames import sample_document_scenes
from kiosk.domain.text import Bilingual
from kiosk.journeys.photo_step import PhotoStep
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.apply_photo import ApplyPhotoScreen, Stage
from kiosk.ui.screens.base import ScanSetup
from tests.gui.conftest import KioskFactory

HOUSEHOLD_REGISTER = Bilingual("户口簿", "Household register")


@dataclass
class FakeStep:
    material_name: Bilingual = HOUSEHOLD_REGISTER
    taken: list[bytes] = field(default_factory=list)
    cancelled: int = 0

    def photo_taken(self, jpeg: bytes) -> None:
        self.taken.append(jpeg)

    def photo_cancelled(self) -> None:
        self.cancelled += 1


class StepScreen(ApplyPhotoScreen):
    """The screen serving a fake step instead of the shell's journey."""

    step: FakeStep | None = None

    def _step(self) -> PhotoStep | None:
        return self.step


@dataclass
class Rig:
    kiosk: Kiosk
    screen: StepScreen
    camera: ImageSequenceSource
    step: FakeStep
    qtbot: QtBot

    def feed(self, count: int = 1) -> None:
        """Deliver ``count`` frames, each assessed before the next."""
        for _ in range(count):
            before = self.screen.camera.assessed
            assert self.camera.step()
            self.qtbot.waitUntil(lambda done=before: self.screen.camera.assessed > done)

    def click(self, button: QPushButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def rig(make_kiosk: KioskFactory, qtbot: QtBot) -> Rig:
    kiosk = make_kiosk()
    kiosk.shell.set_language("en")
    camera = ImageSequenceSource(sample_document_scenes(), fps=0)  # the demo's document camera
    context = kiosk.window.context
    scanning = dataclasses.replace(context.scanning, document_source_factory=lambda: camera)
    screen = StepScreen(dataclasses.replace(context, scanning=scanning))
    step = FakeStep()
    screen.step = step
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.on_enter()
    return Rig(kiosk, screen, camera, step, qtbot)


def assert_nothing_retained(rig: Rig) -> None:
    assert rig.screen.retained() == []
    assert rig.screen.jpeg is None
    assert not rig.screen.preview.has_picture
    assert not rig.screen.camera.running
    assert rig.camera.state is CameraState.OFF


def test_a_good_page_is_taken_confirmed_and_handed_over_as_a_jpeg(rig: Rig) -> None:
    screen = rig.screen
    assert screen.title.text() == "Photograph the paper document: Household register"
    assert rig.camera.state is CameraState.ACTIVE
    assert not screen.take_button.isEnabled()  # nothing judged yet
    rig.feed()
    assert screen.status.text() == "Good. Hold still and take the picture"
    assert screen.preview.has_picture
    rig.click(screen.take_button)
    rig.qtbot.waitUntil(lambda: screen.stage is Stage.CONFIRM)
    assert rig.camera.state is CameraState.OFF, "the camera is released while confirming"
    assert screen.use_button.isVisible() and screen.retake_button.isVisible()
    assert not screen.take_button.isVisible()
    assert screen.preview.has_picture
    shown = screen.jpeg
    assert shown is not None
    rig.click(screen.use_button)
    assert rig.step.taken == [shown]
    with Image.open(io.BytesIO(shown)) as image:
        image.load()
        assert image.format == "JPEG" and image.size == (1280, 720)
    assert len(shown) <= MAX_PHOTO_BYTES
    assert rig.step.cancelled == 0
    assert_nothing_retained(rig)


def test_a_dark_page_cannot_be_taken_and_the_citizen_is_told_why(rig: Rig) -> None:
    rig.camera.inject(CameraFault.DARK)
    rig.feed(2)
    assert rig.screen.camera.quality is PhotoQuality.TOO_DARK
    assert not rig.screen.take_button.isEnabled()
    assert rig.screen.status.text() == "Too dark: move the paper into the light"
    rig.camera.clear(CameraFault.DARK)
    rig.feed()
    assert rig.screen.take_button.isEnabled()


def test_a_blurred_page_cannot_be_taken(rig: Rig) -> None:
    rig.camera.inject(CameraFault.UNREADABLE)
    rig.feed(2)
    assert not rig.screen.take_button.isEnabled()
    assert rig.screen.status.text() == "The picture is blurred: hold the paper flat and still"


def test_taking_it_again_goes_back_to_the_live_picture(rig: Rig) -> None:
    rig.feed()
    rig.click(rig.screen.take_button)
    rig.qtbot.waitUntil(lambda: rig.screen.stage is Stage.CONFIRM)
    rig.click(rig.screen.retake_button)
    assert rig.screen.stage is Stage.LIVE and rig.screen.jpeg is None
    assert rig.camera.state is CameraState.ACTIVE and rig.camera.record.starts == 2
    assert not rig.screen.take_button.isEnabled()  # the new picture is judged afresh
    rig.feed()
    assert rig.screen.take_button.isEnabled()
    assert rig.step.taken == []


def test_a_wipe_drops_the_picture_and_releases_the_camera(rig: Rig) -> None:
    rig.feed()
    rig.click(rig.screen.take_button)
    rig.qtbot.waitUntil(lambda: rig.screen.stage is Stage.CONFIRM)
    assert rig.screen.retained() == ["picture", "preview"]
    rig.screen.wipe()
    assert_nothing_retained(rig)
    assert rig.step.taken == [] and rig.step.cancelled == 0


def test_leaving_while_live_drops_every_frame(rig: Rig) -> None:
    rig.feed()
    assert "latest" in rig.screen.retained()
    rig.screen.on_leave()
    assert_nothing_retained(rig)


def test_cancel_tells_the_journey_and_keeps_nothing(rig: Rig) -> None:
    rig.feed()
    rig.click(rig.screen.cancel_button)
    assert rig.step.cancelled == 1 and rig.step.taken == []
    assert_nothing_retained(rig)


def test_a_camera_that_is_missing_says_so_and_offers_to_try_again(rig: Rig) -> None:
    rig.screen.on_leave()
    rig.camera.inject(CameraFault.NO_DEVICE)
    rig.screen.on_enter()
    rig.qtbot.waitUntil(lambda: rig.screen.stage is Stage.FAILED)
    assert rig.screen.status.text() == (
        "The camera is not available. Please ask the staff for help."
    )
    assert not rig.screen.take_button.isVisible()
    rig.camera.clear(CameraFault.NO_DEVICE)
    rig.click(rig.screen.retake_button)
    assert rig.screen.stage is Stage.LIVE
    rig.feed()
    assert rig.screen.take_button.isEnabled()


def test_the_demo_document_camera_shows_the_sample_sheet(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    factory = kiosk.window.context.scanning.document_source_factory
    assert factory is not None, "the demo configures a document camera"
    source = factory()
    delivered: list[LumaFrame] = []
    source.start(delivered.append, lambda _state: None)
    try:
        qtbot.waitUntil(lambda: len(delivered) > 0)
    finally:
        source.stop()
    assert assess(delivered[0].pixels) is PhotoQuality.OK


def test_without_a_document_camera_the_main_camera_serves() -> None:
    main = ImageSequenceSource([], fps=0)
    document = ImageSequenceSource([], fps=0)

    def setup(document_factory: object) -> ScanSetup:
        return ScanSetup(
            source_factory=lambda: main,
            verify=None,
            speaker=None,  # type: ignore[arg-type]
            clock=None,  # type: ignore[arg-type]
            document_source_factory=document_factory,  # type: ignore[arg-type]
        )

    only_main: FrameSource = setup(None).document_sources()
    assert only_main is main
    assert setup(lambda: document).document_sources() is document

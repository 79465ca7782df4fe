"""The scan screen as a citizen meets it, with real analysis on the worker pool.

Frames come from the shipped image-sequence fake (stepped one frame at a time, so every frame is
analysed) or from real H.264 videos through the media-file source, the path camera frames take.
The codes are real demo credentials issued by the reference issuer; a demo trust list is
installed, so genuine codes verify.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from bench.support.video import scan_video
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.credentials.errors import Reason
from kiosk.credentials.purpose import Purpose
from kiosk.demo import DemoCodes, demo_codes, prepare_demo
from kiosk.devices import frames
from kiosk.devices.camera import CameraState, FrameSource
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.qt.camera import QtCameraSource
from kiosk.devices.qt.media_file import MediaFileSource
from kiosk.devices.speaker import Cue, FakeSpeaker
from kiosk.journeys.check import CheckJourney
from kiosk.journeys.modes import JourneyName
from kiosk.journeys.scan import HINT_PERSISTENCE, ScanPhase
from kiosk.journeys.scan_step import ScanRequest
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.check_result import CheckResultScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.scan import ScanScreen
from tests.gui.conftest import KioskFactory

NOT_A_CREDENTIAL = "HTTPS://WWW.CQ.GOV.CN/"
VIDEO_WAIT_MS = 20_000


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scan-demo")
    prepare_demo(folder, ManualClock().now())
    return folder


@dataclass
class Rig:
    kiosk: Kiosk
    clock: ManualClock
    camera: ImageSequenceSource
    speaker: FakeSpeaker
    codes: DemoCodes
    qtbot: QtBot

    @property
    def screen(self) -> ScanScreen:
        current = self.kiosk.window.current_screen
        assert isinstance(current, ScanScreen), type(current).__name__
        return current

    def click(self, button: QPushButton) -> None:
        assert button.isVisible(), button.text()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def open_scan(self) -> ScanScreen:
        home = self.kiosk.window.current_screen
        assert isinstance(home, HomeScreen)
        tap_check_tile(home)
        return self.screen

    def feed(self, count: int) -> None:
        """Deliver ``count`` frames, each analysed before the next (none dropped)."""
        controller = self.screen.controller
        for _ in range(count):
            before = controller.counters.analysed
            if not self.camera.step():
                return
            self.qtbot.waitUntil(lambda done=before: controller.counters.analysed > done)

    def result_screen(self) -> CheckResultScreen:
        self.qtbot.waitUntil(
            lambda: isinstance(self.kiosk.window.current_screen, CheckResultScreen)
        )
        current = self.kiosk.window.current_screen
        assert isinstance(current, CheckResultScreen)
        return current


def _loaded(folder: Path) -> LoadedConfig:
    return load_config(folder / "kiosk.toml", {})


@pytest.fixture
def rig(make_kiosk: KioskFactory, demo_folder: Path, qtbot: QtBot) -> Rig:
    clock = ManualClock()
    camera = ImageSequenceSource([], fps=0)
    speaker = FakeSpeaker()
    kiosk = make_kiosk(
        _loaded(demo_folder), clock=clock, source_factory=lambda: camera, speaker=speaker
    )
    kiosk.shell.set_language("en")
    return Rig(kiosk, clock, camera, speaker, demo_codes(demo_folder, clock.now()), qtbot)


def phone(text: str) -> np.ndarray:
    return frames.phone_frame([text], code_height=460)


def assert_nothing_retained(rig: Rig, screen: ScanScreen) -> None:
    assert screen.controller.retained() == []
    assert not screen.preview.has_picture
    assert not screen.controller.running
    assert rig.camera.state is CameraState.OFF


def test_a_genuine_e_id_is_accepted_at_once_with_sound_and_the_verified_fields(
    rig: Rig,
) -> None:
    screen = rig.open_scan()
    assert rig.camera.state is CameraState.ACTIVE
    assert screen.status.text() == "Starting the camera…"
    rig.qtbot.waitUntil(
        lambda: (
            screen.status.text() == "Hold the QR code inside the frame, about 20 cm from the camera"
        )
    )
    rig.camera.show([phone(rig.codes.eid)])
    rig.feed(1)
    result = rig.result_screen()
    assert result.title.text() == "Verified"
    shown = {label.text(): value.text() for label, value in result.field_labels}
    assert shown["Name"].startswith("李")
    assert "*" in shown["Identity number"], "the ID number is masked"
    assert rig.speaker.played == [Cue.ACCEPTED]
    assert rig.camera.record.starts == 1 and rig.camera.record.stops == 1
    assert_nothing_retained(rig, screen)


def test_a_step_that_uses_the_code_up_spends_it_and_a_check_does_not(rig: Rig) -> None:
    def verdict(uses_up: bool) -> Reason:
        journey = CheckJourney(ScanRequest(Purpose.SERVICE_APPLICATION, uses_up=uses_up))
        rig.kiosk.shell.host(journey)
        rig.screen  # noqa: B018 - the scan screen is shown
        rig.camera.show([phone(rig.codes.eid)])
        rig.feed(1)
        rig.result_screen()
        result = journey.result
        assert result is not None
        rig.kiosk.shell.go_home()
        return result.reason

    assert verdict(uses_up=False) is Reason.VALID  # looked at: still unused
    assert verdict(uses_up=False) is Reason.VALID
    assert verdict(uses_up=True) is Reason.VALID  # applying: spent once accepted
    assert verdict(uses_up=True) is Reason.REPLAYED
    assert verdict(uses_up=False) is Reason.REPLAYED  # a check shows it was used


def test_an_expired_e_id_is_refused_with_its_reason(rig: Rig) -> None:
    rig.open_scan()
    rig.camera.show([phone(rig.codes.expired_eid)])
    rig.feed(1)
    result = rig.result_screen()
    assert result.title.text() == "Not accepted"
    assert "expired" in result.message.text()
    assert not result.fields_card.isVisible()


def test_a_code_that_is_not_a_credential_is_read_twice_then_explained(rig: Rig) -> None:
    screen = rig.open_scan()
    rig.camera.show([phone(NOT_A_CREDENTIAL)])
    rig.feed(1)
    assert screen.controller.view().phase is ScanPhase.READING  # type: ignore[union-attr]
    assert screen.status.text() == "Reading the code, please hold still…"
    assert screen.preview.guide == "reading"
    rig.feed(1)
    result = rig.result_screen()
    assert result.title.text() == "Not accepted"
    assert rig.speaker.played == [Cue.ACCEPTED]  # the read was accepted; the code was not


def test_check_another_code_scans_again(rig: Rig) -> None:
    rig.open_scan()
    rig.camera.show([phone(rig.codes.licence)])
    rig.feed(1)
    result = rig.result_screen()
    assert result.title.text() == "Verified"
    rig.click(result.again_button)
    screen = rig.screen
    assert rig.camera.record.starts == 2
    assert screen.controller.view().phase is ScanPhase.STARTING  # type: ignore[union-attr]


def test_a_scan_without_a_code_times_out_and_can_be_retried(rig: Rig) -> None:
    screen = rig.open_scan()
    rig.camera.show([frames.blank_frame()])
    rig.feed(2)
    rig.clock.advance(46)
    rig.qtbot.waitUntil(screen.retry_button.isVisible)  # the screen's own timer notices
    assert "No code was read" in screen.problem_text.text()
    assert not screen.preview.isVisible()
    assert_nothing_retained(rig, screen)
    rig.click(screen.retry_button)
    assert rig.camera.record.starts == 2
    assert screen.preview.isVisible() and not screen.retry_button.isVisible()
    assert "Scanning stops in 45 s" in screen.countdown.text()


def test_no_camera_is_explained_with_a_way_out(rig: Rig) -> None:
    rig.camera.inject(CameraFault.NO_DEVICE)
    screen = rig.open_scan()
    rig.qtbot.waitUntil(screen.problem.isVisible)
    assert screen.problem_text.text().startswith("The camera is not available.")
    assert "ask the staff" in screen.problem_text.text()
    assert screen.home_button.isVisible() and screen.retry_button.isVisible()
    rig.camera.clear(CameraFault.NO_DEVICE)
    rig.click(screen.retry_button)
    assert not screen.problem.isVisible()
    assert rig.camera.state is CameraState.ACTIVE


def test_what_the_last_scan_found_of_the_camera_reaches_the_technicians_status(
    rig: Rig,
) -> None:
    """The camera is off between visits: the status (and so the heartbeat and the fleet page)
    reports what the last scan found of it, not "off" or "unknown"."""
    services = rig.kiosk.shell.technician
    assert services is not None and services.status_desk is not None
    desk = services.status_desk
    assert desk.status().devices["camera"] is None  # no scan yet: nothing known
    rig.camera.inject(CameraFault.NO_DEVICE)
    screen = rig.open_scan()
    rig.qtbot.waitUntil(screen.problem.isVisible)
    assert desk.status().devices["camera"] == "no_device"
    rig.camera.clear(CameraFault.NO_DEVICE)
    rig.click(screen.retry_button)
    assert desk.status().devices["camera"] == "active"
    rig.kiosk.shell.go_home()  # the camera is switched off: it still worked when last used
    assert rig.camera.state is CameraState.OFF
    assert desk.status().devices["camera"] == "active"


def test_the_camera_lost_mid_scan_is_explained(rig: Rig) -> None:
    screen = rig.open_scan()
    rig.camera.show([frames.blank_frame()])
    rig.feed(2)
    rig.camera.inject(CameraFault.LOST)
    rig.camera.step()
    rig.qtbot.waitUntil(screen.problem.isVisible)
    assert screen.problem_text.text().startswith("The camera was disconnected.")
    assert_nothing_retained(rig, screen)


def test_two_codes_at_once_ask_for_one_and_accept_neither(rig: Rig) -> None:
    screen = rig.open_scan()
    rig.camera.inject(CameraFault.TWO_CODES)
    rig.camera.show([phone(rig.codes.licence)])
    rig.feed(3)
    assert screen.status.text() == "Please show only one QR code"
    assert screen.controller.view().phase is ScanPhase.LOOKING  # type: ignore[union-attr]
    rig.camera.clear(CameraFault.TWO_CODES)
    rig.feed(1)
    assert rig.result_screen().title.text() == "Verified"


def test_a_dark_picture_is_coached(rig: Rig) -> None:
    screen = rig.open_scan()
    rig.camera.inject(CameraFault.DARK)
    rig.camera.show([frames.blank_frame()])
    rig.feed(HINT_PERSISTENCE)
    assert screen.status.text() == "Too dark: turn up your phone's screen brightness"


def test_coaching_is_translated_when_the_language_changes(rig: Rig) -> None:
    screen = rig.open_scan()
    rig.camera.inject(CameraFault.TWO_CODES)
    rig.camera.show([phone(rig.codes.licence)])
    rig.feed(1)
    rig.click(rig.kiosk.window.header.language_button)
    assert screen.status.text() == "请只出示一个二维码"
    assert screen.title.text() == "请出示电子身份证或电子证照二维码"


def test_leaving_the_screen_releases_the_camera_and_forgets_everything(rig: Rig) -> None:
    screen = rig.open_scan()
    rig.camera.show([phone(NOT_A_CREDENTIAL)])
    rig.feed(1)
    assert screen.controller.retained() != []  # a read in progress, a frame on screen
    assert screen.preview.has_picture
    rig.click(screen.home_button)
    assert isinstance(rig.kiosk.window.current_screen, HomeScreen)
    assert_nothing_retained(rig, screen)
    assert rig.camera.record.frames_delivered == 1


def test_the_idle_timeout_ends_a_scan_and_releases_the_camera(rig: Rig) -> None:
    screen = rig.open_scan()
    rig.camera.show([phone(NOT_A_CREDENTIAL)])
    rig.feed(1)
    for _ in range(2000):
        if isinstance(rig.kiosk.window.current_screen, HomeScreen):
            break
        rig.clock.advance(1)
        rig.kiosk.shell.poll()
        QApplication.processEvents()
    assert isinstance(rig.kiosk.window.current_screen, HomeScreen)
    assert_nothing_retained(rig, screen)


# --------------------------------------------------------------------------- real Qt sources


def _kiosk_with_source(
    make_kiosk: KioskFactory, demo_folder: Path, source: Callable[[], FrameSource]
) -> Kiosk:
    kiosk = make_kiosk(_loaded(demo_folder), source_factory=source)
    kiosk.shell.set_language("en")
    return kiosk


def tap_check_tile(home: HomeScreen) -> None:
    """The check tile, under the catalogue on the citizen's home: scrolled to and tapped (the
    scroll area's QScroller replays a press by its screen position, which offscreen misses
    beyond the 800 px square screen: the button's own click is the tap)."""
    tile = home.tile_button(JourneyName.CHECK)
    home.scroll_area.ensureWidgetVisible(tile, 0, 0)
    assert tile.isVisible() and tile.isEnabled()
    tile.click()


def _open(qtbot: QtBot, kiosk: Kiosk) -> ScanScreen:
    home = kiosk.window.current_screen
    assert isinstance(home, HomeScreen)
    tap_check_tile(home)
    screen = kiosk.window.current_screen
    assert isinstance(screen, ScanScreen)
    return screen


@pytest.fixture
def videos(tmp_path: Path) -> Callable[..., Path]:
    def make(name: str, texts: list[str], **timing: float) -> Path:
        return scan_video(tmp_path / f"{name}.mp4", texts, **timing)

    return make


@pytest.mark.parametrize(("which", "title"), [("eid", "Verified"), ("expired_eid", "Not accepted")])
def test_a_video_through_the_media_file_source_is_accepted_or_refused(
    make_kiosk: KioskFactory,
    demo_folder: Path,
    videos: Callable[..., Path],
    qtbot: QtBot,
    *,
    which: str,
    title: str,
) -> None:
    codes = demo_codes(demo_folder, ManualClock().now())
    video = videos(which, [getattr(codes, which)], blank_s=0.3, code_s=1.0)
    sources: list[MediaFileSource] = []

    def source() -> FrameSource:
        sources.append(MediaFileSource(video))
        return sources[-1]

    kiosk = _kiosk_with_source(make_kiosk, demo_folder, source)
    screen = _open(qtbot, kiosk)
    qtbot.waitUntil(
        lambda: isinstance(kiosk.window.current_screen, CheckResultScreen), timeout=VIDEO_WAIT_MS
    )
    result = kiosk.window.current_screen
    assert isinstance(result, CheckResultScreen)
    assert result.title.text() == title
    assert sources[0].frames_delivered > 0
    assert sources[0].state is CameraState.OFF, "the player is stopped once the code is read"
    assert screen.controller.retained() == []


def test_two_phones_in_a_video_ask_for_one(
    make_kiosk: KioskFactory, demo_folder: Path, videos, qtbot: QtBot
) -> None:
    codes = demo_codes(demo_folder, ManualClock().now())
    video = videos("two", [codes.eid, codes.licence], blank_s=0.0, code_s=1.0)
    kiosk = _kiosk_with_source(make_kiosk, demo_folder, lambda: MediaFileSource(video))
    screen = _open(qtbot, kiosk)
    qtbot.waitUntil(
        lambda: screen.status.text() == "Please show only one QR code", timeout=VIDEO_WAIT_MS
    )
    assert isinstance(kiosk.window.current_screen, ScanScreen)


def test_a_video_that_ends_is_a_camera_lost_mid_scan(
    make_kiosk: KioskFactory, demo_folder: Path, videos, qtbot: QtBot
) -> None:
    video = videos("empty", [NOT_A_CREDENTIAL], blank_s=0.5, code_s=0.0)
    kiosk = _kiosk_with_source(make_kiosk, demo_folder, lambda: MediaFileSource(video, loop=False))
    screen = _open(qtbot, kiosk)
    qtbot.waitUntil(screen.problem.isVisible, timeout=VIDEO_WAIT_MS)
    assert screen.controller.counters.frames > 0
    assert screen.problem_text.text().startswith("The camera was disconnected.")


@pytest.mark.allow_log_warnings
@pytest.mark.qt_log_ignore("Could not open media")
def test_a_file_that_is_not_a_video_is_a_camera_error(
    make_kiosk: KioskFactory,
    demo_folder: Path,
    tmp_path: Path,
    qtbot: QtBot,
    *,
    caplog: pytest.LogCaptureFixture,
    qtlog,
) -> None:
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypisom" + b"not really a video" * 50)
    kiosk = _kiosk_with_source(make_kiosk, demo_folder, lambda: MediaFileSource(broken))
    screen = _open(qtbot, kiosk)
    qtbot.waitUntil(screen.problem.isVisible, timeout=VIDEO_WAIT_MS)
    assert screen.problem_text.text().startswith("The camera is not working.")
    assert any("video source failed" in record.getMessage() for record in caplog.records)
    assert any("Could not open media" in record.message for record in qtlog.records)


def test_a_missing_video_file_is_no_camera(
    make_kiosk: KioskFactory, demo_folder: Path, tmp_path: Path, qtbot: QtBot
) -> None:
    missing = tmp_path / "nowhere.mp4"
    kiosk = _kiosk_with_source(make_kiosk, demo_folder, lambda: MediaFileSource(missing))
    screen = _open(qtbot, kiosk)
    qtbot.waitUntil(screen.problem.isVisible)
    assert screen.problem_text.text().startswith("The camera is not available.")


def test_a_camera_that_is_not_connected_is_no_camera(
    make_kiosk: KioskFactory, demo_folder: Path, qtbot: QtBot
) -> None:
    kiosk = _kiosk_with_source(
        make_kiosk, demo_folder, lambda: QtCameraSource("no-such-camera-on-this-terminal")
    )
    screen = _open(qtbot, kiosk)
    qtbot.waitUntil(screen.problem.isVisible)
    assert screen.problem_text.text().startswith("The camera is not available.")


def test_a_video_without_a_code_times_out(
    make_kiosk: KioskFactory, demo_folder: Path, videos, qtbot: QtBot
) -> None:
    video = videos("nothing", [NOT_A_CREDENTIAL], blank_s=1.0, code_s=0.0)
    clock = ManualClock()
    kiosk = make_kiosk(
        _loaded(demo_folder), clock=clock, source_factory=lambda: MediaFileSource(video)
    )
    kiosk.shell.set_language("en")
    screen = _open(qtbot, kiosk)
    qtbot.waitUntil(lambda: screen.controller.counters.analysed >= 3, timeout=VIDEO_WAIT_MS)
    clock.advance(46)
    qtbot.waitUntil(screen.retry_button.isVisible)
    assert "No code was read" in screen.problem_text.text()
    assert screen.controller.retained() == []

"""Technician mode's device tests on the real window offscreen: the live picture from the shipped
image-sequence camera showing real QR codes (demo e-IDs, a receipt's code, this printer's test
page), analysed by the real decoder on the worker pool, the figures counting what it read and
naming each code's kind (never its text); the test page printed as real ESC/POS bytes on the
shipped fake printer; paper out shown with what to do; the camera released when the screen is
left or idles out; every test audited."""

from __future__ import annotations

import io
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import tomli_w
from PIL import Image
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.devices import frames
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.printer import PrinterState
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.receipt import status_content
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, TECHNICIAN, JourneyName
from kiosk.journeys.tech_devices import CodeKind, PrintPhase, TechDevicesJourney
from kiosk.runtime.clock import ManualClock
from kiosk.technician.pin import ScryptCost, hash_pin
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.tech_devices import TechDevicesScreen
from kiosk.ui.screens.tech_home import TechHomeScreen
from kiosk.ui.screens.tech_pin import TechPinScreen
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import DemoKeySet
from tests.gui.conftest import KioskFactory
from tests.support.escpos_reader import read

PIN = "730519"
CHEAP = ScryptCost(log2n=10, r=8, p=1)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
RECEIPT_CODE = status_content("SC-CD-0042-20261123-000017", b"k" * 32)


@dataclass
class Rig:
    kiosk: Kiosk
    clock: ManualClock
    camera: ImageSequenceSource
    printer: FakePrinter
    qtbot: QtBot

    @property
    def screen(self) -> TechDevicesScreen:
        current = self.kiosk.window.current_screen
        assert isinstance(current, TechDevicesScreen), type(current).__name__
        return current

    @property
    def journey(self) -> TechDevicesJourney:
        journey = self.kiosk.shell.journey
        assert isinstance(journey, TechDevicesJourney)
        return journey

    def feed(self, count: int) -> None:
        """Deliver ``count`` frames, each analysed before the next (none dropped)."""
        controller = self.screen.controller
        for _ in range(count):
            before = controller.counters.analysed
            assert self.camera.step()
            self.qtbot.waitUntil(lambda done=before: controller.counters.analysed > done)
        self.screen.refresh_camera()  # what the screen's timer does a few times a second

    def actions(self) -> list[str]:
        services = self.kiosk.shell.technician
        assert services is not None
        return [entry.action for entry in reversed(services.audit.entries())]


def phone(text: str) -> np.ndarray:
    return frames.phone_frame([text], code_height=460)


def open_devices(
    make_kiosk: KioskFactory,
    qtbot: QtBot,
    folder: Path,
    camera: ImageSequenceSource,
    printer: FakePrinter,
) -> Rig:
    path = write_demo_config(folder)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document.setdefault("technician", {})["pin_hash"] = hash_pin(PIN, cost=CHEAP)
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    clock = ManualClock()
    kiosk = make_kiosk(
        load_config(path, {}), clock=clock, source_factory=lambda: camera, printer=printer
    )
    kiosk.shell.set_language("en")
    kiosk.shell.request_technician()
    pin = kiosk.window.current_screen
    assert isinstance(pin, TechPinScreen)
    qtbot.keyClicks(pin.field, PIN)
    pin.unlock_button.click()
    qtbot.waitUntil(lambda: kiosk.shell.mode is TECHNICIAN)
    home = kiosk.window.current_screen
    assert isinstance(home, TechHomeScreen)
    home.tile_button(JourneyName.TECH_DEVICES).click()
    assert kiosk.shell.screen is Screen.TECH_DEVICES
    rig = Rig(kiosk, clock, camera, printer, qtbot)
    assert rig.screen.controller.running  # the camera starts with the screen
    return rig


@pytest.fixture
def scenes(demo_keys: DemoKeySet) -> list[np.ndarray]:
    eid = phone(issue_eid(demo_keys, "sc-eid", NOW))
    return [frames.blank_frame(), eid, eid, phone(RECEIPT_CODE), frames.blank_frame()]


@pytest.fixture
def rig(make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path, scenes: list[np.ndarray]) -> Rig:
    camera = ImageSequenceSource(scenes, fps=0)
    return open_devices(make_kiosk, qtbot, tmp_path / "demo", camera, FakePrinter())


def test_the_live_picture_counts_real_decodes_and_names_the_kind(rig: Rig) -> None:
    screen = rig.screen
    assert screen.title.text() == "Device tests"
    rig.feed(5)
    assert screen.preview.has_picture and screen.preview.isVisible()
    figures = rig.journey.camera
    assert (figures.frames, figures.analysed, figures.decoded) == (5, 5, 3)
    assert (figures.width, figures.height) == (1280, 720)
    assert figures.last_kind is CodeKind.RECEIPT
    assert screen.camera_state.text() == "The camera is working."
    values = screen.figure_values
    assert values["picture"].text().startswith("1280 × 720, ")
    assert figures.decoded_share is not None
    assert f"in {figures.decoded_share * 100:.0f} % of the frames looked at" in (
        values["codes"].text()
    )
    assert values["last"].text().startswith("a receipt code, ")
    assert "brightness" in values["light"].text()
    shown = " ".join(label.text() for label in values.values())
    assert RECEIPT_CODE not in shown and "KSK1" not in shown and "CRC1" not in shown

    rig.camera.show([phone(RECEIPT_CODE.replace("KSK1:", "HTTPS://EXAMPLE.ORG/"))])
    rig.feed(1)
    assert values["last"].text().startswith("not a code we know")


def test_the_test_page_prints_and_its_code_is_recognised(rig: Rig) -> None:
    screen = rig.screen
    assert screen.printer_state.text() == "The printer is ready."
    assert not screen.printer_help.isVisible()
    screen.print_button.click()
    rig.qtbot.waitUntil(lambda: rig.journey.state.print_phase is PrintPhase.PRINTED)
    assert len(rig.printer.printed) == 1
    printout = read(rig.printer.printed[0].data)  # real ESC/POS, read back
    terminal_id = rig.kiosk.shell.terminal.terminal_id
    assert printout.cut and printout.qr_payloads == [f"KSK1-TEST:{terminal_id}"]
    assert screen.print_result.text().startswith("The test page printed (")
    # The page as the paper shows it, held up to the camera.
    page = Image.open(io.BytesIO(rig.printer.preview_png())).convert("L")
    scene = np.full((720, 1280), 200, dtype=np.uint8)
    picture = np.asarray(page)
    top = max(0, picture.shape[0] - 700)  # the QR code is near the page's end
    cut = picture[top : top + 700, : min(picture.shape[1], 1200)]
    scene[10 : 10 + cut.shape[0], 40 : 40 + cut.shape[1]] = cut
    rig.camera.show([scene])
    rig.feed(2)
    assert rig.journey.camera.last_kind is CodeKind.TEST_PAGE
    assert screen.figure_values["last"].text().startswith("the printer test page's code")


def test_leaving_releases_the_camera_and_audits_both_tests(rig: Rig) -> None:
    rig.feed(3)
    rig.screen.print_button.click()
    rig.qtbot.waitUntil(lambda: rig.journey.state.print_phase is PrintPhase.PRINTED)
    screen = rig.screen
    screen.back_button.click()
    assert rig.kiosk.shell.screen is Screen.TECH_HOME
    assert not screen.controller.running and not rig.camera.running
    assert screen.controller.retained() == [] and not screen.preview.has_picture
    assert rig.camera.record.stops >= 1
    rig.qtbot.waitUntil(lambda: "camera.tested" in rig.actions())
    assert "printer.tested" in rig.actions()
    services = rig.kiosk.shell.technician
    assert services is not None
    camera_entry = next(e for e in services.audit.entries() if e.action == "camera.tested")
    assert camera_entry.detail["frames"] == 3 and camera_entry.detail["decoded"] == 2
    assert services.audit.verify().ok


def test_idle_leaves_technician_mode_and_releases_the_camera(rig: Rig) -> None:
    rig.feed(1)
    services = rig.kiosk.shell.technician
    assert services is not None
    rig.clock.advance(services.idle_minutes * 60 + 1)
    rig.qtbot.waitUntil(lambda: rig.kiosk.shell.mode is CITIZEN)
    assert rig.kiosk.shell.screen is Screen.HOME
    assert not rig.camera.running
    rig.qtbot.waitUntil(lambda: "camera.tested" in rig.actions())


def test_paper_out_is_shown_with_what_to_do(
    make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path, scenes: list[np.ndarray]
) -> None:
    printer = FakePrinter(faults={PrinterFault.PAPER_OUT})
    rig = open_devices(
        make_kiosk, qtbot, tmp_path / "demo", ImageSequenceSource(scenes, fps=0), printer
    )
    screen = rig.screen
    qtbot.waitUntil(lambda: rig.journey.state.printer is PrinterState.PAPER_OUT)
    assert screen.printer_state.text() == "The printer is out of paper."
    assert screen.printer_help.isVisible()
    assert "put in a new roll" in screen.printer_remedy.text()
    screen.print_button.click()
    qtbot.waitUntil(lambda: rig.journey.state.print_phase is PrintPhase.FAILED)
    assert printer.printed == []
    assert screen.print_result.text() == (
        "The test page did not print: The printer is out of paper."
    )
    printer.clear_fault()  # a new roll; the screen asks again within a few seconds
    rig.clock.advance(5)
    qtbot.waitUntil(lambda: screen.printer_state.text() == "The printer is ready.")
    assert not screen.printer_help.isVisible()


def test_a_missing_camera_says_what_to_do_and_tries_again(
    make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path, scenes: list[np.ndarray]
) -> None:
    camera = ImageSequenceSource(scenes, fps=0, faults={CameraFault.NO_DEVICE})
    rig = open_devices(make_kiosk, qtbot, tmp_path / "demo", camera, FakePrinter())
    screen = rig.screen
    qtbot.waitUntil(screen.camera_retry.isVisible)
    assert screen.camera_state.text() == "No camera was found."
    assert "USB port" in screen.camera_problem.text()
    assert not screen.preview.isVisible() and screen.camera_help.isVisible()
    assert not screen.figure_values["picture"].isVisible()
    camera.clear(CameraFault.NO_DEVICE)
    screen.camera_retry.click()
    rig.feed(2)
    assert not screen.camera_retry.isVisible() and screen.preview.has_picture
    assert screen.figure_values["picture"].isVisible() and not screen.camera_help.isVisible()
    assert rig.journey.camera.frames == 2

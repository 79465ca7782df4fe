"""Technician mode's enrolment on the real window offscreen, against the real ``refplatform
serve`` on loopback: the code typed on the on-screen keyboard (Qt Virtual Keyboard's keys
tapped), a code that cannot be one said at once, a wrong code refused by the platform with the
reason in words and the error code, the operator's code (``refplatform enrol-code``) enrolling
the terminal (its key made and kept 0600, the platform then taking its signed requests),
"Restart now", re-enrolment asked first, and the audit log (never the code)."""

from __future__ import annotations

import json
import stat
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import TECHNICIAN, JourneyName
from kiosk.journeys.tech_enrol import EnrolStep, TechEnrolJourney
from kiosk.runtime.clock import SystemClock
from kiosk.sync.enrolment import ENROLMENT_FILE, SIGNING_KEY_FILE, load_enrolment
from kiosk.technician.pin import ScryptCost, hash_pin
from kiosk.ui.app import Kiosk
from kiosk.ui.keyboard.host import QmlKeyboard
from kiosk.ui.keyboard.tryout import tap
from kiosk.ui.screens.tech_enrol import TechEnrolScreen
from kiosk.ui.screens.tech_home import TechHomeScreen
from kiosk.ui.screens.tech_pin import TechPinScreen
from refplatform.issuer.keys import create_demo_keys
from tests.gui.conftest import KioskFactory
from tests.support.refplatform_process import RefPlatform, running_refplatform

PIN = "730519"
CHEAP = ScryptCost(log2n=10, r=8, p=1)
TERMINAL_ID = "CQ-YB-0078"


class RecordingSystem:
    """Stands in for the application's restart (which would end the test's event loop)."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def restart(self) -> None:
        self.asked.append("restart")

    def leave_to_desktop(self) -> None:
        self.asked.append("desktop")


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RefPlatform]:
    keys = tmp_path / "demo-keys"
    create_demo_keys(keys, datetime.now(UTC))
    with running_refplatform(tmp_path / "platform", keys) as running:
        yield running


def operator_code(platform: RefPlatform) -> str:
    """A one-time code as the platform operator makes it: ``refplatform enrol-code``."""
    made = platform.cli("enrol-code", TERMINAL_ID)
    assert made.returncode == 0, made.stderr
    return made.stdout.strip()


@pytest.fixture
def kiosk(make_kiosk: KioskFactory, tmp_path: Path, platform: RefPlatform) -> Kiosk:
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    path = write_demo_config(tmp_path / "kiosk", trust_anchor_pem=anchor)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document["terminal"]["id"] = TERMINAL_ID
    document["platform"]["url"] = platform.base_url
    document.setdefault("technician", {})["pin_hash"] = hash_pin(PIN, cost=CHEAP)
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    built = make_kiosk(load_config(path, {}), clock=SystemClock())  # signatures need real time
    built.shell.set_language("en")
    assert built.shell.technician is not None
    built.shell.technician.system = RecordingSystem()
    return built


def open_enrolment(qtbot: QtBot, kiosk: Kiosk) -> TechEnrolScreen:
    kiosk.shell.request_technician()
    pin = kiosk.window.current_screen
    assert isinstance(pin, TechPinScreen)
    qtbot.keyClicks(pin.field, PIN)
    pin.unlock_button.click()
    qtbot.waitUntil(lambda: kiosk.shell.mode is TECHNICIAN)
    home = kiosk.window.current_screen
    assert isinstance(home, TechHomeScreen)
    home.tile_button(JourneyName.TECH_ENROL).click()
    assert kiosk.shell.screen is Screen.TECH_ENROL
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechEnrolScreen)
    return screen


def journey_of(kiosk: Kiosk) -> TechEnrolJourney:
    journey = kiosk.shell.journey
    assert isinstance(journey, TechEnrolJourney)
    return journey


def keyboard_for(qtbot: QtBot, kiosk: Kiosk, screen: TechEnrolScreen) -> QmlKeyboard:
    """Tap the field: the on-screen keyboard comes up in its English layout."""
    dock = kiosk.window.keyboard
    qtbot.waitUntil(lambda: dock.ready, timeout=20_000)
    screen.field.setFocus()
    qtbot.waitUntil(lambda: dock.showing_keyboard)
    keyboard = dock.keyboard
    assert keyboard is not None
    qtbot.waitUntil(lambda: any(key.text == "q" for key in keyboard.key_items()))
    return keyboard


def type_on(qtbot: QtBot, keyboard: QmlKeyboard, text: str) -> None:
    """Tap the key of each character, switching between letters and digits as a finger does."""
    for char in text:
        wanted = "\n" if char == "\n" else char.lower()

        def shown(key_text: str = wanted) -> list[object]:
            return [key for key in keyboard.key_items() if key.text == key_text]

        if not shown():
            [mode] = [key for key in keyboard.key_items() if key.kind == "SymbolModeKey"]
            tap(keyboard, mode.centre.x(), mode.centre.y())
            qtbot.waitUntil(lambda: bool(shown()))
        [key] = [key for key in keyboard.key_items() if key.text == wanted][:1]
        tap(keyboard, key.centre.x(), key.centre.y())
        QApplication.processEvents()


def audit_actions(kiosk: Kiosk) -> list[tuple[str, str]]:
    services = kiosk.shell.technician
    assert services is not None
    return [(e.action, e.outcome) for e in reversed(services.audit.entries())]


def test_enrolling_from_the_screen_with_the_operators_code(
    qtbot: QtBot, kiosk: Kiosk, platform: RefPlatform
) -> None:
    screen = open_enrolment(qtbot, kiosk)
    journey = journey_of(kiosk)
    qtbot.waitUntil(lambda: screen.held_title.text() == "This terminal is not enrolled")
    assert TERMINAL_ID in screen.held_text.text()
    hints = screen.field.inputMethodHints()
    assert hints & hints.ImhLatinOnly and hints & hints.ImhSensitiveData

    # Too short: said at once, nothing sent.
    keyboard = keyboard_for(qtbot, kiosk, screen)
    type_on(qtbot, keyboard, "7K3M\n")  # the keyboard's Enter key enrols
    assert screen.field.text().upper() == "7K3M"
    assert screen.problem.isVisible()
    assert screen.problem_text.text() == (
        "An enrolment code has 12 letters and digits, like 7K3M-Q9TX-2HCP; this has only 4."
    )
    assert journey.step is EnrolStep.ENTRY

    # A wrong code: refused by the platform, with the reason.
    screen.field.clear()
    qtbot.keyClicks(screen.field, "abcd efgh jkmn")
    screen.enrol_button.click()
    qtbot.waitUntil(
        lambda: journey.step is EnrolStep.RESULT and not journey.working, timeout=30_000
    )
    assert screen.result_title.text() == "The terminal was not enrolled"
    assert screen.result_text.text().startswith(
        f"The platform does not know this code for terminal {TERMINAL_ID}: it is mistyped"
    )
    assert screen.result_code.text() == "Error code: enrolment_code_invalid"
    assert screen.again_button.isVisible() and not screen.restart_button.isVisible()
    assert not (enrolment_dir(kiosk) / ENROLMENT_FILE).exists()
    screen.again_button.click()
    assert journey.step is EnrolStep.ENTRY and screen.field.text() == "abcd efgh jkmn"

    # The operator's code, typed on the on-screen keyboard.
    code = operator_code(platform)
    screen.field.clear()
    keyboard = keyboard_for(qtbot, kiosk, screen)
    type_on(qtbot, keyboard, code.replace("-", "") + "\n")
    qtbot.waitUntil(
        lambda: journey.step is EnrolStep.RESULT and not journey.working, timeout=30_000
    )
    result = journey.result
    assert result is not None and result.ok, result
    assert screen.result_title.text() == f"Enrolled as terminal {TERMINAL_ID}"
    assert "Restart the application to use the new enrolment" in screen.result_text.text()
    assert not screen.held_card.isVisible()  # the result says it
    folder = enrolment_dir(kiosk)
    for name in (SIGNING_KEY_FILE, ENROLMENT_FILE):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    stored = load_enrolment(folder)
    assert stored is not None and stored.terminal_id == TERMINAL_ID
    # The platform now takes this terminal's signed requests: the key it registered is ours.
    key = serialization.load_pem_private_key((folder / SIGNING_KEY_FILE).read_bytes(), None)
    assert isinstance(key, ed25519.Ed25519PrivateKey)
    assert platform.signed("GET", "/api/v1/catalog", TERMINAL_ID, key).status_code == 200

    screen.restart_button.click()
    system = kiosk.shell.technician.system  # type: ignore[union-attr]
    assert isinstance(system, RecordingSystem)
    qtbot.waitUntil(lambda: system.asked == ["restart"])  # once the audit entry is written
    assert audit_actions(kiosk)[-3:] == [
        ("terminal.enrolled", "refused"),
        ("terminal.enrolled", "ok"),
        ("app.restarted", "ok"),
    ]
    services = kiosk.shell.technician
    assert services is not None
    written = json.dumps([entry.as_json() for entry in services.audit.entries()])
    assert code not in written and code.replace("-", "") not in written
    assert "ABCDEFGHJKMN" not in written.upper().replace("-", "")


def enrolment_dir(kiosk: Kiosk) -> Path:
    assert kiosk.startup is not None
    return kiosk.startup.terminal.loaded.data_dir


def test_re_enrolling_asks_first_and_leaving_wipes_the_code(
    qtbot: QtBot, kiosk: Kiosk, platform: RefPlatform
) -> None:
    screen = open_enrolment(qtbot, kiosk)
    journey = journey_of(kiosk)
    qtbot.keyClicks(screen.field, operator_code(platform))
    screen.enrol_button.click()
    qtbot.waitUntil(lambda: journey.result is not None, timeout=30_000)
    screen.done_button.click()
    assert journey.step is EnrolStep.ENTRY and screen.field.text() == ""
    assert screen.held_title.text() == f"Enrolled as terminal {TERMINAL_ID}"
    assert screen.held_text.text().startswith(f"With the platform at {platform.base_url}")

    second = operator_code(platform)
    qtbot.keyClicks(screen.field, second)
    screen.enrol_button.click()
    assert journey.step is EnrolStep.CONFIRM and screen.confirm.isVisible()
    assert screen.question.text().startswith(f"This terminal is already enrolled as {TERMINAL_ID}")
    assert screen.confirm_button.text() == "Enrol again"
    screen.back_button.click()  # "Back": nothing sent, the code still there
    assert journey.step is EnrolStep.ENTRY and screen.field.text() == second
    screen.enrol_button.click()
    screen.confirm_button.click()
    qtbot.waitUntil(lambda: journey.result is not None, timeout=30_000)
    assert journey.result is not None and journey.result.ok
    assert [a for a in audit_actions(kiosk) if a[0] == "terminal.enrolled"] == [
        ("terminal.enrolled", "ok"),
        ("terminal.enrolled", "ok"),
    ]

    # A code typed and left: leaving technician mode's screen wipes it.
    screen.done_button.click()
    qtbot.keyClicks(screen.field, "7K3M")
    screen.back_button.click()
    assert kiosk.shell.screen is Screen.TECH_HOME
    assert screen.field.text() == ""

"""Into technician mode and out, on the real window offscreen: five taps on the emblem (or the
key sequence) bring the PIN screen; a wrong PIN says how many tries are left; the right one opens
technician mode's home with its tiles; "Restart or leave" confirms a restart and asks for the PIN
again before leaving to the desktop; "Leave technician mode" returns to the citizen's home. The
PIN is checked by the real gate on the terminal's own SQLite database; every step is in the audit
log."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, TECHNICIAN, JourneyName
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.technician.pin import ScryptCost, hash_pin
from kiosk.ui.app import Kiosk
from kiosk.ui.lockdown import Lockdown
from kiosk.ui.screens.tech_home import TechHomeScreen
from kiosk.ui.screens.tech_pin import TechPinScreen
from kiosk.ui.screens.tech_system import TechSystemScreen
from tests.gui.conftest import KioskFactory

PIN = "730519"
CHEAP = ScryptCost(log2n=10, r=8, p=1)


class RecordingSystem:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def restart(self) -> None:
        self.asked.append("restart")

    def leave_to_desktop(self) -> None:
        self.asked.append("desktop")


@pytest.fixture
def kiosk(make_kiosk: KioskFactory, tmp_path: Path) -> Kiosk:
    path = write_demo_config(tmp_path / "demo")
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document.setdefault("technician", {})["pin_hash"] = hash_pin(PIN, cost=CHEAP)
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    built = make_kiosk(load_config(path, {}), tasks=SyncTaskRunner())
    built.shell.set_language("en")
    return built


def _tap_emblem(qtbot: QtBot, kiosk: Kiosk, times: int) -> None:
    emblem = kiosk.window.header.emblem
    for _ in range(times):
        qtbot.mouseClick(emblem, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))


def _type_pin(qtbot: QtBot, screen: TechPinScreen | TechSystemScreen, pin: str) -> None:
    field = screen.field if isinstance(screen, TechPinScreen) else screen.pin_field
    field.clear()
    qtbot.keyClicks(field, pin)


def test_the_emblem_taps_and_the_pin_open_technician_mode(qtbot: QtBot, kiosk: Kiosk) -> None:
    _tap_emblem(qtbot, kiosk, 4)
    assert kiosk.shell.screen is Screen.HOME  # four taps: nothing
    _tap_emblem(qtbot, kiosk, 1)
    assert kiosk.shell.screen is Screen.TECH_PIN
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechPinScreen)
    assert screen.title.text() == "Technician PIN"
    assert screen.field.echoMode() is screen.field.EchoMode.Password
    assert not screen.unlock_button.isEnabled()  # nothing typed yet
    _type_pin(qtbot, screen, "000111")
    screen.unlock_button.click()
    assert screen.field.text() == ""  # never kept on screen
    assert screen.notice_text.text() == (
        "Wrong PIN. 4 tries left before technician mode is locked."
    )
    assert screen.notice.isVisible()
    _type_pin(qtbot, screen, PIN)
    QTest.keyClick(screen.field, Qt.Key.Key_Return)
    assert kiosk.shell.mode is TECHNICIAN and kiosk.shell.screen is Screen.TECH_HOME
    home = kiosk.window.current_screen
    assert isinstance(home, TechHomeScreen) and home.isVisible()
    titles = [button.title.text() for _tile, button in home.tiles]
    assert titles[0] == "Terminal status" and titles[-1] == "Restart or leave"
    assert home.terminal_line.text() == f"Terminal {kiosk.shell.terminal.terminal_id}"
    assert kiosk.shell.session.language == "en"  # the technician's language stays
    lockdown = Lockdown.of(kiosk.window)
    assert lockdown is not None and lockdown.technician  # keys reach a technician
    home.leave_button.click()
    assert kiosk.shell.mode is CITIZEN and kiosk.shell.screen is Screen.HOME
    assert not lockdown.technician
    audit = kiosk.shell.technician.audit  # type: ignore[union-attr]
    actions = [entry.action for entry in reversed(audit.entries())]
    assert actions == [
        "pin.refused",
        "pin.accepted",
        "technician.entered",
        "technician.left",
    ]
    assert audit.verify().ok


def test_five_quick_taps_open_the_pin_too(qtbot: QtBot, kiosk: Kiosk) -> None:
    """Taps closer than the double-click interval arrive as a window system delivers them:
    press and release, then double click and release, in turn (X11 does so)."""
    emblem = kiosk.window.header.emblem
    pos = QPointF(4, 4)
    kinds = [QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick] * 2
    kinds.append(QEvent.Type.MouseButtonPress)
    for kind in kinds:
        for step in (kind, QEvent.Type.MouseButtonRelease):
            event = QMouseEvent(
                step,
                pos,
                emblem.mapToGlobal(pos),
                Qt.MouseButton.LeftButton,
                Qt.MouseButton.NoButton
                if step is QEvent.Type.MouseButtonRelease
                else Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(emblem, event)
    assert kiosk.shell.screen is Screen.TECH_PIN


def test_the_last_try_before_the_lock_is_one_try(qtbot: QtBot, kiosk: Kiosk) -> None:
    _tap_emblem(qtbot, kiosk, 5)
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechPinScreen)
    said = []
    for tried in range(4):
        _type_pin(qtbot, screen, f"00011{tried}")
        screen.unlock_button.click()
        said.append(screen.notice_text.text())
    assert said[2:] == [
        "Wrong PIN. 2 tries left before technician mode is locked.",
        "Wrong PIN. 1 try left before technician mode is locked.",
    ]


def test_the_key_sequence_asks_for_the_pin_too(qtbot: QtBot, kiosk: Kiosk) -> None:
    modifiers = (
        Qt.KeyboardModifier.ControlModifier
        | Qt.KeyboardModifier.AltModifier
        | Qt.KeyboardModifier.ShiftModifier
    )
    QTest.keyClick(kiosk.window, Qt.Key.Key_T, modifiers)
    assert kiosk.shell.screen is Screen.TECH_PIN
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechPinScreen)
    screen.cancel_button.click()
    assert kiosk.shell.screen is Screen.HOME


def test_restart_and_leave_to_the_desktop_from_the_screen(qtbot: QtBot, kiosk: Kiosk) -> None:
    services = kiosk.shell.technician
    assert services is not None
    system = RecordingSystem()
    services.system = system
    kiosk.shell.request_technician()
    pin_screen = kiosk.window.current_screen
    assert isinstance(pin_screen, TechPinScreen)
    _type_pin(qtbot, pin_screen, PIN)
    pin_screen.unlock_button.click()
    home = kiosk.window.current_screen
    assert isinstance(home, TechHomeScreen)
    home.tile_button(JourneyName.TECH_SYSTEM).click()
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechSystemScreen)
    assert not screen.confirm.isVisible()
    screen.restart_tile.click()
    assert screen.confirm.isVisible() and not screen.pin_field.isVisible()
    assert screen.yes_button.text() == "Restart now"
    screen.no_button.click()
    assert not screen.confirm.isVisible() and system.asked == []
    screen.desktop_tile.click()
    assert screen.pin_field.isVisible()
    _type_pin(qtbot, screen, "000111")
    screen.yes_button.click()
    assert screen.answer.text() == "Wrong PIN. The kiosk stays open." and system.asked == []
    _type_pin(qtbot, screen, PIN)
    screen.yes_button.click()
    assert system.asked == ["desktop"]
    assert screen.answer.text() == "Closing the kiosk…"
    assert not screen.yes_button.isEnabled()
    actions = [entry.action for entry in services.audit.entries()[:3]]
    assert actions == ["desktop.left", "pin.accepted", "pin.refused"]

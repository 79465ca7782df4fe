"""A screen never changes under a finger that is still down: a view that would change the screen
waits for the release; one that does not (a countdown, a language) is shown at once."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.home import HomeScreen
from tests.gui.conftest import KioskFactory


def test_going_home_waits_until_the_finger_is_lifted(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    kiosk.shell.start(JourneyName.HELP)
    help_screen = window.current_screen
    assert isinstance(help_screen, HelpScreen)
    target = help_screen.scroll_area.viewport()
    middle = QPoint(target.width() // 2, target.height() // 2)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    assert window.pointer.held

    kiosk.shell.go_home()  # e.g. a timer's decision while the citizen's finger is on the glass
    assert kiosk.shell.screen is Screen.HOME
    assert window.current_screen is help_screen  # still what the finger is on

    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    assert not window.pointer.held
    assert isinstance(window.current_screen, HomeScreen)


def test_a_view_that_keeps_the_screen_is_shown_while_held(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    home = window.current_screen
    assert isinstance(home, HomeScreen)
    target = home.scroll_area.viewport()
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    kiosk.shell.set_language("en")
    assert home.title.text() == "Welcome to cross-region self-service"
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


def test_a_tap_on_a_tile_changes_the_screen_on_release_as_before(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    home = kiosk.window.current_screen
    assert isinstance(home, HomeScreen)
    qtbot.mouseClick(home.tile_button(JourneyName.HELP), Qt.MouseButton.LeftButton)
    assert isinstance(kiosk.window.current_screen, HelpScreen)
    assert not kiosk.window.pointer.held


def test_a_finger_on_the_frame_outside_the_scrolling_body_holds_too(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    kiosk.shell.start(JourneyName.HELP)
    help_screen = window.current_screen
    footer = window.footer
    QTest.mousePress(footer, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    kiosk.shell.go_home()
    assert window.current_screen is help_screen
    QTest.mouseRelease(footer, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert isinstance(window.current_screen, HomeScreen)

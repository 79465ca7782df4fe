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
from kiosk.ui.screens.results import ResultsScreen
from tests.gui.conftest import KioskFactory


def test_a_new_screen_waits_until_the_finger_is_lifted(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    home = window.current_screen
    assert isinstance(home, HomeScreen)
    target = home.scroll_area.viewport()
    middle = QPoint(target.width() // 2, target.height() // 2)
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    assert window.pointer.held

    kiosk.shell.start(JourneyName.HELP)  # e.g. a decision made while a finger is on the glass
    assert kiosk.shell.screen is Screen.HELP
    assert window.current_screen is home  # still what the finger is on

    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, middle)
    assert not window.pointer.held
    assert isinstance(window.current_screen, HelpScreen)


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
    # The search field look-alike: the tile at the top of the citizen's home.
    qtbot.mouseClick(home.search_button, Qt.MouseButton.LeftButton)
    assert isinstance(kiosk.window.current_screen, ResultsScreen)
    assert not kiosk.window.pointer.held


def test_a_finger_on_the_frame_outside_the_scrolling_body_holds_too(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    home = window.current_screen
    footer = window.footer
    QTest.mousePress(footer, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    kiosk.shell.start(JourneyName.HELP)
    assert window.current_screen is home
    QTest.mouseRelease(footer, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert isinstance(window.current_screen, HelpScreen)


def test_a_new_session_never_waits_for_a_stuck_finger(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    kiosk.shell.start(JourneyName.HELP)
    help_screen = window.current_screen
    target = help_screen.scroll_area.viewport()
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert window.pointer.held
    kiosk.shell.go_home()  # the session ends (idle, home): the last citizen's screen must go
    assert kiosk.shell.view().session_number == window.shell.view().session_number
    assert isinstance(window.current_screen, HomeScreen)


def test_a_hold_longer_than_the_limit_lets_the_new_screen_through(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    home = window.current_screen
    assert isinstance(home, HomeScreen)
    target = home.scroll_area.viewport()
    window.hold_limit.setInterval(200)  # the 3 s limit, shortened for the test
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    kiosk.shell.start(JourneyName.HELP)  # same session, another screen: held back
    assert window.current_screen is home
    assert window.pointer.held
    qtbot.waitUntil(lambda: isinstance(window.current_screen, HelpScreen), timeout=5_000)
    assert not window.pointer.held

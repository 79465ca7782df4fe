"""Lockdown on the real main window, offscreen: the keys and requests that would leave the kiosk
do nothing, no context menu opens, no file dialog can show, and the pointer rule.

Each "does nothing" is checked against what the same key does to an unlocked window (a
shortcut the test binds to it fires there), so that a test cannot pass merely because the
offscreen platform has no window manager to act on the key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import (
    QCursor,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPointingDevice,
    QShortcut,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMenu, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import write_demo_config
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.lockdown import Lockdown, blocked_key, cursor_hidden
from kiosk.ui.screens.status_entry import StatusEntryScreen

KIOSK_PACKAGE = Path(__file__).resolve().parents[2] / "kiosk"
M = Qt.KeyboardModifier
K = Qt.Key
LEAVING_KEYS = [
    (K.Key_F4, M.AltModifier, "Alt+F4"),
    (K.Key_Q, M.ControlModifier, "Ctrl+Q"),
    (K.Key_W, M.ControlModifier, "Ctrl+W"),
    (K.Key_F4, M.ControlModifier, "Ctrl+F4"),
    (K.Key_Tab, M.AltModifier, "Alt+Tab"),
    (K.Key_Escape, M.AltModifier, "Alt+Esc"),
    (K.Key_Backspace, M.ControlModifier | M.AltModifier, "Ctrl+Alt+Backspace"),
    (K.Key_F1, M.ControlModifier | M.AltModifier, "Ctrl+Alt+F1"),
    (K.Key_F11, M.NoModifier, "F11"),
    (K.Key_D, M.MetaModifier, "Meta+D"),
]

KioskMaker = Callable[..., Kiosk]


@pytest.fixture
def make(qapp: QApplication, qtbot: QtBot, tmp_path: Path) -> Iterator[KioskMaker]:
    built: list[Kiosk] = []

    def factory(*, locked: bool, loaded: LoadedConfig | None = None) -> Kiosk:
        loaded = loaded or load_config(write_demo_config(tmp_path / f"demo{len(built)}"), {})
        kiosk = build_kiosk(
            loaded,
            clock=ManualClock(),
            size=QSize(800, 800),
            source_factory=lambda: ImageSequenceSource([], fps=0),
            speaker=FakeSpeaker(),
            lockdown=locked,
        )
        built.append(kiosk)
        assert kiosk.lockdown is not None
        kiosk.lockdown.show()
        qtbot.waitExposed(kiosk.window)
        qtbot.waitUntil(lambda: kiosk.ready, timeout=30_000)
        # The on-screen keyboard's QML compiles on its own thread and logs as it goes: done
        # before the test's phase ends (pytest-qt swaps its message handler between phases).
        keyboard = kiosk.window.keyboard
        qtbot.waitUntil(lambda: keyboard.ready or keyboard.failed, timeout=30_000)
        kiosk.window.activateWindow()
        return kiosk

    yield factory
    for kiosk in built:
        kiosk.close()
        kiosk.window.deleteLater()
    QApplication.processEvents()


def lockdown_of(kiosk: Kiosk) -> Lockdown:
    found = Lockdown.of(kiosk.window)
    assert found is kiosk.lockdown and found is not None
    return found


MODIFIER_KEYS = frozenset(k.value for k in (K.Key_Shift, K.Key_Control, K.Key_Alt, K.Key_AltGr))


class KeyProbe(QObject):
    """Records the key presses that reach a widget (but Shift, Ctrl and Alt themselves)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.keys: list[tuple[int, Qt.KeyboardModifier]] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() not in MODIFIER_KEYS
        ):
            self.keys.append((event.key(), event.modifiers()))
        return False


def bind_close_shortcuts(window: QWidget) -> list[str]:
    """What a desktop would do with these keys: close the window (or leave full screen)."""
    fired: list[str] = []
    for key, modifiers, name in LEAVING_KEYS:
        shortcut = QShortcut(QKeySequence(modifiers.value | key.value), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(lambda name=name: fired.append(name))
        shortcut.activated.connect(window.close if key != K.Key_F11 else window.showNormal)
    return fired


def press(widget: QWidget, key: K, modifiers: M = M.NoModifier) -> None:
    """A key as the platform delivers it: to the window, whose focus widget gets it."""
    window = widget.window().windowHandle()
    assert window is not None
    QTest.keyClick(window, key, modifiers)


def right_click(widget: QWidget) -> None:
    """A right click as the platform delivers it (the window makes the context menu event)."""
    window = widget.window()
    handle = window.windowHandle()
    assert handle is not None
    point = widget.mapTo(window, widget.rect().center())
    QTest.mouseClick(handle, Qt.MouseButton.RightButton, M.NoModifier, point)


def status_field(kiosk: Kiosk) -> QLineEdit:
    kiosk.shell.start(JourneyName.STATUS)
    screen = kiosk.window.current_screen
    assert isinstance(screen, StatusEntryScreen)
    return screen.field


def plain_field(kiosk: Kiosk) -> QLineEdit:
    """A text field with Qt's own context menu (the kiosk's screens also switch theirs off),
    placed over the current screen."""
    field = QLineEdit(kiosk.window.centralWidget())
    assert field.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
    field.setGeometry(40, 300, 400, 80)
    field.show()
    field.raise_()
    return field


def open_menus() -> list[QMenu]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]


def test_run_shows_the_window_full_screen_without_decorations(make: KioskMaker) -> None:
    kiosk = make(locked=True)
    assert kiosk.window.isFullScreen()
    assert kiosk.window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert lockdown_of(kiosk).engaged


def test_the_demo_window_is_a_normal_window_that_closes(make: KioskMaker) -> None:
    kiosk = make(locked=False)
    assert not kiosk.window.isFullScreen()
    assert not kiosk.window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert kiosk.window.close()
    assert not kiosk.window.isVisible()


def test_unlocked_the_bound_keys_do_close_the_window(make: KioskMaker, qtbot: QtBot) -> None:
    """The control for the tests below: the keys do reach shortcuts in this set-up."""
    kiosk = make(locked=False)
    fired = bind_close_shortcuts(kiosk.window)
    press(kiosk.window, K.Key_Q, M.ControlModifier)
    assert fired == ["Ctrl+Q"]
    assert not kiosk.window.isVisible()


@pytest.mark.parametrize(
    ("key", "modifiers", "name"), LEAVING_KEYS, ids=[k[2] for k in LEAVING_KEYS]
)
def test_keys_that_leave_an_application_do_nothing(
    make: KioskMaker, qtbot: QtBot, key: K, modifiers: M, name: str
) -> None:
    kiosk = make(locked=True)
    window = kiosk.window
    fired = bind_close_shortcuts(window)
    field = status_field(kiosk)
    field.setFocus()
    probe = KeyProbe(field)
    press(field, key, modifiers)
    QTest.keyClick(field, key, modifiers)  # and sent to the widget itself
    QApplication.processEvents()
    assert fired == []
    assert probe.keys == []  # the focused field never saw it either
    assert window.isVisible() and window.isFullScreen()
    assert lockdown_of(kiosk).swallowed_keys >= 2
    for letter in (K.Key_A, K.Key_B, K.Key_1, K.Key_2):
        press(field, letter)  # ordinary typing still works
    assert field.text().lower() == "ab12"


def test_the_super_key_alone_is_swallowed(make: KioskMaker) -> None:
    kiosk = make(locked=True)
    field = status_field(kiosk)
    field.setFocus()
    probe = KeyProbe(field)
    for key in (K.Key_Super_L, K.Key_Super_R, K.Key_Meta):
        press(field, key)
    assert probe.keys == []


def test_close_requests_are_refused_until_allowed(make: KioskMaker) -> None:
    kiosk = make(locked=True)
    lockdown = lockdown_of(kiosk)
    assert not kiosk.window.close()  # a stray close() in the application
    handle = kiosk.window.windowHandle()
    assert handle is not None
    assert not handle.close()  # what a window manager's close button or Alt+F4 asks
    assert kiosk.window.isVisible() and lockdown.refused_closes == 2
    lockdown.allow_close()
    assert kiosk.window.close()
    assert not kiosk.window.isVisible()


def test_in_technician_mode_keys_pass_but_alt_f4_still_closes_nothing(make: KioskMaker) -> None:
    kiosk = make(locked=True)
    lockdown = lockdown_of(kiosk)
    lockdown.set_technician(True)
    fired = bind_close_shortcuts(kiosk.window)
    press(kiosk.window, K.Key_F4, M.AltModifier)
    assert fired == ["Alt+F4"]  # the key reaches the application now...
    assert kiosk.window.isVisible() and kiosk.window.isFullScreen()  # ...and closes nothing
    lockdown.allow_close()  # the technician's "leave to the desktop", after the PIN
    press(kiosk.window, K.Key_F4, M.AltModifier)
    assert not kiosk.window.isVisible()


def test_leaving_full_screen_is_undone(make: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make(locked=True)
    kiosk.window.showNormal()  # a window manager's or compositor's doing
    qtbot.waitUntil(kiosk.window.isFullScreen, timeout=5000)
    lockdown_of(kiosk).set_technician(True)
    kiosk.window.showMaximized()
    qtbot.waitUntil(kiosk.window.isFullScreen, timeout=5000)


def test_a_right_click_on_a_text_field_opens_no_menu(make: KioskMaker, qtbot: QtBot) -> None:
    kiosk = make(locked=True)
    field = plain_field(kiosk)
    field.setText("a citizen's text")
    right_click(field)
    field.setFocus()
    press(field, K.Key_Menu)  # the keyboard's menu key
    QApplication.processEvents()
    assert open_menus() == []
    assert QApplication.activePopupWidget() is None


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no popup grab
@pytest.mark.parametrize("locked", [False, True], ids=["unlocked", "technician"])
def test_a_context_menu_opens_when_not_locked_or_for_a_technician(
    make: KioskMaker, qtbot: QtBot, locked: bool
) -> None:
    """The control: the same right click does open the text field's menu otherwise."""
    kiosk = make(locked=locked)
    lockdown_of(kiosk).set_technician(locked)
    field = plain_field(kiosk)
    right_click(field)
    qtbot.waitUntil(lambda: bool(open_menus()), timeout=5000)
    for menu in open_menus():
        menu.close()


def test_a_quit_request_lets_the_window_close(make: KioskMaker) -> None:
    """``StopOnSignals`` (SIGTERM from systemd) quits the application, and Qt's quit closes
    every window first: the quit request itself allows the close that the lockdown refuses
    otherwise. (Running the application's own event loop here would end the test process's:
    tests/e2e/test_kiosk_service.py stops a locked ``kiosk run`` with SIGTERM for real.)"""
    kiosk = make(locked=True)
    lockdown = lockdown_of(kiosk)
    assert not kiosk.window.close()
    quit_request = QEvent(QEvent.Type.Quit)
    assert lockdown.eventFilter(kiosk.app, quit_request) is False  # it goes on to Qt
    assert lockdown.close_allowed
    assert kiosk.window.close()


# ---------------------------------------------------------------------------- file dialogs


def test_no_file_dialog_in_the_kiosk_package() -> None:
    pattern = re.compile(r"QFileDialog|getOpenFileName|getSaveFileName|getExistingDirectory")
    found = [
        f"{path.relative_to(KIOSK_PACKAGE.parent)}:{number}"
        for path in KIOSK_PACKAGE.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line) and "lockdown" not in path.name
    ]
    assert found == []


@pytest.mark.allow_log_warnings
@pytest.mark.parametrize("locked", [True, False])
def test_a_file_dialog_cannot_be_opened(
    make: KioskMaker, qtbot: QtBot, caplog: pytest.LogCaptureFixture, locked: bool
) -> None:
    kiosk = make(locked=locked)
    dialog = QFileDialog(kiosk.window)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert "a file dialog was about to open" in caplog.text
    dialog.deleteLater()


class DialogWatch(QObject):
    """Application-wide: any file dialog that exists gets events (children added, polish, show)
    and is noted."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched.isWidgetType() and watched.inherits("QFileDialog"):
            self.seen.append(type(watched).__name__)
        return False


def test_no_file_dialog_during_a_journey(
    make: KioskMaker, qtbot: QtBot, qapp: QApplication
) -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # earlier tests' dialogs
    assert not [w for w in QApplication.allWidgets() if w.inherits("QFileDialog")]
    watch = DialogWatch()
    qapp.installEventFilter(watch)
    try:
        kiosk = make(locked=True)
        window = kiosk.window
        field = status_field(kiosk)
        field.setFocus()
        QTest.keyClicks(field, "A1234567")
        right_click(field)
        QTest.mouseDClick(field, Qt.MouseButton.LeftButton)
        for key, modifiers, _name in LEAVING_KEYS:
            press(field, key, modifiers)
        kiosk.shell.go_home()
        kiosk.shell.start(JourneyName.HELP)
        right_click(window.current_screen)
        kiosk.shell.go_home()
        QApplication.processEvents()
    finally:
        qapp.removeEventFilter(watch)
    assert watch.seen == []
    assert not [w for w in QApplication.allWidgets() if w.inherits("QFileDialog")]


# ---------------------------------------------------------------------------- the pointer


def test_cursor_rule_for_each_setting() -> None:
    touch = QPointingDevice(
        "panel",
        1,
        QPointingDevice.DeviceType.TouchScreen,
        QPointingDevice.PointerType.Finger,
        QPointingDevice.Capability.Position,
        10,
        0,
    )
    mouse = QPointingDevice(
        "mouse",
        2,
        QPointingDevice.DeviceType.Mouse,
        QPointingDevice.PointerType.Generic,
        QPointingDevice.Capability.Position,
        1,
        3,
    )
    assert cursor_hidden("auto", [touch, mouse])
    assert not cursor_hidden("auto", [mouse])
    assert not cursor_hidden("auto", [])
    assert cursor_hidden("hidden", [mouse])
    assert not cursor_hidden("shown", [touch])


def cursor_blank() -> bool:
    cursor: QCursor | None = QGuiApplication.overrideCursor()
    return cursor is not None and cursor.shape() == Qt.CursorShape.BlankCursor


def test_auto_hides_the_pointer_on_a_touch_panel_until_the_kiosk_closes(
    make: KioskMaker, tmp_path: Path
) -> None:
    QTest.createTouchDevice()  # Qt now reports a touch screen (for the rest of this process)
    assert not cursor_blank()
    kiosk = make(locked=True)
    assert cursor_blank()
    kiosk.close()
    assert not cursor_blank()


def test_shown_keeps_the_pointer_even_on_a_touch_panel(make: KioskMaker, tmp_path: Path) -> None:
    QTest.createTouchDevice()
    loaded = load_config(write_demo_config(tmp_path / "shown"), {"KIOSK_SCREEN__CURSOR": "shown"})
    assert loaded.config.screen.cursor == "shown"
    make(locked=True, loaded=loaded)
    assert not cursor_blank()


def test_hidden_hides_the_pointer_without_a_touch_panel(make: KioskMaker, tmp_path: Path) -> None:
    path = write_demo_config(tmp_path / "hidden")
    loaded = load_config(path, {"KIOSK_SCREEN__CURSOR": "hidden"})
    make(locked=False, loaded=loaded)
    assert cursor_blank()


def test_blocked_keys_table() -> None:
    for key, modifiers, name in LEAVING_KEYS:
        assert blocked_key(key.value, modifiers), name
    for key, modifiers in [
        (K.Key_A, M.NoModifier),
        (K.Key_Escape, M.NoModifier),  # the desk's Esc
        (K.Key_F2, M.NoModifier),  # the register's F2
        (K.Key_O, M.AltModifier),  # the desk's Alt+O
        (K.Key_D, M.AltModifier),
        (K.Key_PageUp, M.NoModifier),
        (K.Key_Tab, M.NoModifier),
        (K.Key_C, M.ControlModifier),
        (K.Key_Backspace, M.NoModifier),
    ]:
        assert not blocked_key(key.value, modifiers), key

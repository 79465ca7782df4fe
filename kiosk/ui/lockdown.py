"""Kiosk lockdown: the window cannot be left, closed or un-full-screened by a citizen.

``Lockdown`` is engaged by ``kiosk run`` (full screen; ``kiosk demo`` keeps a normal window
unless given ``--fullscreen``). Engaged, it:

- shows the window full screen without decorations and puts it back full screen whenever
  anything takes it out (a window manager's key, F11, a compositor);
- refuses every request to close the window (a window manager's Alt+F4 or close button, a
  stray ``close()``) unless ``allow_close`` was called: the technician's "leave to the desktop"
  after the PIN, or the process stopping (a stop signal quits the application, and a quit
  request always allows the close);
- outside technician mode, swallows the keys that would leave or switch an application, as far
  as the application sees them (Alt+F4, Ctrl+Q, Ctrl+W, Ctrl+F4, Alt+Tab, Alt+Esc,
  Ctrl+Alt+Backspace, Ctrl+Alt+Delete, Ctrl+Alt+F1..F12, F11, the Super/Meta keys and anything
  held with them) and every context menu (no Cut/Copy/Paste/Select All popup on a text field);
- always (technician mode too) refuses to show a file dialog: the kiosk has none, and no part of
  Qt may open one (native dialogs are switched off so that every dialog is a widget it sees).

What an application cannot stop is the display server's or compositor's own keys (virtual
terminal switching, zapping the X server); the documented session (cage without ``-s``, or X
with ``DontVTSwitch`` and ``DontZap``: ``deploy/README.md``) takes care of those.

``apply_cursor`` hides the mouse pointer on a touch panel (``screen.cursor``).

Thread contract: GUI thread only (an application-wide event filter).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Literal

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QInputDevice, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

CursorSetting = Literal["auto", "hidden", "shown"]
_log = logging.getLogger(__name__)

_K = Qt.Key
_M = Qt.KeyboardModifier
_SYSTEM_KEYS = frozenset(
    key.value
    for key in (_K.Key_Super_L, _K.Key_Super_R, _K.Key_Meta, _K.Key_Hyper_L, _K.Key_Hyper_R)
)
_ALT_KEYS = frozenset(key.value for key in (_K.Key_F4, _K.Key_Tab, _K.Key_Backtab, _K.Key_Escape))
_CTRL_KEYS = frozenset(key.value for key in (_K.Key_Q, _K.Key_W, _K.Key_F4))
_CTRL_ALT_KEYS = frozenset(
    {_K.Key_Backspace.value, _K.Key_Delete.value}
    | {_K.Key_F1.value + number for number in range(12)}
)
_KEY_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
)
_WINDOW_EVENTS = frozenset({QEvent.Type.Close, QEvent.Type.WindowStateChange})


def blocked_key(key: int, modifiers: Qt.KeyboardModifier) -> bool:
    """Whether a key (with the modifiers held) is one that leaves or switches an application."""
    if key in _SYSTEM_KEYS or modifiers & _M.MetaModifier or key == _K.Key_F11.value:
        return True
    ctrl, alt = bool(modifiers & _M.ControlModifier), bool(modifiers & _M.AltModifier)
    if ctrl and alt:
        return key in _CTRL_ALT_KEYS
    if alt:
        return key in _ALT_KEYS
    if ctrl:
        return key in _CTRL_KEYS
    return False


class Lockdown(QObject):
    """Keeps the kiosk's window full screen and open; see the module's description."""

    def __init__(self, window: QWidget, *, engaged: bool) -> None:
        super().__init__(window)
        self.setObjectName("Lockdown")
        self._window = window
        self._engaged = engaged
        self._technician = False
        self._close_allowed = False
        self._app = QCoreApplication.instance()
        self.refused_closes = 0  # how many close requests were refused (tests, logs)
        self.swallowed_keys = 0  # how many key events were swallowed
        if engaged:
            window.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        # Every dialog a widget the filter sees (a native one would open unseen).
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
        if self._app is not None:
            self._app.installEventFilter(self)

    @staticmethod
    def of(window: QWidget) -> Lockdown | None:
        """The lockdown of the kiosk's ``window`` (for the technician mode's code)."""
        return window.findChild(Lockdown, "Lockdown")

    @property
    def engaged(self) -> bool:
        return self._engaged

    @property
    def technician(self) -> bool:
        return self._technician

    @property
    def close_allowed(self) -> bool:
        return self._close_allowed or not self._engaged

    def set_technician(self, active: bool) -> None:
        """Technician mode on or off: on, the keys and context menus reach the application
        (the window still stays full screen and open unless ``allow_close``)."""
        self._technician = active

    def allow_close(self) -> None:
        """Let the window close (and leave full screen): the technician leaves to the
        desktop, or the kiosk stops."""
        self._close_allowed = True

    def show(self) -> None:
        """Show the window: full screen when engaged, else as a normal window."""
        if self._engaged:
            self._window.showFullScreen()
        else:
            self._window.show()

    def uninstall(self) -> None:
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    # ------------------------------------------------------------------ the filter
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.Show and watched.isWidgetType() and watched.inherits("QFileDialog"):
            self._refuse_dialog(watched)
            return True
        if not self._engaged:
            return False
        if kind == QEvent.Type.Quit:
            self.allow_close()  # the process stops (a signal, a timer): the window may close
            return False
        if watched is self._window and kind in _WINDOW_EVENTS:
            return self._window_event(event)
        if self._technician:
            return False
        if kind == QEvent.Type.ContextMenu:
            event.accept()
            return True
        if (
            kind in _KEY_EVENTS
            and isinstance(event, QKeyEvent)
            and blocked_key(event.key(), event.modifiers())
        ):
            self.swallowed_keys += 1
            event.accept()  # a ShortcutOverride accepted: no shortcut fires either
            return True
        return False

    def _window_event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Close and not self._close_allowed:
            self.refused_closes += 1
            _log.info("a request to close the kiosk window was refused (lockdown)")
            event.ignore()
            return True
        if (
            kind == QEvent.Type.WindowStateChange
            and not self._close_allowed
            and not self._window.isFullScreen()
        ):
            QTimer.singleShot(0, self._restore_full_screen)
        return False

    def _restore_full_screen(self) -> None:
        if self._engaged and not self._close_allowed and not self._window.isFullScreen():
            _log.info("the kiosk window left full screen: shown full screen again")
            self._window.showFullScreen()

    @staticmethod
    def _refuse_dialog(dialog: QObject) -> None:
        _log.error("a file dialog was about to open: refused (the kiosk has none)")
        if isinstance(dialog, QWidget):
            QTimer.singleShot(0, dialog.close)


# ---------------------------------------------------------------------------- the pointer


def touch_screen_present(devices: Iterable[QInputDevice]) -> bool:
    return any(device.type() == QInputDevice.DeviceType.TouchScreen for device in devices)


def cursor_hidden(setting: CursorSetting, devices: Iterable[QInputDevice]) -> bool:
    """``screen.cursor``: hidden, shown, or (auto) hidden when a touch screen is connected."""
    if setting == "auto":
        return touch_screen_present(devices)
    return setting == "hidden"


def apply_cursor(setting: CursorSetting) -> Callable[[], None]:
    """Hide the pointer over the whole application when ``setting`` says so (the input devices
    Qt reports now decide "auto"); returns what undoes it."""
    if not cursor_hidden(setting, QInputDevice.devices()):
        return lambda: None
    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
    _log.info("the mouse pointer is hidden (screen.cursor = %s)", setting)
    return _restore_cursor


def _restore_cursor() -> None:
    if isinstance(QApplication.instance(), QGuiApplication):
        QGuiApplication.restoreOverrideCursor()

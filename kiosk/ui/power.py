"""The black screen outside opening hours (``[power]`` in the configuration).

``PowerSaver`` asks ``kiosk.runtime.display_power.BlankPolicy`` once a second (and whenever
asked: ``poll``) whether the screen should be black: outside opening hours, on an idle home
screen, never in a journey or in technician mode. Then a plain black widget covers the whole
window (no text: nothing to read, nothing to burn in) and the panel's "off" command runs. The
next touch, click or key wakes it: the black cover goes, the "on" command runs, and that touch
does nothing else (it does not press the tile under the finger); the kiosk then stays lit for
the idle time again. At opening time the screen comes back by itself.

Every touch, click, key, scroll or typed character anywhere counts as activity for the idle time
(an application-wide event filter). Time comes from the injected clock: tests move it.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.journeys.journey import Screen
from kiosk.journeys.shell import KioskShell
from kiosk.runtime.display_power import BlankPolicy, DisplaySwitch

POLL_INTERVAL_MS = 1000
_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
        QEvent.Type.ScrollPrepare,
        QEvent.Type.Scroll,
    }
)
_KEYS = frozenset({QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride})
_log = logging.getLogger(__name__)


class BlankCover(QWidget):
    """Black, over the whole window; a press on it wakes the screen and goes no further."""

    def __init__(self, window: QWidget, wake: Callable[[], None]) -> None:
        super().__init__(window)
        self.setObjectName("PowerBlank")
        self._window = window
        self._wake = wake
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.BlankCursor)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched is self._window:
            self.cover_window()
        return False

    def cover_window(self) -> None:
        self.setGeometry(self._window.rect())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        QPainter(self).fillRect(event.rect(), QColor(0, 0, 0))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        event.accept()
        self._wake()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        event.accept()


class PowerSaver(QObject):
    """Shows the black cover when ``policy`` says so and switches the panel with ``switch``."""

    def __init__(
        self,
        window: QWidget,
        shell: KioskShell,
        policy: BlankPolicy,
        switch: DisplaySwitch,
        *,
        technician: Callable[[], bool],
        interval_ms: int = POLL_INTERVAL_MS,
    ) -> None:
        """``technician`` tells whether technician mode is on (never black then)."""
        super().__init__(window)
        self.policy = policy
        self._shell = shell
        self._switch = switch
        self._technician = technician
        self.cover = BlankCover(window, self.wake)
        self._blanked = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self._closed = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if policy.enabled:
            switch.switch(on=True)  # after a restart the panel may still be off
            self.timer.start()

    @property
    def blanked(self) -> bool:
        return self._blanked

    def poll(self) -> None:
        """Go black, or come back at opening time, as the policy says now."""
        if self._closed:
            return
        at_home = self._shell.journey is None and self._shell.screen is Screen.HOME
        black = self.policy.should_blank(at_home=at_home, technician=self._technician())
        if black and not self.blanked:
            self._blank()
        elif not black and self.blanked:
            self._unblank()

    def wake(self) -> None:
        """A touch on the black screen: lit again for the idle time."""
        self.policy.touched()
        if self.blanked:
            self._unblank()

    def _blank(self) -> None:
        _log.info("outside opening hours and idle: the screen goes black")
        self._blanked = True
        self.cover.cover_window()
        self.cover.show()
        self.cover.raise_()
        self._switch.switch(on=False)

    def _unblank(self) -> None:
        _log.info("the screen is lit again")
        self._blanked = False
        self.cover.hide()
        self._switch.switch(on=True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if self.blanked and kind in _KEYS:
            if kind == QEvent.Type.KeyPress:
                self.wake()
            event.accept()
            return True  # the key that wakes the screen does nothing else
        if kind in _ACTIVITY:
            self.policy.touched()
        return False

    def close(self) -> None:
        """Stop; a black screen is lit again (the panel switched on) before the kiosk exits."""
        if self._closed:
            return
        self._closed = True
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.blanked:
            self._unblank()
        self._switch.close()

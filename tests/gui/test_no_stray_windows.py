"""Building every screen opens no window but the kiosk's own: a widget shown before it has a
parent becomes a window of its own for a moment and takes the kiosk window's activation, after
which the on-screen keyboard no longer comes up (found twice: a home tile, a button of the
identity screen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config.loader import LoadedConfig
from tests.gui.conftest import KioskFactory


class WindowSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.windows: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        shown = event.type() == QEvent.Type.Show
        if shown and isinstance(watched, QWidget) and watched.isWindow():
            self.windows.append(type(watched).__name__)
        return False


def test_building_every_screen_opens_no_window_of_its_own(
    qapp: QApplication, make_kiosk: KioskFactory, demo_config: LoadedConfig
) -> None:
    spy = WindowSpy()
    qapp.installEventFilter(spy)
    try:
        kiosk = make_kiosk(demo_config)  # its services open and every screen is built
        for screen in kiosk.window.screens.values():
            assert screen.parent() is not None, type(screen).__name__
    finally:
        qapp.removeEventFilter(spy)
    assert [name for name in spy.windows if name != "MainWindow"] == []

"""The black screen outside opening hours on the real window: the clock is moved, never slept
on; the panel's commands are real programs that write what they were asked to a file."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.speaker import FakeSpeaker
from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.power import PowerSaver
from kiosk.ui.screens.home import HomeScreen

MONDAY_EVENING = datetime(2026, 11, 23, 20, 0, tzinfo=CHINA_TIME)  # closed
IDLE_S = 90  # the demo's ui.idle_timeout_s


def recorder(log: Path, word: str) -> str:
    program = "import sys; open(sys.argv[1], 'a').write(sys.argv[2] + ' ')"
    return shlex.join([sys.executable, "-c", program, str(log), word])


Maker = Callable[..., tuple[Kiosk, ManualClock]]


@pytest.fixture
def make(qapp: QApplication, qtbot: QtBot, tmp_path: Path) -> Iterator[Maker]:
    built: list[Kiosk] = []

    def factory(**power: str) -> tuple[Kiosk, ManualClock]:
        environ = {f"KIOSK_POWER__{name.upper()}": value for name, value in power.items()}
        loaded = load_config(write_demo_config(tmp_path / f"demo{len(built)}"), environ)
        clock = ManualClock(MONDAY_EVENING)
        kiosk = build_kiosk(
            loaded,
            clock=clock,
            size=QSize(800, 800),
            source_factory=lambda: ImageSequenceSource([], fps=0),
            speaker=FakeSpeaker(),
            lockdown=True,
        )
        built.append(kiosk)
        assert kiosk.lockdown is not None
        kiosk.lockdown.show()
        qtbot.waitExposed(kiosk.window)
        qtbot.waitUntil(lambda: kiosk.ready, timeout=30_000)
        keyboard = kiosk.window.keyboard  # its QML compiles and logs on its own thread
        qtbot.waitUntil(lambda: keyboard.ready or keyboard.failed, timeout=30_000)
        return kiosk, clock

    yield factory
    for kiosk in built:
        kiosk.close()
        kiosk.window.deleteLater()
    QApplication.processEvents()


def saver(kiosk: Kiosk) -> PowerSaver:
    assert kiosk.power is not None
    return kiosk.power


def words(log: Path) -> list[str]:
    return log.read_text().split() if log.exists() else []


def test_an_idle_home_screen_goes_black_outside_hours_and_a_touch_wakes_it(
    make: Maker, qtbot: QtBot, tmp_path: Path
) -> None:
    log = tmp_path / "panel.log"
    kiosk, clock = make(
        opening_hours="mon-fri 08:30-18:00",
        display_off_command=recorder(log, "off"),
        display_on_command=recorder(log, "on"),
    )
    power = saver(kiosk)
    qtbot.waitUntil(lambda: words(log) == ["on"])  # at start: the panel may have stayed off
    power.poll()
    assert not power.blanked  # nobody has been away long enough yet

    clock.advance(IDLE_S)
    qtbot.waitUntil(lambda: power.blanked, timeout=5000)  # its own timer notices
    cover = power.cover
    assert cover.isVisible() and cover.geometry() == kiosk.window.rect()
    assert cover.findChildren(QLabel) == []  # nothing to read: black
    image = cover.grab().toImage()
    assert {image.pixelColor(x, y).name() for x in (0, 399, 799) for y in (0, 399, 799)} == {
        "#000000"
    }
    qtbot.waitUntil(lambda: words(log) == ["on", "off"])

    # A touch on the tile under the black screen wakes it and does nothing else.
    home = kiosk.window.current_screen
    assert isinstance(home, HomeScreen)
    tile = home.tile_button(JourneyName.CHECK)
    home.scroll_area.ensureWidgetVisible(tile, 0, 0)
    centre = tile.mapTo(kiosk.window, tile.rect().center())
    assert kiosk.window.rect().contains(centre)
    assert kiosk.window.childAt(centre) is cover  # the tile lies under the black cover
    handle = kiosk.window.windowHandle()
    assert handle is not None
    QTest.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert not power.blanked and not cover.isVisible()
    assert kiosk.shell.journey is None and kiosk.shell.screen is Screen.HOME
    qtbot.waitUntil(lambda: words(log) == ["on", "off", "on"])

    clock.advance(IDLE_S - 1)  # lit for the idle time after that touch
    power.poll()
    assert not power.blanked
    clock.advance(1)
    power.poll()
    assert power.blanked

    # A key wakes it too, and goes no further.
    QTest.keyClick(handle, Qt.Key.Key_Return)
    assert not power.blanked
    assert kiosk.shell.journey is None


def test_never_black_during_a_journey_or_in_technician_mode(make: Maker) -> None:
    kiosk, clock = make(opening_hours="mon-fri 08:30-18:00")
    power = saver(kiosk)
    kiosk.shell.start(JourneyName.HELP)
    clock.advance(IDLE_S + 5)
    power.poll()  # before the shell's own idle ends the visit
    assert not power.blanked
    kiosk.shell.poll()  # the visit ends: home, wiped
    assert kiosk.shell.screen is Screen.HOME
    power.poll()
    assert power.blanked

    power.wake()
    assert kiosk.lockdown is not None
    kiosk.lockdown.set_technician(True)
    clock.advance(10 * IDLE_S)
    power.poll()
    assert not power.blanked
    kiosk.lockdown.set_technician(False)
    power.poll()
    assert power.blanked


def test_lit_again_at_opening_time_and_on_close(make: Maker, qtbot: QtBot, tmp_path: Path) -> None:
    log = tmp_path / "panel.log"
    kiosk, clock = make(
        opening_hours="mon-fri 08:30-18:00",
        display_off_command=recorder(log, "off"),
        display_on_command=recorder(log, "on"),
    )
    power = saver(kiosk)
    clock.advance(IDLE_S)
    power.poll()
    assert power.blanked
    clock.advance(12.5 * 3600)  # Tuesday 08:30: open
    power.poll()
    assert not power.blanked
    qtbot.waitUntil(lambda: words(log) == ["on", "off", "on"])
    clock.advance(10 * 3600)  # 18:30: closed again, and idle all day
    power.poll()
    assert power.blanked
    kiosk.close()  # the kiosk stops: the panel is switched back on first
    assert words(log) == ["on", "off", "on", "off", "on"]


@pytest.mark.parametrize(
    "power", [{}, {"opening_hours": "mon-fri 08:30-18:00", "blank_outside_hours": "false"}]
)
def test_no_black_screen_without_opening_hours_or_when_switched_off(
    make: Maker, power: dict[str, str]
) -> None:
    kiosk, _clock = make(**power)
    assert kiosk.power is None

"""The shell's screens as a citizen meets them: language switch, help, idle countdown and wipe,
apology after a bug, maintenance on a bad configuration, touch-sized targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.config.loader import ConfigError, load_config
from kiosk.demo import write_demo_config
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.ui.screens.apology import ApologyScreen
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.maintenance import MaintenanceScreen
from tests.gui.conftest import KioskFactory
from tests.support.configs import production_document, write_document


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def tap_help(home: HomeScreen) -> None:
    """The help tile, under the catalogue on the citizen's home: scrolled to and tapped (the
    scroll area's QScroller replays a press by its screen position, which offscreen misses
    beyond the 800 px square screen: the button's own click is the tap)."""
    tile = home.tile_button(JourneyName.HELP)
    home.scroll_area.ensureWidgetVisible(tile, 0, 0)
    assert tile.isVisible() and tile.isEnabled()
    tile.click()


def test_home_starts_in_chinese_and_switches_language_both_ways(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    home = window.current_screen
    assert isinstance(home, HomeScreen)
    assert home.title.text() == "欢迎使用川渝通办自助服务"
    assert window.header.title.text() == "川渝通办 · 自助服务"
    assert window.header.language_button.text() == "English"
    assert "12345" in window.footer.hotline.text()

    click(qtbot, window.header.language_button)
    assert home.title.text() == "Welcome to cross-region self-service"
    assert window.header.title.text() == "Sichuan–Chongqing Cross-Region Services"
    assert window.header.subtitle.text().startswith("Yubei District")
    assert window.header.language_button.text() == "中文"
    assert home.tile_button(JourneyName.HELP).title.text() == "How to use this terminal"

    click(qtbot, window.header.language_button)
    assert home.title.text() == "欢迎使用川渝通办自助服务"
    assert window.header.subtitle.text().startswith("重庆市渝北区")


def test_help_and_back_home(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    home = kiosk.window.current_screen
    assert isinstance(home, HomeScreen)
    tap_help(home)
    help_screen = kiosk.window.current_screen
    assert isinstance(help_screen, HelpScreen)
    assert help_screen.title.text() == "自助终端使用指南"
    click(qtbot, help_screen.home_button)
    assert kiosk.window.current_screen is home


def test_idle_countdown_then_wipe_with_an_injected_clock(
    make_kiosk: KioskFactory, qtbot: QtBot, demo_config, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = ManualClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    wiped: list[str] = []
    for screen in window.screens.values():
        monkeypatch.setattr(screen, "wipe", lambda s=screen: wiped.append(type(s).__name__))
    click(qtbot, window.header.language_button)  # the citizen reads English
    home = window.screens[Screen.HOME]
    assert isinstance(home, HomeScreen)
    tap_help(home)
    journey = kiosk.shell.journey
    assert journey is not None

    ui = demo_config.config.ui
    clock.advance(ui.idle_timeout_s - ui.idle_countdown_s + 1)
    qtbot.waitUntil(window.overlay.isVisible)  # the poll timer notices the injected time
    assert window.overlay.seconds == ui.idle_countdown_s - 1
    assert window.overlay.title.text() == "Are you still there?"
    assert wiped == []

    click(qtbot, window.overlay.continue_button)
    assert not window.overlay.isVisible()
    assert isinstance(window.current_screen, HelpScreen)

    clock.advance(ui.idle_timeout_s - ui.idle_countdown_s + 1)
    qtbot.waitUntil(window.overlay.isVisible)
    clock.advance(ui.idle_countdown_s)
    qtbot.waitUntil(lambda: isinstance(window.current_screen, HomeScreen))
    assert not window.overlay.isVisible()
    assert kiosk.shell.journey is None and journey.ended
    assert window.header.title.text() == "川渝通办 · 自助服务"  # back to the default language
    assert sorted(wiped) == sorted(type(s).__name__ for s in window.screens.values())


@pytest.mark.allow_log_warnings
def test_a_bug_in_a_slot_shows_the_apology_and_is_logged(
    make_kiosk: KioskFactory, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = make_kiosk()
    click(qtbot, kiosk.window.header.language_button)

    def broken_slot() -> None:
        raise RuntimeError("a bug in a screen")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: isinstance(kiosk.window.current_screen, ApologyScreen))
    apology = kiosk.window.current_screen
    assert isinstance(apology, ApologyScreen)
    assert apology.title.text() == "Sorry, something went wrong"
    assert any(r.name == "kiosk.bug" and r.exc_info for r in caplog.records)
    click(qtbot, apology.home_button)
    assert isinstance(kiosk.window.current_screen, HomeScreen)


def _broken_config(tmp_path: Path) -> ConfigError:
    document = production_document()
    document["ui"] = {"idle_timeout_s": 5}
    document["platform"]["url"] = "http://platform.example.gov.cn"
    document["devices"]["camera"] = "webcam"
    with pytest.raises(ConfigError) as caught:
        load_config(
            write_document(tmp_path / "kiosk.toml", document), {"KIOSK_SCREEN__DPI": "huge"}
        )
    return caught.value


def test_a_bad_configuration_shows_only_the_maintenance_screen(
    make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path
) -> None:
    error = _broken_config(tmp_path)
    kiosk = make_kiosk(error=error)
    screen = kiosk.window.current_screen
    assert isinstance(screen, MaintenanceScreen)
    assert screen.title.text() == "本终端暂停服务"
    lines = [label.text() for label in screen.problem_labels]
    assert any("ui.idle_timeout_s = 5: 不能小于 30" in line for line in lines)
    assert any("devices.camera" in line and "qt:<设备>" in line for line in lines)
    assert any("screen.dpi" in line and "环境变量 KIOSK_SCREEN__DPI" in line for line in lines)
    assert str(error.path) in screen.details_file.text()

    click(qtbot, kiosk.window.header.language_button)
    lines = [label.text() for label in screen.problem_labels]
    assert any("ui.idle_timeout_s = 5: must be at least 30" in line for line in lines)
    assert screen.title.text() == "This terminal is temporarily out of service"
    assert kiosk.shell.screen is Screen.MAINTENANCE


def test_hotel_profile_home(make_kiosk: KioskFactory, tmp_path: Path) -> None:
    loaded = load_config(write_demo_config(tmp_path / "hotel", profile="hotel"), {})
    home = make_kiosk(loaded, size=QSize(1920, 1080)).window.current_screen
    assert isinstance(home, HomeScreen)
    assert home.title.text() == "电子身份证入住登记"
    # A hotel's desk is no government service point: no programme figures, no 12345 hotline.
    assert home.facts.isHidden()


@pytest.mark.parametrize(
    "size", [QSize(1920, 1080), QSize(1080, 1920), QSize(1280, 800), QSize(1024, 600)]
)
def test_every_screen_fits_the_panel_and_every_button_is_touch_sized(
    make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path, size: QSize
) -> None:
    kiosk = make_kiosk(size=size)
    minimum = kiosk.window.context.metrics.touch_target_px
    assert minimum >= 45  # 12 mm at 96 dpi

    def check_buttons() -> int:
        assert kiosk.window.size() == size  # content scrolls; the window never outgrows the panel
        buttons = [b for b in kiosk.window.findChildren(QPushButton) if b.isVisible()]
        for button in buttons:
            assert button.width() >= minimum and button.height() >= minimum, button.text()
        return len(buttons)

    counted = check_buttons()  # home: language button and help tile
    kiosk.shell.start(JourneyName.HELP)
    counted += check_buttons()
    kiosk.shell.report_bug()
    counted += check_buttons()
    maintenance = make_kiosk(error=_broken_config(tmp_path), size=size)
    buttons = [b for b in maintenance.window.findChildren(QPushButton) if b.isVisible()]
    assert all(b.height() >= minimum for b in buttons)
    assert counted >= 6

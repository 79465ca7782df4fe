"""The header's presentation toggles (elder mode, high contrast, voice), the call for staff and
its notice, and the countdown's unit (issue 15, deliverables 3, 7 and 8), on a real kiosk."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config.loader import ConfigError, load_config
from kiosk.demo import write_demo_config
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.style import HIGH_CONTRAST_PALETTE, PALETTE
from kiosk.ui.tools.audit import contrast_ratio
from kiosk.ui.widgets.chrome import HeaderBar
from tests.gui.conftest import KioskFactory


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _cap_mm(kiosk: Kiosk, widget: QWidget) -> float:
    return QFontMetricsF(widget.font()).capHeight() / kiosk.window.metrics.dpi * 25.4


def test_elder_mode_enlarges_text_and_targets_for_the_session(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk(clock=ManualClock())
    window = kiosk.window
    header = window.header
    home = window.current_screen
    assert isinstance(home, HomeScreen)
    hotline = window.footer.hotline
    assert header.elder_button.accessibleName() == "长辈模式"
    assert not header.elder_button.isChecked()
    assert 4.0 <= _cap_mm(kiosk, hotline) < 6.0
    normal_target = header.language_button.height()

    click(qtbot, header.elder_button)
    assert kiosk.shell.view().presentation.elder
    assert header.elder_button.isChecked()  # and its icon is the ticked box
    assert _cap_mm(kiosk, hotline) >= 6.0  # body text: 6 mm cap height
    qtbot.waitUntil(lambda: header.language_button.height() > normal_target)
    assert header.language_button.height() >= kiosk.window.metrics.px(20) - 1  # 20 mm

    # A screen built while elder mode is on is built in elder mode.
    kiosk.shell.start(JourneyName.HELP)
    assert isinstance(window.current_screen, HelpScreen)
    assert window.current_screen.metrics.elder
    assert header.elder_button.isChecked()  # lasts through the session's screens

    kiosk.shell.go_home()  # the session ends: the next citizen starts in the normal mode
    assert not kiosk.shell.view().presentation.elder
    assert not header.elder_button.isChecked()
    assert _cap_mm(kiosk, hotline) < 6.0


def test_high_contrast_meets_seven_to_one(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    window = kiosk.window
    click(qtbot, window.header.contrast_button)
    assert window.header.contrast_button.isChecked()
    image = window.grab().toImage()
    assert image.pixelColor(5, 5) == QColor(HIGH_CONTRAST_PALETTE.header)
    title = window.header.title
    assert contrast_ratio(title.palette().color(title.foregroundRole()), QColor("#000000")) >= 7
    palette = HIGH_CONTRAST_PALETTE
    for foreground, background in (
        (palette.text, palette.background),
        (palette.text_muted, palette.surface),
        (palette.on_primary, palette.primary),
        (palette.primary, palette.surface),
        (palette.on_header, palette.header),
        (palette.on_primary, palette.primary_pressed),
    ):
        assert contrast_ratio(QColor(foreground), QColor(background)) >= 7, foreground
    for foreground, background in (
        (PALETTE.text_muted, PALETTE.background),
        (PALETTE.text_muted, PALETTE.surface),
        (PALETTE.on_primary, PALETTE.primary),
        (PALETTE.on_header, PALETTE.header),
    ):
        assert contrast_ratio(QColor(foreground), QColor(background)) >= 4.5, foreground
    click(qtbot, window.header.contrast_button)
    assert window.grab().toImage().pixelColor(5, 5) == QColor(PALETTE.header)


def test_voice_toggle_shows_its_state(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    button = kiosk.window.header.voice_button
    click(qtbot, kiosk.window.header.language_button)  # English
    assert button.accessibleName() == "Voice"
    before = button.icon().pixmap(16, 16).toImage()
    click(qtbot, button)
    assert kiosk.shell.view().presentation.voice and button.isChecked()
    assert button.icon().pixmap(16, 16).toImage() != before  # not only a colour: the box ticks


def test_call_staff_shows_a_notice_for_the_rest_of_the_session(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = make_kiosk()
    footer = kiosk.window.footer
    assert footer.staff_button.text() == "呼叫工作人员"
    assert not footer.staff_notice.isVisible()
    click(qtbot, footer.staff_button)
    assert kiosk.shell.view().staff_called
    assert not kiosk.shell.view().staff_call_sent  # this kiosk has no platform link
    assert footer.staff_notice.isVisible() and not footer.staff_button.isVisible()
    assert footer.staff_notice.text() == "未能发出呼叫，请向附近的工作人员示意"
    click(qtbot, kiosk.window.header.language_button)
    assert footer.staff_notice.text() == "Your call could not be sent: please wave to staff nearby"
    kiosk.shell.start(JourneyName.HELP)  # another screen, same session
    assert isinstance(kiosk.window.current_screen, HelpScreen)
    assert footer.staff_notice.isVisible()
    kiosk.shell.go_home()  # the session ends
    assert not footer.staff_notice.isVisible() and footer.staff_button.isVisible()


def test_hotel_desk_and_maintenance_offer_no_call_for_staff(
    make_kiosk: KioskFactory, tmp_path: Path
) -> None:
    hotel = make_kiosk(load_config(write_demo_config(tmp_path / "hotel", profile="hotel"), {}))
    assert not hotel.window.footer.staff_button.isVisible()
    assert hotel.window.header.elder_button.isVisible()  # the guest may still need it
    broken = tmp_path / "broken.toml"
    broken.write_text("schema_version = 1\n[ui]\nidle_timeout_s = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(broken, environ={})
    kiosk = make_kiosk(error=caught.value)
    assert kiosk.shell.screen is Screen.MAINTENANCE
    header, footer = kiosk.window.header, kiosk.window.footer
    for widget in (header.elder_button, header.contrast_button, header.voice_button):
        assert not widget.isVisible()
    assert not footer.staff_button.isVisible() and not footer.staff_notice.isVisible()


def test_idle_countdown_names_its_unit(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    overlay = kiosk.window.overlay
    overlay.set_seconds(15)
    assert overlay.count.text() == "还剩 15 秒"
    click(qtbot, kiosk.window.header.language_button)
    assert overlay.count.text() == "15 seconds left"
    overlay.set_seconds(1)
    assert overlay.count.text() == "1 second left"


def _inside(header: HeaderBar, button: QPushButton) -> bool:
    top_left = button.mapTo(header, button.rect().topLeft())
    return header.rect().contains(top_left) and header.rect().contains(
        button.mapTo(header, button.rect().bottomRight())
    )


@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1080, 1920), QSize(1920, 1080)], ids=str)
def test_header_buttons_fit_every_terminal_in_every_mode(
    make_kiosk: KioskFactory, qtbot: QtBot, size: QSize
) -> None:
    kiosk = make_kiosk(size=size)
    window = kiosk.window
    header = window.header
    for language_clicks, elder in ((0, False), (1, False), (1, True), (0, True)):
        if language_clicks:
            click(qtbot, header.language_button)
        if elder and not kiosk.shell.view().presentation.elder:
            click(qtbot, header.elder_button)
        qtbot.waitUntil(lambda: _inside(header, header.language_button))
        target = window.metrics.touch_target_px
        buttons = (
            header.elder_button,
            header.contrast_button,
            header.voice_button,
            header.language_button,
        )
        for button in buttons:
            assert _inside(header, button), (size, button.text())
            assert min(button.width(), button.height()) >= target - 1, button.text()
        for first, second in itertools.pairwise(buttons):
            assert first.geometry().right() < second.geometry().left()
        assert header.height() < window.height() / 3  # the screen keeps most of the room

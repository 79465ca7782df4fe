"""The scan flash over a widget: green with a tick, red with a cross, gone after its time,
restarted by a new result, never taking the focus; rendered offscreen and read back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ui.widgets.flash import ACCEPTED_COLOUR, FLASH_MS, REFUSED_COLOUR, ScanFlash


def _desk(qtbot: QtBot) -> tuple[QWidget, QLineEdit]:
    """A window with a grey "preview" and a field the clerk is typing in."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    preview = QWidget()
    preview.setObjectName("preview")
    preview.setStyleSheet("background: #808080;")
    preview.setMinimumSize(640, 360)
    layout.addWidget(preview)
    field = QLineEdit()
    layout.addWidget(field)
    window.show()
    qtbot.waitExposed(window)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    return window, field


def _preview(window: QWidget) -> QWidget:
    found = window.findChild(QWidget, "preview")
    assert isinstance(found, QWidget)
    return found


def _close(colour: QColor, expected: str) -> bool:
    want = QColor(expected)
    return all(
        abs(a - b) <= 12
        for a, b in zip(
            (colour.red(), colour.green(), colour.blue()),
            (want.red(), want.green(), want.blue()),
            strict=True,
        )
    )


def shown(flash: ScanFlash) -> bool | None:
    """What the flash shows now (read afresh: it changes under the test's feet)."""
    return flash.ok


def _picture(window: QWidget) -> QImage:
    return _preview(window).grab().toImage()


def test_an_accepted_scan_flashes_green_with_a_tick_then_goes(qtbot: QtBot) -> None:
    window, field = _desk(qtbot)
    preview = _preview(window)
    flash = ScanFlash(preview)
    assert not flash.isWindow() and flash.parent() is preview
    assert not flash.isVisible() and not flash.showing
    assert flash.accessibleName() == "Scan result"
    flash.flash(True)
    assert flash.isVisible() and shown(flash) is True
    assert flash.geometry() == preview.rect()
    assert flash.accessibleName() == "Scan accepted"
    assert 0 < flash.remaining_ms <= FLASH_MS
    image = _picture(window)
    edge = flash.thickness() // 2
    middle_y = image.height() // 2
    assert _close(image.pixelColor(edge, middle_y), ACCEPTED_COLOUR)  # the border
    assert _close(image.pixelColor(image.width() - 1 - edge, middle_y), ACCEPTED_COLOUR)
    assert _close(image.pixelColor(image.width() // 4, middle_y), "#808080")  # see-through
    disc_edge = image.width() // 2 - round(min(image.width(), image.height()) * 0.36 * 0.4)
    assert _close(image.pixelColor(disc_edge, middle_y), ACCEPTED_COLOUR)  # the disc
    assert _white_pixels(image) > 200  # the tick
    assert field.hasFocus() and QApplication.focusWidget() is field  # typing goes on
    qtbot.waitUntil(lambda: not flash.isVisible(), timeout=FLASH_MS * 5)
    assert shown(flash) is None and flash.remaining_ms == 0
    assert flash.accessibleName() == "Scan result"
    assert _close(_picture(window).pixelColor(edge, middle_y), "#808080")
    assert field.hasFocus()


def test_a_refused_scan_flashes_red_with_a_cross(qtbot: QtBot) -> None:
    window, _field = _desk(qtbot)
    flash = ScanFlash(_preview(window))
    flash.flash(False)
    assert shown(flash) is False and flash.accessibleName() == "Scan refused"
    image = _picture(window)
    edge = flash.thickness() // 2
    assert _close(image.pixelColor(edge, image.height() // 2), REFUSED_COLOUR)
    assert _close(image.pixelColor(image.width() // 2, edge), REFUSED_COLOUR)
    # A cross crosses in the middle (white there); a tick's middle is the disc's colour.
    assert _close(image.pixelColor(image.width() // 2, image.height() // 2), "#FFFFFF")
    flash.flash(True)
    ticked = _picture(window)
    assert _close(ticked.pixelColor(ticked.width() // 2, ticked.height() // 2), ACCEPTED_COLOUR)


def test_flashing_again_restarts_the_flash(qtbot: QtBot) -> None:
    window, _field = _desk(qtbot)
    flash = ScanFlash(_preview(window), duration_ms=400)
    flash.flash(True)
    qtbot.waitUntil(lambda: 0 < flash.remaining_ms < 200, timeout=2000)
    flash.flash(False)  # the next guest's code, refused, before the first flash ended
    assert shown(flash) is False and flash.remaining_ms > 250
    qtbot.waitUntil(lambda: not flash.isVisible(), timeout=2000)
    assert shown(flash) is None


def test_the_flash_follows_its_widget_and_lets_touches_through(qtbot: QtBot) -> None:
    window, _field = _desk(qtbot)
    preview = _preview(window)
    flash = ScanFlash(preview)
    flash.flash(True)
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: flash.geometry() == preview.rect() and preview.width() > 700)
    assert preview.childAt(preview.rect().center()) is None  # transparent for touches
    flash.clear()
    assert not flash.isVisible() and shown(flash) is None


def test_both_flashes_render_to_pictures(qtbot: QtBot, tmp_path: Path) -> None:
    window, _field = _desk(qtbot)
    flash = ScanFlash(_preview(window))
    colours = {}
    for ok, name in ((True, "flash-accepted.png"), (False, "flash-refused.png")):
        flash.flash(ok)
        assert window.grab().save(str(tmp_path / name))
        assert QImage(str(tmp_path / name)).size() == window.size()
        preview = _picture(window)
        colours[ok] = preview.pixelColor(flash.thickness() // 2, preview.height() // 3)
    assert _close(colours[True], ACCEPTED_COLOUR) and _close(colours[False], REFUSED_COLOUR)


def _white_pixels(image: QImage) -> int:
    centre_x, centre_y = image.width() // 2, image.height() // 2
    reach = min(image.width(), image.height()) // 6
    return sum(
        _close(image.pixelColor(x, y), "#FFFFFF")
        for x in range(centre_x - reach, centre_x + reach, 2)
        for y in range(centre_y - reach, centre_y + reach, 2)
    )

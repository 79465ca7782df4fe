"""The on-screen keyboard inside the window (issue 15, deliverable 1), with real Qt Virtual
Keyboard rendered offscreen and typed on by tapping its keys' centres found in the QML tree.

Loaded the kiosk's way (asynchronously) under pytest-qt's output capture; that this does not hang
with a Python message handler, and the privacy of the pinyin engine across sessions and
processes, are tested in subprocesses (``test_keyboard_process.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QGridLayout, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.keyboard.fields import (
    CREDIT_CODE_ALPHABET,
    PRIVATE_HINTS,
    FieldKind,
    configure_field,
)
from kiosk.ui.keyboard.host import KeyboardDock, QmlKeyboard, learnt_words_file
from kiosk.ui.keyboard.keypad import BACKSPACE
from kiosk.ui.keyboard.tryout import KeyboardTryout, keyboard_picture, tap, type_keys
from tests.gui.conftest import KioskFactory

WINDOW = QSize(1280, 800)


def open_tryout(qtbot: QtBot, metrics: DisplayMetrics, size: QSize = WINDOW) -> KeyboardTryout:
    window = KeyboardTryout(metrics)
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    qtbot.waitExposed(window)
    window.dock.load()
    qtbot.waitUntil(lambda: window.dock.ready, timeout=20_000)
    return window


@pytest.fixture
def tryout(qtbot: QtBot) -> Iterator[KeyboardTryout]:
    window = open_tryout(qtbot, DisplayMetrics(dpi=96.0))
    yield window
    window.close()


def focus(qtbot: QtBot, field: QLineEdit) -> None:
    """A finger's tap on ``field``."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(10, field.height() // 2))
    qtbot.waitUntil(field.hasFocus)


def keyboard_of(window: KeyboardTryout) -> QmlKeyboard:
    assert window.dock.keyboard is not None
    return window.dock.keyboard


def wait_for_keys(qtbot: QtBot, keyboard: QmlKeyboard, *texts: str) -> None:
    qtbot.waitUntil(lambda: set(texts) <= {k.text for k in keyboard.key_items()})


def test_pinyin_initials_offer_the_phrase_and_a_tap_commits_it(
    qtbot: QtBot, tryout: KeyboardTryout
) -> None:
    field = tryout.fields[FieldKind.TEXT]
    focus(qtbot, field)
    keyboard = keyboard_of(tryout)
    qtbot.waitUntil(lambda: tryout.dock.showing_keyboard)
    wait_for_keys(qtbot, keyboard, "y", "z")
    type_keys(keyboard, "yyzz")
    qtbot.waitUntil(lambda: keyboard.candidates()[:1] == ["营业执照"])
    assert field.text() == ""  # still composing: nothing committed yet
    qtbot.waitUntil(lambda: keyboard.candidate_rect("营业执照") is not None)
    rect = keyboard.candidate_rect("营业执照")
    assert rect is not None
    tap(keyboard, rect.center().x(), rect.center().y())
    qtbot.waitUntil(lambda: field.text() == "营业执照")


def test_full_pinyin_gives_the_phrase_first(qtbot: QtBot, tryout: KeyboardTryout) -> None:
    focus(qtbot, tryout.fields[FieldKind.NAME])
    keyboard = keyboard_of(tryout)
    wait_for_keys(qtbot, keyboard, "y", "z")
    type_keys(keyboard, "shenfenzheng")
    qtbot.waitUntil(lambda: keyboard.candidates()[:1] == ["身份证"])


def test_english_letters_and_the_globe_key(qtbot: QtBot, tryout: KeyboardTryout) -> None:
    field = tryout.fields[FieldKind.TEXT]
    tryout.dock.set_language("en")  # a session in English
    focus(qtbot, field)
    keyboard = keyboard_of(tryout)
    wait_for_keys(qtbot, keyboard, "h", "e", "l", "o")
    type_keys(keyboard, "hello")
    qtbot.waitUntil(lambda: field.text() == "hello")
    assert keyboard.candidates() == []  # English: no conversion, no predictions
    # The globe key switches to pinyin within the session.
    globe = [k for k in keyboard.key_items() if k.kind == "ChangeLanguageKey"]
    assert len(globe) == 1
    tap(keyboard, globe[0].centre.x(), globe[0].centre.y())
    qtbot.waitUntil(lambda: keyboard.call("currentLocale") == "zh_CN")
    type_keys(keyboard, "yyzz")
    qtbot.waitUntil(lambda: keyboard.candidates()[:1] == ["营业执照"])


def test_the_digit_and_phone_layouts_are_chosen_by_the_hints(
    qtbot: QtBot, tryout: KeyboardTryout
) -> None:
    keyboard = keyboard_of(tryout)
    focus(qtbot, tryout.fields[FieldKind.DIGITS])
    qtbot.waitUntil(lambda: tryout.dock.showing_keyboard)
    wait_for_keys(qtbot, keyboard, "5")
    digits = {k.text for k in keyboard.key_items() if k.kind == "Key"}
    assert set("0123456789") <= digits
    assert not (set("abcdefghijklmnopqrstuvwxyz") & digits)
    type_keys(keyboard, "2026")
    qtbot.waitUntil(lambda: tryout.fields[FieldKind.DIGITS].text() == "2026")

    focus(qtbot, tryout.fields[FieldKind.PHONE])
    qtbot.waitUntil(lambda: any(k.text == "*" for k in keyboard.key_items()))  # the phone pad
    phone = {k.text for k in keyboard.key_items() if k.kind == "Key"}
    assert set("0123456789") <= phone
    assert not (set("abcdefghijklmnopqrstuvwxyz") & phone)
    type_keys(keyboard, "13800138000")
    qtbot.waitUntil(lambda: tryout.fields[FieldKind.PHONE].text() == "13800138000")

    focus(qtbot, tryout.fields[FieldKind.TEXT])  # back to letters
    wait_for_keys(qtbot, keyboard, "q", "z")


def test_keys_and_candidate_bar_are_at_least_the_touch_target(qtbot: QtBot) -> None:
    """A large target (30 mm: 113 px at 96 dpi) is more than the default style's keys (about
    97 px at 1280 px wide): the dock raises the design height until every key is as tall."""
    metrics = DisplayMetrics(dpi=96.0, touch_target_mm=30.0)
    target = metrics.touch_target_px
    window = open_tryout(qtbot, metrics, QSize(1280, 1300))
    keyboard = keyboard_of(window)
    focus(qtbot, window.fields[FieldKind.TEXT])
    qtbot.waitUntil(lambda: window.dock.showing_keyboard)

    def keys_big_enough() -> bool:
        keys = keyboard.key_items()
        return bool(keys) and min(k.rect.height() for k in keys) >= target

    qtbot.waitUntil(keys_big_enough)
    letters = [k for k in keyboard.key_items() if k.kind == "Key" and k.text.isalpha()]
    assert len(letters) >= 26
    assert min(k.rect.width() for k in letters) >= target * 0.8  # ten keys across 1280 px
    type_keys(keyboard, "yyzz")
    qtbot.waitUntil(lambda: keyboard.candidate_rect("营业执照") is not None)
    rect = keyboard.candidate_rect("营业执照")
    assert rect is not None
    assert rect.height() >= target  # the candidate bar is a finger's height
    # The whole panel is shown: the dock is as tall as the panel and within the window.
    qtbot.waitUntil(lambda: window.dock.height() >= keyboard.height())
    assert window.dock.geometry().bottom() <= window.height()
    assert window.size() == QSize(1280, 1300)
    window.close()


def test_the_identity_keypad_types_x(qtbot: QtBot, tryout: KeyboardTryout) -> None:
    field = tryout.fields[FieldKind.IDENTITY_NUMBER]
    focus(qtbot, field)
    keypad = tryout.dock.keypad
    qtbot.waitUntil(keypad.isVisible)
    assert not tryout.dock.showing_keyboard  # the keypad instead of Qt's digit pad
    assert set(keypad.keys) == set("0123456789X") | {BACKSPACE}
    target = DisplayMetrics(dpi=96.0).touch_target_px
    for button in keypad.keys.values():
        assert button.height() >= target and button.width() >= target
    keypad.keys["X"].click()
    assert field.text() == ""  # X is only the check character, the 18th
    for digit in "51010419850615123":
        qtbot.mouseClick(keypad.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(keypad.keys["X"], Qt.MouseButton.LeftButton)
    assert field.text() == "51010419850615123X"
    assert field.hasFocus()  # the keys never take the focus
    qtbot.mouseClick(keypad.keys[BACKSPACE], Qt.MouseButton.LeftButton)
    assert field.text() == "51010419850615123"


def test_the_credit_code_keypad_refuses_i_o_s_v_z(qtbot: QtBot, tryout: KeyboardTryout) -> None:
    field = tryout.fields[FieldKind.CREDIT_CODE]
    focus(qtbot, field)
    keypad = tryout.dock.keypad
    qtbot.waitUntil(keypad.isVisible)
    assert set(keypad.keys) == set(CREDIT_CODE_ALPHABET) | {BACKSPACE}
    assert not (set("IOSVZ") & set(keypad.keys))
    for character in "91500000MA5U":
        keypad.keys[character].click()
    assert field.text() == "91500000MA5U"
    for refused in "IOSVZ":  # from any other source (a hardware keyboard): the validator
        keypad.press(refused)
        qtbot.keyClicks(field, refused)
    assert field.text() == "91500000MA5U"


def test_an_unconfigured_field_is_made_private_when_focused(
    qtbot: QtBot, tryout: KeyboardTryout
) -> None:
    forgotten = QLineEdit(tryout.scroll_area.widget())
    tryout.scroll_area.widget().layout().addWidget(forgotten)
    forgotten.show()
    assert (forgotten.inputMethodHints() & PRIVATE_HINTS) != PRIVATE_HINTS
    focus(qtbot, forgotten)
    assert (forgotten.inputMethodHints() & PRIVATE_HINTS) == PRIVATE_HINTS
    for field in tryout.fields.values():
        assert (field.inputMethodHints() & PRIVATE_HINTS) == PRIVATE_HINTS


def _in_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _visible_above(field: QLineEdit, dock: KeyboardDock) -> bool:
    """``field`` is wholly inside its scroll area's viewport and above the dock's top."""
    rect = _in_window(field)
    viewport = field.parentWidget()
    while viewport is not None and viewport.objectName() != "qt_scrollarea_viewport":
        viewport = viewport.parentWidget()
    assert viewport is not None
    return (
        dock.isVisible()
        and _in_window(viewport).contains(rect)
        and _in_window(viewport).bottom() < _in_window(dock).top()
    )


@pytest.mark.parametrize("kind", [FieldKind.CREDIT_CODE, FieldKind.TEXT])
def test_the_keyboard_never_covers_the_field_being_edited(qtbot: QtBot, kind: FieldKind) -> None:
    """A short window (the fields do not all fit): the last field, low on the screen, is
    scrolled into view above the keyboard, which takes its room from the screen above."""
    window = open_tryout(qtbot, DisplayMetrics(dpi=96.0), QSize(1280, 640))
    field = window.fields[kind]
    before = window.scroll_area.height()
    focus(qtbot, field)
    qtbot.waitUntil(lambda: _visible_above(field, window.dock))
    assert window.scroll_area.height() < before  # the screen above shrank
    assert window.scroll_area.geometry().bottom() < window.dock.geometry().top()
    window.close()


@pytest.mark.parametrize("size", [QSize(1280, 800), QSize(1366, 768), QSize(1080, 1920)], ids=str)
def test_in_the_kiosk_the_dock_shrinks_the_screen_and_a_new_session_resets_it(
    make_kiosk: KioskFactory, qtbot: QtBot, size: QSize
) -> None:
    kiosk = make_kiosk(size=size)
    window = kiosk.window
    dock = window.keyboard
    qtbot.waitUntil(lambda: dock.ready, timeout=20_000)  # loaded after the first paint
    kiosk.shell.start(JourneyName.HELP)
    screen = window.current_screen
    field = QLineEdit()
    configure_field(field, FieldKind.NAME)
    screen.body.addSpacing(2000)  # far down the screen
    screen.body.addWidget(field)
    stack_before = window.stack.height()
    field.setFocus(Qt.FocusReason.OtherFocusReason)  # out of sight: the dock scrolls to it
    qtbot.waitUntil(lambda: dock.showing_keyboard)
    qtbot.waitUntil(lambda: _visible_above(field, dock))
    assert window.stack.height() < stack_before
    assert window.size() == size  # the window never grows past the panel
    target = kiosk.window.context.metrics.touch_target_px
    assert dock.keyboard is not None
    assert min(k.rect.height() for k in dock.keyboard.key_items()) >= target
    assert _in_window(window.stack).bottom() < _in_window(dock).top()
    assert dock.geometry().bottom() <= window.centralWidget().height()

    first_folder = dock.user_data_path
    assert first_folder is not None
    assert first_folder.is_dir()
    assert dock.keyboard is not None
    assert dock.keyboard.call("userDataPath") == str(first_folder)
    kiosk.shell.go_home()  # the session ends
    qtbot.waitUntil(lambda: dock.user_data_path != first_folder)
    assert not first_folder.exists()  # the old session's folder is gone
    assert dock.keyboard.call("userDataPath") == str(dock.user_data_path)
    assert not QGuiApplication.inputMethod().isVisible() or not field.isVisible()


def test_the_session_language_chooses_the_layout(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk()
    dock = kiosk.window.keyboard
    qtbot.waitUntil(lambda: dock.ready, timeout=20_000)
    assert dock.keyboard is not None
    assert dock.keyboard.call("currentLocale") == "zh_CN"
    kiosk.shell.set_language("en")
    qtbot.waitUntil(
        lambda: dock.keyboard is not None and dock.keyboard.call("currentLocale") == "en_US"
    )


@pytest.mark.allow_log_warnings
def test_a_keyboard_that_fails_to_load_leaves_the_keypad_working(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "broken.qml"
    broken.write_text("import QtQuick\nItem { this is not QML }\n", encoding="utf-8")
    window = KeyboardTryout(DisplayMetrics(dpi=96.0))
    qtbot.addWidget(window)
    window.resize(WINDOW)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.dock.keyboard_failed, timeout=20_000):
        window.dock.load(broken)
    assert window.dock.failed and window.dock.keyboard is None
    assert "could not be loaded" in caplog.text
    field = window.fields[FieldKind.IDENTITY_NUMBER]
    focus(qtbot, field)
    qtbot.waitUntil(window.dock.keypad.isVisible)
    window.dock.keypad.keys["5"].click()
    assert field.text() == "5"
    focus(qtbot, window.fields[FieldKind.TEXT])  # no keyboard, and nothing breaks
    assert not window.dock.isVisible()
    window.close()


def test_configure_field_sets_the_hints_of_each_kind(qapp: QApplication) -> None:
    expected = {
        FieldKind.TEXT: Qt.InputMethodHint.ImhNoAutoUppercase,
        FieldKind.NAME: Qt.InputMethodHint.ImhNone,
        FieldKind.PHONE: Qt.InputMethodHint.ImhDialableCharactersOnly,
        FieldKind.DIGITS: Qt.InputMethodHint.ImhDigitsOnly,
    }
    for kind, hint in expected.items():
        field = QLineEdit()
        configure_field(field, kind)
        assert field.inputMethodHints() == hint | PRIVATE_HINTS
        assert field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    for kind in (FieldKind.IDENTITY_NUMBER, FieldKind.CREDIT_CODE):
        field = QLineEdit()
        configure_field(field, kind)
        assert not field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        assert field.maxLength() == 18


def test_the_tour_picture_shows_the_keyboard_with_pinyin_candidates(qapp: QApplication) -> None:
    picture = keyboard_picture(DisplayMetrics(dpi=96.0), QSize(1080, 1920))
    assert picture is not None
    assert (picture.width(), picture.height()) == (1080, 1920)
    image = picture.toImage()
    # The keyboard's dark panel fills the bottom of the picture; the form above is light.
    assert image.pixelColor(540, 1900).lightness() < 100
    assert image.pixelColor(540, 20).lightness() > 150


def test_larger_metrics_make_the_keys_larger(qtbot: QtBot, tryout: KeyboardTryout) -> None:
    """Elder mode's larger target reaches the open keyboard and the keypad."""
    keyboard = keyboard_of(tryout)
    focus(qtbot, tryout.fields[FieldKind.TEXT])
    wait_for_keys(qtbot, keyboard, "q")
    elder = DisplayMetrics(dpi=96.0, touch_target_mm=25.0)  # 94 px
    tryout.dock.set_metrics(elder)
    qtbot.waitUntil(
        lambda: min(k.rect.height() for k in keyboard.key_items()) >= elder.touch_target_px
    )
    focus(qtbot, tryout.fields[FieldKind.IDENTITY_NUMBER])
    keypad = tryout.dock.keypad
    qtbot.waitUntil(lambda: min(b.height() for b in keypad.keys.values()) >= elder.touch_target_px)


def test_elder_mode_makes_the_kiosks_keys_larger(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    kiosk = make_kiosk(size=QSize(1080, 1920))  # narrow: the default keys are small
    dock = kiosk.window.keyboard
    qtbot.waitUntil(lambda: dock.ready, timeout=20_000)
    kiosk.shell.start(JourneyName.HELP)
    field = QLineEdit()
    configure_field(field, FieldKind.TEXT)
    kiosk.window.current_screen.body.addWidget(field)
    field.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: dock.showing_keyboard)
    assert dock.keyboard is not None
    root = dock.keyboard.root
    assert root is not None
    normal_target = kiosk.window.metrics.touch_target_px
    assert root.property("candidateHeight") == normal_target
    kiosk.shell.toggle_elder()
    elder_target = kiosk.window.metrics.touch_target_px
    assert elder_target > normal_target
    assert root.property("candidateHeight") == elder_target  # the candidate bar grew

    def keys_at_least(height: int) -> bool:
        keys = dock.keyboard.key_items() if dock.keyboard is not None else []
        return bool(keys) and min(key.rect.height() for key in keys) >= height  # laid out again

    qtbot.waitUntil(lambda: keys_at_least(elder_target))


def test_words_learnt_by_an_earlier_run_are_deleted_before_the_keyboard_loads(
    qtbot: QtBot,
) -> None:
    learnt = learnt_words_file()
    learnt.parent.mkdir(parents=True, exist_ok=True)
    learnt.write_bytes(b"\x01" * 1000)  # what an unprotected run would have left
    window = open_tryout(qtbot, DisplayMetrics(dpi=96.0))
    qtbot.waitUntil(lambda: window.dock.ready, timeout=20_000)
    assert not learnt.exists() or learnt.stat().st_size != 1000
    window.close()


def test_the_identity_keypad_is_laid_out_like_a_telephone_with_drawn_keys(
    qtbot: QtBot, tryout: KeyboardTryout
) -> None:
    from kiosk.ui.keyboard.tryout import _kiosk_look  # noqa: PLC0415 - the kiosk's style sheet

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    _kiosk_look(app, DisplayMetrics(dpi=96.0))
    focus(qtbot, tryout.fields[FieldKind.IDENTITY_NUMBER])
    keypad = tryout.dock.keypad
    qtbot.waitUntil(keypad.isVisible)
    grid = keypad.layout()
    assert isinstance(grid, QGridLayout)
    rows: list[list[str]] = [[], [], [], []]
    for character, button in keypad.keys.items():
        row, column, _rows, _columns = grid.getItemPosition(grid.indexOf(button))
        rows[row].insert(column, character)
    assert rows == [["1", "2", "3"], ["4", "5", "6"], ["7", "8", "9"], ["X", "0", BACKSPACE]]
    key = keypad.keys["5"].grab().toImage()
    edge = key.pixelColor(1, key.height() // 2)
    inside = key.pixelColor(key.width() // 8, key.height() // 2)
    assert edge != inside  # a key has a drawn outline, not a bare digit on the background
    app.setStyleSheet("")


def test_hiding_the_keyboard_drops_an_unfinished_word_and_a_tap_brings_it_back(
    qtbot: QtBot, tryout: KeyboardTryout
) -> None:
    field = tryout.fields[FieldKind.NAME]
    focus(qtbot, field)
    keyboard = keyboard_of(tryout)
    qtbot.waitUntil(lambda: tryout.dock.showing_keyboard)
    wait_for_keys(qtbot, keyboard, "l", "i")
    type_keys(keyboard, "li")
    qtbot.waitUntil(lambda: bool(keyboard.candidates()))
    QGuiApplication.inputMethod().hide()  # the keyboard's hide key
    qtbot.waitUntil(lambda: not tryout.dock.showing_keyboard)
    assert field.text() == ""
    focus(qtbot, field)  # the citizen taps the field again
    qtbot.waitUntil(lambda: tryout.dock.showing_keyboard)
    assert field.text() == ""  # no candidate committed behind the citizen's back
    assert not keyboard.candidates()


def test_the_idle_countdown_puts_the_keyboard_away(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    clock = ManualClock()
    kiosk = make_kiosk(clock=clock)
    window = kiosk.window
    dock = window.keyboard
    qtbot.waitUntil(lambda: dock.ready, timeout=20_000)
    kiosk.shell.start(JourneyName.HELP)
    field = QLineEdit()
    configure_field(field, FieldKind.NAME)
    window.current_screen.body.addWidget(field)
    field.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: dock.showing_keyboard)
    field.setText("张")  # typed, then the citizen looks away
    while not kiosk.shell.view().countdown_visible:
        clock.advance(5)
        kiosk.shell.poll()
    qtbot.waitUntil(lambda: not dock.showing_keyboard)  # "are you still there?" shows whole
    assert window.overlay.isVisible()
    assert field.text() == "张"  # nothing typed is lost by it


def test_closing_waits_for_a_keyboard_still_loading(make_kiosk: KioskFactory) -> None:
    kiosk = make_kiosk()
    dock = kiosk.window.keyboard
    dock.load()  # as after the first paint; its QML is built on a thread of Qt's
    assert dock.keyboard is not None and not dock.ready
    dock.finish_loading()  # what closing does first: no teardown under the QML thread
    assert dock.ready or dock.failed

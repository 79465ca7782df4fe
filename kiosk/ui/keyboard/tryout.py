"""A window to try the on-screen keyboard (``kiosk keyboard-test``), and the tour's picture.

``KeyboardTryout`` shows one field of each kind (``FieldKind``), labelled in the session
language, above a ``KeyboardDock`` exactly as the main window holds it: a technician taps a
field and tries pinyin, English, the digit and phone pads and the keypads on the real panel.
``type_keys`` and ``show_pinyin_candidates`` tap the rendered keys as a finger would (tests,
``bench/keyboard.py``); ``keyboard_picture`` is the screenshot tour's picture of the keyboard
with pinyin candidates.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.keyboard.host import KeyboardDock, QmlKeyboard

if TYPE_CHECKING:
    from kiosk.config.loader import LoadedConfig

SCREENSHOT_WAIT_S = 10.0


def field_label(kind: FieldKind) -> str:
    """The label of a field of ``kind``, in the current language."""
    translate = QCoreApplication.translate
    labels = {
        FieldKind.TEXT: translate("KeyboardTryout", "Search (pinyin or English)"),
        FieldKind.NAME: translate("KeyboardTryout", "Name"),
        FieldKind.PHONE: translate("KeyboardTryout", "Phone number"),
        FieldKind.DIGITS: translate("KeyboardTryout", "Number"),
        FieldKind.IDENTITY_NUMBER: translate("KeyboardTryout", "Identity card number"),
        FieldKind.CREDIT_CODE: translate("KeyboardTryout", "Unified social credit code"),
    }
    return labels[kind]


class KeyboardTryout(QWidget):
    """One field of each kind above the keyboard dock."""

    def __init__(self, metrics: DisplayMetrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("kiosk keyboard-test")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        form = QFormLayout(content)
        margin = metrics.spacing_px * 2
        form.setContentsMargins(margin, margin, margin, margin)
        form.setVerticalSpacing(metrics.spacing_px * 2)
        self.fields: dict[FieldKind, QLineEdit] = {}
        self.labels: dict[FieldKind, QLabel] = {}
        for kind in FieldKind:
            field = QLineEdit()
            field.setMinimumHeight(metrics.touch_target_px)
            configure_field(field, kind)
            label = QLabel()
            label.setBuddy(field)
            form.addRow(label, field)
            self.fields[kind] = field
            self.labels[kind] = label
        self.scroll_area.setWidget(content)
        layout.addWidget(self.scroll_area, 1)
        self.dock = KeyboardDock(metrics)
        layout.addWidget(self.dock)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        for kind, label in self.labels.items():
            text = field_label(kind)
            label.setText(text)
            self.fields[kind].setAccessibleName(text)


def tap(widget: QWidget, x: int, y: int) -> None:
    """A finger's tap (a mouse click) at ``x, y`` of ``widget``."""
    QTest.mouseClick(
        widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y)
    )


def type_keys(keyboard: QmlKeyboard, letters: str) -> None:
    """Tap the keys showing ``letters`` one after the other (KeyError: no such key shown)."""
    for letter in letters:
        keys = [key for key in keyboard.key_items() if key.text == letter]
        if not keys:
            raise KeyError(letter)
        centre = keys[0].centre
        tap(keyboard, centre.x(), centre.y())
        QApplication.processEvents()


def show_pinyin_candidates(dock: KeyboardDock, field: QLineEdit, letters: str = "yyzz") -> bool:
    """Focus ``field`` and type ``letters`` on the pinyin keyboard, leaving the candidate bar
    full (for the tour's picture). False when the keyboard is not loaded (the picture then
    shows no keyboard)."""
    keyboard = dock.keyboard
    if keyboard is None or not dock.ready:
        return False
    dock.set_language("zh_CN")
    field.setFocus(Qt.FocusReason.MouseFocusReason)
    QApplication.processEvents()
    type_keys(keyboard, letters)
    return bool(keyboard.candidates())


@dataclass
class TryoutOutcome:
    """What ``run_tryout`` saw: whether the Qt keyboard loaded, and the picture it saved."""

    keyboard_loaded: bool = True
    saved: Path | None = None


def run_tryout(
    loaded: LoadedConfig | None,
    *,
    language: str = "zh_CN",
    size: tuple[int, int] | None = None,
    windowed: bool = False,
    quit_after_s: float | None = None,
    screenshot: Path | None = None,
) -> TryoutOutcome:
    """``kiosk keyboard-test``: show the tryout window with the kiosk's metrics, font and
    style until it is closed or the process gets a stop signal. With ``screenshot``, type
    ``yyzz`` once the keyboard is loaded, save a PNG of the window there and quit. Returns
    whether the keyboard loaded and where the picture was saved (the command says so)."""
    from kiosk.ui.app import display_metrics, ensure_application  # noqa: PLC0415 - cycle
    from kiosk.ui.i18n import LanguageSwitcher  # noqa: PLC0415
    from kiosk.ui.signals import StopOnSignals  # noqa: PLC0415

    app = ensure_application()
    stopper = StopOnSignals(app)
    window_size = QSize(*size) if size else QSize(1280, 800)
    try:
        metrics = display_metrics(loaded, window_size)
        _kiosk_look(app, metrics)
        LanguageSwitcher.of(app).apply(language)
        window = KeyboardTryout(metrics)
        window.dock.set_language(language)
        window.resize(window_size)
        outcome = TryoutOutcome()

        def failed() -> None:
            outcome.keyboard_loaded = False
            if screenshot is not None:
                app.quit()

        window.dock.keyboard_failed.connect(failed)
        if screenshot is not None:
            window.dock.keyboard_ready.connect(
                lambda: _screenshot(window, screenshot, app, outcome)
            )
        window.dock.load_after_first_paint(window.fields[FieldKind.TEXT])
        if windowed or screenshot is not None:
            window.show()
        else:
            window.showFullScreen()
        if quit_after_s is not None:
            QTimer.singleShot(round(quit_after_s * 1000), app.quit)
        app.exec()
        window.close()
        return outcome
    finally:
        stopper.close()


def _kiosk_look(app: QApplication, metrics: DisplayMetrics) -> None:
    """The kiosk's font and style sheet, as ``build_kiosk`` sets them."""
    from kiosk.ui.fonts import choose_ui_family  # noqa: PLC0415
    from kiosk.ui.style import stylesheet  # noqa: PLC0415

    family = choose_ui_family()
    font = QFont(family) if family else QFont()
    font.setPixelSize(metrics.body_px)
    app.setFont(font)
    app.setStyleSheet(stylesheet(metrics))


def _screenshot(
    window: KeyboardTryout, path: Path, app: QApplication, outcome: TryoutOutcome
) -> None:
    """Type ``yyzz``, save the window as a PNG once candidates show, then quit."""
    show_pinyin_candidates(window.dock, window.fields[FieldKind.TEXT])
    keyboard = window.dock.keyboard
    wait = QTimer(window)
    wait.setInterval(20)
    started = time.monotonic()

    def shoot() -> None:
        done = keyboard is not None and bool(keyboard.candidates())
        if done or time.monotonic() - started > SCREENSHOT_WAIT_S:
            wait.stop()
            if window.grab().save(str(path)):
                outcome.saved = path
            app.quit()

    wait.timeout.connect(shoot)
    wait.start()


def keyboard_picture(
    metrics: DisplayMetrics, size: QSize, language: str = "zh_CN", timeout_s: float = 20.0
) -> QPixmap | None:
    """A picture of the tryout window with the pinyin keyboard showing the candidates of
    ``yyzz`` (营业执照 first), for the screenshot tour; None when the keyboard cannot be loaded
    or does not answer within ``timeout_s``. Runs the event loop until then (GUI thread, with a
    ``QApplication`` made after ``prepare_environment``)."""
    window = KeyboardTryout(metrics)
    window.resize(size)
    window.dock.set_language(language)
    window.show()
    window.dock.load()
    deadline = time.monotonic() + timeout_s

    def wait_until(condition: Callable[[], bool]) -> bool:
        while not condition():
            if time.monotonic() > deadline or window.dock.failed:
                return False
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        return True

    try:
        if not wait_until(lambda: window.dock.ready):
            return None
        keyboard = window.dock.keyboard
        field = window.fields[FieldKind.TEXT]
        field.setFocus(Qt.FocusReason.MouseFocusReason)
        if keyboard is None or not wait_until(
            lambda: {"y", "z"} <= {key.text for key in keyboard.key_items()}
        ):
            return None
        show_pinyin_candidates(window.dock, field)
        if not wait_until(lambda: bool(keyboard.candidates())):
            return None
        QApplication.processEvents()
        return window.grab()
    finally:
        window.close()
        window.deleteLater()

"""The keyboard dock: the strip at the bottom of the main window where a keyboard appears.

It shows Qt Virtual Keyboard (a ``QQuickWidget`` with ``panel.qml``; pinyin and English, the
numeric and phone pads chosen by the field's input hints) while a field that takes the input
method is focused, and the kiosk's own keypad (``kiosk.ui.keyboard.keypad``) for identity
numbers and credit codes. The dock is a widget in the window's layout, never a window of its
own: when it appears, the screen above shrinks and the focused field is scrolled into view, so
the keyboard never covers the field being edited.

Loading: ``QQuickWidget.setSource`` would compile the QML synchronously, while Qt's QML thread
emits warnings; a Python message handler (the kiosk's, pytest-qt's) then needs the GIL that
the waiting main thread holds, and the process hangs. The QML is therefore compiled with an
asynchronous ``QQmlComponent`` (the event loop keeps running and releasing the GIL), after the
first paint (``load_after_first_paint``; the kiosk's window loads it once its services are open,
see ``MainWindow.build_all_screens``, so that the QML thread's plugin loading never races the
services' worker importing C extensions). If it fails, the kiosk runs on without the Qt
keyboard (logged; the own keypad still works).

Privacy: any field that takes the focus is marked sensitive and without predictions
(``fields.enforce_privacy``), which keeps the pinyin engine from learning; the virtual
keyboard's user data (``VirtualKeyboardSettings.userDataPath``) lives in a temporary folder of
the session, reset (``userDataReset``) and replaced when the session ends (``follow_session``).
Qt 6.11's pinyin plugin ignores ``userDataPath`` (its dictionary of learnt phrases is
``QStandardPaths.ConfigLocation/qtvirtualkeyboard/pinyin/usr_dict.dat``, and
``ImhSensitiveData`` is what keeps it unused), so the hints are the protection that matters;
that file is deleted before the keyboard loads (``forget_learnt_words``), so words learnt by an
earlier, unprotected run are never offered.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import logging
import math
import shutil
import tempfile
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    Q_ARG,
    Q_RETURN_ARG,
    SIGNAL,
    QEvent,
    QEventLoop,
    QMetaObject,
    QObject,
    QPoint,
    QRect,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QResizeEvent
from PySide6.QtQml import QQmlComponent
from PySide6.QtQuick import QQuickItem
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.keyboard.environment import keyboard_possible
from kiosk.ui.keyboard.fields import enforce_privacy, field_kind
from kiosk.ui.keyboard.keypad import Keypad

PANEL_QML = Path(__file__).with_name("panel.qml")
DEFAULT_DESIGN_HEIGHT = 800.0  # Qt Virtual Keyboard's default style: 2560 x 800
DESIGN_WIDTH = 2560.0
CALIBRATE_RETRY_MS = 30
# A letter key's height over the keyboard's in the default style (Qt 6.11: 97 of 400 px); used
# until the drawn keys are measured, so that the first showing already has its final height.
KEY_SHARE_ESTIMATE = 0.24
# The keyboard takes at most this share of the window, and less when the rest of the window
# needs more (unless keys a touch target high need more): header, footer, the screen above.
MAX_HEIGHT_SHARE = 0.5
LOCALES = {"zh_CN": "zh_CN", "en": "en_US"}  # session language -> keyboard locale
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyItem:
    """A key of the rendered keyboard, in the keyboard widget's coordinates."""

    kind: str  # the QML type: Key, BackspaceKey, ChangeLanguageKey, SpaceKey, ...
    text: str
    rect: QRect

    @property
    def centre(self) -> QPoint:
        return self.rect.center()


class QmlKeyboard(QQuickWidget):
    """Qt Virtual Keyboard's panel, compiled asynchronously (``load``): ``loaded`` or
    ``failed`` is emitted once."""

    loaded = Signal()
    failed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KioskVirtualKeyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a tap on a key keeps the field's focus
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        self.setAttribute(Qt.WidgetAttribute.WA_AlwaysStackOnTop)
        self.setClearColor(QColor(Qt.GlobalColor.transparent))
        self._component: QQmlComponent | None = None
        self._started = 0.0
        self.load_ms: float | None = None

    @property
    def root(self) -> QQuickItem | None:
        return self.rootObject()

    def load(self, source: Path = PANEL_QML) -> None:
        """Compile ``source`` without blocking; ``loaded``/``failed`` tells the outcome."""
        self._started = time.perf_counter()
        url = QUrl.fromLocalFile(str(source))
        mode = QQmlComponent.CompilationMode.Asynchronous
        self._component = QQmlComponent(self.engine(), url, mode, self)
        if self._component.isLoading():
            self._component.statusChanged.connect(self._compiled)
        else:
            self._compiled()

    def _compiled(self, *_: object) -> None:
        component = self._component
        if component is None or component.isLoading():
            return
        component.statusChanged.disconnect()
        root = component.create() if component.isReady() else None
        if root is None:
            _log.warning(
                "the on-screen keyboard could not be loaded; the kiosk runs without it",
                extra={"qml_errors": component.errorString().strip()[:500]},
            )
            self.failed.emit()
            return
        self.setContent(component.url(), component, root)
        self.load_ms = (time.perf_counter() - self._started) * 1000
        _log.info("on-screen keyboard loaded", extra={"load_ms": round(self.load_ms)})
        self.loaded.emit()

    def call(self, function: str, *args: object) -> object:
        """Call a function of ``panel.qml``'s root."""
        root = self.root
        if root is None:
            return None
        arguments = [Q_ARG("QVariant", argument) for argument in args]
        return QMetaObject.invokeMethod(root, function, Q_RETURN_ARG("QVariant"), *arguments)

    def key_items(self) -> list[KeyItem]:
        """The visible keys of the current layout."""
        root = self.root
        found: list[KeyItem] = []
        if root is not None:
            _collect_keys(root, found)
        return found

    def candidates(self) -> list[str]:
        """The candidate bar's words, in order."""
        view = self._find("wordCandidateView")
        model = view.property("model") if view is not None else None
        if model is None:
            return []
        return [
            str(model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole))
            for row in range(model.rowCount())
        ]

    def candidate_rect(self, word: str) -> QRect | None:
        """Where the candidate ``word`` is drawn in the candidate bar (None: not shown)."""
        view = self._find("wordCandidateView")
        content = view.property("contentItem") if view is not None else None
        if not isinstance(content, QQuickItem):
            return None
        for item in content.childItems():
            texts = [child.property("text") for child in item.childItems()]
            if item.isVisible() and word in texts:
                return _scene_rect(item)
        return None

    def _find(self, name: str) -> QQuickItem | None:
        root = self.root
        return root.findChild(QQuickItem, name) if root is not None else None


def _collect_keys(item: QQuickItem, found: list[KeyItem]) -> None:
    for child in item.childItems():
        # While the keyboard's loaders build or drop a layout, a child may be only a QObject
        # for a moment (no isVisible): the kiosk went to the apology at the first keyboard.
        if not isinstance(child, QQuickItem) or not child.isVisible():
            continue
        meta = child.metaObject()
        if meta.indexOfProperty("key") >= 0 and meta.indexOfProperty("displayText") >= 0:
            kind = meta.className().split("_QMLTYPE_")[0].split("_QML_")[0]
            text = child.property("text")
            rect = _scene_rect(child)
            if rect.width() > 0 and rect.height() > 0 and kind != "FillerKey":
                found.append(KeyItem(kind, str(text or ""), rect))
        _collect_keys(child, found)


def _scene_rect(item: QQuickItem) -> QRect:
    top_left = item.mapToScene(item.boundingRect().topLeft())
    return QRect(
        math.floor(top_left.x()),
        math.floor(top_left.y()),
        math.floor(item.width()),
        math.floor(item.height()),
    )


class _FirstPaint(QObject):
    """Calls ``then`` on the event loop after ``widget`` first painted."""

    def __init__(self, widget: QWidget, then: object) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # type: ignore[call-overload]
        return False


def learnt_words_file() -> Path:
    """Where Qt's pinyin engine keeps the words it learnt. It ignores
    ``VirtualKeyboardSettings.userDataPath``: this file under the user's configuration folder is
    shared by every session and survives a restart."""
    config = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.ConfigLocation)
    return Path(config) / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"


def forget_learnt_words() -> None:
    """Delete the pinyin engine's learnt words before the keyboard loads. Fields are marked
    sensitive, so nothing is learnt while the kiosk runs; this clears what an earlier run
    (another program, an older version) may have left for the next citizen to see."""
    try:
        learnt_words_file().unlink(missing_ok=True)
    except OSError as error:
        _log.warning("could not clear the keyboard's learnt words: %s", error.strerror)


class KeyboardDock(QWidget):
    """The strip at the bottom of the window that holds the keyboards (see the module doc)."""

    keyboard_ready = Signal()  # Qt Virtual Keyboard is loaded and configured
    keyboard_failed = Signal()  # it could not be loaded: only the own keypad is available
    shown_changed = Signal(bool)

    def __init__(self, metrics: DisplayMetrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("KeyboardDock")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._metrics = metrics
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.keypad = Keypad(metrics, self)
        self.keypad.hide()
        self._layout.addWidget(self.keypad)
        self.keyboard: QmlKeyboard | None = None
        self.failed = False
        self._design_height = DEFAULT_DESIGN_HEIGHT
        self._key_share: float | None = None  # a key's height over the keyboard's
        self._holder_height = 0  # the window's height while no keyboard shows
        self._calibrate = QTimer(self)
        self._calibrate.setInterval(CALIBRATE_RETRY_MS)
        self._calibrate.timeout.connect(self._calibrated)
        self._language = "zh_CN"
        self._session: int | None = None
        self._user_data: Path | None = None
        self._remove_user_data: Callable[[], object] = lambda: None
        # False on a clerk's desk with a keyboard: a field reached by Tab (or focused while the
        # clerk works the keys) brings no on-screen keyboard; a tap on it still does.
        self.keys_bring_keyboard = True
        self._by_keys = False  # the last input was a key, not a tap or a click
        self.hide()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            app.installEventFilter(self)

    # ---- loading
    @property
    def ready(self) -> bool:
        return self.keyboard is not None and self.keyboard.root is not None

    def load_after_first_paint(self, widget: QWidget) -> None:
        """Start loading the Qt keyboard once ``widget`` has painted (start-up first)."""
        _FirstPaint(widget, self.load)

    def load(self, source: Path = PANEL_QML) -> None:
        """Start loading Qt Virtual Keyboard from ``source`` (once); returns at once."""
        if self.keyboard is not None or self.failed:
            return
        if not keyboard_possible():
            _log.info("on-screen keyboard off: Qt was not started with it as input method")
            self.failed = True
            self.keyboard_failed.emit()
            return
        forget_learnt_words()
        keyboard = QmlKeyboard(self)
        keyboard.hide()
        self._layout.addWidget(keyboard)
        keyboard.loaded.connect(self._loaded)
        keyboard.failed.connect(self._load_failed)
        self.keyboard = keyboard
        keyboard.load(source)

    def finish_loading(self, timeout_ms: int = 10_000) -> None:
        """Wait (running the event loop) until a load under way has finished or failed, at
        most ``timeout_ms``: the window must not be torn down while the QML thread still
        builds the keyboard (that crashed the process at exit)."""
        keyboard = self.keyboard
        if keyboard is None or self.ready or self.failed:
            return
        loop = QEventLoop()
        keyboard.loaded.connect(loop.quit)
        keyboard.failed.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        if not self.ready and not self.failed:
            loop.exec()

    def _load_failed(self) -> None:
        self.failed = True
        if self.keyboard is not None:
            self.keyboard.deleteLater()
            self.keyboard = None
        self.keyboard_failed.emit()

    def _loaded(self) -> None:
        assert self.keyboard is not None
        self._new_user_data()
        self.keyboard.call("setLocales", list(LOCALES.values()), LOCALES[self._language])
        root = self.keyboard.root
        if root is not None:
            # The keyboard lays out no keys while its width is 0 (hidden): give it the width
            # now, or a first field with digits-only hints gets an empty panel.
            root.setWidth(float(self.window().width()))
            root.setProperty("candidateHeight", float(self._metrics.touch_target_px))
            root.setProperty("designHeight", self._design_height)
        method = QGuiApplication.inputMethod()
        method.visibleChanged.connect(self._update)
        method.visibleChanged.connect(self._drop_unfinished_word)
        if root is not None:  # the candidate bar or a new design height changes the height
            QObject.connect(root, SIGNAL("panelHeightChanged()"), self._height_changed)
        self.keyboard_ready.emit()
        self._update()

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        """New sizes (e.g. elder mode's larger touch target): keys, candidate bar, keypad."""
        self._metrics = metrics
        self.keypad.set_metrics(metrics)
        root = self.keyboard.root if self.keyboard is not None else None
        if root is not None:
            root.setProperty("candidateHeight", float(metrics.touch_target_px))
        self._update()

    # ---- the session
    def follow_session(self, session_number: int, language: str) -> None:
        """Called with every view of the shell: a new session resets the keyboard's user data
        and language; a new session language becomes the keyboard's (the globe key can still
        switch within a session)."""
        if self._session is not None and session_number != self._session:
            self.end_session()
        if session_number != self._session or language != self._language:
            self._session = session_number
            self.set_language(language)

    def set_language(self, language: str) -> None:
        """Show the layout of ``language`` (``zh_CN`` pinyin, ``en`` English)."""
        self._language = language if language in LOCALES else "zh_CN"
        if self.keyboard is not None:
            self.keyboard.call("setLocale", LOCALES[self._language])

    def end_session(self) -> None:
        """Forget everything of the session: composition, keypad, the keyboard's user data."""
        QGuiApplication.inputMethod().reset()
        self.keypad.release()
        if self.keyboard is not None and self.keyboard.root is not None:
            self.keyboard.call("resetUserData")
            self._new_user_data()
        self._update()

    @property
    def user_data_path(self) -> Path | None:
        """The current session's folder for the keyboard's user data."""
        return self._user_data

    def _new_user_data(self) -> None:
        self._remove_user_data()
        folder = Path(tempfile.mkdtemp(prefix="kiosk-keyboard-"))
        self._user_data = folder
        # Removed with the next session's, or when the dock goes, or at exit at the latest.
        self._remove_user_data = weakref.finalize(self, shutil.rmtree, folder, True)
        if self.keyboard is not None:
            self.keyboard.call("setUserDataPath", str(folder))

    # ---- showing and sizing
    @property
    def showing_keyboard(self) -> bool:
        return self.keyboard is not None and not self.keyboard.isHidden()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            self._by_keys = True
            if event.spontaneous() and not self.keys_bring_keyboard and self.isVisible():
                # A real keyboard's key at a desk: the clerk types there, the on-screen keyboard
                # goes (its own keys are not spontaneous: they keep it).
                QTimer.singleShot(0, self._keys_typed)
        elif kind in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin):
            if self._by_keys and not self.keys_bring_keyboard:
                # Qt moves the focus on a press before this filter sees it: the focus change
                # was judged as by keys. Judge the focused field again once the tap is done.
                QTimer.singleShot(0, self._tapped)
            self._by_keys = False
        return super().eventFilter(watched, event)

    def _keys_typed(self) -> None:
        self.keypad.release()
        QGuiApplication.inputMethod().hide()
        self._update()

    def _tapped(self) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and not self._by_keys:
            self._focus_changed(None, focused)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new.window() is not self.window():
            return  # a field of another window (a technician's tool): not this dock's
        if (
            not self.keys_bring_keyboard
            and self._by_keys
            and (new is None or not self.isAncestorOf(new))
        ):
            if new is not None:
                enforce_privacy(new)
            self.keypad.release()
            QGuiApplication.inputMethod().hide()
            self._update()
            return
        if new is not None and (
            isinstance(new, QLineEdit)
            or new.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        ):
            enforce_privacy(new)
        kind = field_kind(new)
        if isinstance(new, QLineEdit) and kind is not None and kind.uses_keypad:
            self.keypad.show_for(new, kind)
        elif new is None or not self.isAncestorOf(new):
            self.keypad.release()
            if new is not None and new.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
                # One tap on a field brings the keyboard (Qt's default wants a second tap),
                # once the input method has taken the new field's hints.
                QTimer.singleShot(0, QGuiApplication.inputMethod().show)
        self._update()

    def _drop_unfinished_word(self) -> None:
        """The keyboard was hidden in the middle of a pinyin word: drop the word (its letters
        are shown underlined in the field), or the next tap would commit a candidate the
        citizen never chose."""
        method = QGuiApplication.inputMethod()
        if not method.isVisible():
            method.reset()

    def _update(self) -> None:
        holder = self.parentWidget()
        if holder is not None and self.isHidden():  # the window's height without a keyboard
            self._holder_height = holder.height()
        keyboard = self.keyboard
        wanted = (
            keyboard is not None
            and keyboard.root is not None
            and QGuiApplication.inputMethod().isVisible()
            and self.keypad.isHidden()
        )
        if keyboard is not None:
            if wanted:
                self._fit_keys()
                keyboard.setFixedHeight(self._panel_height())
            keyboard.setVisible(wanted)
            if wanted and self._key_share is None:
                self._calibrate.start()  # the keys are laid out once the panel is shown
        visible = wanted or not self.keypad.isHidden()
        if visible != self.isVisible():
            self.setVisible(visible)
            self.shown_changed.emit(visible)
        if visible:
            self.reveal_focus()
            QTimer.singleShot(0, self.reveal_focus)

    def _calibrated(self) -> None:
        """Retried (a timer) until the shown keyboard's keys can be measured."""
        self._fit_keys()
        if self._key_share is not None or not self.showing_keyboard:
            self._calibrate.stop()
            self._height_changed()

    def _panel_height(self) -> int:
        root = self.keyboard.root if self.keyboard is not None else None
        height = root.property("panelHeight") if root is not None else None
        return math.ceil(float(height)) if height else 0

    def _fit_keys(self) -> None:
        """Set the style's design height: keys at least a touch target high, and the panel
        (with its candidate bar) within ``MAX_HEIGHT_SHARE`` of the window, as large as the
        default style (800) when that fits.

        A key's height is a fixed share of the keyboard's, which is the design height times
        the width over 2560: the share is measured once on the default style."""
        keyboard = self.keyboard
        root = keyboard.root if keyboard is not None else None
        holder = self.parentWidget()
        width = holder.width() if holder is not None else self.window().width()
        if keyboard is None or root is None or width <= 0:
            return
        root.setWidth(float(width))  # also while hidden: the keys are laid out at this width
        if self._key_share is None:
            keys = [key for key in keyboard.key_items() if key.kind == "Key"]
            drawn_width = root.width()
            if keys and drawn_width > 0 and self._design_height == DEFAULT_DESIGN_HEIGHT:
                drawn = DEFAULT_DESIGN_HEIGHT * drawn_width / DESIGN_WIDTH
                self._key_share = min(key.rect.height() for key in keys) / drawn
        key_share = self._key_share or KEY_SHARE_ESTIMATE  # measured once the keys are drawn
        target = self._metrics.touch_target_px * 1.02  # rounding: never a pixel short
        smallest = target / key_share * DESIGN_WIDTH / width  # keys a target high
        wanted = max(smallest, DEFAULT_DESIGN_HEIGHT)
        room = self._room()
        if room is not None:  # what the window has left (it must not grow past the screen)
            keys_room = room - self._metrics.touch_target_px  # the candidate bar
            wanted = max(smallest, min(wanted, keys_room * DESIGN_WIDTH / width))
        if abs(wanted - self._design_height) >= 1:
            self._design_height = wanted
            root.setProperty("designHeight", wanted)

    def _room(self) -> int | None:
        """The height the keyboard may take: ``MAX_HEIGHT_SHARE`` of the window as it is
        without the keyboard, and no more than what the other parts of the window leave at
        their smallest (the screen above at its minimum, its field still visible)."""
        holder = self.parentWidget()
        layout = holder.layout() if holder is not None else None
        if holder is None or layout is None or self._holder_height <= 0:
            return None
        others = 0
        for index in range(layout.count()):
            item = layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if item is None or widget is self or (widget is not None and widget.isHidden()):
                continue
            smallest = item.minimumSize().height()
            if widget is not None:  # a screen's own minimum (its action bar, a little body)
                smallest = max(smallest, _minimum_height(widget))
            others += smallest + max(0, layout.spacing())
        margins = layout.contentsMargins()
        others += margins.top() + margins.bottom()
        share = round(MAX_HEIGHT_SHARE * self._holder_height)
        return max(0, min(share, self._holder_height - others))

    def _height_changed(self) -> None:
        if self.keyboard is not None:
            height = self._panel_height()
            if height and height != self.keyboard.height():
                self.keyboard.setFixedHeight(height)
                if self.isVisible():
                    QTimer.singleShot(0, self.reveal_focus)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.showing_keyboard and event.size().width() != event.oldSize().width():
            self._fit_keys()
            self._height_changed()
        root = self.keyboard.root if self.keyboard is not None else None
        if root is not None and not self.isVisible():
            root.setWidth(float(self.window().width()))
        if self.isVisible() and event.size().height() != event.oldSize().height():
            QTimer.singleShot(0, self.reveal_focus)  # the screen above changed height too

    def reveal_focus(self) -> None:
        """Scroll the focused field into view in the scroll area that holds it."""
        focus = QApplication.focusWidget()
        if focus is None or self.isAncestorOf(focus):
            return
        holder = self.parentWidget()
        layout = holder.layout() if holder is not None else None
        if layout is not None:  # the screen above gets its new, smaller height now
            layout.invalidate()
            layout.activate()
        parent = focus.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                _scroll_to(parent, focus, self._metrics.spacing_px)
                return
            parent = parent.parentWidget()


def _scroll_to(area: QScrollArea, widget: QWidget, margin: int) -> None:
    """Scroll ``area`` so that all of ``widget`` shows with ``margin`` around it (Qt's
    ``ensureWidgetVisible`` only makes a line edit's cursor visible, not the whole field)."""
    content = area.widget()
    if content is None:
        return
    bar = area.verticalScrollBar()
    top = widget.mapTo(content, QPoint(0, 0)).y()
    bottom = top + widget.height()
    view = area.viewport().height()
    if bottom + margin > bar.value() + view:
        bar.setValue(bottom + margin - view)
    if top - margin < bar.value():
        bar.setValue(max(0, top - margin))


def _minimum_height(widget: QWidget) -> int:
    """The least height ``widget`` accepts: for a stack, that of the page it shows."""
    shown = widget.currentWidget() if isinstance(widget, QStackedWidget) else None
    target = shown if isinstance(shown, QWidget) else widget
    return max(target.minimumSizeHint().height(), target.minimumHeight())

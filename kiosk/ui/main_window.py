"""The main window: header, a stack with one widget per screen, footer, idle overlay.

Each journey step names the screen that shows it (``kiosk.journeys.journey.Screen``); a screen
such as the scan screen serves the steps of several journeys. It holds no decisions. It renders
each ``ShellView`` the shell publishes (which screen, which language, whether the countdown
shows) and forwards touches and timer ticks to the shell.

Start-up: only the first screen (home, or maintenance) is built with the window, so that it
paints before the camera, decoding and receipt modules are even imported; the start-up code
builds the others once the terminal's services are open (``build_all_screens``), and a screen
shown before then is built on demand.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import importlib
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.journeys.journey import TECHNICIAN_SCREENS, Screen
from kiosk.journeys.shell import KioskShell, MaintenanceReason, ShellView
from kiosk.runtime.display import DisplayMetrics
from kiosk.technician.gesture import TECHNICIAN_KEYS, TapCounter
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.keyboard.host import KeyboardDock
from kiosk.ui.pointer_hold import PointerHold
from kiosk.ui.screens.base import ScreenWidget, UiContext
from kiosk.ui.style import measured_cap_ratio, palette_for, stylesheet
from kiosk.ui.widgets.chrome import FooterBar, HeaderBar, make_stripe
from kiosk.ui.widgets.idle_overlay import IdleOverlay
from kiosk.voice.guide import VoiceGuide
from kiosk.voice.mapping import scan_problem

POLL_INTERVAL_MS = 250
HOLD_LIMIT_MS = 3000  # the longest a new screen waits for a finger to lift
_ACTIVITY_EVENTS = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class ActivityFilter(QObject):
    """Application-wide event filter: any touch, click or key press is user activity."""

    activity = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY_EVENTS:
            self.activity.emit()
        return False


# Each screen's module and class, imported when the screen is first needed (start-up time).
SCREEN_CLASSES: dict[Screen, tuple[str, str]] = {
    Screen.HOME: ("kiosk.ui.screens.home", "HomeScreen"),
    Screen.MAINTENANCE: ("kiosk.ui.screens.maintenance", "MaintenanceScreen"),
    Screen.HELP: ("kiosk.ui.screens.help", "HelpScreen"),
    Screen.BROWSE: ("kiosk.ui.screens.browse", "BrowseScreen"),
    Screen.RESULTS: ("kiosk.ui.screens.results", "ResultsScreen"),
    Screen.ITEM_DETAIL: ("kiosk.ui.screens.item_detail", "ItemDetailScreen"),
    Screen.GUIDE: ("kiosk.ui.screens.guide", "GuideScreen"),
    Screen.SCAN: ("kiosk.ui.screens.scan", "ScanScreen"),
    Screen.CHECK_RESULT: ("kiosk.ui.screens.check_result", "CheckResultScreen"),
    Screen.STATUS_ENTRY: ("kiosk.ui.screens.status_entry", "StatusEntryScreen"),
    Screen.STATUS_RESULT: ("kiosk.ui.screens.status_result", "StatusResultScreen"),
    Screen.APPLY_ROLE: ("kiosk.ui.screens.apply_role", "ApplyRoleScreen"),
    Screen.APPLY_IDENTITY: ("kiosk.ui.screens.apply_identity", "ApplyIdentityScreen"),
    Screen.APPLY_MATERIALS: ("kiosk.ui.screens.apply_materials", "ApplyMaterialsScreen"),
    Screen.APPLY_PHOTO: ("kiosk.ui.screens.apply_photo", "ApplyPhotoScreen"),
    Screen.APPLY_FORM: ("kiosk.ui.screens.apply_form", "ApplyFormScreen"),
    Screen.APPLY_REVIEW: ("kiosk.ui.screens.apply_review", "ApplyReviewScreen"),
    Screen.APPLY_CONSENT: ("kiosk.ui.screens.apply_consent", "ApplyConsentScreen"),
    Screen.APPLY_SUBMITTING: ("kiosk.ui.screens.apply_submitting", "ApplySubmittingScreen"),
    Screen.APPLY_DONE: ("kiosk.ui.screens.apply_done", "ApplyDoneScreen"),
    Screen.RECEIPT: ("kiosk.ui.screens.receipt", "ReceiptScreen"),
    Screen.DESK: ("kiosk.ui.screens.desk", "DeskScreen"),
    Screen.DESK_REGISTER: ("kiosk.ui.screens.desk_register", "DeskRegisterScreen"),
    Screen.DESK_STAY: ("kiosk.ui.screens.desk_stay", "DeskStayScreen"),
    Screen.APOLOGY: ("kiosk.ui.screens.apology", "ApologyScreen"),
    Screen.TECH_PIN: ("kiosk.ui.screens.tech_pin", "TechPinScreen"),
    Screen.TECH_HOME: ("kiosk.ui.screens.tech_home", "TechHomeScreen"),
    Screen.TECH_STATUS: ("kiosk.ui.screens.tech_status", "TechStatusScreen"),
    Screen.TECH_DEVICES: ("kiosk.ui.screens.tech_devices", "TechDevicesScreen"),
    Screen.TECH_ENROL: ("kiosk.ui.screens.tech_enrol", "TechEnrolScreen"),
    Screen.TECH_CONFIG: ("kiosk.ui.screens.tech_config", "TechConfigScreen"),
    Screen.TECH_LOGS: ("kiosk.ui.screens.tech_logs", "TechLogsScreen"),
    Screen.TECH_IMPORT: ("kiosk.ui.screens.tech_import", "TechImportScreen"),
    Screen.TECH_SYSTEM: ("kiosk.ui.screens.tech_system", "TechSystemScreen"),
}


DESK_SCREENS = frozenset({Screen.DESK, Screen.DESK_REGISTER, Screen.DESK_STAY})


def make_screen(
    screen: Screen, context: UiContext, maintenance: MaintenanceReason | None
) -> ScreenWidget:
    """The widget for ``screen``."""
    module_name, class_name = SCREEN_CLASSES[screen]
    screen_class = getattr(importlib.import_module(module_name), class_name)
    widget = (
        screen_class(context, maintenance)
        if screen is Screen.MAINTENANCE
        else screen_class(context)
    )
    assert isinstance(widget, ScreenWidget)
    return widget


class MainWindow(QMainWindow):
    """The kiosk's only window."""

    def __init__(
        self,
        context: UiContext,
        languages: LanguageSwitcher,
        maintenance: MaintenanceReason | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle("川渝通办 · Cross-Region Services")
        self.context = context
        self.shell: KioskShell = context.shell
        self._languages = languages
        metrics = context.metrics

        root = QWidget()
        root.setObjectName("KioskRoot")
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = HeaderBar(metrics)
        self.header.set_centre(context.terminal.centre)
        self.header.set_staffed(context.shell.mode.staffed)
        self.header.language_clicked.connect(self.shell.next_language)
        self._technician_taps = self._technician_gesture(context)
        layout.addWidget(self.header)
        layout.addWidget(make_stripe(metrics))
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.footer = FooterBar(metrics, context.terminal.terminal_id)
        self.footer.set_staffed(context.shell.mode.staffed)
        layout.addWidget(self.footer)
        # The on-screen keyboard takes room at the bottom (the screen above shrinks); its QML
        # is compiled asynchronously once the services are open (build_all_screens).
        self.keyboard = KeyboardDock(metrics)
        # A clerk's desk has a keyboard: a field reached with it (Tab) brings no on-screen one.
        self.keyboard.keys_bring_keyboard = not context.shell.mode.staffed
        layout.addWidget(self.keyboard)
        self.setCentralWidget(root)

        self._maintenance = maintenance
        self._init_pointer_hold()
        self.screens: dict[Screen, ScreenWidget] = {}  # built so far
        self._init_presentation(metrics)
        self._screen(self.shell.screen)

        self.overlay = IdleOverlay(metrics, root)
        self.overlay.continue_clicked.connect(self.shell.user_activity)

        self.activity_filter = ActivityFilter(self)
        self.activity_filter.activity.connect(self.shell.user_activity)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.activity_filter)
            app.installEventFilter(self.pointer)

        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_INTERVAL_MS)
        self.poll_timer.timeout.connect(self.shell.poll)
        self.poll_timer.start()

        self._session_number = self.shell.view().session_number
        self._shown: tuple[object, ...] = ()
        self.voice = VoiceGuide(context.scanning.speaker)  # spoken prompts, when switched on
        self.voice.attach(self.shell)
        self.shell.subscribe(self.show_view)
        self.show_view(self.shell.view())

    def _init_pointer_hold(self) -> None:
        """A new view waits while a finger is still down (see kiosk.ui.pointer_hold), at most
        ``hold_limit``'s interval."""
        self.pointer = PointerHold(self)
        self.pointer.released.connect(self._show_held_view)
        self._held_view: ShellView | None = None
        self.hold_limit = QTimer(self)
        self.hold_limit.setSingleShot(True)
        self.hold_limit.setInterval(HOLD_LIMIT_MS)
        self.hold_limit.timeout.connect(self.pointer.reset)

    def _init_presentation(self, metrics: DisplayMetrics) -> None:
        """The session's presentation: sizes from the configured metrics with the UI font's
        measured cap height, colours from the palette (applied by _present). The header's
        toggles and the footer's call for staff go to the shell."""
        self._base_metrics = replace(metrics, cap_ratio=measured_cap_ratio(QApplication.font()))
        self.metrics = self._base_metrics
        # The normal look is already applied when the application's style sheet was made from
        # these very metrics (build_kiosk does so): applying it again would cost the first paint.
        already = self._base_metrics == metrics and not metrics.elder
        self._presented: tuple[bool, bool] | None = (False, False) if already else None
        self.header.elder_clicked.connect(self.shell.toggle_elder)
        self.header.contrast_clicked.connect(self.shell.toggle_high_contrast)
        self.header.voice_clicked.connect(self.shell.toggle_voice)
        self.footer.staff_clicked.connect(self.shell.call_staff)

    def _technician_gesture(self, context: UiContext) -> TapCounter:
        """The hidden way into technician mode: taps on the emblem, or a key sequence."""
        self.header.emblem_tapped.connect(self._emblem_tapped)
        keys = QShortcut(QKeySequence(TECHNICIAN_KEYS), self)
        keys.setContext(Qt.ShortcutContext.ApplicationShortcut)
        keys.activated.connect(self.shell.request_technician)
        return TapCounter(context.scanning.clock.monotonic)

    def _emblem_tapped(self) -> None:
        if self._technician_taps.tap():
            self.shell.request_technician()

    def _screen(self, screen: Screen) -> ScreenWidget:
        widget = self.screens.get(screen)
        if widget is None:
            widget = make_screen(screen, self.context, self._maintenance)
            self.pointer.watch(QScroller.scroller(widget.scroll_area.viewport()))
            self.screens[screen] = widget
            self.stack.addWidget(widget)
            scan = getattr(widget, "controller", None)  # a scan's own errors are spoken too
            if scan is not None:
                scan.finished.connect(lambda: self.voice.error(scan_problem(scan.view())))
            if self.metrics != self.context.metrics:  # built in another presentation
                widget.apply_presentation(self.metrics)
        return widget

    def build_all_screens(self, context: UiContext | None = None) -> None:
        """Build every screen not built yet, with ``context`` (the one with the opened
        services) from now on. Called once the terminal's services are ready."""
        if context is not None:
            self.context = context
            self.voice.speaker = context.scanning.speaker  # the real one, now it is loaded
        for screen in Screen:
            if screen in DESK_SCREENS and not self.shell.mode.staffed:
                continue  # a hotel desk's screens: never shown on a citizen terminal
            if screen in TECHNICIAN_SCREENS:
                continue  # built when a technician opens one
            if screen is not Screen.MAINTENANCE or self._maintenance is not None:
                self._screen(screen)
        # Only now: its QML thread loads plugins (dlopen) and may log from inside one while the
        # services' worker imports C extensions (dlopen) holding the GIL; a Python message
        # handler then deadlocks both. The worker's start-up imports are done by now.
        self.keyboard.load()

    def show_view(self, view: ShellView) -> None:
        """Show ``view``: language first (so the new screen appears translated), then screen.
        While a finger is down, a view that would change the screen waits for its release, at
        most ``HOLD_LIMIT_MS`` (a resting palm or a stuck touch frame must not keep a screen up
        for ever); a view of a new session never waits: the last citizen's screen goes now."""
        if (
            self.pointer.held
            and view.session_number == self._session_number
            and self._changes_screen(view)
        ):
            if self._held_view is None:
                self.hold_limit.start()
            self._held_view = view
            return
        self._held_view = None
        self.hold_limit.stop()
        self._languages.apply(view.language)
        self._present(view)
        self.header.set_languages(view.language, view.languages)
        self.keyboard.follow_session(view.session_number, view.language)  # new session: reset
        if view.session_number != self._session_number:
            self._session_number = view.session_number
            for screen in self.screens.values():
                screen.wipe()
        current = self._screen(view.screen)
        previous = self.stack.currentWidget()
        # A new step enters its screen afresh, even when the step before used the same screen.
        shown = (view.session_number, view.journey, view.step_entry, view.screen)
        if previous is not current or shown != self._shown:
            self._shown = shown
            if isinstance(previous, ScreenWidget):
                previous.on_leave()
            self.stack.setCurrentWidget(current)
            current.on_enter()
        current.show_view(view)
        if view.countdown_visible:
            self.overlay.set_seconds(view.idle.seconds_left)
            if not self.overlay.isVisible():
                self._put_keyboard_away()  # "are you still there?" must not be under it
                self.overlay.show()
                self.overlay.raise_()
        elif self.overlay.isVisible():
            self.overlay.hide()
        self.voice.show_view(view)  # says what is on the glass now (once voice is on)

    def _put_keyboard_away(self) -> None:
        """Close the on-screen keyboard or keypad (what was typed stays in its field)."""
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            focused.clearFocus()
        QGuiApplication.inputMethod().hide()

    def _present(self, view: ShellView) -> None:
        """Apply the session's presentation: the stylesheet and metrics-derived sizes when
        elder mode or high contrast changed; the toggles' states; call staff or its notice
        (offered on citizen screens: not on maintenance, nor on the hotel desk, where the
        person at the terminal is the clerk)."""
        presentation = view.presentation
        key = (presentation.elder, presentation.high_contrast)
        if key != self._presented:
            self._presented = key
            self.metrics = self._base_metrics.presented(elder=presentation.elder)
            app = QApplication.instance()
            if isinstance(app, QApplication):
                font = app.font()
                font.setPixelSize(self.metrics.body_px)
                app.setFont(font)
                app.setStyleSheet(stylesheet(self.metrics, palette_for(presentation.high_contrast)))
            self.header.apply_metrics(self.metrics)
            self.footer.apply_metrics(self.metrics)
            self.overlay.apply_metrics(self.metrics)
            self.keyboard.set_metrics(self.metrics)
            for screen in self.screens.values():
                screen.apply_presentation(self.metrics)
        citizen = view.screen is not Screen.MAINTENANCE and not view.technician
        self.header.set_presentation(presentation, toggles=citizen)
        self.footer.set_staff(
            offered=citizen and not self.shell.mode.staffed,
            called=view.staff_called,
            sent=view.staff_call_sent,
        )

    def _changes_screen(self, view: ShellView) -> bool:
        shown = (view.session_number, view.journey, view.step_entry, view.screen)
        return shown != self._shown or self.stack.currentWidget() is not self.screens.get(
            view.screen
        )

    def _show_held_view(self) -> None:
        view, self._held_view = self._held_view, None
        if view is not None:
            self.show_view(view)

    @property
    def current_screen(self) -> ScreenWidget:
        widget = self.stack.currentWidget()
        assert isinstance(widget, ScreenWidget)
        return widget

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ActivationChange and not self.isActiveWindow():
            self.pointer.reset()  # the release will not reach us
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.poll_timer.stop()
        self.voice.stop()
        self.current_screen.on_leave()  # e.g. release the camera
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.activity_filter)
            app.removeEventFilter(self.pointer)
        super().closeEvent(event)

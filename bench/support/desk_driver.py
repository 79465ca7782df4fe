"""A scripted clerk at the hotel desk: guests show their e-IDs to the always-on camera, the
clerk types the room and saves with the keyboard, clears the card, checks a room out from the
register and goes back to the desk, on the real screens of one kiosk.

Used by the end-to-end GUI tests (``tests/gui/test_desk_platform.py``) and the benchmarks
(``bench.desk``, ``bench.soak --profile hotel``). Nothing here decides for the kiosk: the clerk
presses the keys the screens offer (the room typed into ``DeskScreen.room``, Enter saves, Esc
clears, F2 the register, Alt+O and Enter check out, Alt+D the desk), taps the relationship a
minor's ``CareEditor`` offers, and waits for the desk journey to say what happened.

A guest "shows" a code through a ``CodePresenter`` (``HeldCode`` for the shipped fake camera, or
the soak's scenes): the phone is held up until the desk has given its verdict on it (a new
``ScanNotice``), then taken away; ``away`` waits until the camera has shown the empty scene for
a few analysed frames, so a later code is a new one for the desk.

Thread contract: GUI thread (the kiosk's) only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from bench.support.apply_driver import CodePresenter, LoopWaiter, Waits, settle
from kiosk.hotel.register import ReportState, Stay
from kiosk.hotel.report import Relationship
from kiosk.journeys.desk import CardPhase, DeskJourney, DeskStep, RegisterTab, ScanNotice
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.ui.app import Kiosk

if TYPE_CHECKING:  # the screens are imported once the kiosk has started (as `kiosk run` does)
    from kiosk.ui.screens.desk import DeskScreen
    from kiosk.ui.screens.desk_register import DeskRegisterScreen
    from kiosk.ui.screens.desk_stay import DeskStayScreen

STEP_TIMEOUT_S = 30.0  # a step that takes well under a second
VERDICT_TIMEOUT_S = 30.0  # from the phone held up to the desk's verdict (about a second)
REPORT_TIMEOUT_S = 60.0  # from a saved card to the platform's number on it
AWAY_FRAMES = 4  # analysed frames of the empty scene: the code is out of view


class ClerkStuck(Exception):
    """The desk did not do what the clerk's key or the guest's phone should have made it do."""


class DeskClerk:
    """Plays the clerk (and the guests' phones) through the real widgets of one kiosk."""

    def __init__(self, kiosk: Kiosk, camera: CodePresenter, *, waits: Waits | None = None) -> None:
        self.kiosk = kiosk
        self.camera = camera
        self.waits: Waits = waits or LoopWaiter()

    # ------------------------------------------------------------------ reading the kiosk
    def journey(self) -> DeskJourney:
        journey = self.kiosk.shell.journey
        if not isinstance(journey, DeskJourney) or journey.ended:
            raise ClerkStuck(f"no desk journey (the kiosk shows {self.kiosk.shell.screen.value})")
        return journey

    def _shown(self, screen: Screen) -> QWidget:
        window = self.kiosk.window
        expected = window.screens[screen]
        self.waits.until(
            lambda: self.kiosk.shell.screen is screen and window.current_screen is expected,
            f"{screen.value} screen shown",
            STEP_TIMEOUT_S,
        )
        return expected

    def desk(self) -> DeskScreen:
        from kiosk.ui.screens.desk import DeskScreen  # noqa: PLC0415 - see TYPE_CHECKING

        screen = self._shown(Screen.DESK)
        assert isinstance(screen, DeskScreen)
        return screen

    def register(self) -> DeskRegisterScreen:
        from kiosk.ui.screens.desk_register import DeskRegisterScreen  # noqa: PLC0415

        screen = self._shown(Screen.DESK_REGISTER)
        assert isinstance(screen, DeskRegisterScreen)
        return screen

    def stay_screen(self) -> DeskStayScreen:
        from kiosk.ui.screens.desk_stay import DeskStayScreen  # noqa: PLC0415

        screen = self._shown(Screen.DESK_STAY)
        assert isinstance(screen, DeskStayScreen)
        return screen

    def card(self) -> Stay:
        """The stay saved on the card (after ``save``)."""
        stay = self.journey().state.saved
        if stay is None:
            raise ClerkStuck("no saved stay on the card")
        return stay

    # ------------------------------------------------------------------ fingers and keys
    def tap(self, button: QAbstractButton) -> None:
        """A click on ``button``: it must be shown and enabled."""
        if not (button.isVisible() and button.isEnabled()):
            raise ClerkStuck(f"the button {button.text()!r} cannot be pressed")
        centre = QPoint(button.width() // 2, button.height() // 2)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
        settle()

    def key(
        self,
        key: Qt.Key,
        modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
        *,
        to: QWidget | None = None,
    ) -> None:
        """One key pressed at the kiosk's window: to ``to`` (given the focus first, as the
        clerk's click in it would, when it takes focus), else to the widget with the focus."""
        self._active()
        takes_focus = to is not None and to.focusPolicy() is not Qt.FocusPolicy.NoFocus
        if to is not None and takes_focus and not to.hasFocus():
            to.setFocus(Qt.FocusReason.MouseFocusReason)
            self.waits.until(to.hasFocus, f"{to.objectName()} focused", STEP_TIMEOUT_S)
        target = to or QApplication.focusWidget() or self.kiosk.window.current_screen
        QTest.keyClick(target, key, modifiers)
        settle()

    def _active(self) -> None:
        window = self.kiosk.window
        if not window.isActiveWindow():  # the kiosk's only window is the active one
            window.activateWindow()
            self.waits.until(window.isActiveWindow, "the kiosk's window active", STEP_TIMEOUT_S)

    # ------------------------------------------------------------------ the desk
    def open_desk(self) -> DeskScreen:
        """From the hotel's home: the guests' tile."""
        from kiosk.ui.screens.home import HomeScreen  # noqa: PLC0415 - see TYPE_CHECKING

        home = self._shown(Screen.HOME)
        assert isinstance(home, HomeScreen)
        self.tap(home.tile_button(JourneyName.DESK))
        screen = self.desk()
        self.waits.until(lambda: screen.scanner.running, "the desk's camera on", STEP_TIMEOUT_S)
        return screen

    def show(self, code: str, timeout_s: float = VERDICT_TIMEOUT_S) -> ScanNotice:
        """A guest holds their phone with ``code`` up until the desk has judged it, then takes
        it away; the desk's verdict."""
        journey = self.journey()
        before = journey.state.notice.serial if journey.state.notice is not None else 0

        def judged() -> bool:
            notice = journey.state.notice
            return notice is not None and notice.serial > before

        self.camera.present(code)
        try:
            self.waits.until(judged, "the desk's verdict on the code", timeout_s)
        finally:
            self.camera.present(None)
        notice = journey.state.notice
        assert notice is not None
        return notice

    def away(self) -> None:
        """The phone is gone: the camera has shown the empty scene for ``AWAY_FRAMES``
        analysed frames (frames still queued with the code come first)."""
        self.camera.present(None)
        counters = self.desk().scanner.controller.counters
        start = counters.analysed
        self.waits.until(
            lambda: counters.analysed >= start + AWAY_FRAMES,
            "frames of the empty scene analysed",
            STEP_TIMEOUT_S,
        )

    def type_room(self, room: str) -> None:
        """The room typed into the card's field (after the first guest: the card exists)."""
        screen = self.desk()
        self._active()
        screen.room.setFocus(Qt.FocusReason.MouseFocusReason)
        self.waits.until(screen.room.hasFocus, "the room field focused", STEP_TIMEOUT_S)
        screen.room.selectAll()
        QTest.keyClicks(screen.room, room)
        settle()
        draft = self.journey().state.draft
        if draft is None or draft.room != room:
            raise ClerkStuck(f"the card did not take the room {room!r}")

    def choose_relationship(self, minor: int, relationship: Relationship) -> None:
        """The clerk says how the card's guest ``minor`` relates to whoever accompanies them
        (the companion the desk chose: the room's only adult)."""
        screen = self.desk()
        self.waits.until(lambda: bool(screen._cares), "a minor's care asked", STEP_TIMEOUT_S)
        editor = next((e for e in screen._cares if e._index == minor), None)
        if editor is None:
            raise ClerkStuck(f"no care question for guest {minor}")
        editor.relationships[relationship].click()  # in the card's layout: a click, not a tap
        settle()

    def save(self) -> None:
        """Enter in the room field."""
        self.key(Qt.Key.Key_Return, to=self.desk().room)

    def saved(self) -> Callable[[], bool]:
        """Whether the card shows the room checked in (saved, its title drawn)."""
        screen = self.desk()

        def shown() -> bool:
            journey = self.kiosk.shell.journey
            return (
                isinstance(journey, DeskJourney)
                and journey.state.phase is CardPhase.SAVED
                and journey.state.saved is not None
                and screen.saved.isVisible()
                and bool(screen.saved_title.text())
            )

        return shown

    def wait_saved(self) -> Stay:
        self.waits.until(self.saved(), "the room checked in on the card", STEP_TIMEOUT_S)
        return self.card()

    def wait_reported(self, timeout_s: float = REPORT_TIMEOUT_S) -> Stay:
        """The card says the platform has the check-in, with its number."""
        screen = self.desk()

        def reported() -> bool:
            stay = self.journey().state.saved
            return (
                stay is not None
                and stay.checkin_state is ReportState.REPORTED
                and bool(stay.checkin_number)
                and str(stay.checkin_number) in screen.saved_report.text()
            )

        self.waits.until(reported, "the check-in reported on the card", timeout_s)
        return self.card()

    def _on_desk(self) -> QWidget:
        """Where the clerk's keys go on the desk: the room field, or (while a saved card
        shows, the field is disabled) the "Clear card" button."""
        screen = self.desk()
        return screen.room if screen.room.isEnabled() else screen.clear_button

    def clear(self) -> None:
        """Esc: the card is emptied."""
        self.key(Qt.Key.Key_Escape, to=self._on_desk())
        self.waits.until(
            lambda: self.journey().state.draft is None, "the card cleared", STEP_TIMEOUT_S
        )

    def check_in(self, codes: list[str], room: str) -> Stay:
        """A room's guests shown one after another, the room typed, Enter: the saved stay."""
        for index, code in enumerate(codes):
            notice = self.show(code)
            if not notice.kind.accepted:
                raise ClerkStuck(f"guest {index} was not added: {notice.kind.value}")
            if index + 1 < len(codes):
                self.away()
        self.type_room(room)
        self.save()
        return self.wait_saved()

    # ------------------------------------------------------------------ the register
    def open_register(self) -> DeskRegisterScreen:
        """F2 on the desk."""
        self.key(Qt.Key.Key_F2, to=self._on_desk())
        screen = self.register()
        self.waits.until(
            lambda: self.journey().state.register_loaded, "the register read", STEP_TIMEOUT_S
        )
        return screen

    def show_tab(self, tab: RegisterTab) -> list[Stay]:
        """Alt+1, Alt+2 or Alt+3 in the register; the stays listed once read."""
        screen = self.register()
        journey = self.journey()
        key = {
            RegisterTab.ARRIVALS: Qt.Key.Key_1,
            RegisterTab.IN_HOUSE: Qt.Key.Key_2,
            RegisterTab.DEPARTURES: Qt.Key.Key_3,
        }[tab]
        self.key(key, Qt.KeyboardModifier.AltModifier, to=screen.field)
        self.waits.until(lambda: journey.state.tab is tab, f"the {tab.value} tab", STEP_TIMEOUT_S)
        return list(journey.state.stays)

    def search(self, room: str) -> None:
        """The register's room search: ``room`` typed (an empty one: the search erased)."""
        screen = self.register()
        self._active()
        screen.field.setFocus(Qt.FocusReason.MouseFocusReason)
        self.waits.until(screen.field.hasFocus, "the room search focused", STEP_TIMEOUT_S)
        screen.field.selectAll()
        if room:
            QTest.keyClicks(screen.field, room)
        else:
            QTest.keyClick(screen.field, Qt.Key.Key_Backspace)
        settle()
        journey = self.journey()
        if journey.state.room_filter != room:
            raise ClerkStuck(f"the register's search did not take {room!r}")

    def listed(self, rooms: list[str]) -> None:
        """Wait until the register lists these rooms, and shows a row for each, once read
        again after the last key (the kiosk's task runner, which reads it, is idle)."""
        screen = self.register()
        journey = self.journey()
        tasks = self.kiosk.tasks
        self.waits.until(
            lambda: (
                getattr(tasks, "pending", 0) == 0
                and journey.state.register_loaded
                and [stay.room for stay in journey.state.stays] == rooms
                and len(screen.rows) == len(rooms)
            ),
            f"the register listing {rooms}",
            STEP_TIMEOUT_S,
        )

    def open_stay(self, room: str) -> DeskStayScreen:
        """In the register: the room typed into its search, Enter opens the one stay found."""
        screen = self.register()
        self.search(room)
        self.listed([room])
        self.key(Qt.Key.Key_Return, to=screen.field)
        stay_screen = self.stay_screen()
        selected = self.journey().state.selected
        if selected is None or selected.room != room:
            raise ClerkStuck(f"the stay of room {room} did not open")
        return stay_screen

    def check_out(self) -> Stay:
        """On a stay's screen: Alt+O, then Enter confirms; the stay checked out."""
        screen = self.stay_screen()
        journey = self.journey()
        self.key(Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier, to=screen)
        self.waits.until(
            lambda: journey.state.confirming_check_out, "the check-out asked", STEP_TIMEOUT_S
        )
        self.key(Qt.Key.Key_Return, to=screen)

        def checked_out() -> bool:
            stay = journey.state.selected
            return (
                stay is not None
                and stay.checked_out_at is not None
                and not journey.state.checking_out
            )

        self.waits.until(checked_out, "the stay checked out", STEP_TIMEOUT_S)
        stay = journey.state.selected
        assert stay is not None
        return stay

    def wait_checked_out_reported(self, timeout_s: float = REPORT_TIMEOUT_S) -> Stay:
        """The stay's screen says the platform has the check-out, with its number."""
        screen = self.stay_screen()
        journey = self.journey()

        def reported() -> bool:
            stay = journey.state.selected
            return (
                stay is not None
                and stay.checkout_state is ReportState.REPORTED
                and bool(stay.checkout_number)
                and str(stay.checkout_number) in screen.checkout_text.text()
            )

        self.waits.until(reported, "the check-out reported on the stay", timeout_s)
        stay = journey.state.selected
        assert stay is not None
        return stay

    def to_desk(self) -> DeskScreen:
        """Alt+D on a stay's screen, Esc on the register: the desk."""
        journey = self.journey()
        if journey.step is DeskStep.STAY:
            self.key(Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier, to=self.stay_screen())
        else:
            self.key(Qt.Key.Key_Escape, to=self.register())
        return self.desk()

"""A scripted citizen applying at the real kiosk: finds the item from home, starts "Apply
here", shows codes to the camera and answers every screen of the application journey by
touching the screens' own widgets, counting each touch.

Used by the end-to-end GUI tests (``tests/gui/test_apply_platform.py``) and the benchmarks
(``bench.apply_visit``, ``bench.soak``). Nothing here decides for the kiosk: the driver finds
each button by the attribute its screen gives it (``apply_button``, ``tiles``, ``cards``,
``rows``, ``next_button``...), taps it as a finger would (a mouse press and release on it;
inside a scrolling screen it is scrolled into view first and clicked, as the GUI tests do,
because offscreen the scroller replays a press by its screen position), and waits for the
journey to move on.

What is counted (``Tally``):

- ``taps``: a finger on a button, a tile, a picker's option, a field;
- ``keys``: a key of the on-screen keyboard or the kiosk's keypad. Digits and Latin letters are
  one key each; Chinese is typed as pinyin: the letters of each character's pinyin, then one
  touch on the candidate bar for each phrase of up to ``PHRASE_CHARACTERS`` characters (the
  text is committed to the field by an input-method event, as the form tests do);
- ``shows``: a code held to the camera (the e-ID, each e-licence).

Codes reach the camera through a ``CodePresenter``: ``HeldCode`` is a frame provider for the
shipped fake camera (``ImageSequenceSource``) that shows a phone with the presented code in a
hand that is never still; the soak's scenes present codes the same way.

Thread contract: GUI thread (the kiosk's) only; ``HeldCode.__call__`` runs on the camera's
thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

import numpy as np
from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QScrollArea, QWidget

from kiosk.credentials.registry import CredentialType
from kiosk.devices import frames
from kiosk.devices.camera import Luma
from kiosk.domain.catalog import ApplicantRole, FormField
from kiosk.domain.names import pinyin_of
from kiosk.domain.text import Language
from kiosk.forms.samples import sample_answer
from kiosk.forms.values import Address, FormValue
from kiosk.journeys.apply import ApplyJourney, ApplyStep
from kiosk.journeys.apply_materials import How
from kiosk.journeys.journey import Screen
from kiosk.journeys.receipt import ReceiptPhase, ReceiptView
from kiosk.journeys.shell import KioskShell
from kiosk.ui.app import Kiosk

if TYPE_CHECKING:  # the screens are imported once the kiosk has started (as `kiosk run` does)
    from kiosk.ui.screens.apply_materials import ApplyMaterialsScreen

STEP_TIMEOUT_S = 30.0  # a step that takes well under a second
SCAN_MARGIN_S = 15.0  # added to the kiosk's scan timeout
ANSWER_TIMEOUT_S = 30.0  # from "Submit" to the receipt (the journey waits 8 s at most)
RECHECK_MS = 20
PHRASE_CHARACTERS = 4
HELD_SHOTS = 3
SEARCH_ROWS = 3  # the item must be among the first rows shown before the citizen taps it
QWidgetT = TypeVar("QWidgetT", bound=QWidget)


class CitizenStuck(Exception):
    """The kiosk did not do what a citizen's touch should have made it do."""


class Waits(Protocol):
    """Runs the event loop until ``condition()`` holds; raises when ``timeout_s`` passes."""

    def until(self, condition: Callable[[], bool], what: str, timeout_s: float) -> None: ...


class LoopWaiter:
    """``Waits`` on a local event loop, re-checking the condition every ``RECHECK_MS`` (the
    kiosk's own timers and workers run meanwhile). One loop and two timers serve every wait."""

    def __init__(self) -> None:
        self._loop = QEventLoop()
        self._condition: Callable[[], bool] | None = None
        self._deadline = QTimer()
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._loop.quit)
        self._recheck = QTimer()
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self._check)

    def _check(self) -> None:
        condition = self._condition
        if condition is not None and condition():
            self._loop.quit()

    def until(self, condition: Callable[[], bool], what: str, timeout_s: float) -> None:
        if condition():
            return
        self._condition = condition
        self._deadline.start(round(timeout_s * 1000))
        self._recheck.start()
        try:
            self._loop.exec()
        finally:
            self._recheck.stop()
            self._deadline.stop()
            self._condition = None
        if not condition():
            raise CitizenStuck(f"no {what} within {timeout_s:.0f} s")


class CodePresenter(Protocol):
    """What the camera shows from its next frame on: a phone with ``text``, or (None) an
    empty scene."""

    def present(self, text: str | None) -> None: ...


class HeldCode:
    """A frame provider for ``ImageSequenceSource`` (its content): a phone showing the code
    last presented, in a few slightly different shots, or an empty scene. Short loops, so a
    new code is seen within a few frames."""

    def __init__(self, seed: int = 7) -> None:
        self._lock = threading.Lock()
        self._rng = np.random.default_rng(seed)
        self._blank = frames.blank_frame()
        self._text: str | None = None
        self._shots: list[Luma] = []

    def present(self, text: str | None) -> None:
        shots = [] if text is None else self._render(text)
        with self._lock:
            self._text, self._shots = text, shots

    def __call__(self) -> list[Luma]:
        with self._lock:
            return list(self._shots) if self._shots else [self._blank]

    def _render(self, text: str) -> list[Luma]:
        shots = []
        for _ in range(HELD_SHOTS):
            frame = frames.phone_frame([text], code_height=int(self._rng.integers(420, 480)))
            frame = frames.rotate(float(self._rng.uniform(-4, 4)))(frame, self._rng)
            shots.append(frames.noise(4)(frame, self._rng))
        return shots


@dataclass
class Tally:
    """A citizen's touches (see the module)."""

    taps: int = 0
    keys: int = 0
    shows: int = 0

    @property
    def touches(self) -> int:
        return self.taps + self.keys

    def as_dict(self) -> dict[str, int]:
        return {
            "touches": self.touches,
            "taps": self.taps,
            "keys": self.keys,
            "shows": self.shows,
        }


@dataclass(frozen=True)
class Plan:
    """A whole application as a scripted citizen makes it.

    ``item``: the item whose page is opened; ``bundle``: apply for this bundle from that page
    instead of the item alone. ``identity`` makes the code shown for the identity (a fresh
    dynamic e-ID each call); ``licences`` the e-licences the citizen has on the phone, by type;
    every other material still needed goes to the counter, optional ones are skipped.
    ``answers``: form answers by field key (the rest of the required fields get the sample
    answers of ``kiosk.forms.samples``)."""

    item: str
    identity: Callable[[], str]
    role: ApplicantRole | None = None
    bundle: str | None = None
    language: Language = "zh_CN"
    licences: Mapping[CredentialType, Callable[[], str]] = field(default_factory=dict)
    answers: Mapping[str, FormValue] = field(default_factory=dict)
    finish: bool = True  # "Finish" on the last screen (else it is left to time out)


@dataclass(frozen=True)
class Phase:
    """One part of an application: what the citizen did in it and how long it took."""

    name: str
    taps: int
    keys: int
    shows: int
    seconds: float

    def as_dict(self) -> dict[str, object]:
        return {
            "phase": self.name,
            "touches": self.taps + self.keys,
            "taps": self.taps,
            "keys": self.keys,
            "shows": self.shows,
            "seconds": round(self.seconds, 3),
        }


class PhaseClock:
    """Cuts a running ``Tally`` and the time into ``Phase``s."""

    def __init__(self, tally: Tally) -> None:
        self._tally = tally
        self._last = (0, 0, 0, time.perf_counter())
        self.phases: list[Phase] = []

    def mark(self, name: str) -> None:
        taps, keys, shows, at = self._last
        now = time.perf_counter()
        tally = self._tally
        self.phases.append(
            Phase(name, tally.taps - taps, tally.keys - keys, tally.shows - shows, now - at)
        )
        self._last = (tally.taps, tally.keys, tally.shows, now)


@dataclass
class Outcome:
    """What a whole application took and gave."""

    tally: Tally
    seconds: float
    receipt: ReceiptView
    references: tuple[str, ...]
    acceptance_numbers: tuple[str, ...]
    offline: bool
    phases: tuple[Phase, ...] = ()


def pinyin_keys(text: str) -> int:
    """Keys to type ``text`` on the pinyin keyboard: each Latin letter, digit or sign one key,
    each Chinese character its pinyin's letters, plus one candidate touch a phrase."""
    keys = 0
    phrase = 0
    for character in text:
        if character.isascii():
            keys += 1
            phrase = 0
            continue
        letters = sum(1 for c in pinyin_of(character) if c.isalpha())
        keys += max(1, letters)
        if phrase % PHRASE_CHARACTERS == 0:
            keys += 1  # the candidate touched
        phrase += 1
    return keys


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    return parent


class ApplyDriver:
    """Plays one citizen after another through the real widgets of one kiosk."""

    def __init__(
        self,
        kiosk: Kiosk,
        camera: CodePresenter,
        *,
        waits: Waits | None = None,
        scan_timeout_s: float = 45.0,
    ) -> None:
        self.kiosk = kiosk
        self.camera = camera
        self.waits: Waits = waits or LoopWaiter()
        self.scan_timeout_s = scan_timeout_s
        self.tally = Tally()

    # ------------------------------------------------------------------ reading the kiosk
    @property
    def shell(self) -> KioskShell:
        return self.kiosk.shell

    def screen(self) -> QWidget:
        """The screen shown, once the window has caught up with the shell."""
        window = self.kiosk.window
        expected = window.screens.get(self.shell.screen)
        self.waits.until(
            lambda: expected is None or window.current_screen is expected,
            f"{self.shell.screen.value} screen shown",
            STEP_TIMEOUT_S,
        )
        settle()
        return window.current_screen

    def current(self, kind: type[QWidgetT]) -> QWidgetT:
        screen = self.screen()
        if not isinstance(screen, kind):
            raise CitizenStuck(f"expected {kind.__name__}, the kiosk shows {type(screen).__name__}")
        return screen

    def journey(self) -> ApplyJourney:
        journey = self.shell.journey
        if not isinstance(journey, ApplyJourney):
            raise CitizenStuck(f"no application journey (the kiosk shows {self.shell.screen})")
        return journey

    def at_step(self, *steps: ApplyStep) -> Callable[[], bool]:
        def reached() -> bool:
            journey = self.shell.journey
            return isinstance(journey, ApplyJourney) and journey.step in steps

        return reached

    def wait_step(self, *steps: ApplyStep, timeout_s: float = STEP_TIMEOUT_S) -> ApplyJourney:
        names = " or ".join(step.value for step in steps)
        self.waits.until(self.at_step(*steps), f"application step {names}", timeout_s)
        return self.journey()

    def at_home(self) -> bool:
        return self.shell.screen is Screen.HOME and self.shell.journey is None

    # ------------------------------------------------------------------ the finger
    def tap(self, button: QAbstractButton) -> None:
        """A finger on ``button``: it must be shown and enabled."""
        if not (button.isVisible() and button.isEnabled()):
            raise CitizenStuck(f"the button {button.text()!r} cannot be touched")
        area = scroll_area_of(button)
        self.tally.taps += 1
        if area is not None:
            area.ensureWidgetVisible(button, 0, 0)
            button.click()
        else:
            centre = QPoint(button.width() // 2, button.height() // 2)
            QTest.mouseClick(
                button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre
            )
        settle()

    def touch_field(self, line: QLineEdit) -> None:
        """A finger in a text field (after its text)."""
        area = scroll_area_of(line)
        if area is not None:
            area.ensureWidgetVisible(line)
        settle()
        if not line.isVisible():
            raise CitizenStuck(f"the field {line.objectName()} is not shown")
        self.tally.taps += 1
        window = line.window()
        if not window.isActiveWindow():  # the kiosk's only window is the active one
            window.activateWindow()
            self.waits.until(window.isActiveWindow, "the kiosk's window active", STEP_TIMEOUT_S)
        line.setFocus(Qt.FocusReason.MouseFocusReason)
        self.waits.until(line.hasFocus, f"the finger in {line.objectName()}", STEP_TIMEOUT_S)
        line.end(False)

    def type_text(self, line: QLineEdit, text: str) -> None:
        """``text`` typed on the keyboard into the focused ``line``."""
        if text.isascii():
            QTest.keyClicks(line, text)
            self.tally.keys += len(text)
        else:
            event = QInputMethodEvent()
            event.setCommitString(text)
            QApplication.sendEvent(line, event)
            self.tally.keys += pinyin_keys(text)
        settle()

    def keypad(self, line: QLineEdit, text: str) -> None:
        """``text`` tapped on the kiosk's own keypad (identity numbers, credit codes)."""
        pad = self.kiosk.window.keyboard.keypad
        self.waits.until(
            lambda: pad.isVisible() and pad.target is line, "the keypad", STEP_TIMEOUT_S
        )
        for character in text.upper():
            QTest.mouseClick(pad.keys[character], Qt.MouseButton.LeftButton)
            self.tally.keys += 1
        settle()

    def show_code(self, text: str) -> None:
        """The citizen holds a phone showing ``text`` to the camera."""
        self.tally.shows += 1
        self.camera.present(text)

    # ------------------------------------------------------------------ home to the item
    def language(self, language: Language) -> None:
        """The header's language button until the session speaks ``language``."""
        button = self.kiosk.window.header.language_button
        for _ in range(4):
            if self.shell.view().language == language:
                return
            self.tap(button)
        raise CitizenStuck(f"the language button never reached {language}")

    def open_item(self, code: str) -> QWidget:
        """From home to ``code``'s page: its tile among the most used, else the search (pinyin
        typed letter by letter until the item is among the first rows)."""
        from kiosk.ui.screens.home import HomeScreen  # noqa: PLC0415 - built after start-up
        from kiosk.ui.screens.item_detail import ItemDetailScreen  # noqa: PLC0415
        from kiosk.ui.screens.results import ResultsScreen  # noqa: PLC0415

        home = self.current(HomeScreen)
        tile = next((t for t in home.item_tiles if t.item.code == code and t.isVisible()), None)
        if tile is not None:
            self.tap(tile)
            return self.current(ItemDetailScreen)
        self.tap(home.search_button)
        results = self.current(ResultsScreen)
        catalog = self.shell.catalog
        item = catalog.latest().catalog.item(code) if catalog is not None else None
        if item is None:
            raise CitizenStuck(f"{code} is not in the kiosk's catalogue")
        letters = "".join(c for c in pinyin_of(item.name.zh).lower() if c.isalpha())
        typed = ""
        for letter in letters:
            typed += letter
            QApplication.sendEvent(results.field, QInputMethodEvent(typed, []))
            self.tally.keys += 1
            settle()
            row = self._row_of(results, code)
            if row is not None:
                self.tap(row)
                return self.current(ItemDetailScreen)
        raise CitizenStuck(f"typing {letters!r} never listed {code} among the first rows")

    @staticmethod
    def _row_of(results: QWidget, code: str) -> QAbstractButton | None:
        rows = [row for row in getattr(results, "rows", []) if row.isVisible()]
        for row in rows[:SEARCH_ROWS]:
            if getattr(row, "code", None) == code:
                return row  # type: ignore[no-any-return]
        return None

    def apply_here(self, bundle: str | None = None) -> ApplyJourney:
        """ "Apply here" (or the bundle's button) on the item's page."""
        from kiosk.ui.screens.item_detail import ItemDetailScreen  # noqa: PLC0415

        page = self.current(ItemDetailScreen)
        if bundle is None:
            self.tap(page.apply_button)
        else:
            button = next(
                (
                    b
                    for b, _hint in page.bundle_buttons
                    if b.objectName() == f"apply-bundle-{bundle}"
                ),
                None,
            )
            if button is None:
                raise CitizenStuck(f"the page offers no bundle {bundle}")
            self.tap(button)
        return self.wait_step(ApplyStep.ROLE, ApplyStep.IDENTITY)

    # ------------------------------------------------------------------ who and identity
    def choose_role(self, role: ApplicantRole | None) -> None:
        from kiosk.ui.screens.apply_role import ApplyRoleScreen  # noqa: PLC0415

        journey = self.journey()
        if journey.step is not ApplyStep.ROLE:
            return
        screen = self.current(ApplyRoleScreen)
        chosen: str = role or next(iter(screen.tiles))
        self.tap(screen.tiles[chosen])
        self.wait_step(ApplyStep.IDENTITY)

    def show_identity(self, code: str) -> QWidget:
        """On the identity scan: show ``code``; returns the identity screen (verified or
        refused)."""
        from kiosk.ui.screens.apply_identity import ApplyIdentityScreen  # noqa: PLC0415
        from kiosk.ui.screens.scan import ScanScreen  # noqa: PLC0415

        self.wait_step(ApplyStep.IDENTITY)
        self.current(ScanScreen)
        self.show_code(code)
        try:
            self.wait_step(ApplyStep.IDENTITY_RESULT, timeout_s=self.scan_timeout_s + SCAN_MARGIN_S)
        finally:
            self.camera.present(None)
        return self.current(ApplyIdentityScreen)

    def scan_again(self) -> None:
        from kiosk.ui.screens.apply_identity import ApplyIdentityScreen  # noqa: PLC0415

        self.tap(self.current(ApplyIdentityScreen).again_button)
        self.wait_step(ApplyStep.IDENTITY)

    def identity_continue(self) -> None:
        from kiosk.ui.screens.apply_identity import ApplyIdentityScreen  # noqa: PLC0415

        self.tap(self.current(ApplyIdentityScreen).continue_button)
        self.wait_step(ApplyStep.MATERIALS)

    # ------------------------------------------------------------------ materials
    def materials_screen(self) -> ApplyMaterialsScreen:
        from kiosk.ui.screens.apply_materials import ApplyMaterialsScreen  # noqa: PLC0415

        self.wait_step(ApplyStep.MATERIALS)
        return self.current(ApplyMaterialsScreen)

    def act(self, index: int, action: str) -> None:
        """A card's action button ("scan", "photo", "counter", "skip", "undo")."""
        screen = self.materials_screen()
        card = next((c for c in screen.cards if c.need.index == index), None)
        if card is None or action not in card.buttons:
            raise CitizenStuck(f"material {index} offers no {action!r}")
        self.tap(card.buttons[action])

    def scan_material(self, index: int, code: str) -> None:
        """ "Scan e-licence" on material ``index``, and show ``code``; back on the checklist
        with the notice."""
        journey = self.journey()
        entries = journey.entries
        self.act(index, "scan")
        self.wait_step(ApplyStep.MATERIAL_SCAN)
        self.show_code(code)
        try:
            self.waits.until(
                lambda: journey.step is ApplyStep.MATERIALS and journey.entries > entries + 1,
                "the checklist after the scan",
                self.scan_timeout_s + SCAN_MARGIN_S,
            )
        finally:
            self.camera.present(None)

    def settle_materials(self, licences: Mapping[CredentialType, Callable[[], str]]) -> None:
        """Each material still needed: scanned when the citizen has such an e-licence, else
        skipped when optional, else brought to the counter."""
        journey = self.journey()
        handled: set[int] = set()
        while True:
            checklist = journey.materials
            pending = [
                need
                for need, given in zip(checklist.needed, checklist.provided, strict=True)
                if given.how is How.NEEDED and need.index not in handled
            ]
            if not pending:
                break
            need = pending[0]
            handled.add(need.index)
            kind = next((k for k in need.scannable if k in licences), None)
            if kind is not None:
                self.scan_material(need.index, licences[kind]())
                continue
            self.act(need.index, "skip" if need.optional else "counter")

    def materials_continue(self) -> None:
        screen = self.materials_screen()
        self.tap(screen.continue_button)
        self.wait_step(ApplyStep.FORM)

    # ------------------------------------------------------------------ the form
    def fill_form(self, answers: Mapping[str, FormValue] | None = None) -> None:
        """Answer the required fields (``answers`` first, else the sample answers) and those
        ``answers`` names, through each field's editor."""
        from kiosk.ui.screens.apply_form import ApplyFormScreen  # noqa: PLC0415

        journey = self.wait_step(ApplyStep.FORM)
        screen = self.current(ApplyFormScreen)
        form = journey.form
        if form is None:
            raise CitizenStuck("the form step has no form")
        given = dict(answers or {})
        today = journey.today()
        for form_field in form.fields:
            key = form_field.key
            row = screen.rows.get(key)
            if row is None or row.editor is None:
                continue  # verified from a credential: nothing to answer
            if key in given:
                value = given[key]
            elif form_field.required:
                value = sample_answer(form_field, today)
            else:
                continue
            self.answer(row.editor, form_field, value, today)

    def answer(self, editor: QWidget, form_field: FormField, value: FormValue, today: date) -> None:
        from kiosk.ui.form.address import AddressEditor  # noqa: PLC0415
        from kiosk.ui.form.date import DateEditor  # noqa: PLC0415
        from kiosk.ui.form.editors import ChoiceEditor, LineEditor  # noqa: PLC0415

        if isinstance(editor, ChoiceEditor):
            self.tap(editor.tiles[str(value)])
        elif isinstance(editor, DateEditor):
            self.pick_date(editor, date.fromisoformat(str(value)))
        elif isinstance(editor, AddressEditor):
            if not isinstance(value, Address):
                raise CitizenStuck(f"{form_field.key}: not an address: {value!r}")
            self.pick_address(editor, value)
        elif isinstance(editor, LineEditor):
            text = str(value)
            self.touch_field(editor.line)
            if form_field.type in ("identity_number", "credit_code"):
                self.keypad(editor.line, text)
            else:
                self.type_text(editor.line, text)
        else:
            raise CitizenStuck(f"{form_field.key}: an editor the citizen does not know")

    def pick_date(self, editor: QWidget, day: date) -> None:
        if not editor.open:  # type: ignore[attr-defined]
            self.tap(editor.summary)  # type: ignore[attr-defined]
        while editor.decade > day.year:  # type: ignore[attr-defined]
            self.tap(editor.earlier)  # type: ignore[attr-defined]
        while editor.decade + 9 < day.year:  # type: ignore[attr-defined]
            self.tap(editor.later)  # type: ignore[attr-defined]
        self.tap(editor.years.buttons[str(day.year)])  # type: ignore[attr-defined]
        self.tap(editor.months.buttons[str(day.month)])  # type: ignore[attr-defined]
        self.tap(editor.days.buttons[str(day.day)])  # type: ignore[attr-defined]

    def pick_address(self, editor: QWidget, address: Address) -> None:
        self.tap(editor.pickers["province"])  # type: ignore[attr-defined]
        grids = editor.grids  # type: ignore[attr-defined]
        grid = next(g for g in grids["province"] if address.province in g.buttons)
        self.tap(grid.buttons[address.province])
        if editor.asked("city") and editor.opened == "city":  # type: ignore[attr-defined]
            self.tap(grids["city"][0].buttons[address.city])
        if editor.asked("district") and editor.opened == "district":  # type: ignore[attr-defined]
            self.tap(grids["district"][0].buttons[address.district])
        if address.detail:
            line = editor.detail  # type: ignore[attr-defined]
            self.touch_field(line)
            self.type_text(line, address.detail)

    def form_next(self) -> None:
        from kiosk.ui.screens.apply_form import ApplyFormScreen  # noqa: PLC0415

        journey = self.journey()
        self.tap(self.current(ApplyFormScreen).next_button)
        if journey.step is not ApplyStep.REVIEW:
            form = journey.form
            problems = form.errors() if form is not None else []
            raise CitizenStuck(f"the form was not accepted: {problems}")

    # ------------------------------------------------------------------ review to receipt
    def review_continue(self) -> None:
        from kiosk.ui.screens.apply_review import ApplyReviewScreen  # noqa: PLC0415

        self.wait_step(ApplyStep.REVIEW)
        self.tap(self.current(ApplyReviewScreen).continue_button)
        self.wait_step(ApplyStep.CONSENT)

    def agree_and_submit(self) -> None:
        from kiosk.ui.screens.apply_consent import ApplyConsentScreen  # noqa: PLC0415

        self.wait_step(ApplyStep.CONSENT)
        consent = self.current(ApplyConsentScreen)
        self.tap(consent.tick)
        self.tap(consent.submit_button)
        self.wait_step(ApplyStep.SUBMITTING, ApplyStep.RECEIPT)

    def wait_for_receipt(self) -> ReceiptView:
        """The receipt printed (or shown on screen when it cannot be), and drawn."""
        self.wait_step(ApplyStep.RECEIPT, timeout_s=ANSWER_TIMEOUT_S)

        def out() -> bool:
            view = self.shell.receipt()
            return view is not None and view.phase is not ReceiptPhase.PRINTING

        self.waits.until(out, "the receipt printed or shown", STEP_TIMEOUT_S)
        view = self.shell.receipt()
        assert view is not None
        return view

    def receipt_done(self) -> None:
        from kiosk.ui.screens.receipt import ReceiptScreen  # noqa: PLC0415

        screen = self.current(ReceiptScreen)
        self.waits.until(
            lambda: screen.done_button.isVisible() and screen.done_button.isEnabled(),
            "the receipt's Done",
            STEP_TIMEOUT_S,
        )
        self.tap(screen.done_button)
        self.wait_step(ApplyStep.DONE)

    def finish(self) -> None:
        from kiosk.ui.screens.apply_done import ApplyDoneScreen  # noqa: PLC0415

        self.tap(self.current(ApplyDoneScreen).finish_button)
        self.waits.until(self.at_home, "the home screen", STEP_TIMEOUT_S)

    def go_home(self) -> None:
        """The screen's own "Back to home" (the identity, materials or submitting screens)."""
        button = getattr(self.screen(), "home_button", None)
        if not isinstance(button, QAbstractButton):
            raise CitizenStuck("this screen has no way home")
        self.tap(button)
        self.waits.until(self.at_home, "the home screen", STEP_TIMEOUT_S)

    # ------------------------------------------------------------------ status afterwards
    def status_by_code(self, text: str) -> QWidget:
        """From home: "Check progress", "Show the QR code on your receipt", the receipt's code
        held to the camera; returns the result screen once it has the answer."""
        entry = self._status_entry()
        self.tap(entry.scan_button)  # type: ignore[attr-defined]
        self.waits.until(
            lambda: self.shell.screen is Screen.SCAN, "the receipt's scan", STEP_TIMEOUT_S
        )
        self.show_code(text)
        try:
            return self._status_answer(self.scan_timeout_s + SCAN_MARGIN_S)
        finally:
            self.camera.present(None)

    def status_by_number(self, number: str) -> QWidget:
        """From home: "Check progress", the number typed, "Look up"."""
        entry = self._status_entry()
        field = entry.field  # type: ignore[attr-defined]
        self.touch_field(field)
        self.type_text(field, number)
        self.tap(entry.look_button)  # type: ignore[attr-defined]
        return self._status_answer(STEP_TIMEOUT_S)

    def _status_entry(self) -> QWidget:
        from kiosk.journeys.modes import JourneyName  # noqa: PLC0415
        from kiosk.ui.screens.home import HomeScreen  # noqa: PLC0415
        from kiosk.ui.screens.status_entry import StatusEntryScreen  # noqa: PLC0415

        home = self.current(HomeScreen)
        self.tap(home.tile_button(JourneyName.STATUS))
        return self.current(StatusEntryScreen)

    def _status_answer(self, timeout_s: float) -> QWidget:
        from kiosk.journeys.status import StatusJourney  # noqa: PLC0415
        from kiosk.ui.screens.status_result import StatusResultScreen  # noqa: PLC0415

        def answered() -> bool:
            journey = self.shell.journey
            return (
                isinstance(journey, StatusJourney)
                and self.shell.screen is Screen.STATUS_RESULT
                and journey.result is not None
            )

        self.waits.until(answered, "the status answer", timeout_s)
        return self.current(StatusResultScreen)

    # ------------------------------------------------------------------ a whole application
    def to_form(self, plan: Plan) -> ApplyJourney:
        """From home to the form of ``plan``, the identity verified and the materials
        settled."""
        self.language(plan.language)
        self.open_item(plan.item)
        journey = self.apply_here(plan.bundle)
        self.choose_role(plan.role)
        self.show_identity(plan.identity())
        if not journey.identity_ok:
            raise CitizenStuck(f"the identity was refused: {journey.identity_advice}")
        self.identity_continue()
        self.settle_materials(plan.licences)
        self.materials_continue()
        return journey

    def apply(self, plan: Plan) -> Outcome:
        """The whole application from the home screen back to it; the touches counted, by
        phase."""
        self.tally = Tally()
        started = time.perf_counter()
        clock = PhaseClock(self.tally)
        self.language(plan.language)
        self.open_item(plan.item)
        clock.mark("home to the item's page")
        journey = self.apply_here(plan.bundle)
        self.choose_role(plan.role)
        clock.mark("apply here and who applies")
        self.show_identity(plan.identity())
        if not journey.identity_ok:
            raise CitizenStuck(f"the identity was refused: {journey.identity_advice}")
        self.identity_continue()
        clock.mark("identity")
        self.settle_materials(plan.licences)
        self.materials_continue()
        clock.mark("materials")
        self.fill_form(plan.answers)
        self.form_next()
        clock.mark("form")
        self.review_continue()
        self.agree_and_submit()
        clock.mark("review and consent")
        receipt = self.wait_for_receipt()
        clock.mark("submitted to the receipt")
        answers = journey.state.answers
        references = journey.references
        numbers = tuple(
            str(answer.acknowledgement["acceptance_number"])
            for reference in references
            if (answer := answers.get(reference)) is not None and answer.acknowledgement is not None
        )
        offline = journey.offline
        self.receipt_done()
        if plan.finish:
            self.finish()
        clock.mark("done, finish, home")
        seconds = time.perf_counter() - started
        return Outcome(
            self.tally, seconds, receipt, references, numbers, offline, tuple(clock.phases)
        )


def settle() -> None:
    """Let the GUI catch up with a touch: the posted events (layouts, queued signals), as the
    kiosk's event loop would right after it. Deferred deletions are left to the event loop
    (the next wait runs one), in its own order: forcing them here, in the middle of a screen's
    changes, is not what a running kiosk does."""
    QApplication.processEvents()

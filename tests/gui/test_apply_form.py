"""The application form, its review and the consent as a citizen meets them: a real
``ApplyJourney`` hosted by a real kiosk (its catalogue, its terminal verifying a fresh demo e-ID,
its outbox), driven up to the form, then every answer given by touches on the screen's own
widgets and keys typed into its fields; the kiosk's keypad for identity numbers and credit
codes, the on-screen keyboard's dock for the fold."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import prepare_demo
from kiosk.domain.catalog import bundled_catalog
from kiosk.forms.problems import FieldError, FieldProblem
from kiosk.forms.values import Address
from kiosk.journeys.apply import ApplyJourney, ApplyStep
from kiosk.journeys.journey import Screen
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk
from kiosk.ui.form.address import AddressEditor
from kiosk.ui.form.date import DateEditor
from kiosk.ui.form.display import shown_value
from kiosk.ui.form.editors import ChoiceEditor, LineEditor
from kiosk.ui.form.words import problem_text
from kiosk.ui.keyboard.keypad import BACKSPACE
from kiosk.ui.screens.apply_consent import ApplyConsentScreen
from kiosk.ui.screens.apply_form import ApplyFormScreen
from kiosk.ui.screens.apply_review import ApplyReviewScreen
from kiosk.ui.tools.tour import settle
from tests.gui.conftest import KioskFactory
from tests.support import apply_form_tour
from tests.support.identities import resident_id

HOUSING_ITEM = apply_form_tour.HOUSING_ITEM
MARRIAGE_ITEM = apply_form_tour.MARRIAGE_ITEM
LIST_ITEM = apply_form_tour.LIST_ITEM
TAX_ITEM = apply_form_tour.TAX_ITEM
PARTNER_ID = resident_id("510104", "19920304", "123")


@dataclass
class Visit:
    """A citizen at the kiosk, at the form of one item."""

    kiosk: Kiosk
    journey: ApplyJourney
    qtbot: QtBot

    @property
    def screen(self) -> ApplyFormScreen:
        screen = self.kiosk.window.current_screen
        assert isinstance(screen, ApplyFormScreen), type(screen).__name__
        return screen

    def tap(self, button: QPushButton) -> None:
        """A finger on ``button`` of the screen shown, scrolled into view first as a citizen
        would; the finger must land on it (nothing else drawn there)."""
        assert button.isEnabled(), button.text()
        self.show_widget(button)
        window = self.kiosk.window
        centre = button.mapTo(window, button.rect().center())
        found = window.childAt(centre)
        assert found is button or button.isAncestorOf(found), (
            button.text(),
            found.text() if isinstance(found, QPushButton) else found,
            centre,
            window.size(),
        )
        # The button's own click is the tap: offscreen, the scroll area's QScroller replays a
        # press by its screen position, which misses beyond the 800 px square screen (as in
        # test_find_screens and test_apply_screens; the scroller's taps: test_pointer_hold).
        button.click()

    def touch_field(self, line: QLineEdit) -> None:
        """A finger on ``line``, after its text (the cursor goes to the end)."""
        self.show_widget(line)
        spot = QPoint(line.width() - 8, line.height() // 2)
        found = self.kiosk.window.childAt(line.mapTo(self.kiosk.window, spot))
        assert found is line or line.isAncestorOf(found), (
            found,
            line.mapTo(self.kiosk.window, spot),
        )
        line.setFocus(Qt.FocusReason.MouseFocusReason)  # the tap (see ``tap``)
        self.qtbot.waitUntil(line.hasFocus)
        line.end(False)

    def show_widget(self, widget: QWidget) -> None:
        """Lay the screen out as it will be painted, and scroll ``widget`` into view (again,
        should the keyboard dock still be scrolling to the field it had)."""
        area = widget.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        for _attempt in range(3):
            settle()
            if area is None:
                break
            area.ensureWidgetVisible(widget)
            settle()
            viewport = area.viewport()
            if _in_window(viewport).contains(_in_window(widget)):
                break
        assert widget.isVisible()

    def type_into(self, key: str, text: str) -> QLineEdit:
        """Touch field ``key`` and type ``text`` on the keyboard."""
        editor = self.screen.rows[key].editor
        assert isinstance(editor, LineEditor), key
        line = editor.line
        self.touch_field(line)
        if text.isascii():
            self.qtbot.keyClicks(line, text)
        else:  # Chinese: committed by the input method, as the pinyin keyboard does
            event = QInputMethodEvent()
            event.setCommitString(text)
            QApplication.sendEvent(line, event)
        return line

    def keypad(self, key: str, text: str) -> QLineEdit:
        """Touch field ``key`` (an identity number or a credit code) and tap ``text`` on the
        kiosk's own keypad, which the dock shows for it."""
        editor = self.screen.rows[key].editor
        assert isinstance(editor, LineEditor), key
        line = editor.line
        self.touch_field(line)
        pad = self.kiosk.window.keyboard.keypad
        self.qtbot.waitUntil(lambda: pad.isVisible() and pad.target is line)
        for character in text:
            self.qtbot.mouseClick(pad.keys[character], Qt.MouseButton.LeftButton)
        return line

    def choose(self, key: str, value: str) -> None:
        editor = self.screen.rows[key].editor
        assert isinstance(editor, ChoiceEditor), key
        self.tap(editor.tiles[value])

    def pick_date(self, key: str, day: date) -> None:
        """Open the date picker of ``key`` and touch the decade, year, month and day."""
        editor = self.screen.rows[key].editor
        assert isinstance(editor, DateEditor), key
        if not editor.open:
            self.tap(editor.summary)
        while editor.decade > day.year:
            self.tap(editor.earlier)
        while editor.decade + 9 < day.year:
            self.tap(editor.later)
        self.tap(editor.years.buttons[str(day.year)])
        self.tap(editor.months.buttons[str(day.month)])
        self.tap(editor.days.buttons[str(day.day)])
        assert not editor.open  # the day closes the picker

    def pick_address(self, key: str, province: str, city: str, district: str, detail: str) -> None:
        editor = self.screen.rows[key].editor
        assert isinstance(editor, AddressEditor), key
        self.tap(editor.pickers["province"])
        grid = next(g for g in editor.grids["province"] if province in g.buttons)
        self.tap(grid.buttons[province])
        if editor.asked("city"):
            assert editor.opened == "city"  # on to the city at once
            self.tap(editor.grids["city"][0].buttons[city])
        if editor.asked("district"):
            assert editor.opened == "district"
            self.tap(editor.grids["district"][0].buttons[district])
        assert editor.opened is None
        line = editor.detail
        self.touch_field(line)
        self.qtbot.keyClicks(line, detail)

    def next(self) -> None:
        self.tap(self.screen.next_button)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("apply-form-demo")
    prepare_demo(folder, ManualClock().now())
    return folder


@pytest.fixture
def visit(make_kiosk: KioskFactory, qtbot: QtBot, demo_folder: Path) -> Callable[..., Visit]:
    def start(item: str, *, language: str = "en", size: QSize | None = None) -> Visit:
        clock = ManualClock()
        loaded = load_config(demo_folder / "kiosk.toml", {})
        kiosk = make_kiosk(loaded, clock=clock, size=size)
        kiosk.shell.set_language(language)
        journey = apply_form_tour.to_form(kiosk, clock, demo_folder, item)
        qtbot.waitUntil(lambda: isinstance(kiosk.window.current_screen, ApplyFormScreen))
        # The on-screen keyboard compiles asynchronously once the screens are built; a kiosk
        # closed while it compiles left the QML thread to crash the process at exit.
        dock = kiosk.window.keyboard
        qtbot.waitUntil(lambda: dock.ready or dock.failed, timeout=20_000)
        kiosk.window.activateWindow()  # the kiosk's only window is the active one
        qtbot.waitUntil(kiosk.window.isActiveWindow)
        return Visit(kiosk, journey, qtbot)

    return start


def _in_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _seen(visit: Visit, widget: QWidget) -> bool:
    """``widget`` is wholly inside the form's visible area."""
    viewport = visit.screen.scroll_area.viewport()
    return _in_window(viewport).contains(_in_window(widget))


# --------------------------------------------------------------------------- every type
def test_every_field_type_is_answered_by_touches_and_keys(visit: Callable[..., Visit]) -> None:
    citizen = visit(HOUSING_ITEM)
    journey = citizen.journey
    form = journey.form
    assert form is not None
    today = journey.today()
    citizen.type_into("phone", "13800138000")
    citizen.choose("fund_in", "sichuan")
    citizen.choose("home_type", "resale")
    citizen.pick_address("property_address", "510000", "510100", "510104", "Hongxing Rd 88")
    bought = date(today.year - 3, 2, 28)
    citizen.pick_date("contract_date", bought)
    citizen.type_into("amount", "120000")
    citizen.type_into("bank_name", "中国建设银行")
    citizen.type_into("bank_account", "6222020200112233446")
    assert form.value("phone") == "13800138000"
    assert form.value("fund_in") == "sichuan"
    assert form.value("home_type") == "resale"
    assert form.value("property_address") == Address("510000", "510100", "510104", "Hongxing Rd 88")
    assert form.value("contract_date") == bought.isoformat()
    assert form.value("amount") == "120000"
    assert form.value("bank_name") == "中国建设银行"
    assert form.value("bank_account") == "6222020200112233446"
    assert form.errors() == []
    citizen.next()
    assert journey.step is ApplyStep.REVIEW


def test_a_decimal_in_a_whole_number_field_is_told_not_dropped(
    visit: Callable[..., Visit],
) -> None:
    citizen = visit(HOUSING_ITEM)
    form = citizen.journey.form
    assert form is not None
    citizen.type_into("amount", "1.5")  # user test: it became 15 without a word
    assert form.value("amount") == "1.5"
    error = form.error("amount")
    assert error is not None and error.problem is FieldProblem.NOT_A_NUMBER


def test_a_municipality_has_no_city_to_choose_and_the_district_comes_next(
    visit: Callable[..., Visit],
) -> None:
    citizen = visit(HOUSING_ITEM)
    editor = citizen.screen.rows["property_address"].editor
    assert isinstance(editor, AddressEditor)
    citizen.tap(editor.pickers["province"])
    served = editor.grids["province"][0]
    assert list(served.buttons) == ["510000", "500000"]  # Sichuan and Chongqing first
    assert len(editor.grids["province"][1].buttons) == 32  # then the rest of China
    citizen.tap(served.buttons["500000"])
    assert not editor.pickers["city"].isVisible()
    assert editor.opened == "district"
    district = next(iter(editor.grids["district"][0].buttons))
    citizen.tap(editor.grids["district"][0].buttons[district])
    form = citizen.journey.form
    assert form is not None
    assert form.value("property_address") == Address("500000", "500100", district, "")


def test_names_identity_numbers_and_a_future_date(visit: Callable[..., Visit]) -> None:
    citizen = visit(MARRIAGE_ITEM)
    form = citizen.journey.form
    assert form is not None
    today = citizen.journey.today()
    editor = citizen.screen.rows["appointment_date"].editor
    assert isinstance(editor, DateEditor)
    citizen.tap(editor.summary)
    # An appointment is not in the past: yesterday cannot be touched, today can.
    citizen.tap(editor.years.buttons[str(today.year)])
    citizen.tap(editor.months.buttons[str(today.month)])
    if today.day > 1:
        assert not editor.days.buttons[str(today.day - 1)].isEnabled()
    later = date(today.year + 1, 1, 15)
    citizen.pick_date("appointment_date", later)
    citizen.type_into("partner_name", "王小红")
    citizen.keypad("partner_id_number", PARTNER_ID)
    assert form.value("partner_name") == "王小红"
    assert form.value("partner_id_number") == PARTNER_ID
    assert form.value("appointment_date") == later.isoformat()


def test_a_credit_code_is_typed_on_its_keypad(visit: Callable[..., Visit]) -> None:
    citizen = visit(TAX_ITEM)
    form = citizen.journey.form
    assert form is not None
    code = "91510100MA6CB0L80L"
    citizen.keypad("company_credit_code", code)
    assert form.value("company_credit_code") == code
    assert form.error("company_credit_code") is None


def test_more_than_four_choices_are_a_list(visit: Callable[..., Visit]) -> None:
    many = visit(LIST_ITEM)
    editor = many.screen.rows["purpose"].editor
    assert isinstance(editor, ChoiceEditor)
    assert not editor.big and len(editor.tiles) == 5  # a list, not big radio buttons
    few = many.screen.rows["hukou_in"].editor
    assert isinstance(few, ChoiceEditor) and few.big
    assert editor.tiles["other"].height() < few.tiles["sichuan"].height()
    many.choose("purpose", "adoption")
    many.choose("purpose", "other")
    assert [tile.chosen for tile in editor.tiles.values()] == [False] * 4 + [True]
    assert many.journey.form is not None and many.journey.form.value("purpose") == "other"


# --------------------------------------------------------------------------- problems
def test_a_wrong_check_character_is_told_next_to_its_field_after_next(
    visit: Callable[..., Visit],
) -> None:
    citizen = visit(MARRIAGE_ITEM)
    screen = citizen.screen
    wrong = PARTNER_ID[:-1] + ("1" if PARTNER_ID[-1] != "1" else "2")
    line = citizen.keypad("partner_id_number", wrong)
    row = screen.rows["partner_id_number"]
    assert not row.problem.isVisible()  # no problem is shown before "Next"
    citizen.next()
    assert citizen.journey.step is ApplyStep.FORM
    expected = problem_text(FieldError("partner_id_number", FieldProblem.ID_CHECKSUM))
    assert expected.startswith("This ID number has a mistake")
    assert row.problem.isVisible() and row.problem.text() == expected
    # Right below its own field.
    field_box, problem_box = _in_window(line), _in_window(row.problem)
    assert (
        0 <= problem_box.top() - field_box.bottom() <= citizen.kiosk.window.metrics.spacing_px * 2
    )
    # The first problem is scrolled to: the phone, the first field the citizen left empty.
    first = screen.rows["phone"]
    assert first.problem.isVisible()
    assert first.problem.text() == problem_text(FieldError("phone", FieldProblem.REQUIRED))
    citizen.qtbot.waitUntil(lambda: _seen(citizen, first.label))
    # Corrected, the problem goes at once.
    citizen.keypad("partner_id_number", BACKSPACE + PARTNER_ID[-1])
    assert line.text() == PARTNER_ID
    assert not row.problem.isVisible()
    citizen.type_into("phone", "1380013")
    assert screen.rows["phone"].problem.text() == problem_text(
        FieldError("phone", FieldProblem.PHONE)
    )


def test_verified_answers_are_shown_locked_and_cannot_be_changed(
    visit: Callable[..., Visit],
) -> None:
    citizen = visit(HOUSING_ITEM)
    form = citizen.journey.form
    assert form is not None
    name, number = form.value("applicant_name"), form.value("id_number")
    assert form.locked("applicant_name") == "eid" and form.locked("id_number") == "eid"
    card = citizen.screen.cards["eid"]
    assert "Verified from your e-ID" in card.mark.text()
    for key in ("applicant_name", "id_number"):
        row = citizen.screen.rows[key]
        assert row.editor is None and not row.findChildren(QLineEdit)
        assert not row.findChildren(QPushButton)  # nothing to touch
        assert card.isAncestorOf(row)
    shown = citizen.screen.rows["id_number"].shown
    assert shown is not None and isinstance(number, str)
    assert shown.text() != number and shown.text()[:4] == number[:4]  # masked
    assert form.set("applicant_name", "Someone Else") is None
    assert form.value("applicant_name") == name


# --------------------------------------------------------------------------- back and forth
def _answer_housing(citizen: Visit) -> date:
    today = citizen.journey.today()
    citizen.type_into("phone", "13800138000")
    citizen.choose("fund_in", "chongqing")
    citizen.choose("home_type", "new")
    citizen.pick_address("property_address", "510000", "510100", "510104", "Hongxing Rd 88")
    bought = date(today.year - 1, 6, 1)
    citizen.pick_date("contract_date", bought)
    citizen.type_into("amount", "5000")
    citizen.type_into("bank_name", "Bank of Chongqing")
    citizen.type_into("bank_account", "6222020200112233446")
    return bought


def test_the_review_shows_the_answers_in_words_and_back_keeps_them(
    visit: Callable[..., Visit],
) -> None:
    citizen = visit(HOUSING_ITEM)
    bought = _answer_housing(citizen)
    citizen.next()
    journey = citizen.journey
    assert journey.step is ApplyStep.REVIEW
    review = citizen.kiosk.window.current_screen
    assert isinstance(review, ApplyReviewScreen)
    assert review.values["fund_in"].text() == "Chongqing"
    assert review.values["home_type"].text() == "New home"
    address = review.values["property_address"].text()
    assert address == "Hongxing Rd 88, Jinjiang District, Chengdu, Sichuan"
    months = ["January", "February", "March", "April", "May", "June", "July", "August"]
    assert review.values["contract_date"].text() == f"1 {months[5]} {bought.year}"
    assert "applicant_name" not in review.change_buttons  # verified: nothing to change
    assert "phone" in review.change_buttons

    citizen.kiosk.shell.back()
    assert journey.step is ApplyStep.FORM
    screen = citizen.screen
    phone = screen.rows["phone"].editor
    assert isinstance(phone, LineEditor) and phone.line.text() == "13800138000"
    address_editor = screen.rows["property_address"].editor
    assert isinstance(address_editor, AddressEditor)
    assert address_editor.value() == Address("510000", "510100", "510104", "Hongxing Rd 88")
    assert screen.rows["contract_date"].value() == bought.isoformat()
    assert not screen.rows["phone"].problem.isVisible()

    citizen.next()
    review = citizen.kiosk.window.current_screen
    assert isinstance(review, ApplyReviewScreen)
    citizen.tap(review.change_buttons["bank_name"])
    assert journey.step is ApplyStep.FORM
    bank = citizen.screen.rows["bank_name"].editor
    assert isinstance(bank, LineEditor)
    citizen.qtbot.waitUntil(bank.line.hasFocus)  # the finger is put in it
    citizen.qtbot.waitUntil(lambda: _seen(citizen, bank.line))
    assert bank.line.text() == "Bank of Chongqing"


def test_a_chinese_name_has_its_pinyin_on_the_english_review(
    visit: Callable[..., Visit],
) -> None:
    citizen = visit(HOUSING_ITEM)
    form = citizen.journey.form
    assert form is not None
    _answer_housing(citizen)
    citizen.next()
    review = citizen.kiosk.window.current_screen
    assert isinstance(review, ApplyReviewScreen)
    texts = [label.text() for label in review.findChildren(QWidget) if hasattr(label, "text")]
    applicant = citizen.journey.state.applicant
    assert applicant is not None
    assert any(text.startswith(applicant.name + " (Li ") for text in texts), texts
    assert applicant.number not in texts  # masked


def test_consent_needs_the_tick_before_anything_is_sent(visit: Callable[..., Visit]) -> None:
    citizen = visit(HOUSING_ITEM)
    _answer_housing(citizen)
    citizen.next()
    citizen.journey.continue_to_consent()
    consent = citizen.kiosk.window.current_screen
    assert isinstance(consent, ApplyConsentScreen)
    for sichuan, chongqing in citizen.journey.consent().recipients:
        assert sichuan.en in consent.who_text.text() and chongqing.en in consent.who_text.text()
    assert "nothing is sent" in consent.refuse_text.text()
    assert not consent.submit_button.isEnabled()
    citizen.qtbot.mouseClick(consent.submit_button, Qt.MouseButton.LeftButton)
    assert citizen.journey.step is ApplyStep.CONSENT and not citizen.journey.references
    citizen.tap(consent.tick)
    assert consent.tick.isChecked() and consent.submit_button.isEnabled()
    citizen.tap(consent.tick)  # changed their mind
    assert not consent.submit_button.isEnabled()
    citizen.tap(consent.tick)
    citizen.qtbot.mouseClick(consent.submit_button, Qt.MouseButton.LeftButton)
    assert citizen.journey.state.consented_at is not None
    assert len(citizen.journey.references) == 1  # queued in the outbox


def test_not_agreeing_sends_nothing_and_wipes_the_form(visit: Callable[..., Visit]) -> None:
    citizen = visit(HOUSING_ITEM)
    _answer_housing(citizen)
    form_screen = citizen.screen
    citizen.next()
    citizen.journey.continue_to_consent()
    consent = citizen.kiosk.window.current_screen
    assert isinstance(consent, ApplyConsentScreen)
    citizen.tap(consent.refuse_button)
    assert citizen.kiosk.shell.screen is Screen.HOME
    assert citizen.journey.ended and not citizen.journey.references
    assert citizen.journey.state.consented_at is None
    assert not form_screen.rows  # the form's widgets are gone
    typed = [line.text() for line in form_screen.findChildren(QLineEdit)]
    assert not any(typed), typed


# --------------------------------------------------------------------------- the keyboard
SIZES = [QSize(1366, 768), QSize(1080, 1920)]


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_the_keyboard_never_covers_the_field_being_edited(
    visit: Callable[..., Visit], size: QSize
) -> None:
    citizen = visit(HOUSING_ITEM, size=size)
    dock = citizen.kiosk.window.keyboard
    dock.load()  # as build_all_screens does once the services are open
    citizen.qtbot.waitUntil(lambda: dock.ready, timeout=20_000)
    screen = citizen.screen
    for key in ("bank_account", "phone"):  # the last field of the form, then the first
        line = citizen.type_into(key, "1")
        citizen.qtbot.waitUntil(lambda: dock.showing_keyboard)
        citizen.qtbot.waitUntil(lambda line=line: _seen(citizen, line))
        assert _in_window(screen.scroll_area.viewport()).bottom() < _in_window(dock).top()
        assert citizen.kiosk.window.size() == size
        # What the field asks is seen above it too, where the room left holds both.
        label = screen.rows[key].label
        needed = _in_window(line).bottom() - _in_window(label).top()
        if needed < screen.scroll_area.viewport().height():
            citizen.qtbot.waitUntil(lambda label=label: _seen(citizen, label))


@pytest.mark.parametrize("size", SIZES, ids=str)
def test_the_identity_keypad_never_covers_its_field(
    visit: Callable[..., Visit], size: QSize
) -> None:
    citizen = visit(MARRIAGE_ITEM, size=size)
    line = citizen.keypad("partner_id_number", "5101")
    pad = citizen.kiosk.window.keyboard.keypad
    citizen.qtbot.waitUntil(lambda: _seen(citizen, line))
    assert _in_window(citizen.screen.scroll_area.viewport()).bottom() < _in_window(pad).top()


def test_a_verified_passport_number_is_masked_like_an_identity_number() -> None:
    item = bundled_catalog().item("CY-SCJG-072")
    assert item is not None and item.form is not None
    field = next(
        field
        for field in item.form.fields
        if field.prefill is not None
        and field.prefill.credential == "e-resident"
        and field.prefill.claim == "number"
    )
    assert field.type not in ("identity_number", "credit_code")  # a text field
    shown = shown_value(field, "C01X00T47", "en", masked=True)
    assert "C01X00T47" not in shown and shown.startswith("C0") and "*" in shown
    assert shown_value(field, "C01X00T47", "en") == "C01X00T47"  # typed answers as typed

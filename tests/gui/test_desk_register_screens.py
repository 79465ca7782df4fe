"""The hotel desk's register and a room's stay on the real kiosk (hotel profile), driven as a
clerk drives them: the tabs by touch and by Alt+1/2/3, the room search typed, rows opened by a
touch and by Up/Down and Enter, a stay's guests and reports, its slip reprinted (printed, and
not printed for want of paper), its check-out asked, cancelled (Esc), confirmed (Enter) and
reported, Esc back to the register and to the desk. The register is an in-memory one of the real
``Stay`` values behind a real ``DeskJourney``, every call synchronous.

The list never shows a guest's name whole (surname and a star); a stay shown whole is gone
from every widget once the desk idles. Both screens keep the window at its size (1280×800 and
1920×1080, both languages), and the desk monitor shows eight rows without scrolling.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.text import Bilingual
from kiosk.hotel.register import Register, ReportState
from kiosk.journeys.desk import REFRESH_S, DeskJourney, DeskServices, DeskStep, RegisterTab
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.journeys.receipt import ReceiptPhase
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.store.database import Database
from kiosk.sync.outbox import Outbox
from kiosk.sync.sealing import LocalKey, SealingPrivateKey
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.desk_register import DeskRegisterScreen, StayRow
from kiosk.ui.screens.desk_stay import DeskStayScreen
from kiosk.ui.screens.desk_texts import age_text
from tests.gui.conftest import KioskFactory
from tests.support.checkins import CHILD_NAME, PARENT_NAME, VISITOR_NAME, family_report
from tests.support.desk_register import GUARDIAN_NAME, FakeRegister, sample_stays
from tests.support.personal_leftovers import widget_hits

HOTEL = Bilingual("嘉陵江畔酒店", "Jialing Riverside Hotel")
TODAY = date(2026, 11, 23)  # ManualClock's day in Beijing
IN_HOUSE = ["0812", "0815", "0901", "1203", *(f"15{n:02d}" for n in range(1, 8))]
ARRIVALS = ["0812", "0815", "1203"]
DEPARTURES = ["0702", "0901"]
ALT = Qt.KeyboardModifier.AltModifier
NONE = Qt.KeyboardModifier.NoModifier
DESK_MONITOR = QSize(1280, 800)


@dataclass
class Desk:
    kiosk: Kiosk
    qtbot: QtBot
    register: FakeRegister
    printer: FakePrinter
    clock: ManualClock

    @property
    def journey(self) -> DeskJourney:
        journey = self.kiosk.shell.journey
        assert isinstance(journey, DeskJourney)
        return journey

    @property
    def screen(self) -> QWidget:
        return self.kiosk.window.current_screen

    def register_screen(self) -> DeskRegisterScreen:
        screen = self.screen
        assert isinstance(screen, DeskRegisterScreen)
        return screen

    def stay_screen(self) -> DeskStayScreen:
        screen = self.screen
        assert isinstance(screen, DeskStayScreen)
        return screen

    def rooms(self) -> list[str]:
        return [row.room.full_text for row in self.register_screen().rows]

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
        """A key on the keyboard, to whatever has the focus (the window when nothing has);
        then the event loop's turn, as between two key presses on the terminal."""
        target = QApplication.focusWidget() or self.kiosk.window
        self.qtbot.keyClick(target, key, modifier)
        QApplication.processEvents()

    def open_register(self) -> DeskRegisterScreen:
        self.kiosk.shell.start(JourneyName.REGISTER)
        QApplication.processEvents()
        return self.register_screen()


def all_guest_names(register: FakeRegister) -> list[str]:
    """Every guest's name whole, and in pinyin when it is not the same."""
    names = {GUARDIAN_NAME}
    for stay in register.stays.values():
        for guest in stay.guests:
            names.update({guest.name, guest.latin_name})
    return sorted(names)


def shown_texts(widget: QWidget) -> str:
    return "\n".join(
        label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)
    )


def hotel_kiosk(make_kiosk: KioskFactory, folder: Path, qtbot: QtBot, size: QSize) -> Desk:
    loaded = load_config(write_demo_config(folder, profile="hotel"), {})
    clock = ManualClock()
    printer = FakePrinter()
    kiosk = make_kiosk(loaded, clock=clock, tasks=SyncTaskRunner(), printer=printer, size=size)
    register = FakeRegister(sample_stays(TODAY), clock)
    kiosk.shell.desk = DeskServices(register, SyncTaskRunner(), HOTEL, "CQ-YB-0001")  # type: ignore[arg-type]
    with qtbot.waitActive(kiosk.window):  # the desk's shortcuts work in the active window
        kiosk.window.activateWindow()
    return Desk(kiosk, qtbot, register, printer, clock)


@pytest.fixture
def desk(make_kiosk: KioskFactory, tmp_path: Path, qtbot: QtBot) -> Desk:
    rig = hotel_kiosk(make_kiosk, tmp_path / "hotel", qtbot, DESK_MONITOR)
    rig.kiosk.shell.set_language("en")
    return rig


# --------------------------------------------------------------------------- the register


def test_the_tabs_switch_the_list_by_touch_and_by_their_keys(desk: Desk) -> None:
    screen = desk.open_register()
    assert desk.journey.state.tab is RegisterTab.IN_HOUSE
    assert desk.rooms() == IN_HOUSE
    assert screen.tabs[RegisterTab.IN_HOUSE].isChecked()
    for tab, key in zip(RegisterTab, ("Alt+1", "Alt+2", "Alt+3"), strict=True):
        assert screen.tabs[tab].text().endswith(f"\n{key}")  # the key is on the button
    assert screen.back_button.text().endswith("\nEsc")

    desk.key(Qt.Key.Key_1, ALT)
    assert desk.rooms() == ARRIVALS
    assert screen.tabs[RegisterTab.ARRIVALS].isChecked()
    assert not screen.tabs[RegisterTab.IN_HOUSE].isChecked()
    screen.tabs[RegisterTab.DEPARTURES].click()
    assert desk.rooms() == DEPARTURES
    assert screen.tabs[RegisterTab.DEPARTURES].isChecked()
    desk.key(Qt.Key.Key_2, ALT)
    assert desk.rooms() == IN_HOUSE


def test_rows_say_who_how_many_when_and_where_the_report_stands(desk: Desk) -> None:
    screen = desk.open_register()
    rows = {row.room.full_text: row for row in screen.rows}
    family = rows["0812"]
    assert family.names.full_text == "3 guests: Wang *, Wang *, Anna-Maria *"
    assert family.isVisibleTo(screen) and family.minor
    assert family.badge.text() in ("Under 18", "未满18岁")
    assert family.dates.full_text == "23 → 25 Nov, 2 nights"
    assert family.report.full_text == "Reported CQRZ20261123000001"
    assert rows["0815"].names.full_text == "1 guest: Ouyang *"
    assert not rows["0815"].minor and not rows["0815"].badge.isVisibleTo(screen)
    assert rows["0815"].report.full_text == "Waiting for the network"
    assert rows["1203"].report.full_text == "Refused: ask the technician"
    assert rows["1203"].dates.full_text == "23 → 26 Nov, 3 nights"
    desk.key(Qt.Key.Key_3, ALT)
    left = {row.room.full_text: row for row in screen.rows}["0702"]
    assert left.report.full_text == "Checked out 10:05, waiting for the network"
    assert left.dates.full_text == "22 → 24 Nov, 2 nights"

    desk.kiosk.shell.set_language("zh_CN")  # redrawn in the other language
    rows = {row.room.full_text: row for row in screen.rows}
    assert rows["0901"].names.full_text.endswith("：李＊、张＊")
    assert rows["0702"].dates.full_text.startswith("11月22日 → 24日，")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_no_guest_is_named_whole_on_the_register(desk: Desk, language: str) -> None:
    desk.kiosk.shell.set_language(language)
    screen = desk.open_register()
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3):
        desk.key(key, ALT)
        assert screen.rows
        assert widget_hits(all_guest_names(desk.register)) == []
    desk.key(Qt.Key.Key_2, ALT)
    rows = {row.room.full_text: row for row in screen.rows}
    masked = ("王＊", "欧阳＊") if language == "zh_CN" else ("Wang *", "Ouyang *")
    assert masked[0] in rows["0812"].names.full_text  # shown where the column is wide enough
    assert masked[1] in rows["0815"].names.full_text
    if language == "en":
        assert "1 guest: Ouyang *" in shown_texts(screen).splitlines()


def test_the_room_search_filters_and_enter_opens_the_one_room_found(desk: Desk) -> None:
    screen = desk.open_register()
    screen.field.setFocus()
    desk.qtbot.keyClicks(screen.field, "08")
    assert desk.journey.state.room_filter == "08"
    assert desk.rooms() == ["0812", "0815"]
    desk.qtbot.keyClicks(screen.field, "! .")  # not a room's: refused by the field
    assert screen.field.text() == "08"
    screen.field.clear()
    desk.qtbot.keyClicks(screen.field, "99")
    assert desk.rooms() == []
    assert screen.notice.isVisible()
    assert screen.notice_title.text() == "No guest in house in a room starting with 99."
    desk.qtbot.keyClick(screen.field, Qt.Key.Key_Backspace)
    desk.qtbot.keyClick(screen.field, Qt.Key.Key_Backspace)
    assert desk.rooms() == IN_HOUSE and not screen.notice.isVisible()
    desk.qtbot.keyClicks(screen.field, "12")
    assert desk.rooms() == ["1203"]
    desk.qtbot.keyClick(screen.field, Qt.Key.Key_Return)
    stay = desk.stay_screen()
    assert desk.journey.step is DeskStep.STAY and stay.title.text() == "Room 1203"


def test_up_down_and_enter_walk_the_list_and_letters_search(desk: Desk) -> None:
    screen = desk.open_register()
    assert screen.rows[0].hasFocus()  # the list is ready for the keys on entering
    desk.key(Qt.Key.Key_Down)
    desk.key(Qt.Key.Key_Down)
    assert screen.rows[2].hasFocus()
    desk.key(Qt.Key.Key_Up)
    assert screen.rows[1].hasFocus()
    desk.key(Qt.Key.Key_Up)
    desk.key(Qt.Key.Key_Up)  # above the first row: the search
    assert screen.field.hasFocus()
    desk.key(Qt.Key.Key_Down)
    assert screen.rows[0].hasFocus()
    for _ in range(len(IN_HOUSE) + 2):  # past the last row it stays there, scrolled to
        desk.key(Qt.Key.Key_Down)
    last = screen.rows[-1]
    assert last.hasFocus()
    assert last.visibleRegion().boundingRect().height() == last.height()
    desk.key(Qt.Key.Key_1)  # a digit on the list goes to the search
    assert screen.field.hasFocus() and screen.field.text() == "1"
    assert desk.rooms() == [room for room in IN_HOUSE if room.startswith("1")]
    desk.key(Qt.Key.Key_Down)
    desk.key(Qt.Key.Key_Down)
    desk.key(Qt.Key.Key_Enter)
    assert desk.stay_screen().title.text() == "Room 1501"


def test_a_touch_on_a_row_opens_its_stay_and_esc_goes_back_up(desk: Desk) -> None:
    screen = desk.open_register()
    row = next(row for row in screen.rows if row.room.full_text == "0901")
    assert isinstance(row, StayRow) and row.height() >= desk.kiosk.window.metrics.touch_target_px
    desk.qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    assert desk.stay_screen().title.text() == "Room 0901"
    desk.key(Qt.Key.Key_Escape)
    assert desk.journey.step is DeskStep.REGISTER
    assert desk.register_screen() is screen and screen.rows
    desk.key(Qt.Key.Key_Escape)
    assert desk.journey.step is DeskStep.DESK
    assert desk.kiosk.shell.screen is Screen.DESK


def test_a_register_that_cannot_be_read_says_so_and_recovers(desk: Desk) -> None:
    screen = desk.open_register()
    desk.register.failing = True
    desk.key(Qt.Key.Key_1, ALT)
    assert desk.journey.state.register_failed
    assert screen.rows == []
    assert screen.notice.isVisible()
    assert screen.notice_title.text() == "The register cannot be read"
    assert "call the technician" in screen.notice_text.text()
    desk.register.failing = False
    desk.key(Qt.Key.Key_3, ALT)
    assert desk.rooms() == DEPARTURES and not screen.notice.isVisible()


# --------------------------------------------------------------------------- a stay


def test_a_stay_shows_each_guest_whole_with_a_minor_s_care(desk: Desk) -> None:
    desk.open_register()
    desk.journey.open_stay(1)
    stay = desk.stay_screen()
    assert stay.title.text() == "Room 0812"
    assert stay.dates.text() == "23 November 2026 → 25 November 2026, 2 nights"
    desk.kiosk.shell.set_language("zh_CN")  # a Chinese comma, as on the register's rows
    assert stay.dates.text() == "2026年11月23日 → 2026年11月25日，2晚"
    desk.kiosk.shell.set_language("en")
    cards = [card for card in stay.guest_cards if card.isVisibleTo(stay)]
    assert [card.name.text() for card in cards] == [
        "Wang Jianguo (王建国)",
        "Wang Xiaoyu (王小雨)",
        "Anna-Maria MUELLER",
    ]
    assert [card.badge.isVisibleTo(stay) for card in cards] == [False, True, False]
    father = desk.register.stays[1].guests[0]
    assert cards[0].facts.text().startswith(father.masked_number)
    assert age_text(40) in cards[0].facts.text()
    assert "Accompanied by Wang Jianguo (王建国), a guest of the room" in cards[1].care.text()
    assert "nationality DEU" in cards[2].facts.text()
    assert stay.checkin_text.text() == (
        "Check-in reported to the platform, number CQRZ20261123000001."
    )
    assert stay.checkout_text.text() == "Not checked out yet."
    assert stay.check_out_button.isEnabled()

    desk.key(Qt.Key.Key_Escape)
    desk.journey.open_stay(3)  # the teenager alone: the guardian called; the report refused
    alone = [card for card in stay.guest_cards if card.isVisibleTo(stay)]
    assert len(alone) == 1  # the family's cards are not left behind
    assert "the desk called the guardian 赵大山 on 138****5678" in alone[0].care.text()
    assert "Wang" not in shown_texts(stay)
    assert stay.checkin_text.text() == "Check-in refused by the platform: ask the technician."
    desk.kiosk.shell.set_language("zh_CN")
    assert alone[0].name.text() == "赵小明"


def test_check_out_asks_cancel_keeps_it_and_enter_confirms_and_reports(desk: Desk) -> None:
    desk.open_register()
    desk.journey.open_stay(1)
    stay = desk.stay_screen()
    assert stay.check_out_button.text() == "Check out\nAlt+O"
    desk.qtbot.mouseClick(stay.check_out_button, Qt.MouseButton.LeftButton)
    assert stay.question.isVisible()
    assert stay.question_text.text() == "Check room 0812 out now? This is reported."
    assert not stay.check_out_button.isEnabled()
    desk.key(Qt.Key.Key_Escape)  # cancels the question, stays on the stay
    assert not stay.question.isVisible() and desk.journey.step is DeskStep.STAY
    assert desk.register.stays[1].checked_out_at is None

    desk.key(Qt.Key.Key_O, ALT)
    assert stay.question.isVisible()
    desk.key(Qt.Key.Key_Return)
    checked = desk.register.stays[1]
    assert checked.checked_out_at is not None
    assert not stay.question.isVisible()
    assert not stay.check_out_button.isEnabled()
    assert stay.checked_out_badge.isVisible()
    assert stay.checkout_text.text() == (
        "Checked out 2026-11-23 17:30, waiting for the network: it is sent by itself."
    )
    desk.key(Qt.Key.Key_O, ALT)  # nothing to ask any more
    assert not stay.question.isVisible()

    desk.register.report_arrived(1)  # the platform answered: seen at the next look
    desk.clock.advance(REFRESH_S)
    desk.kiosk.shell.poll()
    assert desk.register.stays[1].checkout_state is ReportState.REPORTED
    assert stay.checkout_text.text() == (
        "Checked out 2026-11-23 17:30, reported to the platform, number CQTF20261123000001."
    )


def test_a_check_out_the_register_cannot_write_says_so(desk: Desk) -> None:
    desk.open_register()
    desk.journey.open_stay(2)
    stay = desk.stay_screen()
    stay.check_out_button.click()
    desk.register.failing = True
    stay.confirm_button.click()
    assert stay.failure.isVisible()
    assert "The check-out could not be saved" in stay.failure_text.text()
    assert desk.register.stays[2].checked_out_at is None
    assert stay.question.isVisible() and stay.confirm_button.isEnabled()  # to try again
    desk.register.failing = False
    desk.key(Qt.Key.Key_Enter)
    assert not stay.failure.isVisible() and not stay.question.isVisible()
    assert desk.register.stays[2].checked_out_at is not None


def test_reprint_shows_the_slip_printed_or_why_not(desk: Desk) -> None:
    desk.open_register()
    desk.journey.open_stay(4)
    stay = desk.stay_screen()
    slip_number = desk.register.stays[4].slip_number
    assert stay.slip_heading.text() == f"Slip {slip_number}"
    assert not stay.slip_text.isVisibleTo(stay)
    desk.key(Qt.Key.Key_P, ALT)
    printed = [job.job_id for job in desk.printer.printed]
    assert len(printed) == 1 and printed[0].startswith(f"H:{slip_number}")
    view = desk.kiosk.shell.receipt()
    assert view is not None and view.phase is ReceiptPhase.PRINTED
    assert stay.slip_text.text() == "Printed."
    desk.clock.advance(60)
    stay.reprint_button.click()  # once more: another copy
    assert len(desk.printer.printed) == 2 and stay.slip_text.text() == "Printed."

    desk.key(Qt.Key.Key_Escape)
    desk.journey.open_stay(1)
    assert desk.stay_screen() is stay
    assert not stay.slip_text.isVisibleTo(stay)  # the other room's slip is not this one's
    desk.printer.set_fault(PrinterFault.PAPER_OUT)
    stay.reprint_button.click()
    assert stay.slip_text.text() == "Not printed. The printer is out of paper."
    assert len(desk.printer.printed) == 2


def test_idling_on_a_stay_leaves_none_of_its_guests_anywhere(desk: Desk) -> None:
    desk.open_register()
    desk.journey.open_stay(1)
    stay = desk.stay_screen()
    stay.reprint_button.click()
    names = all_guest_names(desk.register)
    assert "王建国" in shown_texts(stay)
    desk.journey.idle()  # as the shell does when the desk is left alone
    assert desk.journey.step is DeskStep.REGISTER
    desk.register_screen()
    assert widget_hits(names) == []
    assert stay.title.text() == "" and stay.checkin_text.text() == ""
    assert desk.kiosk.shell.receipt() is None


def test_a_new_journey_is_followed_and_the_ended_one_forgotten(desk: Desk) -> None:
    screen = desk.open_register()
    first = desk.journey
    desk.kiosk.shell.go_home()
    assert first.ended and screen.rows == [] and screen.field.text() == ""
    screen = desk.open_register()
    second = desk.journey
    assert second is not first and desk.rooms() == IN_HOUSE
    second.set_tab(RegisterTab.ARRIVALS)  # the screen follows the journey's own changes
    assert desk.rooms() == ARRIVALS
    assert screen.tabs[RegisterTab.ARRIVALS].isChecked()


def test_the_real_register_s_stays_show_and_check_out(desk: Desk, tmp_path: Path) -> None:
    """The same screens over the terminal's own register (SQLite, sealed outbox): what it gives
    back decrypted is listed masked, shown whole, and checked out."""
    (tmp_path / "register").mkdir()
    database = Database.open(tmp_path / "register" / "kiosk.sqlite3")
    local_key = LocalKey.load_or_create(tmp_path / "register" / "queue.key")
    outbox = Outbox(
        database,
        terminal_id="CQ-YB-0001",
        sealing_key=SealingPrivateKey.generate().public(),
        local_key=local_key,
        clock=desk.clock,
    )
    register = Register(database, outbox, local_key, desk.clock)
    try:
        saved = register.save(family_report(TODAY, room="0812"))
        desk.kiosk.shell.desk = DeskServices(register, SyncTaskRunner(), HOTEL, "CQ-YB-0001")
        screen = desk.open_register()
        (row,) = screen.rows
        assert row.room.full_text == "0812"
        assert row.names.full_text == "3 guests: Wang *, Wang *, Anna-Maria *"
        assert row.minor and row.report.full_text == "Waiting for the network"
        assert widget_hits([PARENT_NAME, CHILD_NAME, "Wang Jianguo"]) == []
        desk.key(Qt.Key.Key_Return)
        stay = desk.stay_screen()
        names = [card.name.text() for card in stay.guest_cards if card.isVisibleTo(stay)]
        assert names == ["Wang Jianguo (王建国)", "Wang Xiaoyu (王小雨)", VISITOR_NAME]
        assert "Accompanied by Wang Jianguo (王建国), a guest of the room" in (
            stay.guest_cards[1].care.text()
        )
        desk.key(Qt.Key.Key_O, ALT)
        desk.key(Qt.Key.Key_Return)
        after = register.stay(saved.stay_id)
        assert after is not None and after.checked_out_at is not None
        assert after.checkout_state is ReportState.WAITING
        assert stay.checkout_text.text().endswith("waiting for the network: it is sent by itself.")
        assert not stay.check_out_button.isEnabled()
    finally:
        desk.kiosk.shell.go_home()
        database.close()


# --------------------------------------------------------------------------- layout


@pytest.mark.parametrize(
    ("size", "language"),
    [
        (QSize(1280, 800), "zh_CN"),
        (QSize(1280, 800), "en"),
        (QSize(1920, 1080), "zh_CN"),
        (QSize(1920, 1080), "en"),
    ],
)
def test_both_screens_fit_the_window(
    make_kiosk: KioskFactory, tmp_path: Path, qtbot: QtBot, size: QSize, language: str
) -> None:
    rig = hotel_kiosk(make_kiosk, tmp_path / "hotel", qtbot, size)
    rig.kiosk.shell.set_language(language)
    screen = rig.open_register()
    QApplication.processEvents()
    window = rig.kiosk.window
    assert window.size() == size  # nothing forced it wider or taller
    viewport = screen.list_area.viewport()
    whole = [
        row
        for row in screen.rows
        if row.visibleRegion().boundingRect().height() == row.height()
        and row.geometry().bottom() <= viewport.height()
    ]
    # The desk's 1280×800 monitor: eight rows under the tabs (English has a taller header).
    assert len(whole) >= (8 if language == "zh_CN" or size.height() > 800 else 7)
    for row in screen.rows:
        assert row.room.text() == row.room.full_text  # a room is never cut
        if size.width() >= 1920:
            assert row.report.text() == row.report.full_text
    rig.journey.open_stay(1)
    stay = rig.stay_screen()
    QApplication.processEvents()
    assert window.size() == size
    for button in (stay.back_button, stay.desk_button, stay.reprint_button, stay.check_out_button):
        assert button.isVisible()
        assert window.rect().contains(button.mapTo(window, button.rect().bottomRight()))

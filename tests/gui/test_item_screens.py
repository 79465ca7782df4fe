"""An item's detail screen, its guide and the printed guide, in the real kiosk: the bundled
catalogue through the terminal's own catalogue library, the shipped fake printer, a fixed clock.

Opening an item shows its name, materials with their marks, the promised date counted on the
bundled holiday calendar (and marked estimated past its last year), each handling mode in plain
words; the guide's QR code read back from the screen's pixels with the terminal's own decoder is
the guide's address; printing goes to the printer with the item and its materials; a printer
out of paper leaves the QR code as the way on; back and home; the help screen teaches only what
the terminal does today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.catalog.details import item_details
from kiosk.config.loader import LoadedConfig
from kiosk.devices.printer import PaperWidth
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.devices.qr_decoder import read_zxing
from kiosk.domain.catalog import CatalogItem, Mode, bundled_catalog
from kiosk.domain.guide import Provision
from kiosk.domain.workdays import bundled_calendar, is_weekend
from kiosk.journeys.find import VERIFIABLE, FindEntry, FindJourney
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.guide import GuideScreen
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.item_detail import ItemDetailScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from tests.gui.conftest import KioskFactory
from tests.support.escpos_reader import read

# 10:00 in Beijing on Tuesday 29 September 2026, before the National Day holidays.
AUTUMN = datetime(2026, 9, 29, 2, 0, tzinfo=UTC)
# The State Council's 2026 schedule around it (国办发明电〔2025〕): Mid-Autumn on Friday 25
# September; National Day 1-7 October, made up on Sunday 20 September and Saturday 10 October.
AUTUMN_HOLIDAYS = {date(2026, 9, 25), *(date(2026, 10, day) for day in (1, 2, 5, 6, 7))}
AUTUMN_WORKDAYS = {date(2026, 9, 20), date(2026, 10, 10)}
# 10:00 in Beijing on Monday 28 December 2026: three working days are left in the bundled
# calendar's last year.
YEAR_END = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
MODE_WORDS: dict[Mode, str] = {
    "online": "Fully online",
    "accept_here": "handled by the other province",
    "joint": "Handled by both provinces",
}


def _counted(start: date, working_days: int) -> date:
    """The promised date counted by hand on the holidays above (valid up to the year's end)."""
    day, left = start, working_days
    while left:
        day += timedelta(days=1)
        assert day.year == 2026, "outside the span this count knows"
        if day in AUTUMN_WORKDAYS or not (is_weekend(day) or day in AUTUMN_HOLIDAYS):
            left -= 1
    return day


def _item(matching: Callable[[CatalogItem], bool]) -> CatalogItem:
    items = [item for item in bundled_catalog().items if matching(item)]
    assert items, "the bundled catalogue has no such item"
    return max(items, key=lambda item: (item.popularity, item.code))


def _e_licence_here(item: CatalogItem) -> bool:
    return any(VERIFIABLE & set(material.e_licences) for material in item.materials)


def _optional(item: CatalogItem) -> bool:
    return any(material.optional for material in item.materials)


def _kiosk(make_kiosk: KioskFactory, now: datetime = AUTUMN, **kwargs: object) -> Kiosk:
    printer = kwargs.pop("printer", None) or FakePrinter(paper=PaperWidth.MM58)
    return make_kiosk(tasks=SyncTaskRunner(), clock=ManualClock(now), printer=printer, **kwargs)


def _open(kiosk: Kiosk, item: CatalogItem, language: str = "en") -> ItemDetailScreen:
    kiosk.shell.set_language(language)
    kiosk.shell.start(JourneyName.FIND, FindEntry.item(item.code))
    assert kiosk.shell.screen is Screen.ITEM_DETAIL
    screen = kiosk.window.current_screen
    assert isinstance(screen, ItemDetailScreen)
    return screen


def _journey(kiosk: Kiosk) -> FindJourney:
    journey = kiosk.shell.journey
    assert isinstance(journey, FindJourney)
    return journey


def _texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def _decoded(label: QLabel) -> list[str]:
    """The QR codes in the label's pixels, read by the terminal's own decoder."""
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    stride = image.bytesPerLine()
    pixels = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * image.height())
    luma = np.ascontiguousarray(pixels.reshape(image.height(), stride)[:, : image.width()])
    codes, _unread = read_zxing(luma)
    return [code.text for code in codes]


def _click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _guide_url(config: LoadedConfig, item: CatalogItem) -> str:
    return f"{config.config.platform.status_page_base}/g/{item.code}?lang=en"


# ---------------------------------------------------------------------- the detail screen


def test_an_item_shows_its_name_and_materials_with_their_marks(
    make_kiosk: KioskFactory,
) -> None:
    kiosk = _kiosk(make_kiosk)
    item = _item(lambda item: _e_licence_here(item) and _optional(item))
    screen = _open(kiosk, item)
    assert screen.name.text() == item.name.en
    assert screen.other_name.text() == item.name.zh
    assert screen.description.text() == item.description.en
    rows = screen.materials.rows
    assert [row.name.text() for row in rows] == [m.name.en for m in item.materials]
    for row, material in zip(rows, item.materials, strict=True):
        here = bool(VERIFIABLE & set(material.e_licences))
        notes = row.notes.text()
        assert ("Can be shown as an e-licence here" in notes) is here, notes
        assert ("Bring it" in notes) is not here, notes
        assert ("Optional" in notes) is material.optional, notes
        assert ("paper original at the counter" in notes) is material.original_at_counter
        assert not row.icon.pixmap().isNull()
    # Two marks, drawn differently: one for an e-licence shown here, one for paper to bring.
    details = _journey(kiosk).details()
    assert details is not None
    pictures: dict[Provision, QImage] = {}
    for row, line in zip(rows, details.materials, strict=True):
        picture = row.icon.pixmap().toImage()
        assert pictures.setdefault(line.provision, picture) == picture
    assert set(pictures) == {Provision.E_LICENCE_HERE, Provision.BRING}
    assert pictures[Provision.E_LICENCE_HERE] != pictures[Provision.BRING]
    # In Chinese, the same item in Chinese.
    kiosk.shell.set_language("zh_CN")
    assert screen.name.text() == item.name.zh
    assert [row.name.text() for row in screen.materials.rows] == [m.name.zh for m in item.materials]


def test_the_promised_date_is_counted_on_the_holiday_calendar(make_kiosk: KioskFactory) -> None:
    kiosk = _kiosk(make_kiosk)
    # An item whose time runs over the National Day holidays.
    item = _item(lambda item: 3 <= item.working_days <= 30)
    screen = _open(kiosk, item)
    promised = _counted(date(2026, 9, 29), item.working_days)
    assert promised > date(2026, 10, 8)  # the holidays are on the way
    expected = f"{promised.day} {promised.strftime('%B')} {promised.year}"
    assert screen.promised.text() == f"If you apply today: by {expected}"
    assert screen.time.value.text() == f"{item.working_days} working days"
    kiosk.shell.set_language("zh_CN")
    assert f"{promised.year}年{promised.month}月{promised.day}日" in screen.promised.text()


def test_a_date_past_the_calendar_is_marked_estimated(make_kiosk: KioskFactory) -> None:
    assert max(bundled_calendar().years) == 2026  # the bundled calendar ends here
    kiosk = _kiosk(make_kiosk, now=YEAR_END)
    item = _item(lambda item: item.working_days >= 4)
    screen = _open(kiosk, item)
    text = screen.promised.text()
    assert text.startswith("If you apply today: by ") and text.endswith(" (estimated)")
    assert "2027" in text


def test_the_same_day_has_no_promised_date(make_kiosk: KioskFactory) -> None:
    kiosk = _kiosk(make_kiosk)
    screen = _open(kiosk, _item(lambda item: True))
    same_day = bundled_catalog().items[0].model_copy(update={"working_days": 0})
    details = item_details(
        same_day, calendar=bundled_calendar(), today=date(2026, 9, 29), verifiable=VERIFIABLE
    )
    assert screen.days_text(0) == "The same day"
    assert screen.promised_text(details, "en") == ""
    items = [item for item in bundled_catalog().items if item.working_days == 0]
    if items:  # and on the screen, when the catalogue has such an item
        kiosk.shell.go_home()
        screen = _open(kiosk, items[0])
        assert screen.time.value.text() == "The same day"
        assert not screen.promised.isVisibleTo(screen)


@pytest.mark.parametrize("mode", ["online", "accept_here", "joint"])
def test_each_handling_mode_is_told_in_plain_words(make_kiosk: KioskFactory, mode: Mode) -> None:
    item = _item(lambda item: item.mode == mode)
    screen = _open(_kiosk(make_kiosk), item)
    assert MODE_WORDS[mode] in screen.mode.value.text()
    for other, words in MODE_WORDS.items():
        if other != mode:
            assert words not in screen.mode.value.text()
    assert item.departments.sichuan.en in _texts(screen)
    assert item.departments.chongqing.en in _texts(screen)
    assert item.legal_basis.en in _texts(screen)
    # Where it is done, said for every item: the demo terminal is not enrolled, so it takes no
    # application (an item completable here says so); a counter with the guide.
    assert screen.here_card.isVisibleTo(screen)
    said = screen.here_note.text()
    assert ("cannot take applications right now" in said) is item.completable_here
    assert "counter" in said
    assert not screen.apply_button.isVisibleTo(screen)


def test_who_can_apply_in_plain_words(make_kiosk: KioskFactory) -> None:
    company = _item(lambda item: set(item.applicants) == {"legal_representative", "agent"})
    screen = _open(_kiosk(make_kiosk), company)
    assert "The company's legal representative or authorised staff" in screen.who.value.text()
    person = _item(lambda item: set(item.applicants) == {"in_person", "agent"})
    assert screen.applicants_text(person.applicants) == "You, or someone you authorise"


# ---------------------------------------------------------------------- the guide


def test_the_guide_shows_a_qr_code_of_its_page_and_back_returns_to_the_details(
    make_kiosk: KioskFactory, demo_config: LoadedConfig, qtbot: QtBot
) -> None:
    kiosk = _kiosk(make_kiosk)
    item = _item(lambda item: True)
    detail = _open(kiosk, item)
    _click(qtbot, detail.guide_button)
    assert kiosk.shell.screen is Screen.GUIDE
    guide = kiosk.window.current_screen
    assert isinstance(guide, GuideScreen)
    url = _guide_url(demo_config, item)
    assert _journey(kiosk).guide_url() == url
    assert _decoded(guide.qr) == [url]
    assert guide.qr_caption.text() == "Scan with your phone's camera to read this guide"
    assert guide.print_button.isEnabled() and guide.print_button.text() == "Print the guide"
    assert not guide.notice.isVisibleTo(guide)
    assert [row.name.text() for row in guide.materials.rows] == [m.name.en for m in item.materials]

    _click(qtbot, guide.back_button)
    assert kiosk.shell.screen is Screen.ITEM_DETAIL
    assert detail.name.text() == item.name.en
    _click(qtbot, detail.guide_button)
    kiosk.shell.go_home()  # home: nothing of the item stays behind
    assert kiosk.shell.screen is Screen.HOME
    assert guide.qr.pixmap().isNull() and guide.item_name.text() == ""
    assert detail.name.text() == "" and detail.materials.rows == []


def test_printing_the_guide_prints_the_item_and_its_materials(
    make_kiosk: KioskFactory, demo_config: LoadedConfig, qtbot: QtBot
) -> None:
    printer = FakePrinter(paper=PaperWidth.MM58)
    kiosk = _kiosk(make_kiosk, printer=printer)
    item = _item(lambda item: len(item.materials) >= 3)
    detail = _open(kiosk, item)
    _click(qtbot, detail.guide_button)
    guide = kiosk.window.current_screen
    assert isinstance(guide, GuideScreen)
    _click(qtbot, guide.print_button)

    assert kiosk.shell.screen is Screen.RECEIPT
    receipt = kiosk.window.current_screen
    assert isinstance(receipt, ReceiptScreen)
    assert receipt.title.text() == "Please take your guide"
    assert receipt.message.text() == "Its QR code opens the same guide on your phone."
    assert len(printer.printed) == 1
    printout = read(printer.printed_bytes)
    assert printout.cut
    paper = "".join(text.strip() for text in printout.texts).replace(" ", "")
    assert item.name.en.replace(" ", "") in paper
    for material in item.materials:
        assert material.name.en.replace(" ", "") in paper
    assert printout.qr_payloads == [_guide_url(demo_config, item)]
    assert not receipt.photo_card.isVisible()


def test_printing_the_guide_in_chinese(make_kiosk: KioskFactory, qtbot: QtBot) -> None:
    printer = FakePrinter(paper=PaperWidth.MM80)
    kiosk = _kiosk(make_kiosk, printer=printer)
    item = _item(lambda item: True)
    detail = _open(kiosk, item, "zh_CN")
    _click(qtbot, detail.guide_button)
    guide = kiosk.window.current_screen
    assert isinstance(guide, GuideScreen)
    _click(qtbot, guide.print_button)
    paper = "".join(text.strip() for text in read(printer.printed_bytes).texts)
    assert item.name.zh in paper
    assert all(material.name.zh in paper for material in item.materials)


def test_a_guide_that_cannot_be_printed_stays_on_screen_as_its_qr_code(
    make_kiosk: KioskFactory, demo_config: LoadedConfig, qtbot: QtBot
) -> None:
    printer = FakePrinter(paper=PaperWidth.MM58)
    kiosk = _kiosk(make_kiosk, printer=printer)
    item = _item(lambda item: True)
    detail = _open(kiosk, item)
    _click(qtbot, detail.guide_button)
    guide = kiosk.window.current_screen
    assert isinstance(guide, GuideScreen)
    printer.set_fault(PrinterFault.PAPER_OUT)  # it ran out while the citizen read
    _click(qtbot, guide.print_button)

    receipt = kiosk.window.current_screen
    assert isinstance(receipt, ReceiptScreen)
    assert receipt.title.text() == "The guide could not be printed"
    assert "out of paper" in receipt.message.text()
    assert "scan the code on this screen with your phone" in receipt.message.text()
    assert receipt.photo_card.isVisible()
    assert _decoded(receipt.qr) == [_guide_url(demo_config, item)]
    assert not receipt.reference.isVisible() and not receipt.reference_label.isVisible()
    assert "kept" not in receipt.note.text() and "reprint" not in receipt.note.text()
    assert printer.printed == []

    printer.clear_fault()
    _click(qtbot, receipt.retry_button)
    assert receipt.title.text() == "Please take your guide"
    assert len(printer.printed) == 1


def test_a_printer_known_to_be_out_disables_printing_and_says_why(
    make_kiosk: KioskFactory, demo_config: LoadedConfig, qtbot: QtBot
) -> None:
    printer = FakePrinter(paper=PaperWidth.MM58, faults={PrinterFault.PAPER_OUT})
    kiosk = _kiosk(make_kiosk, printer=printer)
    item = _item(lambda item: True)
    detail = _open(kiosk, item)
    _click(qtbot, detail.guide_button)
    guide = kiosk.window.current_screen
    assert isinstance(guide, GuideScreen)
    assert not guide.print_button.isEnabled()
    assert guide.print_button.text() == "Printing is not available"
    notice = guide.notice.text()
    assert guide.notice.isVisible()
    assert "out of paper" in notice and "scan the code" in notice
    assert _decoded(guide.qr) == [_guide_url(demo_config, item)]
    qtbot.mouseClick(guide.print_button, Qt.MouseButton.LeftButton)
    assert kiosk.shell.screen is Screen.GUIDE and printer.printed == []

    printer.clear_fault()  # paper is back: the next check enables printing again
    watch = kiosk.shell.printer_watch
    assert watch is not None
    watch.check_now()
    assert guide.print_button.isEnabled() and not guide.notice.isVisible()


def test_elder_mode_makes_the_way_on_the_one_wide_action(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    kiosk = _kiosk(make_kiosk)
    kiosk.shell.toggle_elder()
    detail = _open(kiosk, _item(lambda item: True))
    assert detail.guide_button.width() > 2 * detail.back_button.width()
    _click(qtbot, detail.guide_button)
    guide = kiosk.window.current_screen
    assert isinstance(guide, GuideScreen)
    assert guide.print_button.width() > 2 * guide.back_button.width()


# ---------------------------------------------------------------------- help


def test_help_teaches_only_what_the_terminal_does_today(make_kiosk: KioskFactory) -> None:
    kiosk = _kiosk(make_kiosk)
    kiosk.shell.set_language("en")
    kiosk.shell.start(JourneyName.HELP)
    screen = kiosk.window.current_screen
    assert isinstance(screen, HelpScreen)
    text = " ".join(_texts(screen))
    assert "pinyin" in text and "sbk" in text and "category" in text
    assert "Sichuan" in text and "Chongqing" in text
    assert "scan its code with your phone" in text
    assert "e-ID or e-licence code" in text and "call the staff" in text
    for claim in ("Submit", "submitted", "acceptance receipt", "progress of your application"):
        assert claim not in text, claim
    kiosk.shell.set_language("zh_CN")
    chinese = " ".join(_texts(screen))
    assert "提交" not in chinese and "受理回执" not in chinese

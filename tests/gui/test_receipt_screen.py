"""The receipt screen and the printer notice, with the shipped fake printer: printed, on screen
when the printer cannot print (its QR code read back from the screen's pixels), retried without
a second receipt, wiped with the session; and a hotel desk's check-in slip."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from kiosk.credentials.verifier import Reason, VerificationResult
from kiosk.devices.printer import PaperWidth
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.text import language_of
from kiosk.journeys.check import CheckJourney
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from tests.gui.conftest import KioskFactory
from tests.support.escpos_reader import read
from tests.support.qt_pictures import qr_texts
from tests.support.receipts import (
    BUNDLE_LOCAL,
    COMPANY_NAME,
    TAX_ACCEPTED,
    bundle_receipt,
    sample_receipt,
)

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def _decode(widget: QWidget) -> list[str]:
    return qr_texts(widget.grab().toImage())


def _to_receipt(kiosk: Kiosk, language: str = "zh_CN") -> ReceiptScreen:
    shell = kiosk.shell
    shell.set_language(language)
    shell.start(JourneyName.CHECK)
    journey = shell.journey
    assert isinstance(journey, CheckJourney)
    journey.scan_finished(VerificationResult(Reason.EXPIRED))
    journey.print_document(sample_receipt(delivered=False, language=language_of(language)))
    screen = kiosk.window.current_screen
    assert isinstance(screen, ReceiptScreen)
    return screen


def test_a_printed_receipt_says_take_it_and_shows_the_paper(
    make_kiosk: KioskFactory,
) -> None:
    printer = FakePrinter(paper=PaperWidth.MM80)
    kiosk = make_kiosk(tasks=SyncTaskRunner(), printer=printer, clock=ManualClock(NOW))
    screen = _to_receipt(kiosk)
    assert kiosk.shell.screen is Screen.RECEIPT
    assert screen.title.text() == "请取走您的回执"
    assert not screen.photo_card.isVisible() and not screen.retry_button.isVisible()
    assert not screen.preview.pixmap().isNull()
    assert len(printer.printed) == 1
    assert read(printer.printed_bytes).qr_payloads == [sample_receipt(delivered=False).status_code]


def test_a_receipt_that_cannot_print_stays_on_screen_with_a_readable_code(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    printer = FakePrinter(faults={PrinterFault.PAPER_OUT})
    kiosk = make_kiosk(tasks=SyncTaskRunner(), printer=printer, clock=ManualClock(NOW))
    screen = _to_receipt(kiosk, "en")
    assert screen.title.text() == "Your receipt could not be printed"
    assert "out of paper" in screen.message.text()
    assert screen.photo_card.isVisible() and screen.retry_button.isVisible()
    receipt = sample_receipt(delivered=False, language="en")
    assert screen.reference.text() == receipt.local_reference
    assert "kept" in screen.note.text()
    assert _decode(screen.qr) == [receipt.status_code]  # a phone can photograph it
    assert printer.printed == []

    printer.clear_fault()
    qtbot.mouseClick(screen.retry_button, _left())
    assert screen.title.text() == "Please take your receipt"
    assert len(printer.printed) == 1
    qtbot.mouseClick(screen.retry_button, _left())  # hidden now; nothing more is printed
    assert len(printer.printed) == 1

    qtbot.mouseClick(screen.done_button, _left())  # the session ends: nothing stays
    assert kiosk.shell.screen is Screen.HOME
    assert screen.title.text() == "" and screen.preview.pixmap().isNull()


def test_a_bundle_receipt_says_what_to_bring_to_a_counter_and_by_when(
    make_kiosk: KioskFactory, qtbot: QtBot
) -> None:
    printer = FakePrinter(paper=PaperWidth.MM58, faults={PrinterFault.PAPER_OUT})
    kiosk = make_kiosk(tasks=SyncTaskRunner(), printer=printer, clock=ManualClock(NOW))
    shell = kiosk.shell
    shell.set_language("en")
    shell.start(JourneyName.CHECK)
    journey = shell.journey
    assert isinstance(journey, CheckJourney)
    journey.scan_finished(VerificationResult(Reason.EXPIRED))
    receipt = bundle_receipt(language="en")
    journey.print_document(receipt)
    screen = kiosk.window.current_screen
    assert isinstance(screen, ReceiptScreen)
    # On screen: this receipt's item's reference and code; the counter's deadline in words.
    assert screen.reference.text() == BUNDLE_LOCAL
    assert _decode(screen.qr) == [receipt.status_code]
    assert "service counter by 30 November 2026" in screen.note.text()
    assert "kept" in screen.note.text()
    assert not screen.preview.pixmap().isNull()
    printer.clear_fault()
    qtbot.mouseClick(screen.retry_button, _left())
    assert screen.title.text() == "Please take your receipt"
    assert "service counter by 30 November 2026" in screen.note.text()  # still to do
    printed = "".join("".join(read(printer.printed_bytes).texts).split())
    assert COMPANY_NAME in printed and TAX_ACCEPTED in printed
    shell.set_language("zh_CN")
    assert "2026年11月30日" in screen.note.text()
    qtbot.mouseClick(screen.done_button, _left())
    assert screen.note.text() == "" and screen.reference.text() == ""


def test_a_receipt_without_counter_materials_has_no_counter_note(
    make_kiosk: KioskFactory,
) -> None:
    kiosk = make_kiosk(tasks=SyncTaskRunner(), printer=FakePrinter(), clock=ManualClock(NOW))
    screen = _to_receipt(kiosk, "en")
    assert "counter" not in screen.note.text()


def _left() -> object:
    from PySide6.QtCore import Qt  # noqa: PLC0415

    return Qt.MouseButton.LeftButton


def test_the_home_screen_tells_up_front_when_no_receipt_can_be_printed(
    make_kiosk: KioskFactory,
) -> None:
    printer = FakePrinter(faults={PrinterFault.COVER_OPEN})
    kiosk = make_kiosk(tasks=SyncTaskRunner(), printer=printer, clock=ManualClock(NOW))
    home = kiosk.window.current_screen
    assert isinstance(home, HomeScreen)
    kiosk.shell.poll()
    assert home.printer_notice.isVisible()
    assert "盖" in home.printer_notice_text.text() and "屏幕" in home.printer_notice_text.text()
    kiosk.shell.set_language("en")
    assert "cover is open" in home.printer_notice_text.text()
    printer.clear_fault()
    kiosk.shell.printer_watch.check_now()  # type: ignore[union-attr]
    assert not home.printer_notice.isVisible()

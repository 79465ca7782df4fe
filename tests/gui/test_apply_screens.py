"""The application journey's screens in the real kiosk, over a real ``ApplyJourney``: the bundled
catalogue through the terminal's own catalogue library, an outbox on the test's SQLite file,
demo codes verified by the terminal's own verifier (as the scan screen verifies them), work run
inline. Each screen is driven by touches on its own buttons and shows what the journey decided,
in both languages; elder mode and high contrast pass the accessibility audit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.credentials.registry import CredentialType, Region
from kiosk.demo import demo_codes, prepare_demo
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.printer import PaperWidth
from kiosk.devices.printer_fake import FakePrinter
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.text import Language
from kiosk.journeys.apply import ApplyEntry, ApplyJourney, ApplyStep, NoticeKind, SubmitProblem
from kiosk.journeys.apply_materials import How
from kiosk.journeys.journey import Screen
from kiosk.runtime.clock import ManualClock
from kiosk.ui import main_window
from kiosk.ui.screens.apply_done import ApplyDoneScreen
from kiosk.ui.screens.apply_identity import ApplyIdentityScreen
from kiosk.ui.screens.apply_materials import ApplyMaterialsScreen, MaterialCard
from kiosk.ui.screens.apply_role import ApplyRoleScreen
from kiosk.ui.screens.apply_submitting import ApplySubmittingScreen
from kiosk.ui.screens.check_result import CheckResultScreen
from kiosk.ui.screens.item_detail import ItemDetailScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.tools.audit import audit_tour, format_table
from kiosk.ui.tools.tour import DEFAULT_SIZE, TourContext, settle
from kiosk.ui.tools.tour_catalog import open_item
from tests.gui.conftest import KioskFactory
from tests.support.apply_tour import (
    APPLY_STEPS,
    BUNDLE,
    MIXED_ITEM,
    PERSON_ITEM,
    RESIDENT_ITEM,
    THREE_ROLES_ITEM,
    answered,
    at_materials,
    finished,
    host,
    identified,
    index_of,
    offline,
    refused,
    scan_material,
    submitted,
    taking_applications,
)

DEMO_NAME = "李小川（演示）"  # the Sichuan demo person (refplatform.issuer.issue.DEMO_PEOPLE)
DEMO_NUMBER = "51010419850615123"  # ... the first 17 characters of their number
AGE_LIMITED_ITEM = "CY-GJJ-058"  # 正常退休提取住房公积金: from 50 years of age
LANGUAGES: tuple[Language, ...] = ("zh_CN", "en")


@pytest.fixture(autouse=True)
def every_screen_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until every screen of the application journey is written (the form, the review, the
    consent and the photo are other modules), the window builds a stand-in for the missing."""
    for screen in Screen:
        if screen not in main_window.SCREEN_CLASSES:
            stand_in = ("kiosk.ui.screens.apology", "ApologyScreen")
            monkeypatch.setitem(main_window.SCREEN_CLASSES, screen, stand_in)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("apply-demo")
    prepare_demo(folder, ManualClock().now())
    return folder


@pytest.fixture
def tour(make_kiosk: KioskFactory, demo_folder: Path) -> TourContext:
    clock = ManualClock()
    camera = ImageSequenceSource([], fps=0)
    loaded = load_config(demo_folder / "kiosk.toml", {})
    printer = FakePrinter(paper=PaperWidth.from_millimetres(loaded.config.devices.paper_mm))
    kiosk = make_kiosk(loaded, clock=clock, source_factory=lambda: camera, printer=printer)
    return TourContext(kiosk, clock, camera, demo_codes(demo_folder, clock.now()), printer, loaded)


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """A tap on ``button``. In the screen's scroll area it is scrolled into sight as a finger
    would, and the button's own click is the tap: offscreen, the area's QScroller replays a
    press by its screen position, which misses beyond the 800 px square screen (as in
    tests/gui/test_find_screens.py; the scroller's taps are tested in test_pointer_hold)."""
    assert button.isVisible() and button.isEnabled(), button.text()
    parent = button.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is None:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        parent.ensureWidgetVisible(button, 0, 0)
        button.click()
    settle()


def current(tour: TourContext) -> QWidget:
    settle()
    return tour.kiosk.window.current_screen


def texts(widget: QWidget) -> list[str]:
    """Every visible text of ``widget``'s labels and buttons."""
    found = []
    for child in widget.findChildren(QWidget):
        if isinstance(child, QLabel | QPushButton) and child.isVisible() and child.text():
            found.append(child.text())
    return found


def every_text(window: QWidget) -> str:
    """Every text any label or button of the window holds, shown or not."""
    return "\n".join(
        child.text()
        for child in window.findChildren(QWidget)
        if isinstance(child, QLabel | QPushButton)
    )


# ------------------------------------------------------------------------ an item's page


def open_details(tour: TourContext, code: str) -> ItemDetailScreen:
    item = bundled_catalog().item(code)
    assert item is not None
    open_item(tour, item)
    screen = current(tour)
    assert isinstance(screen, ItemDetailScreen)
    return screen


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_item_offers_apply_here_and_its_bundle_when_the_terminal_takes_applications(
    tour: TourContext, qtbot: QtBot, language: Language
) -> None:
    shell = tour.kiosk.shell
    shell.set_language(language)
    # The demo terminal is not enrolled: no application can be taken, the guide leads.
    screen = open_details(tour, RESIDENT_ITEM)
    assert not screen.apply_button.isVisible() and screen.bundle_buttons == []
    assert screen.guide_button.property("role") == "primary"
    if language == "en":
        assert "cannot take applications right now" in screen.here_note.text()
    shell.go_home()

    shell.set_language(language)
    taking_applications(tour)
    screen = open_details(tour, RESIDENT_ITEM)
    assert screen.apply_button.isVisible()
    assert screen.guide_button.property("role") == "secondary"  # applying is the primary
    catalog = bundled_catalog()
    bundle = catalog.bundle(BUNDLE)
    assert bundle is not None
    ((button, hint),) = screen.bundle_buttons
    assert bundle.name.text(language) in button.text()
    assert hint.text() == bundle.description.text(language)
    if language == "en":
        assert screen.apply_button.text() == "Apply here"
        assert button.text() == 'Apply for all of "Opening a business, all in one" together'
    click(qtbot, screen.apply_button)
    journey = shell.journey
    assert isinstance(journey, ApplyJourney)
    assert [item.code for item in journey.items] == [RESIDENT_ITEM] and journey.bundle is None
    assert isinstance(current(tour), ApplyRoleScreen)
    shell.go_home()

    shell.set_language(language)
    screen = open_details(tour, RESIDENT_ITEM)
    click(qtbot, screen.bundle_buttons[0][0])
    journey = shell.journey
    assert isinstance(journey, ApplyJourney)
    assert journey.bundle is not None and journey.bundle.code == BUNDLE
    assert [item.code for item in journey.items] == list(bundle.items)


def test_an_item_not_completable_here_offers_no_application(tour: TourContext) -> None:
    tour.kiosk.shell.set_language("en")
    taking_applications(tour)
    item = next(item for item in bundled_catalog().items if not item.completable_here)
    screen = open_details(tour, item.code)
    assert not screen.apply_button.isVisible() and screen.bundle_buttons == []
    assert screen.here_note.text() == (
        "This service is handled at a service counter: take the guide with you."
    )
    assert screen.guide_button.property("role") == "primary"


# ------------------------------------------------------------------------ who is applying


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_role_screen_offers_each_allowed_role_and_a_touch_chooses_it(
    tour: TourContext, qtbot: QtBot, language: Language
) -> None:
    tour.kiosk.shell.set_language(language)
    applying = host(tour, ApplyEntry.item(THREE_ROLES_ITEM))
    screen = current(tour)
    assert isinstance(screen, ApplyRoleScreen)
    item = bundled_catalog().item(THREE_ROLES_ITEM)
    assert item is not None
    assert screen.heading.text() == item.name.text(language)
    assert list(screen.tiles) == list(applying.journey.roles())
    assert list(screen.tiles) == ["in_person", "agent", "legal_representative"]
    agent = screen.tiles["agent"]
    assert "authorisation" in agent.subtitle.text() or "委托" in agent.subtitle.text()
    click(qtbot, agent)
    assert applying.journey.step is ApplyStep.IDENTITY
    assert applying.journey.state.role == "agent"


def test_the_role_screen_of_a_bundle_offers_the_roles_every_item_allows(
    tour: TourContext,
) -> None:
    tour.kiosk.shell.set_language("en")
    host(tour, ApplyEntry.bundle(BUNDLE))
    screen = current(tour)
    assert isinstance(screen, ApplyRoleScreen)
    assert screen.heading.text() == "Opening a business, all in one"
    assert list(screen.tiles) == ["legal_representative", "agent"]
    assert screen.tiles["legal_representative"].title.text() == (
        "For a company (legal representative or authorised staff)"
    )


# ------------------------------------------------------------------------ identity


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_verified_identity_is_shown_masked_and_continue_leads_to_the_materials(
    tour: TourContext, qtbot: QtBot, language: Language
) -> None:
    tour.kiosk.shell.set_language(language)
    applying = identified(tour, ApplyEntry.item(PERSON_ITEM), "in_person")
    screen = current(tour)
    assert isinstance(screen, ApplyIdentityScreen)
    shown = texts(screen)
    assert DEMO_NAME in " ".join(shown)
    pinyin = any("Li Xiaochuan" in text for text in shown)
    assert pinyin == (language == "en")  # a Chinese name gains its pinyin in English
    assert not any(DEMO_NUMBER in text for text in every_text(tour.kiosk.window).split("\n"))
    assert "5101**********1234" in shown
    assert not screen.again_button.isVisible()
    click(qtbot, screen.continue_button)
    assert applying.journey.step is ApplyStep.MATERIALS
    assert isinstance(current(tour), ApplyMaterialsScreen)


def test_an_overseas_resident_sees_the_latin_name_nationality_and_a_masked_passport(
    tour: TourContext,
) -> None:
    tour.kiosk.shell.set_language("en")
    identified(tour, ApplyEntry.item(RESIDENT_ITEM), "legal_representative", tour.codes.e_resident)
    screen = current(tour)
    assert isinstance(screen, ApplyIdentityScreen)
    shown = texts(screen)
    assert "Identity verified" in shown
    assert "Anna Demo MÜLLER" in shown
    assert "Germany" in shown
    assert "Overseas electronic resident card" in shown
    assert "C01X00T47" not in every_text(tour.kiosk.window)
    assert any(text.startswith("C0") and "*" in text for text in shown)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_expired_code_is_refused_with_what_to_do_and_scan_again_asks_again(
    tour: TourContext, qtbot: QtBot, language: Language
) -> None:
    tour.kiosk.shell.set_language(language)
    applying = identified(tour, ApplyEntry.item(PERSON_ITEM), "in_person", tour.codes.expired_eid)
    screen = current(tour)
    assert isinstance(screen, ApplyIdentityScreen)
    assert not screen.fields_card.isVisible()
    assert not screen.continue_button.isVisible()
    if language == "en":
        assert screen.title.text() == "Not accepted"
        assert "expired" in screen.message.text()
        assert screen.advice.text() == "Refresh the code in your app and show it again."
    else:
        assert screen.advice.isVisible() and screen.advice.text()
    click(qtbot, screen.again_button)
    assert applying.journey.step is ApplyStep.IDENTITY


def test_a_used_code_another_certificate_and_an_age_limit_each_say_what_to_do(
    tour: TourContext, qtbot: QtBot
) -> None:
    shell = tour.kiosk.shell
    shell.set_language("en")
    applying = host(tour, ApplyEntry.item(PERSON_ITEM))
    applying.journey.choose_role("in_person")
    code = applying.eid()
    applying.verify(code)  # used up by an earlier application
    applying.scan(code)
    screen = current(tour)
    assert isinstance(screen, ApplyIdentityScreen)
    assert "already" in screen.message.text()
    assert screen.advice.text() == "Refresh the code in your app and show it again."

    click(qtbot, screen.again_button)
    applying.scan(tour.codes.licence)  # a business licence, not an identity
    screen = current(tour)
    assert isinstance(screen, ApplyIdentityScreen)
    assert screen.message.text() == "You showed: Business licence. It cannot show who you are."
    assert screen.advice.text() == "Show your electronic ID, not another certificate."
    click(qtbot, screen.home_button)
    assert shell.journey is None

    shell.set_language("en")
    identified(tour, ApplyEntry.item(AGE_LIMITED_ITEM), "in_person")  # the demo person is 41
    screen = current(tour)
    assert isinstance(screen, ApplyIdentityScreen)
    assert "younger than this service allows" in screen.message.text()
    assert screen.advice.text() == "Please apply at a service counter."
    assert not screen.continue_button.isVisible()
    assert screen.again_button.isVisible() and screen.home_button.isVisible()


# ------------------------------------------------------------------------ materials


def card_of(screen: ApplyMaterialsScreen, index: int) -> MaterialCard:
    return next(card for card in screen.cards if card.need.index == index)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_checklist_offers_what_each_material_allows_and_follows_each_choice(
    tour: TourContext, qtbot: QtBot, language: Language
) -> None:
    tour.kiosk.shell.set_language(language)
    applying = at_materials(tour, ApplyEntry.item(MIXED_ITEM), "in_person")
    journey = applying.journey
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    needed = journey.materials.needed
    assert [card.need for card in screen.cards] == list(needed)
    item = bundled_catalog().item(MIXED_ITEM)
    assert item is not None
    assert [card.name.text() for card in screen.cards] == [
        material.name.text(language) for material in item.materials
    ]
    identity = next(card for card in screen.cards if card.need.identity)
    assert identity.buttons == {}  # ticked by the identity step: nothing to do
    deed = card_of(screen, index_of(applying, CredentialType.REAL_ESTATE_CERTIFICATE))
    assert list(deed.buttons) == ["scan", "photo", "counter"]
    counter_only = next(
        card
        for card in screen.cards
        if not (card.need.scannable or card.need.photographable or card.need.identity)
    )
    assert journey.materials.provided[counter_only.need.index].how is How.COUNTER
    assert counter_only.buttons == {}
    assert not screen.continue_button.isEnabled()

    # Brought to the counter, then taken back: the journey decides, the card follows.
    index = deed.need.index
    click(qtbot, deed.buttons["counter"])
    assert journey.materials.provided[index].how is How.COUNTER
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    assert list(card_of(screen, index).buttons) == ["undo"]
    click(qtbot, card_of(screen, index).buttons["undo"])
    assert journey.materials.provided[index].how is How.NEEDED

    # Scanned: the scan step, then back here with the notice on its card.
    click(qtbot, card_of(screen, index).buttons["scan"])
    assert journey.step is ApplyStep.MATERIAL_SCAN
    applying.scan(applying.personal_licence(CredentialType.REAL_ESTATE_CERTIFICATE, Region.SICHUAN))
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    deed = card_of(screen, index)
    assert journey.notice is not None and journey.notice.kind is NoticeKind.ACCEPTED
    assert deed.notice.isVisible()
    if language == "en":
        assert deed.state.text() == "Verified e-licence"
        assert deed.notice.text() == "Verified and ticked off."
    assert list(deed.buttons) == ["undo"]

    # The rest photographed (the photo step is another screen's), then continue.
    for need in journey.materials.outstanding():
        journey.photograph(need.index)
        assert journey.step is ApplyStep.PHOTO
        journey.photo_taken(b"\xff\xd8 a photographed copy \xff\xd9")
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    assert screen.continue_button.isEnabled()
    click(qtbot, screen.continue_button)
    assert journey.step is ApplyStep.FORM


def test_an_optional_material_can_be_skipped_and_the_count_follows(
    tour: TourContext, qtbot: QtBot
) -> None:
    tour.kiosk.shell.set_language("en")
    applying = at_materials(tour, ApplyEntry.item(PERSON_ITEM), "agent")
    journey = applying.journey
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    optional = next(card for card in screen.cards if card.need.optional)
    assert "skip" in optional.buttons
    missing = len(journey.materials.outstanding())
    assert screen.outstanding.text() == f"{missing} still needed"
    click(qtbot, optional.buttons["skip"])
    assert journey.materials.provided[optional.need.index].how is How.SKIPPED
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    assert card_of(screen, optional.need.index).state.text() == "Skipped"


def test_scan_notices_say_what_was_wrong_on_the_card_concerned(
    tour: TourContext, qtbot: QtBot
) -> None:
    shell = tour.kiosk.shell
    shell.set_language("en")
    applying = at_materials(tour, ApplyEntry.item(MIXED_ITEM), "in_person")
    index = index_of(applying, CredentialType.REAL_ESTATE_CERTIFICATE)
    scan_material(applying, index, applying.licence(CredentialType.RESIDENCE_PERMIT))
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    notice = card_of(screen, index).notice
    assert notice.isVisible() and notice.property("role") == "notice"
    assert notice.text() == (
        "You showed: Residence permit. This material needs: Real-estate registration certificate."
    )
    others = [card for card in screen.cards if card.need.index != index]
    assert not any(card.notice.isVisible() for card in others)

    others_deed = applying.personal_licence(
        CredentialType.REAL_ESTATE_CERTIFICATE, Region.CHONGQING
    )
    scan_material(applying, index, others_deed)
    assert "belongs to someone else" in card_of(current(tour), index).notice.text()  # type: ignore[arg-type]

    scan_material(applying, index, applying.revoked_licence(CredentialType.REAL_ESTATE_CERTIFICATE))
    text = card_of(current(tour), index).notice.text()  # type: ignore[arg-type]
    assert "revoked" in text and text.endswith("Please apply at a service counter.")
    shell.go_home()


def test_a_company_licence_naming_another_representative_asks_for_a_letter(
    tour: TourContext,
) -> None:
    tour.kiosk.shell.set_language("en")
    # The Chongqing demo person, for the demo company whose legal representative is the
    # Sichuan one.
    applying = at_materials(tour, ApplyEntry.bundle(BUNDLE), "legal_representative", "cq-eid")
    index = index_of(applying, CredentialType.BUSINESS_LICENCE)
    scan_material(applying, index, applying.licence(CredentialType.BUSINESS_LICENCE))
    journey = applying.journey
    assert journey.notice is not None
    assert journey.notice.kind is NoticeKind.AUTHORISATION_NEEDED
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    letter = next(card for card in screen.cards if card.need.authorisation)
    assert letter.notice.isVisible()
    assert letter.notice.text() == (
        "You are not the legal representative named on the licence: a letter of "
        "authorisation is needed."
    )
    assert list(letter.buttons) == ["photo", "counter"]
    assert sum(card.notice.isVisible() for card in screen.cards) == 1


def test_a_change_keeps_the_list_where_it_was_and_a_scan_notice_is_scrolled_to(
    make_kiosk: KioskFactory, demo_folder: Path, qtbot: QtBot
) -> None:
    clock = ManualClock()
    loaded = load_config(demo_folder / "kiosk.toml", {})
    kiosk = make_kiosk(loaded, clock=clock, size=QSize(1080, 1000))
    tour = TourContext(
        kiosk, clock, ImageSequenceSource([], fps=0), demo_codes(demo_folder, clock.now()),
        FakePrinter(paper=PaperWidth.from_millimetres(80)), loaded,
    )  # fmt: skip
    kiosk.shell.set_language("en")
    kiosk.shell.toggle_elder()
    applying = at_materials(tour, ApplyEntry.bundle(BUNDLE), "legal_representative")
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    bar = screen.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0, "the bundle's list is longer than the panel"
    last = next(card for card in reversed(screen.cards) if "counter" in card.buttons)
    screen.scroll_area.ensureWidgetVisible(last.buttons["counter"])
    settle()
    where = bar.value()
    assert where > 0
    click(qtbot, last.buttons["counter"])
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    bar = screen.scroll_area.verticalScrollBar()
    assert bar.value() == min(where, bar.maximum())  # the card is shorter now: nearest
    assert bar.value() > 0

    index = index_of(applying, CredentialType.BUSINESS_LICENCE)
    screen.scroll_area.verticalScrollBar().setValue(0)
    scan_material(applying, index, applying.licence(CredentialType.REAL_ESTATE_CERTIFICATE))
    screen = current(tour)
    assert isinstance(screen, ApplyMaterialsScreen)
    card = card_of(screen, index)
    assert card.notice.isVisible()
    top = card.frame.mapTo(screen.scroll_area.viewport(), card.frame.rect().topLeft()).y()
    assert 0 <= top < screen.scroll_area.viewport().height()


# ------------------------------------------------------------------------ submitting and done


def action_buttons(screen: QWidget) -> list[QPushButton]:
    """The buttons a citizen can press on ``screen`` now."""
    return [
        button
        for button in screen.findChildren(QPushButton)
        if button.isVisible() and button.isEnabled()
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_submitting_waits_without_a_button_then_the_receipt_then_take_it_and_finish(
    tour: TourContext, qtbot: QtBot, language: Language
) -> None:
    shell = tour.kiosk.shell
    shell.set_language(language)
    applying = submitted(tour)
    screen = current(tour)
    assert isinstance(screen, ApplySubmittingScreen)
    assert screen.busy.isVisible()
    assert action_buttons(screen) == []  # nothing to press: the receipt comes by itself
    if language == "en":
        assert screen.title.text() == "Submitting your application…"
        qtbot.waitUntil(lambda: "saved on this terminal" in screen.message.text())
    answered(applying)  # the platform's number arrives within the wait
    receipt = current(tour)
    assert isinstance(receipt, ReceiptScreen)
    qtbot.waitUntil(lambda: receipt.done_button.isVisible() and receipt.done_button.isEnabled())
    click(qtbot, receipt.done_button)
    journey = applying.journey
    assert journey.step is ApplyStep.DONE  # "Done" on the receipt is the journey's, not home
    done = current(tour)
    assert isinstance(done, ApplyDoneScreen)
    assert done.reference.text() == "CQ20261123000042"
    assert not done.sent.isVisible()
    if language == "en":
        assert done.title.text() == "Take your receipt and your phone"
        assert done.reference_label.text() == "Your acceptance number"
    click(qtbot, done.finish_button)
    assert shell.journey is None and journey.ended
    assert done.reference.text() == ""


def test_offline_the_local_reference_is_given_and_sending_promised(
    tour: TourContext, qtbot: QtBot
) -> None:
    tour.kiosk.shell.set_language("en")
    applying = submitted(tour, ApplyEntry.item(MIXED_ITEM))
    offline(applying)
    finished(applying)
    done = current(tour)
    assert isinstance(done, ApplyDoneScreen)
    (reference,) = applying.journey.references
    assert done.reference.text() == reference
    assert done.reference_label.text() == "Your reference"
    assert done.sent.isVisible()
    assert done.sent.text() == "It will be sent automatically when the network is back."
    assert done.counter.isVisible() and "service counter by" in done.counter.text()


def test_a_bundle_lists_each_item_with_its_own_reference(tour: TourContext) -> None:
    tour.kiosk.shell.set_language("zh_CN")
    applying = submitted(tour, ApplyEntry.bundle(BUNDLE), "legal_representative")
    offline(applying)
    finished(applying)
    done = current(tour)
    assert isinstance(done, ApplyDoneScreen)
    lines = done.parts.text().split("\n")
    catalog = bundled_catalog()
    bundle = catalog.bundle(BUNDLE)
    assert bundle is not None
    assert len(lines) == len(bundle.items) == len(applying.journey.references)
    for line, code, reference in zip(lines, bundle.items, applying.journey.references, strict=True):
        item = catalog.item(code)
        assert item is not None
        assert item.name.zh in line and reference in line
    assert not done.reference.isVisible()


@pytest.mark.parametrize(
    ("problem", "words"),
    [
        (
            SubmitProblem.NOT_ENROLLED,
            (
                "This terminal cannot take applications right now. Nothing was sent.",
                "Please ask the staff or use a service counter.",
            ),
        ),
        (
            SubmitProblem.TOO_LARGE,
            (
                "The photographs are too large to send together. Nothing was sent.",
                "Please start again and photograph fewer papers (bring the others to a "
                "service counter), or ask the staff.",
            ),
        ),
        (
            SubmitProblem.REFUSED,
            (
                "The platform could not accept this application.",
                "The staff have been told; please go to a service counter.",
            ),
        ),
    ],
    ids=lambda value: value.name if isinstance(value, SubmitProblem) else "",
)
def test_a_submission_problem_is_told_calmly_with_the_way_home(
    tour: TourContext, qtbot: QtBot, problem: SubmitProblem, words: tuple[str, str]
) -> None:
    shell = tour.kiosk.shell
    shell.set_language("en")
    if problem is SubmitProblem.NOT_ENROLLED:
        applying = submitted(tour, enrolled=False)
    elif problem is SubmitProblem.TOO_LARGE:
        # Two photographs of 300 KB each do not fit one sealed application.
        applying = submitted(
            tour, ApplyEntry.item(MIXED_ITEM), photo=b"\xff" * 300_000, past_the_budget=True
        )
    else:
        applying = submitted(tour)
        refused(applying)
    assert applying.journey.problem is problem
    screen = current(tour)
    assert isinstance(screen, ApplySubmittingScreen)
    assert not screen.busy.isVisible()
    assert (screen.message.text(), screen.advice.text()) == words
    assert action_buttons(screen) == [screen.home_button]
    click(qtbot, screen.home_button)
    assert shell.journey is None


# ------------------------------------------------------------------------ leaving


def test_nothing_of_the_applicant_stays_on_any_screen_after_home(
    tour: TourContext, qtbot: QtBot
) -> None:
    shell = tour.kiosk.shell
    shell.set_language("en")
    applying = identified(tour, ApplyEntry.item(PERSON_ITEM), "in_person")
    screen = current(tour)
    assert isinstance(screen, ApplyIdentityScreen)
    assert DEMO_NAME in every_text(tour.kiosk.window)
    click(qtbot, screen.continue_button)
    materials = current(tour)
    assert isinstance(materials, ApplyMaterialsScreen)
    assert materials.cards
    click(qtbot, materials.home_button)
    assert shell.journey is None and applying.journey.ended
    window_text = every_text(tour.kiosk.window)
    assert DEMO_NAME not in window_text and "Li Xiaochuan" not in window_text
    assert "*1234" not in window_text  # the masked number
    for built in tour.kiosk.window.screens.values():
        if isinstance(built, ApplyMaterialsScreen):
            assert built.cards == [] and built._journey is None
        if isinstance(built, ApplyIdentityScreen):
            assert built.field_labels == []
        if isinstance(built, ApplyRoleScreen):
            assert built.tiles == {}
    assert not isinstance(tour.kiosk.window.current_screen, CheckResultScreen)


# ------------------------------------------------------------------------ accessibility


@pytest.mark.timeout(600)  # every screen in every presentation and language
def test_every_application_screen_passes_the_audit_in_each_presentation(
    qapp: QApplication,
) -> None:
    """Landscape in normal, elder and high-contrast mode, both languages."""
    report = audit_tour(size=DEFAULT_SIZE, steps=APPLY_STEPS)
    assert report.windows == 3 * 2 * len(APPLY_STEPS)
    assert report.findings == [], "\n" + format_table(report)


@pytest.mark.timeout(600)  # every screen in every presentation and language
@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1080, 1920)], ids=["compact", "portrait"])
def test_every_application_screen_passes_the_audit_on_smaller_terminals(
    qapp: QApplication, size: QSize
) -> None:
    report = audit_tour(size=size, modes=("normal", "elder"), languages=("en",), steps=APPLY_STEPS)
    assert report.windows == 2 * len(APPLY_STEPS)
    assert report.findings == [], "\n" + format_table(report)

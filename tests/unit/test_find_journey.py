"""The catalogue journey without Qt: entries from home, search and filters, back keeping the
query, an item's details (materials marked, the promised date on the holiday calendar), the
guide printed through the real receipt desk and the shipped fake printer, the wipe at the end,
and the library building one index per catalogue."""

from __future__ import annotations

import copy
import gc
import logging
import threading
import types
import weakref
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kiosk.catalog.details import item_details, provision_of
from kiosk.catalog.library import MOST_USED, CatalogLibrary
from kiosk.catalog.synthetic import synthetic_catalog
from kiosk.devices.printer import PaperWidth
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.catalog import Catalog, CatalogItem, Material, bundled_catalog, parse_catalog
from kiosk.domain.guide import ItemGuide, Provision, guide_url
from kiosk.domain.receipt import layout
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.workdays import HolidayCalendar, PromisedDate, YearSchedule, bundled_calendar
from kiosk.journeys.find import VERIFIABLE, FindEntry, FindJourney, FindStep
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, HOTEL, JourneyName, TerminalFacts
from kiosk.journeys.receipt import ReceiptDesk, ReceiptPhase
from kiosk.journeys.shell import KioskShell
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.printed_text import printed_text
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.store.database import Database
from kiosk.store.receipt_archive import ReceiptArchive
from kiosk.sync.sealing import LocalKey
from tests.support.escpos_reader import read

START = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)  # a Friday, 10:00 in China
BASE = "https://zwfw.example.gov.cn"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture(scope="module")
def library(catalog: Catalog) -> CatalogLibrary:
    calendar = bundled_calendar()
    return CatalogLibrary(lambda: catalog, lambda: calendar)


def _journey(
    library: CatalogLibrary,
    entry: FindEntry | None = None,
    *,
    printer: FakePrinter | None = None,
    language: Language = "zh_CN",
    base: str | None = BASE,
) -> FindJourney:
    desk = ReceiptDesk(printer, SyncTaskRunner(), paper=PaperWidth.MM58) if printer else None
    return FindJourney(
        library,
        clock=ManualClock(START),
        language=lambda: language,
        terminal_id="CQ-YB-0001",
        guide_base=base,
        receipts=desk,
        entry=entry,
    )


def _completable_or_first(catalog: Catalog) -> CatalogItem:
    return next((item for item in catalog.items if item.completable_here), catalog.items[0])


# --------------------------------------------------------------------------- entries


def test_each_home_entry_starts_at_its_step_and_back_from_there_is_home(
    library: CatalogLibrary, catalog: Catalog
) -> None:
    item = catalog.items[0]
    category = catalog.items[0].category
    cases = [
        (FindEntry.browse(), FindStep.BROWSE),
        (FindEntry.search(), FindStep.RESULTS),
        (FindEntry.category(category), FindStep.RESULTS),
        (FindEntry.enterprise(), FindStep.RESULTS),
        (FindEntry.item(item.code), FindStep.DETAIL),
    ]
    for entry, step in cases:
        journey = _journey(library, entry)
        assert journey.step is step, entry
        assert not journey.can_go_back, entry  # the host's back then goes home
    assert _journey(library, FindEntry.search()).consume_search_focus()
    assert _journey(library, FindEntry.category(category)).state.category == category
    assert _journey(library, FindEntry.enterprise()).state.audience == "enterprise"
    # An item the catalogue no longer has (a sync in between): the categories, not a crash.
    assert _journey(library, FindEntry.item("GONE-999")).step is FindStep.BROWSE


def test_searching_filters_and_back_keeps_the_query(
    library: CatalogLibrary, catalog: Catalog
) -> None:
    journey = _journey(library, FindEntry.browse())
    target = catalog.items[0]
    journey.search(target.name.zh)
    assert journey.step is FindStep.RESULTS
    hits = journey.results().hits
    assert hits and hits[0].item.code == target.code
    assert journey.results() is journey.results()  # one search per change, not per paint
    journey.open_item(target.code)
    assert journey.step is FindStep.DETAIL
    assert journey.back()
    assert journey.step is FindStep.RESULTS
    assert journey.state.query == target.name.zh
    journey.choose_audience("enterprise")
    assert all(hit.item.audience in ("enterprise", "both") for hit in journey.results().hits)
    journey.clear_filters()
    journey.search("x" * 500)
    assert len(journey.state.query) <= 64
    journey.open_item("NOT-AN-ITEM")
    assert journey.step is FindStep.RESULTS


def test_the_journey_ends_wiped(library: CatalogLibrary, catalog: Catalog) -> None:
    journey = _journey(library, FindEntry.search())
    journey.search("社保")
    journey.choose_audience("individual")
    journey.open_item(catalog.items[0].code)
    assert journey.state.holds_personal_data
    journey.search("zhangwei buisness")  # words the index corrects, and keeps until the end
    journey.results()
    journey.end()
    assert not journey.state.holds_personal_data
    assert journey.state.query == "" and journey.state.item_code is None
    assert not _reachable_strings(journey.edition.index) & {"zhangwei", "buisness"}


_PROGRAM = (type, types.ModuleType, types.FunctionType, types.CodeType, types.MethodType)


def _reachable_strings(root: object, limit: int = 5_000_000) -> set[str]:
    """Every string reachable from ``root`` through the collector's referents and dict keys
    (bounded)."""
    seen: set[int] = set()
    found: set[str] = set()
    pending = [root]
    while pending and len(seen) < limit:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, str):
            found.add(current)
            continue
        if isinstance(current, _PROGRAM):  # the program, shared by all: not the index's data
            continue
        if isinstance(current, dict):  # the collector does not visit a dict's string keys
            pending.extend(current.keys())
        pending.extend(gc.get_referents(current))
    return found


# --------------------------------------------------------------------------- details


def test_materials_are_marked_by_what_this_terminal_verifies() -> None:
    name = Bilingual("营业执照", "Business licence")
    licence = Material(name=name, e_licences=("business-licence",))
    unknown = Material(name=name, e_licences=("driving-licence",))
    paper = Material(name=name, optional=True)
    assert "business-licence" in VERIFIABLE and "driving-licence" not in VERIFIABLE
    assert provision_of(licence, VERIFIABLE) is Provision.E_LICENCE_HERE
    assert provision_of(unknown, VERIFIABLE) is Provision.BRING
    assert provision_of(paper, VERIFIABLE) is Provision.BRING


def test_the_promised_date_counts_working_days_on_the_calendar(catalog: Catalog) -> None:
    item = catalog.items[0].model_copy(update={"working_days": 5})
    # Friday 4 December 2026; Monday 7th a holiday, Saturday 12th an adjusted working day.
    calendar = HolidayCalendar(
        {2026: YearSchedule(frozenset({date(2026, 12, 7)}), frozenset({date(2026, 12, 12)}))}
    )
    details = item_details(item, calendar=calendar, today=date(2026, 12, 4), verifiable=VERIFIABLE)
    # Counted: Tue 8, Wed 9, Thu 10, Fri 11, Sat 12 (worked).
    assert details.promised == PromisedDate(date(2026, 12, 12), estimated=False)
    same_day = item.model_copy(update={"working_days": 0})
    assert item_details(
        same_day, calendar=calendar, today=date(2026, 12, 4), verifiable=VERIFIABLE
    ).promised == PromisedDate(date(2026, 12, 4), estimated=False)
    # Applied on 30 December: Thu 31, then 2027 (not in this calendar: weekdays, estimated).
    late = item_details(item, calendar=calendar, today=date(2026, 12, 30), verifiable=VERIFIABLE)
    assert late.promised == PromisedDate(date(2027, 1, 6), estimated=True)
    # Past every year the terminal can count: no date rather than a wrong one.
    far = item_details(item, calendar=calendar, today=date(9999, 12, 30), verifiable=VERIFIABLE)
    assert far.promised is None


# --------------------------------------------------------------------------- the guide


def test_the_guide_names_the_platform_page_in_the_session_language(
    library: CatalogLibrary, catalog: Catalog
) -> None:
    item = catalog.items[0]
    chinese = _journey(library, FindEntry.item(item.code))
    english = _journey(library, FindEntry.item(item.code), language="en")
    assert chinese.guide_url() == f"{BASE}/g/{item.code}"
    assert english.guide_url() == f"{BASE}/g/{item.code}?lang=en"
    assert guide_url(BASE + "/", item.code, "zh_CN") == f"{BASE}/g/{item.code}"
    without = _journey(library, FindEntry.item(item.code), base=None)
    assert without.guide_url() == ""
    guide = without.guide()
    assert guide is not None and guide.url == ""


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_guide_prints_through_the_desk_with_its_qr_code(
    library: CatalogLibrary, catalog: Catalog, language: Language
) -> None:
    item = _completable_or_first(catalog)
    printer = FakePrinter(paper=PaperWidth.MM58)
    journey = _journey(library, FindEntry.item(item.code), printer=printer, language=language)
    journey.show_guide()
    assert journey.step is FindStep.GUIDE
    journey.print_guide()
    assert journey.step is FindStep.PRINTED and not journey.can_go_back
    view = journey.receipt()
    assert view is not None and view.phase is ReceiptPhase.PRINTED
    assert isinstance(view.document, ItemGuide)
    assert len(printer.printed) == 1
    printout = read(printer.printed_bytes)  # the real ESC/POS bytes, read back
    assert printout.qr_payloads == [journey.guide_url()] and printout.cut
    printed = "".join(printout.texts).replace(" ", "")
    assert item.name.text(language).replace(" ", "")[:8] in printed
    for material in item.materials[:3]:
        assert material.name.text(language).replace(" ", "")[:6] in printed


def test_a_printed_guide_logs_no_error_and_is_not_archived(
    library: CatalogLibrary,
    catalog: Catalog,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = ManualClock(START)
    database = Database.open(tmp_path / "kiosk.sqlite3")
    try:
        archive = ReceiptArchive(database, LocalKey.load_or_create(tmp_path / "k"), clock)
        printer = FakePrinter(paper=PaperWidth.MM58)
        desk = ReceiptDesk(printer, SyncTaskRunner(), archive=archive, paper=PaperWidth.MM58)
        journey = FindJourney(
            library,
            clock=clock,
            language=lambda: "zh_CN",
            terminal_id="CQ-YB-0001",
            guide_base=BASE,
            receipts=desk,
            entry=FindEntry.item(catalog.items[0].code),
        )
        journey.show_guide()
        with caplog.at_level(logging.WARNING):
            journey.print_guide()
        view = journey.receipt()
        assert view is not None and view.phase is ReceiptPhase.PRINTED
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
        assert len(printer.printed) == 1 and archive.pending() == []
        desk.retry()  # nothing to retry: printed once
        assert len(printer.printed) == 1
    finally:
        database.close()


@pytest.mark.allow_log_warnings
def test_a_guide_that_cannot_print_stays_on_screen_and_is_not_kept(
    library: CatalogLibrary, catalog: Catalog
) -> None:
    printer = FakePrinter(paper=PaperWidth.MM58, faults={PrinterFault.PAPER_OUT})
    journey = _journey(library, FindEntry.item(catalog.items[0].code), printer=printer)
    journey.show_guide()
    journey.print_guide()
    view = journey.receipt()
    assert view is not None and view.phase is ReceiptPhase.ON_SCREEN
    assert not view.kept_for_reprint
    journey.end()
    assert journey.receipt() is None


def test_every_guide_line_fits_the_paper(catalog: Catalog) -> None:
    calendar = bundled_calendar()
    for item in catalog.items:
        details = item_details(
            item, calendar=calendar, today=date(2026, 12, 4), verifiable=VERIFIABLE
        )
        for language in ("zh_CN", "en"):
            for columns in (32, 48):
                from kiosk.catalog.details import item_guide  # noqa: PLC0415

                guide = item_guide(
                    details,
                    url=guide_url(BASE, item.code, language),
                    terminal_id="CQ-YB-0001",
                    printed_at=START,
                    language=language,
                )
                lines = layout(guide, columns, printed_text(language))
                from kiosk.domain.receipt import display_width  # noqa: PLC0415

                for line in lines:
                    limit = columns // 2 if line.double else columns
                    if line.kind.value in ("text", "centered"):
                        assert display_width(line.text) <= limit, (item.code, line.text)


# --------------------------------------------------------------------------- library


def test_the_library_builds_one_index_per_catalogue(catalog: Catalog) -> None:
    current = [catalog]
    calendar = bundled_calendar()
    library = CatalogLibrary(lambda: current[0], lambda: calendar)
    first = library.current()
    assert library.current() is first and library.builds == 1
    # An equal copy (the same document synced again): no new index.
    current[0] = parse_catalog(copy.deepcopy(catalog.to_document()))
    assert library.current().index is first.index and library.builds == 1
    # A changed catalogue: a new edition with the new item findable.
    document = copy.deepcopy(catalog.to_document())
    added = copy.deepcopy(document["items"][0])
    added["code"] = "CY-NEW-999"
    added["name"] = {"zh": "川渝新增测试事项", "en": "Newly added sample item"}
    document["items"].append(added)
    current[0] = parse_catalog(document)
    second = library.current()
    assert second.number == first.number + 1 and library.builds == 2
    assert second.index.search("新增测试").hits[0].item.code == "CY-NEW-999"
    assert len(first.most_used) == min(MOST_USED, len(catalog.items))
    ranked = [item.popularity for item in first.most_used]
    assert ranked == sorted(ranked, reverse=True)


def test_a_superseded_edition_is_freed_and_the_gui_never_builds() -> None:
    first, second = synthetic_catalog(40, seed=1), synthetic_catalog(40, seed=2)
    current = [first]
    library = CatalogLibrary(lambda: current[0], bundled_calendar)
    try:
        old = weakref.ref(library.current().index)
        current[0] = second
        # The GUI thread's view: the last edition built, even though the catalogue changed.
        assert library.latest().index is old() and library.builds == 1
        library.current()  # the worker builds the new one
        assert library.latest().catalog is second and library.builds == 2
        gc.collect()
        assert old() is None, "the previous catalogue's index is still in memory"
    finally:
        gc.unfreeze()


def test_a_worker_building_an_edition_never_collects_on_its_own_thread() -> None:
    """A collection on a worker would destroy the GUI's Qt objects caught in cycles from the
    wrong thread (``kiosk.ui.gui_gc``); the build freezes without collecting there."""
    library = CatalogLibrary(lambda: synthetic_catalog(40, seed=3), bundled_calendar)
    started: list[int] = []

    def record(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            started.append(threading.get_ident())

    worker = threading.Thread(target=library.current, name="catalogue worker")
    automatic = gc.isenabled()
    gc.disable()  # as in the kiosk: only explicit collections remain
    gc.callbacks.append(record)
    try:
        worker.start()
        worker.join()
        assert library.builds == 1 and gc.get_freeze_count() > 0
        assert worker.ident not in started
    finally:
        gc.callbacks.remove(record)
        gc.unfreeze()
        if automatic:
            gc.enable()


# --------------------------------------------------------------------------- the host


def test_the_host_starts_the_catalogue_only_when_open_and_only_for_citizens(
    library: CatalogLibrary, catalog: Catalog
) -> None:
    clock = ManualClock(START)
    facts = TerminalFacts("CQ-YB-0001", Bilingual("中心", "Centre"), public_base=BASE)
    shell = KioskShell(
        clock,
        languages=("zh_CN", "en"),
        default_language="zh_CN",
        idle_timeout_s=60,
        idle_countdown_s=20,
        terminal=facts,
        starting=True,
    )
    assert not shell.can_start(JourneyName.FIND)
    shell.start(JourneyName.FIND, FindEntry.search())
    assert shell.screen is Screen.HOME
    shell.services_ready(catalog=library)
    shell.start(JourneyName.FIND, FindEntry.item(catalog.items[0].code))
    assert shell.screen is Screen.ITEM_DETAIL
    journey = shell.journey
    assert isinstance(journey, FindJourney)
    assert journey.guide_url().startswith(BASE)
    shell.back()
    assert shell.screen is Screen.HOME and journey.ended
    hotel = KioskShell(
        clock,
        languages=("zh_CN",),
        default_language="zh_CN",
        idle_timeout_s=60,
        idle_countdown_s=20,
        mode=HOTEL,
        catalog=library,
    )
    assert CITIZEN.offers(JourneyName.FIND) and not HOTEL.offers(JourneyName.FIND)
    assert not hotel.can_start(JourneyName.FIND)

"""The catalogue's screens in the tour: browse, results (a pinyin-initials and a typo query,
a category, nothing found), an item's details in each handling mode, its guide and the printed
guide (``TourStep``s driven through the shell and the screens' own fields, the way a touch
goes). The layout and accessibility checks use the same steps.

Items and categories are chosen from the bundled catalogue by what they show (a handling mode,
the most materials, the most items), not by code, so that a grown catalogue keeps the steps
meaningful.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

from kiosk.catalog.details import item_details
from kiosk.devices.printer_fake import PrinterFault
from kiosk.domain.catalog import CatalogItem, Mode, bundled_catalog
from kiosk.domain.workdays import bundled_calendar
from kiosk.journeys.find import VERIFIABLE, FindEntry, FindJourney
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.ui.screens.results import ResultsScreen
from kiosk.ui.tools.tour import TOUR_STEPS, TourContext, TourStep, settle


def largest_category() -> str:
    catalog = bundled_catalog()
    counts = {
        category.code: sum(1 for item in catalog.items if item.category == category.code)
        for category in catalog.categories
    }
    return max(counts, key=lambda code: (counts[code], code))


def start(tour: TourContext, entry: FindEntry) -> FindJourney:
    shell = tour.kiosk.shell
    shell.start(JourneyName.FIND, entry)
    journey = shell.journey
    assert isinstance(journey, FindJourney), "the catalogue journey did not start"
    return journey


def type_query(tour: TourContext, text: str) -> None:
    """``text`` typed into the results screen's field (each character a keystroke)."""
    settle()
    screen = tour.kiosk.window.current_screen
    assert isinstance(screen, ResultsScreen), type(screen).__name__
    for end in range(1, len(text) + 1):
        screen.field.setText(text[:end])
        screen.field.textEdited.emit(text[:end])


def _enter(tour: TourContext, entry: FindEntry) -> None:
    start(tour, entry)


def _search(tour: TourContext, text: str) -> None:
    start(tour, FindEntry.search())
    type_query(tour, text)


def _filtered_nothing(tour: TourContext) -> None:
    journey = start(tour, FindEntry.enterprise())
    journey.choose_mode("joint")
    type_query(tour, "zzqqxx")


FIND_STEPS: list[TourStep] = [
    TourStep("find-browse", lambda tour: _enter(tour, FindEntry.browse())),
    TourStep("find-results-all", lambda tour: _enter(tour, FindEntry.search())),
    TourStep("find-results-initials", lambda tour: _search(tour, "yyzz")),
    TourStep("find-results-typo", lambda tour: _search(tour, "pensoin")),
    TourStep(
        "find-results-category",
        lambda tour: _enter(tour, FindEntry.category(largest_category())),
    ),
    TourStep("find-results-nothing", lambda tour: _search(tour, "zzqqxx")),
    TourStep("find-results-nothing-filtered", _filtered_nothing),
]


# The steps that open the results screen with the keyboard (the field focused on entry).
KEYBOARD_STEPS = frozenset(
    {"find-results-all", "find-results-initials", "find-results-typo", "find-results-nothing"}
)


def home_steps() -> list[TourStep]:
    """The tour's steps of the home screen (with the catalogue, starting, printer out)."""
    return [
        step for step in TOUR_STEPS if step.name in ("home", "home-starting", "home-printer-out")
    ]


MODES: tuple[Mode, ...] = ("online", "accept_here", "joint")


def richest_item(mode: Mode | None = None) -> CatalogItem:
    """The item (of ``mode``) with the most to show: materials with e-licences and optional
    ones, an offline step, a long description."""

    def richness(item: CatalogItem) -> tuple[int, int, str]:
        details = item_details(
            item,
            calendar=bundled_calendar(),
            today=ManualClock().now().date(),
            verifiable=VERIFIABLE,
        )
        marks = details.e_licence_count + sum(1 for line in details.materials if line.optional)
        extra = int(item.offline_step is not None) + int(item.completable_here)
        return (len(item.materials) + marks + extra, len(item.description.en), item.code)

    items = [item for item in bundled_catalog().items if mode is None or item.mode == mode]
    return max(items, key=richness)


def open_item(tour: TourContext, item: CatalogItem) -> FindJourney:
    shell = tour.kiosk.shell
    shell.start(JourneyName.FIND, FindEntry.item(item.code))
    journey = shell.journey
    assert isinstance(journey, FindJourney), "the catalogue journey did not start"
    return journey


def _detail(mode: Mode) -> TourStep:
    return TourStep(f"item-{mode.replace('_', '-')}", lambda tour: _open(tour, mode))


def _open(tour: TourContext, mode: Mode) -> None:
    open_item(tour, richest_item(mode))


def _guide(tour: TourContext, *, fault: PrinterFault | None = None) -> None:
    if fault is not None:
        tour.printer.set_fault(fault)
        watch = tour.kiosk.shell.printer_watch
        assert watch is not None
        watch.check_now()
    open_item(tour, richest_item()).show_guide()


def _printed(tour: TourContext, *, fault: PrinterFault | None = None) -> None:
    journey = open_item(tour, richest_item())
    journey.show_guide()
    if fault is not None:  # after the guide screen: it ran out while the citizen read
        tour.printer.set_fault(fault)
    journey.print_guide()


ITEM_STEPS: tuple[TourStep, ...] = (
    *(_detail(mode) for mode in MODES),
    TourStep("guide", _guide),
    TourStep("guide-printer-out", lambda tour: _guide(tour, fault=PrinterFault.PAPER_OUT)),
    TourStep("guide-printed", _printed),
    TourStep("guide-on-screen", lambda tour: _printed(tour, fault=PrinterFault.PAPER_OUT)),
)


CATALOG_STEPS: tuple[TourStep, ...] = (*FIND_STEPS, *ITEM_STEPS)

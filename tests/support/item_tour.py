"""Tour steps of an item's detail screen, its guide and the printed guide, for the layout and
accessibility checks (``kiosk.ui.tools.tour.TourStep``s driven through the shell).

Items are chosen from the bundled catalogue by what they show (a handling mode, the most
materials), not by code, so that a grown catalogue keeps the steps meaningful.

GUI thread only.
"""

from __future__ import annotations

from kiosk.catalog.details import item_details
from kiosk.devices.printer_fake import PrinterFault
from kiosk.domain.catalog import CatalogItem, Mode, bundled_catalog
from kiosk.domain.workdays import bundled_calendar
from kiosk.journeys.find import VERIFIABLE, FindEntry, FindJourney
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.ui.tools.tour import TourContext, TourStep

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

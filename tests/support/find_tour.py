"""Tour steps of the catalogue's browse and results screens, for the layout and accessibility
checks and the pictures (``kiosk.ui.tools.tour.TourStep``s driven through the shell and the
screens' own fields, the way a touch goes).

Categories are chosen from the bundled catalogue by what they show (the most items), not by
code, so that a grown catalogue keeps the steps meaningful.

GUI thread only.
"""

from __future__ import annotations

from kiosk.domain.catalog import bundled_catalog
from kiosk.journeys.find import FindEntry, FindJourney
from kiosk.journeys.modes import JourneyName
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


def _search(tour: TourContext, text: str) -> None:
    start(tour, FindEntry.search())
    type_query(tour, text)


def _filtered_nothing(tour: TourContext) -> None:
    journey = start(tour, FindEntry.enterprise())
    journey.choose_mode("joint")
    type_query(tour, "zzqqxx")


FIND_STEPS: list[TourStep] = [
    TourStep("find-browse", lambda tour: start(tour, FindEntry.browse()) and None),
    TourStep("find-results-all", lambda tour: start(tour, FindEntry.search()) and None),
    TourStep("find-results-initials", lambda tour: _search(tour, "yyzz")),
    TourStep("find-results-typo", lambda tour: _search(tour, "pensoin")),
    TourStep(
        "find-results-category",
        lambda tour: start(tour, FindEntry.category(largest_category())) and None,
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

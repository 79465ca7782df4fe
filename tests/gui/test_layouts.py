"""Screens fit the real terminals: landscape 1920×1080, portrait 1080×1920, compact 1366×768.

For a tour step of every screen (and the variants whose actions differ), at each size, in both
languages, in normal and elder mode: every action-bar button and every primary button or tile,
and the receipt's QR code (its picture when printed), lie fully inside what is visible without
scrolling (widget geometry mapped to the window, the scroll area at its top). In portrait the home
screen's content covers most of the height. Elder mode leaves one prominent primary action in
the action bar. Resizing the window re-arranges a screen.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QApplication, QGridLayout, QPushButton, QWidget

from kiosk.config.loader import ConfigError, LoadedConfig, load_config
from kiosk.demo import DemoCodes, demo_codes, prepare_demo
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.base import ScreenWidget
from kiosk.ui.screens.browse import BrowseScreen
from kiosk.ui.screens.check_result import CheckResultScreen
from kiosk.ui.screens.guide import GuideScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.results import ResultsScreen
from kiosk.ui.tools.tour import (
    TOUR_SIZES,
    TOUR_STEPS,
    TourStep,
    sample_config_error,
    settle,
    toured_step,
)
from tests.support.find_tour import FIND_STEPS, KEYBOARD_STEPS
from tests.support.item_tour import ITEM_STEPS

# One step per screen, plus the variants whose actions or contents differ.
FOLD_STEPS = (
    "home",
    "home-printer-out",
    "help",
    "apology",
    "scan-reading",
    "scan-no-camera",
    "check-result-valid",
    "check-result-refused",
    "receipt-printed",
    "receipt-on-screen",
    "maintenance",
)
# Portrait home: the content (title, subtitle, tiles, figures) covers at least this share of
# the visible height, counted as the union of the widgets' vertical extents (the gaps between
# them count as empty).
PORTRAIT_HOME_FILL = 0.75


@dataclass(frozen=True)
class TourSetup:
    loaded: LoadedConfig
    error: ConfigError
    codes: DemoCodes
    start: datetime


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> TourSetup:
    folder = tmp_path_factory.mktemp("layouts")
    start = ManualClock().now()
    loaded = load_config(prepare_demo(folder / "data", start), environ={})
    return TourSetup(loaded, sample_config_error(folder), demo_codes(folder / "data", start), start)


def _step(name: str) -> TourStep:
    return next(step for step in (*TOUR_STEPS, *ITEM_STEPS) if step.name == name)


def _rect_in_window(widget: QWidget) -> QRect:
    return QRect(widget.mapTo(widget.window(), QPoint(0, 0)), widget.size())


def _visible_area(screen: ScreenWidget) -> QRect:
    """What a citizen sees of the screen's body without scrolling: the scroll area's viewport,
    within the window."""
    return _rect_in_window(screen.scroll_area.viewport()) & screen.window().rect()


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def _must_be_seen(screen: ScreenWidget, *, elder: bool) -> list[tuple[str, QWidget, bool]]:
    """(name, widget, in the scrolling body) of what must be visible without scrolling: the
    action bar, primary buttons and tiles (in elder mode the prominent tile, the home screen's
    primary action: the other tiles may scroll with the larger text), the receipt's QR code."""
    found: list[tuple[str, QWidget, bool]] = []
    secondary_tiles = (
        {id(button) for tile, button in screen.tiles if not tile.prominent}
        if elder and isinstance(screen, HomeScreen)
        else set()
    )
    for button in screen.findChildren(QPushButton):
        if not _shown(button) or id(button) in secondary_tiles | _may_scroll(screen):
            continue
        in_body = screen.scroll_area.isAncestorOf(button)
        role = button.property("role")
        if not in_body or role in ("primary", "tile"):
            found.append((f"button {button.text() or role!r}", button, in_body))
    if isinstance(screen, ReceiptScreen):
        if _shown(screen.qr):
            found.append(("receipt QR code", screen.qr, True))
            if _shown(screen.reference):  # a guide has none
                found.append(("receipt reference", screen.reference, True))
        elif _shown(screen.preview):
            found.append(("receipt picture", screen.preview, True))
    if isinstance(screen, GuideScreen):
        if _shown(screen.qr):
            found.append(("guide QR code", screen.qr, True))
        if _shown(screen.notice):  # why nothing can be printed
            found.append(("guide notice", screen.notice, True))
    if isinstance(screen, (ResultsScreen, BrowseScreen)):
        found.append(("search field", screen.field, True))
    return found


def _first_row(grid: QGridLayout) -> list[QWidget]:
    widgets = []
    for index in range(grid.count()):
        item = grid.itemAt(index)
        widget = item.widget() if item is not None else None
        if widget is not None and grid.getItemPosition(index)[0] == 0:
            widgets.append(widget)
    return widgets


def _may_scroll(screen: ScreenWidget) -> set[int]:
    """Tiles that may lie below the fold: on a home with the catalogue all but the search
    field and the first row of categories (the most used and the mode's tiles come after);
    on the browse screen all but the first row of categories; on the results screen all but
    the first row of results, and all of them while the keyboard is open (the keyboard takes
    the height: the field above it is what must show) or in elder mode on a short panel
    (under 300 px show the field and a filter's chip)."""
    if isinstance(screen, HomeScreen) and screen.finds_items:
        first: list[QWidget] = [screen.search_button, *_first_row(screen.category_grid)]
    elif isinstance(screen, ResultsScreen):
        keyboard = getattr(screen.window(), "keyboard", None)
        typing = isinstance(keyboard, QWidget) and keyboard.isVisible()
        arrangement = screen.arrangement
        short_elder = arrangement is not None and arrangement.compact and arrangement.elder
        first = [] if typing or short_elder else _first_row(screen.rows_grid)
    elif isinstance(screen, BrowseScreen):
        first = _first_row(screen.category_grid)
    else:
        return set()
    keep = {id(widget) for widget in first}
    return {
        id(button)
        for button in screen.findChildren(QPushButton)
        if button.property("role") == "tile" and id(button) not in keep
    }


def _kiosk_at(
    setup: TourSetup, step: str, size: QSize, language: str, mode: str
) -> AbstractContextManager[Kiosk]:
    return toured_step(
        _step(step),
        loaded=setup.loaded,
        error=setup.error,
        codes=setup.codes,
        start=setup.start,
        size=size,
        language=language,
        mode=mode,
    )


@pytest.mark.parametrize("size_name", tuple(TOUR_SIZES))
def test_primary_actions_and_the_qr_code_are_above_the_fold(
    qapp: QApplication, setup: TourSetup, size_name: str
) -> None:
    size = TOUR_SIZES[size_name]
    failures: list[str] = []
    checked = 0
    for step in FOLD_STEPS:
        for language in ("zh_CN", "en"):
            for mode in ("normal", "elder"):
                with _kiosk_at(setup, step, size, language, mode) as kiosk:
                    window = kiosk.window
                    assert window.size() == size, f"{step}: the window grew to {window.size()}"
                    screen = window.current_screen
                    assert screen.scroll_area.verticalScrollBar().value() == 0
                    visible = _visible_area(screen)
                    screen_area = _rect_in_window(screen) & window.rect()
                    seen = _must_be_seen(screen, elder=mode == "elder")
                    if step.startswith("receipt") or step in ("help", "apology", "home"):
                        assert seen, f"{step}: nothing to check"
                    for name, widget, in_body in seen:
                        checked += 1
                        rect = _rect_in_window(widget)
                        area = visible if in_body else screen_area
                        if not area.contains(rect):
                            failures.append(
                                f"{step} {language} {mode}: {name} at {rect.getRect()} is not "
                                f"inside the visible {area.getRect()}"
                            )
    assert not failures, "\n".join(failures)
    assert checked > len(FOLD_STEPS) * 4


def _covered_height(widgets: list[QWidget], within: QRect) -> int:
    spans = sorted(
        (rect.top(), rect.bottom() + 1)
        for rect in (_rect_in_window(widget) & within for widget in widgets if _shown(widget))
        if not rect.isEmpty()
    )
    covered, reach = 0, -1
    for top, bottom in spans:
        if bottom > reach:
            covered += bottom - max(top, reach)
            reach = bottom
    return covered


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_portrait_home_fills_the_height(
    qapp: QApplication, setup: TourSetup, language: str, mode: str
) -> None:
    with _kiosk_at(setup, "home", TOUR_SIZES["portrait"], language, mode) as kiosk:
        screen = kiosk.window.current_screen
        assert isinstance(screen, HomeScreen)
        visible = _visible_area(screen)
        # The catalogue's home fills the height and scrolls for the lower parts: what the
        # first screenful shows of it counts; the search and the first categories need no
        # scrolling.
        content: list[QWidget] = [screen.title, screen.subtitle, screen.facts]
        content += [button for _tile, button in screen.tiles]
        content += [screen.search_button, screen.categories, screen.top_items]
        share = _covered_height(content, visible) / visible.height()
        assert share >= PORTRAIT_HOME_FILL, f"content covers {share:.0%} of the height"
        first = [screen.search_button, *_first_row(screen.category_grid)]
        assert all(visible.contains(_rect_in_window(w)) for w in first)


def _bar_buttons(screen: ScreenWidget) -> list[QPushButton]:
    return [
        button
        for button in screen.findChildren(QPushButton)
        if _shown(button) and not screen.scroll_area.isAncestorOf(button)
    ]


@pytest.mark.parametrize(
    "step", ["help", "apology", "scan-no-camera", "check-result-valid", "receipt-on-screen"]
)
def test_elder_mode_shows_one_prominent_primary_action(
    qapp: QApplication, setup: TourSetup, step: str
) -> None:
    with _kiosk_at(setup, step, TOUR_SIZES["landscape"], "en", "elder") as kiosk:
        screen = kiosk.window.current_screen
        bar = _bar_buttons(screen)
        primary = [button for button in bar if button.property("role") == "primary"]
        assert len(primary) == 1, [button.text() for button in bar]
        others = [button for button in bar if button is not primary[0]]
        # Only the way home may stay beside it, and the primary action is the widest.
        assert all(button.text() == "Back to home" for button in others)
        assert all(primary[0].width() > 2 * button.width() for button in others)
        assert primary[0].width() >= screen.width() // 2, primary[0].text()
        if isinstance(screen, CheckResultScreen):
            assert screen.scroll_area.isAncestorOf(screen.again_button)  # moved, not removed
            assert _shown(screen.again_button)
        if isinstance(screen, ReceiptScreen):
            assert screen.scroll_area.isAncestorOf(screen.retry_button)
            assert _shown(screen.retry_button)


def test_the_normal_mode_keeps_secondary_actions_in_the_bar(
    qapp: QApplication, setup: TourSetup
) -> None:
    with _kiosk_at(setup, "check-result-valid", TOUR_SIZES["landscape"], "en", "normal") as kiosk:
        screen = kiosk.window.current_screen
        assert isinstance(screen, CheckResultScreen)
        assert screen.again_button in _bar_buttons(screen)
        kiosk.shell.toggle_elder()  # from the header, on this screen
        settle()
        assert screen.scroll_area.isAncestorOf(screen.again_button)
        kiosk.shell.toggle_elder()
        settle()
        assert screen.again_button in _bar_buttons(screen)


def test_resizing_the_window_rearranges_the_home_screen(
    qapp: QApplication, setup: TourSetup
) -> None:
    with _kiosk_at(setup, "home", TOUR_SIZES["landscape"], "en", "normal") as kiosk:
        screen = kiosk.window.current_screen
        assert isinstance(screen, HomeScreen)

        def categories_a_row() -> int:
            return len(_first_row(screen.category_grid))

        assert categories_a_row() == 6
        kiosk.window.resize(TOUR_SIZES["portrait"])
        settle()
        assert categories_a_row() == 3
        kiosk.window.resize(TOUR_SIZES["landscape"])
        settle()
        assert categories_a_row() == 6


@pytest.mark.parametrize("size_name", tuple(TOUR_SIZES))
def test_the_item_screens_keep_their_actions_and_the_guide_code_above_the_fold(
    qapp: QApplication, setup: TourSetup, size_name: str
) -> None:
    """An item's details, its guide (the QR code, and why nothing prints when the printer is
    out) and the printed guide: the actions, the QR codes and the notice need no scrolling."""
    size = TOUR_SIZES[size_name]
    failures: list[str] = []
    for step in ITEM_STEPS:
        for language in ("zh_CN", "en"):
            for mode in ("normal", "elder"):
                with _kiosk_at(setup, step.name, size, language, mode) as kiosk:
                    window = kiosk.window
                    assert window.size() == size, f"{step.name}: the window grew"
                    screen = window.current_screen
                    visible = _visible_area(screen)
                    screen_area = _rect_in_window(screen) & window.rect()
                    seen = _must_be_seen(screen, elder=mode == "elder")
                    names = {name for name, _widget, _in_body in seen}
                    if step.name.startswith("guide-") and step.name != "guide-printer-out":
                        assert "receipt QR code" in names or "receipt picture" in names
                    elif step.name.startswith("guide"):
                        assert "guide QR code" in names, names
                    for name, widget, in_body in seen:
                        rect = _rect_in_window(widget)
                        area = visible if in_body else screen_area
                        if not area.contains(rect):
                            failures.append(
                                f"{step.name} {language} {mode}: {name} at {rect.getRect()} "
                                f"is not inside the visible {area.getRect()}"
                            )
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("step", ["item-online", "guide"])
def test_elder_mode_makes_the_way_on_the_prominent_action_of_the_item_screens(
    qapp: QApplication, setup: TourSetup, step: str
) -> None:
    with _kiosk_at(setup, step, TOUR_SIZES["landscape"], "en", "elder") as kiosk:
        screen = kiosk.window.current_screen
        bar = _bar_buttons(screen)
        primary = [button for button in bar if button.property("role") == "primary"]
        assert len(primary) == 1, [button.text() for button in bar]
        others = [button for button in bar if button is not primary[0]]
        assert [button.text() for button in others] == ["Back"]  # and back, beside it
        assert primary[0].width() > 2 * others[0].width()
        assert primary[0].width() >= screen.width() // 2, primary[0].text()


FIND_SIZES = {**TOUR_SIZES, "compact-1280": QSize(1280, 800)}


@pytest.mark.parametrize("size_name", tuple(FIND_SIZES))
def test_the_find_screens_keep_the_field_the_first_row_and_their_actions_above_the_fold(
    qapp: QApplication, setup: TourSetup, size_name: str
) -> None:
    """Browse and results (with the keyboard open, a query, a typo, a category, nothing
    found): the search field, the first row and the action bar need no scrolling; the window
    keeps its size. Not checked: elder mode with the keyboard open on the short panels, where
    the header, the footer and a keyboard with 20 mm keys are taller than the panel (the
    window grows; see the report of the find screens)."""
    size = FIND_SIZES[size_name]
    failures: list[str] = []
    for step in FIND_STEPS:
        for language in ("zh_CN", "en"):
            for mode in ("normal", "elder"):
                if mode == "elder" and size.height() < 900 and step.name in KEYBOARD_STEPS:
                    continue
                with toured_step(
                    step,
                    loaded=setup.loaded,
                    error=setup.error,
                    codes=setup.codes,
                    start=setup.start,
                    size=size,
                    language=language,
                    mode=mode,
                ) as kiosk:
                    window = kiosk.window
                    assert window.size() == size, f"{step.name}: the window grew"
                    screen = window.current_screen
                    assert isinstance(screen, (ResultsScreen, BrowseScreen)), step.name
                    visible = _visible_area(screen)
                    screen_area = _rect_in_window(screen) & window.rect()
                    seen = _must_be_seen(screen, elder=mode == "elder")
                    assert "search field" in {name for name, _widget, _body in seen}
                    for name, widget, in_body in seen:
                        rect = _rect_in_window(widget)
                        area = visible if in_body else screen_area
                        if not area.contains(rect):
                            failures.append(
                                f"{step.name} {language} {mode}: {name} at {rect.getRect()} "
                                f"is not inside the visible {area.getRect()}"
                            )
    assert not failures, "\n".join(failures)

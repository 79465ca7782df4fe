"""kiosk tour writes one real picture per screen, language, size and mode.

The whole tour runs here at one size in the normal mode (about 90 s on a 2-core machine); a
second test takes two screens through the three sizes and three modes; a third checks that the
hotel desk's steps (a hotel-profile kiosk) reach what their pictures are named for.
``tests/gui/test_layouts.py`` checks the fold at every size."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from kiosk.config.loader import load_config
from kiosk.credentials.errors import Reason
from kiosk.demo import demo_codes, prepare_demo
from kiosk.domain.receipt import status_base_of, verify_status_tag
from kiosk.hotel.register import ReportState
from kiosk.hotel.report import CareKind
from kiosk.journeys.desk import CardPhase, DeskJourney, DeskStep, NoticeKind, RegisterTab
from kiosk.journeys.modes import HOTEL
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.desk import DeskScreen
from kiosk.ui.screens.desk_register import DeskRegisterScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.tech_config import TechConfigScreen
from kiosk.ui.screens.tech_devices import TechDevicesScreen
from kiosk.ui.screens.tech_enrol import TechEnrolScreen
from kiosk.ui.screens.tech_home import TechHomeScreen
from kiosk.ui.screens.tech_import import TechImportScreen
from kiosk.ui.screens.tech_logs import TechLogsScreen
from kiosk.ui.screens.tech_pin import TechPinScreen
from kiosk.ui.screens.tech_status import TechStatusScreen
from kiosk.ui.screens.tech_system import TechSystemScreen
from kiosk.ui.style import PALETTE
from kiosk.ui.tools.tour import (
    TOUR_MODES,
    TOUR_SIZES,
    TOUR_STATUS_KEY,
    TOUR_STEPS,
    every_step,
    picture_name,
    run_tour,
    sample_config_error,
    toured_step,
)
from kiosk.ui.tools.tour_desk import DESK_STEPS
from kiosk.ui.tools.tour_technician import TECHNICIAN_STEPS
from tests.support.qt_pictures import qr_texts


@pytest.mark.timeout(900)  # the whole tour: every screen, size and mode
def test_tour_saves_every_screen_in_both_languages(qapp: QApplication, tmp_path: Path) -> None:
    size = QSize(1280, 800)
    written = run_tour(tmp_path, languages=("zh_CN", "en"), sizes=[size])
    names = sorted(path.name for path in written)
    screens = [
        picture_name(step.name, lang, size, "normal")
        for step in every_step()
        for lang in ("zh_CN", "en")
    ]
    papers = [f"{doc}-paper-{lang}.png" for doc in ("receipt", "slip") for lang in ("zh_CN", "en")]
    assert names == sorted(screens + papers)
    for language in ("zh_CN", "en"):
        paper = QImage(str(tmp_path / f"receipt-paper-{language}.png"))
        assert paper.width() == 576 + 2 * 16  # 80 mm (the demo's paper) at 203 dpi, margins
        codes = qr_texts(paper)
        assert len(codes) == 1  # the status page URL, its tag under the tour's key
        assert re.fullmatch(
            r"https?://[^/?#]+/r/KSK1:CQ-YB-0001-\d{8}-\d{6}:[A-Z2-7]{13}", codes[0]
        )
        assert verify_status_tag(codes[0], TOUR_STATUS_KEY, bases=[status_base_of(codes[0]) or ""])
        assert qr_texts(QImage(str(tmp_path / f"slip-paper-{language}.png"))) == []
    written = [path for path in written if path.name in screens]
    hotel = {step.name for step in every_step() if step.mode is HOTEL}
    assert hotel == {step.name for step in DESK_STEPS}
    assert {
        "desk-home",
        "desk-scanning",
        "desk-guest",
        "desk-room",
        "desk-minor",
        "desk-minor-alone",
        "desk-replayed",
        "desk-elsewhere",
        "desk-saved-offline",
        "desk-saved-reported",
        "register-arrivals",
        "register-in-house",
        "register-departures",
        "stay",
        "stay-check-out",
    } <= hotel
    assert {
        "home",
        "help",
        "idle-countdown",
        "apology",
        "maintenance",
        "find-results-initials",
        "find-results-typo",
        "item-online",
        "item-accept-here",
        "item-joint",
        "guide",
        "guide-printed",
    } <= {s.name for s in every_step()}
    assert {step.name for step in TECHNICIAN_STEPS} <= {s.name for s in every_step()}
    images = {path.name: QImage(str(path)) for path in written}
    header = QColor(PALETTE.primary)
    for name, image in images.items():
        assert (image.width(), image.height()) == (1280, 800), name
        corner = image.pixelColor(5, 5)
        if name.startswith("idle-countdown"):  # the overlay dims everything, header included
            assert corner.lightness() < header.lightness() * 0.7, name
        else:
            assert corner == header, name
    home = {lang: images[picture_name("home", lang, size, "normal")] for lang in ("zh_CN", "en")}
    assert home["zh_CN"] != home["en"]  # the language really changed


def test_tour_takes_screens_through_every_size_and_mode(qapp: QApplication, tmp_path: Path) -> None:
    steps = [step for step in TOUR_STEPS if step.name in ("home", "receipt-on-screen")]
    written = run_tour(
        tmp_path,
        languages=("zh_CN",),
        sizes=list(TOUR_SIZES.values()),
        modes=tuple(TOUR_MODES),
        steps=steps,
    )
    expected = {
        picture_name(step.name, "zh_CN", size, mode)
        for step in steps
        for size in TOUR_SIZES.values()
        for mode in TOUR_MODES
    }
    assert {path.name for path in written} == expected
    assert len(expected) == 2 * 3 * 3
    for step in steps:
        for size in TOUR_SIZES.values():
            pictures = {
                mode: QImage(str(tmp_path / picture_name(step.name, "zh_CN", size, mode)))
                for mode in TOUR_MODES
            }
            for mode, image in pictures.items():
                assert (image.width(), image.height()) == (size.width(), size.height()), mode
            # each mode really shows differently (larger text, other colours)
            assert pictures["elder"] != pictures["normal"], (step.name, size)
            assert pictures["high-contrast"] != pictures["normal"], (step.name, size)


def _desk(kiosk: Kiosk) -> DeskJourney:
    journey = kiosk.shell.journey
    assert isinstance(journey, DeskJourney), type(journey).__name__
    return journey


def _replayed(kiosk: Kiosk) -> None:
    notice = _desk(kiosk).state.notice
    assert notice is not None and notice.kind is NoticeKind.REFUSED
    assert notice.reason is Reason.REPLAYED and notice.used_at is not None
    screen = kiosk.window.current_screen
    assert isinstance(screen, DeskScreen) and "17:30" in screen.notice_title.text()


def _alone(kiosk: Kiosk) -> None:
    draft = _desk(kiosk).state.draft
    assert draft is not None and len(draft.guests) == 1
    (care,) = draft.care.values()
    assert care.kind is CareKind.GUARDIAN_CALLED and not care.confirmed
    screen = kiosk.window.current_screen
    assert isinstance(screen, DeskScreen)
    (editor,) = screen._cares
    assert editor.alone_warning.isVisibleTo(screen)


def _elsewhere(kiosk: Kiosk) -> None:
    draft = _desk(kiosk).state.draft
    assert draft is not None and draft.room == "1203" and draft.elsewhere == {0: "0812"}
    screen = kiosk.window.current_screen
    assert isinstance(screen, DeskScreen) and screen.elsewhere.isVisibleTo(screen)


def _saved(state: ReportState) -> Callable[[Kiosk], None]:
    def check(kiosk: Kiosk) -> None:
        journey = _desk(kiosk)
        stay = journey.state.saved
        assert journey.state.phase is CardPhase.SAVED and stay is not None
        assert (stay.room, len(stay.guests), stay.checkin_state) == ("0812", 3, state)
        assert (stay.checkin_number or "").startswith("CQRZ") == (state is ReportState.REPORTED)

    return check


def _departures(kiosk: Kiosk) -> None:
    journey = _desk(kiosk)
    assert journey.step is DeskStep.REGISTER and journey.state.tab is RegisterTab.DEPARTURES
    assert isinstance(kiosk.window.current_screen, DeskRegisterScreen)
    left = {stay.room: stay for stay in journey.state.stays}
    assert sorted(left) == ["0608", "0702"]
    assert left["0702"].checkout_state is ReportState.WAITING
    assert left["0608"].checked_out_at is None  # due today, not yet gone


def _checking_out(kiosk: Kiosk) -> None:
    journey = _desk(kiosk)
    selected = journey.state.selected
    assert journey.step is DeskStep.STAY and journey.state.confirming_check_out
    assert selected is not None and selected.room == "0812" and len(selected.guests) == 3


def _hotel_home(kiosk: Kiosk) -> None:
    home = kiosk.window.current_screen
    assert isinstance(home, HomeScreen) and kiosk.shell.mode.name == "hotel"
    assert home.title.text() == "Guest check-in with the electronic ID"


HOTEL_CHECKS: dict[str, Callable[[Kiosk], None]] = {
    "desk-home": _hotel_home,
    "desk-minor-alone": _alone,
    "desk-replayed": _replayed,
    "desk-elsewhere": _elsewhere,
    "desk-saved-offline": _saved(ReportState.WAITING),
    "desk-saved-reported": _saved(ReportState.REPORTED),
    "register-departures": _departures,
    "stay-check-out": _checking_out,
}


def test_the_hotel_desks_steps_show_what_they_are_named_for(
    qapp: QApplication, tmp_path: Path
) -> None:
    start = ManualClock().now()
    hotel = load_config(prepare_demo(tmp_path / "hotel", start, profile="hotel"), environ={})
    steps = {step.name: step for step in DESK_STEPS}
    for name, check in HOTEL_CHECKS.items():
        with toured_step(
            steps[name],
            loaded=hotel,
            error=sample_config_error(tmp_path),
            codes=demo_codes(tmp_path / "hotel", start),
            start=start,
            size=QSize(1280, 800),
            language="en",
            mode="normal",
            hotel=hotel,
        ) as kiosk:
            check(kiosk)


def _technician_checks() -> dict[str, Callable[[Kiosk], bool]]:
    def pin_notice(kiosk: Kiosk) -> str:
        screen = kiosk.window.current_screen
        assert isinstance(screen, TechPinScreen)
        return screen.notice_text.text() if screen.notice.isVisible() else ""

    def devices(kiosk: Kiosk) -> TechDevicesScreen:
        screen = kiosk.window.current_screen
        assert isinstance(screen, TechDevicesScreen)
        return screen

    def system(kiosk: Kiosk) -> TechSystemScreen:
        screen = kiosk.window.current_screen
        assert isinstance(screen, TechSystemScreen)
        return screen

    return {
        "tech-pin": lambda kiosk: pin_notice(kiosk) == "",
        "tech-pin-wrong": lambda kiosk: pin_notice(kiosk).startswith("Wrong PIN. 4 tries left"),
        "tech-pin-locked": lambda kiosk: "locked for 30 min" in pin_notice(kiosk),
        "tech-home": lambda kiosk: isinstance(kiosk.window.current_screen, TechHomeScreen),
        "tech-status": lambda kiosk: isinstance(kiosk.window.current_screen, TechStatusScreen),
        "tech-devices": lambda kiosk: (
            devices(kiosk).journey is not None and devices(kiosk).journey.camera.frames > 0
        ),  # type: ignore[union-attr]
        "tech-enrol": lambda kiosk: isinstance(kiosk.window.current_screen, TechEnrolScreen),
        **_maintenance_checks(),
        "tech-restart": lambda kiosk: system(kiosk).yes_button.text() == "Restart now",
        "tech-desktop": lambda kiosk: system(kiosk).pin_field.isVisible(),
    }


def _maintenance_checks() -> dict[str, Callable[[Kiosk], bool]]:
    """The settings, log viewer and USB import steps (kiosk.ui.tools.tour_maintenance)."""

    def config(kiosk: Kiosk) -> TechConfigScreen:
        shown = kiosk.window.current_screen
        assert isinstance(shown, TechConfigScreen)
        return shown

    def logs(kiosk: Kiosk) -> TechLogsScreen:
        shown = kiosk.window.current_screen
        assert isinstance(shown, TechLogsScreen)
        return shown

    def imported(kiosk: Kiosk) -> TechImportScreen:
        shown = kiosk.window.current_screen
        assert isinstance(shown, TechImportScreen)
        return shown

    return {
        "tech-config": lambda kiosk: "ui.idle_timeout_s" in config(kiosk).field_rows,
        "tech-config-refused": lambda kiosk: (
            config(kiosk).edit_problem_text.text() == "Idle timeout (seconds): must be at least 30"
        ),
        "tech-config-review": lambda kiosk: (
            set(config(kiosk).review_rows) == {"ui.idle_timeout_s", "logging.level"}
        ),
        "tech-logs": lambda kiosk: logs(kiosk).log_button.isChecked(),
        "tech-audit": lambda kiosk: (
            logs(kiosk).check_text.text().startswith("The audit log is intact")
        ),
        "tech-import": lambda kiosk: len(imported(kiosk).rows) == 2,
        "tech-import-refused": lambda kiosk: (
            imported(kiosk).result_text.text().startswith("The file's signature does not match")
        ),
        "tech-import-installed": lambda kiosk: (
            imported(kiosk).result_title.text().endswith("is installed already")
        ),
    }


def test_the_technician_steps_show_what_they_are_named_for(
    qapp: QApplication, tmp_path: Path
) -> None:
    start = ManualClock().now()
    loaded = load_config(prepare_demo(tmp_path / "data", start), environ={})
    checks = _technician_checks()
    assert set(checks) == {step.name for step in TECHNICIAN_STEPS}
    for step in TECHNICIAN_STEPS:
        with toured_step(
            step,
            loaded=loaded,
            error=sample_config_error(tmp_path),
            codes=demo_codes(tmp_path / "data", start),
            start=start,
            size=QSize(1280, 800),
            language="en",
            mode="normal",
        ) as kiosk:
            assert checks[step.name](kiosk), step.name

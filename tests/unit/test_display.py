"""Physical sizing: density resolution and millimetre conversion."""

from __future__ import annotations

import pytest

from kiosk.runtime.display import FALLBACK_DPI, DisplayMetrics, resolve_dpi


def test_configured_dpi_wins() -> None:
    assert (
        resolve_dpi(
            configured_dpi=110,
            diagonal_in=21.5,
            pixel_width=1920,
            pixel_height=1080,
            reported_dpi=96,
        )
        == 110
    )


def test_diagonal_and_resolution_give_the_density() -> None:
    dpi = resolve_dpi(
        configured_dpi=None,
        diagonal_in=21.5,
        pixel_width=1920,
        pixel_height=1080,
        reported_dpi=None,
    )
    assert dpi == pytest.approx(102.46, abs=0.01)


@pytest.mark.parametrize("reported", [None, 0.0, 72.0, 10.0, 5000.0])
def test_meaningless_reports_fall_back(reported: float | None) -> None:
    assert (
        resolve_dpi(
            configured_dpi=None,
            diagonal_in=None,
            pixel_width=0,
            pixel_height=0,
            reported_dpi=reported,
        )
        == FALLBACK_DPI
    )


def test_a_plausible_report_is_used() -> None:
    assert (
        resolve_dpi(
            configured_dpi=None, diagonal_in=None, pixel_width=0, pixel_height=0, reported_dpi=141.0
        )
        == 141.0
    )


def test_sizes_scale_with_density() -> None:
    low, high = DisplayMetrics(dpi=96), DisplayMetrics(dpi=192)
    assert low.px(25.4) == 96
    assert abs(high.touch_target_px - 2 * low.touch_target_px) <= 1
    assert low.title_px > low.body_px > low.small_px
    assert DisplayMetrics(dpi=96, touch_target_mm=15).touch_target_px == 57

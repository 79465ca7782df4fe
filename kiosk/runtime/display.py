"""Physical sizes on the terminal's screen: touch targets and text in millimetres, not pixels.

A button must be big enough for an elderly finger on any panel, so sizes are specified in
millimetres and converted with the screen's real density. The density comes from the
configuration (DPI, or the diagonal in inches with the pixel size), else from what the display
reports, else a conservative default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MM_PER_INCH = 25.4
FALLBACK_DPI = 96.0
# Offscreen and virtual displays report densities like these; they say nothing about the panel.
_MEANINGLESS_DPI = (0.0, 72.0)


def resolve_dpi(
    *,
    configured_dpi: float | None,
    diagonal_in: float | None,
    pixel_width: int,
    pixel_height: int,
    reported_dpi: float | None,
) -> float:
    """Pick the screen density: configuration first, then the display's report, then 96."""
    if configured_dpi:
        return configured_dpi
    if diagonal_in and pixel_width > 0 and pixel_height > 0:
        return math.hypot(pixel_width, pixel_height) / diagonal_in
    if reported_dpi and reported_dpi not in _MEANINGLESS_DPI and 50 <= reported_dpi <= 600:
        return reported_dpi
    return FALLBACK_DPI


@dataclass(frozen=True)
class DisplayMetrics:
    """Pixel sizes for one screen, derived from its density and the configured target size."""

    dpi: float
    touch_target_mm: float = 15.0

    def px(self, millimetres: float) -> int:
        """Millimetres to whole pixels (at least one)."""
        return max(1, round(millimetres * self.dpi / MM_PER_INCH))

    @property
    def touch_target_px(self) -> int:
        """The smallest side of anything a finger must hit."""
        return self.px(self.touch_target_mm)

    @property
    def body_px(self) -> int:
        """Body text: 6.5 mm glyph boxes, readable at arm's length by older eyes."""
        return max(18, self.px(6.5))

    @property
    def small_px(self) -> int:
        """Secondary text (hints, technician details)."""
        return max(14, self.px(4.8))

    @property
    def title_px(self) -> int:
        """Screen titles."""
        return max(28, self.px(10.5))

    @property
    def spacing_px(self) -> int:
        """The gap between touch targets, so that a finger never hits two."""
        return max(8, self.px(4.0))

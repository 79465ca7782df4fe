"""Physical sizes on the terminal's screen: touch targets and text in millimetres, not pixels.

A button must be big enough for an elderly finger on any panel, so sizes are specified in
millimetres and converted with the screen's real density. The density comes from the
configuration (DPI, or the diagonal in inches with the pixel size), else from what the display
reports, else a conservative default.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

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


# Text is specified by its cap height (the height of "H"), which is what the floors measure:
# body text and hints at least 4 mm in the normal mode, 6 mm in elder mode (issue 15).
NORMAL_BODY_CAP_MM = 4.6
NORMAL_HINT_CAP_MM = 4.2
ELDER_BODY_CAP_MM = 6.4
ELDER_HINT_CAP_MM = 6.2
ELDER_TARGET_MM = 20.0  # elder mode: no touch target smaller than this
ELDER_SPACING = 1.5  # elder mode: gaps and margins grow by this factor
DEFAULT_CAP_RATIO = 0.7  # cap height / font pixel size; measured from the real font by the UI


@dataclass(frozen=True)
class DisplayMetrics:
    """Pixel sizes for one screen, derived from its density and the configured target size.

    ``elder`` gives the elder mode's sizes (长辈模式: larger text, targets and spacing);
    ``cap_ratio`` is the UI font's cap height per pixel of font size, so that a cap height in
    millimetres becomes a font size in pixels (``presented`` sets both).
    """

    dpi: float
    touch_target_mm: float = 15.0
    elder: bool = False
    cap_ratio: float = DEFAULT_CAP_RATIO

    def presented(self, *, elder: bool, cap_ratio: float | None = None) -> DisplayMetrics:
        """These metrics for the normal or the elder mode (and a measured cap ratio)."""
        return replace(self, elder=elder, cap_ratio=cap_ratio or self.cap_ratio)

    def px(self, millimetres: float) -> int:
        """Millimetres to whole pixels (at least one)."""
        return max(1, round(millimetres * self.dpi / MM_PER_INCH))

    def font_px(self, cap_mm: float) -> int:
        """The font size in pixels whose cap height is at least ``cap_mm`` millimetres."""
        return max(1, math.ceil(cap_mm * self.dpi / MM_PER_INCH / self.cap_ratio))

    @property
    def touch_target_mm_effective(self) -> float:
        """The smallest side of a touch target in millimetres, for this mode."""
        return max(self.touch_target_mm, ELDER_TARGET_MM) if self.elder else self.touch_target_mm

    @property
    def touch_target_px(self) -> int:
        """The smallest side of anything a finger must hit."""
        return math.ceil(self.touch_target_mm_effective * self.dpi / MM_PER_INCH)

    @property
    def body_px(self) -> int:
        """Body text: a 4.6 mm cap height (6.4 mm in elder mode), for older eyes at arm's
        length."""
        return max(18, self.font_px(ELDER_BODY_CAP_MM if self.elder else NORMAL_BODY_CAP_MM))

    @property
    def small_px(self) -> int:
        """Secondary text (hints, technician details): never under the 4 mm (6 mm) floor."""
        return max(16, self.font_px(ELDER_HINT_CAP_MM if self.elder else NORMAL_HINT_CAP_MM))

    @property
    def title_px(self) -> int:
        """Screen titles."""
        return max(28, self.px(13.5 if self.elder else 10.5))

    @property
    def spacing_px(self) -> int:
        """The gap between touch targets, so that a finger never hits two."""
        return max(8, self.px(4.0 * (ELDER_SPACING if self.elder else 1.0)))

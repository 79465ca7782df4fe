"""Which layout a window of a given size gets: landscape, portrait or compact landscape.

Terminals come as 1920×1080 landscape panels, upright 1080×1920 portrait kiosks, and older
1366×768 panels. Screens arrange themselves for the class of the window they are in (home tiles in
a column in portrait, side by side in landscape; the receipt's QR code beside its text in
landscape, above it in portrait; tighter margins and the QR code first when the height is short).
The class depends on the window's size in pixels only, so that a test, the tour and a resized
window agree. Qt-free.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

# Taller than wide by this much: an upright panel. A square-ish window stays landscape, whose
# side-by-side panels suit it better than one long column.
PORTRAIT_RATIO = 1.15
# A landscape window lower than this is "compact": 1366×768 and 1280×800 panels, where the
# header, the footer and the action bar leave under 500 px for the content.
COMPACT_HEIGHT_PX = 900


class LayoutClass(enum.Enum):
    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"
    COMPACT = "compact"


def classify(width: int, height: int) -> LayoutClass:
    """The layout class of a ``width``×``height`` window (pixels). A window not laid out yet
    (zero or negative size) is treated as landscape."""
    if width <= 0 or height <= 0:
        return LayoutClass.LANDSCAPE
    if height >= width * PORTRAIT_RATIO:
        return LayoutClass.PORTRAIT
    if height < COMPACT_HEIGHT_PX:
        return LayoutClass.COMPACT
    return LayoutClass.LANDSCAPE


@dataclass(frozen=True)
class Arrangement:
    """How a screen is arranged: its window's layout class and whether elder mode is on (larger
    text, one primary action prominent, secondary actions moved out of the action bar)."""

    layout: LayoutClass = LayoutClass.LANDSCAPE
    elder: bool = False

    @property
    def portrait(self) -> bool:
        return self.layout is LayoutClass.PORTRAIT

    @property
    def compact(self) -> bool:
        return self.layout is LayoutClass.COMPACT

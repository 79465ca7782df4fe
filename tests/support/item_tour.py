"""The tour's steps of an item's detail screen, its guide and the printed guide
(``kiosk.ui.tools.tour_catalog``), for the layout and accessibility checks."""

from kiosk.ui.tools.tour_catalog import ITEM_STEPS, MODES, open_item, richest_item

__all__ = ["ITEM_STEPS", "MODES", "open_item", "richest_item"]

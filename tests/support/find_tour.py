"""The tour's steps of the catalogue's browse and results screens (``kiosk.ui.tools.
tour_catalog``), for the layout and accessibility checks."""

from kiosk.ui.tools.tour_catalog import (
    FIND_STEPS,
    KEYBOARD_STEPS,
    home_steps,
    largest_category,
    start,
    type_query,
)

__all__ = ["FIND_STEPS", "KEYBOARD_STEPS", "home_steps", "largest_category", "start", "type_query"]

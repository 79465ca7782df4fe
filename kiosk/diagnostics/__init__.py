"""``kiosk doctor``: checks of the machine, each failure with a remedy. No Qt (Qt facts come
from a child process, ``kiosk.ui.tools.probe``)."""

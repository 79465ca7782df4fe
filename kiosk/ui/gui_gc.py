"""Python's cyclic garbage collector, pinned to the GUI thread.

CPython runs a collection on whichever thread's allocation crosses the collector's threshold:
here often a worker (frame analysis, the delivery worker, the fake camera's thread, the purge).
A collection there destroys whatever Qt objects are caught in unreachable reference cycles (a
screen's closure connected to its own widget's signal, a closed window) from the wrong thread,
while the GUI thread may be using Qt's shared state; the crash then comes later and elsewhere
(the whole tour once died with SIGSEGV inside ``QLabel.setText`` under load). calibre and
pyqtgraph do the same as this module for the same reason.

``pin_collection_to_gui_thread`` switches automatic collection off and lets a GUI-thread timer
collect instead, by CPython's own thresholds: the oldest generation whose count has passed its
threshold, every ``INTERVAL_MS``. Garbage made meanwhile waits at most that long (or until the GUI
thread next runs its event loop). Objects without cycles are freed at once by reference counting
as always, on whichever thread drops them.

Thread contract: pin and unpin on the GUI thread; ``collect_due`` runs there.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

INTERVAL_MS = 250

_installed: GuiThreadCollector | None = None


class GuiThreadCollector(QObject):
    """Collects the generations that are due, from a timer on the GUI thread."""

    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.collections = 0  # how many this timer ran (for tests and the soak)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count passed its threshold; which one (None:
        none was due)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                self.collections += 1
                return generation
        return None


def pin_collection_to_gui_thread(app: QApplication) -> GuiThreadCollector:
    """Collect cycles on the GUI thread only, for as long as ``app`` lives (once per process)."""
    global _installed  # noqa: PLW0603 - one collector per process, like the collector itself
    if _installed is None:
        _installed = GuiThreadCollector(app)
        _installed.destroyed.connect(_forget)
        _installed.start()
    return _installed


def unpin_collection() -> None:
    """Back to CPython's own collection (tests: the next test may not run Qt's event loop)."""
    global _installed
    collector, _installed = _installed, None
    if collector is not None:
        collector.destroyed.disconnect(_forget)
        collector.stop()
        collector.deleteLater()
    gc.enable()


def _forget() -> None:
    """The application (and the collector with it) is gone: the collector runs by itself again."""
    global _installed  # noqa: PLW0603
    _installed = None
    gc.enable()

"""The terminal's current catalogue and its search index, built once per catalogue.

The catalogue comes from the platform's signed document (``kiosk.sync.platform_documents``),
else the bundled sample; ``CatalogLibrary`` asks its source each time and builds a new
``CatalogEdition`` (the catalogue, its search index, the most asked-for items) only when the
catalogue changed, never per keystroke. The terminal builds the first edition while its
services open and the next one right after a sync that brought a new catalogue, both on worker
threads; a screen asking on the GUI thread then gets the built edition at once.

Thread contract: ``current`` builds (workers); ``latest`` and ``calendar`` never build once an
edition exists (the GUI thread); building is serialised by a lock.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.domain.catalog import Catalog, CatalogItem
from kiosk.domain.workdays import HolidayCalendar

if TYPE_CHECKING:
    from kiosk.catalog.search import SearchIndex

MOST_USED = 10  # one touch from the home screen


@dataclass(frozen=True)
class CatalogEdition:
    """One catalogue with everything derived from it. ``number`` grows with each new catalogue
    the terminal sees (screens redraw their lists when it changes)."""

    number: int
    catalog: Catalog
    index: SearchIndex = field(repr=False)

    @property
    def most_used(self) -> tuple[CatalogItem, ...]:
        """The most asked-for items, most first (ties: by code)."""
        ranked = sorted(self.catalog.items, key=lambda item: (-item.popularity, item.code))
        return tuple(ranked[:MOST_USED])

    def count_in(self, category: str) -> int:
        return sum(1 for item in self.catalog.items if item.category == category)


class CatalogLibrary:
    """The current catalogue edition; see the module docstring."""

    def __init__(
        self,
        catalog: Callable[[], Catalog],
        calendar: Callable[[], HolidayCalendar],
    ) -> None:
        """``catalog`` and ``calendar`` give the current documents (cheap when unchanged)."""
        self._source = catalog
        self._calendar = calendar
        self._lock = threading.Lock()
        self._edition: CatalogEdition | None = None
        self.builds = 0  # editions built so far (the benchmark and tests read it)

    def current(self) -> CatalogEdition:
        """The edition of the current catalogue, built now if the catalogue changed. Called on
        workers (at start, after a sync); the GUI thread calls ``latest``."""
        catalog = self._source()
        edition = self._edition
        if edition is not None and edition.catalog is catalog:
            return edition
        with self._lock:
            edition = self._edition
            if edition is not None and (edition.catalog is catalog or edition.catalog == catalog):
                if edition.catalog is not catalog:  # an equal copy: keep the built index
                    edition = CatalogEdition(edition.number, catalog, edition.index)
                    self._edition = edition
                return edition
            from kiosk.catalog.search import SearchIndex  # noqa: PLC0415 - pypinyin is large

            number = edition.number + 1 if edition is not None else 1
            # The catalogue and its index are hundreds of thousands of long-lived objects: a
            # full collection walking them costs a keystroke's time hundreds of times over
            # (bench/search.py), so they are frozen out of the collector's view. The edition
            # this one replaces is unfrozen first, so that it can be freed.
            gc.unfreeze()
            edition = CatalogEdition(number, catalog, SearchIndex.build(catalog))
            self._edition = edition
            self.builds += 1
            if threading.current_thread() is threading.main_thread():
                gc.collect()  # garbage of the moment is not frozen for good
            # A worker never collects: that would destroy the Qt objects caught in cycles from
            # the wrong thread (``kiosk.ui.gui_gc``: the crash it caused). Its garbage of the
            # moment (little: the GUI thread collects every quarter second) is frozen with the
            # edition and freed when the next edition unfreezes it.
            gc.freeze()
            return edition

    def latest(self) -> CatalogEdition:
        """The last edition built, without building (the GUI thread: a new catalogue's index
        is built by the worker that fetched it); the current one if none was built yet."""
        edition = self._edition
        return edition if edition is not None else self.current()

    def calendar(self) -> HolidayCalendar:
        """The holiday calendar promised dates are counted on."""
        return self._calendar()

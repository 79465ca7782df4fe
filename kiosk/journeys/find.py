"""Finding an item: browse the categories or search, read an item's details, take its guide.

    BROWSE --search / category--> RESULTS --open--> DETAIL --guide--> GUIDE --print--> PRINTED
    BROWSE --open--> DETAIL

The home screen starts this journey at the step the citizen touched (``FindEntry``): the search
field (RESULTS, the keyboard open), a category or "for enterprises" (RESULTS, filtered), one of
the most asked-for items (DETAIL) or "all services" (BROWSE). "Back" from that first step goes
home; every later step goes back to the one before with the query and filters kept.

What the citizen typed is the journey's state, wiped when the journey ends like anything else
entered. Searching uses the current catalogue edition's index (``kiosk.catalog.library``): one
search per keystroke, no index built here. The guide is printed through the receipt desk (the
printer path receipts take) and its QR code opens the platform's page of the same guide.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from kiosk.catalog.details import ItemDetails, item_details, item_guide
from kiosk.credentials.registry import REGISTRY
from kiosk.domain.catalog import CatalogItem, Mode
from kiosk.domain.guide import ItemGuide, guide_url
from kiosk.domain.text import Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.runtime.clock import Clock

if TYPE_CHECKING:
    from kiosk.catalog.library import CatalogEdition, CatalogLibrary
    from kiosk.catalog.search import SearchResult
    from kiosk.journeys.receipt import ReceiptDesk, ReceiptView

AudienceFilter = Literal["individual", "enterprise"]
MAX_QUERY = 64  # characters kept of what is typed (the search reads no more)

# The e-licence types this terminal verifies (the credential registry): shown as "e-licence
# accepted here" on an item's materials.
VERIFIABLE = frozenset(kind.value for kind in REGISTRY)


class FindStep(enum.Enum):
    BROWSE = "browse"
    RESULTS = "results"
    DETAIL = "detail"
    GUIDE = "guide"
    PRINTED = "printed"


class FindEvent(enum.Enum):
    SEARCH = "search"
    OPEN = "open"
    GUIDE = "guide"
    PRINT = "print"


FIND = JourneyDefinition(
    "find",
    first=FindStep.BROWSE,
    steps={
        FindStep.BROWSE: StepSpec(Screen.BROWSE, IdleRule.STANDARD),
        FindStep.RESULTS: StepSpec(Screen.RESULTS, IdleRule.EXTENDED),  # typing
        FindStep.DETAIL: StepSpec(Screen.ITEM_DETAIL, IdleRule.EXTENDED),  # reading
        FindStep.GUIDE: StepSpec(Screen.GUIDE, IdleRule.STANDARD),
        FindStep.PRINTED: StepSpec(Screen.RECEIPT, IdleRule.STANDARD, back=False),
    },
    transitions=[
        (FindStep.BROWSE, FindEvent.SEARCH, FindStep.RESULTS),
        (FindStep.BROWSE, FindEvent.OPEN, FindStep.DETAIL),
        (FindStep.RESULTS, FindEvent.OPEN, FindStep.DETAIL),
        (FindStep.DETAIL, FindEvent.GUIDE, FindStep.GUIDE),
        (FindStep.GUIDE, FindEvent.PRINT, FindStep.PRINTED),
    ],
)


class EntryKind(enum.Enum):
    BROWSE = "browse"  # all categories
    SEARCH = "search"  # the search field, to type in
    CATEGORY = "category"
    ENTERPRISE = "enterprise"  # "for enterprises"
    ITEM = "item"  # one of the most asked-for items


@dataclass(frozen=True)
class FindEntry:
    """Where on the home screen the citizen touched, i.e. where the journey starts."""

    kind: EntryKind
    value: str = ""  # the category or item code

    @classmethod
    def browse(cls) -> FindEntry:
        return cls(EntryKind.BROWSE)

    @classmethod
    def search(cls) -> FindEntry:
        return cls(EntryKind.SEARCH)

    @classmethod
    def category(cls, code: str) -> FindEntry:
        return cls(EntryKind.CATEGORY, code)

    @classmethod
    def enterprise(cls) -> FindEntry:
        return cls(EntryKind.ENTERPRISE)

    @classmethod
    def item(cls, code: str) -> FindEntry:
        return cls(EntryKind.ITEM, code)


@dataclass
class FindState(JourneyState):
    """What the citizen typed and chose: the query, the filters, the item open."""

    query: str = ""
    category: str | None = None
    audience: AudienceFilter | None = None
    mode: Mode | None = None
    item_code: str | None = None
    focus_search: bool = False  # the results screen opens the keyboard on entry


class FindJourney(Journey[FindStep, FindEvent, FindState]):
    """Browse, search, read an item, print its guide."""

    def __init__(
        self,
        library: CatalogLibrary,
        *,
        clock: Clock,
        language: Callable[[], Language],
        terminal_id: str,
        guide_base: str | None,
        receipts: ReceiptDesk | None = None,
        entry: FindEntry | None = None,
    ) -> None:
        """``guide_base``: the platform's public address for the guide's QR code (None: the
        guide has no QR code). ``receipts`` prints the guide (None: no printer set up)."""
        super().__init__(FIND, FindState())
        self._library = library
        self._clock = clock
        self._language = language
        self._terminal_id = terminal_id
        self._guide_base = guide_base
        self._receipts = receipts
        self._edition = library.latest()
        self._cached: tuple[tuple[object, ...], SearchResult] | None = None
        self._enter(entry or FindEntry.browse())

    def _enter(self, entry: FindEntry) -> None:
        # Started at a later step: nothing to go back to (back from there goes home).
        if entry.kind is EntryKind.ITEM and self.catalog_item(entry.value) is not None:
            self.state.item_code = entry.value
            self.fire(FindEvent.OPEN, remember=False)
        elif entry.kind is EntryKind.CATEGORY:
            self.state.category = entry.value
            self.fire(FindEvent.SEARCH, remember=False)
        elif entry.kind is EntryKind.ENTERPRISE:
            self.state.audience = "enterprise"
            self.fire(FindEvent.SEARCH, remember=False)
        elif entry.kind is EntryKind.SEARCH:
            self.state.focus_search = True
            self.fire(FindEvent.SEARCH, remember=False)

    # ------------------------------------------------------------------ the catalogue
    @property
    def edition(self) -> CatalogEdition:
        """The catalogue this journey shows (a new one arrives with the next journey)."""
        return self._edition

    def catalog_item(self, code: str | None) -> CatalogItem | None:
        return self._edition.catalog.item(code) if code is not None else None

    # ------------------------------------------------------------------ browse and search
    def search(self, query: str) -> None:
        """The search field's text changed (each keystroke): show its results."""
        self.state.query = query[:MAX_QUERY]
        if self.can_fire(FindEvent.SEARCH):
            self.fire(FindEvent.SEARCH)

    def choose_category(self, code: str | None) -> None:
        """A category (None: all of them)."""
        self.state.category = code
        if code is not None and self.can_fire(FindEvent.SEARCH):
            self.fire(FindEvent.SEARCH)

    def choose_audience(self, audience: AudienceFilter | None) -> None:
        self.state.audience = audience

    def choose_mode(self, mode: Mode | None) -> None:
        self.state.mode = mode

    def clear_filters(self) -> None:
        self.state.category = self.state.audience = self.state.mode = None

    def consume_search_focus(self) -> bool:
        """Whether the results screen should open the keyboard now (once, on entry)."""
        focus, self.state.focus_search = self.state.focus_search, False
        return focus

    def results(self) -> SearchResult:
        """The items for the query and filters (computed once per change)."""
        state = self.state
        key = (state.query, state.category, state.audience, state.mode)
        cached = self._cached
        if cached is not None and cached[0] == key:
            return cached[1]
        result = self._edition.index.search(
            state.query, category=state.category, audience=state.audience, mode=state.mode
        )
        self._cached = (key, result)
        return result

    # ------------------------------------------------------------------ an item
    def open_item(self, code: str) -> None:
        """Show item ``code``'s details (ignored for a code not in the catalogue)."""
        if self.catalog_item(code) is None or not self.can_fire(FindEvent.OPEN):
            return
        self.state.item_code = code
        self.fire(FindEvent.OPEN)

    def details(self) -> ItemDetails | None:
        """The open item as its detail screen shows it, applied for today."""
        item = self.catalog_item(self.state.item_code)
        if item is None:
            return None
        return item_details(
            item,
            calendar=self._library.calendar(),
            today=self._clock.now().astimezone(CHINA_TIME).date(),
            verifiable=VERIFIABLE,
        )

    def show_guide(self) -> None:
        """The item's guide: a QR code to read it on a phone, and printing it."""
        if self.details() is not None and self.can_fire(FindEvent.GUIDE):
            self.fire(FindEvent.GUIDE)

    def guide_url(self) -> str:
        """The guide page of the open item on the platform, in the session's language ("":
        the terminal knows no public address of the platform)."""
        code = self.state.item_code
        if code is None or not self._guide_base:
            return ""
        return guide_url(self._guide_base, code, self._language())

    def guide(self) -> ItemGuide | None:
        details = self.details()
        if details is None:
            return None
        return item_guide(
            details,
            url=self.guide_url(),
            terminal_id=self._terminal_id,
            printed_at=self._clock.now(),
            language=self._language(),
        )

    @property
    def can_print(self) -> bool:
        return self._receipts is not None

    def print_guide(self) -> None:
        """Print the guide and show the printing step."""
        guide = self.guide()
        if guide is None or self._receipts is None or not self.can_fire(FindEvent.PRINT):
            return
        self._receipts.submit(guide)
        self.fire(FindEvent.PRINT, remember=False)

    def receipt(self) -> ReceiptView | None:
        return self._receipts.view() if self._receipts is not None else None

    def on_end(self) -> None:
        self._cached = None
        # The index is shared by every visit: the words this citizen typed (kept to correct
        # typos quickly) go with the visit.
        self._edition.index.forget_typed()
        if self._receipts is not None:
            self._receipts.clear()

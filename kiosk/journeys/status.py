"""The status query: where does my application stand?

    ENTRY --look up--> RESULT --another--> ENTRY
    ENTRY --scan--> SCAN --read--> RESULT

From home the citizen types the acceptance number printed on the receipt (or the local
reference of an application submitted while the terminal was offline) or chooses to show the
receipt's QR code to the camera (the reusable scan step, reading a receipt code: no
credential, nothing verified; another code is refused with "this is not a receipt code" and
read again). The result step shows what the look-up answered (``kiosk.sync.status_lookup``):
the item, the state, the promised date and the history, "waiting to be sent from this
terminal", "not found" or "the platform cannot be reached".

The look-up is network work: it runs on a worker of the task runner (``StatusDesk``) and its
answer comes back on the GUI thread; the result step shows "looking up" meanwhile and is told
of the answer through ``on_answer``. An answer arriving after the citizen left the step (back,
another number, home, idle) is dropped. What was typed or read and the answer are the
journey's state, wiped when it ends; none of it is personal beyond the application's item.

Thread contract: GUI thread only (the look-up itself runs on a worker).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.credentials.purpose import Purpose
from kiosk.domain.text import Bilingual
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.journeys.scan_step import ReadKind, ScanRequest
from kiosk.runtime.messages import QT_TRANSLATE_NOOP, Msg
from kiosk.sync.status_lookup import (
    LookupResult,
    Offline,
    StatusQuery,
    scanned_query,
    typed_query,
)

if TYPE_CHECKING:
    from kiosk.catalog.library import CatalogLibrary
    from kiosk.runtime.tasks import TaskHandle, TaskRunner

_log = logging.getLogger(__name__)
MAX_TYPED = 40  # characters kept of what is typed (a local reference is at most about 40)


class StatusStep(enum.Enum):
    ENTRY = "entry"
    SCAN = "scan"
    RESULT = "result"


class StatusMove(enum.Enum):
    LOOK_UP = "look_up"
    SCAN = "scan"
    READ = "read"
    AGAIN = "again"


STATUS = JourneyDefinition(
    "status",
    first=StatusStep.ENTRY,
    steps={
        StatusStep.ENTRY: StepSpec(Screen.STATUS_ENTRY, IdleRule.EXTENDED),  # typing
        StatusStep.SCAN: StepSpec(Screen.SCAN, IdleRule.STANDARD),
        StatusStep.RESULT: StepSpec(Screen.STATUS_RESULT, IdleRule.STANDARD),
    },
    transitions=[
        (StatusStep.ENTRY, StatusMove.LOOK_UP, StatusStep.RESULT),
        (StatusStep.ENTRY, StatusMove.SCAN, StatusStep.SCAN),
        (StatusStep.SCAN, StatusMove.READ, StatusStep.RESULT),
        (StatusStep.RESULT, StatusMove.AGAIN, StatusStep.ENTRY),
    ],
)


class EntryProblem(enum.Enum):
    """Why what was typed cannot be looked up (shown under the field)."""

    EMPTY = QT_TRANSLATE_NOOP(
        "Status", "Please type the acceptance number printed on your receipt."
    )
    NOT_A_NUMBER = QT_TRANSLATE_NOOP(
        "Status",
        "This is not an acceptance number. It has 2 letters and 14 digits, for example "
        "{example}. Please check it on your receipt.",
    )


EXAMPLE_NUMBER = "SC20261205000123"


@dataclass(frozen=True)
class StatusDesk:
    """How the terminal looks statuses up: ``lookup`` (blocking, run on ``tasks``)."""

    lookup: Callable[[StatusQuery], LookupResult]
    tasks: TaskRunner


@dataclass
class StatusQueryState(JourneyState):
    """What the citizen typed or showed, and the answer on screen."""

    typed: str = ""
    problem: EntryProblem | None = None
    query: StatusQuery | None = None
    result: LookupResult | None = None  # None while looking up
    looking: bool = False


class StatusJourney(Journey[StatusStep, StatusMove, StatusQueryState]):
    """Type a number or scan a receipt; see where the application stands."""

    def __init__(
        self,
        desk: StatusDesk | None,
        *,
        purpose: Purpose,
        catalog: CatalogLibrary | None = None,
    ) -> None:
        """``desk`` None: this terminal cannot ask the platform (every look-up answers
        ``Offline``). ``purpose``: the mode's scan purpose (nothing is verified with it)."""
        super().__init__(STATUS, StatusQueryState())
        self._desk = desk
        self._catalog = catalog
        self._request = ScanRequest(purpose, prompt=Msg.SCAN_PROMPT_RECEIPT, reads=ReadKind.RECEIPT)
        self._handle: TaskHandle | None = None
        self._asked = 0  # look-ups started: an answer for an earlier one is dropped
        self._answer_listeners: list[Callable[[], None]] = []

    # ------------------------------------------------------------------ entry
    def type_text(self, text: str) -> None:
        """What is in the field now (the screen forwards every edit)."""
        if self.step is not StatusStep.ENTRY or self.ended:
            return
        self.state.typed = text[:MAX_TYPED]
        self.state.problem = None

    def look_up(self) -> bool:
        """Look the typed number up; False (and ``problem`` set) when it is not one."""
        if not self.can_fire(StatusMove.LOOK_UP):
            return False
        typed = self.state.typed
        query = typed_query(typed)
        if query is None:
            self.state.problem = (
                EntryProblem.EMPTY if not typed.strip() else EntryProblem.NOT_A_NUMBER
            )
            return False
        self.state.problem = None
        self.state.query = query
        self.state.looking = True  # the result screen, entered now, says "looking up"
        self.fire(StatusMove.LOOK_UP)
        self._ask()
        return True

    def scan(self) -> None:
        """Show the receipt's QR code instead."""
        if self.can_fire(StatusMove.SCAN):
            self.state.problem = None
            self.fire(StatusMove.SCAN)

    # ------------------------------------------------------------------ the scan step
    @property
    def scan_request(self) -> ScanRequest:
        return self._request

    def code_read(self, text: str) -> bool:
        """The scan screen read ``text``: a receipt code moves on to the result; anything else
        is refused (and not kept)."""
        if self.step is not StatusStep.SCAN or self.ended:
            return False
        query = scanned_query(text)
        if query is None:
            return False
        self.state.query = query
        self.state.looking = True
        self.fire(StatusMove.READ)
        self._ask()
        return True

    # ------------------------------------------------------------------ the result
    @property
    def result(self) -> LookupResult | None:
        """The answer on screen (None while looking up)."""
        return self.state.result

    @property
    def looking(self) -> bool:
        return self.state.looking

    @property
    def reference(self) -> str | None:
        """The number or reference asked about (shown above the answer)."""
        query = self.state.query
        return query.reference if query is not None else None

    def item_name(self, code: str) -> Bilingual | None:
        """The catalogue's name of the item ``code`` (None: not in the current catalogue)."""
        if self._catalog is None:
            return None
        item = self._catalog.latest().catalog.item(code)
        return item.name if item is not None else None

    def retry(self) -> None:
        """Ask again (after "cannot reach the platform")."""
        if self.step is StatusStep.RESULT and not self.ended and not self.state.looking:
            self._ask()

    def again(self) -> None:
        """Look up another application: back to the entry, nothing kept."""
        if not self.can_fire(StatusMove.AGAIN):
            return
        self._drop()
        self.state.wipe()
        self.fire(StatusMove.AGAIN, remember=False)

    def on_answer(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (GUI thread) when an answer arrives for the step on screen."""
        if listener not in self._answer_listeners:
            self._answer_listeners.append(listener)

    def on_back(self) -> None:
        self._drop()
        self.state.result = None
        self.state.query = None

    def on_end(self) -> None:
        self._drop()
        self._answer_listeners.clear()

    # ------------------------------------------------------------------ internals
    def _ask(self) -> None:
        query = self.state.query
        if query is None:
            return
        self._drop()
        self._asked += 1
        asked = self._asked
        self.state.result = None
        self.state.looking = True
        desk = self._desk
        if desk is None:
            self._answered(asked, Offline())
            return
        lookup = desk.lookup
        handle = desk.tasks.submit(
            "status query",
            lambda: lookup(query),
            lambda result: self._answered(asked, result),
            lambda error: self._failed(asked, error),
        )
        self._handle = None if handle.finished else handle

    def _answered(self, asked: int, result: LookupResult) -> None:
        if asked != self._asked or self.ended or self.step is not StatusStep.RESULT:
            return
        self._handle = None
        self.state.looking = False
        self.state.result = result
        for listener in list(self._answer_listeners):
            listener()

    def _failed(self, asked: int, error: BaseException) -> None:
        _log.error("status query failed: %s", type(error).__name__)
        self._answered(asked, Offline())

    def _drop(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.cancel()
        self._asked += 1  # whatever is still on its way is for a step no longer shown
        self.state.looking = False

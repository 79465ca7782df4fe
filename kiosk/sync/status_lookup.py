"""Where an application stands, for a citizen at the terminal: by acceptance number or by the
status code on the receipt.

``StatusLookup(query)`` answers one ``StatusQuery`` with one of:

- ``StatusAnswer``: the platform knows the application: its item, state, promised date and
  history (received, accepted, processing, completed, returned with a reason code and the
  department's note), no personal data;
- ``WaitingHere``: the platform does not know it yet but this terminal's outbox holds it
  (waiting to be sent, or refused and waiting for a technician); or the platform knows the
  receipt is genuine and the terminal that printed it has not sent it yet;
- ``NotFound``: no such application (or a receipt code that is not genuine: the platform
  answers both alike);
- ``Offline``: the platform could not be asked (no link, a timeout, an answer that made no
  sense, or a terminal without a platform link).

A typed number is an acceptance number (asked at the platform's signed
``/applications/by-number/{n}/history``, which any enrolled terminal may ask) or this
terminal's local reference, printed on the receipt of an application submitted offline (read
from the outbox first; once sent, its acceptance number is asked). A scanned code goes to the
public ``/receipt-status`` endpoint, which checks its tag.

Answers are hostile input: the by-number answer is parsed strictly by the client
(``kiosk.sync.status_answer``); the receipt-status answer by ``parse_status``, which keeps only
well-formed states, times (that convert to Beijing time, in 2000-2100), reason codes and short
notes and refuses the rest. An answer that is not understood is ``Offline`` (the terminal
cannot tell).

Thread contract: ``StatusLookup.__call__`` blocks on the network and the database: call it on a
worker thread (the status journey submits it to the task runner). Calls are serialised (one
platform client is used from one thread at a time).
"""

from __future__ import annotations

import enum
import logging
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from kiosk.domain.receipt import status_code_of, status_reference
from kiosk.sync.errors import PermanentError, PlatformError
from kiosk.sync.outbox import Entry, Status
from kiosk.sync.status_answer import beijing_moment

if TYPE_CHECKING:
    from kiosk.sync.status_answer import ApplicationHistory

_log = logging.getLogger(__name__)

# refplatform.server.numbering: <2 province letters><yyyymmdd><6-digit serial>.
ACCEPTANCE_NUMBER = re.compile(r"[A-Z]{2}[0-9]{14}")
# kiosk.sync.outbox: <terminal id>-<yyyymmdd>-<6 digits or more>; terminal ids as the platform
# enrols them (refplatform.server.schemas.TERMINAL_ID_PATTERN).
LOCAL_REFERENCE = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,16}){1,4}-[0-9]{8}-[0-9]{6,9}")
MAX_HISTORY = 64
MAX_NOTE = 500
MAX_ITEM_CODE = 40
NOT_YET_RECEIVED = "not_yet_received"


class StatusState(enum.StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    PROCESSING = "processing"
    COMPLETED = "completed"
    RETURNED = "returned"


class ReturnReason(enum.StrEnum):
    """Why the department returned an application (the platform's closed set of codes)."""

    MATERIALS_INCOMPLETE = "materials_incomplete"
    INFORMATION_MISMATCH = "information_mismatch"
    NOT_ELIGIBLE = "not_eligible"
    OTHER = "other"


_STATES = frozenset(state.value for state in StatusState)
_REASONS = frozenset(reason.value for reason in ReturnReason)


@dataclass(frozen=True)
class StatusQuery:
    """What the citizen gave: a typed number (``number``) or a scanned receipt code
    (``code``: ``KSK1:<reference>:<tag>`` or its status page URL)."""

    kind: Literal["number", "code"]
    text: str

    @property
    def reference(self) -> str | None:
        """The acceptance number or local reference the query names (None: malformed)."""
        if self.kind == "code":
            return status_reference(self.text)
        return self.text if ACCEPTANCE_NUMBER.fullmatch(self.text) or self.local else None

    @property
    def local(self) -> bool:
        """A terminal's local reference (an application submitted while offline)."""
        reference = status_reference(self.text) if self.kind == "code" else self.text
        return reference is not None and LOCAL_REFERENCE.fullmatch(reference) is not None


def typed_query(text: str) -> StatusQuery | None:
    """The query for what was typed: spaces dropped, letters in upper case, full-width forms
    made half-width; None when it is neither an acceptance number nor a local reference."""
    cleaned = "".join(_half_width(char) for char in text if not char.isspace()).upper()
    query = StatusQuery("number", cleaned)
    return query if query.reference is not None else None


def scanned_query(text: str) -> StatusQuery | None:
    """The query for a scanned QR code: a receipt's status code (bare or as the status page's
    URL, any host); None for anything else."""
    code = status_code_of(text, bases=None)
    return StatusQuery("code", code) if code is not None else None


def _half_width(char: str) -> str:
    point = ord(char)
    return chr(point - 0xFEE0) if 0xFF01 <= point <= 0xFF5E else char


@dataclass(frozen=True)
class StatusEvent:
    """One change of state: when, and for a return why (a code) and the department's note."""

    state: StatusState
    at: datetime
    reason: ReturnReason | None = None
    note: str | None = None


@dataclass(frozen=True)
class StatusAnswer:
    item_code: str
    state: StatusState
    promised_date: date | None
    history: tuple[StatusEvent, ...]
    acceptance_number: str | None = None

    @property
    def returned(self) -> StatusEvent | None:
        """The last return, when the application is returned now."""
        if self.state is not StatusState.RETURNED:
            return None
        return next((e for e in reversed(self.history) if e.state is StatusState.RETURNED), None)


@dataclass(frozen=True)
class WaitingHere:
    """Not at the platform yet. ``here``: in this terminal's outbox (else the terminal that
    printed the receipt still holds it); ``stuck``: refused, waiting for a technician."""

    item_code: str | None
    here: bool = True
    stuck: bool = False


@dataclass(frozen=True)
class NotFound:
    pass


@dataclass(frozen=True)
class Offline:
    pass


LookupResult = StatusAnswer | WaitingHere | NotFound | Offline


class StatusSource(Protocol):
    """The platform's two status questions (``kiosk.sync.client.PlatformClient``)."""

    def application_history(self, acceptance_number: str) -> ApplicationHistory: ...

    def receipt_status(self, code: str) -> dict[str, Any]: ...


class OutboxReader(Protocol):
    def entry(self, local_reference: str) -> Entry | None: ...


class StatusLookup:
    """Answers status queries from the platform and, for this terminal's own queued
    applications, from its outbox."""

    def __init__(
        self,
        platform: Callable[[], StatusSource | None],
        outbox: OutboxReader | None,
    ) -> None:
        """``platform`` gives the client (made on first use, on the worker; None: this
        terminal has no platform link); ``outbox``: this terminal's (None: none open)."""
        self._platform_factory = platform
        self._platform: StatusSource | None = None
        self._outbox = outbox
        self._lock = threading.Lock()

    def __call__(self, query: StatusQuery) -> LookupResult:
        reference = query.reference
        if reference is None:
            return NotFound()
        with self._lock:
            entry = self._outbox_entry(reference) if query.local else None
            if entry is not None and entry.status is not Status.SENT:
                return WaitingHere(entry.item_code, stuck=entry.status is Status.DEAD)
            if query.kind == "number":
                number = reference
                if entry is not None:  # sent from here: ask with its acceptance number
                    answered = (entry.answer or {}).get("acceptance_number")
                    if not isinstance(answered, str) or not ACCEPTANCE_NUMBER.fullmatch(answered):
                        return Offline()
                    number = answered
                elif query.local:
                    return NotFound()  # another terminal's reference: only its receipt code
                return self._ask(lambda source: from_history(source.application_history(number)))
            return self._ask(lambda source: parse_status(source.receipt_status(query.text)))

    def _outbox_entry(self, reference: str) -> Entry | None:
        if self._outbox is None:
            return None
        try:
            entry = self._outbox.entry(reference)
        except Exception:  # noqa: BLE001 - a database failure: the platform may still know
            _log.exception("the outbox could not be read for a status query")
            return None
        return entry if entry is not None and entry.kind == "application" else None

    def _ask(
        self, question: Callable[[StatusSource], StatusAnswer | WaitingHere | None]
    ) -> LookupResult:
        source = self._source()
        if source is None:
            return Offline()
        try:
            result = question(source)
        except PermanentError as error:
            if error.status == 404:
                return NotFound()
            _log.warning("status query refused: %s", error.code)
            return Offline()
        except PlatformError as error:
            _log.info("status query failed: %s", error.code)
            return Offline()
        if result is None:
            _log.warning("the platform's status answer was not understood")
            return Offline()
        return result

    def _source(self) -> StatusSource | None:
        if self._platform is None:
            try:
                self._platform = self._platform_factory()
            except Exception:  # noqa: BLE001 - e.g. an unreadable key file: logged, offline
                _log.exception("no platform client for status queries")
                return None
        return self._platform


def from_history(history: ApplicationHistory) -> StatusAnswer:
    """The by-number answer (parsed strictly by ``kiosk.sync.status_answer``) as an answer."""
    return StatusAnswer(
        item_code=history.item_code,
        state=StatusState(history.state),
        promised_date=history.promised_date,
        history=tuple(
            StatusEvent(
                StatusState(event.state),
                event.at,
                ReturnReason(event.reason) if event.reason is not None else None,
                (_printable(event.note) or None) if event.note is not None else None,
            )
            for event in history.history
        ),
        acceptance_number=history.acceptance_number,
    )


def parse_status(document: object) -> StatusAnswer | WaitingHere | None:
    """The answer of either status endpoint (the by-number history or the receipt status), or
    None when it is not one. Total: never raises."""
    if not isinstance(document, Mapping):
        return None
    state = document.get("state")
    if state == NOT_YET_RECEIVED:
        return WaitingHere(None, here=False)
    item_code = document.get("item_code")
    if (
        not isinstance(state, str)
        or state not in _STATES
        or not isinstance(item_code, str)
        or not 0 < len(item_code) <= MAX_ITEM_CODE
    ):
        return None
    history = _history(document.get("history"))
    if history is None:
        return None
    number = document.get("acceptance_number")
    return StatusAnswer(
        item_code=item_code,
        state=StatusState(state),
        promised_date=_date(document.get("promised_date")),
        history=history,
        acceptance_number=number
        if isinstance(number, str) and ACCEPTANCE_NUMBER.fullmatch(number)
        else None,
    )


def _history(value: object) -> tuple[StatusEvent, ...] | None:
    if value is None:
        return ()
    if not isinstance(value, list) or len(value) > MAX_HISTORY:
        return None
    events = []
    for row in value:
        event = _event(row)
        if event is None:
            return None
        events.append(event)
    return tuple(events)


def _event(row: object) -> StatusEvent | None:
    if not isinstance(row, Mapping):
        return None
    state, at, reason, note = row.get("state"), row.get("at"), row.get("reason"), row.get("note")
    if not isinstance(state, str) or state not in _STATES:
        return None
    moment = _moment(at)
    if moment is None:
        return None
    returned = state == StatusState.RETURNED
    if returned != isinstance(reason, str):
        return None
    if reason is not None and reason not in _REASONS:
        return None
    if note is not None and (
        not returned or not isinstance(note, str) or not 0 < len(note) <= MAX_NOTE
    ):
        return None
    return StatusEvent(
        StatusState(state),
        moment,
        ReturnReason(reason) if isinstance(reason, str) else None,
        (_printable(note) or None) if isinstance(note, str) else None,
    )


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return moment if beijing_moment(moment) else None  # the screens show it in Beijing time


def _date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _printable(text: str) -> str:
    # The department's note as typed, without control characters (line breaks become spaces).
    return "".join(char if char.isprintable() else " " for char in text).strip()

"""The platform's answer to "where is my application?", checked strictly before anyone sees it.

``GET /api/v1/applications/by-number/{number}/history`` (docs/platform-api.md, "Status
history") answers any enrolled terminal with one application's item, state, promised date and
status history, no personal data. The answer is hostile input: ``parse_history`` accepts only
that exact shape (no other key, each string bounded, states and reason codes from closed sets,
times with their offset that convert to Beijing time within ``EARLIEST_YEAR``..``LATEST_YEAR``
(``beijing_moment``; the screens show them in Beijing time), at most ``MAX_EVENTS`` events in
time order) and raises
``StatusAnswerError`` for anything else; it never raises anything else.

A return carries a reason code the terminal translates (``ReturnReason``, context
"ReturnReason") and the operator's note, shown as given. ``valid_acceptance_number`` says
whether a typed or scanned number may be asked about (it goes into the request's path).

Thread contract: pure functions over immutable values; safe on any thread.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise
from typing import Any, Literal, cast

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.messages import QT_TRANSLATE_NOOP

State = Literal["received", "accepted", "processing", "completed", "returned"]
STATES: tuple[State, ...] = ("received", "accepted", "processing", "completed", "returned")
ReasonCode = Literal["materials_incomplete", "information_mismatch", "not_eligible", "other"]
REASON_CODES: tuple[ReasonCode, ...] = (
    "materials_incomplete",
    "information_mismatch",
    "not_eligible",
    "other",
)
MAX_EVENTS = 64
MAX_NOTE = 500
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
"""The years (in Beijing) a status time may fall in; any other is not the platform's."""
_ACCEPTANCE_NUMBER = re.compile(r"[A-Z0-9]{4,32}")
_ITEM_CODE = re.compile(r"[A-Z0-9][A-Z0-9-]{2,39}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KEYS = {
    "acceptance_number",
    "item_code",
    "state",
    "promised_date",
    "promised_date_estimated",
    "updated_at",
    "history",
}
_EVENT_KEYS = {"state", "at", "reason", "note"}


class ReturnReason(enum.Enum):
    """Why an application was returned, in plain words (the platform sends the code)."""

    MATERIALS_INCOMPLETE = QT_TRANSLATE_NOOP(
        "ReturnReason", "Some materials were missing or incomplete."
    )
    INFORMATION_MISMATCH = QT_TRANSLATE_NOOP(
        "ReturnReason", "The information given did not match the materials."
    )
    NOT_ELIGIBLE = QT_TRANSLATE_NOOP(
        "ReturnReason", "The conditions for this service were not met."
    )
    OTHER = QT_TRANSLATE_NOOP("ReturnReason", "Another reason. Please ask at a service counter.")

    @classmethod
    def of(cls, code: ReasonCode) -> ReturnReason:
        return cls[code.upper()]


class StatusAnswerError(ValueError):
    """The platform's answer is not a status history (its shape is wrong): ``where`` names the
    part (``history.2.at``), never a value."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


@dataclass(frozen=True)
class StatusEvent:
    """One change of state; ``at`` is timezone-aware."""

    state: State
    at: datetime
    reason: ReasonCode | None = None
    note: str | None = None

    @property
    def return_reason(self) -> ReturnReason | None:
        return ReturnReason.of(self.reason) if self.reason is not None else None


@dataclass(frozen=True)
class ApplicationHistory:
    """An application's status as the platform answers it (no personal data in it)."""

    acceptance_number: str
    item_code: str
    state: State
    promised_date: date
    promised_date_estimated: bool
    updated_at: datetime
    history: tuple[StatusEvent, ...]

    @property
    def returned(self) -> StatusEvent | None:
        """The return (with its reason), if the application was returned."""
        if self.state != "returned":
            return None
        return next((event for event in reversed(self.history) if event.reason), None)


def valid_acceptance_number(text: str) -> bool:
    """Whether ``text`` looks like an acceptance number (4-32 of A-Z 0-9)."""
    return _ACCEPTANCE_NUMBER.fullmatch(text) is not None


def parse_history(document: object) -> ApplicationHistory:
    """The answer (parsed JSON) as an ``ApplicationHistory``; raises ``StatusAnswerError``."""
    if not isinstance(document, dict):
        raise StatusAnswerError("answer", "not an object")
    _exact_keys(document, _KEYS, "answer")
    number = _text(document, "acceptance_number", "answer")
    if not valid_acceptance_number(number):
        raise StatusAnswerError("acceptance_number", "not an acceptance number")
    item_code = _text(document, "item_code", "answer")
    if _ITEM_CODE.fullmatch(item_code) is None:
        raise StatusAnswerError("item_code", "not an item code")
    estimated = document["promised_date_estimated"]
    if not isinstance(estimated, bool):
        raise StatusAnswerError("promised_date_estimated", "not true or false")
    raw_events = document["history"]
    if not isinstance(raw_events, list):
        raise StatusAnswerError("history", "not a list")
    if not 0 < len(raw_events) <= MAX_EVENTS:
        raise StatusAnswerError("history", f"not 1-{MAX_EVENTS} events")
    events = tuple(_event(raw, f"history.{index}") for index, raw in enumerate(raw_events))
    for index, (earlier, later) in enumerate(pairwise(events)):
        if later.at < earlier.at:
            raise StatusAnswerError(f"history.{index + 1}.at", "before the event it follows")
    state = _state(document, "answer")
    if state != events[-1].state:
        raise StatusAnswerError("state", "not the last event's state")
    return ApplicationHistory(
        acceptance_number=number,
        item_code=item_code,
        state=state,
        promised_date=_date(document, "promised_date"),
        promised_date_estimated=estimated,
        updated_at=_moment(document, "updated_at", "answer"),
        history=events,
    )


def _event(raw: Any, where: str) -> StatusEvent:
    if not isinstance(raw, dict):
        raise StatusAnswerError(where, "not an object")
    _exact_keys(raw, _EVENT_KEYS, where)
    state = _state(raw, where)
    reason = raw["reason"]
    if reason is not None and reason not in REASON_CODES:
        raise StatusAnswerError(f"{where}.reason", "not a reason code")
    if (state == "returned") != (reason is not None):
        raise StatusAnswerError(f"{where}.reason", "a return, and only a return, has a reason")
    note = raw["note"]
    if note is not None:
        if not isinstance(note, str) or not 0 < len(note) <= MAX_NOTE:
            raise StatusAnswerError(f"{where}.note", f"not a text of 1-{MAX_NOTE} characters")
        if reason is None:
            raise StatusAnswerError(f"{where}.note", "a note without a reason")
        if any(ord(symbol) < 0x20 and symbol != "\n" for symbol in note):
            raise StatusAnswerError(f"{where}.note", "control characters")
    return StatusEvent(
        state=state,
        at=_moment(raw, "at", where),
        reason=cast("ReasonCode | None", reason),
        note=note,
    )


def _exact_keys(document: dict[Any, Any], keys: set[str], where: str) -> None:
    if set(document) != keys:
        missing = sorted(keys - set(document))
        raise StatusAnswerError(
            where, f"missing {', '.join(missing)}" if missing else "unexpected keys"
        )


def _text(document: dict[str, Any], key: str, where: str, limit: int = 64) -> str:
    value = document[key]
    if not isinstance(value, str) or not 0 < len(value) <= limit:
        raise StatusAnswerError(f"{where}.{key}" if where != "answer" else key, "not a short text")
    return value


def _state(document: dict[str, Any], where: str) -> State:
    value = document["state"]
    if value not in STATES:
        raise StatusAnswerError(f"{where}.state" if where != "answer" else "state", "not a state")
    return cast("State", value)


def _date(document: dict[str, Any], key: str) -> date:
    value = _text(document, key, "answer")
    if _DATE.fullmatch(value) is None:
        raise StatusAnswerError(key, "not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise StatusAnswerError(key, "not a date (YYYY-MM-DD)") from None


def beijing_moment(moment: datetime) -> bool:
    """Whether an aware ``moment`` converts to Beijing time (a time at the edge of the calendar,
    9999-12-31T23:00-12:00, does not) and falls within ``EARLIEST_YEAR``..``LATEST_YEAR``
    there: what a status screen can show."""
    try:
        local = moment.astimezone(CHINA_TIME)
    except OverflowError:
        return False
    return EARLIEST_YEAR <= local.year <= LATEST_YEAR


def _moment(document: dict[str, Any], key: str, where: str) -> datetime:
    name = f"{where}.{key}" if where != "answer" else key
    value = _text(document, key, where, limit=40)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise StatusAnswerError(name, "not a time (ISO 8601)") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise StatusAnswerError(name, "a time without its offset")
    if not beijing_moment(moment):
        raise StatusAnswerError(name, f"not a time in {EARLIEST_YEAR}-{LATEST_YEAR}")
    return moment

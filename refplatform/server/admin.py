"""Operator actions on the platform's database: move applications on or return them with a
reason, show an application's history, count, disable terminals, list the citizens' calls for
staff and mark them handled, list a day's hotel stays (no names or numbers: only what a
check-in keeps in the clear). Every change of an application's state is written to its history
(``refplatform.server.status_history``) in the same transaction.

These are what ``refplatform admin …`` runs, for demonstrations and tests; they work on the
database directly, whether or not a server is running on it.

Thread contract: functions open their own sessions; safe on any thread.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.domain.timezone import CHINA_TIME, beijing_text, local_text
from refplatform.server import status_history
from refplatform.server.database import PlatformDatabase
from refplatform.server.models import (
    MAX_NOTE_LENGTH,
    RETURN_REASONS,
    STATES,
    Application,
    Checkin,
    Checkout,
    EnrolmentCode,
    HelpRequest,
    RefusalCount,
    Terminal,
)

NEXT_STATE = {"accepted": "processing", "processing": "completed"}
ALLOWED = {
    "accepted": {"processing", "completed", "returned"},
    "processing": {"completed", "returned"},
    "completed": set(),
    "returned": set(),
}
TARGETS = ("processing", "completed")
"""Where ``advance`` may move an application; a return goes through ``return_application``,
which takes the reason."""


class AdminError(Exception):
    """The action is not possible (no such application, a final state, a wrong move)."""


def _application(session: Session, acceptance_number: str) -> Application:
    application = session.execute(
        select(Application).where(Application.acceptance_number == acceptance_number)
    ).scalar_one_or_none()
    if application is None:
        raise AdminError(f"no application {acceptance_number}")
    return application


def advance(
    database: PlatformDatabase, acceptance_number: str, now: datetime, to: str | None = None
) -> tuple[str, str]:
    """Move an application to ``to`` (default: the next state: processing, then completed);
    returns (before, after). A return needs a reason: ``return_application``."""
    if to == "returned":
        raise AdminError("a return needs its reason: refplatform admin return NUMBER --reason CODE")
    with database.session() as session:
        application = _application(session, acceptance_number)
        before = application.state
        target = to or NEXT_STATE.get(before)
        if target is None or target not in ALLOWED[before]:
            raise AdminError(f"{acceptance_number} is {before}; it cannot become {target}")
        at = int(now.timestamp())
        application.state = target
        application.updated_at = at
        status_history.record(session, application, target, at)
    return before, target


def return_application(
    database: PlatformDatabase,
    acceptance_number: str,
    now: datetime,
    reason: str,
    note: str | None = None,
) -> str:
    """Return an application to its applicant with a reason code (``RETURN_REASONS``) and the
    operator's note, kept as typed (an empty note is none). Returns the state it had."""
    if reason not in RETURN_REASONS:
        raise AdminError(f"the reason must be one of {', '.join(RETURN_REASONS)}")
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE_LENGTH:
        raise AdminError(f"the note is longer than {MAX_NOTE_LENGTH} characters")
    with database.session() as session:
        application = _application(session, acceptance_number)
        before = application.state
        if "returned" not in ALLOWED[before]:
            raise AdminError(f"{acceptance_number} is {before}; it cannot be returned")
        at = int(now.timestamp())
        application.state = "returned"
        application.updated_at = at
        status_history.record(session, application, "returned", at, reason=reason, note=note)
    return before


def application_history(database: PlatformDatabase, acceptance_number: str) -> dict[str, Any]:
    """An application's item, state, promised date and history, as the terminals get it."""
    with database.read_session() as session:
        application = _application(session, acceptance_number)
        return {
            "acceptance_number": application.acceptance_number,
            "item_code": application.item_code,
            "state": application.state,
            "promised_date": application.promised_date.isoformat(),
            "history": status_history.history(session, application.id),
        }


def history_text(answer: dict[str, Any]) -> str:
    """``application_history`` for an operator to read: one change a line, Beijing time."""
    lines = [
        f"{answer['acceptance_number']}  {answer['item_code']}  {answer['state']}  "
        f"promised {answer['promised_date']}; times are Beijing time (UTC+8):"
    ]
    for event in answer["history"]:
        at = local_text(datetime.fromisoformat(event["at"]))
        why = f"  {event['reason']}" if event["reason"] else ""
        note = f"  {event['note']}" if event["note"] else ""
        lines.append(f"  {at}  {event['state']}{why}{note}")
    return "\n".join(lines)


def set_disabled(database: PlatformDatabase, terminal_id: str, disabled: bool) -> None:
    with database.session() as session:
        terminal = session.get(Terminal, terminal_id)
        if terminal is None:
            raise AdminError(f"no enrolled terminal {terminal_id}")
        terminal.disabled = disabled


@dataclass(frozen=True)
class HelpListing:
    """One call for staff as the operator sees it; times in Beijing time (ISO 8601)."""

    help_number: str
    terminal_id: str
    screen: str
    journey: str | None
    step: str | None
    called_at: str
    received_at: str
    handled_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def help_requests(
    database: PlatformDatabase, *, include_handled: bool = False, limit: int = 200
) -> list[HelpListing]:
    """The calls for staff still open (with ``include_handled``, all of them), the newest call
    first (ties: the later arrival first)."""
    query = (
        select(HelpRequest)
        .order_by(HelpRequest.called_at.desc(), HelpRequest.id.desc())
        .limit(limit)
    )
    if not include_handled:
        query = query.where(HelpRequest.handled_at.is_(None))
    with database.read_session() as session:
        return [
            HelpListing(
                row.help_number,
                row.terminal_id,
                row.screen,
                row.journey,
                row.step,
                _beijing_iso(row.called_at),
                _beijing_iso(row.received_at),
                _beijing_iso(row.handled_at) if row.handled_at is not None else None,
            )
            for row in session.scalars(query)
        ]


def mark_help_handled(database: PlatformDatabase, help_number: str, now: datetime) -> bool:
    """Mark a call for staff handled; False if it already was (its time is kept)."""
    with database.session() as session:
        row = session.execute(
            select(HelpRequest).where(HelpRequest.help_number == help_number)
        ).scalar_one_or_none()
        if row is None:
            raise AdminError(f"no help request {help_number}")
        if row.handled_at is not None:
            return False
        row.handled_at = int(now.timestamp())
    return True


def help_text(listings: list[HelpListing], *, include_handled: bool = False) -> str:
    """The calls for staff for an operator to read: one a line, newest first, times in Beijing
    time (said once, in the heading)."""
    what = "help requests" if include_handled else "open help requests"
    if not listings:
        return f"no {what}"
    lines = [f"{what}, newest first; times are Beijing time (UTC+8):"]
    for item in listings:
        where = item.screen + (f" ({item.journey}/{item.step})" if item.journey else "")
        called = local_text(datetime.fromisoformat(item.called_at))
        handled = (
            f"  handled {local_text(datetime.fromisoformat(item.handled_at))}"
            if item.handled_at
            else ""
        )
        lines.append(f"{item.help_number}  {item.terminal_id}  {called}  {where}{handled}")
    return "\n".join(lines)


@dataclass(frozen=True)
class StayListing:
    """A check-in as an operator's list of stays shows it: the hotel, the room, the dates and
    how many guests and minors, when it was checked out (Beijing time, ISO 8601); nothing that
    names a guest."""

    checkin_number: str
    terminal_id: str
    hotel_zh: str
    hotel_en: str
    room: str
    arrival: str
    departure: str
    guests: int
    minors: int
    checked_out_at: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def stays(
    database: PlatformDatabase, day: date, *, hotel: str | None = None, limit: int = 2000
) -> list[StayListing]:
    """The check-ins in house on the night of ``day`` (arrived on or before it, leaving after
    it; one checked out early is until the day it left, and is listed on the day it arrived
    whenever it left), by hotel, room and number; ``hotel``: only the
    hotels whose Chinese or English name holds that text (the English in any case of A-Z). A
    check-in received before the platform read them (no dates) is in no day's list."""
    next_day = day + timedelta(days=1)
    next_morning = int(datetime.combine(next_day, datetime.min.time(), CHINA_TIME).timestamp())
    query = (
        select(Checkin)
        .where(
            Checkin.arrival <= day,
            Checkin.departure > day,
            or_(
                Checkin.checked_out_at.is_(None),
                Checkin.checked_out_at >= next_morning,
                Checkin.arrival == day,
            ),
        )
        .order_by(Checkin.hotel_zh, Checkin.hotel_en, Checkin.room, Checkin.id)
        .limit(limit)
    )
    wanted = (hotel or "").strip()
    if wanted:
        query = query.where(
            or_(
                Checkin.hotel_zh.contains(wanted, autoescape=True),
                func.lower(Checkin.hotel_en).contains(wanted.lower(), autoescape=True),
            )
        )
    with database.read_session() as session:
        rows = list(session.scalars(query))
    return [
        StayListing(
            row.checkin_number,
            row.terminal_id,
            row.hotel_zh or "",
            row.hotel_en or "",
            row.room or "",
            row.arrival.isoformat() if row.arrival else "",
            row.departure.isoformat() if row.departure else "",
            row.guests or 0,
            row.minors or 0,
            _beijing_iso(row.checked_out_at) if row.checked_out_at is not None else None,
        )
        for row in rows
    ]


def stays_by_hotel(listings: list[StayListing]) -> list[dict[str, Any]]:
    """``stays`` grouped by hotel: ``[{"hotel": {"zh", "en"}, "checkins": [...]}]``."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in listings:
        groups.setdefault((item.hotel_zh, item.hotel_en), []).append(item.as_dict())
    return [
        {"hotel": {"zh": zh, "en": en}, "checkins": checkins}
        for (zh, en), checkins in groups.items()
    ]


def stays_text(listings: list[StayListing], day: date) -> str:
    """``stays`` for an operator to read: a heading per hotel, then one check-in a line."""
    night = f"the night of {day.isoformat()} to {(day + timedelta(days=1)).isoformat()}"
    if not listings:
        return f"no check-ins in house on {night}"
    lines = [f"check-ins in house on {night}; times are Beijing time (UTC+8):"]
    for group in stays_by_hotel(listings):
        lines.append(f"{group['hotel']['zh']} / {group['hotel']['en']}")
        for item in group["checkins"]:
            guests = f"{item['guests']} guest{'s' if item['guests'] != 1 else ''}"
            minors = f", {item['minors']} minor{'s' if item['minors'] != 1 else ''}"
            left = (
                f"  checked out {local_text(datetime.fromisoformat(item['checked_out_at']))}"
                if item["checked_out_at"]
                else ""
            )
            lines.append(
                f"  {item['checkin_number']}  room {item['room']}  {item['arrival']} to "
                f"{item['departure']}  {guests}{minors if item['minors'] else ''}{left}"
            )
    return "\n".join(lines)


def _beijing_iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, CHINA_TIME).isoformat(timespec="seconds")


def summary_text(summary: dict[str, Any]) -> str:
    """``counts`` for an operator to read: one ``key: value`` line each; the last heartbeats one
    terminal a line, in Beijing time (``--json`` keeps the epoch seconds)."""
    lines = []
    for key, value in summary.items():
        if key == "last_heartbeats":
            lines.append(f"{key}:" + ("" if value else " none"))
            width = max((len(terminal) for terminal in value), default=0)
            for terminal, seconds in sorted(value.items()):
                moment = datetime.fromtimestamp(seconds, UTC)
                lines.append(f"  {terminal:<{width}}  {beijing_text(moment)}")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def counts(database: PlatformDatabase, now: datetime | None = None) -> dict[str, Any]:
    """How many terminals, codes, applications (by state), check-ins and check-outs the platform
    holds, the terminals' last heartbeats, and the requests it refused (by reason: all days, and
    the UTC day of ``now``) as far as the audit has written them (every few seconds)."""
    today = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%d")
    with database.read_session() as session:
        by_state: dict[str, int] = dict(
            session.execute(
                select(Application.state, func.count()).group_by(Application.state)
            ).all()
        )
        terminals = session.execute(select(func.count()).select_from(Terminal)).scalar_one()
        unused_codes = session.execute(
            select(func.count()).select_from(EnrolmentCode).where(EnrolmentCode.used_at.is_(None))
        ).scalar_one()
        checkins = session.execute(select(func.count()).select_from(Checkin)).scalar_one()
        checkouts = session.execute(select(func.count()).select_from(Checkout)).scalar_one()
        open_help = session.execute(
            select(func.count()).select_from(HelpRequest).where(HelpRequest.handled_at.is_(None))
        ).scalar_one()
        beats = session.execute(
            select(Terminal.terminal_id, Terminal.last_heartbeat_at).where(
                Terminal.last_heartbeat_at.is_not(None)
            )
        ).all()
        heartbeats = dict(beats)
        refusals = [
            (day, reason, count)
            for day, reason, count in session.execute(
                select(RefusalCount.day, RefusalCount.reason, RefusalCount.count)
            )
        ]
    by_reason: dict[str, int] = {}
    for _day, reason, count in refusals:
        by_reason[reason] = by_reason.get(reason, 0) + count
    return {
        "terminals": terminals,
        "unused_enrolment_codes": unused_codes,
        "applications": sum(by_state.values()),
        "applications_by_state": {state: by_state.get(state, 0) for state in STATES},
        "checkins": checkins,
        "checkouts": checkouts,
        "open_help_requests": open_help,
        "last_heartbeats": heartbeats,
        "refusals_by_reason": dict(sorted(by_reason.items())),
        "refusals_today": {
            reason: count for day, reason, count in sorted(refusals) if day == today
        },
    }

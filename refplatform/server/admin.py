"""Operator actions on the platform's database: move applications on, count, disable terminals.

These are what ``refplatform admin …`` runs, for demonstrations and tests; they work on the
database directly, whether or not a server is running on it.

Thread contract: functions open their own sessions; safe on any thread.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from kiosk.domain.timezone import beijing_text
from refplatform.server.database import PlatformDatabase
from refplatform.server.models import Application, Checkin, EnrolmentCode, RefusalCount, Terminal

NEXT_STATE = {"accepted": "processing", "processing": "completed"}
ALLOWED = {
    "accepted": {"processing", "completed", "returned"},
    "processing": {"completed", "returned"},
    "completed": set(),
    "returned": set(),
}
TARGETS = ("processing", "completed", "returned")


class AdminError(Exception):
    """The action is not possible (no such application, a final state, a wrong move)."""


def advance(
    database: PlatformDatabase, acceptance_number: str, now: datetime, to: str | None = None
) -> tuple[str, str]:
    """Move an application to ``to`` (default: the next state); returns (before, after)."""
    with database.session() as session:
        application = session.execute(
            select(Application).where(Application.acceptance_number == acceptance_number)
        ).scalar_one_or_none()
        if application is None:
            raise AdminError(f"no application {acceptance_number}")
        before = application.state
        target = to or NEXT_STATE.get(before)
        if target is None or target not in ALLOWED[before]:
            raise AdminError(f"{acceptance_number} is {before}; it cannot become {target}")
        application.state = target
        application.updated_at = int(now.timestamp())
    return before, target


def set_disabled(database: PlatformDatabase, terminal_id: str, disabled: bool) -> None:
    with database.session() as session:
        terminal = session.get(Terminal, terminal_id)
        if terminal is None:
            raise AdminError(f"no enrolled terminal {terminal_id}")
        terminal.disabled = disabled


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
    """How many terminals, codes, applications (by state) and check-ins the platform holds, the
    terminals' last heartbeats, and the requests it refused (by reason: all days, and the UTC
    day of ``now``) as far as the audit has written them (every few seconds)."""
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
        "applications_by_state": {
            state: by_state.get(state, 0) for state in ("accepted", *TARGETS)
        },
        "checkins": checkins,
        "last_heartbeats": heartbeats,
        "refusals_by_reason": dict(sorted(by_reason.items())),
        "refusals_today": {
            reason: count for day, reason, count in sorted(refusals) if day == today
        },
    }

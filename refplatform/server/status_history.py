"""An application's status history: recording each change of state and reading it back for the
terminals' status question, the receipt-status endpoint and page, and the operator.

Every change of an application's state is a row of ``application_events`` written in the same
transaction as the change. When it arrives an application gets two: ``received`` and, because
the reference platform accepts what it receives at once, ``accepted`` at the same second (a real
platform would accept later; the terminal shows both). A return carries a reason code from a
closed set (``RETURN_REASONS``, which the terminal translates) and optionally the operator's
note, stored as typed. What leaves the platform is ``{"state", "at", "reason", "note"}``:
states and times, no personal data.

Thread contract: functions work in the caller's Session (and so on its thread).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.timezone import CHINA_TIME
from refplatform.server.models import (
    HISTORY_STATES,
    MAX_NOTE_LENGTH,
    RETURN_REASONS,
    Application,
    ApplicationEvent,
)

MAX_HISTORY = 64
"""At most this many events are answered (the newest); the reference platform makes ≤ 4."""


def iso_time(epoch: int) -> str:
    """Epoch seconds as ISO 8601 in Beijing time (``2026-11-23T10:15:00+08:00``)."""
    return datetime.fromtimestamp(epoch, CHINA_TIME).isoformat(timespec="seconds")


def record(
    session: Session,
    application: Application,
    state: str,
    at: int,
    *,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    """Add one change of state to ``application``'s history (flushed by the caller's commit)."""
    if state not in HISTORY_STATES:
        raise ValueError(f"not a state: {state!r}")
    if (state == "returned") != (reason is not None):
        raise ValueError("a return, and only a return, has a reason")
    if reason is not None and reason not in RETURN_REASONS:
        raise ValueError(f"not a reason code: {reason!r}")
    if note is not None and (reason is None or not 0 < len(note) <= MAX_NOTE_LENGTH):
        raise ValueError(f"a note goes with a reason and has 1-{MAX_NOTE_LENGTH} characters")
    session.add(
        ApplicationEvent(
            application_id=application.id, state=state, at=at, reason=reason, note=note
        )
    )


def history(session: Session, application_id: int) -> list[dict[str, Any]]:
    """The application's changes of state, oldest first, as the API answers them."""
    rows = session.scalars(
        select(ApplicationEvent)
        .where(ApplicationEvent.application_id == application_id)
        .order_by(ApplicationEvent.id.desc())
        .limit(MAX_HISTORY)
    ).all()
    return [
        {"state": row.state, "at": iso_time(row.at), "reason": row.reason, "note": row.note}
        for row in reversed(rows)
    ]

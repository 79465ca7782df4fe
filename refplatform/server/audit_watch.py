"""The terminals' audit logs as the platform sees them: a log cut or rewritten between two
heartbeats, kept until an operator acknowledges it.

Every heartbeat may report the terminal's audit log count and chain head (``audit_count``,
``audit_head``: ``kiosk.technician.audit``). An honest terminal's log only grows, and every new
entry raises the count and changes the head. So, against the figures of the terminal's previous
heartbeat, a lower count, or the same count with another head, means entries were removed or the
chain was rebuilt (``broken``). ``note_heartbeat`` then marks the terminal (``audit_break_at``,
when it was first seen, and ``audit_break``, the figures before and after); the mark stays
through later heartbeats, however normal, and further breaks keep the first time, until
``acknowledge`` (``refplatform admin audit-ack TERMINAL``) clears it and records that in
``admin_actions``. The fleet page shows it after "disabled".

What this cannot see: a log rewritten and grown past the count last reported before the next
heartbeat (the platform keeps the last head only, not the entries), and a comparison needs both
heartbeats to carry the figures (a kiosk from before issue 19 sends none: never marked). A
terminal whose software reports made-up figures defeats it; it catches a database file edited or
replaced underneath the kiosk.

Thread contract: ``note_heartbeat`` works inside the caller's session (the heartbeat's
transaction, on its thread); ``acknowledge`` opens its own session; safe on any thread.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from pydantic import ValidationError

from refplatform.server.admin import AdminError
from refplatform.server.database import PlatformDatabase
from refplatform.server.models import AdminAction, Terminal
from refplatform.server.schemas import HeartbeatRequest

ACKNOWLEDGED = "audit.acknowledged"


@dataclass(frozen=True)
class AuditBreak:
    """The audit figures of the heartbeat before a break and of the one that showed it."""

    count_before: int
    head_before: str
    count_after: int
    head_after: str

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, stored: str | None) -> AuditBreak | None:
        """The stored figures, or None when there are none or they cannot be read."""
        if stored is None:
            return None
        try:
            values = json.loads(stored)
            return cls(
                int(values["count_before"]),
                str(values["head_before"]),
                int(values["count_after"]),
                str(values["head_after"]),
            )
        except (ValueError, TypeError, KeyError):
            return None


def broken(before: HeartbeatRequest | None, after: HeartbeatRequest) -> AuditBreak | None:
    """The break between two heartbeats' audit figures, if the log was cut or rewritten."""
    if before is None or before.audit_count is None or before.audit_head is None:
        return None
    if after.audit_count is None or after.audit_head is None:
        return None
    head_before, head_after = before.audit_head.lower(), after.audit_head.lower()
    cut = after.audit_count < before.audit_count
    rewritten = after.audit_count == before.audit_count and head_after != head_before
    if not (cut or rewritten):
        return None
    return AuditBreak(before.audit_count, head_before, after.audit_count, head_after)


def _stored_beat(stored: str | None) -> HeartbeatRequest | None:
    if stored is None:
        return None
    try:
        return HeartbeatRequest.model_validate_json(stored)
    except ValidationError:
        return None


def note_heartbeat(terminal: Terminal, beat: HeartbeatRequest, at: int) -> AuditBreak | None:
    """Compare ``beat`` with the terminal's stored last heartbeat (call before replacing it) and
    mark the terminal if its log was cut or rewritten; returns the break when this heartbeat
    marked it (None when there is none, or the terminal was marked already)."""
    found = broken(_stored_beat(terminal.last_heartbeat), beat)
    if found is None or terminal.audit_break_at is not None:
        return None
    terminal.audit_break_at = at
    terminal.audit_break = found.to_json()
    return found


@dataclass(frozen=True)
class Acknowledged:
    """A break an operator acknowledged: when the platform saw it and its figures."""

    seen_at: datetime
    figures: AuditBreak | None


def acknowledge(database: PlatformDatabase, terminal_id: str, now: datetime) -> Acknowledged | None:
    """Clear a terminal's audit log break and record that (``admin_actions``, one transaction);
    None, and nothing recorded, when there is none. Raises AdminError (no such
    terminal)."""
    with database.session() as session:
        terminal = session.get(Terminal, terminal_id, with_for_update=True)
        if terminal is None:
            raise AdminError(f"no enrolled terminal {terminal_id}")
        if terminal.audit_break_at is None:
            return None
        seen_at = terminal.audit_break_at
        figures = AuditBreak.from_json(terminal.audit_break)
        detail = {"seen_at": seen_at, **(asdict(figures) if figures is not None else {})}
        session.add(
            AdminAction(
                at=int(now.timestamp()),
                action=ACKNOWLEDGED,
                terminal_id=terminal_id,
                detail=json.dumps(detail, sort_keys=True),
            )
        )
        terminal.audit_break_at = None
        terminal.audit_break = None
    return Acknowledged(datetime.fromtimestamp(seen_at, UTC), figures)

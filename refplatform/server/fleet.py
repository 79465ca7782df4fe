"""The fleet: every enrolled terminal with its last heartbeat, and what needs attention.

``fleet(database, now, rules)`` reads the terminals (one read-only query) and gives each one's
last heartbeat as the platform stored it (``HeartbeatRequest``; a terminal from before issue 19
simply lacks the newer fields) and its concerns, worst first, from the platform's clock and
``FleetRules``: disabled on the platform, its audit log seen cut or rewritten (by
``refplatform.server.audit_watch``, until an operator acknowledges it), never heard from,
silent for more than the set number of heartbeat intervals, dead letters, a printer or camera
fault, a clock too far off, a trust list too old, too little disk, paper running low.
Terminals with a concern come first (the worst concern first, then by terminal id), then the
others by id. The page (``refplatform.server.fleet_page``) puts this into words.

Device states are the kiosk's codes (``kiosk.devices.printer.PrinterState``,
``kiosk.devices.camera.CameraState``); any other value is shown as sent, not judged.

Thread contract: pure functions over immutable values, and ``fleet`` opens its own read
session; safe on any thread.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from pydantic import ValidationError
from sqlalchemy import select

from refplatform.server.database import PlatformDatabase
from refplatform.server.models import Terminal
from refplatform.server.schemas import HeartbeatRequest
from refplatform.server.settings import FleetRules

PRINTER_FAULTS = frozenset({"paper_out", "cover_open", "offline", "error"})
CAMERA_FAULTS = frozenset({"no_device", "lost", "permission_denied", "error"})
PAPER_LOW = "paper_low"


class Concern(enum.Enum):
    """Why a terminal needs attention, in the order of how bad it is (worst first)."""

    DISABLED = "disabled"
    AUDIT_BROKEN = "audit_broken"
    NEVER_HEARD = "never_heard"
    SILENT = "silent"
    UNREADABLE = "unreadable"
    DEAD_LETTERS = "dead_letters"
    PRINTER_FAULT = "printer_fault"
    CAMERA_FAULT = "camera_fault"
    CLOCK_SKEW = "clock_skew"
    TRUST_LIST_OLD = "trust_list_old"
    DISK_LOW = "disk_low"
    PAPER_LOW = "paper_low"

    @property
    def rank(self) -> int:
        return _RANKS[self]


_RANKS = {concern: index for index, concern in enumerate(Concern)}


@dataclass(frozen=True)
class TerminalView:
    """One terminal as the fleet page shows it."""

    terminal_id: str
    enrolled_at: datetime
    disabled: bool
    last_heartbeat_at: datetime | None
    beat: HeartbeatRequest | None
    """The last heartbeat; None when there is none, or it cannot be read any more."""
    concerns: tuple[Concern, ...]
    silent_s: float | None
    """Seconds since the last heartbeat (None: never)."""
    trust_list_age_s: float | None
    audit_break_at: datetime | None = None
    """When the platform saw its audit log cut or rewritten (not yet acknowledged)."""

    @property
    def needs_attention(self) -> bool:
        return bool(self.concerns)

    @property
    def printer(self) -> str | None:
        return self.beat.devices.get("printer") if self.beat is not None else None

    @property
    def camera(self) -> str | None:
        return self.beat.devices.get("camera") if self.beat is not None else None


@dataclass(frozen=True)
class FleetCounts:
    terminals: int
    attention: int
    silent: int
    never_heard: int
    dead_letters: int
    terminals_with_dead_letters: int
    device_faults: int


def read_beat(stored: str | None) -> HeartbeatRequest | None:
    """A stored heartbeat (as ``Intake.heartbeat`` kept it), or None if it cannot be read."""
    if stored is None:
        return None
    try:
        return HeartbeatRequest.model_validate_json(stored)
    except ValidationError:
        return None


def concerns_of(
    *,
    disabled: bool,
    last_heartbeat_at: datetime | None,
    stored: bool,
    beat: HeartbeatRequest | None,
    now: datetime,
    rules: FleetRules,
    audit_broken: bool = False,
) -> tuple[Concern, ...]:
    """What needs attention on one terminal, worst first. ``stored``: a heartbeat row exists
    (``beat`` None with ``stored`` True means it could not be read); ``audit_broken``: its audit
    log was seen cut or rewritten and nobody has acknowledged it yet."""
    found: list[Concern] = []
    if audit_broken:
        found.append(Concern.AUDIT_BROKEN)
    if disabled:
        found.append(Concern.DISABLED)
    elif last_heartbeat_at is None:
        found.append(Concern.NEVER_HEARD)
    elif (now - last_heartbeat_at).total_seconds() > rules.silent_after_s:
        found.append(Concern.SILENT)
    if stored and beat is None:
        found.append(Concern.UNREADABLE)
    if beat is not None:
        found.extend(_reported_concerns(beat, now, rules))
    return tuple(sorted(found, key=lambda concern: concern.rank))


def _reported_concerns(beat: HeartbeatRequest, now: datetime, rules: FleetRules) -> list[Concern]:
    """The concerns a heartbeat reports (as of when it was sent; the trust list's age as of
    now)."""
    printer = beat.devices.get("printer")
    age = trust_list_age_s(beat, now)
    checks = (
        (beat.dead_letters > 0, Concern.DEAD_LETTERS),
        (printer in PRINTER_FAULTS, Concern.PRINTER_FAULT),
        (beat.devices.get("camera") in CAMERA_FAULTS, Concern.CAMERA_FAULT),
        (
            beat.clock_skew_s is not None and abs(beat.clock_skew_s) > rules.max_clock_skew_s,
            Concern.CLOCK_SKEW,
        ),
        (age is not None and age > rules.trust_list_max_age_days * 86400, Concern.TRUST_LIST_OLD),
        (
            beat.disk_free_mb is not None and beat.disk_free_mb < rules.min_disk_free_mb,
            Concern.DISK_LOW,
        ),
        (printer == PAPER_LOW, Concern.PAPER_LOW),
    )
    return [concern for applies, concern in checks if applies]


def trust_list_age_s(beat: HeartbeatRequest, now: datetime) -> float | None:
    issued = beat.trust_list_issued_at
    return None if issued is None else (now - issued).total_seconds()


class TerminalRow(NamedTuple):
    """A terminal's columns as the fleet query reads them."""

    terminal_id: str
    enrolled_at: int
    disabled: bool
    last_heartbeat_at: int | None
    last_heartbeat: str | None
    audit_break_at: int | None = None


def view_of(row: TerminalRow, now: datetime, rules: FleetRules) -> TerminalView:
    """One terminal's row from its database columns."""
    at = row.last_heartbeat_at
    last = datetime.fromtimestamp(at, UTC) if at is not None else None
    beat = read_beat(row.last_heartbeat)
    broken = row.audit_break_at
    return TerminalView(
        terminal_id=row.terminal_id,
        enrolled_at=datetime.fromtimestamp(row.enrolled_at, UTC),
        disabled=row.disabled,
        last_heartbeat_at=last,
        beat=beat,
        concerns=concerns_of(
            disabled=row.disabled,
            last_heartbeat_at=last,
            stored=row.last_heartbeat is not None,
            beat=beat,
            now=now,
            rules=rules,
            audit_broken=broken is not None,
        ),
        silent_s=(now - last).total_seconds() if last is not None else None,
        trust_list_age_s=trust_list_age_s(beat, now) if beat is not None else None,
        audit_break_at=datetime.fromtimestamp(broken, UTC) if broken is not None else None,
    )


def attention_order(view: TerminalView) -> tuple[int, int, str]:
    """Sort key: terminals with a concern first, the worst concern first, then by id."""
    if view.concerns:
        return (0, min(concern.rank for concern in view.concerns), view.terminal_id)
    return (1, 0, view.terminal_id)


def fleet(database: PlatformDatabase, now: datetime, rules: FleetRules) -> list[TerminalView]:
    """Every enrolled terminal, those that need attention first."""
    with database.read_session() as session:
        rows = session.execute(
            select(
                Terminal.terminal_id,
                Terminal.enrolled_at,
                Terminal.disabled,
                Terminal.last_heartbeat_at,
                Terminal.last_heartbeat,
                Terminal.audit_break_at,
            )
        ).all()
    views = [view_of(TerminalRow(*row), now, rules) for row in rows]
    return sorted(views, key=attention_order)


def counts(views: list[TerminalView]) -> FleetCounts:
    """The figures at the top of the page."""

    def having(concern: Concern) -> int:
        return sum(1 for view in views if concern in view.concerns)

    dead = [view.beat.dead_letters for view in views if view.beat is not None]
    return FleetCounts(
        terminals=len(views),
        attention=sum(1 for view in views if view.needs_attention),
        silent=having(Concern.SILENT),
        never_heard=having(Concern.NEVER_HEARD),
        dead_letters=sum(dead),
        terminals_with_dead_letters=sum(1 for count in dead if count > 0),
        device_faults=sum(
            1
            for view in views
            if Concern.PRINTER_FAULT in view.concerns or Concern.CAMERA_FAULT in view.concerns
        ),
    )

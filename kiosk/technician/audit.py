"""The technician audit log: who did what on this terminal and when, hash-chained.

Every entry into technician mode, every refused PIN and lockout, and every technician action
(on the screen or on the command line) is one row of ``audit_log`` in the terminal's database
(``AuditLog.record``). Each row holds the SHA-256 of a canonical encoding of its own fields and
of the previous row's hash (``entry_hash``), so that an edited, removed, inserted or reordered
row breaks the chain and ``verify`` names the first bad entry. The chain has no secret: someone
who can write the file can rebuild it whole. That is why the heartbeat reports the count and
the head hash to the platform (``head``), which marks the terminal, until an operator
acknowledges it, when a heartbeat's count is lower than the previous heartbeat's, or the same
with another head (``refplatform.server.audit_watch``; a chain rebuilt and grown past the count
last reported is not caught there). Rows removed at the end are noticed here too: SQLite's
``AUTOINCREMENT`` keeps the highest sequence number ever used (``sqlite_sequence``), and
``verify`` compares.

No personal data: ``detail`` is a small mapping of short keys to short values (field names,
counts, record ids, file names), checked by ``check_detail`` before anything is written. A
value is an integer or a token of at most ``MAX_VALUE_LENGTH`` ASCII letters, digits and
``._:/@+-`` (no spaces, so no Chinese or Latin full name fits as written), and never holds a
run of ``MAX_DIGIT_RUN + 1`` or more digits (an identity number has 15 or 18, a mobile number
11, a bank card 16-19). ``audit_token`` turns a free text such as a file name into such a
token. This is a shape rule, not a detector of names: callers pass field names, counts and
ids, never what a citizen typed or showed.

Thread contract: an ``AuditLog`` may be shared between threads and processes; each call opens
its own database session (sessions serialise writers: a record's sequence number and previous
hash are read and written in one transaction). ``record_in`` writes inside a caller's session
(on the caller's thread).
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import Clock
from kiosk.store.database import Database
from kiosk.store.models import AuditRecord

MAX_DETAIL_ITEMS = 8
MAX_KEY_LENGTH = 32
MAX_VALUE_LENGTH = 64
MAX_DIGIT_RUN = 10
MAX_INT = 2**53  # what a JSON reader anywhere keeps exactly
_KEY = re.compile(r"[a-z][a-z0-9_.]{0,31}")
_VALUE = re.compile(r"[A-Za-z0-9._:/@+-]{0,64}")
_DIGIT_RUN = re.compile(rf"[0-9]{{{MAX_DIGIT_RUN + 1},}}")
_ACTOR = re.compile(r"[a-z][a-z0-9_.-]{0,31}")
_OUTCOME = re.compile(r"[a-z][a-z_]{0,15}")
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9._:/@+-]+")
HASH_HEX_LENGTH = 64


class AuditAction(enum.StrEnum):
    """What an audit entry records. Stored as its value; never renamed (old rows keep it)."""

    TECHNICIAN_ENTERED = "technician.entered"
    TECHNICIAN_LEFT = "technician.left"
    PIN_ACCEPTED = "pin.accepted"
    PIN_UNUSED = "pin.unused"
    PIN_REFUSED = "pin.refused"
    PIN_LOCKED = "pin.locked"
    PIN_SET = "pin.set"
    CONFIG_CHANGED = "config.changed"
    TERMINAL_ENROLLED = "terminal.enrolled"
    OUTBOX_RETRIED = "outbox.retried"
    OUTBOX_EXPORTED = "outbox.exported"
    TRUST_LIST_IMPORTED = "trust_list.imported"
    CATALOG_IMPORTED = "catalog.imported"
    PRINTER_TESTED = "printer.tested"
    CAMERA_TESTED = "camera.tested"
    APP_RESTARTED = "app.restarted"
    DESKTOP_LEFT = "desktop.left"
    AUDIT_VERIFIED = "audit.verified"
    REGISTER_EXPORTED = "register.exported"


class AuditDetailRefused(ValueError):
    """An entry's actor, outcome or detail is not allowed (too long, odd characters, something
    that looks like personal data). Nothing was written."""


DetailValue = str | int


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log. ``action`` is the stored text (an ``AuditAction`` value, or
    one a newer version of the kiosk wrote); ``at`` is in Beijing time."""

    seq: int
    at: datetime
    actor: str
    action: str
    outcome: str
    detail: Mapping[str, DetailValue] = field(default_factory=dict)
    previous_hash: str = ""
    hash: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "action": self.action,
            "outcome": self.outcome,
            "detail": dict(self.detail),
            "previous_hash": self.previous_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class AuditCheck:
    """What ``verify`` found. ``first_bad``: the sequence number of the first entry that is
    wrong (or, for entries removed at the end, the first one missing); ``problem`` says what is
    wrong with it, in English for the technician."""

    ok: bool
    count: int
    head: str
    first_bad: int | None = None
    problem: str | None = None


def audit_token(value: str, *, limit: int = MAX_VALUE_LENGTH) -> str:
    """``value`` as a detail token: every run of characters a token may not hold becomes one
    ``_``, cut to ``limit`` characters (a file name such as ``trust list (2).cose`` becomes
    ``trust_list_2_.cose``). Long digit runs are still refused by ``check_detail``."""
    return _NOT_TOKEN.sub("_", value)[:limit]


def check_detail(detail: Mapping[str, DetailValue] | None) -> dict[str, DetailValue]:
    """``detail`` as stored (a plain dict), or ``AuditDetailRefused`` saying which key is
    wrong and why (never quoting the refused value: it may be what must not be written)."""
    if detail is None:
        return {}
    if len(detail) > MAX_DETAIL_ITEMS:
        raise AuditDetailRefused(f"at most {MAX_DETAIL_ITEMS} detail items")
    checked: dict[str, DetailValue] = {}
    for key, value in detail.items():
        if not isinstance(key, str) or _KEY.fullmatch(key) is None:
            raise AuditDetailRefused(
                f"a detail key is 1-{MAX_KEY_LENGTH} of a-z, 0-9, '_', '.', starting with a letter"
            )
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise AuditDetailRefused(f"detail {key}: a value is a whole number or a short token")
        if isinstance(value, int):
            if abs(value) > MAX_INT:
                raise AuditDetailRefused(f"detail {key}: the number is too large")
        elif _VALUE.fullmatch(value) is None:
            raise AuditDetailRefused(
                f"detail {key}: at most {MAX_VALUE_LENGTH} ASCII letters, digits and ._:/@+- "
                "(no spaces)"
            )
        elif _DIGIT_RUN.search(value) is not None:
            raise AuditDetailRefused(
                f"detail {key}: more than {MAX_DIGIT_RUN} digits in a row look like an identity, "
                "phone or card number"
            )
        checked[key] = value
    return checked


def canonical(
    *,
    seq: int,
    at: int,
    actor: str,
    action: str,
    outcome: str,
    detail: Mapping[str, DetailValue],
    previous_hash: str,
) -> bytes:
    """The bytes an entry's hash covers: a JSON array, keys sorted, no spaces, ASCII only."""
    document = [seq, at, actor, action, outcome, dict(detail), previous_hash]
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def entry_hash(
    *,
    seq: int,
    at: int,
    actor: str,
    action: str,
    outcome: str,
    detail: Mapping[str, DetailValue],
    previous_hash: str,
) -> str:
    """SHA-256 (hex) of ``canonical``."""
    document = canonical(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        outcome=outcome,
        detail=detail,
        previous_hash=previous_hash,
    )
    return hashlib.sha256(document).hexdigest()


def detail_text(detail: Mapping[str, DetailValue]) -> str:
    """How ``detail`` is stored: the canonical JSON object."""
    return json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


class AuditLog:
    """The audit log in the terminal's database. See the module docstring."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    def record(
        self,
        action: AuditAction,
        *,
        actor: str = "technician",
        outcome: str = "ok",
        detail: Mapping[str, DetailValue] | None = None,
    ) -> AuditEntry:
        """Append one entry, chained to the last one, in its own transaction. Raises
        ``AuditDetailRefused`` (nothing written) for a detail, actor or outcome not allowed."""
        with self._database.session() as session:
            return self.record_in(session, action, actor=actor, outcome=outcome, detail=detail)

    def record_in(
        self,
        session: Session,
        action: AuditAction,
        *,
        actor: str = "technician",
        outcome: str = "ok",
        detail: Mapping[str, DetailValue] | None = None,
    ) -> AuditEntry:
        """``record`` inside the caller's transaction: the entry is kept only if it commits."""
        checked = check_detail(detail)
        if _ACTOR.fullmatch(actor) is None:
            raise AuditDetailRefused("an actor is 1-32 of a-z, 0-9, '_', '.', '-'")
        if _OUTCOME.fullmatch(outcome) is None:
            raise AuditDetailRefused("an outcome is 1-16 of a-z and '_'")
        last = session.scalars(
            select(AuditRecord).order_by(AuditRecord.seq.desc()).limit(1)
        ).first()
        seq = max(last.seq if last is not None else 0, _highest_used(session)) + 1
        previous = last.hash if last is not None else ""
        at = int(self._clock.now().timestamp())
        digest = entry_hash(
            seq=seq,
            at=at,
            actor=actor,
            action=action.value,
            outcome=outcome,
            detail=checked,
            previous_hash=previous,
        )
        session.add(
            AuditRecord(
                seq=seq,
                at=at,
                actor=actor,
                action=action.value,
                outcome=outcome,
                detail=detail_text(checked),
                previous_hash=previous,
                hash=digest,
            )
        )
        session.flush()
        return AuditEntry(seq, _moment(at), actor, action.value, outcome, checked, previous, digest)

    def entries(self, limit: int | None = None) -> list[AuditEntry]:
        """The newest ``limit`` entries (all when None), newest first. A row whose detail cannot
        be read is given with an empty detail (``verify`` reports it)."""
        query = select(AuditRecord).order_by(AuditRecord.seq.desc())
        if limit is not None:
            query = query.limit(max(0, limit))
        with self._database.session() as session:
            rows = session.scalars(query).all()
        return [_entry(row) for row in rows]

    def head(self) -> tuple[int, str]:
        """How many entries the log holds and the last one's hash ("" when empty)."""
        with self._database.session() as session:
            count = session.scalar(select(text("count(*)")).select_from(AuditRecord)) or 0
            last = session.scalars(
                select(AuditRecord.hash).order_by(AuditRecord.seq.desc()).limit(1)
            ).first()
        return int(count), last or ""

    def verify(self) -> AuditCheck:
        """Walk the whole chain from the first entry: each entry's sequence number follows the
        previous one's (the first is 1), its previous hash is the previous entry's hash, its
        detail is a valid detail, and its hash is the hash of its fields; and no entry is
        missing at the end. Reads in one transaction (a consistent snapshot)."""
        with self._database.session() as session:
            rows = session.execute(
                select(
                    AuditRecord.seq,
                    AuditRecord.at,
                    AuditRecord.actor,
                    AuditRecord.action,
                    AuditRecord.outcome,
                    AuditRecord.detail,
                    AuditRecord.previous_hash,
                    AuditRecord.hash,
                ).order_by(AuditRecord.seq)
            ).all()
            highest = _highest_used(session)
        previous_seq = 0
        previous_hash = ""
        for row in rows:
            problem = _row_problem(
                _StoredRow(*row), previous_seq=previous_seq, previous_hash=previous_hash
            )
            if problem is not None:
                head = str(rows[-1].hash)
                return AuditCheck(False, len(rows), head, int(row.seq), problem)
            previous_seq, previous_hash = int(row.seq), str(row.hash)
        if highest > previous_seq:
            missing = previous_seq + 1
            problem = (
                f"entries {missing} to {highest} are missing at the end (the log had reached "
                f"entry {highest})"
                if highest > missing
                else f"entry {missing} is missing at the end (the log had reached it)"
            )
            return AuditCheck(False, len(rows), previous_hash, missing, problem)
        return AuditCheck(True, len(rows), previous_hash)


class _StoredRow(NamedTuple):
    seq: int
    at: int
    actor: str
    action: str
    outcome: str
    detail: str
    previous_hash: str
    hash: str


def _row_problem(row: _StoredRow, *, previous_seq: int, previous_hash: str) -> str | None:
    """What is wrong with one row, given the row before it; None when nothing is."""
    seq = row.seq
    if seq != previous_seq + 1:  # the primary key orders them: some are missing
        gone = (
            f"entry {previous_seq + 1} is missing"
            if seq == previous_seq + 2
            else f"entries {previous_seq + 1} to {seq - 1} are missing"
        )
        return f"{gone} before entry {seq}"
    if row.previous_hash != previous_hash:
        if previous_seq == 0:
            return f"entry {seq} should start the chain but names a previous entry"
        return f"entry {seq} does not follow entry {previous_seq} (its previous hash differs)"
    try:
        loaded = json.loads(row.detail)
        if not isinstance(loaded, dict):
            raise ValueError("not an object")
        detail = check_detail(loaded)
    except (ValueError, TypeError, RecursionError):
        return f"entry {seq} has an unreadable detail"
    if detail_text(detail) != row.detail:
        return f"entry {seq} has a detail that is not in its stored form"
    recomputed = entry_hash(
        seq=seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        outcome=row.outcome,
        detail=detail,
        previous_hash=previous_hash,
    )
    if recomputed != row.hash:
        return f"entry {seq} was changed after it was written (its hash does not match)"
    return None


def _highest_used(session: Session) -> int:
    """The highest sequence number ever given out (SQLite's ``sqlite_sequence``), 0 if none."""
    found = session.execute(
        text("SELECT seq FROM sqlite_sequence WHERE name = :name"),
        {"name": AuditRecord.__tablename__},
    ).scalar()
    return int(found) if found is not None else 0


def _moment(at: int) -> datetime:
    return datetime.fromtimestamp(at, UTC).astimezone(CHINA_TIME)


def _entry(row: AuditRecord) -> AuditEntry:
    try:
        loaded = json.loads(row.detail)
        detail = check_detail(loaded) if isinstance(loaded, dict) else {}
    except (ValueError, TypeError, RecursionError):
        detail = {}
    # A row changed by hand may hold anything; show it (``verify`` says what is wrong).
    at = row.at if isinstance(row.at, int) else 0
    return AuditEntry(
        row.seq,
        _moment(at),
        row.actor,
        row.action,
        row.outcome,
        detail,
        row.previous_hash,
        row.hash,
    )

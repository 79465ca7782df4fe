"""Is the SQLite file sound? A time-bounded ``PRAGMA quick_check`` and the reading of SQLite's
own "this file is damaged" errors.

``quick_check`` runs SQLite's quick check (every page, b-tree and record format; it skips the
index-content cross-check of ``integrity_check``, so it is O(N) in the file size rather than
O(N log N)). At start-up it is bounded: a progress handler interrupts it once ``budget_s`` has
passed (``QUICK_CHECK_BUDGET_S``, 2 s: a healthy database of a few hundred megabytes is checked
in full on a kiosk PC; a larger one is checked in part, logged, and ``kiosk database check``
checks it all). A check that was stopped says so (``finished`` False) and is not a verdict.
SQLite before 3.43 calls no progress handler while it walks the pages (only afterwards), so
there the bound is reached late on a very large file (docs/database-recovery.md).

``damage_detail`` tells SQLite's ``SQLITE_CORRUPT`` ("database disk image is malformed") and
``SQLITE_NOTADB`` ("file is not a database") from every other database error (a lock held too
long, a constraint, a full disk): only those two mean the file itself is damaged.

Thread contract: functions only; each check opens and closes its own read-only connection
(it never writes to the file, nor checkpoints its write-ahead log).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

QUICK_CHECK_BUDGET_S = 2.0
"""How long the start-up check may run before it is stopped (seconds)."""
PROGRESS_STEPS = 1000
"""SQLite virtual-machine steps between two looks at the clock (well under a millisecond)."""
MAX_PROBLEMS = 20
"""quick_check stops after this many problems; the first ones are enough to judge."""

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_DAMAGE_CODES = frozenset({_SQLITE_CORRUPT, _SQLITE_NOTADB})
_DAMAGE_WORDS = ("malformed", "not a database")


@dataclass(frozen=True)
class IntegrityReport:
    """What ``quick_check`` found. ``finished`` False: stopped at the time bound (no verdict)."""

    path: Path
    finished: bool
    problems: tuple[str, ...] = ()
    seconds: float = 0.0

    @property
    def damaged(self) -> bool:
        return bool(self.problems)

    @property
    def summary(self) -> str:
        """The first problem SQLite reported, for a one-line message."""
        return self.problems[0] if self.problems else ""


def damage_detail(error: BaseException) -> str | None:
    """SQLite's own words when ``error`` (or what caused it, or the driver error SQLAlchemy
    wraps) says the file is damaged or is not a database; None for any other error."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, sqlite3.DatabaseError):
            code = getattr(current, "sqlite_errorcode", None)
            text = str(current)
            if code is not None and code & 0xFF in _DAMAGE_CODES:
                return text
            if code is None and any(word in text for word in _DAMAGE_WORDS):
                return text
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError wraps the driver's
        pending += [orig if isinstance(orig, BaseException) else None]
        pending += [current.__cause__, current.__context__]
    return None


def quick_check(
    path: Path,
    *,
    budget_s: float | None = QUICK_CHECK_BUDGET_S,
    monotonic: Callable[[], float] = time.monotonic,
) -> IntegrityReport:
    """Run ``PRAGMA quick_check`` on the existing file ``path``, stopped after ``budget_s``
    (None: no bound). Raises ``sqlite3.Error`` for an error that is not damage (the file cannot
    be opened, a lock); damage is reported, not raised."""
    started = monotonic()
    deadline = None if budget_s is None else started + budget_s
    stopped = False

    def progress() -> int:
        nonlocal stopped
        if deadline is not None and monotonic() > deadline:
            stopped = True
            return 1  # non-zero: SQLite interrupts the statement
        return 0

    # Read-only: a read-write connection checkpoints the write-ahead log into the file when it
    # closes and deletes the log, rewriting a damaged file that is only being looked at (and
    # that recovery keeps as it was). Read-only still reads the log's committed pages.
    connection = sqlite3.connect(
        f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=5.0, isolation_level=None
    )
    try:
        connection.set_progress_handler(progress, PROGRESS_STEPS)
        try:
            rows = connection.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()
        except sqlite3.DatabaseError as error:
            if stopped:
                return IntegrityReport(path, finished=False, seconds=monotonic() - started)
            detail = damage_detail(error)
            if detail is None:
                raise
            return IntegrityReport(path, True, (detail,), monotonic() - started)
    finally:
        connection.close()
    problems = tuple(str(row[0]) for row in rows if str(row[0]) != "ok")
    return IntegrityReport(path, True, problems, monotonic() - started)

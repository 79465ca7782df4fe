"""The audit of refusals: every refused request leaves a structured log line and a count.

A refusal is any 4xx answer (the error code is its reason): a bad or replayed signature, an
unknown key, a wrong enrolment code, a rate limit, an oversized body, an unknown route. The log
line (logger ``refplatform.audit``, INFO, JSON lines in the server's log file) carries the
status, the reason, the *claimed* key id (the ``keyid`` of ``Signature-Input`` when it looks like
a terminal id; it is not verified for a refused signature), the client address, the method and
the path; never a body, a query string or a header value besides the key id.

Counts per (UTC day, reason) are kept in memory and added to the ``refusal_counts`` table in one
transaction at most every ``flush_every_s`` seconds (by a background thread) and when the
platform closes, so a flood of refused requests does not turn into a flood of writes.
``refplatform admin list`` shows them (``refusals_by_reason``, ``refusals_today``).

Thread contract: ``refused`` is safe from any thread and never touches the database; ``flush``
and ``close`` open their own sessions.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from refplatform.server.database import PlatformDatabase
from refplatform.server.models import RefusalCount

log = logging.getLogger("refplatform.audit")
FLUSH_EVERY_S = 10.0
_KEY_ID = re.compile(r'keyid="([A-Za-z0-9._-]{1,64})"')
_REASON = re.compile(r"[a-z_]{1,40}")


def claimed_key_id(signature_input: str | None) -> str | None:
    """The ``keyid`` a request's ``Signature-Input`` claims, if it has a plausible one."""
    if not signature_input:
        return None
    found = _KEY_ID.search(signature_input[:2048])
    return found.group(1) if found else None


def utc_day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d")


class Audit:
    """Logs and counts refusals; writes the counts in batches."""

    def __init__(
        self,
        database: PlatformDatabase,
        clock: Callable[[], datetime],
        flush_every_s: float = FLUSH_EVERY_S,
    ) -> None:
        self._database = database
        self._clock = clock
        self._flush_every_s = flush_every_s
        self._lock = threading.Lock()
        self._pending: Counter[tuple[str, str]] = Counter()
        self._totals: Counter[str] = Counter()
        self._stop = threading.Event()
        self._flusher: threading.Thread | None = None

    def refused(
        self,
        status: int,
        reason: str,
        *,
        key_id: str | None,
        address: str | None,
        method: str,
        path: str,
    ) -> None:
        """Record one refusal (log line and count)."""
        reason = reason if _REASON.fullmatch(reason) else "other"
        with self._lock:
            self._pending[(utc_day(self._clock()), reason)] += 1
            self._totals[reason] += 1
        log.info(
            "refused %s %s",
            status,
            reason,
            extra={
                "audit": {
                    "status": status,
                    "reason": reason,
                    "key_id": key_id,
                    "address": address,
                    "method": method[:16],
                    "path": path[:200],
                }
            },
        )

    def totals(self) -> Mapping[str, int]:
        """Refusals by reason since this process started."""
        with self._lock:
            return dict(self._totals)

    def flush(self) -> None:
        """Add the pending counts to the database (one transaction)."""
        with self._lock:
            pending, self._pending = self._pending, Counter()
        if not pending:
            return
        insert = postgresql_insert if self._database.dialect == "postgresql" else sqlite_insert
        try:
            with self._database.session() as session:
                for (day, reason), count in sorted(pending.items()):
                    statement = insert(RefusalCount).values(day=day, reason=reason, count=count)
                    session.execute(
                        statement.on_conflict_do_update(
                            index_elements=[RefusalCount.day, RefusalCount.reason],
                            set_={"count": RefusalCount.count + statement.excluded.count},
                        )
                    )
        except Exception:
            with self._lock:
                self._pending.update(pending)
            raise

    def start(self) -> None:
        """Flush every ``flush_every_s`` seconds on a background thread until ``close``."""
        if self._flusher is not None:
            return
        self._flusher = threading.Thread(target=self._run, name="refusal-audit", daemon=True)
        self._flusher.start()

    def _run(self) -> None:
        while not self._stop.wait(self._flush_every_s):
            try:
                self.flush()
            except Exception:  # the next round tries again; the counts are kept
                log.warning("could not write the refusal counts", exc_info=True)

    def close(self) -> None:
        """Stop the flusher and write what is pending."""
        self._stop.set()
        if self._flusher is not None:
            self._flusher.join(timeout=30)
            self._flusher = None
        self.flush()

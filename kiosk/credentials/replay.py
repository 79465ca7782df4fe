"""The replay cache: a dynamic e-ID may be used once on this terminal.

Each accepted e-ID leaves an entry (SHA-256 of issuer key id and credential id) until its
validity window, plus the clock-skew tolerance, has passed; after that the code is refused as
expired anyway. The cache lives in the database, so a restart does not reopen the window, and it
is bounded: past ``max_entries`` the entries closest to expiry are dropped first.

Thread contract: any thread; each call is one database transaction.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import delete, func, select

from kiosk.store.database import Database
from kiosk.store.models import ReplayEntry

DEFAULT_MAX_ENTRIES = 50_000


def replay_key(issuer_kid: bytes, credential_id: bytes) -> bytes:
    return hashlib.sha256(len(issuer_kid).to_bytes(1, "big") + issuer_kid + credential_id).digest()


class ReplayCache:
    """Remembers used e-IDs until they expire."""

    def __init__(self, database: Database, *, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self._database = database
        self._max_entries = max_entries

    def seen(self, key: bytes, now: int) -> bool:
        """Whether ``key`` was used and has not expired yet."""
        with self._database.session() as session:
            entry = session.get(ReplayEntry, key)
            return entry is not None and entry.expires_at >= now

    def used_at(self, key: bytes, now: int) -> int | None:
        """When ``key`` was used here (epoch seconds), while its entry lives; None when it was
        not used, has expired, or was recorded before the time was kept."""
        with self._database.session() as session:
            entry = session.get(ReplayEntry, key)
            if entry is None or entry.expires_at < now:
                return None
            return entry.used_at

    def record(self, key: bytes, expires_at: int, now: int) -> bool:
        """Record a use at ``now``; False when the key was already recorded and still live (a
        replay)."""
        with self._database.session() as session:
            session.execute(delete(ReplayEntry).where(ReplayEntry.expires_at < now))
            existing = session.get(ReplayEntry, key)
            if existing is not None:
                return False
            session.add(ReplayEntry(key=key, expires_at=expires_at, used_at=now))
            session.flush()
            count = session.scalar(select(func.count()).select_from(ReplayEntry)) or 0
            if count > self._max_entries:
                oldest = (
                    select(ReplayEntry.key)
                    .order_by(ReplayEntry.expires_at)
                    .limit(count - self._max_entries)
                    .scalar_subquery()
                )
                session.execute(delete(ReplayEntry).where(ReplayEntry.key.in_(oldest)))
        return True

    def __len__(self) -> int:
        with self._database.session() as session:
            return session.scalar(select(func.count()).select_from(ReplayEntry)) or 0

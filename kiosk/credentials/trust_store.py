"""The installed trust list, kept in the local database and re-verified whenever it is loaded.

Installing a list checks its signature against the pinned anchor and refuses a rollback: a
sequence number lower than the installed one, or the same number with different content. The
signed bytes are what is stored, so a tampered database fails verification at the next start.

Thread contract: any thread; each call opens its own database session. The parsed list is
cached in memory (an immutable object, replaced atomically on install).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from kiosk.credentials.trustlist import (
    MAX_TRUST_LIST_BYTES,
    TrustList,
    TrustListError,
    TrustListProblem,
    parse_trust_list,
)
from kiosk.store.database import Database
from kiosk.store.models import TrustListRecord

_log = logging.getLogger(__name__)
_ROW_ID = 1


@dataclass(frozen=True)
class InstallOutcome:
    trust_list: TrustList
    changed: bool  # False when the same list was already installed


class TrustStore:
    """The terminal's current trust list."""

    def __init__(self, database: Database, anchor: PublicKeyTypes, *, demo_mode: bool) -> None:
        self._database = database
        self._anchor = anchor
        self._demo_mode = demo_mode
        self._lock = threading.Lock()
        self._cached: TrustList | None = None
        self._loaded = False

    def current(self) -> TrustList | None:
        """The installed list, verified again when first read; None if none is usable."""
        with self._lock:
            if not self._loaded:
                self._cached = self._load()
                self._loaded = True
            return self._cached

    def _load(self) -> TrustList | None:
        with self._database.session() as session:
            record = session.get(TrustListRecord, _ROW_ID)
            content = record.content if record else None
        if content is None:
            return None
        try:
            return parse_trust_list(content, self._anchor, demo_mode=self._demo_mode)
        except TrustListError as error:
            # A stored list that no longer verifies (anchor changed, database tampered with)
            # is as good as none: credentials are refused until a good list is installed.
            _log.error("stored trust list refused: %s", error)
            return None

    def install(self, content: bytes, now: datetime) -> InstallOutcome:
        """Verify and store a trust list; raises TrustListError (nothing changes then)."""
        candidate = parse_trust_list(content, self._anchor, demo_mode=self._demo_mode)
        with self._lock, self._database.session() as session:
            record = session.get(TrustListRecord, _ROW_ID)
            if record is not None:
                if candidate.sequence < record.sequence:
                    raise TrustListError(
                        TrustListProblem.ROLLBACK,
                        f"sequence {candidate.sequence} is older than installed {record.sequence}",
                    )
                if candidate.sequence == record.sequence:
                    if candidate.content != record.content:
                        raise TrustListError(
                            TrustListProblem.CONFLICT,
                            f"sequence {candidate.sequence} is installed with other content",
                        )
                    self._cached, self._loaded = candidate, True
                    return InstallOutcome(candidate, changed=False)
            else:
                record = TrustListRecord(id=_ROW_ID)
                session.add(record)
            record.sequence = candidate.sequence
            record.issued_at = int(candidate.issued_at.timestamp())
            record.next_update = int(candidate.next_update.timestamp())
            record.content = candidate.content
            record.stored_at = int(now.timestamp())
        with self._lock:
            self._cached, self._loaded = candidate, True
        _log.info("trust list %d installed", candidate.sequence)
        return InstallOutcome(candidate, changed=True)

    def install_file(self, path: Path, now: datetime) -> InstallOutcome:
        """Install a trust list a technician brought on a file (not read if it is too large)."""
        if path.stat().st_size > MAX_TRUST_LIST_BYTES:
            raise TrustListError(
                TrustListProblem.MALFORMED, f"larger than {MAX_TRUST_LIST_BYTES} bytes"
            )
        return self.install(path.read_bytes(), now)

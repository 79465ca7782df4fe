"""Receipts the terminal keeps: the ones waiting for a reprint, and the ids already printed.

When a receipt cannot be printed the citizen sees it on screen (with its QR code to
photograph) and the terminal keeps it here as ``pending``, so a technician can print it later
(``kiosk printer reprint``). Once printed, the row keeps only the job id and time (the document
is dropped), which makes "never printed twice" hold across restarts, not only within one printer
driver's memory. Rows older than ``RETENTION_DAYS`` are purged.

The stored document is the masked record of ``kiosk.domain.receipt_records`` (no more than the
paper shows), encrypted with the terminal's local key under the job id, so a copied database
file shows nothing.

Thread contract: any thread; each call opens its own session (database I/O: not the GUI thread).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, select

from kiosk.domain.receipt import Printable
from kiosk.domain.receipt_records import RecordError, from_record, kind_of, to_record
from kiosk.runtime.clock import Clock
from kiosk.store.database import Database
from kiosk.store.models import ReceiptRecord

RETENTION_DAYS = 30
PENDING = "pending"
PRINTED = "printed"


class Cipher(Protocol):
    """Authenticated encryption bound to associated data (``kiosk.sync.sealing.LocalKey``)."""

    def encrypt(self, plaintext: bytes, associated: bytes) -> bytes: ...

    def decrypt(self, ciphertext: bytes, associated: bytes) -> bytes:
        """Raises ``error`` when the ciphertext does not decrypt."""
        ...

    @property
    def error(self) -> type[Exception]: ...


@dataclass(frozen=True)
class PendingReceipt:
    """A receipt waiting for a reprint, as a technician lists it (no personal data)."""

    job_id: str
    kind: str
    created_at: int
    problem: str | None


class ReceiptArchive:
    """The ``receipts`` table."""

    def __init__(self, database: Database, cipher: Cipher, clock: Clock) -> None:
        self._database = database
        self._cipher = cipher
        self._clock = clock

    def _now(self) -> int:
        return int(self._clock.now().timestamp())

    def keep_for_reprint(self, job_id: str, document: Printable, problem: str) -> None:
        """Keep ``document`` as pending under ``job_id`` (again: its problem is updated).
        A job already printed stays printed."""
        sealed = self._cipher.encrypt(
            json.dumps(to_record(document), ensure_ascii=False).encode("utf-8"),
            job_id.encode("utf-8"),
        )
        with self._database.session() as session:
            row = session.get(ReceiptRecord, job_id)
            if row is None:
                session.add(
                    ReceiptRecord(
                        job_id=job_id,
                        kind=kind_of(document),
                        status=PENDING,
                        document=sealed,
                        problem=problem[:32],
                        created_at=self._now(),
                        printed_at=None,
                    )
                )
            elif row.status == PENDING:
                row.problem = problem[:32]

    def mark_printed(self, job_id: str, kind: str) -> None:
        """Record that ``job_id`` is on paper; its document is dropped."""
        with self._database.session() as session:
            row = session.get(ReceiptRecord, job_id)
            if row is None:
                row = ReceiptRecord(job_id=job_id, kind=kind, created_at=self._now())
                session.add(row)
            row.status = PRINTED
            row.document = None
            row.problem = None
            row.printed_at = self._now()

    def is_printed(self, job_id: str) -> bool:
        with self._database.session() as session:
            row = session.get(ReceiptRecord, job_id)
            return row is not None and row.status == PRINTED

    def pending(self, limit: int = 200) -> list[PendingReceipt]:
        """Receipts waiting for a reprint, oldest first."""
        query = (
            select(ReceiptRecord)
            .where(ReceiptRecord.status == PENDING)
            .order_by(ReceiptRecord.created_at, ReceiptRecord.job_id)
            .limit(limit)
        )
        with self._database.session() as session:
            return [
                PendingReceipt(row.job_id, row.kind, row.created_at, row.problem)
                for row in session.scalars(query)
            ]

    def load(self, job_id: str) -> Printable | None:
        """The pending document under ``job_id``; None when there is none or it is unreadable
        (a damaged row is reported as missing rather than printed wrongly)."""
        with self._database.session() as session:
            row = session.get(ReceiptRecord, job_id)
            if row is None or row.status != PENDING or row.document is None:
                return None
            sealed = row.document
        try:
            plain = self._cipher.decrypt(sealed, job_id.encode("utf-8"))
            return from_record(json.loads(plain))
        except (ValueError, RecordError, self._cipher.error):
            return None

    def purge(self) -> int:
        """Forget rows older than ``RETENTION_DAYS``; returns how many."""
        cutoff = self._now() - RETENTION_DAYS * 86400
        with self._database.session() as session:
            result = session.execute(delete(ReceiptRecord).where(ReceiptRecord.created_at < cutoff))
            return int(getattr(result, "rowcount", 0) or 0)

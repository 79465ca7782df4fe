"""The durable outbox: applications, check-ins and calls for staff wait here until the platform
has them.

Nothing is lost and nothing is sent twice (DESIGN §5, §6):

- ``enqueue`` seals the personal payload to the platform's key, encrypts the receipt summary with
  the terminal's local key, makes the idempotency key and the local reference, and commits it all
  in one SQLite transaction (WAL, ``synchronous=FULL``) before it returns: once the citizen sees
  "submitted", a power cut cannot take it back. The request body is built then and never again,
  so every retry sends the same bytes under the same key (HPKE output is randomised; re-sealing
  would turn a retry into a 409).
- Delivery is strictly oldest first, one sender at a time (the sender lock, a ``FileLock`` from
  ``kiosk.runtime.file_lock``). ``claim`` writes ``sending`` and counts the attempt *before* the
  request goes out, so a crash mid-send leaves a record that is sent again (the platform answers
  a repeat with its original answer).
- Failures back off exponentially with full jitter up to a cap; Retry-After is honoured. Only
  failures the platform itself produced count towards the dead-letter bound; a network outage
  never turns an application into a dead letter. A permanent refusal makes the record a dead
  letter and the queue moves on; dead letters stay visible and can be re-queued.
- On acknowledgement the sealed body is deleted; only the encrypted summary and the platform's
  answer (acceptance number, promised date) remain.

Thread contract: an ``Outbox`` may be shared between threads; each call opens its own session.
"""

from __future__ import annotations

import base64
import enum
import json
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import Clock
from kiosk.store.database import Database
from kiosk.store.models import OutboxRecord
from kiosk.sync.errors import NotAuthorisedError, PlatformError, RetryableError
from kiosk.sync.sealing import (
    MAX_SEALED_BYTES,
    LocalKey,
    SealContext,
    SealingPublicKey,
    seal,
)

MAX_BODY_BYTES = 512 * 1024
"""The platform's request body limit (413 above it)."""


class Status(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    RETRY = "retry"
    DEAD = "dead"


class Kind(enum.StrEnum):
    APPLICATION = "application"
    CHECKIN = "checkin"
    HELP = "help"  # a citizen's call for staff (kiosk.sync.help_requests): no personal data
    CHECKOUT = "checkout"  # a hotel guest's check-out, naming the check-in's local reference


_WAITING = (Status.PENDING, Status.SENDING, Status.RETRY)
# What the terminal keeps of the platform's acknowledgement: numbers and dates, nothing personal.
_ANSWER_FIELDS = (
    "acceptance_number",
    "checkin_number",
    "help_number",
    "checkout_number",
    "checked_out_at",
    "state",
    "accepted_at",
    "recorded_at",
    "received_at",
    "promised_date",
    "promised_date_estimated",
)


@dataclass(frozen=True)
class RetryPolicy:
    max_failures: int = 20
    base_s: float = 2.0
    cap_s: float = 300.0
    not_authorised_pause_s: float = 300.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Full jitter (AWS architecture blog, 2015): uniform over [0, min(cap, base·2^n)]."""
        bound = min(self.cap_s, self.base_s * 2.0 ** max(0, min(attempt - 1, 30)))
        return rng.uniform(0.0, bound)


@dataclass(frozen=True)
class Queued:
    id: int
    local_reference: str
    idempotency_key: str


@dataclass(frozen=True)
class Claim:
    id: int
    kind: Kind
    idempotency_key: str
    body: bytes
    attempts: int


@dataclass(frozen=True)
class Entry:
    """A record as a technician sees it (no personal data)."""

    id: int
    kind: str
    local_reference: str
    item_code: str | None
    status: Status
    attempts: int
    failures: int
    next_attempt_at: float
    last_error: str | None
    created_at: int
    sent_at: int | None
    answer: dict[str, Any] | None


@dataclass(frozen=True)
class SealedRecord:
    """A record still to be delivered, as it is sent: the request body (personal data only
    inside its sealed part) and its idempotency key. For a technician's export."""

    id: int
    kind: str
    local_reference: str
    status: Status
    idempotency_key: str
    created_at: int
    attempts: int
    failures: int
    last_error: str | None
    body: bytes


class PayloadTooLarge(ValueError):
    """The application is larger than the platform accepts (docs/platform-api.md)."""


class NotConfigured(Exception):
    """The terminal has no platform sealing key yet (it is not enrolled)."""


class Outbox:
    def __init__(
        self,
        database: Database,
        *,
        terminal_id: str,
        sealing_key: SealingPublicKey | None,
        local_key: LocalKey,
        clock: Clock,
        rng: random.Random | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self._database = database
        self._terminal_id = terminal_id
        self._sealing_key = sealing_key
        self._local_key = local_key
        self._clock = clock
        self._rng = rng or random.Random()  # noqa: S311 - retry jitter, not secrets
        self._policy = policy or RetryPolicy()

    def use_sealing_key(self, sealing_key: SealingPublicKey) -> None:
        """Seal new records to ``sealing_key`` (the platform published a new, signed key).
        Records already queued keep their bytes: the platform keeps its retired keys and still
        opens them (docs/platform-api.md, "Platform keys")."""
        self._sealing_key = sealing_key

    @property
    def can_seal(self) -> bool:
        """Whether records can be queued: the platform's sealing key is known (enrolled)."""
        return self._sealing_key is not None

    # ------------------------------------------------------------------ citizen side

    def enqueue(
        self,
        kind: Kind,
        *,
        payload: dict[str, Any],
        summary: dict[str, Any],
        item_code: str | None = None,
    ) -> Queued:
        """Seal and store one record durably; returns its local reference. Raises NotConfigured
        before enrolment, StoreError-family SQLAlchemy errors if the disk fails."""
        (queued,) = self.enqueue_together(kind, [(payload, summary, item_code)])
        return queued

    def enqueue_together(
        self,
        kind: Kind,
        records: list[tuple[dict[str, Any], dict[str, Any], str | None]],
        *,
        also: Callable[[Session, list[Queued]], None] | None = None,
    ) -> list[Queued]:
        """Seal and store several records (payload, summary, item code) in one transaction:
        all of them are queued, or none (a bundle's applications: the citizen is never told
        "nothing was sent" while part of it waits to be sent). ``also`` writes what belongs
        with them (a hotel register's stay) in the same transaction, given their references:
        both are kept, or neither. Raises as ``enqueue`` (and whatever ``also`` raises)."""
        if self._sealing_key is None:
            raise NotConfigured("no platform sealing key: enrol the terminal first")
        sealing_key = self._sealing_key
        now = self._clock.now()
        queued: list[Queued] = []
        with self._database.session() as session:
            for payload, summary, item_code in records:
                key = uuid.uuid4().hex
                summary_bytes = self._local_key.encrypt(_json(summary), key.encode("ascii"))
                record = OutboxRecord(
                    idempotency_key=key,
                    kind=kind.value,
                    local_reference=f"pending-{key}",
                    item_code=item_code,
                    body=None,
                    summary=summary_bytes,
                    status=Status.PENDING.value,
                    attempts=0,
                    failures=0,
                    next_attempt_at=now.timestamp(),
                    created_at=int(now.timestamp()),
                )
                session.add(record)
                session.flush()  # the id is the sequence number and part of the reference
                day = now.astimezone(CHINA_TIME).strftime("%Y%m%d")
                reference = f"{self._terminal_id}-{day}-{record.id:06d}"
                sealed = seal(
                    _json({"kind": kind.value, "local_reference": reference, "payload": payload}),
                    sealing_key,
                    SealContext(kind.value, self._terminal_id, reference, key),
                )
                body: dict[str, Any] = {
                    "local_reference": reference,
                    "sequence": record.id,
                    "queued_at": now.astimezone(CHINA_TIME).isoformat(timespec="seconds"),
                    "sealed": base64.b64encode(sealed).decode("ascii"),
                }
                if kind is Kind.APPLICATION:
                    body["item_code"] = item_code
                body_bytes = _json(body)
                if len(sealed) > MAX_SEALED_BYTES or len(body_bytes) > MAX_BODY_BYTES:
                    # Refused now (nothing is stored: the session rolls back), while the
                    # citizen is still there, not as a dead letter the platform never accepts.
                    raise PayloadTooLarge(f"sealed payload of {len(sealed)} bytes")
                record.local_reference = reference
                record.body = body_bytes
                queued.append(Queued(record.id, reference, key))
            if also is not None:
                also(session, queued)
        return queued

    # ------------------------------------------------------------------ sender side

    def recover(self) -> int:
        """After a crash: records left ``sending`` are to be sent again. Returns how many."""
        with self._database.session() as session:
            result = session.execute(
                update(OutboxRecord)
                .where(OutboxRecord.status == Status.SENDING.value)
                .values(status=Status.RETRY.value, last_error="interrupted")
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def claim(self) -> Claim | float | None:
        """The oldest waiting record, marked ``sending`` with its attempt counted (committed
        before the caller sends it); or the epoch time at which it is due; or None if the queue
        is empty. A call for staff goes before everything else (a citizen is waiting at the
        terminal; a backlog or a record in its back-off must not hold it); within a kind the
        oldest goes first. Call only while holding the sender lock."""
        now = self._clock.now().timestamp()
        with self._database.session() as session:
            record = session.scalars(
                select(OutboxRecord)
                .where(OutboxRecord.status.in_([s.value for s in _WAITING]))
                .order_by(case((OutboxRecord.kind == Kind.HELP.value, 0), else_=1), OutboxRecord.id)
                .limit(1)
            ).first()
            if record is None:
                return None
            if record.next_attempt_at > now:
                return record.next_attempt_at
            if record.body is None:  # cannot happen for a waiting record (constraint-guarded)
                raise RuntimeError(f"outbox record {record.id} has no body")
            record.status = Status.SENDING.value
            record.attempts += 1
            return Claim(
                record.id, Kind(record.kind), record.idempotency_key, record.body, record.attempts
            )

    def mark_sent(self, record_id: int, answer: dict[str, Any]) -> None:
        """The platform has the record: drop the sealed body, keep the acknowledgement."""
        kept = {name: answer[name] for name in _ANSWER_FIELDS if name in answer}
        with self._database.session() as session:
            record = session.get(OutboxRecord, record_id)
            if record is None:
                return
            record.status = Status.SENT.value
            record.body = None
            record.answer = json.dumps(kept, ensure_ascii=False)
            record.sent_at = int(self._clock.now().timestamp())
            record.last_error = None

    def mark_failed(self, record_id: int, error: PlatformError) -> Status:
        """Record a failed attempt: retry later with backoff, or dead letter. Returns the new
        status."""
        now = self._clock.now().timestamp()
        with self._database.session() as session:
            record = session.get(OutboxRecord, record_id)
            if record is None:
                return Status.DEAD
            record.last_error = error.code[:64]
            if isinstance(error, NotAuthorisedError):
                record.status = Status.RETRY.value
                record.next_attempt_at = now + self._policy.not_authorised_pause_s
            elif isinstance(error, RetryableError):
                # 429 says "later", not "broken": it never counts towards a dead letter.
                if error.reached_platform and error.status != 429:
                    record.failures += 1
                if record.failures >= self._policy.max_failures:
                    record.status = Status.DEAD.value
                else:
                    delay = self._policy.delay(record.attempts, self._rng)
                    if error.retry_after_s is not None:
                        delay = max(delay, error.retry_after_s)
                    record.status = Status.RETRY.value
                    record.next_attempt_at = now + delay
            else:
                record.status = Status.DEAD.value
            return Status(record.status)

    # ------------------------------------------------------------------ technician side

    def retry_now(self) -> int:
        """Make every waiting record due now ("send now", or the platform is reachable again)."""
        now = self._clock.now().timestamp()
        with self._database.session() as session:
            result = session.execute(
                update(OutboxRecord)
                .where(OutboxRecord.status.in_([Status.RETRY.value, Status.PENDING.value]))
                .where(OutboxRecord.next_attempt_at > now)
                .values(next_attempt_at=now)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def requeue(self, local_reference: str) -> bool:
        """Put a dead letter back in the queue (at its original place). False if no such dead
        letter."""
        now = self._clock.now().timestamp()
        with self._database.session() as session:
            result = session.execute(
                update(OutboxRecord)
                .where(OutboxRecord.local_reference == local_reference)
                .where(OutboxRecord.status == Status.DEAD.value)
                .values(status=Status.RETRY.value, failures=0, next_attempt_at=now)
            )
            return bool(getattr(result, "rowcount", 0))

    def counts(self) -> dict[Status, int]:
        with self._database.session() as session:
            rows = session.execute(
                select(OutboxRecord.status, func.count()).group_by(OutboxRecord.status)
            ).all()
        counts = dict.fromkeys(Status, 0)
        for status, count in rows:
            counts[Status(status)] = int(count)
        return counts

    def backlog(self) -> tuple[int, int]:
        """(records still to be delivered, dead letters), without counting the sent history:
        the status index answers it however many records were ever sent."""
        wanted = [s.value for s in (*_WAITING, Status.DEAD)]
        with self._database.session() as session:
            rows = session.execute(
                select(OutboxRecord.status, func.count())
                .where(OutboxRecord.status.in_(wanted))
                .group_by(OutboxRecord.status)
            ).all()
        counts = {Status(status): int(count) for status, count in rows}
        return sum(counts.get(s, 0) for s in _WAITING), counts.get(Status.DEAD, 0)

    def depth(self) -> int:
        """Records still to be delivered (pending, sending, retry)."""
        return self.backlog()[0]

    def entries(self, statuses: tuple[Status, ...] | None = None, limit: int = 200) -> list[Entry]:
        query = select(OutboxRecord).order_by(OutboxRecord.id).limit(limit)
        if statuses:
            query = query.where(OutboxRecord.status.in_([s.value for s in statuses]))
        with self._database.session() as session:
            return [_entry(record) for record in session.scalars(query)]

    def sealed_records(
        self, statuses: tuple[Status, ...], *, page: int = 50
    ) -> Iterator[SealedRecord]:
        """Every record in ``statuses`` that still has its request body, oldest first, read
        ``page`` records at a time (each page its own session: bodies may be large)."""
        after = 0
        while True:
            query = (
                select(OutboxRecord)
                .where(OutboxRecord.status.in_([s.value for s in statuses]))
                .where(OutboxRecord.body.is_not(None))
                .where(OutboxRecord.id > after)
                .order_by(OutboxRecord.id)
                .limit(page)
            )
            with self._database.session() as session:
                batch = [
                    SealedRecord(
                        record.id,
                        record.kind,
                        record.local_reference,
                        Status(record.status),
                        record.idempotency_key,
                        record.created_at,
                        record.attempts,
                        record.failures,
                        record.last_error,
                        bytes(record.body or b""),
                    )
                    for record in session.scalars(query)
                ]
            yield from batch
            if len(batch) < page:
                return
            after = batch[-1].id

    def entry(self, local_reference: str) -> Entry | None:
        """The record queued under ``local_reference``, or None."""
        with self._database.session() as session:
            record = session.scalars(
                select(OutboxRecord).where(OutboxRecord.local_reference == local_reference)
            ).first()
            return _entry(record) if record is not None else None

    def summary(self, local_reference: str) -> dict[str, Any] | None:
        """The decrypted receipt summary of a record (for a reprint), or None."""
        with self._database.session() as session:
            record = session.scalars(
                select(OutboxRecord).where(OutboxRecord.local_reference == local_reference)
            ).first()
            if record is None:
                return None
            summary, key = record.summary, record.idempotency_key
        value = json.loads(self._local_key.decrypt(summary, key.encode("ascii")))
        return value if isinstance(value, dict) else None


def _json(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _entry(record: OutboxRecord) -> Entry:
    answer = json.loads(record.answer) if record.answer else None
    return Entry(
        record.id,
        record.kind,
        record.local_reference,
        record.item_code,
        Status(record.status),
        record.attempts,
        record.failures,
        record.next_attempt_at,
        record.last_error,
        record.created_at,
        record.sent_at,
        answer if isinstance(answer, dict) else None,
    )

"""The tables of the terminal's database, as typed SQLAlchemy ORM classes.

The schema itself is created and changed only by the Alembic migrations in
``kiosk.store.migrations``; these classes must describe exactly what the migrations build
(``tests/unit/test_store.py`` compares the two). Changing a class means adding a revision.
Timestamps are integer epoch seconds (UTC), which SQLite stores and compares natively.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Deterministic constraint names, so a later migration can drop or alter them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

TRUST_LIST_ROW_ID = 1
REPLAY_KEY_LENGTH = 32
HOTEL_KEY_ROW_ID = 1
HOTEL_LOOKUP_LENGTH = 32
AUDIT_HASH_LENGTH = 64
LOCKOUT_ROW_ID = 1


class Base(DeclarativeBase):
    """Base of every table; its metadata is the migrations' autogenerate target."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TrustListRecord(Base):
    """The current signed trust list (a single row, id=1) exactly as received, for re-verification
    at every start, plus what the terminal needs without re-parsing."""

    __tablename__ = "trust_list"
    __table_args__ = (CheckConstraint(f"id = {TRUST_LIST_ROW_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(
        primary_key=True, autoincrement=False, default=TRUST_LIST_ROW_ID
    )
    sequence: Mapped[int]
    """The trust list's sequence number (rollback protection)."""
    issued_at: Mapped[int]
    """Epoch seconds."""
    next_update: Mapped[int]
    """Epoch seconds."""
    content: Mapped[bytes]
    """The signed COSE bytes."""
    stored_at: Mapped[int]
    """Epoch seconds when this terminal stored it."""


class ReplayEntry(Base):
    """A dynamic e-ID already used on this terminal, until its validity window has passed."""

    __tablename__ = "replay_cache"
    __table_args__ = (CheckConstraint(f"length(key) = {REPLAY_KEY_LENGTH}", name="key_length"),)

    key: Mapped[bytes] = mapped_column(primary_key=True)
    """SHA-256 digest (32 bytes) identifying the credential."""
    expires_at: Mapped[int] = mapped_column(index=True)
    """Epoch seconds; pruning deletes by it."""
    used_at: Mapped[int | None]
    """Epoch seconds when the code was used here (None: recorded before revision 0005)."""


OUTBOX_KINDS = ("application", "checkin", "help", "checkout")
OUTBOX_STATUSES = ("pending", "sending", "sent", "retry", "dead")


class OutboxRecord(Base):
    """One application, check-in or call for staff (``help``) waiting for (or done with)
    delivery to the platform.

    ``body`` is the exact request body, whose personal part is sealed to the platform; it is
    deleted (NULL) once the platform has acknowledged the record, leaving only ``summary`` (the
    receipt summary, encrypted with the terminal's local key) and ``answer`` (the platform's
    acknowledgement: acceptance number and promised date, no personal data).
    """

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(f"kind IN {OUTBOX_KINDS!r}", name="kind"),
        CheckConstraint(f"status IN {OUTBOX_STATUSES!r}", name="status"),
        CheckConstraint("status != 'sent' OR body IS NULL", name="sent_has_no_body"),
        Index("ix_outbox_status_id", "status", "id"),
        # AUTOINCREMENT: ids (the terminal's sequence numbers) are never reused.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    """Queue order and the per-terminal sequence number sent to the platform."""
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    local_reference: Mapped[str] = mapped_column(String(64), unique=True)
    item_code: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[bytes | None]
    summary: Mapped[bytes]
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    """Every delivery attempt (drives the backoff)."""
    failures: Mapped[int] = mapped_column(default=0)
    """Attempts the platform answered badly (5xx, 429, unreadable); the dead-letter bound."""
    next_attempt_at: Mapped[float] = mapped_column(Float)
    """Epoch seconds."""
    last_error: Mapped[str | None] = mapped_column(String(64))
    """An error code (never a message that could carry personal data)."""
    created_at: Mapped[int]
    sent_at: Mapped[int | None]
    answer: Mapped[str | None] = mapped_column(Text)


class PlatformDocument(Base):
    """The last good copy of a document synced from the platform (catalog, calendar, trust list)."""

    __tablename__ = "platform_documents"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(200))
    version: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes]
    """The signed bytes as received (verified again when loaded)."""
    fetched_at: Mapped[int]
    checked_at: Mapped[int]


class ReceiptRecord(Base):
    """A printed document the terminal keeps: for a reprint while it is ``pending`` (printing
    failed; the citizen saw it on screen), and its id once ``printed`` so it is never printed
    twice. The document is encrypted with the terminal's local key and already masked; it is
    dropped (NULL) once printed."""

    __tablename__ = "receipts"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'printed')", name="status"),
        CheckConstraint("kind IN ('receipt', 'slip', 'test')", name="kind"),
        Index("ix_receipts_status_created_at", "status", "created_at"),
    )

    job_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    document: Mapped[bytes | None]
    problem: Mapped[str | None] = mapped_column(String(32))
    """The printer state code that stopped the last attempt."""
    created_at: Mapped[int]
    printed_at: Mapped[int | None]


class HotelRegisterKey(Base):
    """The hotel register's lookup secret (a single row, id=1), encrypted with the terminal's
    local key: the key of the keyed hashes in ``hotel_guests.lookup``."""

    __tablename__ = "hotel_register_key"
    __table_args__ = (CheckConstraint(f"id = {HOTEL_KEY_ROW_ID}", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=HOTEL_KEY_ROW_ID)
    sealed: Mapped[bytes]
    created_at: Mapped[int]


class HotelStay(Base):
    """A room's stay in the hotel desk's register: what is not personal (room, dates, counts,
    the outbox references of its check-in and check-out). Its guests are ``HotelGuest`` rows.
    Deleted with its guests once it ended longer ago than the retention period."""

    __tablename__ = "hotel_stays"
    __table_args__ = (
        CheckConstraint("departure > arrival", name="nights"),
        CheckConstraint("guests >= 1 AND minors >= 0 AND minors <= guests", name="counts"),
        CheckConstraint("(checked_out_at IS NULL) = (checked_out_on IS NULL)", name="checked_out"),
        Index("ix_hotel_stays_arrival", "arrival"),
        Index("ix_hotel_stays_departure", "departure"),
        Index("ix_hotel_stays_checked_out_on", "checked_out_on"),
        # AUTOINCREMENT: a stay id (on the guest's slip) is never handed out twice.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    room: Mapped[str] = mapped_column(String(16))
    arrival: Mapped[date]
    departure: Mapped[date]
    guests: Mapped[int]
    minors: Mapped[int]
    saved_at: Mapped[int]
    """Epoch seconds."""
    checked_out_at: Mapped[int | None]
    """Epoch seconds; None while the guests are in house."""
    checked_out_on: Mapped[date | None]
    """The Beijing day of ``checked_out_at``."""
    checkin_reference: Mapped[str] = mapped_column(String(64), unique=True)
    checkout_reference: Mapped[str | None] = mapped_column(String(64), unique=True)


class HotelGuest(Base):
    """A guest of a stay: everything about them encrypted with the local key (bound to the
    stay and position), and a keyed hash of their credential and number to find the same
    person in another room without decrypting every row."""

    __tablename__ = "hotel_guests"
    __table_args__ = (
        CheckConstraint(f"length(lookup) = {HOTEL_LOOKUP_LENGTH}", name="lookup_length"),
        Index("ix_hotel_guests_lookup", "lookup"),
    )

    stay_id: Mapped[int] = mapped_column(
        ForeignKey("hotel_stays.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    lookup: Mapped[bytes]
    """HMAC-SHA256 of the credential type and the number, under the register's secret."""
    sealed: Mapped[bytes]


class HotelDayCount(Base):
    """What the register keeps of a day after its stays are purged: rooms arrived (stays saved
    with that arrival day), their guests and minors, and rooms checked out that day."""

    __tablename__ = "hotel_day_counts"

    day: Mapped[date] = mapped_column(primary_key=True)
    arrivals: Mapped[int] = mapped_column(default=0)
    departures: Mapped[int] = mapped_column(default=0)
    guests: Mapped[int] = mapped_column(default=0)
    minors: Mapped[int] = mapped_column(default=0)


class AuditRecord(Base):
    """One entry of the technician audit log (``kiosk.technician.audit``): who did what and
    when, chained to the entry before it by ``previous_hash``. Never updated or deleted."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(f"length(hash) = {AUDIT_HASH_LENGTH}", name="hash_length"),
        CheckConstraint(
            f"previous_hash = '' OR length(previous_hash) = {AUDIT_HASH_LENGTH}",
            name="previous_hash_length",
        ),
        # AUTOINCREMENT: a sequence number is never handed out twice, and sqlite_sequence keeps
        # the highest one used, so that entries removed at the end are noticed.
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[int]
    """Epoch seconds."""
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text)
    """Canonical JSON object of short keys and values (nothing personal)."""
    previous_hash: Mapped[str] = mapped_column(String(64))
    """The previous entry's hash ('' for the first)."""
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    """SHA-256 hex of the entry's canonical encoding, previous hash included."""


class TechnicianLockout(Base):
    """The technician PIN's lockout (a single row, id=1): consecutive wrong PINs, until when
    the PIN is refused, and when the last wrong PIN came (``kiosk.technician.pin``). Epoch
    seconds."""

    __tablename__ = "technician_lockout"
    __table_args__ = (
        CheckConstraint(f"id = {LOCKOUT_ROW_ID}", name="single_row"),
        CheckConstraint("failures >= 0", name="failures"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=LOCKOUT_ROW_ID)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[float | None] = mapped_column(Float)
    last_failure_at: Mapped[float | None] = mapped_column(Float)

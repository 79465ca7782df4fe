"""The reference platform's tables (SQLAlchemy 2 typed ORM), for SQLite and PostgreSQL alike.

Times are epoch seconds (BigInteger, past 2038); the promised date is a calendar date in
Beijing time. Sealed payloads are stored as received and never logged.

Thread contract: ORM objects belong to the session (and so the thread) that loaded them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from kiosk.hotel.report_check import MAX_HOTEL_EN, MAX_HOTEL_ZH

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
STATES = ("accepted", "processing", "completed", "returned")
"""An application's current state. ``received`` is in its history only: the reference platform
accepts what it receives at once (docs/platform-api.md, "Status history")."""
HISTORY_STATES = ("received", *STATES)
RETURN_REASONS = ("materials_incomplete", "information_mismatch", "not_eligible", "other")
"""Why an application was returned: a closed set of codes the terminal translates."""
MAX_NOTE_LENGTH = 500


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Terminal(Base):
    """An enrolled terminal and its request-signing key."""

    __tablename__ = "terminals"

    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_key_pem: Mapped[str] = mapped_column(Text)
    enrolled_at: Mapped[int] = mapped_column(BigInteger)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    last_heartbeat_at: Mapped[int | None] = mapped_column(BigInteger)
    last_heartbeat: Mapped[str | None] = mapped_column(Text)
    status_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The key the terminal tags its receipts' status codes with (made at first enrolment)."""
    audit_break_at: Mapped[int | None] = mapped_column(BigInteger)
    """When a heartbeat first showed the terminal's audit log cut or rewritten
    (``refplatform.server.audit_watch``); null until then and again once an operator has
    acknowledged it."""
    audit_break: Mapped[str | None] = mapped_column(Text)
    """The audit figures before and after that break (JSON, ``audit_watch.AuditBreak``)."""


class EnrolmentCode(Base):
    """A one-time enrolment code, kept only as its SHA-256."""

    __tablename__ = "enrolment_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(String(64), index=True)
    code_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    used_at: Mapped[int | None] = mapped_column(BigInteger)


class SeenNonce(Base):
    """A signature nonce seen from a terminal, kept until it could no longer be accepted."""

    __tablename__ = "seen_nonces"

    terminal_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)


class DailySerial(Base):
    """The last serial handed out for a number prefix (``CQ``, ``CQRZ``) on a day."""

    __tablename__ = "daily_serials"

    prefix: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class Application(Base):
    """A received application; ``id`` is the order of receipt."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("terminal_id", "idempotency_key", name="uq_applications_idempotency"),
        # One record per terminal and local reference: a version 1 payload (not bound to its
        # Idempotency-Key) sent again under a new key must not make a second record.
        UniqueConstraint("terminal_id", "local_reference", name="uq_applications_reference"),
        CheckConstraint(f"state IN {STATES!r}", name="state"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    acceptance_number: Mapped[str] = mapped_column(String(32), unique=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.terminal_id"))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    request_sha256: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(BigInteger)
    local_reference: Mapped[str] = mapped_column(String(64))
    item_code: Mapped[str] = mapped_column(String(40))
    queued_at: Mapped[str] = mapped_column(String(40))
    accepted_at: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(16))
    promised_date: Mapped[date] = mapped_column(Date)
    promised_date_estimated: Mapped[bool] = mapped_column(Boolean)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)


class ApplicationEvent(Base):
    """One change of an application's state, in the order they happened (``id``). A return
    carries a reason code (``RETURN_REASONS``) and the operator's note as typed (for the
    citizen: operators write no personal data in it)."""

    __tablename__ = "application_events"
    __table_args__ = (
        CheckConstraint(f"state IN {HISTORY_STATES!r}", name="state"),
        CheckConstraint(
            f"(state = 'returned') = (reason IS NOT NULL) AND "
            f"(reason IS NULL OR reason IN {RETURN_REASONS!r})",
            name="reason",
        ),
        CheckConstraint("note IS NULL OR reason IS NOT NULL", name="note"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    state: Mapped[str] = mapped_column(String(16))
    at: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(String(MAX_NOTE_LENGTH))


class Checkin(Base):
    """A hotel check-in reported by a terminal; ``id`` is the order of receipt. Besides the
    sealed payload, as received, it keeps what an operator's list of stays shows, none of it
    personal: the hotel, the room, the dates, how many guests and minors, and when the room
    was checked out (null until then). Those are null for a check-in received before the
    platform read check-ins (revision 0007)."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("terminal_id", "idempotency_key", name="uq_checkins_idempotency"),
        UniqueConstraint("terminal_id", "local_reference", name="uq_checkins_reference"),
        # The operator's list of a day's stays: arrived on or before it, leaving after it.
        Index("ix_checkins_stay", "arrival", "departure"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    checkin_number: Mapped[str] = mapped_column(String(32), unique=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.terminal_id"))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    request_sha256: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(BigInteger)
    local_reference: Mapped[str] = mapped_column(String(64))
    queued_at: Mapped[str] = mapped_column(String(40))
    recorded_at: Mapped[int] = mapped_column(BigInteger)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    hotel_zh: Mapped[str | None] = mapped_column(String(MAX_HOTEL_ZH))
    hotel_en: Mapped[str | None] = mapped_column(String(MAX_HOTEL_EN))
    room: Mapped[str | None] = mapped_column(String(8))
    arrival: Mapped[date | None] = mapped_column(Date)
    departure: Mapped[date | None] = mapped_column(Date)
    guests: Mapped[int | None] = mapped_column(Integer)
    minors: Mapped[int | None] = mapped_column(Integer)
    checked_out_at: Mapped[int | None] = mapped_column(BigInteger)


class Checkout(Base):
    """A hotel check-out reported by a terminal: which check-in (of the same terminal) it ends
    and when the guests left (``checked_out_at``, the terminal's time); a stay is checked out
    once. The sealed payload (a reference and a time: nothing personal) is not kept once
    read."""

    __tablename__ = "checkouts"
    __table_args__ = (
        UniqueConstraint("terminal_id", "idempotency_key", name="uq_checkouts_idempotency"),
        UniqueConstraint("terminal_id", "local_reference", name="uq_checkouts_reference"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    checkout_number: Mapped[str] = mapped_column(String(32), unique=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.terminal_id"))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    request_sha256: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(BigInteger)
    local_reference: Mapped[str] = mapped_column(String(64))
    checkin_id: Mapped[int] = mapped_column(ForeignKey("checkins.id"), unique=True)
    queued_at: Mapped[str] = mapped_column(String(40))
    checked_out_at: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[int] = mapped_column(BigInteger)


class HelpRequest(Base):
    """A citizen's call for staff at a terminal: where they were (screen, journey, step), when
    they called (``called_at``, the terminal's ``queued_at``) and, once a member of staff has
    seen to it, ``handled_at``. No personal data; the sealed payload is not kept once read."""

    __tablename__ = "help_requests"
    __table_args__ = (
        UniqueConstraint("terminal_id", "idempotency_key", name="uq_help_requests_idempotency"),
        UniqueConstraint("terminal_id", "local_reference", name="uq_help_requests_reference"),
        # The operator's list: open requests (handled_at NULL), newest call first.
        Index("ix_help_requests_open", "handled_at", "called_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    help_number: Mapped[str] = mapped_column(String(32), unique=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.terminal_id"))
    idempotency_key: Mapped[str] = mapped_column(String(64))
    request_sha256: Mapped[str] = mapped_column(String(64))
    answer: Mapped[str] = mapped_column(Text)
    sequence: Mapped[int] = mapped_column(BigInteger)
    local_reference: Mapped[str] = mapped_column(String(64))
    screen: Mapped[str] = mapped_column(String(32))
    journey: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str | None] = mapped_column(String(32))
    called_at: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[int] = mapped_column(BigInteger)
    handled_at: Mapped[int | None] = mapped_column(BigInteger)


class RefusalCount(Base):
    """How many requests the platform refused for one reason (error code) on one day (UTC,
    ``YYYYMMDD``); written by ``refplatform.server.audit`` in batches, never per request."""

    __tablename__ = "refusal_counts"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    reason: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger)


class AdminAccount(Base):
    """The one admin account of the platform's web pages (``/admin/…``): its password as a
    self-describing scrypt hash (``refplatform.server.admin_login``) and the key its session
    cookies are signed with, new with every password (so setting one ends every session).
    Set with ``refplatform admin set-password``; the only row has ``id`` 1."""

    __tablename__ = "admin_account"
    __table_args__ = (CheckConstraint("id = 1", name="single"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    password_hash: Mapped[str] = mapped_column(String(200))
    session_key: Mapped[bytes] = mapped_column(LargeBinary)
    set_at: Mapped[int] = mapped_column(BigInteger)


class AdminAction(Base):
    """What an operator did on the platform, in order (``id``), as ``refplatform admin`` did it:
    so far only ``audit.acknowledged`` (``refplatform.server.audit_watch.acknowledge``).
    ``detail`` is a small JSON object, nothing personal. Rows are only ever added."""

    __tablename__ = "admin_actions"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(40))
    terminal_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)


class AdminSession(Base):
    """A signed-in browser: the SHA-256 of its session id (the cookie carries the id, signed)
    and when it ends. Signing out removes the row; expired rows go at the next sign-in."""

    __tablename__ = "admin_sessions"

    id_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger, index=True)

"""The tables of the terminal's database, as typed SQLAlchemy ORM classes.

The schema itself is created and changed only by the Alembic migrations in
``kiosk.store.migrations``; these classes must describe exactly what the migrations build
(``tests/unit/test_store.py`` compares the two). Changing a class means adding a revision.
Timestamps are integer epoch seconds (UTC), which SQLite stores and compares natively.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, MetaData
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

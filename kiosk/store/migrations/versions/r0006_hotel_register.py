"""The hotel desk's register: stays (room, dates, counts, the outbox references of their check-in
and check-out), their guests (encrypted with the local key, with a keyed hash of credential and
number), the register's lookup secret (a single row, encrypted), and per-day counts that outlive
the stays' retention.

New tables only; a downgrade drops them (and with them the register: the check-ins and
check-outs already queued stay in the outbox and are still delivered).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hotel_register_key",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_hotel_register_key_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_register_key")),
    )
    op.create_table(
        "hotel_stays",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("room", sa.String(length=16), nullable=False),
        sa.Column("arrival", sa.Date(), nullable=False),
        sa.Column("departure", sa.Date(), nullable=False),
        sa.Column("guests", sa.Integer(), nullable=False),
        sa.Column("minors", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.Integer(), nullable=False),
        sa.Column("checked_out_at", sa.Integer(), nullable=True),
        sa.Column("checked_out_on", sa.Date(), nullable=True),
        sa.Column("checkin_reference", sa.String(length=64), nullable=False),
        sa.Column("checkout_reference", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "(checked_out_at IS NULL) = (checked_out_on IS NULL)",
            name=op.f("ck_hotel_stays_checked_out"),
        ),
        sa.CheckConstraint(
            "guests >= 1 AND minors >= 0 AND minors <= guests", name=op.f("ck_hotel_stays_counts")
        ),
        sa.CheckConstraint("departure > arrival", name=op.f("ck_hotel_stays_nights")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hotel_stays")),
        sa.UniqueConstraint("checkin_reference", name=op.f("uq_hotel_stays_checkin_reference")),
        sa.UniqueConstraint("checkout_reference", name=op.f("uq_hotel_stays_checkout_reference")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("hotel_stays") as batch:
        batch.create_index("ix_hotel_stays_arrival", ["arrival"], unique=False)
        batch.create_index("ix_hotel_stays_checked_out_on", ["checked_out_on"], unique=False)
        batch.create_index("ix_hotel_stays_departure", ["departure"], unique=False)
    op.create_table(
        "hotel_guests",
        sa.Column("stay_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("lookup", sa.LargeBinary(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint("length(lookup) = 32", name=op.f("ck_hotel_guests_lookup_length")),
        sa.ForeignKeyConstraint(
            ["stay_id"],
            ["hotel_stays.id"],
            name=op.f("fk_hotel_guests_stay_id_hotel_stays"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("stay_id", "position", name=op.f("pk_hotel_guests")),
    )
    with op.batch_alter_table("hotel_guests") as batch:
        batch.create_index("ix_hotel_guests_lookup", ["lookup"], unique=False)
    op.create_table(
        "hotel_day_counts",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("arrivals", sa.Integer(), nullable=False),
        sa.Column("departures", sa.Integer(), nullable=False),
        sa.Column("guests", sa.Integer(), nullable=False),
        sa.Column("minors", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_hotel_day_counts")),
    )


def downgrade() -> None:
    op.drop_table("hotel_day_counts")
    with op.batch_alter_table("hotel_guests") as batch:
        batch.drop_index("ix_hotel_guests_lookup")
    op.drop_table("hotel_guests")
    with op.batch_alter_table("hotel_stays") as batch:
        batch.drop_index("ix_hotel_stays_departure")
        batch.drop_index("ix_hotel_stays_checked_out_on")
        batch.drop_index("ix_hotel_stays_arrival")
    op.drop_table("hotel_stays")
    op.drop_table("hotel_register_key")

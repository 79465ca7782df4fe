"""Hotel stays: a check-in keeps what an operator's list shows (hotel, room, dates, how many
guests and minors, when it was checked out), and check-outs are recorded
(``POST /api/v1/checkouts``). The new columns are null for the check-ins already held: their
sealed payloads were never read, and are not read now (the platform keeps their bytes as
received). A downgrade drops the check-outs and the new columns, keeping the check-ins.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 19:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STAY_COLUMNS = (
    ("hotel_zh", sa.String(length=40)),
    ("hotel_en", sa.String(length=80)),
    ("room", sa.String(length=8)),
    ("arrival", sa.Date()),
    ("departure", sa.Date()),
    ("guests", sa.Integer()),
    ("minors", sa.Integer()),
    ("checked_out_at", sa.BigInteger()),
)


def upgrade() -> None:
    for name, column_type in _STAY_COLUMNS:
        op.add_column("checkins", sa.Column(name, column_type, nullable=True))
    op.create_index("ix_checkins_stay", "checkins", ["arrival", "departure"], unique=False)
    op.create_table(
        "checkouts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("checkout_number", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("local_reference", sa.String(length=64), nullable=False),
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.String(length=40), nullable=False),
        sa.Column("checked_out_at", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_checkouts_terminal_id_terminals"),
        ),
        sa.ForeignKeyConstraint(
            ["checkin_id"], ["checkins.id"], name=op.f("fk_checkouts_checkin_id_checkins")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkouts")),
        sa.UniqueConstraint("checkout_number", name=op.f("uq_checkouts_checkout_number")),
        sa.UniqueConstraint("checkin_id", name=op.f("uq_checkouts_checkin_id")),
        sa.UniqueConstraint("terminal_id", "idempotency_key", name="uq_checkouts_idempotency"),
        sa.UniqueConstraint("terminal_id", "local_reference", name="uq_checkouts_reference"),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("checkouts")
    op.drop_index("ix_checkins_stay", table_name="checkins")
    # SQLite (3.35 and later) drops a column in place: the table, its AUTOINCREMENT and its
    # constraints stay as they are.
    for name, _column_type in reversed(_STAY_COLUMNS):
        op.drop_column("checkins", name)

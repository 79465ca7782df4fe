"""Technician mode: the hash-chained audit log and the technician PIN's lockout (a single row).

New tables only; a downgrade drops them (and with them the audit log: export it first with
``kiosk audit list --json`` if it must be kept).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.CheckConstraint("length(hash) = 64", name=op.f("ck_audit_log_hash_length")),
        sa.CheckConstraint(
            "previous_hash = '' OR length(previous_hash) = 64",
            name=op.f("ck_audit_log_previous_hash_length"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "technician_lockout",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.Float(), nullable=True),
        sa.Column("last_failure_at", sa.Float(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_technician_lockout_single_row")),
        sa.CheckConstraint("failures >= 0", name=op.f("ck_technician_lockout_failures")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_technician_lockout")),
    )


def downgrade() -> None:
    op.drop_table("technician_lockout")
    op.drop_table("audit_log")

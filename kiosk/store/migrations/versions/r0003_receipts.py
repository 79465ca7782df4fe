"""Keep receipts that could not be printed (for a technician's reprint) and printed job ids.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 03:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "receipts",
        sa.Column("job_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("document", sa.LargeBinary(), nullable=True),
        sa.Column("problem", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("printed_at", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('receipt', 'slip', 'test')", name=op.f("ck_receipts_kind")),
        sa.CheckConstraint("status IN ('pending', 'printed')", name=op.f("ck_receipts_status")),
        sa.PrimaryKeyConstraint("job_id", name=op.f("pk_receipts")),
    )
    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_receipts_status_created_at", ["status", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.drop_index("ix_receipts_status_created_at")
    op.drop_table("receipts")

"""Terminals' audit logs seen cut or rewritten (``audit_break_at``, ``audit_break``) and the
operators' actions on the platform (``admin_actions``: so far, acknowledging such a break). A
downgrade drops both (an outstanding break and the record of acknowledgements are lost).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("terminals", sa.Column("audit_break_at", sa.BigInteger(), nullable=True))
    op.add_column("terminals", sa.Column("audit_break", sa.Text(), nullable=True))
    op.create_table(
        "admin_actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_actions")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("admin_actions")
    # SQLite (3.35 and later) drops a column in place: the terminals table, which others refer
    # to, is not copied (a copy would break their foreign keys).
    op.drop_column("terminals", "audit_break")
    op.drop_column("terminals", "audit_break_at")

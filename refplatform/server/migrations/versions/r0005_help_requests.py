"""Citizens' calls for staff from the terminals (``POST /api/v1/help-requests``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 02:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "help_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("help_number", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("local_reference", sa.String(length=64), nullable=False),
        sa.Column("screen", sa.String(length=32), nullable=False),
        sa.Column("journey", sa.String(length=32), nullable=True),
        sa.Column("step", sa.String(length=32), nullable=True),
        sa.Column("called_at", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sa.BigInteger(), nullable=False),
        sa.Column("handled_at", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_help_requests_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_requests")),
        sa.UniqueConstraint("help_number", name=op.f("uq_help_requests_help_number")),
        sa.UniqueConstraint("terminal_id", "idempotency_key", name="uq_help_requests_idempotency"),
        sa.UniqueConstraint("terminal_id", "local_reference", name="uq_help_requests_reference"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_help_requests_open", "help_requests", ["handled_at", "called_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_help_requests_open", table_name="help_requests")
    op.drop_table("help_requests")

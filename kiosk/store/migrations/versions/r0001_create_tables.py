"""Create the trust list and replay cache tables.

Revision ID: 0001
Revises: None
Create Date: 2026-11-23 15:38:19
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trust_list",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("issued_at", sa.Integer(), nullable=False),
        sa.Column("next_update", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_trust_list_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trust_list")),
    )
    op.create_table(
        "replay_cache",
        sa.Column("key", sa.LargeBinary(), nullable=False),
        sa.Column("expires_at", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(key) = 32", name=op.f("ck_replay_cache_key_length")),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_replay_cache")),
    )
    op.create_index(
        op.f("ix_replay_cache_expires_at"), "replay_cache", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_replay_cache_expires_at"), table_name="replay_cache")
    op.drop_table("replay_cache")
    op.drop_table("trust_list")

"""Create the outbox (queued applications and check-ins) and the synced platform documents.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 17:44:32
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("local_reference", sa.String(length=64), nullable=False),
        sa.Column("item_code", sa.String(length=64), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("summary", sa.LargeBinary(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.Float(), nullable=False),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.Integer(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('application', 'checkin')", name=op.f("ck_outbox_kind")),
        sa.CheckConstraint(
            "status != 'sent' OR body IS NULL", name=op.f("ck_outbox_sent_has_no_body")
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'retry', 'dead')",
            name=op.f("ck_outbox_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_outbox_idempotency_key")),
        sa.UniqueConstraint("local_reference", name=op.f("uq_outbox_local_reference")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_status_id", ["status", "id"], unique=False)

    op.create_table(
        "platform_documents",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=True),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_platform_documents")),
    )


def downgrade() -> None:
    op.drop_table("platform_documents")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_status_id")

    op.drop_table("outbox")

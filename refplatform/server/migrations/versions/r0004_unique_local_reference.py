"""One application and one check-in per terminal and local reference (the index becomes a
unique constraint): a version 1 payload sent again under new Idempotency-Keys at once must
not make several records.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-12 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("applications", "checkins")


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(op.f(f"ix_{table}_terminal_reference"), table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(
                f"uq_{table}_reference", ["terminal_id", "local_reference"]
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"uq_{table}_reference", type_="unique")
        op.create_index(
            op.f(f"ix_{table}_terminal_reference"),
            table,
            ["terminal_id", "local_reference"],
            unique=False,
        )

"""The outbox also queues a citizen's call for staff (kind ``help``).

Only the outbox's ``kind`` check constraint changes. SQLite cannot alter a constraint, so the
table is rebuilt (batch mode, from an explicit copy of its definition so every constraint and
``AUTOINCREMENT`` survive); the table's ``sqlite_sequence`` entry is carried over, so an id once
handed out (a sequence number the platform has seen) is never handed out again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 02:45:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = ("application", "checkin")
AFTER = ("application", "checkin", "help")


def _outbox(kinds: tuple[str, ...]) -> sa.Table:
    """The outbox as revision 0002 made it, with the kind constraint allowing ``kinds``."""
    return sa.Table(
        "outbox",
        sa.MetaData(),
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
        sa.CheckConstraint(f"kind IN {kinds!r}", name="ck_outbox_kind"),
        sa.CheckConstraint("status != 'sent' OR body IS NULL", name="ck_outbox_sent_has_no_body"),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'retry', 'dead')", name="ck_outbox_status"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
        sa.UniqueConstraint("local_reference", name="uq_outbox_local_reference"),
        sa.Index("ix_outbox_status_id", "status", "id"),
        sqlite_autoincrement=True,
    )


def rebuild_outbox(kinds: tuple[str, ...]) -> None:
    """Rebuild the outbox with its kind constraint allowing ``kinds`` (revision 0005 too)."""
    connection = op.get_bind()
    sequence = connection.execute(
        sa.text("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
    ).scalar()
    with op.batch_alter_table("outbox", copy_from=_outbox(kinds), recreate="always"):
        pass
    if sequence is not None:
        # The rebuilt table's counter starts from its highest id; never below the old one.
        connection.execute(
            sa.text("UPDATE sqlite_sequence SET seq = max(seq, :seq) WHERE name = 'outbox'"),
            {"seq": int(sequence)},
        )
        connection.execute(
            sa.text(
                "INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox', :seq "
                "WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox')"
            ),
            {"seq": int(sequence)},
        )


def upgrade() -> None:
    rebuild_outbox(AFTER)


def downgrade() -> None:
    # A call for staff cannot be queued by the older schema: the calls still waiting go.
    op.execute("DELETE FROM outbox WHERE kind = 'help'")
    rebuild_outbox(BEFORE)

"""Each application's status history (``application_events``); an existing database gets a
history for the applications it holds: received and accepted when they were accepted, then
their current state (if they moved on) when they last changed. A return made before this
revision has no recorded reason: it gets the code ``other`` and no note.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HISTORY_STATES = ("received", "accepted", "processing", "completed", "returned")
RETURN_REASONS = ("materials_incomplete", "information_mismatch", "not_eligible", "other")
_BACKFILL = (
    "INSERT INTO application_events (application_id, state, at, reason, note) "
    "SELECT id, {state}, {at}, {reason}, NULL FROM applications {where} ORDER BY id"
)


def upgrade() -> None:
    op.create_table(
        "application_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.CheckConstraint(
            f"state IN {HISTORY_STATES!r}", name=op.f("ck_application_events_state")
        ),
        sa.CheckConstraint(
            f"(state = 'returned') = (reason IS NOT NULL) AND "
            f"(reason IS NULL OR reason IN {RETURN_REASONS!r})",
            name=op.f("ck_application_events_reason"),
        ),
        sa.CheckConstraint(
            "note IS NULL OR reason IS NOT NULL", name=op.f("ck_application_events_note")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_events_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_application_events_application_id"),
        "application_events",
        ["application_id"],
        unique=False,
    )
    # In this order, so that the ids (the history's order) follow the events' order.
    for state, at, reason, where in (
        ("'received'", "accepted_at", "NULL", ""),
        ("'accepted'", "accepted_at", "NULL", ""),
        ("state", "updated_at", "NULL", "WHERE state IN ('processing', 'completed')"),
        ("state", "updated_at", "'other'", "WHERE state = 'returned'"),
    ):
        op.execute(_BACKFILL.format(state=state, at=at, reason=reason, where=where))


def downgrade() -> None:
    op.drop_index(op.f("ix_application_events_application_id"), table_name="application_events")
    op.drop_table("application_events")

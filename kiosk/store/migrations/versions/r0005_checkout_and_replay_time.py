"""The hotel desk: the outbox also queues a guest's check-out (kind ``checkout``), and the
replay cache remembers when each code was used (``used_at``), so a code shown again can be
answered with "already used at 14:02 at this desk".

The outbox's ``kind`` constraint is rebuilt as in revision 0004 (its ``sqlite_sequence`` entry
carried over); ``used_at`` is a new nullable column (entries made before it have no time).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 11:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kiosk.store.migrations.versions.r0004_help_requests import AFTER as BEFORE
from kiosk.store.migrations.versions.r0004_help_requests import rebuild_outbox

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AFTER = (*BEFORE, "checkout")


def upgrade() -> None:
    rebuild_outbox(AFTER)
    with op.batch_alter_table("replay_cache") as batch:
        batch.add_column(sa.Column("used_at", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("replay_cache") as batch:
        batch.drop_column("used_at")
    # A check-out cannot be queued by the older schema: those still waiting go.
    op.execute("DELETE FROM outbox WHERE kind = 'checkout'")
    rebuild_outbox(BEFORE)

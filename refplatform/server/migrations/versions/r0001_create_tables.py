"""Create the reference platform's tables: terminals, enrolment codes, nonces, serials,
applications and check-ins.

Revision ID: 0001
Revises: None
Create Date: 2026-11-23 17:47:39
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
        "daily_serials",
        sa.Column("prefix", sa.String(length=8), nullable=False),
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "day", name=op.f("pk_daily_serials")),
    )
    op.create_table(
        "enrolment_codes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("code_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.Column("used_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment_codes")),
        sa.UniqueConstraint("code_sha256", name=op.f("uq_enrolment_codes_code_sha256")),
    )
    op.create_index(
        op.f("ix_enrolment_codes_terminal_id"), "enrolment_codes", ["terminal_id"], unique=False
    )

    op.create_table(
        "seen_nonces",
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("terminal_id", "nonce", name=op.f("pk_seen_nonces")),
    )
    op.create_index(op.f("ix_seen_nonces_expires_at"), "seen_nonces", ["expires_at"], unique=False)

    op.create_table(
        "terminals",
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("public_key_pem", sa.Text(), nullable=False),
        sa.Column("enrolled_at", sa.BigInteger(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("last_heartbeat_at", sa.BigInteger(), nullable=True),
        sa.Column("last_heartbeat", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("terminal_id", name=op.f("pk_terminals")),
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("acceptance_number", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("local_reference", sa.String(length=64), nullable=False),
        sa.Column("item_code", sa.String(length=40), nullable=False),
        sa.Column("queued_at", sa.String(length=40), nullable=False),
        sa.Column("accepted_at", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("promised_date", sa.Date(), nullable=False),
        sa.Column("promised_date_estimated", sa.Boolean(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.CheckConstraint(
            "state IN ('accepted', 'processing', 'completed', 'returned')",
            name=op.f("ck_applications_state"),
        ),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_applications_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("acceptance_number", name=op.f("uq_applications_acceptance_number")),
        sa.UniqueConstraint("terminal_id", "idempotency_key", name="uq_applications_idempotency"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_applications_terminal_reference"),
        "applications",
        ["terminal_id", "local_reference"],
        unique=False,
    )

    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("checkin_number", sa.String(length=32), nullable=False),
        sa.Column("terminal_id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("local_reference", sa.String(length=64), nullable=False),
        sa.Column("queued_at", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.BigInteger(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_checkins_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
        sa.UniqueConstraint("checkin_number", name=op.f("uq_checkins_checkin_number")),
        sa.UniqueConstraint("terminal_id", "idempotency_key", name="uq_checkins_idempotency"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_checkins_terminal_reference"),
        "checkins",
        ["terminal_id", "local_reference"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_checkins_terminal_reference"), table_name="checkins")

    op.drop_table("checkins")
    op.drop_index(op.f("ix_applications_terminal_reference"), table_name="applications")

    op.drop_table("applications")
    op.drop_table("terminals")
    op.drop_index(op.f("ix_seen_nonces_expires_at"), table_name="seen_nonces")

    op.drop_table("seen_nonces")
    op.drop_index(op.f("ix_enrolment_codes_terminal_id"), table_name="enrolment_codes")

    op.drop_table("enrolment_codes")
    op.drop_table("daily_serials")

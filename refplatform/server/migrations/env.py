"""Alembic's environment script for the reference platform: runs on the connection it is handed.

``refplatform.server.database.upgrade_to_head`` opens the connection and its transaction and
passes it in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from refplatform.server.models import Base


def run_migrations(connection: Connection) -> None:
    """Run the pending revisions inside the caller's transaction."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _connection() -> Connection:
    connection = context.config.attributes.get("connection")
    if context.is_offline_mode() or not isinstance(connection, Connection):
        raise RuntimeError(
            "run the platform's migrations through refplatform.server.database.upgrade_to_head"
        )
    return connection


run_migrations(_connection())

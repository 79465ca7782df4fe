"""Alembic's environment script: runs the migrations on the connection it is handed.

Alembic executes this file itself (it is not imported as part of the package). The caller,
``kiosk.store.database.upgrade_to_head``, opens the connection and its transaction and passes
the connection in ``config.attributes["connection"]``, so every connection setting (WAL, foreign
keys, how transactions begin) is the application's own.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from kiosk.store.models import Base


def run_migrations(connection: Connection) -> None:
    """Run the pending revisions inside the caller's transaction."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _connection() -> Connection:
    if context.is_offline_mode():
        raise RuntimeError("the kiosk's migrations run online only")
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError(
            "run the kiosk's migrations through kiosk.store.upgrade_to_head, which provides "
            'the connection in config.attributes["connection"]'
        )
    return connection


run_migrations(_connection())

"""The platform's database: SQLite (default) or PostgreSQL, brought to the newest schema.

SQLite connections run in WAL mode with ``synchronous=FULL``. A ``session()`` takes the write
lock when its transaction begins (``BEGIN IMMEDIATE``), so concurrent writers serialise instead
of failing with "database is locked". A ``read_session()`` is for look-ups that write nothing
(a signing key, a receipt's status, an idempotency replay, an enrolment code's check): on SQLite
it comes from a second engine whose connections are ``query_only`` and begin deferred
transactions, so it reads a consistent snapshot next to a writer (WAL) and never waits for, or
holds up, the write lock. PostgreSQL (``postgresql+psycopg://…``) runs at READ
COMMITTED; the code relies only on unique constraints and row locks, which behave the same.

Thread contract: a ``PlatformDatabase`` is shared by every request thread; each call to
``session()`` opens a Session for the calling thread only.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.database import begin_immediate, configure_sqlite_connection
from refplatform.server import migrations

BUSY_TIMEOUT_MS = 10_000
SUPPORTED_DRIVERS = ("sqlite+pysqlite", "sqlite", "postgresql+psycopg")


class DatabaseError(Exception):
    """The database URL is unusable, or the schema is newer than this code."""


class PlatformDatabase:
    """The platform's engine and sessions."""

    def __init__(self, engine: Engine, read_engine: Engine | None = None) -> None:
        self._engine = engine
        self._read_engine = read_engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._readers = sessionmaker(read_engine or engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> PlatformDatabase:
        """Connect to ``url`` (creating a SQLite file 0600 if needed) and migrate to head."""
        engine = create_platform_engine(url)
        try:
            upgrade_to_head(engine)
        except DatabaseError:
            engine.dispose()
            raise
        except SQLAlchemyError as error:
            engine.dispose()
            raise DatabaseError(f"cannot use the database: {type(error).__name__}") from error
        return cls(engine, create_read_engine(engine))

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A Session in one transaction, committed when the block succeeds. Errors propagate."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A Session for reading only (no write lock on SQLite; writing in it fails there)."""
        with self._readers.begin() as session:
            yield session

    def close(self) -> None:
        if self._read_engine is not None:
            self._read_engine.dispose()
        self._engine.dispose()


def create_platform_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError("not a database URL") from None
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseError(
            f"unsupported database driver {parsed.drivername!r}; use SQLite or "
            "postgresql+psycopg://"
        )
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseError("SQLite needs a file (the platform runs several threads)")
        _create_private_file(Path(parsed.database))
        engine = create_engine(parsed.set(drivername="sqlite+pysqlite"))
        event.listen(
            engine,
            "connect",
            functools.partial(configure_sqlite_connection, busy_timeout_ms=BUSY_TIMEOUT_MS),
        )
        event.listen(engine, "begin", begin_immediate)
        return engine
    return create_engine(parsed, pool_pre_ping=True, pool_size=10, max_overflow=20)


def create_read_engine(engine: Engine) -> Engine | None:
    """For SQLite, an engine of ``query_only`` connections with deferred transactions (no
    write lock); None elsewhere (PostgreSQL's reads take no locks that block writers)."""
    if engine.dialect.name != "sqlite":
        return None
    reader = create_engine(engine.url)
    event.listen(
        reader,
        "connect",
        functools.partial(configure_sqlite_connection, busy_timeout_ms=BUSY_TIMEOUT_MS),
    )
    event.listen(reader, "connect", _query_only)
    event.listen(reader, "begin", _begin_deferred)
    return reader


def _query_only(dbapi_connection: Any, _record: Any = None) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA query_only = ON")
    finally:
        cursor.close()


def _begin_deferred(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def alembic_config() -> Config:
    config = Config()
    location = str(Path(migrations.__file__).resolve().parent).replace("%", "%%")
    config.set_main_option("script_location", location)
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Migrate to the newest revision in one transaction; refuse a schema from a newer version."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    with engine.begin() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
        known = {revision.revision for revision in script.walk_revisions()}
        unknown = sorted(head for head in heads if head not in known)
        if unknown:
            raise DatabaseError(
                f"the database schema is at revision {', '.join(unknown)}, newer than this "
                f"reference platform (it knows up to {script.get_current_head()})"
            )
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _create_private_file(path: Path) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(descriptor)
    except OSError as error:
        raise DatabaseError(f"cannot create the database {path}: {error.strerror}") from None

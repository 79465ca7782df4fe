"""Opening the terminal's SQLite database: file permissions, connection settings, migrations.

``Database.open`` is the one way in. It creates the file private to the kiosk user (it holds
personal data, DESIGN §6), sets every connection to WAL with full fsync and enforced foreign
keys, checks an existing file with a time-bounded ``PRAGMA quick_check``
(``kiosk.store.integrity``), and brings the schema to the newest Alembic revision shipped in
``kiosk.store.migrations``. Anything that makes the file unusable surfaces as ``StoreError``;
a damaged file (SQLite's "malformed" or "not a database", at opening or in any later session)
as its subclass ``DatabaseDamaged``, which names the file and what to do.

Thread contract: a ``Database`` may be shared between threads; a ``Session`` may not. Call
``session()`` on the thread that uses it (DESIGN §3 rule 5). Sessions are serialised: each holds
the write lock for its whole transaction.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

from kiosk.runtime.commands import kiosk_command
from kiosk.store import migrations
from kiosk.store.integrity import QUICK_CHECK_BUDGET_S, damage_detail, quick_check

DATABASE_FILE_NAME = "kiosk.sqlite3"
BUSY_TIMEOUT_MS = 5000
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
_log = logging.getLogger(__name__)


class StoreError(Exception):
    """The database cannot be used (corrupt, newer schema, not writable)."""


def recovery_hint(command: str | None = None, *, stop_first: bool = False) -> str:
    """What to do about a damaged file, naming the ``kiosk`` command as it can be typed here
    (``command``; default ``kiosk.runtime.commands.kiosk_command()``); with ``stop_first``,
    starting with stopping the kiosk (``recover`` refuses to run beside it)."""
    kiosk = command if command is not None else kiosk_command()
    run = "Stop the kiosk, run" if stop_first else "Run"
    return (
        f"{run} `{kiosk} database recover` (the damaged file is kept, the queued records that "
        f"can still be read are exported), then `{kiosk} sync`, then start the kiosk again; "
        "see docs/database-recovery.md."
    )


RECOVERY_HINT = recovery_hint()
"""``recovery_hint()`` for this installation (a caller says to stop the kiosk first)."""


class DatabaseDamaged(StoreError):
    """The database file itself is damaged: SQLite reports it malformed, or not a database.

    ``path`` is the file, ``detail`` SQLite's own words (no SQL, no data)."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"the database file {path} is damaged ({detail}). {recovery_hint(stop_first=True)}"
        )
        self.path = path
        self.detail = detail


def driver_message(error: BaseException) -> str:
    """The database driver's own words for ``error``, without SQLAlchemy's SQL text,
    parameters and web link."""
    orig = getattr(error, "orig", None)
    return str(orig) if isinstance(orig, BaseException) else str(error).split("\n")[0]


class Database:
    """One SQLite file. Thread contract: a Session never crosses threads; call session() on the
    thread that uses it (each call opens a new Session)."""

    def __init__(self, path: Path, engine: Engine) -> None:
        """Use ``Database.open``; this only wraps an engine that is already set up."""
        self._path = path
        self._engine = engine
        # Without expire_on_commit, values loaded in a session stay readable after it ends.
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        check_budget_s: float | None = QUICK_CHECK_BUDGET_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> Database:
        """Open (creating if needed) the database at ``path``, check an existing file with
        ``PRAGMA quick_check`` (stopped after ``check_budget_s``; None: no bound) and migrate
        it to the newest schema.

        Idempotent. Raises ``DatabaseDamaged`` when the file is damaged or not a SQLite
        database, ``StoreError`` when the location is a folder or not writable or the schema was
        written by a newer version of the kiosk.
        """
        path = Path(path).absolute()
        _create_private_file(path)
        check_integrity(path, budget_s=check_budget_s, monotonic=monotonic)
        engine = _create_engine(path)
        try:
            upgrade_to_head(engine)
        except StoreError:
            engine.dispose()
            raise
        except (SQLAlchemyError, OSError) as error:
            engine.dispose()
            raise database_error(path, error) from error
        return cls(path, engine)

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def engine(self) -> Engine:
        """The engine, for code that needs Core access (tests, maintenance tools)."""
        return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A new Session in one transaction: committed if the block succeeds, else rolled back.

        From its first statement the transaction holds SQLite's write lock (other threads' sessions
        wait up to 5 s), so keep the block short: no network calls inside, and never open a second
        session on the same thread while one is in use (it would wait for the first, then fail).
        Database errors inside the block (constraint violations, a lock held too long) propagate
        unchanged; the caller knows what they mean for its data. The one exception: SQLite
        finding the file damaged raises ``DatabaseDamaged`` (a ``StoreError``) naming the file.
        """
        try:
            with self._sessions.begin() as session:
                yield session
        except DBAPIError as error:
            detail = damage_detail(error)
            if detail is None:
                raise
            raise DatabaseDamaged(self._path, detail) from error

    def close(self) -> None:
        """Close every pooled connection. Sessions still open keep working until they end."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def check_integrity(
    path: Path,
    *,
    budget_s: float | None = QUICK_CHECK_BUDGET_S,
    monotonic: Callable[[], float] = time.monotonic,
) -> None:
    """Raise ``DatabaseDamaged`` when ``PRAGMA quick_check`` finds the existing file ``path``
    damaged (an empty file is a new database). A check stopped at ``budget_s`` is logged and
    passes: start-up is not held up by a large healthy file."""
    if path.stat().st_size == 0:
        return
    try:
        report = quick_check(path, budget_s=budget_s, monotonic=monotonic)
    except sqlite3.Error as error:
        raise database_error(path, error) from error
    if report.damaged:
        raise DatabaseDamaged(path, report.summary)
    if not report.finished:
        _log.warning(
            "database check stopped after %.1f s without a verdict (a large file); "
            "run `%s database check` to check it in full",
            report.seconds,
            kiosk_command(),
        )


def database_error(path: Path, error: BaseException) -> StoreError:
    """``DatabaseDamaged`` when ``error`` says the file is damaged, else a ``StoreError``
    naming the file with the driver's own words."""
    detail = damage_detail(error)
    if detail is not None:
        return DatabaseDamaged(path, detail)
    return StoreError(f"cannot use the database {path}: {driver_message(error)}")


def alembic_config() -> Config:
    """An Alembic configuration for the migrations shipped inside the installed package.

    To write a new revision, pass a connection to a database at the current head in
    ``config.attributes["connection"]`` and call ``alembic.command.revision(config,
    autogenerate=True, rev_id=...)``; then tidy the generated file.
    """
    config = Config()
    # Config values go through ConfigParser interpolation, where "%" is special.
    location = str(migrations_dir()).replace("%", "%%")
    config.set_main_option("script_location", location)
    # Revision files must be importable module names ("0001_..." is not): r0001_<slug>.py.
    config.set_main_option("file_template", "r%%(rev)s_%%(slug)s")
    return config


def migrations_dir() -> Path:
    """The folder of ``kiosk.store.migrations`` wherever the package is installed."""
    return Path(migrations.__file__).resolve().parent


# Alembic's migration context is process-wide: two migrations at once on two threads (the kiosk
# opens its database on a worker thread at start-up) would run inside each other's context.
_MIGRATION_LOCK = threading.Lock()


def upgrade_to_head(engine: Engine) -> None:
    """Migrate the database behind ``engine`` to the newest revision, in one transaction.

    Raises ``StoreError`` (and changes nothing) when the database is at a revision this code
    does not know, which means a newer kiosk version wrote it. Thread-safe: migrations run
    one at a time in the process.
    """
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    with _MIGRATION_LOCK, engine.begin() as connection:
        _refuse_unknown_revisions(connection, script)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at; None for a database never migrated."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _refuse_unknown_revisions(connection: Connection, script: ScriptDirectory) -> None:
    heads = MigrationContext.configure(connection).get_current_heads()
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = sorted(head for head in heads if head not in known)
    if unknown:
        raise StoreError(
            f"the database schema is at revision {', '.join(unknown)}, which this version of the "
            f"kiosk software does not know (it knows up to {script.get_current_head()}); the file "
            "was written by a newer version. Install that version or restore a matching backup."
        )


def _create_private_file(path: Path) -> None:
    """Make sure ``path`` is a regular file only its owner can read, creating it if needed."""
    if path.is_dir():
        raise StoreError(f"the database path {path} is a folder, not a file")
    try:
        path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        try:
            # Exactly 0600 whatever the umask, and a copied-in file that is too open is tightened.
            if stat.S_IMODE(os.fstat(descriptor).st_mode) != PRIVATE_FILE_MODE:
                os.fchmod(descriptor, PRIVATE_FILE_MODE)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise StoreError(f"cannot create or write the database {path}: {error}") from error


def _create_engine(path: Path) -> Engine:
    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))
    event.listen(engine, "connect", configure_sqlite_connection)
    event.listen(engine, "begin", begin_immediate)
    return engine


def configure_sqlite_connection(
    dbapi_connection: sqlite3.Connection,
    _record: ConnectionPoolEntry | None = None,
    *,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
) -> None:
    """Every connection: WAL, full fsync, secure delete, foreign keys, a busy timeout (an
    engine "connect" listener; the reference platform's SQLite uses it too)."""
    # SQLAlchemy, not the sqlite3 module, decides where transactions begin (see begin_immediate);
    # otherwise DDL would run outside the transaction and a migration could stop half-way.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        (mode,) = cursor.execute("PRAGMA journal_mode = WAL").fetchone()
        if str(mode).lower() != "wal":
            raise StoreError(f"SQLite refused write-ahead logging (journal mode stays {mode!r})")
        cursor.execute("PRAGMA synchronous = FULL")
        # Deleted content (an acknowledged record's body) is overwritten, not left in free pages.
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def begin_immediate(connection: Connection) -> None:
    """An engine "begin" listener: every transaction takes the write lock up front."""
    # IMMEDIATE takes the write lock up front, waiting up to busy_timeout. A deferred transaction
    # that reads and then writes (check the replay cache, then insert) fails at once with
    # "database is locked" if another thread committed in between; busy_timeout cannot help it.
    connection.exec_driver_sql("BEGIN IMMEDIATE")

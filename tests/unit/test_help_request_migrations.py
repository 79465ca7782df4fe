"""The migrations for calls for staff upgrade existing databases (issue 15, deliverable 7).

- The terminal (kiosk revision 0004): a real SQLite file at revision 0003 holding queued and
  sent records is upgraded; its records are untouched, the outbox accepts kind ``help`` and
  still refuses anything else, keeps ``AUTOINCREMENT`` (an id once used, even by a record since
  removed, is never reused: ids are the sequence numbers the platform sees), its unique
  constraints and its index; a downgrade removes the queued calls and restores the old rule.
- The reference platform (revision 0005), on SQLite and, when ``KIOSK_TEST_POSTGRES_URL`` is
  set, on PostgreSQL: an existing database gains ``help_requests`` and keeps its data, and the
  models describe exactly what the migrations build.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from kiosk.store import DATABASE_FILE_NAME, Database
from kiosk.store.database import alembic_config, current_revision
from refplatform.server import database as platform_database
from refplatform.server.models import Base as PlatformBase
from tests.support.refplatform_process import POSTGRES_URL, database_backends, postgres_schema

# The kiosk's newest revision: later revisions keep what 0004 brought.
KIOSK_HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()

ROW = (
    "INSERT INTO outbox (id, idempotency_key, kind, local_reference, item_code, body, summary, "
    "status, attempts, failures, next_attempt_at, created_at) "
    "VALUES (?, ?, ?, ?, NULL, ?, x'00', ?, 0, 0, 0, 1790000000)"
)


def _row(record_id: int, kind: str, status: str = "pending") -> tuple[object, ...]:
    body = None if status == "sent" else b"{}"
    return (record_id, f"key-{record_id:016d}", kind, f"CQ-YB-0001-{record_id:06d}", body, status)


def _kiosk_migrate(database: Database, revision: str, *, down: bool) -> None:
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


@pytest.fixture
def kiosk_at_0003(tmp_path: Path) -> Path:
    """A terminal database at revision 0003 with two records, the id 3 used and removed."""
    path = tmp_path / "data" / DATABASE_FILE_NAME
    with Database.open(path) as database:
        _kiosk_migrate(database, "0003", down=True)
        assert current_revision(database.engine) == "0003"
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(ROW, _row(1, "application", "sent"))
        connection.execute(ROW, _row(2, "checkin"))
        connection.execute(ROW, _row(3, "application"))
        connection.execute("DELETE FROM outbox WHERE id = 3")
    with closing(sqlite3.connect(path)) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute(ROW, _row(4, "help"))  # 0003 knows no calls for staff
    return path


def _records(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT id, idempotency_key, kind, local_reference, body, status FROM outbox "
            "ORDER BY id"
        ).fetchall()


def test_the_terminal_database_upgrades_keeping_its_records_and_sequence(
    kiosk_at_0003: Path,
) -> None:
    before = _records(kiosk_at_0003)
    with Database.open(kiosk_at_0003) as database:  # the kiosk's own start-up upgrade
        assert current_revision(database.engine) == KIOSK_HEAD
    assert _records(kiosk_at_0003) == before
    with closing(sqlite3.connect(kiosk_at_0003)) as connection:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'outbox'"
        ).fetchone()
        assert "AUTOINCREMENT" in sql
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(outbox)")}
        assert "ix_outbox_status_id" in indexes
        with connection:
            cursor = connection.execute(
                "INSERT INTO outbox (idempotency_key, kind, local_reference, body, summary, "
                "status, attempts, failures, next_attempt_at, created_at) VALUES "
                "('help-key-0000000001', 'help', 'CQ-YB-0001-help', x'7b7d', x'00', 'pending', "
                "0, 0, 0, 1790000000)"
            )
        assert cursor.lastrowid == 4, "id 3 was used once: it is never handed out again"
        for wrong in (
            _row(5, "bogus"),
            _row(1, "help"),
            (6, "key-0000000000000001", "help", "other", b"{}", "pending"),
        ):
            with pytest.raises(sqlite3.IntegrityError):
                connection.execute(ROW, wrong)
        with pytest.raises(sqlite3.IntegrityError):  # the other constraints survived too
            connection.execute(ROW, (7, "k" * 16, "help", "ref-7", b"{}", "sent"))


def test_the_terminal_database_downgrades_without_its_calls_for_staff(
    kiosk_at_0003: Path,
) -> None:
    with Database.open(kiosk_at_0003) as database:
        pass
    with closing(sqlite3.connect(kiosk_at_0003)) as connection, connection:
        connection.execute(ROW, _row(8, "help"))
    with Database.open(kiosk_at_0003) as database:
        _kiosk_migrate(database, "0003", down=True)
    assert [row[2] for row in _records(kiosk_at_0003)] == ["application", "checkin"]
    with (
        closing(sqlite3.connect(kiosk_at_0003)) as connection,
        pytest.raises(sqlite3.IntegrityError),
    ):
        connection.execute(ROW, _row(9, "help"))
    with Database.open(kiosk_at_0003) as database:  # and up again
        assert current_revision(database.engine) == KIOSK_HEAD


# --------------------------------------------------------------------------- the platform


@pytest.fixture(params=database_backends())
def platform_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        assert POSTGRES_URL is not None
        with postgres_schema(POSTGRES_URL) as url:
            yield url
    else:
        yield f"sqlite+pysqlite:///{tmp_path / 'platform.sqlite3'}"


def _platform_migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = platform_database.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_an_existing_platform_database_gains_help_requests(platform_url: str) -> None:
    engine = platform_database.create_platform_engine(platform_url)
    try:
        _platform_migrate(engine, "0004")
        assert "help_requests" not in inspect(engine).get_table_names()
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO terminals (terminal_id, public_key_pem, enrolled_at, disabled) "
                    "VALUES ('CQ-YB-0001', 'pem', 1790000000, false)"
                )
            )
        platform_database.upgrade_to_head(engine)  # what the platform does at start
        assert "help_requests" in inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert (
                compare_metadata(MigrationContext.configure(connection), PlatformBase.metadata)
                == []
            )
            assert connection.execute(text("SELECT terminal_id FROM terminals")).all() == [
                ("CQ-YB-0001",)
            ]
        _platform_migrate(engine, "0004", down=True)
        assert "help_requests" not in inspect(engine).get_table_names()
        platform_database.upgrade_to_head(engine)
        assert "help_requests" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_revision_0005_queues_check_outs_and_times_uses_and_goes_back(kiosk_at_0003: Path) -> None:
    with Database.open(kiosk_at_0003) as database:
        _kiosk_migrate(database, "0004", down=True)
    with closing(sqlite3.connect(kiosk_at_0003)) as connection, connection:
        connection.execute("INSERT INTO replay_cache (key, expires_at) VALUES (?, 5)", (b"r" * 32,))
        with pytest.raises(sqlite3.IntegrityError):  # 0004 knows no check-outs
            connection.execute(ROW, _row(10, "checkout"))
    with Database.open(kiosk_at_0003):  # up to the head again
        pass
    with closing(sqlite3.connect(kiosk_at_0003)) as connection, connection:
        # An entry from before keeps its place, without a time; a check-out can be queued.
        assert connection.execute("SELECT used_at FROM replay_cache").fetchall() == [(None,)]
        connection.execute(ROW, _row(11, "checkout"))
    with Database.open(kiosk_at_0003) as database:
        _kiosk_migrate(database, "0004", down=True)
    assert "checkout" not in [row[2] for row in _records(kiosk_at_0003)]

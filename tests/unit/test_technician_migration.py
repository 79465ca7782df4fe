"""Revision 0007 (technician mode) on a real SQLite file: a terminal database at 0006 with
queued records gains the audit log and the lockout, their constraints hold, and it goes back to
0006 without them, the queued records untouched, and up again."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from kiosk.store import DATABASE_FILE_NAME, Database
from kiosk.store.database import alembic_config, current_revision

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
TABLES = {"audit_log", "technician_lockout"}
ROW = (
    "INSERT INTO outbox (id, idempotency_key, kind, local_reference, item_code, body, summary, "
    "status, attempts, failures, next_attempt_at, created_at) "
    "VALUES (?, ?, 'application', ?, NULL, x'7b7d', x'00', 'pending', 0, 0, 0, 1790000000)"
)
AUDIT = (
    "INSERT INTO audit_log (seq, at, actor, action, outcome, detail, previous_hash, hash) "
    "VALUES (?, 1790000000, 'technician', 'pin.set', 'ok', '{}', ?, ?)"
)


def _migrate(path: Path, revision: str, *, down: bool) -> None:
    with Database.open(path) as database:
        config = alembic_config()
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def _outbox(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT id, kind, local_reference FROM outbox").fetchall()


@pytest.fixture
def at_0006(tmp_path: Path) -> Path:
    path = tmp_path / "data" / DATABASE_FILE_NAME
    _migrate(path, "0006", down=True)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(ROW, (1, "k" * 16, "CQ-YB-0001-20261210-000001"))
    return path


def test_revision_0007_adds_the_audit_log_and_lockout_and_keeps_the_queue(at_0006: Path) -> None:
    before = _outbox(at_0006)
    assert not TABLES & _tables(at_0006)
    with Database.open(at_0006) as database:
        assert current_revision(database.engine) == HEAD
    assert _tables(at_0006) >= TABLES
    assert _outbox(at_0006) == before
    with closing(sqlite3.connect(at_0006)) as connection, connection:
        connection.execute(AUDIT, (1, "", "a" * 64))
        connection.execute(AUDIT, (2, "a" * 64, "b" * 64))
        connection.execute("INSERT INTO technician_lockout VALUES (1, 3, NULL, 1790000000.5)")
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'audit_log'"
        ).fetchone()
        assert "AUTOINCREMENT" in sql
    wrong = [
        (AUDIT, (3, "b" * 64, "short")),  # a hash is 64 hex digits
        (AUDIT, (3, "short", "c" * 64)),  # so is a previous hash, unless it is the first
        (AUDIT, (3, "b" * 64, "a" * 64)),  # the same hash twice
        ("INSERT INTO technician_lockout VALUES (2, 0, NULL, NULL)", ()),  # one row only
        ("INSERT INTO technician_lockout VALUES (1, 0, NULL, NULL)", ()),
    ]
    for statement, values in wrong:
        with closing(sqlite3.connect(at_0006)) as connection, pytest.raises(sqlite3.IntegrityError):
            connection.execute(statement, values)
    with closing(sqlite3.connect(at_0006)) as connection, pytest.raises(sqlite3.IntegrityError):
        connection.execute("UPDATE technician_lockout SET failures = -1")


def test_revision_0007_goes_back_without_its_tables_and_up_again(at_0006: Path) -> None:
    before = _outbox(at_0006)
    with Database.open(at_0006):
        pass
    with closing(sqlite3.connect(at_0006)) as connection, connection:
        connection.execute(AUDIT, (1, "", "a" * 64))
    _migrate(at_0006, "0006", down=True)
    assert not TABLES & _tables(at_0006)
    assert _outbox(at_0006) == before
    with Database.open(at_0006) as database:
        assert current_revision(database.engine) == HEAD
    assert _tables(at_0006) >= TABLES
    with closing(sqlite3.connect(at_0006)) as connection:
        assert connection.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)

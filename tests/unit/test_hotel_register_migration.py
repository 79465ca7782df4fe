"""Revision 0006 (the hotel register) on a real SQLite file: a terminal database at 0005 with
queued records gains the register's tables, its constraints hold, and it goes back to 0005
without them, the queued records untouched, and up again."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from kiosk.store import DATABASE_FILE_NAME, Database
from kiosk.store.database import alembic_config, current_revision

# The kiosk's newest revision: later revisions keep what 0006 brought.
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
REGISTER_TABLES = {"hotel_register_key", "hotel_stays", "hotel_guests", "hotel_day_counts"}
ROW = (
    "INSERT INTO outbox (id, idempotency_key, kind, local_reference, item_code, body, summary, "
    "status, attempts, failures, next_attempt_at, created_at) "
    "VALUES (?, ?, ?, ?, NULL, x'7b7d', x'00', 'pending', 0, 0, 0, 1790000000)"
)
STAY = (
    "INSERT INTO hotel_stays (room, arrival, departure, guests, minors, saved_at, "
    "checked_out_at, checked_out_on, checkin_reference) VALUES (?, ?, ?, ?, ?, 1790000000, ?, ?, ?)"
)


def _migrate(path: Path, revision: str, *, down: bool) -> None:
    with Database.open(path) as database:
        config = alembic_config()
        with database.engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)


def _tables(path: Path) -> set[str]:
    """The tables as they are (opening a ``Database`` would migrate the file first)."""
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def _outbox(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute("SELECT id, kind, local_reference FROM outbox").fetchall()


@pytest.fixture
def at_0005(tmp_path: Path) -> Path:
    path = tmp_path / "data" / DATABASE_FILE_NAME
    _migrate(path, "0005", down=True)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(ROW, (1, "k" * 16, "checkin", "CQ-YB-0001-20261206-000001"))
        connection.execute(ROW, (2, "l" * 16, "checkout", "CQ-YB-0001-20261206-000002"))
    return path


def test_revision_0006_adds_the_register_and_keeps_the_queue(at_0005: Path) -> None:
    before = _outbox(at_0005)
    assert not REGISTER_TABLES & _tables(at_0005)
    with Database.open(at_0005) as database:  # the kiosk's start-up upgrade
        assert current_revision(database.engine) == HEAD
    assert _tables(at_0005) >= REGISTER_TABLES
    assert _outbox(at_0005) == before
    with closing(sqlite3.connect(at_0005)) as connection, connection:
        connection.execute("PRAGMA foreign_keys = ON")
        stay = connection.execute(
            STAY, ("0812", "2026-12-06", "2026-12-08", 2, 1, None, None, "ref-1")
        ).lastrowid
        connection.execute("INSERT INTO hotel_guests VALUES (?, 0, ?, x'00')", (stay, b"h" * 32))
        connection.execute("INSERT INTO hotel_day_counts VALUES ('2026-12-06', 1, 0, 2, 1)")
        connection.execute("INSERT INTO hotel_register_key VALUES (1, x'00', 1790000000)")
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'hotel_stays'"
        ).fetchone()
        assert "AUTOINCREMENT" in sql
    wrong = [
        (STAY, ("0813", "2026-12-06", "2026-12-06", 1, 0, None, None, "ref-2")),  # no night
        (STAY, ("0813", "2026-12-06", "2026-12-07", 0, 0, None, None, "ref-3")),  # no guest
        (STAY, ("0813", "2026-12-06", "2026-12-07", 1, 2, None, None, "ref-4")),  # minors > guests
        (STAY, ("0813", "2026-12-06", "2026-12-07", 1, 0, 1790000000, None, "ref-5")),  # half out
        (STAY, ("0813", "2026-12-06", "2026-12-07", 1, 0, None, None, "ref-1")),  # same reference
        ("INSERT INTO hotel_guests VALUES (?, 1, ?, x'00')", (stay, b"short")),
        ("INSERT INTO hotel_guests VALUES (?, 0, ?, x'00')", (stay, b"h" * 32)),  # same place
        ("INSERT INTO hotel_guests VALUES (99, 0, ?, x'00')", (b"h" * 32,)),  # no such stay
        ("INSERT INTO hotel_register_key VALUES (2, x'00', 1790000000)", ()),
    ]
    for statement, values in wrong:
        with closing(sqlite3.connect(at_0005)) as connection:
            connection.execute("PRAGMA foreign_keys = ON")
            with pytest.raises(sqlite3.IntegrityError):
                connection.execute(statement, values)
    with closing(sqlite3.connect(at_0005)) as connection, connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM hotel_stays WHERE id = ?", (stay,))
        assert connection.execute("SELECT count(*) FROM hotel_guests").fetchone() == (0,)


def test_revision_0006_goes_back_without_the_register_and_up_again(at_0005: Path) -> None:
    before = _outbox(at_0005)
    with Database.open(at_0005):
        pass
    with closing(sqlite3.connect(at_0005)) as connection, connection:
        connection.execute(STAY, ("0812", "2026-12-06", "2026-12-08", 1, 0, None, None, "ref"))
    _migrate(at_0005, "0005", down=True)
    assert not REGISTER_TABLES & _tables(at_0005)
    assert _outbox(at_0005) == before
    with Database.open(at_0005) as database:
        assert current_revision(database.engine) == HEAD
    assert _tables(at_0005) >= REGISTER_TABLES
    with closing(sqlite3.connect(at_0005)) as connection:
        assert connection.execute("SELECT count(*) FROM hotel_stays").fetchone() == (0,)

"""The local database: file mode, connection settings, migrations, sessions, unusable files."""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError

from kiosk.store import DATABASE_FILE_NAME, Base, Database, ReplayEntry, StoreError, TrustListRecord
from kiosk.store.database import alembic_config, current_revision, migrations_dir

HEAD = "0007"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / DATABASE_FILE_NAME


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    with Database.open(db_path) as opened:
        yield opened


def _trust_list(sequence: int = 7) -> TrustListRecord:
    return TrustListRecord(
        sequence=sequence,
        issued_at=1_790_000_000,
        next_update=1_790_086_400,
        content=b"\xd2\x84signed-cose",
        stored_at=1_790_000_100,
    )


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _pragma(database: Database, name: str) -> object:
    with database.session() as session:
        return session.execute(text(f"PRAGMA {name}")).scalar_one()


def test_a_fresh_file_is_private_and_every_connection_is_configured(
    db_path: Path, database: Database
) -> None:
    assert database.path == db_path
    assert _mode(db_path) == 0o600
    assert _mode(db_path.parent) == 0o700
    assert _pragma(database, "journal_mode") == "wal"
    assert _pragma(database, "synchronous") == 2  # FULL
    assert _pragma(database, "secure_delete") == 1
    assert _pragma(database, "foreign_keys") == 1
    assert _pragma(database, "busy_timeout") == 5000
    # Every pooled connection gets the settings, not only the first one.
    first, second = database.engine.raw_connection(), database.engine.raw_connection()
    with closing(first), closing(second):
        for connection in (first, second):
            cursor = connection.cursor()
            assert cursor.execute("PRAGMA synchronous").fetchall() == [(2,)]
            assert cursor.execute("PRAGMA foreign_keys").fetchall() == [(1,)]
            cursor.close()


def test_the_write_ahead_log_is_as_private_as_the_database(
    db_path: Path, database: Database
) -> None:
    with database.session() as session:
        session.add(_trust_list())
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists()
    assert _mode(wal) == 0o600


def test_a_file_that_is_too_open_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_FILE_NAME
    path.touch()
    path.chmod(0o644)
    Database.open(path).close()
    assert _mode(path) == 0o600


def test_reopening_is_idempotent_and_keeps_the_data(db_path: Path) -> None:
    with Database.open(db_path) as database, database.session() as session:
        session.add(_trust_list(sequence=41))
        session.add(ReplayEntry(key=bytes(range(32)), expires_at=1_790_000_600))
    for _ in range(2):
        with Database.open(db_path) as database:
            assert current_revision(database.engine) == HEAD
            with database.session() as session:
                record = session.get(TrustListRecord, 1)
                assert record is not None
                assert record.sequence == 41
                assert record.content == b"\xd2\x84signed-cose"
                assert session.scalars(select(ReplayEntry.key)).all() == [bytes(range(32))]


def test_the_migrations_are_found_from_the_package_not_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with Database.open(Path("relative") / DATABASE_FILE_NAME) as database:
        assert database.path == elsewhere / "relative" / DATABASE_FILE_NAME
        assert current_revision(database.engine) == HEAD
    assert (migrations_dir() / "env.py").is_file()
    assert not migrations_dir().is_relative_to(elsewhere)


def test_the_models_match_the_migrations_exactly(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_check_constraints_match_too(database: Database) -> None:
    # Alembic's comparison ignores CHECK constraints; compare them by name and text here.
    inspector = inspect(database.engine)
    checked = 0
    for table in Base.metadata.sorted_tables:
        declared = {
            (str(check.name), str(check.sqltext))
            for check in table.constraints
            if isinstance(check, CheckConstraint)
        }
        migrated = {
            (check["name"], check["sqltext"])
            for check in inspector.get_check_constraints(table.name)
        }
        assert declared == migrated, table.name
        checked += len(declared)
    assert checked >= 5  # trust list, replay cache and the outbox's three


def test_the_tables_enforce_one_trust_list_and_digest_sized_keys(database: Database) -> None:
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(TrustListRecord(id=2, **_columns(_trust_list())))
    with pytest.raises(IntegrityError), database.session() as session:
        session.add(ReplayEntry(key=b"short", expires_at=1))
    with database.session() as session:
        assert session.scalars(select(TrustListRecord)).all() == []
        assert session.scalars(select(ReplayEntry)).all() == []


def _columns(record: TrustListRecord) -> dict[str, object]:
    return {
        name: getattr(record, name)
        for name in ("sequence", "issued_at", "next_update", "content", "stored_at")
    }


def test_the_migrations_downgrade_and_upgrade_again(database: Database) -> None:
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(database.engine).get_table_names()) == {"alembic_version"}
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert {"trust_list", "replay_cache"} <= set(inspect(database.engine).get_table_names())


def _stamp(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})


def test_two_threads_may_open_new_databases_at_once(tmp_path: Path) -> None:
    # The kiosk opens its database on a worker thread at start-up; Alembic's context is global.
    failures: list[BaseException] = []
    for attempt in range(6):
        start = threading.Barrier(2)

        def open_one(name: str, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                Database.open(tmp_path / name).close()
            except BaseException as error:  # noqa: BLE001 - collected for the assertion
                failures.append(error)

        threads = [
            threading.Thread(target=open_one, args=(f"{attempt}-{side}.sqlite3",))
            for side in ("a", "b")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    assert failures == []
    for attempt in range(6):
        for side in ("a", "b"):
            database = Database.open(tmp_path / f"{attempt}-{side}.sqlite3")
            assert current_revision(database.engine) is not None
            database.close()


def test_a_database_from_a_newer_kiosk_is_refused_and_left_alone(db_path: Path) -> None:
    with Database.open(db_path) as database:
        _stamp(database.engine, "0042")
    with pytest.raises(StoreError, match=r"revision 0042.*newer version") as caught:
        Database.open(db_path)
    assert f"knows up to {HEAD}" in str(caught.value)
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("0042",)
        ]


def test_a_session_commits_when_the_block_succeeds(database: Database) -> None:
    with database.session() as session:
        session.add(_trust_list(sequence=3))
    with database.session() as session:
        assert session.scalars(select(TrustListRecord.sequence)).all() == [3]


def test_a_session_rolls_back_when_the_block_raises(database: Database) -> None:
    with database.session() as session:
        session.add(_trust_list(sequence=3))

    def change_then_fail() -> None:
        with database.session() as session:
            record = session.get(TrustListRecord, 1)
            assert record is not None
            record.sequence = 4
            session.add(ReplayEntry(key=b"k" * 32, expires_at=10))
            session.flush()  # the changes reached the database, inside the transaction
            raise LookupError("the caller's own failure")

    with pytest.raises(LookupError):
        change_then_fail()
    with database.session() as session:
        assert session.scalars(select(TrustListRecord.sequence)).all() == [3]
        assert session.scalars(select(ReplayEntry)).all() == []


def _check_then_insert(database: Database, key: bytes) -> None:
    with database.session() as session:
        if session.get(ReplayEntry, key) is None:
            session.add(ReplayEntry(key=key, expires_at=1))


def test_sessions_that_read_then_write_on_two_threads_both_commit(database: Database) -> None:
    # With deferred transactions one of the two would fail at once with "database is locked":
    # its read snapshot goes stale when the other commits, and busy_timeout does not apply.
    errors: list[BaseException] = []

    def other_thread() -> None:
        try:
            _check_then_insert(database, b"b" * 32)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            errors.append(error)

    worker = threading.Thread(target=other_thread)
    with database.session() as session:
        assert session.get(ReplayEntry, b"a" * 32) is None
        worker.start()
        session.add(ReplayEntry(key=b"a" * 32, expires_at=1))
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert errors == []
    with database.session() as session:
        assert set(session.scalars(select(ReplayEntry.key))) == {b"a" * 32, b"b" * 32}


def test_each_call_opens_a_new_session(database: Database) -> None:
    with database.session() as first, database.session() as second:
        assert first is not second


def test_loaded_values_stay_readable_after_the_session(database: Database) -> None:
    with database.session() as session:
        session.add(_trust_list(sequence=9))
    with database.session() as session:
        record = session.get(TrustListRecord, 1)
    assert record is not None
    assert record.sequence == 9


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Database.open(tmp_path)


def test_a_location_under_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    with pytest.raises(StoreError, match="cannot create or write"):
        Database.open(blocker / DATABASE_FILE_NAME)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / DATABASE_FILE_NAME
    path.write_bytes(b"not a database, just text\n" * 200)
    with pytest.raises(StoreError, match="file is not a database"):
        Database.open(path)
    assert path.read_bytes() == b"not a database, just text\n" * 200


def test_tables_without_a_recorded_revision_are_refused_not_rebuilt(db_path: Path) -> None:
    with Database.open(db_path) as database, database.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM alembic_version")
    with pytest.raises(StoreError, match="already exists"):
        Database.open(db_path)

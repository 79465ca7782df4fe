"""The platform's hotel-stay migration (revision 0007) upgrades an existing database, on SQLite
and, when ``KIOSK_TEST_POSTGRES_URL`` is set, on PostgreSQL: the check-ins it holds keep their
rows and bytes with the new columns empty, ``checkouts`` is created with its constraints (a stay
checked out once, idempotency per terminal), the models describe exactly what the migrations
build, SQLite alters ``checkins`` in place, and a downgrade removes the check-outs
and the columns and keeps the check-ins (and up again).
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
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from refplatform.server import database as platform_database
from refplatform.server.models import Base
from tests.support.refplatform_process import POSTGRES_URL, database_backends, postgres_schema

CHECKIN = (
    "INSERT INTO checkins (checkin_number, terminal_id, idempotency_key, request_sha256, "
    "answer, sequence, local_reference, queued_at, recorded_at, sealed) VALUES (:number, "
    "'CQ-YB-0001', :number, 'd', '{}', 1, :number, '2026-11-23T22:05:00+08:00', 1790000000, "
    ":sealed)"
)
CHECKOUT = (
    "INSERT INTO checkouts (checkout_number, terminal_id, idempotency_key, request_sha256, "
    "answer, sequence, local_reference, checkin_id, queued_at, checked_out_at, received_at) "
    "SELECT :number, 'CQ-YB-0001', :key, 'd', '{}', 2, :reference, id, 'q', 1790100000, "
    "1790100000 FROM checkins WHERE checkin_number = 'CQRZ20261123000001'"
)
STAY_COLUMNS = {
    "hotel_zh",
    "hotel_en",
    "room",
    "arrival",
    "departure",
    "guests",
    "minors",
    "checked_out_at",
}


@pytest.fixture(params=database_backends())
def platform_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "postgresql":
        assert POSTGRES_URL is not None
        with postgres_schema(POSTGRES_URL) as url:
            yield url
    else:
        yield f"sqlite+pysqlite:///{tmp_path / 'platform.sqlite3'}"


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = platform_database.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _checkins(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT id, checkin_number, sealed FROM checkins ORDER BY id")
            )
        ]


def _columns(engine: Engine) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns("checkins")}


def test_check_ins_held_before_keep_their_rows_and_gain_empty_stay_columns(
    platform_url: str,
) -> None:
    engine = platform_database.create_platform_engine(platform_url)
    try:
        _migrate(engine, "0006")
        assert "checkouts" not in inspect(engine).get_table_names()
        assert not STAY_COLUMNS & _columns(engine)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO terminals (terminal_id, public_key_pem, enrolled_at, disabled) "
                    "VALUES ('CQ-YB-0001', 'pem', 1790000000, false)"
                )
            )
            for number, sealed in (("CQRZ20261123000001", b"\x01"), ("CQRZ20261123000002", b"")):
                connection.execute(text(CHECKIN), {"number": number, "sealed": sealed})
        before = _checkins(engine)

        platform_database.upgrade_to_head(engine)  # what the platform does at start

        assert _checkins(engine) == before
        assert _columns(engine) >= STAY_COLUMNS
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            stays = connection.execute(
                text(f"SELECT {', '.join(sorted(STAY_COLUMNS))} FROM checkins")
            ).all()
        assert stays == [(None,) * len(STAY_COLUMNS)] * 2
        with engine.begin() as connection:
            connection.execute(
                text(CHECKOUT),
                {"number": "CQTF20261125000001", "key": "k1", "reference": "r1"},
            )
        for number, key, reference in (
            ("CQTF20261125000002", "k2", "r2"),  # the same stay again
            ("CQTF20261125000001", "k3", "r3"),  # the same number
            ("CQTF20261125000003", "k1", "r4"),  # the same idempotency key
            ("CQTF20261125000004", "k4", "r1"),  # the same local reference
        ):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(
                    text(CHECKOUT), {"number": number, "key": key, "reference": reference}
                )

        _migrate(engine, "0006", down=True)
        assert "checkouts" not in inspect(engine).get_table_names()
        assert not STAY_COLUMNS & _columns(engine)
        assert _checkins(engine) == before
        platform_database.upgrade_to_head(engine)
        assert _checkins(engine) == before
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


def test_on_sqlite_the_check_ins_table_is_altered_in_place_and_restored_exactly(
    tmp_path: Path,
) -> None:
    """Columns are added and dropped in place (no copy of the table that could lose a
    constraint): after a downgrade ``checkins`` is defined exactly as at revision 0006."""
    path = tmp_path / "platform.sqlite3"
    engine = platform_database.create_platform_engine(f"sqlite+pysqlite:///{path}")
    try:
        _migrate(engine, "0006")
        before = _checkins_sql(path)
        platform_database.upgrade_to_head(engine)
        upgraded = _checkins_sql(path)
        _migrate(engine, "0006", down=True)
        assert _checkins_sql(path) == before
    finally:
        engine.dispose()
    for kept in before.removesuffix("\n)").split(", \n\t"):  # each column and constraint
        assert kept in upgraded


def _checkins_sql(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'checkins'"
        ).fetchone()
    return str(sql)

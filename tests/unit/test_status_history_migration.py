"""The platform's status-history migration (revision 0006) upgrades an existing database, on
SQLite and, when ``KIOSK_TEST_POSTGRES_URL`` is set, on PostgreSQL: every application it holds
gets a history (received and accepted when accepted, then its current state, a return with the
reason ``other``), the models describe exactly what the migrations build, the database rules
refuse a return without a reason, and a downgrade removes the table and keeps the applications.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from refplatform.server import database as platform_database
from refplatform.server.models import Base
from tests.support.refplatform_process import (
    POSTGRES_URL,
    database_backends,
    postgres_schema,
)

APPLICATION = (
    "INSERT INTO applications (acceptance_number, terminal_id, idempotency_key, request_sha256, "
    "answer, sequence, local_reference, item_code, queued_at, accepted_at, updated_at, state, "
    "promised_date, promised_date_estimated, sealed) VALUES (:number, 'CQ-YB-0001', :number, "
    "'d', '{}', 1, :number, 'CY-GA-023', 'q', 1790000000, :updated, :state, '2026-12-14', "
    "false, :sealed)"
)
STATES = {
    "CQ20261123000001": ("accepted", 1790000000),
    "CQ20261123000002": ("processing", 1790003600),
    "CQ20261123000003": ("completed", 1790007200),
    "CQ20261123000004": ("returned", 1790010800),
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


def _history(engine: Engine) -> dict[str, list[tuple[str, int, str | None]]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.acceptance_number, e.state, e.at, e.reason FROM application_events e "
                "JOIN applications a ON a.id = e.application_id ORDER BY e.id"
            )
        ).all()
    found: dict[str, list[tuple[str, int, str | None]]] = {}
    for number, state, at, reason in rows:
        found.setdefault(number, []).append((state, at, reason))
    return found


def test_an_existing_database_gains_a_history_for_every_application(
    platform_url: str,
) -> None:
    engine = platform_database.create_platform_engine(platform_url)
    try:
        _migrate(engine, "0005")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO terminals (terminal_id, public_key_pem, enrolled_at, disabled) "
                    "VALUES ('CQ-YB-0001', 'pem', 1790000000, false)"
                )
            )
            for number, (state, updated) in STATES.items():
                connection.execute(
                    text(APPLICATION),
                    {
                        "number": number,
                        "updated": updated,
                        "state": state,
                        "sealed": b"\x00",
                    },
                )
        platform_database.upgrade_to_head(engine)  # what the platform does at start

        accepted = [("received", 1790000000, None), ("accepted", 1790000000, None)]
        assert _history(engine) == {
            "CQ20261123000001": accepted,
            "CQ20261123000002": [*accepted, ("processing", 1790003600, None)],
            "CQ20261123000003": [*accepted, ("completed", 1790007200, None)],
            "CQ20261123000004": [*accepted, ("returned", 1790010800, "other")],
        }
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
        for state, reason in (
            ("returned", None),
            ("accepted", "other"),
            ("lost", None),
        ):
            with pytest.raises(IntegrityError), engine.begin() as connection:
                connection.execute(
                    text(
                        "INSERT INTO application_events (application_id, state, at, reason) "
                        "SELECT id, :state, 1, :reason FROM applications LIMIT 1"
                    ),
                    {"state": state, "reason": reason},
                )

        _migrate(engine, "0005", down=True)
        assert "application_events" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM applications")).scalar() == 4
        platform_database.upgrade_to_head(engine)
        assert len(_history(engine)) == 4
    finally:
        engine.dispose()

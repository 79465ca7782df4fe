"""A damaged kiosk.sqlite3 is named as such (issue 14, point 4): at opening, in a later session,
while verifying a code, on the command line, and it is recovered without dropping a record."""

from __future__ import annotations

import json
import logging
import sqlite3
import stat
from itertools import count
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from kiosk.cli import main
from kiosk.cli.common import EXIT_DATABASE
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.credentials.purpose import Purpose
from kiosk.demo import prepare_demo
from kiosk.runtime.clock import ManualClock
from kiosk.store.database import DATABASE_FILE_NAME, Database, DatabaseDamaged, StoreError
from kiosk.store.integrity import quick_check
from kiosk.store.models import OutboxRecord
from kiosk.store.recovery import recover
from kiosk.terminal import Terminal
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import load_demo_keys
from tests.support.credential_fixtures import NOW
from tests.support.damage import Damage, damage

RAW_SQLALCHEMY = ("sqlalche.me", "[SQL:", "SELECT", "(sqlite3.")


@pytest.fixture
def demo(tmp_path: Path) -> LoadedConfig:
    """A demo terminal with its trust list installed (a real database file)."""
    return load_config(prepare_demo(tmp_path / "demo", NOW), {})


def _db(loaded: LoadedConfig) -> Path:
    return loaded.data_dir / DATABASE_FILE_NAME


@pytest.mark.parametrize("how", list(Damage))
def test_a_damaged_file_is_refused_at_opening_naming_it(demo: LoadedConfig, how: Damage) -> None:
    path = _db(demo)
    assert not quick_check(path).damaged
    damage(path, how)
    assert quick_check(path).damaged
    with pytest.raises(DatabaseDamaged) as raised:
        Database.open(path)
    message = str(raised.value)
    assert raised.value.path == path and str(path) in message and "is damaged" in message
    assert "kiosk database recover" in message
    assert not any(raw in message for raw in RAW_SQLALCHEMY)


@pytest.mark.allow_log_warnings
def test_the_start_up_check_is_bounded_in_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / DATABASE_FILE_NAME
    with Database.open(path) as database, database.session() as session:
        session.execute(insert(OutboxRecord), [_outbox_row(next(_IDS)) for _ in range(400)])
    ticks = count()  # every look at the clock is one second later: the bound is hit at once

    def monotonic() -> float:
        return float(next(ticks))

    assert not quick_check(path, budget_s=2.0, monotonic=monotonic).finished
    assert quick_check(path, budget_s=None, monotonic=monotonic).finished
    with caplog.at_level(logging.WARNING, "kiosk.store.database"):
        Database.open(path, check_budget_s=2.0, monotonic=monotonic).close()  # opens anyway
    assert "database check stopped" in caplog.text


def test_damage_found_by_a_later_session_names_the_file(demo: LoadedConfig) -> None:
    path = _db(demo)
    database = Database.open(path)
    try:
        database.close()  # no pooled page cache: the next session reads the file again
        damage(path, Damage.NOT_A_DATABASE)
        with pytest.raises(DatabaseDamaged, match="is damaged"), database.session() as session:
            session.execute(select(OutboxRecord)).all()
    finally:
        database.close()


@pytest.mark.allow_log_warnings
def test_verification_on_a_damaged_database_gives_no_verdict(demo: LoadedConfig) -> None:
    faults: list[StoreError] = []
    code = issue_eid(load_demo_keys(demo.data_dir / "demo-keys"), "sc-eid", NOW)
    with Terminal(demo, ManualClock(NOW), on_database_fault=faults.append) as terminal:
        terminal.open_credentials()
        assert terminal.verify(code, Purpose.SERVICE_APPLICATION, record_use=False).valid
        assert terminal.credentials is not None
        terminal.credentials.database.close()
        damage(_db(demo), Damage.NOT_A_DATABASE)
        with pytest.raises(DatabaseDamaged):  # before: "the issuer list has expired" / MALFORMED
            terminal.verify(code, Purpose.SERVICE_APPLICATION, record_use=True)
    assert len(faults) == 1 and isinstance(faults[0], DatabaseDamaged)


@pytest.mark.parametrize("how", list(Damage))
def test_commands_say_the_file_is_damaged_in_plain_words(
    demo: LoadedConfig, how: Damage, capsys: pytest.CaptureFixture[str]
) -> None:
    damage(_db(demo), how)
    config = ["--config", str(demo.path)]
    commands = (
        ["trust-list", "show"],
        ["outbox", "list"],
        ["printer", "pending"],
        ["verify", "CRC1:NOTACODE"],
        ["sync"],
    )
    for command in commands:
        assert main([*command, *config]) == EXIT_DATABASE, command
        err = capsys.readouterr().err
        assert f"the database file {_db(demo)} is damaged" in err, command
        assert not any(raw in err for raw in RAW_SQLALCHEMY), command
        assert "Traceback" not in err
    assert main(["database", "check", *config]) == EXIT_DATABASE
    assert "is damaged" in capsys.readouterr().err


def test_an_unhandled_database_error_reaches_the_top_as_plain_words(
    demo: LoadedConfig, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kiosk.cli import credentials  # noqa: PLC0415

    def fails(_args: object) -> int:
        with Database.open(_db(demo)) as database:
            database.close()
            damage(_db(demo), Damage.NOT_A_DATABASE)
            with database.session() as session:
                session.execute(select(OutboxRecord)).all()
        return 0

    monkeypatch.setattr(credentials, "run", fails)
    assert main(["trust-list", "show", "--config", str(demo.path)]) == EXIT_DATABASE
    err = capsys.readouterr().err
    assert "is damaged" in err and not any(raw in err for raw in RAW_SQLALCHEMY)


_IDS = count(1)


def _outbox_row(number: int) -> dict[str, object]:
    return {
        "id": number,
        "idempotency_key": f"key-{number:06d}",
        "kind": "application",
        "local_reference": f"REF-{number:06d}",
        "item_code": "item",
        "body": bytes([number % 251]) * 900,  # sealed to the platform in real life
        "summary": b"s" * 40,
        "status": "pending",
        "attempts": 0,
        "failures": 0,
        "next_attempt_at": 0.0,
        "created_at": 1_700_000_000,
    }


def test_recovery_keeps_the_file_exports_and_restores_the_readable_records(
    demo: LoadedConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _db(demo)
    rows = [_outbox_row(number) for number in range(1, 301)]
    with Database.open(path) as database, database.session() as session:
        session.execute(insert(OutboxRecord), rows)
    pages = path.stat().st_size // 4096
    damage(path, Damage.MIDDLE, pages=(pages * 2 // 3, 2))  # two leaf pages of the outbox
    before = path.read_bytes()
    assert quick_check(path).damaged

    with Terminal(demo, ManualClock(NOW)) as terminal:
        report = recover(path, NOW, lambda: terminal.open_credentials().database)
        assert terminal.credentials is not None
        with terminal.credentials.database.session() as session:
            restored = session.execute(select(OutboxRecord)).scalars().all()

    assert report.damaged_copy.read_bytes() == before  # kept as it was, beside the fresh one
    assert report.damaged_copy.name.startswith("kiosk.sqlite3.damaged-20")
    outbox = report.table("outbox")
    assert outbox.scan_broke and 0 < outbox.read < len(rows)  # honest: the bad pages are lost
    assert outbox.restored == outbox.read == len(restored)
    assert max(record.id for record in restored) == 300  # rows after the bad pages came back
    originals = {row["local_reference"]: row for row in rows}
    for record in restored:
        original = originals[record.local_reference]
        assert (record.idempotency_key, record.body) == (
            original["idempotency_key"],
            original["body"],
        )
    assert stat.S_IMODE(report.export.stat().st_mode) == 0o600
    exported = [json.loads(line) for line in report.export.read_text().splitlines()]
    assert sum(entry["table"] == "outbox" for entry in exported) == outbox.read
    assert not quick_check(path).damaged
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT count(*) FROM outbox").fetchone() == (outbox.read,)


def test_the_recover_command_tells_the_technician_what_next(
    demo: LoadedConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    config = ["--config", str(demo.path)]
    assert main(["database", "recover", *config]) == 1  # a sound file is not rebuilt
    assert "not damaged" in capsys.readouterr().err
    damage(_db(demo), Damage.TRUNCATED)
    assert main(["database", "recover", *config]) == 0
    out = capsys.readouterr().out
    assert "kept as" in out and "kiosk sync" in out and "kiosk enrol" in out
    assert main(["database", "check", *config]) == 0
    assert "is sound" in capsys.readouterr().out

"""Checking a database never writes to it: a damaged file is kept as it was, with its write-ahead
log (docs/database-recovery.md), however often the kiosk starts on it or a technician checks it.

A read-write connection checkpoints the log into the main file when it closes and deletes the
log: the start-up check and ``kiosk database check`` then rewrote pages of the damaged file they
were only looking at."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.cli.common import EXIT_DATABASE
from kiosk.config.loader import load_config
from kiosk.demo import prepare_demo
from kiosk.store.database import DATABASE_FILE_NAME, Database, DatabaseDamaged
from kiosk.store.integrity import quick_check
from tests.support.credential_fixtures import NOW

_INSERT = (
    "INSERT INTO outbox (id, idempotency_key, kind, local_reference, item_code, body, summary, "
    "status, attempts, failures, next_attempt_at, created_at) "
    "VALUES (?, ?, 'application', ?, 'item', ?, ?, 'pending', 0, 0, 0.0, 1700000000)"
)


def _rows(numbers: range) -> list[tuple[object, ...]]:
    return [(n, f"key-{n}", f"REF-{n}", bytes([n % 251]) * 900, b"s" * 40) for n in numbers]


def _crashed_with_rows_in_the_log(path: Path) -> None:
    """``path`` as a power cut leaves it: 60 committed rows still only in ``-wal``."""
    connection = sqlite3.connect(path)
    with connection:
        connection.executemany(_INSERT, _rows(range(1, 201)))
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    with connection:
        connection.executemany(_INSERT, _rows(range(201, 261)))
    image = path.with_name("crash-image")
    image.mkdir()
    for suffix in ("", "-wal", "-shm"):
        shutil.copy(f"{path}{suffix}", image / (suffix.lstrip("-") or "main"))
    connection.close()  # checkpoints and deletes the log: put the crash image back
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copy(image / (suffix.lstrip("-") or "main"), f"{path}{suffix}")


def _damage_middle(path: Path) -> None:
    middle = path.stat().st_size // 4096 // 2
    with path.open("r+b") as stream:
        stream.seek(middle * 4096)
        stream.write(b"\xa5" * 8192)


def _files(path: Path) -> dict[str, bytes | None]:
    return {
        suffix: Path(f"{path}{suffix}").read_bytes() if Path(f"{path}{suffix}").exists() else None
        for suffix in ("", "-wal")
    }


@pytest.fixture
def crashed(tmp_path: Path) -> tuple[Path, Path]:
    """(configuration, database) of a demo terminal whose database has rows only in its log."""
    config = prepare_demo(tmp_path / "demo", NOW)
    path = load_config(config, {}).data_dir / DATABASE_FILE_NAME
    _crashed_with_rows_in_the_log(path)
    return config, path


def test_a_check_reads_the_log_and_leaves_a_sound_file_as_it_was(
    crashed: tuple[Path, Path],
) -> None:
    _config, path = crashed
    before = _files(path)
    assert before["-wal"]
    assert quick_check(path, budget_s=None).finished
    assert not quick_check(path, budget_s=None).damaged
    assert _files(path) == before
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as reader:
        assert reader.execute("SELECT count(*) FROM outbox").fetchone() == (260,)


def test_a_damaged_file_and_its_log_are_kept_as_they_were(
    crashed: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    config, path = crashed
    _damage_middle(path)
    before = _files(path)
    assert main(["database", "check", "--config", str(config)]) == EXIT_DATABASE
    assert "is damaged" in capsys.readouterr().err
    with pytest.raises(DatabaseDamaged):
        Database.open(path)  # the kiosk starting on it
    assert _files(path) == before
    assert Path(f"{path}-wal").stat().st_size > 0

"""``kiosk database recover`` refuses while a kiosk runs on the same data folder (it holds the
outbox's sender lock): moving the file aside under a running kiosk would leave every record it
queues afterwards in the damaged copy only, silently missing from the fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.cli.common import EXIT_CHECK_FAILED
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import prepare_demo
from kiosk.runtime.file_lock import FileLock
from kiosk.store.database import DATABASE_FILE_NAME
from kiosk.sync.enrolment import SENDER_LOCK_FILE
from tests.support.credential_fixtures import NOW
from tests.support.damage import Damage, damage


@pytest.fixture
def demo(tmp_path: Path) -> LoadedConfig:
    return load_config(prepare_demo(tmp_path / "demo", NOW), {})


@pytest.mark.parametrize("force", [False, True])
def test_recover_refuses_while_the_kiosk_holds_the_outbox(
    demo: LoadedConfig, force: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo.data_dir / DATABASE_FILE_NAME
    if not force:
        damage(path, Damage.TRUNCATED)
    before = path.read_bytes()
    running_kiosk = FileLock(demo.data_dir / SENDER_LOCK_FILE)
    assert running_kiosk.acquire(blocking=False)
    try:
        command = ["database", "recover", "--config", str(demo.path)]
        assert main(command + (["--force"] if force else [])) == EXIT_CHECK_FAILED
    finally:
        running_kiosk.release()
    err = capsys.readouterr().err
    assert "is running" in err and "stop it first" in err
    assert path.read_bytes() == before  # not moved aside, not rebuilt
    assert not list(demo.data_dir.glob(f"{DATABASE_FILE_NAME}.damaged-*"))
    # Once the kiosk has stopped, the recovery runs (the lock is then released again).
    assert main(["database", "recover", "--force", "--config", str(demo.path)]) == 0
    assert FileLock(demo.data_dir / SENDER_LOCK_FILE).holder() is None

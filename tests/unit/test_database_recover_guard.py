"""``kiosk database recover`` refuses while a kiosk runs on the same data folder (it holds the
data folder from start-up to exit, even out of service; a drain holds the outbox's sender
lock): moving the file aside under a running kiosk would leave every record it
queues afterwards in the damaged copy only, silently missing from the fresh database."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.cli.common import EXIT_CHECK_FAILED, EXIT_DATABASE, invoked_command
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import prepare_demo
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.commands import kiosk_command
from kiosk.runtime.file_lock import FileLock
from kiosk.store.database import DATABASE_FILE_NAME, DatabaseDamaged
from kiosk.sync.enrolment import SENDER_LOCK_FILE
from kiosk.terminal import Terminal
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


_HOLDING_KIOSK = """
import sys
from pathlib import Path
from kiosk.config.loader import load_config
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal

terminal = Terminal(load_config(Path(sys.argv[1]), {}), SystemClock())
assert terminal.hold_data_folder()  # as the kiosk does at start-up, database opened or not
print("held", flush=True)
sys.stdin.read()  # until the test closes our stdin
terminal.close()
"""


@pytest.mark.parametrize("force", [False, True])
def test_recover_refuses_while_another_process_holds_the_data_folder(
    demo: LoadedConfig, force: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kiosk out of service (a damaged database) never opens its outbox, so it holds no
    sender lock; it holds the data folder from start-up to exit, in its own process."""
    path = demo.data_dir / DATABASE_FILE_NAME
    damage(path, Damage.MIDDLE)
    before = path.read_bytes()
    command = ["database", "recover", "--config", str(demo.path), *(["--force"] * force)]
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDING_KIOSK, str(demo.path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as kiosk:
        assert kiosk.stdin is not None and kiosk.stdout is not None
        try:
            assert kiosk.stdout.readline() == "held\n"
            assert main(command) == EXIT_CHECK_FAILED
        finally:
            kiosk.stdin.close()
            assert kiosk.wait(timeout=30) == 0
    err = capsys.readouterr().err
    assert (
        f"the kiosk is running on {demo.data_dir} (process {kiosk.pid}): stop it first, then run "
        f"`{invoked_command()} database recover` again" in err
    )
    assert path.read_bytes() == before  # byte for byte
    assert not list(demo.data_dir.glob(f"{DATABASE_FILE_NAME}.damaged-*"))
    assert main(command) == 0  # that process has exited: its hold ended with it


def test_recover_holds_the_data_folder_while_it_rebuilds(demo: LoadedConfig) -> None:
    """A kiosk started during a recovery finds the data folder held (it logs who holds it)."""
    damage(demo.data_dir / DATABASE_FILE_NAME, Damage.TRUNCATED)
    held_during: list[int | None] = []
    from kiosk.store import recovery  # noqa: PLC0415

    real = recovery.recover

    def watched(*args: object, **kwargs: object) -> object:
        held_during.append(Terminal(demo, SystemClock()).data_folder_holder())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(recovery, "recover", watched)
        assert main(["database", "recover", "--config", str(demo.path)]) == 0
    assert held_during == [os.getpid()]
    assert Terminal(demo, SystemClock()).data_folder_holder() is None


INSTALLED = str(Path(sysconfig.get_path("scripts")) / "kiosk")


def test_the_kiosk_command_is_named_as_it_can_be_typed_here() -> None:
    assert kiosk_command(str(Path(INSTALLED).parent)) == "kiosk"  # on the PATH: short
    assert kiosk_command("/usr/bin:/bin") == INSTALLED  # .venv/bin not on the PATH: absolute
    assert kiosk_command("") == INSTALLED


def test_damage_messages_name_the_typed_command_and_stopping_the_kiosk_first(
    demo: LoadedConfig, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # a source install: .venv/bin not on the PATH
    path = demo.data_dir / DATABASE_FILE_NAME
    message = str(DatabaseDamaged(path, "database disk image is malformed"))
    assert message == (
        f"the database file {path} is damaged (database disk image is malformed). "
        f"Stop the kiosk, run `{INSTALLED} database recover` (the damaged file is kept, the "
        f"queued records that can still be read are exported), then `{INSTALLED} sync`, then "
        "start the kiosk again; see docs/database-recovery.md."
    )
    typed = invoked_command()  # the command line's own naming: the path as typed
    assert typed != "kiosk" and typed.endswith("/kiosk")
    damage(path, Damage.TRUNCATED)
    config = ["--config", str(demo.path)]
    assert main(["database", "check", *config]) == EXIT_DATABASE
    err = capsys.readouterr().err
    assert f"Stop the kiosk, then run `{typed} database recover`" in err
    assert f"then `{typed} sync`, then start the kiosk again" in err
    assert main(["database", "recover", *config]) == 0
    out = capsys.readouterr().out
    assert f"Next: `{typed} sync` (fetches" in out
    assert f"`{typed} outbox list` to see the queued records" in out
    assert f"enrol it again: `{typed} enrol CODE`." in out
    assert "`kiosk " not in out

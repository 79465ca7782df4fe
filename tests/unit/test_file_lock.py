"""The file lock (the outbox's sender lock, the receipt printer's lock): one holder across
processes, the holder named by its process id, released when the holder dies."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kiosk.runtime.file_lock import FileLock

HOLD = """
import sys
from pathlib import Path
from kiosk.runtime.file_lock import FileLock
lock = FileLock(Path(sys.argv[1]))
assert lock.acquire(blocking=False)
print("held", flush=True)
sys.stdin.read()
"""


def test_only_one_holder_at_a_time(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "outbox.lock"), FileLock(tmp_path / "outbox.lock")
    assert first.acquire(blocking=False)
    assert not second.acquire(blocking=False)
    first.release()
    assert second.acquire(blocking=False)
    second.release()
    second.release()  # releasing what is not held does nothing
    assert (tmp_path / "outbox.lock").stat().st_mode & 0o777 == 0o600


def test_the_lock_names_its_holder(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "outbox.lock"), FileLock(tmp_path / "outbox.lock")
    assert second.holder() is None
    assert second.acquire(blocking=False)  # holder() released what it tried
    second.release()
    assert first.acquire(blocking=False)
    assert second.holder() == os.getpid() == first.holder()
    first.release()
    assert second.holder() is None


def test_a_context_holds_the_lock_for_its_block(tmp_path: Path) -> None:
    other = FileLock(tmp_path / "printer.lock")
    with FileLock(tmp_path / "printer.lock") as held:
        assert held.holder() == os.getpid()
        assert not other.acquire(blocking=False)
    assert other.acquire(blocking=False)
    other.release()


def test_another_process_holds_it_until_it_dies(tmp_path: Path) -> None:
    path = tmp_path / "outbox.lock"
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "held"
        lock = FileLock(path)
        assert not lock.acquire(blocking=False)
        assert lock.holder() == child.pid
        child.kill()  # SIGKILL: the kernel releases its hold
        child.wait(30)
        assert lock.acquire(blocking=False)
        lock.release()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(30)
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()

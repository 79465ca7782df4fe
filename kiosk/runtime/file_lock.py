"""One holder at a time across processes: an exclusive ``flock`` on a file in the data folder.

The terminal uses two: the outbox's sender lock (``outbox.lock``: one process delivers, the
running kiosk or ``kiosk outbox drain``) and the receipt printer's lock (``printer.lock``: the
kiosk and ``kiosk printer reprint`` never print the same receipt twice). The kernel releases the
lock when its holder dies, even by SIGKILL. The holder writes its process id into the file, so
another process can name it (``holder``), e.g. to wake it with a signal.

Thread contract: one ``FileLock`` object belongs to one thread at a time (it keeps the open file
descriptor of its hold); two threads that both need the lock each make their own object on the
same path.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Self


class FileLock:
    """An exclusive lock on ``path`` (created 0600 if missing), held until ``release``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, *, blocking: bool = True) -> bool:
        """Take the lock (waiting for it unless ``blocking`` is false); False if another
        holder has it and ``blocking`` is false."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        self._fd = fd
        return True

    def holder(self) -> int | None:
        """The process id of the process holding the lock now, or None if nobody holds it."""
        if self._fd is not None:
            return os.getpid()
        if not self.acquire(blocking=False):
            try:
                text = self.path.read_text(encoding="ascii").strip()
            except OSError:
                return None
            return int(text) if text.isdigit() else None
        self.release()
        return None

    def release(self) -> None:
        """Let go of the lock (nothing happens if this object does not hold it)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

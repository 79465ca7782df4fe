"""The server's logging: redacted text on stderr and JSON lines in ``<data-dir>/logs``.

Uses the kiosk's redaction filter, JSON formatter and private log file (0600 in 0700 folders),
so no personal data reaches either sink even by accident (the platform never logs payloads on
purpose), and only the platform's user reads the file. With several worker processes
(``shared=True``) every process appends to the same file itself (whole lines, ``O_APPEND``), and
rotation is coordinated: one process rotates under a lock, the others follow to the new file.

Thread contract: call once at start-up, before the server's threads.
"""

from __future__ import annotations

import fcntl
import logging
import logging.handlers
import os
from pathlib import Path

from kiosk.runtime.logs import JsonLinesFormatter, PrivateRotatingFileHandler
from kiosk.runtime.private_files import ensure_private_dir
from kiosk.runtime.redaction import RedactionFilter, install_record_redaction

LOG_FILE = Path("logs") / "refplatform.log.jsonl"
QUIET_LOGGERS = ("alembic", "uvicorn.access")


class SharedRotatingFileHandler(PrivateRotatingFileHandler):
    """A private rotating log file that several processes append to.

    Before each record the handler checks that its file is still the one at the log's path and
    reopens it if another process has rotated it; it rotates only under an exclusive lock
    (``<file>.lock``), after following any rotation that happened meanwhile, so the files are
    rotated once and no process writes on into a renamed file for long.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._follow()
        except OSError:
            self.handleError(record)
            return
        super().emit(record)

    def _follow(self) -> bool:
        """Reopen if the path names another file now; True if it did."""
        if self.stream is None:
            return False
        try:
            current = os.stat(self.baseFilename).st_ino  # noqa: PTH116 - a path string
        except FileNotFoundError:
            current = None
        if current == os.fstat(self.stream.fileno()).st_ino:
            return False
        self.stream.close()
        self.stream = self._open()
        return True

    def doRollover(self) -> None:  # noqa: N802 - logging's name
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        lock = os.open(f"{self.baseFilename}.lock", flags, 0o600)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not self._follow():  # nobody else rotated it while this process waited
                super().doRollover()
        finally:
            os.close(lock)  # releases the lock


def setup_server_logging(data_dir: Path, level: str = "INFO", *, shared: bool = False) -> Path:
    """Configure the root logger for a server process; returns the log file. ``shared``: one of
    several processes writing the same file (``refplatform serve --workers N``)."""
    install_record_redaction()
    for chatty in QUIET_LOGGERS:
        logging.getLogger(chatty).setLevel(logging.WARNING)
    root = logging.getLogger()
    root.setLevel(level)
    redaction = RedactionFilter()
    path = data_dir / LOG_FILE
    ensure_private_dir(data_dir)
    ensure_private_dir(path.parent)
    handler_class = SharedRotatingFileHandler if shared else PrivateRotatingFileHandler
    file_handler = handler_class(path, maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8")
    file_handler.setFormatter(JsonLinesFormatter())
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for handler in (file_handler, console):
        handler.addFilter(redaction)
        root.addHandler(handler)
    return path

"""Logging: JSON lines in the data directory, rotated, redacted.

One record per line, so a technician can read the file with ``jq`` and a fleet can ship it
without a parser. Every handler carries the ``RedactionFilter``; nothing reaches a file or the
console before personal data is masked, and a bug's traceback keeps types and frames but not the
messages of exceptions the kiosk did not write (``redaction.safe_traceback``).

Logs are for the terminal's user only: the data folder and ``logs/`` are 0700, every log file
(the current one and the rotated ones) 0600, whatever the umask.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.runtime.private_files import PRIVATE_FILE_MODE, ensure_private_dir
from kiosk.runtime.redaction import (
    RedactionFilter,
    extra_fields,
    install_record_redaction,
    safe_traceback,
)

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "kiosk.log.jsonl"
_HANDLER_MARK = "_kiosk_handler"
QUIET_LOGGERS = ("alembic",)


class JsonLinesFormatter(logging.Formatter):
    """Formats a record as one JSON object on one line (UTF-8, Chinese kept readable)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            "thread": record.threadName,
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        extras = extra_fields(record)
        if extras:
            entry["fields"] = extras
        return json.dumps(entry, ensure_ascii=False, default=str)

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        error = ei[1] if ei else None
        return safe_traceback(error) if error is not None else super().formatException(ei)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that only its owner can read: created 0600 (and an existing file
    tightened to 0600), never through a symbolic link. Rotated files keep the mode."""

    def _open(self) -> Any:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
        descriptor = os.open(self.baseFilename, flags, PRIVATE_FILE_MODE)
        try:
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
            return open(descriptor, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: PTH123
        except BaseException:
            os.close(descriptor)
            raise


def log_file_path(data_dir: Path) -> Path:
    """Where the current log file of a data directory is."""
    return data_dir / LOG_DIR_NAME / LOG_FILE_NAME


def setup_logging(
    data_dir: Path | None,
    *,
    level: str = "INFO",
    max_bytes: int = 10 * 1024 * 1024,
    backup_count: int = 5,
    console: bool = True,
) -> Path | None:
    """Configure the root logger; returns the log file path (None when ``data_dir`` is None).

    Replaces handlers installed by an earlier call, so it can be called again after the
    configuration changes. Thread contract: call once at start-up, before worker threads.
    """
    install_record_redaction()
    for chatty in QUIET_LOGGERS:  # libraries that narrate routine work at INFO
        logging.getLogger(chatty).setLevel(logging.WARNING)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _HANDLER_MARK, False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    redaction = RedactionFilter()

    path: Path | None = None
    if data_dir is not None:
        path = log_file_path(data_dir)
        ensure_private_dir(data_dir)
        ensure_private_dir(path.parent)
        file_handler = PrivateRotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
        )
        file_handler.setFormatter(JsonLinesFormatter())
        _install(root, file_handler, redaction)
    if console:
        console_handler = logging.StreamHandler()
        console_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        _install(root, console_handler, redaction)
    return path


def _install(root: logging.Logger, handler: logging.Handler, redaction: logging.Filter) -> None:
    handler.addFilter(redaction)
    setattr(handler, _HANDLER_MARK, True)
    root.addHandler(handler)

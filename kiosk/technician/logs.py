"""The terminal's log as a technician reads it: newest first, filtered by level, redacted again.

The kiosk writes one JSON object a line to ``<data>/logs/kiosk.log.jsonl`` and rotates it to
``kiosk.log.jsonl.1`` … ``.N`` (``kiosk.runtime.logs``), every record already passed through the
redaction filter (``kiosk.runtime.redaction``). ``read_log`` reads them back for the log viewer
and ``kiosk logs``:

- from the end of the current file backwards, then the rotated files from the newest, in blocks
  of ``BLOCK_BYTES``, so memory stays bounded whatever the files' size: at most ``limit``
  entries, one block and one line (a line longer than ``MAX_LINE_BYTES`` is skipped, not kept);
- at most ``max_bytes`` are read (``LogPage.complete`` says whether older lines were left);
- entries below the ``minimum`` level are passed over before anything else is done with them;
- each shown entry is redacted again, message, exception, fields, logger and thread, with the
  filter the log was written with (defence in depth: a line written by an older version, or by
  a bug around the filter, shows no identity number, credit code or phone number either);
- a line that is not a log record (cut by a power failure, not JSON) is counted, not shown.

Thread contract: pure functions over files; blocking (call through the task runner in the UI).
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.logs import log_file_path
from kiosk.runtime.messages import QT_TRANSLATE_NOOP
from kiosk.runtime.redaction import redact_text, redact_value

BLOCK_BYTES = 64 * 1024
MAX_LINE_BYTES = 64 * 1024
DEFAULT_LIMIT = 200
MAX_LIMIT = 5000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
MAX_ROTATED_FILES = 100  # logging.keep_files is at most 50

# The levels a filter may start from, least severe first (CRITICAL is shown with ERROR).
LEVELS: tuple[str, ...] = ("DEBUG", "INFO", "WARNING", "ERROR")
LEVEL_NAMES: Mapping[str, str] = {
    "DEBUG": QT_TRANSLATE_NOOP("LogLevels", "Debug"),
    "INFO": QT_TRANSLATE_NOOP("LogLevels", "Information"),
    "WARNING": QT_TRANSLATE_NOOP("LogLevels", "Warning"),
    "ERROR": QT_TRANSLATE_NOOP("LogLevels", "Error"),
    "CRITICAL": QT_TRANSLATE_NOOP("LogLevels", "Critical"),
}
LEVEL_CONTEXT = "LogLevels"


def level_number(name: str) -> int | None:
    """``logging``'s number for a level name ("WARNING" -> 30); None for no standard level."""
    number = logging.getLevelNamesMapping().get(name.upper())
    return number if isinstance(number, int) else None


@dataclass(frozen=True)
class LogEntry:
    """One record of the log, redacted. ``at`` in Beijing time (None: not readable)."""

    at: datetime | None
    level: str
    logger: str
    message: str
    thread: str = ""
    exception: str | None = None
    fields: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "at": self.at.isoformat() if self.at is not None else None,
            "level": self.level,
            "logger": self.logger,
            "msg": self.message,
        }
        if self.thread:
            document["thread"] = self.thread
        if self.exception:
            document["exc"] = self.exception
        if self.fields:
            document["fields"] = dict(self.fields)
        return document


@dataclass(frozen=True)
class LogPage:
    """What ``read_log`` found: the entries, newest first, and how far it read."""

    entries: tuple[LogEntry, ...]
    files: int  # log files present
    scanned_bytes: int
    complete: bool  # True: every line of every file was looked at
    unreadable: int = 0  # lines that are not log records (not shown)


def log_files(data_dir: Path) -> list[Path]:
    """The log files of a data folder, newest first: the current one, then ``.1``, ``.2`` …"""
    current = log_file_path(data_dir)
    found = [current] if current.is_file() else []
    for number in range(1, MAX_ROTATED_FILES + 1):
        rotated = current.with_name(f"{current.name}.{number}")
        if not rotated.is_file():
            break
        found.append(rotated)
    return found


def read_log(
    data_dir: Path,
    *,
    minimum: str = "DEBUG",
    limit: int = DEFAULT_LIMIT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> LogPage:
    """The newest ``limit`` entries at ``minimum`` level or above, newest first, redacted.
    Raises ValueError for an unknown level; a file that cannot be read is passed over."""
    floor = level_number(minimum)
    if floor is None:
        raise ValueError(f"no log level {minimum!r}; one of {', '.join(LEVELS)}")
    limit = max(0, min(limit, MAX_LIMIT))
    files = log_files(data_dir)
    entries: list[LogEntry] = []
    unreadable = 0
    budget = _Budget(max_bytes)
    complete = True
    for path in files:
        if len(entries) >= limit or budget.spent:
            complete = False
            break
        try:
            handle = path.open("rb")
        except OSError:  # removed by a rotation meanwhile, or not ours to read
            complete = False
            continue
        with handle:
            finished = True
            for line in _lines_backwards(handle, budget):
                if line is None:
                    unreadable += 1
                    continue
                record = _record(line)
                if record is None:
                    unreadable += 1
                    continue
                if _number_of(record) < floor:
                    continue
                entries.append(_entry(record))
                if len(entries) >= limit:
                    finished = False
                    break
        if not finished or not budget.at_start:
            complete = False
            break
    return LogPage(tuple(entries), len(files), budget.used, complete, unreadable)


class _Budget:
    """How many bytes may still be read, and whether the last file was read to its start."""

    def __init__(self, limit: int) -> None:
        self.limit = max(0, limit)
        self.used = 0
        self.at_start = True

    @property
    def spent(self) -> bool:
        return self.used >= self.limit

    def take(self, wanted: int) -> int:
        granted = max(0, min(wanted, self.limit - self.used))
        self.used += granted
        return granted


def _lines_backwards(handle: BinaryIO, budget: _Budget) -> Iterator[bytes | None]:
    """The lines of a file from the last to the first, read in blocks from the end; None for a
    line longer than ``MAX_LINE_BYTES`` (skipped, never held whole). Stops when the budget is
    spent (``budget.at_start`` False then)."""
    handle.seek(0, 2)
    position = handle.tell()
    budget.at_start = position == 0
    tail = b""  # the end of a line whose start is in a block not read yet
    skipping = False  # inside an overlong line, going backwards to its start
    while position > 0:
        size = budget.take(min(BLOCK_BYTES, position))
        if size == 0:
            return
        position -= size
        handle.seek(position)
        block = handle.read(size)
        pieces = (block + tail).split(b"\n")
        tail = pieces[0]
        later = pieces[1:]
        if skipping and later:
            later = later[:-1]  # the piece after the first newline ends the overlong line
            skipping = False
            yield None
        for line in reversed(later):
            if line.strip():
                yield line
        if len(tail) > MAX_LINE_BYTES:
            tail, skipping = b"", True
    budget.at_start = True
    if skipping:
        yield None
    elif tail.strip():
        yield tail


def _record(line: bytes) -> dict[str, Any] | None:
    try:
        record = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("level"), str):
        return None
    return record


def _number_of(record: Mapping[str, Any]) -> int:
    number = level_number(str(record.get("level", "")))
    return number if number is not None else logging.ERROR  # an odd level is shown, not hidden


def _entry(record: Mapping[str, Any]) -> LogEntry:
    at = None
    with contextlib.suppress(TypeError, ValueError):
        moment = datetime.fromisoformat(str(record.get("ts")))
        if moment.tzinfo is not None:
            at = moment.astimezone(CHINA_TIME)
    exception = record.get("exc")
    fields = record.get("fields")
    redacted_fields = redact_value(fields) if isinstance(fields, dict) else {}
    return LogEntry(
        at=at,
        level=redact_text(str(record.get("level", ""))),
        logger=redact_text(str(record.get("logger", ""))),
        message=redact_text(str(record.get("msg", ""))),
        thread=redact_text(str(record.get("thread", ""))),
        exception=redact_text(str(exception)) if exception else None,
        fields=redacted_fields if isinstance(redacted_fields, dict) else {},
    )


@dataclass(frozen=True)
class LogBook:
    """The log of one data folder, for technician mode (``TechnicianServices.logs``)."""

    data_dir: Path

    def read(self, minimum: str = "DEBUG", limit: int = DEFAULT_LIMIT) -> LogPage:
        """``read_log`` on this folder (blocking)."""
        return read_log(self.data_dir, minimum=minimum, limit=limit)

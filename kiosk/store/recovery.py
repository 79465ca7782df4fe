"""Recovering from a damaged database without dropping a queued record.

``recover(path, now)`` (``kiosk database recover``; the kiosk must be stopped):

1. moves the damaged file aside, with its ``-wal`` and ``-shm`` companions (the write-ahead log
   may hold committed records), as ``kiosk.sqlite3.damaged-YYYYMMDD-HHMMSS`` (Beijing time):
   it is kept, never deleted;
2. reads what can still be read of every table of the kiosk's schema from that copy, row by
   row: a table whose scan breaks part-way is read again one row id at a time, so one bad page
   costs the rows on it, not the rest. What SQLite cannot read is counted, not guessed;
3. writes every row read to ``kiosk.sqlite3.damaged-…-rows.jsonl`` (mode 0600; one JSON
   object per row, bytes in base64: queued bodies stay sealed to the platform, receipt
   summaries stay encrypted with the terminal's key, so the file holds no readable personal
   data);
4. creates a fresh database at ``path`` and puts the rows read back into it, table by table,
   each row on its own (a row the schema refuses is left out and counted; it stays in the
   export). Queued records keep their idempotency keys, so a record the platform had already
   received before the damage is never accepted twice.

What cannot come back: rows on unreadable pages. The trust list and the platform documents are
fetched again by ``kiosk sync``; the enrolment and the keys are files, not in the database.

Thread contract: a command's main thread, with the kiosk stopped.
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.exc import SQLAlchemyError

from kiosk.domain.timezone import CHINA_TIME
from kiosk.store.database import PRIVATE_FILE_MODE, Database
from kiosk.store.models import Base

ROW_PROBE_LIMIT = 1_000_000
"""At most this many row ids are tried one by one after a broken scan."""
COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass
class TableRecovery:
    """What became of one table."""

    name: str
    read: int = 0
    restored: int = 0
    refused: int = 0  # read, but the fresh schema refused the row (kept in the export)
    unreadable: bool = False  # the table could not be read at all
    scan_broke: bool = False  # its scan broke part-way; rows were then read one by one


@dataclass
class RecoveryReport:
    """Where the damaged file went, where the export is, and what each table gave."""

    damaged_copy: Path
    export: Path
    fresh: Path
    tables: list[TableRecovery] = field(default_factory=list)

    def table(self, name: str) -> TableRecovery:
        return next(table for table in self.tables if table.name == name)


def aside_name(path: Path, now: datetime) -> Path:
    """Where the damaged ``path`` is kept: ``<name>.damaged-YYYYMMDD-HHMMSS`` (Beijing time)."""
    stamp = now.astimezone(CHINA_TIME).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.damaged-{stamp}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.damaged-{stamp}-{number}")
    return candidate


def recover(path: Path, now: datetime, open_fresh: Callable[[], Database]) -> RecoveryReport:
    """Move ``path`` aside, export and restore what can be read, and put it into the fresh
    database ``open_fresh`` opens at ``path`` (the terminal's: ``Terminal.open_credentials``;
    the caller closes it)."""
    path = Path(path).absolute()
    aside = aside_name(path, now)
    path.replace(aside)
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.replace(aside.with_name(aside.name + suffix))
    report = RecoveryReport(aside, aside.with_name(aside.name + "-rows.jsonl"), path)
    salvaged = _salvage(aside, report)
    _write_export(report.export, salvaged)
    database = open_fresh()
    if database.path != path:
        raise ValueError(f"the fresh database must be at {path}, not {database.path}")
    for table in Base.metadata.sorted_tables:
        _restore(database, table, salvaged.get(table.name, []), report.table(table.name))
    return report


def _salvage(aside: Path, report: RecoveryReport) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    try:
        connection = sqlite3.connect(f"{aside.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        connection = None
    try:
        for table in Base.metadata.sorted_tables:
            outcome = TableRecovery(table.name)
            report.tables.append(outcome)
            if connection is None:
                outcome.unreadable = True
                continue
            rows[table.name] = list(_read_table(connection, table, outcome))
            outcome.read = len(rows[table.name])
    finally:
        if connection is not None:
            connection.close()
    return rows


def _read_table(
    connection: sqlite3.Connection, table: Table, outcome: TableRecovery
) -> Iterator[dict[str, Any]]:
    columns = [column.name for column in table.columns]
    listed = ", ".join(f'"{name}"' for name in columns)
    seen: set[int] = set()
    # Table and column names come from the kiosk's own schema, never from input (S608).
    scan = f'SELECT rowid, {listed} FROM "{table.name}" ORDER BY rowid'  # noqa: S608
    try:
        for rowid, *values in connection.execute(scan):
            seen.add(rowid)
            yield dict(zip(columns, values, strict=True))
        return
    except sqlite3.Error:
        outcome.scan_broke = True
    probed = 0
    for row in _probe_rows(connection, table, columns, listed, seen):
        probed += 1
        yield row
    outcome.unreadable = not seen and not probed


def _probe_rows(
    connection: sqlite3.Connection,
    table: Table,
    columns: list[str],
    listed: str,
    seen: set[int],
) -> Iterator[dict[str, Any]]:
    """Read the rows the broken scan did not reach, one row id at a time."""
    highest = max(seen, default=0)
    try:  # AUTOINCREMENT tables record their highest id; others: probe a window past the last
        found = connection.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = ?", (table.name,)
        ).fetchone()
        highest = max(highest, int(found[0])) if found else highest
    except sqlite3.Error:
        pass
    misses = 0
    rowid = 0
    while rowid < ROW_PROBE_LIMIT:
        rowid += 1
        if rowid in seen:
            continue
        try:
            one = f'SELECT {listed} FROM "{table.name}" WHERE rowid = ?'  # noqa: S608
            row = connection.execute(one, (rowid,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is None:
            misses += 1
            if rowid > highest and misses > 10_000:
                return
            continue
        misses = 0
        seen.add(rowid)
        yield dict(zip(columns, row, strict=True))


def _write_export(export: Path, salvaged: dict[str, list[dict[str, Any]]]) -> None:
    descriptor = os.open(export, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        for name, rows in salvaged.items():
            for row in rows:
                stream.write(json.dumps({"table": name, "row": _jsonable(row)}) + "\n")
        stream.flush()
        os.fsync(stream.fileno())


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {
        key: {"base64": base64.b64encode(value).decode("ascii")}
        if isinstance(value, bytes)
        else value
        for key, value in row.items()
    }


def _restore(
    database: Database, table: Table, rows: list[dict[str, Any]], outcome: TableRecovery
) -> None:
    if table.name == "alembic_version":
        return
    with database.engine.begin() as connection:
        for row in rows:
            savepoint = connection.begin_nested()
            try:
                connection.execute(insert(table).values(**row))
                savepoint.commit()
            except SQLAlchemyError:
                savepoint.rollback()
                outcome.refused += 1
            else:
                outcome.restored += 1

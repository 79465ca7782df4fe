"""Damaging a real SQLite file the three ways a terminal's disk does (issue 14, point 4)."""

from __future__ import annotations

import enum
import os
from pathlib import Path

PAGE = 4096


class Damage(enum.Enum):
    MIDDLE = "middle"  # pages in the middle overwritten with garbage
    TRUNCATED = "truncated"  # the file cut short
    NOT_A_DATABASE = "not_a_database"  # some other file in its place


def damage(path: Path, how: Damage, *, pages: tuple[int, int] | None = None) -> None:
    """Damage ``path`` (closed) ``how``; ``pages`` (first, count) picks the pages to overwrite."""
    for suffix in ("-wal", "-shm"):  # a closed database has checkpointed its log
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    size = path.stat().st_size
    if how is Damage.MIDDLE:
        first, count = pages or (max(1, size // PAGE // 3), max(1, size // PAGE // 2))
        with path.open("r+b") as stream:
            stream.seek(first * PAGE)
            stream.write(bytes((index * 7 + 3) % 256 for index in range(count * PAGE)))
    elif how is Damage.TRUNCATED:
        os.truncate(path, PAGE * 5 + 100)
    else:
        path.write_bytes(b"these are not the bytes of a database\n" * 200)

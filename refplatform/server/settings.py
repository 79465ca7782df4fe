"""What a reference platform instance runs with: folders, database, keys, calendar, clock.

Thread contract: immutable; share freely.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

DATABASE_FILE_NAME = "refplatform.sqlite3"
SEALING_KEY_FILE_NAME = "platform-sealing.key"
PORT_FILE_NAME = "refplatform.port"
DEMO_KEYS_DIR_NAME = "demo-keys"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Settings:
    """A platform instance.

    ``database_url`` defaults to SQLite in ``data_dir``; ``keys_dir`` (the demo trust anchor
    and issuers that sign the published documents) defaults to ``data_dir/demo-keys`` and is
    created there when missing; ``calendar_file`` is a published holiday calendar merged over
    the bundled one. ``clock`` is the platform's clock (answers' ``Date``, signature ages,
    acceptance days); tests inject one.
    """

    data_dir: Path
    database_url: str | None = None
    keys_dir: Path | None = None
    calendar_file: Path | None = None
    clock: Callable[[], datetime] = field(default=utc_now)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+pysqlite:///{(self.data_dir / DATABASE_FILE_NAME).absolute()}"

    @property
    def resolved_keys_dir(self) -> Path:
        return self.keys_dir if self.keys_dir is not None else self.data_dir / DEMO_KEYS_DIR_NAME

    @property
    def sealing_key_path(self) -> Path:
        return self.data_dir / SEALING_KEY_FILE_NAME

    @property
    def port_file(self) -> Path:
        return self.data_dir / PORT_FILE_NAME

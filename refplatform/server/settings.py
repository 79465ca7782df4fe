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
CATALOG_FILE_NAME = "catalog.json"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Limits:
    """What one platform process lets a client do (docs/platform-api.md, "Limits").

    Token buckets: a client may send ``*_burst`` requests at once and ``*_per_s`` a second on
    average; past that it gets 429 ``rate_limited`` with ``Retry-After``. Per address counts
    every request from one client address (before anything else is done with it); per terminal
    counts the signed requests of one enrolled terminal (after its signature verifies, before
    its nonce is written). The defaults are far above what a terminal sends (a heartbeat a
    minute, a backlog drained one record at a time) and a service hall behind one address.
    Each worker process keeps its own buckets. ``0`` for a rate turns that limit off.

    The server's time limits: a request head (request line and headers) must arrive within
    ``header_timeout_s`` of the connection opening or of its first byte after the previous
    answer; its body must arrive within ``body_timeout_s`` of the application starting to read
    it (else 408 ``request_timeout`` and the connection is closed; trickling a byte at a time
    does not extend it); an idle keep-alive connection is closed after
    ``keep_alive_timeout_s``; past ``max_concurrency`` open connections or requests in progress
    the server answers 503.

    Wrong passwords at ``/admin/login``: a bucket per client address of
    ``login_failures_burst`` wrong passwords, refilled at ``login_failures_per_s`` (one a
    minute); an address whose bucket is empty gets 429 before its password is even hashed.
    """

    per_address_per_s: float = 100.0
    per_address_burst: int = 400
    per_terminal_per_s: float = 20.0
    per_terminal_burst: int = 200
    tracked_clients: int = 100_000
    header_timeout_s: float = 10.0
    body_timeout_s: float = 15.0
    keep_alive_timeout_s: int = 5
    max_concurrency: int = 1000
    max_header_bytes: int = 16 * 1024
    login_failures_per_s: float = 1 / 60
    login_failures_burst: int = 5


@dataclass(frozen=True)
class FleetRules:
    """When the fleet page (``/admin/fleet``) says a terminal needs attention.

    ``heartbeat_interval_s`` is what the terminals are configured with (the kiosk's
    ``outbox.heartbeat_interval_s``, 60 s by default); a terminal not heard from for more than
    ``silent_after_intervals`` of them is silent. A trust list issued more than
    ``trust_list_max_age_days`` ago is old (the platform issues one valid for 7 days); a clock
    more than ``max_clock_skew_s`` off the platform's is wrong (signatures fail at 300 s); less
    than ``min_disk_free_mb`` free in the data folder is too little.
    """

    heartbeat_interval_s: float = 60.0
    silent_after_intervals: int = 3
    trust_list_max_age_days: float = 7.0
    max_clock_skew_s: float = 120.0
    min_disk_free_mb: int = 500

    @property
    def silent_after_s(self) -> float:
        return self.heartbeat_interval_s * self.silent_after_intervals


@dataclass(frozen=True)
class Settings:
    """A platform instance.

    ``database_url`` defaults to SQLite in ``data_dir``; ``keys_dir`` (the demo trust anchor
    and issuers that sign the published documents) defaults to ``data_dir/demo-keys`` and is
    created there when missing; ``calendar_file`` is a published holiday calendar merged over
    the bundled one. ``clock`` is the platform's clock (answers' ``Date``, signature ages,
    acceptance days, rate-limit buckets); tests inject one. ``limits`` are the rate limits,
    time limits and the concurrency cap. ``publications_file`` holds documents already signed
    by a parent process (``refplatform serve --workers N``): served as they are, not signed
    again, so every worker answers with the same bytes. ``catalog_file`` is the catalogue
    ``refplatform catalog import`` stored; the platform publishes it, else the bundled one.
    ``fleet`` says when the fleet page flags a terminal.
    """

    data_dir: Path
    database_url: str | None = None
    keys_dir: Path | None = None
    calendar_file: Path | None = None
    clock: Callable[[], datetime] = field(default=utc_now)
    limits: Limits = field(default_factory=Limits)
    publications_file: Path | None = None
    fleet: FleetRules = field(default_factory=FleetRules)

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
    def catalog_file(self) -> Path:
        return self.data_dir / CATALOG_FILE_NAME

    @property
    def port_file(self) -> Path:
        return self.data_dir / PORT_FILE_NAME

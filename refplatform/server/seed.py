"""Preparing a demo platform: database, demo keys, sealing key, and an enrolment code.

``seed_demo`` is what ``refplatform seed-demo`` runs and what the kiosk's demo launcher calls:
afterwards ``refplatform serve`` on the same folders finds everything in place, and the printed
code enrols the demo terminal.

Thread contract: call from one thread; it opens and closes its own database connection.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from refplatform.server.enrolment import issue_code
from refplatform.server.instance import ensure_demo_keys, ensure_sealing_key, open_database
from refplatform.server.settings import Settings, utc_now


def enrolment_code(settings: Settings, terminal_id: str, now: datetime | None = None) -> str:
    """A new one-time enrolment code for ``terminal_id`` in the platform's database."""
    database = open_database(settings)
    try:
        return issue_code(database, terminal_id, now or settings.clock())
    finally:
        database.close()


def seed_demo(
    data_dir: Path,
    keys_dir: Path,
    terminal_id: str,
    *,
    database_url: str | None = None,
    now: datetime | None = None,
) -> str:
    """Create the database, the demo keys (if ``keys_dir`` has none) and the platform's sealing
    key, and return an enrolment code for ``terminal_id``."""
    settings = Settings(data_dir=data_dir, database_url=database_url, keys_dir=keys_dir)
    moment = now or utc_now()
    ensure_demo_keys(keys_dir, moment)
    ensure_sealing_key(settings.sealing_key_path)
    return enrolment_code(settings, terminal_id, moment)

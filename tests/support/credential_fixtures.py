"""Fixtures for credential tests: one demo key set per session (RSA key generation is slow),
a fresh database and verifier per test, all against the real issuer tool."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.credentials.replay import ReplayCache
from kiosk.credentials.trust_store import TrustStore
from kiosk.credentials.verifier import ClockCheck, Verifier, clock_plausible
from kiosk.store.database import Database
from refplatform.issuer.keys import DemoKeySet, create_demo_keys

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_keys(tmp_path_factory: pytest.TempPathFactory) -> DemoKeySet:
    return create_demo_keys(tmp_path_factory.mktemp("demo-keys"), NOW)


@dataclass
class Terminal:
    """A verifying terminal: database, trust store, replay cache and verifier."""

    database: Database
    trust_store: TrustStore
    replay_cache: ReplayCache
    verifier: Verifier

    def install(self, content: bytes, now: datetime = NOW) -> None:
        self.trust_store.install(content, now)


def make_terminal(
    folder: Path,
    keys: DemoKeySet,
    *,
    demo_mode: bool = True,
    clock_check: ClockCheck = clock_plausible,
    max_entries: int = 50_000,
) -> Terminal:
    database = Database.open(folder / "kiosk.sqlite3")
    store = TrustStore(database, keys.anchor.public_key(), demo_mode=demo_mode)
    cache = ReplayCache(database, max_entries=max_entries)
    return Terminal(database, store, cache, Verifier(store, cache, clock_check=clock_check))


@pytest.fixture
def terminal(tmp_path: Path, demo_keys: DemoKeySet) -> Iterator[Terminal]:
    """A demo terminal with a fresh trust list of the demo issuers installed."""
    made = make_terminal(tmp_path, demo_keys)
    made.install(demo_keys.trust_list(sequence=1, issued_at=NOW - timedelta(hours=1)))
    yield made
    made.database.close()

"""The replay cache: once per code, until it expires; persistent; bounded."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kiosk.credentials.replay import ReplayCache, replay_key
from kiosk.store.database import Database


def key(n: int) -> bytes:
    return hashlib.sha256(str(n).encode()).digest()


def test_a_key_is_accepted_once_until_it_expires(tmp_path: Path) -> None:
    with Database.open(tmp_path / "db.sqlite3") as database:
        cache = ReplayCache(database)
        assert cache.record(key(1), expires_at=200, now=100)
        assert cache.seen(key(1), now=150)
        assert not cache.record(key(1), expires_at=200, now=150)
        assert not cache.seen(key(1), now=201)
        assert cache.record(key(1), expires_at=400, now=201)  # expired entries are pruned


def test_the_cache_survives_a_restart(tmp_path: Path) -> None:
    with Database.open(tmp_path / "db.sqlite3") as database:
        assert ReplayCache(database).record(key(1), expires_at=200, now=100)
    with Database.open(tmp_path / "db.sqlite3") as database:
        assert not ReplayCache(database).record(key(1), expires_at=200, now=120)


def test_the_cache_is_bounded_and_drops_the_closest_to_expiry(tmp_path: Path) -> None:
    with Database.open(tmp_path / "db.sqlite3") as database:
        cache = ReplayCache(database, max_entries=10)
        for n in range(15):
            assert cache.record(key(n), expires_at=1000 + n, now=100)
        assert len(cache) == 10
        assert not cache.seen(key(0), now=100)
        assert cache.seen(key(14), now=100)


def test_keys_separate_issuers() -> None:
    assert replay_key(b"issuer-a", b"id") != replay_key(b"issuer-b", b"id")
    assert replay_key(b"ab", b"c") != replay_key(b"a", b"bc")
    assert len(replay_key(b"a", b"b")) == 32

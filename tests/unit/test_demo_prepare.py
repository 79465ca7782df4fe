"""Preparing a kept demo folder again (``kiosk demo --data-dir DIR`` a second time).

The demo re-signs its trust list at every start with the clock's seconds as its sequence. A list
imported meanwhile (a technician's USB import) may carry a later sequence; the next start must
still come up, with a list newer than that one, rather than stop on a rollback."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kiosk.config.loader import load_config
from kiosk.demo import DEMO_KEYS_DIR, prepare_demo
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal
from refplatform.issuer.keys import load_demo_keys


def _installed_sequence(config: Path) -> int | None:
    with Terminal(load_config(config, {}), SystemClock()) as terminal:
        current = terminal.open_credentials().trust_store.current()
    return current.sequence if current is not None else None


def test_a_kept_folder_with_a_list_ahead_of_the_clock_starts_again(tmp_path: Path) -> None:
    now = SystemClock().now()
    config = prepare_demo(tmp_path, now)
    ahead = int(now.timestamp()) + 600  # signed on a machine whose clock runs ahead
    keys = load_demo_keys(tmp_path / DEMO_KEYS_DIR)
    with Terminal(load_config(config, {}), SystemClock()) as terminal:
        store = terminal.open_credentials().trust_store
        store.install(keys.trust_list(sequence=ahead, issued_at=now), now)

    prepare_demo(tmp_path, now + timedelta(seconds=1))

    assert _installed_sequence(config) == ahead + 1


def test_a_kept_folder_gets_the_clocks_sequence_when_it_is_newer(tmp_path: Path) -> None:
    now = SystemClock().now()
    config = prepare_demo(tmp_path, now)
    later = now + timedelta(seconds=30)

    prepare_demo(tmp_path, later)

    assert _installed_sequence(config) == int(later.timestamp())

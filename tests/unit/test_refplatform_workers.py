"""Pieces of ``refplatform serve --workers N`` (refplatform.server.workers): the settings and the
signed documents the parent hands to its workers, the shared log file, the option itself.
The processes themselves are tested end to end (tests/e2e/test_refplatform_server.py)."""

from __future__ import annotations

import json
import logging
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.workdays import bundled_calendar
from kiosk.runtime.private_files import write_private
from refplatform.cli import _parser
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.instance import PlatformSetupError, open_platform
from refplatform.server.logs import SharedRotatingFileHandler
from refplatform.server.publications import load_publications, publish, save_publications
from refplatform.server.settings import FleetRules, Limits, Settings
from refplatform.server.workers import (
    bind_listener,
    prepare_instance,
    read_worker_settings,
    write_worker_settings,
)


def test_worker_settings_round_trip_privately(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url="postgresql+psycopg://platform:secret@db/platform",
        keys_dir=tmp_path / "keys",
        calendar_file=tmp_path / "calendar.json",
        publications_file=tmp_path / "data" / "published.json",
        limits=Limits(per_address_per_s=7.5, header_timeout_s=3.0, max_concurrency=12),
        fleet=FleetRules(heartbeat_interval_s=30.0, trust_list_max_age_days=3.0),
    )
    path = tmp_path / "workers.json"
    write_worker_settings(settings, path, "DEBUG")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # the URL may hold a password
    loaded, level = read_worker_settings(path)
    assert level == "DEBUG"
    assert loaded == settings


def test_unreadable_worker_settings_are_a_setup_error(tmp_path: Path) -> None:
    with pytest.raises(PlatformSetupError, match="cannot read"):
        read_worker_settings(tmp_path / "missing.json")
    write_private(tmp_path / "bad.json", json.dumps({"data_dir": "x"}).encode("utf-8"))
    with pytest.raises(PlatformSetupError, match="not a worker settings file"):
        read_worker_settings(tmp_path / "bad.json")


def test_workers_serve_the_parents_signed_documents(tmp_path: Path, demo_keys: DemoKeySet) -> None:
    """Every worker answers with the bytes and ETags the parent signed, not with its own: the
    documents carry their signing time (the trust list's sequence number is that time), and
    workers starting in different seconds would publish different ETags and sequences."""
    settings = Settings(data_dir=tmp_path / "data", keys_dir=demo_keys.folder)
    worker_settings = prepare_instance(settings)
    assert worker_settings.publications_file is not None
    assert stat.S_IMODE(worker_settings.publications_file.stat().st_mode) == 0o600
    saved = load_publications(worker_settings.publications_file)
    workers = [open_platform(worker_settings) for _ in range(2)]
    try:
        for platform in workers:
            assert platform.publications == saved
            assert platform.platform_keys.issued_at == saved.issued_at
    finally:
        for platform in workers:
            platform.close()


def test_publications_round_trip(tmp_path: Path, demo_keys: DemoKeySet) -> None:
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    published = publish(demo_keys, bundled_catalog(), bundled_calendar(), now)
    save_publications(published, tmp_path / "published.json")
    assert load_publications(tmp_path / "published.json") == published
    assert published.issued_at == int(now.timestamp())
    (tmp_path / "broken.json").write_text("{}", encoding="utf-8")
    with pytest.raises(PlatformSetupError, match="not a publications file"):
        open_platform(
            Settings(
                data_dir=tmp_path / "data",
                keys_dir=demo_keys.folder,
                publications_file=tmp_path / "broken.json",
            )
        )


def _record(message: str) -> logging.LogRecord:
    return logging.LogRecord("refplatform.test", logging.INFO, __file__, 1, message, None, None)


def test_processes_sharing_a_log_file_rotate_it_once(tmp_path: Path) -> None:
    """Two handlers on one file stand for two worker processes: when one rotates, the other
    follows to the new file instead of writing on into the rotated one or rotating again."""
    path = tmp_path / "refplatform.log.jsonl"
    first = SharedRotatingFileHandler(path, maxBytes=200, backupCount=3, encoding="utf-8")
    second = SharedRotatingFileHandler(path, maxBytes=200, backupCount=3, encoding="utf-8")
    try:
        first.emit(_record("a" * 150))
        second.emit(_record("b" * 20))
        first.emit(_record("c" * 60))  # past 200 bytes: rotates
        assert path.with_name(f"{path.name}.1").read_text(encoding="utf-8").count("\n") == 2
        second.emit(_record("d" * 10))  # follows; does not rotate the fresh file away
        assert path.read_text(encoding="utf-8").splitlines() == ["c" * 60, "d" * 10]
        assert not path.with_name(f"{path.name}.2").exists()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        first.close()
        second.close()


def test_workers_option() -> None:
    parser = _parser()
    base = ["serve", "--data-dir", "d"]
    assert parser.parse_args(base).workers == 1
    assert parser.parse_args([*base, "--workers", "4"]).workers == 4
    for bad in ("0", "-1", "two"):
        with pytest.raises(SystemExit):
            parser.parse_args([*base, "--workers", bad])


def test_an_address_in_use_is_a_setup_error() -> None:
    taken = bind_listener("127.0.0.1", 0)
    try:
        with pytest.raises(PlatformSetupError, match=r"cannot listen on 127\.0\.0\.1"):
            bind_listener("127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()

"""Private files are written safely (issue 13 point 5): a leftover ``<name>.tmp`` with a loose
mode, or a symbolic link planted at the temporary name, changes nothing about the key written;
every key writer of the terminal and of the reference platform goes through ``write_private``.

Every key reader goes through ``read_private`` (issue 13 review): a key left with a loose mode
is tightened to 0600 when read, a symbolic link or a file of another user is refused, and the
folder a secret is written to is tightened to 0700."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.runtime.private_files import PrivateFileRefused, read_private, write_private
from kiosk.sync.enrolment import SIGNING_KEY_FILE, load_or_create_signing_key, load_status_key
from kiosk.sync.sealing import LocalKey, SealingPrivateKey, write_private_file
from refplatform.issuer.keys import ANCHOR_FILE, create_demo_keys, load_demo_keys
from refplatform.server.instance import (
    PlatformSetupError,
    ensure_sealing_key,
    load_retired_sealing_keys,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_leftover_loose_temporary_file_does_not_loosen_the_key(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "secret.key"
    path.parent.mkdir()
    leftover = path.with_name("secret.key.tmp")
    leftover.write_bytes(b"old")
    leftover.chmod(0o644)
    assert write_private(path, b"secret")
    assert path.read_bytes() == b"secret"
    assert _mode(path) == 0o600
    assert leftover.read_bytes() == b"old"  # not reused


def test_a_symlink_at_the_temporary_name_is_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    victim = tmp_path / "attacker-readable"
    victim.write_bytes(b"untouched")
    victim.chmod(0o644)
    path.with_name("secret.key.tmp").symlink_to(victim)
    write_private(path, b"secret")
    assert path.read_bytes() == b"secret"
    assert _mode(path) == 0o600
    assert victim.read_bytes() == b"untouched"
    assert _mode(victim) == 0o644


def test_a_symlink_at_the_key_name_is_replaced_not_followed(tmp_path: Path) -> None:
    path = tmp_path / "secret.key"
    victim = tmp_path / "elsewhere"
    victim.write_bytes(b"untouched")
    path.symlink_to(victim)
    write_private(path, b"secret")
    assert not path.is_symlink()
    assert path.read_bytes() == b"secret"
    assert victim.read_bytes() == b"untouched"


def test_the_mode_holds_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_private(tmp_path / "new" / "secret.key", b"secret")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new" / "secret.key") == 0o600
    assert _mode(tmp_path / "new") == 0o700


def test_exclusive_keeps_an_existing_key_and_leaves_no_temporary(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    path = folder / "secret.key"
    assert write_private(path, b"first", exclusive=True)
    assert not write_private(path, b"second", exclusive=True)
    assert path.read_bytes() == b"first"
    assert [p.name for p in folder.iterdir()] == ["secret.key"]
    assert write_private(path, b"third")
    assert path.read_bytes() == b"third"
    assert [p.name for p in folder.iterdir()] == ["secret.key"]


def test_a_failed_write_leaves_no_temporary(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        write_private(tmp_path / "keys" / "secret.key", "not bytes")  # type: ignore[arg-type]
    assert list((tmp_path / "keys").iterdir()) == []


def _platform_sealing_key(folder: Path) -> Path:
    path = folder / "platform-sealing.key"
    SealingPrivateKey.generate().save(path)
    return path


def _retired_sealing_key(folder: Path) -> Path:
    path = folder / "platform-sealing.retired" / "0011223344556677.key"
    SealingPrivateKey.generate().save(path)
    return path


def _status_key(folder: Path) -> Path:
    path = folder / "status.key"
    write_private_file(path, b"k" * 32)
    return path


def _queue_key(folder: Path) -> Path:
    LocalKey.load_or_create(folder / "queue.key")
    return folder / "queue.key"


def _signing_key(folder: Path) -> Path:
    load_or_create_signing_key(folder)
    return folder / SIGNING_KEY_FILE


def _demo_anchor(folder: Path) -> Path:
    create_demo_keys(folder, NOW)
    return folder / ANCHOR_FILE


WRITERS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "platform sealing key": ("platform-sealing.key", _platform_sealing_key),
    "retired sealing key": ("platform-sealing.retired/0011223344556677.key", _retired_sealing_key),
    "terminal status key": ("status.key", _status_key),
    "terminal queue key": ("queue.key", _queue_key),
    "terminal signing key": (SIGNING_KEY_FILE, _signing_key),
    "demo anchor key": (ANCHOR_FILE, _demo_anchor),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_key_writer_is_safe(tmp_path: Path, writer: str) -> None:
    relative, write = WRITERS[writer]
    folder = tmp_path / "data"
    target = folder / relative
    victim = tmp_path / "victim"
    victim.write_bytes(b"untouched")
    target.parent.mkdir(parents=True)
    # The old writers' predictable temporary name, as a symlink to a file the attacker reads.
    target.with_name(target.name + ".tmp").symlink_to(victim)
    assert write(folder) == target
    assert _mode(target) == 0o600
    assert not target.is_symlink()
    assert target.read_bytes() != b"untouched"
    assert victim.read_bytes() == b"untouched"


@pytest.mark.parametrize("writer", ["platform sealing key", "terminal status key"])
def test_a_loose_leftover_does_not_loosen_a_replaced_key(tmp_path: Path, writer: str) -> None:
    relative, write = WRITERS[writer]
    folder = tmp_path / "data"
    target = folder / relative
    target.parent.mkdir(parents=True)
    leftover = target.with_name(target.name + ".tmp")
    leftover.write_bytes(b"")
    leftover.chmod(0o644)
    write(folder)
    assert _mode(target) == 0o600
    assert leftover.read_bytes() == b""


def test_demo_keys_are_all_private(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    folder.mkdir()
    for slug in ("trust-anchor", "sc-eid", "cq-eid", "sc-licence", "cq-licence"):
        leftover = folder / f"DEMO-{slug}.key.pem.tmp"
        leftover.write_bytes(b"")
        leftover.chmod(0o644)
    create_demo_keys(folder, NOW)
    keys = sorted(folder.glob("DEMO-*.key.pem"))
    assert len(keys) == 5
    assert all(_mode(key) == 0o600 for key in keys)


@pytest.mark.allow_log_warnings
def test_a_loose_key_is_read_and_tightened(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "secret.key"
    path.write_bytes(b"s3cr3t-content")
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="kiosk.runtime.private_files"):
        assert read_private(path) == b"s3cr3t-content"
    assert _mode(path) == 0o600
    assert "secret.key" in caplog.text
    assert "s3cr3t" not in caplog.text
    assert str(tmp_path) not in caplog.text  # the name only


def test_a_private_key_is_read_without_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "secret.key"
    write_private(path, b"x")
    with caplog.at_level(logging.WARNING):
        assert read_private(path) == b"x"
    assert caplog.records == []


def test_a_symlinked_key_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real.key"
    write_private(real, b"x")
    link = tmp_path / "secret.key"
    link.symlink_to(real)
    with pytest.raises(PrivateFileRefused, match="symbolic link"):
        read_private(link)


def test_a_key_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "secret.key"
    os.mkfifo(fifo)
    with pytest.raises(PrivateFileRefused, match="not a regular file"):
        read_private(fifo)
    folder = tmp_path / "folder.key"
    folder.mkdir()
    with pytest.raises(OSError):  # noqa: PT011 - a folder is refused, by open or by fstat
        read_private(folder)


def test_a_key_of_another_user_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.key"
    write_private(path, b"x")
    real_uid = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)
    with pytest.raises(PrivateFileRefused, match="not owned"):
        read_private(path)


def test_the_folder_of_a_written_secret_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o755)
    write_private(folder / "secret.key", b"x")
    assert _mode(folder) == 0o700


def _loosen(path: Path) -> Path:
    path.chmod(0o644)
    return path


def _read_platform_sealing_key(folder: Path) -> None:
    ensure_sealing_key(folder / "platform-sealing.key")


def _read_retired_sealing_key(folder: Path) -> None:
    assert len(load_retired_sealing_keys(folder / "platform-sealing.key")) == 1


def _read_status_key(folder: Path) -> None:

    assert load_status_key(folder) == b"k" * 32


def _read_queue_key(folder: Path) -> None:
    LocalKey.load_or_create(folder / "queue.key")


def _read_signing_key(folder: Path) -> None:
    load_or_create_signing_key(folder)


def _read_demo_issuer_keys(folder: Path) -> None:
    load_demo_keys(folder)


READERS: dict[str, Callable[[Path], None]] = {
    "platform sealing key": _read_platform_sealing_key,
    "retired sealing key": _read_retired_sealing_key,
    "terminal status key": _read_status_key,
    "terminal queue key": _read_queue_key,
    "terminal signing key": _read_signing_key,
}


@pytest.mark.allow_log_warnings
@pytest.mark.parametrize("reader", list(READERS))
def test_every_key_reader_tightens_a_loose_key(tmp_path: Path, reader: str) -> None:
    relative, write = WRITERS[reader]
    folder = tmp_path / "data"
    target = write(folder)
    assert target == folder / relative
    _loosen(target)
    READERS[reader](folder)
    assert _mode(target) == 0o600


@pytest.mark.parametrize("reader", list(READERS))
def test_every_key_reader_refuses_a_symlinked_key(tmp_path: Path, reader: str) -> None:
    relative, write = WRITERS[reader]
    elsewhere = tmp_path / "elsewhere"
    real = write(elsewhere)
    folder = tmp_path / "data"
    target = folder / relative
    target.parent.mkdir(parents=True)
    target.symlink_to(real)
    expected: tuple[type[BaseException], ...] = (PrivateFileRefused, PlatformSetupError)
    if reader == "terminal status key":
        assert load_status_key(folder) is None  # unusable: receipts are tagged with nothing
        return
    with pytest.raises(expected):
        READERS[reader](folder)


@pytest.mark.allow_log_warnings
def test_demo_issuer_keys_are_tightened_when_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    create_demo_keys(folder, NOW)
    for key in folder.glob("DEMO-*.key.pem"):
        key.chmod(0o644)
    _read_demo_issuer_keys(folder)
    issuer_keys = [key for key in folder.glob("DEMO-*.key.pem") if key.name != ANCHOR_FILE]
    assert len(issuer_keys) == 4
    assert all(_mode(key) == 0o600 for key in issuer_keys)

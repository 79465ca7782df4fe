"""Writing settings to the configuration file (``kiosk.config.writer``): a value the schema
refuses leaves the file unchanged byte for byte and names the field; a valid one is written,
the file's mode kept; a write that fails before the rename leaves the old file whole and no
temporary file behind; a symbolic link stays a link."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.config.writer import write_config_changes
from kiosk.technician.pin import ScryptCost, hash_pin
from tests.support.configs import production_document, write_document

CHEAP = ScryptCost(log2n=10, r=8, p=1)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = write_document(tmp_path / "etc" / "kiosk.toml", production_document())
    path.chmod(0o640)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(name.name for name in folder.iterdir() if name.name != "kiosk.toml")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ui.idle_timeout_s": 5}, "ui.idle_timeout_s"),  # below its minimum
        ({"technician.idle_minutes": 61}, "technician.idle_minutes"),
        ({"technician.pin_hash": "123456"}, "technician.pin_hash"),  # a PIN, not its hash
        ({"ui.idle_timout_s": 120}, "ui.idle_timout_s"),  # not a setting
        ({"ui.default_language": "fr"}, "ui.default_language"),
        ({"terminal.id": None}, "terminal.id"),  # a required setting removed
    ],
)
def test_an_invalid_value_is_refused_naming_the_field_and_the_file_is_unchanged(
    config: Path, changes: dict[str, object], field: str
) -> None:
    before = config.read_bytes()
    with pytest.raises(ConfigError) as caught:
        write_config_changes(config, changes, {})
    assert field in {problem.path for problem in caught.value.problems}
    assert config.read_bytes() == before
    assert _leftovers(config.parent) == []


def test_a_value_the_environment_hides_is_still_checked_in_the_file(config: Path) -> None:
    before = config.read_bytes()
    environ = {"KIOSK_UI__IDLE_TIMEOUT_S": "120"}
    with pytest.raises(ConfigError) as caught:
        write_config_changes(config, {"ui.idle_timeout_s": 5}, environ)
    assert [problem.path for problem in caught.value.problems] == ["ui.idle_timeout_s"]
    assert config.read_bytes() == before


def test_a_valid_change_is_written_and_the_mode_kept(config: Path) -> None:
    stored = hash_pin("480275", cost=CHEAP)
    loaded = write_config_changes(
        config, {"technician.pin_hash": stored, "technician.idle_minutes": 10}, {}
    )
    assert loaded.config.technician.pin_hash == stored
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    reread = load_config(config, {})
    assert reread.config.technician.pin_hash == stored
    assert reread.config.technician.idle_minutes == 10
    # What was there stays there.
    before = production_document()
    after = tomllib.loads(config.read_text(encoding="utf-8"))
    assert after["terminal"] == before["terminal"]
    assert after["platform"]["trust_anchor"] == before["platform"]["trust_anchor"]
    assert _leftovers(config.parent) == []


def test_none_removes_a_setting_so_its_default_applies(config: Path) -> None:
    write_config_changes(config, {"technician.pin_hash": hash_pin("480275", cost=CHEAP)}, {})
    loaded = write_config_changes(config, {"technician.pin_hash": None}, {})
    assert loaded.config.technician.pin_hash is None
    assert "pin_hash" not in tomllib.loads(config.read_text(encoding="utf-8"))["technician"]


def test_a_crash_before_the_rename_leaves_the_old_file_and_no_temporary_file(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = config.read_bytes()

    def no_rename(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError, match="No space"):
        write_config_changes(config, {"ui.idle_timeout_s": 120}, {})
    assert config.read_bytes() == before
    assert _leftovers(config.parent) == []


def test_a_symbolic_link_is_followed_and_kept(config: Path, tmp_path: Path) -> None:
    link = tmp_path / "kiosk-link.toml"
    link.symlink_to(config)
    write_config_changes(link, {"ui.idle_timeout_s": 120}, {})
    assert link.is_symlink()
    assert load_config(config, {}).config.ui.idle_timeout_s == 120

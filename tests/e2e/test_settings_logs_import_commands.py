"""The technician's settings, log and import commands as real processes on a demo data folder:
``config set`` writes a valid value and refuses an invalid one naming the field (the file left
byte for byte), ``logs`` shows the terminal's log newest first, filtered and redacted, and
``catalog import`` / ``trust-list load`` install a document the demo anchor signed and refuse a
tampered one; every change and refusal is in the audit log by name, never by value."""

from __future__ import annotations

import json
import time
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.demo import DEMO_KEYS_DIR, prepare_demo
from kiosk.runtime.logs import log_file_path
from kiosk.sync.documents import DocumentKind, sign_document
from refplatform.issuer.keys import load_demo_keys
from tests.support.catalog_documents import changed_catalog
from tests.support.identities import resident_id
from tests.support.installed_commands import run_command as run

pytestmark = pytest.mark.e2e
IDENTITY = resident_id("500103", "19851212", "062")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A demo data folder (keys, configuration, installed trust list); returns the config."""
    return prepare_demo(tmp_path / "kiosk", datetime.now(UTC))


def _audit(config: Path) -> list[dict[str, Any]]:
    listing = run("kiosk", "audit", "list", "--config", str(config), "--json")
    assert listing.returncode == 0, listing.stderr
    entries: list[dict[str, Any]] = json.loads(listing.stdout)["entries"]
    return entries


def _data_dir(config: Path) -> Path:
    document = tomllib.loads(config.read_text(encoding="utf-8"))
    return (config.parent / document.get("data_dir", ".")).resolve()


def test_config_set_writes_a_valid_value_and_refuses_an_invalid_one(demo: Path) -> None:
    changed = run("kiosk", "config", "set", "--config", str(demo), "ui.idle_timeout_s", "123")
    assert changed.returncode == 0, changed.stderr
    assert "ui.idle_timeout_s: 90 -> 123" in changed.stdout
    assert "applies it when it restarts" in changed.stdout
    assert tomllib.loads(demo.read_text(encoding="utf-8"))["ui"]["idle_timeout_s"] == 123
    shown = run("kiosk", "config", "show", "--config", str(demo))
    assert "idle_timeout_s = 123" in shown.stdout

    before = demo.read_bytes()
    refused = run("kiosk", "config", "set", "--config", str(demo), "ui.idle_timeout_s", "5")
    assert refused.returncode == 1
    assert "ui.idle_timeout_s = 5: must be at least 30" in refused.stderr
    assert "takes 30 to 900" in refused.stderr
    assert demo.read_bytes() == before

    not_ours = run("kiosk", "config", "set", "--config", str(demo), "technician.pin_hash", "")
    assert not_ours.returncode == 1
    assert "cannot be changed in technician mode" in not_ours.stderr
    assert demo.read_bytes() == before

    same = run("kiosk", "config", "set", "--config", str(demo), "ui.idle_timeout_s", "123")
    assert same.returncode == 0 and "already: nothing changed" in same.stdout

    entries = _audit(demo)
    assert [(entry["action"], entry["outcome"], entry["detail"]) for entry in entries[:3]] == [
        ("config.changed", "refused", {"field": "technician.pin_hash", "via": "cli"}),
        ("config.changed", "refused", {"field": "ui.idle_timeout_s", "via": "cli"}),
        ("config.changed", "ok", {"field": "ui.idle_timeout_s", "via": "cli"}),
    ]
    assert all(entry["actor"] == "cli" for entry in entries[:3])
    assert run("kiosk", "audit", "verify", "--config", str(demo)).returncode == 0


def test_config_set_mends_a_file_that_does_not_load(demo: Path) -> None:
    document = tomllib.loads(demo.read_text(encoding="utf-8"))
    text = demo.read_text(encoding="utf-8")
    demo.write_text(text + "\n[scan]\ntimeout_s = 5\n", encoding="utf-8")
    assert "scan" not in document
    broken = run("kiosk", "config", "validate", "--config", str(demo))
    assert broken.returncode == 78
    mended = run("kiosk", "config", "set", "--config", str(demo), "scan.timeout_s", "60")
    assert mended.returncode == 0, mended.stderr
    assert run("kiosk", "config", "validate", "--config", str(demo)).returncode == 0
    (entry, *_) = _audit(demo)
    assert entry["detail"] == {"field": "scan.timeout_s", "via": "cli"}


def test_logs_shows_the_log_newest_first_filtered_and_redacted(demo: Path) -> None:
    # A record written by a command, then a line as a bug around the filter could write it.
    run("kiosk", "config", "set", "--config", str(demo), "ui.voice_default", "true")
    path = log_file_path(_data_dir(demo))
    leaked = {
        "ts": datetime.now(UTC).isoformat(),
        "level": "ERROR",
        "logger": "kiosk.test",
        "msg": f"guest {IDENTITY} not reported",
        "thread": "MainThread",
    }
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps(leaked) + "\n")
    everything = run("kiosk", "logs", "--config", str(demo), "--json")
    assert everything.returncode == 0, everything.stderr
    entries = [json.loads(line) for line in everything.stdout.splitlines()]
    assert entries[0]["level"] == "ERROR" and entries[0]["msg"].startswith("guest 5001")
    assert any(entry["msg"] == "settings changed: ui.voice_default" for entry in entries)
    assert IDENTITY not in everything.stdout
    errors = run("kiosk", "logs", "--config", str(demo), "--level", "error", "--limit", "3")
    assert errors.returncode == 0
    assert len(errors.stdout.splitlines()) == 1
    assert " ERROR " in errors.stdout and IDENTITY not in errors.stdout
    bad = run("kiosk", "logs", "--config", str(demo), "--limit", "0")
    assert bad.returncode == 2


def test_catalog_import_installs_a_signed_catalogue_and_refuses_a_tampered_one(
    demo: Path, tmp_path: Path
) -> None:
    keys = load_demo_keys(demo.parent / DEMO_KEYS_DIR)
    signed = sign_document(
        DocumentKind.CATALOG, "usb-2026-12", changed_catalog(), keys.anchor, int(time.time())
    )
    tampered = tmp_path / "tampered.cose"
    tampered.write_bytes(signed[:-1] + bytes([signed[-1] ^ 0x01]))
    refused = run("kiosk", "catalog", "import", "--config", str(demo), str(tampered))
    assert refused.returncode == 1
    assert "signature does not match" in refused.stderr
    assert "Nothing was installed" in refused.stderr
    good = tmp_path / "catalog.cose"
    good.write_bytes(signed)
    installed = run("kiosk", "catalog", "import", "--config", str(demo), str(good))
    assert installed.returncode == 0, installed.stderr
    assert "catalogue usb-2026-12 installed" in installed.stdout
    status = run("kiosk", "status", "--config", str(demo), "--json", "--no-probe")
    assert "usb-2026-12" in status.stdout, status.stdout
    trust_list = tmp_path / "trust-list.cose"
    sequence = int(time.time()) + 60
    trust_list.write_bytes(keys.trust_list(sequence=sequence, issued_at=datetime.now(UTC)))
    wrong_kind = run("kiosk", "catalog", "import", "--config", str(demo), str(trust_list))
    assert wrong_kind.returncode == 1 and "a trust list, not a catalogue" in wrong_kind.stderr
    loaded = run("kiosk", "trust-list", "load", "--config", str(demo), str(trust_list))
    assert loaded.returncode == 0, loaded.stderr
    entries = _audit(demo)
    assert [(entry["action"], entry["outcome"]) for entry in entries[:4]] == [
        ("trust_list.imported", "ok"),
        ("catalog.imported", "refused"),
        ("catalog.imported", "ok"),
        ("catalog.imported", "refused"),
    ]
    assert entries[2]["detail"] == {
        "file": "catalog.cose",
        "version": "usb-2026-12",
        "via": "cli",
    }
    assert entries[3]["detail"]["problem"] == "bad_signature"

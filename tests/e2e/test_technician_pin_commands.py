"""The technician PIN and the audit log as a technician uses them, real processes on a demo
data folder: ``kiosk technician set-pin`` refuses a weak PIN and writes only the hash, ``kiosk
audit list`` then shows it, a row of the audit log changed in the SQLite file makes ``kiosk
audit verify`` exit 1 naming it, and ``kiosk hotel export --unmasked`` gives full names only
with the right PIN, a wrong one refused and counted."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
import tomllib
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.demo import prepare_demo, write_demo_config
from kiosk.store.database import DATABASE_FILE_NAME
from kiosk.sync.enrolment import LOCAL_KEY_FILE
from tests.support.hotel_desk import EVERYONE, OUYANG, ZHANG, Desk, eid, report
from tests.support.installed_commands import run_command as run

pytestmark = pytest.mark.e2e
PIN = "480275"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return prepare_demo(tmp_path / "kiosk", datetime.now(UTC))


def _pin_hash(config: Path) -> str | None:
    section = tomllib.loads(config.read_text(encoding="utf-8")).get("technician", {})
    return section.get("pin_hash")


def test_set_pin_then_the_audit_log_lists_it_and_verifies(demo: Path) -> None:
    demo.chmod(0o640)
    before = _pin_hash(demo)
    weak = run(
        "kiosk", "technician", "set-pin", "--config", str(demo), "--pin-stdin", stdin="123456\n"
    )
    assert weak.returncode == 1
    assert "refused: A PIN may not be digits in a row" in weak.stderr
    assert _pin_hash(demo) == before

    done = run(
        "kiosk", "technician", "set-pin", "--config", str(demo), "--pin-stdin", stdin=PIN + "\n"
    )
    assert done.returncode == 0, done.stderr
    stored = _pin_hash(demo)
    assert stored is not None and stored != before and stored.startswith("scrypt$17$8$1$")
    assert PIN not in demo.read_text(encoding="utf-8")
    assert PIN not in done.stdout + done.stderr
    assert stat.S_IMODE(demo.stat().st_mode) == 0o640

    listed = run("kiosk", "audit", "list", "--config", str(demo), "--json")
    assert listed.returncode == 0, listed.stderr
    document = json.loads(listed.stdout)
    assert document["count"] == 1
    (entry,) = document["entries"]
    assert (entry["seq"], entry["action"], entry["actor"]) == (1, "pin.set", "cli")
    assert document["head"] == entry["hash"]
    text = run("kiosk", "audit", "list", "--config", str(demo))
    assert "pin.set" in text.stdout

    verified = run("kiosk", "audit", "verify", "--config", str(demo))
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith(f"intact: 1 entries, head {entry['hash']}")
    again = run("kiosk", "audit", "list", "--config", str(demo), "--limit", "1", "--json")
    assert json.loads(again.stdout)["entries"][0]["action"] == "audit.verified"


def test_a_changed_audit_row_in_the_file_makes_verify_fail_naming_it(demo: Path) -> None:
    for _ in range(3):
        run(
            "kiosk", "technician", "set-pin", "--config", str(demo), "--pin-stdin", stdin=PIN + "\n"
        )
    assert run("kiosk", "audit", "verify", "--config", str(demo)).returncode == 0
    with closing(sqlite3.connect(demo.parent / DATABASE_FILE_NAME)) as connection, connection:
        connection.execute("UPDATE audit_log SET actor = 'nobody' WHERE seq = 2")
    broken = run("kiosk", "audit", "verify", "--config", str(demo))
    assert broken.returncode == 1
    assert "entry 2 is the first bad entry" in broken.stderr
    assert "changed after it was written" in broken.stderr
    with closing(sqlite3.connect(demo.parent / DATABASE_FILE_NAME)) as connection, connection:
        connection.execute("DELETE FROM audit_log WHERE seq = 2")
    removed = run("kiosk", "audit", "verify", "--config", str(demo))
    assert removed.returncode == 1
    assert "entry 3 is the first bad entry: entry 2 is missing" in removed.stderr


@pytest.fixture
def hotel(tmp_path: Path) -> Path:
    """A demo hotel desk with a room of two arriving on 2026-12-06 and a technician PIN."""
    data = tmp_path / "hotel"
    config = write_demo_config(data, profile="hotel")
    desk = Desk(tmp_path, path=data / DATABASE_FILE_NAME, key=data / LOCAL_KEY_FILE)
    desk.register.save(report("0812", eid(ZHANG), eid(OUYANG), nights=2))
    desk.database.close()
    done = run(
        "kiosk", "technician", "set-pin", "--config", str(config), "--pin-stdin", stdin=PIN + "\n"
    )
    assert done.returncode == 0, done.stderr
    return config


def _unmasked(config: Path, pin: str, *extra: str) -> object:
    arguments = ["hotel", "export", "--config", str(config), "--day", "2026-12-06"]
    return run("kiosk", *arguments, "--unmasked", "--pin-stdin", *extra, stdin=pin + "\n")


def test_unmasked_export_with_the_right_pin_and_refused_with_a_wrong_one(
    hotel: Path, tmp_path: Path
) -> None:
    wrong = _unmasked(hotel, "111222")
    assert wrong.returncode == 1 and wrong.stdout == ""
    assert "wrong technician PIN (1 in a row; 4 more lock it)" in wrong.stderr
    for name, number in EVERYONE:
        assert name not in wrong.stderr and number not in wrong.stderr

    out = tmp_path / "full.csv"
    right = _unmasked(hotel, PIN, "--out", str(out))
    assert right.returncode == 0, right.stderr
    assert "personal data" in right.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {(row["name"], row["number"]) for row in rows} == {ZHANG, OUYANG}  # in full

    listed = run("kiosk", "audit", "list", "--config", str(hotel), "--json")
    actions = [
        (entry["action"], entry["outcome"]) for entry in json.loads(listed.stdout)["entries"]
    ]
    assert actions[:3] == [
        ("register.exported", "ok"),
        ("pin.accepted", "ok"),
        ("pin.refused", "wrong"),
    ]
    exported = json.loads(listed.stdout)["entries"][0]["detail"]
    assert exported == {"day": "2026-12-06", "masked": 0, "rows": len(rows)}
    assert ZHANG[1] not in listed.stdout and ZHANG[0] not in listed.stdout
    assert run("kiosk", "audit", "verify", "--config", str(hotel)).returncode == 0

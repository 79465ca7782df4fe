"""``kiosk hotel export`` as a technician runs it, a real process on a demo hotel desk's data
folder: a day's stays as masked CSV on standard output or in a private file, the note that it
is masked, ``--unmasked`` refused with the reason while no technician PIN is set, and a citizen
terminal refused. (``--unmasked`` with the PIN: tests/e2e/test_technician_pin_commands.py.)"""

from __future__ import annotations

import csv
import io
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.config.writer import write_config_changes
from kiosk.demo import write_demo_config
from kiosk.store.database import DATABASE_FILE_NAME
from kiosk.sync.enrolment import LOCAL_KEY_FILE
from tests.support.hotel_desk import EVERYONE, FAMILY_CARE, LI, OUYANG, ZHANG, Desk, eid, report
from tests.support.installed_commands import run_command as run

pytestmark = pytest.mark.e2e
DAY = "2026-12-06"


@pytest.fixture
def hotel(tmp_path: Path) -> Path:
    """A demo hotel desk whose register holds two rooms arriving on ``DAY``, one checked out."""
    data = tmp_path / "kiosk"
    config = write_demo_config(data, profile="hotel")
    desk = Desk(tmp_path, path=data / DATABASE_FILE_NAME, key=data / LOCAL_KEY_FILE)
    desk.register.save(report("0812", eid(ZHANG), eid(OUYANG, FAMILY_CARE), nights=2))
    left = desk.register.save(report("0905", eid(LI), nights=1))
    desk.clock.advance(3600)
    desk.register.check_out(left.stay_id)
    desk.database.close()
    return config


def test_a_day_is_exported_masked(hotel: Path, tmp_path: Path) -> None:
    printed = run("kiosk", "hotel", "export", "--config", str(hotel), "--day", DAY)
    assert printed.returncode == 0, printed.stderr
    rows = list(csv.DictReader(io.StringIO(printed.stdout)))
    assert [(row["list"], row["room"], row["name"]) for row in rows] == [
        ("arrival", "0812", "张**"),
        ("arrival", "0812", "欧阳**"),
        ("arrival", "0905", "李**"),
        ("in_house", "0812", "张**"),
        ("in_house", "0812", "欧阳**"),
        ("departure", "0905", "李**"),
    ]
    assert rows[0]["number"] == f"{ZHANG[1][:4]}**********{ZHANG[1][-4:]}"
    for name, number in EVERYONE:
        assert name not in printed.stdout and number not in printed.stdout
    assert "masked" in printed.stderr and "technician PIN (--unmasked)" in printed.stderr

    out = tmp_path / "desk.csv"
    written = run(
        "kiosk", "hotel", "export", "--config", str(hotel), "--day", DAY, "--out", str(out)
    )
    assert written.returncode == 0, written.stderr
    assert written.stdout == ""
    # The same CSV (standard output was read as text: its CRLF line ends came back as LF).
    csv_bytes = printed.stdout.replace("\n", "\r\n").encode("utf-8")
    assert out.read_bytes() == b"\xef\xbb\xbf" + csv_bytes
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    other_day = run(
        "kiosk",
        "hotel",
        "export",
        "--config",
        str(hotel),
        "--day",
        str(date(2026, 12, 6) - timedelta(days=1)),
    )
    assert other_day.returncode == 0 and other_day.stdout.count("\n") == 1  # the header only


def test_unmasked_is_refused_and_a_citizen_terminal_has_no_register(
    hotel: Path, tmp_path: Path
) -> None:
    write_config_changes(hotel, {"technician.pin_hash": None}, {})
    refused = run("kiosk", "hotel", "export", "--config", str(hotel), "--unmasked")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "--unmasked is refused" in refused.stderr and "technician PIN" in refused.stderr
    citizen = write_demo_config(tmp_path / "centre")
    answer = run("kiosk", "hotel", "export", "--config", str(citizen))
    assert answer.returncode == 1 and "not a hotel desk" in answer.stderr

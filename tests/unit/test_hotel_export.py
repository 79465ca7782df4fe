"""A day of the hotel register as CSV (``kiosk hotel export``): the day's lists, one row per
guest, names and numbers masked whatever they hold; the command in process: stdout or a private
file with a byte order mark, ``--unmasked`` refused with the reason, a citizen terminal refused,
a purged day's counts."""

from __future__ import annotations

import csv
import io
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.config.writer import write_config_changes
from kiosk.demo import write_demo_config
from kiosk.domain.names import COMPOUND_SURNAMES
from kiosk.hotel.export import COLUMNS, MASKED_NOTE, csv_text, day_lists
from kiosk.hotel.register import masked_name
from kiosk.runtime.clock import ManualClock
from kiosk.store.database import DATABASE_FILE_NAME, Database
from kiosk.sync.enrolment import LOCAL_KEY_FILE
from kiosk.technician.audit import AuditLog
from kiosk.technician.pin import ScryptCost, hash_pin
from tests.support.hotel_desk import (
    EVERYONE,
    FAMILY_CARE,
    LI,
    OUYANG,
    START,
    TODAY,
    ZHANG,
    Desk,
    eid,
    report,
    resident,
)

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
PIN = "480275"
CHEAP = ScryptCost(log2n=10)


def _parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _desk_with_a_day(folder: Path, **paths: Path) -> Desk:
    desk = Desk(folder, **paths)
    register = desk.register
    register.save(report("0812", eid(ZHANG), eid(OUYANG, FAMILY_CARE), nights=2))
    staying = register.save(report("0905", eid(LI), arrival=TODAY - timedelta(1), nights=3))
    register.save(report("B-12", resident(), arrival=TODAY - timedelta(2), nights=2))
    desk.clock.advance(3600)
    register.check_out(staying.stay_id)
    return desk


def test_a_day_is_its_arrivals_in_house_and_departures_one_row_per_guest(tmp_path: Path) -> None:
    desk = _desk_with_a_day(tmp_path)
    text = csv_text(day_lists(desk.register, TODAY))
    assert text.startswith(",".join(COLUMNS) + "\r\n")
    rows = _parse(text)
    assert [(row["list"], row["room"], row["guest"]) for row in rows] == [
        ("arrival", "0812", "1"),
        ("arrival", "0812", "2"),
        ("in_house", "0812", "1"),
        ("in_house", "0812", "2"),
        ("in_house", "B-12", "1"),  # due to leave today, not checked out: still in house
        ("departure", "0905", "1"),  # left early, today
        ("departure", "B-12", "1"),
    ]
    father, daughter = rows[0], rows[1]
    assert (father["name"], father["number"], father["minor"]) == (
        "张**",
        f"{ZHANG[1][:4]}**********{ZHANG[1][-4:]}",
        "no",
    )
    assert (daughter["name"], daughter["minor"], daughter["credential"]) == ("欧阳**", "yes", "eid")
    assert father["slip"] == "20261206-0812-1" and father["nights"] == "2"
    assert (father["checkin_report"], father["checked_out_at"], father["checkout_report"]) == (
        "waiting",
        "",
        "",
    )
    left = rows[5]
    assert left["checked_out_at"] == "2026-12-06T11:00+08:00"
    assert left["checkout_report"] == "waiting"
    assert rows[6]["credential"] == "e-resident" and rows[6]["name"] == "J**************"
    for name, number in EVERYONE:
        assert name not in text and number not in text


@given(
    surname=st.one_of(st.sampled_from(sorted(COMPOUND_SURNAMES)), HAN.map(str)),
    given_name=st.text(HAN, min_size=1, max_size=3),
)
def test_a_chinese_name_keeps_only_its_surname(surname: str, given_name: str) -> None:
    name = surname + given_name
    masked = masked_name(name)
    kept = masked.rstrip("*")
    assert kept == (name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1])
    assert len(masked) == len(name) and set(masked[len(kept) :]) == {"*"}


def _shown(text: str) -> int:
    return sum(char.isprintable() and not char.isspace() for char in text)


@given(st.text(max_size=40).filter(lambda text: _shown(text) >= 2))
def test_any_name_shows_at_most_two_of_its_characters(name: str) -> None:
    masked = masked_name(name)
    kept = masked.rstrip("*")
    assert len(kept) <= 2 and "*" in masked
    assert all(char in name for char in kept)


def _hotel_folder(tmp_path: Path, profile: str = "hotel") -> tuple[Path, Path]:
    data = tmp_path / "kiosk"
    return write_demo_config(data, profile=profile), data


def test_the_command_prints_the_masked_csv_and_says_it_is_masked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = _hotel_folder(tmp_path)
    desk = _desk_with_a_day(tmp_path, path=data / DATABASE_FILE_NAME, key=data / LOCAL_KEY_FILE)
    expected = csv_text(day_lists(desk.register, TODAY))
    desk.database.close()
    assert main(["hotel", "export", "--config", str(config), "--day", "2026-12-06"]) == 0
    out, err = capsys.readouterr()
    assert out == expected and len(_parse(out)) == 7
    assert "2026-12-06: stays 1 arriving, 2 in house, 2 departing; 7 guest row(s) written" in err
    assert MASKED_NOTE in err and "--unmasked" in err


def test_the_command_writes_a_private_file_a_spreadsheet_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = _hotel_folder(tmp_path)
    desk = _desk_with_a_day(tmp_path, path=data / DATABASE_FILE_NAME, key=data / LOCAL_KEY_FILE)
    desk.database.close()
    out = tmp_path / "exports" / "2026-12-06.csv"
    arguments = ["hotel", "export", "--config", str(config), "--day", "2026-12-06"]
    assert main([*arguments, "--out", str(out)]) == 0
    stdout, err = capsys.readouterr()
    assert stdout == "" and f"written to {out}" in err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert len(_parse(raw.decode("utf-8-sig"))) == 7
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_unmasked_is_refused_with_the_reason_while_no_pin_is_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _data = _hotel_folder(tmp_path)
    write_config_changes(config, {"technician.pin_hash": None}, {})
    assert main(["hotel", "export", "--config", str(config), "--unmasked"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--unmasked is refused" in err and "no technician PIN" in err
    assert "kiosk technician set-pin" in err


def _with_pin(config: Path) -> None:
    write_config_changes(config, {"technician.pin_hash": hash_pin(PIN, cost=CHEAP)}, {})


def _unmasked(config: Path, pin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(pin + "\n"))
    arguments = ["hotel", "export", "--config", str(config), "--day", "2026-12-06"]
    return main([*arguments, "--unmasked", "--pin-stdin"])


def test_unmasked_with_the_technician_pin_gives_full_names_and_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, data = _hotel_folder(tmp_path)
    _with_pin(config)
    desk = _desk_with_a_day(tmp_path, path=data / DATABASE_FILE_NAME, key=data / LOCAL_KEY_FILE)
    expected = csv_text(day_lists(desk.register, TODAY), masked=False)
    desk.database.close()
    assert _unmasked(config, PIN, monkeypatch) == 0
    out, err = capsys.readouterr()
    assert out == expected and len(_parse(out)) == 7
    assert ZHANG[0] in out and ZHANG[1] in out  # in full
    assert "personal data" in err and MASKED_NOTE not in err


def test_unmasked_with_a_wrong_pin_is_refused_counted_and_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, data = _hotel_folder(tmp_path)
    _with_pin(config)
    desk = _desk_with_a_day(tmp_path, path=data / DATABASE_FILE_NAME, key=data / LOCAL_KEY_FILE)
    desk.database.close()
    for tries in range(1, 6):
        assert _unmasked(config, "111222", monkeypatch) == 1
        out, err = capsys.readouterr()
        assert out == "" and ZHANG[1] not in err
        assert ("locked" in err) if tries == 5 else (f"{tries} in a row" in err)
    # Locked now: even the right PIN is refused, and nothing is exported.
    assert _unmasked(config, PIN, monkeypatch) == 1
    out, err = capsys.readouterr()
    assert out == "" and "locked after 5 wrong PINs" in err
    with Database.open(data / DATABASE_FILE_NAME) as database:
        log = AuditLog(database, ManualClock())
        actions = [(entry.action, entry.outcome) for entry in log.entries()]
        assert log.verify().ok
    assert actions.count(("pin.refused", "wrong")) == 5
    assert ("pin.locked", "locked") in actions and ("pin.refused", "locked") in actions
    assert not any(action == "register.exported" for action, _outcome in actions)


def test_a_citizen_terminal_has_no_register_to_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = _hotel_folder(tmp_path, "citizen")
    assert main(["hotel", "export", "--config", str(config)]) == 1
    assert "not a hotel desk" in capsys.readouterr().err
    assert not (data / DATABASE_FILE_NAME).exists()


def test_a_purged_day_gives_its_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config, data = _hotel_folder(tmp_path)
    desk = _desk_with_a_day(tmp_path, path=data / DATABASE_FILE_NAME, key=data / LOCAL_KEY_FILE)
    assert desk.register.purge(START + timedelta(days=60)).stays == 3
    desk.database.close()
    assert main(["hotel", "export", "--config", str(config), "--day", "2026-12-06"]) == 0
    out, err = capsys.readouterr()
    assert out == ",".join(COLUMNS) + "\r\n"
    assert "stays 0 arriving, 0 in house, 0 departing; 0 guest row(s)" in err
    assert (
        "of this day only its counts remain: 1 room(s) arrived with 2 guest(s) (1 minor(s))" in err
    )
    assert "1 room(s) checked out" in err


def test_a_day_that_is_not_a_day_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, _data = _hotel_folder(tmp_path)
    with pytest.raises(SystemExit) as caught:
        main(["hotel", "export", "--config", str(config), "--day", "6/12/2026"])
    assert caught.value.code == 2
    assert "not a day like 2026-12-06" in capsys.readouterr().err

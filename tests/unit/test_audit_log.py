"""The technician audit log (``kiosk.technician.audit``) on a real SQLite file: entries chain,
``verify`` finds an edited entry, a removed one (in the middle, at the start, at the end), a
reordered pair, a changed detail and a rewritten hash, each with the first bad entry's number;
any single tampering at any position is found (property test); a detail with anything that
looks personal is refused and nothing is written."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import ManualClock
from kiosk.store import DATABASE_FILE_NAME, Database
from kiosk.technician.audit import (
    AuditAction,
    AuditDetailRefused,
    AuditLog,
    audit_token,
    check_detail,
    entry_hash,
)

COUNT = 8


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 12, 10, 1, 30, tzinfo=UTC))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    with Database.open(tmp_path / "data" / DATABASE_FILE_NAME) as opened:
        yield opened


@pytest.fixture
def audit(database: Database, clock: ManualClock) -> AuditLog:
    log = AuditLog(database, clock)
    actions = [AuditAction.TECHNICIAN_ENTERED, AuditAction.CONFIG_CHANGED, AuditAction.PIN_SET]
    for number in range(COUNT):
        log.record(
            actions[number % len(actions)],
            detail={"field": "ui.idle_timeout_s", "count": number},
        )
        clock.advance(60)
    return log


def _sql(database: Database, *statements: str) -> None:
    """Tamper with the file as someone with the file would: plain sqlite3, committed."""
    with closing(sqlite3.connect(database.path)) as connection, connection:
        for statement in statements:
            connection.execute(statement)


def test_entries_chain_and_verify_says_intact(audit: AuditLog, clock: ManualClock) -> None:
    entries = audit.entries()
    assert [entry.seq for entry in entries] == list(range(COUNT, 0, -1))  # newest first
    oldest = entries[-1]
    assert oldest.previous_hash == ""
    assert oldest.at == datetime(2026, 12, 10, 9, 30, tzinfo=CHINA_TIME)
    for newer, older in itertools.pairwise(entries):
        assert newer.previous_hash == older.hash
        assert newer.hash == entry_hash(
            seq=newer.seq,
            at=int(newer.at.timestamp()),
            actor=newer.actor,
            action=newer.action,
            outcome=newer.outcome,
            detail=newer.detail,
            previous_hash=older.hash,
        )
    assert [entry.seq for entry in audit.entries(limit=3)] == [COUNT, COUNT - 1, COUNT - 2]
    check = audit.verify()
    assert (check.ok, check.count, check.first_bad) == (True, COUNT, None)
    assert check.head == entries[0].hash
    assert audit.head() == (COUNT, entries[0].hash)


def test_an_empty_log_is_intact(database: Database, clock: ManualClock) -> None:
    log = AuditLog(database, clock)
    assert log.head() == (0, "")
    check = log.verify()
    assert (check.ok, check.count, check.head) == (True, 0, "")


def test_an_edited_entry_is_found(audit: AuditLog, database: Database) -> None:
    _sql(database, "UPDATE audit_log SET actor = 'someone' WHERE seq = 4")
    check = audit.verify()
    assert (check.ok, check.first_bad) == (False, 4)
    assert "changed" in (check.problem or "")


def test_a_changed_detail_is_found(audit: AuditLog, database: Database) -> None:
    _sql(
        database,
        """UPDATE audit_log SET detail = '{"count":99,"field":"ui.idle_timeout_s"}'
                      WHERE seq = 6""",
    )
    check = audit.verify()
    assert (check.ok, check.first_bad) == (False, 6)


def test_an_edited_entry_with_its_hash_rewritten_breaks_the_next_link(
    audit: AuditLog, database: Database
) -> None:
    row = next(entry for entry in audit.entries() if entry.seq == 3)
    forged = entry_hash(
        seq=3,
        at=int(row.at.timestamp()),
        actor="someone",
        action=row.action,
        outcome=row.outcome,
        detail=row.detail,
        previous_hash=row.previous_hash,
    )
    _sql(database, f"UPDATE audit_log SET actor = 'someone', hash = '{forged}' WHERE seq = 3")
    check = audit.verify()
    assert (check.ok, check.first_bad) == (False, 4)
    assert "does not follow entry 3" in (check.problem or "")


def test_a_removed_entry_in_the_middle_is_found(audit: AuditLog, database: Database) -> None:
    _sql(database, "DELETE FROM audit_log WHERE seq = 5")
    check = audit.verify()
    assert (check.ok, check.count, check.first_bad) == (False, COUNT - 1, 6)
    assert "entry 5 is missing" in (check.problem or "")


def test_removed_entries_at_the_start_and_at_the_end_are_found(
    audit: AuditLog, database: Database
) -> None:
    _sql(database, "DELETE FROM audit_log WHERE seq >= 7")
    check = audit.verify()
    assert (check.ok, check.first_bad) == (False, 7)
    assert "entries 7 to 8 are missing at the end" in (check.problem or "")
    _sql(database, "DELETE FROM audit_log WHERE seq = 1")
    assert audit.verify().first_bad == 2


def test_a_reordered_pair_is_found(audit: AuditLog, database: Database) -> None:
    _sql(
        database,
        "UPDATE audit_log SET seq = 100 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 4",
        "UPDATE audit_log SET seq = 4 WHERE seq = 100",
    )
    check = audit.verify()
    assert (check.ok, check.first_bad) == (False, 3)


def test_a_new_entry_after_tampering_chains_to_the_last_row_and_the_fault_stays(
    audit: AuditLog, database: Database
) -> None:
    _sql(database, "DELETE FROM audit_log WHERE seq = 8")
    added = audit.record(AuditAction.AUDIT_VERIFIED, outcome="failed")
    assert added.seq == 9  # the removed number is never given out again
    check = audit.verify()
    assert (check.ok, check.first_bad) == (False, 9)
    assert "entry 8 is missing" in (check.problem or "")


TAMPERINGS = ("actor", "outcome", "at", "detail", "delete", "swap")


@settings(max_examples=60, deadline=None)
@given(position=st.integers(1, COUNT), kind=st.sampled_from(TAMPERINGS))
def test_any_single_tampering_is_found_at_its_place(
    tmp_path_factory: pytest.TempPathFactory, position: int, kind: str
) -> None:
    # One database for all examples (opening one per example is slow): built once, and put
    # back as it was after each example.
    database, log, rows = _shared(tmp_path_factory)
    statements = {
        "actor": [f"UPDATE audit_log SET actor = 'x' WHERE seq = {position}"],
        "outcome": [f"UPDATE audit_log SET outcome = 'failed' WHERE seq = {position}"],
        "at": [f"UPDATE audit_log SET at = at - 3600 WHERE seq = {position}"],
        "detail": [
            f"""UPDATE audit_log SET detail = '{{"count":{position + 50}}}' """
            f"WHERE seq = {position}"
        ],
        "delete": [f"DELETE FROM audit_log WHERE seq = {position}"],
        "swap": [
            f"UPDATE audit_log SET seq = 100 WHERE seq = {position}",
            f"UPDATE audit_log SET seq = {position} WHERE seq = {position + 1}",
            f"UPDATE audit_log SET seq = {position + 1} WHERE seq = 100",
        ],
    }[kind]
    expected = position + 1 if kind == "delete" and position < COUNT else position
    if kind == "swap" and position == COUNT:  # the last one swaps with the one before it
        statements = [
            f"UPDATE audit_log SET seq = 100 WHERE seq = {COUNT}",
            f"UPDATE audit_log SET seq = {COUNT} WHERE seq = {COUNT - 1}",
            f"UPDATE audit_log SET seq = {COUNT - 1} WHERE seq = 100",
        ]
        expected = COUNT - 1
    try:
        _sql(database, *statements)
        check = log.verify()
        assert not check.ok
        assert check.first_bad == expected, check.problem
    finally:
        _restore(database, rows)
    assert log.verify().ok


_SHARED: dict[str, tuple[Database, AuditLog, list[tuple[object, ...]]]] = {}


def _shared(
    factory: pytest.TempPathFactory,
) -> tuple[Database, AuditLog, list[tuple[object, ...]]]:
    if "db" not in _SHARED:
        database = Database.open(factory.mktemp("audit") / DATABASE_FILE_NAME)
        log = AuditLog(database, ManualClock())
        for number in range(COUNT):
            log.record(AuditAction.PRINTER_TESTED, detail={"count": number})
        with closing(sqlite3.connect(database.path)) as connection:
            rows = connection.execute("SELECT * FROM audit_log ORDER BY seq").fetchall()
        _SHARED["db"] = (database, log, rows)
    return _SHARED["db"]


def _restore(database: Database, rows: list[tuple[object, ...]]) -> None:
    with closing(sqlite3.connect(database.path)) as connection, connection:
        connection.execute("DELETE FROM audit_log")
        connection.executemany("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


@pytest.fixture(scope="module", autouse=True)
def _close_shared() -> Iterator[None]:
    yield
    if "db" in _SHARED:
        _SHARED.pop("db")[0].close()


# ---------------------------------------------------------------------------- no personal data


@pytest.mark.parametrize(
    "detail",
    [
        {"number": "510104199001011234"},  # an identity number
        {"number": "51010419900101123X"},
        {"ref": "id-510104900101123"},  # an old 15-digit one inside a token
        {"phone": "13800138000"},
        {"phone": "+8613800138000"},
        {"name": "张三"},
        {"name": "Zhang San"},  # a space: no full name as written
        {"note": "x" * 65},
        {"Name": "field"},  # keys are lower case
        {"": 1},
        {"flag": True},  # not a number
        {"nested": {"a": 1}},  # type: ignore[dict-item]
        {f"k{number}": number for number in range(9)},  # too many items
    ],
)
def test_a_detail_that_may_be_personal_is_refused_and_nothing_written(
    audit: AuditLog, detail: dict[str, str | int]
) -> None:
    with pytest.raises(AuditDetailRefused) as caught:
        audit.record(AuditAction.CONFIG_CHANGED, detail=detail)
    for value in detail.values():
        if isinstance(value, str) and len(value) > 2:
            assert value not in str(caught.value)  # the refusal does not quote it
    assert audit.head()[0] == COUNT


def test_field_names_counts_references_and_file_names_are_accepted(audit: AuditLog) -> None:
    detail = {
        "field": "technician.idle_minutes",
        "count": 12,
        "reference": "CQ-YB-0001-20261206-000001",
        "file": audit_token("trust list (2).cose"),
    }
    entry = audit.record(AuditAction.TRUST_LIST_IMPORTED, detail=detail)
    assert entry.detail["file"] == "trust_list_2_.cose"
    assert audit.entries(limit=1)[0].detail == detail
    assert audit.verify().ok


def test_a_bad_actor_or_outcome_is_refused(audit: AuditLog) -> None:
    with pytest.raises(AuditDetailRefused):
        audit.record(AuditAction.PIN_SET, actor="Zhang San")
    with pytest.raises(AuditDetailRefused):
        audit.record(AuditAction.PIN_SET, outcome="refused because 13800138000")
    assert audit.head()[0] == COUNT


@given(
    prefix=st.text(alphabet="abcXYZ._-:/", max_size=10),
    number=st.from_regex(r"[1-9][0-9]{16}[0-9X]", fullmatch=True),
    suffix=st.text(alphabet="abcXYZ._-:/", max_size=10),
)
def test_an_identity_number_anywhere_in_a_value_is_refused(
    prefix: str, number: str, suffix: str
) -> None:
    with pytest.raises(AuditDetailRefused):
        check_detail({"value": prefix + number + suffix})


@given(value=st.text(max_size=80))
def test_whatever_is_accepted_is_a_short_ascii_token_without_long_digit_runs(value: str) -> None:
    try:
        checked = check_detail({"value": value})
    except AuditDetailRefused:
        return
    accepted = str(checked["value"])
    assert len(accepted) <= 64
    assert accepted.isascii() and " " not in accepted
    assert not any(accepted[i : i + 11].isdigit() for i in range(len(accepted) - 10))

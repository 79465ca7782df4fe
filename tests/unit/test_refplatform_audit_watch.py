"""The platform notices a terminal's audit log cut or rewritten between two heartbeats
(``refplatform.server.audit_watch``): a lower count, or the same count with another head. The
mark stays through later normal heartbeats until ``refplatform admin audit-ack`` clears it,
which is recorded in ``admin_actions``; the fleet page shows it right after "disabled", with the
command, in both languages. A growing log, and a terminal that never reports its audit figures,
are never marked.

The rule is checked on values (and on simulated honest and cut hash chains); the rest with real
signed heartbeats to an in-process platform whose clock the test moves, and the real command
line on its database."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import Engine

from refplatform import cli
from refplatform.issuer.keys import DemoKeySet
from refplatform.server import admin_login
from refplatform.server import database as platform_database
from refplatform.server.audit_watch import ACKNOWLEDGED, AuditBreak, broken
from refplatform.server.database import PlatformDatabase
from refplatform.server.fleet import TerminalRow, TerminalView, attention_order, counts, view_of
from refplatform.server.fleet_page import reasons, render_fleet
from refplatform.server.models import AdminAction, Base, Terminal
from refplatform.server.schemas import HeartbeatRequest
from refplatform.server.settings import FleetRules, Settings
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

START = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
RULES = FleetRules()
PASSWORD = "fleet-watch-2026"
TERMINAL = "CQ-YB-0001"
OLD_KIOSK: dict[str, Any] = {
    "queue_depth": 0,
    "dead_letters": 0,
    "connectivity": "online",
    "devices": {"printer": "ready", "camera": "off"},
    "software_version": "1.4.0",
    "data_versions": {"trust_list": "1764", "catalog": "9"},
}


def _chain(count: int, salt: str = "") -> list[str]:
    """The heads of a hash chain of ``count`` entries (index n: the head after n entries)."""
    heads = [""]
    for seq in range(1, count + 1):
        heads.append(hashlib.sha256(f"{salt}{seq}|{heads[-1]}".encode()).hexdigest())
    return heads


HEADS = _chain(40)
OTHER = _chain(40, salt="forged")


def _beat(count: int | None, head: str | None = None) -> HeartbeatRequest:
    figures = {} if count is None else {"audit_count": count, "audit_head": head or HEADS[count]}
    return HeartbeatRequest.model_validate({**OLD_KIOSK, **figures})


# ------------------------------------------------------------------------------ the rule


def test_a_growing_log_or_the_same_one_again_is_no_break() -> None:
    assert broken(_beat(12), _beat(13)) is None
    assert broken(_beat(12), _beat(30)) is None
    assert broken(_beat(12), _beat(12)) is None  # nothing new since
    assert broken(_beat(0), _beat(1)) is None  # from the empty log
    assert broken(_beat(12), _beat(12, HEADS[12].upper())) is None  # hex in either case


def test_a_lower_count_or_the_same_count_with_another_head_is_a_break() -> None:
    assert broken(_beat(12), _beat(11)) == AuditBreak(12, HEADS[12], 11, HEADS[11])
    assert broken(_beat(12), _beat(0)) == AuditBreak(12, HEADS[12], 0, "")
    assert broken(_beat(12), _beat(12, OTHER[12])) == AuditBreak(12, HEADS[12], 12, OTHER[12])


def test_without_figures_on_either_side_there_is_nothing_to_compare() -> None:
    assert broken(None, _beat(3)) is None  # the first heartbeat
    assert broken(_beat(None), _beat(3)) is None  # an older kiosk before
    assert broken(_beat(12), _beat(None)) is None
    assert broken(_beat(None), _beat(None)) is None


@given(steps=st.lists(st.integers(0, 3), min_size=1, max_size=12))
def test_an_honest_chain_reported_as_it_grows_is_never_a_break(steps: list[int]) -> None:
    count = 0
    previous = _beat(count)
    for step in steps:
        count = min(count + step, len(HEADS) - 1)
        beat = _beat(count)
        assert broken(previous, beat) is None
        previous = beat


@given(
    count=st.integers(1, 30),
    removed=st.integers(1, 10),
    data=st.data(),
)
def test_a_chain_cut_and_rebuilt_to_at_most_its_old_length_is_a_break(
    count: int, removed: int, data: st.DataObject
) -> None:
    removed = min(removed, count)
    kept = count - removed
    # Entries removed at the end, then as many new ones (or fewer) appended after the cut: the
    # rebuilt chain's head differs from the old one wherever it stops at the old count.
    added = data.draw(st.integers(0, removed))
    rebuilt = HEADS[: kept + 1] + OTHER[kept + 1 : kept + added + 1]
    assert broken(_beat(count), _beat(kept + added, rebuilt[kept + added])) is not None


# ------------------------------------------------------------------------------ the page text


def _view(
    beat: dict[str, Any] | None, *, broken_at: datetime | None, disabled: bool = False
) -> TerminalView:
    at = int(START.timestamp()) if beat is not None else None
    stored = json.dumps(beat) if beat is not None else None
    since = int(broken_at.timestamp()) if broken_at is not None else None
    row = TerminalRow(TERMINAL, 1790000000, disabled, at, stored, since)
    return view_of(row, START, RULES)


def test_the_break_is_said_right_after_disabled_in_both_languages() -> None:
    beat = {**OLD_KIOSK, "dead_letters": 2, "audit_count": 3, "audit_head": HEADS[3]}
    view = _view(beat, broken_at=START - timedelta(minutes=30), disabled=True)
    assert reasons(view, RULES, "en")[:3] == [
        "Disabled on the platform (refplatform admin enable turns it back on)",
        "Audit log cut or rewritten since 2026-12-03 09:30: check the terminal, then "
        "acknowledge with:",
        "2 records could not be delivered (dead letters): check and send them again",
    ]
    assert reasons(view, RULES, "zh")[1] == (
        "审计日志自 2026-12-03 09:30 起被截断或改写：请检查终端，然后用以下命令确认："
    )
    page = render_fleet([view], counts([view]), START, RULES, "en")
    assert (
        "check the terminal, then acknowledge with: "
        "<code>refplatform admin audit-ack CQ-YB-0001 --data-dir DIR</code></li>"
    ) in page
    unmarked = _view(beat, broken_at=None)
    assert not any("Audit log" in reason for reason in reasons(unmarked, RULES, "en"))


def test_a_marked_terminal_comes_before_one_with_any_other_concern() -> None:
    dead = {**OLD_KIOSK, "dead_letters": 5, "devices": {"printer": "paper_out"}}
    worse = view_of(
        TerminalRow("SC-CD-0009", 1790000000, False, int(START.timestamp()), json.dumps(dead)),
        START,
        RULES,
    )
    marked = _view(OLD_KIOSK, broken_at=START)
    assert sorted([worse, marked], key=attention_order) == [marked, worse]


def test_the_chinese_page_names_the_command_only_as_code() -> None:
    view = _view({**OLD_KIOSK, "audit_count": 3, "audit_head": HEADS[3]}, broken_at=START)
    page = render_fleet([view], counts([view]), START, RULES, "zh")
    body = page[page.index("<body>") :]
    texts = re.findall(r">([^<>]+)<", re.sub(r"<code[^>]*>[^<]*</code>", "", body))
    words = [re.sub(r"\b(MB|CQ-YB-\d+|English)\b", "", text) for text in texts]
    assert any("审计日志自" in word for word in words)
    assert all(not re.search(r"[A-Za-z]{2,}", word) for word in words), words


# ------------------------------------------------------------------------------ real heartbeats


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def platform(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> Iterator[InProcessPlatform]:
    settings = Settings(data_dir=tmp_path / "platform", keys_dir=demo_keys.folder, clock=clock)
    with in_process_refplatform(settings) as running:
        database = PlatformDatabase.open(settings.resolved_database_url)
        try:
            admin_login.set_password(database, PASSWORD, START)
        finally:
            database.close()
        yield running


@pytest.fixture
def key(platform: InProcessPlatform) -> ed25519.Ed25519PrivateKey:
    return platform.enrol(TERMINAL, created=START).private_key


def _send(
    platform: InProcessPlatform,
    key: ed25519.Ed25519PrivateKey,
    clock: FakeClock,
    count: int | None,
    head: str | None = None,
) -> None:
    """One signed heartbeat, a minute after the last one (the platform's clock moves too)."""
    clock.now += timedelta(minutes=1)
    figures = {} if count is None else {"audit_count": count, "audit_head": head or HEADS[count]}
    body = json.dumps({**OLD_KIOSK, **figures}).encode()
    answer = platform.signed(
        "POST", "/api/v1/heartbeat", TERMINAL, key, body=body, created=clock.now
    )
    assert answer.status_code == 200, answer.text


def _mark(platform: InProcessPlatform) -> tuple[int | None, AuditBreak | None]:
    database = PlatformDatabase.open(platform.settings().resolved_database_url)
    try:
        with database.read_session() as session:
            terminal = session.get(Terminal, TERMINAL)
            assert terminal is not None
            return terminal.audit_break_at, AuditBreak.from_json(terminal.audit_break)
    finally:
        database.close()


def _actions(platform: InProcessPlatform) -> list[tuple[str, str | None, dict[str, Any]]]:
    database = PlatformDatabase.open(platform.settings().resolved_database_url)
    try:
        with database.read_session() as session:
            rows = session.scalars(select(AdminAction).order_by(AdminAction.id)).all()
            return [(row.action, row.terminal_id, json.loads(row.detail or "{}")) for row in rows]
    finally:
        database.close()


def _fleet_page(platform: InProcessPlatform, language: str = "en") -> str:
    browser = requests.Session()
    browser.post(platform.url("/admin/login"), data={"password": PASSWORD}, timeout=30)
    page = browser.get(platform.url(f"/admin/fleet?lang={language}"), timeout=30)
    assert page.status_code == 200
    return page.text


def _ack(
    platform: InProcessPlatform, terminal: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    code = cli.main(
        ["admin", "audit-ack", terminal, "--data-dir", str(platform.settings().data_dir)]
    )
    output = capsys.readouterr()
    return code, output.out + output.err


def test_a_growing_log_is_never_marked(
    platform: InProcessPlatform, key: ed25519.Ed25519PrivateKey, clock: FakeClock
) -> None:
    for count in (0, 0, 3, 4, 4, 20):
        _send(platform, key, clock, count)
    assert _mark(platform) == (None, None)
    page = _fleet_page(platform)
    assert "Audit log cut or rewritten" not in page
    assert re.search(r'id="count-attention"><b>0</b>', page)


def test_a_terminal_that_never_sends_audit_figures_is_never_marked(
    platform: InProcessPlatform, key: ed25519.Ed25519PrivateKey, clock: FakeClock
) -> None:
    _send(platform, key, clock, None)
    _send(platform, key, clock, None)
    assert _mark(platform) == (None, None)
    assert "Audit log cut or rewritten" not in _fleet_page(platform)


@pytest.mark.allow_log_warnings
def test_a_lower_count_marks_the_terminal(
    platform: InProcessPlatform, key: ed25519.Ed25519PrivateKey, clock: FakeClock
) -> None:
    _send(platform, key, clock, 12)
    _send(platform, key, clock, 9)  # at 10:02 Beijing time
    seen_at, figures = _mark(platform)
    assert seen_at == int((START + timedelta(minutes=2)).timestamp())
    assert figures == AuditBreak(12, HEADS[12], 9, HEADS[9])
    english = _fleet_page(platform)
    assert (
        "Audit log cut or rewritten since 2026-12-03 10:02: check the terminal, then "
        "acknowledge with: <code>refplatform admin audit-ack CQ-YB-0001 --data-dir DIR</code>"
    ) in english
    assert re.search(r'id="count-attention" class="bad"><b>1</b>', english)
    assert "审计日志自 2026-12-03 10:02 起被截断或改写" in _fleet_page(platform, "zh")


@pytest.mark.allow_log_warnings
def test_the_same_count_with_another_head_marks_it_and_the_mark_stays(
    platform: InProcessPlatform,
    key: ed25519.Ed25519PrivateKey,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _send(platform, key, clock, 12)
    _send(platform, key, clock, 12, OTHER[12])  # at 10:02
    first = _mark(platform)
    assert first == (
        int((START + timedelta(minutes=2)).timestamp()),
        AuditBreak(12, HEADS[12], 12, OTHER[12]),
    )
    # Normal heartbeats after it, and a second break, leave the first mark as it was.
    _send(platform, key, clock, 13, OTHER[13])
    _send(platform, key, clock, 14, OTHER[14])
    _send(platform, key, clock, 5)
    _send(platform, key, clock, 6)
    assert _mark(platform) == first
    assert "since 2026-12-03 10:02" in _fleet_page(platform)

    code, said = _ack(platform, TERMINAL, capsys)
    assert code == 0
    assert said.strip() == (
        "CQ-YB-0001: audit log break seen 2026-12-03 10:02:00 (Beijing time, 12 entries, "
        "then 12) acknowledged"
    )
    assert _mark(platform) == (None, None)
    assert _actions(platform) == [
        (
            ACKNOWLEDGED,
            TERMINAL,
            {
                "seen_at": first[0],
                "count_before": 12,
                "head_before": HEADS[12],
                "count_after": 12,
                "head_after": OTHER[12],
            },
        )
    ]
    assert "Audit log cut or rewritten" not in _fleet_page(platform)
    # Nothing left to acknowledge: said so, and nothing more recorded.
    code, said = _ack(platform, TERMINAL, capsys)
    assert (code, said.strip()) == (0, "CQ-YB-0001: no audit log break to acknowledge")
    assert len(_actions(platform)) == 1
    # Growing on from the acknowledged state is fine; a new cut marks it again.
    _send(platform, key, clock, 7)
    assert _mark(platform) == (None, None)
    _send(platform, key, clock, 2)
    assert _mark(platform)[0] == int(clock.now.timestamp())


def test_acknowledging_an_unknown_terminal_is_refused(
    platform: InProcessPlatform, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = _ack(platform, "CQ-YB-0404", capsys)
    assert (code, said.strip()) == (1, "refplatform: no enrolled terminal CQ-YB-0404")
    assert _actions(platform) == []


# ------------------------------------------------------------------------------ migration


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = platform_database.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_revision_0009_adds_the_mark_and_the_actions_and_its_downgrade_removes_them(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+pysqlite:///{tmp_path / 'platform.sqlite3'}")
    try:
        _migrate(engine, "0008")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO terminals (terminal_id, public_key_pem, enrolled_at, disabled) "
                    "VALUES ('CQ-YB-0001', 'pem', 1790000000, 0)"
                )
            )
        platform_database.upgrade_to_head(engine)  # what the platform does at start
        assert "admin_actions" in inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            row = connection.execute(
                text("SELECT terminal_id, audit_break_at, audit_break FROM terminals")
            ).one()
            assert tuple(row) == ("CQ-YB-0001", None, None)
        _migrate(engine, "0008", down=True)
        assert "admin_actions" not in inspect(engine).get_table_names()
        columns = {column["name"] for column in inspect(engine).get_columns("terminals")}
        assert "audit_break_at" not in columns
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM terminals")).scalar_one() == 1
    finally:
        engine.dispose()

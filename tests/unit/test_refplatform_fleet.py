"""The fleet page (issue 19, point 6): which terminals need attention and why (never heard from,
silent for more than 3 heartbeat intervals, dead letters, printer or camera fault, a clock too
far off, an old trust list, little disk, paper low), their order (the worst first), the counts,
both languages, and heartbeat values shown as text, never as markup.

The rules are checked on values; the page over HTTP on an in-process platform whose clock the
test moves (a heartbeat ages without waiting)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519

from refplatform.issuer.keys import DemoKeySet
from refplatform.server import admin_login
from refplatform.server.database import PlatformDatabase
from refplatform.server.fleet import Concern, TerminalRow, concerns_of, counts, read_beat, view_of
from refplatform.server.fleet_page import CONTENT_SECURITY_POLICY, duration, reasons, render_fleet
from refplatform.server.schemas import HeartbeatRequest
from refplatform.server.settings import FleetRules, Settings
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

START = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
RULES = FleetRules()
PASSWORD = "fleet-watch-2026"
HEALTHY: dict[str, Any] = {
    "queue_depth": 0,
    "dead_letters": 0,
    "connectivity": "online",
    "devices": {"printer": "ready", "camera": "off"},
    "software_version": "1.4.0",
    "data_versions": {"trust_list": "1764", "catalog": "9"},
    "audit_count": 12,
    "audit_head": "ab" * 32,
    "trust_list_issued_at": (START - timedelta(days=1)).isoformat(),
    "clock_skew_s": 0.4,
    "disk_free_mb": 30000,
}


def _beat(**changes: Any) -> HeartbeatRequest:
    return HeartbeatRequest.model_validate_json(json.dumps({**HEALTHY, **changes}))


def _concerns(beat: HeartbeatRequest | None, *, age_s: float = 10) -> tuple[Concern, ...]:
    return concerns_of(
        disabled=False,
        last_heartbeat_at=START - timedelta(seconds=age_s),
        stored=beat is not None,
        beat=beat,
        now=START,
        rules=RULES,
    )


# ------------------------------------------------------------------------------ the rules


def test_a_healthy_terminal_needs_nothing() -> None:
    assert _concerns(_beat()) == ()
    assert _concerns(_beat(devices={"printer": "fake", "camera": "active"})) == ()
    # A state the platform does not know is shown as sent, not judged.
    assert _concerns(_beat(devices={"printer": "warming_up", "camera": "focusing"})) == ()


def test_silent_after_more_than_three_heartbeat_intervals() -> None:
    assert RULES.silent_after_s == 180
    assert _concerns(_beat(), age_s=180) == ()
    assert _concerns(_beat(), age_s=181) == (Concern.SILENT,)
    slow = FleetRules(heartbeat_interval_s=600)
    late = concerns_of(
        disabled=False,
        last_heartbeat_at=START - timedelta(minutes=29),
        stored=True,
        beat=_beat(),
        now=START,
        rules=slow,
    )
    assert late == ()


def test_never_heard_from_and_disabled() -> None:
    never = concerns_of(
        disabled=False, last_heartbeat_at=None, stored=False, beat=None, now=START, rules=RULES
    )
    assert never == (Concern.NEVER_HEARD,)
    # A disabled terminal is refused by the platform: it is disabled, not "silent".
    off = concerns_of(
        disabled=True,
        last_heartbeat_at=START - timedelta(days=3),
        stored=True,
        beat=_beat(),
        now=START,
        rules=RULES,
    )
    assert off == (Concern.DISABLED,)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"dead_letters": 1}, (Concern.DEAD_LETTERS,)),
        ({"devices": {"printer": "paper_out"}}, (Concern.PRINTER_FAULT,)),
        ({"devices": {"printer": "cover_open"}}, (Concern.PRINTER_FAULT,)),
        ({"devices": {"printer": "offline"}}, (Concern.PRINTER_FAULT,)),
        ({"devices": {"printer": "error"}}, (Concern.PRINTER_FAULT,)),
        ({"devices": {"printer": "paper_low"}}, (Concern.PAPER_LOW,)),
        ({"devices": {"camera": "no_device"}}, (Concern.CAMERA_FAULT,)),
        ({"devices": {"camera": "lost"}}, (Concern.CAMERA_FAULT,)),
        ({"devices": {"camera": "permission_denied"}}, (Concern.CAMERA_FAULT,)),
        ({"clock_skew_s": 120.0}, ()),
        ({"clock_skew_s": 121.0}, (Concern.CLOCK_SKEW,)),
        ({"clock_skew_s": -121.0}, (Concern.CLOCK_SKEW,)),
        ({"trust_list_issued_at": (START - timedelta(days=7)).isoformat()}, ()),
        (
            {"trust_list_issued_at": (START - timedelta(days=7, seconds=1)).isoformat()},
            (Concern.TRUST_LIST_OLD,),
        ),
        ({"disk_free_mb": 500}, ()),
        ({"disk_free_mb": 499}, (Concern.DISK_LOW,)),
        (
            {"dead_letters": 2, "devices": {"printer": "paper_low", "camera": "lost"}},
            (Concern.DEAD_LETTERS, Concern.CAMERA_FAULT, Concern.PAPER_LOW),
        ),
    ],
)
def test_what_a_heartbeat_reports(changes: dict[str, Any], expected: tuple[Concern, ...]) -> None:
    assert _concerns(_beat(**changes)) == expected


def test_an_old_terminals_heartbeat_without_the_new_fields_is_judged_on_what_it_has() -> None:
    old = {key: HEALTHY[key] for key in ("queue_depth", "dead_letters", "connectivity")}
    beat = read_beat(json.dumps({**old, "software_version": "0.9", "dead_letters": 3}))
    assert beat is not None
    assert _concerns(beat) == (Concern.DEAD_LETTERS,)


def test_a_stored_heartbeat_that_cannot_be_read_is_said_so() -> None:
    assert read_beat('{"queue_depth": "many"}') is None
    row = TerminalRow("CQ-YB-0009", 1790000000, False, int(START.timestamp()), "{not json")
    view = view_of(row, START, RULES)
    assert view.concerns == (Concern.UNREADABLE,)
    assert reasons(view, RULES, "en") == ["Its last heartbeat cannot be read"]


def test_durations_in_words() -> None:
    cases = [
        (4, "4 s", "4 秒"),
        (61, "1 min", "1 分钟"),
        (3600, "1 h", "1 小时"),
        (3 * 3600 + 5 * 60 + 9, "3 h 5 min", "3 小时 5 分钟"),
        (86400, "1 day", "1 天"),
        (2 * 86400 + 4 * 3600, "2 d 4 h", "2 天 4 小时"),
        (9 * 86400, "9 days", "9 天"),
    ]
    for seconds, english, chinese in cases:
        assert (duration(seconds, "en"), duration(seconds, "zh")) == (english, chinese)


# ------------------------------------------------------------------------------ the page


def _view(terminal_id: str, beat: dict[str, Any] | None, age_s: float = 30) -> Any:
    stored = json.dumps(beat) if beat is not None else None
    at = int((START - timedelta(seconds=age_s)).timestamp()) if beat is not None else None
    return view_of(TerminalRow(terminal_id, 1790000000, False, at, stored), START, RULES)


def test_heartbeat_values_are_shown_as_text_never_as_markup() -> None:
    hostile = {
        **HEALTHY,
        "software_version": "<script>alert(1)</script>",
        "devices": {"printer": '"><img src=x onerror=alert(2)>', "camera": "</td><b>"},
        "connectivity": "<iframe>",
        "data_versions": {"trust_list": "<style>*{}</style>"},
    }
    views = [_view("CQ-YB-0001", hostile)]
    page = render_fleet(views, counts(views), START, RULES, "en")
    for raw in ("<script", "<img", "<iframe", "</td><b>", "<style>*"):
        assert raw not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert page.count("<style>") == 1


def test_a_terminal_without_a_trust_list_is_said_to_have_none() -> None:
    for sent in ("none", "bundled"):  # "bundled": what terminals before 0.1 sent
        beat = {**HEALTHY, "data_versions": {"trust_list": sent}}
        views = [_view("CQ-YB-0001", beat)]
        english = render_fleet(views, counts(views), START, RULES, "en")
        chinese = render_fleet(views, counts(views), START, RULES, "zh")
        assert '<span class="fault">no trust list</span>' in english
        assert '<span class="fault">未安装信任列表</span>' in chinese
        assert "No. " not in english and f"第 {sent} 版" not in chinese


def test_a_terminal_that_just_started_is_not_shown_offline() -> None:
    beat = {**HEALTHY, "connectivity": "starting"}
    assert _concerns(_beat(connectivity="starting")) == ()
    views = [_view("CQ-YB-0001", beat)]
    english = render_fleet(views, counts(views), START, RULES, "en")
    chinese = render_fleet(views, counts(views), START, RULES, "zh")
    assert '<span class="fine">just started</span>' in english
    assert '<span class="fine">刚启动</span>' in chinese
    assert "offline" not in english


def test_the_page_allows_only_its_own_style_sheet() -> None:
    views = [_view("CQ-YB-0001", HEALTHY)]
    page = render_fleet(views, counts(views), START, RULES, "zh")
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in CONTENT_SECURITY_POLICY
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert '<meta http-equiv="refresh" content="60">' in page
    assert not re.search(r"<(script|img|link|iframe)\b", page)
    assert not re.search(r"\b(src|href)=\"(https?:)?//", page)  # nothing from elsewhere


def test_the_reasons_in_both_languages() -> None:
    view = _view(
        "CQ-YB-0001",
        {
            **HEALTHY,
            "dead_letters": 3,
            "devices": {"printer": "paper_out", "camera": "lost"},
            "clock_skew_s": 400.0,  # the terminal is behind
            "trust_list_issued_at": (START - timedelta(days=12)).isoformat(),
            "disk_free_mb": 120,
        },
        age_s=3 * 3600 + 600,
    )
    assert reasons(view, RULES, "en") == [
        "No heartbeat for 3 h 10 min (more than 3 heartbeat intervals)",
        "3 records could not be delivered (dead letters): check and send them again",
        "Printer: out of paper",
        "Camera: disconnected",
        "Its clock is 6 min behind the platform's: set the time",
        "Trust list issued 12 days ago: not updated for more than 7 days",
        "Only 120 MB left in the data folder",
    ]
    assert reasons(view, RULES, "zh") == [
        "已 3 小时 10 分钟没有心跳（超过 3 个心跳周期）",
        "3 条记录无法送达（死信），请检查并重新发送",
        "打印机：缺纸",
        "摄像头：已断开",
        "终端时钟慢 6 分钟，请校准时间",
        "信任列表已签发 12 天，超过 7 天未更新",
        "数据文件夹只剩 120 MB",
    ]
    ahead = _view("CQ-YB-0002", {**HEALTHY, "clock_skew_s": -400.0, "dead_letters": 1})
    assert reasons(ahead, RULES, "en") == [
        "1 record could not be delivered (a dead letter): check and send it again",
        "Its clock is 6 min ahead of the platform's: set the time",
    ]
    assert reasons(ahead, RULES, "zh")[1] == "终端时钟快 6 分钟，请校准时间"


def test_the_chinese_page_holds_no_latin_words() -> None:
    views = [
        _view("CQ-YB-0001", {**HEALTHY, "dead_letters": 2, "devices": {"printer": "paper_low"}}),
        _view("CQ-YB-0002", None),
        _view("CQ-YB-0003", HEALTHY, age_s=4000),
    ]
    page = render_fleet(views, counts(views), START, RULES, "zh")
    body = page[page.index("<body>") :]
    texts = re.findall(r">([^<>]+)<", re.sub(r"<code[^>]*>[^<]*</code>", "", body))
    # Codes stay: terminal ids, MB, the link to the English page (in English on purpose).
    allowed = r"\b(MB|CQ-YB-\d+|English)\b"
    words = [re.sub(allowed, "", text) for text in texts]
    assert len(words) > 30
    assert all(not re.search(r"[A-Za-z]{2,}", word) for word in words), words


# ------------------------------------------------------------------------------ over HTTP


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


def _heartbeat(
    platform: InProcessPlatform,
    terminal_id: str,
    key: ed25519.Ed25519PrivateKey,
    at: datetime,
    **changes: Any,
) -> None:
    body = json.dumps({**HEALTHY, **changes}).encode()
    answer = platform.signed("POST", "/api/v1/heartbeat", terminal_id, key, body=body, created=at)
    assert answer.status_code == 200, answer.text


def _order(page: str) -> list[str]:
    return re.findall(r'<tr class="(?:attention|ok)" id="t-([A-Z0-9-]+)"', page)


def test_the_page_puts_the_terminals_that_need_attention_first(
    platform: InProcessPlatform, clock: FakeClock
) -> None:
    keys = {
        terminal: platform.enrol(terminal, created=START).private_key
        for terminal in ("CQ-YB-0001", "CQ-YB-0002", "CQ-YB-0003", "SC-CD-0004", "SC-CD-0005")
    }
    _heartbeat(platform, "CQ-YB-0001", keys["CQ-YB-0001"], START)
    _heartbeat(platform, "CQ-YB-0002", keys["CQ-YB-0002"], START, dead_letters=2)
    _heartbeat(platform, "SC-CD-0004", keys["SC-CD-0004"], START, devices={"printer": "cover_open"})
    _heartbeat(platform, "SC-CD-0005", keys["SC-CD-0005"], START)
    # Three intervals and a second later the others report again; CQ-YB-0001 does not.
    clock.now = START + timedelta(seconds=181)
    for terminal in ("CQ-YB-0002", "SC-CD-0004", "SC-CD-0005"):
        _heartbeat(platform, terminal, keys[terminal], clock.now, **_latest(terminal))
    browser = requests.Session()
    browser.post(platform.url("/admin/login"), data={"password": PASSWORD}, timeout=30)
    english = browser.get(platform.url("/admin/fleet?lang=en"), timeout=30)
    assert english.status_code == 200
    page = english.text
    assert _order(page) == ["CQ-YB-0003", "CQ-YB-0001", "CQ-YB-0002", "SC-CD-0004", "SC-CD-0005"]
    assert "No heartbeat since it was enrolled" in page
    assert "No heartbeat for 3 min (more than 3 heartbeat intervals)" in page
    assert "2 records could not be delivered" in page
    assert "Printer: cover open" in page
    assert re.search(r'id="count-attention" class="bad"><b>4</b>', page)
    assert re.search(r'id="count-terminals"><b>5</b>', page)
    assert re.search(r'id="count-dead" class="bad"><b>2</b>Dead letters \(on 1 terminal\)', page)
    assert "2026-12-03 10:00:00" in page  # the silent one's last heartbeat, Beijing time
    assert english.headers["Content-Language"] == "en"
    assert english.headers["Cache-Control"] == "no-store"
    chinese = browser.get(
        platform.url("/admin/fleet"), headers={"Accept-Language": "zh-CN,zh;q=0.9"}, timeout=30
    )
    assert chinese.headers["Content-Language"] == "zh-CN"
    assert "终端运行状况" in chinese.text and "登记后从未发来心跳" in chinese.text
    assert "已 3 分钟没有心跳" in chinese.text
    assert _order(chinese.text) == _order(page)


def _latest(terminal: str) -> dict[str, Any]:
    latest: dict[str, dict[str, Any]] = {
        "CQ-YB-0002": {"dead_letters": 2},
        "SC-CD-0004": {"devices": {"printer": "cover_open"}},
    }
    return latest.get(terminal, {})

"""The reference platform's pure parts: codes, numbers, ETags, dates, settings, body parsing."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text

from kiosk.domain.workdays import bundled_calendar
from kiosk.sync.sealing import SealingPrivateKey
from refplatform.server.admin import AdminError, advance
from refplatform.server.database import DatabaseError, PlatformDatabase, create_platform_engine
from refplatform.server.enrolment import (
    CODE_ALPHABET,
    code_digest,
    new_code,
    normalise_code,
    valid_terminal_id,
)
from refplatform.server.errors import ApiError, http_date
from refplatform.server.instance import PlatformSetupError, load_calendar
from refplatform.server.intake import checked_key, iso_time
from refplatform.server.numbering import format_number, province_prefix
from refplatform.server.publications import Publication
from refplatform.server.runner import base_url, write_port_file
from refplatform.server.schemas import ApplicationRequest, HeartbeatRequest, parse_body
from refplatform.server.seed import seed_demo
from refplatform.server.settings import Settings


def test_codes_are_typable_and_hashed_whatever_the_typing() -> None:
    code = new_code()
    assert len(code) == 14
    assert all(symbol in CODE_ALPHABET for symbol in code.replace("-", ""))
    assert new_code() != code
    variants = [code, code.lower(), code.replace("-", ""), " ".join(code.split("-"))]
    assert {code_digest(variant) for variant in variants} == {code_digest(code)}
    assert normalise_code(" ab-cd ") == "ABCD"
    assert len(code_digest(code)) == 64


@pytest.mark.parametrize(
    ("terminal_id", "valid"),
    [
        ("CQ-YB-0001", True),
        ("SC-CD-0042", True),
        ("CQ-1", True),
        ("cq-yb-0001", False),
        ("CQYB0001", False),
        ("C-YB-0001", False),
        ("CQ-YB-0001-A-B-C", False),
        ("CQ-" + "A" * 17, False),
        ("", False),
    ],
)
def test_terminal_ids(terminal_id: str, valid: bool) -> None:
    assert valid_terminal_id(terminal_id) is valid


def test_numbers() -> None:
    assert province_prefix("CQ-YB-0001") == "CQ"
    assert format_number("CQ", date(2026, 11, 23), 42) == "CQ20261123000042"
    assert format_number("SCRZ", date(2027, 1, 4), 999_999) == "SCRZ20270104999999"


def test_etag_matching() -> None:
    publication = Publication.of(b"document", "v1")
    tag = publication.etag
    assert tag.startswith('"') and len(tag) == 34
    assert publication.matches(tag)
    assert publication.matches(f'"x", W/{tag}')
    assert publication.matches("*")
    assert not publication.matches(None)
    assert not publication.matches('"other"')
    assert not publication.matches(tag[1:-1])
    assert Publication.of(b"document 2", "v2").etag != tag


@given(st.text(max_size=200))
def test_etag_matching_never_fails(header: str) -> None:
    Publication.of(b"x", "v").matches(header)


def test_http_date_and_iso_times() -> None:
    moment = datetime(2026, 11, 23, 10, 0, 5, 123_000, tzinfo=UTC)
    assert http_date(moment) == "Mon, 23 Nov 2026 10:00:05 GMT"
    assert iso_time(int(moment.timestamp())) == "2026-11-23T18:00:05+08:00"


def test_base_url_and_port_file(tmp_path: Path) -> None:
    assert base_url("127.0.0.1", 8710) == "http://127.0.0.1:8710"
    assert base_url("::1", 8710) == "http://[::1]:8710"
    port_file = tmp_path / "refplatform.port"
    write_port_file(port_file, 43210)
    assert port_file.read_text(encoding="ascii") == "43210\n"
    assert not list(tmp_path.glob("*.tmp"))


def test_settings_defaults(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.resolved_database_url == f"sqlite+pysqlite:///{tmp_path}/refplatform.sqlite3"
    assert settings.resolved_keys_dir == tmp_path / "demo-keys"
    assert settings.sealing_key_path == tmp_path / "platform-sealing.key"
    assert settings.port_file == tmp_path / "refplatform.port"
    assert settings.clock().tzinfo is not None


def test_idempotency_keys() -> None:
    assert checked_key("a" * 16) == "a" * 16
    assert checked_key("Ab_-" * 16) == "Ab_-" * 16
    for bad in (None, "", "a" * 15, "a" * 65, "a" * 15 + "!", "é" * 16):
        with pytest.raises(ApiError) as refused:
            checked_key(bad)
        assert (refused.value.status, refused.value.code) == (400, "idempotency_key_invalid")


def test_parse_body_says_where_without_echoing() -> None:
    with pytest.raises(ApiError) as not_json:
        parse_body(HeartbeatRequest, b"{")
    assert (not_json.value.status, not_json.value.code) == (400, "bad_request")
    secret = "510104199001011234"
    with pytest.raises(ApiError) as wrong:
        parse_body(HeartbeatRequest, json.dumps({"queue_depth": secret}).encode())
    assert (wrong.value.status, wrong.value.code) == (422, "validation_failed")
    assert wrong.value.message.startswith("queue_depth")
    assert secret not in wrong.value.message
    with pytest.raises(ApiError):
        parse_body(
            ApplicationRequest,
            json.dumps(
                {
                    "local_reference": "r",
                    "sequence": 1,
                    "item_code": "X",
                    "queued_at": "2026-11-23T10:00:00",  # no offset: refused
                    "sealed": "AA==",
                }
            ).encode(),
        )


def test_published_calendar_file_is_merged(tmp_path: Path) -> None:
    published = tmp_path / "calendar-2027.json"
    published.write_text(
        json.dumps({"years": {"2027": {"holidays": ["2027-01-01"], "workdays": []}}}),
        encoding="utf-8",
    )
    calendar = load_calendar(published)
    assert calendar.covers(2026) and calendar.covers(2027)
    assert calendar.promised_date(date(2026, 12, 31), 1).date == date(2027, 1, 4)
    assert load_calendar(None) == bundled_calendar()
    bad = tmp_path / "bad.json"
    for content in ("{", '{"years": {"2027": {"holidays": ["2027-01-02"], "workdays": []}}}'):
        bad.write_text(content, encoding="utf-8")
        with pytest.raises(PlatformSetupError, match=r"bad\.json"):
            load_calendar(bad)
    with pytest.raises(PlatformSetupError, match="cannot read"):
        load_calendar(tmp_path / "missing.json")


@pytest.mark.parametrize(
    "url", ["mysql://x/y", "sqlite://", "sqlite:///:memory:", "not a url", "postgresql://x/y"]
)
def test_unsupported_database_urls(url: str) -> None:
    with pytest.raises(DatabaseError):
        create_platform_engine(url)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    database = PlatformDatabase.open(url)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database.close()
    with pytest.raises(DatabaseError, match="9999"):
        PlatformDatabase.open(url)


def test_seed_demo_prepares_everything(tmp_path: Path, demo_keys_folder: Path) -> None:
    data_dir = tmp_path / "platform"
    code = seed_demo(data_dir, demo_keys_folder, "CQ-YB-0001")
    assert len(code) == 14
    key_file = data_dir / "platform-sealing.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    SealingPrivateKey.load(key_file)
    database_file = data_dir / "refplatform.sqlite3"
    assert stat.S_IMODE(database_file.stat().st_mode) == 0o600
    with pytest.raises(ValueError, match="CQ-YB-0001"):
        seed_demo(data_dir, demo_keys_folder, "nonsense")


def test_admin_advance_rules(tmp_path: Path) -> None:
    database = PlatformDatabase.open(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    now = datetime.now(UTC)
    with database.session() as session:
        session.execute(
            text(
                "INSERT INTO terminals (terminal_id, public_key_pem, enrolled_at, disabled) "
                "VALUES ('CQ-YB-0001', 'x', 0, 0)"
            )
        )
        session.execute(
            text(
                "INSERT INTO applications (acceptance_number, terminal_id, idempotency_key, "
                "request_sha256, answer, sequence, local_reference, item_code, queued_at, "
                "accepted_at, updated_at, state, promised_date, promised_date_estimated, sealed) "
                "VALUES ('CQ20261123000001', 'CQ-YB-0001', 'k', 'd', '{}', 1, 'r', 'CY-GA-002', "
                "'q', 0, 0, 'accepted', '2026-12-14', 0, x'00')"
            )
        )
    try:
        with pytest.raises(AdminError):
            advance(database, "CQ20261123000001", now, "accepted")
        assert advance(database, "CQ20261123000001", now) == ("accepted", "processing")
        assert advance(database, "CQ20261123000001", now) == ("processing", "completed")
        with pytest.raises(AdminError, match="completed"):
            advance(database, "CQ20261123000001", now)
        with pytest.raises(AdminError, match="no application"):
            advance(database, "CQ20261123000002", now + timedelta(seconds=1))
    finally:
        database.close()


@pytest.fixture
def demo_keys_folder(demo_keys: object) -> Path:
    folder: Path = demo_keys.folder  # type: ignore[attr-defined]
    return folder

"""The platform application in-process (uvicorn on a thread) with the platform's clock injected:
Date headers, code expiry, signature ages, Beijing days and published calendars."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import func, select

from refplatform.issuer.keys import DemoKeySet
from refplatform.server.database import PlatformDatabase
from refplatform.server.enrolment import issue_code, parse_public_key, redeem_code
from refplatform.server.instance import PlatformSetupError, open_platform
from refplatform.server.models import SeenNonce
from refplatform.server.settings import Settings
from tests.support.applications import (
    ENTERPRISE_ITEM_CODE,
    application_payload,
    sealed_application,
)
from tests.support.refplatform_process import (
    InProcessPlatform,
    in_process_refplatform,
    public_pem,
)

# 1 a.m. on Wednesday 24 December 2025 in Beijing is still the 23rd in UTC. The platform's
# clock stays in the past: the signature library refuses a "created" ahead of the real clock.
START = datetime(2025, 12, 23, 17, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def settings_for(
    tmp_path: Path, keys: DemoKeySet, clock: FakeClock, calendar: Path | None = None
) -> Settings:
    return Settings(
        data_dir=tmp_path / "platform", keys_dir=keys.folder, calendar_file=calendar, clock=clock
    )


@pytest.fixture
def platform(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> Iterator[InProcessPlatform]:
    with in_process_refplatform(settings_for(tmp_path, demo_keys, clock)) as running:
        yield running


def application(
    sealing_key: Any,
    key: str,
    at: datetime,
    item_code: str = ENTERPRISE_ITEM_CODE,
    terminal_id: str = "CQ-YB-0001",
) -> bytes:
    """A valid application of ``terminal_id`` (for an item promised in one working day) sealed
    for the idempotency ``key`` it is sent under, agreed to and queued ``at``."""
    reference = f"{terminal_id}-20261224-{secrets.randbelow(10**6):06d}"
    payload = application_payload(item_code, consented_at=at)
    return json.dumps(
        {
            "local_reference": reference,
            "sequence": 1,
            "item_code": item_code,
            "queued_at": at.isoformat(),
            "sealed": sealed_application(sealing_key, terminal_id, reference, key, payload),
        }
    ).encode()


def submit(
    platform: InProcessPlatform,
    terminal_id: str,
    key: ed25519.Ed25519PrivateKey,
    sealing_key: Any,
    clock: FakeClock,
) -> requests.Response:
    idempotency_key = secrets.token_urlsafe(24)
    return platform.signed(
        "POST",
        "/api/v1/applications",
        terminal_id,
        key,
        body=application(sealing_key, idempotency_key, clock.now, terminal_id=terminal_id),
        created=clock.now,
        headers={"Idempotency-Key": idempotency_key},
    )


def test_date_header_is_the_platform_clock(platform: InProcessPlatform) -> None:
    answer = requests.get(platform.url("/healthz"), timeout=10)
    assert parsedate_to_datetime(answer.headers["Date"]) == START
    assert answer.headers.get("Server") is None


def test_signature_age_is_judged_by_the_platform_clock(
    platform: InProcessPlatform, clock: FakeClock
) -> None:
    key, _ = platform.enrol("CQ-YB-0001", created=clock.now)
    real_now = platform.signed("GET", "/api/v1/catalog", "CQ-YB-0001", key)
    assert real_now.json()["error"]["code"] == "signature_stale"
    clock.now = START + timedelta(seconds=290)
    fine = platform.signed("GET", "/api/v1/catalog", "CQ-YB-0001", key, created=START)
    assert fine.status_code == 200


def test_codes_expire_after_24_hours(platform: InProcessPlatform, clock: FakeClock) -> None:
    code = platform.enrol_code("CQ-YB-0002")
    clock.now = START + timedelta(hours=24, seconds=1)
    key = ed25519.Ed25519PrivateKey.generate()
    late = platform.enrolment_request("CQ-YB-0002", code, key, created=clock.now)
    assert (late.status_code, late.json()["error"]["code"]) == (403, "enrolment_code_invalid")


def test_numbers_use_the_beijing_day(platform: InProcessPlatform, clock: FakeClock) -> None:
    key, sealing_key = platform.enrol("CQ-YB-0001", created=clock.now)
    answer = submit(platform, "CQ-YB-0001", key, sealing_key, clock).json()
    assert answer["acceptance_number"] == "CQ20251224000001"
    assert answer["accepted_at"] == "2025-12-24T01:00:00+08:00"
    # One working day after Wednesday 24 December 2025: Thursday the 25th, from the calendar.
    assert (answer["promised_date"], answer["promised_date_estimated"]) == ("2025-12-25", False)
    again = submit(platform, "CQ-YB-0001", key, sealing_key, clock).json()
    assert again["acceptance_number"] == "CQ20251224000002"


@pytest.mark.parametrize(
    ("published", "expected"),
    [(False, ("2027-01-01", True)), (True, ("2027-01-04", False))],
)
def test_promised_dates_past_the_calendar_are_estimates_unless_published(
    tmp_path: Path, demo_keys: DemoKeySet, published: bool, expected: tuple[str, bool]
) -> None:
    calendar = tmp_path / "calendar.json"
    calendar.write_text(
        json.dumps({"years": {"2027": {"holidays": ["2027-01-01"], "workdays": []}}}),
        encoding="utf-8",
    )
    clock = FakeClock(datetime(2026, 12, 31, 2, 0, tzinfo=UTC))
    settings = settings_for(tmp_path, demo_keys, clock, calendar if published else None)
    # The intake directly: a signature "created" on 31 December 2026 may lie in the real future.
    platform = open_platform(settings)
    try:
        key = ed25519.Ed25519PrivateKey.generate()
        _, pem = parse_public_key(public_pem(key))
        code = issue_code(platform.database, "CQ-YB-0001", clock.now)
        redeem_code(platform.database, "CQ-YB-0001", code, pem, clock.now)
        idempotency_key = secrets.token_urlsafe(24)
        body = application(platform.sealing_public_key, idempotency_key, clock.now)
        outcome = platform.intake.application("CQ-YB-0001", idempotency_key, body)
    finally:
        platform.close()
    assert outcome.status == 201
    answer = outcome.answer
    assert answer["acceptance_number"] == "CQ20261231000001"
    assert (answer["promised_date"], answer["promised_date_estimated"]) == expected


def test_a_bad_calendar_file_stops_the_start(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> None:
    bad = tmp_path / "calendar.json"
    bad.write_text('{"years": 1}', encoding="utf-8")
    with (
        pytest.raises(PlatformSetupError),
        in_process_refplatform(settings_for(tmp_path, demo_keys, clock, bad)),
    ):
        pass


def test_old_nonces_are_pruned(platform: InProcessPlatform, clock: FakeClock) -> None:
    key, _ = platform.enrol("CQ-YB-0001", created=clock.now)
    for _ in range(3):
        platform.signed("GET", "/api/v1/catalog", "CQ-YB-0001", key, created=clock.now)
    database = PlatformDatabase.open(platform.settings().resolved_database_url)

    def nonces() -> int:
        with database.session() as session:
            return session.execute(select(func.count()).select_from(SeenNonce)).scalar_one()

    try:
        assert nonces() == 4
        clock.now = START + timedelta(minutes=15)
        platform.signed("GET", "/api/v1/catalog", "CQ-YB-0001", key, created=clock.now)
        assert nonces() == 1
    finally:
        database.close()

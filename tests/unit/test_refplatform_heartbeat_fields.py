"""The heartbeat's technician fields (issue 19): ``audit_count``, ``audit_head``,
``trust_list_issued_at``, ``clock_skew_s`` and ``disk_free_mb`` are accepted, bounded and kept
with the last heartbeat; a terminal that sends none of them (an older kiosk) is accepted as
before; the OpenAPI document describes them."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from refplatform.issuer.keys import DemoKeySet
from refplatform.server.database import PlatformDatabase
from refplatform.server.errors import ApiError
from refplatform.server.models import Terminal
from refplatform.server.schemas import MAX_SKEW_S, HeartbeatRequest, parse_body
from refplatform.server.settings import Settings
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

START = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
OLD_KIOSK = {
    "queue_depth": 2,
    "dead_letters": 0,
    "connectivity": "online",
    "devices": {"printer": "ready", "camera": "off"},
    "software_version": "0.9.0",
    "data_versions": {"trust_list": "41", "catalog": "7"},
}
HEAD = "0123456789abcdef" * 4
# Hypothesis's bounds are naive; the moments it draws get the time zone.
NAIVE_2000 = datetime(2000, 1, 1, tzinfo=UTC).replace(tzinfo=None)
NAIVE_2100 = datetime(2100, 1, 1, tzinfo=UTC).replace(tzinfo=None)
NEW_FIELDS = {
    "audit_count": 17,
    "audit_head": HEAD,
    "trust_list_issued_at": "2026-11-30T09:00:00+08:00",
    "clock_skew_s": -2.5,
    "disk_free_mb": 20480,
}


def _parse(document: dict[str, Any]) -> HeartbeatRequest:
    return parse_body(HeartbeatRequest, json.dumps(document).encode())


def test_an_old_terminal_without_the_new_fields_is_accepted() -> None:
    beat = _parse(OLD_KIOSK)
    assert (beat.audit_count, beat.audit_head, beat.trust_list_issued_at) == (None, None, None)
    assert (beat.clock_skew_s, beat.disk_free_mb) == (None, None)


def test_the_new_fields_are_read() -> None:
    beat = _parse({**OLD_KIOSK, **NEW_FIELDS})
    assert (beat.audit_count, beat.audit_head, beat.disk_free_mb) == (17, HEAD, 20480)
    assert beat.trust_list_issued_at == datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    assert beat.clock_skew_s == -2.5
    assert _parse({**OLD_KIOSK, "audit_head": "", "audit_count": 0}).audit_head == ""
    assert _parse({**OLD_KIOSK, "clock_skew_s": 3}).clock_skew_s == 3.0  # a whole number
    assert _parse({**OLD_KIOSK, **dict.fromkeys(NEW_FIELDS)}).audit_count is None  # all null


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("audit_count", -1),
        ("audit_count", 10**12 + 1),
        ("audit_count", "17"),
        ("audit_count", 1.5),
        ("audit_head", "0" * 63),
        ("audit_head", "0" * 65),
        ("audit_head", "g" * 64),
        ("audit_head", HEAD + "\n"),
        ("trust_list_issued_at", "2026-11-30T09:00:00"),  # no offset
        ("trust_list_issued_at", "yesterday"),
        ("trust_list_issued_at", 1790000000),
        ("clock_skew_s", MAX_SKEW_S + 1),
        ("clock_skew_s", -MAX_SKEW_S - 1),
        ("clock_skew_s", "3"),
        ("disk_free_mb", -5),
        ("disk_free_mb", 10**12 + 1),
        ("disk_free_mb", 2.5),
    ],
)
def test_out_of_bounds_values_are_refused_naming_the_field(field: str, value: object) -> None:
    with pytest.raises(ApiError) as refused:
        _parse({**OLD_KIOSK, field: value})
    assert (refused.value.status, refused.value.code) == (422, "validation_failed")
    assert refused.value.message.startswith(f"{field}:")
    assert str(value) not in refused.value.message  # the value is never echoed


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity"])
def test_a_skew_that_is_not_a_finite_number_is_refused(number: str) -> None:
    body = json.dumps(OLD_KIOSK)[:-1] + f', "clock_skew_s": {number}}}'
    with pytest.raises(ApiError) as refused:
        parse_body(HeartbeatRequest, body.encode())
    assert refused.value.status in (400, 422)


new_fields = st.fixed_dictionaries(
    {},
    optional={
        "audit_count": st.none() | st.integers(0, 10**12),
        "audit_head": st.none()
        | st.just("")
        | st.text("0123456789abcdefABCDEF", min_size=64, max_size=64),
        "trust_list_issued_at": st.none()
        | st.datetimes(min_value=NAIVE_2000, max_value=NAIVE_2100, timezones=st.just(UTC)).map(
            lambda moment: moment.isoformat()
        ),
        "clock_skew_s": st.none()
        | st.floats(-MAX_SKEW_S, MAX_SKEW_S, allow_nan=False, allow_infinity=False),
        "disk_free_mb": st.none() | st.integers(0, 10**12),
    },
)


@given(fields=new_fields)
def test_any_valid_heartbeat_survives_the_platforms_storage_unchanged(
    fields: dict[str, Any],
) -> None:
    beat = _parse({**OLD_KIOSK, **fields})
    stored = beat.model_dump_json()  # as the platform keeps the last heartbeat
    assert HeartbeatRequest.model_validate_json(stored) == beat


@given(
    field=st.sampled_from(sorted(NEW_FIELDS)),
    value=st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=80)
    | st.lists(st.integers(), max_size=3),
)
def test_any_value_of_a_new_field_is_accepted_or_refused_with_422_never_an_error(
    field: str, value: object
) -> None:
    body = json.dumps({**OLD_KIOSK, field: value}).encode()
    outcome: HeartbeatRequest | ApiError
    try:
        outcome = parse_body(HeartbeatRequest, body)
    except ApiError as refused:
        outcome = refused
    if isinstance(outcome, ApiError):
        assert (outcome.status, outcome.code) in ((422, "validation_failed"), (400, "bad_request"))
    else:
        kept = getattr(outcome, field)
        if isinstance(kept, float):
            assert math.isfinite(kept)
            assert abs(kept) <= MAX_SKEW_S


# ------------------------------------------------------------------------------ over HTTP


@pytest.fixture
def platform(tmp_path: Path, demo_keys: DemoKeySet) -> Iterator[InProcessPlatform]:
    settings = Settings(
        data_dir=tmp_path / "platform", keys_dir=demo_keys.folder, clock=lambda: START
    )
    with in_process_refplatform(settings) as running:
        yield running


def _stored(platform: InProcessPlatform, terminal_id: str) -> dict[str, Any]:
    database = PlatformDatabase.open(platform.settings().resolved_database_url)
    try:
        with database.read_session() as session:
            stored = session.execute(
                select(Terminal.last_heartbeat).where(Terminal.terminal_id == terminal_id)
            ).scalar_one()
    finally:
        database.close()
    assert stored is not None
    document: dict[str, Any] = json.loads(stored)
    return document


def test_a_signed_heartbeat_keeps_the_new_fields_and_an_old_one_still_works(
    platform: InProcessPlatform,
) -> None:
    key, _ = platform.enrol("CQ-YB-0001", created=START)
    body = json.dumps({**OLD_KIOSK, **NEW_FIELDS}).encode()
    answer = platform.signed(
        "POST", "/api/v1/heartbeat", "CQ-YB-0001", key, body=body, created=START
    )
    assert answer.status_code == 200, answer.text
    stored = _stored(platform, "CQ-YB-0001")
    assert (stored["audit_count"], stored["audit_head"], stored["disk_free_mb"]) == (
        17,
        HEAD,
        20480,
    )
    assert datetime.fromisoformat(stored["trust_list_issued_at"]) == datetime(
        2026, 11, 30, 1, 0, tzinfo=UTC
    )
    old = json.dumps(OLD_KIOSK).encode()
    created = START + timedelta(seconds=1)
    again = platform.signed(
        "POST", "/api/v1/heartbeat", "CQ-YB-0001", key, body=old, created=created
    )
    assert again.status_code == 200, again.text
    assert _stored(platform, "CQ-YB-0001")["audit_count"] is None  # the last heartbeat counts
    bad = json.dumps({**OLD_KIOSK, "audit_head": "xyz"}).encode()
    created = START + timedelta(seconds=2)
    refused = platform.signed(
        "POST", "/api/v1/heartbeat", "CQ-YB-0001", key, body=bad, created=created
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["message"].startswith("audit_head:")


def test_the_openapi_document_describes_the_new_fields(platform: InProcessPlatform) -> None:
    document = requests.get(platform.url("/api/v1/openapi.json"), timeout=10).json()
    post = document["paths"]["/api/v1/heartbeat"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    properties = schema["properties"]
    assert set(NEW_FIELDS) <= set(properties)
    assert set(NEW_FIELDS).isdisjoint(schema["required"])
    assert "64 hex" in properties["audit_head"]["description"]
    assert not any(path.startswith("/admin") for path in document["paths"])

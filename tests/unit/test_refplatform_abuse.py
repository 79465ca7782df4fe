"""The reference platform under abuse (issue 13, point 7): rate limits with Retry-After, request
heads that never finish, look-ups that do not take SQLite's write lock, enrolment attempts that
write nothing, and the audit of refusals. The platform's clock is injected (buckets refill when
the test moves it); the header deadline is real time on a real server on loopback."""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import secrets
import socket
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from kiosk.sync.enrolment import public_pem
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.admin import counts
from refplatform.server.audit import claimed_key_id
from refplatform.server.database import PlatformDatabase
from refplatform.server.enrolment import issue_code, parse_public_key, redeem_code
from refplatform.server.errors import ApiError
from refplatform.server.instance import open_platform
from refplatform.server.limits import RateLimiter, retry_after
from refplatform.server.models import EnrolmentCode, SeenNonce, Terminal
from refplatform.server.settings import DATABASE_FILE_NAME, Limits, Settings
from tests.support.applications import (
    ENTERPRISE_ITEM_CODE,
    application_payload,
    sealed_application,
)
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

START = datetime(2025, 12, 23, 17, 0, tzinfo=UTC)
QUICK_S = 5.0  # well under the 10 s SQLite busy timeout a blocked look-up would wait


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@contextlib.contextmanager
def platform_with(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock, limits: Limits
) -> Iterator[InProcessPlatform]:
    settings = Settings(
        data_dir=tmp_path / "platform", keys_dir=demo_keys.folder, clock=clock, limits=limits
    )
    with in_process_refplatform(settings) as running:
        yield running


def get_from(address: str, port: int, path: str) -> http.client.HTTPResponse:
    """A GET from a chosen loopback source address (127.0.0.2 is another client)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=QUICK_S, source_address=(address, 0)
    )
    connection.request("GET", path)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer


def open_database(platform: InProcessPlatform) -> PlatformDatabase:
    return PlatformDatabase.open(platform.settings().resolved_database_url)


def rows(database: PlatformDatabase) -> tuple[int, int, int]:
    with database.read_session() as session:
        return (
            session.execute(select(func.count()).select_from(SeenNonce)).scalar_one(),
            session.execute(select(func.count()).select_from(Terminal)).scalar_one(),
            session.execute(
                select(func.count())
                .select_from(EnrolmentCode)
                .where(EnrolmentCode.used_at.is_not(None))
            ).scalar_one(),
        )


# ------------------------------------------------------------------------------ token buckets


def test_a_bucket_allows_its_burst_then_says_when_to_come_back(clock: FakeClock) -> None:
    limiter = RateLimiter(per_s=0.5, burst=3, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [None, None, None]
    wait = limiter.take("a")
    assert wait == pytest.approx(2.0)
    assert wait is not None and retry_after(wait) == "2"
    assert limiter.take("b") is None  # another client has its own bucket
    clock.advance(1.0)
    assert limiter.take("a") == pytest.approx(1.0)
    clock.advance(1.0)
    assert limiter.take("a") is None
    clock.advance(-30.0)  # a clock that goes back refills nothing and breaks nothing
    assert limiter.take("a") is not None
    assert retry_after(0.01) == "1"


def test_buckets_are_bounded_and_zero_turns_a_limit_off(clock: FakeClock) -> None:
    limiter = RateLimiter(per_s=1.0, burst=1, clock=clock, tracked=2)
    assert limiter.take("a") is None and limiter.take("a") is not None
    limiter.take("b")
    limiter.take("c")  # "a" is forgotten: it starts again with a full bucket
    assert limiter.take("a") is None
    off = RateLimiter(per_s=0, burst=1, clock=clock)
    assert not off.enabled and all(off.take("a") is None for _ in range(100))


def test_default_limits_are_generous() -> None:
    limits = Limits()
    # A terminal sends a heartbeat a minute and drains a backlog one record at a time.
    assert limits.per_terminal_burst >= 100 and limits.per_terminal_per_s >= 10
    assert limits.per_address_burst >= limits.per_terminal_burst
    assert 0 < limits.header_timeout_s <= 30 and limits.max_concurrency >= 100


def test_claimed_key_ids() -> None:
    assert claimed_key_id('kiosk=("@method");keyid="CQ-YB-0001";alg="ed25519"') == "CQ-YB-0001"
    assert claimed_key_id('kiosk=();keyid="<script>"') is None
    assert claimed_key_id(None) is None


# ------------------------------------------------------------------------------ rate limits


def test_an_address_over_its_limit_gets_429_with_retry_after(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> None:
    limits = Limits(per_address_per_s=0.25, per_address_burst=3)
    with platform_with(tmp_path, demo_keys, clock, limits) as platform:
        for _ in range(3):
            assert requests.get(platform.url("/healthz"), timeout=QUICK_S).status_code == 200
        refused = requests.get(platform.url("/api/v1/receipt-status?code=x"), timeout=QUICK_S)
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"
        assert refused.headers["Retry-After"] == "4"
        assert refused.headers["Date"]
        # Another address is not held back by this one.
        assert get_from("127.0.0.2", platform.port, "/healthz").status == 200
        clock.advance(4)
        assert requests.get(platform.url("/healthz"), timeout=QUICK_S).status_code == 200


def test_a_terminal_over_its_limit_gets_429_and_nothing_is_written(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> None:
    limits = Limits(per_terminal_per_s=0.1, per_terminal_burst=2)
    with platform_with(tmp_path, demo_keys, clock, limits) as platform:
        key, _ = platform.enrol("CQ-YB-0001", created=clock.now)
        other, _ = platform.enrol("CQ-YB-0002", created=clock.now)
        database = open_database(platform)
        try:
            for _ in range(2):
                answer = platform.signed(
                    "GET", "/api/v1/catalog", "CQ-YB-0001", key, created=clock.now
                )
                assert answer.status_code == 200
            before = rows(database)
            refused = platform.signed(
                "GET", "/api/v1/catalog", "CQ-YB-0001", key, created=clock.now
            )
            assert (refused.status_code, refused.json()["error"]["code"]) == (429, "rate_limited")
            assert refused.headers["Retry-After"] == "10"
            assert rows(database) == before  # no nonce recorded for the refused request
            fine = platform.signed("GET", "/api/v1/catalog", "CQ-YB-0002", other, created=clock.now)
            assert fine.status_code == 200
            clock.advance(10)
            again = platform.signed("GET", "/api/v1/catalog", "CQ-YB-0001", key, created=clock.now)
            assert again.status_code == 200
        finally:
            database.close()


# ------------------------------------------------------------------------------ write lock


@contextlib.contextmanager
def write_lock_held(platform: InProcessPlatform) -> Iterator[None]:
    """Another writer holds SQLite's write lock (as a long submission would)."""
    with write_lock_held_on(platform.settings().data_dir / DATABASE_FILE_NAME):
        yield


@contextlib.contextmanager
def write_lock_held_on(path: Path) -> Iterator[None]:
    holder = sqlite3.connect(path, isolation_level=None, timeout=QUICK_S)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
        holder.execute("ROLLBACK")
    finally:
        holder.close()


def test_look_ups_and_refusals_do_not_wait_for_the_write_lock(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> None:
    with platform_with(tmp_path, demo_keys, clock, Limits()) as platform:
        key, _ = platform.enrol("CQ-YB-0001", created=clock.now)
        code = platform.enrol_code("CQ-YB-0002")
        stranger = ed25519.Ed25519PrivateKey.generate()
        with write_lock_held(platform):
            started = time.monotonic()
            lookup = requests.get(
                platform.url("/api/v1/receipt-status?code=KSK1:CQ20251224000001:AAAAAAAAAAAAA"),
                timeout=QUICK_S,
            )
            assert lookup.json()["error"]["code"] == "receipt_not_genuine"
            forged = platform.signed(
                "GET", "/api/v1/catalog", "CQ-YB-0001", stranger, created=clock.now
            )
            assert forged.json()["error"]["code"] == "signature_invalid"
            wrong = platform.enrolment_request(
                "CQ-YB-0002", "AAAA-BBBB-CCCC", stranger, created=clock.now
            )
            assert wrong.json()["error"]["code"] == "enrolment_code_invalid"
            assert time.monotonic() - started < QUICK_S
        assert key is not None and code


def test_replays_conflicts_and_status_look_ups_do_not_wait_for_the_write_lock(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> None:
    """The intake's look-ups (an earlier answer under an Idempotency-Key, the status by number
    and by reference) read in read sessions: with another writer holding SQLite's write lock
    they answer at once instead of waiting out the busy timeout."""
    settings = Settings(data_dir=tmp_path / "platform", keys_dir=demo_keys.folder, clock=clock)
    platform = open_platform(settings)
    try:
        _, pem = parse_public_key(public_pem(ed25519.Ed25519PrivateKey.generate()))
        code = issue_code(platform.database, "CQ-YB-0001", clock.now)
        redeem_code(platform.database, "CQ-YB-0001", code, pem, clock.now)
        key = secrets.token_urlsafe(24)
        reference = "CQ-YB-0001-20251224-000001"
        document = {
            "local_reference": reference,
            "sequence": 1,
            "item_code": ENTERPRISE_ITEM_CODE,
            "queued_at": "2025-12-24T01:00:00+08:00",
            "sealed": sealed_application(
                platform.sealing_public_key,
                "CQ-YB-0001",
                reference,
                key,
                application_payload(ENTERPRISE_ITEM_CODE, consented_at=START),
            ),
        }
        body = json.dumps(document).encode()
        first = platform.intake.application("CQ-YB-0001", key, body)
        number = first.answer["acceptance_number"]
        with write_lock_held_on(settings.data_dir / DATABASE_FILE_NAME):
            started = time.monotonic()
            replay = platform.intake.application("CQ-YB-0001", key, body)
            assert (replay.status, replay.answer, replay.replayed) == (200, first.answer, True)
            with pytest.raises(ApiError) as conflict:
                platform.intake.application("CQ-YB-0001", key, body + b" ")
            assert conflict.value.code == "idempotency_conflict"
            assert platform.intake.status_by_number("CQ-YB-0001", number)["state"] == "accepted"
            by_reference = platform.intake.status_by_reference("CQ-YB-0001", reference)
            assert by_reference["acceptance_number"] == number
            with pytest.raises(ApiError) as missing:
                platform.intake.status_by_number("CQ-YB-0002", number)
            assert missing.value.code == "not_found"
            assert time.monotonic() - started < QUICK_S
    finally:
        platform.close()


def test_a_read_session_cannot_write(tmp_path: Path) -> None:
    database = PlatformDatabase.open(f"sqlite+pysqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        with (
            pytest.raises(OperationalError, match=r"readonly"),
            database.read_session() as session,
        ):
            session.add(SeenNonce(terminal_id="CQ-YB-0001", nonce="n", expires_at=1))
    finally:
        database.close()


# ------------------------------------------------------------------------------ enrolment


def test_a_failed_enrolment_attempt_writes_nothing(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> None:
    with platform_with(tmp_path, demo_keys, clock, Limits()) as platform:
        code = platform.enrol_code("CQ-YB-0001")
        other_code = platform.enrol_code("CQ-YB-0009")
        database = open_database(platform)
        try:
            before = rows(database)
            key = ed25519.Ed25519PrivateKey.generate()
            for attempt in ("AAAA-BBBB-CCCC", other_code):
                answer = platform.enrolment_request("CQ-YB-0001", attempt, key, created=clock.now)
                assert answer.json()["error"]["code"] == "enrolment_code_invalid"
            assert rows(database) == before
            good = platform.enrolment_request("CQ-YB-0001", code, key, created=clock.now)
            assert good.status_code == 201
            after_success = rows(database)
            again_key = ed25519.Ed25519PrivateKey.generate()
            used = platform.enrolment_request("CQ-YB-0001", code, again_key, created=clock.now)
            assert (used.status_code, used.json()["error"]["code"]) == (409, "enrolment_code_used")
            assert rows(database) == after_success
        finally:
            database.close()


# ------------------------------------------------------------------------------ audit


def test_refusals_are_logged_without_bodies_and_counted(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="refplatform.audit")
    secret = "张晓明-not-to-be-logged"
    limits = Limits(per_address_per_s=1.0, per_address_burst=5)
    with platform_with(tmp_path, demo_keys, clock, limits) as platform:
        stranger = ed25519.Ed25519PrivateKey.generate()
        body = json.dumps({"queue_depth": 1, "note": secret}).encode()
        forged = platform.signed(
            "POST", "/api/v1/heartbeat", "CQ-YB-0404", stranger, body=body, created=clock.now
        )
        assert forged.json()["error"]["code"] == "unknown_key"
        requests.post(platform.url("/api/v1/heartbeat"), data=body, timeout=QUICK_S)
        requests.get(platform.url("/nothing-here"), timeout=QUICK_S)
        while requests.get(platform.url("/healthz"), timeout=QUICK_S).status_code != 429:
            pass  # the address's burst runs out after a few requests (the clock stands still)
    audit = [record for record in caplog.records if record.name == "refplatform.audit"]
    fields = [record.__dict__["audit"] for record in audit]
    reasons = [entry["reason"] for entry in fields]
    assert reasons == ["unknown_key", "signature_missing", "not_found", "rate_limited"]
    assert fields[0]["key_id"] == "CQ-YB-0404"
    assert fields[0]["address"] == "127.0.0.1"
    assert fields[0]["path"] == "/api/v1/heartbeat" and fields[0]["status"] == 401
    assert all(secret not in repr(record.__dict__) for record in audit)
    database = PlatformDatabase.open(Settings(data_dir=tmp_path / "platform").resolved_database_url)
    try:
        summary = counts(database, clock.now)  # the audit wrote its counts when the server closed
    finally:
        database.close()
    expected = {"not_found": 1, "rate_limited": 1, "signature_missing": 1, "unknown_key": 1}
    assert summary["refusals_by_reason"] == expected
    assert summary["refusals_today"] == expected


# ------------------------------------------------------------------------------ slow heads


def closed_after(connection: socket.socket, limit_s: float) -> float:
    """Seconds until the server closes ``connection`` (fails past ``limit_s``)."""
    started = time.monotonic()
    connection.settimeout(limit_s)
    while True:
        try:
            chunk = connection.recv(4096)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            return time.monotonic() - started


def test_a_request_head_that_never_finishes_is_cut_off(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> None:
    deadline = 0.5
    with platform_with(tmp_path, demo_keys, clock, Limits(header_timeout_s=deadline)) as platform:
        address = ("127.0.0.1", platform.port)
        with (
            socket.create_connection(address, timeout=QUICK_S) as half,
            socket.create_connection(address, timeout=QUICK_S) as silent,
            socket.create_connection(address, timeout=QUICK_S) as later,
        ):
            opened = time.monotonic()
            half.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            # The server still answers a normal request meanwhile.
            assert requests.get(platform.url("/healthz"), timeout=QUICK_S).status_code == 200
            # A head begun after a complete request and answer on a kept-alive connection.
            later.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert b"200 OK" in later.recv(4096)
            later.sendall(b"GET /healthz HTTP/1.1\r\n")
            for connection in (half, silent, later):
                closed_after(connection, QUICK_S)
            assert time.monotonic() - opened < deadline + 2.0
        assert requests.get(platform.url("/healthz"), timeout=QUICK_S).status_code == 200


# ------------------------------------------------------------------------------ slow bodies


def test_a_body_trickled_too_slowly_is_answered_408_and_nothing_is_written(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> None:
    """Issue 13 review: the head's deadline ends with the head, so a complete head announcing a
    big body, then a byte now and then, held its connection (and a place under the concurrency
    cap) for ever. The body has its own deadline, which trickling does not extend."""
    deadline = 1.0
    limits = Limits(body_timeout_s=deadline)
    with platform_with(tmp_path, demo_keys, clock, limits) as platform:
        database = open_database(platform)
        try:
            before = rows(database)
            address = ("127.0.0.1", platform.port)
            with socket.create_connection(address, timeout=QUICK_S) as slow:
                slow.sendall(
                    b"POST /api/v1/heartbeat HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 500000\r\n\r\n{"
                )
                started = time.monotonic()
                slow.settimeout(0.1)  # between bytes: wait on the socket, not a sleep
                answer = b""
                while time.monotonic() - started < deadline + 3.0:
                    try:
                        chunk = slow.recv(65536)
                    except TimeoutError:
                        slow.sendall(b" ")  # one more byte of body: still far from 500000
                        continue
                    except ConnectionResetError:
                        break
                    if not chunk:
                        break
                    answer += chunk
                elapsed = time.monotonic() - started
                assert elapsed < deadline + 2.0
                head, _, body = answer.partition(b"\r\n\r\n")
                assert head.startswith(b"HTTP/1.1 408 ")
                assert b"connection: close" in head.lower()
                assert json.loads(body)["error"]["code"] == "request_timeout"
                # The server closes the connection after the answer.
                assert closed_after(slow, QUICK_S) < QUICK_S
            # Meanwhile and afterwards the server answers others; nothing was written.
            assert requests.get(platform.url("/healthz"), timeout=QUICK_S).status_code == 200
            assert rows(database) == before
        finally:
            database.close()


def test_default_body_deadline_is_finite() -> None:
    assert 0 < Limits().body_timeout_s <= 60

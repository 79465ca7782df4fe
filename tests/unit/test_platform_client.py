"""The platform client against hostile answers from a real HTTP server on loopback.

Every answer the server gives is scripted by the test (``tests.support.scripted_http``), down to
broken framing: a server that never answers, one that closes mid-body, one that streams more
than the client will read. Whatever comes back, the client returns the documented type or raises
a ``PlatformError`` subclass the outbox knows how to act on, never anything else.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import math
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.runtime.clock import ManualClock
from kiosk.sync.client import MAX_ANSWER_BYTES, MAX_RETRY_AFTER_S, Fetched, PlatformClient
from kiosk.sync.enrolment import (
    ENROLMENT_FILE,
    STATUS_KEY_FILE,
    EnrolmentError,
    enrol,
    load_enrolment,
    load_status_key,
)
from kiosk.sync.errors import (
    ClockSkewError,
    ConflictError,
    NotAuthorisedError,
    PermanentError,
    PlatformError,
    RetryableError,
)
from kiosk.sync.platform_keys import platform_keys_content, sign_platform_keys
from kiosk.sync.sealing import SealingPrivateKey, SealingPublicKey
from kiosk.sync.signing import verify_request
from tests.support.scripted_http import (
    Mode,
    Received,
    Scripted,
    ScriptedServer,
    refused_port,
    scripted_server,
)

TERMINAL = "CQ-YB-0001"
KEY = ed25519.Ed25519PrivateKey.generate()
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
ACCEPTED = {
    "acceptance_number": "CQ20261123000042",
    "local_reference": "CQ-YB-0001-20261123-000042",
    "state": "accepted",
    "accepted_at": "2026-11-23T10:00:00+08:00",
    "promised_date": "2026-12-07",
    "promised_date_estimated": False,
}
BODY = b'{"local_reference":"CQ-YB-0001-20261123-000042","sequence":42}'
IDEMPOTENCY_KEY = "0123456789abcdef0123456789abcdef"
E = TypeVar("E", bound=PlatformError)


def json_answer(status: int, document: Any, *headers: tuple[str, str | bytes]) -> Scripted:
    return Scripted(
        status,
        (("Content-Type", "application/json"), *headers),
        json.dumps(document, ensure_ascii=False).encode("utf-8"),
    )


def refusal(status: int, code: Any, *headers: tuple[str, str | bytes]) -> Scripted:
    return json_answer(status, {"error": {"code": code, "message": "refused"}}, *headers)


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def make_client(
    base_url: str, clock: ManualClock | None = None, *, read_timeout_s: float = 10.0
) -> PlatformClient:
    return PlatformClient(
        base_url,
        TERMINAL,
        KEY,
        clock=clock or ManualClock(NOW),
        connect_timeout_s=5.0,
        read_timeout_s=read_timeout_s,
        allow_plain_http=True,
    )


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
def client(server: ScriptedServer, clock: ManualClock) -> Iterator[PlatformClient]:
    server.clear()
    made = make_client(server.base_url, clock)
    yield made
    made.close()


def submit(client: PlatformClient) -> dict[str, Any]:
    return client.submit("application", IDEMPOTENCY_KEY, BODY)


def refused_with(client: PlatformClient, error: type[E]) -> E:
    with pytest.raises(error) as caught:
        submit(client)
    return caught.value


# --------------------------------------------------------------------------- good answers


def test_a_2xx_with_a_json_object_is_returned(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(json_answer(201, ACCEPTED))
    assert submit(client) == ACCEPTED
    replayed = {**ACCEPTED, "state": "processing"}
    server.answer(json_answer(200, replayed, ("Idempotent-Replayed", "true")))
    assert submit(client) == replayed
    server.answer(json_answer(201, {"checkin_number": "CQRZ20261123000001"}))
    assert client.submit("checkin", IDEMPOTENCY_KEY, BODY) == {
        "checkin_number": "CQRZ20261123000001"
    }
    server.answer(json_answer(200, {"server_time": "2026-11-23T10:00:00.000+08:00"}))
    assert client.heartbeat({"queue_depth": 0}) == {"server_time": "2026-11-23T10:00:00.000+08:00"}
    server.answer(json_answer(200, {"acceptance_number": "CQ1", "state": "completed"}))
    assert client.application_status("CQ1")["state"] == "completed"
    assert [r.target for r in server.requests] == [
        "/api/v1/applications",
        "/api/v1/applications",
        "/api/v1/checkins",
        "/api/v1/heartbeat",
        "/api/v1/applications/CQ1",
    ]


@pytest.mark.parametrize(
    "answer",
    [
        {"state": "accepted"},
        {"acceptance_number": None},
        {"acceptance_number": 20261123000042},
        {"acceptance_number": ""},
        {"acceptance_number": "C" * 65},
        {"checkin_number": "CQRZ20261123000001"},  # the wrong number for an application
    ],
)
def test_an_acknowledgement_without_its_number_is_an_invalid_answer(
    server: ScriptedServer, client: PlatformClient, answer: dict[str, Any]
) -> None:
    server.answer(json_answer(201, answer))
    error = refused_with(client, RetryableError)
    assert error.code == "answer_invalid"
    assert error.reached_platform is True


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<html>502 Bad Gateway</html>",
        b"[1, 2, 3]",
        b'"acceptance_number"',
        b"null",
        b'{"acceptance_number": "CQ1"',
        b"\xff\xfe\x00{}",
        b'{"acceptance_number": NaN}' + b" " * 10 + b"}",
    ],
)
def test_an_answer_that_is_not_a_json_object_is_retryable(
    server: ScriptedServer, client: PlatformClient, body: bytes
) -> None:
    server.answer(Scripted(201, (("Content-Type", "application/json"),), body))
    error = refused_with(client, RetryableError)
    assert error.code == "answer_invalid"
    assert error.reached_platform is True
    with pytest.raises(RetryableError, match="answer_invalid"):
        client.heartbeat({})


@pytest.mark.parametrize(
    "scripted",
    [
        Scripted(200, mode=Mode.STREAM, stream_bytes=MAX_ANSWER_BYTES + 512 * 1024),
        Scripted(200, mode=Mode.STREAM_CHUNKED, stream_bytes=MAX_ANSWER_BYTES + 512 * 1024),
        Scripted(200, body=b" " * (MAX_ANSWER_BYTES + 1)),
    ],
    ids=["until-close", "chunked", "content-length"],
)
def test_an_answer_larger_than_the_bound_is_not_read_to_its_end(
    server: ScriptedServer, client: PlatformClient, scripted: Scripted
) -> None:
    server.answer(scripted)
    error = refused_with(client, RetryableError)
    assert error.code == "answer_too_large"
    assert error.reached_platform is True
    with pytest.raises(RetryableError, match="answer_too_large"):
        client.fetch("/catalog", None)


def test_an_answer_of_exactly_the_bound_is_read(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(Scripted(200, (("ETag", '"big"'),), b"x" * MAX_ANSWER_BYTES))
    fetched = client.fetch("/catalog", None)
    assert fetched.etag == '"big"'
    assert fetched.content is not None
    assert len(fetched.content) == MAX_ANSWER_BYTES


def test_a_huge_error_body_keeps_the_status_reading(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(Scripted(503, mode=Mode.STREAM, stream_bytes=MAX_ANSWER_BYTES + 512 * 1024))
    error = refused_with(client, RetryableError)
    assert (error.code, error.status, error.reached_platform) == ("http_503", 503, True)


# --------------------------------------------------------------------------- statuses


@pytest.mark.parametrize("status", [500, 502, 503, 504, 599, 408])
def test_server_errors_and_request_timeouts_are_retryable(
    server: ScriptedServer, client: PlatformClient, status: int
) -> None:
    server.answer(refusal(status, "capacity_exhausted"))
    error = refused_with(client, RetryableError)
    assert not isinstance(error, ClockSkewError)
    assert (error.code, error.status, error.reached_platform) == (
        "capacity_exhausted",
        status,
        True,
    )
    assert error.retry_after_s is None


def test_429_honours_retry_after_seconds(server: ScriptedServer, client: PlatformClient) -> None:
    server.answer(refusal(429, "rate_limited", ("Retry-After", "7")))
    error = refused_with(client, RetryableError)
    assert (error.code, error.status, error.reached_platform) == ("rate_limited", 429, True)
    assert error.retry_after_s == 7


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" 7 ", 7.0),
        ("0", 0.0),
        ("2.5", 2.5),
        ("soon", None),
        ("", None),
        ("-1", None),
        ("-0.5", None),
        ("NaN", None),
        ("nan", None),
        ("inf", None),
        ("-inf", None),
        ("1e400", None),  # overflows to infinity
        ("1e9", MAX_RETRY_AFTER_S),
        ("99999999999999999999999", MAX_RETRY_AFTER_S),
        ("0x10", None),
        ("7s", None),
        ("Wed, 25 Nov 2026 07:28:00 GMT", None),  # the HTTP-date form is not honoured
        (b"\xe4\xb8\x83", None),  # not ASCII
    ],
)
def test_a_hostile_retry_after_is_ignored_or_capped(
    server: ScriptedServer, client: PlatformClient, value: str | bytes, expected: float | None
) -> None:
    server.answer(refusal(429, "rate_limited", ("Retry-After", value)))
    error = refused_with(client, RetryableError)
    assert error.retry_after_s == expected
    if error.retry_after_s is not None:
        assert math.isfinite(error.retry_after_s)
        assert 0 <= error.retry_after_s <= MAX_RETRY_AFTER_S


@pytest.mark.parametrize("offset_s", [600, -600])
def test_a_stale_signature_with_a_distant_platform_clock_is_clock_skew(
    server: ScriptedServer, client: PlatformClient, offset_s: int
) -> None:
    platform_time = NOW + timedelta(seconds=offset_s)
    server.answer(refusal(401, "signature_stale", ("Date", http_date(platform_time))))
    error = refused_with(client, ClockSkewError)
    assert issubclass(ClockSkewError, RetryableError)  # the outbox retries it
    assert error.skew_s == pytest.approx(offset_s, abs=1)
    assert error.code == "clock_skew"
    assert error.reached_platform is False  # our clock, not the platform, is wrong
    assert client.clock_skew_s == pytest.approx(offset_s, abs=1)


@pytest.mark.parametrize("date", [None, http_date(NOW + timedelta(seconds=30))])
def test_a_stale_signature_without_a_large_skew_is_retried(
    server: ScriptedServer, client: PlatformClient, date: str | None
) -> None:
    headers = (("Date", date),) if date else ()
    server.answer(refusal(401, "signature_stale", *headers))
    error = refused_with(client, RetryableError)
    assert not isinstance(error, ClockSkewError)
    assert (error.code, error.status, error.reached_platform) == ("signature_stale", 401, True)


def test_a_replayed_nonce_is_retried_with_a_new_signature(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(refusal(401, "nonce_replayed", ("Date", http_date(NOW))))
    error = refused_with(client, RetryableError)
    assert not isinstance(error, ClockSkewError)
    assert (error.code, error.status, error.reached_platform) == ("nonce_replayed", 401, True)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (401, "unknown_key"),
        (401, "signature_invalid"),
        (401, "signature_missing"),
        (403, "terminal_disabled"),
    ],
)
def test_a_terminal_the_platform_does_not_accept_is_not_authorised(
    server: ScriptedServer, client: PlatformClient, status: int, code: str
) -> None:
    server.answer(refusal(status, code))
    error = refused_with(client, NotAuthorisedError)
    assert (error.code, error.status) == (code, status)


def test_409_is_a_conflict(server: ScriptedServer, client: PlatformClient) -> None:
    server.answer(refusal(409, "idempotency_conflict"))
    error = refused_with(client, ConflictError)
    assert (error.code, error.status) == ("idempotency_conflict", 409)


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (422, "unknown_item"),
        (422, "sealed_payload_invalid"),
        (400, "idempotency_key_invalid"),
        (403, "enrolment_code_invalid"),
        (404, "not_found"),
        (413, "too_large"),
        (418, "teapot"),
    ],
)
def test_other_refusals_are_permanent_with_the_platforms_code(
    server: ScriptedServer, client: PlatformClient, status: int, code: str
) -> None:
    server.answer(refusal(status, code))
    error = refused_with(client, PermanentError)
    assert not isinstance(error, ConflictError)
    assert (error.code, error.status) == (code, status)


@pytest.mark.parametrize(
    "body",
    [
        json.dumps({"error": {"code": "未知事项"}}, ensure_ascii=False).encode(),
        json.dumps({"error": {"code": "unknown_itém"}}).encode(),
        json.dumps({"error": {"code": "x" * 49}}).encode(),
        json.dumps({"error": {"code": ""}}).encode(),
        json.dumps({"error": {"code": 422}}).encode(),
        json.dumps({"error": {"code": ["unknown_item"]}}).encode(),
        json.dumps({"error": "unknown_item"}).encode(),
        json.dumps({"code": "unknown_item"}).encode(),
        json.dumps([{"error": {"code": "unknown_item"}}]).encode(),
        b"<html>Unprocessable</html>",
        b"\xff" * 64,
        b"",
        # Codes end up in logs and in the outbox: no control characters, no free text.
        b'{"error": {"code": "bad\\ncode"}}',
        b'{"error": {"code": "Applicant Zhang rejected"}}',
    ],
)
@pytest.mark.parametrize("status", [422, 409, 404, 403])
def test_an_answer_without_a_platform_error_code_is_retried_not_dead_lettered(
    server: ScriptedServer, client: PlatformClient, body: bytes, status: int
) -> None:
    # A proxy or gateway answered, not the platform's intake: not a verdict on the application.
    server.answer(Scripted(status, (("Content-Type", "application/json"),), body))
    error = refused_with(client, RetryableError)
    assert error.code == f"http_{status}"
    assert error.status == status
    assert isinstance(error, RetryableError) and error.reached_platform


def test_an_error_code_of_the_maximum_length_is_kept(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(refusal(422, "x" * 48))
    assert refused_with(client, PermanentError).code == "x" * 48


@pytest.mark.parametrize("status", [202, 203, 206, 226, 299, 101, 199])
def test_an_unexpected_success_or_informational_status_is_retryable(
    server: ScriptedServer, client: PlatformClient, status: int
) -> None:
    server.answer(json_answer(status, ACCEPTED))
    error = refused_with(client, RetryableError)
    assert (error.code, error.status, error.reached_platform) == (
        "unexpected_status",
        status,
        True,
    )


# --------------------------------------------------------------------------- the network


def test_a_refused_connection_is_a_network_error_that_did_not_reach_the_platform(
    clock: ManualClock,
) -> None:
    with refused_port() as port:
        client = make_client(f"http://127.0.0.1:{port}", clock)
        try:
            error = refused_with(client, RetryableError)
        finally:
            client.close()
    assert (error.code, error.status, error.reached_platform) == ("network", None, False)
    assert client.clock_skew_s is None


def test_a_platform_that_never_answers_is_a_timeout(
    server: ScriptedServer, clock: ManualClock
) -> None:
    server.answer(Scripted(200, mode=Mode.HANG))
    client = make_client(server.base_url, clock, read_timeout_s=0.3)
    try:
        error = refused_with(client, RetryableError)
        with pytest.raises(RetryableError) as fetched:
            client.fetch("/catalog", None)
    finally:
        client.close()
    assert (error.code, error.reached_platform) == ("timeout", False)
    assert (fetched.value.code, fetched.value.reached_platform) == ("timeout", False)


@pytest.mark.parametrize("status", [201, 200])
def test_a_body_cut_short_is_a_network_error(
    server: ScriptedServer, client: PlatformClient, status: int
) -> None:
    server.answer(Scripted(status, body=b'{"acceptance_number": "CQ2026', mode=Mode.TRUNCATE))
    error = refused_with(client, RetryableError)
    assert (error.code, error.reached_platform) == ("network", False)
    with pytest.raises(RetryableError, match="network"):
        client.fetch("/catalog", None)


def test_an_error_body_cut_short_keeps_the_status_reading(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(Scripted(503, body=b'{"error": {"code": "intern', mode=Mode.TRUNCATE))
    error = refused_with(client, RetryableError)
    assert (error.code, error.status, error.reached_platform) == ("http_503", 503, True)


def test_the_date_header_gives_the_clock_skew(
    server: ScriptedServer, client: PlatformClient, clock: ManualClock
) -> None:
    assert client.clock_skew_s is None
    server.answer(json_answer(200, {}, ("Date", http_date(NOW + timedelta(seconds=42)))))
    client.heartbeat({})
    assert client.clock_skew_s == pytest.approx(42)
    clock.advance(100)  # our clock moves on, the platform's Date says the same moment
    client.heartbeat({})
    assert client.clock_skew_s == pytest.approx(-58)
    for unusable in ("yesterday", "", "Mon, 23 Nov 2026 02:00:00 -0000", "Mon, 32 Nov 2026"):
        server.answer(json_answer(200, {}, ("Date", unusable)))
        client.heartbeat({})
        assert client.clock_skew_s == pytest.approx(-58), unusable
    server.answer(refusal(503, "internal_error", ("Date", http_date(NOW - timedelta(hours=1)))))
    with pytest.raises(RetryableError):
        client.heartbeat({})
    assert client.clock_skew_s == pytest.approx(-3700)  # error answers count too


def test_a_date_header_with_an_absurd_year_is_ignored(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(json_answer(200, {}, ("Date", "Mon, 23 Nov 99999999999999999999 02:00:00 GMT")))
    with contextlib.suppress(PlatformError):  # a typed error would also be acceptable
        client.heartbeat({})
    assert client.clock_skew_s is None


# --------------------------------------------------------------------------- what is sent


def test_a_submitted_request_is_signed_with_a_digest_and_the_idempotency_key(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(json_answer(201, ACCEPTED))
    submit(client)
    (request,) = server.requests
    assert (request.method, request.target, request.body) == ("POST", "/api/v1/applications", BODY)
    assert request.header("Idempotency-Key") == IDEMPOTENCY_KEY
    assert request.header("Content-Type") == "application/json"
    signature_input = request.header("Signature-Input")
    assert signature_input is not None
    assert request.header("Signature") is not None
    assert '"content-digest"' in signature_input
    assert f'keyid="{TERMINAL}"' in signature_input
    digest = base64.b64encode(hashlib.sha256(BODY).digest()).decode()
    assert request.header("Content-Digest") == f"sha-256=:{digest}:"
    verified = verify_request(
        request.view(),
        request.body,
        public_key_for=lambda key_id: KEY.public_key() if key_id == TERMINAL else None,
        now=NOW,
    )
    assert verified.key_id == TERMINAL
    assert verified.created == int(NOW.timestamp())


def test_every_request_has_its_own_nonce_and_a_get_has_no_digest(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(Scripted(304, (("ETag", '"v1"'),)))
    client.fetch("/catalog", '"v1"')
    client.fetch("/catalog", None)
    first, second = server.requests
    assert first.header("If-None-Match") == '"v1"'
    assert second.header("If-None-Match") is None
    nonces = set()
    for request in (first, second):
        assert request.method == "GET"
        assert request.body == b""
        assert request.header("Content-Digest") is None
        assert '"content-digest"' not in (request.header("Signature-Input") or "")
        verified = verify_request(
            request.view(), b"", public_key_for=lambda _kid: KEY.public_key(), now=NOW
        )
        nonces.add(verified.nonce)
    assert len(nonces) == 2


def test_a_tampered_request_does_not_verify(server: ScriptedServer, client: PlatformClient) -> None:
    """The check above is not vacuous: the same request with another body is refused."""
    from kiosk.sync.signing import SignatureRefused  # noqa: PLC0415

    server.answer(json_answer(201, ACCEPTED))
    submit(client)
    (request,) = server.requests
    with pytest.raises(SignatureRefused):
        verify_request(
            request.view(), BODY + b" ", public_key_for=lambda _kid: KEY.public_key(), now=NOW
        )


# --------------------------------------------------------------------------- fetch


def test_fetch_304_keeps_the_etag_and_200_brings_content_and_a_new_one(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.answer(Scripted(304, (("ETag", '"v1"'),)))
    assert client.fetch("/catalog", '"v1"') == Fetched('"v1"', None)
    server.answer(Scripted(304))  # a 304 need not repeat the tag
    assert client.fetch("/catalog", '"v1"') == Fetched('"v1"', None)
    server.answer(Scripted(200, (("ETag", '"v2"'), ("Content-Type", "application/cose")), b"\xd2"))
    assert client.fetch("/catalog", '"v1"') == Fetched('"v2"', b"\xd2")
    server.answer(Scripted(200, body=b"new"))
    assert client.fetch("/calendar", '"v2"') == Fetched(None, b"new")
    assert [r.target for r in server.requests][-1] == "/api/v1/calendar"


def test_fetch_refusals_are_typed(server: ScriptedServer, client: PlatformClient) -> None:
    server.answer(refusal(404, "not_found"))
    with pytest.raises(PermanentError, match="not_found"):
        client.fetch("/catalog", None)
    server.answer(refusal(503, "internal_error", ("Retry-After", "30")))
    with pytest.raises(RetryableError) as caught:
        client.fetch("/catalog", None)
    assert caught.value.retry_after_s == 30


# --------------------------------------------------------------------------- construction


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8710", "http://platform.example.gov.cn", "ftp://x", "platform"]
)
def test_plain_http_is_refused_unless_allowed(url: str) -> None:
    with pytest.raises(ValueError, match="https"):
        PlatformClient(url, TERMINAL, KEY, clock=ManualClock(NOW), allow_plain_http=False)


def test_https_is_accepted_and_a_trailing_slash_is_dropped(server: ScriptedServer) -> None:
    PlatformClient(
        "https://platform.example.gov.cn/", TERMINAL, KEY, clock=ManualClock(NOW)
    ).close()
    server.clear()
    server.answer(json_answer(200, {}))
    client = make_client(server.base_url + "/")
    try:
        client.heartbeat({})
    finally:
        client.close()
    assert server.requests[-1].target == "/api/v1/heartbeat"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_not_followed(
    server: ScriptedServer, client: PlatformClient, status: int
) -> None:
    """A signed POST must not be replayed to wherever a Location header points, and an answer
    from there must never count as the platform's acknowledgement."""

    def answer(request: Received) -> Scripted:
        if request.target == "/elsewhere":
            return json_answer(201, {**ACCEPTED, "acceptance_number": "FAKE"})
        return Scripted(status, (("Location", server.base_url + "/elsewhere"),))

    server.answer(answer)
    with pytest.raises(RetryableError) as caught:
        submit(client)
    assert (caught.value.code, caught.value.status) == ("unexpected_status", status)
    assert [r.target for r in server.requests] == ["/api/v1/applications"]


# --------------------------------------------------------------------------- fuzz

HEADER_TEXT = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=40,
)
RETRY_AFTER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["nan", "-inf", "1e400", " 7 ", "0x1F", "Wed, 25 Nov 2026 07:28:00 GMT"]),
    HEADER_TEXT,
)
DATES = st.one_of(
    st.datetimes(
        min_value=datetime(1, 1, 2),  # noqa: DTZ001 - given a zone below
        max_value=datetime(9999, 12, 30),  # noqa: DTZ001
        timezones=st.just(UTC),
    ).map(http_date),
    st.sampled_from(["Mon, 23 Nov 2026 02:00:00 -0000", "Mon, 23 Nov 2026 25:00:00 GMT", ""]),
    HEADER_TEXT,
)
BODIES = st.one_of(
    st.binary(max_size=512),
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=10,
    ).map(lambda value: json.dumps(value).encode()),
    st.fixed_dictionaries(
        {},
        optional={
            "acceptance_number": st.one_of(st.text(max_size=70), st.integers(), st.none()),
            "checkin_number": st.text(max_size=70),
            "error": st.fixed_dictionaries({}, optional={"code": st.text(max_size=60)}),
            "server_time": st.text(max_size=30),
        },
    ).map(lambda value: json.dumps(value, ensure_ascii=False).encode()),
)


@st.composite
def hostile_answers(draw: st.DrawFn) -> Scripted:
    headers: list[tuple[str, str | bytes]] = []
    for name, values in (
        ("Retry-After", RETRY_AFTER),
        ("Date", DATES),
        ("ETag", HEADER_TEXT),
        ("Content-Type", st.sampled_from(["application/json", "application/cose", "text/html"])),
        ("Content-Encoding", st.sampled_from(["gzip", "deflate", "identity", "br", "x-nonsense"])),
    ):
        if draw(st.booleans()):
            headers.append((name, draw(values).encode("latin-1")))
    return Scripted(draw(st.integers(min_value=100, max_value=599)), tuple(headers), draw(BODIES))


@pytest.fixture(scope="module")
def fuzz_client(server: ScriptedServer) -> Iterator[PlatformClient]:
    made = make_client(server.base_url, read_timeout_s=2.0)
    yield made
    made.close()


@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(answer=hostile_answers(), call=st.sampled_from(["application", "checkin", "fetch", "beat"]))
def test_any_answer_gives_the_documented_type_or_a_platform_error(
    server: ScriptedServer, fuzz_client: PlatformClient, answer: Scripted, call: str
) -> None:
    server.answer(answer)
    outcome = call_client(fuzz_client, call)  # anything but a PlatformError propagates
    if isinstance(outcome, PlatformError):
        assert isinstance(outcome.code, str)
        assert outcome.code
        if isinstance(outcome, RetryableError) and outcome.retry_after_s is not None:
            assert 0 <= outcome.retry_after_s <= MAX_RETRY_AFTER_S
    elif call == "fetch":
        assert isinstance(outcome, Fetched)
        assert outcome.etag is None or isinstance(outcome.etag, str)
        assert outcome.content is None or isinstance(outcome.content, bytes)
        assert (outcome.content is None) == (answer.status == 304)
    elif call == "beat":
        assert isinstance(outcome, dict)
    else:
        assert isinstance(outcome, dict)
        number = outcome["acceptance_number" if call == "application" else "checkin_number"]
        assert isinstance(number, str)
        assert 0 < len(number) <= 64
        assert answer.status in (200, 201)
    skew = fuzz_client.clock_skew_s
    assert skew is None or math.isfinite(skew)


def call_client(client: PlatformClient, call: str) -> object:
    try:
        if call == "fetch":
            return client.fetch("/catalog", '"old"')
        if call == "beat":
            return client.heartbeat({"queue_depth": 0})
        return client.submit(call, IDEMPOTENCY_KEY, BODY)
    except PlatformError as error:
        return error


# --------------------------------------------------------------------------- enrolment answer

_SEALING_KEY = SealingPrivateKey.generate().public()
_SEALING = _SEALING_KEY.document
_ANCHOR = ec.generate_private_key(ec.SECP256R1())
_STATUS_KEY = bytes(range(32))


def signed_keys(
    sealing: SealingPublicKey = _SEALING_KEY,
    status_key: bytes = _STATUS_KEY,
    anchor: Any = _ANCHOR,
    terminal_id: str = TERMINAL,
    issued_at: int = 1_700_000_000,
) -> str:
    """The platform-keys document a platform signs under ``anchor``, base64 as in the answer."""
    content = platform_keys_content(terminal_id, sealing, status_key)
    return base64.b64encode(sign_platform_keys(content, "v1", anchor, issued_at)).decode()


def enrolment_answer(**changes: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "terminal_id": TERMINAL,
        "sealing_key": _SEALING,
        "status_key": base64.b64encode(_STATUS_KEY).decode(),
        "platform_keys": signed_keys(),
    }
    answer.update(changes)
    return {name: value for name, value in answer.items() if value is not None}


@pytest.mark.parametrize(
    "status_key",
    [None, 42, "not base64!", base64.b64encode(b"short").decode(), ""],
    ids=["missing", "number", "not-base64", "too-short", "empty"],
)
def test_an_enrolment_answer_without_a_usable_status_key_is_refused_and_nothing_kept(
    server: ScriptedServer, client: PlatformClient, tmp_path: Path, status_key: object
) -> None:
    server.answer(json_answer(201, enrolment_answer(status_key=status_key)))
    with pytest.raises(EnrolmentError) as refused:
        enrol(client, tmp_path, "ABCD-EFGH-JKMN", server.base_url, _ANCHOR.public_key())
    assert refused.value.code == "status_key_invalid"
    assert not (tmp_path / ENROLMENT_FILE).exists() and load_status_key(tmp_path) is None


def test_an_enrolment_keeps_the_status_key_private(
    server: ScriptedServer, client: PlatformClient, tmp_path: Path
) -> None:
    key = _STATUS_KEY
    server.answer(json_answer(201, enrolment_answer()))
    enrol(client, tmp_path, "ABCD-EFGH-JKMN", server.base_url, _ANCHOR.public_key())
    assert load_status_key(tmp_path) == key
    assert stat.S_IMODE((tmp_path / STATUS_KEY_FILE).stat().st_mode) == 0o600
    (tmp_path / STATUS_KEY_FILE).write_bytes(b"truncated")
    assert load_status_key(tmp_path) is None


_OTHER_SEALING = SealingPrivateKey.generate().public()


@pytest.mark.parametrize(
    "changes",
    [
        # A man in the middle swaps the sealing key and leaves the signed document as it was.
        {"sealing_key": _OTHER_SEALING.document},
        # ... or signs a document for its own key with a key of its own.
        {
            "sealing_key": _OTHER_SEALING.document,
            "platform_keys": signed_keys(
                _OTHER_SEALING, anchor=ec.generate_private_key(ec.SECP256R1())
            ),
        },
        {"status_key": base64.b64encode(bytes(32)).decode()},
        {"platform_keys": None},
        {"platform_keys": "not base64!"},
        {"platform_keys": signed_keys(terminal_id="CQ-YB-0002")},
        {"platform_keys": base64.b64encode(b"garbage").decode()},
    ],
    ids=[
        "substituted-sealing-key",
        "signed-by-a-stranger",
        "substituted-status-key",
        "unsigned",
        "not-base64",
        "another-terminals",
        "garbage",
    ],
)
def test_an_enrolment_whose_keys_the_anchor_does_not_vouch_for_is_refused(
    server: ScriptedServer, client: PlatformClient, tmp_path: Path, changes: dict[str, Any]
) -> None:
    server.answer(json_answer(201, enrolment_answer(**changes)))
    with pytest.raises(EnrolmentError) as refused:
        enrol(client, tmp_path, "ABCD-EFGH-JKMN", server.base_url, _ANCHOR.public_key())
    assert refused.value.code == "platform_keys_invalid"
    assert not (tmp_path / ENROLMENT_FILE).exists() and load_status_key(tmp_path) is None


def test_an_enrolment_with_signed_keys_stores_them(
    server: ScriptedServer, client: PlatformClient, tmp_path: Path
) -> None:
    server.answer(json_answer(201, enrolment_answer()))
    enrolment = enrol(client, tmp_path, "ABCD-EFGH-JKMN", server.base_url, _ANCHOR.public_key())
    assert enrolment.sealing_key.document == _SEALING
    stored = load_enrolment(tmp_path)
    assert stored is not None and stored.sealing_key.document == _SEALING

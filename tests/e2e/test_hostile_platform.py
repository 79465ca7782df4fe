"""The standing hostile-input suite (issue 13 point 8): the review's attack classes replayed
against a running ``refplatform serve`` process on loopback (SQLite, one process; and, when
``KIOSK_TEST_POSTGRES_URL`` is set, PostgreSQL served by two worker processes).

Attack classes: unsigned requests; replayed requests (the same signature, or the same nonce,
again); re-covered signatures (a valid signature moved to another path, method, query,
authority, body or idempotency key); tampered bodies and headers; another terminal's key;
oversized bodies; deeply nested JSON; wrong content types; path tricks and unknown methods;
idempotency conflicts; slow (half-sent) requests.

For every request: no 5xx, the status and error code of docs/platform-api.md ("Errors"), and
nothing written for a refusal. "Nothing written" is checked on the platform's database itself,
every row of every table (``tests.support.hostile_http.Ledger``), before and after: a refusal
before the signature is accepted adds no row at all; a refusal after it (400/404/409/422) adds
exactly one ``seen_nonces`` row, that request's nonce (so the refused request cannot be
replayed either), and nothing else. The audit's refusal counters are the one table a refusal
is meant to touch and are not compared.

Requests go out byte for byte through ``http.client`` (``requests`` would
normalise ``..`` away); mutation classes use Hypothesis with a bounded number of examples.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import secrets
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.sync.enrolment import public_pem
from kiosk.sync.sealing import SealContext, SealingPublicKey, seal
from refplatform.issuer.keys import DemoKeySet
from tests.support.applications import ITEM_CODE, application_payload, envelope
from tests.support.checkins import checkin_payload
from tests.support.hostile_http import (
    Answer,
    Ledger,
    Request,
    changes,
    column,
    nonce_of,
    read_answer,
    send,
    send_bytes,
    signed,
)
from tests.support.refplatform_process import (
    RefPlatform,
    database_backends,
    refplatform_on,
)

pytestmark = pytest.mark.e2e
ARRIVAL = date(2026, 11, 23)  # the day of the check-ins' queued_at

MAX_BODY = 512 * 1024
HEAD_DEADLINE_S = 10  # refplatform.server.settings.Limits.header_timeout_s
SIGNATURE_CODES = {
    "signature_missing",
    "signature_invalid",
    "unknown_key",
    "signature_stale",
    "nonce_replayed",
}
HOSTILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
HEARTBEAT = {"queue_depth": 1, "dead_letters": 0, "connectivity": "online", "software_version": "1"}


@pytest.fixture(scope="module", params=database_backends())
def platform(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_keys: DemoKeySet,
) -> Iterator[RefPlatform]:
    data_dir = tmp_path_factory.mktemp(f"hostile-{request.param}") / "data"
    with refplatform_on(request.param, data_dir, demo_keys.folder) as platform:
        yield platform


@pytest.fixture(scope="module")
def ledger(platform: RefPlatform) -> Iterator[Ledger]:
    opened = Ledger(platform.settings().resolved_database_url)
    yield opened
    opened.close()


_numbers = iter(range(1, 100_000))


class Kiosk:
    """An enrolled terminal that signs what it is told to, exactly as written."""

    def __init__(self, platform: RefPlatform) -> None:
        self.platform = platform
        self.id = f"CQ-HX-{next(_numbers):04d}"
        self.key, self.sealing_key = platform.enrol(self.id)

    def sign(self, method: str, target: str, body: bytes | None = None, **options: Any) -> Request:
        return signed(self.platform.port, method, target, self.id, self.key, body=body, **options)

    def send(self, request: Request) -> Answer:
        return send(self.platform.port, request)

    def application(self) -> tuple[dict[str, Any], str]:
        """A valid application document and the idempotency key its payload is sealed for."""
        key = secrets.token_urlsafe(24)
        reference = f"{self.id}-20261123-{secrets.randbelow(10**6):06d}"
        document = {
            "local_reference": reference,
            "sequence": secrets.randbelow(1000),
            "item_code": ITEM_CODE,
            "queued_at": "2026-11-23T10:15:00+08:00",
            "sealed": sealed_for(self.sealing_key, "application", self.id, reference, key),
        }
        return document, key

    def submission(self, document: dict[str, Any], key: str, **options: Any) -> Request:
        return self.sign(
            "POST",
            "/api/v1/applications",
            encode(document),
            headers={"Idempotency-Key": key},
            **options,
        )

    def accepted_application(self) -> tuple[dict[str, Any], str, dict[str, Any]]:
        document, key = self.application()
        answer = self.send(self.submission(document, key))
        assert answer.status == 201, answer.body
        return document, key, answer.json()


def sealed_for(
    sealing_key: SealingPublicKey, kind: str, terminal_id: str, reference: str, key: str
) -> str:
    """A record's sealed payload: for an application or a check-in, a valid one (the platform
    checks it; a check-in's arrival is the day of its request's ``queued_at``)."""
    context = SealContext(kind, terminal_id, reference, key)
    payloads = {"application": application_payload, "checkin": lambda: checkin_payload(ARRIVAL)}
    payload = payloads.get(kind, lambda: {"guest": "demo"})()
    plaintext = envelope(kind, reference, payload)
    return base64.b64encode(seal(plaintext, sealing_key, context)).decode()


def encode(document: Any) -> bytes:
    return json.dumps(document).encode("utf-8")


def check(answer: Answer) -> None:
    """What every answer of the platform's own code satisfies: not 5xx, a Date, and for a
    refusal the error shape."""
    assert answer.status < 500, (answer.status, answer.body[:300])
    assert "date" in answer.headers
    if answer.status >= 400 and answer.body:
        error = answer.json()["error"]
        assert set(error) == {"code", "message"}


def refused(answer: Answer, status: int, code: str) -> None:
    check(answer)
    assert (answer.status, answer.code) == (status, code), answer.body[:300]


@contextlib.contextmanager
def writes_nothing(ledger: Ledger, *nonces: tuple[str, str]) -> Iterator[None]:
    """Fail unless the database is unchanged but for ``seen_nonces`` rows (terminal id,
    nonce) of requests whose signature was accepted before they were refused."""
    before = ledger.rows()
    yield
    found = changes(before, ledger.rows())
    seen = found.pop("seen_nonces", ([], []))
    assert found == {}, f"a refused request wrote: {found}"
    added, removed = seen
    assert removed == []
    assert len(added) == len(nonces)
    assert column(added, "terminal_id", "nonce") == set(nonces)


@pytest.fixture(scope="module")
def kiosk(platform: RefPlatform) -> Kiosk:
    return Kiosk(platform)


@pytest.fixture(scope="module")
def other(platform: RefPlatform) -> Kiosk:
    return Kiosk(platform)


def accepted_nonce(kiosk: Kiosk, request: Request) -> tuple[str, str]:
    return (kiosk.id, nonce_of(request))


# --------------------------------------------------------------------------- unsigned

SIGNED_ROUTES = [
    ("GET", "/api/v1/catalog"),
    ("GET", "/api/v1/calendar"),
    ("GET", "/api/v1/trust-list"),
    ("GET", "/api/v1/applications?local_reference=CQ-HX-0001-20261123-000001"),
    ("GET", "/api/v1/applications/CQ20261123000001"),
    ("POST", "/api/v1/heartbeat"),
    ("POST", "/api/v1/checkins"),
    ("POST", "/api/v1/checkouts"),
    ("POST", "/api/v1/help-requests"),
    ("POST", "/api/v1/enrolments"),
]


@pytest.mark.parametrize(("method", "target"), SIGNED_ROUTES)
def test_unsigned_requests_are_refused_as_unsigned(
    kiosk: Kiosk, ledger: Ledger, method: str, target: str
) -> None:
    body = encode(HEARTBEAT) if method == "POST" else b""
    with writes_nothing(ledger):
        answer = kiosk.send(Request(method, target, (("Content-Type", "application/json"),), body))
    refused(answer, 401, "signature_missing")


def _only(request: Request, *names: str) -> Request:
    kept = tuple((name, value) for name, value in request.headers if name in names)
    return request.but(headers=kept)


@pytest.mark.parametrize(
    "strip",
    [
        pytest.param(lambda r: _only(r, "Content-Type", "Idempotency-Key"), id="no-signature"),
        pytest.param(lambda r: r.replace_header("Signature", None), id="signature-input-only"),
        pytest.param(lambda r: r.replace_header("Signature-Input", None), id="signature-only"),
        pytest.param(
            lambda r: r.replace_header("Signature", "").replace_header("Signature-Input", ""),
            id="empty-headers",
        ),
        pytest.param(
            lambda r: r.replace_header(
                "Signature-Input", (r.header("Signature-Input") or "").replace("kiosk=", "other=")
            ).replace_header(
                "Signature", (r.header("Signature") or "").replace("kiosk=", "other=")
            ),
            id="another-label",
        ),
    ],
)
def test_an_unsigned_valid_application_is_refused_and_not_recorded(
    kiosk: Kiosk, ledger: Ledger, strip: Any
) -> None:
    document, key = kiosk.application()
    request = strip(kiosk.submission(document, key))
    with writes_nothing(ledger):
        answer = kiosk.send(request)
    refused(answer, 401, "signature_missing")


# --------------------------------------------------------------------------- replays


def test_a_replayed_read_is_refused(kiosk: Kiosk, ledger: Ledger) -> None:
    request = kiosk.sign("GET", "/api/v1/catalog")
    assert kiosk.send(request).status == 200
    with writes_nothing(ledger):
        refused(kiosk.send(request), 401, "nonce_replayed")


def test_a_replayed_heartbeat_is_refused_and_not_recorded(kiosk: Kiosk, ledger: Ledger) -> None:
    request = kiosk.sign("POST", "/api/v1/heartbeat", encode(HEARTBEAT))
    check(first := kiosk.send(request))
    assert first.status == 200
    with writes_nothing(ledger):  # the terminal's last heartbeat is not touched either
        refused(kiosk.send(request), 401, "nonce_replayed")


def test_a_replayed_application_is_refused_before_its_idempotency_key(
    kiosk: Kiosk, ledger: Ledger
) -> None:
    document, key = kiosk.application()
    request = kiosk.submission(document, key)
    first = kiosk.send(request)
    assert first.status == 201
    with writes_nothing(ledger):
        refused(kiosk.send(request), 401, "nonce_replayed")
    # The terminal's own retry, signed anew, gets the original answer and makes no row.
    retry = kiosk.submission(document, key)
    with writes_nothing(ledger, accepted_nonce(kiosk, retry)):
        again = kiosk.send(retry)
    check(again)
    assert (again.status, again.json()) == (200, first.json())
    assert again.headers["idempotent-replayed"] == "true"


def test_a_refused_request_cannot_be_replayed_either(kiosk: Kiosk, ledger: Ledger) -> None:
    request = kiosk.sign("POST", "/api/v1/heartbeat", encode({**HEARTBEAT, "queue_depth": -1}))
    with writes_nothing(ledger, accepted_nonce(kiosk, request)):
        refused(kiosk.send(request), 422, "validation_failed")
    with writes_nothing(ledger):
        refused(kiosk.send(request), 401, "nonce_replayed")


def test_a_nonce_signed_again_is_refused(kiosk: Kiosk, ledger: Ledger) -> None:
    first = kiosk.sign("GET", "/api/v1/catalog")
    assert kiosk.send(first).status == 200
    again = kiosk.sign("GET", "/api/v1/calendar", nonce=nonce_of(first))
    with writes_nothing(ledger):
        refused(kiosk.send(again), 401, "nonce_replayed")


@pytest.mark.parametrize("offset_s", [-301 - 60, 301 + 60, -3600, 86_400])
def test_an_old_or_early_signature_is_stale(kiosk: Kiosk, ledger: Ledger, offset_s: int) -> None:
    document, key = kiosk.application()
    request = kiosk.submission(
        document, key, created=datetime.now(UTC) + timedelta(seconds=offset_s)
    )
    with writes_nothing(ledger):
        refused(kiosk.send(request), 401, "signature_stale")


def test_a_replayed_enrolment_is_refused(platform: RefPlatform, ledger: Ledger) -> None:
    terminal_id = f"CQ-HX-{next(_numbers):04d}"
    key = ed25519.Ed25519PrivateKey.generate()
    document = {
        "terminal_id": terminal_id,
        "code": platform.enrol_code(terminal_id),
        "public_key": public_pem(key),
    }
    request = signed(
        platform.port, "POST", "/api/v1/enrolments", terminal_id, key, body=encode(document)
    )
    assert send(platform.port, request).status == 201
    with writes_nothing(ledger):
        answer = send(platform.port, request)
    # The nonce is checked (reading only) before the code, so the replay is refused as a
    # replay; a new request with the used code is enrolment_code_used. Neither writes.
    refused(answer, 401, "nonce_replayed")
    again = signed(
        platform.port, "POST", "/api/v1/enrolments", terminal_id, key, body=encode(document)
    )
    with writes_nothing(ledger):
        refused(send(platform.port, again), 409, "enrolment_code_used")


# --------------------------------------------------------------------------- re-covered


def _digest(body: bytes) -> str:
    return f"sha-256=:{base64.b64encode(hashlib.sha256(body).digest()).decode()}:"


def _recovered(kiosk: Kiosk, move: str) -> Request:
    """A request carrying the signature of another, valid one (``move`` says what differs)."""
    document, key = kiosk.application()
    submission = kiosk.submission(document, key)
    other_body = encode({**document, "sequence": document["sequence"] + 1})
    read = kiosk.sign("GET", "/api/v1/catalog")
    by_reference = f"/api/v1/applications?local_reference={document['local_reference']}"
    moves = {
        "path": lambda: read.but(target="/api/v1/calendar"),
        "path-post": lambda: submission.but(target="/api/v1/checkins"),
        "method": lambda: kiosk.sign("GET", by_reference).but(
            method="POST", target="/api/v1/applications", body=submission.body
        ),
        "method-to-get": lambda: submission.but(method="GET", body=b""),
        "query": lambda: kiosk.sign("GET", by_reference).but(target=by_reference + "0"),
        "query-added": lambda: read.but(target="/api/v1/catalog?x=1"),
        "authority": lambda: read.replace_header("Host", f"localhost:{kiosk.platform.port}"),
        "body": lambda: submission.but(body=other_body),
        "body-and-digest": lambda: submission.but(body=other_body).replace_header(
            "Content-Digest", _digest(other_body)
        ),
        "body-dropped": lambda: submission.but(body=b""),
        "idempotency-key": lambda: submission.replace_header(
            "Idempotency-Key", secrets.token_urlsafe(24)
        ),
        "idempotency-key-uncovered": lambda: kiosk.sign(
            "POST", "/api/v1/applications", submission.body
        ).replace_header("Idempotency-Key", key),
    }
    return moves[move]()


RECOVERED_MOVES = (
    "path",
    "path-post",
    "method",
    "method-to-get",
    "query",
    "query-added",
    "authority",
    "body",
    "body-and-digest",
    "body-dropped",
    "idempotency-key",
    "idempotency-key-uncovered",
)


@pytest.mark.parametrize("move", RECOVERED_MOVES)
def test_a_signature_moved_to_another_request_does_not_verify(
    kiosk: Kiosk, ledger: Ledger, move: str
) -> None:
    request = _recovered(kiosk, move)
    with writes_nothing(ledger):
        refused(kiosk.send(request), 401, "signature_invalid")


# --------------------------------------------------------------------------- tampering


@HOSTILE
@given(data=st.data())
def test_a_tampered_body_is_refused(kiosk: Kiosk, ledger: Ledger, data: st.DataObject) -> None:
    document, key = kiosk.application()
    request = kiosk.submission(document, key)
    body = request.body
    where = data.draw(st.integers(min_value=0, max_value=10**6), label="where") % len(body)
    how = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate", "append"]))
    if how == "flip":
        bit = data.draw(st.integers(min_value=0, max_value=7), label="bit")
        tampered = body[:where] + bytes([body[where] ^ (1 << bit)]) + body[where + 1 :]
    elif how == "insert":
        extra = data.draw(st.binary(min_size=1, max_size=8), label="extra")
        tampered = body[:where] + extra + body[where:]
    elif how == "delete":
        tampered = body[:where] + body[where + 1 :]
    elif how == "truncate":
        tampered = body[:where]
    else:
        tampered = body + data.draw(st.binary(min_size=1, max_size=8), label="extra")
    with writes_nothing(ledger):
        answer = kiosk.send(request.but(body=tampered))
    # Cut to nothing too: the signature covers a digest that no body matches.
    refused(answer, 401, "signature_invalid")


@HOSTILE
@given(
    header=st.sampled_from(["Signature", "Signature-Input", "Content-Digest", "Idempotency-Key"]),
    where=st.integers(min_value=0, max_value=300),
    replacement=st.text(
        alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=6
    ),
)
def test_a_tampered_signature_header_is_refused(
    kiosk: Kiosk, ledger: Ledger, header: str, where: int, replacement: str
) -> None:
    document, key = kiosk.application()
    request = kiosk.submission(document, key)
    original = request.header(header)
    assert original is not None
    cut = where % len(original)
    tampered = original[:cut] + replacement + original[cut + len(replacement) :]
    if tampered == original:
        tampered = original[:cut] + "~" + original[cut + 1 :]
    with writes_nothing(ledger):
        answer = kiosk.send(request.replace_header(header, tampered))
    check(answer)
    assert answer.status == 401, answer.body
    assert answer.code in SIGNATURE_CODES - {"nonce_replayed"}


def _signature_input(request: Request, old: str, new: str) -> Request:
    value = request.header("Signature-Input") or ""
    assert old in value
    return request.replace_header("Signature-Input", value.replace(old, new, 1))


def _created(request: Request) -> str:
    value = request.header("Signature-Input") or ""
    return value.split("created=", 1)[1].split(";", 1)[0]


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        ("keyid-of-another-terminal", "signature_invalid"),
        ("keyid-unknown", "unknown_key"),
        ("keyid-overlong", "unknown_key"),
        ("created-one-second-earlier", "signature_invalid"),
        ("nonce", "signature_invalid"),
        ("tag", "signature_invalid"),
        ("alg", "signature_invalid"),
        ("components-without-digest", "signature_invalid"),
        ("signature-bytes", "signature_invalid"),
        ("signature-of-another-request", "signature_invalid"),
        ("content-digest-of-another-body", "signature_invalid"),
    ],
)
def test_named_header_tampering(
    kiosk: Kiosk, other: Kiosk, ledger: Ledger, tamper: str, code: str
) -> None:
    document, key = kiosk.application()
    request = kiosk.submission(document, key)
    created = _created(request)
    signature = request.header("Signature") or ""
    value = signature.split(":")[1]
    flipped = ("A" if value[0] != "A" else "B") + value[1:]
    tampered = {
        "keyid-of-another-terminal": lambda: _signature_input(
            request, f'keyid="{kiosk.id}"', f'keyid="{other.id}"'
        ),
        "keyid-unknown": lambda: _signature_input(
            request, f'keyid="{kiosk.id}"', 'keyid="CQ-XX-9999"'
        ),
        "keyid-overlong": lambda: _signature_input(
            request, f'keyid="{kiosk.id}"', f'keyid="{kiosk.id}{"-0" * 40}"'
        ),
        "created-one-second-earlier": lambda: _signature_input(
            request, f"created={created}", f"created={int(created) - 1}"
        ),
        "nonce": lambda: _signature_input(request, 'nonce="', 'nonce="x'),
        "tag": lambda: _signature_input(request, "crossregion-kiosk/v1", "crossregion-kiosk/v2"),
        "alg": lambda: _signature_input(request, 'alg="ed25519"', 'alg="ecdsa-p256-sha256"'),
        "components-without-digest": lambda: _signature_input(request, ' "content-digest"', ""),
        "signature-bytes": lambda: request.replace_header(
            "Signature", signature.replace(value, flipped)
        ),
        "signature-of-another-request": lambda: request.replace_header(
            "Signature", kiosk.submission(document, key).header("Signature")
        ),
        "content-digest-of-another-body": lambda: request.replace_header(
            "Content-Digest", _digest(request.body + b" ")
        ),
    }[tamper]()
    with writes_nothing(ledger):
        refused(kiosk.send(tampered), 401, code)


# --------------------------------------------------------------------------- another terminal


def test_a_terminal_cannot_sign_as_another(kiosk: Kiosk, other: Kiosk, ledger: Ledger) -> None:
    document, key = kiosk.application()
    as_kiosk = signed(
        kiosk.platform.port,
        "POST",
        "/api/v1/applications",
        kiosk.id,
        other.key,
        body=encode(document),
        headers={"Idempotency-Key": key},
    )
    read = signed(kiosk.platform.port, "GET", "/api/v1/catalog", kiosk.id, other.key)
    with writes_nothing(ledger):
        refused(kiosk.send(as_kiosk), 401, "signature_invalid")
        refused(kiosk.send(read), 401, "signature_invalid")


def test_another_terminals_sealed_payload_does_not_open(
    kiosk: Kiosk, other: Kiosk, ledger: Ledger
) -> None:
    document, key = kiosk.application()
    cut_and_pasted = other.submission(document, key)
    with writes_nothing(ledger, accepted_nonce(other, cut_and_pasted)):
        refused(other.send(cut_and_pasted), 422, "sealed_payload_invalid")
    accepted, _key, _answer = kiosk.accepted_application()
    # The same terminal cannot submit an accepted payload again under a new key either.
    again = kiosk.submission(accepted, secrets.token_urlsafe(24))
    with writes_nothing(ledger, accepted_nonce(kiosk, again)):
        refused(kiosk.send(again), 422, "sealed_payload_invalid")


def test_another_terminals_applications_are_not_found(
    kiosk: Kiosk, other: Kiosk, ledger: Ledger
) -> None:
    document, _key, answer = kiosk.accepted_application()
    number = answer["acceptance_number"]
    for target in (
        f"/api/v1/applications/{number}",
        f"/api/v1/applications?local_reference={document['local_reference']}",
    ):
        request = other.sign("GET", target)
        with writes_nothing(ledger, accepted_nonce(other, request)):
            refused(other.send(request), 404, "not_found")


def test_a_terminal_cannot_enrol_over_another(
    platform: RefPlatform, kiosk: Kiosk, ledger: Ledger
) -> None:
    intruder_id = f"CQ-HX-{next(_numbers):04d}"
    intruder = ed25519.Ed25519PrivateKey.generate()
    own_code = platform.enrol_code(intruder_id)

    def enrolment(terminal_id: str, key_id: str) -> Request:
        document = {
            "terminal_id": terminal_id,
            "code": own_code,
            "public_key": public_pem(intruder),
        }
        return signed(
            platform.port, "POST", "/api/v1/enrolments", key_id, intruder, body=encode(document)
        )

    with writes_nothing(ledger):
        # Its own code, the other terminal's id: the code is not that terminal's.
        refused(send(platform.port, enrolment(kiosk.id, kiosk.id)), 403, "enrolment_code_invalid")
        # Signed under its own id for the other terminal's id.
        refused(send(platform.port, enrolment(kiosk.id, intruder_id)), 401, "unknown_key")
    assert kiosk.send(kiosk.sign("GET", "/api/v1/catalog")).status == 200


# --------------------------------------------------------------------------- oversized


def test_oversized_bodies_are_refused_before_the_signature(kiosk: Kiosk, ledger: Ledger) -> None:
    port = kiosk.platform.port
    big = b"{" + b" " * MAX_BODY + b"}"
    signed_big = kiosk.sign(
        "POST", "/api/v1/applications", big, headers={"Idempotency-Key": "k" * 24}
    )
    head = (
        "POST /api/v1/heartbeat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    )
    chunk = b" " * 65536
    chunked = (
        (head + "Transfer-Encoding: chunked\r\n\r\n").encode()
        + b"".join(b"10000\r\n" + chunk + b"\r\n" for _ in range(9))
        + b"0\r\n\r\n"
    )
    with writes_nothing(ledger):
        refused(kiosk.send(Request("POST", "/api/v1/heartbeat", (), big)), 413, "too_large")
        refused(kiosk.send(signed_big), 413, "too_large")
        declared = (head + "Content-Length: 1000000000\r\n\r\n").encode()
        refused(send_bytes(port, declared), 413, "too_large")
        refused(send_bytes(port, chunked), 413, "too_large")


def test_the_size_limit_is_inclusive(kiosk: Kiosk, ledger: Ledger) -> None:
    at_limit = kiosk.sign("POST", "/api/v1/heartbeat", b" " * MAX_BODY)
    with writes_nothing(ledger, accepted_nonce(kiosk, at_limit)):
        refused(kiosk.send(at_limit), 400, "bad_request")
    over = kiosk.sign("POST", "/api/v1/heartbeat", b" " * (MAX_BODY + 1))
    with writes_nothing(ledger):
        refused(kiosk.send(over), 413, "too_large")


def test_an_oversized_body_to_an_unknown_route(kiosk: Kiosk, ledger: Ledger) -> None:
    # Routing comes before the body's size (docs "Errors"): the body of an unknown path is
    # never read, whatever its size or framing.
    port = kiosk.platform.port
    declared = b"POST /api/v1/nothing HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n"
    with writes_nothing(ledger):
        refused(
            kiosk.send(Request("POST", "/api/v1/nothing", (), b" " * (MAX_BODY + 1))),
            404,
            "not_found",
        )
        refused(send_bytes(port, declared), 404, "not_found")
        refused(
            kiosk.send(Request("PUT", "/api/v1/catalog", (), b" " * (MAX_BODY + 1))),
            405,
            "method_not_allowed",
        )


def test_an_oversized_header_is_refused_by_the_http_layer(kiosk: Kiosk, ledger: Ledger) -> None:
    port = kiosk.platform.port
    request = (
        b"GET /api/v1/catalog HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1024 * 1024 + b"\r\n\r\n"
    )
    with writes_nothing(ledger):
        try:
            answer: Answer | None = send_bytes(port, request)
        except ConnectionError:  # cut off while still sending: refused all the same
            answer = None
    # A head still incomplete past 16 KiB is refused by the HTTP server (uvicorn/h11) before
    # the application sees it: 400 in plain text, when it arrives at all (docs "Limits").
    if answer is not None:
        assert answer.status == 400
    assert kiosk.send(kiosk.sign("GET", "/api/v1/catalog")).status == 200


MAX_HEAD = 16 * 1024  # refplatform.server.settings.Limits.max_header_bytes


def _head(port: int, request: Request, pad: int) -> bytes:
    """``request`` (no body) as the bytes of its head, with an ``X-Pad`` header making the
    head ``pad`` bytes longer than without it (the header's name, ``: `` and CRLF count)."""
    lines = [f"{request.method} {request.target} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{name}: {value}" for name, value in request.headers]
    if pad:
        lines.append("X-Pad: " + "a" * (pad - len("X-Pad: \r\n")))
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@pytest.mark.parametrize("over", [0, 1, 4096, 40_000])
def test_a_whole_head_over_16_kib_is_refused_with_431(
    kiosk: Kiosk, ledger: Ledger, over: int
) -> None:
    """A head that arrives whole (one write on loopback) is judged by its size, not by how
    the HTTP server happened to read it: up to 16 KiB served, past it 431 with the JSON shape
    and nothing written (docs "Limits")."""
    port = kiosk.platform.port
    request = kiosk.sign("GET", "/api/v1/catalog")
    bare = len(_head(port, request, 0))
    head = _head(port, request, MAX_HEAD - bare + over)
    assert len(head) == MAX_HEAD + over
    if over == 0:
        with writes_nothing(ledger, accepted_nonce(kiosk, request)):
            answer = send_bytes(port, head)
        check(answer)
        assert answer.status == 200
        return
    with writes_nothing(ledger):
        refused(send_bytes(port, head), 431, "headers_too_large")


@pytest.mark.parametrize("shape", ["many-headers", "long-target", "long-query"])
def test_a_head_is_measured_as_a_whole(kiosk: Kiosk, ledger: Ledger, shape: str) -> None:
    """Many small headers or a long request target add up the same as one large header."""
    port = kiosk.platform.port
    if shape == "many-headers":
        headers = "".join(f"X-H{index}: {'b' * 90}\r\n" for index in range(200))
        head = f"GET /api/v1/catalog HTTP/1.1\r\nHost: x\r\n{headers}\r\n"
    elif shape == "long-target":
        head = f"GET /api/v1/{'c' * MAX_HEAD} HTTP/1.1\r\nHost: x\r\n\r\n"
    else:
        head = f"GET /api/v1/receipt-status?code={'d' * MAX_HEAD} HTTP/1.1\r\nHost: x\r\n\r\n"
    with writes_nothing(ledger):
        refused(send_bytes(port, head.encode()), 431, "headers_too_large")


# --------------------------------------------------------------------------- nesting


def _nested(depth: int, container: str, leaf: str = "1") -> str:
    if container == "list":
        return "[" * depth + leaf + "]" * depth
    return '{"a":' * depth + leaf + "}" * depth


@HOSTILE
@given(
    depth=st.one_of(
        st.integers(min_value=1, max_value=150), st.integers(min_value=260, max_value=60_000)
    ),
    container=st.sampled_from(["list", "dict"]),
    place=st.sampled_from(["top", "device", "sealed", "sequence"]),
)
def test_deeply_nested_json_is_refused(
    kiosk: Kiosk, ledger: Ledger, depth: int, container: str, place: str
) -> None:
    nested = _nested(depth, container)
    if place == "top":
        request = kiosk.sign("POST", "/api/v1/heartbeat", nested.encode())
    elif place == "device":
        body = json.dumps({**HEARTBEAT, "devices": {"camera": "__"}}).replace('"__"', nested)
        request = kiosk.sign("POST", "/api/v1/heartbeat", body.encode())
    else:
        document, key = kiosk.application()
        body = json.dumps({**document, place: "__"}).replace('"__"', nested)
        request = kiosk.sign(
            "POST", "/api/v1/applications", body.encode(), headers={"Idempotency-Key": key}
        )
    with writes_nothing(ledger, accepted_nonce(kiosk, request)):
        answer = kiosk.send(request)
    # Past the JSON parser's depth limit (about 200 levels; not in the docs) the body is not
    # JSON at all; within it, a nested value where a string or number belongs does not fit.
    if depth >= 260:
        refused(answer, 400, "bad_request")
    else:
        refused(answer, 422, "validation_failed")


# --------------------------------------------------------------------------- content types


WRONG_TYPES = [
    # (Content-Type header values, body): refused 415 before the body is read
    (("application/x-www-form-urlencoded",), b"queue_depth=1&dead_letters=0"),
    (("application/xml",), b"<heartbeat><queue_depth>1</queue_depth></heartbeat>"),
    (
        ("multipart/form-data; boundary=x",),
        b'--x\r\nContent-Disposition: form-data; name="queue_depth"\r\n\r\n1\r\n--x--\r\n',
    ),
    (("application/json; charset=utf-16",), encode(HEARTBEAT).decode().encode("utf-16")),
    (("application/json; charset=latin-1",), encode(HEARTBEAT)),
    (("text/plain",), encode(HEARTBEAT)),
    (("text/json",), encode(HEARTBEAT)),
    (("application/jsonx",), encode(HEARTBEAT)),
    (("application/merge-patch+json",), encode(HEARTBEAT)),
    (("application/json, text/plain",), encode(HEARTBEAT)),
    (("",), encode(HEARTBEAT)),
    ((), encode(HEARTBEAT)),  # none at all
    (("application/json", "application/json"), encode(HEARTBEAT)),  # twice
    (("application/json", "text/plain"), encode(HEARTBEAT)),
]


@pytest.mark.parametrize(("types", "body"), WRONG_TYPES)
def test_a_body_that_is_not_declared_json_is_refused(
    kiosk: Kiosk, ledger: Ledger, types: tuple[str, ...], body: bytes
) -> None:
    request = kiosk.sign("POST", "/api/v1/heartbeat", body)
    request = request.replace_header("Content-Type", None)
    request = request.but(headers=request.headers + tuple(("Content-Type", t) for t in types))
    with writes_nothing(ledger, accepted_nonce(kiosk, request)):  # Content-Type is not signed
        refused(kiosk.send(request), 415, "unsupported_media_type")
    unsigned = _only(request, "Content-Type")
    with writes_nothing(ledger):
        refused(kiosk.send(unsigned), 401, "signature_missing")


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        'application/json;charset="UTF-8"',
    ],
)
def test_json_is_accepted_with_or_without_a_utf8_charset(
    kiosk: Kiosk, ledger: Ledger, content_type: str
) -> None:
    request = kiosk.sign(
        "POST", "/api/v1/heartbeat", encode(HEARTBEAT), headers={"Content-Type": content_type}
    )
    answer = kiosk.send(request)
    check(answer)
    assert answer.status == 200, answer.body


@pytest.mark.parametrize("route", ["applications", "checkins", "checkouts", "enrolments"])
def test_every_body_route_wants_json(
    kiosk: Kiosk, platform: RefPlatform, ledger: Ledger, route: str
) -> None:
    """The submissions (before their Idempotency-Key is looked at) and the enrolment (before its
    body is read, so before its signature can be checked: nothing is written, not its nonce)."""
    if route == "enrolments":
        terminal_id = f"CQ-HX-{next(_numbers):04d}"
        signing_key = ed25519.Ed25519PrivateKey.generate()
        document = {
            "terminal_id": terminal_id,
            "code": platform.enrol_code(terminal_id),
            "public_key": public_pem(signing_key),
        }
        request = signed(
            platform.port,
            "POST",
            "/api/v1/enrolments",
            terminal_id,
            signing_key,
            body=encode(document),
            headers={"Content-Type": "text/plain"},
        )
        with writes_nothing(ledger):
            refused(send(platform.port, request), 415, "unsupported_media_type")
        return
    document, _key = kiosk.application()
    request = kiosk.sign(
        "POST",
        f"/api/v1/{route}",
        encode(document),
        headers={"Content-Type": "text/plain", "Idempotency-Key": "bad key"},
    )
    with writes_nothing(ledger, accepted_nonce(kiosk, request)):
        refused(kiosk.send(request), 415, "unsupported_media_type")


@pytest.mark.parametrize(
    "case",
    [
        ("application/json", b"\xef\xbb\xbf" + encode(HEARTBEAT), 400, "bad_request"),
        ("application/json", b"queue_depth=1&dead_letters=0", 400, "bad_request"),
        ("application/json", encode({**HEARTBEAT, "extra": 1}), 422, "validation_failed"),
        ("application/json", encode({**HEARTBEAT, "queue_depth": "1"}), 422, "validation_failed"),
    ],
)
def test_a_json_body_is_judged_on_its_bytes(
    kiosk: Kiosk, ledger: Ledger, case: tuple[str, bytes, int, str]
) -> None:
    content_type, body, status, code = case
    request = kiosk.sign("POST", "/api/v1/heartbeat", body, headers={"Content-Type": content_type})
    with writes_nothing(ledger, accepted_nonce(kiosk, request)):
        refused(kiosk.send(request), status, code)
    unsigned = _only(request, "Content-Type")
    with writes_nothing(ledger):
        refused(kiosk.send(unsigned), 401, "signature_missing")


# --------------------------------------------------------------------------- paths and methods

PATH_TRICKS = [
    # (request target, unsigned answer, answer signed over exactly that target)
    ("/api/v1/../api/v1/catalog", (404, "not_found"), (404, "not_found")),
    ("/api/v1/./catalog", (404, "not_found"), (404, "not_found")),
    ("/api/v1/catalog/..", (404, "not_found"), (404, "not_found")),
    ("/api/v1/%2e%2e/v1/catalog", (404, "not_found"), (404, "not_found")),
    ("//api/v1/catalog", (404, "not_found"), (404, "not_found")),
    ("/api/v1/catalog;jsessionid=1", (404, "not_found"), (404, "not_found")),
    ("/api/v1/catalog%00", (404, "not_found"), (404, "not_found")),
    ("/api/v1/catalog%20", (404, "not_found"), (404, "not_found")),
    ("/API/V1/CATALOG", (404, "not_found"), (404, "not_found")),
    ("/api/v1/applications/..%2F..%2Fcatalog", (404, "not_found"), (404, "not_found")),
    ("http://evil.example/api/v1/catalog", (404, "not_found"), (404, "not_found")),
    # Percent-encoded characters are decoded before routing: the route is found, and the
    # platform checks the signature over the decoded path, not the bytes that were signed.
    ("/api/v1%2Fcatalog", (401, "signature_missing"), (401, "signature_invalid")),
    ("/api/v1/%63atalog", (401, "signature_missing"), (401, "signature_invalid")),
    (
        "/api/v1/applications%2FCQ20261123000001",
        (401, "signature_missing"),
        (401, "signature_invalid"),
    ),
    # A path parameter that looks like a traversal is only an acceptance number nobody has.
    ("/api/v1/applications/..", (401, "signature_missing"), (404, "not_found")),
    ("/api/v1/applications/%2e%2e", (401, "signature_missing"), (401, "signature_invalid")),
    (
        "/api/v1/applications?local_reference=../../etc/passwd",
        (401, "signature_missing"),
        (404, "not_found"),
    ),
    ("/api/v1/applications/" + "9" * 33, (401, "signature_missing"), (404, "not_found")),
]


@pytest.mark.parametrize(("target", "unsigned", "when_signed"), PATH_TRICKS)
def test_path_tricks(
    kiosk: Kiosk,
    ledger: Ledger,
    target: str,
    unsigned: tuple[int, str],
    when_signed: tuple[int, str],
) -> None:
    with writes_nothing(ledger):
        refused(kiosk.send(Request("GET", target)), *unsigned)
    if target.startswith("http://"):  # absolute form: signed for its path on this server
        request = kiosk.sign("GET", "/api/v1/catalog").but(target=target)
    else:
        request = kiosk.sign("GET", target)
    # A routed request whose signature verifies has its nonce kept, whatever comes after.
    routed_and_verified = unsigned[0] == 401 and when_signed[0] != 401
    nonces = [accepted_nonce(kiosk, request)] if routed_and_verified else []
    with writes_nothing(ledger, *nonces):
        refused(kiosk.send(request), *when_signed)


@pytest.mark.parametrize(
    "target",
    ["/api/v1/catalog/", "/api/v1/heartbeat/", "/api/v1/catalog%2F", "/healthz/", "/api/v1/"],
)
def test_a_trailing_slash_is_an_unknown_path_not_a_redirect(
    kiosk: Kiosk, ledger: Ledger, target: str
) -> None:
    """A redirect of a signed request is useless (the signature covers the path) and has no
    JSON body: a trailing slash is 404 like any unknown path, signed or not."""
    method = "POST" if "heartbeat" in target else "GET"
    body = encode(HEARTBEAT) if method == "POST" else None
    with writes_nothing(ledger):
        unsigned = kiosk.send(Request(method, target, (), body or b""))
        answer = kiosk.send(kiosk.sign(method, target, body))
    for each in (unsigned, answer):
        refused(each, 404, "not_found")
        assert "location" not in each.headers


@pytest.mark.parametrize(
    "method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "BREW"]
)
@pytest.mark.parametrize(
    "target", ["/api/v1/catalog", "/api/v1/applications", "/api/v1/heartbeat", "/healthz"]
)
def test_unknown_methods_are_refused(
    kiosk: Kiosk, ledger: Ledger, method: str, target: str
) -> None:
    with writes_nothing(ledger):
        refused(kiosk.send(Request(method, target)), 405, "method_not_allowed")
        refused(kiosk.send(kiosk.sign(method, target, b"{}")), 405, "method_not_allowed")
    head = kiosk.send(Request("HEAD", target))
    check(head)
    assert (head.status, head.body) == (405, b"")


# --------------------------------------------------------------------------- idempotency


@pytest.fixture(scope="module")
def first_application(kiosk: Kiosk) -> tuple[dict[str, Any], str, dict[str, Any]]:
    return kiosk.accepted_application()


def _different(document: dict[str, Any], kiosk: Kiosk, key: str, data: st.DataObject) -> bytes:
    how = data.draw(
        st.sampled_from(
            [
                "sequence",
                "local_reference",
                "item_code",
                "queued_at",
                "resealed",
                "spacing",
                "order",
                "extra",
                "not-json",
                "empty-object",
            ]
        ),
        label="how",
    )
    changed = dict(document)
    if how == "sequence":
        changed["sequence"] = data.draw(
            st.integers(min_value=0, max_value=2**62).filter(lambda n: n != document["sequence"])
        )
    elif how == "local_reference":
        changed["local_reference"] = document["local_reference"] + data.draw(
            st.text(alphabet="0123456789-", min_size=1, max_size=4)
        )
    elif how == "item_code":
        changed["item_code"] = data.draw(st.sampled_from(["CY-SCJG-001", "CY-YB-005", "NO-SUCH"]))
    elif how == "queued_at":
        changed["queued_at"] = "2026-11-23T10:15:01+08:00"
    elif how == "resealed":  # the same record, sealed again: another ciphertext
        changed["sealed"] = sealed_for(
            kiosk.sealing_key, "application", kiosk.id, document["local_reference"], key
        )
    elif how == "spacing":
        return json.dumps(document, indent=1).encode()
    elif how == "order":
        return json.dumps(dict(reversed(list(document.items())))).encode()
    elif how == "extra":
        changed["extra"] = data.draw(st.integers())
    elif how == "not-json":
        return data.draw(st.binary(min_size=1, max_size=40).filter(lambda b: b != encode(document)))
    else:
        return b"{}"
    return encode(changed)


@HOSTILE
@given(data=st.data())
def test_an_idempotency_key_used_with_another_body_conflicts(
    kiosk: Kiosk,
    ledger: Ledger,
    first_application: tuple[dict[str, Any], str, dict[str, Any]],
    data: st.DataObject,
) -> None:
    document, key, _answer = first_application
    body = _different(document, kiosk, key, data)
    request = kiosk.sign("POST", "/api/v1/applications", body, headers={"Idempotency-Key": key})
    with writes_nothing(ledger, accepted_nonce(kiosk, request)):
        answer = kiosk.send(request)
    # The key is looked up before the body is read (docs "Errors"): a used key with any other
    # bytes, even not JSON, is a conflict.
    refused(answer, 409, "idempotency_conflict")


def test_the_original_answer_stands_after_conflicts(
    kiosk: Kiosk, ledger: Ledger, first_application: tuple[dict[str, Any], str, dict[str, Any]]
) -> None:
    document, key, answer = first_application
    retry = kiosk.submission(document, key)
    with writes_nothing(ledger, accepted_nonce(kiosk, retry)):
        again = kiosk.send(retry)
    check(again)
    assert (again.status, again.json()) == (200, answer)


def test_a_checkin_key_used_with_another_body_conflicts(kiosk: Kiosk, ledger: Ledger) -> None:
    key = secrets.token_urlsafe(24)
    reference = f"{kiosk.id}-RZ-{secrets.randbelow(10**6):06d}"
    document = {
        "local_reference": reference,
        "sequence": 1,
        "queued_at": "2026-11-23T22:05:00+08:00",
        "sealed": sealed_for(kiosk.sealing_key, "checkin", kiosk.id, reference, key),
    }
    first = kiosk.send(
        kiosk.sign("POST", "/api/v1/checkins", encode(document), headers={"Idempotency-Key": key})
    )
    assert first.status == 201, first.body
    changed = kiosk.sign(
        "POST",
        "/api/v1/checkins",
        encode({**document, "sequence": 2}),
        headers={"Idempotency-Key": key},
    )
    with writes_nothing(ledger, accepted_nonce(kiosk, changed)):
        refused(kiosk.send(changed), 409, "idempotency_conflict")


@pytest.mark.parametrize(
    "key", [None, "", "short", "k" * 65, "has space in it 123", "k" * 15, "k/" * 10]
)
def test_a_malformed_idempotency_key_is_refused(
    kiosk: Kiosk, ledger: Ledger, key: str | None
) -> None:
    document, _key = kiosk.application()
    headers = {} if key is None else {"Idempotency-Key": key}
    request = kiosk.sign("POST", "/api/v1/applications", encode(document), headers=headers)
    with writes_nothing(ledger, accepted_nonce(kiosk, request)):
        refused(kiosk.send(request), 400, "idempotency_key_invalid")


# --------------------------------------------------------------------------- slow requests


def test_half_sent_requests_do_not_hold_up_others(kiosk: Kiosk, ledger: Ledger) -> None:
    port = kiosk.platform.port
    heads = [
        b"GET /api/v1/cata",
        b"POST /api/v1/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le",
        b"POST /api/v1/heartbeat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n",
        b'POST /api/v1/heartbeat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 400\r\n\r\n{"q',
    ]
    with contextlib.ExitStack() as stack:
        before = ledger.rows()
        slow = []
        for index in range(16):
            connection = stack.enter_context(
                socket.create_connection(("127.0.0.1", port), timeout=30)
            )
            connection.sendall(heads[index % len(heads)])
            slow.append(connection)
        # While they hang, everyone else is served.
        health = kiosk.send(Request("GET", "/healthz"))
        assert health.status == 200
        document, key = kiosk.application()
        submission = kiosk.submission(document, key)
        accepted = kiosk.send(submission)
        assert accepted.status == 201
        found = changes(before, ledger.rows())
        assert set(found) == {"applications", "application_events", "daily_serials", "seen_nonces"}
        added = found["applications"][0]
        assert column(added, "terminal_id", "local_reference") == {
            (kiosk.id, document["local_reference"])
        }
        assert column(found["seen_nonces"][0], "terminal_id", "nonce") == {
            accepted_nonce(kiosk, submission)
        }
        # A half-sent request finished late is still answered, as the unsigned request it is.
        slow[0].sendall(b"log HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        refused(read_answer(slow[0]), 401, "signature_missing")


HALF_HEADS = [
    b"",
    b"GET /api/v1/cata",
    b"POST /api/v1/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le",
    b"POST /api/v1/heartbeat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n",
]


def test_a_request_head_that_never_finishes_is_cut_off(kiosk: Kiosk, ledger: Ledger) -> None:
    """The platform closes a connection whose request head is not complete within its head
    deadline (10 s, docs "Limits, timeouts and the proxy in front"): waited for by reading
    each connection until the server closes it, never by sleeping."""
    port = kiosk.platform.port
    with writes_nothing(ledger), contextlib.ExitStack() as stack:
        connections = []
        for head in HALF_HEADS:
            connection = stack.enter_context(
                socket.create_connection(("127.0.0.1", port), timeout=HEAD_DEADLINE_S + 20)
            )
            connection.sendall(head)
            connections.append(connection)
        for connection in connections:
            try:
                received = connection.recv(65536)
            except ConnectionResetError:
                received = b""
            assert received == b"", received[:200]  # closed, with no answer
    assert kiosk.send(kiosk.sign("GET", "/api/v1/catalog")).status == 200


def test_the_ledger_sees_every_table_of_the_platform(ledger: Ledger) -> None:
    """The "nothing written" checks above are only as good as the ledger: it must read the
    platform's tables (the audit's counters aside)."""
    assert {
        "terminals",
        "enrolment_codes",
        "seen_nonces",
        "daily_serials",
        "applications",
        "application_events",
        "checkins",
        "checkouts",
    } <= set(ledger.rows())

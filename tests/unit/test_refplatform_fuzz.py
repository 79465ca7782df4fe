"""Hostile input to the platform API never makes it fail: random and mutated requests, signed or
not, get a 4xx with the error shape (or a success), never a 500.

The application runs in-process under uvicorn on a thread; a 500 would also log an ERROR in
this process, which the root conftest turns into a failure.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.sync.signing import sign_request
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.settings import Settings
from tests.support.applications import ITEM_CODE, sealed_application
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

TERMINAL = "CQ-FZ-0001"
PATHS = [
    "/healthz",
    "/api/v1/enrolments",
    "/api/v1/catalog",
    "/api/v1/calendar",
    "/api/v1/trust-list",
    "/api/v1/applications",
    "/api/v1/applications/CQ20261123000001",
    "/api/v1/applications?local_reference=x",
    "/api/v1/checkins",
    "/api/v1/checkouts",
    "/api/v1/help-requests",
    "/api/v1/heartbeat",
]
POSTS = [
    "/api/v1/enrolments",
    "/api/v1/applications",
    "/api/v1/checkins",
    "/api/v1/checkouts",
    "/api/v1/help-requests",
    "/api/v1/heartbeat",
]
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)


class Fuzzed:
    def __init__(self, platform: InProcessPlatform) -> None:
        self.platform = platform
        self.key, self.sealing_key = platform.enrol(TERMINAL)
        self.session = requests.Session()

    def valid_application(self) -> dict[str, Any]:
        return {
            "local_reference": "CQ-FZ-0001-1",
            "sequence": 1,
            "item_code": ITEM_CODE,
            "queued_at": "2026-11-23T10:15:00+08:00",
            "sealed": sealed_application(self.sealing_key, TERMINAL, "CQ-FZ-0001-1", "k" * 20),
        }

    def send(self, prepared: requests.PreparedRequest) -> requests.Response:
        return self.session.send(prepared, timeout=30)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet) -> Iterator[Fuzzed]:
    data_dir = tmp_path_factory.mktemp("fuzz") / "platform"
    with in_process_refplatform(Settings(data_dir=data_dir, keys_dir=demo_keys.folder)) as p:
        target = Fuzzed(p)
        yield target
        target.session.close()


def check(answer: requests.Response) -> None:
    assert answer.status_code < 500, answer.text
    assert "Date" in answer.headers
    if answer.status_code >= 400 and answer.request.method != "HEAD":
        error = answer.json()["error"]
        if error["code"] in {"application_invalid", "checkin_invalid", "checkout_invalid"}:
            assert set(error) == {"code", "message", "details"}
        else:
            assert set(error) == {"code", "message"}


header_text = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=80
)
header_names = st.sampled_from(
    [
        "Signature",
        "Signature-Input",
        "Content-Digest",
        "Idempotency-Key",
        "If-None-Match",
        "Content-Type",
        "Content-Length",
        "X-Anything",
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)
idempotency_keys = st.one_of(
    st.just(None), header_text, st.text(alphabet="abcXYZ019_-", min_size=16, max_size=64)
)


@FUZZ
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]),
    path=st.sampled_from(PATHS) | st.text(max_size=30).map(lambda text: "/api/v1/" + text),
    headers=st.dictionaries(header_names, header_text, max_size=5),
    body=st.binary(max_size=300),
)
def test_unsigned_random_requests(
    fuzzed: Fuzzed, method: str, path: str, headers: dict[str, str], body: bytes
) -> None:
    headers.pop("Content-Length", None)
    prepared = requests.Request(
        method, fuzzed.platform.url(path), data=body or None, headers=headers
    ).prepare()
    check(fuzzed.send(prepared))


@FUZZ
@given(
    path=st.sampled_from(POSTS),
    document=json_values,
    key=idempotency_keys,
    raw=st.booleans(),
    noise=st.binary(max_size=200),
)
def test_signed_random_bodies(  # noqa: PLR0917 - one argument per generated part
    fuzzed: Fuzzed, path: str, document: Any, key: str | None, raw: bool, noise: bytes
) -> None:
    body = noise if raw else json.dumps(document).encode()
    headers = {"Content-Type": "application/json"}
    if key is not None:
        headers["Idempotency-Key"] = key
    prepared = requests.Request("POST", fuzzed.platform.url(path), data=body, headers=headers)
    signed = prepared.prepare()
    sign_request(signed, key_id=TERMINAL, key=fuzzed.key, body=body, created=datetime.now(UTC))
    check(fuzzed.send(signed))


@FUZZ
@given(
    path=st.sampled_from(["/api/v1/applications", "/api/v1/checkins", "/api/v1/checkouts"]),
    field=st.sampled_from(
        ["local_reference", "sequence", "item_code", "queued_at", "sealed", "extra"]
    ),
    value=json_values,
)
def test_signed_mutated_submissions(fuzzed: Fuzzed, path: str, field: str, value: Any) -> None:
    document = fuzzed.valid_application()
    if not path.endswith("applications"):
        document.pop("item_code")
    document[field] = value
    answer = fuzzed.platform.signed(
        "POST",
        path,
        TERMINAL,
        fuzzed.key,
        body=json.dumps(document).encode(),
        headers={"Idempotency-Key": secrets.token_urlsafe(24)},
        session=fuzzed.session,
    )
    check(answer)


@FUZZ
@given(
    header=st.sampled_from(["Signature", "Signature-Input", "Content-Digest"]),
    position=st.integers(min_value=0, max_value=400),
    replacement=header_text,
    duplicate=st.booleans(),
)
def test_mangled_signature_headers(
    fuzzed: Fuzzed, header: str, position: int, replacement: str, duplicate: bool
) -> None:
    body = json.dumps({"queue_depth": 1}).encode()
    prepared = requests.Request(
        "POST",
        fuzzed.platform.url("/api/v1/heartbeat"),
        data=body,
        headers={"Content-Type": "application/json"},
    ).prepare()
    sign_request(prepared, key_id=TERMINAL, key=fuzzed.key, body=body, created=datetime.now(UTC))
    original = prepared.headers[header]
    cut = position % (len(original) + 1)
    mangled = original[:cut] + replacement + original[cut + len(replacement) :]
    prepared.headers[header] = f"{original}, {mangled}" if duplicate else mangled
    answer = fuzzed.send(prepared)
    check(answer)
    assert answer.status_code in {401, 422}


def test_a_foreign_key_cannot_enrol_over_a_terminal(fuzzed: Fuzzed) -> None:
    intruder = ed25519.Ed25519PrivateKey.generate()
    answer = fuzzed.platform.enrolment_request(TERMINAL, "AAAA-BBBB-CCCC", intruder)
    assert answer.status_code == 403
    own = fuzzed.platform.signed("GET", "/api/v1/catalog", TERMINAL, fuzzed.key)
    assert own.status_code == 200


def test_paths_outside_the_api(fuzzed: Fuzzed) -> None:
    for path in ("/", "/api", "/api/v2/catalog", "/../../etc/passwd", "/api/v1/docs/x"):
        check(requests.get(fuzzed.platform.url(path), timeout=10))

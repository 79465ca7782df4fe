"""The platform's public receipt-status endpoint and the terminals' status keys: a genuine
receipt's QR code resolves (by acceptance number, by local reference, or as not yet received);
a forged or unknown one gets the same 404; malformed input a 400, never a 500."""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain.receipt import status_content, status_url
from kiosk.sync.sealing import SealingPublicKey
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.receipt_page import choose_language
from refplatform.server.settings import Settings
from tests.support.applications import ITEM_CODE, sealed_application
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

START = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # 4 December, 1 a.m. in Beijing
TERMINAL = "CQ-YB-0001"
LOCAL = f"{TERMINAL}-20261204-000001"
STATUS = "/api/v1/receipt-status"


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet
) -> Iterator[InProcessPlatform]:
    folder = tmp_path_factory.mktemp("platform")
    clock = FakeClock(START)
    settings = Settings(data_dir=folder, keys_dir=demo_keys.folder, clock=clock)
    with in_process_refplatform(settings) as running:
        yield running


def _enrol(platform: InProcessPlatform, terminal_id: str) -> tuple[Any, SealingPublicKey, bytes]:
    key = ed25519.Ed25519PrivateKey.generate()
    code = platform.enrol_code(terminal_id, START)
    answer = platform.enrolment_request(terminal_id, code, key, created=START)
    assert answer.status_code == 201, answer.text
    document = answer.json()
    status_key = base64.b64decode(document["status_key"], validate=True)
    return key, SealingPublicKey.from_document(document["sealing_key"]), status_key


@pytest.fixture(scope="module")
def enrolled(platform: InProcessPlatform) -> dict[str, Any]:
    key, sealing, status_key = _enrol(platform, TERMINAL)
    idempotency_key = secrets.token_urlsafe(24)
    body = json.dumps(
        {
            "local_reference": LOCAL,
            "sequence": 1,
            "item_code": ITEM_CODE,
            "queued_at": "2026-12-04T01:00:00+08:00",
            "sealed": sealed_application(
                sealing, TERMINAL, LOCAL, idempotency_key, consented_at=START
            ),
        }
    ).encode()
    answer = platform.signed(
        "POST",
        "/api/v1/applications",
        TERMINAL,
        key,
        body=body,
        created=START,
        headers={"Idempotency-Key": idempotency_key},
    )
    assert answer.status_code == 201, answer.text
    return {"key": key, "status_key": status_key, "accepted": answer.json()}


def _status(platform: InProcessPlatform, code: str) -> requests.Response:
    return requests.get(platform.url(STATUS), params={"code": code}, timeout=10)


def test_enrolment_gives_a_32_byte_status_key_kept_across_enrolments(
    platform: InProcessPlatform, enrolled: dict[str, Any]
) -> None:
    assert len(enrolled["status_key"]) == 32
    _, _, again = _enrol(platform, TERMINAL)  # a new code, a new signing key: same status key
    assert again == enrolled["status_key"]
    _, _, other = _enrol(platform, "SC-CD-0002")
    assert other != enrolled["status_key"]


def test_a_genuine_acceptance_number_resolves(
    platform: InProcessPlatform, enrolled: dict[str, Any]
) -> None:
    number = enrolled["accepted"]["acceptance_number"]
    answer = _status(platform, status_content(number, enrolled["status_key"]))
    assert answer.status_code == 200
    status = answer.json()
    assert status["genuine"] and status["acceptance_number"] == number
    assert (status["state"], status["item_code"], status["terminal_id"]) == (
        "accepted",
        ITEM_CODE,
        TERMINAL,
    )
    assert status["promised_date"] == enrolled["accepted"]["promised_date"]
    at = enrolled["accepted"]["accepted_at"]
    assert status["history"] == [
        {"state": "received", "at": at, "reason": None, "note": None},
        {"state": "accepted", "at": at, "reason": None, "note": None},
    ]


def test_a_genuine_local_reference_resolves_to_its_application(
    platform: InProcessPlatform, enrolled: dict[str, Any]
) -> None:
    answer = _status(platform, status_content(LOCAL, enrolled["status_key"]))
    assert answer.status_code == 200
    assert answer.json()["acceptance_number"] == enrolled["accepted"]["acceptance_number"]


def test_a_genuine_receipt_not_received_yet_says_so(
    platform: InProcessPlatform, enrolled: dict[str, Any]
) -> None:
    waiting = f"{TERMINAL}-20261204-000002"
    answer = _status(platform, status_content(waiting, enrolled["status_key"]))
    assert answer.status_code == 200
    status = answer.json()
    assert status["state"] == "not_yet_received" and status["terminal_id"] == TERMINAL
    assert status["history"] == []
    assert status["acceptance_number"] is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda e: status_content(e["accepted"]["acceptance_number"], b"a guessed key"),
        lambda e: status_content(LOCAL, secrets.token_bytes(32)),
        lambda e: status_content(f"{TERMINAL}-20261204-000009", b"another key"),
        lambda e: status_content("SC20991231000001", e["status_key"]),  # unknown number
        lambda e: status_content("XX-NONE-1-20261204-000001", e["status_key"]),  # no terminal
    ],
    ids=["number-wrong-key", "local-wrong-key", "waiting-wrong-key", "unknown", "no-terminal"],
)
def test_forged_and_unknown_codes_get_the_same_404(
    platform: InProcessPlatform, enrolled: dict[str, Any], forge: Any
) -> None:
    answer = _status(platform, forge(enrolled))
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "receipt_not_genuine"


def test_another_terminal_cannot_shadow_or_vouch_for_a_local_reference(
    platform: InProcessPlatform, enrolled: dict[str, Any]
) -> None:
    intruder = "SC-CD-0004"
    key, sealing, intruder_status = _enrol(platform, intruder)
    idempotency_key = secrets.token_urlsafe(24)
    body = json.dumps(
        {
            "local_reference": LOCAL,  # another terminal's reference
            "sequence": 1,
            "item_code": ITEM_CODE,
            "queued_at": "2026-12-04T01:00:00+08:00",
            "sealed": sealed_application(
                sealing, intruder, LOCAL, idempotency_key, consented_at=START
            ),
        }
    ).encode()
    sent = platform.signed(
        "POST",
        "/api/v1/applications",
        intruder,
        key,
        body=body,
        created=START,
        headers={"Idempotency-Key": idempotency_key},
    )
    assert sent.status_code == 201
    genuine = _status(platform, status_content(LOCAL, enrolled["status_key"]))
    assert genuine.status_code == 200
    assert genuine.json()["acceptance_number"] == enrolled["accepted"]["acceptance_number"]
    assert _status(platform, status_content(LOCAL, intruder_status)).status_code == 404


def test_another_terminals_key_does_not_verify(
    platform: InProcessPlatform, enrolled: dict[str, Any]
) -> None:
    _, _, other = _enrol(platform, "SC-CD-0003")
    answer = _status(platform, status_content(LOCAL, other))
    assert answer.status_code == 404


@pytest.mark.parametrize("code", ["", "KSK1", "KSK1:abc", "KSK2:A:AAAAAAAAAAAAA", "x" * 300])
def test_malformed_codes_are_a_400(platform: InProcessPlatform, code: str) -> None:
    answer = _status(platform, code)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "bad_request"
    assert requests.get(platform.url(STATUS), timeout=10).status_code == 400  # no code at all


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(st.text(max_size=120) | st.from_regex(r"KSK1:[A-Za-z0-9._-]{1,40}:[A-Z2-7]{13}"))
def test_no_input_makes_the_endpoint_fail(platform: InProcessPlatform, code: str) -> None:
    answer = _status(platform, code)
    assert answer.status_code in (400, 404), (code, answer.status_code)
    assert answer.json()["error"]["code"] in ("bad_request", "receipt_not_genuine")


def test_the_status_page_of_a_genuine_receipt_and_its_headers(
    platform: InProcessPlatform, enrolled: dict[str, Any]
) -> None:
    number = enrolled["accepted"]["acceptance_number"]
    url = status_url(platform.url(""), status_content(number, enrolled["status_key"]))
    assert requests.get(platform.url(STATUS), params={"code": url}, timeout=10).status_code == 200
    page = requests.get(url, headers={"Accept-Language": "en;q=0.5, zh-CN"}, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Language"] == "zh-CN"
    assert page.headers["Content-Type"].startswith("text/html")
    assert "script-src" not in page.headers["Content-Security-Policy"]
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert page.headers["Cache-Control"] == "no-store"
    assert "<script" not in page.text and number in page.text and "北京时间" in page.text
    english = requests.get(url, params={"lang": "en"}, timeout=10)
    assert english.headers["Content-Language"] == "en" and "Beijing time" in english.text


@pytest.mark.parametrize(
    "code", ["x", "KSK1:<b>x<b>:AAAAAAAAAAAAA", "KSK1:CQ20991231000001:AAAAAAAAAAAAA", "x" * 900]
)
def test_the_status_page_of_anything_else_is_one_neutral_404(
    platform: InProcessPlatform, code: str
) -> None:
    page = requests.get(platform.url(f"/r/{quote(code, safe=':')}"), timeout=10)
    neutral = requests.get(platform.url("/r/x"), timeout=10)
    assert page.status_code == 404 and page.text == neutral.text
    assert "<b>" not in page.text


@pytest.mark.parametrize(
    ("requested", "header", "expected"),
    [
        (None, None, "zh"),
        (None, "en-US,en;q=0.9", "en"),
        (None, "fr, en;q=0.2, zh;q=0.8", "zh"),
        (None, "zh;q=0, en;q=nan", "zh"),
        ("en", "zh", "en"),
        ("de", "en", "en"),
    ],
)
def test_the_page_language(requested: str | None, header: str | None, expected: str) -> None:
    assert choose_language(requested, header) == expected


@given(st.text(max_size=60), st.text(max_size=200))
def test_any_accept_language_gives_a_language(requested: str, header: str) -> None:
    assert choose_language(requested, header) in ("zh", "en")

"""The reference platform as a real ``refplatform serve`` process on loopback.

Every test talks HTTP to the running server, signing as the kiosk signs. The whole module runs
once on SQLite (one process) and, when ``KIOSK_TEST_POSTGRES_URL`` is set, once more on PostgreSQL
served by two worker processes (``refplatform serve --workers 2``).
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import func, select

from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.timezone import CHINA_TIME
from kiosk.domain.workdays import HolidayCalendar, bundled_calendar
from kiosk.sync.documents import DocumentKind, open_document
from kiosk.sync.sealing import SealContext, SealingPublicKey, seal, seal_legacy
from kiosk.sync.signing import sign_request
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.database import PlatformDatabase
from refplatform.server.models import Application
from tests.support.applications import (
    ENTERPRISE_ITEM_CODE,
    ID_NUMBER,
    ITEM_CODE,
    application_payload,
    envelope,
)
from tests.support.checkins import checkin_payload, sealed_record
from tests.support.refplatform_process import (
    RefPlatform,
    database_backends,
    public_pem,
    refplatform_on,
    running_refplatform,
    signed_request,
)

pytestmark = pytest.mark.e2e
NUMBER = re.compile(r"CQ(\d{8})(\d{6})")


@pytest.fixture(scope="module", params=database_backends())
def platform(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    demo_keys: DemoKeySet,
) -> Iterator[RefPlatform]:
    data_dir = tmp_path_factory.mktemp(f"platform-{request.param}") / "data"
    with refplatform_on(request.param, data_dir, demo_keys.folder) as platform:
        yield platform


_counter = iter(range(1, 10_000))


def new_terminal_id() -> str:
    return f"CQ-YB-{next(_counter):04d}"


class Terminal:
    """An enrolled test terminal talking to the platform."""

    def __init__(self, platform: RefPlatform, terminal_id: str | None = None) -> None:
        self.platform = platform
        self.id = terminal_id or new_terminal_id()
        self.key, self.sealing_key = platform.enrol(self.id)
        self.keys: dict[str, str] = {}  # the idempotency key each reference was sealed for

    def get(self, path: str, **options: Any) -> requests.Response:
        return self.platform.signed("GET", path, self.id, self.key, **options)

    def post(self, path: str, document: Any, **options: Any) -> requests.Response:
        body = document if isinstance(document, bytes) else json.dumps(document).encode()
        return self.platform.signed("POST", path, self.id, self.key, body=body, **options)

    def application(
        self,
        item_code: str = ITEM_CODE,
        *,
        key: str | None = None,
        payload: dict[str, Any] | None = None,
        **changes: Any,
    ) -> dict[str, Any]:
        """A valid application body (``payload``, else the prepared one of ``item_code``)
        sealed for its own reference and ``key`` (random unless given; ``submit`` sends it
        under that key)."""
        reference = f"{self.id}-20261123-{secrets.randbelow(10**6):06d}"
        key = key or secrets.token_urlsafe(24)
        self.keys[reference] = key
        if payload is None:  # an unknown item gets the other's payload (it is refused first)
            prepared = item_code in (ITEM_CODE, ENTERPRISE_ITEM_CODE)
            payload = application_payload(item_code if prepared else ITEM_CODE)
        plaintext = envelope("application", reference, payload)
        sealed = seal(
            plaintext, self.sealing_key, SealContext("application", self.id, reference, key)
        )
        document = {
            "local_reference": reference,
            "sequence": secrets.randbelow(1000),
            "item_code": item_code,
            "queued_at": "2026-11-23T10:15:00+08:00",
            "sealed": base64.b64encode(sealed).decode(),
        }
        document.update(changes)
        return document

    def submit(self, document: Any, key: str | None = None) -> requests.Response:
        """Post ``document`` under ``key``, else the key it was sealed for, else a random one."""
        reference = document.get("local_reference") if isinstance(document, dict) else None
        key = key or self.keys.get(str(reference)) or secrets.token_urlsafe(24)
        return self.post("/api/v1/applications", document, headers={"Idempotency-Key": key})


def error_code(answer: requests.Response) -> str:
    code: str = answer.json()["error"]["code"]
    return code


# --------------------------------------------------------------------------- unsigned parts


def test_health_openapi_and_docs_are_unsigned(platform: RefPlatform) -> None:
    health = requests.get(platform.url("/healthz"), timeout=10)
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}
    skew = parsedate_to_datetime(health.headers["Date"]) - datetime.now(UTC)
    assert abs(skew) < timedelta(minutes=1)
    document = requests.get(platform.url("/api/v1/openapi.json"), timeout=10).json()
    paths = set(document["paths"])
    assert {
        "/api/v1/enrolments",
        "/api/v1/catalog",
        "/api/v1/calendar",
        "/api/v1/trust-list",
        "/api/v1/applications",
        "/api/v1/applications/{acceptance_number}",
        "/api/v1/checkins",
        "/api/v1/checkouts",
        "/api/v1/help-requests",
        "/api/v1/heartbeat",
    } <= paths
    post = document["paths"]["/api/v1/applications"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert set(schema["required"]) >= {"local_reference", "item_code", "sealed"}
    docs = requests.get(platform.url("/api/v1/docs"), timeout=10)
    assert docs.status_code == 200
    assert "swagger" in docs.text.lower()


def test_unknown_routes_and_methods_have_the_error_shape(platform: RefPlatform) -> None:
    missing = requests.get(platform.url("/api/v1/nothing"), timeout=10)
    assert missing.status_code == 404
    assert error_code(missing) == "not_found"
    assert "Date" in missing.headers
    wrong = requests.delete(platform.url("/api/v1/catalog"), timeout=10)
    assert wrong.status_code == 405
    assert set(wrong.json()["error"]) == {"code", "message"}


# --------------------------------------------------------------------------- signatures


def test_every_401(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    unsigned = requests.get(platform.url("/api/v1/catalog"), timeout=10)
    assert (unsigned.status_code, error_code(unsigned)) == (401, "signature_missing")
    assert "Date" in unsigned.headers

    stranger = ed25519.Ed25519PrivateKey.generate()
    unknown = platform.signed("GET", "/api/v1/catalog", "CQ-XX-9999", stranger)
    assert (unknown.status_code, error_code(unknown)) == (401, "unknown_key")

    wrong_key = platform.signed("GET", "/api/v1/catalog", terminal.id, stranger)
    assert (wrong_key.status_code, error_code(wrong_key)) == (401, "signature_invalid")

    for offset in (timedelta(seconds=-400), timedelta(seconds=400)):
        stale = terminal.get("/api/v1/catalog", created=datetime.now(UTC) + offset)
        assert (stale.status_code, error_code(stale)) == (401, "signature_stale")

    nonce = secrets.token_urlsafe(16)
    assert terminal.get("/api/v1/catalog", nonce=nonce).status_code == 200
    replayed = terminal.get("/api/v1/catalog", nonce=nonce)
    assert (replayed.status_code, error_code(replayed)) == (401, "nonce_replayed")

    body = json.dumps(terminal.application()).encode()
    prepared = requests.Request(
        "POST",
        platform.url("/api/v1/applications"),
        data=body,
        headers={"Content-Type": "application/json", "Idempotency-Key": "k" * 20},
    ).prepare()
    sign_request(
        prepared, key_id=terminal.id, key=terminal.key, body=body, created=datetime.now(UTC)
    )
    prepared.body = body.replace(ITEM_CODE.encode(), b"CY-GA-003")
    with requests.Session() as session:
        tampered = session.send(prepared, timeout=10)
    assert (tampered.status_code, error_code(tampered)) == (401, "signature_invalid")

    # A signed URL used for another path fails too.
    prepared = requests.Request("GET", platform.url("/api/v1/catalog")).prepare()
    sign_request(
        prepared, key_id=terminal.id, key=terminal.key, body=None, created=datetime.now(UTC)
    )
    prepared.url = platform.url("/api/v1/calendar")
    with requests.Session() as session:
        moved = session.send(prepared, timeout=10)
    assert (moved.status_code, error_code(moved)) == (401, "signature_invalid")


def test_a_terminal_clock_slightly_behind_is_accepted(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    behind = terminal.get("/api/v1/catalog", created=datetime.now(UTC) - timedelta(seconds=250))
    assert behind.status_code == 200


def test_a_terminal_clock_slightly_ahead_is_accepted(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    ahead = terminal.get("/api/v1/catalog", created=datetime.now(UTC) + timedelta(seconds=60))
    assert ahead.status_code == 200


def test_oversized_bodies_are_refused(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    answer = terminal.post("/api/v1/heartbeat", b"{" + b" " * (600 * 1024) + b"}")
    assert (answer.status_code, error_code(answer)) == (413, "too_large")


# --------------------------------------------------------------------------- enrolment


def test_enrolment_gives_the_sealing_key_and_codes_work_once(platform: RefPlatform) -> None:
    terminal_id = new_terminal_id()
    code = platform.enrol_code(terminal_id)
    key = ed25519.Ed25519PrivateKey.generate()
    first = platform.enrolment_request(terminal_id, code, key)
    assert first.status_code == 201
    answer = first.json()
    assert answer["terminal_id"] == terminal_id
    SealingPublicKey.from_document(answer["sealing_key"])
    datetime.fromisoformat(answer["enrolled_at"])
    again = platform.enrolment_request(terminal_id, code, ed25519.Ed25519PrivateKey.generate())
    assert (again.status_code, error_code(again)) == (409, "enrolment_code_used")
    assert platform.signed("GET", "/api/v1/catalog", terminal_id, key).status_code == 200

    # Enrolling again with a new code replaces the key.
    new_key = ed25519.Ed25519PrivateKey.generate()
    replaced = platform.enrolment_request(terminal_id, platform.enrol_code(terminal_id), new_key)
    assert replaced.status_code == 201
    assert platform.signed("GET", "/api/v1/catalog", terminal_id, new_key).status_code == 200
    old = platform.signed("GET", "/api/v1/catalog", terminal_id, key)
    assert (old.status_code, error_code(old)) == (401, "signature_invalid")


def test_wrong_expired_and_foreign_codes_are_refused(platform: RefPlatform) -> None:
    terminal_id = new_terminal_id()
    key = ed25519.Ed25519PrivateKey.generate()
    wrong = platform.enrolment_request(terminal_id, "AAAA-BBBB-CCCC", key)
    assert (wrong.status_code, error_code(wrong)) == (403, "enrolment_code_invalid")
    expired_code = platform.enrol_code(terminal_id, now=datetime.now(UTC) - timedelta(hours=25))
    expired = platform.enrolment_request(terminal_id, expired_code, key)
    assert (expired.status_code, error_code(expired)) == (403, "enrolment_code_invalid")
    foreign_code = platform.enrol_code(new_terminal_id())
    foreign = platform.enrolment_request(terminal_id, foreign_code, key)
    assert (foreign.status_code, error_code(foreign)) == (403, "enrolment_code_invalid")
    # The code is typed on a touch screen: case and dashes do not matter.
    code = platform.enrol_code(terminal_id)
    typed = platform.enrolment_request(terminal_id, code.replace("-", "").lower(), key)
    assert typed.status_code == 201


def test_enrolment_needs_proof_of_possession(platform: RefPlatform) -> None:
    terminal_id = new_terminal_id()
    code = platform.enrol_code(terminal_id)
    key = ed25519.Ed25519PrivateKey.generate()
    body = json.dumps({"terminal_id": terminal_id, "code": code, "public_key": "x"}).encode()
    unsigned = requests.post(platform.url("/api/v1/enrolments"), data=body, timeout=10)
    assert (unsigned.status_code, error_code(unsigned)) == (401, "signature_missing")
    not_a_key = signed_request(
        "POST", platform.url("/api/v1/enrolments"), terminal_id, key, body=body
    )
    assert (not_a_key.status_code, error_code(not_a_key)) == (422, "validation_failed")
    # Signed with another key than the one being enrolled.
    other = ed25519.Ed25519PrivateKey.generate()
    document = {"terminal_id": terminal_id, "code": code, "public_key": public_pem(key)}
    mismatch = signed_request(
        "POST",
        platform.url("/api/v1/enrolments"),
        terminal_id,
        other,
        body=json.dumps(document).encode(),
    )
    assert (mismatch.status_code, error_code(mismatch)) == (401, "signature_invalid")
    assert platform.enrolment_request(terminal_id, code, key).status_code == 201


def test_enrol_code_command(platform: RefPlatform) -> None:
    terminal_id = new_terminal_id()
    done = platform.cli("enrol-code", terminal_id)
    assert done.returncode == 0, done.stderr
    code = done.stdout.strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    key = ed25519.Ed25519PrivateKey.generate()
    assert platform.enrolment_request(terminal_id, code, key).status_code == 201
    bad = platform.cli("enrol-code", "not a terminal")
    assert bad.returncode == 2
    assert "CQ-YB-0001" in bad.stderr


# --------------------------------------------------------------------------- published documents


@pytest.mark.parametrize("path", ["/api/v1/catalog", "/api/v1/calendar", "/api/v1/trust-list"])
def test_documents_are_signed_with_etags(
    platform: RefPlatform, demo_keys: DemoKeySet, path: str
) -> None:
    terminal = Terminal(platform)
    answer = terminal.get(path)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/cose"
    etag = answer.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = terminal.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    assert terminal.get(path, headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    assert terminal.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    anchor = demo_keys.anchor.public_key()
    if path.endswith("catalog"):
        opened = open_document(answer.content, DocumentKind.CATALOG, anchor)
        assert opened.content == bundled_catalog().to_document()
    elif path.endswith("calendar"):
        opened = open_document(answer.content, DocumentKind.CALENDAR, anchor)
        assert HolidayCalendar.from_document(opened.content) == bundled_calendar()


# --------------------------------------------------------------------------- applications


def test_an_application_is_accepted_with_a_number_and_promised_date(
    platform: RefPlatform,
) -> None:
    terminal = Terminal(platform)
    document = terminal.application(ITEM_CODE)
    before = datetime.now(CHINA_TIME).date()
    answer = terminal.submit(document)
    after = datetime.now(CHINA_TIME).date()
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert set(body) == {
        "acceptance_number",
        "local_reference",
        "state",
        "accepted_at",
        "promised_date",
        "promised_date_estimated",
    }
    match = NUMBER.fullmatch(body["acceptance_number"])
    assert match is not None
    day = datetime.strptime(match.group(1), "%Y%m%d").date()  # noqa: DTZ007 - a date only
    assert before <= day <= after
    assert body["local_reference"] == document["local_reference"]
    assert body["state"] == "accepted"
    working_days = bundled_catalog().item(ITEM_CODE).working_days  # type: ignore[union-attr]
    expected = bundled_calendar().promised_date(day, working_days)
    assert body["promised_date"] == expected.date.isoformat()
    assert body["promised_date_estimated"] is expected.estimated
    assert date.fromisoformat(body["promised_date"]) > day
    second = terminal.submit(terminal.application(ENTERPRISE_ITEM_CODE))
    number = NUMBER.fullmatch(second.json()["acceptance_number"])
    assert number is not None
    assert int(number.group(2)) > int(match.group(2))


def test_the_same_key_replays_or_conflicts(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    key = secrets.token_urlsafe(24)
    document = terminal.application(key=key)
    first = terminal.submit(document, key)
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    again = terminal.submit(document, key)
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    changed = terminal.submit({**document, "sequence": document["sequence"] + 1}, key)
    assert (changed.status_code, error_code(changed)) == (409, "idempotency_conflict")
    # Keys belong to a terminal: another terminal may use the same key.
    other = Terminal(platform)
    assert other.submit(other.application(key=key), key).status_code == 201


def test_concurrent_duplicates_make_one_row(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    key = secrets.token_urlsafe(24)
    body = json.dumps(terminal.application(key=key)).encode()
    senders = 8
    barrier = threading.Barrier(senders)
    answers: list[requests.Response] = []
    lock = threading.Lock()

    def send() -> None:
        barrier.wait(timeout=30)
        answer = terminal.post("/api/v1/applications", body, headers={"Idempotency-Key": key})
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=send) for _ in range(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == senders
    assert sorted(answer.status_code for answer in answers) == [200] * (senders - 1) + [201]
    assert len({json.dumps(answer.json(), sort_keys=True) for answer in answers}) == 1
    database = PlatformDatabase.open(platform.settings().resolved_database_url)
    try:
        with database.session() as session:
            rows = session.execute(
                select(func.count())
                .select_from(Application)
                .where(Application.terminal_id == terminal.id)
            ).scalar_one()
    finally:
        database.close()
    assert rows == 1


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"item_code": "NO-SUCH-ITEM"}, 422, "unknown_item"),
        (
            {"sealed": base64.b64encode(b"not sealed at all").decode()},
            422,
            "sealed_payload_invalid",
        ),
        ({"sealed": "%%% not base64"}, 422, "sealed_payload_invalid"),
        ({"sequence": "42"}, 422, "validation_failed"),
        ({"queued_at": "2026-11-23T10:15:00"}, 422, "validation_failed"),
        ({"extra": True}, 422, "validation_failed"),
    ],
)
def test_bad_applications_are_refused(
    platform: RefPlatform, change: dict[str, Any], status: int, code: str
) -> None:
    terminal = Terminal(platform)
    answer = terminal.submit(terminal.application(**change))
    assert (answer.status_code, error_code(answer)) == (status, code)


def test_request_shape_errors(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    document = terminal.application()
    reference = document["local_reference"]
    context = SealContext("checkin", terminal.id, reference, terminal.keys[reference])
    sealed_as_checkin = seal(b"{}", terminal.sealing_key, context)
    wrong_kind = terminal.submit(
        {**document, "sealed": base64.b64encode(sealed_as_checkin).decode()}
    )
    assert (wrong_kind.status_code, error_code(wrong_kind)) == (422, "sealed_payload_invalid")
    no_key = terminal.post("/api/v1/applications", terminal.application())
    assert (no_key.status_code, error_code(no_key)) == (400, "idempotency_key_invalid")
    short = terminal.post(
        "/api/v1/applications", terminal.application(), headers={"Idempotency-Key": "short"}
    )
    assert (short.status_code, error_code(short)) == (400, "idempotency_key_invalid")
    not_json = terminal.submit(b"{not json")
    assert (not_json.status_code, error_code(not_json)) == (400, "bad_request")
    missing = terminal.submit({"local_reference": "x"})
    assert (missing.status_code, error_code(missing)) == (422, "validation_failed")


# --------------------------------------------------------------------------- status and admin


def test_status_and_admin_advance(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    document = terminal.application(ENTERPRISE_ITEM_CODE)
    accepted = terminal.submit(document).json()
    number = accepted["acceptance_number"]
    status = terminal.get(f"/api/v1/applications/{number}")
    assert status.status_code == 200
    assert status.json() == {
        "acceptance_number": number,
        "local_reference": document["local_reference"],
        "item_code": ENTERPRISE_ITEM_CODE,
        "state": "accepted",
        "promised_date": accepted["promised_date"],
        "updated_at": accepted["accepted_at"],
    }
    by_reference = terminal.get("/api/v1/applications")  # no query: a bad request
    assert (by_reference.status_code, error_code(by_reference)) == (400, "bad_request")
    found = terminal.get(f"/api/v1/applications?local_reference={document['local_reference']}")
    assert found.json()["acceptance_number"] == number
    stranger = Terminal(platform)
    hidden = stranger.get(f"/api/v1/applications/{number}")
    assert (hidden.status_code, error_code(hidden)) == (404, "not_found")
    assert terminal.get("/api/v1/applications/CQ20260101999999").status_code == 404

    moved = platform.cli("admin", "advance", number)
    assert moved.returncode == 0, moved.stderr
    assert "accepted -> processing" in moved.stdout
    assert terminal.get(f"/api/v1/applications/{number}").json()["state"] == "processing"
    no_reason = platform.cli("admin", "advance", number, "--to", "returned")
    assert no_reason.returncode == 2  # a return goes with its reason
    returned = platform.cli(
        "admin", "return", number, "--reason", "information_mismatch", "--note", "请核对地址"
    )
    assert returned.returncode == 0, returned.stderr
    assert "processing -> returned (information_mismatch)" in returned.stdout
    assert terminal.get(f"/api/v1/applications/{number}").json()["state"] == "returned"
    history = stranger.get(f"/api/v1/applications/by-number/{number}/history")  # any terminal
    assert history.status_code == 200, history.text
    assert [event["state"] for event in history.json()["history"]] == [
        "received",
        "accepted",
        "processing",
        "returned",
    ]
    assert history.json()["history"][-1]["reason"] == "information_mismatch"
    assert history.json()["history"][-1]["note"] == "请核对地址"
    shown = platform.cli("admin", "history", number)
    assert shown.returncode == 0, shown.stderr
    assert "returned  information_mismatch  请核对地址" in shown.stdout
    final = platform.cli("admin", "advance", number)
    assert final.returncode == 1
    assert "returned" in final.stderr
    assert platform.cli("admin", "advance", "CQ00000000000000").returncode == 1

    listing = platform.cli("admin", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    summary = json.loads(listing.stdout)
    assert summary["applications_by_state"]["returned"] >= 1
    assert summary["terminals"] >= 2


def test_disabled_terminals_are_refused(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    assert platform.cli("admin", "disable", terminal.id).returncode == 0
    refused = terminal.get("/api/v1/catalog")
    assert (refused.status_code, error_code(refused)) == (403, "terminal_disabled")
    assert platform.cli("admin", "enable", terminal.id).returncode == 0
    assert terminal.get("/api/v1/catalog").status_code == 200


# --------------------------------------------------------------------------- heartbeat, check-in


def test_heartbeat_is_recorded(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    beat = {
        "queue_depth": 3,
        "dead_letters": 0,
        "connectivity": "online",
        "devices": {"camera": "ok", "printer": "paper_low"},
        "software_version": "0.1.0",
        "data_versions": {"catalog": "a", "calendar": "b", "trust_list": "c"},
    }
    answer = terminal.post("/api/v1/heartbeat", beat)
    assert answer.status_code == 200, answer.text
    server_time = datetime.fromisoformat(answer.json()["server_time"])
    assert abs(server_time - datetime.now(UTC)) < timedelta(minutes=1)
    summary = json.loads(platform.cli("admin", "list", "--json").stdout)
    assert terminal.id in summary["last_heartbeats"]
    # For an operator to read: one terminal a line, in Beijing time (issue 14 re-test).
    seconds = summary["last_heartbeats"][terminal.id]
    beijing = datetime.fromtimestamp(seconds, UTC).astimezone(timezone(timedelta(hours=8)))
    text = platform.cli("admin", "list").stdout.splitlines()
    assert f"  {terminal.id}  {beijing:%Y-%m-%d %H:%M} (Beijing time, UTC+8)" in text
    assert str(seconds) not in "\n".join(text)
    bad = terminal.post("/api/v1/heartbeat", {**beat, "queue_depth": -1})
    assert (bad.status_code, error_code(bad)) == (422, "validation_failed")


def test_checkins_are_recorded_once(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    key = secrets.token_urlsafe(24)
    reference = f"{terminal.id}-RZ-000001"
    document = {
        "local_reference": reference,
        "sequence": 1,
        "queued_at": "2026-11-23T22:05:00+08:00",
        "sealed": sealed_record(
            "checkin",
            terminal.sealing_key,
            terminal.id,
            reference,
            key,
            checkin_payload(date(2026, 11, 23)),
        ),
    }
    first = terminal.post("/api/v1/checkins", document, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    body = first.json()
    assert re.fullmatch(r"CQRZ\d{14}", body["checkin_number"])
    assert body["local_reference"] == document["local_reference"]
    datetime.fromisoformat(body["recorded_at"])
    again = terminal.post("/api/v1/checkins", document, headers={"Idempotency-Key": key})
    assert (again.status_code, again.json()) == (200, body)
    assert again.headers["Idempotent-Replayed"] == "true"
    other_key = secrets.token_urlsafe(24)
    as_application = seal(
        b"{}", terminal.sealing_key, SealContext("application", terminal.id, reference, other_key)
    )
    wrong = terminal.post(
        "/api/v1/checkins",
        {**document, "sealed": base64.b64encode(as_application).decode()},
        headers={"Idempotency-Key": other_key},
    )
    assert (wrong.status_code, error_code(wrong)) == (422, "sealed_payload_invalid")


def test_the_sealed_payload_is_not_logged(platform: RefPlatform) -> None:
    terminal = Terminal(platform)
    marker = "张三-510104199001011234"
    applicant = {"credential": "eid", "name": marker, "number": ID_NUMBER, "region": "CQ"}
    document = terminal.application(payload=application_payload(applicant=applicant))
    assert terminal.submit(document).status_code == 201
    logs = Path(platform.data_dir / "logs" / "refplatform.log.jsonl").read_text(encoding="utf-8")
    assert "accepted from" in logs
    assert marker not in logs
    assert marker not in platform.stderr_text()


# --------------------------------------------------------------------------- sealed payloads


def test_another_terminals_sealed_payload_is_refused(platform: RefPlatform) -> None:
    """Cut and paste (issue 13): terminal B, with its own key and signature, posts terminal A's
    ciphertext under its own request, under A's reference, and under A's reference and key."""
    a, b = Terminal(platform), Terminal(platform)
    original = a.application()
    reference = original["local_reference"]
    own = b.application()
    attempts = [
        {**own, "sealed": original["sealed"]},  # B's reference and key
        {**original, "local_reference": reference},  # A's reference, B's new key
    ]
    for document in attempts:
        answer = b.submit(document)
        assert (answer.status_code, error_code(answer)) == (422, "sealed_payload_invalid")
    under_as_key = b.submit(original, a.keys[reference])
    assert (under_as_key.status_code, error_code(under_as_key)) == (422, "sealed_payload_invalid")
    assert a.submit(original).status_code == 201  # A's own request still goes through
    for reference_of_b in (own["local_reference"], reference):
        found = b.get(f"/api/v1/applications?local_reference={reference_of_b}")
        assert (found.status_code, error_code(found)) == (404, "not_found")


def test_a_sealed_payload_under_a_new_key_or_reference_is_refused(platform: RefPlatform) -> None:
    """Duplicate under a new key (issue 13): the same terminal sends the ciphertext of an
    accepted application again under another idempotency key, or another local reference."""
    terminal = Terminal(platform)
    original = terminal.application()
    assert terminal.submit(original).status_code == 201
    new_key = terminal.submit(original, secrets.token_urlsafe(24))
    assert (new_key.status_code, error_code(new_key)) == (422, "sealed_payload_invalid")
    moved = {**original, "local_reference": f"{terminal.id}-20261123-999999"}
    new_reference = terminal.submit(moved, secrets.token_urlsafe(24))
    assert (new_reference.status_code, error_code(new_reference)) == (
        422,
        "sealed_payload_invalid",
    )
    found = terminal.get(f"/api/v1/applications?local_reference={moved['local_reference']}")
    assert (found.status_code, error_code(found)) == (404, "not_found")


def test_a_payload_sealed_before_the_upgrade_is_checked_inside(platform: RefPlatform) -> None:
    """A version 1 payload (kind only, queued before context version 2) is accepted once, for the
    record its plaintext names, from the terminal the reference names; never moved."""
    a, b = Terminal(platform), Terminal(platform)
    reference = f"{a.id}-20261123-000007"
    inner = {"kind": "application", "local_reference": reference, "payload": application_payload()}
    sealed = seal_legacy(json.dumps(inner).encode(), a.sealing_key, "application")
    document = {**a.application(), "local_reference": reference}
    document["sealed"] = base64.b64encode(sealed).decode()
    as_b = b.submit({**document, "local_reference": f"{b.id}-20261123-000007"})
    assert (as_b.status_code, error_code(as_b)) == (422, "sealed_payload_invalid")
    b_under_a_reference = b.submit(document)
    assert (b_under_a_reference.status_code, error_code(b_under_a_reference)) == (
        422,
        "sealed_payload_invalid",
    )
    moved = a.submit({**document, "local_reference": f"{a.id}-20261123-000008"})
    assert (moved.status_code, error_code(moved)) == (422, "sealed_payload_invalid")
    key = secrets.token_urlsafe(24)
    assert a.submit(document, key).status_code == 201
    assert a.submit(document, key).status_code == 200  # the replay still answers
    again = a.submit(document, secrets.token_urlsafe(24))
    assert (again.status_code, error_code(again)) == (422, "sealed_payload_invalid")


def legacy_document(terminal: Terminal, reference: str) -> dict[str, Any]:
    """An application body whose sealed payload is version 1 (kind only), naming ``reference``."""
    inner = {"kind": "application", "local_reference": reference, "payload": application_payload()}
    sealed = seal_legacy(json.dumps(inner).encode(), terminal.sealing_key, "application")
    document = {**terminal.application(), "local_reference": reference}
    document["sealed"] = base64.b64encode(sealed).decode()
    return document


def test_a_terminal_whose_id_prefixes_another_cannot_take_its_legacy_payload(
    platform: RefPlatform,
) -> None:
    """Cut and paste across ids (issue 13 review): ``CQ-ZZ`` and ``CQ-ZZ-01`` are both valid
    terminal ids, and ``CQ-ZZ-01``'s references start with ``CQ-ZZ-``; the reference must be
    the terminal's own whole format, not just start with its id."""
    b = Terminal(platform, "CQ-ZP" + new_terminal_id().rsplit("-", 1)[1])
    a = Terminal(platform, f"{b.id}-01")
    document = legacy_document(a, f"{a.id}-20261123-000007")
    as_b = b.submit(document, secrets.token_urlsafe(24))
    assert (as_b.status_code, error_code(as_b)) == (422, "sealed_payload_invalid")
    found = b.get(f"/api/v1/applications?local_reference={document['local_reference']}")
    assert (found.status_code, error_code(found)) == (404, "not_found")
    assert a.submit(document, secrets.token_urlsafe(24)).status_code == 201


def count_applications(platform: RefPlatform, terminal_id: str) -> int:
    database = PlatformDatabase.open(platform.settings().resolved_database_url)
    try:
        with database.session() as session:
            rows: int = session.execute(
                select(func.count())
                .select_from(Application)
                .where(Application.terminal_id == terminal_id)
            ).scalar_one()
    finally:
        database.close()
    return rows


def test_a_legacy_payload_sent_at_once_under_new_keys_makes_one_record(
    platform: RefPlatform,
) -> None:
    """Duplicate by race (issue 13 review): the "no record yet" look and the insert are apart,
    so several posts of one version 1 payload under fresh keys at once all passed the look; the
    unique (terminal, local reference) constraint lets one through, the others are refused as a
    spent payload; a retry under the winner's key still gets its answer."""
    terminal = Terminal(platform)
    body = json.dumps(legacy_document(terminal, f"{terminal.id}-20261123-000042")).encode()
    senders = 8
    keys = [secrets.token_urlsafe(24) for _ in range(senders)]
    barrier = threading.Barrier(senders)
    answers: dict[str, requests.Response] = {}
    lock = threading.Lock()

    def send(key: str) -> None:
        barrier.wait(timeout=30)
        answer = terminal.post("/api/v1/applications", body, headers={"Idempotency-Key": key})
        with lock:
            answers[key] = answer

    threads = [threading.Thread(target=send, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == senders
    statuses = sorted(answer.status_code for answer in answers.values())
    assert statuses == [201] + [422] * (senders - 1)
    assert all(
        error_code(answer) == "sealed_payload_invalid"
        for answer in answers.values()
        if answer.status_code == 422
    )
    assert count_applications(platform, terminal.id) == 1
    (winner,) = [key for key, answer in answers.items() if answer.status_code == 201]
    retry = terminal.post("/api/v1/applications", body, headers={"Idempotency-Key": winner})
    assert retry.status_code == 200
    assert retry.json() == answers[winner].json()


def test_one_local_reference_makes_one_record_whatever_the_key(platform: RefPlatform) -> None:
    """The constraint itself, without a race: two version 2 payloads sealed for one reference
    under two keys (each opens for its own request) make one record, the second is refused."""
    terminal = Terminal(platform)
    first = terminal.application()
    reference = first["local_reference"]
    assert terminal.submit(first).status_code == 201
    key = secrets.token_urlsafe(24)
    sealed = seal(
        envelope("application", reference, application_payload()),
        terminal.sealing_key,
        SealContext("application", terminal.id, reference, key),
    )
    second = {**first, "sealed": base64.b64encode(sealed).decode()}
    answer = terminal.submit(second, key)
    assert (answer.status_code, error_code(answer)) == (422, "sealed_payload_invalid")
    assert count_applications(platform, terminal.id) == 1
    assert terminal.submit(first).status_code == 200  # the first one's retry still answers


# --------------------------------------------------------------------------- worker processes


def test_several_workers_share_one_address_and_one_set_of_documents(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    """``refplatform serve --workers 2`` (here on SQLite; the whole module runs on PostgreSQL
    with two workers when it is available): announced once every worker serves, the same signed
    documents from either worker, both workers logging to the one file, a clean stop."""
    data_dir = tmp_path / "data"
    with running_refplatform(data_dir, demo_keys.folder, extra_args=("--workers", "2")) as server:
        logged = (data_dir / "logs" / "refplatform.log.jsonl").read_text(encoding="utf-8")
        starts = [json.loads(line) for line in logged.splitlines() if "Started server" in line]
        assert sorted(entry["thread"].split("/")[0] for entry in starts) == ["w0", "w1"]
        assert (data_dir / "refplatform.workers.json").stat().st_mode & 0o077 == 0
        tags = set()
        for _ in range(8):  # a new connection each request: the kernel spreads them over workers
            terminal_id = new_terminal_id()
            terminal_key, _ = server.enrol(terminal_id)
            answer = server.signed("GET", "/api/v1/trust-list", terminal_id, terminal_key)
            assert answer.status_code == 200
            tags.add(answer.headers["ETag"])
            again = server.signed(
                "GET",
                "/api/v1/trust-list",
                terminal_id,
                terminal_key,
                headers={"If-None-Match": answer.headers["ETag"]},
            )
            assert again.status_code == 304
        assert len(tags) == 1
    assert not (data_dir / "refplatform.port").exists()
    assert not (data_dir / "refplatform.workers.json").exists()
    assert not (data_dir / "refplatform.publications.json").exists()

"""A citizen's call for staff reaches the platform (issue 15, deliverable 7): real parts only.

A demo terminal (real SQLite file, real keys) enrolled with the real ``refplatform serve``
process on loopback queues the call through ``Terminal.send_staff_call`` — the host's
``StaffCaller`` — and its outbox delivers it, signed and sealed like any record:

- the platform holds it exactly once, even when the answer to the first attempt is lost (a
  fault-injecting proxy resets the connection after the platform has answered);
- the operator's list (``refplatform admin help-requests``) shows it, open, newest first, with
  the terminal, the screen and the time in Beijing time, until it is marked handled;
- the request carries no personal data: its body's keys, and the sealed payload's, are exactly
  the expected ones;
- the delivery worker, once woken, sends it without anyone draining by hand.

Runs on SQLite and, when ``KIOSK_TEST_POSTGRES_URL`` is set, on PostgreSQL too.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import tomli_w
from sqlalchemy import select

from kiosk.config.loader import load_config
from kiosk.demo import demo_document
from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.shell import StaffCall
from kiosk.runtime.clock import SystemClock
from kiosk.store.models import OutboxRecord
from kiosk.sync.delivery import LinkState, Outcome
from kiosk.sync.outbox import Status
from kiosk.sync.sealing import SealContext, SealingPrivateKey, seal
from kiosk.terminal import StaffCallResult, SyncServices, build_host
from kiosk.terminal import Terminal as KioskTerminal
from refplatform.issuer.keys import create_demo_keys
from refplatform.server.admin import help_requests, mark_help_handled
from refplatform.server.instance import open_database
from refplatform.server.models import HelpRequest
from tests.support.fault_proxy import Fault, FaultPlan, FaultProxy
from tests.support.refplatform_process import (
    Enrolment,
    RefPlatform,
    database_backends,
    refplatform_on,
)

pytestmark = pytest.mark.e2e

TERMINAL_ID = "CQ-YB-0042"
CALL = StaffCall(terminal_id=TERMINAL_ID, screen="scan", journey="apply", step="scan")


@dataclass
class Kiosk:
    opened: KioskTerminal
    sync: SyncServices


@pytest.fixture(params=database_backends())
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RefPlatform]:
    keys = tmp_path / "demo-keys"
    create_demo_keys(keys, datetime.now(UTC))
    with refplatform_on(str(request.param), tmp_path / "platform", keys) as running:
        yield running


def open_kiosk(
    folder: Path,
    platform: RefPlatform,
    url: str,
    on_link_state: Callable[[LinkState], None] | None = None,
) -> Kiosk:
    """A demo terminal whose platform address is ``url`` (the platform or a proxy before it),
    enrolled with ``platform``."""
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    document = demo_document(folder, trust_anchor_pem=anchor)
    document["terminal"]["id"] = TERMINAL_ID  # type: ignore[index]
    document["platform"]["url"] = url  # type: ignore[index]
    document["outbox"] = {"backoff_base_s": 0.1, "backoff_cap_s": 1.0, "poll_interval_s": 1.0}
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / "kiosk.toml"
    config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
    opened = KioskTerminal(load_config(config_path, {}), SystemClock(), on_link_state=on_link_state)
    opened.enrol(platform.enrol_code(TERMINAL_ID))
    return Kiosk(opened, opened.open_sync())


def platform_rows(platform: RefPlatform) -> list[HelpRequest]:
    database = open_database(platform.settings())
    try:
        with database.read_session() as session:
            rows = list(session.scalars(select(HelpRequest).order_by(HelpRequest.id)))
            session.expunge_all()
            return rows
    finally:
        database.close()


def queued_help(kiosk: Kiosk) -> tuple[bytes, str]:
    """The body and idempotency key of the one help request in the terminal's outbox."""
    database = kiosk.opened.database
    assert database is not None
    with database.session() as session:
        record = session.scalars(select(OutboxRecord).where(OutboxRecord.kind == "help")).one()
        assert record.body is not None
        return record.body, record.idempotency_key


def test_a_call_for_staff_reaches_the_platform_exactly_once_though_the_first_answer_is_lost(
    tmp_path: Path, platform: RefPlatform
) -> None:
    with ExitStack() as stack:
        host, port = platform.base_url.removeprefix("http://").split(":")
        proxy = stack.enter_context(FaultProxy((host, int(port))))
        kiosk = open_kiosk(tmp_path / "kiosk", platform, proxy.url)
        stack.callback(kiosk.opened.close)
        worker = kiosk.sync.worker
        assert worker is not None
        before = datetime.now(CHINA_TIME)

        assert kiosk.opened.send_staff_call(CALL) is StaffCallResult.QUEUED

        # The platform answers the first attempt; the answer never reaches the terminal.
        proxy.set_plan(FaultPlan(script=[Fault.RESET_RESPONSE]))
        assert kiosk.sync.sender_lock.acquire(blocking=False)
        stack.callback(kiosk.sync.sender_lock.release)
        assert worker.deliver_once() is Outcome.FAILED
        assert proxy.counts()["reset_response"] == 1
        assert len(platform_rows(platform)) == 1, "the platform recorded it; its answer was lost"
        (entry,) = kiosk.sync.outbox.entries()
        assert entry.kind == "help" and entry.status is Status.RETRY

        kiosk.sync.outbox.retry_now()  # due now, instead of waiting out the backoff
        assert worker.deliver_once() is Outcome.SENT
        assert worker.deliver_once() is Outcome.EMPTY

    (row,) = platform_rows(platform)
    (entry,) = kiosk.sync.outbox.entries()
    assert entry.status is Status.SENT
    assert entry.answer is not None
    assert entry.answer["help_number"] == row.help_number
    assert row.help_number.startswith("CQQZ")
    assert (row.terminal_id, row.screen, row.journey, row.step) == (
        TERMINAL_ID,
        "scan",
        "apply",
        "scan",
    )
    assert row.local_reference == entry.local_reference
    called = datetime.fromtimestamp(row.called_at, UTC)
    assert before - timedelta(seconds=1) <= called <= datetime.now(UTC)
    assert row.handled_at is None


def test_the_operator_lists_open_calls_newest_first_in_beijing_time_and_marks_them_handled(
    tmp_path: Path, platform: RefPlatform
) -> None:
    kiosk = open_kiosk(tmp_path / "kiosk", platform, platform.base_url)
    try:
        worker = kiosk.sync.worker
        assert worker is not None
        assert kiosk.opened.send_staff_call(CALL) is StaffCallResult.QUEUED
        home = StaffCall(terminal_id=TERMINAL_ID, screen="home", journey=None, step=None)
        assert kiosk.opened.send_staff_call(home) is StaffCallResult.QUEUED
        assert kiosk.sync.sender_lock.acquire(blocking=False)
        try:
            assert worker.drain() is Outcome.EMPTY
        finally:
            kiosk.sync.sender_lock.release()
    finally:
        kiosk.opened.close()

    listed = platform.cli("admin", "help-requests", "--json")
    assert listed.returncode == 0, listed.stderr
    listing = json.loads(listed.stdout)
    assert [(item["screen"], item["journey"], item["step"]) for item in listing] == [
        ("home", None, None),  # the newest call first
        ("scan", "apply", "scan"),
    ]
    for item in listing:
        assert item["terminal_id"] == TERMINAL_ID
        assert item["called_at"].endswith("+08:00"), "Beijing time"
        assert item["handled_at"] is None
    text = platform.cli("admin", "help-requests")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert "Beijing time" in lines[0]
    assert lines[1].startswith(listing[0]["help_number"]) and TERMINAL_ID in lines[1]
    assert "home" in lines[1] and "scan (apply/scan)" in lines[2]

    handled = platform.cli("admin", "handled", listing[0]["help_number"])
    assert handled.returncode == 0, handled.stderr
    assert "handled" in handled.stdout
    still_open = json.loads(platform.cli("admin", "help-requests", "--json").stdout)
    assert [item["help_number"] for item in still_open] == [listing[1]["help_number"]]
    everything = json.loads(platform.cli("admin", "help-requests", "--all", "--json").stdout)
    assert len(everything) == 2
    assert everything[0]["handled_at"] is not None
    assert everything[0]["handled_at"].endswith("+08:00")
    counts = json.loads(platform.cli("admin", "list", "--json").stdout)
    assert counts["open_help_requests"] == 1

    database = open_database(platform.settings())
    try:
        assert mark_help_handled(database, listing[0]["help_number"], datetime.now(UTC)) is False
        assert len(help_requests(database)) == 1
    finally:
        database.close()
    unknown = platform.cli("admin", "handled", "CQQZ20261205999999")
    assert unknown.returncode != 0


def test_a_call_for_staff_carries_no_personal_data(tmp_path: Path, platform: RefPlatform) -> None:
    kiosk = open_kiosk(tmp_path / "kiosk", platform, platform.base_url)
    try:
        assert kiosk.opened.send_staff_call(CALL) is StaffCallResult.QUEUED
        raw_body, idempotency_key = queued_help(kiosk)
        body = json.loads(raw_body)
        (entry,) = kiosk.sync.outbox.entries()
    finally:
        kiosk.opened.close()

    assert set(body) == {"local_reference", "sequence", "queued_at", "sealed"}
    assert body["local_reference"] == entry.local_reference
    assert body["queued_at"].endswith("+08:00")
    # The sealed part, opened as the platform opens it: where the citizen was, nothing else.
    key = SealingPrivateKey.load(platform.settings().sealing_key_path)
    context = SealContext("help", TERMINAL_ID, entry.local_reference, idempotency_key)
    inner = json.loads(key.open(base64.b64decode(body["sealed"]), context))
    assert set(inner) == {"kind", "local_reference", "payload"}
    assert inner["kind"] == "help"
    assert inner["payload"] == {"screen": "scan", "journey": "apply", "step": "scan"}


def test_the_running_delivery_worker_sends_a_call_as_soon_as_it_is_queued(
    tmp_path: Path, platform: RefPlatform
) -> None:
    sent = threading.Event()
    kiosks: list[Kiosk] = []

    def on_link_state(_state: LinkState) -> None:  # on the worker thread, after each change
        if kiosks and any(e.status is Status.SENT for e in kiosks[0].sync.outbox.entries()):
            sent.set()

    kiosk = open_kiosk(tmp_path / "kiosk", platform, platform.base_url, on_link_state)
    kiosks.append(kiosk)
    try:
        worker = kiosk.sync.worker
        assert worker is not None
        worker.start()
        assert kiosk.opened.send_staff_call(CALL) is StaffCallResult.QUEUED
        assert sent.wait(30), "the worker did not send the call"
    finally:
        kiosk.opened.close()
    assert len(platform_rows(platform)) == 1


# --------------------------------------------------------------------------- hostile requests


def _help_body(
    enrolment: Enrolment,
    reference: str,
    key: str,
    payload: dict[str, object],
    *,
    sealed_as: str = "help",
    inner_kind: str = "help",
) -> bytes:
    inner = {"kind": inner_kind, "local_reference": reference, "payload": payload}
    sealed = seal(
        json.dumps(inner).encode("utf-8"),
        enrolment.sealing_key,
        SealContext(sealed_as, OTHER_TERMINAL, reference, key),
    )
    body = {
        "local_reference": reference,
        "sequence": 1,
        "queued_at": datetime.now(CHINA_TIME).isoformat(timespec="seconds"),
        "sealed": base64.b64encode(sealed).decode("ascii"),
    }
    return json.dumps(body).encode("utf-8")


OTHER_TERMINAL = "SC-CD-0007"
WHERE = {"screen": "home", "journey": None, "step": None}


@pytest.mark.parametrize(
    ("payload", "options", "code"),
    [
        pytest.param({**WHERE, "screen": "张三 13800138000"}, {}, "validation_failed", id="text"),
        pytest.param({**WHERE, "name": "张三"}, {}, "validation_failed", id="extra-field"),
        pytest.param({"screen": "home"}, {}, "validation_failed", id="missing-fields"),
        pytest.param(WHERE, {"sealed_as": "checkin"}, "sealed_payload_invalid", id="other-kind"),
        pytest.param(WHERE, {"inner_kind": "checkin"}, "sealed_payload_invalid", id="inner-kind"),
    ],
)
def test_the_platform_refuses_a_help_request_that_is_not_just_a_place(
    platform: RefPlatform, payload: dict[str, object], options: dict[str, str], code: str
) -> None:
    enrolment = platform.enrol(OTHER_TERMINAL)
    key = "k" * 32
    body = _help_body(enrolment, f"{OTHER_TERMINAL}-x", key, payload, **options)
    answer = platform.signed(
        "POST",
        "/api/v1/help-requests",
        OTHER_TERMINAL,
        enrolment.private_key,
        body=body,
        headers={"Idempotency-Key": key},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == code
    assert platform_rows(platform) == []


def test_a_help_request_is_idempotent_per_key(platform: RefPlatform) -> None:
    enrolment = platform.enrol(OTHER_TERMINAL)
    key = "idem" * 5

    def post(body: bytes) -> requests.Response:
        return platform.signed(
            "POST",
            "/api/v1/help-requests",
            OTHER_TERMINAL,
            enrolment.private_key,
            body=body,
            headers={"Idempotency-Key": key},
        )

    body = _help_body(enrolment, f"{OTHER_TERMINAL}-1", key, WHERE)
    first, again = post(body), post(body)
    assert first.status_code == 201, first.text
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert set(first.json()) == {"help_number", "local_reference", "received_at"}
    assert first.json()["received_at"].endswith("+08:00")
    other = post(_help_body(enrolment, f"{OTHER_TERMINAL}-1", key, {**WHERE, "screen": "scan"}))
    assert other.status_code == 409
    assert other.json()["error"]["code"] == "idempotency_conflict"
    assert len(platform_rows(platform)) == 1


# --------------------------------------------------------------- when it cannot be queued


@pytest.mark.allow_log_warnings  # the failure is logged at ERROR, with its traceback
def test_a_call_that_cannot_be_queued_says_so_and_the_host_carries_on(
    tmp_path: Path, platform: RefPlatform
) -> None:
    kiosk = open_kiosk(tmp_path / "kiosk", platform, platform.base_url)
    try:
        database = kiosk.opened.database
        assert database is not None
        with database.engine.begin() as connection:  # the disk refuses this one write
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_help BEFORE INSERT ON outbox WHEN NEW.kind = 'help' "
                "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            )
        assert kiosk.opened.send_staff_call(CALL) is StaffCallResult.FAILED
        host = build_host(kiosk.opened.loaded, SystemClock())
        host.services_ready(staff_caller=kiosk.opened.call_staff)
        host.call_staff()  # what the header button does: it must not raise
        assert host.session.staff_called
        assert kiosk.sync.outbox.entries() == []
    finally:
        kiosk.opened.close()
    assert platform_rows(platform) == []


def test_a_terminal_without_a_platform_link_says_so(tmp_path: Path, platform: RefPlatform) -> None:
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    folder = tmp_path / "kiosk"
    folder.mkdir()
    config_path = folder / "kiosk.toml"
    document = demo_document(folder, trust_anchor_pem=anchor)
    config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_config(config_path, {})
    with KioskTerminal(loaded, SystemClock()) as never_opened:
        assert never_opened.send_staff_call(CALL) is StaffCallResult.NO_PLATFORM_LINK
    with KioskTerminal(loaded, SystemClock(), platform_sync=True).open_all() as not_enrolled:
        assert not_enrolled.outbox is not None and not_enrolled.enrolment is None
        assert not_enrolled.send_staff_call(CALL) is StaffCallResult.NO_PLATFORM_LINK
        assert not_enrolled.outbox.entries() == []

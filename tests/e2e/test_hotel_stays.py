"""A hotel desk's check-ins and check-outs reach the platform (issue 18): real parts only.

A demo terminal (real SQLite file, real keys) enrolled with the real ``refplatform serve``
process on loopback queues a room's check-in and, before anything is sent, its check-out
naming the check-in's local reference, in its outbox (``kiosk.sync.outbox``), and its delivery
worker sends them, signed and sealed like any record, oldest first:

- the platform records the check-in with its stay and ends it with the check-out; the terminal
  keeps the numbers and the time from the answers and drops the sealed bodies; a second
  check-out of the stay is refused (``already_checked_out``) and becomes a dead letter;
- a check-out whose answer is lost is sent again and answered as the first time: exactly once;
- a check-in the platform refuses (a minor without care: ``checkin_invalid``) is a dead letter,
  so is its check-out (``checkin_unknown``), and the queue moves on to the next room;
- the operator's list (``refplatform admin checkins``) shows the night's stays by hotel, with
  no name or number, and the platform's log holds none either.

Runs on SQLite and, when ``KIOSK_TEST_POSTGRES_URL`` is set, on PostgreSQL too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w
from sqlalchemy import select

from kiosk.config.loader import load_config
from kiosk.demo import demo_document
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.report import CheckinReport, CheckoutReport
from kiosk.runtime.clock import SystemClock
from kiosk.store.models import OutboxRecord
from kiosk.sync.delivery import Outcome
from kiosk.sync.outbox import Kind, Queued, Status
from kiosk.terminal import SyncServices
from kiosk.terminal import Terminal as KioskTerminal
from refplatform.issuer.keys import create_demo_keys
from refplatform.server.instance import open_database
from refplatform.server.models import Checkin, Checkout
from tests.support.checkins import CHILD_NAME, PARENT_NAME, VISITOR_NUMBER, family_report
from tests.support.fault_proxy import Fault, FaultPlan, FaultProxy
from tests.support.refplatform_process import RefPlatform, database_backends, refplatform_on

pytestmark = pytest.mark.e2e

TERMINAL_ID = "CQ-JL-0001"


@dataclass
class Desk:
    opened: KioskTerminal
    sync: SyncServices

    def check_in(self, report: CheckinReport) -> Queued:
        return self.sync.outbox.enqueue(
            Kind.CHECKIN, payload=report.payload(), summary={"room": report.room}
        )

    def check_out(self, checkin: Queued, at: datetime | None = None) -> Queued:
        moment = (at or datetime.now(CHINA_TIME)).replace(microsecond=0)
        report = CheckoutReport(checkin.local_reference, moment)
        return self.sync.outbox.enqueue(Kind.CHECKOUT, payload=report.payload(), summary={})

    def drain(self) -> Outcome:
        worker = self.sync.worker
        assert worker is not None
        assert self.sync.sender_lock.acquire(blocking=False)
        try:
            return worker.drain()
        finally:
            self.sync.sender_lock.release()

    def entry(self, queued: Queued) -> tuple[Status, str | None, dict[str, object] | None]:
        (found,) = [item for item in self.sync.outbox.entries() if item.id == queued.id]
        return found.status, found.last_error, found.answer


@pytest.fixture(params=database_backends())
def platform(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RefPlatform]:
    keys = tmp_path / "demo-keys"
    create_demo_keys(keys, datetime.now(UTC))
    with refplatform_on(str(request.param), tmp_path / "platform", keys) as running:
        yield running


def open_desk(folder: Path, platform: RefPlatform, url: str) -> Desk:
    """A demo hotel-desk terminal whose platform address is ``url`` (the platform or a proxy
    before it), enrolled with ``platform``."""
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    document = demo_document(folder, trust_anchor_pem=anchor)
    document["terminal"]["id"] = TERMINAL_ID  # type: ignore[index]
    document["terminal"]["profile"] = "hotel"  # type: ignore[index]
    document["platform"]["url"] = url  # type: ignore[index]
    document["outbox"] = {"backoff_base_s": 0.1, "backoff_cap_s": 1.0, "poll_interval_s": 1.0}
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / "kiosk.toml"
    config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
    opened = KioskTerminal(load_config(config_path, {}), SystemClock())
    opened.enrol(platform.enrol_code(TERMINAL_ID))
    return Desk(opened, opened.open_sync())


def stays(platform: RefPlatform) -> tuple[list[Checkin], list[Checkout]]:
    database = open_database(platform.settings())
    try:
        with database.read_session() as session:
            checkins = list(session.scalars(select(Checkin).order_by(Checkin.id)))
            checkouts = list(session.scalars(select(Checkout).order_by(Checkout.id)))
            session.expunge_all()
            return checkins, checkouts
    finally:
        database.close()


def test_a_check_in_and_its_check_out_queued_together_are_delivered_in_order(
    tmp_path: Path, platform: RefPlatform
) -> None:
    report = family_report()
    desk = open_desk(tmp_path / "kiosk", platform, platform.base_url)
    try:
        checkin = desk.check_in(report)
        left = datetime.now(CHINA_TIME).replace(microsecond=0)
        checkout = desk.check_out(checkin, left)  # queued before the check-in is even sent
        again = desk.check_out(checkin)  # a second check-out of the same stay
        assert desk.drain() is Outcome.EMPTY

        status, _error, checkin_answer = desk.entry(checkin)
        assert status is Status.SENT and checkin_answer is not None
        status, _error, checkout_answer = desk.entry(checkout)
        assert status is Status.SENT and checkout_answer is not None
        assert desk.entry(again)[:2] == (Status.DEAD, "already_checked_out")
        database = desk.opened.database
        assert database is not None
        with database.session() as session:
            bodies = {
                row.id: row.body
                for row in session.execute(select(OutboxRecord.id, OutboxRecord.body))
            }
        # Acknowledged: the sealed bodies are gone; the dead letter keeps its own (re-queueable).
        assert (bodies[checkin.id], bodies[checkout.id]) == (None, None)
        assert bodies[again.id] is not None
    finally:
        desk.opened.close()

    ((stay,), (ended,)) = stays(platform)
    assert checkin_answer["checkin_number"] == stay.checkin_number
    assert stay.checkin_number.startswith("CQRZ")
    assert stay.local_reference == checkin.local_reference
    assert (stay.hotel_zh, stay.hotel_en, stay.room) == (report.hotel.zh, report.hotel.en, "0812")
    assert (stay.arrival, stay.departure, stay.guests, stay.minors) == (
        report.arrival,
        report.departure,
        3,
        1,
    )
    assert stay.checked_out_at == int(left.timestamp())
    assert checkout_answer == {
        "checkout_number": ended.checkout_number,
        "checkin_number": stay.checkin_number,
        "checked_out_at": left.isoformat(),
    }
    assert ended.checkout_number.startswith("CQTF")
    assert (ended.checkin_id, ended.local_reference) == (stay.id, checkout.local_reference)

    # The operator's list of the night: by hotel, no names or numbers.
    listed = platform.cli("admin", "checkins", "--day", report.arrival.isoformat(), "--json")
    assert listed.returncode == 0, listed.stderr
    (hotel,) = json.loads(listed.stdout)
    assert hotel["hotel"] == {"zh": report.hotel.zh, "en": report.hotel.en}
    (item,) = hotel["checkins"]
    assert item == {
        "checkin_number": stay.checkin_number,
        "terminal_id": TERMINAL_ID,
        "hotel_zh": report.hotel.zh,
        "hotel_en": report.hotel.en,
        "room": "0812",
        "arrival": report.arrival.isoformat(),
        "departure": report.departure.isoformat(),
        "guests": 3,
        "minors": 1,
        "checked_out_at": left.isoformat(),
    }
    text = platform.cli("admin", "checkins", "--day", report.arrival.isoformat())
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[1] == f"{report.hotel.zh} / {report.hotel.en}"
    assert lines[2].startswith(f"  {stay.checkin_number}  room 0812  ")
    assert f"checked out {left:%Y-%m-%d %H:%M}" in lines[2]
    other_hotel = platform.cli("admin", "checkins", "--hotel", "Emei", "--json")
    assert (other_hotel.returncode, json.loads(other_hotel.stdout)) == (0, [])
    wrong_day = platform.cli("admin", "checkins", "--day", "24/12/2025")
    assert wrong_day.returncode == 2 and "YYYY-MM-DD" in wrong_day.stderr
    counted = json.loads(platform.cli("admin", "list", "--json").stdout)
    assert (counted["checkins"], counted["checkouts"]) == (1, 1)

    personal = (PARENT_NAME, CHILD_NAME, VISITOR_NUMBER, report.guests[0].number)
    logs = (platform.data_dir / "logs" / "refplatform.log.jsonl").read_text(encoding="utf-8")
    assert "check-out" in logs and "check-in" in logs
    for shown in (listed.stdout, text.stdout, logs, platform.stderr_text()):
        for value in personal:
            assert value not in shown


def test_a_check_out_whose_answer_is_lost_is_recorded_once(
    tmp_path: Path, platform: RefPlatform
) -> None:
    with ExitStack() as stack:
        host, port = platform.base_url.removeprefix("http://").split(":")
        proxy = stack.enter_context(FaultProxy((host, int(port))))
        desk = open_desk(tmp_path / "kiosk", platform, proxy.url)
        stack.callback(desk.opened.close)
        worker = desk.sync.worker
        assert worker is not None
        checkin = desk.check_in(family_report())
        checkout = desk.check_out(checkin)
        assert desk.sync.sender_lock.acquire(blocking=False)
        stack.callback(desk.sync.sender_lock.release)
        assert worker.deliver_once() is Outcome.SENT

        # The platform answers the check-out; the answer never reaches the terminal.
        proxy.set_plan(FaultPlan(script=[Fault.RESET_RESPONSE]))
        assert worker.deliver_once() is Outcome.FAILED
        assert proxy.counts()["reset_response"] == 1
        assert desk.entry(checkout)[0] is Status.RETRY
        checkins, checkouts = stays(platform)
        assert len(checkouts) == 1 and checkins[0].checked_out_at is not None

        desk.sync.outbox.retry_now()
        assert worker.deliver_once() is Outcome.SENT
        assert worker.deliver_once() is Outcome.EMPTY
        status, _error, answer = desk.entry(checkout)

    ((stay,), (ended,)) = stays(platform)
    assert status is Status.SENT and answer is not None
    assert (answer["checkout_number"], answer["checkin_number"]) == (
        ended.checkout_number,
        stay.checkin_number,
    )


def test_a_refused_check_in_is_a_dead_letter_and_so_is_its_check_out(
    tmp_path: Path, platform: RefPlatform
) -> None:
    report = family_report()
    child = report.guests[1]
    alone = CheckinReport(
        report.hotel,
        "0901",
        report.arrival,
        report.departure,
        (type(child)(**{**child.__dict__, "care": None}),),  # a minor, no care recorded
    )
    desk = open_desk(tmp_path / "kiosk", platform, platform.base_url)
    try:
        refused = desk.check_in(alone)
        its_checkout = desk.check_out(refused)
        next_room = desk.check_in(report)
        assert desk.drain() is Outcome.EMPTY
        assert desk.entry(refused)[:2] == (Status.DEAD, "checkin_invalid")
        assert desk.entry(its_checkout)[:2] == (Status.DEAD, "checkin_unknown")
        assert desk.entry(next_room)[0] is Status.SENT
        assert desk.sync.outbox.backlog() == (0, 2)
    finally:
        desk.opened.close()
    (stay,), checkouts = stays(platform)
    assert stay.local_reference == next_room.local_reference and checkouts == []
    assert datetime.now(CHINA_TIME) - timedelta(minutes=5) < datetime.fromtimestamp(
        stay.recorded_at, UTC
    )

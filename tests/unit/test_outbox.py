"""The outbox on a real SQLite file: durable sealed enqueue, strict order, status written before
sending, crash recovery, backoff and dead letters, and deletion of personal data on ack."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from kiosk.runtime.clock import ManualClock
from kiosk.store.database import Database
from kiosk.store.models import ReplayEntry
from kiosk.sync.errors import (
    ConflictError,
    NotAuthorisedError,
    PermanentError,
    RetryableError,
)
from kiosk.sync.help_requests import queue_help_request
from kiosk.sync.outbox import (
    Claim,
    Kind,
    NotConfigured,
    Outbox,
    PayloadTooLarge,
    Queued,
    RetryPolicy,
    Status,
)
from kiosk.sync.sealing import LocalKey, SealContext, SealingPrivateKey
from tests.support.identities import resident_id

PLATFORM = SealingPrivateKey.generate()
NAME = "张晓明"
ID_NUMBER = resident_id("500112", "19880512", "431")


def _outbox(folder: Path, clock: ManualClock, **policy: float) -> tuple[Outbox, Database]:
    database = Database.open(folder / "kiosk.sqlite3")
    outbox = Outbox(
        database,
        terminal_id="CQ-YB-0001",
        sealing_key=PLATFORM.public(),
        local_key=LocalKey.load_or_create(folder / "queue.key"),
        clock=clock,
        rng=random.Random(7),
        policy=RetryPolicy(**policy),  # type: ignore[arg-type]
    )
    return outbox, database


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def outbox(tmp_path: Path, clock: ManualClock) -> Outbox:
    box, _database = _outbox(tmp_path, clock, max_failures=3, base_s=2.0, cap_s=60.0)
    return box


def _enqueue(outbox: Outbox, n: int = 1) -> list[str]:
    return [
        outbox.enqueue(
            Kind.APPLICATION,
            item_code="CQ-SC-0001",
            payload={"applicant": {"name": NAME, "id_number": ID_NUMBER}, "form": {"n": i}},
            summary={"item": "营业执照变更", "applicant_masked": "张**"},
        ).local_reference
        for i in range(n)
    ]


def _claim(outbox: Outbox) -> Claim:
    claim = outbox.claim()
    assert isinstance(claim, Claim)
    return claim


def test_a_queued_record_is_durable_sealed_and_numbered(tmp_path: Path, clock: ManualClock) -> None:
    box, database = _outbox(tmp_path, clock)
    (reference,) = _enqueue(box)
    database.close()
    again, _ = _outbox(tmp_path, clock)  # a restart (or a power cut after enqueue returned)
    (entry,) = again.entries()
    assert entry.local_reference == reference == "CQ-YB-0001-20261123-000001"
    assert entry.status is Status.PENDING
    claim = _claim(again)
    body = json.loads(claim.body)
    assert body["sequence"] == 1 and body["item_code"] == "CQ-SC-0001"
    assert body["local_reference"] == reference
    context = SealContext("application", "CQ-YB-0001", reference, claim.idempotency_key)
    sealed = json.loads(PLATFORM.open(base64.b64decode(body["sealed"]), context))
    assert sealed["payload"]["applicant"]["id_number"] == ID_NUMBER
    assert sealed["local_reference"] == reference
    raw = (tmp_path / "kiosk.sqlite3").read_bytes() + (tmp_path / "kiosk.sqlite3-wal").read_bytes()
    assert NAME.encode() not in raw and ID_NUMBER.encode() not in raw


def test_enqueue_before_enrolment_is_refused(tmp_path: Path, clock: ManualClock) -> None:
    database = Database.open(tmp_path / "kiosk.sqlite3")
    box = Outbox(
        database,
        terminal_id="CQ-YB-0001",
        sealing_key=None,
        local_key=LocalKey.load_or_create(tmp_path / "queue.key"),
        clock=clock,
    )
    with pytest.raises(NotConfigured):
        _enqueue(box)
    assert box.entries() == []


def test_records_go_oldest_first_and_the_attempt_is_written_before_sending(
    outbox: Outbox,
) -> None:
    first, second = _enqueue(outbox, 2)
    claim = _claim(outbox)
    assert claim.attempts == 1
    (entry, _) = outbox.entries()
    assert entry.local_reference == first
    assert entry.status is Status.SENDING and entry.attempts == 1
    outbox.mark_sent(claim.id, {"acceptance_number": "CQ20261123000001"})
    assert _claim(outbox).id == claim.id + 1
    assert outbox.entries()[1].local_reference == second


def test_a_crash_mid_send_sends_the_same_bytes_again(tmp_path: Path, clock: ManualClock) -> None:
    box, database = _outbox(tmp_path, clock)
    _enqueue(box)
    before = _claim(box)
    database.close()  # the process dies with the request in flight
    again, _ = _outbox(tmp_path, clock)
    assert again.entries()[0].status is Status.SENDING
    assert again.recover() == 1
    after = _claim(again)
    assert (after.id, after.idempotency_key, after.body) == (
        before.id,
        before.idempotency_key,
        before.body,
    )
    assert after.attempts == 2


def test_an_acknowledged_record_keeps_only_the_summary_and_the_answer(outbox: Outbox) -> None:
    (reference,) = _enqueue(outbox)
    claim = _claim(outbox)
    outbox.mark_sent(
        claim.id,
        {"acceptance_number": "CQ20261123000001", "promised_date": "2026-11-24", "extra": NAME},
    )
    (entry,) = outbox.entries()
    assert entry.status is Status.SENT
    assert entry.answer == {"acceptance_number": "CQ20261123000001", "promised_date": "2026-11-24"}
    assert outbox.summary(reference) == {"item": "营业执照变更", "applicant_masked": "张**"}
    assert outbox.claim() is None
    assert outbox.depth() == 0


def test_network_failures_back_off_but_never_make_a_dead_letter(
    outbox: Outbox, clock: ManualClock
) -> None:
    _enqueue(outbox)
    for attempt in range(1, 12):
        claim = _claim(outbox)
        status = outbox.mark_failed(claim.id, RetryableError("network", reached_platform=False))
        assert status is Status.RETRY
        due = outbox.claim()
        assert isinstance(due, float)
        delay = due - clock.now().timestamp()
        assert 0 <= delay <= min(60.0, 2.0 * 2 ** (attempt - 1))
        clock.advance(delay + 0.001)
    (entry,) = outbox.entries()
    assert entry.failures == 0 and entry.attempts == 11 and entry.last_error == "network"


def test_platform_failures_make_a_dead_letter_after_the_bound(
    outbox: Outbox, clock: ManualClock
) -> None:
    first, _second = _enqueue(outbox, 2)
    for expected in (Status.RETRY, Status.RETRY, Status.DEAD):
        claim = _claim(outbox)
        assert claim.id == 1
        error = RetryableError("http_503", status=503, reached_platform=True)
        assert outbox.mark_failed(claim.id, error) is expected
        clock.advance(120)
    assert _claim(outbox).id == 2  # the dead letter does not block the queue
    (dead,) = outbox.entries((Status.DEAD,))
    assert dead.local_reference == first and dead.last_error == "http_503"


def test_retry_after_is_honoured(outbox: Outbox, clock: ManualClock) -> None:
    _enqueue(outbox)
    claim = _claim(outbox)
    error = RetryableError("rate_limited", status=429, reached_platform=True, retry_after_s=90)
    outbox.mark_failed(claim.id, error)
    due = outbox.claim()
    assert isinstance(due, float) and due - clock.now().timestamp() >= 90


@pytest.mark.parametrize(
    "error",
    [PermanentError("unknown_item", status=422), ConflictError("idempotency_conflict", status=409)],
)
def test_a_permanent_refusal_is_a_dead_letter_and_the_queue_moves_on(
    outbox: Outbox, error: PermanentError
) -> None:
    _first, second = _enqueue(outbox, 2)
    assert outbox.mark_failed(_claim(outbox).id, error) is Status.DEAD
    assert outbox.entries()[1].local_reference == second
    assert _claim(outbox).id == 2


def test_a_dead_letter_can_be_requeued_and_goes_first_again(
    outbox: Outbox, clock: ManualClock
) -> None:
    first, _second = _enqueue(outbox, 2)
    outbox.mark_failed(_claim(outbox).id, PermanentError("validation_failed", status=422))
    assert outbox.requeue(first)
    assert not outbox.requeue(first)  # no longer a dead letter
    claim = _claim(outbox)
    assert claim.id == 1 and claim.attempts == 2
    (entry, _) = outbox.entries()
    assert entry.failures == 0


def test_not_authorised_pauses_without_counting_a_failure(
    outbox: Outbox, clock: ManualClock
) -> None:
    _enqueue(outbox)
    status = outbox.mark_failed(_claim(outbox).id, NotAuthorisedError("unknown_key", status=401))
    assert status is Status.RETRY
    assert outbox.entries()[0].failures == 0
    due = outbox.claim()
    assert isinstance(due, float) and due - clock.now().timestamp() >= 300


def test_send_now_makes_waiting_records_due(outbox: Outbox, clock: ManualClock) -> None:
    _enqueue(outbox)
    outbox.mark_failed(_claim(outbox).id, RetryableError("network", reached_platform=False))
    clock.advance(0)
    outbox.mark_failed(
        outbox.entries()[0].id,
        RetryableError("rate_limited", reached_platform=True, retry_after_s=600),
    )
    assert isinstance(outbox.claim(), float)
    assert outbox.retry_now() == 1
    assert isinstance(outbox.claim(), Claim)


_STEPS = st.lists(
    st.sampled_from(["enqueue", "send_ok", "net_fail", "server_fail", "refuse", "crash", "wait"]),
    max_size=40,
)


@settings(max_examples=40, deadline=None)
@given(_STEPS)
def test_any_history_keeps_order_and_never_loses_a_record(steps: list[str]) -> None:
    import tempfile  # noqa: PLC0415 - hypothesis runs examples without pytest's tmp_path

    clock = ManualClock()
    with tempfile.TemporaryDirectory() as folder:
        box, database = _outbox(Path(folder), clock, max_failures=2, base_s=1.0, cap_s=4.0)
        enqueued: list[int] = []
        delivered: list[int] = []
        dead: set[int] = set()
        for step in steps:
            if step == "enqueue":
                _enqueue(box)
                enqueued.append(len(enqueued) + 1)
                continue
            if step == "wait":
                clock.advance(5)
                continue
            if step == "crash":
                database.close()
                box, database = _outbox(Path(folder), clock, max_failures=2, base_s=1.0, cap_s=4.0)
                box.recover()
                continue
            claim = box.claim()
            if not isinstance(claim, Claim):
                continue
            waiting = [i for i in enqueued if i not in delivered and i not in dead]
            assert claim.id == waiting[0]  # always the oldest record still waiting
            if step == "send_ok":
                box.mark_sent(claim.id, {"acceptance_number": f"N{claim.id}"})
                delivered.append(claim.id)
            elif step == "refuse":
                box.mark_failed(claim.id, PermanentError("validation_failed"))
                dead.add(claim.id)
            else:
                error = RetryableError("x", reached_platform=step == "server_fail")
                if box.mark_failed(claim.id, error) is Status.DEAD:
                    dead.add(claim.id)
        assert delivered == sorted(delivered)
        counts = box.counts()
        assert sum(counts.values()) == len(enqueued)
        assert counts[Status.SENT] == len(delivered)
        assert counts[Status.DEAD] == len(dead)
        for entry in box.entries():
            if entry.status is Status.SENT:
                assert entry.answer == {"acceptance_number": f"N{entry.id}"}
        database.close()


def test_the_backlog_counts_waiting_records_and_dead_letters(outbox: Outbox) -> None:
    _enqueue(outbox, 4)
    outbox.mark_sent(_claim(outbox).id, {"acceptance_number": "N1"})
    outbox.mark_failed(_claim(outbox).id, PermanentError("unknown_item"))
    outbox.mark_failed(_claim(outbox).id, RetryableError("network", reached_platform=False))
    assert outbox.backlog() == (2, 1)
    assert outbox.depth() == 2
    counts = outbox.counts()
    assert (counts[Status.SENT], counts[Status.DEAD], counts[Status.RETRY]) == (1, 1, 1)
    assert counts[Status.PENDING] == 1


def test_rate_limiting_never_counts_towards_a_dead_letter(
    outbox: Outbox, clock: ManualClock
) -> None:
    _enqueue(outbox)
    for _ in range(10):  # max_failures is 3 in this fixture
        claim = _claim(outbox)
        error = RetryableError("rate_limited", status=429, reached_platform=True, retry_after_s=1)
        assert outbox.mark_failed(claim.id, error) is Status.RETRY
        clock.advance(61)
    assert outbox.entries()[0].failures == 0


def test_an_application_too_large_for_the_platform_is_refused_before_it_is_stored(
    outbox: Outbox,
) -> None:
    with pytest.raises(PayloadTooLarge):
        outbox.enqueue(
            Kind.APPLICATION,
            item_code="CY-SCJG-001",
            payload={"attachment": "x" * (300 * 1024)},
            summary={"item": "x"},
        )
    assert outbox.entries() == []
    _enqueue(outbox)  # the queue is unharmed; the refused one left no trace, not even its number
    assert outbox.entries()[0].local_reference.endswith("-000001")


def test_a_call_for_staff_goes_before_a_backlog_and_a_record_in_back_off(
    outbox: Outbox, clock: ManualClock
) -> None:
    _enqueue(outbox, 2)
    claim = _claim(outbox)
    assert claim.kind is Kind.APPLICATION
    error = RetryableError("busy", status=503, reached_platform=True, retry_after_s=1800)
    outbox.mark_failed(claim.id, error)  # the oldest now waits half an hour
    queue_help_request(outbox, screen="home", journey=None, step=None)
    help_claim = _claim(outbox)
    assert help_claim.kind is Kind.HELP  # a citizen is waiting: it goes now
    outbox.mark_sent(help_claim.id, {"help_number": "CQQZ1"})
    due = outbox.claim()
    assert isinstance(due, float)  # then the queue is as it was: the oldest holds the line


def test_records_queued_together_are_all_queued_or_none(tmp_path: Path, clock: ManualClock) -> None:
    box, _database = _outbox(tmp_path, clock)
    small = {"applicant": {"name": NAME}, "form": {}}
    too_large = {"photo": "x" * (300 * 1024)}
    with pytest.raises(PayloadTooLarge):
        box.enqueue_together(
            Kind.APPLICATION, [(small, {}, "CQ-SC-0001"), (too_large, {}, "CQ-SC-0002")]
        )
    assert box.entries() == []  # the first one was not left behind
    queued = box.enqueue_together(
        Kind.APPLICATION, [(small, {}, "CQ-SC-0001"), (small, {}, "CQ-SC-0002")]
    )
    assert [entry.local_reference for entry in box.entries()] == [
        item.local_reference for item in queued
    ]


def test_what_is_written_with_the_records_is_kept_with_them_or_not_at_all(
    tmp_path: Path, clock: ManualClock
) -> None:
    box, database = _outbox(tmp_path, clock)
    seen: list[str] = []

    def fails(session: Session, queued: list[Queued]) -> None:
        seen.extend(item.local_reference for item in queued)
        session.add(ReplayEntry(key=b"k" * 32, expires_at=1, used_at=1))
        raise RuntimeError("the register could not be written")

    with pytest.raises(RuntimeError):
        box.enqueue_together(Kind.CHECKIN, [({"room": "0812"}, {}, None)], also=fails)
    assert seen and box.entries() == []  # the hook saw the reference; nothing was kept
    with database.session() as session:
        assert session.get(ReplayEntry, b"k" * 32) is None

    def writes(session: Session, queued: list[Queued]) -> None:
        session.add(ReplayEntry(key=b"k" * 32, expires_at=1, used_at=1))

    (queued,) = box.enqueue_together(Kind.CHECKOUT, [({"room": "0812"}, {}, None)], also=writes)
    assert [entry.kind for entry in box.entries()] == ["checkout"]
    assert box.entries()[0].local_reference == queued.local_reference
    with database.session() as session:
        assert session.get(ReplayEntry, b"k" * 32) is not None

"""The delivery worker's decisions, against a scripted HTTP server on loopback: the platform's
backoff stands when the link was only degraded; an outage ends with everything due at once; a
failure outside a delivery step (a device query, the disk) never ends the worker's thread."""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from kiosk.runtime.clock import ManualClock, SystemClock
from kiosk.runtime.file_lock import FileLock
from kiosk.store.database import Database
from kiosk.sync.client import PlatformClient
from kiosk.sync.delivery import Connectivity, DeliveryWorker, LinkState, Outcome
from kiosk.sync.outbox import Claim, Kind, Outbox, RetryPolicy, Status
from kiosk.sync.sealing import LocalKey, SealingPrivateKey
from tests.support.scripted_http import Received, Scripted, ScriptedServer, scripted_server

PLATFORM = SealingPrivateKey.generate()


def _answer(request: Received) -> Scripted:
    if request.target.endswith("/heartbeat"):
        return Scripted(200, (("Content-Type", "application/json"),), b"{}")
    number = {"acceptance_number": "CQ20261123000001", "state": "accepted"}
    return Scripted(201, (("Content-Type", "application/json"),), json.dumps(number).encode())


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        running.answer(_answer)
        yield running


def _parts(tmp_path: Path, base_url: str, clock: ManualClock) -> tuple[Outbox, PlatformClient]:
    database = Database.open(tmp_path / "kiosk.sqlite3")
    outbox = Outbox(
        database,
        terminal_id="CQ-YB-0001",
        sealing_key=PLATFORM.public(),
        local_key=LocalKey.load_or_create(tmp_path / "queue.key"),
        clock=clock,
        rng=random.Random(1),
        policy=RetryPolicy(max_failures=20, base_s=600, cap_s=600),
    )
    client = PlatformClient(
        base_url,
        "CQ-YB-0001",
        ed25519.Ed25519PrivateKey.generate(),
        clock=clock,
        allow_plain_http=True,
    )
    return outbox, client


def _enqueue(outbox: Outbox) -> None:
    outbox.enqueue(Kind.APPLICATION, item_code="CY-SCJG-001", payload={"a": 1}, summary={"b": 2})


def test_a_heartbeat_after_a_platform_error_does_not_cut_the_platforms_backoff(
    tmp_path: Path, server: ScriptedServer
) -> None:
    clock = ManualClock()
    outbox, client = _parts(tmp_path, server.base_url, clock)
    worker = DeliveryWorker(outbox, client, lock=FileLock(tmp_path / "l"), clock=clock)
    assert worker.heartbeat()  # online
    _enqueue(outbox)
    server.answer(
        lambda request: (
            _answer(request)
            if request.target.endswith("/heartbeat")
            else Scripted(503, (("Retry-After", "3600"),), b'{"error":{"code":"busy"}}')
        )
    )
    assert worker.deliver_once() is Outcome.FAILED
    assert worker.state.connectivity is Connectivity.DEGRADED
    assert worker.heartbeat()  # the platform answers heartbeats all along
    assert worker.state.connectivity is Connectivity.ONLINE
    due = outbox.claim()
    assert isinstance(due, float) and due - clock.now().timestamp() >= 3600
    client.close()


def test_the_end_of_an_outage_makes_everything_due_at_once(
    tmp_path: Path, server: ScriptedServer
) -> None:
    clock = ManualClock()
    outbox, client = _parts(tmp_path, "http://127.0.0.1:9", clock)  # nothing listens there
    worker = DeliveryWorker(outbox, client, lock=FileLock(tmp_path / "l"), clock=clock)
    _enqueue(outbox)
    assert worker.deliver_once() is Outcome.FAILED
    assert worker.state.connectivity is Connectivity.OFFLINE
    assert isinstance(outbox.claim(), float)  # waiting out up to 600 s
    client.close()
    _, reachable = _parts(tmp_path / "again", server.base_url, clock)
    worker = DeliveryWorker(outbox, reachable, lock=FileLock(tmp_path / "l"), clock=clock)
    worker._set(Connectivity.OFFLINE, "network")  # the state the outage left
    assert worker.heartbeat()
    claim = outbox.claim()
    assert isinstance(claim, Claim)
    outbox.mark_sent(claim.id, {"acceptance_number": "N"})
    reachable.close()


@pytest.mark.allow_log_warnings
def test_the_thread_survives_a_failing_heartbeat_payload_and_keeps_delivering(
    tmp_path: Path, server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    clock = SystemClock()
    database = Database.open(tmp_path / "kiosk.sqlite3")
    outbox = Outbox(
        database,
        terminal_id="CQ-YB-0001",
        sealing_key=PLATFORM.public(),
        local_key=LocalKey.load_or_create(tmp_path / "queue.key"),
        clock=clock,
    )
    client = PlatformClient(
        server.base_url,
        "CQ-YB-0001",
        ed25519.Ed25519PrivateKey.generate(),
        clock=clock,
        allow_plain_http=True,
    )
    delivered = threading.Event()

    def on_state(state: LinkState) -> None:
        if state.queue_depth == 0 and outbox.counts()[Status.SENT] == 1:
            delivered.set()

    def broken_payload() -> dict[str, object]:
        raise OSError("the printer driver hung up")

    worker = DeliveryWorker(
        outbox,
        client,
        lock=FileLock(tmp_path / "l"),
        clock=clock,
        heartbeat_interval_s=0.05,
        poll_interval_s=0.05,
        heartbeat_payload=broken_payload,
        on_state=on_state,
    )
    with caplog.at_level(logging.ERROR):
        worker.start()
        try:
            _enqueue(outbox)
            worker.notify()
            assert delivered.wait(20), "the worker stopped delivering"
        finally:
            worker.stop()
    assert any("heartbeat" in record.getMessage() for record in caplog.records)
    assert any(request.target.endswith("/heartbeat") for request in server.requests)
    client.close()
    database.close()

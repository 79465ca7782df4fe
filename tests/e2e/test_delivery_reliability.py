"""Exactly-once delivery under faults, with real processes on loopback (issue 5, part 6).

Every test submits many applications from one terminal to the real ``refplatform serve``
process and then reads the platform's own database: every application is there exactly once,
in the terminal's order (arrival order has increasing sequence numbers), and every record in the
terminal's outbox is acknowledged with the acceptance number the platform gave it.

(a) a fault-injecting proxy between terminal and platform (drops, delays, resets mid-request and
    mid-response, 500, 429, truncated answers) while the applications are being queued;
(b) the delivery process (``kiosk outbox drain``) killed with SIGKILL at random moments 20 times;
(c) the platform killed and restarted in the middle of the run;
(d) the terminal's database files and logs hold no name or identity number of the test citizens.

Bounded: a fixed number of applications, deadlines on every wait, loopback only.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w

from kiosk.config.loader import load_config
from kiosk.demo import demo_document
from kiosk.runtime.clock import SystemClock
from kiosk.sync.delivery import DeliveryWorker, LinkState
from kiosk.sync.outbox import Kind, Outbox, Status
from kiosk.terminal import SyncServices
from kiosk.terminal import Terminal as KioskTerminal
from refplatform.issuer.keys import create_demo_keys
from refplatform.server.settings import DATABASE_FILE_NAME
from tests.support.applications import ITEM_CODE, application_payload
from tests.support.fault_proxy import FaultPlan, FaultProxy
from tests.support.identities import resident_id
from tests.support.refplatform_process import RefPlatform, running_refplatform, start_refplatform

pytestmark = pytest.mark.e2e

APPLICATIONS = 1000
TERMINAL_ID = "CQ-YB-0042"
DEADLINE_S = 300.0
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张"
GIVEN = "晓明建国秀英志强丽娟海燕文博子涵欣怡浩然梓萱"


@dataclass(frozen=True)
class Citizen:
    name: str
    id_number: str


def citizens(count: int, seed: int) -> list[Citizen]:
    """Distinct test citizens: a three-character name and a valid resident identity number."""
    rng = random.Random(seed)
    people = []
    for n in range(count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        birth = f"19{50 + n % 50:02d}{1 + n % 12:02d}{1 + n % 28:02d}"
        people.append(Citizen(name, resident_id("500112", birth, f"{n % 1000:03d}")))
    return people


# --------------------------------------------------------------------------- set-up


@dataclass
class Terminal:
    data_dir: Path
    config_path: Path
    opened: KioskTerminal
    sync: SyncServices

    @property
    def outbox(self) -> Outbox:
        return self.sync.outbox

    def close(self) -> None:
        self.opened.close()


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RefPlatform]:
    keys = tmp_path / "demo-keys"
    create_demo_keys(keys, datetime.now(UTC))
    with running_refplatform(tmp_path / "platform", keys) as running:
        yield running


def make_terminal(folder: Path, platform: RefPlatform, url: str, **outbox: float) -> Terminal:
    """A demo terminal whose platform address is ``url`` (the platform or a proxy before it),
    enrolled with ``platform``; retries fast so the test is bounded."""
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    document = demo_document(folder, trust_anchor_pem=anchor)
    document["terminal"]["id"] = TERMINAL_ID  # type: ignore[index]
    document["platform"]["url"] = url  # type: ignore[index]
    document["outbox"] = {
        "backoff_base_s": 0.1,
        "backoff_cap_s": 1.0,
        "poll_interval_s": 1.0,
        "max_failures": 1000,
        **outbox,
    }
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / "kiosk.toml"
    config_path.write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_config(config_path, {})
    opened = KioskTerminal(loaded, SystemClock())
    opened.enrol(platform.enrol_code(TERMINAL_ID))  # through ``url``, as the terminal would
    return Terminal(loaded.data_dir, config_path, opened, opened.open_sync())


def submit(outbox: Outbox, person: Citizen, n: int) -> str:
    queued = outbox.enqueue(
        Kind.APPLICATION,
        item_code=ITEM_CODE,
        payload=application_payload(
            applicant={
                "credential": "eid",
                "name": person.name,
                "number": person.id_number,
                "region": "CQ",
            },
            form={
                **application_payload()["form"],
                "applicant_name": person.name,
                "id_number": person.id_number,
                "receiving_body": f"重庆市第{n}人民医院",
            },
        ),
        summary={"item": ITEM_CODE, "applicant": person.name[0] + "**"},
    )
    return queued.local_reference


def platform_rows(platform: RefPlatform) -> list[tuple[str, int, str, str]]:
    """(terminal, sequence, local reference, acceptance number) in the platform's arrival order."""
    path = platform.data_dir / DATABASE_FILE_NAME
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        return connection.execute(
            "SELECT terminal_id, sequence, local_reference, acceptance_number "
            "FROM applications ORDER BY id"
        ).fetchall()


def platform_count(platform: RefPlatform) -> int:
    path = platform.data_dir / DATABASE_FILE_NAME
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)) as connection:
        (count,) = connection.execute("SELECT count(*) FROM applications").fetchone()
        return int(count)


def assert_delivered_exactly_once(
    platform: RefPlatform, outbox: Outbox, references: list[str]
) -> None:
    rows = platform_rows(platform)
    assert len(rows) == len(references), "the platform must hold each application exactly once"
    assert [row[2] for row in rows] == references, "arrival order is the terminal's order"
    sequences = [row[1] for row in rows]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    assert {row[0] for row in rows} == {TERMINAL_ID}
    numbers = {row[2]: row[3] for row in rows}
    entries = outbox.entries(limit=APPLICATIONS * 2)
    assert [entry.status for entry in entries] == [Status.SENT] * len(references)
    for entry in entries:
        assert entry.answer is not None
        assert entry.answer["acceptance_number"] == numbers[entry.local_reference]


def assert_no_personal_data(folder: Path, people: list[Citizen]) -> None:
    """(d): nothing under the terminal's data folder (database, WAL, logs, keys) holds a name or
    identity number in clear text."""
    blobs = [path.read_bytes() for path in folder.rglob("*") if path.is_file()]
    assert blobs
    for person in people:
        for needle in (person.name.encode("utf-8"), person.id_number.encode("ascii")):
            assert not any(needle in blob for blob in blobs), "personal data on the terminal disk"


def wait_for(condition: threading.Event, what: str, timeout: float = DEADLINE_S) -> None:
    assert condition.wait(timeout), f"timed out waiting for {what}"


# --------------------------------------------------------------------------- (a) faulty network


@pytest.mark.timeout(600)
def test_a_faulty_network_delivers_every_application_exactly_once_in_order(
    tmp_path: Path, platform: RefPlatform
) -> None:
    plan = FaultPlan(
        seed=20261123,
        drop=0.04,
        delay=0.04,
        reset_request=0.04,
        reset_response=0.08,
        status_500=0.04,
        status_429=0.005,
        truncate=0.04,
        delay_s=0.05,
    )
    people = citizens(APPLICATIONS, seed=1)
    upstream = ("127.0.0.1", platform.port)
    with FaultProxy(upstream, plan) as proxy:
        terminal = make_terminal(
            tmp_path / "terminal", platform, proxy.url, backoff_base_s=0.02, backoff_cap_s=0.2
        )
        drained = threading.Event()
        all_queued = threading.Event()

        def on_state(state: LinkState) -> None:
            if all_queued.is_set() and state.queue_depth == 0:
                drained.set()

        worker = DeliveryWorker(
            terminal.outbox,
            terminal.sync.client,  # type: ignore[arg-type]
            lock=terminal.sync.sender_lock,
            clock=SystemClock(),
            poll_interval_s=0.5,
            heartbeat_interval_s=5.0,
            on_state=on_state,
        )
        worker.start()
        try:
            references = []
            for n, person in enumerate(people):  # queued while delivery runs
                references.append(submit(terminal.outbox, person, n))
                worker.notify()
            all_queued.set()
            worker.notify()
            wait_for(drained, "the outbox to drain through the faulty proxy")
        finally:
            worker.stop()
        injected = proxy.counts()
    try:
        assert_delivered_exactly_once(platform, terminal.outbox, references)
        for fault in ("drop", "reset_request", "reset_response", "status_500", "truncate"):
            assert injected[fault] > 0, f"the proxy never injected {fault}"
        assert_no_personal_data(terminal.data_dir, people)
    finally:
        terminal.close()


# --------------------------------------------------------------------------- (b) killed sender


def drain_process(config_path: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "outbox", "drain", "--config", str(config_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def wait_for_count(platform: RefPlatform, target: int, process: subprocess.Popen[bytes]) -> None:
    """Until the platform holds ``target`` applications or the process has ended."""
    reached = threading.Event()
    deadline = SystemClock().monotonic() + DEADLINE_S
    while not reached.wait(0.01):  # polls the platform's database; bounded by the deadline
        if platform_count(platform) >= target or process.poll() is not None:
            return
        assert SystemClock().monotonic() < deadline, "no progress"


@pytest.mark.timeout(600)
def test_a_sender_killed_twenty_times_still_delivers_exactly_once(
    tmp_path: Path, platform: RefPlatform
) -> None:
    people = citizens(APPLICATIONS, seed=2)
    terminal = make_terminal(tmp_path / "terminal", platform, platform.base_url)
    try:
        references = [submit(terminal.outbox, person, n) for n, person in enumerate(people)]
        rng = random.Random(20261123)
        kills = 0
        while kills < 20:
            process = drain_process(terminal.config_path)
            # Mostly mid-stream; sometimes at once, while the process is still starting.
            start_kill = rng.random() < 0.2
            target = platform_count(platform) + (0 if start_kill else rng.randint(1, 50))
            wait_for_count(platform, target, process)
            if process.poll() is not None:  # finished before the kill: start again
                break
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            assert process.stderr is not None
            process.stderr.close()
            kills += 1
        assert kills == 20, f"the queue drained after only {kills} kills; queue more records"
        final = drain_process(terminal.config_path)
        _, stderr = final.communicate(timeout=DEADLINE_S)
        assert final.returncode == 0, stderr.decode(errors="replace")
        assert_delivered_exactly_once(platform, terminal.outbox, references)
        assert_no_personal_data(terminal.data_dir, people)
        assert list((terminal.data_dir / "logs").glob("*")), "the drain processes wrote logs"
    finally:
        terminal.close()


# --------------------------------------------------------------------------- (c) platform restart


@pytest.mark.timeout(600)
def test_a_platform_restarted_mid_run_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    keys = tmp_path / "demo-keys"
    create_demo_keys(keys, datetime.now(UTC))
    platform_dir = tmp_path / "platform"
    platform = start_refplatform(platform_dir, keys)
    port = platform.port
    people = citizens(APPLICATIONS, seed=3)
    terminal = make_terminal(tmp_path / "terminal", platform, platform.base_url)
    progress = threading.Event()
    drained = threading.Event()
    states: list[str] = []

    def on_state(state: LinkState) -> None:
        states.append(state.connectivity.value)
        progress.set()
        if state.queue_depth == 0 and state.connectivity.value == "online":
            drained.set()

    worker = DeliveryWorker(
        terminal.outbox,
        terminal.sync.client,  # type: ignore[arg-type]
        lock=terminal.sync.sender_lock,
        clock=SystemClock(),
        poll_interval_s=0.5,
        heartbeat_interval_s=2.0,
        on_state=on_state,
    )
    try:
        references = [submit(terminal.outbox, person, n) for n, person in enumerate(people)]
        worker.start()
        for target, how in ((APPLICATIONS // 3, signal.SIGKILL), (2 * APPLICATIONS // 3, None)):
            wait_for_count(platform, target, platform.process)
            if how is signal.SIGKILL:
                platform.process.send_signal(signal.SIGKILL)  # a crash mid-transaction
            platform.stop()  # SIGTERM (graceful) when still running
            platform = start_refplatform(platform_dir, keys, extra_args=("--port", str(port)))
            assert platform.port == port
        drained.clear()
        worker.notify()
        wait_for(drained, "the outbox to drain after the restarts")
        assert "offline" in states, "the terminal noticed the platform was gone"
        assert_delivered_exactly_once(platform, terminal.outbox, references)
        assert_no_personal_data(terminal.data_dir, people)
    finally:
        worker.stop()
        terminal.close()
        assert platform.stop() == 0


def test_the_citizen_generator_makes_distinct_valid_people() -> None:
    people = citizens(200, seed=9)
    assert len({p.id_number for p in people}) == 200
    assert all(len(p.id_number) == 18 for p in people)

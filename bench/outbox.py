"""Outbox benchmark: durable sealed enqueue, drain throughput, and a fleet reconnecting at once.

    python -m bench.outbox [--quick] [--enqueue N] [--drain K] [--terminals T] [--backlog B]
                           [--workers W] [--outage-failures F] [--dir PARENT]

Three parts, each printed as one JSON object (then an ``environment`` object, which includes
the machine's load during the whole run):

1. ``outbox.enqueue``: p50/p99 of ``Outbox.enqueue`` (HPKE ML-KEM-768+X25519 seal, AES-GCM
   summary, one SQLite transaction committed with WAL + ``synchronous=FULL``) on a fresh file,
   interleaved call by call with ``persistqueue.SQLiteAckQueue.put`` of the same payload dict
   (pickle + INSERT + commit) on a fresh file in the same folder. The synchronous level each
   connection really runs with is read back with ``PRAGMA synchronous`` and reported.
2. ``outbox.drain``: K records queued for one enrolled terminal, then ``DeliveryWorker.drain``
   (holding the sender lock) against a real ``refplatform serve`` on loopback; records/s, the
   HTTP round trip and the whole per-record cycle; the platform's database is then checked for
   exactly K applications from that terminal, none twice.
3. ``outbox.fleet``: T terminals (own data folder, SQLite outbox, signing key; enrolled through
   the API) each with B records queued during an outage. Each terminal's head record first
   fails against a refusing port (F attempts, default 1; the outbox draws its full-jitter
   backoff as implemented), then every terminal is pointed at the platform at once and a pool
   of W threads delivers each one (its own ``DeliveryWorker.drain``) when its drawn backoff has
   elapsed. Reports the time to drain, peak request rates (client send times, and the
   platform's own log and database), duplicates and the per-terminal arrival order.

Temporary folders and the platform process are removed on exit, also on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import heapq
import itertools
import json
import os
import pickle
import platform
import random
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import cryptography
import persistqueue

from bench.support import machine
from bench.support.interrupts import Interrupts, run_interruptible
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.file_lock import FileLock
from kiosk.store.database import Database
from kiosk.sync.client import PlatformClient
from kiosk.sync.delivery import DeliveryWorker, Outcome
from kiosk.sync.enrolment import (
    LOCAL_KEY_FILE,
    SENDER_LOCK_FILE,
    enrol,
    load_or_create_signing_key,
)
from kiosk.sync.errors import PlatformError
from kiosk.sync.outbox import Kind, Outbox, RetryPolicy, Status
from kiosk.sync.sealing import LocalKey, SealContext, SealingPrivateKey, SealingPublicKey, seal
from refplatform.issuer.keys import create_demo_keys, load_demo_keys
from refplatform.server.settings import DATABASE_FILE_NAME
from tests.support.applications import ITEM_CODE as PREPARED_ITEM_CODE
from tests.support.applications import application_payload as prepared_application
from tests.support.refplatform_process import RefPlatform, running_refplatform

# In the bundled catalog the reference platform serves, and completable at a terminal.
ITEM_CODE = PREPARED_ITEM_CODE
SYNCHRONOUS = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}
WARM_UP = 20
PLATFORM_LOG = Path("logs") / "refplatform.log.jsonl"
FLEET = "CQ-FLEET-"  # terminal id prefix of the simulated fleet


# ---------------------------------------------------------------------------------- helpers


def application_payload() -> dict[str, Any]:
    """A realistic application (~1 KB as UTF-8 JSON): the sealed payload, version 1, of a real
    item the reference platform accepts (``tests.support.applications``; the platform checks
    every application against its item)."""
    return prepared_application()


def receipt_summary() -> dict[str, Any]:
    return {
        "item": "无犯罪记录证明",
        "applicant_masked": "张**",
        "id_masked": "5001**********431*",
    }


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


def sliding_peak(times: list[float], width_s: float) -> int:
    """The most events in any window ``width_s`` long."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while moment - ordered[start] >= width_s:
            start += 1
        best = max(best, end - start + 1)
    return best


def filesystem_of(path: Path) -> str:
    """The file system type of the mount holding ``path`` (tmpfs makes fsync free)."""
    best, kind = "", "unknown"
    with contextlib.suppress(OSError):
        target = str(path.resolve())
        for line in Path("/proc/mounts").read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 3 and target.startswith(parts[1]) and len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    return kind


def synchronous_name(connection: Any) -> str:
    (level,) = connection.execute("PRAGMA synchronous").fetchone()
    return SYNCHRONOUS.get(int(level), str(level))


class Call(NamedTuple):
    """One submission as the client saw it (``start`` on the ``perf_counter`` clock)."""

    terminal_id: str
    start: float
    duration: float
    code: str  # "ok" or the error code


class Row(NamedTuple):
    """One application in the platform's database."""

    terminal_id: str
    local_reference: str
    sequence: int
    accepted_at: int


class TimedClient(PlatformClient):
    """The kiosk's client, noting every submission in a list shared by the terminals (appending
    to a list is atomic in CPython)."""

    def __init__(self, *args: Any, calls: list[Call], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls = calls

    def submit(self, kind: str, idempotency_key: str, body: bytes) -> dict[str, Any]:
        start = time.perf_counter()
        code = "ok"
        try:
            return super().submit(kind, idempotency_key, body)
        except PlatformError as error:
            code = error.code
            raise
        finally:
            self.calls.append(Call(self.terminal_id, start, time.perf_counter() - start, code))


@dataclass
class Terminal:
    terminal_id: str
    data_dir: Path
    database: Database
    outbox: Outbox
    lock: FileLock
    signing_key: Any
    references: list[str] = field(default_factory=list)

    def client(self, base_url: str, calls: list[Call]) -> TimedClient:
        return TimedClient(
            base_url,
            self.terminal_id,
            self.signing_key,
            clock=SystemClock(),
            connect_timeout_s=5.0,
            read_timeout_s=60.0,
            allow_plain_http=True,
            calls=calls,
        )

    def head_due(self) -> float | None:
        waiting = self.outbox.entries((Status.PENDING, Status.RETRY, Status.SENDING), limit=1)
        return waiting[0].next_attempt_at if waiting else None


def new_terminal(root: Path, terminal_id: str, platform_server: RefPlatform, seed: int) -> Terminal:
    """A terminal as the kiosk sets one up: data folder, signing key, enrolment through the API
    (``kiosk.sync.enrolment.enrol``), its own SQLite outbox and local key."""
    data_dir = root / terminal_id
    data_dir.mkdir(parents=True, mode=0o700)
    clock = SystemClock()
    signing_key = load_or_create_signing_key(data_dir)
    client = PlatformClient(
        platform_server.base_url, terminal_id, signing_key, clock=clock, allow_plain_http=True
    )
    try:
        anchor = load_demo_keys(platform_server.keys_dir).anchor.public_key()
        code = platform_server.enrol_code(terminal_id)
        enrolment = enrol(client, data_dir, code, platform_server.base_url, anchor)
    finally:
        client.close()
    database = Database.open(data_dir / "kiosk.sqlite3")
    outbox = Outbox(
        database,
        terminal_id=terminal_id,
        sealing_key=enrolment.sealing_key,
        local_key=LocalKey.load_or_create(data_dir / LOCAL_KEY_FILE),
        clock=clock,
        rng=random.Random(seed),  # retry jitter, seeded per terminal
        policy=RetryPolicy(),
    )
    return Terminal(
        terminal_id,
        data_dir,
        database,
        outbox,
        FileLock(data_dir / SENDER_LOCK_FILE),
        signing_key,
    )


def fill(terminal: Terminal, count: int, payload: dict[str, Any]) -> None:
    for _ in range(count):
        queued = terminal.outbox.enqueue(
            Kind.APPLICATION, payload=payload, summary=receipt_summary(), item_code=ITEM_CODE
        )
        terminal.references.append(queued.local_reference)


def platform_rows(platform_server: RefPlatform, prefix: str) -> list[Row]:
    """Every application from terminals whose id starts with ``prefix``, in the platform's
    order of receipt (read-only, while the server runs)."""
    path = platform_server.data_dir / DATABASE_FILE_NAME
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return [
            Row(str(row[0]), str(row[1]), int(row[2]), int(row[3]))
            for row in connection.execute(
                "SELECT terminal_id, local_reference, sequence, accepted_at FROM applications"
                " WHERE terminal_id LIKE ? ORDER BY id",
                (prefix + "%",),
            )
        ]
    finally:
        connection.close()


def admin_total(platform_server: RefPlatform) -> int:
    done = platform_server.cli("admin", "list", "--json")
    if done.returncode != 0:
        raise RuntimeError(f"refplatform admin list failed: {done.stderr}")
    return int(json.loads(done.stdout)["applications"])


def check_rows(rows: list[Row], expected: dict[str, list[str]]) -> dict[str, Any]:
    """Counts, duplicates per (terminal, local reference), and the per-terminal arrival order."""
    per_pair = Counter((row.terminal_id, row.local_reference) for row in rows)
    sequences: dict[str, list[int]] = {}
    for row in rows:
        sequences.setdefault(row.terminal_id, []).append(row.sequence)
    in_order = sum(
        1
        for values in sequences.values()
        if all(later > earlier for earlier, later in itertools.pairwise(values))
    )
    wanted = {(terminal, ref) for terminal, refs in expected.items() for ref in refs}
    return {
        "expected_rows": len(wanted),
        "platform_rows": len(rows),
        "duplicates": sum(count - 1 for count in per_pair.values() if count > 1),
        "missing": len(wanted - set(per_pair)),
        "unexpected": len(set(per_pair) - wanted),
        "terminals_seen": len(sequences),
        "terminals_in_order": in_order,
        "order_kept": in_order == len(expected) and len(sequences) == len(expected),
    }


def platform_log_times(platform_server: RefPlatform, prefix: str) -> list[float]:
    """Epoch seconds (ms resolution) of the platform's "application … accepted from T" lines."""
    times = []
    for path in sorted(platform_server.data_dir.glob(f"{PLATFORM_LOG}*")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(ValueError, KeyError, TypeError):
                entry = json.loads(line)
                message = entry["msg"]
                if message.startswith("application ") and f" from {prefix}" in message:
                    times.append(datetime.fromisoformat(entry["ts"]).timestamp())
    return times


# ---------------------------------------------------------------------------------- part 1


def bench_enqueue(folder: Path, count: int) -> dict[str, Any]:
    payload = application_payload()
    platform_key = SealingPrivateKey.generate().public()
    database = Database.open(folder / "ours" / "kiosk.sqlite3")
    outbox = Outbox(
        database,
        terminal_id="CQ-BENCH-0001",
        sealing_key=platform_key,
        local_key=LocalKey.load_or_create(folder / "ours" / LOCAL_KEY_FILE),
        clock=SystemClock(),
    )
    with database.engine.connect() as connection:
        ours_sync = synchronous_name(connection.connection.dbapi_connection)
        ours_journal = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    queue = persistqueue.SQLiteAckQueue(
        str(folder / "persistqueue"), multithreading=True, auto_commit=True
    )
    # persist-queue sets journal_mode=WAL and no synchronous level, so it runs with the SQLite
    # build's default; read it back from the connection it writes with (read-only inspection).
    theirs_sync = synchronous_name(writer(queue))
    theirs_journal = writer(queue).execute("PRAGMA journal_mode").fetchone()[0]
    queues = {"persistqueue": queue}
    forced_sync = None
    if theirs_sync != "FULL":
        # Same class, its writing connection told to fsync every commit like ours.
        full = persistqueue.SQLiteAckQueue(
            str(folder / "persistqueue-full"), multithreading=True, auto_commit=True
        )
        writer(full).execute("PRAGMA synchronous = FULL")
        forced_sync = synchronous_name(writer(full))
        queues["persistqueue_synchronous_full"] = full

    def ours() -> object:
        return outbox.enqueue(
            Kind.APPLICATION, payload=payload, summary=receipt_summary(), item_code=ITEM_CODE
        )

    contenders: dict[str, Callable[[], object]] = {"ours": ours}
    for name, each in queues.items():
        contenders[name] = functools.partial(each.put, payload)
    durations = interleaved(contenders, count)
    stored = {"ours": sum(outbox.counts().values())}
    for name, each in queues.items():
        stored[name] = each.qsize()
        each.close()
    database.close()

    figures = {name: percentiles(values) for name, values in durations.items()}
    result: dict[str, Any] = {
        "benchmark": "outbox.enqueue",
        "n_each": count,
        "warm_up_each": WARM_UP,
        "payload_json_bytes": len(json.dumps(payload, ensure_ascii=False).encode("utf-8")),
        "interleaved": "call by call, alternating which goes first",
        "ours": {
            **figures["ours"],
            "per_put": "JSON + HPKE seal (ML-KEM-768+X25519, HKDF-SHA256, AES-256-GCM) to the "
            "platform key + AES-256-GCM receipt summary + one SQLAlchemy session: BEGIN "
            "IMMEDIATE, INSERT, flush, UPDATE (reference and body need the row id), COMMIT (the "
            "WAL is fsync'd at commit)",
            "journal_mode": ours_journal,
            "synchronous": ours_sync,
            "rows_stored": stored["ours"],
        },
        "persistqueue": {
            **figures["persistqueue"],
            "version": persistqueue.__version__,
            "per_put": "pickle + INSERT + COMMIT (sqlite3 module; the WAL is fsync'd at commit "
            "when synchronous is FULL), payload in plaintext",
            "journal_mode": theirs_journal,
            "synchronous": theirs_sync,
            "synchronous_note": "persist-queue sets only journal_mode=WAL; its synchronous level "
            "is this SQLite build's default (compile option DEFAULT_WAL_SYNCHRONOUS)",
            "rows_stored": stored["persistqueue"],
        },
        "ratio_ours_over_persistqueue": ratio(figures["ours"], figures["persistqueue"]),
        "components_p50_ms": components(folder, payload, platform_key, min(count, 500)),
        "storage": {
            "folder_filesystem": filesystem_of(folder),
            "note": "both files in the same temporary folder; fsync cost depends on the disk",
        },
    }
    if "persistqueue_synchronous_full" in figures:
        forced = figures["persistqueue_synchronous_full"]
        result["persistqueue_synchronous_full"] = {
            **forced,
            "how": "PRAGMA synchronous = FULL on the queue's writing connection",
            "synchronous": forced_sync,
            "rows_stored": stored["persistqueue_synchronous_full"],
        }
        result["ratio_ours_over_persistqueue_synchronous_full"] = ratio(figures["ours"], forced)
    else:
        result["persistqueue_synchronous_full"] = (
            "not measured separately: persist-queue already runs with synchronous=FULL here"
        )
    return result


def writer(queue: persistqueue.SQLiteAckQueue) -> sqlite3.Connection:
    """The connection persist-queue commits its puts with (``multithreading=True``)."""
    connection: object = queue._putter
    if not isinstance(connection, sqlite3.Connection):
        raise TypeError("persist-queue has no SQLite writing connection")
    return connection


def interleaved(contenders: dict[str, Callable[[], object]], count: int) -> dict[str, list[float]]:
    """``count`` timed calls of each, call by call, alternating the order (after a warm-up)."""
    for call in contenders.values():
        for _ in range(WARM_UP):
            call()
    durations: dict[str, list[float]] = {name: [] for name in contenders}
    names = list(contenders)
    for index in range(count):
        for name in names if index % 2 == 0 else names[::-1]:
            start = time.perf_counter()
            contenders[name]()
            durations[name].append(time.perf_counter() - start)
    return durations


def ratio(ours: dict[str, float], theirs: dict[str, float]) -> dict[str, float]:
    return {
        "p50": round(ours["p50_ms"] / theirs["p50_ms"], 2),
        "p99": round(ours["p99_ms"] / theirs["p99_ms"], 2),
    }


def components(
    folder: Path, payload: dict[str, Any], platform_key: SealingPublicKey, count: int
) -> dict[str, float]:
    """The parts of an enqueue that are not storage, alone, for the same payload."""
    local_key = LocalKey.load_or_create(folder / "ours" / LOCAL_KEY_FILE)
    document = json.dumps(
        {"kind": "application", "local_reference": "CQ-BENCH-0001-20261123-000001", **payload},
        ensure_ascii=False,
    ).encode("utf-8")
    summary = json.dumps(receipt_summary(), ensure_ascii=False).encode("utf-8")
    context = SealContext("application", "CQ-BENCH-0001", "CQ-BENCH-0001-20261123-000001", "0" * 32)
    parts: dict[str, Callable[[], object]] = {
        "hpke_seal": lambda: seal(document, platform_key, context),
        "summary_aes_gcm": lambda: local_key.encrypt(summary, b"0" * 32),
        "pickle_payload": lambda: pickle.dumps(payload),
    }
    return {name: percentiles(times)["p50_ms"] for name, times in interleaved(parts, count).items()}


# ---------------------------------------------------------------------------------- part 2


def bench_drain(folder: Path, platform_server: RefPlatform, count: int) -> dict[str, Any]:
    terminal_id = "CQ-DRAIN-0001"
    before = admin_total(platform_server)
    terminal = new_terminal(folder, terminal_id, platform_server, seed=1)
    payload = application_payload()
    start = time.perf_counter()
    fill(terminal, count, payload)
    enqueue_s = time.perf_counter() - start
    calls: list[Call] = []
    client = terminal.client(platform_server.base_url, calls)
    worker = DeliveryWorker(terminal.outbox, client, lock=terminal.lock, clock=SystemClock())
    with terminal.lock:
        cpu_before = cpu_seconds(platform_server.process.pid)
        start = time.perf_counter()
        outcome = worker.drain()
        drain_s = time.perf_counter() - start
        cpu_after = cpu_seconds(platform_server.process.pid)
    client.close()
    counts = terminal.outbox.counts()
    terminal.database.close()

    rows = platform_rows(platform_server, terminal_id)
    checks = check_rows(rows, {terminal_id: terminal.references})
    cycles = [later.start - earlier.start for earlier, later in itertools.pairwise(calls)]
    return {
        "benchmark": "outbox.drain",
        "records": count,
        "enqueue_s": round(enqueue_s, 3),
        "drain_s": round(drain_s, 3),
        "records_per_s": round(count / drain_s, 1),
        "drain_outcome": outcome.value,
        "round_trip": {
            **percentiles([call.duration for call in calls]),
            "what": "PlatformClient.submit: sign, POST over a kept-alive loopback connection, "
            "platform verifies, opens the HPKE payload, commits; answer parsed",
        },
        "per_record_cycle": {
            **percentiles(cycles),
            "what": "between successive submissions: claim (commit), submit, mark_sent "
            "(commit), link-state publish (counts query)",
        },
        "requests": len(calls),
        "request_outcomes": dict(Counter(call.code for call in calls)),
        "cpu_s": {name: round(cpu_after[name] - cpu_before[name], 2) for name in cpu_before},
        "outbox_after": {status.value: number for status, number in counts.items()},
        "platform": {
            **checks,
            "admin_list_applications_added": admin_total(platform_server) - before,
            "checked_with": "refplatform admin list --json (total) and the platform's SQLite "
            "database (per terminal, duplicates, order)",
        },
    }


# ---------------------------------------------------------------------------------- part 3


class Scheduler:
    """Hands each terminal to the pool when its head record is due, like each kiosk's delivery
    thread waking at that time; a terminal still waiting after a drain is scheduled again."""

    def __init__(self, total: int, stop: threading.Event) -> None:
        self._heap: list[tuple[float, int]] = []
        self._condition = threading.Condition()
        self._remaining = total
        self._stop = stop
        self.errors: list[BaseException] = []

    def put(self, due: float, index: int) -> None:
        with self._condition:
            heapq.heappush(self._heap, (due, index))
            self._condition.notify()

    def finished(self) -> None:
        with self._condition:
            self._remaining -= 1
            self._condition.notify()

    def failed(self, error: BaseException) -> None:
        with self._condition:
            self.errors.append(error)
            self._stop.set()
            self._condition.notify()

    def run(self, submit: Callable[[int], object]) -> None:
        while True:
            with self._condition:
                while True:
                    if self._stop.is_set() or self._remaining == 0:
                        return
                    if self._heap:
                        wait = self._heap[0][0] - time.time()
                        if wait <= 0:
                            _due, index = heapq.heappop(self._heap)
                            break
                    else:
                        wait = 1.0
                    self._condition.wait(min(wait, 1.0))
            submit(index)


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections (bound, never listening) while in use."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        holder.bind(("127.0.0.1", 0))
        yield int(holder.getsockname()[1])
    finally:
        holder.close()


@dataclass
class Fleet:
    terminals: list[Terminal]
    setup_s: float
    outage_calls: list[Call] = field(default_factory=list)
    outage_s: float = 0.0
    delays: list[float] = field(default_factory=list)  # each head record's drawn backoff
    calls: list[Call] = field(default_factory=list)
    reconnect: float = 0.0
    lags: dict[int, float] = field(default_factory=dict)  # due → handed to a pool thread
    drained_s: float = 0.0
    cpu_s: dict[str, float] = field(default_factory=dict)


def build_fleet(
    folder: Path, platform_server: RefPlatform, *, size: int, backlog: int, stop: threading.Event
) -> Fleet:
    """``size`` enrolled terminals, each with ``backlog`` records queued."""
    payload = application_payload()
    start = time.perf_counter()
    terminals = []
    for index in range(size):
        if stop.is_set():
            raise KeyboardInterrupt
        terminal = new_terminal(folder, f"{FLEET}{index + 1:04d}", platform_server, seed=index)
        fill(terminal, backlog, payload)
        terminal.database.close()  # connections reopen on use; keeps the fleet's files closed
        terminals.append(terminal)
    return Fleet(terminals, time.perf_counter() - start)


def emulate_outage(fleet: Fleet, failures: int) -> None:
    """Each terminal tries its head record against a port that refuses connections; notes the
    backoff delay the outbox drew for it."""
    start = time.perf_counter()
    with closed_port() as port:
        for terminal in fleet.terminals:
            client = terminal.client(f"http://127.0.0.1:{port}", fleet.outage_calls)
            worker = DeliveryWorker(
                terminal.outbox, client, lock=terminal.lock, clock=SystemClock()
            )
            with terminal.lock:
                for attempt in range(failures):
                    if attempt:
                        terminal.outbox.retry_now()  # a technician's "send now" while offline
                    failed_at = time.time()
                    worker.deliver_once()
            client.close()
            due = terminal.head_due()
            fleet.delays.append(max(0.0, due - failed_at) if due is not None else 0.0)
            terminal.database.close()
    fleet.outage_s = time.perf_counter() - start


def reconnect(
    fleet: Fleet, platform_server: RefPlatform, *, workers: int, stop: threading.Event
) -> None:
    """Point every terminal at the platform at once; deliver each when its head record is due.

    The outage attempts ran one terminal after another; each terminal is woken at its own drawn
    delay after t=0, as if all had failed at the same instant just before the platform came
    back (its record is due by then: it failed earlier than that)."""
    scheduler = Scheduler(len(fleet.terminals), stop)
    wall = time.time()
    wakes = [wall + delay for delay in fleet.delays]

    def deliver(index: int) -> None:
        fleet.lags.setdefault(index, time.time() - wakes[index])
        terminal = fleet.terminals[index]
        client = terminal.client(platform_server.base_url, fleet.calls)
        worker = DeliveryWorker(terminal.outbox, client, lock=terminal.lock, clock=SystemClock())
        try:
            with terminal.lock:
                outcome = worker.drain(until=stop.is_set)
            if outcome is Outcome.EMPTY:
                scheduler.finished()
            elif not stop.is_set():  # waiting out a backoff (the platform refused or failed)
                scheduler.put(terminal.head_due() or time.time(), index)
        except BaseException as error:  # noqa: BLE001 - handed to the main thread
            scheduler.failed(error)
        finally:
            client.close()
            terminal.database.close()

    fleet.reconnect = time.perf_counter()
    cpu_before = cpu_seconds(platform_server.process.pid)
    for index, wake in enumerate(wakes):
        scheduler.put(wake, index)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="terminal") as pool:
        try:
            scheduler.run(lambda index: pool.submit(deliver, index))
        except BaseException:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    fleet.drained_s = time.perf_counter() - fleet.reconnect
    cpu_after = cpu_seconds(platform_server.process.pid)
    fleet.cpu_s = {name: cpu_after[name] - cpu_before[name] for name in cpu_before}
    if scheduler.errors:
        raise scheduler.errors[0]
    if stop.is_set():
        raise KeyboardInterrupt


def cpu_seconds(platform_pid: int) -> dict[str, float]:
    """CPU seconds used so far (user + system) by the platform process and by this one."""
    fields = Path(f"/proc/{platform_pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1]
    utime, stime = (int(value) for value in fields.split()[11:13])
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "platform_process": (utime + stime) / os.sysconf("SC_CLK_TCK"),
        "bench_process": usage.ru_utime + usage.ru_stime,
    }


def spread(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)
    return {
        "min": round(ordered[0], 3),
        "p50": round(statistics.median(ordered), 3),
        "max": round(ordered[-1], 3),
    }


def bench_fleet(
    folder: Path,
    platform_server: RefPlatform,
    *,
    size: int,
    backlog: int,
    workers: int,
    outage_failures: int,
    stop: threading.Event,
) -> dict[str, Any]:
    before = admin_total(platform_server)
    fleet = build_fleet(folder, platform_server, size=size, backlog=backlog, stop=stop)
    emulate_outage(fleet, outage_failures)
    reconnect(fleet, platform_server, workers=workers, stop=stop)

    outboxes: Counter[str] = Counter()
    for terminal in fleet.terminals:
        for status, number in terminal.outbox.counts().items():
            outboxes[status.value] += number
        terminal.database.close()
    rows = platform_rows(platform_server, FLEET)
    checks = check_rows(rows, {each.terminal_id: each.references for each in fleet.terminals})
    first_send: dict[str, float] = {}
    for call in fleet.calls:
        first_send.setdefault(call.terminal_id, call.start - fleet.reconnect)
    log_times = platform_log_times(platform_server, FLEET)
    policy = RetryPolicy()
    records = size * backlog
    return {
        "benchmark": "outbox.fleet",
        "terminals": size,
        "backlog_per_terminal": backlog,
        "records": records,
        "client_threads": workers,
        "setup_s": round(fleet.setup_s, 2),
        "outage": {
            "failed_attempts_per_terminal": outage_failures,
            "failed_requests": len(fleet.outage_calls),
            "failure_codes": dict(Counter(call.code for call in fleet.outage_calls)),
            "first_retry_jitter_bound_s": min(
                policy.cap_s, policy.base_s * 2.0 ** (outage_failures - 1)
            ),
            "drawn_retry_delay_s": spread(fleet.delays),
            "emulation_s": round(fleet.outage_s, 2),
            "how": "each terminal's DeliveryWorker.deliver_once against a loopback port that "
            "refuses connections: the head record fails (a network error, which never counts "
            "towards dead letters) and the outbox draws its full-jitter delay uniform[0, "
            "min(cap, base*2^(attempts-1))] with the default policy (base 2 s, cap 300 s); "
            "further attempts, if asked for, follow outbox.retry_now() (a technician's 'send "
            "now'). The other records stay pending behind it (strict order).",
        },
        "reconnect": {
            "how": "every terminal switched to the platform at t=0; a scheduler hands a "
            "terminal to the thread pool at t = its drawn delay (as if all terminals had "
            "failed at the same instant just before the platform came back; its delivery "
            "thread would wake then), and its own DeliveryWorker.drain (sender lock held) sends "
            "its backlog in order. The first success finds the link OFFLINE and calls "
            "outbox.retry_now() (the implemented link recovery), so the rest of that "
            "terminal's backlog follows back to back. Heartbeats are not simulated (in the "
            "kiosk, a successful heartbeat after an outage also makes everything due at once).",
            "time_to_drain_all_s": round(fleet.drained_s, 3),
            "records_per_s": round(records / fleet.drained_s, 1),
            "first_request_after_reconnect_s": spread(list(first_send.values())),
            "client_pool_queueing_s": spread(list(fleet.lags.values())),
            "cpu_s": {name: round(value, 2) for name, value in fleet.cpu_s.items()},
            "cpu_note": "both processes share this machine's CPUs: the fleet's clients (one "
            "Python process, GIL) compete with the platform for them",
            "requests_to_platform": len(fleet.calls),
            "request_outcomes": dict(Counter(call.code for call in fleet.calls)),
            "round_trip": percentiles([call.duration for call in fleet.calls]),
        },
        "peak_request_rate": {
            "client_send_times": {
                "per_100ms": sliding_peak([call.start for call in fleet.calls], 0.1),
                "per_s": sliding_peak([call.start for call in fleet.calls], 1.0),
                "source": "PlatformClient.submit start times in the bench process (every "
                "request, refused ones too); sliding windows",
            },
            "platform_log": {
                "per_100ms": sliding_peak(log_times, 0.1),
                "per_s": sliding_peak(log_times, 1.0),
                "lines": len(log_times),
                "source": "ts (milliseconds) of the platform's 'application … accepted' log "
                "lines: accepted applications only; sliding windows",
            },
            "platform_database_per_calendar_second": max(
                Counter(row.accepted_at for row in rows).values(), default=0
            ),
            "platform_database_note": "applications.accepted_at is whole epoch seconds, so the "
            "platform's database gives per-second counts only, not per 100 ms",
        },
        "outboxes_after": dict(outboxes),
        "platform": {
            **checks,
            "admin_list_applications_added": admin_total(platform_server) - before,
            "checked_with": "refplatform admin list --json (total) and the platform's SQLite "
            "database: rows per (terminal, local_reference); per terminal, sequence in order "
            "of receipt (id)",
        },
    }


# ---------------------------------------------------------------------------------- main


def environment(folder: Path, load: machine.MachineLoad) -> dict[str, Any]:
    return {
        "environment": {
            **machine.environment(machine.usable_cpus(), load),
            "implementation": platform.python_implementation(),
            "sqlite": sqlite3.sqlite_version,
            "cryptography": cryptography.__version__,
            "persistqueue": persistqueue.__version__,
            "temp_filesystem": filesystem_of(folder),
            "platform_server": "refplatform serve (uvicorn, one process) on 127.0.0.1, SQLite "
            "WAL synchronous=FULL",
            "load_note": "the platform server runs as a child process until after the load is "
            "read, so its CPU time counts in cpu_busy_share_others_during",
        }
    }


def emit(document: dict[str, Any]) -> None:
    print(json.dumps(document, indent=2, ensure_ascii=False), flush=True)


def run(args: argparse.Namespace, interrupts: Interrupts) -> None:
    load = machine.MachineLoad.start()
    enqueue_n = args.enqueue or (300 if args.quick else 2000)
    drain_n = args.drain or (100 if args.quick else 1000)
    fleet_n = args.terminals or (20 if args.quick else 200)
    with contextlib.ExitStack() as cleanup:
        folder = Path(
            cleanup.enter_context(
                tempfile.TemporaryDirectory(
                    prefix="bench-outbox-", dir=args.dir, ignore_cleanup_errors=True
                )
            )
        )
        emit(bench_enqueue(folder / "enqueue", enqueue_n))
        keys = create_demo_keys(folder / "keys", datetime.now(UTC))
        # Last resort, run after the context manager's SIGTERM (callbacks run last in, first
        # out): a second interrupt during that graceful stop must not leave the process behind.
        started: list[RefPlatform] = []

        def kill_started() -> None:
            for each in started:
                kill_if_running(each.process)

        cleanup.callback(kill_started)
        with interrupts.deferred():
            server = cleanup.enter_context(running_refplatform(folder / "platform", keys.folder))
            started.append(server)
        emit(bench_drain(folder / "drain", server, drain_n))
        emit(
            bench_fleet(
                folder / "fleet",
                server,
                size=fleet_n,
                backlog=args.backlog,
                workers=args.workers,
                outage_failures=args.outage_failures,
                stop=interrupts.stop,
            )
        )
        emit(environment(folder, load))


def kill_if_running(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--enqueue", type=int, help="puts per contender (default 2000)")
    parser.add_argument("--drain", type=int, help="records drained (default 1000)")
    parser.add_argument("--terminals", type=int, help="fleet size (default 200)")
    parser.add_argument("--backlog", type=int, default=5, help="records per terminal")
    parser.add_argument("--workers", type=int, default=32, help="client threads in the fleet")
    parser.add_argument(
        "--outage-failures", type=int, default=1, help="failed attempts per head record"
    )
    parser.add_argument("--dir", type=Path, help="parent of the temporary folder")
    args = parser.parse_args()

    def work(interrupts: Interrupts) -> int:
        run(args, interrupts)
        return 0

    return run_interruptible(work)


if __name__ == "__main__":
    sys.exit(main())

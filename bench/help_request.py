"""Call-for-staff benchmark: how long the GUI thread is held when a citizen calls for staff.

    python -m bench.help_request [--calls N] [--dir PARENT]

``Terminal.send_staff_call`` runs on the GUI thread: it queues a help request with
``kiosk.sync.help_requests.queue_help_request`` (an HPKE ML-KEM-768+X25519 seal, an AES-GCM
summary and one SQLite transaction committed with WAL + ``synchronous=FULL``) on a real file.
Printed as one JSON object, then an ``environment`` object with the machine's load:

- ``alone``: N calls on an outbox nobody else writes to;
- ``while_draining``: N calls while another thread drains a backlog the way the delivery worker
  does (claim, a 20 ms "request", mark sent), so a call may wait for the write lock.

Each part gives the median, p95 and maximum in milliseconds. The temporary folder is removed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.support.machine import MachineLoad, environment
from kiosk.runtime.clock import SystemClock
from kiosk.store.database import DATABASE_FILE_NAME, Database
from kiosk.sync.help_requests import queue_help_request
from kiosk.sync.outbox import Claim, Kind, Outbox
from kiosk.sync.sealing import LocalKey, SealingPrivateKey
from tests.support.applications import ITEM_CODE, application_payload

WARM_UP = 5
BACKLOG = 400
REQUEST_S = 0.02


def _timed_calls(outbox: Outbox, calls: int) -> dict[str, Any]:
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        queue_help_request(outbox, screen="scan", journey="apply", step="scan")
        times.append((time.perf_counter() - started) * 1000.0)
    times.sort()
    return {
        "calls": calls,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[max(0, int(calls * 0.95) - 1)], 2),
        "max_ms": round(times[-1], 2),
    }


def _drain(outbox: Outbox, stop: threading.Event) -> None:
    while not stop.is_set():
        claimed = outbox.claim()
        if not isinstance(claimed, Claim):
            return
        stop.wait(REQUEST_S)  # the request in flight: no write lock held
        outbox.mark_sent(claimed.id, {"acceptance_number": "CQ20261205000001"})


def run(calls: int, parent: Path | None) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-help-", dir=parent))
    try:
        database = Database.open(folder / DATABASE_FILE_NAME)
        try:
            outbox = Outbox(
                database,
                terminal_id="CQ-YB-0001",
                sealing_key=SealingPrivateKey.generate().public(),
                local_key=LocalKey.load_or_create(folder / "local.key"),
                clock=SystemClock(),
            )
            _timed_calls(outbox, WARM_UP)
            alone = _timed_calls(outbox, calls)
            for _ in range(BACKLOG):
                outbox.enqueue(
                    Kind.APPLICATION,
                    item_code=ITEM_CODE,
                    payload=application_payload(),
                    summary={},
                )
            stop = threading.Event()
            drainer = threading.Thread(target=_drain, args=(outbox, stop), daemon=True)
            drainer.start()
            try:
                draining = _timed_calls(outbox, calls)
            finally:
                stop.set()
                drainer.join()
        finally:
            database.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "benchmark": "help_request.enqueue",
        "alone": alone,
        "while_draining": draining,
        "filesystem_parent": str(parent or tempfile.gettempdir()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.help_request", description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--dir", type=Path, default=None, help="where the database file goes")
    args = parser.parse_args()
    load = MachineLoad.start()
    print(json.dumps(run(args.calls, args.dir)))
    print(json.dumps({"environment": environment(1, load)}))


if __name__ == "__main__":
    main()

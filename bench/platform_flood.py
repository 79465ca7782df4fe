"""Platform flood benchmark: a signed heartbeat's latency idle and under a mixed flood, one run.

    python -m bench.platform_flood [--quick] [--heartbeats N] [--flooders F] [--flood-s S]
                                   [--database postgresql+psycopg://…] [--workers N]
                                   [--dir PARENT]

Starts a real ``refplatform serve`` on loopback (SQLite in a temporary folder; PostgreSQL, in a
fresh schema dropped afterwards, when ``--database`` is given; ``--workers N`` worker processes,
default 1), enrols one terminal, then:

1. idle: N signed heartbeats one after another (each a new signature and nonce, like the
   terminal's; at most 15 a second, under the per-terminal rate limit), p50/p99 in ms;
2. flood: F client threads, each from its own loopback address (127.0.0.11, 127.0.0.12, …; the
   terminal speaks from 127.0.0.1, so the per-address limit counts each flooder apart), each on
   one kept-alive connection, cycling through unauthenticated receipt-status look-ups, requests
   signed by a stranger under the enrolled terminal's key id (bad signatures) and enrolment
   attempts with wrong codes, as fast as answers come; meanwhile N more heartbeats, measured
   the same way.

Prints one JSON object ``platform.flood`` (heartbeat p50/p99 idle and under flood, their ratio,
the flood's request rate and answers by kind and status, server errors), then ``environment``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from cryptography.hazmat.primitives.asymmetric import ed25519

from bench.support import machine
from bench.support.interrupts import Interrupts, run_interruptible
from kiosk.sync.enrolment import public_pem
from kiosk.sync.signing import sign_request
from refplatform.issuer.keys import create_demo_keys
from tests.support.refplatform_process import (
    RefPlatform,
    postgres_schema,
    running_refplatform,
)

TERMINAL = "CQ-YB-0001"
HEARTBEAT = json.dumps(
    {"queue_depth": 0, "dead_letters": 0, "connectivity": "online", "software_version": "0.1.0"}
).encode()
KINDS = ("lookup", "bad_signature", "enrolment")
HEARTBEATS_PER_S = 15.0


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


class Heartbeats:
    """Signed heartbeats from the enrolled terminal, started at most ``HEARTBEATS_PER_S`` a
    second: under the per-terminal rate limit (a real terminal sends one a minute), so every
    heartbeat is answered, not refused with 429. Pacing waits on the interrupt event."""

    def __init__(
        self, server: RefPlatform, key: ed25519.Ed25519PrivateKey, stop: threading.Event
    ) -> None:
        self._server = server
        self._key = key
        self._stop = stop
        self._next_start = 0.0

    def measure(self, n: int) -> list[float]:
        """Seconds per heartbeat (sign, send, answer) for ``n`` heartbeats in a row."""
        times = []
        for _ in range(n):
            wait = self._next_start - time.perf_counter()
            if wait > 0 and self._stop.wait(wait):
                raise KeyboardInterrupt
            start = time.perf_counter()
            self._next_start = start + 1 / HEARTBEATS_PER_S
            answer = self._server.signed(
                "POST", "/api/v1/heartbeat", TERMINAL, self._key, body=HEARTBEAT
            )
            times.append(time.perf_counter() - start)
            if answer.status_code != 200:
                raise RuntimeError(f"heartbeat refused: {answer.status_code} {answer.text[:200]}")
        return times


class Flooder(threading.Thread):
    """One hostile client on its own loopback address, cycling through the flood's kinds."""

    def __init__(self, index: int, port: int, stop: threading.Event) -> None:
        super().__init__(name=f"flooder-{index}", daemon=True)
        self.address = f"127.0.0.{11 + index}"
        self.port = port
        self.stop = stop
        self.answers: Counter[tuple[str, int]] = Counter()
        self.errors = 0
        self.stranger = ed25519.Ed25519PrivateKey.generate()
        self.enrolment_body = json.dumps(
            {
                "terminal_id": "CQ-FLOOD-0001",
                "code": "AAAA-BBBB-CCCC",
                "public_key": public_pem(self.stranger),
            }
        ).encode()

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=30, source_address=(self.address, 0)
        )

    def request(self, kind: str) -> tuple[str, str, bytes | None, dict[str, str]]:
        base = f"http://127.0.0.1:{self.port}"
        if kind == "lookup":
            path = "/api/v1/receipt-status?code=KSK1:CQ20251224000001:AAAAAAAAAAAAA"
            return "GET", path, None, {}
        if kind == "bad_signature":
            path, key_id, body = "/api/v1/heartbeat", TERMINAL, HEARTBEAT
        else:
            path, key_id, body = "/api/v1/enrolments", "CQ-FLOOD-0001", self.enrolment_body
        headers = {"Content-Type": "application/json"}
        prepared = requests.Request("POST", base + path, data=body, headers=headers).prepare()
        sign_request(
            prepared, key_id=key_id, key=self.stranger, body=body, created=datetime.now(UTC)
        )
        return "POST", path, body, {k: str(v) for k, v in prepared.headers.items()}

    def run(self) -> None:
        connection = self.connection()
        turn = 0
        while not self.stop.is_set():
            kind = KINDS[turn % len(KINDS)]
            turn += 1
            method, path, body, headers = self.request(kind)
            try:
                connection.request(method, path, body=body, headers=headers)
                answer = connection.getresponse()
                answer.read()
                self.answers[(kind, answer.status)] += 1
                if answer.getheader("connection", "").lower() == "close":
                    connection.close()
                    connection = self.connection()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                connection.close()
                connection = self.connection()
        connection.close()


def flood_run(
    server: RefPlatform, beats: Heartbeats, n: int, flooders: int, flood_s: float
) -> dict[str, Any]:
    stop = threading.Event()
    threads = [Flooder(index, server.port, stop) for index in range(flooders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    try:
        deadline = time.perf_counter() + flood_s
        under: list[float] = []
        while len(under) < n or time.perf_counter() < deadline:
            under.extend(beats.measure(1))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    elapsed = time.perf_counter() - started
    answers: Counter[tuple[str, int]] = Counter()
    for thread in threads:
        answers.update(thread.answers)
    by_kind = {
        kind: {str(status): count for (k, status), count in sorted(answers.items()) if k == kind}
        for kind in KINDS
    }
    total = sum(answers.values())
    return {
        "under": under,
        "flood": {
            "flooders": flooders,
            "seconds": round(elapsed, 3),
            "requests": total,
            "requests_per_s": round(total / elapsed, 1),
            "answers_by_kind_and_status": by_kind,
            "server_errors": sum(c for (_k, status), c in answers.items() if status >= 500),
            "connection_errors": sum(thread.errors for thread in threads),
        },
    }


@contextlib.contextmanager
def database_url(base: str | None) -> Iterator[str | None]:
    if base is None:
        yield None
        return
    with postgres_schema(base) as url:
        yield url


def run(args: argparse.Namespace, interrupts: Interrupts) -> None:
    load = machine.MachineLoad.start()
    n = args.heartbeats or (60 if args.quick else 300)
    flooders = args.flooders or (4 if args.quick else 16)
    flood_s = args.flood_s or (2.0 if args.quick else 15.0)
    with contextlib.ExitStack() as cleanup:
        folder = Path(
            cleanup.enter_context(
                tempfile.TemporaryDirectory(
                    prefix="bench-flood-", dir=args.dir, ignore_cleanup_errors=True
                )
            )
        )
        keys = create_demo_keys(folder / "keys", datetime.now(UTC))
        url = cleanup.enter_context(database_url(args.database))
        with interrupts.deferred():
            server = cleanup.enter_context(
                running_refplatform(
                    folder / "platform",
                    keys.folder,
                    database_url=url,
                    extra_args=("--workers", str(args.workers)),
                )
            )
        key, _ = server.enrol(TERMINAL)
        beats = Heartbeats(server, key, interrupts.stop)
        beats.measure(10)  # warm-up
        idle = percentiles(beats.measure(n))
        flood = flood_run(server, beats, n, flooders, flood_s)
        under = percentiles(flood.pop("under"))
        report = {
            "benchmark": "platform.flood",
            "database": "postgresql" if url else "sqlite",
            "workers": args.workers,
            "heartbeat_idle": idle,
            "heartbeat_under_flood": under,
            "ratio_flood_over_idle": {
                "p50": round(under["p50_ms"] / idle["p50_ms"], 2),
                "p99": round(under["p99_ms"] / idle["p99_ms"], 2),
            },
            **flood,
        }
        server.stop()  # the audit writes its refusal counts when the server stops
        listing = json.loads(server.cli("admin", "list", "--json").stdout)
        report["admin_list_refusals"] = listing["refusals_by_reason"]
        print(json.dumps(report, indent=2), flush=True)
    environment = {
        **machine.environment(machine.usable_cpus(), load),
        "platform_server": (f"refplatform serve --workers {args.workers} (uvicorn) on 127.0.0.1"),
        "client": "this process: the heartbeat terminal and the flooder threads",
    }
    print(json.dumps({"environment": environment}, indent=2), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--heartbeats", type=int, help="heartbeats per phase (default 300)")
    parser.add_argument("--flooders", type=int, help="flooding client threads (default 16)")
    parser.add_argument("--flood-s", type=float, help="least flood duration (default 15 s)")
    parser.add_argument("--database", help="a PostgreSQL URL (default: SQLite)")
    parser.add_argument(
        "--workers", type=int, default=1, help="refplatform serve worker processes (default 1)"
    )
    parser.add_argument("--dir", type=Path, help="parent of the temporary folder")
    args = parser.parse_args()

    def work(interrupts: Interrupts) -> int:
        run(args, interrupts)
        return 0

    return run_interruptible(work)


if __name__ == "__main__":
    sys.exit(main())

"""Application benchmark: from "I agree" to the acceptance number, on loopback.

    python -m bench.apply [--submissions N] [--quick]

One enrolled terminal (its own data folder, SQLite outbox, signing key) and a real
``refplatform serve`` on loopback. The terminal's delivery worker runs on its own thread, as in
the kiosk. For each of N applications (a real completable item's form, answered as a citizen
would, built by the journey's own payload code): the application office queues it (sealed,
committed) and wakes the worker; the time is taken until the office reads the platform's
acceptance number back from the outbox — what the citizen waits for on the "submitting"
screen. Reference in the same run: the bare signed HTTP round trip of the same kind of request
(``PlatformClient.submit`` of a freshly sealed body), so the figure is also given as a ratio.
Prints one JSON object per part, then the environment.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.outbox import new_terminal
from bench.support import machine
from kiosk.domain.catalog import bundled_catalog
from kiosk.forms.form import FormModel
from kiosk.journeys.apply_identity import Applicant
from kiosk.journeys.apply_materials import How, Provided, checklist, with_identity
from kiosk.journeys.apply_payload import application_payload, receipt_summary
from kiosk.runtime.clock import SystemClock
from kiosk.sync.applications import Application, ApplicationOffice
from kiosk.sync.delivery import DeliveryWorker
from kiosk.sync.sealing import SealContext, seal
from refplatform.issuer.keys import create_demo_keys
from tests.support.apply_kit import fill
from tests.support.identities import resident_id
from tests.support.refplatform_process import running_refplatform

ITEM_CODE = "CY-GA-023"  # 无犯罪记录证明, completable here, in person with an e-ID
WARM_UP = 10
PACE_S = 0.06
"""At most one submission per PACE_S from a terminal: the platform allows 20 requests a second
per terminal (a terminal sends far fewer); faster, the bench would measure its 429 back-off."""
_PACER = threading.Event()  # never set: its wait is the pause between two submissions


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(at(0.95) * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def one_application() -> Application:
    """The application the journey would build for a citizen applying in person."""
    catalog = bundled_catalog()
    item = catalog.item(ITEM_CODE)
    if item is None:
        raise SystemExit(f"{ITEM_CODE} is not in the bundled catalogue")
    applicant = Applicant("eid", "王小渝", resident_id("500112", "19920304", "246"), "CQ")
    today = datetime.now(UTC).date()
    form = FormModel(item, "in_person", today=today)
    form.prefill({"eid": applicant.claim})
    fill(form, today)
    if form.errors():
        raise SystemExit(f"the benchmark's form does not validate: {form.errors()}")
    materials = checklist([item], authorisation=False)
    for need in materials.outstanding():
        materials = materials.with_provided(need.index, Provided(How.COUNTER))
    materials = with_identity(materials)
    now = datetime.now(UTC)
    return Application(
        item.code,
        application_payload(
            item,
            bundle=None,
            role="in_person",
            applicant=applicant,
            company=None,
            form=form.payload(item),
            checklist=materials,
            consented_at=now,
        ),
        receipt_summary(item, applicant=applicant, submitted_at=now),
    )


def run(submissions: int, folder: Path) -> None:
    keys = folder / "demo-keys"
    create_demo_keys(keys, datetime.now(UTC))
    application = one_application()
    with running_refplatform(folder / "platform", keys) as platform:
        terminal = new_terminal(folder, "CQ-APPLY-0001", platform, seed=1)
        client = terminal.client(platform.base_url, [])
        worker = DeliveryWorker(
            terminal.outbox,
            client,
            lock=terminal.lock,
            clock=SystemClock(),
            poll_interval_s=30.0,
            heartbeat_interval_s=3600.0,
        )
        office = ApplicationOffice(terminal.outbox, wake=worker.notify, link=lambda: worker.state)
        worker.start()
        answered = threading.Event()
        try:
            waits: list[float] = []
            queueing: list[float] = []
            for index in range(submissions + WARM_UP):
                start = time.perf_counter()
                (queued,) = office.submit([application])
                queued_at = time.perf_counter()
                answered.clear()
                while True:
                    answer = office.answers([queued.local_reference]).get(queued.local_reference)
                    if answer is not None and answer.acknowledgement is not None:
                        break
                    if answer is not None and answer.refused:
                        raise SystemExit(f"the platform refused the application: {answer}")
                    answered.wait(0.0005)  # a benchmark's poll, like the screen's tick
                if index >= WARM_UP:
                    waits.append(time.perf_counter() - start)
                    queueing.append(queued_at - start)
                answered.wait(max(0.0, start + PACE_S - time.perf_counter()))
            other = new_terminal(folder, "CQ-APPLY-0002", platform, seed=2)
            other_client = other.client(platform.base_url, [])
            try:
                bare = bare_round_trips(other, other_client, submissions)
            finally:
                other_client.close()
                other.database.close()
        finally:
            worker.stop()
            client.close()
            terminal.database.close()
    ours = percentiles(waits)
    reference = percentiles(bare)
    emit(
        {
            "benchmark": "apply.submit_to_acceptance_number",
            "submissions": submissions,
            "item": ITEM_CODE,
            "submit_to_number": {
                **ours,
                "what": "ApplicationOffice.submit (seal, commit, wake) until the outbox holds "
                "the platform's acceptance number (delivery worker thread, signed POST, "
                "platform opens and checks the application, commits, answers)",
            },
            "queue_only": percentiles(queueing),
            "bare_round_trip": {
                **reference,
                "what": "PlatformClient.submit of a freshly sealed application body alone",
            },
            "ratio_p50": round(ours["p50_ms"] / reference["p50_ms"], 2),
            "ratio_p95": round(ours["p95_ms"] / reference["p95_ms"], 2),
        }
    )


def bare_round_trips(terminal: Any, client: Any, count: int) -> list[float]:
    """The signed POST alone, for the ratio (each a new application, sealed beforehand)."""
    application = one_application()
    seconds: list[float] = []
    for index in range(count):
        key = uuid.uuid4().hex
        reference = f"{terminal.terminal_id}-{datetime.now(UTC):%Y%m%d}-{900000 + index:06d}"
        sealed = seal(
            json.dumps(
                {
                    "kind": "application",
                    "local_reference": reference,
                    "payload": application.payload,
                },
                ensure_ascii=False,
            ).encode(),
            terminal.outbox._sealing_key,
            SealContext("application", terminal.terminal_id, reference, key),
        )
        body = json.dumps(
            {
                "local_reference": reference,
                "sequence": 900000 + index,
                "queued_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "sealed": base64.b64encode(sealed).decode("ascii"),
                "item_code": ITEM_CODE,
            }
        ).encode()
        start = time.perf_counter()
        client.submit("application", key, body)
        seconds.append(time.perf_counter() - start)
        _PACER.wait(max(0.0, start + PACE_S - time.perf_counter()))  # pacing, not a sync
    return seconds


def emit(document: dict[str, Any]) -> None:
    print(json.dumps(document, ensure_ascii=False), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.apply", description=__doc__)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="20 submissions")
    args = parser.parse_args(argv)
    submissions = 20 if args.quick else max(1, args.submissions)
    load = machine.MachineLoad.start()
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as folder:
        run(submissions, Path(folder))
    emit({"environment": machine.environment(machine.usable_cpus(), load)})
    return 0


if __name__ == "__main__":
    sys.exit(main())

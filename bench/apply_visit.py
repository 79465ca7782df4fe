"""Applying at the kiosk, counted and timed: the touches and seconds a scripted citizen needs
from the home screen to the receipt in hand and home again.

    python -m bench.apply_visit [--repeats N] [--quick]

The demo terminal as ``kiosk demo`` starts it (``prepare_demo``, the reference platform as a
real ``refplatform serve`` process on loopback, enrolment), built by ``build_kiosk`` with the
platform link, offscreen (``QT_QPA_PLATFORM=offscreen`` unless another platform is set): the
real widgets, the real delivery worker and outbox, the shipped fake camera showing a phone
with a demo e-ID issued at that moment (every frame decoded from its pixels), the fake printer.
The scripted citizen of ``bench.support.apply_driver`` plays each scenario through the
screens' own widgets, with no thinking time:

- ``online_item``: 养老金生存认证 (CY-RS-044, fully online, in person): its tile or the search
  from home, "Apply here", the e-ID to the camera, continue, the form (a mobile number typed,
  two choices, an address picked and its street typed), review, the consent's tick, Submit,
  the printed receipt with the platform's acceptance number, Done, Finish;
- ``bundle``: 开办企业一件事 (open-business: company registration, tax registration,
  social-insurance registration) from the registration item's page, as the company's legal
  representative: the same steps once for all three items, the papers for the counter chosen
  on the checklist, one receipt listing the three acceptance numbers.

Counted (``bench.support.apply_driver.Tally``): taps (buttons, tiles, pickers, fields), keys
(the keyboard's and keypads' keys; Chinese as its pinyin letters plus a candidate touch a
phrase), codes shown to the camera. Timed: from the first touch on the home screen to the
home screen of the next citizen, including the wait for the platform's answer (the scripted
citizen reads nothing and never hesitates: a person takes longer, the kiosk not).

Prints one JSON object per scenario (touches, and seconds p50 / min / max over ``--repeats``,
each phase's touches and median seconds), then the environment. Exit status 0 when every
application came back with its acceptance numbers on a printed receipt.

Thread contract: the main thread is the GUI thread.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from bench.support import machine
from bench.support.apply_driver import ApplyDriver, HeldCode, LoopWaiter, Plan
from kiosk.config.loader import load_config
from kiosk.credentials.registry import CredentialType
from kiosk.demo import DEMO_KEYS_DIR, DemoPlatform, connect_demo_platform, prepare_demo
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.journeys.receipt import ReceiptPhase
from kiosk.runtime.clock import SystemClock
from kiosk.ui.app import Kiosk, build_kiosk
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import DemoKeySet, load_demo_keys

ONLINE_ITEM = "CY-RS-044"
BUNDLE = "open-business"
BUNDLE_PAGE = "CY-SCJG-072"  # the bundle's button is on its first item's page
READY_TIMEOUT_S = 60.0
DEFAULT_REPEATS = 5


def scenarios(keys: DemoKeySet) -> dict[str, Plan]:
    """The scripted citizens: a fresh e-ID of the Sichuan demo person (the legal
    representative of the demo company) each time."""

    def eid() -> str:
        return issue_eid(keys, "sc-eid", datetime.now().astimezone())

    no_licences: dict[CredentialType, Callable[[], str]] = {}
    return {
        "online_item": Plan(ONLINE_ITEM, identity=eid, licences=no_licences),
        "bundle": Plan(
            BUNDLE_PAGE,
            identity=eid,
            role="legal_representative",
            bundle=BUNDLE,
            licences=no_licences,
        ),
    }


def start(data_dir: Path, held: HeldCode) -> tuple[Kiosk, DemoPlatform, float]:
    """The demo terminal, enrolled with its own reference platform, ready to take
    applications; and its scan timeout."""
    path = prepare_demo(data_dir, SystemClock().now())
    platform, code = DemoPlatform.start(data_dir)
    try:
        connect_demo_platform(data_dir, path, platform, code)
        loaded = load_config(path, {})
        camera = ImageSequenceSource(held, fps=15)
        kiosk = build_kiosk(
            loaded,
            clock=SystemClock(),
            size=QSize(1280, 800),
            source_factory=lambda: camera,
            platform_sync=True,
        )
    except BaseException:
        platform.stop()
        raise
    kiosk.window.show()
    kiosk.window.activateWindow()
    waiter = LoopWaiter()
    try:
        waiter.until(lambda: ready(kiosk), "a terminal ready to take applications", READY_TIMEOUT_S)
    except BaseException:
        stop(kiosk, platform)
        raise
    return kiosk, platform, float(loaded.config.scan.timeout_s)


def ready(kiosk: Kiosk) -> bool:
    """Services open, the link online, the platform's trust list installed."""
    from kiosk.sync.delivery import Connectivity  # noqa: PLC0415 - after start-up

    if not kiosk.ready:
        return False
    sync, credentials = kiosk.sync, kiosk.credentials
    worker = sync.worker if sync is not None else None
    applications = kiosk.shell.applications
    return (
        worker is not None
        and worker.state.connectivity is Connectivity.ONLINE
        and credentials is not None
        and credentials.trust_store.current() is not None
        and applications is not None
        and applications.office.ready
    )


def stop(kiosk: Kiosk, platform: DemoPlatform) -> None:
    try:
        kiosk.close()
        kiosk.window.deleteLater()
        QApplication.processEvents()
    finally:
        platform.stop()


def run_scenario(driver: ApplyDriver, name: str, plan: Plan, repeats: int) -> dict[str, Any]:
    """``repeats`` applications of ``plan``; each must end with a printed receipt carrying
    every acceptance number."""
    seconds: list[float] = []
    tallies: list[dict[str, int]] = []
    phases: list[list[dict[str, object]]] = []
    applications = 0
    for _ in range(repeats):
        outcome = driver.apply(plan)
        if outcome.offline or len(outcome.acceptance_numbers) != len(outcome.references):
            raise SystemExit(f"{name}: the platform's acceptance numbers did not come back")
        if outcome.receipt.phase is not ReceiptPhase.PRINTED:
            raise SystemExit(f"{name}: the receipt was not printed: {outcome.receipt.problem}")
        seconds.append(outcome.seconds)
        tallies.append(outcome.tally.as_dict())
        phases.append([phase.as_dict() for phase in outcome.phases])
        applications = len(outcome.references)
        empty_fake_printer(driver.kiosk)
    first = tallies[0]
    return {
        "benchmark": "apply_visit",
        "scenario": name,
        "item": plan.item,
        "bundle": plan.bundle,
        "role": plan.role or "in_person",
        "applications_per_visit": applications,
        "repeats": repeats,
        **first,
        "touches_same_every_time": all(tally == first for tally in tallies),
        "seconds": {
            "p50": round(statistics.median(seconds), 3),
            "min": round(min(seconds), 3),
            "max": round(max(seconds), 3),
        },
        "phases": by_phase(phases),
        "what": "home screen to the next citizen's home screen: item, Apply here, e-ID shown, "
        "materials, form, review, consent, submitted, printed receipt with the acceptance "
        "number(s), Done, Finish; no thinking time",
    }


def by_phase(runs: list[list[dict[str, object]]]) -> list[dict[str, object]]:
    """Each phase's touches (the first run's) and its median seconds over the runs."""
    merged = []
    for index, phase in enumerate(runs[0]):
        times = [float(str(run[index]["seconds"])) for run in runs]
        merged.append({**phase, "seconds": round(statistics.median(times), 3)})
    return merged


def empty_fake_printer(kiosk: Kiosk) -> None:
    """The fake printer keeps every job (for tests); a real one keeps nothing."""
    from kiosk.devices.printer_fake import FakePrinter  # noqa: PLC0415

    printer = kiosk.printer
    if isinstance(printer, FakePrinter):
        printer.printed.clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.apply_visit", description=__doc__)
    parser.add_argument(
        "--repeats", type=int, default=DEFAULT_REPEATS, help="applications per scenario"
    )
    parser.add_argument("--quick", action="store_true", help="one application per scenario")
    args = parser.parse_args(argv)
    repeats = 1 if args.quick else max(1, args.repeats)
    load = machine.MachineLoad.start()
    with tempfile.TemporaryDirectory(prefix="bench-apply-visit-") as folder:
        data_dir = Path(folder)
        held = HeldCode()
        kiosk, platform, scan_timeout_s = start(data_dir, held)
        try:
            keys = load_demo_keys(data_dir / DEMO_KEYS_DIR)
            driver = ApplyDriver(kiosk, held, scan_timeout_s=scan_timeout_s)
            for name, plan in scenarios(keys).items():
                report = run_scenario(driver, name, plan, repeats)
                print(json.dumps(report, ensure_ascii=False), flush=True)
        finally:
            stop(kiosk, platform)
    environment = machine.environment(machine.usable_cpus(), load)
    print(json.dumps({"environment": environment}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

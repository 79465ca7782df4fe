"""``kiosk enrol | sync | outbox``: the technician's commands for the platform link.

    kiosk enrol CODE            register this terminal's key with the platform
    kiosk sync                  fetch the catalog, calendar and trust list now
    kiosk outbox list [--json]  every queued record's state (no personal data)
    kiosk outbox requeue REF    put a dead letter back in the queue
    kiosk outbox send-now       make waiting records due now and wake the running kiosk
    kiosk outbox drain          deliver now, until the queue is empty (or --timeout)
    kiosk outbox export --out FILE [--all]
                                the dead letters (or every record still to be sent) as JSON
                                lines, sealed as sent: nothing personal in clear (0600)

``requeue`` and ``export`` are recorded in the audit log (``kiosk audit list``), as the
technician's screen records them. None of these import Qt; their services come from
``kiosk.terminal.Terminal``. ``drain`` takes the outbox's sender lock, so it waits while a
running kiosk is delivering (the kiosk drains on its own; the command is for a terminal whose
UI is off). An empty queue returns at once, without waiting for the lock.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from dataclasses import asdict
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_OK,
    command_hint,
    database_unusable,
    invoked_command,
    load_or_report,
    start_logging,
)
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import SyncServices, Terminal

if TYPE_CHECKING:
    from kiosk.sync.outbox import Outbox
    from kiosk.technician.audit import AuditLog


def run(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    start_logging(loaded)
    with Terminal(loaded, SystemClock()) as terminal:
        return _run(args, terminal)


def _run(args: argparse.Namespace, terminal: Terminal) -> int:
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.sync.enrolment import EnrolmentError  # noqa: PLC0415

    try:
        terminal.open_credentials()
    except StoreError as error:
        return database_unusable(error)
    if args.command == "enrol":
        return _enrol(terminal, args.code)
    try:
        services = terminal.open_sync()
    except EnrolmentError as error:
        print(f"the stored enrolment cannot be used: {error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    if args.command == "sync":
        return _sync(services)
    if args.outbox_command == "list":
        return _list(services.outbox, as_json=args.json)
    if args.outbox_command == "requeue":
        return _requeue(terminal, services.outbox, args.reference)
    if args.outbox_command == "export":
        return _export(terminal, services.outbox, args.out, dead_only=not args.all)
    if args.outbox_command == "send-now":
        return _send_now(services)
    return _drain(services, args.timeout)


def _sync(services: SyncServices) -> int:
    """Fetch every platform document now; print each one's result, then the versions kept. A
    document fetched again in the version already kept is "unchanged", whatever the transfer
    (a platform that sends no ETag sends the whole document each time)."""
    from kiosk.sync.platform_documents import Result  # noqa: PLC0415

    documents = services.documents
    before = documents.versions()
    results = documents.sync_all()
    after = documents.versions()
    width = max(len(name.value) for name in results)
    for name, result in results.items():
        same = result is Result.UPDATED and before.get(name.value) == after.get(name.value)
        print(f"{name.value:<{width}}  {(Result.UNCHANGED if same else result).value}")
    width = max((len(kind) for kind in after), default=0)
    for kind, version in after.items():
        print(f"  {kind:<{width}}  version {version}")
    failed = any(r in (Result.REFUSED, Result.UNREACHABLE) for r in results.values())
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _enrol(terminal: Terminal, code: str) -> int:
    from kiosk.sync.enrolment import (  # noqa: PLC0415
        UNREACHED_CODES,
        EnrolmentError,
        explain_refusal,
    )
    from kiosk.technician.enrolment import enrol_audited  # noqa: PLC0415

    terminal_id = terminal.loaded.config.terminal.id
    try:
        # Audited as the enrolment screen's (terminal.enrolled, never the code).
        enrolment = enrol_audited(
            terminal.enrol, terminal.audit_log(), terminal_id, code, actor="cli"
        )
    except EnrolmentError as error:
        if error.code in UNREACHED_CODES:  # no answer: nothing was refused
            print(
                f"enrolment failed: the platform could not be reached ({error.code})",
                file=sys.stderr,
            )
        else:
            print(f"enrolment refused: {error.code}", file=sys.stderr)
        print(f"  {explain_refusal(error.code, kiosk=invoked_command())}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    print(f"terminal {enrolment.terminal_id} enrolled with {enrolment.platform_url}")
    return EXIT_OK


def _audit_log(terminal: Terminal) -> AuditLog:
    return terminal.audit_log()


def _requeue(terminal: Terminal, outbox: Outbox, reference: str) -> int:
    from kiosk.technician.outbox_ops import retry_dead  # noqa: PLC0415

    if retry_dead(outbox, _audit_log(terminal), reference, actor="cli"):
        print(f"{reference} re-queued")
        return EXIT_OK
    entry = outbox.entry(reference)
    if entry is None:
        print(
            f"{reference}: no such record in the queue (see `{command_hint('outbox list')}` "
            "for the references)",
            file=sys.stderr,
        )
    else:
        print(
            f"{reference} is {entry.status.value}, not a dead letter: only dead letters are "
            "re-queued",
            file=sys.stderr,
        )
    return EXIT_CHECK_FAILED


def _export(terminal: Terminal, outbox: Outbox, path: Path, *, dead_only: bool) -> int:
    from kiosk.technician.outbox_ops import export_outbox  # noqa: PLC0415

    if path.is_dir():
        print(f"{path} is a folder: name the file to write in it", file=sys.stderr)
        return EXIT_CHECK_FAILED
    try:
        count = export_outbox(outbox, _audit_log(terminal), path, dead_only=dead_only, actor="cli")
    except FileNotFoundError:
        print(f"cannot write {path}: there is no folder {path.parent}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    except OSError as error:
        print(f"cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    which = "dead letter(s)" if dead_only else "record(s) still to be delivered"
    print(f"{count} {which} written to {path} (sealed: only the platform can open them)")
    return EXIT_OK


def _list(outbox: Outbox, *, as_json: bool) -> int:
    entries = outbox.entries(limit=100_000)
    if as_json:
        rows = [{**asdict(entry), "status": entry.status.value} for entry in entries]
        print(json.dumps({"records": rows}, ensure_ascii=False, indent=1))
        return EXIT_OK
    for entry in entries:
        number = (entry.answer or {}).get("acceptance_number") or (entry.answer or {}).get(
            "checkin_number", ""
        )
        print(
            f"{entry.local_reference:<28} {entry.kind:<11} {entry.status.value:<7} "
            f"tries {entry.attempts:<3} {entry.last_error or '':<22} {number}"
        )
    counts = outbox.counts()
    print(", ".join(f"{status.value} {count}" for status, count in counts.items()))
    return EXIT_OK


def _send_now(services: SyncServices) -> int:
    from kiosk.sync.delivery import SEND_NOW_SIGNAL  # noqa: PLC0415

    due = services.outbox.retry_now()
    holder = services.sender_lock.holder()
    if holder is None:
        print(
            f"{due} record(s) due now; no kiosk is delivering: run `{command_hint('outbox drain')}`"
        )
        return EXIT_OK
    try:
        os.kill(holder, SEND_NOW_SIGNAL)
    except OSError as error:
        print(f"cannot wake the delivering process {holder}: {error.strerror}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    print(f"{due} record(s) due now; process {holder} is sending them")
    return EXIT_OK


def _drain(services: SyncServices, timeout_s: float) -> int:
    from kiosk.sync.delivery import SEND_NOW_SIGNAL, Outcome  # noqa: PLC0415
    from kiosk.sync.outbox import Status  # noqa: PLC0415

    worker, outbox = services.worker, services.outbox
    if worker is None:
        print(
            f"the terminal is not enrolled: run `{command_hint('enrol CODE')}` first",
            file=sys.stderr,
        )
        return EXIT_CHECK_FAILED
    clock = SystemClock()
    deadline = clock.monotonic() + timeout_s
    stop = threading.Event()
    wake = threading.Event()

    def on_term(_signum: int, _frame: FrameType | None) -> None:
        stop.set()
        wake.set()

    def on_send_now(_signum: int, _frame: FrameType | None) -> None:
        wake.set()  # `send-now` has made the records due; never touch the database in here

    if outbox.depth() == 0:  # nothing to deliver: no need to wait for the sender lock
        print("the queue is empty: nothing to deliver")
        print(", ".join(f"{status.value} {count}" for status, count in outbox.counts().items()))
        return EXIT_OK
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(SEND_NOW_SIGNAL, on_send_now)
    if not services.sender_lock.acquire(blocking=False):
        print(
            f"another process (the kiosk?) is delivering; `{command_hint('outbox send-now')}` "
            "wakes it. Waiting for it to stop…",
            file=sys.stderr,
        )
        while not services.sender_lock.acquire(blocking=False):
            if stop.wait(1.0) or clock.monotonic() >= deadline:
                print("gave up: the other process still holds the queue", file=sys.stderr)
                return EXIT_CHECK_FAILED
    try:
        outbox.recover()
        outbox.retry_now()
        while not stop.is_set() and clock.monotonic() < deadline:
            outcome = worker.drain(until=stop.is_set)
            if outcome is Outcome.EMPTY:
                break
            waiting = outbox.entries((Status.PENDING, Status.RETRY, Status.SENDING), limit=1)
            due_in = waiting[0].next_attempt_at - clock.now().timestamp() if waiting else 0.0
            wake.wait(max(0.01, min(due_in, deadline - clock.monotonic())))
            wake.clear()
    finally:
        services.sender_lock.release()
    depth = outbox.depth()
    counts = outbox.counts()
    print(", ".join(f"{status.value} {count}" for status, count in counts.items()))
    return EXIT_OK if depth == 0 else EXIT_CHECK_FAILED

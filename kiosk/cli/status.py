"""``kiosk status [--json]``: the terminal's status, for a technician or a fleet monitor.

    kiosk status              the figures in lines, then what needs attention, most urgent first
    kiosk status --json       one JSON document (``kiosk.technician.status.SCHEMA``)
    kiosk status --no-probe   do not ask the platform (the link is then "unknown")

The same status the technician's screen shows (``kiosk.technician.status``), read from this
terminal's data folder: the outbox, the trust list, the documents' versions, the disk and the
audit log. The platform link is probed once (a signed request for the platform's keys, within
the configured timeouts): "online", "degraded" or "offline" with the error code and the clock
skew; "unknown" when the terminal is not enrolled or ``--no-probe``. The printer and the camera
belong to the running kiosk: their states are not asked here (null; the kiosk's heartbeat
reports them to the platform, and ``kiosk printer status`` asks the printer).

Exit status: 0 the status was read (whatever it says: ``attention`` tells what needs a look); 74
the database cannot be used (the document is still printed, the database's parts null and named
in ``unreadable``); 78 an unusable configuration. Never loads Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from kiosk.cli.common import EXIT_CONFIG, EXIT_DATABASE, EXIT_OK, load_or_report, start_logging
from kiosk.domain.timezone import beijing_text
from kiosk.runtime.clock import SystemClock
from kiosk.technician.status import STATES
from kiosk.terminal import Terminal

if TYPE_CHECKING:
    from kiosk.technician.status import LinkReport, TerminalStatus


def run(args: argparse.Namespace) -> int:
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.sync.enrolment import EnrolmentError  # noqa: PLC0415
    from kiosk.sync.sealing import SealingError  # noqa: PLC0415
    from kiosk.technician.status import LinkReport, collect_status  # noqa: PLC0415

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    start_logging(loaded)
    clock = SystemClock()
    exit_code = EXIT_OK
    unreadable: list[str] = []
    with Terminal(loaded, clock) as terminal:
        try:
            terminal.open_credentials()
        except StoreError as error:
            print(f"the database cannot be used: {error}", file=sys.stderr)
            exit_code = EXIT_DATABASE
            unreadable.append("database")
        else:
            try:
                terminal.open_sync()
            except (EnrolmentError, StoreError, OSError, SealingError) as error:
                print(f"the outbox cannot be opened: {error}", file=sys.stderr)
                unreadable.append("outbox")
        # This process's delivery worker never runs: the link is a probe's, or nobody's.
        link = (None if args.no_probe else _probe(terminal)) or LinkReport()
        sources = terminal.status_sources(link=lambda: link)
        status = collect_status(sources, clock)
    if unreadable:
        status = replace(status, unreadable=(*unreadable, *status.unreadable))
    if args.json:
        print(json.dumps(status.to_document(), ensure_ascii=False, indent=1))
    else:
        _print_lines(status)
    return exit_code


def _probe(terminal: Terminal) -> LinkReport | None:
    """The link as a request to the platform finds it now; None when not enrolled."""
    from kiosk.technician.status import probe_link  # noqa: PLC0415

    sync = terminal.sync
    if sync is None or sync.client is None:
        return None
    return probe_link(sync.client, terminal.clock)


def _print_lines(status: TerminalStatus) -> None:
    document = status.to_document()
    terminal = document["terminal"]
    enrolled = "enrolled" if terminal["enrolled"] else "NOT enrolled"
    print(
        f"terminal    {terminal['id']} ({terminal['profile']}), {enrolled}, "
        f"software {status.software_version}"
    )
    print(f"platform    {terminal['platform_url']}: {_link_text(status)}")
    _print_queue(status)
    print(f"trust list  {_trust_text(status)}")
    versions = status.documents
    documents = ", ".join(f"{k} {v}" for k, v in versions.items()) if versions else "unknown"
    print(f"documents   {documents}")
    devices = ", ".join(f"{k} {v or 'unknown'}" for k, v in status.devices.items())
    print(f"devices     {devices}")
    disk = status.disk
    if disk is None:
        print("disk        unknown")
    else:
        print(f"disk        {disk.free_mb} MB free of {disk.total_mb} MB ({disk.path})")
    audit = status.audit
    if audit is None:
        print("audit log   unknown")
    else:
        print(f"audit log   {audit.count} entries, head {audit.head or '-'}")
    concerns = status.concerns
    if not concerns:
        print("attention   nothing needs attention")
        return
    print("attention   (most urgent first)")
    for concern in concerns:
        problem, remedy = concern.english()
        print(f"  {concern.severity.name:<8}{problem}")
        print(f"  {'':<8}-> {remedy}")


def _link_text(status: TerminalStatus) -> str:
    link = status.link
    parts = [link.condition.value]
    if link.last_error:
        parts.append(f"last error {link.last_error}")
    if link.last_contact_at is not None:
        parts.append(f"last contact {beijing_text(link.last_contact_at)}")
    if link.clock_skew_s is not None:
        parts.append(f"clock skew {link.clock_skew_s:+.1f} s (the platform minus this terminal)")
    return ", ".join(parts)


def _print_queue(status: TerminalStatus) -> None:
    queue = status.queue
    if queue is None:
        print("queue       unknown")
        return
    states = ", ".join(f"{name} {queue.by_state.get(name, 0)}" for name in STATES)
    print(f"queue       {queue.depth} to send, {queue.dead} dead letter(s) ({states})")
    if queue.oldest_waiting_at is not None:
        print(f"            oldest waiting since {beijing_text(queue.oldest_waiting_at)}")
    for letter in queue.dead_letters:
        print(
            f"  dead      {letter.reference}  {letter.kind}  queued "
            f"{beijing_text(letter.created_at)}  failures {letter.failures}  "
            f"{letter.last_error or '-'}"
        )
    more = queue.dead - len(queue.dead_letters)
    if more > 0:
        print(f"            and {more} more")


def _trust_text(status: TerminalStatus) -> str:
    trust = status.trust_list
    if trust is None:
        return "unknown"
    if not trust.installed or trust.issued_at is None:
        return "none usable: every credential is refused"
    age_days = (status.trust_list_age_s() or 0) / 86400
    demo = " (DEMO)" if trust.demo else ""
    return (
        f"sequence {trust.sequence}, issued {beijing_text(trust.issued_at)} "
        f"({age_days:.1f} days ago), {trust.freshness}{demo}"
    )

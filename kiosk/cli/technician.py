"""``kiosk technician set-pin`` and ``kiosk audit list | verify``: the technician PIN and the
audit log, on the terminal's own configuration file and database.

    kiosk technician set-pin [--pin-stdin]   set the PIN that opens technician mode
    kiosk audit list [--json] [--limit N]    the audit log, newest first
    kiosk audit verify                       check the hash chain; exit 1 at the first bad entry

``set-pin`` asks for the new PIN twice without echo (``getpass``; ``--pin-stdin`` reads it
once from the first line of standard input, for scripts), refuses a weak PIN with the reason
(``kiosk.technician.pin.pin_problem``), writes only its scrypt hash into the configuration file
(``technician.pin_hash``, through ``kiosk.config.writer.write_config_changes``: validated,
atomic, the file's mode kept) and records ``pin.set`` in the audit log. A running kiosk reads
the new PIN when it next starts. The PIN is never printed or logged.

``audit verify`` walks the whole chain (``kiosk.technician.audit.AuditLog.verify``) and records
that it did (``audit.verified``, its outcome ``ok`` or ``failed``), chained after the entries it
checked.

Technician output is English, as the other commands'. Exit codes: 0 done / intact; 1 refused
(weak PIN, PINs that differ, nothing read) or the chain is broken; 74 the database cannot be
used; 78 an unusable configuration. Never loads Qt.
"""

from __future__ import annotations

import argparse
import getpass
import json
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_OK,
    command_hint,
    database_unusable,
    load_or_report,
    start_logging,
)
from kiosk.domain.timezone import beijing_text
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal

if TYPE_CHECKING:
    from kiosk.config.loader import LoadedConfig
    from kiosk.technician.audit import AuditEntry, AuditLog


def run(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    start_logging(loaded)
    from kiosk.store.database import StoreError  # noqa: PLC0415

    with Terminal(loaded, SystemClock()) as terminal:
        try:
            audit = terminal.audit_log()
            if args.command == "technician":
                return _set_pin(loaded, audit, from_stdin=args.pin_stdin)
            if args.audit_command == "list":
                return _list(audit, as_json=args.json, limit=args.limit)
            return _verify(audit)
        except StoreError as error:
            return database_unusable(error)


def read_pin(*, from_stdin: bool, prompt: str) -> str | None:
    """A PIN from the first line of standard input (``from_stdin``), or typed without echo;
    None when nothing could be read (end of input, interrupted, no terminal to ask on)."""
    if from_stdin:
        line = sys.stdin.readline()
        return line.rstrip("\r\n") if line else None
    if not sys.stdin.isatty():
        print("no terminal to ask for the PIN on: use --pin-stdin", file=sys.stderr)
        return None
    try:
        return getpass.getpass(prompt)
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return None


def _set_pin(loaded: LoadedConfig, audit: AuditLog, *, from_stdin: bool) -> int:
    from kiosk.config.loader import ConfigError  # noqa: PLC0415
    from kiosk.config.writer import write_config_changes  # noqa: PLC0415
    from kiosk.technician.audit import AuditAction  # noqa: PLC0415
    from kiosk.technician.pin import MAX_DIGITS, MIN_DIGITS, hash_pin, pin_problem  # noqa: PLC0415

    pin = read_pin(
        from_stdin=from_stdin, prompt=f"New technician PIN ({MIN_DIGITS}-{MAX_DIGITS} digits): "
    )
    if pin is None:
        print("no PIN was read: nothing changed", file=sys.stderr)
        return EXIT_CHECK_FAILED
    problem = pin_problem(pin)
    if problem is not None:
        print(f"refused: {problem.value}. Nothing changed.", file=sys.stderr)
        return EXIT_CHECK_FAILED
    if not from_stdin:
        again = read_pin(from_stdin=False, prompt="The same PIN again: ")
        if again != pin:
            print("the two PINs differ: nothing changed", file=sys.stderr)
            return EXIT_CHECK_FAILED
    replacing = loaded.config.technician.pin_hash is not None
    try:
        write_config_changes(loaded.path, {"technician.pin_hash": hash_pin(pin)})
    except ConfigError as error:
        print(error.english(), file=sys.stderr)
        return EXIT_CONFIG
    except OSError as error:
        print(f"cannot write {loaded.path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    audit.record(
        AuditAction.PIN_SET, actor="cli", detail={"replaced": int(replacing), "via": "cli"}
    )
    _close_to_others(loaded.path)
    print(
        f"technician PIN {'changed' if replacing else 'set'} in {loaded.path} (only its scrypt "
        "hash is stored). A running kiosk uses it after its next start."
    )
    return EXIT_OK


def _close_to_others(path: Path) -> None:
    """The file now holds the PIN's hash: nobody but its owner and group may read it (a
    6-digit PIN's hash read by any local user could be guessed offline)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o007:
        path.chmod(mode & ~0o007)
        print(f"{path} is no longer readable by other users (mode {mode & ~0o007:04o})")


def _list(audit: AuditLog, *, as_json: bool, limit: int | None) -> int:
    entries = audit.entries(limit)
    if as_json:
        count, head = audit.head()
        document = {
            "count": count,
            "head": head,
            "entries": [entry.as_json() for entry in entries],
        }
        print(json.dumps(document, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not entries:
        print("the audit log is empty")
        return EXIT_OK
    for entry in entries:
        print(_line(entry))
    count, head = audit.head()
    shown = f"the newest {len(entries)} of {count}" if len(entries) < count else f"all {count}"
    print(
        f"{shown} entries shown; head {head[:16]}… "
        f"(check the chain: `{command_hint('audit verify')}`)"
    )
    return EXIT_OK


def _line(entry: AuditEntry) -> str:
    detail = " ".join(f"{key}={value}" for key, value in sorted(entry.detail.items()))
    moment = entry.at.strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"{entry.seq:>6}  {moment}  {entry.actor:<10} {entry.action:<20} "
        f"{entry.outcome:<8} {detail}".rstrip()
    )


def _verify(audit: AuditLog) -> int:
    from kiosk.technician.audit import AuditAction  # noqa: PLC0415

    check = audit.verify()
    if check.ok:
        recorded = audit.record(
            AuditAction.AUDIT_VERIFIED, actor="cli", detail={"count": check.count}
        )
        print(
            f"intact: {check.count} entries, head {check.head or '(empty)'}"
            f" (this check is entry {recorded.seq}, {beijing_text(recorded.at)})"
        )
        return EXIT_OK
    detail: dict[str, str | int] = {"count": check.count}
    if check.first_bad is not None:
        detail["first_bad"] = check.first_bad
    audit.record(AuditAction.AUDIT_VERIFIED, actor="cli", outcome="failed", detail=detail)
    print(
        f"NOT intact: entry {check.first_bad} is the first bad entry: {check.problem}",
        file=sys.stderr,
    )
    print(
        "The entries before it are intact. Someone changed the database file by hand: keep a "
        "copy of it for the platform operator (the platform has the count and head the "
        "terminal last reported) before anything else.",
        file=sys.stderr,
    )
    return EXIT_CHECK_FAILED

"""``kiosk database check | recover``: is the terminal's database sound, and getting back from a
damaged one without dropping a queued record (docs/database-recovery.md).

``check`` runs SQLite's ``PRAGMA quick_check`` on the whole file, with no time bound (the kiosk's
own check at start-up stops after a few seconds). ``recover`` (the kiosk stopped) keeps the
damaged file aside, exports and restores what can still be read (``kiosk.store.recovery``) and
says what to do next.

``recover`` refuses while a kiosk runs on the data folder: the kiosk holds the data folder's
lock (``Terminal.hold_data_folder``) from start-up to exit, also when it is out of service
because of the damage (then it never opens its outbox), and a ``kiosk outbox drain`` holds the
sender lock. ``recover`` holds both while it rebuilds. Commands are named as they can be typed
here (``kiosk.cli.common.command_hint``).

Exit codes: 0 sound / recovered; 1 ``recover`` refused (the file is sound: ``--force``; or a
kiosk, or a drain, is running on this data folder);
74 the database is damaged or cannot be read (sysexits EX_IOERR); 78 invalid configuration.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_DATABASE,
    EXIT_OK,
    command_hint,
    invoked_command,
    load_or_report,
    start_logging,
)

if TYPE_CHECKING:
    from datetime import datetime

    from kiosk.terminal import Terminal


def run(args: argparse.Namespace) -> int:
    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    start_logging(loaded)
    from kiosk.store.database import DATABASE_FILE_NAME  # noqa: PLC0415
    from kiosk.store.integrity import quick_check  # noqa: PLC0415

    path = loaded.data_dir / DATABASE_FILE_NAME
    if not path.exists() or path.stat().st_size == 0:
        print(f"no database yet at {path}: the kiosk creates it when it first starts")
        return EXIT_OK
    try:
        report = quick_check(path, budget_s=None)
    except sqlite3.Error as error:
        print(f"the database file {path} cannot be read: {error}", file=sys.stderr)
        return EXIT_DATABASE
    if args.database_command == "check":
        if report.damaged:
            print(f"the database file {path} is damaged:", file=sys.stderr)
            for problem in report.problems:
                print(f"  {problem}", file=sys.stderr)
            print(
                f"Stop the kiosk, then run `{command_hint('database recover')}` (the damaged "
                "file is kept, what can be read is exported and restored), then "
                f"`{command_hint('sync')}`, then start the kiosk again; "
                "see docs/database-recovery.md.",
                file=sys.stderr,
            )
            return EXIT_DATABASE
        print(f"the database file {path} is sound (quick_check: ok, {report.seconds:.2f} s)")
        return EXIT_OK
    if not report.damaged and not args.force:
        print(
            f"the database file {path} is not damaged: nothing to recover "
            "(`--force` rebuilds it anyway, keeping the old file)",
            file=sys.stderr,
        )
        return EXIT_CHECK_FAILED
    from kiosk.runtime.clock import SystemClock  # noqa: PLC0415
    from kiosk.terminal import Terminal  # noqa: PLC0415

    # A running kiosk holds the data folder (even out of service, its outbox never opened); a
    # drain holds the sender lock. Moving the file aside under either would leave every record
    # queued afterwards in the damaged copy only: refuse, and hold both meanwhile so that no
    # kiosk starts on (nor delivers from) the file being rebuilt.
    clock = SystemClock()
    with Terminal(loaded, clock) as terminal:
        sender = terminal.sender_lock()
        if not terminal.hold_data_folder():
            holder = terminal.data_folder_holder()
        elif not sender.acquire(blocking=False):
            holder = sender.holder()
        else:
            try:
                return _recover(terminal, path, clock.now())
            finally:
                sender.release()
    who = f" (process {holder})" if holder is not None else ""
    print(
        f"the kiosk is running on {loaded.data_dir}{who}: stop it first, then run "
        f"`{command_hint('database recover')}` again (see docs/database-recovery.md)",
        file=sys.stderr,
    )
    return EXIT_CHECK_FAILED


def _recover(terminal: Terminal, path: Path, now: datetime) -> int:
    from kiosk.store.recovery import recover  # noqa: PLC0415

    kiosk = invoked_command()
    result = recover(path, now, lambda: terminal.open_credentials().database)
    print(f"the damaged database was moved aside, kept as {result.damaged_copy}")
    print(f"every row that could be read is exported to {result.export}")
    print(f"a fresh database was made at {path}; what was read was put back into it:")
    lost = False
    for table in result.tables:
        if table.name == "alembic_version":
            continue
        note = ""
        if table.unreadable:
            note = " - could not be read at all"
            lost = True
        elif table.scan_broke:
            note = " - part of it was unreadable; rows on damaged pages are lost"
            lost = True
        if table.refused:
            note += f" - {table.refused} row(s) refused by the schema (in the export)"
            lost = True
        print(f"  {table.name:<18} {table.read} read, {table.restored} restored{note}")
    print(f"Next: `{kiosk} sync` (fetches the trust list, catalog and calendar again), then")
    print(f"`{kiosk} outbox list` to see the queued records; then start the kiosk again.")
    print(
        f"If `{kiosk} sync` says the terminal is not enrolled, enrol it again: "
        f"`{kiosk} enrol CODE`."
    )
    if lost:
        print(
            "Some rows could not be read: keep the damaged file and the export for the platform "
            "operator (docs/database-recovery.md)."
        )
    return EXIT_OK

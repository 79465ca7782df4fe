"""The ``kiosk`` command: run the terminal, the demo, the screenshot tour, diagnostics, config,
credentials, the platform link, the receipt printer and the hotel desk's register.

One module per kind of command, each imported only when one of its commands runs:

    parser       every command's arguments (all ``kiosk --help`` needs)
    common       exit codes, reading the configuration, starting the logs
    screen       run, demo, tour: the commands that open a window (Qt through kiosk.ui)
    checks       doctor, scan-test, keyboard-test
    config       config show | validate | docs | set
    credentials  trust-list show | load, verify
    platform     enrol, sync, outbox list | requeue | send-now | drain | export
    printer      printer status | test | pending | reprint
    database     database check | recover
    hotel        hotel export (the hotel desk's register)
    logs         logs (the terminal's log, redacted, newest first)
    catalog      catalog import (a signed catalogue from a file)
    status       status [--json] (the terminal's status, for a technician or a fleet monitor)
    technician   technician set-pin, audit list | verify (the PIN and the audit log)
    unit         install-unit (the systemd unit that starts the kiosk at boot)
    session      session (cage running `kiosk run`: what that unit starts)

Commands that need no screen never import Qt, so they work on a machine where Qt cannot start,
which is when a technician needs them most. Services come from the terminal
(``kiosk.terminal.Terminal``), as in the running kiosk.

Exit codes: 0 success; 1 a check failed; 2 bad command line; 74 the database cannot be used
(sysexits EX_IOERR); 78 invalid configuration (sysexits EX_CONFIG).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_DATABASE,
    EXIT_OK,
    database_failure,
)
from kiosk.cli.parser import build_parser

__all__ = ["EXIT_CHECK_FAILED", "EXIT_CONFIG", "EXIT_OK", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script."""
    args = build_parser().parse_args(argv)
    try:
        return _command(args.command)(args)
    except Exception as error:
        failure = database_failure(error)  # a damaged database: plain words, exit 74
        if failure is None:
            raise
        print(failure, file=sys.stderr)
        return EXIT_DATABASE


def _command(name: str) -> Callable[[argparse.Namespace], int]:  # noqa: PLR0911, PLR0912
    """The function that runs command ``name``, its module imported now."""
    # Imported here, one module per command, so that each command loads only what it uses.
    if name in ("run", "demo", "tour"):
        from kiosk.cli import screen  # noqa: PLC0415

        return screen.run
    if name in ("doctor", "scan-test", "keyboard-test"):
        from kiosk.cli import checks  # noqa: PLC0415

        return checks.run
    if name == "config":
        from kiosk.cli import config  # noqa: PLC0415

        return config.run
    if name in ("trust-list", "verify"):
        from kiosk.cli import credentials  # noqa: PLC0415

        return credentials.run
    if name in ("enrol", "sync", "outbox"):
        from kiosk.cli import platform  # noqa: PLC0415

        return platform.run
    if name == "database":
        from kiosk.cli import database  # noqa: PLC0415

        return database.run
    if name == "printer":
        from kiosk.cli import printer  # noqa: PLC0415

        return printer.run
    if name == "hotel":
        from kiosk.cli import hotel  # noqa: PLC0415

        return hotel.run
    if name == "status":
        from kiosk.cli import status  # noqa: PLC0415

        return status.run
    if name in ("technician", "audit"):
        from kiosk.cli import technician  # noqa: PLC0415

        return technician.run
    if name == "install-unit":
        from kiosk.cli import unit  # noqa: PLC0415

        return unit.run
    if name == "session":
        from kiosk.cli import session  # noqa: PLC0415

        return session.run
    if name == "logs":
        from kiosk.cli import logs  # noqa: PLC0415

        return logs.run
    if name == "catalog":
        from kiosk.cli import catalog  # noqa: PLC0415

        return catalog.run
    raise ValueError(f"no such command: {name}")  # the parser knows every command

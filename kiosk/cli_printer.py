"""Technician commands for the receipt printer: their arguments (the work is in
``kiosk.cli_printer_run``, imported only when a printer command runs).

    kiosk printer status           ask the configured printer for its state now
    kiosk printer test [--to FILE] print a test page (or write its printer bytes to FILE)
    kiosk printer pending          receipts that could not be printed (no personal data)
    kiosk printer reprint JOB      print a kept receipt now (or --all of them)

A receipt that could not be printed was shown to the citizen on screen and kept (masked,
encrypted) for a reprint; ``reprint`` prints it — with the acceptance number and the platform's
date if the platform has answered since — and marks it printed, so it is never printed twice.
System and PDF printers go through Qt (``kiosk.ui.printing``); the others do not load Qt.
Exit status: 0 when the printer can print (or the job printed), 1 when it cannot, 78 for an
unusable configuration.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.config.loader import LoadedConfig


def add_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    config_option: argparse.ArgumentParser,
) -> None:
    printer = commands.add_parser("printer", help="check the receipt printer, test it, reprint")
    actions = printer.add_subparsers(dest="printer_command", required=True, metavar="ACTION")
    actions.add_parser("status", parents=[config_option], help="the printer's state now")
    test = actions.add_parser("test", parents=[config_option], help="print a test page")
    test.add_argument(
        "--to", type=Path, metavar="FILE", help="write the test page's printer bytes to FILE"
    )
    test.add_argument(
        "--language", choices=("zh", "en"), default="zh", help="language of the page (zh)"
    )
    actions.add_parser("pending", parents=[config_option], help="receipts waiting to be reprinted")
    reprint = actions.add_parser(
        "reprint", parents=[config_option], help="print a kept receipt now"
    )
    which = reprint.add_mutually_exclusive_group(required=True)
    which.add_argument("job", nargs="?", help="the job id (see `kiosk printer pending`)")
    which.add_argument("--all", action="store_true", help="every pending receipt, oldest first")


def run(args: argparse.Namespace, loaded: LoadedConfig) -> int:
    from kiosk.cli_printer_run import run as run_printer_command  # noqa: PLC0415 - heavy

    return run_printer_command(args, loaded)

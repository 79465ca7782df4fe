"""The ``kiosk`` command line's grammar: every command, its options and its help.

Building the parser imports nothing but argparse, so ``kiosk --help`` is quick; what a command
does lives in its own module of ``kiosk.cli``, imported only when it runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import version
from kiosk.cli.common import command_hint
from kiosk.runtime.service_unit import CAGE, UNIT_NAME
from kiosk.runtime.service_unit import DEFAULTS as UNIT_DEFAULTS

if TYPE_CHECKING:
    Commands = argparse._SubParsersAction[argparse.ArgumentParser]


class _VersionAction(argparse.Action):
    """``--version`` that looks the version up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Sichuan–Chongqing cross-region self-service kiosk.",
        epilog="Exit codes: 0 ok, 1 a check failed, 2 bad usage, 74 the database cannot be used, "
        "78 invalid configuration.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    config_option = argparse.ArgumentParser(add_help=False)
    config_option.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="configuration file (default: $KIOSK_CONFIG, else the user's configuration "
        "folder: ~/.config/crossregion-kiosk/kiosk.toml, or under $XDG_CONFIG_HOME when set)",
    )
    _screen_commands(commands, config_option)
    _doctor_command(commands, config_option)
    _config_commands(commands, config_option)
    _maintenance_commands(commands, config_option)
    _credential_commands(commands, config_option)
    _platform_commands(commands, config_option)
    _printer_commands(commands, config_option)
    _scan_test_command(commands, config_option)
    _keyboard_test_command(commands, config_option)
    _database_commands(commands, config_option)
    _hotel_commands(commands, config_option)
    _status_command(commands, config_option)
    _technician_commands(commands, config_option)
    _install_unit_command(commands)
    return parser


# ---- kiosk install-unit (issue 19): see kiosk/cli/unit.py and deploy/README.md
def _install_unit_command(commands: Commands) -> None:
    unit = commands.add_parser(
        "install-unit",
        help="print (or write) the systemd unit that starts the kiosk at boot in a cage session",
        description="The systemd unit that runs the kiosk full screen under the cage Wayland "
        "compositor on tty7 at boot, restarts it whenever it stops, and restarts it when its "
        f"GUI stops answering (watchdog). Install it as /etc/systemd/system/{UNIT_NAME}; "
        "deploy/README.md has the whole set-up.",
    )
    unit.add_argument(
        "--user",
        default=UNIT_DEFAULTS.user,
        help=f"user the kiosk runs as (default: {UNIT_DEFAULTS.user})",
    )
    unit.add_argument(
        "--config",
        dest="unit_config",
        type=Path,
        default=UNIT_DEFAULTS.config,
        metavar="PATH",
        help=f"configuration file the kiosk reads (default: {UNIT_DEFAULTS.config})",
    )
    unit.add_argument(
        "--kiosk",
        type=Path,
        metavar="PATH",
        help="kiosk command to run (default: this installation's)",
    )
    unit.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help=f"write the unit there (e.g. /etc/systemd/system/{UNIT_NAME}) instead of printing it",
    )

    session = commands.add_parser(
        "session",
        help="the kiosk's graphical session as the systemd unit starts it: cage running "
        "the kiosk full screen, ending with the kiosk's exit status",
    )
    session.add_argument(
        "--cage", type=Path, default=CAGE, metavar="PATH", help=f"cage (default: {CAGE})"
    )
    session.add_argument("--kiosk", type=Path, metavar="PATH", help=argparse.SUPPRESS)


# ---- end of kiosk install-unit


# ---- kiosk status (issue 19): see kiosk/cli/status.py
def _status_command(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    status = commands.add_parser(
        "status",
        parents=[config_option],
        help="the terminal's status: platform link and clock skew, queue and dead letters, "
        "trust list, documents, disk, audit log, and what needs attention",
    )
    status.add_argument(
        "--json", action="store_true", help="print one JSON document (schema kiosk.status/1)"
    )
    status.add_argument(
        "--no-probe",
        action="store_true",
        help="do not ask the platform now (its link is then reported as unknown)",
    )


# ---- end of kiosk status


# ---- kiosk technician | audit (issue 19): see kiosk/cli/technician.py
def _technician_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    technician = commands.add_parser("technician", help="the technician PIN")
    actions = technician.add_subparsers(dest="technician_command", required=True, metavar="ACTION")
    set_pin = actions.add_parser(
        "set-pin",
        parents=[config_option],
        help="set the PIN that opens technician mode (asked twice, not shown; only its scrypt "
        "hash is written to the configuration file)",
    )
    set_pin.add_argument(
        "--pin-stdin",
        action="store_true",
        help="read the PIN from the first line of standard input (for scripts), once",
    )
    audit = commands.add_parser("audit", help="the technician audit log (hash-chained)")
    audit_actions = audit.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    listing = audit_actions.add_parser(
        "list", parents=[config_option], help="the entries, newest first"
    )
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.add_argument(
        "--limit", type=int, metavar="N", help="only the newest N entries (default: all)"
    )
    audit_actions.add_parser(
        "verify",
        parents=[config_option],
        help="check the whole chain: exit 0 when intact, 1 naming the first bad entry",
    )


# ---- end of kiosk technician | audit


# ---- kiosk database (issue 14, point 4): see kiosk/cli/database.py and docs/database-recovery.md
def _database_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    database = commands.add_parser(
        "database", help="check the terminal's database, or recover from a damaged one"
    )
    actions = database.add_subparsers(dest="database_command", required=True, metavar="ACTION")
    actions.add_parser(
        "check", parents=[config_option], help="check the whole file (SQLite quick_check)"
    )
    recover = actions.add_parser(
        "recover",
        parents=[config_option],
        help="stop the kiosk first: keep the damaged file aside, export and restore what can "
        "be read into a fresh database",
    )
    recover.add_argument(
        "--force", action="store_true", help="rebuild even a database that is not damaged"
    )


# ---- end of kiosk database


def _screen_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    run = commands.add_parser("run", parents=[config_option], help="run the terminal (full screen)")
    _add_window_options(run, windowed_default=False)

    demo = commands.add_parser(
        "demo", help="run a demo terminal with fake devices and a fresh data folder"
    )
    demo.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep demo data here (default: a temporary folder, removed on exit)",
    )
    demo.add_argument(
        "--profile",
        choices=("citizen", "hotel"),
        default="citizen",
        help="terminal profile (default: citizen)",
    )
    _add_window_options(demo, windowed_default=True)

    tour = commands.add_parser(
        "tour", help="save a PNG of every screen in every language (offscreen)"
    )
    tour.add_argument(
        "outdir", type=Path, help="folder for <screen>-<language>-<size>-<mode>.png files"
    )
    tour.add_argument(
        "--size",
        default="landscape,portrait,compact",
        help="comma-separated window sizes, WIDTHxHEIGHT or landscape (1920x1080), portrait "
        "(1080x1920), compact (1366x768) (default: all three)",
    )
    tour.add_argument(
        "--modes",
        default="all",
        help="comma-separated: normal, elder, high-contrast, or all (default: all; the whole "
        "tour takes about a minute)",
    )
    tour.add_argument("--languages", default="zh_CN,en", help="comma-separated (default: zh_CN,en)")


def _add_window_options(parser: argparse.ArgumentParser, *, windowed_default: bool) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--windowed",
        dest="windowed",
        action="store_true",
        default=windowed_default,
        help="run in a window (development)",
    )
    group.add_argument(
        "--fullscreen", dest="windowed", action="store_false", help="run full screen"
    )
    parser.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)
    parser.add_argument("--report-first-paint", action="store_true", help=argparse.SUPPRESS)


def _doctor_command(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    doctor = commands.add_parser(
        "doctor", parents=[config_option], help="check this machine; each failure with a remedy"
    )
    doctor.add_argument("--json", action="store_true", help="print the results as JSON")


# ---- kiosk logs, kiosk catalog import (issue 19): see kiosk/cli/logs.py, kiosk/cli/catalog.py
def _maintenance_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    logs = commands.add_parser(
        "logs",
        parents=[config_option],
        help="the terminal's log, newest first, redacted (as technician mode shows it)",
    )
    logs.add_argument(
        "--level",
        type=str.upper,
        choices=("DEBUG", "INFO", "WARNING", "ERROR"),
        default="DEBUG",
        help="show this level and the more severe ones (default: DEBUG, everything)",
    )
    logs.add_argument(
        "--limit", type=_count, default=50, metavar="N", help="at most N entries (default: 50)"
    )
    logs.add_argument("--json", action="store_true", help="one JSON object a line")
    catalog = commands.add_parser("catalog", help="install a service catalogue from a file")
    actions = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    imported = actions.add_parser(
        "import",
        parents=[config_option],
        help="verify and install the signed catalogue (.cose) a technician brought",
    )
    imported.add_argument("file", type=Path, help="the signed catalogue document (.cose)")


def _count(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 5000:
        raise argparse.ArgumentTypeError(f"not a number from 1 to 5000: {text!r}")
    return number


# ---- end of kiosk logs, kiosk catalog import


def _config_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    config = commands.add_parser("config", help="show, validate or document the configuration")
    config_commands = config.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    config_commands.add_parser(
        "show", parents=[config_option], help="print the effective configuration as TOML"
    )
    config_commands.add_parser(
        "validate", parents=[config_option], help="check the configuration; list every problem"
    )
    config_commands.add_parser("docs", help="print every field with type, default, description")
    setting = config_commands.add_parser(
        "set",
        parents=[config_option],
        help="change one setting a technician may change (checked as at start-up, written "
        "atomically, audited); a running kiosk applies it when it restarts",
    )
    setting.add_argument("key", help="the setting, e.g. ui.idle_timeout_s")
    setting.add_argument(
        "value",
        help='its new value as the file holds it: 120, true, zh_CN, "zh_CN, en" for a list; '
        '"" unsets an optional setting',
    )


def _credential_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    trust = commands.add_parser("trust-list", help="show or install the issuer trust list")
    trust_commands = trust.add_subparsers(dest="trust_command", required=True, metavar="ACTION")
    trust_commands.add_parser(
        "show",
        parents=[config_option],
        help="sequence, freshness and issuers of the installed list",
    )
    load = trust_commands.add_parser(
        "load", parents=[config_option], help="verify and install a trust list from a file"
    )
    load.add_argument("file", type=Path, help="the signed trust list (.cose) a technician brought")

    verify = commands.add_parser(
        "verify", parents=[config_option], help="verify a credential code (text, or - for stdin)"
    )
    verify.add_argument("code", help="the QR text, or - to read it from standard input")
    verify.add_argument(
        "--purpose",
        choices=("application", "hotel"),
        default="application",
        help="what the code is shown for (decides the fields shown)",
    )
    verify.add_argument(
        "--record",
        action="store_true",
        help="record a valid e-ID as used, as the kiosk does (the same code is then refused as "
        "replayed); by default the code is only checked",
    )
    verify.add_argument("--no-record", action="store_true", help=argparse.SUPPRESS)  # the default


def _platform_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    enrol = commands.add_parser(
        "enrol", parents=[config_option], help="enrol this terminal with the platform"
    )
    enrol.add_argument("code", help="the one-time enrolment code from the platform operator")
    commands.add_parser(
        "sync", parents=[config_option], help="fetch the catalog, calendar and trust list now"
    )
    outbox = commands.add_parser("outbox", help="see, re-queue and deliver queued records")
    actions = outbox.add_subparsers(dest="outbox_command", required=True, metavar="ACTION")
    listing = actions.add_parser("list", parents=[config_option], help="every record's state")
    listing.add_argument("--json", action="store_true", help="print JSON")
    requeue = actions.add_parser(
        "requeue", parents=[config_option], help="put a dead letter back in the queue"
    )
    requeue.add_argument("reference", help="the record's local reference")
    actions.add_parser(
        "send-now",
        parents=[config_option],
        help="make every waiting record due now and wake the running kiosk's delivery",
    )
    drain = actions.add_parser(
        "drain", parents=[config_option], help="deliver until the queue is empty"
    )
    drain.add_argument(
        "--timeout", type=float, default=600.0, metavar="SECONDS", help="give up after (600)"
    )
    export = actions.add_parser(
        "export",
        parents=[config_option],
        help="write the dead letters (or --all records still to be sent) to a file as JSON "
        "lines, sealed as they are sent: nothing personal in clear (mode 0600)",
    )
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="the file")
    export.add_argument(
        "--all",
        action="store_true",
        help="every record still to be delivered, not only the dead letters",
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day like 2026-12-06: {text!r}") from None


def _hotel_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    hotel = commands.add_parser("hotel", help="the hotel desk's register")
    actions = hotel.add_subparsers(dest="hotel_command", required=True, metavar="ACTION")
    export = actions.add_parser(
        "export",
        parents=[config_option],
        help="a day's arrivals, stays in house and departures as CSV (names and numbers masked)",
    )
    export.add_argument(
        "--day", type=_day, metavar="YYYY-MM-DD", help="the day (default: today in Beijing)"
    )
    export.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="write the CSV to FILE (UTF-8 with a byte order mark, readable only by you) "
        "instead of printing it",
    )
    export.add_argument(
        "--unmasked",
        action="store_true",
        help="full names and numbers (personal data): only with the technician PIN, asked "
        "without echo or read with --pin-stdin; wrong PINs count towards its lockout",
    )
    export.add_argument(
        "--pin-stdin",
        action="store_true",
        help="with --unmasked: read the technician PIN from the first line of standard input",
    )


def _printer_commands(commands: Commands, config_option: argparse.ArgumentParser) -> None:
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
    which.add_argument(
        "job", nargs="?", help=f"the job id (see `{command_hint('printer pending')}`)"
    )
    which.add_argument("--all", action="store_true", help="every pending receipt, oldest first")


def _scan_test_command(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    scan = commands.add_parser(
        "scan-test",
        parents=[config_option],
        help="measure QR reading on the configured camera, or decode a folder of images",
    )
    scan.add_argument(
        "--seconds",
        type=float,
        default=10.0,
        help="how long to run the camera (default: 10); show a code to it meanwhile",
    )
    scan.add_argument(
        "--images",
        type=Path,
        metavar="PATH",
        help="instead of the camera, decode the image file PATH, or every image file in the "
        "folder PATH, and report each (exit 1 when no image holds a code)",
    )
    scan.add_argument("--json", action="store_true", help="print one JSON object")
    scan.add_argument(
        "--show-payload",
        action="store_true",
        help="print the text of each code read (a citizen's credential: by default only its "
        "kind, length and a short hash are printed)",
    )


def _keyboard_test_command(commands: Commands, config_option: argparse.ArgumentParser) -> None:
    keyboard = commands.add_parser(
        "keyboard-test",
        parents=[config_option],
        help="open a window with one field of each kind and the on-screen keyboard, to try "
        "pinyin, English, the digit and phone pads and the identity number and credit code "
        "keypads on this panel",
    )
    keyboard.add_argument(
        "--language", choices=("zh_CN", "en"), default="zh_CN", help="(default: zh_CN)"
    )
    keyboard.add_argument("--windowed", action="store_true", help="a window, not full screen")
    keyboard.add_argument(
        "--size", metavar="WIDTHxHEIGHT", help="window size (default: 1280x800 when windowed)"
    )
    keyboard.add_argument(
        "--quit-after", type=float, metavar="SECONDS", help="close by itself after SECONDS"
    )
    keyboard.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="offscreen check: type yyzz, save the window with its pinyin candidates to PNG "
        "and exit (1 when the keyboard cannot be loaded)",
    )

"""The ``refplatform`` command: the reference platform and its tools.

refplatform serve --data-dir DIR [--host H] [--port N] [--database URL] [--keys DIR]
                  [--calendar FILE] [--workers N]   run the platform API server
                  [--heartbeat-interval S] [--trust-list-max-age DAYS]
refplatform seed-demo --data-dir DIR --keys DIR --terminal ID
                                                    database, keys and an enrolment code
refplatform enrol-code TERMINAL_ID --data-dir DIR   a one-time enrolment code (24 h)
refplatform admin advance NUMBER [--to STATE]       move an application on
refplatform admin return NUMBER --reason CODE [--note TEXT]
                                                    return an application, with the reason
refplatform admin history NUMBER [--json]           an application's status history
refplatform admin list [--json]                     what the platform holds
refplatform admin disable|enable TERMINAL_ID        refuse or accept a terminal
refplatform admin audit-ack TERMINAL_ID             acknowledge its audit log cut or rewritten
refplatform admin set-password [--password-stdin]   the password of the admin pages (/admin)
refplatform admin help-requests [--all] [--json]    citizens' calls for staff, newest first
refplatform admin handled NUMBER                    mark a call for staff handled
refplatform admin checkins [--hotel TEXT] [--day YYYY-MM-DD] [--json]
                                                    a night's hotel stays, by hotel
refplatform catalog validate FILE                   check a catalogue, print every problem
refplatform catalog import FILE --data-dir DIR      publish it from the platform's next start
refplatform catalog export [--data-dir DIR]         the catalogue the platform publishes
refplatform issuer …                                demo keys, trust lists, credentials
"""

from __future__ import annotations

import argparse
import getpass
import json
import signal
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import FrameType

from kiosk import version
from kiosk.domain.timezone import CHINA_TIME
from refplatform import catalog_cli
from refplatform.issuer import cli as issuer_cli
from refplatform.server import admin_login, audit_watch
from refplatform.server.admin import (
    TARGETS,
    AdminError,
    advance,
    application_history,
    counts,
    help_requests,
    help_text,
    history_text,
    mark_help_handled,
    return_application,
    set_disabled,
    stays,
    stays_by_hotel,
    stays_text,
    summary_text,
)
from refplatform.server.database import PlatformDatabase
from refplatform.server.enrolment import EnrolmentCodeError
from refplatform.server.instance import PlatformSetupError, open_database
from refplatform.server.models import RETURN_REASONS
from refplatform.server.settings import FleetRules, Settings, utc_now

EXIT_USAGE = 2
EXIT_REFUSED = 1


def _add_database_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, required=True, help="the platform's folder")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="postgresql+psycopg://… (default: SQLite in the data folder)",
    )


def _add_server_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser("serve", help="run the platform API server")
    _add_database_options(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8710, help="0 picks a free port")
    serve.add_argument("--keys", type=Path, help="demo keys folder (default DATA_DIR/demo-keys)")
    serve.add_argument("--calendar", type=Path, help="a published holiday calendar (JSON)")
    serve.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING"])
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="worker processes (default 1; more wants PostgreSQL, see docs/platform-api.md)",
    )
    _add_fleet_options(serve)

    seed = commands.add_parser("seed-demo", help="prepare a demo platform and enrolment code")
    _add_database_options(seed)
    seed.add_argument("--keys", type=Path, required=True, help="demo keys folder")
    seed.add_argument("--terminal", required=True, help="terminal id, e.g. CQ-YB-0001")

    code = commands.add_parser("enrol-code", help="a one-time enrolment code for a terminal")
    code.add_argument("terminal_id")
    _add_database_options(code)

    admin = commands.add_parser("admin", help="operator actions on the platform's database")
    actions = admin.add_subparsers(dest="admin_command", required=True, metavar="ACTION")
    move = actions.add_parser("advance", help="move an application to its next state")
    move.add_argument("number", help="acceptance number")
    move.add_argument("--to", choices=TARGETS)
    _add_database_options(move)

    back = actions.add_parser("return", help="return an application to its applicant")
    back.add_argument("number", help="acceptance number")
    back.add_argument(
        "--reason", required=True, choices=RETURN_REASONS, help="why (the terminal translates it)"
    )
    back.add_argument(
        "--note", help="a note for the applicant, kept as typed (no personal data, please)"
    )
    _add_database_options(back)

    past = actions.add_parser("history", help="an application's status history")
    past.add_argument("number", help="acceptance number")
    past.add_argument("--json", action="store_true")
    _add_database_options(past)
    listing = actions.add_parser("list", help="counts of what the platform holds")
    listing.add_argument("--json", action="store_true")
    _add_database_options(listing)
    helps = actions.add_parser("help-requests", help="citizens' calls for staff, newest first")
    helps.add_argument("--all", action="store_true", help="handled ones too")
    helps.add_argument("--json", action="store_true")
    _add_database_options(helps)
    handled = actions.add_parser("handled", help="mark a call for staff handled")
    handled.add_argument("number", help="help request number (CQQZ…)")
    _add_database_options(handled)
    checkins = actions.add_parser(
        "checkins", help="the hotel stays of a night, by hotel (no names or numbers)"
    )
    checkins.add_argument("--hotel", metavar="TEXT", help="only hotels whose name holds TEXT")
    checkins.add_argument(
        "--day",
        type=_day,
        metavar="YYYY-MM-DD",
        help="the night that begins that day (default: today, Beijing time)",
    )
    checkins.add_argument("--json", action="store_true")
    _add_database_options(checkins)
    _add_terminal_commands(actions)
    _add_password_command(actions)


def _add_terminal_commands(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name in ("disable", "enable"):
        toggle = actions.add_parser(name, help=f"{name} an enrolled terminal")
        toggle.add_argument("terminal_id")
        _add_database_options(toggle)
    ack = actions.add_parser(
        "audit-ack",
        help="acknowledge that a terminal's audit log was cut or rewritten (the fleet page)",
        description="Clear the fleet page's 'audit log cut or rewritten' mark of a terminal, "
        "once the terminal has been checked; the acknowledgement is recorded in the platform's "
        "database (admin_actions).",
    )
    ack.add_argument("terminal_id")
    _add_database_options(ack)


def _add_fleet_options(serve: argparse.ArgumentParser) -> None:
    defaults = FleetRules()
    serve.add_argument(
        "--heartbeat-interval",
        type=_positive_number,
        default=defaults.heartbeat_interval_s,
        metavar="S",
        help="the terminals' heartbeat interval (their outbox.heartbeat_interval_s; default "
        f"{defaults.heartbeat_interval_s:g}): the fleet page calls a terminal silent after "
        f"{defaults.silent_after_intervals} of them",
    )
    serve.add_argument(
        "--trust-list-max-age",
        type=_positive_number,
        default=defaults.trust_list_max_age_days,
        metavar="DAYS",
        help="the fleet page flags a trust list issued longer ago (default "
        f"{defaults.trust_list_max_age_days:g})",
    )


def _add_password_command(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    password = actions.add_parser(
        "set-password",
        help="set the password of the admin pages (/admin/fleet); asks twice",
        description="Set the password of the platform's admin pages (the fleet view at "
        "/admin/fleet). It is asked twice without echo and stored as a scrypt hash in the "
        f"platform's database; at least {admin_login.MIN_PASSWORD_CHARS} characters. Every "
        "signed-in browser is signed out.",
    )
    password.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input instead (scripts)",
    )
    _add_database_options(password)


def _day(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {text!r}") from None


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 10**6:
        raise argparse.ArgumentTypeError("more than 0 and at most 1000000")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refplatform",
        description="Reference government service platform for the cross-region kiosk.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_server_commands(commands)
    catalog_cli.add_commands(commands)
    issuer_cli.add_commands(commands)
    return parser


def _exit_on_sigterm(_signal: int, _frame: FrameType | None) -> None:
    # Until uvicorn installs its own handler (and again after its graceful shutdown, when it
    # re-raises the signal), SIGTERM ends the process normally, running ``finally`` blocks.
    raise SystemExit(0)


def _serve(args: argparse.Namespace) -> int:
    from refplatform.server.logs import setup_server_logging  # noqa: PLC0415
    from refplatform.server.runner import serve  # noqa: PLC0415 - uvicorn only when serving

    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    settings = Settings(
        data_dir=args.data_dir,
        database_url=args.database,
        keys_dir=args.keys,
        calendar_file=args.calendar,
        fleet=FleetRules(
            heartbeat_interval_s=args.heartbeat_interval,
            trust_list_max_age_days=args.trust_list_max_age,
        ),
    )
    args.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    setup_server_logging(args.data_dir, args.log_level, shared=args.workers > 1)

    def announce(url: str) -> None:
        print(f"listening on {url}", flush=True)

    if args.workers == 1:
        serve(settings, args.host, args.port, announce)
    else:
        from refplatform.server.workers import serve_workers  # noqa: PLC0415

        serve_workers(
            settings,
            args.host,
            args.port,
            args.workers,
            on_ready=announce,
            log_level=args.log_level,
        )
    return 0


def _admin(args: argparse.Namespace) -> int:
    database = open_database(Settings(data_dir=args.data_dir, database_url=args.database))
    try:
        if args.admin_command in ("advance", "return", "history"):
            _application_action(database, args)
        elif args.admin_command == "list":
            summary = counts(database)
            if args.json:
                print(json.dumps(summary, indent=2, sort_keys=True))
            else:
                print(summary_text(summary))
        elif args.admin_command == "help-requests":
            listings = help_requests(database, include_handled=args.all)
            if args.json:
                print(json.dumps([item.as_dict() for item in listings], indent=2))
            else:
                print(help_text(listings, include_handled=args.all))
        elif args.admin_command == "checkins":
            _stays(database, args)
        elif args.admin_command == "set-password":
            admin_login.set_password(database, _new_password(args.password_stdin), utc_now())
            print("admin password set; sign in at /admin/login (every session was ended)")
        elif args.admin_command == "handled":
            newly = mark_help_handled(database, args.number, utc_now())
            print(f"{args.number}: {'handled' if newly else 'was already handled'}")
        else:
            print(_terminal_action(database, args))
    finally:
        database.close()
    return 0


def _terminal_action(database: PlatformDatabase, args: argparse.Namespace) -> str:
    """disable, enable or audit-ack a terminal; what was done, in words."""
    terminal_id: str = args.terminal_id
    if args.admin_command != "audit-ack":
        set_disabled(database, terminal_id, args.admin_command == "disable")
        return f"{terminal_id}: {args.admin_command}d"
    done = audit_watch.acknowledge(database, terminal_id, utc_now())
    if done is None:
        return f"{terminal_id}: no audit log break to acknowledge"
    seen = done.seen_at.astimezone(CHINA_TIME)
    figures = done.figures
    counts = (
        f", {figures.count_before} entries, then {figures.count_after}"
        if figures is not None
        else ""
    )
    return (
        f"{terminal_id}: audit log break seen {seen:%Y-%m-%d %H:%M:%S} (Beijing time{counts}) "
        "acknowledged"
    )


def _new_password(from_stdin: bool) -> str:
    """The new admin password: the first line of standard input, or asked twice on the
    terminal without echo. Raises AdminError (mismatch, no terminal, not acceptable)."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise AdminError("no terminal to ask the password on: give --password-stdin")
        password = getpass.getpass("New admin password: ")
        if getpass.getpass("The same again: ") != password:
            raise AdminError("the two passwords differ; nothing was changed")
    problem = admin_login.password_problem(password)
    if problem is not None:
        raise AdminError(f"{problem}; nothing was changed")
    return password


def _stays(database: PlatformDatabase, args: argparse.Namespace) -> None:
    day = args.day or utc_now().astimezone(CHINA_TIME).date()
    listings = stays(database, day, hotel=args.hotel)
    if args.json:
        print(json.dumps(stays_by_hotel(listings), indent=2, ensure_ascii=False))
    else:
        print(stays_text(listings, day))


def _application_action(database: PlatformDatabase, args: argparse.Namespace) -> None:
    if args.admin_command == "advance":
        before, after = advance(database, args.number, utc_now(), args.to)
        print(f"{args.number}: {before} -> {after}")
    elif args.admin_command == "return":
        before = return_application(database, args.number, utc_now(), args.reason, args.note)
        print(f"{args.number}: {before} -> returned ({args.reason})")
    else:
        answer = application_history(database, args.number)
        if args.json:
            print(json.dumps(answer, indent=2, ensure_ascii=False))
        else:
            print(history_text(answer))


def _run(args: argparse.Namespace) -> int:
    from refplatform.server.seed import enrolment_code, seed_demo  # noqa: PLC0415

    if args.command == "serve":
        return _serve(args)
    if args.command == "seed-demo":
        code = seed_demo(args.data_dir, args.keys, args.terminal, database_url=args.database)
        print(code)
        print(
            f"platform prepared in {args.data_dir}; enrol {args.terminal} with the code above "
            "(valid 24 h)",
            file=sys.stderr,
        )
        return 0
    if args.command == "enrol-code":
        settings = Settings(data_dir=args.data_dir, database_url=args.database)
        print(enrolment_code(settings, args.terminal_id))
        return 0
    return _admin(args)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``refplatform`` console script."""
    args = _parser().parse_args(argv)
    if args.command == "issuer":
        return issuer_cli.run(args)
    if args.command == "catalog":
        return catalog_cli.run(args)
    try:
        return _run(args)
    except PlatformSetupError as error:
        print(f"refplatform: {error}", file=sys.stderr)
        return EXIT_USAGE
    except EnrolmentCodeError as error:
        print(f"refplatform: {error}", file=sys.stderr)
        return EXIT_USAGE
    except AdminError as error:
        print(f"refplatform: {error}", file=sys.stderr)
        return EXIT_REFUSED

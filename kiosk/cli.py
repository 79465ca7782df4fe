"""The ``kiosk`` command: run the terminal, the demo, the screenshot tour, diagnostics, config.

Commands that need no screen (``config``, ``doctor``) never import Qt, so they work on a
machine where Qt cannot start, which is when a technician needs them most.

Exit codes: 0 success; 1 a check failed; 2 bad command line; 78 invalid configuration
(sysexits EX_CONFIG).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import tomli_w

from kiosk import cli_printer, cli_sync, version
from kiosk.config.loader import ConfigError, LoadedConfig, config_path, load_config
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.logs import setup_logging

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_CONFIG = 78


class _VersionAction(argparse.Action):
    """``--version`` that looks the version up only when asked."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{parser.prog} {version()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Sichuan–Chongqing cross-region self-service kiosk.",
        epilog="Exit codes: 0 ok, 1 a check failed, 2 bad usage, 78 invalid configuration.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    config_option = argparse.ArgumentParser(add_help=False)
    config_option.add_argument(
        "--config",
        type=Path,
        metavar="PATH",
        help="configuration file (default: $KIOSK_CONFIG, else the platform's config folder)",
    )

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
    tour.add_argument("outdir", type=Path, help="folder for <screen>-<language>.png files")
    tour.add_argument(
        "--size", default="1920x1080", help="window size WIDTHxHEIGHT (default: 1920x1080)"
    )
    tour.add_argument("--languages", default="zh_CN,en", help="comma-separated (default: zh_CN,en)")

    doctor = commands.add_parser(
        "doctor", parents=[config_option], help="check this machine; each failure with a remedy"
    )
    doctor.add_argument("--json", action="store_true", help="print the results as JSON")

    config = commands.add_parser("config", help="show, validate or document the configuration")
    config_commands = config.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    config_commands.add_parser(
        "show", parents=[config_option], help="print the effective configuration as TOML"
    )
    config_commands.add_parser(
        "validate", parents=[config_option], help="check the configuration; list every problem"
    )
    config_commands.add_parser("docs", help="print every field with type, default, description")

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
        "--no-record", action="store_true", help="do not record an e-ID as used (a preview)"
    )
    cli_sync.add_commands(commands, config_option)
    cli_printer.add_commands(commands, config_option)

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
        metavar="DIR",
        help="instead of the camera, decode every image file in DIR and report each",
    )
    scan.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


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


def _load(path_option: Path | None) -> tuple[LoadedConfig | None, ConfigError | None]:
    try:
        return load_config(config_path(path_option, os.environ)), None
    except ConfigError as error:
        return None, error


def _start_logging(loaded: LoadedConfig | None) -> None:
    if loaded is None:
        setup_logging(None, console=True)
        return
    settings = loaded.config.logging
    setup_logging(
        loaded.data_dir,
        level=settings.level,
        max_bytes=settings.max_file_mb * 1024 * 1024,
        backup_count=settings.keep_files,
    )


def _run_ui(
    args: argparse.Namespace,
    loaded: LoadedConfig | None,
    error: ConfigError | None,
    *,
    fake_scenes: Callable[[], Sequence[Any]] | None = None,
) -> int:
    from kiosk.ui.qt_messages import route_qt_messages  # noqa: PLC0415 - Qt only for the UI

    _start_logging(loaded)
    route_qt_messages()  # before the camera modules load
    from kiosk.ui.app import run_kiosk  # noqa: PLC0415

    if error is not None:
        print(error.english(), file=sys.stderr)
    return run_kiosk(
        loaded,
        error,
        windowed=args.windowed,
        quit_after_s=args.quit_after,
        report_first_paint=args.report_first_paint,
        fake_scenes=fake_scenes,
    )


def _cmd_run(args: argparse.Namespace) -> int:
    loaded, error = _load(args.config)
    return _run_ui(args, loaded, error)


def _cmd_demo(args: argparse.Namespace) -> int:
    from kiosk.demo import (  # noqa: PLC0415
        DEMO_KEYS_DIR,
        DemoPlatform,
        DemoPlatformError,
        connect_demo_platform,
        demo_scenes,
        prepare_demo,
    )

    temporary = args.data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-demo-")) if temporary else args.data_dir
    platform: DemoPlatform | None = None
    try:
        path = prepare_demo(data_dir, SystemClock().now(), profile=args.profile)
        print(f"demo data folder: {data_dir}" + (" (removed on exit)" if temporary else ""))
        try:
            platform, code = DemoPlatform.start(data_dir)
            connect_demo_platform(data_dir, path, platform, code)
            print(f"reference platform: {platform.url}/api/v1/docs")
        except DemoPlatformError as problem:  # the kiosk still runs; its queue waits
            print(f"reference platform unavailable: {problem}", file=sys.stderr)
        print(
            "demo codes: refplatform issuer eid "
            f"{data_dir / DEMO_KEYS_DIR} --png eid.png   (see `refplatform issuer --help`)"
        )
        loaded, error = _load(path)
        return _run_ui(args, loaded, error, fake_scenes=demo_scenes(data_dir, SystemClock()))
    finally:
        if platform is not None:
            platform.stop()
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)


def _cmd_tour(args: argparse.Namespace) -> int:
    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
    except ValueError:
        print(f"--size must look like 1920x1080, not {args.size!r}", file=sys.stderr)
        return 2
    languages = [language.strip() for language in args.languages.split(",") if language.strip()]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    setup_logging(None, console=True)
    from kiosk.ui.tools.tour import tour_offscreen  # noqa: PLC0415 - Qt only for this command

    written = tour_offscreen(args.outdir, languages=languages, width=width, height=height)
    for path in written:
        print(path)
    return EXIT_OK


def _cmd_doctor(args: argparse.Namespace) -> int:
    from kiosk.diagnostics.doctor import (  # noqa: PLC0415
        Doctor,
        Status,
        render_json,
        render_text,
    )

    doctor = Doctor(config_path=config_path(args.config, os.environ), clock=SystemClock())
    results = doctor.run()
    print(render_json(results) if args.json else render_text(results))
    failed = any(result.status is Status.FAIL for result in results)
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _load_or_report(path: Path) -> LoadedConfig | None:
    """The configuration at ``path``, or None after printing every problem to stderr."""
    try:
        return load_config(path)
    except ConfigError as error:
        print(error.english(), file=sys.stderr)
        return None


def _cmd_config(args: argparse.Namespace) -> int:
    if args.config_command == "docs":
        from kiosk.config.docs import render_markdown  # noqa: PLC0415 - only this command needs it

        sys.stdout.write(render_markdown())
        return EXIT_OK
    path = config_path(args.config, os.environ)
    loaded = _load_or_report(path)
    if loaded is None:
        return EXIT_CONFIG
    if args.config_command == "validate":
        print(f"{path}: valid (schema version {loaded.config.schema_version})")
        if loaded.migrated_from is not None:
            print(
                f"  migrated from schema version {loaded.migrated_from}; "
                "rewrite the file in the current version to skip the migration at each start"
            )
        for variable, field_path in loaded.env_overrides.items():
            print(f"  {field_path} is overridden by environment variable {variable}")
        for variable in loaded.ignored_env:
            print(f"  note: {variable} is not a setting and was ignored")
        return EXIT_OK
    document = loaded.config.model_dump(mode="json", exclude_none=True)
    document["data_dir"] = str(loaded.data_dir)
    header = f"# effective configuration from {path}\n"
    if loaded.env_overrides:
        header += "# overridden by: " + ", ".join(sorted(loaded.env_overrides)) + "\n"
    sys.stdout.write(header + tomli_w.dumps(document))
    return EXIT_OK


def _cmd_trust_list(args: argparse.Namespace) -> int:
    from kiosk.credentials.services import open_credential_services  # noqa: PLC0415
    from kiosk.credentials.trustlist import TrustListError  # noqa: PLC0415
    from kiosk.domain.timezone import local_text  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415

    loaded = _load_or_report(config_path(args.config, os.environ))
    if loaded is None:
        return EXIT_CONFIG
    try:
        services = open_credential_services(loaded.config, loaded.data_dir)
    except StoreError as error:
        print(f"the database cannot be used: {error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    now = SystemClock().now()
    try:
        if args.trust_command == "load":
            try:
                outcome = services.trust_store.install_file(args.file, now)
            except (TrustListError, OSError) as error:
                print(f"trust list refused: {error}", file=sys.stderr)
                return EXIT_CHECK_FAILED
            state = "installed" if outcome.changed else "already installed"
            print(f"trust list {outcome.trust_list.sequence} {state}")
        current = services.trust_store.current()
        if current is None:
            print("no usable trust list installed: every credential will be refused")
            return EXIT_CHECK_FAILED
        print(f"sequence      {current.sequence}" + ("  (DEMO)" if current.demo else ""))
        print(f"issued        {local_text(current.issued_at)}")
        print(f"next update   {local_text(current.next_update)}")
        print(f"freshness     {current.freshness(now).value}")
        revoked = f"{len(current.revoked_kids)} key(s), {len(current.revoked_credentials)} id(s)"
        print(f"revoked       {revoked}")
        for issuer in current.issuers.values():
            types = ", ".join(sorted(kind.value for kind in issuer.types))
            print(f"  {issuer.kid.hex()}  {issuer.region.value}  {issuer.name_en}  [{types}]")
        return EXIT_OK
    finally:
        services.close()


def _cmd_verify(args: argparse.Namespace) -> int:
    from kiosk.credentials.display import Bilingual, Purpose  # noqa: PLC0415
    from kiosk.credentials.services import open_credential_services  # noqa: PLC0415
    from kiosk.runtime.messages import Message, Msg  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415

    loaded = _load_or_report(config_path(args.config, os.environ))
    if loaded is None:
        return EXIT_CONFIG
    code = sys.stdin.read() if args.code == "-" else args.code
    purpose = Purpose.HOTEL_CHECK_IN if args.purpose == "hotel" else Purpose.SERVICE_APPLICATION
    try:
        services = open_credential_services(loaded.config, loaded.data_dir)
    except StoreError as error:
        print(f"the database cannot be used: {error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    try:
        result = services.verifier.verify(
            code.strip(), purpose, SystemClock().now(), record_use=not args.no_record
        )
    finally:
        services.close()
    print(f"{result.reason.value}: {Message(result.message).english()}")
    if result.detail:
        print(f"  detail: {result.detail}")
    for field in result.display:
        value = field.value
        if isinstance(value, Bilingual):
            value = value.en
        elif isinstance(value, Msg):
            value = Message(value).english()
        print(f"  {Message(field.label).english():<28} {value}")
    return EXIT_OK if result.valid else EXIT_CHECK_FAILED


def _cmd_scan_test(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    if args.images is not None:
        from kiosk.diagnostics import scan_images  # noqa: PLC0415

        if not args.images.is_dir():
            print(f"not a folder: {args.images}", file=sys.stderr)
            return 2
        results = scan_images.scan_images(args.images)
        if args.json:
            print(json.dumps({"images": [result.as_json() for result in results]}, indent=2))
        else:
            print(scan_images.render_text(results))
        return EXIT_OK if all(result.error is None for result in results) else EXIT_CHECK_FAILED
    if not 0 < args.seconds <= 3600:
        print("--seconds must be between 0 and 3600", file=sys.stderr)
        return 2
    loaded = _load_or_report(config_path(args.config, os.environ))
    if loaded is None:
        return EXIT_CONFIG
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is shown
    setup_logging(None, console=True)
    from kiosk.ui.qt_messages import route_qt_messages  # noqa: PLC0415 - Qt only here

    route_qt_messages()  # before the camera modules load
    from kiosk.ui.tools import scan_measure  # noqa: PLC0415

    devices = loaded.config.devices
    report = scan_measure.run_scan_test(devices.camera_spec(), devices.camera_size, args.seconds)
    if args.json:
        print(json.dumps(report.as_json(), indent=2))
    else:
        print(scan_measure.render_text(report))
    return EXIT_OK if report.ok else EXIT_CHECK_FAILED


def _cmd_platform(args: argparse.Namespace) -> int:
    loaded = _load_or_report(config_path(args.config, os.environ))
    if loaded is None:
        return EXIT_CONFIG
    _start_logging(loaded)
    return cli_sync.run(args, loaded)


def _cmd_printer(args: argparse.Namespace) -> int:
    loaded = _load_or_report(config_path(args.config, os.environ))
    if loaded is None:
        return EXIT_CONFIG
    _start_logging(loaded)
    return cli_printer.run(args, loaded)


_COMMANDS = {
    "printer": _cmd_printer,
    "enrol": _cmd_platform,
    "sync": _cmd_platform,
    "outbox": _cmd_platform,
    "run": _cmd_run,
    "demo": _cmd_demo,
    "tour": _cmd_tour,
    "doctor": _cmd_doctor,
    "config": _cmd_config,
    "trust-list": _cmd_trust_list,
    "verify": _cmd_verify,
    "scan-test": _cmd_scan_test,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kiosk`` console script."""
    args = _parser().parse_args(argv)
    return _COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())

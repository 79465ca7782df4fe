"""``kiosk run``, ``kiosk demo``, ``kiosk tour``: the commands that open a window.

They reach Qt only through ``kiosk.ui``, imported once the logs are set up (Qt's messages are
routed to them before the camera modules load).
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

from kiosk.cli.common import EXIT_OK, EXIT_USAGE, load, start_logging
from kiosk.config.loader import ConfigError, LoadedConfig
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.logs import setup_logging


def run(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return _demo(args)
    if args.command == "tour":
        return _tour(args)
    loaded, error = load(args.config)
    return _run_ui(args, loaded, error)


def _run_ui(
    args: argparse.Namespace,
    loaded: LoadedConfig | None,
    error: ConfigError | None,
    *,
    fake_scenes: Callable[[], Sequence[Any]] | None = None,
) -> int:
    from kiosk.ui.qt_messages import route_qt_messages  # noqa: PLC0415 - Qt only for the UI

    start_logging(loaded)
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


def _demo(args: argparse.Namespace) -> int:
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
        loaded, error = load(path)
        return _run_ui(args, loaded, error, fake_scenes=demo_scenes(data_dir, SystemClock()))
    finally:
        if platform is not None:
            platform.stop()
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)


def _tour(args: argparse.Namespace) -> int:
    try:
        width, height = (int(part) for part in args.size.lower().split("x"))
    except ValueError:
        print(f"--size must look like 1920x1080, not {args.size!r}", file=sys.stderr)
        return EXIT_USAGE
    languages = [language.strip() for language in args.languages.split(",") if language.strip()]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    setup_logging(None, console=True)
    from kiosk.ui.tools.tour import tour_offscreen  # noqa: PLC0415 - Qt only for this command

    written = tour_offscreen(args.outdir, languages=languages, width=width, height=height)
    for path in written:
        print(path)
    return EXIT_OK

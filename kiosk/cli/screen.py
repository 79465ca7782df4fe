"""``kiosk run``, ``kiosk demo``, ``kiosk tour``: the commands that open a window.

They reach Qt only through ``kiosk.ui``, imported once the logs are set up (Qt's messages are
routed to them before the camera modules load).
"""

from __future__ import annotations

import argparse
import faulthandler
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.common import EXIT_OK, EXIT_USAGE, installed_command, load, start_logging
from kiosk.config.loader import ConfigError, LoadedConfig
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.logs import setup_logging
from kiosk.runtime.restart import EXIT_RESTART, supervised
from kiosk.runtime.stop_signals import (
    Stopped,
    deferring_stop,
    ignoring_stop_signals,
    raise_on_stop_signals,
)

if TYPE_CHECKING:
    from kiosk.demo import DemoPlatform


def run(args: argparse.Namespace) -> int:
    # A crash inside Qt (a segmentation fault) prints every thread's Python stack to stderr:
    # the terminal's journal, or a test's captured output, then says where it happened.
    faulthandler.enable(all_threads=True)
    if args.command == "demo":
        return _demo(args)
    if args.command == "tour":
        return _tour(args)
    loaded, error = load(args.config)
    return _run_ui(args, loaded, error, config_path=args.config)


def _run_ui(
    args: argparse.Namespace,
    loaded: LoadedConfig | None,
    error: ConfigError | None,
    *,
    fake_scenes: Callable[[], Sequence[Any]] | None = None,
    on_ready: Callable[[], None] | None = None,
    config_path: Path | None = None,
) -> int:
    """Run the kiosk until it stops. A technician's restart (``EXIT_RESTART``) starts it again
    here with the configuration read anew from ``config_path``, unless systemd runs it (it
    restarts the process itself)."""
    # A stop signal while Qt's bindings load is raised after them: an exception raised inside
    # ``import PySide6`` crashes shiboken, one inside PySide's lazy enums breaks them.
    with deferring_stop():
        from kiosk.ui.qt_messages import route_qt_messages  # noqa: PLC0415 - Qt only for the UI

        start_logging(loaded)
        route_qt_messages()  # before the camera modules load
        from kiosk.ui.app import run_kiosk  # noqa: PLC0415

    while True:
        if error is not None:
            print(error.english(), file=sys.stderr)
        code = run_kiosk(
            loaded,
            error,
            windowed=args.windowed,
            quit_after_s=args.quit_after,
            report_first_paint=args.report_first_paint,
            fake_scenes=fake_scenes,
            on_ready=on_ready,
        )
        if code != EXIT_RESTART or supervised():
            return code
        print("restarting at the technician's request", file=sys.stderr)
        loaded, error = load(config_path)


DEMO_READY = "demo ready:"  # the line a script can wait for: from then on the kiosk runs


def _demo(args: argparse.Namespace) -> int:
    """The demo terminal and its reference platform, started and stopped as one: a stop signal
    (Ctrl-C, SIGTERM, SIGHUP) or closing the window stops the kiosk, then the platform, and
    removes the temporary data folder, whenever it comes (``raise_on_stop_signals`` while the
    demo prepares or cleans up, ``kiosk.ui.signals.StopOnSignals`` while the kiosk runs)."""
    from kiosk.demo import (  # noqa: PLC0415
        DEMO_KEYS_DIR,
        DEMO_TECHNICIAN_PIN,
        DemoPlatform,
        DemoPlatformError,
        connect_demo_platform,
        demo_scenes,
        prepare_demo,
    )

    temporary = args.data_dir is None
    data_dir: Path | None = None if temporary else args.data_dir
    platform: DemoPlatform | None = None
    code = EXIT_OK
    try:
        with raise_on_stop_signals():  # until the kiosk's event loop takes them over
            try:
                if data_dir is None:
                    data_dir = Path(tempfile.mkdtemp(prefix="kiosk-demo-"))
                path = prepare_demo(data_dir, SystemClock().now(), profile=args.profile)
                kept = "removed when the demo stops" if temporary else "kept"
                print(f"demo data folder: {data_dir} ({kept})")
                try:
                    platform, enrolment = DemoPlatform.start(data_dir)
                    connect_demo_platform(data_dir, path, platform, enrolment)
                    print(f"reference platform: {platform.url}/api/v1/docs")
                except DemoPlatformError as problem:  # the kiosk still runs; its queue waits
                    print(f"reference platform unavailable: {problem}", file=sys.stderr)
                refplatform = installed_command("refplatform")
                print(
                    f"demo codes: {refplatform} issuer eid {data_dir / DEMO_KEYS_DIR} "
                    f"--png eid.png   (see `{refplatform} issuer --help`)"
                )
                print(
                    f"demo technician PIN: {DEMO_TECHNICIAN_PIN} (five taps on the emblem, "
                    "or Ctrl+Alt+Shift+T)"
                )
                loaded, error = load(path)
                code = _run_ui(
                    args,
                    loaded,
                    error,
                    fake_scenes=demo_scenes(data_dir, SystemClock(), profile=args.profile),
                    on_ready=_announce_demo_ready,
                    config_path=path,
                )
            finally:
                with ignoring_stop_signals():  # a second Ctrl-C must not cut the clean-up short
                    _stop_demo(platform, data_dir, temporary=temporary)
    except Stopped as stopped:
        print(f"(stopped by {stopped.signal.name})", file=sys.stderr)
    return code


def _announce_demo_ready() -> None:
    print(f"{DEMO_READY} stop it with Ctrl-C or by closing its window", flush=True)


def _stop_demo(platform: DemoPlatform | None, data_dir: Path | None, *, temporary: bool) -> None:
    """The kiosk has stopped: stop the platform and remove a temporary data folder."""
    if platform is not None:
        platform.stop()
    if data_dir is None:
        return
    if temporary:
        shutil.rmtree(data_dir, ignore_errors=True)
        print(f"demo stopped; its data folder {data_dir} is removed", flush=True)
    else:
        print(f"demo stopped; its data is kept in {data_dir}", flush=True)


def _tour(args: argparse.Namespace) -> int:
    named = {"landscape": (1920, 1080), "portrait": (1080, 1920), "compact": (1366, 768)}
    sizes: list[tuple[int, int]] = []
    for part in (piece.strip().lower() for piece in args.size.split(",") if piece.strip()):
        try:
            width, height = named.get(part) or tuple(int(side) for side in part.split("x"))
        except ValueError:
            print(
                f"--size takes landscape, portrait, compact or WIDTHxHEIGHT, not {part!r}",
                file=sys.stderr,
            )
            return EXIT_USAGE
        sizes.append((width, height))
    all_modes = ("normal", "elder", "high-contrast")
    modes = [mode.strip() for mode in args.modes.split(",") if mode.strip()]
    modes = list(all_modes) if modes == ["all"] else modes
    if not modes or any(mode not in all_modes for mode in modes):
        print(f"--modes takes {', '.join(all_modes)} or all, not {args.modes!r}", file=sys.stderr)
        return EXIT_USAGE
    languages = [language.strip() for language in args.languages.split(",") if language.strip()]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    setup_logging(None, console=True)
    from kiosk.ui.tools.tour import tour_offscreen  # noqa: PLC0415 - Qt only for this command

    written = tour_offscreen(args.outdir, languages=languages, sizes=sizes, modes=modes)
    for path in written:
        print(path)
    return EXIT_OK

"""``kiosk doctor``, ``kiosk scan-test``, ``kiosk keyboard-test``: is this machine able to run
the kiosk?

The doctor asks Qt through a child process (``kiosk.diagnostics.doctor``); ``scan-test --images``
needs no Qt; ``scan-test`` on the camera loads Qt (through ``kiosk.ui``) with no window shown;
``keyboard-test`` opens a window with the on-screen keyboard (``kiosk.ui.keyboard.tryout``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_OK,
    EXIT_USAGE,
    invoked_command,
    load,
    load_or_report,
)
from kiosk.config.loader import config_path
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.logs import setup_logging


def run(args: argparse.Namespace) -> int:
    if args.command == "doctor":
        return _doctor(args)
    if args.command == "keyboard-test":
        return _keyboard_test(args)
    return _scan_test(args)


def _keyboard_test(args: argparse.Namespace) -> int:
    size = None
    if args.size is not None:
        width, _, height = args.size.partition("x")
        if not (width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
            print("--size must be WIDTHxHEIGHT, for example 1080x1920", file=sys.stderr)
            return EXIT_USAGE
        size = (int(width), int(height))
    loaded, error = load(args.config)  # the screen's size and touch target, when configured
    if error is not None:
        print(f"{error.english()}\ncontinuing with the default screen metrics", file=sys.stderr)
    if args.screenshot is not None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window is shown
    setup_logging(None, console=True)
    from kiosk.ui.qt_messages import route_qt_messages  # noqa: PLC0415 - Qt only here

    route_qt_messages()
    from kiosk.ui.keyboard.tryout import run_tryout  # noqa: PLC0415

    outcome = run_tryout(
        loaded,
        language=args.language,
        size=size,
        windowed=args.windowed,
        quit_after_s=args.quit_after,
        screenshot=args.screenshot,
    )
    if not outcome.keyboard_loaded:
        print("the on-screen keyboard could not be loaded (see the log)", file=sys.stderr)
        return 1
    if outcome.saved is not None:
        print(f"saved {outcome.saved}")
    elif args.screenshot is not None:
        print(f"could not save {args.screenshot}", file=sys.stderr)
        return 1
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from kiosk.diagnostics.doctor import (  # noqa: PLC0415
        Doctor,
        Status,
        render_json,
        render_text,
    )

    doctor = Doctor(
        config_path=config_path(args.config, os.environ),
        clock=SystemClock(),
        command=invoked_command(),
    )
    results = doctor.run()
    print(render_json(results) if args.json else render_text(results))
    failed = any(result.status is Status.FAIL for result in results)
    return EXIT_CHECK_FAILED if failed else EXIT_OK


def _scan_test(args: argparse.Namespace) -> int:
    if args.images is not None:
        from kiosk.diagnostics import scan_images  # noqa: PLC0415

        if not args.images.exists():
            print(f"no such image file or folder: {args.images}", file=sys.stderr)
            return EXIT_USAGE
        results = scan_images.scan_images(args.images)
        show = args.show_payload
        if args.json:
            images = [result.as_json(show_payload=show) for result in results]
            print(json.dumps({"images": images}, indent=2))
        else:
            print(scan_images.render_text(results, show_payload=show))
        unreadable = any(result.error is not None for result in results)
        # No code in any image is a failed check: the photos, or the decoder, need a look.
        return EXIT_CHECK_FAILED if unreadable or not scan_images.found_any(results) else EXIT_OK
    if not 0 < args.seconds <= 3600:
        print("--seconds must be between 0 and 3600", file=sys.stderr)
        return EXIT_USAGE
    loaded = load_or_report(args.config)
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

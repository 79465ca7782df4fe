"""``kiosk install-unit``: the systemd unit that starts the kiosk at boot, with this
installation's paths (``kiosk.runtime.service_unit``; deploy/README.md).

Prints the unit, or writes it with ``--output`` (mode 0644, replaced atomically) and says what to
run next. Qt-free.
"""

from __future__ import annotations

import argparse
import os
import sys
import sysconfig
import tempfile
from pathlib import Path

from kiosk.cli.common import EXIT_OK, EXIT_USAGE
from kiosk.runtime.service_unit import UNIT_NAME, UnitError, UnitPaths, render_unit


def this_kiosk() -> Path:
    """This installation's ``kiosk`` console script."""
    return Path(sysconfig.get_path("scripts")) / "kiosk"


def run(args: argparse.Namespace) -> int:
    paths = UnitPaths(
        kiosk=Path(args.kiosk or this_kiosk()).absolute(),
        config=Path(args.unit_config).absolute(),
        user=args.user,
    )
    try:
        text = render_unit(paths)
    except UnitError as problem:
        print(f"kiosk install-unit: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if not paths.kiosk.is_file():
        print(f"note: {paths.kiosk} does not exist (yet)", file=sys.stderr)
    if not paths.config.is_file():
        print(f"note: {paths.config} does not exist (yet)", file=sys.stderr)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        _write(args.output, text)
    except OSError as error:
        print(f"kiosk install-unit: {args.output} cannot be written: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"written: {args.output}")
    if args.output.name == UNIT_NAME:
        print(
            "then: systemctl daemon-reload && systemctl enable --now "
            f"{UNIT_NAME}  (see deploy/README.md)"
        )
    return EXIT_OK


def _write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` at once (a half-written unit is never read), mode 0644."""
    folder = path.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

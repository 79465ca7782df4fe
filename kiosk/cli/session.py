"""``kiosk session``: the kiosk's whole graphical session, as the systemd unit starts it.

It runs the cage Wayland compositor with ``kiosk run`` as its only client, and exits with the
kiosk's own exit status. cage (Debian 12's 0.1.4) exits 0 whatever its client's status, so
without this the unit could not tell a technician's "leave to the desktop" (76, which the unit
lists in ``RestartPreventExitStatus=``) from a restart: a small shell between cage and the
kiosk writes the kiosk's status to a file, which this command reads once cage has ended.

A stop signal (INT, TERM, HUP) is passed on to cage, the shell and the kiosk (their own process
group; under systemd every process of the unit gets it anyway), and the kiosk stops cleanly.
Qt-free; the kiosk itself runs in its own process.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from types import FrameType

from kiosk.cli.common import EXIT_CHECK_FAILED
from kiosk.cli.unit import this_kiosk
from kiosk.runtime.stop_signals import install, restore

# Runs the kiosk, then writes its exit status where the session reads it ($1). A stop signal
# is caught (not ignored: the kiosk must get it) so that the shell outlives the kiosk's stop.
RELAY = (
    'trap : INT TERM HUP; status="$1"; shift; "$@"; code=$?; echo "$code" > "$status"; exit "$code"'
)
SHELL = "/bin/sh"


def session_command(cage: Path, kiosk: Path, status_file: Path) -> list[str]:
    """cage's command line: no decorations, no virtual-terminal switching (no ``-s``)."""
    return [
        str(cage),
        "-d",
        "--",
        SHELL,
        "-c",
        RELAY,
        "kiosk-session",
        str(status_file),
        str(kiosk),
        "run",
    ]


def run(args: argparse.Namespace) -> int:
    cage: Path = args.cage
    kiosk: Path = args.kiosk or this_kiosk()
    if not os.access(cage, os.X_OK):
        print(
            f"kiosk session: {cage} cannot be run (Debian: apt-get install cage)", file=sys.stderr
        )
        return EXIT_CHECK_FAILED
    runtime = os.environ.get("RUNTIME_DIRECTORY") or None  # the unit's RuntimeDirectory=
    with tempfile.TemporaryDirectory(prefix="kiosk-session-", dir=runtime) as folder:
        status_file = Path(folder) / "exit-status"
        # Its own process group, so that a stop signal reaches cage, the shell and the kiosk.
        process = subprocess.Popen(session_command(cage, kiosk, status_file), process_group=0)

        def pass_on(number: int, _frame: FrameType | None) -> None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, number)

        previous = install(pass_on)
        try:
            cage_status = process.wait()
        finally:
            restore(previous)
        try:
            return int(status_file.read_text(encoding="ascii").strip())
        except (OSError, ValueError):  # the kiosk never ended on its own (killed, cage failed)
            return cage_status if cage_status >= 0 else 128 - cage_status

"""Running this installation's console scripts (``kiosk``, ``refplatform``) as a technician
would: a real process, offscreen, its output captured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def run_command(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``args[0]`` from the virtual environment's ``bin`` with the rest as its arguments."""
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )

"""A stop signal that reaches ``kiosk demo`` while it loads Qt's bindings still stops it cleanly
(issue 14, point 1): the kiosk exits 0, the platform is gone and the temporary folder removed.

Python runs a signal handler at the main thread's next instruction, wherever that is. While
``import PySide6`` runs, shiboken executes its own Python code from C; an exception raised there
(``Stopped``) crashed the process (SIGSEGV or SIGABRT: "could not initialize part 2"), leaving the
temporary folder with the demo keys behind. The signal is sent from an audit hook at a chosen
compilation inside that import, so the moment is the same at every run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TIMEOUT_S = 180.0

DRIVER = """
import os, signal, sys
from kiosk.cli import main

nth = int(sys.argv[1])
state = {"armed": False, "count": 0}

def hook(event, args):
    if event == "import" and args[0] == "shiboken6":
        state["armed"] = True
    if state["armed"] and event == "compile":
        state["count"] += 1
        if state["count"] == nth:
            os.kill(os.getpid(), signal.SIGTERM)

sys.addaudithook(hook)
sys.exit(main(["demo"]))
"""


def _processes_mentioning(text: str) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except (OSError, UnicodeDecodeError):
                continue
            if text in command:
                found.append(command)
    return found


@pytest.mark.parametrize("nth", [3, 10])
def test_a_signal_while_qt_loads_stops_the_demo_cleanly(tmp_path: Path, nth: int) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temporary)}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(nth)],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "(stopped by SIGTERM)" in done.stderr, output
    assert "demo ready:" not in done.stdout  # it stopped while starting
    assert list(temporary.iterdir()) == [], output
    assert _processes_mentioning(str(temporary)) == []

"""``kiosk demo`` starts and stops as one thing (issue 14, point 1), run for real.

The real command runs offscreen with its temporary folder under the test's own ``TMPDIR``. Once
it prints "demo ready:" (its kiosk's event loop runs and every service is attached) the test
takes note of every process below it (walking /proc), then stops it: with SIGINT, SIGTERM or
SIGHUP, or by closing its window (a small driver runs the same command in-process and closes
the window as a window manager asks it to, ``QWidget.close``, on a line from the test). The
process must exit, every process below it must be gone and the temporary folder removed.
SIGKILL cannot be handled: then the platform must still die with the kiosk (PR_SET_PDEATHSIG).

Processes are watched through pidfds opened while they run, so that an exited process's number,
reused later, cannot be taken for it.
"""

from __future__ import annotations

import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
KIOSK = Path(sys.executable).parent / "kiosk"
READY_TIMEOUT_S = 120.0  # two cores under a whole test run: the demo starts in about 6 s alone
EXIT_TIMEOUT_S = 60.0
READY = "demo ready:"

# Runs `kiosk demo` as the console script does, and closes every visible window (as a window
# manager's close button does: a QCloseEvent) when a line arrives on stdin.
CLOSING_DRIVER = """
import sys
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication
from kiosk.cli import main
from kiosk.ui.app import ensure_application

app = ensure_application()

def close_windows() -> None:
    sys.stdin.readline()
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()

notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
notifier.activated.connect(close_windows)
sys.exit(main(["demo"]))
"""


@dataclass
class RunningDemo:
    process: subprocess.Popen[str]
    lines: list[str]
    data_dir: Path
    below: dict[int, str]  # pid -> command line of every process below the demo
    pidfds: dict[int, int]
    reader: threading.Thread

    def output(self) -> str:
        return "".join(self.lines)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it exited meanwhile
            continue
        # pid (comm) state ppid …; comm may hold spaces and parentheses: split after the last ")"
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _command_line(process: Path) -> str:
    """The command line of the process whose /proc folder is ``process`` (OSError: gone)."""
    return (process / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")


def _descendants(pid: int) -> dict[int, str]:
    below: dict[int, str] = {}
    todo = _children(pid)
    while todo:
        child = todo.pop()
        try:
            below[child] = _command_line(Path("/proc") / str(child)).strip()
        except OSError:  # it exited meanwhile
            continue
        todo.extend(_children(child))
    return below


def _processes_mentioning(text: str) -> list[str]:
    """Command lines of every process on the machine that names ``text``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                command = _command_line(entry)
            except OSError:
                continue
            if text in command:
                found.append(command)
    return found


def _exited(pidfd: int, timeout_s: float) -> bool:
    readable, _, _ = select.select([pidfd], [], [], timeout_s)
    return bool(readable)


def _environment_path() -> str:
    return os.environ.get("PATH", "")  # the demo's PATH (see _environment)


def _environment(tmp_path: Path) -> dict[str, str]:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(temporary)}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


@pytest.fixture
def start_demo(tmp_path: Path) -> Iterator[object]:
    started: list[RunningDemo] = []

    def start(command: list[str], *, stdin: int = subprocess.DEVNULL) -> RunningDemo:
        log = (tmp_path / "stderr.log").open("w")
        process = subprocess.Popen(
            command,
            cwd=tmp_path,
            env=_environment(tmp_path),
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        log.close()
        lines: list[str] = []
        arrived: queue.Queue[str | None] = queue.Queue()

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                lines.append(line)
                arrived.put(line)
            arrived.put(None)

        reader = threading.Thread(target=read, name="demo-output", daemon=True)
        reader.start()
        while True:
            try:
                line = arrived.get(timeout=READY_TIMEOUT_S)
            except queue.Empty:
                process.kill()
                pytest.fail(f"no {READY!r} line in {READY_TIMEOUT_S} s: {''.join(lines)}")
            if line is None:
                stderr = (tmp_path / "stderr.log").read_text()
                pytest.fail(f"the demo ended before it was ready: {''.join(lines)}{stderr}")
            if line.startswith(READY):
                break
        folder = re.search(r"^demo data folder: (\S+) ", "".join(lines), re.MULTILINE)
        assert folder is not None, lines
        below = _descendants(process.pid)
        pidfds = {}
        for pid in below:
            try:
                pidfds[pid] = os.pidfd_open(pid)
            except ProcessLookupError:  # a short-lived process that ended meanwhile
                continue
        running = RunningDemo(process, lines, Path(folder[1]), below, pidfds, reader)
        started.append(running)
        return running

    yield start
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait(EXIT_TIMEOUT_S)
        for pid, pidfd in running.pidfds.items():
            if not _exited(pidfd, 0):
                os.kill(pid, signal.SIGKILL)  # never leave a platform behind a failed test
            os.close(pidfd)
        running.reader.join(EXIT_TIMEOUT_S)  # the output ends with the process
        for stream in (running.process.stdout, running.process.stdin):
            if stream is not None:
                stream.close()


def _assert_all_gone(demo: RunningDemo, tmp_path: Path) -> None:
    code = demo.process.wait(EXIT_TIMEOUT_S)
    assert code == 0, demo.output() + (tmp_path / "stderr.log").read_text()
    left = [demo.below[pid] for pid, pidfd in demo.pidfds.items() if not _exited(pidfd, 0)]
    assert left == [], "processes outlived the demo"
    assert _processes_mentioning(str(demo.data_dir)) == []
    assert not demo.data_dir.exists()
    assert list((tmp_path / "tmp").iterdir()) == []
    assert f"demo stopped; its data folder {demo.data_dir} is removed" in demo.output()


def _platform_pids(demo: RunningDemo) -> list[int]:
    return [pid for pid, command in demo.below.items() if "serve" in command.split()]


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_the_kiosk_the_platform_and_removes_the_folder(
    start_demo, tmp_path: Path, number: signal.Signals
) -> None:
    demo = start_demo([str(KIOSK), "demo"])
    assert len(_platform_pids(demo)) == 1, demo.below
    assert demo.data_dir.parent == tmp_path / "tmp" and demo.data_dir.is_dir()
    demo.process.send_signal(number)
    _assert_all_gone(demo, tmp_path)


def test_closing_the_window_stops_it_all(start_demo, tmp_path: Path) -> None:
    demo = start_demo([sys.executable, "-c", CLOSING_DRIVER], stdin=subprocess.PIPE)
    assert len(_platform_pids(demo)) == 1, demo.below
    assert demo.process.stdin is not None
    demo.process.stdin.write("close\n")
    demo.process.stdin.flush()
    _assert_all_gone(demo, tmp_path)


def test_the_platform_dies_with_a_killed_kiosk(start_demo) -> None:
    demo = start_demo([str(KIOSK), "demo"])
    (platform,) = _platform_pids(demo)
    demo.process.kill()  # SIGKILL: the kiosk cleans nothing up
    demo.process.wait(EXIT_TIMEOUT_S)
    assert _exited(demo.pidfds[platform], EXIT_TIMEOUT_S), "the platform outlived the kiosk"


def test_the_printed_hints_name_the_commands_where_they_are(start_demo, tmp_path: Path) -> None:
    demo = start_demo([str(KIOSK), "demo"])
    hint = next(line for line in demo.lines if line.startswith("demo codes: "))
    command = hint.removeprefix("demo codes: ").split()[0]
    installed = (KIOSK.parent / "refplatform").resolve()
    if command == "refplatform":  # bare only when the PATH finds this very script
        found = shutil.which("refplatform", path=_environment_path())
        assert found is not None and Path(found).resolve() == installed
    else:
        assert Path(command).is_absolute() or Path(command).parts[0] == ".venv"
        assert (tmp_path / command).resolve() == installed
    demo.process.send_signal(signal.SIGTERM)
    _assert_all_gone(demo, tmp_path)


def test_the_demo_script_explains_every_option_without_setting_up() -> None:
    shown = subprocess.run(
        ["bash", str(REPO / "scripts" / "demo"), "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "[setup]" not in shown.stdout + shown.stderr  # nothing was checked or installed
    options = subprocess.run(
        [str(KIOSK), "demo", "--help"], capture_output=True, text=True, timeout=60, check=True
    )
    for option in set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", options.stdout)):
        assert option in shown.stdout, f"scripts/demo --help does not explain {option}"
    for promise in ("Ctrl-C", "SIGTERM", "SIGHUP", "closing the kiosk's window", "removes"):
        assert promise in shown.stdout

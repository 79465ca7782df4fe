"""The kiosk as systemd runs it: the unit passes ``systemd-analyze verify`` with this checkout's
paths, ``kiosk install-unit`` writes it, ``kiosk session`` hands on the kiosk's exit status
through cage, and a locked ``kiosk run`` under a notification socket says READY, feeds the
watchdog and stops cleanly on SIGTERM (the lockdown refuses every other close)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.demo import write_demo_config
from kiosk.runtime.restart import EXIT_DESKTOP
from kiosk.runtime.service_unit import DEFAULTS, UNIT_NAME, UnitError, UnitPaths, render_unit
from tests.support.notify_socket import NotifySocket

REPO = Path(__file__).resolve().parents[2]
DEPLOYED_UNIT = REPO / "deploy" / "systemd" / UNIT_NAME
KIOSK = Path(sysconfig.get_path("scripts")) / "kiosk"


def verify(unit: Path) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    # Not a skip: scripts/setup installs Debian's systemd package, which brings it.
    assert analyze is not None, "systemd-analyze is missing: run scripts/setup (Debian: systemd)"
    return subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=120, check=False
    )


def test_the_deployed_unit_is_the_generated_one() -> None:
    assert DEPLOYED_UNIT.read_text(encoding="utf-8") == render_unit(DEFAULTS), (
        "run: kiosk install-unit --kiosk /opt/crossregion-kiosk/.venv/bin/kiosk "
        f"--output deploy/systemd/{UNIT_NAME}"
    )


def test_the_unit_with_this_checkouts_paths_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    config = write_demo_config(tmp_path / "demo")
    unit = tmp_path / UNIT_NAME
    unit.write_text(render_unit(UnitPaths(KIOSK, config, "kiosk")), encoding="utf-8")
    done = verify(unit)
    assert done.returncode == 0, done.stderr
    assert done.stdout + done.stderr == ""  # not even a warning (an unknown key is only one)
    text = unit.read_text(encoding="utf-8")
    for line in (
        "Type=notify",
        "NotifyAccess=all",
        "WatchdogSec=30",
        "Restart=always",
        f"RestartPreventExitStatus={EXIT_DESKTOP}",
        f"ExecStart={KIOSK} session",
        f"Environment=KIOSK_CONFIG={config}",
    ):
        assert line in text.splitlines()


def test_verify_catches_a_mistake(tmp_path: Path) -> None:
    """The check above is worth something: a misspelt setting is reported."""
    unit = tmp_path / UNIT_NAME
    text = render_unit(UnitPaths(KIOSK, tmp_path / "kiosk.toml", "kiosk"))
    unit.write_text(text.replace("WatchdogSec=", "WatchdogSecs="), encoding="utf-8")
    assert "Unknown key 'WatchdogSecs'" in verify(unit).stderr


@pytest.mark.parametrize(
    "paths",
    [
        UnitPaths(Path("kiosk"), Path("/etc/kiosk.toml"), "kiosk"),
        UnitPaths(Path("/opt/my kiosk/bin/kiosk"), Path("/etc/kiosk.toml"), "kiosk"),
        UnitPaths(KIOSK, Path("/etc/100%/kiosk.toml"), "kiosk"),
        UnitPaths(KIOSK, Path("/etc/kiosk.toml"), "root; rm"),
    ],
)
def test_paths_systemd_would_read_differently_are_refused(paths: UnitPaths) -> None:
    with pytest.raises(UnitError):
        render_unit(paths)


def run_kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KIOSK), *args], capture_output=True, text=True, timeout=120, env=env, check=False
    )


def test_install_unit_prints_and_writes_the_unit(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    printed = run_kiosk("install-unit", "--config", str(config), "--user", "kiosk")
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout == render_unit(UnitPaths(KIOSK, config, "kiosk"))
    assert "does not exist" in printed.stderr  # the configuration: a note, not an error

    target = tmp_path / UNIT_NAME
    written = run_kiosk("install-unit", "--config", str(config), "--output", str(target))
    assert written.returncode == 0, written.stderr
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert "systemctl daemon-reload" in written.stdout

    refused = run_kiosk("install-unit", "--config", "/etc/my kiosk.toml")
    assert refused.returncode == 2 and "must be absolute" in refused.stderr


@pytest.fixture
def fake_cage(tmp_path: Path) -> Path:
    """Stands in for cage: checks it is asked for no VT switching, then runs its client (its
    real counterpart is a display server this machine may not start), waits for it when
    stopped, and exits 0 whatever the client's status, as Debian 12's cage 0.1.4 does."""
    script = tmp_path / "cage"
    script.write_text(
        "#!/bin/sh\n"
        'for arg in "$@"; do [ "$arg" = "-s" ] && exit 99; [ "$arg" = "--" ] && break; done\n'
        'while [ "$1" != "--" ]; do shift; done; shift\n'
        "trap : INT TERM HUP\n"  # stopped, cage waits for its client to end
        '"$@"\n'
        "exit 0\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def fake_kiosk(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-kiosk"
    script.write_text(f'#!/bin/sh\n[ "$1" = run ] || exit 98\n{body}\n', encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.mark.parametrize("status", [0, 75, EXIT_DESKTOP, 78])
def test_session_ends_with_the_kiosks_exit_status(
    tmp_path: Path, fake_cage: Path, status: int
) -> None:
    kiosk = fake_kiosk(tmp_path, f"exit {status}")
    done = run_kiosk("session", "--cage", str(fake_cage), "--kiosk", str(kiosk))
    assert done.returncode == status, done.stderr


def test_session_says_when_cage_is_missing(tmp_path: Path) -> None:
    done = run_kiosk("session", "--cage", str(tmp_path / "no-cage"))
    assert done.returncode == 1
    assert "apt-get install cage" in done.stderr


def test_session_passes_a_stop_signal_on(tmp_path: Path, fake_cage: Path) -> None:
    """SIGTERM to the session reaches the kiosk, which ends as it chooses (here: 0)."""
    kiosk = fake_kiosk(
        tmp_path, "trap 'exit 0' TERM\necho started > \"$0.started\"\nwhile read x; do :; done"
    )
    process = subprocess.Popen(
        [str(KIOSK), "session", "--cage", str(fake_cage), "--kiosk", str(kiosk)],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    started = Path(f"{kiosk}.started")
    try:
        for _ in range(600):  # until the kiosk runs (each try waits on the process, 0.1 s)
            if started.exists():
                break
            with pytest.raises(subprocess.TimeoutExpired):
                process.wait(timeout=0.1)
        assert started.exists()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


# ---------------------------------------------------------------------------- kiosk run


@pytest.fixture
def notify() -> Iterator[NotifySocket]:
    sock = NotifySocket()
    yield sock
    sock.close()


def test_a_locked_kiosk_run_under_systemd_says_ready_feeds_the_watchdog_and_stops_on_sigterm(
    tmp_path: Path, notify: NotifySocket
) -> None:
    config = write_demo_config(tmp_path / "demo")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KIOSK_", "WATCHDOG_", "NOTIFY_"))
    }
    env |= notify.environ(watchdog_usec=2_000_000)  # a ping every second
    env |= {"QT_QPA_PLATFORM": "offscreen", "KIOSK_CONFIG": str(config)}
    env["INVOCATION_ID"] = "0" * 32  # as systemd sets it: a restart is systemd's to do
    process = subprocess.Popen(
        [str(KIOSK), "run"],  # full screen and locked: no --windowed
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = notify.wait_for("READY=1", timeout_s=90)
        assert ready[-1] == "READY=1"
        notify.wait_for("WATCHDOG=1", timeout_s=30)  # the GUI thread beats; the thread pings
        notify.wait_for("WATCHDOG=1", timeout_s=30)
        process.send_signal(signal.SIGTERM)
        stopping = notify.wait_for("STOPPING=1", timeout_s=30)
        assert "STATUS=stopping" not in stopping
        _out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "STATUS=stopping" in notify.pending()
    assert sys.executable  # the kiosk ran as this installation's script

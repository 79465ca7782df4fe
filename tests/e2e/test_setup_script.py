"""scripts/setup, run for real with the system commands it asks about replaced on PATH."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]


def _stub(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _setup(stubs: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{stubs}:{os.environ['PATH']}"}
    env.pop("KIOSK_SKIP_SYSTEM_PACKAGES", None)
    return subprocess.run(
        ["bash", str(REPO / "scripts" / "setup")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


def test_without_root_it_prints_the_exact_missing_packages_and_stops(tmp_path: Path) -> None:
    _stub(tmp_path, "id", "echo 1000")  # not root
    _stub(
        tmp_path,
        "dpkg-query",
        'case "$*" in *fonts-wqy-microhei*|*libzbar0*) exit 1;; esac\necho "install ok installed"',
    )
    done = _setup(tmp_path)
    assert done.returncode == 1
    assert "sudo apt-get install --no-install-recommends libzbar0 fonts-wqy-microhei" in done.stderr
    assert "creating .venv" not in done.stdout  # it stopped before touching anything


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    _stub(tmp_path, "dpkg-query", 'echo "install ok installed"')
    assert _setup(tmp_path).returncode == 0  # brings .venv up to date if it was not
    done = _setup(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "installing" not in done.stdout
    assert "ready:" in done.stdout

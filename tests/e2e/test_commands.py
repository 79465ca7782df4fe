"""The installed commands, run as real processes (offscreen Qt, temporary folders)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.demo import write_demo_config
from tests.support.configs import production_document, write_document

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
TIMEOUT_S = 120


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        env=environment,
        check=False,
    )


def test_help_and_version() -> None:
    done = run("kiosk", "--help")
    assert done.returncode == 0
    for command in ("run", "demo", "tour", "doctor", "config"):
        assert command in done.stdout
    assert run("refplatform", "--version").stdout.startswith("refplatform ")
    module = subprocess.run(
        [sys.executable, "-m", "kiosk", "--version"], capture_output=True, text=True, check=False
    )
    assert module.returncode == 0


def test_config_validate_exit_codes(tmp_path: Path) -> None:
    good = write_document(tmp_path / "good.toml", production_document())
    assert run("kiosk", "config", "validate", "--config", str(good)).returncode == 0
    document = production_document()
    document["terminal"]["profile"] = "bank"
    bad = write_document(tmp_path / "bad.toml", document)
    done = run("kiosk", "config", "validate", "--config", str(bad))
    assert done.returncode == 78
    assert "terminal.profile" in done.stderr


def test_config_docs_matches_the_committed_reference() -> None:
    done = run("kiosk", "config", "docs")
    reference = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"
    assert done.stdout == reference.read_text(encoding="utf-8")


def test_doctor_json_on_a_demo_terminal(tmp_path: Path) -> None:
    config = write_demo_config(tmp_path / "demo")
    done = run("kiosk", "doctor", "--json", "--config", str(config))
    report = json.loads(done.stdout)
    checks = {check["name"]: check for check in report["checks"]}
    assert set(checks) >= {
        "config",
        "data_dir",
        "qt_platform",
        "multimedia",
        "cameras",
        "zbar",
        "chinese_font",
        "clock",
    }
    # This machine was set up by scripts/setup: Qt, multimedia, zbar and fonts must be present.
    for name in ("config", "data_dir", "qt_platform", "multimedia", "zbar", "chinese_font"):
        assert checks[name]["status"] == "ok", checks[name]
    assert done.returncode == (0 if report["ok"] else 1)


def test_doctor_reports_a_missing_configuration(tmp_path: Path) -> None:
    done = run("kiosk", "doctor", "--config", str(tmp_path / "missing.toml"))
    assert done.returncode == 1
    assert "FAIL" in done.stdout and "config" in done.stdout


def test_demo_starts_and_stops_and_logs_to_its_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "demo-data"
    done = run("kiosk", "demo", "--data-dir", str(data), "--quit-after", "2")
    assert done.returncode == 0, done.stderr
    log = (data / "logs" / "kiosk.log.jsonl").read_text(encoding="utf-8")
    assert any(json.loads(line)["msg"] == "kiosk started" for line in log.splitlines())


def test_demo_without_a_folder_cleans_up_after_itself() -> None:
    done = run("kiosk", "demo", "--quit-after", "1")
    assert done.returncode == 0, done.stderr
    folder = done.stdout.split("demo data folder: ", 1)[1].split(" (removed on exit)")[0]
    assert not Path(folder).exists()


def test_run_with_a_bad_configuration_shows_maintenance_and_exits_78(tmp_path: Path) -> None:
    document = production_document()
    document["ui"] = {"idle_timeout_s": 1}
    bad = write_document(tmp_path / "bad.toml", document)
    done = run("kiosk", "run", "--config", str(bad), "--windowed", "--quit-after", "1")
    assert done.returncode == 78
    assert "ui.idle_timeout_s = 1: must be at least 30" in done.stderr


def test_run_reports_its_first_painted_frame(tmp_path: Path) -> None:
    config = write_demo_config(tmp_path / "demo")
    done = run("kiosk", "run", "--config", str(config), "--windowed", "--report-first-paint")
    assert done.returncode == 0, done.stderr
    event = json.loads(done.stdout.strip().splitlines()[-1])
    assert event["event"] == "first_paint"
    assert event["rss_bytes"] > 10 * 1024 * 1024


def test_tour_writes_every_screen(tmp_path: Path) -> None:
    done = run("kiosk", "tour", str(tmp_path / "out"), "--size", "1280x800")
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert "home-zh_CN.png" in names and "home-en.png" in names and "maintenance-en.png" in names
    assert len(names) == len(done.stdout.split())

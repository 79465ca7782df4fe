"""The installed commands, run as real processes (offscreen Qt, temporary folders)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from kiosk.demo import write_demo_config
from tests.support.bench_load import assert_machine_load_reported
from tests.support.configs import production_document, write_document

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
TIMEOUT_S = 120


def run(
    *args: str, env: dict[str, str] | None = None, timeout_s: float = TIMEOUT_S
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [str(BIN / args[0]), *args[1:]],
        capture_output=True,
        text=True,
        timeout=timeout_s,
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
    messages = [json.loads(line)["msg"] for line in log.splitlines()]
    assert "kiosk started" in messages


def test_the_demo_terminal_talks_to_its_reference_platform(tmp_path: Path) -> None:
    data = tmp_path / "demo-data"
    done = run("kiosk", "demo", "--data-dir", str(data), "--quit-after", "8")
    assert done.returncode == 0, done.stderr
    assert "reference platform: http://127.0.0.1:" in done.stdout
    # The platform process has stopped; its database shows the enrolment and a heartbeat.
    with closing(sqlite3.connect(data / "platform" / "refplatform.sqlite3")) as platform:
        beats = platform.execute("SELECT terminal_id, last_heartbeat_at FROM terminals").fetchall()
    assert len(beats) == 1 and beats[0][0] == "CQ-YB-0001" and beats[0][1] is not None
    # The terminal synced the platform's signed documents.
    with closing(sqlite3.connect(data / "kiosk.sqlite3")) as terminal:
        kinds = {row[0] for row in terminal.execute("SELECT kind FROM platform_documents")}
    assert kinds == {"catalog", "calendar", "trust_list", "platform_keys"}


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


def test_run_reports_its_first_painted_frame_then_its_services_ready(tmp_path: Path) -> None:
    config = write_demo_config(tmp_path / "demo")
    done = run("kiosk", "run", "--config", str(config), "--windowed", "--report-first-paint")
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert [event["event"] for event in events] == ["first_paint", "ready"]
    assert all(event["rss_bytes"] > 10 * 1024 * 1024 for event in events)
    # The home screen painted before the database and the platform link were even imported.
    assert events[0]["modules"]["sqlalchemy"] is False
    assert events[1]["modules"]["sqlalchemy"] is True


@pytest.mark.timeout(2000)  # the whole tour: every screen, size and mode, both profiles
def test_tour_writes_every_screen(tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    done = run(
        "kiosk",
        "tour",
        out,
        "--size",
        "1280x800,compact",
        "--modes",
        "normal,elder",
        timeout_s=1900,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    for name in ("home-zh_CN", "home-en", "maintenance-en"):
        for size in ("1280x800", "1366x768"):
            assert f"{name}-{size}-normal.png" in names
            assert f"{name}-{size}-elder.png" in names
    assert not any("high-contrast" in name or "1920x1080" in name for name in names)
    assert len(names) == len(done.stdout.split())
    refused = run("kiosk", "tour", str(tmp_path / "out"), "--modes", "sepia")
    assert refused.returncode != 0
    assert "--modes takes normal, elder, high-contrast or all" in refused.stderr


def test_scan_test_decodes_a_folder_of_images_as_json(tmp_path: Path) -> None:
    from PIL import Image  # noqa: PLC0415

    from kiosk.devices import frames  # noqa: PLC0415
    from refplatform.issuer.example import example_texts  # noqa: PLC0415

    eid = example_texts()[0]
    Image.fromarray(frames.phone_frame([eid])).save(tmp_path / "a-phone.jpg", quality=80)
    Image.fromarray(frames.blank_frame()).save(tmp_path / "b-empty.png")
    done = run("kiosk", "scan-test", "--images", str(tmp_path), "--json", "--show-payload")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [entry["file"] for entry in report["images"]] == ["a-phone.jpg", "b-empty.png"]
    assert report["images"][0]["texts"] == [eid]
    assert report["images"][1]["texts"] == []
    assert all(entry["ms"] > 0 for entry in report["images"])

    (tmp_path / "c-broken.png").write_bytes(b"not a picture")
    done = run("kiosk", "scan-test", "--images", str(tmp_path))
    assert done.returncode == 1
    assert "c-broken.png: unreadable" in done.stdout
    assert run("kiosk", "scan-test", "--images", str(tmp_path / "none")).returncode == 2


def test_scan_test_measures_the_configured_camera(tmp_path: Path) -> None:
    config = write_demo_config(tmp_path / "demo")  # the fake camera shows a code after a second
    done = run("kiosk", "scan-test", "--config", str(config), "--seconds", "3", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["camera"] == "active"
    assert report["frames_per_s"] > 5
    assert report["analysed_per_s"] > 0
    assert 0 < report["decode_rate"] < 1
    assert report["distinct_codes"] == 1
    assert "HTTPS://" not in done.stdout, "decoded texts are not printed"
    assert "qt.multimedia" not in done.stderr, "Qt's routine chatter stays out of the console"

    absent = run(
        "kiosk",
        "scan-test",
        "--config",
        str(config),
        "--seconds",
        "3",
        env={"KIOSK_DEVICES__CAMERA": "qt:no-such-camera"},
    )
    assert absent.returncode == 1
    assert "camera: no_device" in absent.stdout


def test_the_decoder_benchmark_runs_and_reports_against_the_union() -> None:
    """A smoke run (tiny sizes): the figures are for the closing notes, not for this test."""

    def bench(*args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            check=True,
        )
        result: dict[str, Any] = json.loads(done.stdout)
        return result

    report = bench("bench.qr_decode", "--per-category", "2", "--no-e2e")
    assert set(report["categories"]) >= {
        "clean",
        "moire",
        "far_away",
        "no_code",
        "phone_bright_scene",
        "phone_dark_scene",
        "held_phone_bright_scene",
    }
    contenders = {"ours", "zxing_cpp", "pyzbar", "union"}
    for row in report["categories"].values():
        assert set(row) >= {*contenders, "ours_at_least_union", "loaded"}
        assert set(row["loaded"]) >= contenders  # the same frames under an artificial CPU load
    assert report["targets"]["wrong_payloads"]["ours"] == 0
    assert_machine_load_reported(report["environment"])
    # bench.scan_e2e has its own smoke test (test_bench_scan_e2e.py).

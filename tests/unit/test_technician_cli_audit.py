"""``kiosk enrol`` and ``kiosk printer test`` are technician actions too: recorded in the audit
log as the screens record them (``terminal.enrolled``, ``printer.tested``), by ``cli``, read
back with ``kiosk audit list --json``; the one-time code is never written there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from kiosk.cli import main
from kiosk.demo import demo_document
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.settings import Settings
from tests.support.escpos_reader import read
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

TERMINAL_ID = "CQ-YB-0053"


@pytest.fixture
def platform(tmp_path: Path, demo_keys: DemoKeySet) -> Iterator[InProcessPlatform]:
    settings = Settings(data_dir=tmp_path / "platform", keys_dir=demo_keys.folder)
    with in_process_refplatform(settings) as running:
        yield running


def write_config(folder: Path, keys: DemoKeySet, url: str) -> Path:
    document: dict[str, Any] = demo_document(
        folder / "data", trust_anchor_pem=keys.anchor_public_pem
    )
    document["terminal"]["id"] = TERMINAL_ID
    document["platform"]["url"] = url
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def audit_entries(config: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert main(["audit", "list", "--json", "--config", str(config)]) == 0
    entries: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["entries"]
    return entries


def test_enrol_on_the_command_line_is_audited_without_the_code(
    tmp_path: Path,
    demo_keys: DemoKeySet,
    platform: InProcessPlatform,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = write_config(tmp_path / "kiosk", demo_keys, platform.base_url)
    assert main(["enrol", "ABCD-EFGH-JKMN", "--config", str(config)]) == 1
    assert "enrolment refused: enrolment_code_invalid" in capsys.readouterr().err
    code = platform.enrol_code(TERMINAL_ID)
    assert main(["enrol", code, "--config", str(config)]) == 0
    entries = [e for e in audit_entries(config, capsys) if e["action"] == "terminal.enrolled"]
    assert [(e["actor"], e["outcome"], e["detail"]) for e in reversed(entries)] == [
        ("cli", "refused", {"terminal": TERMINAL_ID, "error": "enrolment_code_invalid"}),
        ("cli", "ok", {"terminal": TERMINAL_ID}),
    ]
    written = json.dumps(entries)
    assert code not in written and "ABCD-EFGH-JKMN" not in written


def test_an_unreachable_platform_is_audited_as_unreached(
    tmp_path: Path, demo_keys: DemoKeySet, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "kiosk", demo_keys, "http://127.0.0.1:9")
    assert main(["enrol", "ABCD-EFGH-JKMN", "--config", str(config)]) == 1
    [entry] = [e for e in audit_entries(config, capsys) if e["action"] == "terminal.enrolled"]
    assert entry["outcome"] == "unreached" and entry["detail"]["error"] == "network"


def test_printer_test_on_the_command_line_is_audited(
    tmp_path: Path, demo_keys: DemoKeySet, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path / "kiosk", demo_keys, "http://127.0.0.1:9")
    out = tmp_path / "page.bin"
    assert main(["printer", "test", "--to", str(out), "--config", str(config)]) == 0
    assert read(out.read_bytes()).qr_payloads == [f"KSK1-TEST:{TERMINAL_ID}"]
    [entry] = [e for e in audit_entries(config, capsys) if e["action"] == "printer.tested"]
    assert entry["actor"] == "cli" and entry["outcome"] == "ok"
    assert entry["detail"]["state"] == "ready" and entry["detail"]["lines"] > 5

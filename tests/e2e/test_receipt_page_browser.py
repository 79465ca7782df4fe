"""A receipt's QR code opened in a real browser (issue 14, point 5): the URL printed on the
receipt loads the reference platform's status page in Chromium (Qt WebEngine, headless), which
shows the item, the state and the promised date in Chinese or English, fits a phone's width, and
shows the neutral page for a forged code. The browser is part of the set-up (PySide6-Addons):
when it cannot start the test fails, it is never skipped."""

from __future__ import annotations

import base64
import json
import secrets
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.receipt import status_content, status_url
from kiosk.sync.sealing import SealingPublicKey
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.settings import Settings
from tests.support.applications import (
    ENTERPRISE_ITEM_CODE,
    application_payload,
    sealed_application,
)
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

START = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # 4 December, 1 a.m. in Beijing
TERMINAL = "CQ-YB-0001"
LOCAL = f"{TERMINAL}-20261204-000001"
ITEM = ENTERPRISE_ITEM_CODE
REPO = Path(__file__).resolve().parents[2]
PHONE = (390, 844)  # CSS pixels of a common phone


@pytest.fixture(scope="module")
def accepted(
    tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet
) -> Iterator[tuple[InProcessPlatform, str]]:
    """A platform on loopback with one accepted application; the URL its receipt prints."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("platform"), keys_dir=demo_keys.folder, clock=lambda: START
    )
    with in_process_refplatform(settings) as platform:
        key = ed25519.Ed25519PrivateKey.generate()
        code = platform.enrol_code(TERMINAL, START)
        enrolled = platform.enrolment_request(TERMINAL, code, key, created=START).json()
        sealing = SealingPublicKey.from_document(enrolled["sealing_key"])
        idempotency_key = secrets.token_urlsafe(24)
        payload = application_payload(ITEM, consented_at=START)
        body = {
            "local_reference": LOCAL,
            "sequence": 1,
            "item_code": ITEM,
            "queued_at": "2026-12-04T01:00:00+08:00",
            "sealed": sealed_application(sealing, TERMINAL, LOCAL, idempotency_key, payload),
        }
        answer = platform.signed(
            "POST",
            "/api/v1/applications",
            TERMINAL,
            key,
            body=json.dumps(body).encode(),
            created=START,
            headers={"Idempotency-Key": idempotency_key},
        )
        assert answer.status_code == 201, answer.text
        number = answer.json()["acceptance_number"]
        status_key = base64.b64decode(enrolled["status_key"])
        yield platform, status_url(platform.url(""), status_content(number, status_key))


def _browse(url: str, png: Path, size: tuple[int, int], language: str) -> dict[str, Any]:
    dimensions = [str(size[0]), str(size[1])]
    run = subprocess.run(
        [sys.executable, "-m", "tests.support.browser_page", url, str(png), *dimensions, language],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, f"the browser did not load the page: {run.stderr[-2000:]}"
    report: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    assert png.stat().st_size > 0
    return report


def test_the_receipt_url_opens_the_status_page_in_both_languages(
    accepted: tuple[InProcessPlatform, str], tmp_path: Path
) -> None:
    _, url = accepted
    item = bundled_catalog().item(ITEM)
    assert item is not None
    chinese = _browse(url, tmp_path / "zh.png", PHONE, "zh-CN,zh;q=0.9")
    assert chinese["http_status"] == 200
    assert chinese["lang"] == "zh-CN" and chinese["scripts"] == 0
    for text in (item.name.zh, "已受理", "北京时间", "12345", "English"):
        assert text in chinese["text"], text
    assert chinese["width"] <= PHONE[0]  # no sideways scrolling on a phone
    english = _browse(url, tmp_path / "en.png", PHONE, "en-GB,en;q=0.9")
    assert english["lang"] == "en"
    for text in (item.name.en, "Accepted", "Beijing time", "中文"):
        assert text in english["text"], text
    switched = _browse(url + "?lang=en", tmp_path / "switch.png", (1024, 768), "zh-CN")
    assert switched["lang"] == "en"


def test_a_forged_code_shows_the_neutral_page(
    accepted: tuple[InProcessPlatform, str], tmp_path: Path
) -> None:
    platform, _ = accepted
    forged = status_url(platform.url(""), status_content(LOCAL, b"a guessed key"))
    shown = _browse(forged, tmp_path / "forged.png", PHONE, "zh-CN")
    assert shown["http_status"] == 404
    assert "无法查询此回执" in shown["text"]
    assert ITEM not in shown["text"] and LOCAL not in shown["text"]

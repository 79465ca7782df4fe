"""A guide slip's QR code opened in a real browser: ``<public base>/g/<code>`` loads the
platform's guide page in Chromium (Qt WebEngine, headless) with the item's name, materials and
their marks in Chinese or English (``?lang=en``), fits a phone's width without sideways
scrolling, runs no script (a catalogue text holding ``<script>`` shows as text), and an unknown
code shows the 404 page. The browser is part of the set-up (PySide6-Addons): when it cannot
start the test fails, it is never skipped."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.domain.catalog import parse_catalog
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.catalog_file import import_catalog
from refplatform.server.settings import Settings
from tests.support.catalog_documents import NEW_ITEM, NEW_NAME, changed_catalog, new_item
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
PHONE = (390, 844)  # CSS pixels of a common phone
HOSTILE_ITEM = "CY-TEST-667"
HOSTILE_NAME = "<script>document.title='pwned'</script>超长的事项名称" * 3


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet
) -> Iterator[InProcessPlatform]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("guide"), keys_dir=demo_keys.folder)
    document = changed_catalog()
    document["items"].append(new_item(HOSTILE_ITEM, HOSTILE_NAME, HOSTILE_NAME))
    import_catalog(settings, parse_catalog(document))
    with in_process_refplatform(settings) as running:
        yield running


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


def test_the_guide_url_opens_the_page_in_both_languages_on_a_phone(
    platform: InProcessPlatform, tmp_path: Path
) -> None:
    chinese = _browse(platform.url(f"/g/{NEW_ITEM}"), tmp_path / "zh.png", PHONE, "en-GB")
    assert (chinese["http_status"], chinese["lang"], chinese["scripts"]) == (200, "zh-CN", 0)
    for text in (NEW_NAME[0], "居民身份证", "可出示电子证照", "须到窗口出示原件", "7 个工作日"):
        assert text in chinese["text"], text
    assert chinese["width"] <= PHONE[0]  # no sideways scrolling on a phone
    english = _browse(platform.url(f"/g/{NEW_ITEM}?lang=en"), tmp_path / "en.png", PHONE, "zh-CN")
    assert (english["lang"], english["scripts"]) == ("en", 0)
    for text in (NEW_NAME[1], "Resident identity card", "Must be brought", "中文"):
        assert text in english["text"], text
    assert english["width"] <= PHONE[0]


def test_catalogue_text_is_shown_not_run_and_long_names_wrap(
    platform: InProcessPlatform, tmp_path: Path
) -> None:
    shown = _browse(platform.url(f"/g/{HOSTILE_ITEM}"), tmp_path / "h.png", PHONE, "zh-CN")
    assert shown["scripts"] == 0
    assert "<script>document.title='pwned'</script>" in shown["text"]
    assert shown["title"] == f"{HOSTILE_NAME} · 办事指南"  # a script run would have set it
    assert shown["width"] <= PHONE[0]


def test_an_unknown_code_shows_the_404_page(platform: InProcessPlatform, tmp_path: Path) -> None:
    shown = _browse(platform.url("/g/CY-NOPE-999"), tmp_path / "404.png", PHONE, "zh-CN")
    assert shown["http_status"] == 404
    assert "未找到该事项" in shown["text"] and "Item not found" in shown["text"]
    assert shown["width"] <= PHONE[0]

"""The fleet page in a real browser (issue 19, point 6): Debian's Chromium, headless, driven by
Selenium through Debian's chromedriver, against a real ``refplatform serve`` fed by the fleet
benchmark's terminals (``tests.support.fleet_shot``: real signed heartbeats from the kiosk's
delivery worker; one terminal with dead letters its outbox really holds, one with its printer
out of paper, one silent for two hours, one never heard from, one with a wrong clock and an old
trust list, one low on paper, two fine).

The browser is sent from the fleet page to the sign-in form, refused a wrong password, signs in
through the form (the session cookie is HttpOnly and SameSite=Strict), reads the table (the
terminals needing attention first, in order, each reason in words; the counts), switches to
Chinese with the page's link and reads it again, and signs out. Both pages are saved as PNG
(``fleet-en.png``, ``fleet-zh.png``) in ``KIOSK_FLEET_SHOT_DIR`` when set (for the tour), else
in the test's temporary folder. The browser is part of the set-up (``scripts/setup`` installs
``chromium`` and ``chromium-driver``): when it cannot start the test fails, it is never
skipped."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By

from kiosk.domain.timezone import CHINA_TIME
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.admin_login import COOKIE_NAME
from tests.support.fleet_shot import (
    ATTENTION_ORDER,
    DEAD_LETTERS,
    FINE,
    QUEUED_ON_0007,
    SILENT_FOR,
    Scene,
    chromium,
    fit_height,
    fleet_scene,
    follow,
    sign_in,
)

pytestmark = pytest.mark.e2e
# Read at import: the root conftest removes KIOSK_ variables from each test's environment.
SHOT_DIR = os.environ.get("KIOSK_FLEET_SHOT_DIR") or None
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

ENGLISH = {
    "CQ-FLEET-0005": ["No heartbeat since it was enrolled"],
    "CQ-FLEET-0004": [r"No heartbeat for 2 h( \d+ min)? \(more than 3 heartbeat intervals\)"],
    "CQ-FLEET-0002": [
        r"2 records could not be delivered \(dead letters\): check and send them again"
    ],
    "CQ-FLEET-0003": ["Printer: out of paper"],
    "CQ-FLEET-0006": [
        "Its clock is 7 min behind the platform's: set the time",
        r"Trust list issued 12 d 3 h ago: not updated for more than 7 days",
    ],
    "CQ-FLEET-0007": ["Paper is running low"],
}
CHINESE = {
    "CQ-FLEET-0005": ["登记后从未发来心跳"],
    "CQ-FLEET-0004": [r"已 2 小时( \d+ 分钟)?没有心跳（超过 3 个心跳周期）"],
    "CQ-FLEET-0002": ["2 条记录无法送达（死信），请检查并重新发送"],
    "CQ-FLEET-0003": ["打印机：缺纸"],
    "CQ-FLEET-0006": [
        "终端时钟慢 7 分钟，请校准时间",
        "信任列表已签发 12 天 3 小时，超过 7 天未更新",
    ],
    "CQ-FLEET-0007": ["打印纸即将用完"],
}


@pytest.fixture(scope="module")
def scene(tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet) -> Iterator[Scene]:
    with fleet_scene(tmp_path_factory.mktemp("fleet"), demo_keys.folder) as running:
        yield running


def _rows(driver: webdriver.Chrome) -> dict[str, dict[str, str | list[str]]]:
    """Each terminal's row (in page order): its reasons and a few cells' text."""
    headings = [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#fleet thead th")]
    rows: dict[str, dict[str, str | list[str]]] = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "#fleet tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        shown: dict[str, str | list[str]] = {
            heading: cell.text for heading, cell in zip(headings, cells, strict=True)
        }
        shown["reasons"] = [item.text for item in row.find_elements(By.CSS_SELECTOR, "ul li")]
        rows[cells[0].text.split("\n")[0]] = shown
    return rows


def _check_reasons(
    rows: dict[str, dict[str, str | list[str]]], expected: dict[str, list[str]]
) -> None:
    for terminal_id, patterns in expected.items():
        found = rows[terminal_id]["reasons"]
        assert isinstance(found, list)
        assert len(found) == len(patterns), (terminal_id, found)
        for text, pattern in zip(found, patterns, strict=True):
            assert re.fullmatch(pattern, text), (terminal_id, text)
    for terminal_id in FINE:
        assert rows[terminal_id]["reasons"] == []


def _count(driver: webdriver.Chrome, key: str) -> int:
    return int(driver.find_element(By.CSS_SELECTOR, f"#count-{key} b").text)


def _save(driver: webdriver.Chrome, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fit_height(driver)
    path = folder / name
    assert driver.save_screenshot(str(path))
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    assert path.stat().st_size > 20_000  # a page, not a blank window
    return path


def test_a_supervisor_signs_in_and_reads_the_fleet_in_both_languages(
    scene: Scene, tmp_path: Path
) -> None:
    base = scene.platform.base_url
    shots = Path(SHOT_DIR) if SHOT_DIR else tmp_path / "shots"
    with chromium("en-GB,en;q=0.9", tmp_path / "profile") as driver:
        driver.get(base + "/admin/fleet")
        assert driver.current_url == base + "/admin/login?lang=en"  # the browser's language
        assert driver.find_element(By.TAG_NAME, "h1").text == "Administrator sign-in"
        sign_in(driver, base, "not the password")
        assert "The password is not correct." in driver.find_element(By.TAG_NAME, "body").text
        assert driver.get_cookie(COOKIE_NAME) is None

        sign_in(driver, base)
        assert driver.current_url == base + "/admin/fleet?lang=en"
        cookie = driver.get_cookie(COOKIE_NAME)
        assert cookie is not None
        assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == (
            True,
            "Strict",
            "/admin",
        )
        lasts = datetime.fromtimestamp(cookie["expiry"], UTC) - datetime.now(UTC)
        assert timedelta(hours=7, minutes=55) < lasts <= timedelta(hours=8)
        assert driver.title == "Terminal fleet"
        assert driver.find_elements(By.TAG_NAME, "script") == []

        rows = _rows(driver)
        assert list(rows) == ATTENTION_ORDER + FINE
        _check_reasons(rows, ENGLISH)
        silent = rows["CQ-FLEET-0004"]
        assert silent["Link"] == "no contact"
        assert silent["Version"] == "0.9.2"
        when = str(silent["Last heartbeat (Beijing time)"]).split("\n")
        stamp = datetime.strptime(when[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA_TIME)
        assert abs(stamp - (datetime.now(UTC) - SILENT_FOR)) < timedelta(minutes=5)
        assert re.fullmatch(r"2 h( \d+ min)? ago", when[1])
        assert rows["CQ-FLEET-0002"]["Dead letters"] == str(DEAD_LETTERS)
        assert rows["CQ-FLEET-0002"]["Queued"] == "0"  # the others were delivered
        assert rows["CQ-FLEET-0007"]["Queued"] == str(QUEUED_ON_0007)
        assert rows["CQ-FLEET-0003"]["Printer"] == "out of paper"
        assert rows["CQ-FLEET-0006"]["Clock"] == "7 min behind"
        assert rows["CQ-FLEET-0005"]["Last heartbeat (Beijing time)"] == "never"
        for terminal_id in FINE:
            assert rows[terminal_id]["Link"] == "online"
            assert rows[terminal_id]["Needs attention"] == "fine"
        figures = {key: _count(driver, key) for key in ("terminals", "attention", "silent")}
        assert figures == {"terminals": 8, "attention": 6, "silent": 1}
        assert (_count(driver, "never"), _count(driver, "dead")) == (1, DEAD_LETTERS)
        assert _count(driver, "devices") == 1
        english_shot = _save(driver, shots, "fleet-en.png")

        follow(driver, "language")
        assert driver.current_url == base + "/admin/fleet?lang=zh"
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
        assert driver.title == "终端运行状况"
        chinese = _rows(driver)
        assert list(chinese) == ATTENTION_ORDER + FINE
        _check_reasons(chinese, CHINESE)
        assert chinese["CQ-FLEET-0004"]["连接"] == "失联"
        assert chinese["CQ-FLEET-0003"]["打印机"] == "缺纸"
        assert chinese["CQ-FLEET-0001"]["需要处理的问题"] == "正常"
        chinese_shot = _save(driver, shots, "fleet-zh.png")
        assert chinese_shot.read_bytes() != english_shot.read_bytes()

        follow(driver, "sign-out")
        assert driver.current_url == base + "/admin/login?lang=zh"
        assert driver.get_cookie(COOKIE_NAME) is None
        driver.get(base + "/admin/fleet")
        assert driver.current_url.startswith(base + "/admin/login")
    # Selenium used Debian's chromedriver as given: Selenium Manager fetched nothing.
    assert not (Path.home() / ".cache" / "selenium").exists()

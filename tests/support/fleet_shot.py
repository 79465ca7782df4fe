"""A fleet on a real reference platform, and its fleet page in a real browser: for the browser
test and the tour's pictures.

    python -m tests.support.fleet_shot OUTDIR

starts ``refplatform serve`` in a temporary folder, sets the admin password with
``refplatform admin set-password --password-stdin``, enrols the fleet benchmark's terminals
(``bench.outbox.build_fleet``: each with its own data folder, signing key, SQLite outbox),
has them report through the kiosk's own delivery worker (real signed heartbeats, queue depth and
dead letters counted from their outboxes) and writes the fleet page, signed in through the form,
as ``fleet-en.png`` and ``fleet-zh.png`` (and the sign-in page as ``admin-login-zh.png``) in
OUTDIR, printing each path.

The fleet (``SCENE``), in the order the page must show it:

- ``CQ-FLEET-0005`` enrolled, never heard from;
- ``CQ-FLEET-0004`` silent: its last heartbeat is two hours old. It was sent, signed by the
  terminal with its clock two hours back, to a second front end on the same database whose
  clock is two hours back (an in-process platform), so the platform stored it as it would have
  two hours ago: no sleeping, no writing into the database behind the platform's back;
- ``CQ-FLEET-0002`` two dead letters: applications for an item the platform does not have,
  refused for good (422) when its outbox was drained, next to three that were delivered;
- ``CQ-FLEET-0003`` printer out of paper;
- ``CQ-FLEET-0006`` clock 7 minutes behind and a trust list issued 12 days ago;
- ``CQ-FLEET-0007`` paper running low, two applications queued;
- ``CQ-FLEET-0001`` and ``CQ-FLEET-0008`` fine.

The browser is Debian's Chromium driven by Selenium through Debian's chromedriver
(``/usr/bin/chromedriver``, so Selenium Manager never downloads anything), headless, in its own
throwaway profile; ``--no-sandbox`` only when running as root (Chromium refuses its sandbox
there).

Thread contract: a script and test helpers, all on the calling thread.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from bench.outbox import ITEM_CODE, Terminal, application_payload, build_fleet, receipt_summary
from kiosk import version
from kiosk.runtime.clock import ManualClock, SystemClock
from kiosk.sync.client import PlatformClient
from kiosk.sync.delivery import DeliveryWorker
from kiosk.sync.outbox import Kind
from refplatform.server.settings import Settings
from tests.support.refplatform_process import BIN, RefPlatform, in_process_refplatform
from tests.support.refplatform_process import running_refplatform as running

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "fleet-view-demo-2026"
WINDOW = (1680, 1050)
LOGIN_WINDOW = (960, 560)
NAVIGATION_TIMEOUT_S = 30
SILENT_FOR = timedelta(hours=2)
UNKNOWN_ITEM = "CY-XX-999"  # no such item in the platform's catalogue: refused for good


@dataclass(frozen=True)
class Report:
    """What one terminal's heartbeats say besides the queue its outbox counts."""

    devices: dict[str, str]
    trust_list_age: timedelta = timedelta(days=1)
    clock_skew_s: float = 0.3
    disk_free_mb: int = 18_432
    software_version: str = version()


SCENE: dict[str, Report | None] = {
    "CQ-FLEET-0001": Report({"printer": "ready", "camera": "off"}),
    "CQ-FLEET-0002": Report({"printer": "ready", "camera": "off"}),
    "CQ-FLEET-0003": Report({"printer": "paper_out", "camera": "off"}),
    "CQ-FLEET-0004": Report({"printer": "ready", "camera": "off"}, software_version="0.9.2"),
    "CQ-FLEET-0005": None,  # never reports
    "CQ-FLEET-0006": Report(
        {"printer": "ready", "camera": "active"},
        trust_list_age=timedelta(days=12, hours=3),
        clock_skew_s=7 * 60 + 12.0,
    ),
    "CQ-FLEET-0007": Report({"printer": "paper_low", "camera": "off"}, disk_free_mb=6_020),
    "CQ-FLEET-0008": Report({"printer": "ready", "camera": "off"}),
}
ATTENTION_ORDER = [
    "CQ-FLEET-0005",
    "CQ-FLEET-0004",
    "CQ-FLEET-0002",
    "CQ-FLEET-0003",
    "CQ-FLEET-0006",
    "CQ-FLEET-0007",
]
FINE = ["CQ-FLEET-0001", "CQ-FLEET-0008"]
DEAD_LETTERS = 2
DELIVERED = 3
QUEUED_ON_0007 = 2


@dataclass
class Scene:
    platform: RefPlatform
    terminals: dict[str, Terminal]


def _payload(terminal: Terminal, report: Report, now: datetime) -> dict[str, Any]:
    head = hashlib.sha256(terminal.terminal_id.encode()).hexdigest()
    return {
        "software_version": report.software_version,
        "devices": report.devices,
        "data_versions": {"trust_list": "1764892800", "catalog": "3", "calendar": "2026.2"},
        "audit_count": 3 + int(head[:2], 16) % 40,
        "audit_head": head,
        "trust_list_issued_at": (now - report.trust_list_age).isoformat(),
        "clock_skew_s": report.clock_skew_s,
        "disk_free_mb": report.disk_free_mb,
    }


def _heartbeat(terminal: Terminal, base_url: str, clock: Any, report: Report, beats: int) -> None:
    """``beats`` heartbeats from ``terminal``'s own delivery worker (the first after a start
    reports "starting", nothing having been tried before it; the next one, online)."""
    client = PlatformClient(
        base_url, terminal.terminal_id, terminal.signing_key, clock=clock, allow_plain_http=True
    )
    try:
        worker = DeliveryWorker(
            terminal.outbox,
            client,
            lock=terminal.lock,
            clock=clock,
            heartbeat_payload=lambda: _payload(terminal, report, clock.now()),
        )
        for _ in range(beats):
            if not worker.heartbeat():
                raise RuntimeError(f"{terminal.terminal_id}: the platform refused its heartbeat")
    finally:
        client.close()


def _drain(terminal: Terminal, base_url: str) -> None:
    clock = SystemClock()
    client = PlatformClient(
        base_url, terminal.terminal_id, terminal.signing_key, clock=clock, allow_plain_http=True
    )
    try:
        worker = DeliveryWorker(terminal.outbox, client, lock=terminal.lock, clock=clock)
        with terminal.lock:
            worker.drain()
    finally:
        client.close()


def _queue(terminal: Terminal, count: int, item_code: str) -> None:
    payload = application_payload()
    for _ in range(count):
        terminal.outbox.enqueue(
            Kind.APPLICATION, payload=payload, summary=receipt_summary(), item_code=item_code
        )


def set_password(platform: RefPlatform, password: str = PASSWORD) -> None:
    """``refplatform admin set-password --password-stdin`` on the platform's data."""
    database = ["--database", platform.database_url] if platform.database_url else []
    command = [str(BIN / "refplatform"), "admin", "set-password", "--password-stdin"]
    done = subprocess.run(
        [*command, "--data-dir", str(platform.data_dir), *database],
        input=password + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"set-password failed: {done.stderr}")


@contextlib.contextmanager
def fleet_scene(folder: Path, keys_dir: Path) -> Iterator[Scene]:
    """A running platform with the admin password set and ``SCENE``'s terminals reporting."""
    with running(folder / "platform", keys_dir) as platform:
        set_password(platform)
        fleet = build_fleet(
            folder / "terminals", platform, size=len(SCENE), backlog=0, stop=threading.Event()
        )
        terminals = {terminal.terminal_id: terminal for terminal in fleet.terminals}
        try:
            dead = terminals["CQ-FLEET-0002"]
            _queue(dead, DELIVERED, ITEM_CODE)
            _queue(dead, DEAD_LETTERS, UNKNOWN_ITEM)
            _drain(dead, platform.base_url)
            _queue(terminals["CQ-FLEET-0007"], QUEUED_ON_0007, ITEM_CODE)
            _report_two_hours_ago(
                folder, platform, terminals["CQ-FLEET-0004"], SCENE["CQ-FLEET-0004"]
            )
            for terminal_id, report in SCENE.items():
                if report is not None and terminal_id != "CQ-FLEET-0004":
                    _heartbeat(terminals[terminal_id], platform.base_url, SystemClock(), report, 2)
            yield Scene(platform, terminals)
        finally:
            for terminal in fleet.terminals:
                terminal.database.close()


def _report_two_hours_ago(
    folder: Path, platform: RefPlatform, terminal: Terminal, report: Report | None
) -> None:
    """The silent terminal's heartbeats, as the platform received them two hours ago."""
    assert report is not None
    then = datetime.now(UTC) - SILENT_FOR
    settings = Settings(
        data_dir=folder / "two-hours-ago",
        database_url=platform.settings().resolved_database_url,
        keys_dir=platform.keys_dir,
        clock=lambda: then,
    )
    with in_process_refplatform(settings) as past:
        _heartbeat(terminal, past.base_url, ManualClock(then), report, 2)


@contextlib.contextmanager
def chromium(accept_language: str, profile: Path) -> Iterator[webdriver.Chrome]:
    """Headless Chromium (Debian's) through Debian's chromedriver, sending
    ``Accept-Language: accept_language``, in the throwaway profile folder ``profile``."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        f"--user-data-dir={profile}",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    options.add_experimental_option("prefs", {"intl.accept_languages": accept_language})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(60)
        yield driver
    finally:
        driver.quit()


def follow(driver: webdriver.Chrome, element_id: str) -> None:
    """Click the link or button ``element_id`` and wait (up to a deadline) until the page it
    leads to has loaded: a click returns before a form's answer arrives."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.ID, element_id).click()
    wait = WebDriverWait(driver, NAVIGATION_TIMEOUT_S)
    wait.until(expected_conditions.staleness_of(page))
    wait.until(lambda browser: browser.execute_script("return document.readyState") == "complete")


def sign_in(driver: webdriver.Chrome, base_url: str, password: str = PASSWORD) -> None:
    """Open the fleet page, be sent to the form, and sign in through it."""
    driver.get(base_url + "/admin/fleet")
    driver.find_element(By.ID, "password").send_keys(password)
    follow(driver, "sign-in")


def fit_height(driver: webdriver.Chrome) -> None:
    """Make the window (``WINDOW`` wide) as tall as the page, so one screenshot holds it all."""
    driver.set_window_size(*WINDOW)
    height = driver.find_element(By.TAG_NAME, "main").size["height"] + 40
    driver.set_window_size(WINDOW[0], max(WINDOW[1] // 2, height + 120))


def shoot(out: Path, keys_dir: Path | None = None) -> list[Path]:
    """The tour's pictures of the fleet page (English, Chinese) and the sign-in page."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="fleet-shot-") as work:
        folder = Path(work)
        keys = keys_dir or folder / "demo-keys"
        with (
            fleet_scene(folder, keys) as scene,
            chromium("zh-CN,zh", folder / "chromium") as driver,
        ):
            base = scene.platform.base_url
            driver.set_window_size(*LOGIN_WINDOW)
            driver.get(base + "/admin/fleet")
            written.append(out / "admin-login-zh.png")
            driver.save_screenshot(str(written[-1]))
            sign_in(driver, base)
            for language in ("en", "zh"):
                driver.get(f"{base}/admin/fleet?lang={language}")
                fit_height(driver)
                written.append(out / f"fleet-{language}.png")
                driver.save_screenshot(str(written[-1]))
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m tests.support.fleet_shot OUTDIR\n")
        return 2
    for path in shoot(Path(argv[0])):
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Technician mode's status screen on the real window offscreen, against a running reference
platform: an application for an item the platform does not publish is refused for good (a dead
letter, ``unknown_item``); the screen puts it first among what needs attention, lists it with
"Retry", exports it to a USB drive (sealed, 0600); the platform then publishes the item, the
technician retries it from the screen and it is delivered. Everything is in the audit log; the
citizen's name and number appear nowhere on the screen or in the file."""

from __future__ import annotations

import stat
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.domain.catalog import parse_catalog
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import TECHNICIAN, JourneyName
from kiosk.runtime.clock import SystemClock
from kiosk.sync.outbox import Kind, Status
from kiosk.technician.pin import ScryptCost, hash_pin
from kiosk.terminal import Terminal
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.tech_home import TechHomeScreen
from kiosk.ui.screens.tech_pin import TechPinScreen
from kiosk.ui.screens.tech_status import TechStatusScreen
from refplatform.issuer.keys import create_demo_keys
from refplatform.server.catalog_file import import_catalog
from refplatform.server.settings import Settings
from tests.gui.conftest import KioskFactory
from tests.support.applications import ID_NUMBER, ITEM_CODE, application_payload
from tests.support.catalog_documents import bundled_document
from tests.support.personal_leftovers import widget_hits
from tests.support.refplatform_process import RefPlatform, start_refplatform

PIN = "730519"
CHEAP = ScryptCost(log2n=10, r=8, p=1)
APPLICANT = "张晓明"  # in ``application_payload``
WAIT_MS = 60_000


@dataclass
class Platform:
    """The reference platform, restartable on its port with its data."""

    running: RefPlatform
    data_dir: Path
    keys_dir: Path

    def publish(self, *, with_item: bool) -> None:
        """Stop, import the bundled catalogue (without ``ITEM_CODE`` unless ``with_item``),
        start again on the same port."""
        port = self.running.port
        assert self.running.stop() == 0
        _import(self.data_dir, self.keys_dir, with_item=with_item)
        self.running = start_refplatform(
            self.data_dir, self.keys_dir, extra_args=("--port", str(port))
        )


def _import(data_dir: Path, keys_dir: Path, *, with_item: bool) -> None:
    document = bundled_document()
    if not with_item:
        document["items"] = [item for item in document["items"] if item["code"] != ITEM_CODE]
    import_catalog(Settings(data_dir=data_dir, keys_dir=keys_dir), parse_catalog(document))


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[Platform]:
    """A running platform whose catalogue lacks ``ITEM_CODE``."""
    keys = tmp_path / "keys"
    create_demo_keys(keys, datetime.now(UTC))
    data = tmp_path / "platform"
    data.mkdir()
    _import(data, keys, with_item=False)
    held = Platform(start_refplatform(data, keys), data, keys)
    try:
        yield held
    finally:
        assert held.running.stop() == 0, held.running.stderr_text()[-2000:]


@pytest.fixture
def kiosk(make_kiosk: KioskFactory, tmp_path: Path, platform: Platform) -> Kiosk:
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    path = write_demo_config(
        tmp_path / "terminal", trust_anchor_pem=anchor, platform_url=platform.running.base_url
    )
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    technician = document.setdefault("technician", {})
    technician["pin_hash"] = hash_pin(PIN, cost=CHEAP)
    technician["usb_roots"] = [str(tmp_path / "media")]  # where the test's drive is
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_config(path, {})
    Terminal(loaded, SystemClock()).enrol(platform.running.enrol_code("CQ-YB-0001"))
    built = make_kiosk(loaded, platform_sync=True, clock=SystemClock())
    built.shell.set_language("en")
    return built


def _enter_technician_mode(qtbot: QtBot, kiosk: Kiosk) -> None:
    kiosk.shell.request_technician()
    pin_screen = kiosk.window.current_screen
    assert isinstance(pin_screen, TechPinScreen)
    qtbot.keyClicks(pin_screen.field, PIN)
    pin_screen.unlock_button.click()
    qtbot.waitUntil(lambda: kiosk.shell.mode is TECHNICIAN, timeout=WAIT_MS)


@pytest.mark.timeout(300)
def test_a_dead_letter_is_exported_and_retried_from_the_screen_and_delivered(
    qtbot: QtBot, kiosk: Kiosk, platform: Platform, tmp_path: Path
) -> None:
    sync = kiosk.sync
    assert sync is not None and sync.worker is not None
    outbox = sync.outbox
    queued = outbox.enqueue(
        Kind.APPLICATION,
        payload=application_payload(),
        summary={"applicant": APPLICANT},
        item_code=ITEM_CODE,
    )
    reference = queued.local_reference
    sync.worker.notify()

    def status() -> Status | None:
        entry = outbox.entry(reference)
        return entry.status if entry is not None else None

    qtbot.waitUntil(lambda: status() is Status.DEAD, timeout=WAIT_MS)
    entry = outbox.entry(reference)
    assert entry is not None and entry.last_error == "unknown_item"

    # A USB drive where a desktop session mounts it (the test cannot mount: the folder
    # stands for the mount point).
    drive = tmp_path / "media" / "technician" / "STICK"
    drive.mkdir(parents=True)
    services = kiosk.shell.technician
    assert services is not None and services.status_desk is not None
    assert services.status_desk.usb_roots == (tmp_path / "media",)  # technician.usb_roots
    services.status_desk = replace(services.status_desk, is_drive=lambda p: p == drive)

    _enter_technician_mode(qtbot, kiosk)
    home = kiosk.window.current_screen
    assert isinstance(home, TechHomeScreen)
    home.tile_button(JourneyName.TECH_STATUS).click()
    assert kiosk.shell.screen is Screen.TECH_STATUS
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechStatusScreen)
    qtbot.waitUntil(lambda: len(screen.letter_rows) == 1, timeout=WAIT_MS)
    assert screen.title.text() == "Terminal status"
    (row,) = screen.letter_rows
    assert row.reference_label.text() == reference
    assert "application" in row.detail.text() and "error unknown_item" in row.detail.text()
    assert row.retry_button.text() == "Retry"
    qtbot.waitUntil(row.retry_button.isVisible)  # a row added to a shown card: shown next
    first = screen.concern_cards[0]
    assert first.objectName() == "concern-dead_letters"
    assert screen.groups["queue"].values["dead"].text() == "1"
    qtbot.waitUntil(
        lambda: screen.groups["platform"].values["link"].text() == "connected", timeout=WAIT_MS
    )
    assert screen.groups["documents"].values["trust"].text().startswith("sequence ")
    assert screen.groups["disk"].values["folder"].text() == str(tmp_path / "terminal")
    # No scan since the start: nothing is known of the camera, and the screen says why.
    assert screen.groups["devices"].values["camera"].text() == "not used since the start"

    # Export to the USB drive: the sealed dead letter, nothing personal in clear.
    assert screen.export_button.isEnabled()
    screen.export_button.click()
    qtbot.waitUntil(
        lambda: screen.outcome.text().startswith("1 dead letter(s) saved on the USB drive: "),
        timeout=WAIT_MS,
    )
    (exported,) = list(drive.iterdir())
    assert screen.outcome.text().endswith(str(exported))
    assert stat.S_IMODE(exported.stat().st_mode) == 0o600
    content = exported.read_text(encoding="ascii")
    assert reference in content and "unknown_item" in content
    assert APPLICANT not in content and ID_NUMBER not in content

    # The platform publishes the item; the technician retries; it is delivered.
    platform.publish(with_item=True)
    row.retry_button.click()
    qtbot.waitUntil(lambda: status() is Status.SENT, timeout=WAIT_MS)
    sent = outbox.entry(reference)
    assert sent is not None and sent.answer is not None and sent.answer["acceptance_number"]
    qtbot.waitUntil(lambda: screen.letter_rows == [], timeout=WAIT_MS)
    assert screen.outcome.text() == (
        f"{reference} is back in the queue and is sent as soon as the platform answers."
    )
    qtbot.waitUntil(lambda: screen.groups["queue"].values["dead"].text() == "0", timeout=WAIT_MS)
    assert all(card.objectName() != "concern-dead_letters" for card in screen.concern_cards)
    assert widget_hits([APPLICANT, ID_NUMBER]) == []

    actions = [entry.action for entry in services.audit.entries()]
    assert "outbox.exported" in actions and "outbox.retried" in actions
    retried = next(e for e in services.audit.entries() if e.action == "outbox.retried")
    assert (retried.outcome, dict(retried.detail)) == ("ok", {"reference": reference})
    assert services.audit.verify().ok

    screen.back_button.click()
    assert kiosk.shell.screen is Screen.TECH_HOME

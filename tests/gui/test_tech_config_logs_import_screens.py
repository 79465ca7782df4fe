"""Technician mode's settings, log viewer and USB import screens on the real window offscreen,
reached through the PIN and the technician home's tiles, with the kiosk's own task runner:

- settings: an invalid idle timeout refused on the field with the reason (the file unchanged),
  a valid one and a log level chosen from buttons kept, reviewed, saved (the file changed,
  audited by name) and "Restart now" asked of the application;
- log: the level buttons filter, a test identity written into the log file shows masked, the
  audit chain is verified from the screen;
- import: a tampered trust list on the USB drive refused for its signature, nothing installed; a
  catalogue the demo anchor signed installed."""

from __future__ import annotations

import json
import time
import tomllib
from pathlib import Path

import pytest
import tomli_w
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.domain.identity import mask_identifier
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import TECHNICIAN, JourneyName
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.logs import log_file_path
from kiosk.sync.documents import DocumentKind, sign_document
from kiosk.technician.pin import ScryptCost, hash_pin
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.tech_config import TechConfigScreen
from kiosk.ui.screens.tech_home import TechHomeScreen
from kiosk.ui.screens.tech_import import TechImportScreen
from kiosk.ui.screens.tech_logs import TechLogsScreen
from kiosk.ui.screens.tech_pin import TechPinScreen
from refplatform.issuer.keys import DemoKeySet
from tests.gui.conftest import KioskFactory
from tests.support.catalog_documents import changed_catalog
from tests.support.identities import resident_id
from tests.support.personal_leftovers import widget_hits

PIN = "730519"
CHEAP = ScryptCost(log2n=10, r=8, p=1)
WAIT_MS = 30_000
IDENTITY = resident_id("510104", "19900307", "451")


class RecordedSystem:
    def __init__(self) -> None:
        self.restarts = 0

    def restart(self) -> None:
        self.restarts += 1

    def leave_to_desktop(self) -> None:
        raise AssertionError("not asked here")


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = write_demo_config(tmp_path / "terminal")
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    technician = document.setdefault("technician", {})
    technician["pin_hash"] = hash_pin(PIN, cost=CHEAP)
    technician["usb_roots"] = [str(tmp_path / "media")]
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


@pytest.fixture
def kiosk(make_kiosk: KioskFactory, config: Path) -> Kiosk:
    built = make_kiosk(load_config(config, {}), clock=SystemClock())
    built.shell.set_language("en")
    return built


def _open(qtbot: QtBot, kiosk: Kiosk, journey: JourneyName) -> RecordedSystem:
    kiosk.shell.request_technician()
    pin_screen = kiosk.window.current_screen
    assert isinstance(pin_screen, TechPinScreen)
    qtbot.keyClicks(pin_screen.field, PIN)
    pin_screen.unlock_button.click()
    qtbot.waitUntil(lambda: kiosk.shell.mode is TECHNICIAN, timeout=WAIT_MS)
    services = kiosk.shell.technician
    assert services is not None
    system = RecordedSystem()
    services.system = system
    home = kiosk.window.current_screen
    assert isinstance(home, TechHomeScreen)
    home.tile_button(journey).click()
    return system


def _type(qtbot: QtBot, screen: TechConfigScreen, text: str) -> None:
    screen.entry.selectAll()
    qtbot.keyClicks(screen.entry, text)


def test_settings_refuse_an_invalid_value_on_the_field_then_save_a_valid_one(
    qtbot: QtBot, kiosk: Kiosk, config: Path
) -> None:
    system = _open(qtbot, kiosk, JourneyName.TECH_CONFIG)
    assert kiosk.shell.screen is Screen.TECH_CONFIG
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechConfigScreen)
    qtbot.waitUntil(lambda: "ui.idle_timeout_s" in screen.field_rows, timeout=WAIT_MS)
    assert screen.title.text() == "Settings"
    assert screen.field_rows["ui.idle_timeout_s"].value.text() == "90"
    assert not screen.review_button.isEnabled()
    before = config.read_bytes()

    screen.field_rows["ui.idle_timeout_s"].change_button.click()
    assert screen.title.text() == "Idle timeout (seconds)"
    assert "From 30 to 900" in screen.edit_allowed.text()
    assert screen.entry.text() == "90"
    _type(qtbot, screen, "5")
    screen.keep_button.click()
    qtbot.waitUntil(screen.edit_problem.isVisible, timeout=WAIT_MS)
    assert screen.edit_problem_text.text() == "Idle timeout (seconds): must be at least 30"
    assert config.read_bytes() == before
    screen.plus_button.click()  # from 5: the lowest value allowed
    assert screen.entry.text() == "30" and not screen.edit_problem.isVisible()
    _type(qtbot, screen, "120")
    screen.keep_button.click()
    qtbot.waitUntil(screen.list_page.isVisible, timeout=WAIT_MS)
    assert screen.field_rows["ui.idle_timeout_s"].value.text() == "90 → 120"
    assert screen.field_rows["ui.idle_timeout_s"].note.text() == "Changed, not saved yet"

    screen.section_buttons["logging"].click()
    qtbot.waitUntil(lambda: "logging.level" in screen.field_rows, timeout=WAIT_MS)
    screen.field_rows["logging.level"].change_button.click()
    labels = [button.text() for _, button in screen.choice_buttons]
    assert labels == ["Debug", "Information", "Warning", "Error"]
    chosen = [button for value, button in screen.choice_buttons if button.isChecked()]
    assert [button.text() for button in chosen] == ["Information"]
    next(button for value, button in screen.choice_buttons if value == "WARNING").click()
    screen.keep_button.click()
    qtbot.waitUntil(screen.list_page.isVisible, timeout=WAIT_MS)
    assert screen.review_button.text() == "Review the changes (2)"
    assert config.read_bytes() == before  # nothing written before "Save"

    screen.review_button.click()
    assert set(screen.review_rows) == {"ui.idle_timeout_s", "logging.level"}
    assert screen.review_rows["logging.level"].change.text() == "Information → Warning"
    screen.save_button.click()
    qtbot.waitUntil(screen.saved_page.isVisible, timeout=WAIT_MS)
    assert screen.title.text() == "Settings saved"
    saved = load_config(config, {}).config
    assert saved.ui.idle_timeout_s == 120 and saved.logging.level == "WARNING"
    services = kiosk.shell.technician
    assert services is not None
    changed = [
        dict(entry.detail) for entry in services.audit.entries() if entry.action == "config.changed"
    ]
    assert changed == [
        {"field": "logging.level", "via": "screen"},
        {"field": "ui.idle_timeout_s", "via": "screen"},
    ]
    screen.restart_button.click()
    qtbot.waitUntil(lambda: system.restarts == 1)  # once the audit entry is written
    assert services.audit.entries(1)[0].action == "app.restarted"


def test_the_log_viewer_filters_by_level_masks_identities_and_verifies_the_chain(
    qtbot: QtBot, kiosk: Kiosk, config: Path
) -> None:
    data_dir = load_config(config, {}).data_dir
    path = log_file_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for level, message in (
            ("ERROR", f"guest {IDENTITY} not reported"),
            ("INFO", "services ready"),
        ):
            record = {"ts": "2026-12-05T02:00:00+00:00", "level": level, "msg": message}
            out.write(json.dumps({**record, "logger": "kiosk.test", "thread": "T"}) + "\n")
    _open(qtbot, kiosk, JourneyName.TECH_LOGS)
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechLogsScreen)

    def messages() -> list[str]:
        return [row.text.text() for row in screen.rows]

    qtbot.waitUntil(lambda: "services ready" in messages(), timeout=WAIT_MS)
    assert f"guest {mask_identifier(IDENTITY)} not reported" in messages()
    assert widget_hits([IDENTITY]) == []
    screen.level_buttons["ERROR"].click()
    qtbot.waitUntil(lambda: "services ready" not in messages(), timeout=WAIT_MS)
    assert messages() == [f"guest {mask_identifier(IDENTITY)} not reported"]
    assert screen.level_buttons["ERROR"].isChecked()
    assert not screen.level_buttons["INFO"].isChecked()

    screen.audit_button.click()
    qtbot.waitUntil(lambda: any("technician.entered" in m for m in _names(screen)))
    screen.verify_button.click()
    qtbot.waitUntil(screen.check_card.isVisible, timeout=WAIT_MS)
    assert screen.check_text.text().startswith("The audit log is intact: ")
    qtbot.waitUntil(lambda: any("audit.verified" in m for m in _names(screen)), timeout=WAIT_MS)
    screen.back_button.click()
    assert kiosk.shell.screen is Screen.TECH_HOME


def _names(screen: TechLogsScreen) -> list[str]:
    return [row.name.text() for row in screen.rows]


def test_a_tampered_file_is_refused_and_a_signed_catalogue_installed(
    qtbot: QtBot, kiosk: Kiosk, tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    drive = tmp_path / "media" / "technician" / "STICK"
    drive.mkdir(parents=True)
    now = int(time.time())
    catalogue = sign_document(
        DocumentKind.CATALOG, "usb-9", changed_catalog(), demo_keys.anchor, now
    )
    (drive / "catalog.cose").write_bytes(catalogue)
    (drive / "tampered.cose").write_bytes(catalogue[:-1] + bytes([catalogue[-1] ^ 0x01]))
    _open(qtbot, kiosk, JourneyName.TECH_IMPORT)
    screen = kiosk.window.current_screen
    assert isinstance(screen, TechImportScreen)
    qtbot.waitUntil(lambda: len(screen.rows) == 2, timeout=WAIT_MS)
    assert not screen.import_button.isEnabled()
    screen.rows[str(drive / "tampered.cose")].button.click()
    assert screen.import_button.isEnabled()
    screen.import_button.click()
    qtbot.waitUntil(lambda: screen.result_title.text() == "Not installed", timeout=WAIT_MS)
    assert screen.result_text.text().startswith("The file's signature does not match its content")
    services = kiosk.shell.technician
    assert services is not None and services.imports is not None
    refused = services.audit.entries(1)[0]
    assert (refused.action, refused.outcome, refused.detail["problem"]) == (
        "catalog.imported",
        "refused",
        "bad_signature",
    )

    screen.again_button.click()
    qtbot.waitUntil(lambda: len(screen.rows) == 2, timeout=WAIT_MS)
    screen.rows[str(drive / "catalog.cose")].button.click()
    screen.import_button.click()
    qtbot.waitUntil(
        lambda: screen.result_title.text() == "Catalogue usb-9 installed", timeout=WAIT_MS
    )
    installed = services.audit.entries(1)[0]
    assert (installed.action, installed.outcome) == ("catalog.imported", "ok")

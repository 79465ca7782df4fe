"""Technician mode's settings, log viewer and USB import journeys without Qt, on the services
a real terminal builds (``Terminal.technician_services`` on a demo configuration): an invalid
value refused on the field with the file unchanged, a valid one kept, reviewed, saved, audited and
applied by a restart; the log filtered by level and the audit chain verified (and a tampered one
caught); a good catalogue from the USB folder installed and a tampered trust list refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.journeys.journey import IdleRule
from kiosk.journeys.tech_config import ConfigStep, TechConfigJourney
from kiosk.journeys.tech_import import RESCAN_S, ImportStep, TechImportJourney
from kiosk.journeys.tech_logs import LogsView, TechLogsJourney
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.logs import log_file_path
from kiosk.runtime.messages import Msg
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.store.database import DATABASE_FILE_NAME
from kiosk.sync.documents import DocumentKind, sign_document
from kiosk.technician.imports import ImportKind, ImportOutcome, ImportProblem
from kiosk.technician.services import TechnicianServices
from kiosk.technician.settings import ConfigSettings
from kiosk.terminal import Terminal
from refplatform.issuer.keys import DemoKeySet
from tests.support.catalog_documents import changed_catalog
from tests.support.credential_fixtures import NOW


class RecordedSystem:
    """The application's system actions, recorded."""

    def __init__(self) -> None:
        self.restarts = 0

    def restart(self) -> None:
        self.restarts += 1

    def leave_to_desktop(self) -> None:
        raise AssertionError("not asked here")


@dataclass
class Kiosk:
    config: Path
    data_dir: Path
    terminal: Terminal
    services: TechnicianServices
    system: RecordedSystem
    clock: ManualClock


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    data_dir = tmp_path / "data"
    config = write_demo_config(data_dir)
    clock = ManualClock(NOW)
    terminal = Terminal(load_config(config, {}), clock)
    terminal.open_credentials()
    services = terminal.technician_services(SyncTaskRunner())
    assert services is not None
    system = RecordedSystem()
    services.system = system
    services.usb_roots = (tmp_path / "media",)
    yield Kiosk(config, data_dir, terminal, services, system, clock)
    terminal.close()


def _journey(kiosk: Kiosk, kind: type) -> object:
    return kind(kiosk.services, clock=kiosk.clock, language=lambda: "en")


# ---------------------------------------------------------------------------- settings


def test_the_settings_are_read_grouped_and_every_step_idles_as_technician_mode(
    kiosk: Kiosk,
) -> None:
    journey = _journey(kiosk, TechConfigJourney)
    assert isinstance(journey, TechConfigJourney)
    assert journey.available and journey.snapshot is not None
    assert journey.sections[:3] == ("ui", "screen", "devices")
    assert journey.state.section == "ui"
    assert [field.key for field in journey.fields_of("scan")] == [
        "scan.required_reads",
        "scan.timeout_s",
    ]
    assert journey.current("ui.idle_timeout_s") == 90
    assert {spec.idle for spec in journey.definition.steps.values()} == {IdleRule.TECHNICIAN}
    journey.choose_section("logging")
    assert journey.state.section == "logging"
    journey.choose_section("terminal")  # not a section offered
    assert journey.state.section == "logging"


def test_an_invalid_value_is_refused_on_the_field_and_a_valid_one_saved_and_applied(
    kiosk: Kiosk,
) -> None:
    before = kiosk.config.read_bytes()
    journey = _journey(kiosk, TechConfigJourney)
    assert isinstance(journey, TechConfigJourney)
    assert journey.edit("ui.idle_timeout_s")
    assert journey.step is ConfigStep.EDIT and journey.state.typed == "90"
    journey.type_text("5")
    assert journey.keep()
    assert journey.step is ConfigStep.EDIT
    (problem,) = journey.state.problems
    assert problem.key == "ui.idle_timeout_s"
    assert problem.message.key is Msg.CONFIG_AT_LEAST and problem.message.params == {
        "minimum": "30"
    }
    assert journey.state.changes == {}
    journey.step_value(+1)  # 5 + 20, the minus and plus stay within 30..900
    assert journey.state.draft == 30 and journey.state.problems == ()
    journey.type_text("120")
    assert journey.keep()
    assert journey.step is ConfigStep.LIST and journey.state.changes == {"ui.idle_timeout_s": 120}
    assert journey.value("ui.idle_timeout_s") == 120 and journey.current("ui.idle_timeout_s") == 90
    assert kiosk.config.read_bytes() == before  # nothing is written before "save"

    # A countdown longer than the new timeout is refused, naming the countdown.
    assert journey.edit("ui.idle_countdown_s")
    journey.type_text("130")
    journey.keep()
    assert [p.key for p in journey.state.problems] == ["ui.idle_countdown_s"]
    assert journey.state.problems[0].message.key is Msg.CONFIG_AT_MOST
    journey.type_text("120")
    journey.keep()
    (problem,) = journey.state.problems
    assert problem.message.key is Msg.CONFIG_COUNTDOWN_TOO_LONG
    assert problem.message.params == {"timeout": "120"}  # the timeout kept, not the file's
    assert journey.back() and journey.step is ConfigStep.LIST
    assert journey.state.editing is None and journey.state.problems == ()

    assert journey.edit("ui.voice_default")
    journey.choose(True)
    journey.keep()
    assert journey.review() and journey.step is ConfigStep.REVIEW
    assert journey.save()
    assert journey.step is ConfigStep.SAVED
    assert journey.state.saved == (
        ("ui.idle_timeout_s", 90, 120),
        ("ui.voice_default", False, True),
    )
    config = load_config(kiosk.config, {}).config
    assert config.ui.idle_timeout_s == 120 and config.ui.voice_default is True
    assert journey.current("ui.idle_timeout_s") == 120  # read again after saving
    journey.restart()
    assert kiosk.system.restarts == 1
    entries = [(e.action, e.outcome, dict(e.detail)) for e in kiosk.services.audit.entries()]
    assert entries == [
        ("app.restarted", "ok", {"from": "settings"}),
        ("config.changed", "ok", {"field": "ui.voice_default", "via": "screen"}),
        ("config.changed", "ok", {"field": "ui.idle_timeout_s", "via": "screen"}),
    ]


def test_choices_lists_and_unset_fields_are_edited_as_the_file_holds_them(kiosk: Kiosk) -> None:
    journey = _journey(kiosk, TechConfigJourney)
    assert isinstance(journey, TechConfigJourney)
    assert journey.edit("ui.languages")
    journey.toggle("zh_CN")  # taken out: only English
    assert journey.state.draft == ["en"]
    journey.toggle("zh_CN")  # back, after English: the language button's order
    assert journey.state.draft == ["en", "zh_CN"]
    journey.keep()
    assert journey.state.changes == {"ui.languages": ["en", "zh_CN"]}
    assert journey.edit("ui.default_language")
    journey.choose("en")
    journey.keep()
    assert journey.edit("screen.dpi")
    journey.step_value(+1)  # unset: from the minimum
    assert journey.state.draft == 50
    journey.unset()
    assert journey.state.draft is None and journey.state.typed == ""
    journey.keep()  # unset as it was: no change
    assert "screen.dpi" not in journey.state.changes
    assert journey.edit("ui.languages")
    journey.choose(["zh_CN", "en"])  # back to the file's: the change goes
    journey.keep()
    assert journey.state.changes == {"ui.default_language": "en"}
    journey.undo("ui.default_language")
    assert journey.state.changes == {} and not journey.review()


def test_a_field_an_environment_variable_sets_is_locked(kiosk: Kiosk) -> None:
    audit = kiosk.services.audit
    settings = ConfigSettings(kiosk.config, environ={"KIOSK_SCAN__TIMEOUT_S": "60"}, audit=audit)
    services = replace(kiosk.services, settings=settings)
    journey = TechConfigJourney(services, clock=kiosk.clock, language=lambda: "en")
    assert journey.locked_by("scan.timeout_s") == "KIOSK_SCAN__TIMEOUT_S"
    assert not journey.edit("scan.timeout_s")
    assert journey.step is ConfigStep.LIST


def test_leaving_the_settings_forgets_the_changes_not_saved(kiosk: Kiosk) -> None:
    before = kiosk.config.read_bytes()
    journey = _journey(kiosk, TechConfigJourney)
    assert isinstance(journey, TechConfigJourney)
    journey.edit("scan.timeout_s")
    journey.type_text("60")
    journey.keep()
    assert journey.state.changes
    journey.end()
    assert journey.state.changes == {} and journey.state.snapshot is None
    assert kiosk.config.read_bytes() == before
    assert kiosk.services.audit.entries() == []


# ---------------------------------------------------------------------------- the log


def _log_lines(data_dir: Path, levels: list[str]) -> None:
    path = log_file_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        for number, level in enumerate(levels):
            moment = (NOW + timedelta(seconds=number)).isoformat()
            out.write(
                f'{{"ts": "{moment}", "level": "{level}", "logger": "kiosk.t", '
                f'"msg": "line {number}", "thread": "MainThread"}}\n'
            )


def test_the_log_is_shown_newest_first_from_the_chosen_level(kiosk: Kiosk) -> None:
    _log_lines(kiosk.data_dir, ["DEBUG", "INFO", "WARNING", "ERROR", "INFO"])
    journey = _journey(kiosk, TechLogsJourney)
    assert isinstance(journey, TechLogsJourney)
    page = journey.state.page
    assert page is not None and journey.state.level == "INFO"
    assert [entry.message for entry in page.entries] == ["line 4", "line 3", "line 2", "line 1"]
    journey.choose_level("WARNING")
    page = journey.state.page
    assert page is not None
    assert [entry.level for entry in page.entries] == ["ERROR", "WARNING"]
    journey.choose_level("DEBUG")
    assert journey.state.page is not None and len(journey.state.page.entries) == 5
    journey.choose_level("LOUD")  # not a level: nothing changes
    assert journey.state.level == "DEBUG"


def test_the_audit_log_is_listed_and_its_chain_verified(kiosk: Kiosk) -> None:
    audit = kiosk.services.audit
    kiosk.services.mode_changed(entered=True, reason="pin")
    journey = _journey(kiosk, TechLogsJourney)
    assert isinstance(journey, TechLogsJourney)
    journey.show(LogsView.AUDIT)
    assert [entry.action for entry in journey.state.entries or ()] == ["technician.entered"]
    assert journey.verify()
    check = journey.state.check
    assert check is not None and check.ok and check.count == 1
    # The check is recorded, and the list shows it.
    assert [entry.action for entry in journey.state.entries or ()] == [
        "audit.verified",
        "technician.entered",
    ]
    assert dict(audit.entries(1)[0].detail) == {"count": 1}
    # Someone edits the first entry in the database file: the next check names it.
    with sqlite3.connect(kiosk.data_dir / DATABASE_FILE_NAME) as connection:
        connection.execute("UPDATE audit_log SET outcome = 'refused' WHERE seq = 1")
    journey.verify()
    check = journey.state.check
    assert check is not None and not check.ok and check.first_bad == 1
    newest = audit.entries(1)[0]
    assert (newest.action, newest.outcome, dict(newest.detail)) == (
        "audit.verified",
        "failed",
        {"count": 2, "first_bad": 1},
    )


# ---------------------------------------------------------------------------- the USB import


def test_a_good_catalogue_is_imported_and_a_tampered_trust_list_refused(
    kiosk: Kiosk, demo_keys: DemoKeySet
) -> None:
    drive = kiosk.services.usb_roots[0] / "technician" / "USB-DISK"
    drive.mkdir(parents=True)
    catalogue = sign_document(
        DocumentKind.CATALOG, "usb-7", changed_catalog(), demo_keys.anchor, int(NOW.timestamp())
    )
    (drive / "catalog.cose").write_bytes(catalogue)
    journey = _journey(kiosk, TechImportJourney)
    assert isinstance(journey, TechImportJourney)
    assert [item.shown for item in journey.files] == ["technician/USB-DISK/catalog.cose"]
    assert not journey.import_chosen()  # nothing chosen yet
    assert journey.choose(journey.files[0].path)
    assert journey.import_chosen()
    assert journey.step is ImportStep.RESULT
    result = journey.state.result
    assert result is not None
    assert (result.kind, result.outcome, result.version) == (
        ImportKind.CATALOG,
        ImportOutcome.INSTALLED,
        "usb-7",
    )
    imports = kiosk.services.imports
    assert imports is not None
    journey.again()
    assert journey.step is ImportStep.FILES and journey.state.chosen is None

    # A trust list whose signature was altered appears on the drive a moment later.
    good = demo_keys.trust_list(sequence=5, issued_at=NOW)
    (drive / "trust-list.cose").write_bytes(good[:-1] + bytes([good[-1] ^ 0x01]))
    assert len(journey.files) == 1
    kiosk.clock.advance(RESCAN_S)
    journey.tick()
    assert sorted(item.path.name for item in journey.files) == ["catalog.cose", "trust-list.cose"]
    assert journey.choose(drive / "trust-list.cose")
    journey.import_chosen()
    result = journey.state.result
    assert result is not None
    assert result.outcome is ImportOutcome.REFUSED
    assert result.problem is ImportProblem.BAD_SIGNATURE
    credentials = kiosk.terminal.credentials
    assert credentials is not None and credentials.trust_store.current() is None
    actions = [(e.action, e.outcome) for e in kiosk.services.audit.entries()]
    assert actions == [("trust_list.imported", "refused"), ("catalog.imported", "ok")]


def test_no_drive_lists_nothing_and_a_large_file_cannot_be_chosen(kiosk: Kiosk) -> None:
    journey = _journey(kiosk, TechImportJourney)
    assert isinstance(journey, TechImportJourney)
    assert journey.files == () and journey.state.listing is not None
    assert journey.state.listing.roots == ()  # the folder does not exist
    media = kiosk.services.usb_roots[0]
    media.mkdir()
    with (media / "huge.cose").open("wb") as out:
        out.truncate(64 * 1024 * 1024)
    journey.look()
    (item,) = journey.files
    assert item.too_large and not journey.choose(item.path)

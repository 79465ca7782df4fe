"""Technician mode's settings, log viewer and USB import in the tour (``TourStep``s of the
citizen terminal, driven through the journeys' intents as the technician's taps go):

- the settings' list, an idle timeout refused on its field, and two changes to review;
- the log and the audit log after "verify the audit chain";
- a USB drive (a folder in the demo's data folder standing for the mount point) holding the
  terminal's own trust list and a copy with one bit of its signature changed: the files, the
  copy refused for its signature, and the genuine one found installed already.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from kiosk.journeys.modes import JourneyName
from kiosk.journeys.tech_config import TechConfigJourney
from kiosk.journeys.tech_import import TechImportJourney
from kiosk.journeys.tech_logs import LogsView, TechLogsJourney
from kiosk.ui.tools.tour import TourContext, TourStep

USB_FOLDER = "tour-usb"  # in the demo's data folder: the drive's mount point
DRIVE = "KINGSTON"
GOOD = "trust-list.cose"
TAMPERED = "trust-list-copy.cose"


def _open(tour: TourContext, journey: JourneyName) -> Any:
    from kiosk.ui.tools.tour_technician import technician_mode  # noqa: PLC0415 - imports this

    technician_mode(tour)
    shell = tour.kiosk.shell
    shell.start(journey)
    QApplication.processEvents()
    return shell.journey


def _settings(tour: TourContext) -> TechConfigJourney:
    journey = _open(tour, JourneyName.TECH_CONFIG)
    assert isinstance(journey, TechConfigJourney)
    return journey


def _refused(tour: TourContext) -> None:
    journey = _settings(tour)
    journey.edit("ui.idle_timeout_s")
    journey.type_text("5")
    journey.keep()


def _review(tour: TourContext) -> None:
    journey = _settings(tour)
    journey.edit("ui.idle_timeout_s")
    journey.type_text("120")
    journey.keep()
    journey.edit("logging.level")
    journey.choose("WARNING")
    journey.keep()
    journey.review()


def _audit(tour: TourContext) -> None:
    journey = _open(tour, JourneyName.TECH_LOGS)
    assert isinstance(journey, TechLogsJourney)
    journey.show(LogsView.AUDIT)
    journey.verify()


def _drive(tour: TourContext) -> TechImportJourney:
    """The drive with the terminal's trust list and a tampered copy, and the import open."""
    credentials = tour.kiosk.credentials
    assert credentials is not None
    assert tour.loaded is not None
    installed = credentials.trust_store.current()
    assert installed is not None, "the demo installs a trust list"
    root = tour.loaded.data_dir / USB_FOLDER
    drive = root / DRIVE
    drive.mkdir(parents=True, exist_ok=True)
    content = installed.content
    (drive / GOOD).write_bytes(content)
    (drive / TAMPERED).write_bytes(content[:-1] + bytes([content[-1] ^ 0x01]))
    services = tour.kiosk.shell.technician
    assert services is not None
    services.usb_roots = (root,)
    journey = _open(tour, JourneyName.TECH_IMPORT)
    assert isinstance(journey, TechImportJourney)
    return journey


def _files(tour: TourContext) -> None:
    _drive(tour)


def _import(tour: TourContext, name: str) -> None:
    journey = _drive(tour)
    drive = Path(journey.roots[0]) / DRIVE
    journey.choose(drive / name)
    journey.import_chosen()


MAINTENANCE_STEPS: list[TourStep] = [
    TourStep("tech-config", lambda tour: _open(tour, JourneyName.TECH_CONFIG)),
    TourStep("tech-config-refused", _refused),
    TourStep("tech-config-review", _review),
    TourStep("tech-logs", lambda tour: _open(tour, JourneyName.TECH_LOGS)),
    TourStep("tech-audit", _audit),
    TourStep("tech-import", _files),
    TourStep("tech-import-refused", lambda tour: _import(tour, TAMPERED)),
    TourStep("tech-import-installed", lambda tour: _import(tour, GOOD)),
]

"""Technician mode: import a trust list or a catalogue from a USB drive.

    FILES --import the chosen file--> RESULT --another file--> FILES

FILES lists the signed files found on the drives (``kiosk.technician.usb.find_files`` under
``TechnicianServices.usb_roots``: name, size and date, newest first; no file dialog), looked
for again every ``RESCAN_S`` while shown, so a drive put in shows up by itself. The technician
chooses one and imports it: RESULT says "checking" while ``DocumentImports.import_file`` reads
it, tells a trust list from a catalogue, checks its signature against the trust anchor and the
rest as the platform's copies are checked, and installs it, on a worker; then what it was and
whether it was installed, or why not and what to do (a bad signature: nothing installed).
Every import is audited by the service (``trust_list.imported``, ``catalog.imported``).

Nothing here is personal: file names, sizes, versions.

Thread contract: GUI thread only (listing and importing run on the task runner's workers).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.text import Language
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.journeys.tech_tasks import TechnicianTasks
from kiosk.runtime.clock import Clock
from kiosk.technician.imports import ImportResult
from kiosk.technician.services import TechnicianServices
from kiosk.technician.usb import UsbFile, UsbListing, find_files

if TYPE_CHECKING:
    pass

_log = logging.getLogger(__name__)

RESCAN_S = 3.0
"""How often the drives are looked at again while the list is shown."""


class ImportStep(enum.Enum):
    FILES = "files"
    RESULT = "result"


class ImportMove(enum.Enum):
    IMPORT = "import"
    AGAIN = "again"


TECH_IMPORT = JourneyDefinition[ImportStep, ImportMove](
    "tech_import",
    first=ImportStep.FILES,
    steps={
        ImportStep.FILES: StepSpec(Screen.TECH_IMPORT, IdleRule.TECHNICIAN),
        ImportStep.RESULT: StepSpec(Screen.TECH_IMPORT, IdleRule.TECHNICIAN, back=False),
    },
    transitions=[
        (ImportStep.FILES, ImportMove.IMPORT, ImportStep.RESULT),
        (ImportStep.RESULT, ImportMove.AGAIN, ImportStep.FILES),
    ],
)


@dataclass
class TechImportState(JourneyState):
    """The files found (None: not looked yet), the one chosen, and the import's result (None
    while it runs)."""

    listing: UsbListing | None = None
    scanning: bool = False
    scan_failed: bool = False
    chosen: Path | None = None
    importing: bool = False
    result: ImportResult | None = None
    failed: bool = False  # the import itself failed (a bug: logged); nothing is known


class TechImportJourney(TechnicianTasks, Journey[ImportStep, ImportMove, TechImportState]):
    """The USB import's journey. See the module docstring."""

    def __init__(
        self,
        services: TechnicianServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
    ) -> None:
        super().__init__(TECH_IMPORT, TechImportState())
        del language  # names and versions: the screen translates the words
        self._services = services
        self._clock = clock
        self._scanned_at: float | None = None
        self._start_tasks(services.tasks)
        self.look()

    @property
    def available(self) -> bool:
        """Whether files can be imported here (the terminal's services are open)."""
        return self._services.imports is not None

    @property
    def roots(self) -> tuple[Path, ...]:
        return self._services.usb_roots

    @property
    def files(self) -> tuple[UsbFile, ...]:
        listing = self.state.listing
        return listing.files if listing is not None else ()

    @property
    def chosen(self) -> UsbFile | None:
        return next((item for item in self.files if item.path == self.state.chosen), None)

    # ------------------------------------------------------------------ the files
    def look(self) -> None:
        """Look for files on the drives (again)."""
        if self.ended or self.state.scanning or self.step is not ImportStep.FILES:
            return
        roots = self._services.usb_roots
        self.state.scanning = True
        self._scanned_at = self._clock.monotonic()
        self._submit("look for USB files", lambda: find_files(roots), self._found, self._not_found)
        self._update()

    def tick(self) -> None:
        """Called by the host a few times a second: look again every ``RESCAN_S``."""
        if self.ended or self._scanned_at is None or self.step is not ImportStep.FILES:
            return
        if self._clock.monotonic() - self._scanned_at >= RESCAN_S:
            self.look()

    def choose(self, path: Path) -> bool:
        """Choose a listed file (not one too large to be a document)."""
        item = next((item for item in self.files if item.path == path), None)
        if self.ended or item is None or item.too_large or self.step is not ImportStep.FILES:
            return False
        self.state.chosen = path
        self._update()
        return True

    # ------------------------------------------------------------------ the import
    def import_chosen(self) -> bool:
        """Check and install the chosen file (on a worker); False when none is chosen."""
        imports = self._services.imports
        chosen = self.chosen
        if imports is None or chosen is None or not self.can_fire(ImportMove.IMPORT):
            return False
        self.state.importing = True
        self.state.result = None
        self.state.failed = False
        asked = self._ask()
        path = chosen.path
        self.fire(ImportMove.IMPORT)
        self._submit(
            "import a file",
            lambda: imports.import_file(path, via="screen"),
            lambda result: self._imported(asked, result),
            lambda error: self._import_failed(asked, error),
        )
        self._update()
        return True

    def again(self) -> None:
        """Back to the files, to import another."""
        if not self.can_fire(ImportMove.AGAIN) or self.state.importing:
            return
        self.state.result = None
        self.state.failed = False
        self.state.chosen = None
        self.fire(ImportMove.AGAIN, remember=False)
        self.look()

    def on_end(self) -> None:
        self._stop_tasks()

    # ------------------------------------------------------------------ answers (GUI thread)
    def _found(self, listing: UsbListing) -> None:
        if self.ended:
            return
        self.state.scanning = False
        self.state.scan_failed = False
        self.state.listing = listing
        if self.state.chosen is not None and self.chosen is None:
            self.state.chosen = None  # the drive was taken out
        self._update()

    def _not_found(self, error: BaseException) -> None:
        _log.error("USB files not listed: %s", type(error).__name__)
        if self.ended:
            return
        self.state.scanning = False
        self.state.scan_failed = True
        self._update()

    def _imported(self, asked: int, result: ImportResult) -> None:
        if asked != self._asked or self.ended:
            return
        self.state.importing = False
        self.state.result = result
        self._update()

    def _import_failed(self, asked: int, error: BaseException) -> None:
        _log.error("a file was not imported", exc_info=(type(error), error, error.__traceback__))
        if asked != self._asked or self.ended:
            return
        self.state.importing = False
        self.state.failed = True
        self._update()

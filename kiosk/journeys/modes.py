"""Terminal modes: what a terminal is for, as objects instead of profile strings.

A mode declares its home screen (title, subtitle, tiles, what to say when the printer is in
trouble), the journeys it offers, the purpose of its scans and what it prints. The host
(``kiosk.journeys.shell``) builds a mode's journeys with ``build_journey``; widgets draw what
the mode declares. The configuration's ``terminal.profile`` is turned into a mode in one place,
``mode_named``; nothing else looks at the profile.

Today: the citizen terminal (find an item in the catalogue, check a code, check an application's
progress, help), the hotel desk (check guests in with their e-IDs and report each stay; the
desk's register) and technician mode, which either terminal enters after the technician's PIN
(``JourneyName.UNLOCK``) and leaves by itself when left idle (the host's ``enter_technician``).

Thread contract: immutable values; ``build_journey`` on the GUI thread.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.credentials.purpose import Purpose
from kiosk.domain.text import Bilingual, Language
from kiosk.journeys.check import CheckJourney
from kiosk.journeys.help import HelpJourney
from kiosk.journeys.scan_step import ScanRequest
from kiosk.runtime.clock import Clock
from kiosk.runtime.messages import Msg

if TYPE_CHECKING:
    from kiosk.catalog.library import CatalogLibrary
    from kiosk.journeys.apply import ApplicationServices, ApplyEntry
    from kiosk.journeys.desk import DeskServices
    from kiosk.journeys.find import FindEntry
    from kiosk.journeys.journey import Journey
    from kiosk.journeys.receipt import ReceiptDesk
    from kiosk.journeys.status import StatusDesk
    from kiosk.technician.services import TechnicianServices


class JourneyName(enum.Enum):
    """Every journey a mode can offer."""

    CHECK = "check"
    HELP = "help"
    FIND = "find"  # browse and search the catalogue, an item's details and guide
    APPLY = "apply"  # apply for an item (or a bundle) here: identity, materials, form, receipt
    STATUS = "status"  # where an application stands: by acceptance number or receipt code
    DESK = "desk"  # the hotel desk: scan guests, the room card, save and report
    REGISTER = "register"  # the hotel desk's register (the desk journey, from its register)
    UNLOCK = "unlock"  # the technician's PIN (from the hidden gesture), before technician mode
    TECH_STATUS = "tech_status"  # technician mode: the terminal's status, dead letters
    TECH_DEVICES = "tech_devices"  # camera preview and decode rate, test print, paper
    TECH_ENROL = "tech_enrol"  # enrol the terminal with a one-time code
    TECH_CONFIG = "tech_config"  # the settings a technician may change
    TECH_LOGS = "tech_logs"  # the redacted log, the audit log
    TECH_IMPORT = "tech_import"  # a trust list or catalogue from a USB file
    TECH_SYSTEM = "tech_system"  # restart the application, leave to the desktop


class Prints(enum.Enum):
    """What a terminal prints at the end of a journey."""

    RECEIPTS = "receipts"  # acceptance receipts (and nothing for a mere check)
    CHECKIN_SLIPS = "checkin_slips"  # a hotel guest's check-in slip after a verified e-ID


@dataclass(frozen=True)
class Tile:
    """A button on the home screen that starts a journey."""

    journey: JourneyName
    icon: str  # the name of an icon in assets/icons
    title: Msg
    hint: Msg
    prominent: bool = False  # drawn larger: the main thing this terminal is for
    needs_services: bool = True  # False: usable while the terminal is still starting


@dataclass(frozen=True)
class TerminalMode:
    """What one kind of terminal offers."""

    name: str
    title: Msg
    subtitle: Msg
    tiles: tuple[Tile, ...]
    scan_purpose: Purpose
    prints: Prints
    printer_trouble: Msg  # told on the home screen when nothing can be printed now
    finds_items: bool = False  # home leads to the catalogue (search, categories, top items)
    staffed: bool = False  # a clerk works it (a hotel desk): no call for staff, no citizen
    # content; the clerk's language and screen outlast an idle moment
    technician: bool = False  # technician mode: its own home; idle leaves the mode

    @property
    def journeys(self) -> frozenset[JourneyName]:
        tiles = frozenset(tile.journey for tile in self.tiles)
        return tiles | {JourneyName.FIND, JourneyName.APPLY} if self.finds_items else tiles

    def tile(self, journey: JourneyName) -> Tile | None:
        return next((tile for tile in self.tiles if tile.journey is journey), None)

    def offers(self, journey: JourneyName) -> bool:
        return journey in self.journeys


HELP_TILE = Tile(
    JourneyName.HELP,
    "help",
    Msg.TILE_HELP_TITLE,
    Msg.TILE_HELP_HINT,
    needs_services=False,
)

CITIZEN = TerminalMode(
    name="citizen",
    title=Msg.HOME_CITIZEN_TITLE,
    subtitle=Msg.HOME_CITIZEN_SUBTITLE,
    tiles=(
        Tile(
            JourneyName.CHECK,
            "scan",
            Msg.TILE_CHECK_TITLE,
            Msg.TILE_CHECK_HINT,
            prominent=True,
        ),
        Tile(JourneyName.STATUS, "stamp", Msg.TILE_STATUS_TITLE, Msg.TILE_STATUS_HINT),
        HELP_TILE,
    ),
    scan_purpose=Purpose.SERVICE_APPLICATION,
    prints=Prints.RECEIPTS,
    printer_trouble=Msg.PRINTER_TROUBLE_RECEIPTS,
    finds_items=True,
)

HOTEL = TerminalMode(
    name="hotel",
    title=Msg.HOME_HOTEL_TITLE,
    subtitle=Msg.HOME_HOTEL_SUBTITLE,
    tiles=(
        Tile(
            JourneyName.DESK,
            "scan",
            Msg.TILE_GUEST_TITLE,
            Msg.TILE_GUEST_HINT,
            prominent=True,
        ),
        Tile(JourneyName.REGISTER, "book", Msg.TILE_REGISTER_TITLE, Msg.TILE_REGISTER_HINT),
    ),
    scan_purpose=Purpose.HOTEL_CHECK_IN,
    prints=Prints.CHECKIN_SLIPS,
    printer_trouble=Msg.PRINTER_TROUBLE_SLIPS,
    staffed=True,
)

TECHNICIAN = TerminalMode(
    name="technician",
    title=Msg.HOME_TECHNICIAN_TITLE,
    subtitle=Msg.HOME_TECHNICIAN_SUBTITLE,
    tiles=(
        Tile(
            JourneyName.TECH_STATUS, "wrench", Msg.TILE_TECH_STATUS_TITLE, Msg.TILE_TECH_STATUS_HINT
        ),
        Tile(
            JourneyName.TECH_DEVICES,
            "scan",
            Msg.TILE_TECH_DEVICES_TITLE,
            Msg.TILE_TECH_DEVICES_HINT,
        ),
        Tile(JourneyName.TECH_ENROL, "stamp", Msg.TILE_TECH_ENROL_TITLE, Msg.TILE_TECH_ENROL_HINT),
        Tile(
            JourneyName.TECH_CONFIG, "book", Msg.TILE_TECH_CONFIG_TITLE, Msg.TILE_TECH_CONFIG_HINT
        ),
        Tile(JourneyName.TECH_LOGS, "book", Msg.TILE_TECH_LOGS_TITLE, Msg.TILE_TECH_LOGS_HINT),
        Tile(
            JourneyName.TECH_IMPORT, "book", Msg.TILE_TECH_IMPORT_TITLE, Msg.TILE_TECH_IMPORT_HINT
        ),
        Tile(
            JourneyName.TECH_SYSTEM, "wrench", Msg.TILE_TECH_SYSTEM_TITLE, Msg.TILE_TECH_SYSTEM_HINT
        ),
    ),
    scan_purpose=Purpose.SERVICE_APPLICATION,  # the camera test reads codes, verifies none
    prints=Prints.RECEIPTS,  # a test page
    printer_trouble=Msg.PRINTER_TROUBLE_RECEIPTS,
    staffed=True,
    technician=True,
)

# The modes a configuration's profile names; technician mode is entered, never configured.
MODES = {mode.name: mode for mode in (CITIZEN, HOTEL)}

# Technician mode's journeys (and the PIN before it): module and class, imported when first used.
# Each is built as ``Journey(services, clock=..., language=...)``.
TECHNICIAN_JOURNEYS: dict[JourneyName, tuple[str, str]] = {
    JourneyName.UNLOCK: ("kiosk.journeys.unlock", "UnlockJourney"),
    JourneyName.TECH_STATUS: ("kiosk.journeys.tech_status", "TechStatusJourney"),
    JourneyName.TECH_DEVICES: ("kiosk.journeys.tech_devices", "TechDevicesJourney"),
    JourneyName.TECH_ENROL: ("kiosk.journeys.tech_enrol", "TechEnrolJourney"),
    JourneyName.TECH_CONFIG: ("kiosk.journeys.tech_config", "TechConfigJourney"),
    JourneyName.TECH_LOGS: ("kiosk.journeys.tech_logs", "TechLogsJourney"),
    JourneyName.TECH_IMPORT: ("kiosk.journeys.tech_import", "TechImportJourney"),
    JourneyName.TECH_SYSTEM: ("kiosk.journeys.tech_system", "TechSystemJourney"),
}


def mode_named(profile: str) -> TerminalMode:
    """The mode for the configuration's ``terminal.profile`` (which the schema validates)."""
    try:
        return MODES[profile]
    except KeyError:
        raise ValueError(f"no terminal mode is called {profile!r}") from None


@dataclass(frozen=True)
class TerminalFacts:
    """What journeys and screens show or print about the terminal itself."""

    terminal_id: str
    centre: Bilingual  # the service centre (or hotel) the terminal stands in
    public_base: str | None = None  # the platform's public address (QR codes for phones)


@dataclass(frozen=True)
class JourneyContext:
    """What a journey may use: the clock, the terminal's facts, the receipt desk (None: no
    printer set up), the session's current language, the catalogue (None: not open) and the
    status look-up (None: this terminal cannot ask the platform)."""

    clock: Clock
    terminal: TerminalFacts
    receipts: ReceiptDesk | None
    language: Callable[[], Language]
    catalog: CatalogLibrary | None = None
    applications: ApplicationServices | None = None  # None: applications cannot be taken
    status: StatusDesk | None = None
    desk: DeskServices | None = None  # None: no hotel register open
    technician: TechnicianServices | None = None  # None: technician mode cannot be entered


def build_journey(
    name: JourneyName,
    mode: TerminalMode,
    context: JourneyContext,
    entry: FindEntry | ApplyEntry | None = None,
) -> Journey[Any, Any, Any]:
    """A fresh journey ``name`` as ``mode`` runs it; ``entry``: where the catalogue journey
    starts."""
    if name is JourneyName.HELP:
        return HelpJourney()
    if name in TECHNICIAN_JOURNEYS:
        return _technician_journey(name, context)
    if name in (JourneyName.DESK, JourneyName.REGISTER):
        from kiosk.journeys.desk import DeskJourney, DeskStep  # noqa: PLC0415

        if context.desk is None:
            raise ValueError("the hotel register is not open")
        return DeskJourney(
            context.desk,
            clock=context.clock,
            language=context.language,
            receipts=context.receipts,
            start=DeskStep.REGISTER if name is JourneyName.REGISTER else DeskStep.DESK,
        )
    if name is JourneyName.APPLY:
        from kiosk.journeys.apply import ApplyEntry, ApplyJourney  # noqa: PLC0415

        services = context.applications
        if context.catalog is None or services is None or not isinstance(entry, ApplyEntry):
            raise ValueError("applications cannot be taken at this terminal now")
        return ApplyJourney(
            context.catalog,
            entry,
            services=services,
            clock=context.clock,
            language=context.language,
            terminal_id=context.terminal.terminal_id,
            centre=context.terminal.centre,
            receipts=context.receipts,
        )
    if name is JourneyName.FIND:
        if context.catalog is None:
            raise ValueError("the catalogue is not open")
        from kiosk.journeys.find import FindEntry, FindJourney  # noqa: PLC0415

        if entry is not None and not isinstance(entry, FindEntry):
            raise ValueError("the catalogue journey starts from a place on home")
        return FindJourney(
            context.catalog,
            clock=context.clock,
            language=context.language,
            terminal_id=context.terminal.terminal_id,
            guide_base=context.terminal.public_base,
            receipts=context.receipts,
            entry=entry,
        )
    if name is JourneyName.STATUS:
        from kiosk.journeys.status import StatusJourney  # noqa: PLC0415 - after the first paint

        return StatusJourney(context.status, purpose=mode.scan_purpose, catalog=context.catalog)
    if name is JourneyName.CHECK:
        slip_for = None
        if mode.prints is Prints.CHECKIN_SLIPS:
            from kiosk.journeys.hotel import slip_factory  # noqa: PLC0415 - after the first paint

            terminal = context.terminal
            slip_for = slip_factory(
                terminal_id=terminal.terminal_id,
                hotel=terminal.centre,
                clock=context.clock,
                language=context.language,
            )
        return CheckJourney(
            ScanRequest(mode.scan_purpose), receipts=context.receipts, slip_for=slip_for
        )
    raise ValueError(f"no journey {name!r}")


def _technician_journey(name: JourneyName, context: JourneyContext) -> Journey[Any, Any, Any]:
    """Technician mode's journey ``name`` (or the PIN before it), imported when first used."""
    if context.technician is None:
        raise ValueError("technician mode cannot be entered on this terminal now")
    module, class_name = TECHNICIAN_JOURNEYS[name]
    journey_class = getattr(importlib.import_module(module), class_name)
    journey: Journey[Any, Any, Any] = journey_class(
        context.technician, clock=context.clock, language=context.language
    )
    return journey

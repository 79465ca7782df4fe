"""Translatable messages produced by Qt-free code.

The core never builds user-visible sentences in one language. It returns a ``Message``: a key
whose value is the English template, plus named parameters. The UI translates the template with
Qt (context ``"Messages"``) and fills in the parameters; the command line prints the English.

The templates are wrapped in ``QT_TRANSLATE_NOOP`` so that ``pyside6-lupdate`` extracts them into
the ``.ts`` files. lupdate recognises the call by its name, so this module defines its own no-op
function of that name and stays free of Qt.
"""

from __future__ import annotations

import enum
import string
from collections.abc import Mapping
from dataclasses import dataclass, field

CONTEXT = "Messages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - lupdate matches this name
    """Mark ``text`` for translation in ``context`` and return it unchanged."""
    del context
    return text


class Msg(enum.Enum):
    """Every message the core can hand to the UI. The value is the English template."""

    # Configuration: what a field expected (shown after "field = value:").
    CONFIG_REQUIRED = QT_TRANSLATE_NOOP("Messages", "a value is required")
    CONFIG_UNKNOWN_SETTING = QT_TRANSLATE_NOOP("Messages", "is not a known setting")
    CONFIG_EXPECTED_INTEGER = QT_TRANSLATE_NOOP("Messages", "must be a whole number")
    CONFIG_EXPECTED_NUMBER = QT_TRANSLATE_NOOP("Messages", "must be a number")
    CONFIG_EXPECTED_BOOLEAN = QT_TRANSLATE_NOOP("Messages", "must be true or false")
    CONFIG_EXPECTED_TEXT = QT_TRANSLATE_NOOP("Messages", "must be text")
    CONFIG_EXPECTED_LIST = QT_TRANSLATE_NOOP("Messages", "must be a list")
    CONFIG_EXPECTED_TABLE = QT_TRANSLATE_NOOP("Messages", "must be a table of settings")
    CONFIG_AT_LEAST = QT_TRANSLATE_NOOP("Messages", "must be at least {minimum}")
    CONFIG_AT_MOST = QT_TRANSLATE_NOOP("Messages", "must be at most {maximum}")
    CONFIG_ABOVE = QT_TRANSLATE_NOOP("Messages", "must be greater than {minimum}")
    CONFIG_TOO_SHORT = QT_TRANSLATE_NOOP("Messages", "must have at least {minimum} character(s)")
    CONFIG_TOO_LONG = QT_TRANSLATE_NOOP("Messages", "must have at most {maximum} character(s)")
    CONFIG_TOO_FEW_ITEMS = QT_TRANSLATE_NOOP("Messages", "must list at least {minimum} item(s)")
    CONFIG_ONE_OF = QT_TRANSLATE_NOOP("Messages", "must be one of: {choices}")
    CONFIG_PATTERN = QT_TRANSLATE_NOOP("Messages", "must look like {example}")
    CONFIG_URL = QT_TRANSLATE_NOOP("Messages", "must be a web address such as {example}")
    CONFIG_HTTPS_REQUIRED = QT_TRANSLATE_NOOP(
        "Messages", "must use https (plain http is allowed only for loopback or in demo mode)"
    )
    CONFIG_LANGUAGE_NOT_ENABLED = QT_TRANSLATE_NOOP(
        "Messages", "must be one of the enabled languages: {choices}"
    )
    CONFIG_DUPLICATE_ITEMS = QT_TRANSLATE_NOOP("Messages", "must not list the same item twice")
    CONFIG_COUNTDOWN_TOO_LONG = QT_TRANSLATE_NOOP(
        "Messages", "must be shorter than the idle timeout ({timeout} s)"
    )
    CONFIG_FAKE_DEVICE_OUTSIDE_DEMO = QT_TRANSLATE_NOOP(
        "Messages", "the fake device is allowed only when demo_mode = true"
    )
    CONFIG_DEMO_ANCHOR_OUTSIDE_DEMO = QT_TRANSLATE_NOOP(
        "Messages", "is the published demo trust anchor, allowed only when demo_mode = true"
    )
    CONFIG_CAMERA_SPEC = QT_TRANSLATE_NOOP(
        "Messages", "must be one of: qt:<device>, file:<video>, images:<folder>, fake"
    )
    CONFIG_RESOLUTION = QT_TRANSLATE_NOOP(
        "Messages", "must be a size such as 1280x720 (width x height, 160 to 4096 pixels)"
    )
    CONFIG_PRINTER_SPEC = QT_TRANSLATE_NOOP(
        "Messages",
        "must be one of: escpos-usb:<vendor>:<product>, escpos-net:<host>:<port>, "
        "escpos-serial:<device>, file:<path>, system:<printer>, fake",
    )
    CONFIG_PUBLIC_KEY = QT_TRANSLATE_NOOP(
        "Messages", "must be a PEM or base64 public key (P-256, P-384, Ed25519 or RSA 2048+)"
    )
    CONFIG_INVALID = QT_TRANSLATE_NOOP("Messages", "is not valid: {detail}")
    # Configuration: problems with the file as a whole.
    CONFIG_FILE_MISSING = QT_TRANSLATE_NOOP(
        "Messages", "no configuration file here; create one (see `kiosk config docs`)"
    )
    CONFIG_FILE_UNREADABLE = QT_TRANSLATE_NOOP("Messages", "the file cannot be read: {detail}")
    CONFIG_SYNTAX = QT_TRANSLATE_NOOP("Messages", "is not valid TOML: {detail}")
    CONFIG_VERSION_MISSING = QT_TRANSLATE_NOOP(
        "Messages", "is required: the schema version this file was written for (now {current})"
    )
    CONFIG_VERSION_NEWER = QT_TRANSLATE_NOOP(
        "Messages",
        "this file is for schema version {found}; this kiosk understands up to {current}: "
        "update the kiosk software",
    )
    CONFIG_VERSION_NO_MIGRATION = QT_TRANSLATE_NOOP(
        "Messages", "no migration from schema version {found} to {current} is known"
    )
    CONFIG_MIGRATION_FAILED = QT_TRANSLATE_NOOP(
        "Messages", "could not be migrated from schema version {found}: {detail}"
    )
    CONFIG_ENV_SECTION = QT_TRANSLATE_NOOP(
        "Messages", "is a section, not a setting: set its fields with {example}"
    )
    CONFIG_PATH = QT_TRANSLATE_NOOP("Messages", "must be a folder path")
    CONFIG_OPENING_HOURS = QT_TRANSLATE_NOOP(
        "Messages",
        "must be days and times such as mon-fri 08:30-18:00; sat 09:00-12:00 "
        "(this part is not understood: {part})",
    )
    CONFIG_OPENING_HOURS_ORDER = QT_TRANSLATE_NOOP(
        "Messages",
        "must give days and times in order, as mon-fri or 08:30-18:00 (not so: {part})",
    )
    CONFIG_COMMAND = QT_TRANSLATE_NOOP(
        "Messages", "must be a command and its arguments, as a shell would split them"
    )
    # Configuration: what the maintenance screen shows instead of a message above whose
    # {detail} is English prose (kiosk.config.problems.shown_message).
    CONFIG_INVALID_SEE_VALIDATE = QT_TRANSLATE_NOOP(
        "Messages", "is not valid (`kiosk config validate` says why)"
    )
    CONFIG_SYNTAX_AT = QT_TRANSLATE_NOOP(
        "Messages", "is not valid TOML: a mistake at line {line}, column {column}"
    )
    CONFIG_SYNTAX_SEE_VALIDATE = QT_TRANSLATE_NOOP(
        "Messages", "is not valid TOML (`kiosk config validate` says where)"
    )
    CONFIG_TOO_DEEP = QT_TRANSLATE_NOOP("Messages", "has tables nested too deeply")
    CONFIG_FILE_NO_PERMISSION = QT_TRANSLATE_NOOP(
        "Messages", "the file cannot be read: the kiosk has no permission to read it"
    )
    CONFIG_FILE_IS_FOLDER = QT_TRANSLATE_NOOP(
        "Messages", "the file cannot be read: this is a folder, not a file"
    )
    CONFIG_FILE_NOT_UTF8 = QT_TRANSLATE_NOOP(
        "Messages", "the file cannot be read: it is not UTF-8 text"
    )
    CONFIG_FILE_UNREADABLE_SEE_VALIDATE = QT_TRANSLATE_NOOP(
        "Messages", "the file cannot be read (`kiosk config validate` says why)"
    )
    CONFIG_MIGRATION_FAILED_SEE_VALIDATE = QT_TRANSLATE_NOOP(
        "Messages",
        "could not be migrated from schema version {found} (`kiosk config validate` says why)",
    )
    # Configuration: a change a technician asked for (kiosk.technician.settings).
    CONFIG_NOT_EDITABLE = QT_TRANSLATE_NOOP(
        "Messages", "cannot be changed in technician mode (edit the configuration file)"
    )
    CONFIG_SET_BY_ENVIRONMENT = QT_TRANSLATE_NOOP(
        "Messages", "is set by the environment variable {variable}: change it there"
    )
    CONFIG_ABSOLUTE_FOLDERS = QT_TRANSLATE_NOOP(
        "Messages", "must list folders by their full path, such as /media"
    )

    # Credential verification: what the citizen reads, with what to do next.
    VERIFY_VALID = QT_TRANSLATE_NOOP("Messages", "Verified.")
    VERIFY_MALFORMED = QT_TRANSLATE_NOOP(
        "Messages",
        "This code cannot be read as an e-ID or e-licence. Please show the QR code from your "
        "e-ID or e-licence app.",
    )
    VERIFY_UNSUPPORTED_VERSION = QT_TRANSLATE_NOOP(
        "Messages",
        "This code uses a newer format that this terminal cannot read yet. Please ask the staff.",
    )
    VERIFY_UNKNOWN_ISSUER = QT_TRANSLATE_NOOP(
        "Messages", "This code was not issued by an authority this terminal recognises."
    )
    VERIFY_ISSUER_NOT_ALLOWED = QT_TRANSLATE_NOOP(
        "Messages", "The authority that issued this code may not issue this kind of credential."
    )
    VERIFY_BAD_SIGNATURE = QT_TRANSLATE_NOOP(
        "Messages", "This code failed the security check: it may have been altered."
    )
    VERIFY_NOT_YET_VALID = QT_TRANSLATE_NOOP("Messages", "This credential is not valid yet.")
    VERIFY_EXPIRED = QT_TRANSLATE_NOOP(
        "Messages",
        "This code has expired. Refresh it in your app and show it again; an expired licence "
        "must be renewed first.",
    )
    VERIFY_REVOKED = QT_TRANSLATE_NOOP(
        "Messages", "This credential has been revoked by the authority that issued it."
    )
    VERIFY_REPLAYED = QT_TRANSLATE_NOOP(
        "Messages",
        "This code has already been used. Refresh the code in your app and show the new one.",
    )
    VERIFY_TRUST_LIST_STALE = QT_TRANSLATE_NOOP(
        "Messages",
        "This terminal cannot check codes at the moment (its list of issuers is out of date). "
        "Please ask the staff.",
    )
    VERIFY_CLOCK_UNTRUSTWORTHY = QT_TRANSLATE_NOOP(
        "Messages",
        "This terminal's clock is wrong, so codes cannot be checked. Please ask the staff.",
    )
    # Labels of the verified fields a screen shows.
    FIELD_CREDENTIAL = QT_TRANSLATE_NOOP("Messages", "Credential")
    FIELD_NAME = QT_TRANSLATE_NOOP("Messages", "Name")
    FIELD_ID_NUMBER = QT_TRANSLATE_NOOP("Messages", "Identity number")
    FIELD_HOLDER = QT_TRANSLATE_NOOP("Messages", "Holder")
    FIELD_CREDIT_CODE = QT_TRANSLATE_NOOP("Messages", "Unified social credit code")
    FIELD_NUMBER = QT_TRANSLATE_NOOP("Messages", "Number")
    FIELD_ISSUED_BY = QT_TRANSLATE_NOOP("Messages", "Issued by")
    FIELD_VALID_UNTIL = QT_TRANSLATE_NOOP("Messages", "Valid until")
    VALUE_NO_EXPIRY = QT_TRANSLATE_NOOP("Messages", "no expiry date")
    # The receipt printer's state (kiosk.devices.printer.PrinterState).
    PRINTER_READY = QT_TRANSLATE_NOOP("Messages", "The printer is ready.")
    PRINTER_PAPER_LOW = QT_TRANSLATE_NOOP("Messages", "The printer's paper is running low.")
    PRINTER_PAPER_OUT = QT_TRANSLATE_NOOP("Messages", "The printer is out of paper.")
    PRINTER_COVER_OPEN = QT_TRANSLATE_NOOP("Messages", "The printer's cover is open.")
    PRINTER_OFFLINE = QT_TRANSLATE_NOOP("Messages", "The printer is not available.")
    PRINTER_ERROR = QT_TRANSLATE_NOOP("Messages", "The printer reported a fault.")
    # The terminal's modes (kiosk.journeys.modes): what the home screen says and offers.
    HOME_CITIZEN_TITLE = QT_TRANSLATE_NOOP("Messages", "Welcome to cross-region self-service")
    HOME_CITIZEN_SUBTITLE = QT_TRANSLATE_NOOP(
        "Messages",
        "Services of Sichuan and Chongqing handled here to one standard: the same procedure, "
        "the same materials, the same processing time.",
    )
    HOME_HOTEL_TITLE = QT_TRANSLATE_NOOP("Messages", "Guest check-in with the electronic ID")
    HOME_HOTEL_SUBTITLE = QT_TRANSLATE_NOOP(
        "Messages",
        "Guests can check in by showing the e-ID QR code on their phone instead of a physical "
        "identity card.",
    )
    TILE_CHECK_TITLE = QT_TRANSLATE_NOOP("Messages", "Check an e-ID or e-licence")
    TILE_CHECK_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Show the QR code on your phone and see what the terminal reads"
    )
    TILE_GUEST_TITLE = QT_TRANSLATE_NOOP("Messages", "Check guests in")
    TILE_GUEST_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Scan each guest's e-ID, type the room and save: the stay is reported"
    )
    TILE_REGISTER_TITLE = QT_TRANSLATE_NOOP("Messages", "Guest register")
    TILE_REGISTER_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Today's arrivals, guests in house and departures; slips and check-out"
    )
    TILE_HELP_TITLE = QT_TRANSLATE_NOOP("Messages", "How to use this terminal")
    TILE_HELP_HINT = QT_TRANSLATE_NOOP("Messages", "How to find a service and what to bring")
    # Technician mode: its home and tiles (kiosk.journeys.modes.TECHNICIAN).
    HOME_TECHNICIAN_TITLE = QT_TRANSLATE_NOOP("Messages", "Technician mode")
    HOME_TECHNICIAN_SUBTITLE = QT_TRANSLATE_NOOP(
        "Messages",
        "Every action here is recorded in the audit log. Technician mode closes by itself "
        "when the terminal is left untouched.",
    )
    TILE_TECH_STATUS_TITLE = QT_TRANSLATE_NOOP("Messages", "Terminal status")
    TILE_TECH_STATUS_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Platform link, queue and dead letters, documents, devices, disk"
    )
    TILE_TECH_DEVICES_TITLE = QT_TRANSLATE_NOOP("Messages", "Camera and printer")
    TILE_TECH_DEVICES_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Live camera picture and decoding, a test print, the paper"
    )
    TILE_TECH_ENROL_TITLE = QT_TRANSLATE_NOOP("Messages", "Enrolment")
    TILE_TECH_ENROL_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Enrol this terminal with the platform using a one-time code"
    )
    TILE_TECH_CONFIG_TITLE = QT_TRANSLATE_NOOP("Messages", "Settings")
    TILE_TECH_CONFIG_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Change the settings a technician may change; applied by a restart"
    )
    TILE_TECH_LOGS_TITLE = QT_TRANSLATE_NOOP("Messages", "Logs and audit")
    TILE_TECH_LOGS_HINT = QT_TRANSLATE_NOOP(
        "Messages", "The terminal's log (nothing personal) and the audit log"
    )
    TILE_TECH_IMPORT_TITLE = QT_TRANSLATE_NOOP("Messages", "Import from USB")
    TILE_TECH_IMPORT_HINT = QT_TRANSLATE_NOOP(
        "Messages", "A trust list or a catalogue from a USB drive, its signature checked"
    )
    TILE_TECH_SYSTEM_TITLE = QT_TRANSLATE_NOOP("Messages", "Restart or leave")
    TILE_TECH_SYSTEM_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Restart the application, or leave to the desktop"
    )
    PRINTER_TROUBLE_RECEIPTS = QT_TRANSLATE_NOOP(
        "Messages",
        "Receipts cannot be printed at the moment. You can still use every service: your "
        "receipt will be shown on the screen to photograph, and the staff can print it later.",
    )
    PRINTER_TROUBLE_SLIPS = QT_TRANSLATE_NOOP(
        "Messages",
        "Check-in slips cannot be printed at the moment: the slip will be shown on the screen "
        "instead.",
    )
    # What a scan step asks for (kiosk.journeys.scan_step.ScanRequest.prompt).
    SCAN_PROMPT_ANY = QT_TRANSLATE_NOOP("Messages", "Show the QR code of your e-ID or e-licence")
    SCAN_PROMPT_IDENTITY = QT_TRANSLATE_NOOP(
        "Messages", "Show the QR code of your electronic ID to prove who you are"
    )
    SCAN_PROMPT_IDENTITY_OR_RESIDENT = QT_TRANSLATE_NOOP(
        "Messages", "Show the QR code of your e-ID or overseas electronic resident card"
    )
    SCAN_PROMPT_LICENCE = QT_TRANSLATE_NOOP(
        "Messages", "Show the QR code of the e-licence for this material"
    )
    SCAN_PROMPT_RECEIPT = QT_TRANSLATE_NOOP("Messages", "Show the QR code printed on your receipt")
    TILE_STATUS_TITLE = QT_TRANSLATE_NOOP("Messages", "Check progress")
    TILE_STATUS_HINT = QT_TRANSLATE_NOOP(
        "Messages", "Type the acceptance number or show the QR code on your receipt"
    )
    # Technician PIN: why a new PIN is refused (kiosk.technician.pin.pin_problem).
    PIN_FORMAT = QT_TRANSLATE_NOOP("Messages", "A PIN is 6 to 12 digits (0 to 9)")
    PIN_ONE_DIGIT = QT_TRANSLATE_NOOP(
        "Messages", "A PIN may not be one digit repeated (such as 000000)"
    )
    PIN_STRAIGHT_RUN = QT_TRANSLATE_NOOP(
        "Messages", "A PIN may not be digits in a row (such as 123456 or 654321)"
    )
    PIN_REPEATED_GROUP = QT_TRANSLATE_NOOP(
        "Messages", "A PIN may not be a short group of digits repeated (such as 121212 or 123123)"
    )


class _KeepMissing(dict[str, str]):
    """Leaves unknown ``{placeholders}`` visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, params: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders; unknown placeholders stay as written."""
    return string.Formatter().vformat(template, (), _KeepMissing(params))


@dataclass(frozen=True)
class Message:
    """A message key with its parameters, translated where it is shown."""

    key: Msg
    params: Mapping[str, str] = field(default_factory=dict)

    def english(self) -> str:
        """The message in English, for the command line and logs."""
        return fill(self.key.value, self.params)

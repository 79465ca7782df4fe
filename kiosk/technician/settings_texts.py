"""The settings screen's words for each field: a section title, a short label and the schema's
description, each marked for translation.

The descriptions are the schema's own (``kiosk.config.schema``), copied here so that
``pyside6-lupdate`` finds them; a test checks that every editable field has its label and that
each description here is still the schema's word for word. The command line prints the schema's
text itself.

Thread contract: constants.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.runtime.messages import QT_TRANSLATE_NOOP

SECTION_CONTEXT = "ConfigSections"
LABEL_CONTEXT = "ConfigFields"
DESCRIPTION_CONTEXT = "ConfigSchema"

SECTION_TITLES: Mapping[str, str] = {
    "ui": QT_TRANSLATE_NOOP("ConfigSections", "Languages and sessions"),
    "screen": QT_TRANSLATE_NOOP("ConfigSections", "Screen"),
    "devices": QT_TRANSLATE_NOOP("ConfigSections", "Camera and printer"),
    "scan": QT_TRANSLATE_NOOP("ConfigSections", "Reading codes"),
    "platform": QT_TRANSLATE_NOOP("ConfigSections", "Platform"),
    "outbox": QT_TRANSLATE_NOOP("ConfigSections", "Delivery to the platform"),
    "hotel": QT_TRANSLATE_NOOP("ConfigSections", "Hotel"),
    "logging": QT_TRANSLATE_NOOP("ConfigSections", "Log"),
    "technician": QT_TRANSLATE_NOOP("ConfigSections", "Technician mode"),
    "lockdown": QT_TRANSLATE_NOOP("ConfigSections", "Lockdown"),
    "power": QT_TRANSLATE_NOOP("ConfigSections", "Display power"),
}

LABELS: Mapping[str, str] = {
    "ui.languages": QT_TRANSLATE_NOOP("ConfigFields", "Languages offered"),
    "ui.default_language": QT_TRANSLATE_NOOP("ConfigFields", "Default language"),
    "ui.idle_timeout_s": QT_TRANSLATE_NOOP("ConfigFields", "Idle timeout (seconds)"),
    "ui.idle_countdown_s": QT_TRANSLATE_NOOP(
        "ConfigFields", "Countdown before the session ends (seconds)"
    ),
    "ui.voice_default": QT_TRANSLATE_NOOP("ConfigFields", "Voice on at the start of a session"),
    "screen.dpi": QT_TRANSLATE_NOOP("ConfigFields", "Pixels per inch"),
    "screen.diagonal_in": QT_TRANSLATE_NOOP("ConfigFields", "Screen diagonal (inches)"),
    "screen.touch_target_mm": QT_TRANSLATE_NOOP("ConfigFields", "Smallest button (millimetres)"),
    "screen.cursor": QT_TRANSLATE_NOOP("ConfigFields", "Mouse pointer"),
    "devices.camera": QT_TRANSLATE_NOOP("ConfigFields", "Camera"),
    "devices.document_camera": QT_TRANSLATE_NOOP("ConfigFields", "Document camera"),
    "devices.camera_resolution": QT_TRANSLATE_NOOP("ConfigFields", "Camera picture size"),
    "devices.printer": QT_TRANSLATE_NOOP("ConfigFields", "Receipt printer"),
    "devices.paper_mm": QT_TRANSLATE_NOOP("ConfigFields", "Paper width (millimetres)"),
    "devices.printer_native_qr": QT_TRANSLATE_NOOP(
        "ConfigFields", "The printer draws QR codes itself"
    ),
    "scan.required_reads": QT_TRANSLATE_NOOP("ConfigFields", "Reads of the same code"),
    "scan.timeout_s": QT_TRANSLATE_NOOP("ConfigFields", "Time to show a code (seconds)"),
    "platform.url": QT_TRANSLATE_NOOP("ConfigFields", "Platform address"),
    "platform.public_url": QT_TRANSLATE_NOOP("ConfigFields", "Public address for phones"),
    "platform.connect_timeout_s": QT_TRANSLATE_NOOP("ConfigFields", "Connection timeout (seconds)"),
    "platform.read_timeout_s": QT_TRANSLATE_NOOP("ConfigFields", "Answer timeout (seconds)"),
    "outbox.max_failures": QT_TRANSLATE_NOOP("ConfigFields", "Failures before a dead letter"),
    "outbox.backoff_base_s": QT_TRANSLATE_NOOP("ConfigFields", "First retry delay (seconds)"),
    "outbox.backoff_cap_s": QT_TRANSLATE_NOOP("ConfigFields", "Longest retry delay (seconds)"),
    "outbox.poll_interval_s": QT_TRANSLATE_NOOP("ConfigFields", "Queue check interval (seconds)"),
    "outbox.heartbeat_interval_s": QT_TRANSLATE_NOOP(
        "ConfigFields", "Heartbeat interval (seconds)"
    ),
    "outbox.documents_interval_s": QT_TRANSLATE_NOOP(
        "ConfigFields", "Document check interval (seconds)"
    ),
    "hotel.name.zh": QT_TRANSLATE_NOOP("ConfigFields", "Hotel name in Chinese"),
    "hotel.name.en": QT_TRANSLATE_NOOP("ConfigFields", "Hotel name in English"),
    "hotel.retention_days": QT_TRANSLATE_NOOP("ConfigFields", "Days guests are kept"),
    "logging.level": QT_TRANSLATE_NOOP("ConfigFields", "Log level"),
    "logging.max_file_mb": QT_TRANSLATE_NOOP("ConfigFields", "Log file size (MiB)"),
    "logging.keep_files": QT_TRANSLATE_NOOP("ConfigFields", "Old log files kept"),
    "technician.idle_minutes": QT_TRANSLATE_NOOP(
        "ConfigFields", "Technician mode closes after (minutes)"
    ),
    "technician.usb_roots": QT_TRANSLATE_NOOP("ConfigFields", "Folders searched on USB drives"),
    "power.opening_hours": QT_TRANSLATE_NOOP("ConfigFields", "Opening hours"),
    "power.blank_outside_hours": QT_TRANSLATE_NOOP(
        "ConfigFields", "Black screen outside opening hours"
    ),
}

# The names of a field's choices, where the file's spelling is an English word.
CHOICE_NAMES: Mapping[tuple[str, object], str] = {
    ("screen.cursor", "auto"): QT_TRANSLATE_NOOP("ConfigChoices", "automatic"),
    ("screen.cursor", "hidden"): QT_TRANSLATE_NOOP("ConfigChoices", "hidden"),
    ("screen.cursor", "shown"): QT_TRANSLATE_NOOP("ConfigChoices", "shown"),
}
CHOICE_CONTEXT = "ConfigChoices"

DESCRIPTIONS: Mapping[str, str] = {
    "ui.languages": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Languages a citizen can choose, in the order of the language button."
    ),
    "ui.default_language": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Language of the home screen; every session starts in it again."
    ),
    "ui.idle_timeout_s": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Seconds without a touch before the session ends (a countdown comes first).",
    ),
    "ui.idle_countdown_s": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Length of the 'are you still there?' countdown inside the idle timeout.",
    ),
    "ui.voice_default": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Speak each screen's main instruction and every error from the start of each session "
        "(a citizen can switch voice on or off with the header's button).",
    ),
    "screen.dpi": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Pixels per inch of the panel. Leave unset to use diagonal_in or what the display reports.",
    ),
    "screen.diagonal_in": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Diagonal of the visible panel in inches (used when dpi is unset)."
    ),
    "screen.touch_target_mm": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Smallest side of any button, in millimetres."
    ),
    "screen.cursor": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "The mouse pointer over the kiosk: auto hides it when a touch screen is connected (a "
        "finger needs no pointer), hidden always hides it, shown always shows it.",
    ),
    "devices.camera": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Camera: 'qt:' (default camera) or 'qt:<device>', 'file:<video>', 'images:<folder>', "
        "or 'fake' (demo mode only).",
    ),
    "devices.document_camera": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Camera for photographing paper documents, as for 'camera' (e.g. a downward-facing "
        "camera over the document tray); empty: none, and the main camera is used.",
    ),
    "devices.camera_resolution": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Camera picture size to ask for, WIDTHxHEIGHT; the closest size the camera offers is "
        "used. 1280x720 reads phone QR codes well and decodes fast.",
    ),
    "devices.printer": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Receipt printer: 'escpos-usb:<vendor>:<product>', 'escpos-net:<host>:<port>', "
        "'escpos-serial:<device>[@<baud>]', 'file:<path>', 'system:' or 'system:<name>', "
        "'pdf:<folder>', or 'fake' (demo mode only).",
    ),
    "devices.paper_mm": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Width of the receipt paper roll in millimetres: 58 (32 columns) or 80 (48 columns). "
        "Receipts are laid out for it.",
    ),
    "devices.printer_native_qr": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Whether the ESC/POS printer has the native QR command (GS ( k); set false for "
        "printers without it, and QR codes are sent as raster images.",
    ),
    "scan.required_reads": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Consistent reads of the same code before it is accepted, unless its signature "
        "verifies (then it is accepted at once).",
    ),
    "scan.timeout_s": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Seconds a scan waits for a readable code before offering to try again.",
    ),
    "platform.url": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Base address of the platform API (https; http only for loopback or demo).",
    ),
    "platform.public_url": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "The platform's public address, opened by citizens' phones from a receipt's QR code "
        "(its status page is <public_url>/r/...). Default: url; set it when url is an address "
        "only the terminals reach (https; no query; http only for loopback or demo).",
    ),
    "platform.connect_timeout_s": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Seconds to wait for a connection to the platform before trying later.",
    ),
    "platform.read_timeout_s": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Seconds to wait for the platform's answer once a request is sent."
    ),
    "outbox.max_failures": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Failed answers from the platform (5xx, 429, unreadable) after which a record becomes "
        "a dead letter for a technician to re-queue. Network outages do not count.",
    ),
    "outbox.backoff_base_s": QT_TRANSLATE_NOOP(
        "ConfigSchema", "First retry delay bound, doubled at each failure."
    ),
    "outbox.backoff_cap_s": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Longest delay between two delivery attempts."
    ),
    "outbox.poll_interval_s": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "How often the delivery worker looks at the queue when nothing wakes it.",
    ),
    "outbox.heartbeat_interval_s": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Seconds between heartbeats to the platform."
    ),
    "outbox.documents_interval_s": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Seconds between checks for a new catalog, trust list and holiday calendar.",
    ),
    "hotel.name.zh": QT_TRANSLATE_NOOP("ConfigSchema", "Name in Simplified Chinese."),
    "hotel.name.en": QT_TRANSLATE_NOOP("ConfigSchema", "Name in English."),
    "hotel.retention_days": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Days the desk's register keeps a stay's guests after it ended (checked out, or its "
        "departure day passed), counted in Beijing days; then only the day's counts remain. "
        "The platform keeps the authorities' record of every check-in; the desk keeps its own "
        "copy only for the stay and a short while after, as little as it needs (PIPL's "
        "minimum necessary).",
    ),
    "logging.level": QT_TRANSLATE_NOOP("ConfigSchema", "Least severe level written to the log."),
    "logging.max_file_mb": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Size at which the log file is rotated, in MiB."
    ),
    "logging.keep_files": QT_TRANSLATE_NOOP(
        "ConfigSchema", "Rotated log files kept besides the current one."
    ),
    "technician.idle_minutes": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Minutes without a touch after which technician mode closes by itself.",
    ),
    "technician.usb_roots": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Folders searched for files to import from a USB drive (a trust list or a catalogue): "
        "each folder and three levels below it.",
    ),
    "power.opening_hours": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "When the service point is open, in Beijing time: days (mon tue wed thu fri sat sun; a "
        "range such as mon-fri; a list such as mon,wed) then times (HH:MM-HH:MM, several "
        "separated by commas), rules separated by ';'. A day not named is closed. Unset: "
        "always open, the screen never goes dark.",
    ),
    "power.blank_outside_hours": QT_TRANSLATE_NOOP(
        "ConfigSchema",
        "Outside opening hours, once the home screen has been untouched for ui.idle_timeout_s, "
        "show a black screen (never during a citizen's visit or in technician mode); a touch "
        "wakes it for another ui.idle_timeout_s.",
    ),
}

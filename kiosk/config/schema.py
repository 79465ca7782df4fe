"""The terminal's configuration: one typed, versioned schema (DESIGN §3 rule 7).

Every field has a type, a default (or is required) and a description; ``kiosk config docs``
prints them for the technician guide. Validation errors carry message keys (``Msg``) so the
maintenance screen can explain them in the citizen's language.

Secrets never live here: the device key and the queue key are files under the data directory.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
import shlex
import typing
import unicodedata
from pathlib import Path
from typing import Annotated, Literal

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.serialization import load_der_public_key, load_pem_public_key
from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from kiosk.config.demo_anchor import is_demo_anchor
from kiosk.config.devices import (
    CameraKind,
    CameraSpec,
    DeviceSpecError,
    PrinterKind,
    PrinterSpec,
    parse_camera,
    parse_printer,
)
from kiosk.domain.receipt import normalised_status_base
from kiosk.domain.text import Bilingual, Language, ParsedAs
from kiosk.runtime.messages import Msg
from kiosk.runtime.opening_hours import OpeningHours, OpeningHoursError, parse_opening_hours

CURRENT_SCHEMA_VERSION = 1
_RESOLUTION = re.compile(r"([0-9]{1,5}) *[xX×] *([0-9]{1,5})")

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
# The form of ``kiosk.technician.pin.hash_pin``'s output (the PIN code checks the values).
PIN_HASH_PATTERN = (
    # the costs kiosk.technician.pin accepts (log2 N 10-20, r 1-16, p 1-4): a hash outside
    # them would pass here and then never match any PIN
    r"^scrypt\$(?:1[0-9]|20)\$(?:[1-9]|1[0-6])\$[1-4]\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$"
)


def custom_error(
    key: Msg, *, blame: str | None = None, involves: tuple[str, ...] = (), **params: object
) -> PydanticCustomError:
    """A validation error that carries our message key (its name is the error type).

    A cross-field check names the field it ``blame``s and every field it ``involves`` (paths
    relative to the model it runs on): the loader reports the problem at the blamed field and
    blames an environment variable only when it set one of the involved fields.
    """
    context = {name: str(value) for name, value in params.items()}
    if blame is not None:
        context["field"] = blame
        context["involves"] = ",".join((blame, *involves))
    return PydanticCustomError(key.name, key.value, context)


def table_model(info: FieldInfo) -> type[BaseModel] | None:
    """The model of the TOML table a field holds (a section, or the table a ``ParsedAs`` field
    such as a ``Bilingual`` is read through), else None."""
    for item in info.metadata:
        if isinstance(item, ParsedAs):
            return item.model
    return _model_in(info.annotation)


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, ParsedAs):  # inside an optional one: ``Annotated[...] | None``
        return annotation.model
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


_UNPRINTABLE = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp", "Cn"})


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class LocalizedName(_Section):
    """A name shown to citizens, in both languages.

    The file's ``{ zh = ..., en = ... }`` table; the configuration hands it out as the terminal's
    one ``Bilingual`` (``kiosk.domain.text``).
    """

    zh: str = Field(min_length=1, max_length=40, description="Name in Simplified Chinese.")
    en: str = Field(min_length=1, max_length=80, description="Name in English.")

    @field_validator("zh", "en")
    @classmethod
    def _printable(cls, value: str) -> str:
        # It is printed and reported (a hotel's check-ins): no blank name, and no control,
        # format or unassigned character the platform's reader refuses.
        if not value.strip():
            raise ValueError("the name is blank")
        if any(unicodedata.category(char) in _UNPRINTABLE for char in value):
            raise ValueError("the name holds a control or invisible character")
        return value


class TerminalSection(_Section):
    """Who this terminal is and whom it serves."""

    id: str = Field(
        pattern=r"^[A-Z]{2}-[A-Z0-9]{2,8}-[0-9]{3,6}$",
        description="Terminal identifier issued by the platform: province, centre and number, "
        "e.g. CQ-YB-0001 or SC-CD-0042.",
        json_schema_extra={"example": "CQ-YB-0001"},
    )
    profile: Literal["citizen", "hotel"] = Field(
        default="citizen",
        description="citizen: a self-service terminal in a service centre; "
        "hotel: a front-desk terminal that verifies guests' e-IDs.",
    )
    service_centre: Annotated[Bilingual, ParsedAs(LocalizedName)] = Field(
        description="The service centre (or hotel) shown on the home screen and receipts."
    )


class UiSection(_Section):
    """Languages and the citizen session."""

    languages: list[Language] = Field(
        default=["zh_CN", "en"],
        min_length=1,
        description="Languages a citizen can choose, in the order of the language button.",
    )
    default_language: Language = Field(
        default="zh_CN",
        description="Language of the home screen; every session starts in it again.",
    )
    idle_timeout_s: int = Field(
        default=90,
        ge=30,
        le=900,
        description="Seconds without a touch before the session ends (a countdown comes first).",
    )
    idle_countdown_s: int = Field(
        default=20,
        ge=5,
        le=120,
        description="Length of the 'are you still there?' countdown inside the idle timeout.",
    )
    voice_default: bool = Field(
        default=False,
        description="Speak each screen's main instruction and every error from the start of "
        "each session (a citizen can switch voice on or off with the header's button).",
    )

    @field_validator("languages")
    @classmethod
    def _no_duplicates(cls, value: list[Language]) -> list[Language]:
        if len(set(value)) != len(value):
            raise custom_error(Msg.CONFIG_DUPLICATE_ITEMS)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> UiSection:
        if self.default_language not in self.languages:
            raise custom_error(
                Msg.CONFIG_LANGUAGE_NOT_ENABLED,
                blame="default_language",
                involves=("languages",),
                choices=", ".join(self.languages),
            )
        if self.idle_countdown_s >= self.idle_timeout_s:
            raise custom_error(
                Msg.CONFIG_COUNTDOWN_TOO_LONG,
                blame="idle_countdown_s",
                involves=("idle_timeout_s",),
                timeout=self.idle_timeout_s,
            )
        return self


class ScreenSection(_Section):
    """The physical screen, so that touch targets and text have a real size in millimetres."""

    dpi: float | None = Field(
        default=None,
        ge=50,
        le=600,
        description="Pixels per inch of the panel. Leave unset to use diagonal_in or what the "
        "display reports.",
    )
    diagonal_in: float | None = Field(
        default=None,
        ge=7,
        le=100,
        description="Diagonal of the visible panel in inches (used when dpi is unset).",
    )
    touch_target_mm: float = Field(
        default=15.0,
        ge=9,
        le=30,
        description="Smallest side of any button, in millimetres.",
    )
    cursor: Literal["auto", "hidden", "shown"] = Field(
        default="auto",
        description="The mouse pointer over the kiosk: auto hides it when a touch screen is "
        "connected (a finger needs no pointer), hidden always hides it, shown always shows it.",
    )


class PowerSection(_Section):
    """The display outside opening hours: a black screen, and the panel switched off."""

    opening_hours: str | None = Field(
        default=None,
        max_length=500,
        description="When the service point is open, in Beijing time: days (mon tue wed thu "
        "fri sat sun; a range such as mon-fri; a list such as mon,wed) then times (HH:MM-HH:MM, "
        "several separated by commas), rules separated by ';'. A day not named is closed. "
        "Unset: always open, the screen never goes dark.",
        json_schema_extra={"example": "mon-fri 08:30-18:00; sat 09:00-12:00"},
    )
    blank_outside_hours: bool = Field(
        default=True,
        description="Outside opening hours, once the home screen has been untouched for "
        "ui.idle_timeout_s, show a black screen (never during a citizen's visit or in "
        "technician mode); a touch wakes it for another ui.idle_timeout_s.",
    )
    display_off_command: str | None = Field(
        default=None,
        description="Command run when the screen goes black, to switch the panel off (run "
        "without a shell; arguments split as a shell would). E.g. 'wlr-randr --output "
        "HDMI-A-1 --off' under cage, 'xset dpms force off' under X. A failure is logged.",
    )
    display_on_command: str | None = Field(
        default=None,
        description="Command run when the screen wakes (and once at start), to switch the panel "
        "back on. E.g. 'wlr-randr --output HDMI-A-1 --on' or 'xset dpms force on'.",
    )

    @field_validator("opening_hours")
    @classmethod
    def _hours(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_opening_hours(value)
            except OpeningHoursError as error:
                raise custom_error(error.message, part=error.part) from None
        return value

    @field_validator("display_off_command", "display_on_command")
    @classmethod
    def _command(cls, value: str | None) -> str | None:
        if value is not None and command_words(value) is None:
            raise custom_error(Msg.CONFIG_COMMAND)
        return value

    def hours(self) -> OpeningHours | None:
        """The opening hours (None: always open)."""
        return parse_opening_hours(self.opening_hours) if self.opening_hours is not None else None

    def display_off(self) -> tuple[str, ...] | None:
        return command_words(self.display_off_command) if self.display_off_command else None

    def display_on(self) -> tuple[str, ...] | None:
        return command_words(self.display_on_command) if self.display_on_command else None


def command_words(text: str) -> tuple[str, ...] | None:
    """A command line split into its program and arguments as a POSIX shell would (no
    variables, globs or pipes: nothing runs through a shell); None when it cannot be split,
    names no program, or holds a NUL."""
    try:
        words = tuple(shlex.split(text))
    except ValueError:
        return None
    if not words or not words[0] or any("\x00" in word for word in words):
        return None
    return words


class DevicesSection(_Section):
    """Which cameras and receipt printer to use."""

    camera: str = Field(
        default="qt:",
        description="Camera: 'qt:' (default camera) or 'qt:<device>', 'file:<video>', "
        "'images:<folder>', or 'fake' (demo mode only).",
    )
    document_camera: str = Field(
        default="",
        description="Camera for photographing paper documents, as for 'camera' (e.g. a "
        "downward-facing camera over the document tray); empty: none, and the main camera is used.",
    )
    camera_resolution: str = Field(
        default="1280x720",
        description="Camera picture size to ask for, WIDTHxHEIGHT; the closest size the camera "
        "offers is used. 1280x720 reads phone QR codes well and decodes fast.",
    )
    printer: str = Field(
        default="system:",
        description="Receipt printer: 'escpos-usb:<vendor>:<product>', "
        "'escpos-net:<host>:<port>', 'escpos-serial:<device>[@<baud>]', 'file:<path>', "
        "'system:' or 'system:<name>', 'pdf:<folder>', or 'fake' (demo mode only).",
    )
    paper_mm: Literal[58, 80] = Field(
        default=80,
        description="Width of the receipt paper roll in millimetres: 58 (32 columns) or 80 "
        "(48 columns). Receipts are laid out for it.",
    )
    printer_native_qr: bool = Field(
        default=True,
        description="Whether the ESC/POS printer has the native QR command (GS ( k); set false "
        "for printers without it, and QR codes are sent as raster images.",
    )

    @field_validator("camera")
    @classmethod
    def _camera(cls, value: str) -> str:
        try:
            return str(parse_camera(value))
        except DeviceSpecError:
            raise custom_error(Msg.CONFIG_CAMERA_SPEC) from None

    @field_validator("document_camera")
    @classmethod
    def _document_camera(cls, value: str) -> str:
        if not value.strip():
            return ""
        try:
            return str(parse_camera(value))
        except DeviceSpecError:
            raise custom_error(Msg.CONFIG_CAMERA_SPEC) from None

    @field_validator("camera_resolution")
    @classmethod
    def _resolution(cls, value: str) -> str:
        size = parse_resolution(value)
        if size is None:
            raise custom_error(Msg.CONFIG_RESOLUTION)
        return f"{size[0]}x{size[1]}"

    @property
    def camera_size(self) -> tuple[int, int]:
        size = parse_resolution(self.camera_resolution)
        assert size is not None  # validated
        return size

    @field_validator("printer")
    @classmethod
    def _printer(cls, value: str) -> str:
        try:
            return str(parse_printer(value))
        except DeviceSpecError:
            raise custom_error(Msg.CONFIG_PRINTER_SPEC) from None

    def camera_spec(self) -> CameraSpec:
        return parse_camera(self.camera)

    def document_camera_spec(self) -> CameraSpec | None:
        """The document camera (None: none configured; the main camera serves)."""
        return parse_camera(self.document_camera) if self.document_camera else None

    def printer_spec(self) -> PrinterSpec:
        return parse_printer(self.printer)


def parse_resolution(text: str) -> tuple[int, int] | None:
    """``"1280x720"`` → (1280, 720); None unless both sides are within 160..4096."""
    match = _RESOLUTION.fullmatch(text.strip())
    if match is None:
        return None
    size = (int(match[1]), int(match[2]))
    return size if all(160 <= side <= 4096 for side in size) else None


class ScanSection(_Section):
    """How QR codes are read from the camera."""

    required_reads: int = Field(
        default=2,
        ge=1,
        le=5,
        description="Consistent reads of the same code before it is accepted, unless its "
        "signature verifies (then it is accepted at once).",
    )
    timeout_s: int = Field(
        default=45,
        ge=15,
        le=300,
        description="Seconds a scan waits for a readable code before offering to try again.",
    )


def load_public_key(text: str) -> PublicKeyTypes:
    """Load a PEM or base64 (DER SubjectPublicKeyInfo) public key; raises ValueError."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = load_pem_public_key(text.encode("ascii"))
        else:
            key = load_der_public_key(base64.b64decode("".join(text.split()), validate=True))
    except (ValueError, TypeError, binascii.Error, UnicodeEncodeError) as error:
        raise ValueError("not a public key") from error
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name in ("secp256r1", "secp384r1"):
        return key
    if isinstance(key, ed25519.Ed25519PublicKey):
        return key
    if isinstance(key, rsa.RSAPublicKey) and key.key_size >= 2048:
        return key
    raise ValueError("unsupported key type")


class PlatformSection(_Section):
    """The government service platform this terminal submits to."""

    url: AnyHttpUrl = Field(
        description="Base address of the platform API (https; http only for loopback or demo).",
        json_schema_extra={"example": "https://platform.example.gov.cn"},
    )
    trust_anchor: str = Field(
        description="The pinned trust-anchor public key that signs the issuer trust list: PEM, "
        "or base64 DER on one line.",
    )

    @field_validator("trust_anchor")
    @classmethod
    def _key(cls, value: str) -> str:
        try:
            load_public_key(value)
        except ValueError:
            raise custom_error(Msg.CONFIG_PUBLIC_KEY) from None
        return value.strip()

    public_url: AnyHttpUrl | None = Field(
        default=None,
        description="The platform's public address, opened by citizens' phones from a receipt's "
        "QR code (its status page is <public_url>/r/...). Default: url; set it when url is an "
        "address only the terminals reach (https; no query; http only for loopback or demo).",
        json_schema_extra={"example": "https://zwfw.example.gov.cn"},
    )

    @field_validator("public_url")
    @classmethod
    def _status_page(cls, value: AnyHttpUrl | None) -> AnyHttpUrl | None:
        if value is not None and normalised_status_base(str(value)) is None:
            raise custom_error(Msg.CONFIG_URL, example="https://zwfw.example.gov.cn")
        return value

    connect_timeout_s: float = Field(
        default=5.0,
        ge=0.5,
        le=60,
        description="Seconds to wait for a connection to the platform before trying later.",
    )
    read_timeout_s: float = Field(
        default=20.0,
        ge=1,
        le=300,
        description="Seconds to wait for the platform's answer once a request is sent.",
    )

    def trust_anchor_key(self) -> PublicKeyTypes:
        return load_public_key(self.trust_anchor)

    @property
    def is_loopback(self) -> bool:
        return _is_loopback(self.url)

    @property
    def status_page_base(self) -> str:
        """The base of the receipts' status page URLs (``kiosk.domain.receipt.status_url``):
        ``public_url``, else ``url``. Raises ValueError for a ``url`` that cannot be one (a
        query, say): then ``public_url`` must be set."""
        base = normalised_status_base(str(self.public_url or self.url))
        if base is None:
            raise ValueError("platform.url cannot name the status page: set platform.public_url")
        return base


def _is_loopback(url: AnyHttpUrl) -> bool:
    host = (url.host or "").strip("[]")
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class OutboxSection(_Section):
    """Delivery of queued applications and check-ins to the platform."""

    max_failures: int = Field(
        default=20,
        ge=1,
        le=1000,
        description="Failed answers from the platform (5xx, 429, unreadable) after which a record "
        "becomes a dead letter for a technician to re-queue. Network outages do not count.",
    )
    backoff_base_s: float = Field(
        default=2.0, ge=0.01, le=60, description="First retry delay bound, doubled at each failure."
    )
    backoff_cap_s: float = Field(
        default=300.0, ge=0.1, le=3600, description="Longest delay between two delivery attempts."
    )
    poll_interval_s: float = Field(
        default=30.0,
        ge=0.1,
        le=3600,
        description="How often the delivery worker looks at the queue when nothing wakes it.",
    )
    heartbeat_interval_s: float = Field(
        default=60.0, ge=5, le=3600, description="Seconds between heartbeats to the platform."
    )
    documents_interval_s: float = Field(
        default=3600.0,
        ge=60,
        le=86400,
        description="Seconds between checks for a new catalog, trust list and holiday calendar.",
    )


class HotelSection(_Section):
    """The hotel front desk (a terminal of profile hotel)."""

    name: Annotated[Bilingual, ParsedAs(LocalizedName)] | None = Field(
        default=None,
        description="The hotel's name in both languages, shown in the header and on the "
        "guests' slips; when unset, terminal.service_centre.",
    )
    retention_days: int = Field(
        default=30,
        ge=1,
        le=365,
        description="Days the desk's register keeps a stay's guests after it ended (checked "
        "out, or its departure day passed), counted in Beijing days; then only the day's "
        "counts remain. The platform keeps the authorities' record of every check-in; the "
        "desk keeps its own copy only for the stay and a short while after, as little as it "
        "needs (PIPL's minimum necessary).",
    )


class TechnicianSection(_Section):
    """Technician mode: the PIN that opens it on the screen, and how long it stays open."""

    pin_hash: str | None = Field(
        default=None,
        pattern=PIN_HASH_PATTERN,
        description="The technician PIN's scrypt hash, written by "
        "`.venv/bin/kiosk technician set-pin` (never the PIN itself). Unset: technician "
        "mode cannot be entered on the screen, and `.venv/bin/kiosk doctor` warns.",
        json_schema_extra={"example": "scrypt$17$8$<salt>$<hash>"},
    )
    idle_minutes: int = Field(
        default=5,
        ge=1,
        le=60,
        description="Minutes without a touch after which technician mode closes by itself.",
    )
    usb_roots: list[str] = Field(
        default=["/media", "/run/media"],
        max_length=8,
        description="Folders searched for files to import from a USB drive (a trust list or a "
        "catalogue): each folder and three levels below it.",
    )

    @field_validator("usb_roots")
    @classmethod
    def _absolute(cls, value: list[str]) -> list[str]:
        if any(not Path(path).is_absolute() or "\x00" in path for path in value):
            raise custom_error(Msg.CONFIG_ABSOLUTE_FOLDERS)
        return value


class LoggingSection(_Section):
    """The JSON-lines log in the data directory."""

    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Least severe level written to the log."
    )
    max_file_mb: int = Field(
        default=10, ge=1, le=200, description="Size at which the log file is rotated, in MiB."
    )
    keep_files: int = Field(
        default=5, ge=1, le=50, description="Rotated log files kept besides the current one."
    )


class KioskConfig(_Section):
    """The whole configuration of one terminal."""

    schema_version: Annotated[int, Field(ge=1)] = Field(
        default=CURRENT_SCHEMA_VERSION,
        description="Schema version this file is written for. Older files are migrated on load.",
    )
    demo_mode: bool = Field(
        default=False,
        description="Demo terminal: allows fake devices and plain http to the platform, and "
        "trusts demo keys. Never on a terminal that serves the public.",
    )
    data_dir: Path | None = Field(
        default=None,
        description="Folder for the database, keys and logs (relative paths are relative to "
        "the configuration file). Default: the platform's user data folder.",
    )
    terminal: TerminalSection
    ui: UiSection = Field(default_factory=UiSection)
    screen: ScreenSection = Field(default_factory=ScreenSection)
    power: PowerSection = Field(default_factory=PowerSection)
    devices: DevicesSection = Field(default_factory=DevicesSection)
    scan: ScanSection = Field(default_factory=ScanSection)
    platform: PlatformSection
    outbox: OutboxSection = Field(default_factory=OutboxSection)
    hotel: HotelSection = Field(default_factory=HotelSection)
    technician: TechnicianSection = Field(default_factory=TechnicianSection)
    logging: LoggingSection = Field(default_factory=LoggingSection)

    @property
    def hotel_name(self) -> Bilingual:
        """The hotel's name: ``hotel.name``, else the terminal's ``service_centre``."""
        return self.hotel.name if self.hotel.name is not None else self.terminal.service_centre

    @field_validator("data_dir")
    @classmethod
    def _usable_path(cls, value: Path | None) -> Path | None:
        if value is not None and ("\x00" in str(value) or not str(value).strip()):
            raise custom_error(Msg.CONFIG_PATH)
        return value

    @model_validator(mode="after")
    def _demo_rules(self) -> KioskConfig:
        if self.demo_mode:
            return self
        if is_demo_anchor(self.platform.trust_anchor_key()):
            # Demo is a property of the key: its private key is public, nothing it signs counts.
            raise custom_error(
                Msg.CONFIG_DEMO_ANCHOR_OUTSIDE_DEMO,
                blame="platform.trust_anchor",
                involves=("demo_mode",),
            )
        if self.platform.url.scheme != "https" and not self.platform.is_loopback:
            raise custom_error(
                Msg.CONFIG_HTTPS_REQUIRED, blame="platform.url", involves=("demo_mode",)
            )
        public = self.platform.public_url
        if public is not None and public.scheme != "https" and not _is_loopback(public):
            raise custom_error(
                Msg.CONFIG_HTTPS_REQUIRED, blame="platform.public_url", involves=("demo_mode",)
            )
        specs = {
            "camera": self.devices.camera_spec(),
            "document_camera": self.devices.document_camera_spec(),
            "printer": self.devices.printer_spec(),
        }
        for device, spec in specs.items():
            if spec is not None and spec.kind in (CameraKind.FAKE, PrinterKind.FAKE):
                raise custom_error(
                    Msg.CONFIG_FAKE_DEVICE_OUTSIDE_DEMO,
                    blame=f"devices.{device}",
                    involves=("demo_mode",),
                )
        return self

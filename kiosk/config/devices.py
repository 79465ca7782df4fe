"""Device selections as written in the configuration, parsed into typed specs.

Camera: ``qt:`` (the system's default camera) or ``qt:<device id or name>``, ``file:<video>``,
``images:<folder>``, ``fake``.
Printer: ``escpos-usb:<vendor>:<product>`` (hex ids, e.g. ``0x0416:0x5011``),
``escpos-net:<host>:<port>``, ``escpos-serial:<device>[@<baud>]``, ``file:<path>``,
``system:`` (the default system printer) or ``system:<printer name>``, ``pdf:<folder>`` (one PDF
per receipt, for centres that print from an office computer), ``fake``.

Parsing is strict and total: any string either becomes a spec or raises ``DeviceSpecError``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path


class DeviceSpecError(ValueError):
    """The text is not a device selection of the expected kind."""


class CameraKind(enum.Enum):
    QT = "qt"
    FILE = "file"
    IMAGES = "images"
    FAKE = "fake"


class PrinterKind(enum.Enum):
    ESCPOS_USB = "escpos-usb"
    ESCPOS_NET = "escpos-net"
    ESCPOS_SERIAL = "escpos-serial"
    FILE = "file"
    SYSTEM = "system"
    PDF = "pdf"
    FAKE = "fake"


@dataclass(frozen=True)
class CameraSpec:
    """Which frame source to open. ``target`` is the device, video file or image folder."""

    kind: CameraKind
    target: str = ""

    @property
    def path(self) -> Path:
        """The file or folder of a ``file:`` or ``images:`` source."""
        return Path(self.target)

    def __str__(self) -> str:
        return (
            self.kind.value if self.kind is CameraKind.FAKE else f"{self.kind.value}:{self.target}"
        )


@dataclass(frozen=True)
class PrinterSpec:
    """Which receipt printer to use and how to reach it."""

    kind: PrinterKind
    target: str = ""
    usb_vendor: int | None = None
    usb_product: int | None = None
    host: str = ""
    port: int | None = None
    device: str = ""
    baud: int | None = None

    def __str__(self) -> str:
        return (
            self.kind.value if self.kind is PrinterKind.FAKE else f"{self.kind.value}:{self.target}"
        )


def _split(text: str) -> tuple[str, str]:
    text = text.strip()
    scheme, sep, rest = text.partition(":")
    if not sep:
        return scheme.lower(), ""
    return scheme.lower(), rest.strip()


def parse_camera(text: str) -> CameraSpec:
    """Parse a camera selection; raises DeviceSpecError."""
    scheme, rest = _split(text)
    if scheme == "fake" and not rest:
        return CameraSpec(CameraKind.FAKE)
    if scheme == "qt":
        return CameraSpec(CameraKind.QT, rest)
    if scheme in ("file", "images") and rest:
        return CameraSpec(CameraKind(scheme), rest)
    raise DeviceSpecError(text)


_USB_ID = re.compile(r"^(0x[0-9a-fA-F]{1,4}|[0-9]{1,5})$")
_HOST = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$")
_BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


def _usb_id(text: str) -> int:
    if not _USB_ID.match(text):
        raise DeviceSpecError(text)
    value = int(text, 0)
    if not 0 <= value <= 0xFFFF:
        raise DeviceSpecError(text)
    return value


_PATH_PRINTERS = {"file": PrinterKind.FILE, "pdf": PrinterKind.PDF}


def parse_printer(text: str) -> PrinterSpec:
    """Parse a printer selection; raises DeviceSpecError."""
    scheme, rest = _split(text)
    if scheme == "fake" and not rest:
        return PrinterSpec(PrinterKind.FAKE)
    if scheme == "system":
        return PrinterSpec(PrinterKind.SYSTEM, rest)
    if scheme in _PATH_PRINTERS and rest:
        return PrinterSpec(_PATH_PRINTERS[scheme], rest)
    if scheme == "escpos-usb":
        vendor, sep, product = rest.partition(":")
        if not sep:
            raise DeviceSpecError(text)
        return PrinterSpec(
            PrinterKind.ESCPOS_USB, rest, usb_vendor=_usb_id(vendor), usb_product=_usb_id(product)
        )
    if scheme == "escpos-net":
        host, sep, port_text = rest.rpartition(":")
        if not sep or not _HOST.match(host) or not port_text.isdigit():
            raise DeviceSpecError(text)
        port = int(port_text)
        if not 1 <= port <= 65535:
            raise DeviceSpecError(text)
        return PrinterSpec(PrinterKind.ESCPOS_NET, rest, host=host.strip("[]"), port=port)
    if scheme == "escpos-serial" and rest:
        device, sep, baud_text = rest.partition("@")
        baud: int | None = None
        if sep:
            if not baud_text.isdigit() or int(baud_text) not in _BAUD_RATES:
                raise DeviceSpecError(text)
            baud = int(baud_text)
        if not device:
            raise DeviceSpecError(text)
        return PrinterSpec(PrinterKind.ESCPOS_SERIAL, rest, device=device, baud=baud)
    raise DeviceSpecError(text)

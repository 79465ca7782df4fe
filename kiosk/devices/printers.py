"""The receipt printer the configuration names (``kiosk.config.devices.PrinterSpec``).

``open_printer`` only builds the driver: nothing is connected or opened until the first
``state()`` or ``print_job`` (so a terminal starts even while its printer is switched off).
System printers and PDF folders print through QtPrintSupport, which only ``kiosk.devices.qt``
may import: ``kiosk.ui.printing.open_configured_printer`` opens those and passes the rest here.

Thread contract: ``open_printer`` is cheap and may be called on any thread.
"""

from __future__ import annotations

from kiosk.config.devices import PrinterKind, PrinterSpec
from kiosk.config.schema import DevicesSection
from kiosk.devices.printer import PaperWidth, ReceiptPrinter
from kiosk.devices.printer_escpos import FilePrinter, NetworkPrinter, SerialPrinter, UsbPrinter
from kiosk.devices.printer_fake import FakePrinter

DEFAULT_NETWORK_PORT = 9100
DEFAULT_SERIAL_BAUD = 9600
QT_PRINTER_KINDS = frozenset({PrinterKind.SYSTEM, PrinterKind.PDF})


class PrinterNotAvailable(NotImplementedError):
    """The configured kind of printer needs the Qt print adapter (``kiosk.ui.printing``)."""


def open_printer(
    spec: PrinterSpec, *, paper: PaperWidth = PaperWidth.MM80, native_qr: bool = True
) -> ReceiptPrinter:
    """The driver for ``spec``; raises ``PrinterNotAvailable`` for ``system:`` and ``pdf:``."""
    if spec.kind is PrinterKind.FAKE:
        return FakePrinter(paper=paper, native_qr=native_qr)
    if spec.kind is PrinterKind.FILE:
        return FilePrinter(spec.target, paper=paper, native_qr=native_qr)
    if spec.kind is PrinterKind.ESCPOS_NET:
        port = spec.port or DEFAULT_NETWORK_PORT
        return NetworkPrinter(spec.host, port, paper=paper, native_qr=native_qr)
    if spec.kind is PrinterKind.ESCPOS_USB:
        if spec.usb_vendor is None or spec.usb_product is None:
            raise ValueError(f"{spec}: a USB printer needs vendor and product ids")
        return UsbPrinter(spec.usb_vendor, spec.usb_product, paper=paper, native_qr=native_qr)
    if spec.kind is PrinterKind.ESCPOS_SERIAL:
        baud = spec.baud or DEFAULT_SERIAL_BAUD
        return SerialPrinter(spec.device, baud, paper=paper, native_qr=native_qr)
    raise PrinterNotAvailable(
        f"{spec}: system and PDF printers print through Qt; open them with "
        "kiosk.ui.printing.open_configured_printer"
    )


def open_configured(devices: DevicesSection) -> ReceiptPrinter:
    """``open_printer`` with the paper width and QR setting of the ``[devices]`` section."""
    return open_printer(
        devices.printer_spec(),
        paper=PaperWidth.from_millimetres(devices.paper_mm),
        native_qr=devices.printer_native_qr,
    )

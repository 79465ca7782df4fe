"""The receipt printer the configuration names (``kiosk.config.devices.PrinterSpec``).

``open_printer`` only builds the driver: nothing is connected or opened until the first
``state()`` or ``print_job`` (so a terminal starts even while its printer is switched off).

Thread contract: ``open_printer`` is cheap and may be called on any thread.
"""

from __future__ import annotations

from kiosk.config.devices import PrinterKind, PrinterSpec
from kiosk.devices.printer import ReceiptPrinter
from kiosk.devices.printer_escpos import FilePrinter, NetworkPrinter, SerialPrinter, UsbPrinter
from kiosk.devices.printer_fake import FakePrinter

DEFAULT_NETWORK_PORT = 9100
DEFAULT_SERIAL_BAUD = 9600


class PrinterNotAvailable(NotImplementedError):
    """The configured kind of printer has no driver in this build."""


def open_printer(spec: PrinterSpec) -> ReceiptPrinter:
    """The driver for ``spec``; raises ``PrinterNotAvailable`` for ``system:`` printers."""
    if spec.kind is PrinterKind.FAKE:
        return FakePrinter()
    if spec.kind is PrinterKind.FILE:
        return FilePrinter(spec.target)
    if spec.kind is PrinterKind.ESCPOS_NET:
        return NetworkPrinter(spec.host, spec.port or DEFAULT_NETWORK_PORT)
    if spec.kind is PrinterKind.ESCPOS_USB:
        if spec.usb_vendor is None or spec.usb_product is None:
            raise ValueError(f"{spec}: a USB printer needs vendor and product ids")
        return UsbPrinter(spec.usb_vendor, spec.usb_product)
    if spec.kind is PrinterKind.ESCPOS_SERIAL:
        return SerialPrinter(spec.device, spec.baud or DEFAULT_SERIAL_BAUD)
    raise PrinterNotAvailable(
        f"{spec}: system printers come with the Qt print adapter (QtPrintSupport, "
        "kiosk.devices.qt), which is not built yet; configure escpos-usb:, escpos-net:, "
        "escpos-serial:, file: or fake"
    )

"""Open the configured receipt printer, including the ones that print through Qt.

``system:`` and ``pdf:`` printers use QtPrintSupport (``kiosk.devices.qt.system_printer``), which
only the Qt layers may import; every other kind comes from ``kiosk.devices.printers``.

Thread contract: call on the GUI thread (a QApplication must exist for the Qt printers).
"""

from __future__ import annotations

from kiosk.config.devices import PrinterKind
from kiosk.config.schema import DevicesSection
from kiosk.devices.printer import PaperWidth, ReceiptPrinter
from kiosk.devices.printers import open_configured
from kiosk.devices.qt.system_printer import PdfFolderPrinter, SystemPrinter


def open_configured_printer(devices: DevicesSection) -> ReceiptPrinter:
    """The printer the ``[devices]`` section names, with its paper width."""
    spec = devices.printer_spec()
    paper = PaperWidth.from_millimetres(devices.paper_mm)
    if spec.kind is PrinterKind.PDF:
        return PdfFolderPrinter(spec.target, paper=paper)
    if spec.kind is PrinterKind.SYSTEM:
        return SystemPrinter(spec.target, paper=paper)
    return open_configured(devices)

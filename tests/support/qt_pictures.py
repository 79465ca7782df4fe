"""Read QR codes back from Qt pictures (screens, rendered PDF pages, PNG files) with zxing-cpp.
For the GUI tier only: it imports Qt."""

from __future__ import annotations

import numpy as np
import zxingcpp
from PySide6.QtGui import QImage


def qr_texts(image: QImage) -> list[str]:
    """The text of every QR code zxing-cpp finds in ``image``'s pixels."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    stride = grey.bytesPerLine()
    pixels = np.frombuffer(grey.constBits(), dtype=np.uint8, count=stride * grey.height())
    luma = np.ascontiguousarray(pixels.reshape(grey.height(), stride)[:, : grey.width()])
    return [result.text for result in zxingcpp.read_barcodes(luma)]

"""Read the luma (grey) plane of a ``QVideoFrame`` without colour conversion.

Most camera and video formats carry luma as its own plane (planar and semi-planar YUV) or
interleaved with chroma (packed YUV); reading it costs a copy of ~1 MB (about 0.3 ms), where
``toImage()`` converts colour for 7-9 ms. Other formats fall back to ``toImage()``.

Thread contract: call on the thread that received the frame (the GUI thread for Qt sources).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

from kiosk.devices.camera import Luma

PF = QVideoFrameFormat.PixelFormat
# Formats whose plane 0 is the 8-bit luma plane.
PLANAR_8BIT = frozenset(
    {
        PF.Format_YUV420P,
        PF.Format_YUV422P,
        PF.Format_YV12,
        PF.Format_NV12,
        PF.Format_NV21,
        PF.Format_IMC1,
        PF.Format_IMC2,
        PF.Format_IMC3,
        PF.Format_IMC4,
        PF.Format_Y8,
    }
)
# Formats whose plane 0 is 16-bit little-endian luma with the significant bits at the top
# (P010 keeps its 10 bits there): the high byte is the 8-bit luma.
PLANAR_16BIT = frozenset({PF.Format_P010, PF.Format_P016, PF.Format_Y16})
# 10-bit luma in the low bits of 16-bit words (FFmpeg's yuv420p10le, phones' 10-bit video).
PLANAR_10BIT_LOW = frozenset({PF.Format_YUV420P10})
# Packed 4:2:2: luma is every other byte, first (YUYV) or second (UYVY).
PACKED = {PF.Format_YUYV: 0, PF.Format_UYVY: 1}


def luma_of(frame: QVideoFrame) -> Luma | None:
    """The frame's luma as an owned height × width uint8 array, or None if unreadable."""
    if not frame.isValid():
        return None
    fmt = frame.pixelFormat()
    if fmt in PLANAR_8BIT or fmt in PLANAR_16BIT or fmt in PLANAR_10BIT_LOW or fmt in PACKED:
        if not frame.map(QVideoFrame.MapMode.ReadOnly):
            return None
        try:
            return _plane_zero(frame, fmt)
        finally:
            frame.unmap()
    image = frame.toImage()
    if image.isNull():
        return None
    return _qimage_luma(image.convertToFormat(QImage.Format.Format_Grayscale8))


def _plane_zero(frame: QVideoFrame, fmt: QVideoFrameFormat.PixelFormat) -> Luma | None:
    width, height, stride = frame.width(), frame.height(), frame.bytesPerLine(0)
    bits = frame.bits(0)
    if bits is None or stride <= 0 or len(bits) < stride * height:
        return None
    rows = np.frombuffer(bits, dtype=np.uint8, count=stride * height).reshape(height, stride)
    if fmt in PLANAR_10BIT_LOW:
        words: npt.NDArray[np.uint16] = rows.view("<u2")[:, :width]
        luma: Luma = np.minimum(words >> 2, 255).astype(np.uint8)
        return luma
    if fmt in PLANAR_16BIT:
        return _owned(rows[:, 1 : 2 * width : 2])  # little-endian: the high byte
    if fmt in PACKED:
        offset = PACKED[fmt]
        return _owned(rows[:, offset : 2 * width : 2])
    return _owned(rows[:, :width])


def _qimage_luma(image: QImage) -> Luma:
    height, width, stride = image.height(), image.width(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height)
    return _owned(rows.reshape(height, stride)[:, :width])


def _owned(view: Luma) -> Luma:
    """A compact copy: the frame's memory is unmapped (and may be reused) once we return."""
    return np.array(view, dtype=np.uint8, copy=True, order="C")

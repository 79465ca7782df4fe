"""The live camera picture, mirrored like a mirror, with the guide frame drawn over it.

The picture is the grey luma the decoder works on (no colour conversion on the GUI thread, and
the least image of the citizen the screen needs). The guide frame marks where the decoder
looks first; its colour follows the scan: white looking, amber reading, green accepted.
A document camera's picture is shown unmirrored (``mirrored=False``: the page's text reads the
right way round), with the guide where the page goes (``guide_share``).

Thread contract: GUI thread.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.devices.camera import Luma, LumaFrame
from kiosk.devices.qr_decoder import CENTRE_HEIGHT_SHARE, CENTRE_WIDTH_SHARE
from kiosk.runtime.display import DisplayMetrics

GUIDE_COLOURS = {"looking": "#FFFFFF", "reading": "#F2B233", "accepted": "#2EB872"}


class LumaPreview(QWidget):
    def __init__(
        self,
        metrics: DisplayMetrics,
        parent: QWidget | None = None,
        *,
        mirrored: bool = True,
        guide_share: tuple[float, float] = (CENTRE_WIDTH_SHARE, CENTRE_HEIGHT_SHARE),
    ) -> None:
        super().__init__(parent)
        self._metrics = metrics
        self._mirrored = mirrored
        self._guide_share = guide_share
        self._image: QImage | None = None
        self._frame: LumaFrame | None = None
        self._pixels: Luma | None = None  # the image's pixels, kept alive while it is shown
        self.guide = "looking"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(metrics.px(80), metrics.px(45))

    def show_frame(self, frame: LumaFrame | None) -> None:
        self._frame = frame
        self._pixels = None
        if frame is None:
            self._image = None
        else:
            # QImage reads rows of contiguous pixels; any other layout is copied first.
            pixels = frame.pixels
            if not pixels.flags.c_contiguous:
                pixels = np.ascontiguousarray(pixels)
            self._pixels = pixels  # keeps the image's pixels alive
            self._image = QImage(
                pixels.data,
                frame.width,
                frame.height,
                pixels.strides[0],
                QImage.Format.Format_Grayscale8,
            )
        self.update()

    @property
    def has_picture(self) -> bool:
        return self._image is not None

    def _picture_rect(self) -> QRectF:
        width, height = self.width(), self.height()
        aspect = 16 / 9
        if self._frame is not None:
            aspect = self._frame.width / self._frame.height
        if width / height > aspect:
            shown = QRectF(0, 0, height * aspect, height)
        else:
            shown = QRectF(0, 0, width, width / aspect)
        shown.moveCenter(QRectF(self.rect()).center())
        return shown

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = self._picture_rect()
        painter.fillRect(target, QColor("#1B2631"))
        if self._image is not None:
            painter.save()
            if self._mirrored:  # moving the phone right moves it right on screen
                painter.translate(target.center().x() * 2, 0)
                painter.scale(-1, 1)
            painter.drawImage(target, self._image)
            painter.restore()
        width_share, height_share = self._guide_share
        guide = QRectF(0, 0, target.width() * width_share, target.height() * height_share)
        guide.moveCenter(target.center())
        self._draw_brackets(painter, guide, QColor(GUIDE_COLOURS.get(self.guide, "#FFFFFF")))
        painter.end()

    def _draw_brackets(self, painter: QPainter, box: QRectF, colour: QColor) -> None:
        pen = QPen(colour, max(4, self._metrics.px(1.5)))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        arm = min(box.width(), box.height()) * 0.18
        for x, y, dx, dy in (
            (box.left(), box.top(), 1, 1),
            (box.right(), box.top(), -1, 1),
            (box.left(), box.bottom(), 1, -1),
            (box.right(), box.bottom(), -1, -1),
        ):
            painter.drawLine(int(x), int(y), int(x + dx * arm), int(y))
            painter.drawLine(int(x), int(y), int(x), int(y + dy * arm))

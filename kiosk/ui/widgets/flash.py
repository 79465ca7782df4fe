"""A short flash over a widget saying how a scan went: a thick green border with a tick for an
accepted code, a red one with a cross for a refused one, for about 0.8 s.

``ScanFlash`` is a transparent child laid over its parent (it follows the parent's size and
stays above its siblings while shown). It never takes focus or mouse events and is never a
window of its own, so a clerk typing at the desk is not interrupted; a screen reader finds it
by its accessible name ("Scan accepted" / "Scan refused"). Flashing again while it shows
restarts it with the new result.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk.ui.widgets.common import RetranslatingWidget

FLASH_MS = 800
ACCEPTED_COLOUR = "#1F8A57"  # the colours of the ok and refused icons (WCAG AA on white)
REFUSED_COLOUR = "#B3261E"


class ScanFlash(RetranslatingWidget):
    """The flash over ``parent``: ``flash(True)`` for an accepted scan, ``flash(False)`` for a
    refused one."""

    def __init__(
        self,
        parent: QWidget,
        *,
        duration_ms: int = FLASH_MS,
        thickness_px: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ScanFlash")
        self._covered = parent
        self._ok: bool | None = None  # what is shown now (None: nothing)
        self._thickness = thickness_px
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse one may add 5 %
        self._timer.setInterval(duration_ms)
        self._timer.timeout.connect(self.clear)
        self.setGeometry(parent.rect())
        parent.installEventFilter(self)
        self.hide()
        self.retranslate()

    # ------------------------------------------------------------------ use
    @property
    def ok(self) -> bool | None:
        """True (accepted) or False (refused) while flashing; None when nothing is shown."""
        return self._ok

    @property
    def showing(self) -> bool:
        return self._ok is not None

    @property
    def remaining_ms(self) -> int:
        """How long the flash still shows (0 when it does not)."""
        return max(0, self._timer.remainingTime()) if self.showing else 0

    def flash(self, ok: bool) -> None:
        """Show the result of a scan (again from the start, if a flash is showing)."""
        self._ok = ok
        self.setGeometry(self._covered.rect())
        self.retranslate()
        self.raise_()
        self.show()
        self.update()
        self._timer.start()

    def clear(self) -> None:
        """Stop showing at once."""
        self._timer.stop()
        self._ok = None
        self.hide()
        self.retranslate()

    def retranslate(self) -> None:
        if self._ok is None:
            name = self.tr("Scan result")
        elif self._ok:
            name = self.tr("Scan accepted")
        else:
            name = self.tr("Scan refused")
        self.setAccessibleName(name)

    # ------------------------------------------------------------------ Qt
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._covered and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._covered.rect())
        return super().eventFilter(watched, event)

    def thickness(self) -> int:
        """The border's width in pixels: given, or from the covered widget's size."""
        if self._thickness is not None:
            return self._thickness
        return max(6, round(min(self.width(), self.height()) * 0.03))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self._ok is None:
            return
        colour = QColor(ACCEPTED_COLOUR if self._ok else REFUSED_COLOUR)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        thick = self.thickness()
        frame = QRectF(self.rect()).adjusted(thick / 2, thick / 2, -thick / 2, -thick / 2)
        painter.setPen(QPen(colour, thick))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)
        # The mark: a disc in the colour with a white tick or cross, in the middle.
        side = min(self.width(), self.height()) * 0.36
        centre = QPointF(self.width() / 2, self.height() / 2)
        disc = QRectF(centre.x() - side / 2, centre.y() - side / 2, side, side)
        painter.setPen(QPen(QColor("#FFFFFF"), max(2.0, side * 0.04)))
        painter.setBrush(colour)
        painter.drawEllipse(disc)
        mark = QPen(QColor("#FFFFFF"), side * 0.11)
        mark.setCapStyle(Qt.PenCapStyle.RoundCap)
        mark.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(mark)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()

        def at(x: float, y: float) -> QPointF:  # a point of the disc, 0..1 across and down
            return QPointF(disc.left() + x * side, disc.top() + y * side)

        if self._ok:
            path.moveTo(at(0.27, 0.52))
            path.lineTo(at(0.44, 0.68))
            path.lineTo(at(0.74, 0.35))
        else:
            path.moveTo(at(0.32, 0.32))
            path.lineTo(at(0.68, 0.68))
            path.moveTo(at(0.68, 0.32))
            path.lineTo(at(0.32, 0.68))
        painter.drawPath(path)
        painter.end()

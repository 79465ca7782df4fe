"""The "are you still there?" countdown shown over a screen before the session is wiped.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.widgets.common import RetranslatingWidget, make_button, make_icon, make_label


class IdleOverlay(RetranslatingWidget):
    """Dims the screen and shows the seconds left; any touch on it means "I'm still here"."""

    continue_clicked = Signal()

    def __init__(self, metrics: DisplayMetrics, parent: QWidget) -> None:
        super().__init__(parent)
        self._covered = parent
        self._metrics = metrics
        self.setObjectName("IdleOverlay")
        self._seconds = 0
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame()
        self.card.setObjectName("IdleCard")
        self.card.setMaximumWidth(metrics.px(190))
        self._card_layout = layout = QVBoxLayout(self.card)
        pad = metrics.spacing_px * 3
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(metrics.spacing_px * 2)
        self.timer_icon = make_icon("timer", metrics.px(16))
        layout.addWidget(self.timer_icon, 0, Qt.AlignmentFlag.AlignHCenter)
        self.title = make_label("title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.count = make_label("countdown")
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = make_label("body")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.continue_button = make_button("primary")
        self.continue_button.clicked.connect(self.continue_clicked)
        for widget in (self.title, self.count, self.message, self.continue_button):
            layout.addWidget(widget)
        outer.addWidget(self.card)
        self.apply_metrics(metrics)
        parent.installEventFilter(self)
        self.hide()
        self.retranslate()

    def set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self.retranslate()

    def apply_metrics(self, metrics: DisplayMetrics) -> None:
        """Sizes for the session's presentation (elder mode: a wider card, more room)."""
        self._metrics = metrics
        self.card.setMaximumWidth(metrics.px(250 if metrics.elder else 190))
        # Elder mode's spacing is already larger: the card must still fit a 768-pixel panel.
        pad = metrics.spacing_px * (2 if metrics.elder else 3)
        layout = self._card_layout
        layout.setContentsMargins(pad, pad, pad, pad)
        layout.setSpacing(metrics.spacing_px * (1 if metrics.elder else 2))

    @property
    def seconds(self) -> int:
        return self._seconds

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._covered and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._covered.rect())
        return False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self.setGeometry(self._covered.rect())
        self.raise_()
        super().showEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(10, 20, 35, 150))
        painter.end()
        super().paintEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Are you still there?"))
        self.message.setText(
            self.tr(
                "To protect your information, this session will end and everything you "
                "entered will be cleared when the countdown reaches zero."
            )
        )
        self.continue_button.setText(self.tr("I'm still here — continue"))
        # The countdown names its unit: "还剩 15 秒" / "15 seconds left".
        if self._seconds == 1:
            self.count.setText(self.tr("1 second left"))
        else:
            self.count.setText(self.tr("{seconds} seconds left").format(seconds=self._seconds))

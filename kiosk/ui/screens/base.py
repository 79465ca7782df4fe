"""What every screen has: its texts in the current language, a wipe, and a view hook.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QScroller,
    QVBoxLayout,
    QWidget,
)

from kiosk.journeys.modes import TerminalFacts
from kiosk.journeys.shell import KioskShell, ShellView
from kiosk.runtime.clock import Clock
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.tasks import TaskRunner
from kiosk.ui.widgets.common import RetranslatingWidget

if TYPE_CHECKING:  # not needed to paint the home screen: imported after it
    from kiosk.credentials.verifier import VerificationResult
    from kiosk.devices.camera import FrameSource
    from kiosk.devices.speaker import Speaker
    from kiosk.journeys.scan_step import ScanRequest


@dataclass(frozen=True)
class ScanSetup:
    """What a scan needs: where frames come from, how codes are verified (for the request of
    the journey's scan step: its purpose, and whether a dynamic e-ID is used up), how to cheer.
    Paper documents are photographed from ``document_source_factory`` (the document camera;
    None: the main camera, ``source_factory``)."""

    source_factory: Callable[[], FrameSource]
    verify: Callable[[str, ScanRequest], VerificationResult] | None
    speaker: Speaker
    clock: Clock
    required_reads: int = 2
    timeout_s: float = 45.0
    document_source_factory: Callable[[], FrameSource] | None = None

    @property
    def document_sources(self) -> Callable[[], FrameSource]:
        """Where photos of paper documents come from: the document camera, else the main one."""
        return self.document_source_factory or self.source_factory


@dataclass(frozen=True)
class UiContext:
    """What every screen may use: the shell, display metrics, terminal facts, background work."""

    shell: KioskShell
    metrics: DisplayMetrics
    terminal: TerminalFacts
    tasks: TaskRunner
    scanning: ScanSetup


class ScreenWidget(RetranslatingWidget):
    """Base of all screens: retranslates on language change; wipes when a session ends."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.shell = context.shell
        self.metrics = context.metrics
        # The body scrolls (with a finger drag) when a small or portrait panel cannot show it
        # all, instead of forcing the window taller than the screen.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("ScreenScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(
            self.scroll_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture
        )
        content = QWidget()
        content.setObjectName("ScreenContent")
        self.scroll_area.setWidget(content)
        outer.addWidget(self.scroll_area, 1)
        self.body = QVBoxLayout(content)
        margin = self.metrics.spacing_px * 4
        self.body.setContentsMargins(margin, margin, margin, margin)
        self.body.setSpacing(self.metrics.spacing_px * 2)
        # The way onwards or back never scrolls out of sight: buttons go in this fixed bar.
        self.action_bar = QHBoxLayout()
        self.action_bar.setContentsMargins(margin, 0, margin, margin)
        self.action_bar.setSpacing(self.metrics.spacing_px * 2)
        outer.addLayout(self.action_bar)

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        """The session's presentation changed (elder mode: larger text, targets and spacing;
        the stylesheet already has them). ``metrics`` replaces ``self.metrics``; the base sets
        the margins and spacing it laid out. A screen that sized something in pixels from the
        metrics (an icon, a fixed width) overrides this, calls it, and resizes that too.
        Called on the GUI thread, also right after the screen is built (with the session's
        metrics, whose cap ratio is measured from the UI font)."""
        self.metrics = metrics
        # Elder mode widens the gaps between targets, not the screen's edges (room for text).
        margin = metrics.spacing_px * (2 if metrics.elder else 4)
        self.body.setContentsMargins(margin, margin, margin, margin)
        self.body.setSpacing(metrics.spacing_px * 2)
        self.action_bar.setContentsMargins(margin, 0, margin, margin)
        self.action_bar.setSpacing(metrics.spacing_px * 2)

    def on_enter(self) -> None:
        """This screen has just become the current one."""

    def on_leave(self) -> None:
        """Another screen is about to replace this one."""

    def show_view(self, view: ShellView) -> None:
        """Update from the shell's latest view (e.g. a countdown). Default: nothing to show."""

    def wipe(self) -> None:
        """Forget everything the last citizen entered or saw; scroll back to the top."""
        self.scroll_area.verticalScrollBar().setValue(0)

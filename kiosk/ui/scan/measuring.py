"""The scan controller as a technician's camera test: the same pipeline, and what it measured.

``MeasuringScanController`` is a continuous ``ScanController`` (it never times out and never
verifies) that also says what each frame and each analysis showed, for the device-test screen
(``kiosk.ui.screens.tech_devices``): ``frame_shown`` with every frame taken for the preview,
and ``measured`` with a ``FrameMeasure`` for every frame the decoder looked at — the frame's
time, how many codes it read and of which *kind* (``kiosk.journeys.tech_devices.code_kind``,
worked out on the decoding worker), and the frame statistics. A code's text never leaves the
controller this way.

Thread contract: GUI thread, like the controller it extends; the kinds are found on the
decoding worker.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from PySide6.QtCore import QObject, Signal

from kiosk.devices.camera import FrameSource, LumaFrame
from kiosk.devices.qr_decoder import QrDecoder
from kiosk.devices.speaker import Speaker
from kiosk.journeys.scan import Analysis
from kiosk.journeys.tech_devices import CodeKind, FrameMeasure, code_kind
from kiosk.runtime.clock import Clock
from kiosk.runtime.tasks import TaskRunner
from kiosk.ui.scan.controller import ScanController, Verify


@dataclass(frozen=True)
class _MeasuredAnalysis(Analysis):
    """An analysis with the analysed frame's time and the kinds of the codes read."""

    timestamp: float = 0.0
    kinds: tuple[CodeKind, ...] = ()


class MeasuringScanController(ScanController):
    """See the module docstring."""

    frame_shown = Signal(object)  # the LumaFrame now in ``latest``
    measured = Signal(object)  # a FrameMeasure

    def __init__(
        self,
        *,
        source_factory: Callable[[], FrameSource],
        tasks: TaskRunner,
        clock: Clock,
        speaker: Speaker,
        decoder: QrDecoder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            source_factory=source_factory,
            tasks=tasks,
            clock=clock,
            verify=None,
            speaker=speaker,
            decoder=decoder,
            continuous=True,
            parent=parent,
        )

    def set_verify(self, verify: Verify | None) -> None:
        """A camera test verifies nothing."""
        del verify

    def _on_frame(self, generation: int, frame: LumaFrame) -> None:
        super()._on_frame(generation, frame)
        if self.latest is frame:  # taken for this run (not one queued for an earlier one)
            self.frame_shown.emit(frame)

    def _analyse(self, frame: LumaFrame, known: frozenset[str], verify: Verify | None) -> Analysis:
        analysis = super()._analyse(frame, known, verify)
        kinds = tuple(code_kind(text) for text in analysis.texts)
        values = {field.name: getattr(analysis, field.name) for field in fields(analysis)}
        return _MeasuredAnalysis(**values, timestamp=frame.timestamp, kinds=kinds)

    def _on_analysis(self, analysis: Analysis) -> None:
        if self.running and isinstance(analysis, _MeasuredAnalysis):
            self.measured.emit(
                FrameMeasure(
                    analysis.timestamp, len(analysis.texts), analysis.kinds, analysis.stats
                )
            )
        super()._on_analysis(analysis)

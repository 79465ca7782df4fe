"""``kiosk scan-test``: how well the configured camera reads codes, for N seconds.

Runs the scan pipeline as the scan screen does (one frame analysed at a time on a worker,
later frames dropped while it works) without accepting anything, and reports frames per second
delivered and analysed, the share of analysed frames in which a code was read, the decoder's
time per frame and the latency from a frame's arrival to its result.

Decoded texts are not reported (a citizen's code may be in view): only how many distinct codes
were read and their lengths.

Thread contract: GUI thread (call from the main thread; it runs its own event loop).
"""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal

from kiosk.config.devices import CameraSpec
from kiosk.devices.camera import CameraState, FrameSource, LumaFrame
from kiosk.devices.qr_decoder import QrDecoder
from kiosk.ui.app import ensure_application
from kiosk.ui.scan.sources import frame_source
from kiosk.ui.tasks import QtTaskRunner

_log = logging.getLogger(__name__)


@dataclass
class LiveScanReport:
    seconds: float
    camera: CameraState = CameraState.OFF
    frames: int = 0
    analysed: int = 0
    with_code: int = 0
    decode_ms: list[float] = field(default_factory=list)
    latency_ms: list[float] = field(default_factory=list)
    code_lengths: dict[int, int] = field(default_factory=dict)  # hash of text -> its length
    errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.camera.failed and self.frames > 0 and not self.errors

    def as_json(self) -> dict[str, Any]:
        def summary(values: list[float]) -> dict[str, float] | None:
            if not values:
                return None
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            return {"p50": round(statistics.median(values), 2), "p95": round(p95, 2)}

        return {
            "seconds": self.seconds,
            "camera": self.camera.value,
            "frames_per_s": round(self.frames / self.seconds, 1),
            "analysed_per_s": round(self.analysed / self.seconds, 1),
            "decode_rate": round(self.with_code / self.analysed, 3) if self.analysed else 0.0,
            "decode_ms": summary(self.decode_ms),
            "latency_ms": summary(self.latency_ms),
            "distinct_codes": len(self.code_lengths),
            "code_lengths": sorted(self.code_lengths.values()),
            "analysis_errors": self.errors,
        }


def render_text(report: LiveScanReport) -> str:
    data = report.as_json()
    if report.camera.failed:
        return f"camera: {report.camera.value} — no frames to test"
    lines = [
        f"camera: {data['camera']}, {data['seconds']} s",
        f"frames per second: {data['frames_per_s']} delivered, {data['analysed_per_s']} analysed",
        f"decode rate: {data['decode_rate']:.0%} of analysed frames had a readable code",
    ]
    for name, label in (("decode_ms", "decoder time"), ("latency_ms", "frame to result")):
        figures = data[name]
        if figures:
            lines.append(f"{label}: p50 {figures['p50']} ms, p95 {figures['p95']} ms")
    lengths = ", ".join(str(length) for length in data["code_lengths"]) or "-"
    lines.append(f"distinct codes read: {data['distinct_codes']} (characters: {lengths})")
    return "\n".join(lines)


class _LiveScanTest(QObject):
    _frame_arrived = Signal(object)
    _state_arrived = Signal(object)
    camera_failed = Signal()

    def __init__(self, source: FrameSource, seconds: float) -> None:
        super().__init__()
        self.source = source
        self.report = LiveScanReport(seconds)
        self._decoder = QrDecoder()
        self._tasks = QtTaskRunner(max_threads=1)
        self._busy = False
        self._frame_arrived.connect(self._on_frame, Qt.ConnectionType.QueuedConnection)
        self._state_arrived.connect(self._on_state, Qt.ConnectionType.QueuedConnection)

    def run(self) -> LiveScanReport:
        loop = QEventLoop()
        self.camera_failed.connect(loop.quit)
        QTimer.singleShot(int(self.report.seconds * 1000), loop.quit)
        self._decoder.warm_up()
        self.source.start(self._frame_arrived.emit, self._state_arrived.emit)
        loop.exec()
        self.source.stop()
        self._tasks.shutdown()
        return self.report

    def _on_state(self, state: CameraState) -> None:
        self.report.camera = state if state is not CameraState.OFF else self.report.camera
        if state.failed:
            self.camera_failed.emit()

    def _on_frame(self, frame: LumaFrame) -> None:
        self.report.frames += 1
        if self._busy:
            return
        self._busy = True
        arrived = time.monotonic()
        self._tasks.submit(
            "scan-test frame", lambda: self._decode(frame), self._done(arrived), self._failed
        )

    def _decode(self, frame: LumaFrame) -> tuple[tuple[str, ...], float]:
        start = time.perf_counter()
        texts = self._decoder.decode(frame.pixels).texts
        return texts, (time.perf_counter() - start) * 1000

    def _done(self, arrived: float) -> Callable[[tuple[tuple[str, ...], float]], None]:
        def deliver(result: tuple[tuple[str, ...], float]) -> None:
            texts, decode_ms = result
            self._busy = False
            self.report.analysed += 1
            self.report.decode_ms.append(decode_ms)
            self.report.latency_ms.append((time.monotonic() - arrived) * 1000)
            if texts:
                self.report.with_code += 1
            for text in texts:
                self.report.code_lengths[hash(text)] = len(text)

        return deliver

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.report.errors += 1
        _log.error("scan-test analysis failed: %s", type(error).__name__)


def live_scan_test(source_factory: Callable[[], FrameSource], seconds: float) -> LiveScanReport:
    """Run the pipeline on a new source for ``seconds`` (less if the camera fails)."""
    return _LiveScanTest(source_factory(), seconds).run()


def run_scan_test(spec: CameraSpec, size: tuple[int, int], seconds: float) -> LiveScanReport:
    """``kiosk scan-test``: the configured source, asked for ``size``, for ``seconds``."""
    ensure_application()
    return live_scan_test(lambda: frame_source(spec, size=size), seconds)

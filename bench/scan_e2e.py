"""End-to-end scan figure: a real video, through the media-file source, to an accepted code.

    python -m bench.scan_e2e [--runs N]

Makes an H.264 video (a second of a scene without a code, then a phone held up showing a
freshly issued demo e-ID), plays it through ``MediaFileSource`` into ``ScanController`` with the
thread-pool task runner — exactly what the scan screen does with a camera — and reports:

- ``latency_ms``: from the arrival of the first frame that shows the code to acceptance, for
  the signed fast path (the e-ID's signature verifies: accepted on its first read) and for an
  unverified code accepted after two consistent reads;
- ``sustained``: frames delivered and analysed per second while the code is in view, and the
  share of frames dropped because the previous one was still being analysed.

``bench/qr_decode.py`` includes this figure; run alone it prints one JSON object, whose
environment section includes the machine's load during the run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QTimer

from bench.support.machine import MachineLoad, environment, pin_to_one_core
from bench.support.video import scan_video, shows_code
from kiosk.config.loader import load_config
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.verifier import VerificationResult
from kiosk.demo import write_demo_config
from kiosk.devices.camera import CameraState, FrameCallback, LumaFrame, StateCallback
from kiosk.devices.qt.media_file import MediaFileSource
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.scan import ScanPhase
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal
from kiosk.ui.app import ensure_application
from kiosk.ui.scan.controller import ScanController
from kiosk.ui.tasks import QtTaskRunner
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import create_demo_keys

GIVE_UP_S = 20.0


class MarkingSource:
    """A media-file source that notes when the first frame showing a code arrived."""

    def __init__(self, path: Path) -> None:
        self.inner = MediaFileSource(path, loop=False)
        self.first_code_at: float | None = None
        self.delivered = 0
        self.code_frames = 0

    @property
    def state(self) -> CameraState:
        return self.inner.state

    def start(self, on_frame: FrameCallback, on_state: StateCallback) -> None:
        def marked(frame: LumaFrame) -> None:
            self.delivered += 1
            if shows_code(frame.pixels):
                self.code_frames += 1
                if self.first_code_at is None:
                    self.first_code_at = frame.timestamp
            on_frame(frame)

        self.inner.start(marked, on_state)

    def stop(self) -> None:
        self.inner.stop()


def _wait(controller: ScanController, seconds: float) -> None:
    loop = QEventLoop()
    controller.finished.connect(loop.quit)
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    controller.finished.disconnect(loop.quit)


def _pipeline(
    video: Path, verify: Callable[[str], VerificationResult] | None, required_reads: int
) -> tuple[MarkingSource, ScanController, QtTaskRunner]:
    """The scan screen's pipeline on ``video``: one worker thread, as on a one-core terminal."""
    tasks = QtTaskRunner(max_threads=1)
    source = MarkingSource(video)
    controller = ScanController(
        source_factory=lambda: source,
        tasks=tasks,
        clock=SystemClock(),
        verify=verify,
        speaker=FakeSpeaker(),
        required_reads=required_reads,
        timeout_s=GIVE_UP_S,
    )
    return source, controller, tasks


def _one_scan(
    video: Path, verify: Callable[[str], VerificationResult] | None, required_reads: int
) -> dict[str, Any]:
    source, controller, tasks = _pipeline(video, verify, required_reads)
    accepted_at: list[float] = []
    controller.finished.connect(lambda: accepted_at.append(time.monotonic()))
    controller.start()
    _wait(controller, GIVE_UP_S)
    view = controller.view()
    controller.forget()
    tasks.shutdown()
    if view is None or view.phase is not ScanPhase.ACCEPTED or source.first_code_at is None:
        raise RuntimeError(f"the scan did not accept the code: {view}")
    return {
        "latency_ms": (accepted_at[0] - source.first_code_at) * 1000,
        "signed": view.result is not None and view.result.valid,
    }


def _sustained(video: Path, seconds: float) -> dict[str, Any]:
    """Analyse the code frames without ever accepting (reads required: more than there are)."""
    _source, controller, tasks = _pipeline(video, None, 10**6)
    controller.start()
    _wait(controller, seconds)
    counters = controller.counters
    controller.forget()
    tasks.shutdown()
    return {
        "window_s": seconds,
        "frames_delivered_per_s": round(counters.frames / seconds, 1),
        "frames_analysed_per_s": round(counters.analysed / seconds, 1),
        "dropped_share": round(counters.dropped / max(1, counters.frames), 3),
        "frames_with_a_code_decoded_share": round(counters.decoded / max(1, counters.analysed), 3),
    }


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 1),
        "max": round(max(values), 1),
        "runs": len(values),
    }


def measure_end_to_end(unverified_text: str, runs: int = 5) -> dict[str, Any]:
    """The figures above; ``unverified_text`` is shown for the two-reads path."""
    ensure_application()
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as folder_name:
        folder = Path(folder_name)
        keys = create_demo_keys(folder / "keys", now)
        config = write_demo_config(folder, trust_anchor_pem=keys.anchor_public_pem)
        terminal = Terminal(load_config(config, {}), SystemClock())  # as the kiosk opens it
        credentials = terminal.open_credentials()
        credentials.trust_store.install(keys.trust_list(sequence=1, issued_at=now), now)
        verifier = credentials.verifier

        def verify(text: str) -> VerificationResult:
            return verifier.verify(text, Purpose.SERVICE_APPLICATION, now, record_use=False)

        signed_video = scan_video(folder / "signed.mp4", [issue_eid(keys, "sc-eid", now)])
        plain_video = scan_video(folder / "plain.mp4", [unverified_text])
        signed = [_one_scan(signed_video, verify, 2) for _ in range(runs)]
        if not all(run["signed"] for run in signed):
            raise RuntimeError("the signed e-ID was not verified")
        plain = [_one_scan(plain_video, None, 2) for _ in range(runs)]
        sustained_video = scan_video(folder / "long.mp4", [unverified_text], blank_s=0, code_s=4)
        sustained = _sustained(sustained_video, 3.0)
        terminal.close()
    return {
        "video": "1280x720 H.264, 30 fps: 1 s without a code, then a phone held up",
        "latency_ms_signed_fast_path": _summary([run["latency_ms"] for run in signed]),
        "latency_ms_two_consistent_reads": _summary([run["latency_ms"] for run in plain]),
        "sustained": sustained,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from refplatform.issuer.example import example_texts  # noqa: PLC0415

    cpus = pin_to_one_core()
    load = MachineLoad.start()
    report = {
        "benchmark": "scan_e2e",
        **measure_end_to_end(example_texts()[0], args.runs),
        "environment": environment(cpus, load),
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

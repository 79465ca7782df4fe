"""The hotel desk's always-on scanner with real Qt (offscreen), the shipped fake camera showing
real e-ID codes issued with the demo keys (decoded from the pixels on the worker pool), and a
real verifier with its replay cache in SQLite."""

from __future__ import annotations

import threading
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.credentials.errors import Reason
from kiosk.credentials.model import ElectronicId
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import IDENTITY_TYPES, CredentialType
from kiosk.credentials.verifier import VerificationResult
from kiosk.devices import frames
from kiosk.devices.camera import CameraState
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.speaker import Cue, FakeSpeaker
from kiosk.journeys.scan import Hint, ScanPhase, ScanView
from kiosk.journeys.scan_step import ScanRequest
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.ui.scan.desk_scanner import DESK_REQUEST, DeskScanner
from kiosk.ui.screens.base import ScanSetup
from kiosk.ui.tasks import QtTaskRunner
from refplatform.issuer.issue import issue_eid, issue_licence
from refplatform.issuer.keys import DemoKeySet
from tests.support.credential_fixtures import NOW, Terminal

Verify = Callable[[str, ScanRequest], VerificationResult]


def phone(text: str) -> np.ndarray:
    return frames.phone_frame([text], code_height=460)


@pytest.fixture
def tasks(qapp: QApplication) -> Iterator[QtTaskRunner]:
    runner = QtTaskRunner(max_threads=2)
    yield runner
    runner.shutdown()


@dataclass
class Desk:
    scanner: DeskScanner
    camera: ImageSequenceSource
    clock: ManualClock
    speaker: FakeSpeaker
    qtbot: QtBot
    results: list[VerificationResult | None] = field(default_factory=list)
    requests: list[ScanRequest] = field(default_factory=list)

    def feed(self, count: int) -> None:
        """Deliver ``count`` frames, each analysed before the next (none dropped)."""
        controller = self.scanner.controller
        for _ in range(count):
            before = controller.counters.analysed
            assert self.camera.step()

            def analysed(done: int = before) -> bool:
                return controller.counters.analysed > done

            self.qtbot.waitUntil(analysed)

    def feed_until_verified(self, count: int, most: int = 12) -> None:
        for _ in range(most):
            if len(self.results) >= count:
                break
            self.feed(1)
        self.settle()
        assert len(self.results) == count

    def settle(self) -> None:
        """Wait for every verification under way to be delivered."""
        self.qtbot.waitUntil(lambda: self.scanner.verifying == 0)


def make_desk(
    qtbot: QtBot,
    tasks: QtTaskRunner,
    terminal: Terminal | None,
    *,
    verify: Verify | None = None,
    restart_s: float = 0.05,
) -> Desk:
    clock = ManualClock(NOW)
    camera = ImageSequenceSource([frames.blank_frame()], fps=0)
    speaker = FakeSpeaker()
    requests: list[ScanRequest] = []

    def verified_by_terminal(text: str, request: ScanRequest) -> VerificationResult:
        assert terminal is not None
        requests.append(request)
        return terminal.verifier.verify(
            text, request.purpose, clock.now(), record_use=request.uses_up
        )

    setup = ScanSetup(
        source_factory=lambda: camera,
        verify=verify or (verified_by_terminal if terminal is not None else None),
        speaker=speaker,
        clock=clock,
        required_reads=2,
    )
    scanner = DeskScanner(setup, tasks, restart_s=restart_s)
    desk = Desk(scanner, camera, clock, speaker, qtbot, requests=requests)
    scanner.verified.connect(desk.results.append)
    return desk


@pytest.fixture
def codes(demo_keys: DemoKeySet) -> tuple[str, str]:
    """Two guests' dynamic e-ID codes: the demo people of Sichuan and of Chongqing."""
    return issue_eid(demo_keys, "sc-eid", NOW), issue_eid(demo_keys, "cq-eid", NOW)


def _holder(result: VerificationResult | None) -> str:
    assert result is not None and isinstance(result.credential, ElectronicId)
    return result.credential.id_number


def test_two_guests_one_after_the_other_are_both_verified_and_used_up(
    qtbot: QtBot, tasks: QtTaskRunner, terminal: Terminal, codes: tuple[str, str]
) -> None:
    desk = make_desk(qtbot, tasks, terminal)
    first, second = codes
    desk.scanner.start()
    assert desk.camera.state is CameraState.ACTIVE
    desk.feed(2)
    assert desk.results == [] and desk.scanner.hint is Hint.NONE
    desk.camera.show([phone(first)])
    desk.feed_until_verified(1)
    desk.camera.show([phone(second)])
    desk.feed_until_verified(2)
    assert all(result is not None and result.valid for result in desk.results)
    assert _holder(desk.results[0]) != _holder(desk.results[1])
    assert desk.speaker.played == [Cue.ACCEPTED, Cue.ACCEPTED]
    assert desk.requests == [DESK_REQUEST, DESK_REQUEST]  # once each, using the code up
    assert DESK_REQUEST.purpose is Purpose.HOTEL_CHECK_IN and DESK_REQUEST.uses_up
    assert DESK_REQUEST.accepts == IDENTITY_TYPES
    assert desk.scanner.running and desk.camera.state is CameraState.ACTIVE  # still scanning
    counters = desk.scanner.counters
    assert (counters.handed_on, counters.verified, counters.usable) == (2, 2, 2)
    desk.scanner.stop()


def test_the_same_phone_held_in_view_is_handed_on_once(
    qtbot: QtBot, tasks: QtTaskRunner, terminal: Terminal, codes: tuple[str, str]
) -> None:
    desk = make_desk(qtbot, tasks, terminal)
    desk.scanner.start()
    desk.camera.show([phone(codes[0])])
    desk.feed(16)
    desk.settle()
    for _ in range(20):
        QApplication.processEvents()
    assert len(desk.results) == 1 and desk.results[0] is not None and desk.results[0].valid
    assert desk.scanner.counters.accepted >= 5, "the phone was read and accepted again and again"
    assert desk.scanner.counters.handed_on == 1
    assert len(desk.requests) == 1
    assert desk.speaker.played == [Cue.ACCEPTED]
    desk.scanner.stop()


def test_a_phone_read_but_not_accepted_for_a_while_stays_in_view(
    qtbot: QtBot, tasks: QtTaskRunner, terminal: Terminal, codes: tuple[str, str]
) -> None:
    desk = make_desk(qtbot, tasks, terminal)
    reads: list[tuple[str, ...]] = []
    desk.scanner.controller.read.connect(reads.append)
    desk.scanner.start()
    desk.camera.show([phone(codes[0])])
    desk.feed_until_verified(1)
    desk.camera.inject(CameraFault.TWO_CODES)  # another code beside it: nothing is accepted
    accepted = desk.scanner.counters.accepted
    for _ in range(4):
        desk.clock.advance(0.8)  # longer than the quiet time in all, never out of view
        desk.feed(1)
    assert desk.scanner.counters.accepted == accepted
    assert desk.scanner.hint is Hint.SHOW_ONE_CODE
    assert all(codes[0] in texts for texts in reads[-4:]), "the guest's code was read"
    desk.camera.clear(CameraFault.TWO_CODES)
    desk.feed(6)
    desk.settle()
    assert desk.scanner.counters.accepted > accepted
    assert len(desk.results) == 1, "a code that never left the camera was handed on again"
    desk.scanner.stop()


def test_a_phone_shown_again_after_going_away_is_replayed_with_when_it_was_used(
    qtbot: QtBot, tasks: QtTaskRunner, terminal: Terminal, codes: tuple[str, str]
) -> None:
    desk = make_desk(qtbot, tasks, terminal)
    desk.scanner.start()
    desk.camera.show([phone(codes[0])])
    desk.feed_until_verified(1)
    desk.camera.show([frames.blank_frame()])  # the guest takes the phone away
    desk.feed(3)
    desk.clock.advance(1.0)
    desk.feed(2)
    desk.camera.show([phone(codes[0])])  # ... and back, within the quiet time: nothing
    desk.feed(6)
    desk.settle()
    assert len(desk.results) == 1
    desk.camera.show([frames.blank_frame()])
    desk.feed(2)
    desk.clock.advance(desk.scanner.gate.quiet_s + 0.5)
    desk.camera.show([phone(codes[0])])  # back after the quiet time: verified again
    desk.feed_until_verified(2)
    again = desk.results[1]
    assert again is not None and again.reason is Reason.REPLAYED
    assert again.used_at == NOW
    assert desk.speaker.played == [Cue.ACCEPTED, Cue.REFUSED]
    assert desk.scanner.counters.refused == 1
    desk.scanner.stop()


def test_a_code_that_is_no_identity_is_refused_with_the_low_tone(
    qtbot: QtBot, tasks: QtTaskRunner, terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    desk = make_desk(qtbot, tasks, terminal)
    desk.scanner.start()
    licence = issue_licence(demo_keys, "sc-licence", CredentialType.BUSINESS_LICENCE, NOW)
    desk.camera.show([phone(licence)])
    desk.feed_until_verified(1)
    result = desk.results[0]
    assert result is not None and result.valid  # a genuine licence, but not who the guest is
    desk.camera.show([phone("HTTPS://WWW.SC.GOV.CN/")])
    desk.feed_until_verified(2)
    assert desk.results[1] is not None and not desk.results[1].valid
    assert desk.speaker.played == [Cue.REFUSED, Cue.REFUSED]
    desk.scanner.stop()


def test_the_camera_is_started_again_after_it_failed(
    qtbot: QtBot, tasks: QtTaskRunner, terminal: Terminal, codes: tuple[str, str]
) -> None:
    desk = make_desk(qtbot, tasks, terminal)
    changes: list[None] = []
    desk.scanner.changed.connect(lambda: changes.append(None))
    desk.scanner.start()
    desk.camera.show([phone(codes[0])])
    desk.feed_until_verified(1)
    desk.camera.inject(CameraFault.NO_DEVICE)  # the camera will not come back at once
    desk.camera.inject(CameraFault.LOST)  # unplugged mid-scan
    assert not desk.camera.step()
    qtbot.waitUntil(lambda: desk.scanner.camera_state is CameraState.LOST)
    assert desk.scanner.latest is None and not desk.scanner.controller.running
    assert desk.scanner.running  # the desk is still on: it waits to start the camera again
    desk.camera.clear(CameraFault.LOST)
    starts = desk.camera.record.starts
    qtbot.waitUntil(lambda: desk.camera.record.starts >= starts + 2)  # tried, and tried again
    assert desk.scanner.camera_state is CameraState.NO_DEVICE
    assert desk.camera.state is CameraState.OFF  # released between the tries
    desk.camera.clear(CameraFault.NO_DEVICE)
    qtbot.waitUntil(lambda: desk.scanner.camera_state is CameraState.ACTIVE)
    assert desk.scanner.counters.camera_restarts >= 2
    assert desk.scanner.counters.camera_failures == desk.scanner.counters.camera_restarts
    desk.camera.show([phone(codes[1])])  # the next guest is verified as if nothing happened
    desk.feed_until_verified(2)
    assert _holder(desk.results[1]) != _holder(desk.results[0])
    assert changes, "the desk was told of every change"
    desk.scanner.stop()


def test_stop_drops_the_camera_the_frames_the_digests_and_the_verdict_under_way(
    qtbot: QtBot, tasks: QtTaskRunner, terminal: Terminal, codes: tuple[str, str]
) -> None:
    gate = threading.Event()
    entered = threading.Event()

    def held(text: str, request: ScanRequest) -> VerificationResult:
        entered.set()
        assert gate.wait(timeout=30), "the test never opened the gate"
        return terminal.verifier.verify(text, request.purpose, NOW, record_use=request.uses_up)

    desk = make_desk(qtbot, tasks, terminal, verify=held)
    desk.scanner.start()
    desk.camera.show([phone(codes[0])])
    desk.feed(1)
    assert desk.scanner.reading
    assert set(desk.scanner.retained()) == {"frame", "reads"}
    desk.feed(1)
    assert entered.wait(timeout=10)
    assert desk.scanner.verifying == 1
    assert set(desk.scanner.retained()) == {"frame", "digests", "verifications"}
    desk.scanner.stop()
    assert desk.scanner.retained() == []
    assert desk.scanner.latest is None and desk.scanner.verifying == 0
    assert len(desk.scanner.gate) == 0
    assert desk.camera.state is CameraState.OFF and not desk.scanner.running
    assert desk.scanner.camera_state is CameraState.OFF
    gate.set()
    tasks.shutdown()  # the verification finishes...
    for _ in range(20):
        QApplication.processEvents()
    assert desk.results == [] and desk.speaker.played == []  # ... and its verdict is dropped


def test_paused_hands_nothing_on_and_resumes_with_the_code_in_view(
    qtbot: QtBot, tasks: QtTaskRunner, terminal: Terminal, codes: tuple[str, str]
) -> None:
    desk = make_desk(qtbot, tasks, terminal)
    desk.scanner.start()
    desk.scanner.pause()
    desk.camera.show([phone(codes[0])])
    desk.feed(6)
    desk.settle()
    assert desk.results == [] and desk.scanner.counters.accepted >= 2
    assert desk.scanner.latest is not None  # the preview stays live
    desk.scanner.resume()
    desk.feed_until_verified(1)
    assert desk.results[0] is not None and desk.results[0].valid
    desk.scanner.stop()


def test_without_a_verifier_each_new_code_is_reported_unverifiable(
    qtbot: QtBot, tasks: QtTaskRunner, codes: tuple[str, str]
) -> None:
    desk = make_desk(qtbot, tasks, None)
    desk.scanner.start()
    desk.camera.show([phone(codes[0])])
    desk.feed_until_verified(1)
    desk.feed(4)
    assert desk.results == [None]
    assert desk.speaker.played == [Cue.REFUSED]
    desk.scanner.stop()


@pytest.mark.allow_log_warnings
def test_a_verification_that_fails_is_reported_unverifiable_and_logged(
    qtbot: QtBot, tasks: QtTaskRunner, codes: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(text: str, request: ScanRequest) -> VerificationResult:
        raise OSError("disk I/O error")

    desk = make_desk(qtbot, tasks, None, verify=broken)
    desk.scanner.start()
    desk.camera.show([phone(codes[0])])
    desk.feed_until_verified(1)
    assert desk.results == [None] and desk.scanner.counters.errors == 1
    assert [record.getMessage() for record in caplog.records if record.levelname == "ERROR"] == [
        "a guest's code could not be verified: OSError"
    ]
    assert codes[0] not in caplog.text
    desk.scanner.stop()


# --------------------------------------------------------------------------- memory


def test_memory_stays_flat_over_thousands_of_guests(qapp: QApplication) -> None:
    """The scanner's own bookkeeping, driven as the controller drives it: a new code accepted
    (read a few times), verified, gone; thousands of times."""
    clock = ManualClock(NOW)
    verdict = VerificationResult(Reason.REPLAYED, used_at=NOW)
    setup = ScanSetup(
        source_factory=lambda: ImageSequenceSource([], fps=0),
        verify=lambda text, request: verdict,
        speaker=FakeSpeaker(),
        clock=clock,
    )
    scanner = DeskScanner(setup, SyncTaskRunner(), cues=False)
    scanner.start()
    controller = scanner.controller

    def guest(number: int) -> None:
        text = f"EID1:{number:08d}" + "X" * 300
        view = ScanView(ScanPhase.ACCEPTED, Hint.NONE, CameraState.ACTIVE, 45, text, None)
        for _ in range(3):  # held in view: read and accepted again
            controller.read.emit((text,))
            controller.accepted.emit(view)
            clock.advance(0.2)

    for number in range(500):  # warm up (caches, interned objects)
        guest(number)
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for number in range(500, 5500):
        guest(number)
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    assert scanner.counters.handed_on == 5500 and scanner.counters.verified == 5500
    assert len(scanner.gate) <= 4 and scanner.verifying == 0
    assert grown < 64 * 1024, f"{grown} bytes more after 5000 guests"
    scanner.stop()
    assert scanner.retained() == []


def test_restart_waits_its_interval(qapp: QApplication, qtbot: QtBot) -> None:
    camera = ImageSequenceSource([], fps=0, faults={CameraFault.NO_DEVICE})
    setup = ScanSetup(
        source_factory=lambda: camera,
        verify=None,
        speaker=FakeSpeaker(),
        clock=ManualClock(NOW),
    )
    scanner = DeskScanner(setup, SyncTaskRunner(), restart_s=3600)
    scanner.start()
    qtbot.waitUntil(lambda: scanner.camera_state is CameraState.NO_DEVICE)
    for _ in range(20):
        QApplication.processEvents()
    assert camera.record.starts == 1  # the next try is an hour away
    scanner.stop()
    assert scanner.camera_state is CameraState.OFF
    assert camera.record.starts == 1

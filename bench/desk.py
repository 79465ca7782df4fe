"""Hotel desk benchmark: from a guest's verified e-ID to the room checked in on the clerk's card.

    python -m bench.desk [--rooms N] [--guests G] [--quick]

The demo hotel desk as ``kiosk demo --profile hotel`` starts it (``prepare_demo``, the
reference platform as a real ``refplatform serve`` process on loopback, enrolment), built by
``build_kiosk`` with the platform link, offscreen (``QT_QPA_PLATFORM=offscreen`` unless another
platform is set): the real desk screen with its always-on scanner, the real register on the
terminal's SQLite database queuing each check-in in the real outbox (the delivery worker
sends it meanwhile, as at a desk), the shipped fake camera at 15 frames a second showing a
phone with a demo e-ID issued that moment (every frame decoded from its pixels, each new code
verified once), the fake printer printing the room's slip. A scripted clerk
(``bench.support.desk_driver``) who never hesitates: as soon as the last guest's code is
verified it types the room and presses Enter.

Timed for each room (after ``WARM_UP`` rooms):

- ``verified_to_checked_in``: from the desk scanner's ``verified`` (the room's last guest) to
  the card showing the room "checked in" as the clerk sees it: the saved card's title painted
  on the window (the room typed, Enter, the register's transaction with the check-in queued,
  the card redrawn). ``enter_to_checked_in`` is the part after Enter;
- the reference, in the same run: ``scan_to_verified``, from the camera's delivery of the
  first frame that shows a guest's code to ``verified`` (decoding, two consistent reads, the
  signature and the trust list, the code used up), for every guest.

Prints one JSON object (medians, p95s, maxima in milliseconds, and the ratios of the medians
and of the p95s), then the environment with the machine's load. Exit status 0 when every room
was checked in.

Thread contract: the main thread is the GUI thread.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSize, QTimer
from PySide6.QtWidgets import QApplication

from bench.support import machine
from bench.support.apply_driver import HeldCode, LoopWaiter
from bench.support.desk_driver import DeskClerk
from bench.support.video import shows_code
from kiosk.config.loader import load_config
from kiosk.demo import DEMO_KEYS_DIR, DemoPlatform, connect_demo_platform, prepare_demo
from kiosk.devices.camera import CameraState, FrameCallback, LumaFrame, StateCallback
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.journeys.desk import CardPhase, DeskJourney
from kiosk.runtime.clock import SystemClock
from kiosk.ui.app import Kiosk, build_kiosk
from refplatform.issuer.issue import issue_eid, resident_id
from refplatform.issuer.keys import DemoKeySet, load_demo_keys

READY_TIMEOUT_S = 60.0
STEP_TIMEOUT_S = 30.0
WARM_UP = 3
DEFAULT_ROOMS = 40
QUICK_ROOMS = 4
FPS = 15.0
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ("建国", "秀英", "小川", "明月", "志强", "丽华", "海涛", "晓燕", "国庆", "春梅")


# ------------------------------------------------------------------------------ the camera


class MarkingCamera:
    """The shipped fake camera, noting when the first frame showing a code arrives after
    ``arm`` (the time the camera thread delivers it) and whether the last frame showed one."""

    def __init__(self, inner: ImageSequenceSource) -> None:
        self.inner = inner
        self.first_code_at: float | None = None
        self.last_showed_code = False

    @property
    def state(self) -> CameraState:
        return self.inner.state

    def arm(self) -> None:
        self.first_code_at = None

    def start(self, on_frame: FrameCallback, on_state: StateCallback) -> None:
        def marked(frame: LumaFrame) -> None:
            code = shows_code(frame.pixels)
            self.last_showed_code = code
            if code and self.first_code_at is None:
                self.first_code_at = frame.timestamp
            on_frame(frame)

        self.inner.start(marked, on_state)

    def stop(self) -> None:
        self.inner.stop()


# ------------------------------------------------------------------------------ the guests


def guests(count: int) -> list[tuple[str, str]]:
    """``count`` different people (name, resident identity number), all adults."""
    people = []
    for index in range(count):
        name = SURNAMES[index % len(SURNAMES)] + GIVEN[index // len(SURNAMES) % len(GIVEN)]
        born = date(1960, 1, 1) + timedelta(days=(index * 37) % 15000)
        number = resident_id("500112", f"{born:%Y%m%d}", f"{index % 1000:03d}")
        people.append((name, number))
    return people


def room_of(index: int) -> str:
    return f"{index // 30 % 30 + 2:02d}{index % 30 + 1:02d}"


# ------------------------------------------------------------------------------ timing


@dataclass
class Marks:
    """The times of one room's events (``time.monotonic``), filled by the slots below."""

    verified_at: list[float] = field(default_factory=list)
    enter_at: float | None = None
    painted_at: float | None = None


class Stopwatch(QObject):
    """Takes the times: ``verified`` (connected before the desk screen's own slot, so it is
    the emission's time), and the first paint of the saved card's title while the card is
    saved (an event filter on it). A local event loop returns as soon as what was awaited
    happened (the clerk reacts at once)."""

    def __init__(self, kiosk: Kiosk, clerk: DeskClerk) -> None:
        super().__init__()
        self.kiosk = kiosk
        self.marks = Marks()
        self._loop = QEventLoop()
        self._deadline = QTimer()
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._loop.quit)
        self._awaited: Callable[[], bool] | None = None
        screen = clerk.desk()
        self.screen = screen
        scanner = screen.scanner
        # The desk screen's slot handles the verdict (the card redrawn) within the emission:
        # the bench's mark goes first, the wake-up of the waiting clerk last.
        scanner.verified.disconnect(screen._scanned)
        scanner.verified.connect(self._verified)
        scanner.verified.connect(screen._scanned)
        scanner.verified.connect(self._check)
        screen.saved_title.installEventFilter(self)

    def _verified(self, _result: object) -> None:
        self.marks.verified_at.append(time.monotonic())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.Paint
            and watched is self.screen.saved_title
            and self.marks.enter_at is not None
            and self.marks.painted_at is None
            and self._card_saved()
        ):
            self.marks.painted_at = time.monotonic()
            QTimer.singleShot(0, self._check)  # after the paint, not inside it
        return False

    def _card_saved(self) -> bool:
        journey = self.kiosk.shell.journey
        return (
            isinstance(journey, DeskJourney)
            and journey.state.phase is CardPhase.SAVED
            and bool(self.screen.saved_title.text())
            and self.screen.saved.isVisible()
        )

    def _check(self, *_ignored: object) -> None:
        awaited = self._awaited
        if awaited is not None and awaited():
            self._loop.quit()

    def wait(self, awaited: Callable[[], bool], what: str) -> None:
        if awaited():
            return
        self._awaited = awaited
        self._deadline.start(round(STEP_TIMEOUT_S * 1000))
        try:
            self._loop.exec()
        finally:
            self._deadline.stop()
            self._awaited = None
        if not awaited():
            raise SystemExit(f"no {what} within {STEP_TIMEOUT_S:.0f} s")


# ------------------------------------------------------------------------------ the run


def start(data_dir: Path, camera: MarkingCamera) -> tuple[Kiosk, DemoPlatform]:
    """The demo hotel desk, enrolled with its own reference platform, its register open and
    the platform's trust list installed."""
    path = prepare_demo(data_dir, SystemClock().now(), profile="hotel")
    platform, code = DemoPlatform.start(data_dir)
    try:
        connect_demo_platform(data_dir, path, platform, code)
        kiosk = build_kiosk(
            load_config(path, {}),
            clock=SystemClock(),
            size=QSize(1280, 800),
            source_factory=lambda: camera,
            platform_sync=True,
        )
    except BaseException:
        platform.stop()
        raise
    kiosk.window.show()
    kiosk.window.activateWindow()
    try:
        LoopWaiter().until(lambda: ready(kiosk), "a hotel desk ready", READY_TIMEOUT_S)
    except BaseException:
        stop(kiosk, platform)
        raise
    return kiosk, platform


def ready(kiosk: Kiosk) -> bool:
    """Services open, the register open, the link online, the platform's trust list."""
    from kiosk.sync.delivery import Connectivity  # noqa: PLC0415 - after start-up

    if not kiosk.ready:
        return False
    sync, credentials = kiosk.sync, kiosk.credentials
    worker = sync.worker if sync is not None else None
    return (
        worker is not None
        and worker.state.connectivity is Connectivity.ONLINE
        and credentials is not None
        and credentials.trust_store.current() is not None
        and kiosk.shell.desk is not None
    )


def stop(kiosk: Kiosk, platform: DemoPlatform) -> None:
    try:
        kiosk.close()
        kiosk.window.deleteLater()
        QApplication.processEvents()
    finally:
        platform.stop()


@dataclass
class Figures:
    scan_to_verified: list[float] = field(default_factory=list)
    verified_to_checked_in: list[float] = field(default_factory=list)
    enter_to_checked_in: list[float] = field(default_factory=list)


def one_room(  # noqa: PLR0917 - the room's parts
    clerk: DeskClerk,
    camera: MarkingCamera,
    held: HeldCode,
    watch: Stopwatch,
    keys: DemoKeySet,
    people: list[tuple[str, str]],
    room: str,
) -> tuple[list[float], float, float]:
    """One room checked in; its guests' scan-to-verified seconds, and the seconds from the
    last verified to the card checked in, and from Enter to it."""
    watch.marks = Marks()
    scans = []
    journey = clerk.journey()
    for index, (name, number) in enumerate(people):
        code = issue_eid(keys, "cq-eid", SystemClock().now(), name=name, id_number=number)
        camera.arm()
        verdicts = watch.marks.verified_at
        judged = partial(more_than, verdicts, len(verdicts))
        held.present(code)
        watch.wait(judged, "verdict on the code")
        held.present(None)  # the guest takes the phone back
        notice = journey.state.notice
        if notice is None or not notice.kind.accepted:
            raise SystemExit(f"a guest was not added: {notice}")
        shown = camera.first_code_at
        if shown is None:
            raise SystemExit("verified before a frame showed the code")
        scans.append(watch.marks.verified_at[-1] - shown)
        if index + 1 < len(people):  # the next guest's code comes after an empty frame
            clerk.waits.until(lambda: not camera.last_showed_code, "the empty scene", 10)
    # The last guest is verified: the clerk types the room and presses Enter at once.
    clerk.type_room(room)
    watch.marks.enter_at = time.monotonic()
    clerk.save()
    watch.wait(lambda: watch.marks.painted_at is not None, "the room checked in on the card")
    painted = watch.marks.painted_at
    assert painted is not None
    stay = clerk.card()
    if stay.room != room or len(stay.guests) != len(people):
        raise SystemExit(f"the card shows another stay: {stay.room}, {len(stay.guests)} guests")
    clerk.waits.until(lambda: not camera.last_showed_code, "the empty scene", 10)
    # The slip printed and the card's background work done before the next room.
    tasks = [clerk.kiosk.tasks, clerk.kiosk.printer_tasks]
    clerk.waits.until(
        lambda: all(getattr(runner, "pending", 0) == 0 for runner in tasks if runner),
        "idle task runners",
        STEP_TIMEOUT_S,
    )
    clerk.clear()
    empty_fake_printer(clerk.kiosk)
    return scans, painted - watch.marks.verified_at[-1], painted - watch.marks.enter_at


def more_than(marks: list[float], count: int) -> bool:
    return len(marks) > count


def empty_fake_printer(kiosk: Kiosk) -> None:
    """The fake printer keeps every job (for tests); a real one keeps nothing."""
    from kiosk.devices.printer_fake import FakePrinter  # noqa: PLC0415

    printer = kiosk.printer
    if isinstance(printer, FakePrinter):
        printer.printed.clear()


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "count": len(ordered),
    }


def run(rooms: int, per_room: int, folder: Path) -> dict[str, Any]:
    held = HeldCode()
    camera = MarkingCamera(ImageSequenceSource(held, fps=FPS))
    kiosk, platform = start(folder, camera)
    figures = Figures()
    try:
        keys = load_demo_keys(folder / DEMO_KEYS_DIR)
        clerk = DeskClerk(kiosk, held)
        clerk.open_desk()
        watch = Stopwatch(kiosk, clerk)
        people = guests((rooms + WARM_UP) * per_room)
        for index in range(rooms + WARM_UP):
            party = people[index * per_room : (index + 1) * per_room]
            scans, verified, entered = one_room(
                clerk, camera, held, watch, keys, party, room_of(index)
            )
            if index >= WARM_UP:
                figures.scan_to_verified.extend(scans)
                figures.verified_to_checked_in.append(verified)
                figures.enter_to_checked_in.append(entered)
        delivered = kiosk.sync.outbox.counts() if kiosk.sync is not None else {}
    finally:
        stop(kiosk, platform)
    ours, reference = summary(figures.verified_to_checked_in), summary(figures.scan_to_verified)
    return {
        "benchmark": "desk.verified_to_checked_in",
        "rooms": rooms,
        "guests_per_room": per_room,
        "warm_up_rooms": WARM_UP,
        "verified_to_checked_in": {
            **ours,
            "what": "DeskScanner.verified of the room's last guest until the saved card's "
            "title, 'checked in', is painted: the room typed and Enter by a clerk who reacts "
            "at once, the register's transaction (stay, guests sealed, check-in queued), the "
            "card redrawn",
        },
        "enter_to_checked_in": summary(figures.enter_to_checked_in),
        "scan_to_verified": {
            **reference,
            "what": "the camera's delivery of the first frame showing a guest's code until "
            "DeskScanner.verified (decoding, two consistent reads, verifying and using the "
            "code up), every guest",
        },
        "ratio_p50": round(ours["p50_ms"] / reference["p50_ms"], 3),
        "ratio_p95": round(ours["p95_ms"] / reference["p95_ms"], 3),
        "camera": f"image fake camera at {FPS:g} fps, 1280x720 luma frames",
        "outbox_at_end": {status.value: count for status, count in delivered.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.desk", description=__doc__)
    parser.add_argument("--rooms", type=int, default=DEFAULT_ROOMS, help="rooms timed")
    parser.add_argument("--guests", type=int, default=1, help="guests per room (1 to 8)")
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROOMS} rooms")
    args = parser.parse_args(argv)
    if not 1 <= args.guests <= 8:
        parser.error("--guests must be 1 to 8")
    rooms = QUICK_ROOMS if args.quick else max(1, args.rooms)
    load = machine.MachineLoad.start()
    with tempfile.TemporaryDirectory(prefix="bench-desk-") as folder:
        report = run(rooms, args.guests, Path(folder))
    print(json.dumps(report, ensure_ascii=False), flush=True)
    environment = machine.environment(machine.usable_cpus(), load)
    print(json.dumps({"environment": environment}, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

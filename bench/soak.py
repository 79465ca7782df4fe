"""Soak benchmark: one long-lived kiosk through many complete visits, memory measured after each.

    python -m bench.soak [--visits N] [--warm-up W] [--profile citizen|hotel] [--samples FILE]
                         [--approach-frames K] [--applications EVERY] [--checkouts EVERY]
                         [--purge EVERY] [--tracemalloc] [--quick]

A terminal runs all day, so this drives N citizen visits through one kiosk process built by the
start-up code of ``kiosk demo`` (``prepare_demo``, ``DemoPlatform``, enrolment, then what
``run_kiosk`` does (``start_kiosk``: ``build_kiosk`` with the platform link, the window shown,
the services opened in the background after the first paint); logging and Qt message routing
as the command line sets them up): the image fake camera at its own frame rate, the fake
printer, and the reference platform (``refplatform serve``) as a real process on 127.0.0.1.
The window is real widgets on the offscreen platform (``QT_QPA_PLATFORM=offscreen`` unless
another platform is set); work runs on the real ``QtTaskRunner``. The first visit starts once
the services are ready and the link is online.

A citizen's visit (``--profile citizen``), driven as touches on the widgets' buttons, each step
awaited as a condition re-checked on the shell's, the scan's and the printer desk's signals
(never a sleep):

1. on the home screen, every other citizen first taps the language button (English);
2. taps "check a code": the scan screen starts the camera, which shows ``--approach-frames``
   frames of an empty scene (the citizen taking out the phone), then a phone with a demo e-ID
   issued that moment (dynamic e-IDs are valid for minutes and unique: one per visit), a few
   slightly different shots of a hand that is never still. Every frame is decoded from its
   pixels by the real decoder, on the task runner, as the camera delivers it;
3. the result screen must show that very e-ID as verified;
4. taps "back to home";
5. the session ends (a new session number on the home screen) and the background work drains;
   the bench empties the fake printer's records (it keeps every job and call, by design, for
   tests; a real printer keeps nothing in our process);
6. the first few characters of a catalogue search are typed (``SEARCH_QUERIES`` in turn: hanzi,
   pinyin, initials, English, a typo), each keystroke one search, on the GUI thread, of the
   index the terminal built once for its catalogue (``kiosk.catalog.library``; how many times
   it was built is reported), as the search screen asks it (a hotel desk finds no items: its
   visits search nothing).

Every ``--applications`` th visit (citizen profile; default every ``APPLY_EVERY``) is a complete
application instead of steps 2 to 4: the scripted citizen of ``bench.support.apply_driver``
opens ``APPLY_ITEM`` from home, taps "Apply here", holds a phone with a fresh demo e-ID to the
camera (the same fake camera's scenes present it), continues, answers the form through its
editors (taps, the keyboard's keys, the pickers), reviews, ticks the consent and submits; the
application goes through the kiosk's outbox to the reference platform, whose acceptance
number comes back on the printed receipt; "Done", "Finish", home. Its touches and seconds are
recorded, and the summary gives the memory slope over the application visits alone beside
the slope over all visits.

A hotel desk's visit (``--profile hotel``: the hotel's home leads to the desk) is a room at the
desk, played by the scripted clerk of ``bench.support.desk_driver`` on the real desk screen,
whose scanner stays on (the camera shows the empty scene between guests): the desk is opened
from home once; every other visit the clerk switches the language (the desk keeps the clerk's);
one guest or two (two visits each in turn), each a different person, shows a fresh demo e-ID
(verified and used up); the clerk types the room, presses Enter, waits for the card to show the
room checked in and the room's slip printed, and presses Esc. Every ``--checkouts`` th visit
(default every ``CHECKOUT_EVERY``) the clerk then opens the register (F2), finds the room,
checks it out (Alt+O, Enter) and goes back to the desk (Alt+D). Every ``--purge`` th visit
(default every ``PURGE_EVERY``) the register's purge runs on a ``PurgeWorker`` thread, as the
terminal's own runs it after midnight: the register over the terminal's database, outbox and
key, with a clock past the end of every stay saved so far (the rooms are one night), a day
further each time. It must remove every stay saved since the last purge, so the register stays
as small as a desk's after its retention. Check-ins and check-outs go to the platform through
the outbox meanwhile; at the end none may be refused (a dead letter).

After each visit, on the idle home screen (a hotel's: the desk with an empty card) and after
``gc.collect()``: resident memory (``/proc/self/statm``), Python objects tracked by the
collector, Qt widgets, open file descriptors (``/proc/self/fd``), threads (Python's and the
OS's, ``/proc/self/status``), plus the visit's duration and frames. At the end: the
least-squares slope of the resident memory after the warm-up (bytes per visit), first and last
visit, the types whose instances grew the most from the end of the warm-up to the last visit,
and the goal (DESIGN §7, issue 11): a slope under 10 KiB a visit over at least 1,000 visits,
and the last visit's memory within 1.2 x the first's.

Expect the first hundred or so visits to grow: Qt's pixmap cache (``QPixmapCache``, 10 MiB by
default) fills with the icons each screen sets, then stays full; the default warm-up (a tenth of
the visits) covers it.

One JSON object is printed, with an ``environment`` section (versions, CPUs, and the machine's
load during the run: load averages at start and end, CPU shares); ``--samples FILE`` also
writes one JSON line per visit. The exit status is 0 when every visit completed (whether or not
the goal was met), 1 when one failed, 130 when interrupted. The temporary folder and the
platform process are removed on exit, also on Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import statistics
import sys
import tempfile
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, Qt, QTimer, qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea

from bench.support.apply_driver import ApplyDriver, CitizenStuck, Plan
from bench.support.interrupts import Interrupts
from bench.support.machine import MachineLoad, environment, usable_cpus
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.credentials.codec import decode_qr_text
from kiosk.credentials.cose import parse_sign1
from kiosk.credentials.cwt import decode_credential
from kiosk.credentials.model import ElectronicId
from kiosk.demo import (
    DEMO_KEYS_DIR,
    DemoPlatform,
    connect_demo_platform,
    prepare_demo,
)
from kiosk.devices import frames
from kiosk.devices.camera import Luma
from kiosk.devices.printer_fake import FakePrinter
from kiosk.journeys.check import CheckJourney
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.journeys.receipt import ReceiptPhase
from kiosk.journeys.scan import ScanPhase
from kiosk.journeys.shell import Presentation
from kiosk.runtime.clock import Clock, SystemClock
from kiosk.runtime.logs import setup_logging
from kiosk.ui.app import Kiosk, resident_memory_bytes, start_kiosk
from kiosk.ui.qt_messages import route_qt_messages
from refplatform.issuer.issue import issue_eid, resident_id
from refplatform.issuer.keys import DemoKeySet, load_demo_keys

if TYPE_CHECKING:  # imported at run time once the kiosk has started (Driver.__post_init__)
    from kiosk.hotel.register import PurgeResult
    from kiosk.hotel.retention import PurgeWorker
    from kiosk.terminal import Terminal as KioskTerminal
    from kiosk.ui.screens.desk import DeskScreen

GOAL_SLOPE_KIB = 10.0
GOAL_RSS_RATIO = 1.2
GOAL_VISITS = 1000
EID_ISSUER = "sc-eid"  # a demo issuer of dynamic e-IDs (refplatform.issuer.keys)
HELD_SHOTS = 3  # distinct frames of the phone in a hand that is never still
HELD_FRAMES = 45  # three seconds at the fake's 15 fps, then the scene starts again
STEP_TIMEOUT_S = 30.0  # for a step that takes well under a second
LINK_TIMEOUT_S = 60.0  # the terminal's first contact with the platform
SCAN_MARGIN_S = 15.0  # added to the configured scan timeout
RECHECK_MS = 100  # conditions are re-checked on signals, and at this interval as a safety net
TOP_TYPES = 12
QUICK_VISITS = 6
APPLY_EVERY = 5  # every fifth visit is a complete application (citizen profile)
APPLY_ITEM = "CY-RS-044"  # 养老金生存认证: fully online, in person, an e-ID and four questions
CHECKOUT_EVERY = 2  # every other room at the desk is checked out from the register (hotel)
PURGE_EVERY = 10  # the register's purge after every tenth room (hotel)
GUEST_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GUEST_GIVEN_NAMES = ("建国", "秀英", "小川", "明月", "志强", "丽华", "海涛", "晓燕", "国庆", "春梅")
SEARCH_QUERIES = (
    "营业执照",
    "yidijiuyi",
    "sbk",
    "pension tr",
    "buisness",
    "社保卡",
    "hukou",
    "gongj",
    "我要办身份证",
    "driving lic",
)
SEARCH_KEYSTROKES = 6  # typed of each query per visit


class VisitFailed(Exception):
    """A visit did not complete as a citizen's would."""


# ------------------------------------------------------------------------------ measurements


def open_fds() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


def os_threads() -> int:
    """This process's threads as the kernel counts them (Qt's pool threads included)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return -1


def process_rss(pid: int) -> int | None:
    """Resident memory of another process (the platform), if it is still there."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def type_counts() -> Counter[str]:
    return Counter(
        f"{type(item).__module__}.{type(item).__qualname__}" for item in gc.get_objects()
    )


def slope(xs: list[float], ys: list[float]) -> float | None:
    """Least-squares slope of ys over xs (None with fewer than two points)."""
    if len(xs) < 2:
        return None
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# What each visit left behind, measured on the idle home screen. The table is allocated (and its
# pages touched) before the first visit, so keeping the samples does not itself grow the heap.
FIELDS = (
    "visit",
    "rss_bytes",
    "objects",
    "qt_widgets",
    "fds",
    "threads_python",
    "threads_os",
    "visit_s",
    "sample_s",
    "frames",
    "analysed",
    "dropped",
    "decoded",
    "english",
    "slip_printed",
    "log_warnings",
    "search_keystrokes",
    "search_ms_max",
    "application",
    "apply_touches",
    "apply_s",
    "guests",
    "checked_out",
    "purged_stays",
)
FLOAT_FIELDS = frozenset({"visit_s", "sample_s", "search_ms_max", "apply_s"})


class Samples:
    """One row of ``FIELDS`` a visit, in a preallocated array."""

    def __init__(self, capacity: int) -> None:
        self._table = np.full((capacity, len(FIELDS)), -1.0)
        self.count = 0

    def add(self, values: dict[str, float]) -> dict[str, float]:
        row = self._table[self.count]
        for index, name in enumerate(FIELDS):
            row[index] = values[name]
        self.count += 1
        return values

    def column(self, name: str) -> list[float]:
        values = self._table[: self.count, FIELDS.index(name)].tolist()
        return values if name in FLOAT_FIELDS else [int(value) for value in values]


class WarningCounter(logging.Handler):
    """Counts the WARNING-or-worse records the kiosk logs, and keeps the first few."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if len(self.first) < 10:
            self.first.append(f"{record.levelname} {record.name}: {record.getMessage()[:200]}")


# ------------------------------------------------------------------------------ interrupts


class QtInterrupts(Interrupts):
    """Inside a wait on the Qt event loop the interrupt only quits that loop (an exception
    raised inside a Qt callback would reach the kiosk's excepthook, not us); the wait then
    raises ``KeyboardInterrupt`` (``check``)."""

    def __init__(self) -> None:
        super().__init__()
        self.loop: QEventLoop | None = None

    def _take(self) -> bool:
        if self.loop is None:
            return False
        self.loop.quit()
        return True


# ------------------------------------------------------------------------------ the camera's scene


def credential_id(text: str) -> bytes:
    """The unique id inside an issued code (read without verifying it: we issued it)."""
    message = parse_sign1(decode_qr_text(text))
    return decode_credential(message.payload, message.kid).credential_id


class VisitScenes:
    """What the fake camera shows each time it starts (once a visit): ``approach`` frames of an
    empty scene, then a phone with a demo e-ID issued that moment, held in a hand; or, while a
    code is presented (``present``: an application's driver), a phone with that code.

    At a hotel desk (``between_guests``) the camera never stops: while nothing is presented it
    shows the empty scene (the clerk's scripted guests present their codes one by one).

    Called on the camera's thread; ``take_issued`` (GUI thread) returns the ids issued since the
    last call, so a visit can check the result screen shows its own citizen's e-ID."""

    def __init__(
        self, keys: DemoKeySet, clock: Clock, approach: int, *, between_guests: bool = False
    ) -> None:
        self._keys = keys
        self._clock = clock
        self._approach = approach
        self._between_guests = between_guests
        self._blank = frames.blank_frame()
        self._rng = np.random.default_rng(11)
        self._lock = threading.Lock()
        self._issued: list[bytes] = []
        self._presented: str | None = None

    def present(self, text: str | None) -> None:
        """Show ``text`` from the next loop of the scene on (None: fresh e-IDs again)."""
        with self._lock:
            self._presented = text

    def fresh_eid(self) -> str:
        """A dynamic e-ID of the demo person issued now (an application's identity)."""
        return issue_eid(self._keys, EID_ISSUER, self._clock.now())

    def eid_of(self, name: str, number: str) -> str:
        """A dynamic e-ID of this person issued now (a hotel guest's)."""
        return issue_eid(self._keys, EID_ISSUER, self._clock.now(), name=name, id_number=number)

    def __call__(self) -> list[Luma]:
        with self._lock:
            presented = self._presented
        if presented is None and self._between_guests:
            return [self._blank]
        text = presented or issue_eid(self._keys, EID_ISSUER, self._clock.now())
        with self._lock:
            if presented is None:
                self._issued.append(credential_id(text))
            seeds = self._rng.integers(0, 2**32, HELD_SHOTS)
        shots = [self._shot(text, np.random.default_rng(seed)) for seed in seeds]
        if self._between_guests:
            # The guest holds the phone up already; a short loop, so that the next guest's
            # phone (or the empty scene) is in view within a few frames of being presented.
            return shots
        held = [shots[index % HELD_SHOTS] for index in range(HELD_FRAMES)]
        return [self._blank] * self._approach + held

    @staticmethod
    def _shot(text: str, rng: np.random.Generator) -> Luma:
        frame = frames.phone_frame([text], code_height=int(rng.integers(380, 480)))
        frame = frames.rotate(float(rng.uniform(-6, 6)))(frame, rng)
        return frames.noise(5)(frame, rng)

    def take_issued(self) -> list[bytes]:
        with self._lock:
            issued, self._issued = self._issued, []
        return issued


# ------------------------------------------------------------------------------ driving the kiosk


class Waiter:
    """Runs the Qt event loop until a condition holds, re-checking it whenever the kiosk signals
    a change (and every ``RECHECK_MS`` for changes that signal nothing), within a deadline.

    One event loop and two timers serve every wait: connecting signals of objects made for each
    wait would leave PySide's connection records behind, which the soak would count as the
    kiosk's growth."""

    def __init__(self, interrupts: QtInterrupts) -> None:
        self._interrupts = interrupts
        self._loop = QEventLoop()
        self._condition: Callable[[], bool] | None = None
        self._deadline = QTimer()
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._loop.quit)
        self._recheck = QTimer()
        self._recheck.setInterval(RECHECK_MS)
        self._recheck.timeout.connect(self.nudge)

    def nudge(self, *_ignored: object) -> None:
        condition = self._condition
        if condition is not None and condition():
            self._loop.quit()

    def until(self, condition: Callable[[], bool], what: str, timeout_s: float) -> None:
        self._interrupts.check()
        if condition():
            return
        self._condition = condition
        self._interrupts.loop = self._loop
        self._deadline.start(round(timeout_s * 1000))
        self._recheck.start()
        try:
            while True:
                self._loop.exec()
                self._interrupts.check()
                # The loop ends once the events already queued have run, and they can undo
                # what the re-check saw (the desk's camera never stops: a frame arrives and its
                # analysis is queued): then wait on, until the deadline.
                if condition() or not self._deadline.isActive():
                    break
        finally:
            self._recheck.stop()
            self._deadline.stop()
            self._condition = None
            self._interrupts.loop = None
        if not condition():
            raise VisitFailed(f"no {what} within {timeout_s:.0f} s")


def touch(button: QAbstractButton) -> None:
    """A finger on a button: it must be on screen and enabled, as a citizen would see it;
    one further down a scrolling screen is scrolled to first (the citizen's home lists the
    catalogue above the check tile)."""
    if not (button.isVisible() and button.isEnabled()):
        raise VisitFailed(f"the button {button.text()!r} cannot be touched")
    area = button.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None:
        area.ensureWidgetVisible(button, 0, 0)
    centre = QPoint(button.width() // 2, button.height() // 2)
    screen = button.screen()
    if area is not None and not screen.geometry().contains(button.mapToGlobal(centre)):
        # The scroll area's QScroller replays a press to the widget at the press's position
        # on the screen; offscreen that screen is 800 px square and finds nothing beyond.
        button.click()
        return
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)


@dataclass
class Driver:
    """Drives visits through one kiosk; owns nothing it would have to close."""

    kiosk: Kiosk
    scenes: VisitScenes
    waiter: Waiter
    hotel: bool
    scan_timeout_s: float
    apply_every: int = 0
    checkout_every: int = 0
    purge_every: int = 0
    slips: int = 0
    applications: int = 0

    def __post_init__(self) -> None:
        """Called once the terminal's services are attached (every screen is built by then)."""
        # Imported once the kiosk has started as `kiosk run` does: the screens' modules (and
        # QtMultimedia, the database, numpy) load in its background start-up, not before it.
        from kiosk.ui.screens.check_result import CheckResultScreen  # noqa: PLC0415
        from kiosk.ui.screens.home import HomeScreen  # noqa: PLC0415
        from kiosk.ui.screens.receipt import ReceiptScreen  # noqa: PLC0415
        from kiosk.ui.screens.scan import ScanScreen  # noqa: PLC0415

        window = self.kiosk.window
        screens = window.screens
        home, scan = screens[Screen.HOME], screens[Screen.SCAN]
        result, receipt = screens[Screen.CHECK_RESULT], screens[Screen.RECEIPT]
        assert isinstance(home, HomeScreen)
        assert isinstance(scan, ScanScreen)
        assert isinstance(result, CheckResultScreen)
        assert isinstance(receipt, ReceiptScreen)
        self.home, self.scan, self.result, self.receipt = home, scan, result, receipt
        self.citizen = ApplyDriver(
            self.kiosk, self.scenes, waits=self.waiter, scan_timeout_s=self.scan_timeout_s
        )
        shell = self.kiosk.shell
        shell.subscribe(self.waiter.nudge)
        self.scan.controller.changed.connect(self.waiter.nudge)
        if shell.receipts is not None:
            shell.receipts.subscribe(self.waiter.nudge)
        self.language_button = window.header.language_button
        self.header = window.header
        self.footer = window.footer
        terminal = self.kiosk.startup.terminal if self.kiosk.startup is not None else None
        library = terminal.catalog if terminal is not None else None
        if library is None and not self.hotel:  # a hotel desk finds no items
            raise VisitFailed("the terminal has no catalogue to search")
        self.library = library
        self.desk: DeskVisits | None = None
        if self.hotel:
            if terminal is None:
                raise VisitFailed("the hotel desk's terminal is not open")
            self.desk = DeskVisits(
                self.kiosk,
                terminal,
                self.scenes,
                self.waiter,
                checkout_every=self.checkout_every,
                purge_every=self.purge_every,
            )

    def close(self) -> None:
        """Stop what the visits started (the desk's purge thread)."""
        if self.desk is not None:
            self.desk.close()

    def wait_until_ready(self) -> None:
        """A journey can start from the home screen, and the platform link is online."""

        from kiosk.sync.delivery import Connectivity  # noqa: PLC0415 - see __post_init__

        def online() -> bool:
            sync = self.kiosk.sync
            worker = sync.worker if sync is not None else None
            return worker is not None and worker.state.connectivity is Connectivity.ONLINE

        self.waiter.until(self._home_ready, "home screen ready to start a journey", STEP_TIMEOUT_S)
        self.waiter.until(online, "platform link online", LINK_TIMEOUT_S)
        self.settle()

    def _home_ready(self) -> bool:
        shell = self.kiosk.shell
        tile = self.home.tile_button(JourneyName.DESK if self.hotel else JourneyName.CHECK)
        return (
            shell.screen is Screen.HOME
            and not shell.view().starting
            and tile.isVisible()
            and tile.isEnabled()
        )

    def _scan_over(self) -> bool:
        if self.kiosk.shell.screen is not Screen.SCAN:
            return True
        view = self.scan.controller.view()
        return view is not None and view.phase in (ScanPhase.TIMED_OUT, ScanPhase.CAMERA_FAILED)

    def _idle(self) -> bool:
        runners = [self.kiosk.tasks, self.kiosk.printer_tasks]
        return all(getattr(runner, "pending", 0) == 0 for runner in runners if runner is not None)

    def settle(self) -> None:
        """Let background work finish and deferred deletions run (the kiosk idles)."""
        try:
            self.waiter.until(self._idle, "idle task runners", STEP_TIMEOUT_S)
        except VisitFailed as error:
            raise VisitFailed(f"{error}; still running: {self._running_tasks()}") from None
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def _running_tasks(self) -> list[str]:
        """The names of the tasks not delivered yet (a diagnosis: the runners' own set)."""
        names: list[str] = []
        for runner in (self.kiosk.tasks, self.kiosk.printer_tasks):
            handles = getattr(runner, "_in_flight", None)
            if isinstance(handles, set):
                names.extend(str(getattr(handle, "name", "?")) for handle in list(handles))
        return names

    def visit(self, number: int) -> tuple[dict[str, Any], float]:
        """One complete visit; returns what it did and how long it took."""
        if self.desk is not None:
            return self._desk_visit(number)
        started = time.perf_counter()
        shell = self.kiosk.shell
        self.waiter.until(self._home_ready, "home screen", STEP_TIMEOUT_S)
        session = shell.view().session_number
        self.scenes.take_issued()
        english = number % 2 == 0
        if english:
            touch(self.language_button)
            self.waiter.until(
                lambda: shell.view().language == "en", "English home screen", STEP_TIMEOUT_S
            )
        chosen = self._choose_presentation(number)
        applying = self.apply_every > 0 and number % self.apply_every == 0 and not self.hotel
        slip = False
        application: dict[str, Any] = {"application": False, "apply_touches": 0, "apply_s": 0.0}
        if applying:
            application = self._apply(shell.view().language)
            counters = self.scan.controller.counters
        else:
            touch(self.home.tile_button(JourneyName.CHECK))
            self.waiter.until(
                self._scan_over, "end of the scan", self.scan_timeout_s + SCAN_MARGIN_S
            )
            counters = self.scan.controller.counters
            if shell.screen is not Screen.CHECK_RESULT:
                view = self.scan.controller.view()
                raise VisitFailed(f"the scan ended on {shell.screen.value}: {view}")
            self._check_result(self.scenes.take_issued())
            slip = self._print_slip() if self.hotel else False
            if not slip:
                touch(self.result.home_button)
        self.waiter.until(
            lambda: shell.screen is Screen.HOME and shell.view().session_number == session + 1,
            "home screen of a new session",
            STEP_TIMEOUT_S,
        )
        if shell.view().language != "zh_CN":
            raise VisitFailed("the new session did not return to the default language")
        if shell.view().presentation != Presentation() or shell.view().staff_called:
            raise VisitFailed("the new session kept the last citizen's presentation or call")
        self.settle()
        self._empty_fake_printer()
        done = {
            "frames": counters.frames,
            "analysed": counters.analysed,
            "dropped": counters.dropped,
            "decoded": counters.decoded,
            "english": english,
            "slip_printed": slip,
            **self._search(number),
            "presentation": chosen,
            **application,
            "guests": 0,
            "checked_out": False,
            "purged_stays": 0,
        }
        return done, time.perf_counter() - started

    def _desk_visit(self, number: int) -> tuple[dict[str, Any], float]:
        """A room at the hotel desk (see the module docstring), then the kiosk idles."""
        assert self.desk is not None
        started = time.perf_counter()
        english = number % 2 == 0
        language = "en" if english else "zh_CN"
        if self.kiosk.shell.view().language != language:
            touch(self.language_button)
            self.waiter.until(
                lambda: self.kiosk.shell.view().language == language,
                "the clerk's language",
                STEP_TIMEOUT_S,
            )
        done = self.desk.visit(number)
        self.slips += 1
        self.settle()
        self._empty_fake_printer()
        return {
            **done,
            "english": english,
            "slip_printed": True,
            "search_keystrokes": 0,
            "search_ms_max": 0.0,
            "application": False,
            "apply_touches": 0,
            "apply_s": 0.0,
        }, time.perf_counter() - started

    def _apply(self, language: str) -> dict[str, Any]:
        """A complete application of ``APPLY_ITEM`` by the scripted citizen, in the session's
        language: its acceptance number must come back from the platform on the receipt."""
        plan = Plan(
            APPLY_ITEM,
            identity=self.scenes.fresh_eid,
            language="en" if language == "en" else "zh_CN",
        )
        try:
            outcome = self.citizen.apply(plan)
        except CitizenStuck as error:
            raise VisitFailed(f"the application: {error}") from None
        finally:
            self.scenes.present(None)
        if outcome.offline or len(outcome.acceptance_numbers) != 1:
            raise VisitFailed("the application's acceptance number did not come back")
        if outcome.receipt.phase is not ReceiptPhase.PRINTED:
            raise VisitFailed(f"the receipt was not printed: {outcome.receipt.problem}")
        self.applications += 1
        return {
            "application": True,
            "apply_touches": outcome.tally.touches,
            "apply_s": round(outcome.seconds, 4),
        }

    def _search(self, number: int) -> dict[str, float]:
        """The first keystrokes of this visit's catalogue search, each one search of the
        terminal's index (built once per catalogue: ``library.builds`` is reported)."""
        assert self.library is not None
        index = self.library.current().index
        query = SEARCH_QUERIES[number % len(SEARCH_QUERIES)]
        slowest = 0.0
        typed = query[:SEARCH_KEYSTROKES]
        for end in range(1, len(typed) + 1):
            started = time.perf_counter()
            index.search(typed[:end])
            slowest = max(slowest, time.perf_counter() - started)
        return {"search_keystrokes": len(typed), "search_ms_max": round(slowest * 1000, 3)}

    def _choose_presentation(self, number: int) -> list[str]:
        """What this visit's citizen picks from the header and footer, in turn: elder mode,
        high contrast, voice, both looks together, or a call for staff (each restyles or
        queues something a long-running kiosk must not accumulate)."""
        shell = self.kiosk.shell
        choice = (
            [],
            ["elder"],
            ["high_contrast"],
            ["voice"],
            ["elder", "high_contrast"],
            ["staff"],
        )[number % 6]
        buttons = {
            "elder": self.header.elder_button,
            "high_contrast": self.header.contrast_button,
            "voice": self.header.voice_button,
            "staff": self.footer.staff_button,
        }
        for name in choice:
            if name == "staff" and not self.footer.staff_button.isVisible():
                continue  # the hotel desk offers no call for staff
            touch(buttons[name])
        wanted = Presentation(
            elder="elder" in choice,
            high_contrast="high_contrast" in choice,
            voice="voice" in choice,
        )
        self.waiter.until(
            lambda: shell.view().presentation == wanted, "the chosen presentation", STEP_TIMEOUT_S
        )
        return choice

    def _empty_fake_printer(self) -> None:
        """The guest takes the slip. The fake printer keeps every job and every call it got (for
        tests), which a real printer does not: left there, they would count as the kiosk's
        growth."""
        printer = self.kiosk.printer
        if isinstance(printer, FakePrinter):
            printer.printed.clear()
            printer.record.calls.clear()
            printer.record.states.clear()

    def _check_result(self, issued: list[bytes]) -> None:
        journey = self.kiosk.shell.journey
        result = journey.result if isinstance(journey, CheckJourney) else None
        if result is None or not result.valid:
            raise VisitFailed(f"the result screen shows no verified e-ID: {result}")
        credential = result.credential
        if not isinstance(credential, ElectronicId) or credential.credential_id not in issued:
            raise VisitFailed("the result screen shows another code than this visit's e-ID")
        if not self.result.isVisible() or not self.result.title.text():
            raise VisitFailed("the result screen is not showing the result")

    def _print_slip(self) -> bool:
        shell = self.kiosk.shell
        touch(self.result.slip_button)

        def printed_and_drawn() -> bool:
            view = shell.receipt()
            if shell.screen is not Screen.RECEIPT or view is None:
                return False
            if view.phase is ReceiptPhase.ON_SCREEN:
                return True  # failed: reported below
            return view.phase is ReceiptPhase.PRINTED and not self.receipt.preview.pixmap().isNull()

        self.waiter.until(printed_and_drawn, "printed check-in slip", STEP_TIMEOUT_S)
        view = shell.receipt()
        assert view is not None
        if view.phase is not ReceiptPhase.PRINTED:
            raise VisitFailed(f"the slip was not printed: {view.problem}")
        printer = self.kiosk.printer
        if isinstance(printer, FakePrinter):
            taken = [job.job_id for job in printer.printed]
            if taken != [view.job_id]:
                raise VisitFailed(f"the printer printed {taken}, not {view.job_id}")
        self.slips += 1
        touch(self.receipt.done_button)
        return True


class AheadClock:
    """The system's clock, ``ahead`` in the future (the purge's days passing)."""

    def __init__(self, ahead: timedelta) -> None:
        self.ahead = ahead

    def now(self) -> datetime:
        return datetime.now(UTC) + self.ahead

    def monotonic(self) -> float:
        return time.monotonic()


class DeskVisits:
    """Rooms at the hotel desk, one a visit, by the scripted clerk (see the module docstring);
    the register's purge on its own ``PurgeWorker`` thread (``close`` stops it)."""

    def __init__(
        self,
        kiosk: Kiosk,
        terminal: KioskTerminal,
        scenes: VisitScenes,
        waiter: Waiter,
        *,
        checkout_every: int,
        purge_every: int,
    ) -> None:
        self.kiosk = kiosk
        self.terminal = terminal
        self.scenes = scenes
        self.waiter = waiter
        self.checkout_every = checkout_every
        self.purge_every = purge_every
        # Imported once the kiosk has started (see Driver.__post_init__).
        from bench.support.desk_driver import DeskClerk  # noqa: PLC0415

        self.clerk = DeskClerk(kiosk, scenes, waits=waiter)
        self.rooms = 0
        self.guests = 0
        self.checkouts = 0
        self.purges = 0
        self.stays_purged = 0
        self._people = 0
        self._since_purge = 0
        self._purge_clock: AheadClock | None = None
        self._purge_worker: PurgeWorker | None = None
        self._purged: list[PurgeResult] = []  # appended on the worker's thread
        self._nudged: object = None

    def close(self) -> None:
        worker, self._purge_worker = self._purge_worker, None
        if worker is not None:
            worker.stop()

    def _person(self) -> tuple[str, str]:
        """A guest who has not been here before (name, resident identity number), an adult."""
        index = self._people
        self._people += 1
        surnames, given = GUEST_SURNAMES, GUEST_GIVEN_NAMES
        name = surnames[index % len(surnames)] + given[index // len(surnames) % len(given)]
        born = date(1960, 1, 1) + timedelta(days=index * 37 % 15000)
        return name, resident_id("500112", f"{born:%Y%m%d}", f"{index % 1000:03d}")

    def _follow(self, screen: DeskScreen) -> None:
        """Waits re-check on the desk's own signals (connected once)."""
        if self._nudged is not screen:
            self._nudged = screen
            screen.scanner.changed.connect(self.waiter.nudge)
            screen.scanner.verified.connect(self.waiter.nudge)

    def visit(self, number: int) -> dict[str, Any]:
        from bench.support.desk_driver import ClerkStuck  # noqa: PLC0415 - see __init__

        clerk = self.clerk
        try:
            if self.kiosk.shell.screen is Screen.HOME:
                clerk.open_desk()
            screen = clerk.desk()
            self._follow(screen)
            frames_before = _scan_counts(screen)
            people = [self._person() for _ in range(1 + number // 2 % 2)]
            room = f"{number // 50 % 40 + 2:02d}{number % 50 + 1:02d}"
            stay = clerk.check_in([self.scenes.eid_of(*person) for person in people], room)
            if [guest.name for guest in stay.guests] != [name for name, _ in people]:
                raise VisitFailed("the card shows other guests than this room's")
            self._slip_printed(stay.slip_number)
            clerk.clear()
            frames = _scan_counts(screen, since=frames_before)
            checked_out = self.checkout_every > 0 and number % self.checkout_every == 0
            if checked_out:
                clerk.open_register()
                clerk.open_stay(room)
                clerk.check_out()
                clerk.to_desk()
                self.checkouts += 1
        except ClerkStuck as error:
            raise VisitFailed(f"at the desk: {error}") from None
        self.rooms += 1
        self.guests += len(people)
        self._since_purge += 1
        purged = 0
        if self.purge_every > 0 and number % self.purge_every == 0:
            purged = self._purge()
        return {
            **frames,
            "guests": len(people),
            "checked_out": checked_out,
            "purged_stays": purged,
            "presentation": [],
        }

    def _slip_printed(self, slip_number: str) -> None:
        from kiosk.domain.receipt import HotelSlip  # noqa: PLC0415 - see __init__

        shell = self.kiosk.shell

        def printed() -> bool:
            view = shell.receipt()
            document = view.document if view is not None else None
            return (
                view is not None
                and isinstance(document, HotelSlip)
                and document.slip_number == slip_number
                and view.phase in (ReceiptPhase.PRINTED, ReceiptPhase.ON_SCREEN)
            )

        self.waiter.until(printed, "the room's slip printed", STEP_TIMEOUT_S)
        view = shell.receipt()
        assert view is not None
        if view.phase is not ReceiptPhase.PRINTED:
            raise VisitFailed(f"the room's slip was not printed: {view.problem}")

    def _purge(self) -> int:
        """The register's purge, run by a ``PurgeWorker`` thread as the terminal's own runs it
        after midnight, on the terminal's database, outbox and key, with a clock past the end
        of every stay saved so far (a day further each time, as midnights pass): every stay
        saved since the last purge must go."""
        from kiosk.hotel.register import Register  # noqa: PLC0415 - see __init__
        from kiosk.hotel.retention import PurgeWorker  # noqa: PLC0415

        if self._purge_worker is None:
            terminal = self.terminal
            retention = terminal.open_register().retention_days
            self._purge_clock = AheadClock(timedelta(days=retention + 2))
            register = Register(
                terminal.open_credentials().database,
                terminal.open_outbox(),
                terminal.open_local_key(),
                self._purge_clock,
                retention_days=retention,
            )
            self._purge_worker = PurgeWorker(
                register, self._purge_clock, on_purged=self._purged.append
            )
            self._purge_worker.start()  # purges at once
        else:
            assert self._purge_clock is not None
            self._purge_clock.ahead += timedelta(days=1)
            self._purge_worker.wake()
        self.waiter.until(lambda: bool(self._purged), "the register purged", STEP_TIMEOUT_S)
        result = self._purged.pop()
        self.purges += 1
        if result.stays != self._since_purge:
            raise VisitFailed(
                f"the purge removed {result.stays} stays, not the {self._since_purge} saved"
            )
        self._since_purge = 0
        self.stays_purged += result.stays
        return result.stays


def _scan_counts(screen: DeskScreen, since: tuple[Any, dict[str, int]] | None = None) -> Any:
    """The desk camera's frames (delivered, analysed, dropped, decoded): a mark to count from
    (``since`` None), or the counts since that mark. The scanner's controller starts its
    counters afresh whenever the camera starts again (back from the register)."""
    counters = screen.scanner.controller.counters
    names = ("frames", "analysed", "dropped", "decoded")
    now = {name: int(getattr(counters, name)) for name in names}
    if since is None:
        return counters, now
    marked, before = since
    if marked is counters:
        return {name: now[name] - before[name] for name in names}
    return {name: int(getattr(marked, name)) - before[name] + now[name] for name in names}


# ------------------------------------------------------------------------------ the run


def measure(visit: int, done: dict[str, Any], visit_s: float, warnings: int) -> dict[str, float]:
    started = time.perf_counter()
    gc.collect()
    rss = resident_memory_bytes()
    objects = len(gc.get_objects())
    return {
        "visit": visit,
        "rss_bytes": rss,
        "objects": objects,
        "qt_widgets": len(QApplication.allWidgets()),
        "fds": open_fds(),
        "threads_python": threading.active_count(),
        "threads_os": os_threads(),
        "visit_s": round(visit_s, 4),
        "sample_s": round(time.perf_counter() - started, 4),
        "log_warnings": warnings,
        **done,
    }


def first_last(samples: Samples, name: str) -> dict[str, float]:
    values = samples.column(name)
    return {"first": values[0], "last": values[-1], "min": min(values), "max": max(values)}


def after_warm_up_slope(samples: Samples, name: str, warm_up: int) -> float | None:
    visits = samples.column("visit")
    pairs = [
        (float(visit), float(value))
        for visit, value in zip(visits, samples.column(name), strict=True)
        if visit > warm_up
    ]
    return slope([visit for visit, _ in pairs], [value for _, value in pairs])


def summary(
    samples: Samples, warm_up: int, start_rss: int, growth: list[dict[str, Any]]
) -> dict[str, Any]:
    rss = samples.column("rss_bytes")
    rss_slope = after_warm_up_slope(samples, "rss_bytes", warm_up)
    objects_slope = after_warm_up_slope(samples, "objects", warm_up)
    ratio = rss[-1] / rss[0]
    slope_kib = None if rss_slope is None else rss_slope / 1024
    slope_ok = slope_kib is not None and slope_kib < GOAL_SLOPE_KIB
    ratio_ok = ratio <= GOAL_RSS_RATIO
    visit_times = samples.column("visit_s")
    return {
        "rss": {
            "before_first_visit_bytes": start_rss,
            "first_visit_bytes": rss[0],
            "last_visit_bytes": rss[-1],
            "max_bytes": max(rss),
            "ratio_last_over_first": round(ratio, 4),
            "slope_after_warm_up_bytes_per_visit": None if rss_slope is None else round(rss_slope),
            "slope_after_warm_up_kib_per_visit": None if slope_kib is None else round(slope_kib, 3),
            "visits_in_slope": sum(1 for visit in samples.column("visit") if visit > warm_up),
        },
        "objects": {
            **first_last(samples, "objects"),
            "slope_after_warm_up_per_visit": (
                None if objects_slope is None else round(objects_slope, 3)
            ),
            "top_growing_types_after_warm_up": growth,
        },
        "qt_widgets": first_last(samples, "qt_widgets"),
        "fds": first_last(samples, "fds"),
        "threads_python": first_last(samples, "threads_python"),
        "threads_os": first_last(samples, "threads_os"),
        "time": {
            "visit_s_median": round(statistics.median(visit_times), 4),
            "visit_s_p95": round(percentile(visit_times, 0.95), 4),
            "visit_s_max": round(max(visit_times), 4),
            "sample_s_median": round(statistics.median(samples.column("sample_s")), 4),
        },
        "scan": {
            "frames_per_visit_median": statistics.median(samples.column("frames")),
            "analysed_per_visit_median": statistics.median(samples.column("analysed")),
            "dropped_per_visit_median": statistics.median(samples.column("dropped")),
            "frames_total": sum(samples.column("frames")),
            "analysed_total": sum(samples.column("analysed")),
        },
        "search": {
            "keystrokes_total": sum(samples.column("search_keystrokes")),
            "slowest_keystroke_ms_median": round(
                statistics.median(samples.column("search_ms_max")), 3
            ),
            "slowest_keystroke_ms_max": round(max(samples.column("search_ms_max")), 3),
        },
        "goal": {
            "slope_kib_per_visit_below": GOAL_SLOPE_KIB,
            "last_over_first_rss_at_most": GOAL_RSS_RATIO,
            "visits_required": GOAL_VISITS,
            "slope_ok": slope_ok,
            "ratio_ok": ratio_ok,
            "conclusive": samples.count >= GOAL_VISITS,
            "met": slope_ok and ratio_ok and samples.count >= GOAL_VISITS,
        },
    }


def applications_summary(samples: Samples, warm_up: int) -> dict[str, Any]:
    """The application visits: how many, their touches and seconds, and the least-squares
    slope of the resident memory measured after them (after the warm-up), per visit."""
    flags = samples.column("application")
    visits = [v for v, flag in zip(samples.column("visit"), flags, strict=True) if flag]
    if not visits:
        return {"visits": 0}
    rss = [r for r, flag in zip(samples.column("rss_bytes"), flags, strict=True) if flag]
    touches = [t for t, flag in zip(samples.column("apply_touches"), flags, strict=True) if flag]
    seconds = [t for t, flag in zip(samples.column("apply_s"), flags, strict=True) if flag]
    later = [(float(v), float(r)) for v, r in zip(visits, rss, strict=True) if v > warm_up]
    rss_slope = slope([v for v, _ in later], [r for _, r in later])
    return {
        "visits": len(visits),
        "item": APPLY_ITEM,
        "touches_median": statistics.median(touches),
        "seconds_median": round(statistics.median(seconds), 3),
        "seconds_max": round(max(seconds), 3),
        "rss_slope_after_warm_up_kib_per_visit": (
            None if rss_slope is None else round(rss_slope / 1024, 3)
        ),
        "visits_in_slope": len(later),
    }


def desk_summary(samples: Samples, warm_up: int) -> dict[str, Any]:
    """The desk's visits: guests, the visits with a check-out and a purge, and the memory
    slope after the warm-up over the visits with a check-out beside the slope over all."""
    visits = samples.column("visit")
    checked = samples.column("checked_out")
    later = [
        (float(visit), float(rss))
        for visit, rss, flag in zip(visits, samples.column("rss_bytes"), checked, strict=True)
        if flag and visit > warm_up
    ]
    rss_slope = slope([v for v, _ in later], [r for _, r in later])
    return {
        "rooms": samples.count,
        "guests": sum(samples.column("guests")),
        "checked_out": sum(1 for flag in checked if flag),
        "stays_purged": sum(samples.column("purged_stays")),
        "purges": sum(1 for stays in samples.column("purged_stays") if stays),
        "rss_slope_after_warm_up_over_check_out_visits_kib_per_visit": (
            None if rss_slope is None else round(rss_slope / 1024, 3)
        ),
        "check_out_visits_in_slope": len(later),
    }


def dead_letters(kiosk: Kiosk) -> int:
    """Records the platform refused for good, in the kiosk's outbox."""
    from kiosk.sync.outbox import Status  # noqa: PLC0415 - see Driver.__post_init__

    sync = kiosk.sync
    return 0 if sync is None else sync.outbox.counts()[Status.DEAD]


def desk_counts(desk: DeskVisits | None) -> dict[str, int]:
    if desk is None:
        return {}
    return {
        "rooms": desk.rooms,
        "guests": desk.guests,
        "checkouts": desk.checkouts,
        "purges": desk.purges,
        "stays_purged": desk.stays_purged,
    }


def visit_words(options: Options, *, hotel: bool) -> str:
    """What a visit was, for the report."""
    if hotel:
        return (
            "at the hotel desk (opened from home once; the camera on, the empty scene between "
            "guests): the clerk's language switched every other visit; one guest (two on even "
            "visits, each a new person) shows a fresh demo e-ID -> verified, on the card -> "
            "room typed, Enter -> checked in, the room's slip printed -> Esc"
            + (
                f"; every {options.checkout_every}th visit then F2, the room found in the "
                "register, Alt+O, Enter (checked out), Alt+D"
                if options.checkout_every
                else ""
            )
            + (
                f"; every {options.purge_every}th visit the register's purge (a PurgeWorker "
                "thread, its clock past every stay's end): every stay saved since the last "
                "purge removed"
                if options.purge_every
                else ""
            )
        )
    return (
        "home (every other citizen switches to English) -> check a code -> camera: "
        f"{options.approach_frames} empty frames, then a phone with a fresh demo e-ID "
        "-> verified result -> back to home"
        f" -> the first {SEARCH_KEYSTROKES} keystrokes of a catalogue search"
        + (
            f"; every {options.apply_every}th visit instead a complete application of "
            f"{APPLY_ITEM} (item from home, Apply here, a fresh e-ID to the camera, the "
            "form answered, consent, submitted to the platform, printed receipt with the "
            "acceptance number, Finish)"
            if options.apply_every
            else ""
        )
    )


def growth_between(before: Counter[str], after: Counter[str]) -> list[dict[str, Any]]:
    grown = Counter({name: after[name] - before.get(name, 0) for name in after})
    return [
        {"type": name, "grew_by": count, "now": after[name]}
        for name, count in grown.most_common(TOP_TYPES)
        if count > 0
    ]


def tracemalloc_growth(before: tracemalloc.Snapshot) -> list[dict[str, Any]]:
    after = tracemalloc.take_snapshot()
    return [
        {"where": str(stat.traceback), "grew_by_bytes": stat.size_diff, "blocks": stat.count_diff}
        for stat in after.compare_to(before, "lineno")[:TOP_TYPES]
        if stat.size_diff > 0
    ]


def environment_section(load: MachineLoad) -> dict[str, Any]:
    from kiosk.ui.scan.sources import FAKE_FPS  # noqa: PLC0415 - see Driver.__post_init__

    return {
        **environment(usable_cpus(), load),
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "qt_platform": QGuiApplication.platformName(),
        "camera": f"image fake camera at {FAKE_FPS:g} fps, 1280x720 luma frames",
        "printer": "fake",
        "platform_server": "refplatform serve (one process) on 127.0.0.1",
    }


@dataclass
class Options:
    visits: int
    warm_up: int
    profile: str
    approach_frames: int
    apply_every: int
    checkout_every: int
    purge_every: int
    samples_file: Path | None
    trace: bool
    parent_dir: Path | None


@dataclass
class Terminal:
    """The kiosk under test and what it runs against."""

    kiosk: Kiosk
    driver: Driver
    platform: DemoPlatform
    warnings: WarningCounter


def start_terminal(
    options: Options, interrupts: QtInterrupts, cleanup: contextlib.ExitStack
) -> Terminal:
    """The demo terminal, enrolled with a reference platform on loopback, started as
    ``kiosk demo`` starts it; everything is closed by ``cleanup``."""
    clock = SystemClock()
    data_dir = Path(
        cleanup.enter_context(
            tempfile.TemporaryDirectory(
                prefix="bench-soak-", dir=options.parent_dir, ignore_cleanup_errors=True
            )
        )
    )
    path = prepare_demo(data_dir, clock.now(), profile=options.profile)
    with interrupts.deferred():
        demo_platform, code = DemoPlatform.start(data_dir)
        cleanup.callback(demo_platform.stop)
    connect_demo_platform(data_dir, path, demo_platform, code)
    loaded: LoadedConfig = load_config(path, {})
    settings = loaded.config.logging
    setup_logging(loaded.data_dir, level=settings.level, console=False)
    warnings = WarningCounter()
    logging.getLogger().addHandler(warnings)
    cleanup.callback(logging.getLogger().removeHandler, warnings)
    route_qt_messages()

    scenes = VisitScenes(
        load_demo_keys(data_dir / DEMO_KEYS_DIR),
        clock,
        options.approach_frames,
        between_guests=options.profile == "hotel",
    )
    # As run_kiosk starts `kiosk demo`'s terminal (windowed), without entering app.exec(): the
    # home screen paints first, then the services open in the background.
    kiosk = start_kiosk(loaded, windowed=True, fake_scenes=scenes)
    cleanup.callback(kiosk.close)
    waiter = Waiter(interrupts)
    if kiosk.startup is not None:
        kiosk.startup.ready.connect(waiter.nudge)
    waiter.until(lambda: kiosk.ready, "services ready", LINK_TIMEOUT_S)
    driver = Driver(
        kiosk,
        scenes,
        waiter,
        hotel=options.profile == "hotel",
        scan_timeout_s=float(loaded.config.scan.timeout_s),
        apply_every=options.apply_every,
        checkout_every=options.checkout_every,
        purge_every=options.purge_every,
    )
    cleanup.callback(driver.close)  # before the kiosk closes its database
    driver.wait_until_ready()
    return Terminal(kiosk, driver, demo_platform, warnings)


def run(options: Options, interrupts: QtInterrupts) -> tuple[dict[str, Any], bool]:
    """Runs the visits; returns the report and whether every visit completed."""
    load = MachineLoad.start()
    wall_start = time.perf_counter()
    samples = Samples(options.visits)
    failure: str | None = None
    with contextlib.ExitStack() as cleanup:
        terminal = start_terminal(options, interrupts, cleanup)
        driver, warnings = terminal.driver, terminal.warnings
        samples_out: IO[str] | None = None
        if options.samples_file is not None:
            samples_out = cleanup.enter_context(options.samples_file.open("w", encoding="utf-8"))
        baseline: Counter[str] | None = None
        traced: tracemalloc.Snapshot | None = None
        if options.trace:
            tracemalloc.start(10)
        gc.collect()
        start_rss = resident_memory_bytes()
        platform_rss_start = process_rss(terminal.platform.process.pid)
        try:
            for number in range(1, options.visits + 1):
                done, seconds = driver.visit(number)
                row = samples.add(measure(number, done, seconds, warnings.count))
                if samples_out is not None:
                    samples_out.write(json.dumps(row) + "\n")
                    samples_out.flush()
                if number == max(1, options.warm_up):
                    baseline = type_counts()
                    traced = tracemalloc.take_snapshot() if options.trace else None
        except VisitFailed as error:
            failure = f"visit {samples.count + 1}: {error}"
        refused = dead_letters(terminal.kiosk) if driver.hotel else 0
        if refused and failure is None:
            failure = f"the platform refused {refused} of the desk's reports (dead letters)"
        growth = growth_between(baseline, type_counts()) if baseline is not None else []
        report: dict[str, Any] = {
            "benchmark": "soak",
            "profile": options.profile,
            "visit": visit_words(options, hotel=driver.hotel),
            "visits": {
                "requested": options.visits,
                "completed": samples.count,
                "failed": failure,
                "warm_up": options.warm_up,
                "slips_printed": driver.slips,
                "applications": driver.applications,
                **desk_counts(driver.desk),
            },
        }
        if samples.count:
            report["summary"] = summary(samples, options.warm_up, start_rss, growth)
            report["summary"]["applications"] = applications_summary(samples, options.warm_up)
            if driver.hotel:
                report["summary"]["desk"] = desk_summary(samples, options.warm_up)
        if traced is not None:
            report["tracemalloc_growth_after_warm_up"] = tracemalloc_growth(traced)
        sync = terminal.kiosk.sync
        link = sync.worker.state if sync is not None and sync.worker is not None else None
        report["kiosk"] = {
            "log_warnings": warnings.count,
            "first_log_warnings": warnings.first,
            "link_at_end": None if link is None else link.connectivity.value,
            "catalog_index_builds": None if driver.library is None else driver.library.builds,
            "outbox_at_end": (
                None
                if sync is None
                else {status.value: count for status, count in sync.outbox.counts().items()}
            ),
        }
        report["reference_platform_rss_bytes"] = {
            "start": platform_rss_start,
            "end": process_rss(terminal.platform.process.pid),
        }
    report["wall_s"] = round(time.perf_counter() - wall_start, 1)
    report["environment"] = environment_section(load)
    return report, failure is None


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def options_from(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=positive, help=f"visits (default {GOAL_VISITS})")
    parser.add_argument(
        "--warm-up", type=int, help="visits left out of the slope (default: a tenth of them)"
    )
    parser.add_argument("--profile", choices=("citizen", "hotel"), default="citizen")
    parser.add_argument(
        "--approach-frames",
        type=int,
        default=8,
        help="empty frames before the phone appears (default 8: about half a second)",
    )
    parser.add_argument(
        "--applications",
        type=int,
        default=APPLY_EVERY,
        metavar="EVERY",
        help=f"every EVERY-th visit is a complete application (default {APPLY_EVERY}; 0: none; "
        "citizen profile only)",
    )
    parser.add_argument(
        "--checkouts",
        type=int,
        default=CHECKOUT_EVERY,
        metavar="EVERY",
        help=f"every EVERY-th room at the desk is checked out from the register (default "
        f"{CHECKOUT_EVERY}; 0: none; hotel profile only)",
    )
    parser.add_argument(
        "--purge",
        type=int,
        default=PURGE_EVERY,
        metavar="EVERY",
        help=f"the register's purge after every EVERY-th room (default {PURGE_EVERY}; 0: "
        "never; hotel profile only)",
    )
    parser.add_argument("--samples", type=Path, help="write one JSON line per visit here")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also report where Python allocations grew after the warm-up (slower, more memory)",
    )
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_VISITS} visits (a smoke run)")
    parser.add_argument("--dir", type=Path, help="parent of the temporary folder")
    args = parser.parse_args(argv)
    visits = args.visits or (QUICK_VISITS if args.quick else GOAL_VISITS)
    warm_up = visits // 10 if args.warm_up is None else args.warm_up
    if not 0 <= warm_up <= visits - 2:
        parser.error("--warm-up must leave at least two visits for the slope")
    if args.approach_frames < 0:
        parser.error("--approach-frames cannot be negative")
    if args.applications < 0:
        parser.error("--applications cannot be negative")
    if args.checkouts < 0 or args.purge < 0:
        parser.error("--checkouts and --purge cannot be negative")
    return Options(
        visits=visits,
        warm_up=warm_up,
        profile=args.profile,
        approach_frames=args.approach_frames,
        apply_every=args.applications,
        checkout_every=args.checkouts,
        purge_every=args.purge,
        samples_file=args.samples,
        trace=args.tracemalloc,
        parent_dir=args.dir,
    )


def main(argv: list[str] | None = None) -> int:
    options = options_from(argv)
    interrupts = QtInterrupts()
    interrupts.install()
    try:
        report, completed = run(options, interrupts)
    except BaseException:
        if not interrupts.stop.is_set():
            raise
        print("interrupted; platform stopped and temporary files removed", file=sys.stderr)
        return 130
    print(json.dumps(report, indent=2, ensure_ascii=False), flush=True)
    return 0 if completed else 1


if __name__ == "__main__":
    sys.exit(main())

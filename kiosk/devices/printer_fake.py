"""The fake receipt printer: records the exact bytes it prints, renders a PNG preview of them,
and injects faults on demand.

It is the demo's printer and the tests' printer (a thermal printer cannot exist in CI), selected
by the configuration as ``fake``. Like an ESC/POS printer it turns each job's lines into bytes
(``kiosk.devices.escpos_encoding``) for its paper width, and keeps them in ``printed``;
``preview_png`` draws a printed job as the paper would show it (``kiosk.devices.receipt_image``).
It keeps the no-double-printing rule of every printer (``kiosk.devices.printer``). Faults,
switched on and off at any time (several at once):

- ``PAPER_OUT``, ``COVER_OPEN``, ``OFFLINE``, ``ERROR``: the state says so and ``print_job``
  raises ``PrinterError`` with that state, printing nothing;
- ``PAPER_LOW``: the state says ``PAPER_LOW`` and jobs still print;
- ``SLOW``: each job waits ``slow_seconds`` before printing, through the injected ``wait``
  (by default an event wait that ``clear_fault`` or ``close`` cuts short, and after ``close``
  until ``SLOW`` is set again; never a sleep);
- ``FAIL_MID_JOB``: the state says ``READY``, but each job stops half-way: the first half is
  recorded in ``torn`` and ``PrinterError(ERROR, partial=True)`` is raised; the job is not
  completed, so it prints in full once the fault is cleared.

When several faults are set the state is the most serious one (cover open, paper out, offline,
error, paper low).

Thread contract: any thread may call; jobs are printed one at a time (a second ``print_job``
waits for the first), while ``state``, ``set_fault`` and ``clear_fault`` never wait for a job.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.devices.escpos_encoding import encode
from kiosk.devices.printer import (
    CompletedJobs,
    PaperWidth,
    PrinterError,
    PrinterState,
    PrintJob,
    PrintResult,
)
from kiosk.devices.receipt_image import preview_png


class PrinterFault(enum.Enum):
    PAPER_OUT = "paper_out"
    PAPER_LOW = "paper_low"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    SLOW = "slow"
    FAIL_MID_JOB = "fail_mid_job"


# Most serious first: the state a printer with several faults reports.
_FAULT_STATES: tuple[tuple[PrinterFault, PrinterState], ...] = (
    (PrinterFault.COVER_OPEN, PrinterState.COVER_OPEN),
    (PrinterFault.PAPER_OUT, PrinterState.PAPER_OUT),
    (PrinterFault.OFFLINE, PrinterState.OFFLINE),
    (PrinterFault.ERROR, PrinterState.ERROR),
    (PrinterFault.PAPER_LOW, PrinterState.PAPER_LOW),
)

Wait = Callable[[float], object]


@dataclass
class FakePrinterRecord:
    """Every call the fake received, in order, e.g. ``"state"``, ``"print_job:R-1"``."""

    calls: list[str] = field(default_factory=list)
    states: list[PrinterState] = field(default_factory=list)  # each answer ``state`` gave
    skipped: list[str] = field(default_factory=list)  # job ids not sent again (completed)
    failed: list[tuple[str, PrinterState]] = field(default_factory=list)
    closes: int = 0


@dataclass(frozen=True)
class PrintedJob:
    """A job that reached the fake's paper: its id, lines and the exact bytes."""

    job: PrintJob
    data: bytes

    @property
    def job_id(self) -> str:
        return self.job.job_id


class FakePrinter:
    """A receipt printer in memory: ``printed`` holds each completed job and its bytes."""

    def __init__(
        self,
        *,
        paper: PaperWidth = PaperWidth.MM80,
        native_qr: bool = True,
        faults: set[PrinterFault] | None = None,
        slow_seconds: float = 3.0,
        wait: Wait | None = None,
    ) -> None:
        self._paper = paper
        self.native_qr = native_qr
        self.slow_seconds = slow_seconds
        self.printed: list[PrintedJob] = []
        self.torn: list[PrintedJob] = []  # the half that reached the paper before FAIL_MID_JOB
        self.record = FakePrinterRecord()
        self._faults: set[PrinterFault] = set(faults or ())
        self._completed = CompletedJobs()
        self._lock = threading.Lock()  # guards the fields above
        self._job_lock = threading.Lock()  # one job at a time
        self._slow_gate = threading.Event()
        self._wait: Wait = wait if wait is not None else self._slow_gate.wait

    @property
    def faults(self) -> frozenset[PrinterFault]:
        with self._lock:
            return frozenset(self._faults)

    @property
    def paper(self) -> PaperWidth:
        return self._paper

    @property
    def printed_bytes(self) -> bytes:
        """Everything that reached the paper, in order (completed jobs only)."""
        with self._lock:
            return b"".join(printed.data for printed in self.printed)

    def preview_png(self, index: int = -1) -> bytes:
        """A PNG picture of the ``index``-th printed job (the last by default)."""
        with self._lock:
            printed = self.printed[index]
        return preview_png(printed.job.lines, self._paper)

    def set_fault(self, *faults: PrinterFault) -> None:
        with self._lock:
            self._faults.update(faults)
            if PrinterFault.SLOW in faults:
                self._slow_gate.clear()

    def clear_fault(self, fault: PrinterFault | None = None) -> None:
        """Clear one fault, or all of them when ``fault`` is None."""
        with self._lock:
            if fault is None:
                self._faults.clear()
            else:
                self._faults.discard(fault)
            if PrinterFault.SLOW not in self._faults:
                self._slow_gate.set()  # a slow job in progress finishes now

    def _state_locked(self) -> PrinterState:
        for fault, state in _FAULT_STATES:
            if fault in self._faults:
                return state
        return PrinterState.READY

    def state(self) -> PrinterState:
        with self._lock:
            self.record.calls.append("state")
            state = self._state_locked()
            self.record.states.append(state)
            return state

    def print_job(self, job: PrintJob) -> PrintResult:
        with self._job_lock:
            with self._lock:
                self.record.calls.append(f"print_job:{job.job_id}")
                if job.job_id in self._completed:
                    self.record.skipped.append(job.job_id)
                    return PrintResult.ALREADY_PRINTED
                state = self._state_locked()
                slow = PrinterFault.SLOW in self._faults
            if not state.can_print:
                self._fail(job, state, partial=False)
            if slow:
                self._wait(self.slow_seconds)
            with self._lock:
                state = self._state_locked()  # a fault set while the job waited counts
                mid_job = PrinterFault.FAIL_MID_JOB in self._faults
            if not state.can_print:
                self._fail(job, state, partial=False)
            data = encode(job.lines, self._paper, native_qr_code=self.native_qr)
            if mid_job:
                with self._lock:
                    self.torn.append(PrintedJob(job, data[: len(data) // 2]))
                self._fail(job, PrinterState.ERROR, partial=True)
            with self._lock:
                self.printed.append(PrintedJob(job, data))
                self._completed.add(job.job_id)
            return PrintResult.PRINTED

    def _fail(self, job: PrintJob, state: PrinterState, *, partial: bool) -> None:
        with self._lock:
            self.record.failed.append((job.job_id, state))
        raise PrinterError(state, job.job_id, partial=partial)

    def close(self) -> None:
        with self._lock:
            self.record.calls.append("close")
            self.record.closes += 1
        self._slow_gate.set()

"""Receipt printers: one interface for ESC/POS thermal printers, files and the shipped fake.

A printer reports its state as a ``PrinterState`` code (the UI translates the code), says which
``PaperWidth`` it holds, and prints ``PrintJob`` objects: printer-neutral lines
(``kiosk.domain.receipt.layout`` at the printer's columns) under a job id. Each driver renders
the lines its own way: ESC/POS bytes (``kiosk.devices.escpos_encoding``), or a picture for a
system printer or a PDF (``kiosk.devices.receipt_image``).
The drivers live in ``kiosk.devices.printer_escpos``, the fake in ``kiosk.devices.printer_fake``,
and ``kiosk.devices.printers.open_printer`` picks one from the configuration.

No double printing: every implementation remembers the ids of the jobs it completed (the last
``COMPLETED_JOBS_REMEMBERED``, in memory), and ``print_job`` with a completed id returns
``PrintResult.ALREADY_PRINTED`` without sending anything, so a retried print (a double tap, a
journey step run again) never gives the citizen two receipts. A job that failed — before
anything was sent or mid-way — is not completed, and printing it again sends it again in full
(a technician's reprint of a torn receipt must work); ``PrinterError.partial`` says whether part
of it may already be on paper.

Thread contract: every method blocks on device I/O (up to the driver's timeouts), so call them
from a worker thread, never the GUI thread. Implementations serialise their calls internally,
so any thread may call; one ``print_job`` runs at a time.
"""

from __future__ import annotations

import enum
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from kiosk.domain.receipt import Line, LineKind, Printable, layout
from kiosk.runtime.messages import Msg
from kiosk.runtime.printed_text import printed_text

COMPLETED_JOBS_REMEMBERED = 200


class PrinterState(enum.Enum):
    """What the printer can do, as a code the UI maps to translated text."""

    READY = "ready"
    PAPER_LOW = "paper_low"  # prints, but the roll is near its end: tell a technician
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"  # unreachable, not answering, or offline for a reason it did not give
    ERROR = "error"  # the printer reports an error (cutter jam, head temperature, ...)

    @property
    def can_print(self) -> bool:
        return self in (PrinterState.READY, PrinterState.PAPER_LOW)

    @property
    def message(self) -> Msg:
        """The state in words, for a citizen or a technician."""
        return _STATE_MESSAGES[self]


_STATE_MESSAGES = {
    PrinterState.READY: Msg.PRINTER_READY,
    PrinterState.PAPER_LOW: Msg.PRINTER_PAPER_LOW,
    PrinterState.PAPER_OUT: Msg.PRINTER_PAPER_OUT,
    PrinterState.COVER_OPEN: Msg.PRINTER_COVER_OPEN,
    PrinterState.OFFLINE: Msg.PRINTER_OFFLINE,
    PrinterState.ERROR: Msg.PRINTER_ERROR,
}


class PrintResult(enum.Enum):
    """What ``print_job`` did when it did not raise."""

    PRINTED = "printed"
    ALREADY_PRINTED = "already_printed"  # a completed job id: nothing was sent


class PaperWidth(enum.Enum):
    """A paper roll: printable columns of font A (12x24 dots) and dots per line."""

    MM58 = (32, 384)
    MM80 = (48, 576)

    @property
    def columns(self) -> int:
        return self.value[0]

    @property
    def dots(self) -> int:
        return self.value[1]

    @property
    def millimetres(self) -> int:
        return 58 if self is PaperWidth.MM58 else 80

    @classmethod
    def from_millimetres(cls, value: int) -> PaperWidth:
        for paper in cls:
            if paper.millimetres == value:
                return paper
        raise ValueError(f"no {value} mm paper: 58 or 80")


@dataclass(frozen=True)
class PrintJob:
    """Laid-out lines under an id that identifies the document (not the attempt).

    The id of a receipt is its reference, so printing the same receipt again (a retry, a
    double tap) is recognised whatever attempt it is.
    """

    job_id: str
    lines: tuple[Line, ...]

    def __post_init__(self) -> None:
        if not self.job_id:
            raise ValueError("a print job needs a job id")
        if not self.lines or self.lines[-1].kind is not LineKind.CUT:
            raise ValueError("a print job is laid-out lines ending with a cut")

    @classmethod
    def of(cls, job_id: str, document: Printable, paper: PaperWidth) -> PrintJob:
        """The job printing ``document`` laid out for ``paper``."""
        text = printed_text(document.language)
        return cls(job_id, tuple(layout(document, paper.columns, text)))

    def __repr__(self) -> str:  # the lines hold (masked) personal data: keep them out of logs
        return f"PrintJob(job_id={self.job_id!r}, lines=<{len(self.lines)}>)"


class PrinterError(Exception):
    """The job was not (completely) printed; ``state`` says why, as a code for the UI.

    ``partial`` is True when some of the job may have reached the paper (the printer failed
    or went away while or after the bytes were sent); False when nothing was sent.
    """

    def __init__(self, state: PrinterState, job_id: str = "", *, partial: bool = False) -> None:
        self.state = state
        self.job_id = job_id
        self.partial = partial
        detail = " (part of it may have printed)" if partial else ""
        super().__init__(f"print job {job_id!r} not printed: printer {state.value}{detail}")

    @property
    def code(self) -> str:
        return self.state.value


class ReceiptPrinter(Protocol):
    """Anything that prints receipts: an ESC/POS printer, a file, a system printer, a fake."""

    @property
    def paper(self) -> PaperWidth:
        """The paper the printer holds; jobs are laid out for its columns."""
        ...

    def state(self) -> PrinterState:
        """Ask the printer now (a real status query, not a cached value)."""
        ...

    def print_job(self, job: PrintJob) -> PrintResult:
        """Print ``job`` unless its id was completed already (then send nothing).

        Checks the state first; raises ``PrinterError`` when the printer cannot print or
        fails during the job. A job that raised may be printed again.
        """
        ...

    def close(self) -> None:
        """Release the device; a later call opens it again. Completed ids are kept."""
        ...


class CompletedJobs:
    """The ids of the last ``capacity`` completed jobs (the oldest is forgotten first).

    Not synchronised: the printer that owns it calls it under its own lock.
    """

    def __init__(self, capacity: int = COMPLETED_JOBS_REMEMBERED) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()

    def __contains__(self, job_id: object) -> bool:
        return job_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def add(self, job_id: str) -> None:
        self._ids[job_id] = None
        self._ids.move_to_end(job_id)
        while len(self._ids) > self.capacity:
            self._ids.popitem(last=False)

"""ESC/POS receipt printers over a byte stream: network (raw port 9100), a device node or a
plain file, USB and serial (through python-escpos's device handling).

Each driver holds a paper width (58 or 80 mm) and knows whether its printer has the native QR
command; a job's lines become bytes with ``kiosk.devices.escpos_encoding.encode`` and are sent
unchanged (python-escpos only carries them). The state is asked from the printer itself with
the real-time status requests ``DLE EOT n`` (``10 04 n``), each answered by one byte, read
with a short timeout:

- ``n = 1`` printer status: bit 3 set = offline;
- ``n = 2`` offline cause: bit 2 = cover open, bit 5 = printing stopped by paper end,
  bit 6 = an error occurred;
- ``n = 4`` roll paper sensor: bits 2-3 = paper near its end, bits 5-6 = paper end.

Every answer has bits 1 and 4 set and bits 0 and 7 clear (``byte & 0x93 == 0x12``); a byte that
does not is not a status answer and reads as ``ERROR``. No answer reads as ``OFFLINE``.
``parse_status`` is total: any bytes give a state, never an exception.

``print_job`` asks the state before sending (a printer that cannot print raises
``PrinterError`` and nothing is sent) and again after: a printer that stopped answering or
cannot print any more after the bytes went out raises ``PrinterError(partial=True)``, and the
job is not completed (it may be printed again; see ``kiosk.devices.printer`` on double
printing). Status requests are only sent between jobs, and any unread bytes (a stray answer
to a ``10 04 n`` sequence inside image data) are discarded before a request.

A plain file (``file:`` naming a regular file or a path that does not exist yet) receives each
job appended; its state is ``READY`` when the file can be written, ``OFFLINE`` otherwise. A
character device (``/dev/usb/lp0``) is a printer and is asked with ``DLE EOT``.

Thread contract: methods block on I/O for at most the configured timeouts; call them from a
worker thread. Calls are serialised by a lock, so any thread may call.
"""

from __future__ import annotations

import abc
import contextlib
import errno
import importlib.util
import logging
import os
import select
import socket
import stat
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kiosk.devices.escpos_encoding import encode
from kiosk.devices.printer import (
    CompletedJobs,
    PaperWidth,
    PrinterError,
    PrinterState,
    PrintJob,
    PrintResult,
)

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
STATUS_PRINTER = 1
STATUS_OFFLINE_CAUSE = 2
STATUS_PAPER = 4
STATUS_REQUESTS = (STATUS_PRINTER, STATUS_OFFLINE_CAUSE, STATUS_PAPER)

_FIXED_MASK = 0x93  # bits 0, 1, 4 and 7 are fixed in every DLE EOT answer
_FIXED_VALUE = 0x12  # ... to 0, 1, 1 and 0
_OFFLINE = 0x08  # n=1 bit 3
_COVER_OPEN = 0x04  # n=2 bit 2
_STOPPED_BY_PAPER_END = 0x20  # n=2 bit 5
_ERROR_OCCURRED = 0x40  # n=2 bit 6
_PAPER_NEAR_END = 0x0C  # n=4 bits 2-3
_PAPER_END = 0x60  # n=4 bits 5-6

DEFAULT_STATUS_TIMEOUT = 0.5  # seconds to wait for one status byte
DEFAULT_PAPER = PaperWidth.MM80
DEFAULT_TIMEOUT = 5.0  # seconds to connect, or for a write to make progress


def status_request(n: int) -> bytes:
    """The bytes of ``DLE EOT n``."""
    return DLE_EOT + bytes([n])


def is_status_byte(value: int) -> bool:
    """Whether ``value`` has the fixed bits of a ``DLE EOT`` answer."""
    return value & _FIXED_MASK == _FIXED_VALUE


def parse_status(printer: int | None, offline_cause: int | None, paper: int | None) -> PrinterState:
    """The state from the answers to ``DLE EOT 1``, ``2`` and ``4`` (None: no answer).

    The most serious condition wins: cover open, paper out, error, offline, paper low.
    """
    if printer is None or offline_cause is None or paper is None:
        return PrinterState.OFFLINE
    answers = (printer, offline_cause, paper)
    if not all(0 <= answer <= 0xFF and is_status_byte(answer) for answer in answers):
        return PrinterState.ERROR
    if offline_cause & _COVER_OPEN:
        return PrinterState.COVER_OPEN
    if paper & _PAPER_END or offline_cause & _STOPPED_BY_PAPER_END:
        return PrinterState.PAPER_OUT
    if offline_cause & _ERROR_OCCURRED:
        return PrinterState.ERROR
    if printer & _OFFLINE:
        return PrinterState.OFFLINE
    if paper & _PAPER_NEAR_END:
        return PrinterState.PAPER_LOW
    return PrinterState.READY


@dataclass(frozen=True)
class LinkProblem:
    """Why the last status request reached no printer, and what a technician can do."""

    reason: str
    remedy: str


NO_ANSWER = LinkProblem(
    "no answer to the status request",
    "check that the printer is switched on and is an ESC/POS printer, and (on a network) that "
    "no other device has its address",
)
_REFUSED = LinkProblem(
    "connection refused (the address answers, but nothing listens on that port)",
    "check the port in [devices] printer (raw printing is usually 9100) and that the printer is "
    "switched on and not in use by another computer",
)
_NO_ROUTE = LinkProblem(
    "no route to host",
    "check the network cable, the printer's IP address in [devices] printer, and that the "
    "printer is switched on",
)
_TIMEOUT = LinkProblem(
    "timeout (the printer did not answer the connection in time)",
    "check that the printer is switched on and on this network, and its address in [devices] "
    "printer",
)
_NO_NAME = LinkProblem(
    "the printer's host name does not resolve (DNS)",
    "use the printer's IP address in [devices] printer, or fix the name service",
)
_USB_NOT_FOUND = LinkProblem(
    "USB device not found",
    "check the USB cable and the printer's power; `lsusb` must list the vendor:product ids "
    "given in [devices] printer",
)
_NO_DEVICE = LinkProblem(
    "device not found",
    "check the cable and the device name in [devices] printer (`ls /dev/usb/ /dev/tty*`)",
)
_DENIED = LinkProblem(
    "permission denied",
    "give the kiosk's user access to the device: add it to the device's group (lp, dialout) "
    "or install a udev rule, then log in again",
)
_NO_LIBUSB = LinkProblem("libusb is not installed", "install it: apt-get install libusb-1.0-0")
_CLOSED = LinkProblem(
    "the printer closed the connection",
    "another computer may be using the printer; switch it off and on, then try again",
)
_HOST_ERRNOS = frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN})


_BY_TYPE: tuple[tuple[type[BaseException], LinkProblem], ...] = (
    (socket.gaierror, _NO_NAME),
    (ConnectionRefusedError, _REFUSED),
    (TimeoutError, _TIMEOUT),
    (PermissionError, _DENIED),
    (FileNotFoundError, _NO_DEVICE),
)
# What python-escpos and pyusb put in their messages (their exceptions are not OSErrors).
_BY_TEXT: tuple[tuple[str, LinkProblem], ...] = (
    ("USB device not found", _USB_NOT_FOUND),
    ("USBNotFoundError", _USB_NOT_FOUND),
    ("Permission denied", _DENIED),
    ("Access denied", _DENIED),
    ("Errno 13", _DENIED),
    ("No backend available", _NO_LIBUSB),
    ("No such file", _NO_DEVICE),
    ("Errno 2]", _NO_DEVICE),
    ("closed the connection", _CLOSED),
)


def explain_link_failure(error: BaseException) -> LinkProblem:
    """Why a printer could not be reached, from the exception (and the ones it wraps)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for item in chain:
        for kind, problem in _BY_TYPE:
            if isinstance(item, kind):
                return problem
        if isinstance(item, OSError) and item.errno in _HOST_ERRNOS:
            return _NO_ROUTE
    text = " ".join(f"{type(item).__name__}: {item}" for item in chain)
    for needle, problem in _BY_TEXT:
        if needle in text:
            return problem
    if "module is not installed" in text:
        return LinkProblem(str(error), "reinstall the kiosk's Python packages (scripts/setup)")
    return LinkProblem(
        f"the printer cannot be reached ({type(error).__name__})",
        "check its cable or network and that it is switched on",
    )


class LinkLost(OSError):
    """The connection to the printer closed or failed."""


class ByteLink(Protocol):
    """A two-way byte stream to a printer. Every method may raise OSError."""

    def open(self) -> None: ...

    def write(self, data: bytes) -> None: ...

    def read_byte(self, timeout: float) -> int | None:
        """One byte, or None when none arrives within ``timeout`` seconds."""
        ...

    def discard_input(self) -> None: ...

    def close(self) -> None: ...


class _StreamPrinter(abc.ABC):
    """The printer logic shared by every driver: state, completed ids, checks around a job.
    Drivers supply the three transport hooks."""

    hold_connection = False  # see ``_let_go``
    target = "printer"  # how the log names it (``EscposPrinter`` sets the configured spec)

    def __init__(self, *, paper: PaperWidth, native_qr: bool) -> None:
        self._lock = threading.Lock()
        self._completed = CompletedJobs()
        self._paper = paper
        self.native_qr = native_qr

    @property
    def paper(self) -> PaperWidth:
        return self._paper

    def encode(self, job: PrintJob) -> bytes:
        """The bytes this printer is sent for ``job``."""
        return encode(job.lines, self._paper, native_qr_code=self.native_qr)

    @abc.abstractmethod
    def _query_state(self, *, reconnect: bool = True) -> PrinterState:
        """Ask the printer; ``reconnect`` allows one fresh connection when the old one failed."""

    @abc.abstractmethod
    def _send(self, data: bytes) -> None:
        """Write the job's bytes; raises OSError."""

    @abc.abstractmethod
    def _release(self) -> None:
        """Drop the connection (the next query opens a new one)."""

    def state(self) -> PrinterState:
        with self._lock:
            try:
                return self._query_state()
            finally:
                self._let_go()

    def _let_go(self) -> None:
        """After each call: release the device unless told to hold it. Many raw-port and USB
        printers serve one client at a time; holding the link between receipts would lock out
        a technician's ``kiosk printer`` command while the kiosk runs."""
        if not self.hold_connection:
            self._release()

    def print_job(self, job: PrintJob) -> PrintResult:
        with self._lock:
            try:
                return self._print_locked(job)
            finally:
                self._let_go()

    def _print_locked(self, job: PrintJob) -> PrintResult:
        if job.job_id in self._completed:
            return PrintResult.ALREADY_PRINTED
        before = self._query_state()
        if not before.can_print:
            raise PrinterError(before, job.job_id)
        try:
            self._send(self.encode(job))
        except OSError as exc:
            log.info(
                "print job %s on printer %s failed while sending: %s",
                job.job_id,
                self.target,
                explain_link_failure(exc).reason,
            )
            self._release()
            raise PrinterError(PrinterState.OFFLINE, job.job_id, partial=True) from exc
        # Not on a fresh connection: losing the link during the job is a failed job.
        after = self._query_state(reconnect=False)
        if not after.can_print:
            raise PrinterError(after, job.job_id, partial=True)
        self._completed.add(job.job_id)
        return PrintResult.PRINTED

    def close(self) -> None:
        with self._lock:
            self._release()


class EscposPrinter(_StreamPrinter):
    """An ESC/POS printer behind a ``ByteLink``, opened when first needed."""

    def __init__(
        self,
        link: ByteLink,
        *,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        paper: PaperWidth = DEFAULT_PAPER,
        native_qr: bool = True,
        target: str = "ESC/POS printer",
    ) -> None:
        super().__init__(paper=paper, native_qr=native_qr)
        self._link = link
        # The printer as the configuration names it (``escpos-usb:0x0416:0x5011``), for the log:
        # a driver's own words (decimal USB ids, withheld exception messages) puzzle a reader.
        self.target = target
        self._open = False
        self.status_timeout = status_timeout
        # Why the last status request reached no printer (None when it answered): for the
        # technician's ``kiosk printer status``. Written under the printer's lock.
        self.problem: LinkProblem | None = None

    def _ensure_open(self) -> None:
        if not self._open:
            self._link.open()
            self._open = True

    def _release(self) -> None:
        if self._open:
            self._open = False
            with contextlib.suppress(OSError):
                self._link.close()

    def _ask(self) -> PrinterState:
        self._ensure_open()
        self._link.discard_input()
        answers: list[int | None] = []
        for n in STATUS_REQUESTS:
            self._link.write(status_request(n))
            answer = self._link.read_byte(self.status_timeout)
            if answer is None:
                self.problem = NO_ANSWER
                return PrinterState.OFFLINE
            answers.append(answer)
        self.problem = None
        return parse_status(*answers)

    def _query_state(self, *, reconnect: bool = True) -> PrinterState:
        # A connection kept open may have gone stale (the printer restarted): then one fresh
        # attempt. A connection opened for this very query gets no second try (an unreachable
        # printer costs one connect timeout, not two).
        attempts = 2 if reconnect and self._open else 1
        for _attempt in range(attempts):
            try:
                return self._ask()
            except (OSError, _LIBRARY_ERRORS) as exc:
                # Our own words, not the exception's (see ``target``; no personal data either way)
                self.problem = explain_link_failure(exc)
                log.info("printer %s: status request failed: %s", self.target, self.problem.reason)
                self._release()
        return PrinterState.OFFLINE

    def _send(self, data: bytes) -> None:
        try:
            self._ensure_open()
            self._link.write(data)
        except _LIBRARY_ERRORS as exc:
            raise LinkLost(str(exc)) from exc


class SocketLink:
    """A TCP connection to a raw printing port."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self._sock: socket.socket | None = None

    def _socket(self) -> socket.socket:
        if self._sock is None:
            raise LinkLost("not connected")
        return self._sock

    def open(self) -> None:
        self._sock = socket.create_connection((self.host, self.port), timeout=self.timeout)

    def write(self, data: bytes) -> None:
        sock = self._socket()
        sock.settimeout(self.timeout)
        sock.sendall(data)

    def read_byte(self, timeout: float) -> int | None:
        sock = self._socket()
        sock.settimeout(timeout)
        try:
            data = sock.recv(1)
        except TimeoutError:
            return None
        if not data:
            raise LinkLost("the printer closed the connection")
        return data[0]

    def discard_input(self) -> None:
        sock = self._socket()
        sock.setblocking(False)
        try:
            while True:
                try:
                    data = sock.recv(4096)
                except BlockingIOError:
                    return
                if not data:
                    raise LinkLost("the printer closed the connection")
        finally:
            sock.settimeout(self.timeout)

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()


class DeviceNodeLink:
    """A character device (``/dev/usb/lp0``, a serial port node) opened for reading and
    writing."""

    def __init__(self, path: Path, timeout: float) -> None:
        self.path, self.timeout = path, timeout
        self._fd: int | None = None

    def _descriptor(self) -> int:
        if self._fd is None:
            raise LinkLost("not open")
        return self._fd

    def open(self) -> None:
        self._fd = os.open(self.path, os.O_RDWR | os.O_NOCTTY)

    def write(self, data: bytes) -> None:
        fd = self._descriptor()
        view = memoryview(data)
        while view:
            _, writable, _ = select.select([], [fd], [], self.timeout)
            if not writable:
                raise TimeoutError(f"{self.path}: write timed out")
            view = view[os.write(fd, view) :]

    def read_byte(self, timeout: float) -> int | None:
        fd = self._descriptor()
        readable, _, _ = select.select([fd], [], [], timeout)
        if not readable:
            return None
        data = os.read(fd, 1)
        return data[0] if data else None

    def discard_input(self) -> None:
        fd = self._descriptor()
        while select.select([fd], [], [], 0)[0]:
            if not os.read(fd, 4096):
                return

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


class NetworkPrinter(EscposPrinter):
    """An ESC/POS printer on a raw TCP port (9100, "JetDirect"); one connection, kept open."""

    def __init__(
        self,
        host: str,
        port: int = 9100,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        paper: PaperWidth = DEFAULT_PAPER,
        native_qr: bool = True,
    ) -> None:
        super().__init__(
            SocketLink(host, port, timeout),
            status_timeout=status_timeout,
            paper=paper,
            native_qr=native_qr,
            target=f"escpos-net:{host}:{port}",
        )
        self.host, self.port = host, port


class FilePrinter(EscposPrinter):
    """A device node (an ESC/POS printer, asked with ``DLE EOT``) or a plain file (appended).

    Which one is decided at each call, so a USB printer's node may appear after start-up.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = DEFAULT_TIMEOUT,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        paper: PaperWidth = DEFAULT_PAPER,
        native_qr: bool = True,
    ) -> None:
        self.path = Path(path)
        super().__init__(
            DeviceNodeLink(self.path, timeout),
            status_timeout=status_timeout,
            paper=paper,
            native_qr=native_qr,
            target=f"file:{self.path}",
        )

    def _is_device(self) -> bool:
        try:
            return stat.S_ISCHR(self.path.stat().st_mode)
        except OSError:
            return False

    def _file_writable(self) -> bool:
        if self.path.is_dir():
            return False
        if self.path.exists():
            return os.access(self.path, os.W_OK)
        parent = self.path.parent
        return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)

    def _query_state(self, *, reconnect: bool = True) -> PrinterState:
        if self._is_device():
            return super()._query_state(reconnect=reconnect)
        if self._file_writable():
            self.problem = None
            return PrinterState.READY
        self.problem = self._why_not_writable()
        return PrinterState.OFFLINE

    def _why_not_writable(self) -> LinkProblem:
        if self.path.parts[:2] == ("/", "dev"):  # a device node: a printer, not a file
            if not self.path.exists():
                return LinkProblem(
                    f"the device node {self.path} does not exist (the printer is unplugged, "
                    "switched off, or appears under another name)",
                    "plug the printer in and switch it on; `ls /dev/usb/` shows the name it gets "
                    "(fix [devices] printer if it differs)",
                )
            return LinkProblem(
                f"{self.path} cannot be written (permission denied)",
                "add the kiosk's user to the device's group (lp for /dev/usb/lp*: "
                "`sudo adduser USER lp`), then log in again",
            )
        if self.path.is_dir():
            return LinkProblem(
                f"{self.path} is a folder, not a file",
                "name a file in [devices] printer (file:/path/receipts.bin)",
            )
        if not self.path.parent.is_dir():
            return LinkProblem(
                f"the folder {self.path.parent} does not exist",
                "create the folder and give the kiosk's user write access, or fix "
                "[devices] printer",
            )
        return LinkProblem(
            f"{self.path} cannot be written (permission denied)",
            "give the kiosk's user write access to it (and its folder), or fix [devices] printer",
        )

    def _send(self, data: bytes) -> None:
        if self._is_device():
            super()._send(data)
            return
        with self.path.open("ab") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())


# --------------------------------------------------------------------------- python-escpos

try:  # python-escpos's own failures (device not found, ...) are not OSErrors
    from escpos.exceptions import Error as _EscposError

    _LIBRARY_ERRORS: type[Exception] = _EscposError
except ImportError:  # pragma: no cover - python-escpos is a dependency
    _LIBRARY_ERRORS = OSError


class _LibraryLink:
    """The raw device of a python-escpos ``Usb`` or ``Serial`` printer, made on ``open``.

    Thin on purpose: python-escpos finds and configures the device; this writes the bytes and
    reads status answers from it. Not exercised in CI (no such device there).
    """

    def __init__(self, make: Any, usb: bool) -> None:
        self._make = make
        self._usb = usb
        self._printer: Any = None

    def _device(self) -> Any:
        if self._printer is None:
            raise LinkLost("not open")
        return self._printer

    def open(self) -> None:
        # python-escpos raises while constructing when pyusb or pyserial is missing, and the
        # half-built object raises again when collected: check first, construct only if usable.
        needed = "usb" if self._usb else "serial"
        if importlib.util.find_spec(needed) is None:
            raise LinkLost(f"the {needed} module is not installed")
        try:
            printer = self._make()
            printer.open()
        except Exception as exc:  # not found, no libusb backend (a ValueError), permissions...
            raise LinkLost(f"{type(exc).__name__}: {exc}") from exc
        self._printer = printer

    def write(self, data: bytes) -> None:
        self._device()._raw(data)  # python-escpos: bytes sent unchanged

    def read_byte(self, timeout: float) -> int | None:
        printer = self._device()
        if self._usb:
            try:
                data = printer.device.read(printer.in_ep, 16, int(timeout * 1000))
            except OSError:  # pyusb raises USBTimeoutError (an OSError) when nothing comes
                return None
        else:
            printer.device.timeout = timeout
            data = printer.device.read(1)
        return int(data[0]) if len(data) else None

    def discard_input(self) -> None:
        if not self._usb:
            self._device().device.reset_input_buffer()

    def close(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            printer.close()


def usb_ids(vendor: int, product: int) -> str:
    """USB ids as ``lsusb`` and the configuration write them: ``0x0416:0x5011``."""
    return f"0x{vendor:04x}:0x{product:04x}"


class UsbPrinter(EscposPrinter):
    """An ESC/POS printer on USB (python-escpos ``Usb``, found by vendor and product id)."""

    def __init__(
        self,
        vendor: int,
        product: int,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        paper: PaperWidth = DEFAULT_PAPER,
        native_qr: bool = True,
    ) -> None:
        def make() -> Any:
            from escpos.printer import Usb  # noqa: PLC0415 - pyusb loads only when used

            return Usb(vendor, product, timeout=int(timeout * 1000))

        super().__init__(
            _LibraryLink(make, usb=True),
            status_timeout=status_timeout,
            paper=paper,
            native_qr=native_qr,
            target=f"escpos-usb:{usb_ids(vendor, product)}",
        )
        self.vendor, self.product = vendor, product


class SerialPrinter(EscposPrinter):
    """An ESC/POS printer on a serial port (python-escpos ``Serial``)."""

    def __init__(
        self,
        device: str,
        baud: int = 9600,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        paper: PaperWidth = DEFAULT_PAPER,
        native_qr: bool = True,
    ) -> None:
        def make() -> Any:
            from escpos.printer import Serial  # noqa: PLC0415 - pyserial loads only when used

            return Serial(device, baudrate=baud, timeout=timeout)

        super().__init__(
            _LibraryLink(make, usb=False),
            status_timeout=status_timeout,
            paper=paper,
            native_qr=native_qr,
            target=f"escpos-serial:{device}:{baud}",
        )
        self.device, self.baud = device, baud

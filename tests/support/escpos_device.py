"""An ESC/POS printer on a loopback raw port, as the network sees one: for driver tests.

It accepts TCP connections (any number, one after another or at once), keeps every data byte it
receives (``received``), and answers the real-time status requests ``DLE EOT n`` (``10 04 n``,
n = 1-4) with the configured status byte for ``n`` — as a printer does, wherever the sequence
appears in the stream. ``show(state)`` sets the bytes a printer in that state answers;
``answering = False`` makes it keep silent; ``drop_after(count)`` closes the connection once
``count`` more data bytes have arrived (a printer switched off mid-job).

Thread contract: one serving thread handles every connection; the test thread configures it
and reads ``received`` at any time (under a lock). ``close`` stops the thread.
"""

from __future__ import annotations

import selectors
import socket
import threading
from types import TracebackType

from kiosk.devices.printer import PrinterState

DLE, EOT = 0x10, 0x04
READY_BYTE = 0x12  # fixed bits only: online, cover closed, paper present

# (DLE EOT 1, 2, 4) answers of a printer in each state, per the ESC/POS reference.
STATUS_BYTES: dict[PrinterState, tuple[int, int, int]] = {
    PrinterState.READY: (0x12, 0x12, 0x12),
    PrinterState.PAPER_LOW: (0x12, 0x12, 0x12 | 0x0C),
    PrinterState.PAPER_OUT: (0x12 | 0x08, 0x12 | 0x20, 0x12 | 0x0C | 0x60),
    PrinterState.COVER_OPEN: (0x12 | 0x08, 0x12 | 0x04, 0x12),
    PrinterState.OFFLINE: (0x12 | 0x08, 0x12, 0x12),  # offline, no cause given
    PrinterState.ERROR: (0x12 | 0x08, 0x12 | 0x40, 0x12),
}


class EscposDeviceEmulator:
    """A stand-in for a network receipt printer on 127.0.0.1 (``port`` is chosen freely)."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.setblocking(False)
        self.host, self.port = "127.0.0.1", int(self._server.getsockname()[1])
        self.answering = True
        self.status: dict[int, int] = {1: READY_BYTE, 2: READY_BYTE, 3: READY_BYTE, 4: READY_BYTE}
        self.queries: list[int] = []
        self.connections = 0
        self._received = bytearray()
        self._pending: dict[socket.socket, bytearray] = {}
        self._drop_after: int | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._server, selectors.EVENT_READ)
        self._thread = threading.Thread(target=self._serve, name="escpos-device", daemon=True)
        self._thread.start()

    def __enter__(self) -> EscposDeviceEmulator:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def received(self) -> bytes:
        """Every data byte received so far (status requests left out)."""
        with self._lock:
            return bytes(self._received)

    def show(self, state: PrinterState) -> None:
        printer, offline_cause, paper = STATUS_BYTES[state]
        with self._lock:
            self.status.update({1: printer, 2: offline_cause, 4: paper})

    def drop_after(self, count: int) -> None:
        with self._lock:
            self._drop_after = count

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for key in list(self._selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]
        self._selector.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            for key, _events in self._selector.select(timeout=0.05):
                sock = key.fileobj
                assert isinstance(sock, socket.socket)
                if sock is self._server:
                    self._accept()
                else:
                    self._read(sock)

    def _accept(self) -> None:
        try:
            conn, _address = self._server.accept()
        except BlockingIOError:
            return
        conn.setblocking(True)
        self._selector.register(conn, selectors.EVENT_READ)
        self._pending[conn] = bytearray()
        with self._lock:
            self.connections += 1

    def _drop(self, conn: socket.socket) -> None:
        self._selector.unregister(conn)
        self._pending.pop(conn, None)
        conn.close()

    def _read(self, conn: socket.socket) -> None:
        try:
            data = conn.recv(65536)
        except OSError:
            data = b""
        if not data:
            self._drop(conn)
            return
        pending = self._pending[conn]
        pending += data
        answers = bytearray()
        index = 0
        dropped = False
        with self._lock:
            while index < len(pending):
                if pending[index] == DLE:
                    if index + 2 >= len(pending):
                        break  # maybe the start of a request: wait for the rest
                    if pending[index + 1] == EOT and pending[index + 2] in self.status:
                        n = pending[index + 2]
                        self.queries.append(n)
                        if self.answering:
                            answers.append(self.status[n])
                        index += 3
                        continue
                self._received.append(pending[index])
                index += 1
                if self._drop_after is not None:
                    self._drop_after -= 1
                    if self._drop_after <= 0:
                        self._drop_after = None
                        dropped = True
                        break
        del pending[:index]
        if dropped:
            self._drop(conn)
            return
        if answers:
            try:
                conn.sendall(bytes(answers))
            except OSError:
                self._drop(conn)

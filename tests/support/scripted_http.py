"""A tiny HTTP server on loopback whose answers a test scripts, including broken ones.

    with scripted_server() as server:
        server.answer(Scripted(201, body=b'{"acceptance_number": "CQ1"}'))
        client = PlatformClient(server.base_url, ...)
        ...
        request = server.requests[-1]     # what the client sent: method, target, headers, body

The server writes each answer itself, byte for byte: no ``Server`` or ``Date`` header is added
unless the script gives one, the status line may carry any code, and ``Scripted.mode`` breaks
the framing on purpose (``HANG`` accepts the request and never answers until the server closes;
``TRUNCATE`` announces more bytes than it sends, then closes; ``STREAM`` sends ``stream_bytes``
of body without a Content-Length, or chunked). Every answer says ``Connection: close`` and the
connection is closed after it, so a client never reuses a connection the server dropped.

Thread contract: ``answer`` and ``requests`` may be used from the test's thread while the server
answers on its own threads (the script is swapped under a lock).
"""

from __future__ import annotations

import contextlib
import enum
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kiosk.sync.signing import RequestView

CHUNK = 64 * 1024


class Mode(enum.Enum):
    NORMAL = "normal"
    HANG = "hang"
    TRUNCATE = "truncate"
    STREAM = "stream"
    STREAM_CHUNKED = "stream_chunked"


@dataclass(frozen=True)
class Scripted:
    """One answer. ``headers`` are written as given (bytes allowed for hostile values);
    Content-Length is added for NORMAL answers unless the script gives its own."""

    status: int
    headers: tuple[tuple[str, str | bytes], ...] = ()
    body: bytes = b""
    mode: Mode = Mode.NORMAL
    stream_bytes: int = 0
    reason: str = "Scripted"


@dataclass(frozen=True)
class Received:
    method: str
    target: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        for field_name, value in self.headers:
            if field_name.lower() == name.lower():
                return value
        return None

    def view(self) -> RequestView:
        """The request as ``kiosk.sync.signing.verify_request`` reads it."""
        url = f"http://{self.header('Host')}{self.target}"
        return RequestView(self.method, url, self.headers)


@dataclass
class ScriptedServer:
    base_url: str
    _server: ThreadingHTTPServer
    _release: threading.Event
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _script: Callable[[Received], Scripted] | None = None
    _received: list[Received] = field(default_factory=list)

    def answer(self, scripted: Scripted | Callable[[Received], Scripted]) -> None:
        """Answer every following request with ``scripted`` (or what it returns)."""
        with self._lock:
            self._script = scripted if callable(scripted) else (lambda _request: scripted)

    @property
    def requests(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()

    def _next(self, request: Received) -> Scripted:
        with self._lock:
            self._received.append(request)
            script = self._script
        if script is None:
            return Scripted(500, body=b'{"error": {"code": "not_scripted", "message": ""}}')
        return script(request)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads ``requests`` instead."""

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        received = Received(self.command, self.path, tuple(self.headers.items()), body)
        scripted = self.server.scripted.server_side._next(received)
        self.close_connection = True
        try:
            self._write(scripted)
        except OSError:  # the client gave up (timeout, answer too large): expected
            return

    def _write(self, scripted: Scripted) -> None:
        if scripted.mode is Mode.HANG:
            self.server.scripted.release.wait()
            return
        lines = [f"HTTP/1.1 {scripted.status} {scripted.reason}\r\n".encode("latin-1")]
        names = {name.lower() for name, _ in scripted.headers}
        headers: list[tuple[str, str | bytes]] = list(scripted.headers)
        if scripted.mode is Mode.NORMAL and "content-length" not in names:
            headers.append(("Content-Length", str(len(scripted.body))))
        if scripted.mode is Mode.TRUNCATE:
            headers.append(("Content-Length", str(len(scripted.body) + 1000)))
        if scripted.mode is Mode.STREAM_CHUNKED:
            headers.append(("Transfer-Encoding", "chunked"))
        headers.append(("Connection", "close"))
        for name, value in headers:
            raw = value if isinstance(value, bytes) else value.encode("latin-1")
            lines.append(name.encode("latin-1") + b": " + raw + b"\r\n")
        lines.append(b"\r\n")
        self.wfile.write(b"".join(lines))
        if scripted.mode in (Mode.NORMAL, Mode.TRUNCATE):
            self.wfile.write(scripted.body)
        elif scripted.mode is Mode.STREAM:
            for _ in range(0, scripted.stream_bytes, CHUNK):
                self.wfile.write(b"x" * CHUNK)
        elif scripted.mode is Mode.STREAM_CHUNKED:
            for _ in range(0, scripted.stream_bytes, CHUNK):
                self.wfile.write(f"{CHUNK:x}\r\n".encode() + b"x" * CHUNK + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


@dataclass
class _Shared:
    server_side: ScriptedServer
    release: threading.Event


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    scripted: _Shared


@contextlib.contextmanager
def scripted_server() -> Iterator[ScriptedServer]:
    """A scripted server on 127.0.0.1, an ephemeral port; stopped (and hung answers released)
    on exit."""
    server = _Server(("127.0.0.1", 0), _Handler)
    release = threading.Event()
    port = server.server_address[1]
    scripted = ScriptedServer(f"http://127.0.0.1:{port}", server, release)
    server.scripted = _Shared(scripted, release)
    thread = threading.Thread(target=server.serve_forever, name="scripted-http", daemon=True)
    thread.start()
    try:
        yield scripted
    finally:
        release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextlib.contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound (so nobody else takes it), not
    listening."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])
    finally:
        sock.close()

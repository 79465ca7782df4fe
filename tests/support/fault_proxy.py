"""A fault-injecting HTTP/1.1 proxy for loopback reliability tests (terminal ⇄ platform).

The proxy sits between an HTTP client (the kiosk's ``requests`` session) and an upstream server
(the reference platform on uvicorn). It understands just enough HTTP/1.1 framing to see where
each request and response begins and ends, so on a keep-alive connection every request gets its
own fault, drawn from a **seeded** schedule:

``pass``
    forward the request and the response faithfully (byte for byte);
``drop``
    close the client connection (FIN) without forwarding anything;
``delay``
    hold the request (or, with ``FaultPlan.delay_response``, the response) for ``delay_s``,
    then forward faithfully;
``reset_request``
    forward only a prefix of the request, then reset both connections (RST, ``SO_LINGER`` 0):
    the server never sees a complete request;
``reset_response``
    forward the whole request, wait for the server's whole response (so the server *did*
    process it), then forward a prefix of the response (possibly empty) and reset the client —
    the case that tests exactly-once delivery;
``status_500`` / ``status_429``
    answer ``500`` / ``429`` (with ``Retry-After: 1``) itself, in the platform's error format,
    without contacting the server;
``truncate``
    forward the whole request, wait for the whole response, send its head with a
    ``Content-Length`` but only part of the body, then close (FIN).

The schedule draws exactly one number per request from ``random.Random(plan.seed)`` (see
``FaultPlan.choose``), so the sequence of faults depends only on the seed, the probabilities and
the order requests arrive in; how much of a request or response is forwarded before a reset is
drawn from a second generator seeded from the same seed. ``FaultPlan.script`` can name the first
few faults outright.

Framing handled: requests with ``Content-Length`` or chunked bodies; responses with
``Content-Length``, ``Transfer-Encoding: chunked`` (forwarded as received) or delimited by the
server closing, and interim ``1xx`` responses. Responses are buffered whole before they are
forwarded (fine for API answers; not for streams that never end). Each client connection gets
its own upstream connection, opened on the first request that needs it and reopened if the
server closed it.

The proxy runs an asyncio loop in a background thread; ``FaultProxy`` is a context manager.
Peers closing or resetting at any moment only end that connection; ``stop`` closes every
connection and joins the thread within a bounded time.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import random
import socket
import struct
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self

__all__ = ["Fault", "FaultPlan", "FaultProxy"]

log = logging.getLogger(__name__)

_START_TIMEOUT_S = 10.0
_STOP_TIMEOUT_S = 10.0
_SHUTDOWN_GRACE_S = 3.0
_MAX_HEAD_BYTES = 64 * 1024
_NO_BODY_STATUSES = frozenset({204, 304})
_HEAD_END = b"\r\n\r\n"
_CRLF = b"\r\n"


class Fault(enum.StrEnum):
    """What the proxy does to one request."""

    PASS = "pass"
    DROP = "drop"
    DELAY = "delay"
    RESET_REQUEST = "reset_request"
    RESET_RESPONSE = "reset_response"
    STATUS_500 = "status_500"
    STATUS_429 = "status_429"
    TRUNCATE = "truncate"


# The order in which ``FaultPlan.choose`` lays the probabilities out on [0, 1); fixed, so a seed
# always gives the same schedule.
_DRAW_ORDER: tuple[Fault, ...] = (
    Fault.DROP,
    Fault.DELAY,
    Fault.RESET_REQUEST,
    Fault.RESET_RESPONSE,
    Fault.STATUS_500,
    Fault.STATUS_429,
    Fault.TRUNCATE,
)


@dataclass(frozen=True)
class FaultPlan:
    """Probabilities of each fault per request (the rest passes), and the seed of the schedule.

    ``script`` names the faults of the first ``len(script)`` requests outright; later requests
    draw from the probabilities. ``delay_response`` makes ``delay`` hold the response instead of
    the request.
    """

    seed: int = 0
    drop: float = 0.0
    delay: float = 0.0
    reset_request: float = 0.0
    reset_response: float = 0.0
    status_500: float = 0.0
    status_429: float = 0.0
    truncate: float = 0.0
    delay_s: float = 0.05
    delay_response: bool = False
    script: Sequence[Fault] = field(default=())

    def __post_init__(self) -> None:
        total = 0.0
        for fault in _DRAW_ORDER:
            probability = self.probability(fault)
            if not 0.0 <= probability <= 1.0:
                raise ValueError(f"probability of {fault} must be in [0, 1], not {probability}")
            total += probability
        if total > 1.0 + 1e-9:
            raise ValueError(f"fault probabilities add up to {total}, more than 1")
        if self.delay_s < 0:
            raise ValueError(f"delay_s must not be negative, not {self.delay_s}")
        object.__setattr__(self, "script", tuple(Fault(fault) for fault in self.script))

    @classmethod
    def passthrough(cls) -> FaultPlan:
        """A plan that forwards everything faithfully."""
        return cls()

    def probability(self, fault: Fault) -> float:
        """The probability of ``fault`` per request (``pass`` gets what is left)."""
        if fault is Fault.PASS:
            return max(0.0, 1.0 - sum(self.probability(other) for other in _DRAW_ORDER))
        value: float = getattr(self, fault.value)
        return value

    def choose(self, rng: random.Random) -> Fault:
        """Draw the fault for one request: exactly one ``rng.random()`` per call."""
        draw = rng.random()
        edge = 0.0
        for fault in _DRAW_ORDER:
            edge += self.probability(fault)
            if draw < edge:
                return fault
        return Fault.PASS


# --------------------------------------------------------------------------- HTTP framing


class _HttpError(Exception):
    """The peer sent something that is not HTTP/1.x as this proxy understands it."""


class _UpstreamClosedError(Exception):
    """The server closed the connection cleanly before sending any of its response."""


@dataclass(frozen=True)
class _Head:
    start_line: str
    headers: tuple[tuple[str, str], ...]

    @classmethod
    def parse(cls, raw: bytes) -> _Head:
        lines = raw.decode("latin-1").split("\r\n")
        headers: list[tuple[str, str]] = []
        for line in lines[1:]:
            if not line:
                continue
            name, colon, value = line.partition(":")
            if not colon or not name or name != name.strip():
                raise _HttpError(f"malformed header line {line!r}")
            headers.append((name, value.strip(" \t")))
        return cls(lines[0], tuple(headers))

    def values(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def tokens(self, name: str) -> set[str]:
        return {
            token.strip().lower()
            for value in self.values(name)
            for token in value.split(",")
            if token.strip()
        }

    def content_length(self) -> int | None:
        values = {
            item.strip() for value in self.values("Content-Length") for item in value.split(",")
        }
        if not values:
            return None
        if len(values) != 1:
            raise _HttpError(f"conflicting Content-Length values {sorted(values)}")
        (value,) = values
        if not value.isdigit():
            raise _HttpError(f"invalid Content-Length {value!r}")
        return int(value)

    def chunked(self) -> bool:
        codings = self.tokens("Transfer-Encoding")
        if codings and codings != {"chunked"}:
            raise _HttpError(f"unsupported Transfer-Encoding {sorted(codings)}")
        return bool(codings)

    def keep_alive(self, version: str) -> bool:
        connection = self.tokens("Connection")
        if version == "HTTP/1.1":
            return "close" not in connection
        return "keep-alive" in connection


@dataclass(frozen=True)
class _Request:
    raw: bytes
    method: str
    keep_alive: bool


@dataclass(frozen=True)
class _Response:
    interim: bytes  # 1xx responses before the final one, as received
    head_raw: bytes
    head: _Head
    status: int
    body_raw: bytes  # as received (chunk framing included)
    body: bytes  # decoded
    body_framed: bool  # False for a body delimited by the server closing
    keep_alive: bool
    # The shortest prefix of ``body_raw`` a lenient client could take for the whole body.
    body_complete_at: int

    @property
    def raw(self) -> bytes:
        return self.interim + self.head_raw + self.body_raw


async def _read_head(reader: asyncio.StreamReader) -> bytes:
    try:
        return await reader.readuntil(_HEAD_END)
    except asyncio.LimitOverrunError as error:
        raise _HttpError("head too large") from error


async def _read_chunked(reader: asyncio.StreamReader) -> tuple[bytes, bytes, int]:
    """Read a chunked body: (as received, decoded, offset of the last-chunk line)."""
    raw = bytearray()
    body = bytearray()
    while True:
        line = await reader.readuntil(_CRLF)
        size_field = line.split(b";", 1)[0].strip()
        try:
            size = int(size_field, 16)
        except ValueError as error:
            raise _HttpError(f"invalid chunk size {size_field!r}") from error
        if size == 0:
            last_chunk_at = len(raw)
            raw += line
            while True:  # trailer section, up to the empty line
                trailer = await reader.readuntil(_CRLF)
                raw += trailer
                if trailer == _CRLF:
                    return bytes(raw), bytes(body), last_chunk_at
        raw += line
        data = await reader.readexactly(size + 2)
        if not data.endswith(_CRLF):
            raise _HttpError("chunk not followed by CRLF")
        raw += data
        body += data[:-2]


async def _read_request(reader: asyncio.StreamReader) -> _Request | None:
    """Read one whole request; None when the client closed cleanly between requests."""
    try:
        head_raw = await _read_head(reader)
    except asyncio.IncompleteReadError as error:
        if error.partial.strip():
            raise
        return None
    head = _Head.parse(head_raw)
    parts = head.start_line.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise _HttpError(f"malformed request line {head.start_line!r}")
    method, _target, version = parts
    if head.chunked():
        body_raw, _body, _last = await _read_chunked(reader)
    else:
        length = head.content_length() or 0
        body_raw = await reader.readexactly(length) if length else b""
    return _Request(head_raw + body_raw, method, head.keep_alive(version))


async def _read_response(reader: asyncio.StreamReader, method: str) -> _Response:
    interim = bytearray()
    while True:
        try:
            head_raw = await _read_head(reader)
        except asyncio.IncompleteReadError as error:
            if not interim and not error.partial:
                raise _UpstreamClosedError from error
            raise
        head = _Head.parse(head_raw)
        parts = head.start_line.split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise _HttpError(f"malformed status line {head.start_line!r}")
        version, status = parts[0], int(parts[1])
        if 100 <= status < 200 and status != 101:
            interim += head_raw
            continue
        break
    keep_alive = head.keep_alive(version) and status != 101
    framed = True
    if method == "HEAD" or status in _NO_BODY_STATUSES or 100 <= status < 200:
        body_raw = body = b""
        complete_at = 0
    elif head.chunked():
        body_raw, body, complete_at = await _read_chunked(reader)
    elif (length := head.content_length()) is not None:
        body_raw = body = await reader.readexactly(length)
        complete_at = length
    else:
        body_raw = body = await reader.read()
        complete_at = len(body)
        framed = keep_alive = False
    return _Response(
        bytes(interim), head_raw, head, status, body_raw, body, framed, keep_alive, complete_at
    )


def _canned_response(request: _Request, status: int, reason: str, extra: str) -> bytes:
    """The proxy's own answer, in the platform's error format."""
    code = f"injected_status_{status}"
    document = {"error": {"code": code, "message": f"fault proxy answered {status} {reason}"}}
    body = json.dumps(document).encode("utf-8")
    connection = "keep-alive" if request.keep_alive else "close"
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        f"Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"{extra}"
        f"Connection: {connection}\r\n\r\n"
    ).encode("latin-1")
    return head if request.method == "HEAD" else head + body


def _truncated(response: _Response, fraction: float) -> bytes:
    """The response's head with a Content-Length, and less body than it announces."""
    if not response.body:
        # Nothing to cut short in the body: cut the head short instead.
        return response.interim + response.head_raw[: int(fraction * len(response.head_raw))]
    lines = [response.head.start_line]
    lines += [
        f"{name}: {value}"
        for name, value in response.head.headers
        if name.lower() not in {"content-length", "transfer-encoding", "connection"}
    ]
    lines += [f"Content-Length: {len(response.body)}", "Connection: close", "", ""]
    head = "\r\n".join(lines).encode("latin-1")
    return response.interim + head + response.body[: int(fraction * len(response.body))]


# --------------------------------------------------------------------------- connections


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0), discarding anything unsent."""
    if writer.transport.is_closing():
        return
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _close(writer: asyncio.StreamWriter) -> None:
    if not writer.transport.is_closing():
        writer.close()
    with contextlib.suppress(Exception):
        await writer.wait_closed()


async def _send(writer: asyncio.StreamWriter, data: bytes) -> None:
    """Write ``data`` and wait until all of it has been handed to the kernel."""
    if not data:
        return
    if writer.transport.is_closing():
        raise ConnectionResetError("connection already closing")
    writer.write(data)
    await writer.drain()


async def _open(host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection(host, port)
    writer.transport.set_write_buffer_limits(high=0)  # drain() then means "all in the kernel"
    return reader, writer


@dataclass(frozen=True)
class _Decision:
    fault: Fault
    fraction: float  # in [0, 1): how far into the request/response a cut falls
    delay_s: float
    delay_response: bool


class _ClientConnection:
    """One client connection and the upstream connection that serves it."""

    def __init__(
        self, proxy: FaultProxy, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._proxy = proxy
        self._reader = reader
        self._writer = writer
        self._upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        writer.transport.set_write_buffer_limits(high=0)

    async def run(self) -> None:
        try:
            while True:
                request = await _read_request(self._reader)
                if request is None:
                    return
                decision = self._proxy._decide()
                log.debug("fault proxy: %s %s", decision.fault, request.raw.split(_CRLF, 1)[0])
                if not await self._exchange(decision, request):
                    return
        except (OSError, EOFError, asyncio.LimitOverrunError, _HttpError) as error:
            # IncompleteReadError is an EOFError: the client went away mid-request.
            log.debug("fault proxy: client connection ended: %r", error)
        finally:
            await self.close()

    def abort(self) -> None:
        self._writer.transport.abort()
        if self._upstream is not None:
            self._upstream[1].transport.abort()

    async def close(self) -> None:
        await _close(self._writer)
        await self._close_upstream()

    async def _close_upstream(self) -> None:
        upstream, self._upstream = self._upstream, None
        if upstream is not None:
            await _close(upstream[1])

    async def _connect_upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._upstream is not None and (
            self._upstream[0].at_eof() or self._upstream[1].transport.is_closing()
        ):
            await self._close_upstream()  # the server closed an idle connection
        if self._upstream is None:
            host, port = self._proxy.upstream
            self._upstream = await _open(host, port)
        return self._upstream

    async def _exchange(self, decision: _Decision, request: _Request) -> bool:
        """Serve one request under ``decision``; True to keep the client connection."""
        fault = decision.fault
        if fault is Fault.DROP:
            return False
        if fault is Fault.STATUS_500:
            await _send(self._writer, _canned_response(request, 500, "Internal Server Error", ""))
            return request.keep_alive
        if fault is Fault.STATUS_429:
            answer = _canned_response(request, 429, "Too Many Requests", "Retry-After: 1\r\n")
            await _send(self._writer, answer)
            return request.keep_alive
        if fault is Fault.DELAY and not decision.delay_response:
            await asyncio.sleep(decision.delay_s)

        try:
            up_reader, up_writer = await self._connect_upstream()
        except OSError as error:
            log.debug("fault proxy: upstream unreachable: %r", error)
            _reset(self._writer)
            return False
        if fault is Fault.RESET_REQUEST:
            cut = 1 + int(decision.fraction * (len(request.raw) - 1))
            with contextlib.suppress(OSError):
                await _send(up_writer, request.raw[:cut])
            _reset(up_writer)
            _reset(self._writer)
            return False

        try:
            await _send(up_writer, request.raw)
            response = await _read_response(up_reader, request.method)
        except _UpstreamClosedError:
            await self._close_upstream()
            return False  # close the client as the server closed us: no answer
        except (OSError, EOFError, asyncio.LimitOverrunError, _HttpError) as error:
            log.debug("fault proxy: upstream failed: %r", error)
            _reset(up_writer)
            _reset(self._writer)
            return False
        if not response.keep_alive:
            await self._close_upstream()

        if fault is Fault.DELAY and decision.delay_response:
            await asyncio.sleep(decision.delay_s)
        if fault is Fault.RESET_RESPONSE:
            complete_at = len(response.interim) + len(response.head_raw)
            complete_at += response.body_complete_at
            await _send(self._writer, response.raw[: int(decision.fraction * complete_at)])
            _reset(self._writer)
            return False
        if fault is Fault.TRUNCATE:
            await _send(self._writer, _truncated(response, decision.fraction))
            return False
        await _send(self._writer, response.raw)
        return request.keep_alive and response.keep_alive


# --------------------------------------------------------------------------- the proxy


class FaultProxy:
    """A fault-injecting HTTP/1.1 proxy on loopback, run by an asyncio loop in a thread."""

    def __init__(
        self,
        upstream: tuple[str, int],
        plan: FaultPlan | None = None,
        listen: tuple[str, int] = ("127.0.0.1", 0),
    ) -> None:
        self.upstream = upstream
        self._listen = listen
        self._lock = threading.Lock()
        self._plan = plan if plan is not None else FaultPlan()
        self._rng = random.Random(self._plan.seed)  # a test schedule, not cryptography
        self._detail_rng = random.Random(f"fault-proxy-detail:{self._plan.seed}")
        self._requests_under_plan = 0
        self._counts: Counter[Fault] = Counter()
        self._history: list[Fault] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._address: tuple[str, int] | None = None
        self._connections: dict[asyncio.Task[None], _ClientConnection] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = False

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> None:
        """Listen and serve in a background thread; returns once the port is open."""
        if self._thread is not None:
            raise RuntimeError("the fault proxy is already running")
        ready = threading.Event()
        failures: list[BaseException] = []
        self._closing = False
        thread = threading.Thread(
            target=self._run, args=(ready, failures), name="fault-proxy", daemon=True
        )
        self._thread = thread
        thread.start()
        if not ready.wait(_START_TIMEOUT_S):
            raise RuntimeError("the fault proxy did not start in time")
        if failures:
            thread.join(_STOP_TIMEOUT_S)
            self._thread = None
            raise RuntimeError("the fault proxy could not start") from failures[0]

    def stop(self) -> None:
        """Close the listener and every connection, and join the thread (idempotent)."""
        thread, loop, stop_event = self._thread, self._loop, self._stop_event
        if thread is None:
            return
        if loop is not None and stop_event is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already finished
                loop.call_soon_threadsafe(stop_event.set)
        thread.join(_STOP_TIMEOUT_S)
        if thread.is_alive():
            raise RuntimeError("the fault proxy's thread did not stop in time")
        self._thread = None
        self._loop = None
        self._stop_event = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # ----------------------------------------------------------------- the schedule

    @property
    def address(self) -> tuple[str, int]:
        """The (host, port) the proxy listens on."""
        if self._address is None:
            raise RuntimeError("the fault proxy has not been started")
        return self._address

    @property
    def url(self) -> str:
        """The base URL to give the client instead of the server's."""
        host, port = self.address
        return f"http://{host}:{port}"

    @property
    def plan(self) -> FaultPlan:
        with self._lock:
            return self._plan

    def set_plan(self, plan: FaultPlan) -> None:
        """Switch plans at run time; the schedule restarts from ``plan.seed`` (and its script)."""
        with self._lock:
            self._plan = plan
            self._rng = random.Random(plan.seed)
            self._detail_rng = random.Random(f"fault-proxy-detail:{plan.seed}")
            self._requests_under_plan = 0

    def counts(self) -> dict[str, int]:
        """How many requests got each fault so far (every fault named, ``pass`` included)."""
        with self._lock:
            return {fault.value: self._counts[fault] for fault in Fault}

    def history(self) -> list[Fault]:
        """The fault of every request so far, in the order the requests arrived."""
        with self._lock:
            return list(self._history)

    def _decide(self) -> _Decision:
        with self._lock:
            plan = self._plan
            index = self._requests_under_plan
            self._requests_under_plan += 1
            scripted = index < len(plan.script)
            fault = plan.script[index] if scripted else plan.choose(self._rng)
            fraction = self._detail_rng.random()
            self._counts[fault] += 1
            self._history.append(fault)
        return _Decision(fault, fraction, plan.delay_s, plan.delay_response)

    # ----------------------------------------------------------------- the loop thread

    def _run(self, ready: threading.Event, failures: list[BaseException]) -> None:
        try:
            asyncio.run(self._main(ready))
        except BaseException as error:  # noqa: BLE001 - reported to start(), or the run ends
            if not ready.is_set():
                failures.append(error)
            else:
                log.debug("fault proxy: loop ended with %r", error)
        finally:
            ready.set()

    async def _main(self, ready: threading.Event) -> None:
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._stop_event = asyncio.Event()
        # An accept loop of our own rather than asyncio.start_server: on 3.11, closing a Server
        # while an accepted connection is still being set up leaks that connection's socket.
        with socket.create_server(self._listen) as listener:
            listener.setblocking(False)
            host, port = listener.getsockname()[:2]
            self._address = (str(host), int(port))
            # Accept in a reader callback, not a task awaiting sock_accept: cancelling that task
            # just as a connection arrives would drop the accepted socket unclosed.
            loop.add_reader(listener.fileno(), self._accept, loop, listener)
            ready.set()
            try:
                await self._stop_event.wait()
            finally:
                self._closing = True
                loop.remove_reader(listener.fileno())
                await self._close_connections()

    def _accept(self, loop: asyncio.AbstractEventLoop, listener: socket.socket) -> None:
        for _ in range(64):
            try:
                sock, _peer = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # e.g. out of file descriptors: try again later
                log.debug("fault proxy: accept failed: %r", error)
                return
            if self._closing:
                sock.close()
                continue
            task = loop.create_task(self._serve_socket(sock))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _close_connections(self) -> None:
        """Abort every connection and wait for every handler, within a grace period."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + _SHUTDOWN_GRACE_S
        cancelled: set[asyncio.Task[None]] = set()
        while self._tasks and loop.time() < deadline:
            # Handlers not started yet are never cancelled (their socket would leak): they
            # start, see ``_closing`` and close their socket at once.
            for task, connection in list(self._connections.items()):
                if task not in cancelled:
                    connection.abort()
                    task.cancel()
                    cancelled.add(task)
            await asyncio.wait(set(self._tasks), timeout=0.05)

    async def _serve_socket(self, sock: socket.socket) -> None:
        if self._closing:
            sock.close()
            return
        task = asyncio.current_task()
        assert task is not None
        try:
            reader, writer = await asyncio.open_connection(sock=sock)
        except OSError as error:  # the transport closes the socket on failure
            log.debug("fault proxy: could not set up a connection: %r", error)
            return
        connection = _ClientConnection(self, reader, writer)
        self._connections[task] = connection
        try:
            await connection.run()
        except asyncio.CancelledError:
            connection.abort()  # stop(): a top-level task, so nothing awaits the cancellation
        except Exception as error:  # noqa: BLE001 - one connection's failure never ends the proxy
            log.debug("fault proxy: connection failed: %r", error)
            connection.abort()
        finally:
            del self._connections[task]

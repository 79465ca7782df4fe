"""The fault-injecting proxy (tests/support/fault_proxy.py) against a tiny real upstream.

The upstream is a threaded socket server speaking just enough HTTP/1.1 to record every request
it received byte for byte (and on which connection) and answer from a few fixed routes; the
client is ``requests`` (or a raw socket where bytes matter).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import random
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pytest
import requests

from tests.support.fault_proxy import Fault, FaultPlan, FaultProxy

CLIENT_ERRORS = (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)
TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Received:
    connection: int
    raw: bytes


class _UpstreamServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = False
    block_on_close = True  # server_close() joins every handler: no socket outlives a test

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _UpstreamHandler)
        self.condition = threading.Condition()
        self.received: list[Received] = []
        self.sent: list[bytes] = []
        self.connection_ids = itertools.count(1)

    def handle_error(self, request: object, client_address: object) -> None:
        """Peers resetting is what these tests do; no tracebacks on stderr."""


def _json_response(document: object, extra: str = "") -> bytes:
    body = json.dumps(document).encode()
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{extra}\r\n"
    )
    return head.encode() + body


class _UpstreamHandler(socketserver.StreamRequestHandler):
    server: _UpstreamServer

    def handle(self) -> None:
        self.request.settimeout(TIMEOUT_S)
        connection = next(self.server.connection_ids)
        try:
            while self._one(connection):
                pass
        except OSError:
            return

    def _one(self, connection: int) -> bool:
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            line = self.rfile.readline(65537)
            if not line:
                return False
            head += line
        lines = head.decode("latin-1").split("\r\n")
        method, path, _version = lines[0].split(" ")
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        body = b""
        if headers.get("transfer-encoding") == "chunked":
            while (size := int(self.rfile.readline().split(b";")[0], 16)) > 0:
                body += self.rfile.read(size + 2)[:-2]
            while self.rfile.readline() not in (b"\r\n", b""):
                pass
        else:
            length = int(headers.get("content-length", "0"))
            body = self.rfile.read(length)
            if len(body) < length:
                return False
        with self.server.condition:
            self.server.received.append(Received(connection, head + body))
            count = len(self.server.received)
        response, keep = self._answer(path, count, body)
        if method == "HEAD":
            response = response.partition(b"\r\n\r\n")[0] + b"\r\n\r\n"
        with self.server.condition:
            self.server.sent.append(response)
            self.server.condition.notify_all()
        self.wfile.write(response)
        return keep and headers.get("connection", "").lower() != "close"

    @staticmethod
    def _answer(path: str, count: int, body: bytes) -> tuple[bytes, bool]:
        if path == "/chunked":
            chunks = [b"first,", b"second,", b"third"]
            framed = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks)
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
            return head + b"\r\n" + framed + b"0\r\nX-Trailer: yes\r\n\r\n", True
        if path == "/close":
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"
            return head + b"until the server closes %d" % count, False
        if path == "/empty":
            return b"HTTP/1.1 204 No Content\r\n\r\n", True
        document = {"count": count, "path": path, "echo": body.decode("utf-8", "replace")}
        return _json_response(document, "X-Spacing:   kept  \r\n"), True


class Upstream:
    """The upstream server, run in a thread."""

    def __init__(self) -> None:
        self._server = _UpstreamServer()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="upstream"
        )

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}"

    @property
    def count(self) -> int:
        with self._server.condition:
            return len(self._server.received)

    @property
    def received(self) -> list[Received]:
        with self._server.condition:
            return list(self._server.received)

    @property
    def sent(self) -> list[bytes]:
        with self._server.condition:
            return list(self._server.sent)

    def wait_for(self, predicate: Callable[[], bool]) -> None:
        with self._server.condition:
            assert self._server.condition.wait_for(predicate, timeout=TIMEOUT_S)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(TIMEOUT_S)


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_proxy(upstream: Upstream) -> Iterator[Callable[[FaultPlan], FaultProxy]]:
    """Start proxies in front of ``upstream``; all stopped (before the upstream) at the end."""
    proxies: list[FaultProxy] = []

    def make(plan: FaultPlan) -> FaultProxy:
        proxy = FaultProxy(upstream.address, plan)
        proxy.start()
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.stop()


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as client:
        yield client


def read_response(sock: socket.socket) -> bytes:
    """Read one Content-Length response from a raw socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"connection closed mid-head after {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed mid-body"
        body += chunk
    assert len(body) == length
    return head + b"\r\n\r\n" + body


def assert_closed_by_peer(sock: socket.socket) -> None:
    """The peer closed: FIN, or RST when it closed with our bytes still unread."""
    with contextlib.suppress(ConnectionResetError):
        assert sock.recv(100) == b""


# --------------------------------------------------------------------------- pass


def test_pass_forwards_requests_and_responses_byte_for_byte_on_one_connection(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy]
) -> None:
    proxy = make_proxy(FaultPlan())
    requests_sent = [
        b"POST /json HTTP/1.1\r\nHost: platform\r\nX-Odd:   spaced \r\n"
        b"Content-Length: 11\r\n\r\nhello world",
        b"GET /json?page=2 HTTP/1.1\r\nHost: platform\r\nAccept: */*\r\n\r\n",
        b"PUT /json HTTP/1.1\r\nhost: platform\r\ncontent-length: 3\r\n\r\n\x00\xff\r",
    ]
    received: list[bytes] = []
    with socket.create_connection(proxy.address, timeout=TIMEOUT_S) as sock:
        for raw in requests_sent:
            sock.sendall(raw)
            received.append(read_response(sock))

    assert [item.raw for item in upstream.received] == requests_sent
    assert len({item.connection for item in upstream.received}) == 1  # kept alive upstream too
    assert received == upstream.sent
    assert proxy.counts()["pass"] == 3
    assert proxy.history() == [Fault.PASS] * 3


def test_pass_with_requests_reuses_the_connection(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan())
    for number in range(1, 4):
        answer = session.post(f"{proxy.url}/json", data=b"body", timeout=TIMEOUT_S)
        assert answer.status_code == 200
        assert answer.json() == {"count": number, "path": "/json", "echo": "body"}
        assert answer.headers["X-Spacing"] == "kept  "  # as the server sent it
    assert [item.connection for item in upstream.received] == [1, 1, 1]


def test_pass_forwards_chunked_close_delimited_and_bodiless_responses(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan())
    chunked = session.get(f"{proxy.url}/chunked", timeout=TIMEOUT_S)
    assert chunked.content == b"first,second,third"
    assert chunked.headers["Transfer-Encoding"] == "chunked"
    empty = session.get(f"{proxy.url}/empty", timeout=TIMEOUT_S)
    assert empty.status_code == 204
    assert empty.content == b""
    head = session.head(f"{proxy.url}/json", timeout=TIMEOUT_S)
    assert head.status_code == 200
    closing = session.get(f"{proxy.url}/close", timeout=TIMEOUT_S)
    assert closing.content == b"until the server closes 4"
    after = session.get(f"{proxy.url}/json", timeout=TIMEOUT_S)  # a new connection
    assert after.json()["count"] == 5
    connections = [item.connection for item in upstream.received]
    assert connections[:4] == [1, 1, 1, 1]
    assert connections[4] != 1


def test_pass_forwards_a_chunked_request_body(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan())
    answer = session.post(f"{proxy.url}/json", data=iter([b"ab", b"cd"]), timeout=TIMEOUT_S)
    assert answer.json()["echo"] == "abcd"
    assert b"Transfer-Encoding: chunked" in upstream.received[0].raw


# --------------------------------------------------------------------------- faults


def test_drop_closes_without_forwarding(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan(drop=1.0))
    with pytest.raises(requests.exceptions.ConnectionError):
        session.post(f"{proxy.url}/json", data=b"x", timeout=TIMEOUT_S)
    assert upstream.count == 0
    assert proxy.counts()["drop"] == 1


def test_reset_request_forwards_part_of_the_request_then_resets(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan(seed=3, reset_request=1.0))
    for _ in range(5):  # several cut points
        with pytest.raises(requests.exceptions.ConnectionError):
            session.post(f"{proxy.url}/json", data=b"x" * 100, timeout=TIMEOUT_S)
    assert proxy.counts()["reset_request"] == 5
    proxy.set_plan(FaultPlan())
    assert session.get(f"{proxy.url}/json", timeout=TIMEOUT_S).json()["count"] == 1
    assert upstream.count == 1


def test_reset_response_resets_the_client_after_the_server_processed_the_request(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan(seed=5, reset_response=1.0))
    for number in range(1, 6):  # several cut points, from none of the response to most of it
        with pytest.raises(CLIENT_ERRORS):
            session.post(f"{proxy.url}/json", data=b"x" * 100, timeout=TIMEOUT_S)
        assert upstream.count == number
    assert proxy.counts()["reset_response"] == 5


def test_reset_response_on_a_chunked_response_is_never_mistaken_for_complete(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan(seed=11, reset_response=1.0))
    for number in range(1, 9):
        with pytest.raises(CLIENT_ERRORS):
            session.get(f"{proxy.url}/chunked", timeout=TIMEOUT_S)
        assert upstream.count == number


@pytest.mark.parametrize("status", [500, 429])
def test_status_answers_come_from_the_proxy(
    upstream: Upstream,
    make_proxy: Callable[[FaultPlan], FaultProxy],
    session: requests.Session,
    status: int,
) -> None:
    plan = FaultPlan(status_500=1.0) if status == 500 else FaultPlan(status_429=1.0)
    code = f"injected_status_{status}"
    proxy = make_proxy(plan)
    for _ in range(2):  # the connection stays usable
        answer = session.post(f"{proxy.url}/json", data=b"x" * 10, timeout=TIMEOUT_S)
        assert answer.status_code == status
        assert answer.json()["error"]["code"] == code
        if status == 429:
            assert answer.headers["Retry-After"] == "1"
        else:
            assert "Retry-After" not in answer.headers
    assert upstream.count == 0
    assert proxy.counts()[f"status_{status}"] == 2


@pytest.mark.parametrize("path", ["/json", "/chunked", "/close"])
def test_truncate_sends_less_body_than_announced(
    upstream: Upstream,
    make_proxy: Callable[[FaultPlan], FaultProxy],
    session: requests.Session,
    path: str,
) -> None:
    proxy = make_proxy(FaultPlan(seed=2, truncate=1.0))
    for number in range(1, 4):
        with pytest.raises(CLIENT_ERRORS):
            session.get(f"{proxy.url}{path}", timeout=TIMEOUT_S)
        assert upstream.count == number
    assert proxy.counts()["truncate"] == 3


def test_truncate_announces_the_full_length_on_the_wire(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy]
) -> None:
    proxy = make_proxy(FaultPlan(truncate=1.0))
    with socket.create_connection(proxy.address, timeout=TIMEOUT_S) as sock:
        sock.sendall(b"GET /json HTTP/1.1\r\nHost: platform\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    full = upstream.sent[0].partition(b"\r\n\r\n")[2]
    assert f"Content-Length: {len(full)}".encode() in head
    assert len(body) < len(full)
    assert full.startswith(body)


def test_delay_holds_the_request_then_forwards_it(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    for delay_response in (False, True):
        proxy = make_proxy(FaultPlan(delay=1.0, delay_s=0.2, delay_response=delay_response))
        started = time.monotonic()
        answer = session.get(f"{proxy.url}/json", timeout=TIMEOUT_S)
        assert time.monotonic() - started >= 0.2
        assert answer.status_code == 200
        assert proxy.counts()["delay"] == 1
    assert upstream.count == 2


# --------------------------------------------------------------------------- the schedule


def _run_requests(proxy: FaultProxy, count: int) -> list[int | str]:
    outcomes: list[int | str] = []
    with requests.Session() as client:
        for _ in range(count):
            try:
                answer = client.post(f"{proxy.url}/json", data=b"payload", timeout=TIMEOUT_S)
            except CLIENT_ERRORS as error:
                outcomes.append(type(error).__name__)
            else:
                outcomes.append(answer.status_code)
    return outcomes


MIXED = FaultPlan(
    seed=1234,
    drop=0.1,
    delay=0.1,
    reset_request=0.1,
    reset_response=0.1,
    status_500=0.1,
    status_429=0.1,
    truncate=0.1,
    delay_s=0.01,
)


def test_a_seeded_plan_gives_the_same_faults_every_time(
    make_proxy: Callable[[FaultPlan], FaultProxy],
) -> None:
    first, second = make_proxy(MIXED), make_proxy(MIXED)
    _run_requests(first, 40)
    _run_requests(second, 40)
    rng = random.Random(MIXED.seed)
    expected = [MIXED.choose(rng) for _ in range(40)]
    assert first.history() == second.history() == expected
    assert len(set(expected)) >= 6  # a real mixture, not one fault
    other = make_proxy(replace(MIXED, seed=4321))
    _run_requests(other, 40)
    assert other.history() != expected


def test_counts_add_up_and_the_proxy_survives_every_fault(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy]
) -> None:
    proxy = make_proxy(MIXED)
    outcomes = _run_requests(proxy, 60)
    counts = proxy.counts()
    assert set(counts) == {fault.value for fault in Fault}
    assert sum(counts.values()) == 60
    history = proxy.history()
    assert counts == {fault.value: history.count(fault) for fault in Fault}
    assert outcomes.count(500) == counts["status_500"]
    assert outcomes.count(429) == counts["status_429"]
    reached = {Fault.PASS, Fault.DELAY, Fault.RESET_RESPONSE, Fault.TRUNCATE}
    assert upstream.count == sum(1 for fault in history if fault in reached)

    proxy.set_plan(FaultPlan.passthrough())  # everything drains
    assert _run_requests(proxy, 3) == [200, 200, 200]


def test_script_names_the_first_faults(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy]
) -> None:
    plan = FaultPlan(script=[Fault.RESET_RESPONSE, Fault.STATUS_429, Fault.PASS], drop=1.0)
    proxy = make_proxy(plan)
    outcomes = _run_requests(proxy, 4)
    assert outcomes[1:3] == [429, 200]
    assert isinstance(outcomes[0], str)
    assert isinstance(outcomes[3], str)
    assert proxy.history() == [Fault.RESET_RESPONSE, Fault.STATUS_429, Fault.PASS, Fault.DROP]
    assert upstream.count == 2


def test_set_plan_switches_at_run_time_and_restarts_the_schedule(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan(status_500=1.0))
    assert session.get(f"{proxy.url}/json", timeout=TIMEOUT_S).status_code == 500
    proxy.set_plan(FaultPlan(status_429=1.0))  # same keep-alive connection, next request
    assert session.get(f"{proxy.url}/json", timeout=TIMEOUT_S).status_code == 429
    proxy.set_plan(FaultPlan())
    assert session.get(f"{proxy.url}/json", timeout=TIMEOUT_S).status_code == 200
    assert proxy.plan == FaultPlan()
    assert proxy.counts() | {"pass": 0} == {fault.value: 0 for fault in Fault} | {
        "status_500": 1,
        "status_429": 1,
    }
    assert upstream.count == 1

    proxy.set_plan(MIXED)
    _run_requests(proxy, 10)
    proxy.set_plan(MIXED)
    _run_requests(proxy, 10)
    tail = proxy.history()[-20:]
    assert tail[:10] == tail[10:]


def test_plan_rejects_impossible_probabilities() -> None:
    with pytest.raises(ValueError, match="add up"):
        FaultPlan(drop=0.6, truncate=0.6)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        FaultPlan(delay=-0.1)
    assert FaultPlan(drop=0.25).probability(Fault.PASS) == 0.75


# --------------------------------------------------------------------------- robustness


def test_clients_vanishing_mid_request_do_not_hurt_the_proxy(
    upstream: Upstream, make_proxy: Callable[[FaultPlan], FaultProxy], session: requests.Session
) -> None:
    proxy = make_proxy(FaultPlan())
    with socket.create_connection(proxy.address, timeout=TIMEOUT_S) as sock:
        sock.sendall(b"POST /json HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\npartial")
    with socket.create_connection(proxy.address, timeout=TIMEOUT_S) as sock:
        sock.sendall(b"GET /json HTTP/1.1\r\nHost: x\r\n")  # half a head
    with socket.create_connection(proxy.address, timeout=TIMEOUT_S) as sock:
        sock.sendall(b"not http at all\r\n\r\n")
        assert_closed_by_peer(sock)  # the proxy hangs up on garbage
    with socket.create_connection(proxy.address, timeout=TIMEOUT_S) as sock:
        sock.sendall(b"GET /json HTTP/1.1\r\nHost: x\r\n\r\n")
        upstream.wait_for(lambda: len(upstream.sent) == 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    # ... and that client reset its connection instead of reading the answer.
    answer = session.get(f"{proxy.url}/json", timeout=TIMEOUT_S)
    assert answer.json()["count"] == 2


def test_an_unreachable_upstream_is_a_client_error_not_a_dead_proxy(
    session: requests.Session,
) -> None:
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]  # bound, not listening: connections are refused
        with FaultProxy(("127.0.0.1", port), FaultPlan()) as proxy:
            for _ in range(2):
                with pytest.raises(requests.exceptions.ConnectionError):
                    session.get(f"{proxy.url}/json", timeout=TIMEOUT_S)
            assert proxy.counts()["pass"] == 2


def test_stop_closes_open_connections_and_is_idempotent(
    upstream: Upstream, session: requests.Session
) -> None:
    proxy = FaultProxy(upstream.address, FaultPlan())
    proxy.start()
    assert session.get(f"{proxy.url}/json", timeout=TIMEOUT_S).status_code == 200
    with socket.create_connection(proxy.address, timeout=TIMEOUT_S) as idle:
        idle.sendall(b"GET /json HTTP/1.1\r\nHost: x\r\n")  # mid-request when stopped
        proxy.stop()
        assert_closed_by_peer(idle)
    proxy.stop()
    with pytest.raises(requests.exceptions.ConnectionError):
        session.get(f"{proxy.url}/json", timeout=TIMEOUT_S)
    with pytest.raises(RuntimeError, match="not been started"):
        _ = FaultProxy(upstream.address).url

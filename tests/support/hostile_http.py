"""Tools of the hostile-input suite (tests/e2e/test_hostile_platform.py): requests sent exactly as
written, signed as the kiosk signs, and a ledger of every row in the platform's database.

- ``send`` puts one request on the wire with ``http.client``: the request target goes out
  byte for byte (no dot-segment removal, no re-quoting, any method), headers as given, and
  ``Host`` only when the caller gives none. ``send_bytes`` writes raw bytes on a socket (for
  what ``http.client`` refuses to produce: bad framing, huge declared lengths).
- ``signed`` builds a request signed with ``kiosk.sync.signing.sign_request`` over exactly that
  method, target and body, with a nonce the caller may choose and later look for.
- ``Ledger`` reads every table of the platform's database (SQLite file in its data folder, or
  the PostgreSQL schema it runs on) through its own connection; ``Ledger.rows`` is a snapshot
  and ``changes`` what was added and removed between two. The audit's refusal counters are
  left out: counting refusals is what they are for.
"""

from __future__ import annotations

import dataclasses
import http.client
import json
import re
import secrets
import socket
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import create_engine, inspect, text

from kiosk.sync.signing import sign_request

TIMEOUT_S = 30.0
AUDIT_TABLES = re.compile(r"refusal|audit")
"""Tables the audit of refusals writes (issue 13 point 7); every other table is compared."""

Row = tuple[tuple[str, Any], ...]
Snapshot = dict[str, Counter[Row]]


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def replace_header(self, name: str, value: str | None) -> Request:
        """This request with ``name`` set to ``value`` (removed when None)."""
        kept = tuple((key, old) for key, old in self.headers if key.lower() != name.lower())
        added = ((name, value),) if value is not None else ()
        return Request(self.method, self.target, kept + added, self.body)

    def but(self, **changes: Any) -> Request:
        """This request with some of its fields replaced."""
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def code(self) -> str | None:
        """The ``error.code`` of a JSON error answer, else None."""
        try:
            document = json.loads(self.body)
        except ValueError:
            return None
        if not isinstance(document, dict) or not isinstance(document.get("error"), dict):
            return None
        code = document["error"].get("code")
        return code if isinstance(code, str) else None

    def json(self) -> Any:
        return json.loads(self.body)


def send(port: int, request: Request) -> Answer:
    """Send ``request`` to 127.0.0.1:``port`` as written; one connection per request."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    try:
        connection.putrequest(
            request.method, request.target, skip_host=True, skip_accept_encoding=True
        )
        if request.header("Host") is None:
            connection.putheader("Host", f"127.0.0.1:{port}")
        for name, value in request.headers:
            connection.putheader(name, value)
        if request.body and request.header("Content-Length") is None:
            connection.putheader("Content-Length", str(len(request.body)))
        connection.endheaders(request.body or None)
        response = connection.getresponse()
        body = response.read()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return Answer(response.status, headers, body)
    finally:
        connection.close()


def send_bytes(port: int, data: bytes) -> Answer:
    """Write ``data`` on a fresh connection and read one answer (the server may close after)."""
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S) as connection:
        connection.sendall(data)
        return read_answer(connection)


def read_answer(connection: socket.socket) -> Answer:
    """Read one HTTP/1.1 answer (status line, headers and a Content-Length body, or up to the
    close) from ``connection``."""
    received = b""
    while b"\r\n\r\n" not in received:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a whole answer head: {received[:200]!r}")
        received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = headers.get("content-length")
    if length is not None:
        while len(body) < int(length):
            chunk = connection.recv(65536)
            if not chunk:
                break
            body += chunk
    else:
        while chunk := connection.recv(65536):
            body += chunk
    return Answer(status, headers, body)


@dataclass
class _Message:
    """What ``sign_request`` signs: a method, an absolute URL and mutable headers."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)


def signed(
    port: int,
    method: str,
    target: str,
    key_id: str,
    key: ed25519.Ed25519PrivateKey,
    *,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    nonce: str | None = None,
    created: datetime | None = None,
    authority: str | None = None,
) -> Request:
    """``method target`` signed as the kiosk signs it, for ``http://authority`` (the server's
    loopback address by default). With a body and no Content-Type, ``application/json``."""
    all_headers = dict(headers or {})
    if body is not None:
        all_headers.setdefault("Content-Type", "application/json")
    message = _Message(method, f"http://{authority or f'127.0.0.1:{port}'}{target}", all_headers)
    sign_request(
        message,
        key_id=key_id,
        key=key,
        body=body,
        created=created or datetime.now(UTC),
        nonce=nonce or new_nonce(),
    )
    return Request(method, target, tuple(message.headers.items()), body or b"")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def nonce_of(request: Request) -> str:
    found = re.search(r'nonce="([^"]+)"', request.header("Signature-Input") or "")
    assert found is not None, "the request is not signed"
    return found.group(1)


class Ledger:
    """Every row of the platform's tables but the audit's, read through its own connection."""

    def __init__(self, database_url: str) -> None:
        self._engine = create_engine(database_url)

    def rows(self) -> Snapshot:
        snapshot: Snapshot = {}
        with self._engine.connect() as connection:
            for table in sorted(inspect(connection).get_table_names()):
                if AUDIT_TABLES.search(table):
                    continue
                result = connection.execute(text(f'SELECT * FROM "{table}"'))
                snapshot[table] = Counter(
                    tuple(sorted(dict(row._mapping).items())) for row in result
                )
        return snapshot

    def close(self) -> None:
        self._engine.dispose()


def changes(before: Snapshot, after: Snapshot) -> dict[str, tuple[list[Row], list[Row]]]:
    """Per table whose rows differ: (rows added, rows removed); a changed row is both."""
    found = {}
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, Counter()), after.get(table, Counter())
        added, removed = list((new - old).elements()), list((old - new).elements())
        if added or removed:
            found[table] = (added, removed)
    return found


def column(rows: Iterable[Row], *names: str) -> set[tuple[Any, ...]]:
    """The values of ``names`` in each of ``rows``."""
    return {tuple(dict(row)[name] for name in names) for row in rows}

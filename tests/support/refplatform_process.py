"""A real ``refplatform serve`` process on loopback, for end-to-end tests and the kiosk demo tests
(and the same application in-process, for unit tests that inject the platform's clock).

    with running_refplatform(tmp_path / "platform", keys_dir) as platform:
        private_key, sealing_key = platform.enrol("CQ-YB-0001")
        answer = platform.signed("GET", "/api/v1/catalog", "CQ-YB-0001", private_key)

The server starts on port 0 with its own data folder; readiness is its "listening on …" line on
stdout (read by a thread into a queue, waited on with a deadline: no sleeping), checked against
the port file it writes. On exit the process gets SIGTERM (and SIGKILL if it does not stop).

PostgreSQL: when ``KIOSK_TEST_POSTGRES_URL`` is set (``postgresql+psycopg://user@host/db``),
``database_backends()`` also yields a "postgresql" backend; ``postgres_schema`` gives each server
a fresh schema of that database and drops it afterwards. The platform's API suites serve
PostgreSQL with several worker processes (``POSTGRES_WORKERS``), the deployment set-up.
"""

from __future__ import annotations

import abc
import contextlib
import json
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, NamedTuple

import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kiosk.sync.enrolment import public_pem
from kiosk.sync.sealing import SealingPublicKey
from kiosk.sync.signing import sign_request
from refplatform.server.seed import enrolment_code
from refplatform.server.settings import Settings

POSTGRES_URL_ENV = "KIOSK_TEST_POSTGRES_URL"
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0
REQUEST_TIMEOUT_S = 30.0
_READY_PREFIX = "listening on "
POSTGRES_WORKERS = ("--workers", "2")
"""``refplatform serve`` arguments the API suites add on PostgreSQL."""


class Enrolment(NamedTuple):
    """What enrolling a terminal gives it: its signing key and the platform's sealing key."""

    private_key: ed25519.Ed25519PrivateKey
    sealing_key: SealingPublicKey


# Read at import: the root conftest removes KIOSK_ variables from each test's environment.
POSTGRES_URL = os.environ.get(POSTGRES_URL_ENV) or None


def database_backends() -> list[str]:
    """``["sqlite"]``, plus ``"postgresql"`` when ``KIOSK_TEST_POSTGRES_URL`` is set."""
    return ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


@contextlib.contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A URL of ``base_url``'s database whose search path is a new, empty schema (dropped on
    exit), so every server starts from nothing without needing CREATE DATABASE rights."""
    schema = f"refplatform_test_{secrets.token_hex(6)}"
    admin = create_engine(base_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def signed_request(
    method: str,
    url: str,
    key_id: str,
    key: ed25519.Ed25519PrivateKey,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    created: datetime | None = None,
    nonce: str | None = None,
    session: requests.Session | None = None,
) -> requests.Response:
    """Send one request signed as the kiosk signs (``kiosk.sync.signing.sign_request``)."""
    all_headers = dict(headers or {})
    if body is not None:
        all_headers.setdefault("Content-Type", "application/json")
    prepared = requests.Request(method, url, data=body, headers=all_headers).prepare()
    sign_request(
        prepared,
        key_id=key_id,
        key=key,
        body=body,
        created=created or datetime.now(UTC),
        nonce=nonce,
    )
    sender = session or requests.Session()
    try:
        return sender.send(prepared, timeout=REQUEST_TIMEOUT_S)
    finally:
        if session is None:
            sender.close()


class PlatformClient(abc.ABC):
    """Enrolling and signed requests against a platform at ``base_url`` (process or in-process)."""

    base_url: str

    @abc.abstractmethod
    def settings(self) -> Settings:
        """The running platform's settings (its database, for enrolment codes)."""

    def url(self, path: str) -> str:
        return self.base_url + path

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    def enrol_code(self, terminal_id: str, now: datetime | None = None) -> str:
        """A one-time code in the server's database (``now`` in the past makes an expired one)."""
        return enrolment_code(self.settings(), terminal_id, now)

    def enrolment_request(
        self, terminal_id: str, code: str, key: ed25519.Ed25519PrivateKey, **signing: Any
    ) -> requests.Response:
        document = {"terminal_id": terminal_id, "code": code, "public_key": public_pem(key)}
        body = json.dumps(document).encode("utf-8")
        return signed_request(
            "POST", self.url("/api/v1/enrolments"), terminal_id, key, body=body, **signing
        )

    def enrol(self, terminal_id: str, **signing: Any) -> Enrolment:
        """Enrol a fresh Ed25519 key for ``terminal_id`` through the API."""
        key = ed25519.Ed25519PrivateKey.generate()
        answer = self.enrolment_request(terminal_id, self.enrol_code(terminal_id), key, **signing)
        if answer.status_code != 201:
            raise AssertionError(f"enrolment refused: {answer.status_code} {answer.text}")
        return Enrolment(key, SealingPublicKey.from_document(answer.json()["sealing_key"]))

    def signed(
        self,
        method: str,
        path: str,
        terminal_id: str,
        key: ed25519.Ed25519PrivateKey,
        **options: Any,
    ) -> requests.Response:
        return signed_request(method, self.url(path), terminal_id, key, **options)


@dataclass
class RefPlatform(PlatformClient):
    """A running reference platform process."""

    process: subprocess.Popen[str]
    base_url: str
    data_dir: Path
    keys_dir: Path
    database_url: str | None
    stderr_path: Path
    _reader: threading.Thread = field(repr=False)

    def settings(self) -> Settings:
        return Settings(
            data_dir=self.data_dir, database_url=self.database_url, keys_dir=self.keys_dir
        )

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``refplatform ARGS --data-dir … [--database …]`` against this server's data."""
        database = ["--database", self.database_url] if self.database_url else []
        return subprocess.run(
            [str(BIN / "refplatform"), *args, "--data-dir", str(self.data_dir), *database],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def stderr_text(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> int:
        """SIGTERM, wait; SIGKILL only if it does not stop. Returns the exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)
        self._reader.join(timeout=STOP_TIMEOUT_S)
        if self.process.stdout is not None:
            self.process.stdout.close()
        return self.process.returncode


def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def _wait_until_listening(lines: queue.Queue[str | None], deadline: float) -> str | None:
    """The announced base URL, or None when the output ends or the deadline passes first."""
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=remaining)
        except queue.Empty:
            return None
        if line is None:
            return None
        if line.startswith(_READY_PREFIX):
            return line.removeprefix(_READY_PREFIX).strip()
    return None


def start_refplatform(
    data_dir: Path,
    keys_dir: Path,
    *,
    database_url: str | None = None,
    extra_args: tuple[str, ...] = (),
    timeout: float = START_TIMEOUT_S,
) -> RefPlatform:
    """Start ``refplatform serve --port 0`` and return once it listens (or raise)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    stderr_path = data_dir.parent / f"{data_dir.name}.stderr.log"
    database = ["--database", database_url] if database_url else []
    command = [
        str(BIN / "refplatform"),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--data-dir",
        str(data_dir),
        "--keys",
        str(keys_dir),
        *database,
        *extra_args,
    ]
    with stderr_path.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True)
    reader.start()
    base_url = _wait_until_listening(lines, time.monotonic() + timeout)
    if base_url is None:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT_S)
        reader.join(timeout=STOP_TIMEOUT_S)
        process.stdout.close()
        raise RuntimeError(
            f"refplatform serve did not start (exit {process.returncode}):\n"
            + stderr_path.read_text(encoding="utf-8", errors="replace")[-4000:]
        )
    port_file = data_dir / "refplatform.port"
    platform = RefPlatform(process, base_url, data_dir, keys_dir, database_url, stderr_path, reader)
    if port_file.read_text(encoding="ascii").strip() != str(platform.port):
        platform.stop()
        raise RuntimeError("the port file does not match the announced address")
    return platform


@contextlib.contextmanager
def running_refplatform(
    data_dir: Path,
    keys_dir: Path,
    *,
    database_url: str | None = None,
    extra_args: tuple[str, ...] = (),
) -> Iterator[RefPlatform]:
    """``start_refplatform`` with SIGTERM at the end (the exit code is checked to be 0)."""
    platform = start_refplatform(
        data_dir, keys_dir, database_url=database_url, extra_args=extra_args
    )
    try:
        yield platform
    finally:
        code = platform.stop()
        if code != 0:
            raise AssertionError(
                f"refplatform serve exited with {code}:\n{platform.stderr_text()[-4000:]}"
            )


@dataclass
class InProcessPlatform(PlatformClient):
    """``create_app(settings)`` served by uvicorn on a thread of the test process (unit tests
    that inject the platform's clock, fuzzing). A 500 logs an ERROR in the test's own process,
    which the root conftest turns into a failure."""

    base_url: str
    platform_settings: Settings

    def settings(self) -> Settings:
        return self.platform_settings


@contextlib.contextmanager
def in_process_refplatform(settings: Settings) -> Iterator[InProcessPlatform]:
    """Serve ``create_app(settings)`` on 127.0.0.1, port 0, on a thread; stop it on exit."""
    from refplatform.server.app import create_app  # noqa: PLC0415
    from refplatform.server.runner import AnnouncingServer, server_config  # noqa: PLC0415

    listening = threading.Event()
    ports: list[int] = []

    def on_listening(port: int) -> None:
        ports.append(port)
        listening.set()

    config = server_config(create_app(settings), "127.0.0.1", 0, settings.limits)
    server = AnnouncingServer(config, on_listening)
    thread = threading.Thread(target=server.run, name="refplatform-in-process", daemon=True)
    thread.start()
    try:
        if not listening.wait(timeout=START_TIMEOUT_S):
            raise RuntimeError("the in-process platform did not start")
        yield InProcessPlatform(f"http://127.0.0.1:{ports[0]}", settings)
    finally:
        server.should_exit = True
        thread.join(timeout=STOP_TIMEOUT_S)


@contextlib.contextmanager
def refplatform_on(backend: str, data_dir: Path, keys_dir: Path) -> Iterator[RefPlatform]:
    """A running platform on ``backend`` (``database_backends``): SQLite in ``data_dir``, or a
    fresh PostgreSQL schema served by ``POSTGRES_WORKERS`` worker processes."""
    with contextlib.ExitStack() as stack:
        database_url = None
        extra_args: tuple[str, ...] = ()
        if backend == "postgresql":
            assert POSTGRES_URL is not None
            database_url = stack.enter_context(postgres_schema(POSTGRES_URL))
            extra_args = POSTGRES_WORKERS
        yield stack.enter_context(
            running_refplatform(
                data_dir, keys_dir, database_url=database_url, extra_args=extra_args
            )
        )

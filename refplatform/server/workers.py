"""Serving the platform from several worker processes: ``refplatform serve --workers N``.

The parent process prepares the instance once: it migrates the database, makes missing demo keys
and the sealing key, signs the published documents (saved to ``<data-dir>/refplatform.publications
.json``, so every worker serves the same bytes and ETags) and writes the workers' settings to
``<data-dir>/refplatform.workers.json`` (0600; named by ``REFPLATFORM_WORKER_SETTINGS`` in the
workers' environment). It binds the listening socket itself, so the port is known (``--port 0``
works) before a worker starts, then spawns N workers (``spawn``, not ``fork``). Each builds the
application with the import-string factory ``refplatform.server.workers:create_worker_app`` and
serves it on the inherited socket with the uvicorn configuration of a single process
(``runner.server_config``: request-head deadline, keep-alive timeout, header cap, concurrency
cap). Once every worker accepts connections, the parent writes the port file and announces the
address exactly as ``runner.serve`` does.

Per worker: the rate-limit buckets, the concurrency cap and the audit's pending counts (which
each worker adds to the shared table). Every process appends to the one log file itself
(``logs.SharedRotatingFileHandler``) and to the shared stderr; a worker's records name it in
their ``thread`` (``w<index>/<thread>``). The caller sets the parent's logging up with
``setup_server_logging(..., shared=True)``.

Signals: SIGTERM or SIGINT to the parent stops the workers gracefully (SIGTERM to each; requests
in flight finish) and then the parent; workers run in their own process group, so Ctrl-C
reaches them only through the parent, and a worker whose parent disappears stops by itself. A
worker that dies after it was ready is logged and replaced; one that exits before it is ready
stops the server (``PlatformSetupError``: the settings or the database are unusable).

Thread contract: ``serve_workers`` blocks the calling (main) thread; the factory runs once per
worker process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import logging.handlers
import multiprocessing
import os
import signal
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnProcess
from pathlib import Path
from types import FrameType
from typing import Any

from fastapi import FastAPI

from kiosk.runtime.private_files import read_private, write_private
from refplatform.server.app import create_app
from refplatform.server.instance import PlatformSetupError, open_platform
from refplatform.server.logs import setup_server_logging
from refplatform.server.publications import save_publications
from refplatform.server.runner import (
    GRACEFUL_SHUTDOWN_S,
    AnnouncingServer,
    base_url,
    server_config,
    write_port_file,
)
from refplatform.server.settings import FleetRules, Limits, Settings

log = logging.getLogger(__name__)
WORKER_SETTINGS_ENV = "REFPLATFORM_WORKER_SETTINGS"
WORKER_SETTINGS_FILE_NAME = "refplatform.workers.json"
PUBLICATIONS_FILE_NAME = "refplatform.publications.json"
BACKLOG = 2048
STARTUP_FAILURE = 3
_spawn = multiprocessing.get_context("spawn")


# --------------------------------------------------------------------------- settings on disk


def write_worker_settings(settings: Settings, path: Path, log_level: str) -> None:
    """``settings`` (all but the clock) as JSON in ``path``, 0600, replaced atomically."""
    document = {
        "data_dir": str(settings.data_dir.absolute()),
        "database_url": settings.database_url,
        "keys_dir": str(settings.keys_dir.absolute()) if settings.keys_dir else None,
        "calendar_file": str(settings.calendar_file.absolute()) if settings.calendar_file else None,
        "publications_file": (
            str(settings.publications_file.absolute()) if settings.publications_file else None
        ),
        "limits": dataclasses.asdict(settings.limits),
        "fleet": dataclasses.asdict(settings.fleet),
        "log_level": log_level,
    }
    # It may hold the database password: a secret, written and read as the keys are.
    write_private(path, json.dumps(document).encode("utf-8"))


def read_worker_settings(path: Path) -> tuple[Settings, str]:
    """The settings and log level ``write_worker_settings`` wrote; raises PlatformSetupError."""

    def optional_path(value: Any) -> Path | None:
        return Path(value) if value else None

    try:
        document = json.loads(read_private(path).decode("utf-8"))
        settings = Settings(
            data_dir=Path(document["data_dir"]),
            database_url=document["database_url"],
            keys_dir=optional_path(document["keys_dir"]),
            calendar_file=optional_path(document["calendar_file"]),
            publications_file=optional_path(document["publications_file"]),
            limits=Limits(**document["limits"]),
            fleet=FleetRules(**document["fleet"]),
        )
        return settings, str(document["log_level"])
    except OSError as error:
        raise PlatformSetupError(f"cannot read {path}: {error.strerror}") from None
    except (ValueError, KeyError, TypeError):
        raise PlatformSetupError(f"{path}: not a worker settings file") from None


def create_worker_app() -> FastAPI:
    """The application of one worker, from the settings file named by
    ``REFPLATFORM_WORKER_SETTINGS`` (uvicorn: ``refplatform.server.workers:create_worker_app``
    with ``factory=True``). The database is already migrated and the keys made by the parent."""
    location = os.environ.get(WORKER_SETTINGS_ENV)
    if not location:
        raise PlatformSetupError(f"{WORKER_SETTINGS_ENV} names no settings file")
    settings, _level = read_worker_settings(Path(location))
    return create_app(settings)


# --------------------------------------------------------------------------- logging


class _MarkWorker(logging.Filter):
    """Names the worker in each record's thread (``w<index>/<thread>``)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self._prefix = f"w{index}/"

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.threadName).startswith(self._prefix):
            record.threadName = f"{self._prefix}{record.threadName}"
        return True


def _worker_logging(settings: Settings, index: int, level: str) -> None:
    setup_server_logging(settings.data_dir, level, shared=True)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_MarkWorker(index))


# --------------------------------------------------------------------------- the worker


def _exit_on_sigterm(_signal: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def _watch_parent(connection: Connection, server: AnnouncingServer) -> None:
    """Stop the worker when its parent is gone (the parent never writes to this pipe)."""
    with contextlib.suppress(EOFError, OSError):
        while True:
            connection.recv()
    server.should_exit = True


def worker_main(index: int, listener: socket.socket, connection: Connection) -> None:
    """One worker process: build the app, serve it on ``listener``, say "ready" on
    ``connection`` once it accepts connections."""
    os.setpgrp()  # Ctrl-C reaches the parent only; the parent stops the workers
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    location = Path(os.environ[WORKER_SETTINGS_ENV])
    try:
        settings, level = read_worker_settings(location)
        _worker_logging(settings, index, level)
        app = create_worker_app()
    except PlatformSetupError as error:
        logging.getLogger(__name__).error("worker %d cannot start: %s", index, error)
        raise SystemExit(STARTUP_FAILURE) from None
    host, port = listener.getsockname()[:2]
    config = server_config(app, str(host), int(port), settings.limits)
    server = AnnouncingServer(config, lambda actual: connection.send(("ready", actual)))
    threading.Thread(
        target=_watch_parent, args=(connection, server), name="parent-watch", daemon=True
    ).start()
    server.run(sockets=[listener])


# --------------------------------------------------------------------------- the parent


@dataclass
class _Worker:
    index: int
    process: SpawnProcess
    connection: Connection | None
    ready: bool = False


def bind_listener(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (``0`` picks one), inheritable by workers."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
        listener.listen(BACKLOG)
        listener.set_inheritable(True)
    except OSError as error:
        listener.close()
        raise PlatformSetupError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return listener


def prepare_instance(settings: Settings) -> Settings:
    """Migrate, make missing keys and sign the publications once, in the parent; the settings
    the workers run with (``publications_file`` set)."""
    platform = open_platform(settings)
    try:
        path = settings.data_dir / PUBLICATIONS_FILE_NAME
        save_publications(platform.publications, path)
    finally:
        platform.close()
    return dataclasses.replace(settings, publications_file=path)


class _Pool:
    def __init__(self, listener: socket.socket) -> None:
        self._listener = listener
        self.workers: list[_Worker] = []

    def start(self, index: int) -> _Worker:
        parent_end, child_end = _spawn.Pipe()
        process = _spawn.Process(
            target=worker_main,
            args=(index, self._listener, child_end),
            name=f"refplatform-worker-{index}",
        )
        process.start()
        child_end.close()
        return _Worker(index, process, parent_end)

    def run_until_stopped(self, count: int, on_all_ready: Callable[[], None]) -> None:
        """Start ``count`` workers, call ``on_all_ready`` once all are ready, replace a worker
        that dies after it was ready; return on KeyboardInterrupt or SystemExit (signals)."""
        self.workers = [self.start(index) for index in range(count)]
        announced = False
        while True:
            watched: dict[Any, tuple[str, _Worker]] = {}
            for worker in self.workers:
                watched[worker.process.sentinel] = ("exit", worker)
                if worker.connection is not None:
                    watched[worker.connection] = ("message", worker)
            for handle in wait(list(watched)):
                kind, worker = watched[handle]
                if kind == "message":
                    self._message(worker)
                elif worker.process.exitcode is not None:
                    self._exited(worker)
            if not announced and all(worker.ready for worker in self.workers):
                announced = True
                on_all_ready()

    def _message(self, worker: _Worker) -> None:
        assert worker.connection is not None
        try:
            message = worker.connection.recv()
        except (EOFError, OSError):
            worker.connection.close()
            worker.connection = None  # the exit follows; its sentinel says so
            return
        if isinstance(message, tuple) and message and message[0] == "ready":
            worker.ready = True

    def _exited(self, worker: _Worker) -> None:
        code = worker.process.exitcode
        if worker.connection is not None:
            worker.connection.close()
        if not worker.ready:
            raise PlatformSetupError(
                f"worker {worker.index} exited with {code} before serving (see the log)"
            )
        log.error(
            "worker %d (pid %s) exited with %s; starting another",
            worker.index,
            worker.process.pid,
            code,
        )
        self.workers[self.workers.index(worker)] = self.start(worker.index)

    def stop(self) -> None:
        """SIGTERM every worker, wait for their graceful shutdown, SIGKILL what remains."""
        for worker in self.workers:
            if worker.process.exitcode is None:
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(GRACEFUL_SHUTDOWN_S + 5)
            if worker.process.exitcode is None:
                log.warning("worker %d did not stop; killing it", worker.index)
                worker.process.kill()
                worker.process.join()
            if worker.connection is not None:
                worker.connection.close()
            worker.process.close()
        self.workers = []


def serve_workers(
    settings: Settings,
    host: str,
    port: int,
    workers: int,
    *,
    on_ready: Callable[[str], None] | None = None,
    log_level: str = "INFO",
) -> None:
    """Serve with ``workers`` processes until SIGTERM or SIGINT. Raises ``PlatformSetupError``
    before announcing when the instance, the address or a worker cannot start."""
    worker_settings = prepare_instance(settings)
    settings_file = settings.data_dir / WORKER_SETTINGS_FILE_NAME
    write_worker_settings(worker_settings, settings_file, log_level)
    os.environ[WORKER_SETTINGS_ENV] = str(settings_file.absolute())
    listener = bind_listener(host, port)
    actual_port = int(listener.getsockname()[1])
    pool = _Pool(listener)
    announced = False

    def on_all_ready() -> None:
        nonlocal announced
        announced = True
        write_port_file(settings.port_file, actual_port)
        url = base_url(host, actual_port)
        log.info("listening on %s with %d workers", url, workers)
        if on_ready is not None:
            on_ready(url)

    try:
        with contextlib.suppress(KeyboardInterrupt):
            pool.run_until_stopped(workers, on_all_ready)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # stopping already
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        pool.stop()
        listener.close()
        if announced:
            with contextlib.suppress(OSError):
                if settings.port_file.read_text(encoding="ascii").strip() == str(actual_port):
                    settings.port_file.unlink()
        for path in (settings_file, settings.data_dir / PUBLICATIONS_FILE_NAME):
            with contextlib.suppress(OSError):
                path.unlink()

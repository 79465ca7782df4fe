"""Running the platform under uvicorn, one process, and announcing where it listens.

Once the server accepts connections, ``serve`` writes the port to ``<data-dir>/refplatform.port``
(atomically: a reader sees the whole number or no file) and calls ``on_ready`` with the base URL,
so that ``--port 0`` can be used and the kiosk demo and tests can find the server. SIGTERM and
SIGINT stop it gracefully (requests in flight finish); the port file is removed on the way out.

Thread contract: ``serve`` blocks the calling thread (the main thread, for signal handling).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import h11
import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

from refplatform.server.app import create_app
from refplatform.server.settings import Limits, Settings

log = logging.getLogger(__name__)
GRACEFUL_SHUTDOWN_S = 10


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that reports the port it listens on once it accepts connections."""

    def __init__(self, config: uvicorn.Config, on_listening: Callable[[int], None]) -> None:
        super().__init__(config)
        self._on_listening = on_listening

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.started and not self.should_exit:
            port = self.servers[0].sockets[0].getsockname()[1]
            self._on_listening(int(port))


def base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


def write_port_file(path: Path, port: int) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(f"{port}\n", encoding="ascii")
    temporary.replace(path)


class HeadTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for request heads, which uvicorn lacks.

    uvicorn closes an idle keep-alive connection after ``timeout_keep_alive``, but a connection
    that sends nothing, or half a request line or header block (at first or after an answer),
    is held for ever: 1,500 such connections were all held in the review. Here, whenever the
    connection waits for a request head (h11's client state ``IDLE``: just opened, or the
    previous answer sent and a new request begun), a timer runs from that moment; if the head
    is not complete ``header_timeout_s`` later, the connection is closed. The timer does not
    restart on each byte, so trickling a header a byte at a time does not keep it open.
    """

    header_timeout_s: float = Limits().header_timeout_s

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self._head_timer: asyncio.TimerHandle | None = None
        super().connection_made(transport)
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE:
            self._arm_head_timer()  # a head begun after a keep-alive pause
        else:
            self._cancel_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        if self._head_timer is None and not self.transport.is_closing():
            self._head_timer = self.loop.call_later(self.header_timeout_s, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            log.info("closed a connection whose request head did not arrive in time")
            self.transport.close()


def head_timeout_protocol(header_timeout_s: float) -> type[HeadTimeoutProtocol]:
    """``HeadTimeoutProtocol`` with its deadline (uvicorn builds protocols from a class)."""
    return type(
        "HeadTimeoutProtocol", (HeadTimeoutProtocol,), {"header_timeout_s": header_timeout_s}
    )


def server_config(
    app: ASGIApp | str, host: str, port: int, limits: Limits | None = None, **options: Any
) -> uvicorn.Config:
    """The uvicorn configuration the platform runs with (also for in-process test servers):
    a deadline for request heads, the keep-alive timeout, a cap on header size and on open
    connections and requests (503 past it)."""
    limits = limits or Limits()
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=head_timeout_protocol(limits.header_timeout_s),
        timeout_keep_alive=limits.keep_alive_timeout_s,
        limit_concurrency=limits.max_concurrency,
        h11_max_incomplete_event_size=limits.max_header_bytes,
        log_config=None,
        access_log=False,
        date_header=False,  # the application sets Date from the platform's clock
        server_header=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        **options,
    )


def serve(
    settings: Settings, host: str, port: int, on_ready: Callable[[str], None] | None = None
) -> None:
    """Serve until stopped by a signal. Raises ``PlatformSetupError`` before listening."""
    config = server_config(create_app(settings), host, port, settings.limits)
    announced: list[int] = []

    def on_listening(actual_port: int) -> None:
        announced.append(actual_port)
        write_port_file(settings.port_file, actual_port)
        url = base_url(host, actual_port)
        log.info("listening on %s", url)
        if on_ready is not None:
            on_ready(url)

    try:
        AnnouncingServer(config, on_listening).run()
    finally:
        if announced:
            with contextlib.suppress(OSError):
                if settings.port_file.read_text(encoding="ascii").strip() == str(announced[0]):
                    settings.port_file.unlink()

"""Running the platform under uvicorn, one process, and announcing where it listens.

Once the server accepts connections, ``serve`` writes the port to ``<data-dir>/refplatform.port``
(atomically: a reader sees the whole number or no file) and calls ``on_ready`` with the base URL,
so that ``--port 0`` can be used and the kiosk demo and tests can find the server. SIGTERM and
SIGINT stop it gracefully (requests in flight finish); the port file is removed on the way out.

Thread contract: ``serve`` blocks the calling thread (the main thread, for signal handling).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Callable
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from refplatform.server.app import create_app
from refplatform.server.settings import Settings

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


def server_config(app: ASGIApp, host: str, port: int) -> uvicorn.Config:
    """The uvicorn configuration the platform runs with (also for in-process test servers)."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        date_header=False,  # the application sets Date from the platform's clock
        server_header=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
    )


def serve(
    settings: Settings, host: str, port: int, on_ready: Callable[[str], None] | None = None
) -> None:
    """Serve until stopped by a signal. Raises ``PlatformSetupError`` before listening."""
    config = server_config(create_app(settings), host, port)
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

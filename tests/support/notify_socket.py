"""A stand-in for systemd's notification socket: a real AF_UNIX datagram socket that collects
what the kiosk sends (``READY=1``, ``WATCHDOG=1``, ``STATUS=...``, ``STOPPING=1``)."""

from __future__ import annotations

import shutil
import socket
import tempfile
import time
from pathlib import Path


class NotifySocket:
    """Bound at a short path (``sun_path`` holds 107 bytes; pytest's folders can be longer)."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kiosk-notify-", dir="/tmp"))
        self.path = self.folder / "notify"
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(str(self.path))

    def environ(self, watchdog_usec: int | None = None) -> dict[str, str]:
        """The variables systemd sets for a notify service (with a watchdog if given)."""
        variables = {"NOTIFY_SOCKET": str(self.path)}
        if watchdog_usec is not None:
            variables["WATCHDOG_USEC"] = str(watchdog_usec)
        return variables

    def pending(self) -> list[str]:
        """Every line received and not read yet (without waiting)."""
        lines: list[str] = []
        self.socket.setblocking(False)
        try:
            while True:
                lines.append(self.socket.recv(4096).decode())
        except BlockingIOError:
            return lines
        finally:
            self.socket.setblocking(True)

    def receive(self, timeout_s: float) -> str | None:
        """The next line, waiting at most ``timeout_s`` (None: nothing came)."""
        self.socket.settimeout(timeout_s)
        try:
            return self.socket.recv(4096).decode()
        except TimeoutError:
            return None
        finally:
            self.socket.settimeout(None)

    def wait_for(self, line: str, timeout_s: float) -> list[str]:
        """Lines up to and including ``line``; AssertionError if it does not come in time."""
        deadline = time.monotonic() + timeout_s
        seen: list[str] = []
        while (left := deadline - time.monotonic()) > 0:
            received = self.receive(left)
            if received is None:
                break
            seen.append(received)
            if received == line:
                return seen
        raise AssertionError(f"{line!r} did not come within {timeout_s} s; got {seen}")

    def close(self) -> None:
        self.socket.close()
        shutil.rmtree(self.folder, ignore_errors=True)

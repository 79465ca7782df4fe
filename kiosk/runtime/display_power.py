"""The display outside opening hours: when the screen goes black, and the panel's commands.

``BlankPolicy`` decides when the kiosk shows a black screen: only with opening hours configured
(``power.opening_hours``) and ``power.blank_outside_hours``, outside those hours, on an idle home
screen (nothing touched for ``ui.idle_timeout_s``), never during a citizen's journey or in
technician mode. It reads the injected clock: tests move the clock.

``DisplaySwitch`` runs ``power.display_off_command`` / ``display_on_command`` (already split into
a program and its arguments; never through a shell) one after the other on its own worker
thread, in the order asked, each with a time limit. A command that cannot start, fails or hangs
is logged; the kiosk goes on (a black screen is still shown).

Thread contract: ``BlankPolicy`` on one thread (the GUI thread in the kiosk). ``DisplaySwitch``'s
``switch`` and ``close`` on one thread; the commands run on its worker thread.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from kiosk.runtime.clock import Clock
from kiosk.runtime.opening_hours import OpeningHours

COMMAND_TIMEOUT_S = 10.0
_log = logging.getLogger(__name__)


class BlankPolicy:
    """Whether the screen should be black now."""

    def __init__(
        self,
        hours: OpeningHours | None,
        *,
        blank_outside_hours: bool,
        idle_s: float,
        clock: Clock,
    ) -> None:
        self.hours = hours
        self.enabled = hours is not None and blank_outside_hours
        self.idle_s = idle_s
        self._clock = clock
        self._last_touch = clock.monotonic()

    def touched(self) -> None:
        """Someone touched the screen or pressed a key: the idle time starts again."""
        self._last_touch = self._clock.monotonic()

    def idle_for(self) -> float:
        """Seconds since the last touch."""
        return self._clock.monotonic() - self._last_touch

    def should_blank(self, *, at_home: bool, technician: bool) -> bool:
        """Black now? ``at_home``: the home screen shows, no journey under way; ``technician``:
        technician mode is on."""
        if not self.enabled or self.hours is None or not at_home or technician:
            return False
        if self.hours.is_open(self._clock.now()):
            return False
        return self.idle_for() >= self.idle_s


Runner = Callable[..., Any]  # subprocess.run's signature (tests may count calls through it)


class DisplaySwitch:
    """Switches the panel off and on with the configured commands, in order, off-thread."""

    def __init__(
        self,
        off: Sequence[str] | None,
        on: Sequence[str] | None,
        *,
        timeout_s: float = COMMAND_TIMEOUT_S,
        run: Runner = subprocess.run,
    ) -> None:
        self._commands = {False: tuple(off) if off else None, True: tuple(on) if on else None}
        self._timeout_s = timeout_s
        self._run = run
        self._worker: ThreadPoolExecutor | None = None
        self._closed = False

    @property
    def configured(self) -> bool:
        return any(self._commands.values())

    def switch(self, on: bool) -> None:
        """Run the "on" (or "off") command after any still queued; nothing if none is set."""
        command = self._commands[on]
        if command is None or self._closed:
            return
        if self._worker is None:
            self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="display-power")
        self._worker.submit(self._execute, command, "on" if on else "off")

    def close(self) -> None:
        """Wait for the queued commands (each is time-limited); later ``switch`` calls do
        nothing."""
        self._closed = True
        if self._worker is not None:
            self._worker.shutdown(wait=True)

    def _execute(self, command: tuple[str, ...], which: str) -> None:  # on the worker thread
        try:
            result = self._run(
                list(command),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=self._timeout_s,
                check=False,
            )
        except subprocess.TimeoutExpired:
            _log.warning(
                "the display %s command %s did not finish within %.0f s",
                which,
                command[0],
                self._timeout_s,
            )
        except OSError as error:
            _log.warning("the display %s command %s cannot run: %s", which, command[0], error)
        except Exception:  # noqa: BLE001 - a bug here must not stop the next command
            _log.exception("the display %s command %s failed", which, command[0])
        else:
            if result.returncode != 0:
                stderr = (result.stderr or b"").decode("utf-8", "replace").strip()[:200]
                _log.warning(
                    "the display %s command %s exited with %s: %s",
                    which,
                    command[0],
                    result.returncode,
                    stderr,
                )
            else:
                _log.info("display switched %s", which)

"""The signals that ask the terminal to stop, and stopping on them outside an event loop.

SIGINT (Ctrl-C), SIGTERM (``kill``, systemd) and SIGHUP (the terminal window closed) all mean
"stop, cleaning up". While Qt's event loop runs, ``kiosk.ui.signals.StopOnSignals`` quits it on
them; before and after it (``kiosk demo`` preparing its data and the reference platform, then
stopping them), ``raise_on_stop_signals`` turns the first of them into ``Stopped`` in the main
thread, so that ``finally`` blocks clean up, and ignores the ones after it, so that a second
Ctrl-C does not cut that clean-up short.

An exception raised at any instruction is not safe everywhere: inside ``import PySide6``
(shiboken aborts the process: "could not initialize part 2", the temporary folder left behind),
in PySide's lazily made enums (broken for good: ``QEvent.Type`` missing), or in a Python callback
from C++ (a Qt message handler: PySide swallows it, and the signal is lost). ``deferring_stop``
marks such code: a stop signal within it is noted, and ``Stopped`` raised when it ends.

Thread contract: the main thread only (Python installs signal handlers only there).
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# What signal.signal returns: a function, SIG_DFL / SIG_IGN, or None (not installed from Python).
Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


class Stopped(BaseException):
    """A stop signal arrived. A ``BaseException``, as ``KeyboardInterrupt`` is: an ``except
    Exception`` on the way must not swallow it."""

    def __init__(self, number: int) -> None:
        self.signal = signal.Signals(number)
        super().__init__(self.signal.name)


_deferring = 0  # how many deferring_stop sections are open (the main thread's)
_pending: list[int] = []  # the stop signal noted while deferring


@contextlib.contextmanager
def raise_on_stop_signals() -> Iterator[None]:
    """Within: the first stop signal raises ``Stopped`` (at the end of a ``deferring_stop``
    section, if one is open), later ones are ignored. After: the handlers there were before."""

    def stop(number: int, _frame: FrameType | None) -> None:
        install(signal.SIG_IGN)
        if _deferring:
            _pending.append(number)
            return
        raise Stopped(number)

    previous = install(stop)
    try:
        yield
    finally:
        restore(previous)


@contextlib.contextmanager
def deferring_stop() -> Iterator[None]:
    """Within: ``raise_on_stop_signals`` notes a stop signal instead of raising ``Stopped``,
    and raises it once the outermost section ends normally (code that an exception must not
    cut: importing Qt's bindings, creating the application, callbacks from C++)."""
    global _deferring  # noqa: PLW0603 - signal handlers share state through the module
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
    if not _deferring and _pending:
        number = _pending[0]
        _pending.clear()
        raise Stopped(number)


@contextlib.contextmanager
def ignoring_stop_signals() -> Iterator[None]:
    """Within: stop signals are ignored (a clean-up that must run to its end)."""
    previous = install(signal.SIG_IGN)
    try:
        yield
    finally:
        restore(previous)


def install(
    handler: Callable[[int, FrameType | None], Any] | signal.Handlers,
) -> dict[signal.Signals, Handler]:
    """``handler`` for every stop signal; returns the handlers it replaced (for ``restore``)."""
    return {number: signal.signal(number, handler) for number in STOP_SIGNALS}


def restore(previous: dict[signal.Signals, Handler]) -> None:
    """Put back handlers as ``install`` returned them (None, a handler not installed from
    Python, becomes the default action)."""
    for number, handler in previous.items():
        signal.signal(number, signal.SIG_DFL if handler is None else handler)

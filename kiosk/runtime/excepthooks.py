"""Process-wide hooks that turn an unhandled exception into a logged bug and a calm recovery.

``install`` replaces ``sys.excepthook`` and ``threading.excepthook``. Qt for Python routes
exceptions raised in slots and event handlers to ``sys.excepthook`` too, so one path covers the
GUI thread, worker threads and plain Python threads.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from kiosk.runtime.errors import ErrorKind, classify
from kiosk.runtime.redaction import install_record_redaction

_log = logging.getLogger("kiosk.bug")

BugCallback = Callable[[BaseException], None]


def handle_unhandled(error: BaseException, on_bug: BugCallback, where: str) -> None:
    """Log ``error`` by its kind and call ``on_bug`` for bugs and unhandled environment faults.

    ``on_bug`` may be called on any thread; the UI's implementation forwards it to the GUI thread.
    """
    kind = classify(error)
    if kind is ErrorKind.CANCELLED:
        return
    if kind is ErrorKind.BUG:
        _log.error(
            "unhandled exception in %s",
            where,
            exc_info=(type(error), error, error.__traceback__),
        )
    else:
        # A user-facing or environment error should have been handled where it happened;
        # reaching here means a missing handler, which is itself worth a log line.
        _log.error("unhandled %s error in %s: %s", kind.value, where, error)
    on_bug(error)


def install(on_bug: BugCallback) -> Callable[[], None]:
    """Install the hooks; returns a function that restores the previous ones.

    Also makes sure log records are redacted: a bug's exception message is the likeliest place
    for a citizen's data to reach a log.
    """
    install_record_redaction()
    previous_sys = sys.excepthook
    previous_thread = threading.excepthook

    def sys_hook(
        exc_type: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous_sys(exc_type, error, tb)
            return
        handle_unhandled(error.with_traceback(tb), on_bug, "main thread")

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "unknown thread"
        handle_unhandled(args.exc_value, on_bug, f"thread {name}")

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def uninstall() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_thread

    return uninstall

"""The error taxonomy and the excepthooks that turn bugs into a logged apology."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

from kiosk.runtime import excepthooks
from kiosk.runtime.errors import (
    Cancelled,
    Component,
    EnvironmentFault,
    ErrorKind,
    UserFacingError,
    classify,
)
from kiosk.runtime.messages import Message, Msg
from tests.support.identities import resident_id


def test_classify() -> None:
    message = Message(Msg.CONFIG_REQUIRED)
    assert classify(UserFacingError(message)) is ErrorKind.USER
    assert (
        classify(EnvironmentFault(Component.PRINTER, "paper-out", message)) is ErrorKind.ENVIRONMENT
    )
    assert classify(Cancelled()) is ErrorKind.CANCELLED
    assert classify(KeyError("x")) is ErrorKind.BUG


@pytest.mark.allow_log_warnings
def test_a_bug_on_the_main_thread_is_logged_with_traceback_and_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bugs: list[BaseException] = []
    uninstall = excepthooks.install(bugs.append)
    number = resident_id()
    try:
        raise RuntimeError(f"boom for {number}")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        uninstall()
    assert [type(bug) for bug in bugs] == [RuntimeError]
    (record,) = [r for r in caplog.records if r.name == "kiosk.bug"]
    assert record.levelno == logging.ERROR
    assert record.exc_info is not None
    assert number not in caplog.text


@pytest.mark.allow_log_warnings
def test_a_bug_on_a_worker_thread_reaches_the_callback() -> None:
    bugs: list[BaseException] = []
    uninstall = excepthooks.install(bugs.append)
    try:
        worker = threading.Thread(target=lambda: 1 / 0, name="decoder")
        worker.start()
        worker.join()
    finally:
        uninstall()
    assert [type(bug) for bug in bugs] == [ZeroDivisionError]


def test_cancelled_work_is_silent(caplog: pytest.LogCaptureFixture) -> None:
    bugs: list[BaseException] = []
    excepthooks.handle_unhandled(Cancelled(), bugs.append, "test")
    assert bugs == []
    assert caplog.records == []


@pytest.mark.allow_log_warnings
def test_an_unhandled_environment_fault_is_logged_without_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    bugs: list[BaseException] = []
    fault = EnvironmentFault(Component.NETWORK, "timeout", Message(Msg.CONFIG_REQUIRED))
    excepthooks.handle_unhandled(fault, bugs.append, "test")
    assert bugs == [fault]
    (record,) = caplog.records
    assert "network:timeout" in record.getMessage()
    assert record.exc_info is None


def test_uninstall_restores_the_previous_hooks() -> None:
    before = (sys.excepthook, threading.excepthook)
    excepthooks.install(lambda _error: None)()
    assert (sys.excepthook, threading.excepthook) == before

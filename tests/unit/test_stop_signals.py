"""Stopping on SIGINT, SIGTERM and SIGHUP outside an event loop (``kiosk demo`` starting up)."""

from __future__ import annotations

import os
import signal

import pytest

from kiosk.runtime.stop_signals import (
    STOP_SIGNALS,
    Stopped,
    deferring_stop,
    ignoring_stop_signals,
    raise_on_stop_signals,
)


@pytest.mark.parametrize("number", STOP_SIGNALS)
def test_the_first_signal_raises_and_the_next_cannot_cut_the_clean_up_short(
    number: signal.Signals,
) -> None:
    before = {each: signal.getsignal(each) for each in STOP_SIGNALS}
    cleaned = []

    def work() -> None:
        with raise_on_stop_signals():
            try:
                os.kill(os.getpid(), number)  # handled at the main thread's next instruction
                pytest.fail("the signal did not stop the work")
            finally:
                os.kill(os.getpid(), signal.SIGINT)  # a second Ctrl-C during the clean-up
                cleaned.append(True)

    with pytest.raises(Stopped) as stopped:
        work()
    assert stopped.value.signal is number
    assert cleaned == [True]
    assert {each: signal.getsignal(each) for each in STOP_SIGNALS} == before


def test_a_clean_up_runs_to_its_end_under_signals() -> None:
    before = {each: signal.getsignal(each) for each in STOP_SIGNALS}
    with ignoring_stop_signals():
        for number in STOP_SIGNALS:
            os.kill(os.getpid(), number)
    assert {each: signal.getsignal(each) for each in STOP_SIGNALS} == before


class _Dropped:
    """Raises nothing itself: the stop signal it sends is handled inside ``__del__``, where
    Python swallows any exception (as PySide does in a callback from C++, or shiboken while
    ``import PySide6`` runs: the first signal was then lost, or the process aborted)."""

    def __init__(self, number: signal.Signals) -> None:
        self.number = number

    def __del__(self) -> None:
        os.kill(os.getpid(), self.number)
        self.sent = True  # the handler runs at the latest here, inside __del__


@pytest.mark.parametrize("number", STOP_SIGNALS)
def test_a_signal_in_code_that_swallows_exceptions_stops_after_it(
    number: signal.Signals,
) -> None:
    reached = []

    def work() -> None:
        with raise_on_stop_signals():
            with deferring_stop():
                _Dropped(number)  # dropped at once: __del__ runs here
                reached.append("after the callback")
            reached.append("after the deferred section")

    with pytest.raises(Stopped) as stopped:
        work()
    assert stopped.value.signal is number
    assert reached == ["after the callback"]


def test_deferring_outside_raise_on_stop_signals_changes_nothing() -> None:
    before = {each: signal.getsignal(each) for each in STOP_SIGNALS}
    with ignoring_stop_signals(), deferring_stop():
        os.kill(os.getpid(), signal.SIGTERM)
    assert {each: signal.getsignal(each) for each in STOP_SIGNALS} == before

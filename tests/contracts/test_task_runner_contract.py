"""One behaviour suite for every TaskRunner: the synchronous one and the Qt thread pool."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.runtime.tasks import SyncTaskRunner, TaskHandle, TaskRunner
from kiosk.ui.tasks import QtTaskRunner, _Job


@dataclass
class Harness:
    runner: TaskRunner
    settle: Callable[[Callable[[], bool]], None]  # wait until a condition holds
    off_thread: bool
    outcomes: list[tuple[str, object, str]] = field(default_factory=list)

    def submit(self, work: Callable[[], object]) -> TaskHandle:
        return self.runner.submit(
            "test",
            work,
            lambda result: self.outcomes.append(("done", result, threading.current_thread().name)),
            lambda error: self.outcomes.append(("error", error, threading.current_thread().name)),
        )


@pytest.fixture(params=["sync", "qt"])
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    if request.param == "sync":
        yield Harness(SyncTaskRunner(), settle=lambda condition: None, off_thread=False)
        return
    qapp: QApplication = request.getfixturevalue("qapp")
    qtbot: QtBot = request.getfixturevalue("qtbot")
    assert qapp is not None
    runner = QtTaskRunner(max_threads=2)
    yield Harness(runner, settle=qtbot.waitUntil, off_thread=True)
    runner.shutdown()


def test_result_is_delivered_once_on_the_submitting_thread(harness: Harness) -> None:
    work_threads: list[str] = []

    def work() -> int:
        work_threads.append(threading.current_thread().name)
        return 42

    handle = harness.submit(work)
    harness.settle(lambda: bool(harness.outcomes))
    assert harness.outcomes == [("done", 42, threading.current_thread().name)]
    assert handle.finished
    assert (work_threads[0] != threading.current_thread().name) == harness.off_thread


def test_an_exception_goes_to_on_error_not_out_of_the_runner(harness: Harness) -> None:
    def work() -> None:
        raise ValueError("decoder failed")

    harness.submit(work)
    harness.settle(lambda: bool(harness.outcomes))
    ((kind, error, thread),) = harness.outcomes
    assert kind == "error"
    assert isinstance(error, ValueError)
    assert thread == threading.current_thread().name


def test_cancelling_drops_an_undelivered_result_and_never_retracts_a_delivered_one(
    harness: Harness,
) -> None:
    release = threading.Event()
    started = threading.Event()

    def work() -> str:
        started.set()
        if harness.off_thread:
            assert release.wait(5)
        return "late"

    handle = harness.submit(work)
    assert started.wait(5)
    handle.cancel()
    release.set()
    harness.settle(lambda: handle.finished)
    assert handle.cancelled
    if harness.off_thread:  # cancelled before delivery: neither callback runs
        assert harness.outcomes == []
    else:  # the inline runner delivered before cancel() could be called
        assert [kind for kind, _, _ in harness.outcomes] == ["done"]


def test_even_system_exit_from_the_work_goes_to_on_error(harness: Harness) -> None:
    def work() -> None:
        raise SystemExit(3)

    harness.submit(work)
    harness.settle(lambda: bool(harness.outcomes))
    ((kind, error, _),) = harness.outcomes
    assert kind == "error"
    assert isinstance(error, SystemExit)


@pytest.mark.allow_log_warnings  # the thread-pool runner logs the shutdown that timed out
def test_shutdown_keeps_queued_work_and_refuses_new_work(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    release = threading.Event()

    def work(value: int) -> int:
        if harness.off_thread:
            assert release.wait(5)
        return value

    for value in range(6):  # more than the pool's threads: some are queued
        harness.submit(lambda value=value: work(value))
    if harness.off_thread:
        assert not harness.runner.shutdown(timeout_ms=20)  # blocked work is still running
        assert "still running" in caplog.text
        release.set()
    assert harness.runner.shutdown()
    harness.settle(lambda: len(harness.outcomes) == 6)
    assert sorted(result for _, result, _ in harness.outcomes) == list(range(6))
    with pytest.raises(RuntimeError, match="after the runner was shut down"):
        harness.submit(lambda: 1)


def test_many_tasks_all_complete(harness: Harness) -> None:
    for value in range(50):
        harness.submit(lambda value=value: value * 2)
    harness.settle(lambda: len(harness.outcomes) == 50)
    assert sorted(result for _, result, _ in harness.outcomes) == [v * 2 for v in range(50)]


def test_the_thread_pool_frees_every_finished_job_and_what_it_captured(
    qapp: QApplication, qtbot: QtBot
) -> None:
    """A terminal submits a job per camera frame all day: after delivery nothing may stay.

    Counted, not timed: weak references to every frame the work, the success callback and the
    error callback captured (freed without the cycle collector, failed jobs included), and the
    runner's job objects still alive after a collection.
    """
    assert qapp is not None
    runner = QtTaskRunner(max_threads=2)
    frames: list[weakref.ref[np.ndarray]] = []
    delivered: list[int] = []

    def submit(index: int) -> None:
        frame = np.full((720, 1280), index % 256, np.uint8)  # 0.88 MiB, as a camera frame
        seen = np.zeros(4, np.uint8)  # captured by the callbacks only
        frames.extend((weakref.ref(frame), weakref.ref(seen)))

        def work() -> int:
            if index % 5 == 0:
                raise ValueError(f"frame {index} unreadable ({frame.shape})")
            return int(frame[0, 0])

        runner.submit(
            "decode",
            work,
            lambda value: delivered.append(value + 0 * int(seen[0])),
            lambda error: delivered.append(-1 - 0 * int(seen[0])),
        )

    gc.disable()  # what the jobs held must go by reference counting alone, cycles or not
    try:
        for index in range(60):
            submit(index)
        qtbot.waitUntil(lambda: len(delivered) == 60)
        assert runner.pending == 0
        assert runner.shutdown()
        alive_frames = sum(ref() is not None for ref in frames)
    finally:
        gc.enable()
    gc.collect()
    alive_jobs = sum(isinstance(obj, _Job) for obj in gc.get_objects())
    assert (alive_frames, alive_jobs) == (0, 0)

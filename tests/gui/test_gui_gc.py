"""``kiosk.ui.gui_gc``: Python's cycle collector runs on the GUI thread only, so a worker that
allocates a lot never destroys Qt objects caught in cycles from its own thread; garbage in cycles
is still collected, from the GUI thread's timer."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from kiosk.ui.app import ensure_application
from kiosk.ui.gui_gc import unpin_collection

GUI_THREAD = threading.get_ident()


class Node:
    """Something to make cycles of."""

    other: object = None


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The threads every collection starts on, while the test runs."""
    started: list[int] = []

    def record(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            started.append(threading.get_ident())

    gc.callbacks.append(record)
    yield started
    gc.callbacks.remove(record)


def _churn(rounds: int) -> None:
    """Make cycles: far more allocations than generation 0's threshold."""
    for _ in range(rounds):
        first, second = Node(), Node()
        first.other, second.other = second, first


def test_the_application_pins_collection_to_the_gui_thread() -> None:
    unpin_collection()
    assert gc.isenabled()
    ensure_application()
    assert not gc.isenabled()


def test_a_busy_worker_never_collects_and_the_gui_thread_does(
    qtbot: QtBot, collections: list[int]
) -> None:
    left: list[weakref.ref[Node]] = []

    def work() -> None:
        _churn(gc.get_threshold()[0] * 20)
        dropped = Node()
        dropped.other = dropped
        left.append(weakref.ref(dropped))

    worker = threading.Thread(target=work, name="busy worker")
    worker.start()
    worker.join()  # the GUI thread waits: its timer cannot run meanwhile
    assert collections == []
    assert left[0]() is not None  # garbage, waiting for the GUI thread
    qtbot.waitUntil(lambda: left[0]() is None)
    assert collections and set(collections) == {GUI_THREAD}


def test_a_qt_object_in_a_dropped_cycle_is_destroyed_on_the_gui_thread(
    qtbot: QtBot, collections: list[int]
) -> None:
    destroyed_on: list[int] = []
    holder = Node()
    qt_object = QObject()
    qt_object.destroyed.connect(lambda: destroyed_on.append(threading.get_ident()))
    holder.other = (qt_object, holder)  # a cycle through a Python-owned QObject
    del holder, qt_object
    worker = threading.Thread(target=_churn, args=(gc.get_threshold()[0] * 20,))
    worker.start()
    worker.join()
    assert destroyed_on == []
    qtbot.waitUntil(lambda: destroyed_on != [])
    assert destroyed_on == [GUI_THREAD]
    assert set(collections) == {GUI_THREAD}

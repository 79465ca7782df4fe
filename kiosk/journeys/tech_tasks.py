"""What the status, settings, log and USB import journeys of technician mode share: their work
on the task runner (each answer tagged with the question it answers, so an answer to an earlier
question is dropped), the tasks cancelled when the journey ends, and the screen's listeners
told of every change of the step's state.

Thread contract: GUI thread only (the work itself runs on the task runner's workers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.runtime.tasks import TaskHandle, TaskRunner


class TechnicianTasks:
    """Mixed into a technician journey; ``_start_tasks`` in its constructor."""

    def _start_tasks(self, tasks: TaskRunner) -> None:
        self._tasks = tasks
        self._asked = 0  # answers for an earlier question are dropped
        self._handles: list[TaskHandle] = []
        self._updates: list[Callable[[], None]] = []

    def subscribe_updates(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (GUI thread) whenever the step's state changes."""
        if listener not in self._updates:
            self._updates.append(listener)

    def _ask(self) -> int:
        self._asked += 1
        return self._asked

    def _submit(
        self,
        name: str,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        handle = self._tasks.submit(name, work, done, failed)
        self._handles = [h for h in self._handles if not h.finished]
        if not handle.finished:
            self._handles.append(handle)

    def _update(self) -> None:
        for listener in list(self._updates):
            listener()

    def _stop_tasks(self) -> None:
        """The journey ended: its tasks are cancelled, nobody is told any more."""
        for handle in self._handles:
            handle.cancel()
        self._handles = []
        self._updates.clear()

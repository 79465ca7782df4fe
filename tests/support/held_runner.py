"""A task runner that holds work "on its worker" until the test lets it run: what a real worker
does while the GUI thread goes on (the screen closes, another request comes), made deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from kiosk.runtime.tasks import SyncTaskRunner, TaskHandle

T = TypeVar("T")


class HeldRunner(SyncTaskRunner):
    """Holds the tasks named in ``hold`` (every task when none is named) until ``release`` or
    ``run_all``; runs the others at once, as ``SyncTaskRunner`` does."""

    def __init__(self, *hold: str) -> None:
        super().__init__()
        self.hold = set(hold)
        self.held: list[tuple[str, Callable[[], Any]]] = []

    def submit(
        self,
        name: str,
        work: Callable[[], T],
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None],
    ) -> TaskHandle:
        if self.hold and name not in self.hold:
            return super().submit(name, work, on_done, on_error)
        if self._closed:
            raise RuntimeError(f"task {name!r} submitted after the runner was shut down")
        handle = TaskHandle(name)

        def run() -> None:
            try:
                result = work()
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # noqa: BLE001 - every failure goes to on_error
                if handle.claim_delivery():
                    on_error(error)
                return
            if handle.claim_delivery():
                on_done(result)

        self.held.append((name, run))
        return handle

    @property
    def names(self) -> list[str]:
        """The names of the tasks held, oldest first."""
        return [name for name, _run in self.held]

    def release(self, name: str) -> None:
        """Run the oldest task held named ``name`` and deliver its outcome."""
        for index, (held_name, run) in enumerate(self.held):
            if held_name == name:
                del self.held[index]
                run()
                return
        raise AssertionError(f"nothing held named {name}")

    def run_all(self) -> None:
        """Run every task held, oldest first (a task they submit meanwhile is held if its
        name is, or every task is, held)."""
        held, self.held = self.held, []
        for _name, run in held:
            run()

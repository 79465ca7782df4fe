"""A small explicit state machine: named states, named events, a fixed transition table.

Journeys declare their table once; anything not in the table is refused with
``InvalidTransitionError`` instead of silently doing something. Listeners hear every change.

Thread contract: drive a machine from one thread (the GUI thread in the application).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

S = TypeVar("S", bound=enum.Enum)
E = TypeVar("E", bound=enum.Enum)


class InvalidTransitionError(RuntimeError):
    """The event is not allowed in the current state."""

    def __init__(self, state: enum.Enum, event: enum.Enum) -> None:
        super().__init__(f"{event.name} is not allowed in state {state.name}")
        self.state = state
        self.event = event


@dataclass(frozen=True)
class Transition(Generic[S, E]):
    """One row of a transition table."""

    source: S
    event: E
    target: S


class StateMachine(Generic[S, E]):
    """Holds the current state and applies events according to the table."""

    def __init__(self, initial: S, transitions: Iterable[tuple[S, E, S]]) -> None:
        self._state = initial
        self._table: dict[tuple[S, E], S] = {}
        for source, event, target in transitions:
            if (source, event) in self._table:
                raise ValueError(f"two transitions for {event.name} in {source.name}")
            self._table[(source, event)] = target
        self._listeners: list[Callable[[Transition[S, E]], None]] = []

    @property
    def state(self) -> S:
        return self._state

    def can_fire(self, event: E) -> bool:
        return (self._state, event) in self._table

    def fire(self, event: E) -> S:
        """Apply ``event``; returns the new state or raises InvalidTransitionError."""
        target = self._table.get((self._state, event))
        if target is None:
            raise InvalidTransitionError(self._state, event)
        transition = Transition(self._state, event, target)
        self._state = target
        for listener in list(self._listeners):
            listener(transition)
        return target

    def subscribe(self, listener: Callable[[Transition[S, E]], None]) -> None:
        self._listeners.append(listener)

    def transitions(self) -> list[Transition[S, E]]:
        """The whole table, e.g. to draw it or to test that every state is reachable."""
        return [Transition(s, e, t) for (s, e), t in self._table.items()]

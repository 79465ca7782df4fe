"""The terminal's application office: queue an application durably, then learn its answer.

The application journey (``kiosk.journeys.apply``) hands over finished applications here.
``submit`` seals and stores each one in the outbox (one SQLite transaction per application,
on disk before it returns) and wakes the delivery worker; ``answers`` reads back what the
platform acknowledged (acceptance number, promised date), which the delivery worker writes
into the outbox when the platform answers. Nothing is sent from here: the outbox's single
sender delivers, so an application is sent exactly once whether the citizen waits for the
answer or not.

Thread contract: ``submit`` and ``answers`` block (database): call them on a worker thread.
``ready``, ``online`` and ``send_now`` are cheap and may be called on any thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kiosk.sync.delivery import Connectivity, LinkState
from kiosk.sync.outbox import Kind, Outbox, Queued, Status


@dataclass(frozen=True)
class Application:
    """One application ready to queue: the sealed payload and the locally kept summary."""

    item_code: str
    payload: Mapping[str, Any] = field(repr=False)  # personal: sealed to the platform
    summary: Mapping[str, Any] = field(repr=False)  # encrypted with the terminal's local key


@dataclass(frozen=True)
class Answer:
    """What the terminal knows of a queued application now."""

    local_reference: str
    status: Status
    acknowledgement: Mapping[str, Any] | None  # the platform's answer once sent
    refused: bool = False  # a permanent refusal: a dead letter for a technician

    @property
    def failed_once(self) -> bool:
        """A delivery attempt failed and the record waits for its next try (the platform is
        not reachable now, or answered badly)."""
        return self.status is Status.RETRY


class ApplicationOffice:
    """Queues applications in the outbox and reads back the platform's answers."""

    def __init__(
        self,
        outbox: Outbox,
        *,
        wake: Callable[[], None] = lambda: None,
        link: Callable[[], LinkState | None] = lambda: None,
    ) -> None:
        """``wake`` asks the delivery worker to send now; ``link`` is its last link state."""
        self._outbox = outbox
        self._wake = wake
        self._link = link

    @property
    def ready(self) -> bool:
        """Whether applications can be queued (the terminal is enrolled: it has the
        platform's sealing key)."""
        return self._outbox.can_seal

    def online(self) -> bool | None:
        """Whether the platform was reachable at the last attempt (None: not known yet); a
        platform answering badly still counts as reachable."""
        state = self._link()
        if state is None:
            return None
        return state.connectivity is not Connectivity.OFFLINE

    def submit(self, applications: Sequence[Application]) -> list[Queued]:
        """Queue the applications in one transaction (all durable on return, or none) and wake
        the sender. Raises the outbox's errors (``NotConfigured``, ``PayloadTooLarge``,
        database errors): then nothing was queued."""
        queued = self._outbox.enqueue_together(
            Kind.APPLICATION,
            [
                (dict(application.payload), dict(application.summary), application.item_code)
                for application in applications
            ],
        )
        self._wake()
        return queued

    def send_now(self) -> None:
        self._wake()

    def answers(self, references: Sequence[str]) -> dict[str, Answer]:
        """The current state of each queued application, by local reference."""
        found: dict[str, Answer] = {}
        for reference in references:
            entry = self._outbox.entry(reference)
            if entry is None:
                continue
            found[reference] = Answer(
                reference,
                entry.status,
                entry.answer if entry.status is Status.SENT else None,
                refused=entry.status is Status.DEAD,
            )
        return found

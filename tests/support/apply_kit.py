"""Pieces for driving the application journey in tests and benchmarks without Qt: a real
outbox on a SQLite file, the application services around it, and answers a citizen would type
into any field of a catalogue form (``kiosk.forms.samples``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.forms.samples import SAMPLE_CREDIT_CODE, fill_samples, sample_answer
from kiosk.journeys.apply import ApplicationServices
from kiosk.runtime.clock import Clock
from kiosk.runtime.tasks import SyncTaskRunner, TaskRunner
from kiosk.store.database import Database
from kiosk.sync.applications import ApplicationOffice
from kiosk.sync.outbox import Outbox
from kiosk.sync.sealing import LocalKey, SealingPrivateKey

PLATFORM_KEY = SealingPrivateKey.generate()
STATUS_KEY = b"k" * 32
STATUS_BASE = "https://zwfw.example.gov.cn"
CREDIT_CODE = SAMPLE_CREDIT_CODE


@dataclass
class Office:
    """A real outbox and the application services a journey gets."""

    outbox: Outbox
    services: ApplicationServices
    woken: list[int]


def office(
    database: Database,
    folder: Path,
    clock: Clock,
    *,
    terminal_id: str = "CQ-YB-0001",
    tasks: TaskRunner | None = None,
    enrolled: bool = True,
) -> Office:
    outbox = Outbox(
        database,
        terminal_id=terminal_id,
        sealing_key=PLATFORM_KEY.public() if enrolled else None,
        local_key=LocalKey.load_or_create(folder / "queue.key"),
        clock=clock,
    )
    woken: list[int] = []
    desk = ApplicationOffice(outbox, wake=lambda: woken.append(1))
    services = ApplicationServices(desk, tasks or SyncTaskRunner(), STATUS_KEY, STATUS_BASE)
    return Office(outbox, services, woken)


answer_for = sample_answer
fill = fill_samples

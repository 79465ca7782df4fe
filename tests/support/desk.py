"""A hotel desk's services for tests: the real register on a fresh SQLite file, its outbox
sealing to a throwaway platform key, blocking work run at once."""

from __future__ import annotations

from pathlib import Path

from kiosk.domain.text import Bilingual
from kiosk.hotel.register import Register
from kiosk.journeys.desk import DeskServices
from kiosk.runtime.clock import Clock
from kiosk.runtime.tasks import SyncTaskRunner, TaskRunner
from kiosk.store.database import Database
from kiosk.sync.outbox import Outbox
from kiosk.sync.sealing import LocalKey, SealingPrivateKey

DEMO_HOTEL = Bilingual("川渝通办演示酒店", "Chuanyu Demo Hotel")
TERMINAL_ID = "CQ-YB-0001"


def desk_services(
    folder: Path, clock: Clock, *, tasks: TaskRunner | None = None
) -> tuple[DeskServices, Outbox, Database]:
    """Services for a desk whose database and key live in ``folder`` (close the database)."""
    folder.mkdir(parents=True, exist_ok=True)
    database = Database.open(folder / "kiosk.sqlite3")
    local_key = LocalKey.load_or_create(folder / "queue.key")
    outbox = Outbox(
        database,
        terminal_id=TERMINAL_ID,
        sealing_key=SealingPrivateKey.generate().public(),
        local_key=local_key,
        clock=clock,
    )
    register = Register(database, outbox, local_key, clock, retention_days=30)
    services = DeskServices(register, tasks or SyncTaskRunner(), DEMO_HOTEL, TERMINAL_ID)
    return services, outbox, database

"""A hotel desk's register for tests: a real SQLite file, a real outbox sealing to a test
platform key, the local key, a manual clock; and guests and reports to save in it."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.text import Bilingual
from kiosk.hotel.register import Register
from kiosk.hotel.report import CareKind, CheckinReport, MinorCare, Relationship, ReportedGuest
from kiosk.runtime.clock import ManualClock
from kiosk.store.database import Database
from kiosk.sync.outbox import Claim, Outbox
from kiosk.sync.sealing import LocalKey, SealingPrivateKey
from tests.support.identities import resident_id

PLATFORM = SealingPrivateKey.generate()
TERMINAL = "CQ-YB-0001"
HOTEL = Bilingual("川渝通办演示酒店", "Chuanyu Demo Hotel")
# 10:00 on 6 December 2026, Beijing time.
START = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)
TODAY = date(2026, 12, 6)

ZHANG = ("张晓明", resident_id("500112", "19880512", "431"))
OUYANG = ("欧阳娜娜", resident_id("510104", "20120304", "242"))  # 14 on arrival
LI = ("李秀英", resident_id("500103", "19750102", "362"))
SMITH = ("John Demo SMITH", "GBR500288092101")
EVERYONE = (ZHANG, OUYANG, LI, SMITH)


class Desk:
    """A register on a real database, outbox and local key, with a manual clock. ``path`` and
    ``key`` name the database and the local key (a terminal's data folder: its own names)."""

    def __init__(
        self,
        folder: Path,
        *,
        retention_days: int = 30,
        enrolled: bool = True,
        path: Path | None = None,
        key: Path | None = None,
        start: datetime = START,
    ) -> None:
        self.folder = folder
        self.path = path or folder / "kiosk.sqlite3"
        self.clock = ManualClock(start)
        self.database = Database.open(self.path)
        self.local_key = LocalKey.load_or_create(key or folder / "local.key")
        self.outbox = Outbox(
            self.database,
            terminal_id=TERMINAL,
            sealing_key=PLATFORM.public() if enrolled else None,
            local_key=self.local_key,
            clock=self.clock,
            rng=random.Random(3),
        )
        self.woken = 0
        self.register = Register(
            self.database,
            self.outbox,
            self.local_key,
            self.clock,
            retention_days=retention_days,
            wake=self._wake,
        )

    def _wake(self) -> None:
        self.woken += 1

    def claim(self) -> Claim:
        claim = self.outbox.claim()
        assert isinstance(claim, Claim)
        return claim

    def files(self) -> bytes:
        """Every byte of the database's files as they are on disk now."""
        data = b""
        for suffix in ("", "-wal", "-shm", "-journal"):
            path = Path(f"{self.path}{suffix}")
            if path.exists():
                data += path.read_bytes()
        return data


def eid(person: tuple[str, str], care: MinorCare | None = None) -> ReportedGuest:
    name, number = person
    return ReportedGuest(
        credential=CredentialType.EID,
        name=name,
        number=number,
        region=Region.CHONGQING,
        birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
        sex=Sex.MALE if int(number[16]) % 2 else Sex.FEMALE,
        nationality=None,
        verified_at=START,
        care=care,
    )


def resident(person: tuple[str, str] = SMITH) -> ReportedGuest:
    name, number = person
    return ReportedGuest(
        credential=CredentialType.E_RESIDENT,
        name=name,
        number=number,
        region=Region.SICHUAN,
        birth_date=date(1988, 9, 21),
        sex=None,
        nationality="GBR",
        verified_at=START,
    )


def report(
    room: str, *guests: ReportedGuest, arrival: date = TODAY, nights: int = 2
) -> CheckinReport:
    return CheckinReport(
        hotel=HOTEL,
        room=room,
        arrival=arrival,
        departure=arrival + timedelta(days=nights),
        guests=guests,
    )


FAMILY_CARE = MinorCare(CareKind.ACCOMPANIED, Relationship.PARENT, companion_guest=0)

"""A hotel register in memory for the desk's screens: the real ``Stay`` and ``RegisteredGuest``
values (``kiosk.hotel.register``), the register's rules for its lists (arrivals, in house,
departures, rooms by prefix), check-outs, and a switch that makes every read fail. Sample
stays for today: a family with a child accompanied by a parent and an overseas resident, a
couple, a teenager alone whose guardian was called, and more, with each report state.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.identity import mask_identifier
from kiosk.domain.names import pinyin_of
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.register import RegisteredGuest, ReportState, Stay
from kiosk.hotel.report import CareKind, MinorCare, Relationship
from kiosk.runtime.clock import Clock
from tests.support.checkins import VISITOR_NAME, VISITOR_NUMBER, person_number

GUARDIAN_NAME = "赵大山"
GUARDIAN_PHONE = "13812345678"


class RegisterUnreadable(Exception):
    """The fake's stand-in for a database that cannot be read."""


def guest(
    name: str,
    age: int,
    sex: Sex | None,
    *,
    care: MinorCare | None = None,
    serial: int = 43,
) -> RegisteredGuest:
    """An e-ID guest (a Chinese name: its pinyin as the register gives it)."""
    number = person_number(date(2026 - age, 3, 14), sex or Sex.MALE, serial=serial)
    return RegisteredGuest(
        credential=CredentialType.EID,
        name=name,
        latin_name=pinyin_of(name),
        masked_number=mask_identifier(number),
        sex=sex,
        age=age,
        minor=age < 18,
        region=Region.CHONGQING,
        nationality=None,
        care=care,
    )


def visitor() -> RegisteredGuest:
    return RegisteredGuest(
        credential=CredentialType.E_RESIDENT,
        name=VISITOR_NAME,
        latin_name=VISITOR_NAME,
        masked_number=mask_identifier(VISITOR_NUMBER),
        sex=None,
        age=35,
        minor=False,
        region=Region.SICHUAN,
        nationality="DEU",
        care=None,
    )


def stay(
    stay_id: int,
    room: str,
    arrival: date,
    nights: int,
    guests: tuple[RegisteredGuest, ...],
    *,
    state: ReportState = ReportState.REPORTED,
    checked_out_at: datetime | None = None,
    checkout_state: ReportState | None = None,
) -> Stay:
    saved_at = datetime.combine(arrival, datetime.min.time(), CHINA_TIME) + timedelta(hours=14)
    return Stay(
        stay_id=stay_id,
        room=room,
        arrival=arrival,
        departure=arrival + timedelta(days=nights),
        guests=guests,
        saved_at=saved_at,
        checked_out_at=checked_out_at,
        checkin_reference=f"L-CQ-YB-0001-{stay_id:06d}",
        checkout_reference=f"L-CQ-YB-0001-9{stay_id:05d}" if checked_out_at else None,
        checkin_state=state,
        checkin_number=(
            f"CQRZ{arrival:%Y%m%d}{stay_id:06d}" if state is ReportState.REPORTED else None
        ),
        checkout_state=checkout_state,
    )


def sample_stays(today: date) -> list[Stay]:
    """Today's desk: arrivals, guests in house and departures, each report state."""
    family = (
        guest("王建国", 40, Sex.MALE),
        guest(
            "王小雨",
            10,
            Sex.FEMALE,
            serial=58,
            care=MinorCare(CareKind.ACCOMPANIED, Relationship.PARENT, companion_guest=0),
        ),
        visitor(),
    )
    alone = guest(
        "赵小明",
        16,
        Sex.MALE,
        serial=71,
        care=MinorCare(
            CareKind.GUARDIAN_CALLED,
            Relationship.PARENT,
            guardian_name=GUARDIAN_NAME,
            guardian_phone=GUARDIAN_PHONE,
        ),
    )
    yesterday = today - timedelta(days=1)
    left = datetime.combine(today, datetime.min.time(), CHINA_TIME) + timedelta(hours=10, minutes=5)
    return [
        stay(1, "0812", today, 2, family),
        stay(2, "0815", today, 1, (guest("欧阳娜娜", 29, Sex.FEMALE),), state=ReportState.WAITING),
        stay(3, "1203", today, 3, (alone,), state=ReportState.REFUSED),
        stay(4, "0901", yesterday, 1, (guest("李四", 52, Sex.MALE), guest("张丽", 50, Sex.FEMALE))),
        stay(
            5,
            "0702",
            yesterday,
            2,
            (guest("陈晨", 33, Sex.FEMALE),),
            checked_out_at=left,
            checkout_state=ReportState.WAITING,
        ),
        *(
            stay(10 + n, f"15{n:02d}", yesterday, 2, (guest("刘洋", 30 + n, Sex.MALE, serial=n),))
            for n in range(1, 8)
        ),
    ]


class FakeRegister:
    """The register's lists and check-out over ``stays``; ``failing`` makes each call raise."""

    def __init__(self, stays: list[Stay], clock: Clock) -> None:
        self.stays = {stay.stay_id: stay for stay in stays}
        self.clock = clock
        self.failing = False
        self.reads = 0

    def _listed(self, room: str | None, keep: object) -> list[Stay]:
        self.reads += 1
        if self.failing:
            raise RegisterUnreadable("the register cannot be read")
        prefix = (room or "").strip().lower()
        chosen = [
            stay
            for stay in self.stays.values()
            if keep(stay) and stay.room.lower().startswith(prefix)  # type: ignore[operator]
        ]
        return sorted(chosen, key=lambda stay: (stay.room, stay.stay_id))

    @staticmethod
    def _left_on(stay: Stay) -> date | None:
        out = stay.checked_out_at
        return out.astimezone(CHINA_TIME).date() if out is not None else None

    def arrivals(self, day: date, room: str | None = None) -> list[Stay]:
        return self._listed(room, lambda stay: stay.arrival == day)

    def in_house(self, day: date, room: str | None = None) -> list[Stay]:
        def keep(stay: Stay) -> bool:
            left = self._left_on(stay)
            return stay.arrival <= day and (left is None or left > day)

        return self._listed(room, keep)

    def departures(self, day: date, room: str | None = None) -> list[Stay]:
        def keep(stay: Stay) -> bool:
            left = self._left_on(stay)
            return left == day if left is not None else stay.departure == day

        return self._listed(room, keep)

    def stay(self, stay_id: int) -> Stay | None:
        if self.failing:
            raise RegisterUnreadable("the register cannot be read")
        return self.stays.get(stay_id)

    def check_out(self, stay_id: int) -> Stay:
        if self.failing:
            raise RegisterUnreadable("the register cannot be written")
        after = replace(
            self.stays[stay_id],
            checked_out_at=self.clock.now().astimezone(CHINA_TIME),
            checkout_reference=f"L-CQ-YB-0001-9{stay_id:05d}",
            checkout_state=ReportState.WAITING,
        )
        self.stays[stay_id] = after
        return after

    def report_arrived(self, stay_id: int) -> None:
        """The platform answered the check-out: reported, with its number."""
        before = self.stays[stay_id]
        self.stays[stay_id] = replace(
            before, checkout_state=ReportState.REPORTED, checkout_number="CQTF20261123000001"
        )

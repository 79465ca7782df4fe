"""Valid hotel check-ins and check-outs for tests: a room's report as the hotel desk builds it
(``kiosk.hotel.report``), its version 1 payload, and the sealed request body the outbox would
send. The reference platform reads every check-in it receives strictly
(``kiosk.hotel.report_check``), so whatever posts one to it posts one of these.
"""

from __future__ import annotations

import base64
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.text import Bilingual
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.report import (
    CareKind,
    CheckinReport,
    CheckoutReport,
    MinorCare,
    Relationship,
    ReportedGuest,
)
from kiosk.sync.sealing import SealContext, SealingPublicKey, seal
from tests.support.applications import envelope
from tests.support.identities import resident_id

HOTEL = Bilingual("嘉陵江畔酒店", "Jialing Riverside Hotel")
PARENT_NAME = "王建国"
CHILD_NAME = "王小雨"
VISITOR_NAME = "Anna-Maria MUELLER"
VISITOR_NUMBER = "C01X00T47"


def person_number(birth: date, sex: Sex, region: str = "500112", serial: int = 43) -> str:
    """A valid resident identity number of someone born on ``birth`` (its 17th digit odd for a
    man, even for a woman); serials 0 to 499 give different numbers."""
    last = serial // 100 % 5 * 2 + (1 if sex is Sex.MALE else 0)
    return resident_id(region, f"{birth:%Y%m%d}", f"{serial % 100:02d}{last}")


def eid_guest(
    name: str,
    birth: date,
    sex: Sex,
    *,
    verified_at: datetime,
    serial: int = 43,
    care: MinorCare | None = None,
) -> ReportedGuest:
    return ReportedGuest(
        credential=CredentialType.EID,
        name=name,
        number=person_number(birth, sex, serial=serial),
        region=Region.CHONGQING,
        birth_date=birth,
        sex=sex,
        nationality=None,
        verified_at=verified_at,
        care=care,
    )


def family_report(
    arrival: date | None = None, *, nights: int = 2, room: str = "0812"
) -> CheckinReport:
    """A parent with a 10-year-old child (accompanied by the parent, guest 0) and an overseas
    resident, arriving on ``arrival`` (default: today in Beijing)."""
    at = datetime.now(CHINA_TIME).replace(microsecond=0)
    day = arrival or at.date()
    parent = eid_guest(PARENT_NAME, date(day.year - 40, 3, 14), Sex.MALE, verified_at=at)
    child = eid_guest(
        CHILD_NAME,
        date(day.year - 10, 6, 1),
        Sex.FEMALE,
        verified_at=at,
        serial=58,
        care=MinorCare(CareKind.ACCOMPANIED, Relationship.PARENT, companion_guest=0),
    )
    visitor = ReportedGuest(
        credential=CredentialType.E_RESIDENT,
        name=VISITOR_NAME,
        number=VISITOR_NUMBER,
        region=Region.SICHUAN,
        birth_date=date(1991, 2, 28),
        sex=None,
        nationality="DEU",
        verified_at=at,
    )
    return CheckinReport(HOTEL, room, day, day + timedelta(days=nights), (parent, child, visitor))


def checkin_payload(arrival: date | None = None, **changes: Any) -> dict[str, Any]:
    """``family_report``'s payload; ``changes`` replace top-level keys."""
    payload = family_report(arrival).payload()
    payload.update(changes)
    return payload


def checkout_payload(checkin_reference: str, at: datetime | None = None) -> dict[str, Any]:
    moment = (at or datetime.now(CHINA_TIME)).replace(microsecond=0)
    return CheckoutReport(checkin_reference, moment).payload()


def sealed_record(  # noqa: PLR0917 - a request's parts, in the order of its seal context
    kind: str,
    sealing_key: SealingPublicKey,
    terminal_id: str,
    local_reference: str,
    idempotency_key: str,
    payload: dict[str, Any],
) -> str:
    """The base64 ``sealed`` field of a ``kind`` request carrying ``payload``."""
    context = SealContext(kind, terminal_id, local_reference, idempotency_key)
    plaintext = envelope(kind, local_reference, payload)
    return base64.b64encode(seal(plaintext, sealing_key, context)).decode("ascii")

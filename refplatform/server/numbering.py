"""Acceptance, check-in, check-out and help-request numbers: ``<prefix><yyyymmdd><6-digit daily
serial>``.

The prefix is the province letters of the terminal id (``CQ-YB-0001`` → ``CQ``; check-ins add
``RZ``, 入住: ``CQRZ``; check-outs ``TF``, 退房: ``CQTF``; calls for staff add ``QZ``, 求助:
``CQQZ``); the day is the platform's day in Beijing time. Serials come from one row per
(prefix, day), incremented in the caller's transaction: a row lock on PostgreSQL, the write
lock on SQLite, so two requests never get the same number, and a rolled-back request gives its
serial back.

Thread contract: functions work in the caller's session.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from refplatform.server.errors import ApiError
from refplatform.server.models import DailySerial

MAX_SERIAL = 999_999
CHECKIN_MARK = "RZ"
CHECKOUT_MARK = "TF"  # 退房, a hotel check-out
HELP_MARK = "QZ"  # 求助, a call for staff


def province_prefix(terminal_id: str) -> str:
    return terminal_id[:2]


def format_number(prefix: str, day: date, serial: int) -> str:
    return f"{prefix}{day:%Y%m%d}{serial:06d}"


def next_number(session: Session, prefix: str, day: date) -> str:
    """The next number of ``prefix`` on ``day``; 503 when the day's serials are exhausted."""
    key = f"{day:%Y%m%d}"
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(DailySerial).values(prefix=prefix, day=key, last=0).on_conflict_do_nothing()
    )
    serial = session.execute(
        update(DailySerial)
        .where(DailySerial.prefix == prefix, DailySerial.day == key)
        .values(last=DailySerial.last + 1)
        .returning(DailySerial.last)
    ).scalar_one()
    if serial > MAX_SERIAL:
        raise ApiError(503, "capacity_exhausted", "no more numbers today", {"Retry-After": "3600"})
    return format_number(prefix, day, serial)

"""Beijing time (UTC+8, no daylight saving) for everything shown to people.

A fixed offset instead of ``zoneinfo``: a minimal Debian machine has no tz database, and
mainland China has not changed its offset since 1991.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from kiosk.domain.text import Language

CHINA_TIME = timezone(timedelta(hours=8), "CST")


BEIJING_TIME_NOTE = "(Beijing time, UTC+8)"  # after a time a technician reads


def local_text(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM`` in Beijing time (on the kiosk's screen, which says so once)."""
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def beijing_text(moment: datetime) -> str:
    """A moment on the command line, saying its time zone: ``2026-12-05 09:30 (Beijing time,
    UTC+8)``. The one format of ``kiosk doctor``, ``kiosk trust-list``, ``kiosk verify``,
    ``kiosk printer pending`` and ``refplatform admin``."""
    return f"{local_text(moment)} {BEIJING_TIME_NOTE}"


def beijing_day_text(moment: datetime) -> str:
    """A day on the command line, saying its time zone: ``2026-12-05 (Beijing time)``."""
    return f"{moment.astimezone(CHINA_TIME):%Y-%m-%d} (Beijing time)"


_MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


def long_date(day: date, language: Language) -> str:
    """``day`` in words for a reader: 2026年12月18日, or 18 December 2026."""
    if language == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"

"""Beijing time (UTC+8, no daylight saving) for everything shown to people.

A fixed offset instead of ``zoneinfo``: a minimal Debian machine has no tz database, and
mainland China has not changed its offset since 1991.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

CHINA_TIME = timezone(timedelta(hours=8), "CST")


def local_text(moment: datetime) -> str:
    """``YYYY-MM-DD HH:MM`` in Beijing time."""
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")

"""Hotel check-ins and check-outs at the platform: reading their opened payloads and what the
platform keeps of a check-in.

A check-in's payload is read strictly by ``kiosk.hotel.report_check.read_checkin`` (the arrival
within a day of the Beijing day the terminal queued it); a check-out's by ``read_checkout``,
and its time may not lie after the platform's now by more than ``CHECKOUT_SKEW`` nor before
the stay's arrival day. A payload that is not valid is 422 ``checkin_invalid`` or
``checkout_invalid`` with ``details``, one ``{"field", "problem"}`` per problem (names and
codes, never values), and nothing is stored: the terminal built it, so it is a broken or
hostile terminal, and the refusal is permanent (a dead letter there).

Of a check-in the platform keeps, besides the sealed bytes, the columns of an operator's list
(``StaySummary``): the hotel, the room, the dates and how many guests and minors — nothing
that names a guest.

Thread contract: pure functions over immutable values; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.report import CheckinReport, CheckoutReport, is_minor
from kiosk.hotel.report_check import ReportInvalid, read_checkin, read_checkout
from refplatform.server.errors import ApiError

CHECKOUT_SKEW = timedelta(minutes=10)
"""How far a check-out's time may lie after the platform's now (a terminal's clock ahead)."""


@dataclass(frozen=True)
class StaySummary:
    """What an operator's list shows of a check-in: no names, no numbers."""

    hotel_zh: str
    hotel_en: str
    room: str
    arrival: date
    departure: date
    guests: int
    minors: int


def checkin_refused(details: list[dict[str, str]]) -> ApiError:
    return _refused("checkin_invalid", "check-in", details)


def checkout_refused(details: list[dict[str, str]]) -> ApiError:
    return _refused("checkout_invalid", "check-out", details)


def _refused(code: str, what: str, details: list[dict[str, str]]) -> ApiError:
    names = ", ".join(f"{detail['field']}: {detail['problem']}" for detail in details[:10])
    return ApiError(422, code, f"the {what} is not valid ({names})", details=details)


def read_checkin_payload(document: Any, queued_at: datetime) -> CheckinReport:
    """The check-in in an opened payload queued at ``queued_at``; raises ``ApiError`` 422
    ``checkin_invalid``."""
    try:
        queued_on = queued_at.astimezone(CHINA_TIME).date()
    except OverflowError:  # a queued_at at the very edge of the calendar
        raise checkin_refused([{"field": "queued_at", "problem": "out_of_range"}]) from None
    try:
        return read_checkin(document, checked_in_on=queued_on)
    except ReportInvalid as invalid:
        raise checkin_refused(invalid.problems[:50]) from None


def read_checkout_payload(document: Any, now: datetime) -> CheckoutReport:
    """The check-out in an opened payload; raises ``ApiError`` 422 ``checkout_invalid``."""
    try:
        report = read_checkout(document)
    except ReportInvalid as invalid:
        raise checkout_refused(invalid.problems[:50]) from None
    if report.checked_out_at - now > CHECKOUT_SKEW:
        raise checkout_refused([{"field": "checked_out_at", "problem": "after_now"}])
    return report


def check_checkout_day(report: CheckoutReport, arrival: date | None) -> None:
    """A stay is not left before the day it began (``arrival`` is unknown, None, for a
    check-in received before the platform read them); raises ``ApiError`` 422."""
    if arrival is not None and report.checked_out_at.astimezone(CHINA_TIME).date() < arrival:
        raise checkout_refused([{"field": "checked_out_at", "problem": "before_arrival"}])


def summary(report: CheckinReport) -> StaySummary:
    return StaySummary(
        hotel_zh=report.hotel.zh,
        hotel_en=report.hotel.en,
        room=report.room,
        arrival=report.arrival,
        departure=report.departure,
        guests=len(report.guests),
        minors=sum(is_minor(guest.birth_date, report.arrival) for guest in report.guests),
    )

"""Working days in mainland China and the promised completion date of an application.

The State Council publishes each year which weekdays are public holidays and which weekend days
become working days (调休). A ``HolidayCalendar`` holds that schedule for the years it covers, as
published by the platform in this JSON shape (DESIGN §2, docs/platform-api.md):

    {"years": {"2026": {"holidays": ["2026-01-01", …], "workdays": ["2026-01-04", …]}}}

``holidays`` are weekdays off; ``workdays`` are the adjusted working weekends. A day of a covered
year is a working day when it is a weekday and not a holiday, or when it is an adjusted working
weekend. For a year the calendar does not cover only weekends are known to be days off, so a date
computed across such a year is returned as an *estimate* and says so: never silently wrong.

``bundled_calendar()`` is the fallback built from the chinese-calendar package (2004–2026); the
platform's published calendar is ``merged`` over it and wins for every year it carries.

Thread contract: calendars are immutable; everything here is safe on any thread.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

MIN_YEAR = 2000
MAX_YEAR = 2199
MAX_YEARS = 200
MAX_DAYS_PER_LIST = 120
MAX_WORKING_DAYS = 1000
_YEAR_KEY = re.compile(r"[0-9]{4}")
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SATURDAY = 5


class CalendarError(ValueError):
    """A calendar document is malformed, or a computation was asked with impossible input."""


@dataclass(frozen=True)
class YearSchedule:
    """One year's exceptions to the Monday–Friday week."""

    holidays: frozenset[date]
    workdays: frozenset[date]


@dataclass(frozen=True)
class PromisedDate:
    """A promised completion date; ``estimated`` when a year on the way was not covered."""

    date: date
    estimated: bool


def is_weekend(day: date) -> bool:
    return day.weekday() >= _SATURDAY


class HolidayCalendar:
    """The holiday schedule for a set of years. Build with ``from_document`` or
    ``bundled_calendar``; the constructor checks the same rules."""

    def __init__(self, years: Mapping[int, YearSchedule]) -> None:
        if len(years) > MAX_YEARS:
            raise CalendarError(f"at most {MAX_YEARS} years")
        for year, schedule in years.items():
            _check_year(year, schedule)
        self._years: dict[int, YearSchedule] = dict(sorted(years.items()))

    @classmethod
    def from_document(cls, document: object) -> HolidayCalendar:
        """Parse ``{"years": {"YYYY": {"holidays": [...], "workdays": [...]}}}``; strict: any
        other key, a date outside its year, a holiday on a weekend, a working day on a weekday,
        a duplicate or an oversized list raises ``CalendarError``."""
        if not isinstance(document, dict) or set(document) != {"years"}:
            raise CalendarError('a calendar is an object with exactly one key, "years"')
        years = document["years"]
        if not isinstance(years, dict):
            raise CalendarError('"years" must be an object')
        if len(years) > MAX_YEARS:
            raise CalendarError(f"at most {MAX_YEARS} years")
        parsed: dict[int, YearSchedule] = {}
        for key, entry in years.items():
            if not isinstance(key, str) or not _YEAR_KEY.fullmatch(key):
                raise CalendarError(f"year keys are four digits, not {str(key)[:10]!r}")
            year = int(key)
            if not isinstance(entry, dict) or set(entry) != {"holidays", "workdays"}:
                raise CalendarError(f"{key}: expected exactly holidays and workdays")
            parsed[year] = YearSchedule(
                _parse_days(entry["holidays"], f"{key}.holidays"),
                _parse_days(entry["workdays"], f"{key}.workdays"),
            )
        return cls(parsed)

    def to_document(self) -> dict[str, Any]:
        """The JSON document this calendar was (or could have been) parsed from."""
        return {
            "years": {
                str(year): {
                    "holidays": [day.isoformat() for day in sorted(schedule.holidays)],
                    "workdays": [day.isoformat() for day in sorted(schedule.workdays)],
                }
                for year, schedule in self._years.items()
            }
        }

    @property
    def years(self) -> tuple[int, ...]:
        """The covered years, ascending."""
        return tuple(self._years)

    def covers(self, year: int) -> bool:
        return year in self._years

    def merged(self, other: HolidayCalendar) -> HolidayCalendar:
        """This calendar with ``other``'s years added; where both have a year, ``other`` wins
        (a published calendar overrides the bundled one)."""
        return HolidayCalendar({**self._years, **other._years})

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (weekends only, for a year not covered)."""
        schedule = self._years.get(day.year)
        if schedule is None:
            return not is_weekend(day)
        if is_weekend(day):
            return day in schedule.workdays
        return day not in schedule.holidays

    def promised_date(self, start: date, working_days: int) -> PromisedDate:
        """The day on which ``working_days`` working days after ``start`` have passed (the start
        day itself does not count; 0 means the start day). ``estimated`` is true when a day
        counted lies in a year this calendar does not cover."""
        if type(working_days) is not int or not 0 <= working_days <= MAX_WORKING_DAYS:
            raise CalendarError(f"working days must be an integer from 0 to {MAX_WORKING_DAYS}")
        day = start
        estimated = False
        remaining = working_days
        while remaining:
            day += timedelta(days=1)
            if day.year > MAX_YEAR:
                raise CalendarError("the promised date is past the supported years")
            estimated = estimated or day.year not in self._years
            if self.is_working_day(day):
                remaining -= 1
        return PromisedDate(day, estimated)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HolidayCalendar) and self._years == other._years

    def __hash__(self) -> int:
        return hash(tuple(self._years.items()))

    def __repr__(self) -> str:
        span = f"{self.years[0]}–{self.years[-1]}" if self._years else "no years"
        return f"HolidayCalendar({span}, {len(self._years)} years)"


def _check_year(year: int, schedule: YearSchedule) -> None:
    if type(year) is not int or not MIN_YEAR <= year <= MAX_YEAR:
        raise CalendarError(f"year {year!r} outside {MIN_YEAR}–{MAX_YEAR}")
    for name, days in (("holidays", schedule.holidays), ("workdays", schedule.workdays)):
        if len(days) > MAX_DAYS_PER_LIST:
            raise CalendarError(f"{year}.{name}: at most {MAX_DAYS_PER_LIST} days")
        for day in days:
            if day.year != year:
                raise CalendarError(f"{year}.{name}: {day.isoformat()} is not in {year}")
    for day in schedule.holidays:
        if is_weekend(day):
            raise CalendarError(f"{year}.holidays: {day.isoformat()} is a weekend day")
    for day in schedule.workdays:
        if not is_weekend(day):
            raise CalendarError(f"{year}.workdays: {day.isoformat()} is already a weekday")


def _parse_days(value: object, where: str) -> frozenset[date]:
    if not isinstance(value, list):
        raise CalendarError(f"{where}: expected a list of dates")
    if len(value) > MAX_DAYS_PER_LIST:
        raise CalendarError(f"{where}: at most {MAX_DAYS_PER_LIST} days")
    days: set[date] = set()
    for item in value:
        if not isinstance(item, str) or not _ISO_DAY.fullmatch(item):
            raise CalendarError(f"{where}: dates are YYYY-MM-DD strings")
        try:
            day = date.fromisoformat(item)
        except ValueError:
            raise CalendarError(f"{where}: {item} is not a date") from None
        if day in days:
            raise CalendarError(f"{where}: {item} listed twice")
        days.add(day)
    return frozenset(days)


def _by_year(days: Iterable[date]) -> dict[int, set[date]]:
    grouped: dict[int, set[date]] = {}
    for day in days:
        grouped.setdefault(day.year, set()).add(day)
    return grouped


@functools.cache
def bundled_calendar() -> HolidayCalendar:
    """The schedule the chinese-calendar package knows (2004–2026 in version 1.11): the fallback
    when the platform has not published a calendar."""
    from chinese_calendar import constants  # noqa: PLC0415 - a large table, loaded on first use

    holidays = _by_year(day for day in constants.holidays if not is_weekend(day))
    workdays = _by_year(day for day in constants.workdays if is_weekend(day))
    years = sorted(set(holidays) | set(workdays))
    return HolidayCalendar(
        {
            year: YearSchedule(frozenset(holidays.get(year, ())), frozenset(workdays.get(year, ())))
            for year in years
        }
    )

"""Opening hours of a service point, as a technician writes them in the configuration.

The grammar (``power.opening_hours``; days are English three-letter names, times Beijing time)::

    hours  := rule { ";" rule }            rules may also be separated by new lines
    rule   := days  times
    days   := day-group { "," day-group }  e.g.  mon-fri   or   mon,wed,fri   or   mon-wed, sat
    day-group := DAY | DAY "-" DAY         DAY: mon tue wed thu fri sat sun (any case); a range
                                           runs forward within a week (mon-fri, not fri-mon)
    times  := range { "," range }          e.g.  08:30-12:00, 13:30-18:00
    range  := TIME "-" TIME                TIME: H:MM or HH:MM from 00:00 to 24:00;
                                           a range ends after it starts (24:00 only as an end)

Example: ``mon-fri 08:30-18:00; sat 09:00-12:00``. A day not named is closed all day; rules and
ranges that overlap add up. A range cannot run past midnight: write ``fri 20:00-24:00; sat
00:00-02:00``. Empty rules (a trailing ``;``) are ignored, but at least one rule is needed.

``parse_opening_hours`` raises ``OpeningHoursError`` naming the piece it could not read and a
translatable message (``Msg``), which the configuration schema turns into a field error.

Qt-free; immutable values, safe on any thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.messages import Msg

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # Monday first, as datetime.weekday()
MINUTES_PER_DAY = 24 * 60
MAX_PART = 40  # the longest piece of the text quoted back in an error

_RULE_SPLIT = re.compile(r"[;\n]")
_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")
_RANGE = re.compile(r"\s*([0-9]{1,2}:[0-9]{2})\s*-\s*([0-9]{1,2}:[0-9]{2})\s*")
_DAY_GROUP = re.compile(r"\s*([A-Za-z]+)\s*(?:-\s*([A-Za-z]+)\s*)?")


class OpeningHoursError(ValueError):
    """The text is not opening hours: ``message`` says what is wrong, ``part`` where."""

    def __init__(self, message: Msg, part: str) -> None:
        part = " ".join(part.split())
        if len(part) > MAX_PART:
            part = part[: MAX_PART - 1] + "…"
        self.message = message
        self.part = part
        super().__init__(f"{message.value.format(part=part)}")


Ranges = tuple[tuple[int, int], ...]  # (start, end) minutes after midnight, sorted, disjoint


@dataclass(frozen=True)
class OpeningHours:
    """When a service point is open, for each day of the week (Monday first)."""

    week: tuple[Ranges, Ranges, Ranges, Ranges, Ranges, Ranges, Ranges]

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` (timezone-aware) falls within the opening hours, in Beijing time."""
        local = moment.astimezone(CHINA_TIME)
        minute = local.hour * 60 + local.minute
        return any(start <= minute < end for start, end in self.week[local.weekday()])

    def __str__(self) -> str:
        """The canonical spelling: one rule per day that opens, e.g. ``mon 08:30-18:00; ...``;
        ``parse_opening_hours`` reads it back to the same hours."""
        rules = []
        for name, ranges in zip(DAYS, self.week, strict=True):
            if ranges:
                times = ", ".join(f"{_clock(start)}-{_clock(end)}" for start, end in ranges)
                rules.append(f"{name} {times}")
        return "; ".join(rules)


def parse_opening_hours(text: str) -> OpeningHours:
    """Read opening hours written in the module's grammar; raises ``OpeningHoursError``."""
    week: list[list[tuple[int, int]]] = [[] for _ in DAYS]
    rules = [rule for rule in _RULE_SPLIT.split(text) if rule.strip()]
    if not rules:
        raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS, text)
    for rule in rules:
        days, ranges = _parse_rule(rule)
        for day in days:
            week[day].extend(ranges)
    merged = tuple(_merge(ranges) for ranges in week)
    return OpeningHours(week=merged)  # type: ignore[arg-type]  # seven, by construction


def _parse_rule(rule: str) -> tuple[list[int], list[tuple[int, int]]]:
    first_digit = next((i for i, char in enumerate(rule) if char.isdigit()), None)
    if first_digit is None or not rule[:first_digit].strip():
        raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS, rule)
    days_text, times_text = rule[:first_digit], rule[first_digit:]
    if not days_text[-1].isspace():  # "mon08:00-...": days and times run together
        raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS, rule)
    return _parse_days(days_text), _parse_times(times_text)


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for group in text.split(","):
        match = _DAY_GROUP.fullmatch(group)
        if match is None:
            raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS, group if group.strip() else text)
        first = _day(match[1], group)
        last = _day(match[2], group) if match[2] else first
        if last < first:
            raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS_ORDER, group)
        days.extend(range(first, last + 1))
    return days


def _day(name: str, group: str) -> int:
    try:
        return DAYS.index(name.lower())
    except ValueError:
        raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS, group) from None


def _parse_times(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for piece in text.split(","):
        match = _RANGE.fullmatch(piece)
        if match is None:
            raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS, piece if piece.strip() else text)
        start, end = _minutes(match[1], piece), _minutes(match[2], piece)
        if start >= end:  # also a 24:00 start
            raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS_ORDER, piece)
        ranges.append((start, end))
    return ranges


def _minutes(text: str, piece: str) -> int:
    match = _TIME.fullmatch(text)
    assert match is not None  # _RANGE matched this shape
    hour, minute = int(match[1]), int(match[2])
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise OpeningHoursError(Msg.CONFIG_OPENING_HOURS, piece)
    return hour * 60 + minute


def _merge(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"

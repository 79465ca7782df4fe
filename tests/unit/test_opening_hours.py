"""Opening hours (``power.opening_hours``): the grammar, Beijing time, and a fuzzed parser."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.messages import Msg
from kiosk.runtime.opening_hours import (
    DAYS,
    MAX_PART,
    OpeningHours,
    OpeningHoursError,
    parse_opening_hours,
)

# 2026-11-23 is a Monday.
MONDAY = datetime(2026, 11, 23, tzinfo=CHINA_TIME)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return MONDAY + timedelta(days=day, hours=hour, minutes=minute)


def test_the_documented_example() -> None:
    hours = parse_opening_hours("mon-fri 08:30-18:00; sat 09:00-12:00")
    assert hours.is_open(at(0, 8, 30))
    assert not hours.is_open(at(0, 8, 29))
    assert hours.is_open(at(4, 17, 59))
    assert not hours.is_open(at(4, 18, 0))  # the end is when it closes
    assert hours.is_open(at(5, 11, 0))
    assert not hours.is_open(at(5, 12, 0))
    assert not hours.is_open(at(6, 10, 0))  # Sunday: not named, closed
    assert str(hours) == (
        "mon 08:30-18:00; tue 08:30-18:00; wed 08:30-18:00; thu 08:30-18:00; "
        "fri 08:30-18:00; sat 09:00-12:00"
    )


def test_moments_are_read_in_beijing_time() -> None:
    hours = parse_opening_hours("mon 08:30-18:00")
    # 00:30 UTC on Monday is 08:30 in Beijing.
    assert hours.is_open(datetime(2026, 11, 23, 0, 30, tzinfo=UTC))
    assert not hours.is_open(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # 18:00 Beijing


def test_lists_of_days_and_times_case_and_spacing() -> None:
    hours = parse_opening_hours("MON , Wed-thu,  sat   8:00 - 12:00 ,13:30-17:00\nsun 00:00-24:00;")
    assert [bool(ranges) for ranges in hours.week] == [True, False, True, True, False, True, True]
    assert hours.week[0] == ((480, 720), (810, 1020))
    assert hours.is_open(at(6, 23, 59)) and hours.is_open(at(6, 0, 0))


def test_overlapping_rules_add_up() -> None:
    hours = parse_opening_hours("mon 08:00-12:00, 11:00-14:00; mon-tue 13:00-15:00")
    assert hours.week[0] == ((480, 900),)
    assert hours.week[1] == ((780, 900),)


@pytest.mark.parametrize(
    ("text", "key", "part"),
    [
        ("", Msg.CONFIG_OPENING_HOURS, ""),
        (" ; ", Msg.CONFIG_OPENING_HOURS, ";"),
        ("mon-fry 08:30-18:00", Msg.CONFIG_OPENING_HOURS, "mon-fry"),
        ("monday 08:30-18:00", Msg.CONFIG_OPENING_HOURS, "monday"),
        ("08:30-18:00", Msg.CONFIG_OPENING_HOURS, "08:30-18:00"),
        ("mon-fri", Msg.CONFIG_OPENING_HOURS, "mon-fri"),
        ("mon 8.30-18.00", Msg.CONFIG_OPENING_HOURS, "8.30-18.00"),
        ("mon 08:30", Msg.CONFIG_OPENING_HOURS, "08:30"),
        ("mon 08:30-18:60", Msg.CONFIG_OPENING_HOURS, "08:30-18:60"),
        ("mon 08:30-25:00", Msg.CONFIG_OPENING_HOURS, "08:30-25:00"),
        ("mon 08:30-24:30", Msg.CONFIG_OPENING_HOURS, "08:30-24:30"),
        ("mon08:30-18:00", Msg.CONFIG_OPENING_HOURS, "mon08:30-18:00"),
        ("mon 08:30-18:00,", Msg.CONFIG_OPENING_HOURS, "08:30-18:00,"),
        ("mon,,tue 08:30-18:00", Msg.CONFIG_OPENING_HOURS, "mon,,tue"),
        ("fri-mon 08:30-18:00", Msg.CONFIG_OPENING_HOURS_ORDER, "fri-mon"),
        ("mon 18:00-08:30", Msg.CONFIG_OPENING_HOURS_ORDER, "18:00-08:30"),
        ("mon 09:00-09:00", Msg.CONFIG_OPENING_HOURS_ORDER, "09:00-09:00"),
        ("mon 24:00-24:00", Msg.CONFIG_OPENING_HOURS_ORDER, "24:00-24:00"),
        ("mon-fri 08:30-18:00; sat 9-12", Msg.CONFIG_OPENING_HOURS, "9-12"),
    ],
)
def test_bad_hours_name_the_part_and_what_is_wrong(text: str, key: Msg, part: str) -> None:
    with pytest.raises(OpeningHoursError) as raised:
        parse_opening_hours(text)
    assert raised.value.message is key
    assert raised.value.part == part
    assert f"{part})" in str(raised.value)  # the English names it too


def test_a_long_part_is_cut_short_in_the_message() -> None:
    with pytest.raises(OpeningHoursError) as raised:
        parse_opening_hours("mon " + "9" * 200)
    assert len(raised.value.part) == MAX_PART
    assert raised.value.part.endswith("…")


# ---- properties: generated hours, written in any of the grammar's spellings


@st.composite
def minute_ranges(draw: st.DrawFn) -> tuple[int, int]:
    start = draw(st.integers(0, 24 * 60 - 1))
    end = draw(st.integers(start + 1, 24 * 60))
    return start, end


def spell_time(draw: st.DrawFn, minutes: int) -> str:
    hour, minute = divmod(minutes, 60)
    padded = draw(st.booleans()) or hour >= 10
    return f"{hour:02d}:{minute:02d}" if padded else f"{hour}:{minute:02d}"


def spaces(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", " ", "  ", "\t"]))


@st.composite
def rules(draw: st.DrawFn) -> tuple[str, set[int], list[tuple[int, int]]]:
    groups = draw(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=1, max_size=3))
    days: set[int] = set()
    spelled = []
    for one, other in groups:
        first, last = min(one, other), max(one, other)
        days.update(range(first, last + 1))
        names = [
            draw(st.sampled_from([DAYS[day], DAYS[day].upper(), DAYS[day].title()]))
            for day in (first, last)
        ]
        spelled.append(names[0] if first == last else f"{names[0]}{spaces(draw)}-{names[1]}")
    ranges = draw(st.lists(minute_ranges(), min_size=1, max_size=3))
    times = [
        f"{spell_time(draw, start)}{spaces(draw)}-{spaces(draw)}{spell_time(draw, end)}"
        for start, end in ranges
    ]
    text = (
        f"{spaces(draw)}{(',' + spaces(draw)).join(spelled)} {spaces(draw)}"
        f"{(',' + spaces(draw)).join(times)}{spaces(draw)}"
    )
    return text, days, ranges


@st.composite
def schedules(draw: st.DrawFn) -> tuple[str, list[set[int]]]:
    """Opening hours as text, and the open minutes of each weekday (the reference model)."""
    drawn = draw(st.lists(rules(), min_size=1, max_size=4))
    open_minutes: list[set[int]] = [set() for _ in DAYS]
    for _text, days, ranges in drawn:
        for day in days:
            for start, end in ranges:
                open_minutes[day].update(range(start, end))
    separator = draw(st.sampled_from([";", "; ", "\n", " ;\n"]))
    trailing = draw(st.sampled_from(["", ";", "\n"]))
    return separator.join(text for text, _days, _ranges in drawn) + trailing, open_minutes


def open_minutes_of(hours: OpeningHours, day: int) -> set[int]:
    return {minute for start, end in hours.week[day] for minute in range(start, end)}


@given(schedules())
def test_any_written_schedule_reads_as_the_hours_it_describes(
    schedule: tuple[str, list[set[int]]],
) -> None:
    text, expected = schedule
    hours = parse_opening_hours(text)
    for day in range(7):
        assert open_minutes_of(hours, day) == expected[day]
    again = parse_opening_hours(str(hours))  # the canonical spelling reads back the same
    assert again == hours


@given(schedules(), st.integers(0, 7 * 24 * 60 - 1), st.sampled_from([0, 8, -5]))
def test_is_open_agrees_with_the_minutes_in_any_timezone(
    schedule: tuple[str, list[set[int]]], minute_of_week: int, utc_offset: int
) -> None:
    text, expected = schedule
    hours = parse_opening_hours(text)
    beijing = MONDAY + timedelta(minutes=minute_of_week)
    moment = beijing.astimezone(timezone(timedelta(hours=utc_offset)))
    day, minute = divmod(minute_of_week, 24 * 60)
    assert hours.is_open(moment) == (minute in expected[day])


@given(st.text(max_size=80))
def test_any_text_reads_as_hours_or_is_refused_with_a_config_message(text: str) -> None:
    check_reads_or_refuses(text)


def check_reads_or_refuses(text: str) -> None:
    """Either hours whose canonical spelling reads back the same, or ``OpeningHoursError`` with
    a configuration message and a short part (nothing else is raised)."""
    refused: OpeningHoursError | None = None
    try:
        hours = parse_opening_hours(text)
    except OpeningHoursError as error:
        refused = error
    if refused is None:
        assert parse_opening_hours(str(hours)) == hours
    else:
        assert refused.message in (Msg.CONFIG_OPENING_HOURS, Msg.CONFIG_OPENING_HOURS_ORDER)
        assert len(refused.part) <= MAX_PART


@given(
    st.text(
        alphabet=st.sampled_from(list("montuewdhfrisa-:,; \n0123456789")),
        max_size=60,
    )
)
def test_near_miss_text_reads_as_hours_or_is_refused_with_a_config_message(text: str) -> None:
    check_reads_or_refuses(text)

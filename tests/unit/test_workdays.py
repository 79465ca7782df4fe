"""Working days and promised dates: the State Council schedule, 调休, and honest estimates."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.workdays import (
    MAX_WORKING_DAYS,
    CalendarError,
    HolidayCalendar,
    PromisedDate,
    YearSchedule,
    bundled_calendar,
)

BUNDLED = bundled_calendar()
covered_days = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31))
any_days = st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=1, max_value=60)


def test_bundled_calendar_covers_the_years_chinese_calendar_knows() -> None:
    assert BUNDLED.years == tuple(range(2004, 2027))
    assert not BUNDLED.covers(2027)


def test_national_day_2026_and_its_adjusted_working_weekend() -> None:
    for day in range(1, 8):
        assert not BUNDLED.is_working_day(date(2026, 10, day))
    assert BUNDLED.is_working_day(date(2026, 10, 8))
    assert BUNDLED.is_working_day(date(2026, 10, 10))  # a Saturday made a working day (调休)
    assert BUNDLED.is_working_day(date(2026, 9, 20))  # a Sunday made a working day
    assert BUNDLED.promised_date(date(2026, 9, 30), 1) == PromisedDate(date(2026, 10, 8), False)
    assert BUNDLED.promised_date(date(2026, 10, 9), 1) == PromisedDate(date(2026, 10, 10), False)
    assert BUNDLED.promised_date(date(2026, 9, 30), 2) == PromisedDate(date(2026, 10, 9), False)


def test_spring_festival_2026() -> None:
    # 15–23 February off, Saturday 14 and Saturday 28 worked.
    assert BUNDLED.promised_date(date(2026, 2, 13), 1) == PromisedDate(date(2026, 2, 14), False)
    assert BUNDLED.promised_date(date(2026, 2, 14), 1) == PromisedDate(date(2026, 2, 24), False)
    assert BUNDLED.is_working_day(date(2026, 2, 28))


def test_zero_days_is_the_start_day() -> None:
    assert BUNDLED.promised_date(date(2026, 10, 1), 0) == PromisedDate(date(2026, 10, 1), False)


def test_years_not_covered_are_estimates_on_weekends_only() -> None:
    # 1 January 2027 is a Friday: a holiday for certain, but the bundled calendar cannot know it.
    result = BUNDLED.promised_date(date(2026, 12, 31), 1)
    assert result == PromisedDate(date(2027, 1, 1), True)
    assert BUNDLED.promised_date(date(2027, 3, 5), 1) == PromisedDate(date(2027, 3, 8), True)
    # Staying inside 2026 is exact even late in the year.
    assert BUNDLED.promised_date(date(2026, 12, 28), 3).estimated is False


def test_a_published_calendar_extends_and_overrides() -> None:
    published = HolidayCalendar.from_document(
        {"years": {"2027": {"holidays": ["2027-01-01"], "workdays": []}}}
    )
    merged = BUNDLED.merged(published)
    assert merged.covers(2027)
    assert merged.promised_date(date(2026, 12, 31), 1) == PromisedDate(date(2027, 1, 4), False)
    override = HolidayCalendar.from_document({"years": {"2026": {"holidays": [], "workdays": []}}})
    assert BUNDLED.merged(override).is_working_day(date(2026, 10, 1))
    assert BUNDLED.is_working_day(date(2026, 10, 1)) is False  # the original is unchanged


def test_document_round_trip() -> None:
    document = json.loads(json.dumps(BUNDLED.to_document()))
    assert HolidayCalendar.from_document(document) == BUNDLED
    assert document["years"]["2026"]["workdays"] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        {},
        {"years": []},
        {"years": {}, "extra": 1},
        {"years": {"26": {"holidays": [], "workdays": []}}},
        {"years": {"1999": {"holidays": [], "workdays": []}}},
        {"years": {"2026": {"holidays": []}}},
        {"years": {"2026": {"holidays": [], "workdays": [], "note": ""}}},
        {"years": {"2026": {"holidays": "2026-10-01", "workdays": []}}},
        {"years": {"2026": {"holidays": ["2026-10-32"], "workdays": []}}},
        {"years": {"2026": {"holidays": ["2026-10-01", "2026-10-01"], "workdays": []}}},
        {"years": {"2026": {"holidays": ["2027-01-01"], "workdays": []}}},
        {"years": {"2026": {"holidays": ["2026-10-03"], "workdays": []}}},  # a Saturday
        {"years": {"2026": {"holidays": [], "workdays": ["2026-10-08"]}}},  # a Thursday
        {"years": {"2026": {"holidays": [20261001], "workdays": []}}},
        {"years": {"2026": {"holidays": ["20261001"], "workdays": []}}},
        {"years": {"2026": {"holidays": ["2026-10-01"] * 200, "workdays": []}}},
    ],
)
def test_bad_documents_are_refused(document: Any) -> None:
    with pytest.raises(CalendarError):
        HolidayCalendar.from_document(document)


def test_too_many_years_are_refused() -> None:
    years: dict[str, Any] = {
        str(year): {"holidays": [], "workdays": []} for year in range(2000, 2200)
    }
    assert len(HolidayCalendar.from_document({"years": years}).years) == 200
    with pytest.raises(CalendarError):
        HolidayCalendar({2000 + n: YearSchedule(frozenset(), frozenset()) for n in range(201)})


@pytest.mark.parametrize("days", [-1, MAX_WORKING_DAYS + 1, True, 1.0])
def test_impossible_counts_are_refused(days: Any) -> None:
    with pytest.raises(CalendarError):
        BUNDLED.promised_date(date(2026, 1, 5), days)


@given(start=any_days, days=counts)
def test_the_promised_date_is_a_working_day_after_the_start(start: date, days: int) -> None:
    result = BUNDLED.promised_date(start, days)
    assert result.date > start
    assert BUNDLED.is_working_day(result.date)


@given(start=any_days, days=counts)
def test_exactly_that_many_working_days_pass(start: date, days: int) -> None:
    result = BUNDLED.promised_date(start, days)
    span = [start + timedelta(days=n) for n in range(1, (result.date - start).days + 1)]
    assert sum(BUNDLED.is_working_day(day) for day in span) == days
    assert result.estimated == any(not BUNDLED.covers(day.year) for day in span)


@given(start=any_days, days=counts, more=st.integers(min_value=1, max_value=30))
def test_monotonic_in_the_count(start: date, days: int, more: int) -> None:
    assert BUNDLED.promised_date(start, days).date < BUNDLED.promised_date(start, days + more).date


@given(start=any_days, later=st.integers(min_value=0, max_value=60), days=counts)
def test_monotonic_in_the_start(start: date, later: int, days: int) -> None:
    first = BUNDLED.promised_date(start, days).date
    second = BUNDLED.promised_date(start + timedelta(days=later), days).date
    assert first <= second


@given(start=covered_days, days=st.integers(min_value=1, max_value=5))
def test_exact_inside_covered_years(start: date, days: int) -> None:
    assert BUNDLED.promised_date(start, days).estimated is False


@given(start=st.dates(min_value=date(2027, 1, 1), max_value=date(2030, 1, 1)), days=counts)
def test_always_an_estimate_past_the_bundled_years(start: date, days: int) -> None:
    result = BUNDLED.promised_date(start, days)
    assert result.estimated
    assert result.date.weekday() < 5


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
plausible = st.fixed_dictionaries(
    {
        "years": st.dictionaries(
            st.sampled_from(["2026", "2027", "1999", "x", "20266"]),
            st.fixed_dictionaries(
                {
                    "holidays": st.lists(st.dates().map(date.isoformat) | json_values, max_size=4),
                    "workdays": st.lists(st.dates().map(date.isoformat) | json_values, max_size=4),
                }
            )
            | json_values,
            max_size=3,
        )
    }
)


@given(document=json_values | plausible)
def test_fuzzed_documents_raise_only_calendar_error(document: Any) -> None:
    try:
        calendar = HolidayCalendar.from_document(document)
    except CalendarError:
        return
    assert HolidayCalendar.from_document(calendar.to_document()) == calendar

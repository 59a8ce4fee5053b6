"""ISO week and month keys."""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.domain.weeks import (
    month_period,
    parse_month,
    parse_period,
    parse_week,
    shift_week,
    this_week,
    week_bounds,
    week_dates,
    week_key,
    week_period,
    weeks_in_year,
)


def test_the_year_end_belongs_to_the_next_iso_year():
    assert week_key(pendulum.date(2025, 12, 31)) == "2026-W01"
    assert week_key(pendulum.date(2025, 12, 29)) == "2026-W01"
    assert week_key(pendulum.date(2027, 1, 1)) == "2026-W53"


def test_2026_has_a_week_53_and_2025_does_not():
    assert weeks_in_year(2026) == 53
    assert weeks_in_year(2025) == 52
    assert week_dates("2026-W53") == (pendulum.date(2026, 12, 28), pendulum.date(2027, 1, 3))
    with pytest.raises(ValueError, match="2025 has weeks 1 to 52"):
        parse_week("2025-W53")


def test_week_dates_and_shift():
    assert week_dates("2026-W48") == (pendulum.date(2026, 11, 23), pendulum.date(2026, 11, 29))
    assert week_dates("2026-W01") == (pendulum.date(2025, 12, 29), pendulum.date(2026, 1, 4))
    assert shift_week("2026-W53", 1) == "2027-W01"
    assert shift_week("2026-W01", -1) == "2025-W52"


@pytest.mark.parametrize("bad", ["2026-48", "2026-W00", "2026-W54", "26-W10", "2026-w10x", ""])
def test_bad_week_keys_are_refused_with_a_message(bad):
    with pytest.raises(ValueError, match="2026-W48|has weeks"):
        parse_week(bad)


def test_months_and_periods():
    assert parse_month("2026-02") == (pendulum.date(2026, 2, 1), pendulum.date(2026, 2, 28))
    assert month_period("2026-11").days == 30
    assert parse_period("2026-w48") == week_period("2026-W48")
    assert parse_period("2026-11").kind == "month"
    for bad in ("2026-13", "2026-00", "11-2026", "soon"):
        with pytest.raises(ValueError):
            parse_period(bad)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_day_lies_in_its_week(day):
    d = pendulum.date(day.year, day.month, day.day)
    key = week_key(d)
    monday, sunday = week_dates(key)
    assert monday <= d <= sunday
    assert monday.isoweekday() == 1 and (sunday - monday).days == 6
    # Independent: the standard library's ISO calendar.
    year, week, _ = day.isocalendar()
    assert key == f"{year}-W{week:02d}"
    assert shift_week(shift_week(key, 5), -5) == key


@given(st.integers(min_value=1990, max_value=2100))
def test_weeks_in_year_matches_the_calendar(year):
    last = max(dt.date(year, 12, d).isocalendar()[1] for d in range(22, 32))
    assert weeks_in_year(year) == last


@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.integers(min_value=0, max_value=6),
)
def test_any_week_start_gives_each_week_one_key_and_back(day, week_start):
    d = pendulum.date(day.year, day.month, day.day)
    first, last = week_bounds(d, week_start)
    # Independent: the standard library's weekday, Monday = 0 as the setting counts.
    assert first.weekday() == week_start and first <= d <= last and (last - first).days == 6
    key = week_key(d, week_start)
    assert week_dates(key, week_start) == (first, last)
    # The week after has the next key; a week keeps its key from any of its days.
    assert week_key(last.add(days=1), week_start) == shift_week(key, 1)
    assert all(week_key(first.add(days=i), week_start) == key for i in range(7))


def test_sunday_weeks_and_this_week():
    tuesday = pendulum.date(2026, 12, 1)
    assert week_bounds(tuesday, 6) == (pendulum.date(2026, 11, 29), pendulum.date(2026, 12, 5))
    assert week_bounds(tuesday) == (pendulum.date(2026, 11, 30), pendulum.date(2026, 12, 6))
    period = this_week(tuesday, 6)
    assert (period.key, period.first, period.last) == (
        "2026-W49",
        pendulum.date(2026, 11, 29),
        pendulum.date(2026, 12, 5),
    )
    assert parse_period("2026-W49", 6) == period


def test_today_and_insights_share_the_one_week():
    from cadence.domain import kpis

    assert kpis.week_bounds is week_bounds

"""Weeks and calendar months as keys: ``"2026-W48"``, ``"2026-11"``; the one "this week".

:func:`week_bounds` is THE week of a date: every screen, the shell and the KPIs ask
it, with the user's week-start setting, so Today, Focus and Insights agree.

Keys are ISO week keys (week 1 holds the year's first Thursday, so 2025-12-31 is
2026-W01 and 2026 has a week 53). With weeks starting on Monday (the default) a
week *is* its ISO week. With another start day, a week is keyed by the ISO week of
its fourth day, which most of it shares: each week gets one key and each key one
week, so the weekly review and its cards stay keyed the same way whatever the
setting. Exports name a period the same way (``--week 2026-W48`` or ``--month
2026-11``). Pure: dates in, dates out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pendulum
from pendulum import Date

WEEK_KEY = re.compile(r"^(\d{4})-W(\d{2})$")
MONTH_KEY = re.compile(r"^(\d{4})-(\d{2})$")


def week_bounds(day: Date, week_start: int = 0) -> tuple[Date, Date]:
    """First and last date of the week holding ``day``; ``week_start`` Monday = 0 … Sunday = 6
    (the setting). The one definition of "this week"."""
    offset = (int(day.day_of_week) - week_start) % 7
    first = day.subtract(days=offset)
    return first, first.add(days=6)


def iso_key(day: Date) -> str:
    """The ISO week holding ``day``: ``iso_key(date(2025, 12, 31)) == "2026-W01"``."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_key(day: Date, week_start: int = 0) -> str:
    """The key of the week holding ``day`` (see the module): its ISO week for Monday weeks,
    ``week_key(date(2025, 12, 31)) == "2026-W01"``."""
    first, _last = week_bounds(day, week_start)
    return iso_key(first.add(days=3))


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return pendulum.date(year, 12, 28).isocalendar()[1]


def parse_week(key: str) -> tuple[int, int]:
    """``"2026-W48"`` → ``(2026, 48)``. Raises ValueError naming what is wrong."""
    m = WEEK_KEY.match(key.strip())
    if not m:
        raise ValueError(f"{key!r} is not a week as YYYY-Www (e.g. 2026-W48)")
    year, week = int(m.group(1)), int(m.group(2))
    last = weeks_in_year(year) if year >= 1 else 0
    if not 1 <= week <= last:
        raise ValueError(f"{key!r}: {year} has weeks 1 to {last}")
    return year, week


def week_dates(key: str, week_start: int = 0) -> tuple[Date, Date]:
    """First and last date of the week ``key`` (Monday and Sunday for Monday weeks)."""
    year, week = parse_week(key)
    jan4 = pendulum.date(year, 1, 4)  # always in week 1
    monday = jan4.subtract(days=int(jan4.day_of_week)).add(weeks=week - 1)
    # The week whose fourth day falls in this ISO week: it starts within 3 days of Monday.
    return week_bounds(monday.add(days=3), week_start)


def shift_week(key: str, weeks: int) -> str:
    """The week ``weeks`` after (negative: before) ``key``."""
    monday, _sunday = week_dates(key)
    return week_key(monday.add(weeks=weeks))


def parse_month(key: str) -> tuple[Date, Date]:
    """``"2026-11"`` → first and last day of that calendar month. Raises ValueError."""
    m = MONTH_KEY.match(key.strip())
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
        raise ValueError(f"{key!r} is not a month as YYYY-MM (e.g. 2026-11)")
    first = pendulum.date(int(m.group(1)), int(m.group(2)), 1)
    return first, first.add(months=1).subtract(days=1)


@dataclass(frozen=True)
class Period:
    """A stretch of dates an export or a report covers."""

    kind: str  # "week" | "month"
    key: str  # "2026-W48" | "2026-11"
    first: Date
    last: Date

    @property
    def days(self) -> int:
        return (self.last - self.first).in_days() + 1


def week_period(key: str, week_start: int = 0) -> Period:
    """The week ``key`` as a Period (raises ValueError for a bad key)."""
    first, last = week_dates(key, week_start)
    return Period("week", week_key(first, week_start), first, last)


def this_week(day: Date, week_start: int = 0) -> Period:
    """The week holding ``day`` as a Period: what "this week" means everywhere."""
    return week_period(week_key(day, week_start), week_start)


def month_period(key: str) -> Period:
    """The calendar month ``key`` as a Period (raises ValueError for a bad key)."""
    first, last = parse_month(key)
    return Period("month", f"{first.year}-{first.month:02d}", first, last)


def parse_period(text: str, week_start: int = 0) -> Period:
    """A week (``2026-W48``) or a month (``2026-11``) key as a Period. Raises ValueError."""
    text = text.strip()
    if "W" in text.upper():
        return week_period(text.upper(), week_start)
    if MONTH_KEY.match(text):
        return month_period(text)
    raise ValueError(f"{text!r} is neither a week (2026-W48) nor a month (2026-11)")

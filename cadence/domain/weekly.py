"""The weekly review's timing: which week to open, and when the plan's review evening is.

The plan closes each week on its build day: the weekend template holds a block
"Weekly review: 1–2 key takeaways + next week's action plan" (Sunday 20:30 in the
default plan). Pure: templates and moments in, moments out.
"""

from __future__ import annotations

from collections.abc import Iterable

import pendulum
from pendulum import Date, DateTime

from cadence.data.models import DayTemplate
from cadence.domain.schedule import parse_hhmm
from cadence.domain.weeks import shift_week, week_dates, week_key

DEFAULT_SLOT = (6, "20:30")  # Sunday (pendulum 3: Monday = 0), 20:30
REVIEW_BLOCK_SUFFIX = "weekly-review"
# The reminder is sent when the slot starts, or later that evening if the app opens then.
LATE_UNTIL_HOUR = 24
OPEN_LAST_WEEK_UNTIL = 2  # Monday..Wednesday open last week's review while it is unfinished


def review_slot(templates: Iterable[DayTemplate]) -> tuple[int, str]:
    """(weekday, "HH:MM") of the plan's weekly-review block; Sunday 20:30 when it has none.

    The block is found by its id (``…weekly-review``); the latest weekday wins when
    several templates hold one.
    """
    found: list[tuple[int, str]] = []
    for template in templates:
        for block in template.blocks:
            if block.id.endswith(REVIEW_BLOCK_SUFFIX):
                try:
                    parse_hhmm(block.start)
                except ValueError:
                    continue
                found.extend((day, block.start) for day in template.weekdays if 0 <= day <= 6)
    return max(found) if found else DEFAULT_SLOT


def review_moment(week: str, slot: tuple[int, str], tz: str) -> DateTime:
    """The moment of ``week``'s review evening in zone ``tz``."""
    monday, _sunday = week_dates(week)
    day = monday.add(days=slot[0])
    hour, minute = parse_hhmm(slot[1])
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=tz)


def reminder_due(now: DateTime, slot: tuple[int, str], finished_weeks: set[str]) -> str | None:
    """The week whose review reminder is due at ``now``, or None.

    Due from the slot's start to the end of that day, while that week's review is unfinished.
    """
    week = week_key(now.date())
    if week in finished_weeks:
        return None
    start = review_moment(week, slot, now.timezone_name or "UTC")
    end = start.start_of("day").add(hours=LATE_UNTIL_HOUR)
    return week if start <= now < end else None


def default_review_week(today: Date, finished_weeks: set[str]) -> str:
    """The week ``w`` opens: this week, or last week early in a week while last week's
    review is still unfinished."""
    this = week_key(today)
    last = shift_week(this, -1)
    if int(today.day_of_week) <= OPEN_LAST_WEEK_UNTIL and last not in finished_weeks:
        return last
    return this

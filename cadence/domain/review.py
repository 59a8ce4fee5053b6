"""The daily review: its steps, which day it is for, and checks of what was typed. Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from pendulum import Date, DateTime

from cadence.data.models import DailyReview, DayRecord, Deliverable
from cadence.i18n import _

#: The steps of the flow, in order; each can be skipped. The last index is the summary.
STEPS = ("blocks", "focus", "learned", "post", "health", "energy", "top3", "summary")
#: Before this hour today is not over: the default review is an earlier unreviewed day.
EVENING_HOUR = 18
#: How many days back the default looks for a day not yet reviewed.
LOOK_BACK_DAYS = 7
MAX_WORKOUT_MIN = 600


def default_review_date(
    today: Date, now: DateTime, reviews: Iterable[DailyReview], rollover_hour: int = 4
) -> Date:
    """The day ``r`` opens: the newest day not yet reviewed.

    Today counts from ``EVENING_HOUR`` on (and through the night until the
    rollover), or when its review was already started; earlier in the day the
    newest unreviewed day of the last week is meant. When every one of them is
    reviewed, today (to look at or edit).
    """
    by_date = {r.date: r for r in reviews}
    started = by_date.get(today.isoformat())
    evening = now.hour >= EVENING_HOUR or now.hour < rollover_hour or now.date() != today
    if evening or (started is not None and not started.finished):
        first = today
    else:
        first = today.subtract(days=1)
    day = first
    for _i in range(LOOK_BACK_DAYS + 1):
        review = by_date.get(day.isoformat())
        if review is None or not review.finished:
            return day
        day = day.subtract(days=1)
    return today


def parse_minutes(text: str) -> int | None:
    """Workout minutes as typed: blank is "not answered" (None); else a whole number
    0–600. Raises ValueError with a message for the form."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > MAX_WORKOUT_MIN:
        raise ValueError(_("Minutes as a whole number from 0 to {max}", max=MAX_WORKOUT_MIN))
    return int(text)


def clean_lines(lines: Iterable[str], keep: int) -> list[str]:
    """Non-blank lines, stripped, at most ``keep``."""
    return [line.strip() for line in lines if line.strip()][:keep]


def finish(review: DailyReview, updated: str) -> DailyReview:
    """The review marked finished (at the summary step). Finishing twice gives the same record
    but for ``updated``."""
    return dataclasses.replace(review, finished=True, step=len(STEPS) - 1, updated=updated)


def top3_for(day: Date, record: DayRecord | None, previous: DailyReview | None) -> list[str]:
    """The day's top three: set on the day itself, else chosen in the previous day's review."""
    if record is not None and record.top3:
        return list(record.top3)
    if previous is not None and previous.top3:
        return list(previous.top3)
    return []


def open_cards(cards: Iterable[Deliverable]) -> list[Deliverable]:
    """Cards that can be tomorrow's top three: not done; this week's and doing first."""
    rank = {"doing": 0, "week": 1, "backlog": 2}
    kept = [c for c in cards if c.column != "done"]
    return sorted(kept, key=lambda c: (rank.get(c.column, 3), c.order, c.title))

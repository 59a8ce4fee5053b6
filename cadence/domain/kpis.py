"""The plan's figures, computed from records. Pure: dates in, numbers out."""

from __future__ import annotations

from collections.abc import Iterable

from pendulum import Date

from cadence.data.models import DailyReview, FocusSession


def week_bounds(day: Date, week_start: int = 0) -> tuple[Date, Date]:
    """First and last date of the week holding ``day``; ``week_start`` Monday = 0 … Sunday = 6."""
    offset = (int(day.day_of_week) - week_start) % 7
    first = day.subtract(days=offset)
    return first, first.add(days=6)


def focused_seconds(sessions: Iterable[FocusSession], first: Date, last: Date) -> int:
    """Focused seconds of sessions that started on ``first``..``last``."""
    lo, hi = first.isoformat(), last.isoformat()
    return sum(s.focused_s for s in sessions if lo <= s.start[:10] <= hi)


def review_streak(reviews: Iterable[DailyReview], today: Date) -> int:
    """Days in a row with a finished review, ending today or yesterday."""
    done = {r.date for r in reviews if r.finished}
    day = today if today.isoformat() in done else today.subtract(days=1)
    streak = 0
    while day.isoformat() in done:
        streak += 1
        day = day.subtract(days=1)
    return streak


def post_streak(reviews: Iterable[DailyReview], today: Date) -> int:
    """Days in a row with a learn-in-public post, ending today or yesterday."""
    posted = {r.date for r in reviews if r.posted}
    day = today if today.isoformat() in posted else today.subtract(days=1)
    streak = 0
    while day.isoformat() in posted:
        streak += 1
        day = day.subtract(days=1)
    return streak


def workouts_in(reviews: Iterable[DailyReview], first: Date, last: Date) -> int:
    """Days with a workout logged in a review, ``first``..``last``."""
    lo, hi = first.isoformat(), last.isoformat()
    return sum(1 for r in reviews if lo <= r.date <= hi and (r.workout_min or 0) > 0)

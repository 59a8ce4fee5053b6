"""The plan's figures, computed from records. Pure: dates in, numbers out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from pendulum import Date

from cadence.data.models import DailyReview, DayRecord, DayTemplate, FocusSession
from cadence.domain.schedule import block_minutes, day_blocks
from cadence.domain.weeks import week_bounds

#: A workout is at least this long (the plan: three times a week, 30–45 min of cardio and
#: strength). The morning routine's light exercise counts only when logged this long.
WORKOUT_MIN = 30
#: The kind of block a workout is planned in, and the learn-in-public post's.
WORKOUT_KIND = "health"
PUBLISH_KIND = "publish"

T = TypeVar("T")
#: A day judged from the plan's templates, its day record and its check-in (either may be None).
DayJudge = Callable[[list[DayTemplate], DayRecord | None, DailyReview | None, Date], T]


def focused_seconds(sessions: Iterable[FocusSession], first: Date, last: Date) -> int:
    """Focused seconds of sessions that started on ``first``..``last``."""
    lo, hi = first.isoformat(), last.isoformat()
    return sum(s.focused_s for s in sessions if lo <= s.start[:10] <= hi)


def streak(done: Callable[[Date], bool], today: Date, *, limit: int | None = None) -> int:
    """Days in a row that are ``done``, ending today, or yesterday when today is not (yet)."""
    day = today if done(today) else today.subtract(days=1)
    count = 0
    while done(day) and (limit is None or count < limit):
        count += 1
        day = day.subtract(days=1)
    return count


def day_streak(yes_dates: set[str], today: Date) -> int:
    """Days in a row in ``yes_dates`` (ISO), ending today or yesterday."""
    return streak(lambda day: day.isoformat() in yes_dates, today)


def review_streak(reviews: Iterable[DailyReview], today: Date) -> int:
    """Days in a row with a finished review, ending today or yesterday."""
    return day_streak({r.date for r in reviews if r.finished}, today)


def post_streak(reviews: Iterable[DailyReview], today: Date) -> int:
    """Days in a row with a learn-in-public post, ending today or yesterday."""
    return day_streak({r.date for r in reviews if r.posted}, today)


def workouts_in(reviews: Iterable[DailyReview], first: Date, last: Date) -> int:
    """Days with a workout (≥ ``WORKOUT_MIN`` minutes) logged in a review, ``first``..``last``.

    Reviews only; :func:`workouts_this_week` also counts ticked health blocks."""
    lo, hi = first.isoformat(), last.isoformat()
    return sum(1 for r in reviews if lo <= r.date <= hi and (r.workout_min or 0) >= WORKOUT_MIN)


# ---------------------------------------------------------------- workouts (blocks and reviews)


def ticked_health_minutes(templates: list[DayTemplate], record: DayRecord | None, day: Date) -> int:
    """Minutes of ``day``'s health blocks ticked done (template, edited or added ones)."""
    if record is None:
        return 0
    return sum(
        block_minutes(block.start, block.end)
        for block, _source in day_blocks(templates, record, day)
        if block.kind == WORKOUT_KIND and record.states.get(block.id) == "done"
    )


def published(templates: list[DayTemplate], record: DayRecord | None, day: Date) -> bool:
    """Whether a publishing block (learn in public) of ``day`` is ticked done: the check-in's
    "posted today?" answered by the day itself."""
    if record is None:
        return False
    return any(
        block.kind == PUBLISH_KIND and record.states.get(block.id) == "done"
        for block, _source in day_blocks(templates, record, day)
    )


def by_day(
    judge: DayJudge[T],
    templates: list[DayTemplate],
    records: Mapping[str, DayRecord],
    reviews: Iterable[DailyReview],
) -> Callable[[Date], T]:
    """``judge`` as a function of the day alone: its day record and check-in looked up by date
    (``records`` maps ISO dates to day records)."""
    by_date = {r.date: r for r in reviews}

    def judged(day: Date) -> T:
        iso = day.isoformat()
        return judge(templates, records.get(iso), by_date.get(iso), day)

    return judged


def workout_minutes(
    templates: list[DayTemplate], record: DayRecord | None, review: DailyReview | None, day: Date
) -> int:
    """A day's workout minutes: what the check-in logged when it logged any (the user's
    word wins, the morning's light exercise included), else the ticked health blocks."""
    if review is not None and review.workout_min is not None:
        return max(0, int(review.workout_min))
    return ticked_health_minutes(templates, record, day)


def workout_dates(
    templates: list[DayTemplate],
    records: Mapping[str, DayRecord],
    reviews: Iterable[DailyReview],
    first: Date,
    last: Date,
) -> list[str]:
    """ISO dates ``first``..``last`` that count as a workout: at least ``WORKOUT_MIN`` minutes,
    logged in the check-in or from ticked health blocks. ``records`` maps ISO dates to
    day records."""
    minutes = by_day(workout_minutes, templates, records, reviews)
    out = []
    day = first
    while day <= last:
        if minutes(day) >= WORKOUT_MIN:
            out.append(day.isoformat())
        day = day.add(days=1)
    return out


def workouts_this_week(
    templates: list[DayTemplate],
    records: Mapping[str, DayRecord],
    reviews: Iterable[DailyReview],
    day: Date,
    week_start: int = 0,
) -> int:
    """Workouts in the week holding ``day`` (see :func:`workout_dates`); the plan asks for 3."""
    first, last = week_bounds(day, week_start)
    return len(workout_dates(templates, records, reviews, first, last))


# ---------------------------------------------------------------- posts (blocks and reviews)


def posted_on(
    templates: list[DayTemplate], record: DayRecord | None, review: DailyReview | None, day: Date
) -> bool:
    """Whether ``day`` had its learn-in-public post: the check-in's answer when it gave one,
    else a ticked publishing block."""
    if review is not None and review.posted is not None:
        return bool(review.posted)
    return published(templates, record, day)


def post_streak_days(
    templates: list[DayTemplate],
    records: Mapping[str, DayRecord],
    reviews: Iterable[DailyReview],
    today: Date,
) -> int:
    """Days in a row with a post (see :func:`posted_on`), ending today or yesterday.
    ``records`` maps ISO dates to day records; days missing from both count as no post."""
    return streak(by_day(posted_on, templates, records, reviews), today, limit=3660)

"""The weekly review's rules: which week to open, when its evening is, what it changes.

The plan closes each week on its build day: the weekend template holds a block
"Weekly review: 1–2 key takeaways + next week's action plan" (Sunday 20:30 in the
default plan). Finishing the review ticks that block, closes the week's
weekly-learnings card, and leaves next week's plan for Today to offer as Top 3
candidates (:func:`plan_for`). Pure: templates, records and moments in, answers and
change functions out (applied by the repository inside its transaction).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

import pendulum
from pendulum import Date, DateTime

from cadence.data.models import DayRecord, DayTemplate, Deliverable, TimeBlock, WeeklyReview
from cadence.domain.deliverables import Board, BoardChange, add_at_bottom, close_week_card
from cadence.domain.schedule import day_blocks, parse_hhmm
from cadence.domain.weeks import shift_week, week_bounds, week_dates, week_key

DEFAULT_SLOT = (6, "20:30")  # Sunday (pendulum 3: Monday = 0), 20:30
REVIEW_BLOCK_SUFFIX = "weekly-review"
# The reminder is sent when the slot starts, or later that evening if the app opens then.
LATE_UNTIL_HOUR = 24
OPEN_LAST_WEEK_UNTIL = 2  # the first three days of a week open last week's unfinished review
#: At most this many learnings and plan items, each at most MAX_TEXT characters.
LEARNINGS = 2
MAX_ITEMS = 12
MAX_TEXT = 300


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


def review_day(week: str, slot: tuple[int, str], week_start: int = 0) -> Date:
    """The date of ``week``'s review evening (the slot's weekday within that week)."""
    first, _last = week_dates(week, week_start)
    return first.add(days=(slot[0] - week_start) % 7)


def review_moment(week: str, slot: tuple[int, str], tz: str, week_start: int = 0) -> DateTime:
    """The moment of ``week``'s review evening in zone ``tz``."""
    day = review_day(week, slot, week_start)
    hour, minute = parse_hhmm(slot[1])
    return pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=tz)


def reminder_due(
    now: DateTime, slot: tuple[int, str], finished_weeks: set[str], week_start: int = 0
) -> str | None:
    """The week whose review reminder is due at ``now``, or None.

    Due from the slot's start to the end of that day, while that week's review is unfinished.
    """
    week = week_key(now.date(), week_start)
    if week in finished_weeks:
        return None
    start = review_moment(week, slot, now.timezone_name or "UTC", week_start)
    end = start.start_of("day").add(hours=LATE_UNTIL_HOUR)
    return week if start <= now < end else None


def default_review_week(
    today: Date, finished_weeks: set[str], plan_start: Date | None = None, week_start: int = 0
) -> str:
    """The week ``w`` opens: this week, or last week early in a week while last week's
    review is still unfinished (and last week was part of the plan)."""
    this = week_key(today, week_start)
    last = shift_week(this, -1)
    first, _end = week_bounds(today, week_start)
    early = (today - first).in_days() <= OPEN_LAST_WEEK_UNTIL
    before_plan = plan_start is not None and week_dates(last, week_start)[1] < plan_start
    if early and last not in finished_weeks and not before_plan:
        return last
    return this


def plan_for(reviews: Iterable[WeeklyReview], day: Date, week_start: int = 0) -> list[str]:
    """The plan items made for ``day``'s week: the "next week" of the week before's review
    (what Today offers as Top 3 candidates on the days of that week)."""
    wanted = shift_week(week_key(day, week_start), -1)
    for review in reviews:
        if review.week == wanted:
            return [item for item in review.next_week if item.strip()]
    return []


# ---------------------------------------------------------------- what finishing changes


def clean_text(text: str) -> str:
    """A learning or a plan item on one line, spaces folded, at most MAX_TEXT characters."""
    return " ".join(text.split())[:MAX_TEXT]


def plan_source(week: str, item: str) -> str:
    """The source of a card made from a plan item; never read as a plan rule's period."""
    digest = hashlib.sha1(item.strip().encode("utf-8")).hexdigest()[:10]
    return f"weekly-plan:{week}/{digest}"


def plan_card(week: str, item: str, now_iso: str) -> BoardChange:
    """A kanban card (type "other", in This week) for one plan item; made once: its id and
    source come from the week and the item, so repeating the change adds nothing."""
    source = plan_source(week, item)
    card = Deliverable(
        title=item.strip(),
        type="other",
        column="week",
        id=source.replace("/", "-").replace(":", "-"),
        source=source,
        created=now_iso,
        updated=now_iso,
    )
    return add_at_bottom(card)


def write_review(
    learnings: Sequence[str], items: Sequence[str], now_iso: str, *, finish: bool = False
) -> Callable[[WeeklyReview], None]:
    """A change for ``Repository.update_weekly_review``: the review holds what is on screen;
    ``finish`` marks it finished (a finished review stays finished)."""
    learned = [t for t in (clean_text(x) for x in learnings) if t][:LEARNINGS]
    plan = [t for t in (clean_text(x) for x in items) if t][:MAX_ITEMS]

    def change(review: WeeklyReview) -> None:
        review.learnings = list(learned)
        review.next_week = list(plan)
        review.finished = review.finished or finish
        review.updated = now_iso

    return change


def finish_board(week: str, cards_for: Sequence[str], now_iso: str) -> BoardChange:
    """The board's side of finishing ``week``: the week's weekly-learnings card to Done, and a
    card for each plan item in ``cards_for``."""

    def change(board: Board) -> None:
        close_week_card(week, now_iso)(board)
        for item in cards_for:
            plan_card(week, item, now_iso)(board)

    return change


def review_block(
    templates: list[DayTemplate], record: DayRecord | None, day: Date
) -> TimeBlock | None:
    """The weekly-review block among ``day``'s blocks (template, edited or added), if any."""
    for block, _source in day_blocks(templates, record, day):
        if block.id.endswith(REVIEW_BLOCK_SUFFIX):
            return block
    return None


def block_to_tick(
    templates: list[DayTemplate],
    record_of: Callable[[str], DayRecord | None],
    week: str,
    today: Date,
    week_start: int = 0,
) -> tuple[str, str] | None:
    """(ISO date, block id) of the review block that finishing ``week`` ticks: today's when
    today is in that week and holds one, else the one of the week's review evening; None
    when there is none. ``record_of`` gives a date's day record."""
    days = [today] if week_key(today, week_start) == week else []
    days.append(review_day(week, review_slot(templates), week_start))
    for day in days:
        block = review_block(templates, record_of(day.isoformat()), day)
        if block is not None:
            return day.isoformat(), block.id
    return None


def tick(block_id: str) -> Callable[[DayRecord], None]:
    """A change for ``Repository.update_day``: the block is done."""

    def change(record: DayRecord) -> None:
        record.states[block_id] = "done"

    return change

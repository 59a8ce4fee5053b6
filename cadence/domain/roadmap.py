"""Where the year stands: goal progress by month / phase / track, pace against time, overdue
goals, the must-do checklists and the time logged on Karpathy's lectures.

Pure: plan records, dates and focus sessions in, figures out. No clock is read here; callers
pass ``today`` (the logical date from the app's clock).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pendulum import Date

from cadence.data.models import (
    TRACKS,
    ChecklistItem,
    FocusSession,
    MustDo,
    RoadmapGoal,
    RoadmapPhase,
)
from cadence.domain.plan_time import LAST_MONTH, MonthSpan, month_of, month_span

MONTHS = range(LAST_MONTH + 1)

#: How far (in goals) done may drift from expected before the plan is ahead / behind.
PACE_TOLERANCE = 1.0

#: Bounds of the "time you take per minute of lecture" ratio used for the hours-left estimate.
PACE_RATIO_BOUNDS = (0.5, 4.0)


# ---------------------------------------------------------------- counting goals


@dataclass(frozen=True)
class Tally:
    """``done`` of ``total`` things."""

    done: int = 0
    total: int = 0

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.fraction)

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.done + other.done, self.total + other.total)


def tally(goals: Iterable[RoadmapGoal]) -> Tally:
    """How many of ``goals`` are done."""
    items = list(goals)
    return Tally(sum(1 for g in items if g.done), len(items))


def goals_of_month(goals: Iterable[RoadmapGoal], month: int) -> list[RoadmapGoal]:
    """The goals of ``month``, tech first, then product, then output (plan order inside)."""
    rank = {t: i for i, t in enumerate(TRACKS)}
    chosen = [g for g in goals if g.month == month]
    return sorted(chosen, key=lambda g: rank.get(g.track, len(TRACKS)))


def progress_by_month(goals: Iterable[RoadmapGoal]) -> dict[int, Tally]:
    """Tally per month 0–12 (every month present, empty ones 0/0)."""
    items = list(goals)
    return {m: tally(g for g in items if g.month == m) for m in MONTHS}


def progress_by_phase(
    goals: Iterable[RoadmapGoal], phases: Iterable[RoadmapPhase]
) -> dict[str, Tally]:
    """Tally per phase id, over the months the phase covers."""
    items = list(goals)
    return {
        p.id: tally(g for g in items if p.first_month <= g.month <= p.last_month) for p in phases
    }


def progress_by_track(goals: Iterable[RoadmapGoal]) -> dict[str, Tally]:
    """Tally per track, in the plan's order (tech, product, output)."""
    items = list(goals)
    return {t: tally(g for g in items if g.track == t) for t in TRACKS}


# ---------------------------------------------------------------- time


def month_share_elapsed(plan_start: Date, month: int, today: Date) -> float:
    """How much of plan month ``month`` lies behind ``today``: 0 before it, 1 once it is over.

    Today counts as half gone, so a goal is not "expected" on a month's first morning in full.
    """
    span = month_span(plan_start, month)
    if today < span.first:
        return 0.0
    if today > span.last:
        return 1.0
    days = (span.last - span.first).in_days() + 1
    return ((today - span.first).in_days() + 0.5) / days


def expected_done(goals: Iterable[RoadmapGoal], plan_start: Date, today: Date) -> float:
    """Goals that should be done by ``today`` if each month's goals are spread evenly over it."""
    return sum(month_share_elapsed(plan_start, g.month, today) for g in goals)


@dataclass(frozen=True)
class Pace:
    """Progress against the time elapsed.

    ``status`` is "not_started" (before the plan), "ahead", "on_track" or "behind";
    ``expected`` is how many goals the calendar asks for by now; ``elapsed`` the share of
    the whole year (months 0–12) behind today.
    """

    status: str
    done: int
    total: int
    expected: float
    elapsed: float

    @property
    def gap(self) -> float:
        """Goals ahead (positive) or behind (negative) the calendar."""
        return self.done - self.expected


def pace(
    goals: Iterable[RoadmapGoal],
    plan_start: Date,
    today: Date,
    tolerance: float = PACE_TOLERANCE,
) -> Pace:
    """Compare the goals done with the goals the calendar expects by ``today``.

    Within ``tolerance`` goals of the expectation the plan is on track.
    """
    items = list(goals)
    done = sum(1 for g in items if g.done)
    last = month_span(plan_start, LAST_MONTH).last
    total_days = (last - plan_start).in_days() + 1
    elapsed = min(1.0, max(0.0, (today - plan_start).in_days() / total_days))
    expected = expected_done(items, plan_start, today)
    if today < plan_start:
        status = "not_started"
    elif done >= expected + tolerance:
        status = "ahead"
    elif done <= expected - tolerance:
        status = "behind"
    else:
        status = "on_track"
    return Pace(status, done, len(items), expected, elapsed)


def overdue_goals(goals: Iterable[RoadmapGoal], plan_start: Date, today: Date) -> list[RoadmapGoal]:
    """Goals of months that ended before ``today`` and are still not done."""
    current = month_of(plan_start, today)
    if current is None:
        return []
    return [g for g in goals if not g.done and g.month < current]


@dataclass(frozen=True)
class RoadmapMonth:
    """One plan month as the Roadmap shows it."""

    span: MonthSpan
    phase: RoadmapPhase | None
    goals: list[RoadmapGoal]
    tally: Tally
    overdue: int
    is_current: bool
    is_past: bool

    @property
    def index(self) -> int:
        return self.span.index


def roadmap_months(
    plan_start: Date,
    today: Date,
    phases: list[RoadmapPhase],
    goals: list[RoadmapGoal],
) -> list[RoadmapMonth]:
    """Months 0–12 with their dates, phase, goals and flags, counted from ``plan_start``."""
    current = month_of(plan_start, today)
    out: list[RoadmapMonth] = []
    for m in MONTHS:
        in_month = goals_of_month(goals, m)
        past = current is not None and m < current
        out.append(
            RoadmapMonth(
                span=month_span(plan_start, m),
                phase=next((p for p in phases if p.first_month <= m <= p.last_month), None),
                goals=in_month,
                tally=tally(in_month),
                overdue=sum(1 for g in in_month if not g.done) if past else 0,
                is_current=current == m,
                is_past=past,
            )
        )
    return out


def shifted_months(old_start: Date, new_start: Date) -> list[tuple[MonthSpan, MonthSpan]]:
    """Each month's dates before and after moving the plan start (for the preview)."""
    return [(month_span(old_start, m), month_span(new_start, m)) for m in MONTHS]


# ---------------------------------------------------------------- must-dos and lectures


def lecture_link(item_id: str) -> str:
    """The ``FocusSession.link`` of time spent on a lecture of the course."""
    return f"lecture:{item_id}"


def goal_link(goal_id: str) -> str:
    """The ``FocusSession.link`` of time spent on a roadmap goal."""
    return f"goal:{goal_id}"


def linked_seconds(sessions: Iterable[FocusSession], link: str) -> int:
    """Focused seconds of the sessions linked to ``link``."""
    return sum(s.focused_s for s in sessions if s.link == link)


def checklist_tally(must_do: MustDo) -> Tally:
    """Items done of a must-do's checklist."""
    return Tally(sum(1 for i in must_do.items if i.done), len(must_do.items))


def next_item(must_do: MustDo) -> ChecklistItem | None:
    """The first item not done yet (the next lecture / milestone)."""
    return next((i for i in must_do.items if not i.done), None)


@dataclass(frozen=True)
class LectureStat:
    item: ChecklistItem
    length_s: int
    logged_s: int
    sessions: int


@dataclass(frozen=True)
class CourseStats:
    """The course checklist with the time logged on each lecture.

    ``ratio`` is the time you took per minute of lecture on the lectures done (None until one
    done lecture has time logged); ``left_s`` estimates the time still needed: for each lecture
    not done, its length times the ratio (1 when unknown) minus what is already logged on it.
    Lectures without a length count nothing in the estimate (``unknown`` says how many).
    """

    lectures: list[LectureStat]
    tally: Tally
    logged_s: int
    length_s: int
    ratio: float | None
    left_s: int
    unknown: int


def course_stats(must_do: MustDo, sessions: Iterable[FocusSession]) -> CourseStats:
    """Per-lecture time logged (sessions linked ``lecture:<id>``) and the hours-left estimate."""
    by_link: dict[str, list[FocusSession]] = {}
    for s in sessions:
        if s.link:
            by_link.setdefault(s.link, []).append(s)
    lectures = []
    for item in must_do.items:
        linked = by_link.get(lecture_link(item.id), [])
        lectures.append(
            LectureStat(
                item=item,
                length_s=(item.minutes or 0) * 60,
                logged_s=sum(s.focused_s for s in linked),
                sessions=len(linked),
            )
        )
    done_timed = [x for x in lectures if x.item.done and x.logged_s > 0 and x.length_s > 0]
    ratio: float | None = None
    if done_timed:
        raw = sum(x.logged_s for x in done_timed) / sum(x.length_s for x in done_timed)
        low, high = PACE_RATIO_BOUNDS
        ratio = min(high, max(low, raw))
    factor = ratio if ratio is not None else 1.0
    left = 0.0
    unknown = 0
    for x in lectures:
        if x.item.done:
            continue
        if not x.length_s:
            unknown += 1
            continue
        left += max(0.0, x.length_s * factor - x.logged_s)
    return CourseStats(
        lectures=lectures,
        tally=checklist_tally(must_do),
        logged_s=sum(x.logged_s for x in lectures),
        length_s=sum(x.length_s for x in lectures),
        ratio=ratio,
        left_s=round(left),
        unknown=unknown,
    )


_MINUTES = re.compile(
    r"^\s*(?:(?P<h>\d{1,3})\s*h\s*(?P<hm>\d{1,2})?\s*m?|(?P<m>\d{1,4})\s*m?"
    r"|(?P<ch>\d{1,3}):(?P<cm>[0-5]\d))\s*$",
    re.IGNORECASE,
)


def parse_minutes(text: str) -> int | None:
    """A lecture length: ``"116"``, ``"116m"``, ``"1h56"``, ``"1h 56m"``, ``"2h"`` or ``"1:56"``.

    Returns minutes, None for an empty text; raises ValueError for anything else or for more
    than 100 hours.
    """
    if not text.strip():
        return None
    m = _MINUTES.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a length such as 116, 1h56 or 1:56")
    if m.group("h") is not None:
        minutes = int(m.group("h")) * 60 + int(m.group("hm") or 0)
        if m.group("hm") is not None and int(m.group("hm")) > 59:
            raise ValueError(f"{text!r}: minutes after the hours must be below 60")
    elif m.group("m") is not None:
        minutes = int(m.group("m"))
    else:
        minutes = int(m.group("ch")) * 60 + int(m.group("cm"))
    if minutes > 100 * 60:
        raise ValueError(f"{text!r} is longer than 100 hours")
    return minutes


def format_minutes(minutes: int | None) -> str:
    """``116`` → ``"1h56"``, ``45`` → ``"45m"``, None → ``""`` (``parse_minutes`` reads it back)."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours else f"{rest}m"

"""The plan's KPIs, computed from what was recorded. Pure: records and dates in, figures out.

What the plan measures (section 七 and 四 of the plan):
- study hours per week (≥ 8 h, averaged over three months; 10–15 h is the band it expects);
- output: at least 2 projects shipped and 3 in-depth case studies in twelve months, a demo
  every month, the weekly learnings every week;
- health: workouts three times a week, in bed before 23:00; learn in public: a post every day;
- the roadmap's goals done against the time gone;
- impact: hours saved per month and changes of the capstones' measures (section 七);
- the job move: leads from target to offer, interviews within months 9–12 (section 七);
- freelancing: engagements, hours, income and the cases they gave (section 八).

A workout is a day with ≥ 30 minutes logged in the check-in or in ticked health blocks
(``kpis.workout_minutes``); pass the day records to count the ticked blocks.

Conventions, shared with ``kpis`` so Today and Insights agree: a focus session counts on
the local date it started (``start[:10]``); a week is ``weeks.week_bounds`` of the user's
week-start setting (``week_start``, Monday = 0 by default), keyed ``"2026-W48"`` like the
weekly review (``weeks.week_key``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from pendulum import Date

from cadence.data.models import (
    JOB_STAGES,
    Capstone,
    DailyReview,
    DayRecord,
    Deliverable,
    FocusSession,
    FreelanceEntry,
    ImpactEntry,
    JobLead,
    Measure,
    Plan,
    RoadmapGoal,
    WeeklyReview,
)
from cadence.domain.kpis import WORKOUT_MIN, day_streak, workout_dates
from cadence.domain.plan_time import LAST_MONTH, elapsed_fraction, month_of, month_span
from cadence.domain.weeks import week_bounds, week_key

WEEKS = 12
HEATMAP_WEEKS = 53
RATE_DAYS = 30
# Focused time per day that makes each heatmap level: 0 = none, then < 1 h, < 2 h, < 4 h, more.
HEAT_STEPS = (1, 3600, 7200, 14400)

# Plan KPI ids and the targets used when a plan leaves them out.
KPI_PROJECTS = "projects-shipped"
KPI_CASE_STUDIES = "case-studies"
KPI_STUDY = "study-hours"
HABIT_WORKOUT = "workout"
KPI_IMPACT = "impact"
KPI_ROLE_CHANGE = "role-change"
# The job move's window when the plan's KPI does not say (section 七: months 9–12).
JOB_WINDOW = (9, 12)
DEFAULT_PROJECTS = 2
DEFAULT_CASE_STUDIES = 3
DEFAULT_WORKOUTS = 3


# ---------------------------------------------------------------- study hours


@dataclass(frozen=True)
class WeekHours:
    """Focused hours of one ISO week; ``partial`` while the week is still running."""

    key: str
    first: Date
    last: Date
    hours: float
    partial: bool = False

    @property
    def label(self) -> str:
        """Short axis label: ``"W48"``."""
        return self.key[5:]


def daily_seconds(sessions: Iterable[FocusSession], first: Date, last: Date) -> dict[str, int]:
    """Focused seconds per local start date (ISO), for sessions started ``first``..``last``."""
    lo, hi = first.isoformat(), last.isoformat()
    out: dict[str, int] = defaultdict(int)
    for s in sessions:
        day = s.start[:10]
        if lo <= day <= hi:
            out[day] += max(0, int(s.focused_s))
    return dict(out)


def iso_monday(day: Date) -> Date:
    """The Monday of ``day``'s ISO week (pendulum 3: Monday = 0)."""
    return week_bounds(day)[0]


def weekly_hours(
    sessions: Iterable[FocusSession], today: Date, weeks: int = WEEKS, week_start: int = 0
) -> list[WeekHours]:
    """Focused hours of the last ``weeks`` weeks, oldest first, the current week last."""
    this_first, _last = week_bounds(today, week_start)
    first = this_first.subtract(weeks=weeks - 1)
    per_day = daily_seconds(sessions, first, today)
    out = []
    for i in range(weeks):
        start = first.add(weeks=i)
        end = start.add(days=6)
        lo, hi = start.isoformat(), end.isoformat()
        seconds = sum(v for d, v in per_day.items() if lo <= d <= hi)
        key = week_key(start, week_start)
        out.append(WeekHours(key, start, end, seconds / 3600, today < end))
    return out


def past_weeks(weeks: Sequence[WeekHours], plan_start: Date) -> list[WeekHours]:
    """The weeks of ``weeks`` that are over and not wholly before the plan began: what an
    average of "the last n weeks" may count."""
    return [w for w in weeks if not w.partial and w.last >= plan_start]


def rolling_average(
    sessions: Iterable[FocusSession], end: Date, months: int = 3, since: Date | None = None
) -> float:
    """Average focused hours per week over the ``months`` months ending on ``end`` (inclusive).

    The window is ``end - months`` (exclusive) to ``end``; it starts no earlier than
    ``since`` (the plan's start), so a young plan is not diluted by empty weeks
    before it began. Hours per week = total hours / days in the window × 7.
    """
    first = end.subtract(months=months).add(days=1)
    if since is not None and since > first:
        first = since
    days = (end - first).in_days() + 1
    if days <= 0:
        return 0.0
    total = sum(daily_seconds(sessions, first, end).values())
    return total / 3600 / days * 7


def rolling_series(
    sessions: Sequence[FocusSession],
    today: Date,
    weeks: int = WEEKS,
    months: int = 3,
    since: Date | None = None,
    week_start: int = 0,
) -> list[tuple[str, float]]:
    """The rolling ``months``-month average at the end of each of the last ``weeks`` weeks.

    For the current week the window ends today. ``(week key, hours per week)`` pairs.
    """
    out = []
    for week in weekly_hours([], today, weeks, week_start):
        end = min(week.last, today)
        if since is not None and end < since:
            out.append((week.key, 0.0))
            continue
        out.append((week.key, rolling_average(sessions, end, months, since)))
    return out


# ---------------------------------------------------------------- heatmap


def heat_level(seconds: int, steps: Sequence[int] = HEAT_STEPS) -> int:
    """0 (nothing) … 4 (a long day): how many of ``steps`` the day's seconds reach."""
    return sum(1 for step in steps if seconds >= step)


@dataclass(frozen=True)
class Heatmap:
    """Focus per day over whole ISO weeks: column = week, row = weekday (Monday first)."""

    first: Date  # a Monday
    today: Date
    weeks: int
    seconds: dict[str, int]

    def day(self, week: int, weekday: int) -> Date:
        return self.first.add(weeks=week, days=weekday)

    def level(self, week: int, weekday: int) -> int | None:
        """The level of one cell; None for days after today."""
        day = self.day(week, weekday)
        if day > self.today:
            return None
        return heat_level(self.seconds.get(day.isoformat(), 0))

    @property
    def total_hours(self) -> float:
        return sum(self.seconds.values()) / 3600

    @property
    def active_days(self) -> int:
        return sum(1 for v in self.seconds.values() if v > 0)

    @property
    def best_day(self) -> tuple[str, int] | None:
        if not self.seconds:
            return None
        return max(self.seconds.items(), key=lambda kv: (kv[1], kv[0]))


def focus_heatmap(
    sessions: Iterable[FocusSession], today: Date, weeks: int = HEATMAP_WEEKS
) -> Heatmap:
    """Focus per day for the last ``weeks`` ISO weeks (a year by default), up to today."""
    first = iso_monday(today).subtract(weeks=weeks - 1)
    return Heatmap(first, today, weeks, daily_seconds(sessions, first, today))


# ---------------------------------------------------------------- deliverables


@dataclass(frozen=True)
class Target:
    """One output figure against what the plan asks for."""

    key: str  # "projects" | "case_studies" | "monthly_demo" | "weekly_reviews"
    done: int
    target: int

    @property
    def ratio(self) -> float:
        return min(1.0, self.done / self.target) if self.target > 0 else 1.0


def kpi_target(plan: Plan, kpi_id: str, default: int) -> int:
    for kpi in plan.kpis:
        if kpi.id == kpi_id and kpi.target is not None:
            return int(kpi.target)
    return default


def card_month(card: Deliverable, plan_start: Date) -> int | None:
    """The plan month a card belongs to: its own ``month``, else its due date's."""
    if card.month is not None:
        return card.month
    if card.due:
        try:
            due = Date.fromisoformat(card.due[:10])
        except ValueError:
            return None
        return month_of(plan_start, due)
    return None


def ship_done(plan: Plan) -> bool:
    """Whether the plan's must-ship goal (kind "ship") has every step done."""
    ships = [m for m in plan.must_dos if m.kind == "ship"]
    return any(m.items and all(i.done for i in m.items) for m in ships)


def projects_shipped(cards: Iterable[Deliverable], plan: Plan) -> int:
    """Done capstone cards, plus one when the must-ship app has every step done."""
    done = sum(1 for c in cards if c.type == "capstone" and c.column == "done")
    return done + (1 if ship_done(plan) else 0)


def months_due(plan_start: Date, today: Date) -> list[int]:
    """Plan months already over on ``today`` (0 … 12)."""
    current = month_of(plan_start, today)
    if current is None:
        return []
    return list(range(min(current, LAST_MONTH + 1)))


def demo_months(cards: Iterable[Deliverable], plan_start: Date, today: Date) -> Target:
    """The monthly demo kept: months with a done demo card, out of the months so far.

    A month counts once it is over, or earlier when its demo is already done.
    """
    done_months = {
        card_month(c, plan_start) for c in cards if c.type == "demo" and c.column == "done"
    }
    due = set(months_due(plan_start, today))
    current = month_of(plan_start, today)
    if current is not None and current <= LAST_MONTH and current in done_months:
        due.add(current)
    return Target("monthly_demo", len(due & done_months), len(due))


def weeks_since(plan_start: Date, today: Date, week_start: int = 0) -> list[str]:
    """Week keys from the plan's first week to the last week already over on ``today``."""
    out = []
    first, _last = week_bounds(plan_start, week_start)
    while first.add(days=6) < today:
        out.append(week_key(first, week_start))
        first = first.add(weeks=1)
    return out


def weekly_reviews_kept(
    reviews: Iterable[WeeklyReview], plan_start: Date, today: Date, week_start: int = 0
) -> Target:
    """Finished weekly reviews out of the weeks already over since the plan began; the
    running week counts too once its review is finished (it is kept, not late)."""
    due = weeks_since(plan_start, today, week_start)
    finished = {r.week for r in reviews if r.finished}
    this = week_key(today, week_start)
    if plan_start <= today and this in finished and this not in due:
        due.append(this)
    return Target("weekly_reviews", len(finished & set(due)), len(due))


def deliverable_targets(
    cards: Sequence[Deliverable],
    plan: Plan,
    weekly: Sequence[WeeklyReview],
    plan_start: Date,
    today: Date,
    week_start: int = 0,
) -> list[Target]:
    """Projects shipped, case studies, monthly demo kept, weekly reviews kept."""
    case_studies = sum(1 for c in cards if c.type == "case_study" and c.column == "done")
    return [
        Target(
            "projects",
            projects_shipped(cards, plan),
            kpi_target(plan, KPI_PROJECTS, DEFAULT_PROJECTS),
        ),
        Target(
            "case_studies", case_studies, kpi_target(plan, KPI_CASE_STUDIES, DEFAULT_CASE_STUDIES)
        ),
        demo_months(cards, plan_start, today),
        weekly_reviews_kept(weekly, plan_start, today, week_start),
    ]


# ---------------------------------------------------------------- habits


@dataclass(frozen=True)
class Rate:
    """A yes/no habit over recent days: yes answers out of answered days, and its streak."""

    yes: int
    answered: int
    days: int
    streak: int

    @property
    def ratio(self) -> float | None:
        return self.yes / self.answered if self.answered else None


def yes_no_rate(
    reviews: Iterable[DailyReview], field_name: str, today: Date, days: int = RATE_DAYS
) -> Rate:
    """The share of ``days`` days up to today whose review says yes to ``field_name``.

    Days without a review, or whose review left the question open (None), are not
    counted as no: they are simply not answered. The streak uses every review.
    """
    first = today.subtract(days=days - 1).isoformat()
    hi = today.isoformat()
    yes_all: set[str] = set()
    yes = answered = 0
    for r in reviews:
        value = getattr(r, field_name)
        if value:
            yes_all.add(r.date)
        if first <= r.date <= hi and value is not None:
            answered += 1
            yes += 1 if value else 0
    return Rate(yes, answered, days, day_streak(yes_all, today))


def workouts_per_week(
    reviews: Iterable[DailyReview],
    today: Date,
    weeks: int = WEEKS,
    *,
    plan: Plan | None = None,
    days: Iterable[DayRecord] = (),
    week_start: int = 0,
) -> list[tuple[str, int]]:
    """Workout days in each of the last ``weeks`` weeks: ≥ 30 minutes logged in a review,
    or (with ``plan`` and ``days``) in health blocks ticked done."""
    reviews = list(reviews)
    if plan is not None:
        first = week_bounds(today, week_start)[0].subtract(weeks=weeks - 1)
        records = {r.date: r for r in days}
        dates = set(workout_dates(plan.templates, records, reviews, first, today))
    else:
        dates = {r.date for r in reviews if (r.workout_min or 0) >= WORKOUT_MIN}
    out = []
    for week in weekly_hours([], today, weeks, week_start):
        lo, hi = week.first.isoformat(), week.last.isoformat()
        out.append((week.key, sum(1 for d in dates if lo <= d <= hi)))
    return out


def week_streak(counts: Sequence[tuple[str, int]], target: int) -> int:
    """Weeks in a row meeting ``target``, ending with the last one; the running (last)
    week is skipped while it has not met the target yet."""
    values = [n for _key, n in counts]
    if values and values[-1] < target:
        values = values[:-1]
    streak = 0
    for n in reversed(values):
        if n < target:
            break
        streak += 1
    return streak


@dataclass(frozen=True)
class Habits:
    workouts: list[tuple[str, int]]
    workout_target: int
    workout_streak: int
    bed: Rate
    posted: Rate

    @property
    def workouts_this_week(self) -> int:
        return self.workouts[-1][1] if self.workouts else 0

    @property
    def workout_average(self) -> float:
        """Workouts per week over the finished weeks of the series."""
        done = self.workouts[:-1]
        return sum(n for _k, n in done) / len(done) if done else 0.0


def habit_figures(
    reviews: Sequence[DailyReview],
    plan: Plan,
    today: Date,
    weeks: int = WEEKS,
    days: Sequence[DayRecord] = (),
    week_start: int = 0,
) -> Habits:
    """Workouts per week vs the plan's 3, nights in bed before 23:00, days posted.

    With the day records (``days``), ticked health blocks count as workouts too."""
    target = DEFAULT_WORKOUTS
    for habit in plan.habits:
        if habit.id == HABIT_WORKOUT and habit.per_week:
            target = habit.per_week
    counts = workouts_per_week(
        reviews, today, weeks, plan=plan if days else None, days=days, week_start=week_start
    )
    return Habits(
        workouts=counts,
        workout_target=target,
        workout_streak=week_streak(counts, target),
        bed=yes_no_rate(reviews, "bed_before_23", today),
        posted=yes_no_rate(reviews, "posted", today),
    )


# ---------------------------------------------------------------- roadmap


@dataclass(frozen=True)
class MustDoProgress:
    title: str
    done: int
    total: int


@dataclass(frozen=True)
class RoadmapProgress:
    """Goals done against the share of the plan's time gone."""

    goals_done: int
    goals_total: int
    elapsed: float  # 0..1
    month: int | None  # the plan month of today (None before the start, 13 after)
    planned_curve: list[float]  # share of goals planned by the end of month 0..12
    done_curve: list[float]  # share of goals done by the end of month 0..current
    must_dos: list[MustDoProgress] = field(default_factory=list)

    @property
    def done_fraction(self) -> float:
        return self.goals_done / self.goals_total if self.goals_total else 0.0

    @property
    def ahead(self) -> float:
        """Goals done minus time gone, as a share (positive: ahead of time)."""
        return self.done_fraction - self.elapsed


def _done_by(goal: RoadmapGoal, day: Date) -> bool:
    if not goal.done:
        return False
    if not goal.done_on:
        return True
    return goal.done_on[:10] <= day.isoformat()


def roadmap_progress(plan: Plan, plan_start: Date, today: Date) -> RoadmapProgress:
    """Goals done vs time elapsed, the cumulative planned and done curves, and the must-dos."""
    goals = plan.goals
    total = len(goals)
    month = month_of(plan_start, today)
    planned = []
    done_curve = []
    for m in range(LAST_MONTH + 1):
        planned.append(sum(1 for g in goals if g.month <= m) / total if total else 0.0)
        if month is not None and m <= month:
            end = min(month_span(plan_start, m).last, today)
            done_curve.append(sum(1 for g in goals if _done_by(g, end)) / total if total else 0.0)
    must = [
        MustDoProgress(m.title, sum(1 for i in m.items if i.done), len(m.items))
        for m in plan.must_dos
    ]
    return RoadmapProgress(
        goals_done=sum(1 for g in goals if g.done),
        goals_total=total,
        elapsed=elapsed_fraction(plan_start, today),
        month=month,
        planned_curve=planned,
        done_curve=done_curve,
        must_dos=must,
    )


# ---------------------------------------------------------------- all of it


@dataclass(frozen=True)
class Insights:
    """Every figure the Insights screen shows."""

    today: Date
    target_h: float
    band: tuple[float, float]
    weeks: list[WeekHours]
    rolling: list[tuple[str, float]]
    average_3m: float
    heatmap: Heatmap
    targets: list[Target]
    habits: Habits
    roadmap: RoadmapProgress
    plan_start: Date
    impact: Impact
    job_move: JobMove
    freelance: FreelanceFigures

    @property
    def past_weeks(self) -> list[WeekHours]:
        """The chart's weeks that are over, since the plan began (see :func:`past_weeks`)."""
        return past_weeks(self.weeks, self.plan_start)

    @property
    def past_average(self) -> float:
        """Hours a week over :attr:`past_weeks` (0 when none is over yet)."""
        done = self.past_weeks
        return sum(w.hours for w in done) / len(done) if done else 0.0


@dataclass(frozen=True)
class Records:
    """What the figures are computed from: the Insights screen and the Markdown report
    (``export.markdown``) read the same records and settings.

    ``days`` (day records) lets ticked health blocks count as workouts; ``week_start`` is
    the setting (weeks as Today counts them)."""

    sessions: Sequence[FocusSession]
    reviews: Sequence[DailyReview]
    weekly: Sequence[WeeklyReview]
    cards: Sequence[Deliverable]
    plan: Plan
    plan_start: Date
    today: Date
    target_h: float = 8.0
    band: tuple[float, float] = (10.0, 15.0)
    days: Sequence[DayRecord] = ()
    week_start: int = 0


def build_insights(
    records: Records,
    *,
    impact: Iterable[ImpactEntry] = (),
    leads: Iterable[JobLead] = (),
    freelance: Iterable[FreelanceEntry] = (),
) -> Insights:
    """All the figures, from records covering at least the last year up to ``today``
    (``days``: the day records of the last ``WEEKS`` weeks)."""
    r = records
    return Insights(
        today=r.today,
        target_h=r.target_h,
        band=r.band,
        weeks=weekly_hours(r.sessions, r.today, week_start=r.week_start),
        rolling=rolling_series(r.sessions, r.today, since=r.plan_start, week_start=r.week_start),
        average_3m=rolling_average(r.sessions, r.today, since=r.plan_start),
        heatmap=focus_heatmap(r.sessions, r.today),
        targets=deliverable_targets(r.cards, r.plan, r.weekly, r.plan_start, r.today, r.week_start),
        habits=habit_figures(r.reviews, r.plan, r.today, days=r.days, week_start=r.week_start),
        roadmap=roadmap_progress(r.plan, r.plan_start, r.today),
        plan_start=r.plan_start,
        impact=impact_figures(impact, r.plan, r.plan_start, r.today),
        job_move=job_move_figures(leads, r.plan, r.plan_start, r.today),
        freelance=freelance_figures(freelance, r.plan_start, r.today),
    )


def records_from(today: Date, week_start: int = 0) -> Date:
    """The first date whose records :func:`build_insights` needs (the heatmap's first Monday,
    three months before the oldest week of the charts, whichever is earlier)."""
    heat = iso_monday(today).subtract(weeks=HEATMAP_WEEKS - 1)
    first = week_bounds(today, week_start)[0]
    rolling = first.subtract(weeks=WEEKS - 1).subtract(months=3)
    return min(heat, rolling)


# ---------------------------------------------------------------- one week (or any period)


@dataclass(frozen=True)
class PeriodFigures:
    """What a weekly review (or a report) shows of its dates ``first``..``last``."""

    hours: float
    sessions: int
    focus_days: int
    days: int  # days of the period up to today
    workouts: int
    bed_yes: int
    bed_answered: int
    posted_yes: int
    posted_answered: int
    reviews: int
    cards_done: int
    learned: list[str]


def period_figures(
    sessions: Iterable[FocusSession],
    reviews: Iterable[DailyReview],
    cards: Iterable[Deliverable],
    first: Date,
    last: Date,
    today: Date,
    *,
    plan: Plan | None = None,
    days_records: Iterable[DayRecord] = (),
) -> PeriodFigures:
    """The figures of ``first``..``last`` (days after ``today`` are not counted as days).

    Workouts: days with ≥ 30 minutes logged; with ``plan`` and ``days_records``, ticked
    health blocks count too."""
    lo, hi = first.isoformat(), last.isoformat()
    mine = [s for s in sessions if lo <= s.start[:10] <= hi]
    days = [r for r in reviews if lo <= r.date <= hi]
    end = min(last, today)
    learned = [t for r in days for t in r.learned if t.strip()]
    return PeriodFigures(
        hours=sum(max(0, s.focused_s) for s in mine) / 3600,
        sessions=len(mine),
        focus_days=len({s.start[:10] for s in mine if s.focused_s > 0}),
        days=max(0, (end - first).in_days() + 1),
        workouts=(
            len(
                workout_dates(
                    plan.templates, {r.date: r for r in days_records}, days, first, min(last, today)
                )
            )
            if plan is not None
            else sum(1 for r in days if (r.workout_min or 0) >= WORKOUT_MIN)
        ),
        bed_yes=sum(1 for r in days if r.bed_before_23),
        bed_answered=sum(1 for r in days if r.bed_before_23 is not None),
        posted_yes=sum(1 for r in days if r.posted),
        posted_answered=sum(1 for r in days if r.posted is not None),
        reviews=sum(1 for r in days if r.finished),
        cards_done=sum(
            1 for c in cards if c.column == "done" and c.updated and lo <= c.updated[:10] <= hi
        ),
        learned=list(dict.fromkeys(learned)),
    )


# ---------------------------------------------------------------- impact (section 七)


@dataclass(frozen=True)
class MetricChange:
    """The latest recorded change of one capstone measure."""

    measure_id: str
    name: str  # the measure's name in the plan (its id when the plan no longer has it)
    unit: str
    capstone: str  # the capstone's title ("" when unknown)
    value: float  # the change, in the measure's unit (+12 for "+12 %")
    date: str
    records: int  # how many changes of it were recorded


@dataclass(frozen=True)
class Impact:
    """What AI brought at work: hours saved per plan month, and the measures' changes."""

    hours_by_month: list[tuple[int, float]]  # (plan month, hours saved) for months 0..now
    month: int | None  # the plan month of today
    target_h: float | None  # the plan's hours-a-month target, when it sets one
    metrics: list[MetricChange]

    @property
    def hours_this_month(self) -> float:
        return dict(self.hours_by_month).get(self.month, 0.0) if self.month is not None else 0.0

    @property
    def hours_total(self) -> float:
        return sum(h for _m, h in self.hours_by_month)

    @property
    def best_month(self) -> tuple[int, float] | None:
        months = [(m, h) for m, h in self.hours_by_month if h > 0]
        return max(months, key=lambda mh: (mh[1], -mh[0])) if months else None

    @property
    def average_h(self) -> float:
        """Hours saved per month since the first month with a record, this month included."""
        months = [m for m, h in self.hours_by_month if h > 0]
        if not months:
            return 0.0
        span = [(m, h) for m, h in self.hours_by_month if m >= months[0]]
        return sum(h for _m, h in span) / len(span)


def impact_measures(plan: Plan) -> list[tuple[Capstone, Measure]]:
    """The capstone measures an impact record can name (those with an id), in plan order."""
    return [(c, m) for c in plan.capstones for m in c.measures if m.id]


def _measure(plan: Plan, measure_id: str) -> tuple[Capstone | None, Measure | None]:
    for capstone, measure in impact_measures(plan):
        if measure.id == measure_id:
            return capstone, measure
    return None, None


def impact_figures(
    entries: Iterable[ImpactEntry], plan: Plan, plan_start: Date, today: Date
) -> Impact:
    """Hours saved per plan month (0 … today's month) and the latest change of each measure."""
    current = month_of(plan_start, today)
    last = min(current, LAST_MONTH) if current is not None else -1
    hours = {m: 0.0 for m in range(last + 1)}
    latest: dict[str, tuple[ImpactEntry, int]] = {}
    for entry in sorted(entries, key=lambda e: (e.date, e.created)):
        if entry.kind == "hours_saved":
            try:
                month = month_of(plan_start, Date.fromisoformat(entry.date[:10]))
            except ValueError:
                continue
            if month is not None and month in hours:
                hours[month] += entry.value
        elif entry.kind == "metric" and entry.measure:
            count = latest.get(entry.measure, (entry, 0))[1]
            latest[entry.measure] = (entry, count + 1)
    metrics = []
    for measure_id, (entry, count) in latest.items():
        capstone, measure = _measure(plan, measure_id)
        metrics.append(
            MetricChange(
                measure_id=measure_id,
                name=measure.name if measure else measure_id,
                unit=measure.unit if measure else "",
                capstone=capstone.title if capstone else "",
                value=entry.value,
                date=entry.date,
                records=count,
            )
        )
    order = {m.id: i for i, (_c, m) in enumerate(impact_measures(plan))}
    metrics.sort(key=lambda m: (order.get(m.measure_id, len(order)), m.measure_id))
    target = next((k.target for k in plan.kpis if k.id == KPI_IMPACT), None)
    return Impact(sorted(hours.items()), current, target, metrics)


# ---------------------------------------------------------------- the job move (section 七)


@dataclass(frozen=True)
class JobMove:
    """The job search against the plan's window (months 9–12): leads by stage, interviews
    in the window, offers, and whether the move happened (an offer accepted)."""

    reached: dict[str, int]  # stage → leads that ever reached it
    at: dict[str, int]  # stage → open leads whose furthest stage it is
    interviews_in_window: int  # leads that reached "interview" within the window
    offers: int  # leads that reached "offer"
    accepted: int  # offers accepted (a new role or an internal transfer)
    window: tuple[int, int]  # plan months
    window_first: Date
    window_last: Date
    today: Date

    @property
    def in_window(self) -> bool:
        return self.window_first <= self.today <= self.window_last

    @property
    def before_window(self) -> bool:
        return self.today < self.window_first

    @property
    def done(self) -> bool:
        """The KPI is met: an AI PM offer accepted (or the internal move made)."""
        return self.accepted > 0


def next_job_stage(stage: str) -> str | None:
    """The stage after ``stage`` (target → applied → interview → offer); None after an offer."""
    if stage not in JOB_STAGES:
        return JOB_STAGES[0]
    index = JOB_STAGES.index(stage) + 1
    return JOB_STAGES[index] if index < len(JOB_STAGES) else None


def advance_lead(on: str) -> Callable[[JobLead], None]:
    """A change for ``Repository.update_career``: the lead reaches its next stage on ``on``
    (ISO date); nothing happens after an offer. Applied inside the store's transaction."""

    def change(lead: JobLead) -> None:
        stage = next_job_stage(lead.stage)
        if stage is not None:
            lead.stages.setdefault(JOB_STAGES[0], on)
            lead.stages[stage] = on
            lead.updated = on

    return change


def job_window(plan: Plan) -> tuple[int, int]:
    """The job move's plan months, from the plan's "role-change" KPI (9–12 by default)."""
    for kpi in plan.kpis:
        if kpi.id == KPI_ROLE_CHANGE:
            return (
                kpi.first_month if kpi.first_month is not None else JOB_WINDOW[0],
                kpi.last_month if kpi.last_month is not None else JOB_WINDOW[1],
            )
    return JOB_WINDOW


def job_move_figures(
    leads: Iterable[JobLead], plan: Plan, plan_start: Date, today: Date
) -> JobMove:
    """Counts of the job move's pipeline (target → applied → interview → offer)."""
    leads = list(leads)
    first_month, last_month = job_window(plan)
    first = month_span(plan_start, first_month).first
    last = month_span(plan_start, last_month).last
    reached = {stage: 0 for stage in JOB_STAGES}
    at = {stage: 0 for stage in JOB_STAGES}
    interviews = 0
    for lead in leads:
        stages = set(lead.stages) | {JOB_STAGES[0]}
        for stage in JOB_STAGES:
            if stage in stages:
                reached[stage] += 1
        if lead.outcome == "open":
            at[lead.stage] += 1
        when = lead.stages.get("interview", "")[:10]
        if when and first.isoformat() <= when <= last.isoformat():
            interviews += 1
    accepted = sum(1 for lead in leads if lead.outcome == "accepted")
    return JobMove(
        reached=reached,
        at=at,
        interviews_in_window=interviews,
        offers=reached["offer"],
        accepted=accepted,
        window=(first_month, last_month),
        window_first=first,
        window_last=last,
        today=today,
    )


# ---------------------------------------------------------------- freelancing (section 八)


@dataclass(frozen=True)
class FreelanceFigures:
    """Freelance work so far: engagements, hours, income per currency, and the cases."""

    engagements: int
    hours: float
    income: dict[str, float]  # currency ("" when not given) → total
    cases: list[str]  # the cases they gave, newest first, each once
    by_month: list[tuple[int, float]]  # (plan month, hours) for months with work


def freelance_figures(
    entries: Iterable[FreelanceEntry], plan_start: Date, today: Date
) -> FreelanceFigures:
    """Totals of the freelance log up to ``today``."""
    done = [e for e in entries if e.date[:10] <= today.isoformat()]
    income: dict[str, float] = defaultdict(float)
    months: dict[int, float] = defaultdict(float)
    for entry in done:
        income[entry.currency] += entry.income
        try:
            month = month_of(plan_start, Date.fromisoformat(entry.date[:10]))
        except ValueError:
            month = None
        if month is not None:
            months[month] += entry.hours
    newest = sorted(done, key=lambda e: (e.date, e.created), reverse=True)
    cases = list(dict.fromkeys(e.case.strip() for e in newest if e.case.strip()))
    return FreelanceFigures(
        engagements=len(done),
        hours=sum(e.hours for e in done),
        income=dict(income),
        cases=cases,
        by_month=sorted(months.items()),
    )

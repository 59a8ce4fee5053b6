"""The Insights figures, each checked against a computation of its own (plain datetime)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.data.models import (
    KPI,
    ChecklistItem,
    DailyReview,
    Deliverable,
    FocusSession,
    Habit,
    MustDo,
    Plan,
    RoadmapGoal,
    WeeklyReview,
)
from cadence.domain import insights

TODAY = pendulum.date(2026, 12, 1)  # a Tuesday, in 2026-W49


def session(day: dt.date, minutes: int, hour: int = 20) -> FocusSession:
    start = dt.datetime(day.year, day.month, day.day, hour, 30)
    end = start + dt.timedelta(minutes=minutes)
    return FocusSession(
        start=start.isoformat() + "+08:00",
        end=end.isoformat() + "+08:00",
        planned_s=minutes * 60,
        focused_s=minutes * 60,
    )


def months_back(day: dt.date, months: int) -> dt.date:
    """``day`` minus ``months`` calendar months, the day clamped to the month's end."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


sessions_strategy = st.lists(
    st.tuples(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=300)),
    max_size=60,
)


# ---------------------------------------------------------------- study hours


@settings(max_examples=60, deadline=None)
@given(sessions_strategy)
def test_weekly_hours_match_an_iso_calendar_count(raw):
    today = dt.date(2026, 12, 1)
    sessions = [session(today - dt.timedelta(days=back), minutes) for back, minutes in raw]
    weeks = insights.weekly_hours(sessions, TODAY)
    expected: dict[tuple[int, int], float] = defaultdict(float)
    for back, minutes in raw:
        year, week, _ = (today - dt.timedelta(days=back)).isocalendar()
        expected[(year, week)] += minutes / 60
    assert len(weeks) == 12
    assert weeks[-1].key == "2026-W49" and weeks[-1].partial
    assert weeks[0].key == "2026-W38" and not weeks[0].partial
    for w in weeks:
        year, week = int(w.key[:4]), int(w.key[6:])
        assert w.hours == pytest.approx(expected.get((year, week), 0.0))


@settings(max_examples=60, deadline=None)
@given(sessions_strategy, st.integers(min_value=0, max_value=200))
def test_rolling_average_is_hours_over_the_window_times_seven(raw, started_back):
    today = dt.date(2026, 12, 1)
    since = today - dt.timedelta(days=started_back)
    sessions = [session(today - dt.timedelta(days=back), minutes) for back, minutes in raw]
    got = insights.rolling_average(sessions, TODAY, since=pendulum.instance(since))
    first = max(months_back(today, 3) + dt.timedelta(days=1), since)
    days = (today - first).days + 1
    minutes = sum(m for back, m in raw if first <= today - dt.timedelta(days=back) <= today)
    assert got == pytest.approx(minutes / 60 / days * 7)


def test_rolling_average_over_a_whole_quarter():
    # 92 days (2026-09-02 .. 2026-12-01), 2 h every day: 14 h a week.
    sessions = [session(TODAY.subtract(days=i), 120) for i in range(0, 120)]
    assert insights.rolling_average(sessions, TODAY) == pytest.approx(14.0)
    series = insights.rolling_series(sessions, TODAY)
    assert [k for k, _v in series][-1] == "2026-W49"
    assert all(v == pytest.approx(14.0) for _k, v in series[-3:])


# ---------------------------------------------------------------- heatmap


def test_heat_levels_are_the_documented_steps():
    assert [insights.heat_level(s) for s in (0, 1, 3599, 3600, 7199, 7200, 14400)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        4,
    ]


def test_the_heatmap_covers_53_whole_weeks_up_to_today():
    sessions = [session(dt.date(2026, 11, 30), 150), session(dt.date(2026, 11, 30), 30)]
    heat = insights.focus_heatmap(sessions, TODAY)
    assert heat.first == pendulum.date(2025, 12, 1) and heat.first.isoweekday() == 1
    assert heat.weeks == 53
    assert heat.level(52, 0) == 3  # Monday 2026-11-30: 3 h
    assert heat.level(52, 1) == 0  # today, nothing yet
    assert heat.level(52, 2) is None  # tomorrow
    assert heat.active_days == 1 and heat.total_hours == pytest.approx(3.0)
    assert heat.best_day == ("2026-11-30", 10800)


# ---------------------------------------------------------------- deliverables


def plan_with(goals=(), must_dos=(), kpis=None) -> Plan:
    return Plan(
        id="p",
        name="P",
        language="en",
        goals=list(goals),
        must_dos=list(must_dos),
        kpis=kpis
        if kpis is not None
        else [KPI("projects-shipped", "P", 2), KPI("case-studies", "C", 3)],
        habits=[Habit("workout", "W", per_week=3)],
    )


def card(kind: str, column: str, month: int | None = None, due: str | None = None):
    return Deliverable(title=kind, type=kind, column=column, month=month, due=due)


def test_deliverables_against_the_plan_targets():
    plan_start = pendulum.date(2026, 8, 1)  # today is in plan month 4
    ship = MustDo("ship", "Ship", "ship", [ChecklistItem("a", done=True)])
    cards = [
        card("capstone", "done"),
        card("capstone", "doing"),
        card("case_study", "done"),
        card("case_study", "done"),
        card("case_study", "doing"),
        card("demo", "done", month=0),
        card("demo", "doing", month=1),
        card("demo", "done", due="2026-10-15"),  # month 2 by its due date
        card("demo", "done", month=4),  # this month, already done
    ]
    weekly = [WeeklyReview("2026-W31", finished=True), WeeklyReview("2026-W32")]
    got = {t.key: t for t in insights.deliverable_targets(cards, plan_with(must_dos=[ship]), weekly,
                                                          plan_start, TODAY)}  # fmt: skip
    assert (got["projects"].done, got["projects"].target) == (2, 2)  # capstone + shipped app
    assert (got["case_studies"].done, got["case_studies"].target) == (2, 3)
    # Months 0-3 are over: 0 and 2 kept, 1 and 3 missed; month 4 counts as it is done.
    assert (got["monthly_demo"].done, got["monthly_demo"].target) == (3, 5)
    # Weeks W31 (the plan's first) to W48 are over: 18 weeks, one review finished.
    assert (got["weekly_reviews"].done, got["weekly_reviews"].target) == (1, 18)


def test_targets_default_when_the_plan_has_no_kpis():
    got = insights.deliverable_targets([], plan_with(kpis=[]), [], TODAY, TODAY)
    assert [(t.key, t.done, t.target) for t in got[:2]] == [
        ("projects", 0, 2),
        ("case_studies", 0, 3),
    ]


# ---------------------------------------------------------------- habits


def review(day: dt.date, **values) -> DailyReview:
    return DailyReview(date=day.isoformat(), finished=True, **values)


def test_habit_rates_and_streaks():
    today = dt.date(2026, 12, 1)
    reviews = []
    for back in range(0, 40):
        day = today - dt.timedelta(days=back)
        reviews.append(
            review(
                day,
                bed_before_23=None if back == 5 else back != 9,
                posted=back % 2 == 1,
                workout_min=40 if back % 3 == 0 else None,
            )
        )
    h = insights.habit_figures(reviews, plan_with(), TODAY)
    # 30 days back from today: day 5 unanswered, day 9 a late night.
    assert (h.bed.yes, h.bed.answered) == (28, 29)
    assert h.bed.streak == 5  # today .. 4 days back; day 5 unanswered stops it
    assert (h.posted.yes, h.posted.answered) == (15, 30)
    assert h.posted.streak == 1  # not today (even), yesterday yes, the day before no
    # Workouts: every third day counted by ISO week, the independent way.
    expected: dict[str, int] = defaultdict(int)
    for back in range(0, 40, 3):
        year, week, _ = (today - dt.timedelta(days=back)).isocalendar()
        expected[f"{year}-W{week:02d}"] += 1
    assert h.workouts == [(k, expected.get(k, 0)) for k, _n in h.workouts]
    assert h.workout_target == 3


def test_week_streak_skips_the_running_week_until_it_meets_the_target():
    counts = [("a", 3), ("b", 1), ("c", 3), ("d", 4), ("e", 0)]
    assert insights.week_streak(counts, 3) == 2
    assert insights.week_streak([*counts[:-1], ("e", 3)], 3) == 3
    assert insights.week_streak([], 3) == 0


# ---------------------------------------------------------------- roadmap


def test_roadmap_progress_against_time():
    plan_start = pendulum.date(2026, 8, 1)
    goals = [
        RoadmapGoal(0, "tech", "a", done=True, done_on="2026-08-20"),
        RoadmapGoal(0, "tech", "b", done=True, done_on="2026-09-05"),
        RoadmapGoal(1, "tech", "c"),
        RoadmapGoal(5, "tech", "d", done=True),
    ]
    course = MustDo("k", "Course", "course", [ChecklistItem("x", done=True), ChecklistItem("y")])
    r = insights.roadmap_progress(plan_with(goals, [course]), plan_start, TODAY)
    assert (r.goals_done, r.goals_total, r.month) == (3, 4, 4)
    # The plan runs 2026-08-01 .. 2027-08-31 (396 days); 122 days are behind 2026-12-01.
    assert r.elapsed == pytest.approx(122 / 396)
    assert r.planned_curve[0] == 0.5 and r.planned_curve[4] == 0.75 and r.planned_curve[12] == 1
    # By the end of month 0 (2026-08-31): a, and d (done, no date). Month 1: b too.
    assert r.done_curve[:2] == [0.5, 0.75]
    assert len(r.done_curve) == 5
    assert r.must_dos[0].done == 1 and r.must_dos[0].total == 2
    assert r.ahead == pytest.approx(0.75 - 122 / 396)


# ---------------------------------------------------------------- one week


def test_period_figures_of_a_week():
    first, last = pendulum.date(2026, 11, 30), pendulum.date(2026, 12, 6)
    sessions = [
        session(dt.date(2026, 11, 29), 60),  # the week before
        session(dt.date(2026, 11, 30), 90),
        session(dt.date(2026, 11, 30), 0),
        session(dt.date(2026, 12, 1), 30),
    ]
    reviews = [
        review(dt.date(2026, 11, 30), workout_min=30, bed_before_23=True, posted=False,
               learned=["x", "y"]),
        review(dt.date(2026, 12, 1), bed_before_23=False, learned=["x"]),
    ]  # fmt: skip
    cards = [
        Deliverable("a", column="done", updated="2026-12-01T10:00:00+08:00"),
        Deliverable("b", column="done", updated="2026-11-20T10:00:00+08:00"),
    ]
    f = insights.period_figures(sessions, reviews, cards, first, last, TODAY)
    assert f.hours == pytest.approx(2.0)
    assert (f.sessions, f.focus_days, f.days) == (3, 2, 2)
    assert (f.workouts, f.bed_yes, f.bed_answered) == (1, 1, 2)
    assert (f.posted_yes, f.posted_answered, f.reviews, f.cards_done) == (0, 1, 2, 1)
    assert f.learned == ["x", "y"]


# ---------------------------------------------------------------- issue 12: weeks as the user counts them


@settings(max_examples=40, deadline=None)
@given(sessions_strategy, st.integers(min_value=0, max_value=6))
def test_weekly_hours_follow_the_week_start_setting(raw, week_start):
    today = dt.date(2026, 12, 1)
    sessions = [session(today - dt.timedelta(days=back), minutes) for back, minutes in raw]
    weeks = insights.weekly_hours(sessions, TODAY, week_start=week_start)
    # Independent: a week starts on the last ``week_start`` weekday on or before the day.
    this_first = today - dt.timedelta(days=(today.weekday() - week_start) % 7)
    assert weeks[-1].first.isoformat() == this_first.isoformat()
    for w in weeks:
        lo, hi = (
            dt.date.fromisoformat(w.first.isoformat()),
            dt.date.fromisoformat(w.last.isoformat()),
        )
        assert lo.weekday() == week_start and (hi - lo).days == 6
        minutes = sum(m for back, m in raw if lo <= today - dt.timedelta(days=back) <= hi)
        assert w.hours == pytest.approx(minutes / 60)


def test_the_average_counts_no_week_before_the_plan_began():
    sessions = [session(TODAY.subtract(days=i), 60) for i in range(1, 100)]
    weeks = insights.weekly_hours(sessions, TODAY)
    # The plan began on Wednesday 2026-11-18 (W47): W47 and W48 are over, W49 runs.
    past = insights.past_weeks(weeks, pendulum.date(2026, 11, 18))
    assert [w.key for w in past] == ["2026-W47", "2026-W48"]
    assert insights.past_weeks(weeks, TODAY) == []  # the plan began today: none is over
    fig = insights.build_insights(insights.Records(
        sessions=sessions, reviews=[], weekly=[], cards=[], plan=plan_with(),
        plan_start=pendulum.date(2026, 11, 18), today=TODAY,
    ))  # fmt: skip
    assert fig.past_average == pytest.approx(7.0)  # an hour a day, two whole weeks


def test_a_review_kept_this_week_counts_at_once():
    plan_start = pendulum.date(2026, 11, 30)  # Monday of W49: no week is over yet
    kept = insights.weekly_reviews_kept([], plan_start, TODAY)
    assert (kept.done, kept.target) == (0, 0)
    kept = insights.weekly_reviews_kept(
        [WeeklyReview("2026-W49", finished=True)], plan_start, TODAY
    )
    assert (kept.done, kept.target) == (1, 1)
    draft = insights.weekly_reviews_kept([WeeklyReview("2026-W49")], plan_start, TODAY)
    assert (draft.done, draft.target) == (0, 0)


def test_the_career_figures_are_built_with_the_rest():
    from cadence.data.models import FreelanceEntry, ImpactEntry, JobLead

    fig = insights.build_insights(
        insights.Records(
            sessions=[], reviews=[], weekly=[], cards=[], plan=plan_with(),
            plan_start=pendulum.date(2026, 8, 1), today=TODAY,
        ),
        impact=[ImpactEntry("2026-12-01", "hours_saved", 6)],
        leads=[JobLead("Acme", stages={"target": "2026-11-01", "applied": "2026-11-02"})],
        freelance=[FreelanceEntry("2026-11-28", "Shop agent", 5, 3000, "CNY", case="RAG FAQ")],
    )  # fmt: skip
    assert fig.impact.hours_this_month == 6
    assert fig.job_move.reached["applied"] == 1 and fig.job_move.at["applied"] == 1
    assert (fig.freelance.engagements, fig.freelance.income) == (1, {"CNY": 3000})

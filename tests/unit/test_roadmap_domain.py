"""The Roadmap's figures: progress by month / phase / track, pace, overdue goals, lectures."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.data.models import ChecklistItem, FocusSession, MustDo, RoadmapGoal, RoadmapPhase
from cadence.data.plan import load_default_plan
from cadence.domain.roadmap import (
    Tally,
    course_stats,
    expected_done,
    format_minutes,
    goals_of_month,
    lecture_link,
    linked_seconds,
    month_share_elapsed,
    next_item,
    overdue_goals,
    pace,
    parse_minutes,
    progress_by_month,
    progress_by_phase,
    progress_by_track,
    roadmap_months,
    shifted_months,
    tally,
)

START = pendulum.date(2026, 9, 1)


def goal(month: int, track: str = "tech", done: bool = False, text: str = "g") -> RoadmapGoal:
    return RoadmapGoal(month=month, track=track, text=text, done=done)


def session(link: str | None, seconds: int, start: str = "2026-11-02T20:30:00+08:00"):
    return FocusSession(start=start, end=start, planned_s=seconds, focused_s=seconds, link=link)


# ---------------------------------------------------------------- tallies


def test_tally_counts_and_percent():
    t = tally([goal(1, done=True), goal(1), goal(2, done=True)])
    assert (t.done, t.total, t.percent) == (2, 3, 67)
    assert not t.complete
    assert Tally(0, 0).fraction == 0.0
    assert (Tally(1, 2) + Tally(2, 2)) == Tally(3, 4)


def test_progress_by_month_phase_and_track_on_the_seed_plan():
    plan = load_default_plan("en")
    goals = [
        RoadmapGoal.from_dict(
            {**g.to_dict(), "done": g.id in {"g-m1-tech-llm", "g-m3-product-kpi"}}
        )
        for g in plan.goals
    ]
    by_month = progress_by_month(goals)
    assert set(by_month) == set(range(13))
    assert by_month[1] == Tally(1, 3)
    assert by_month[3] == Tally(1, 3)
    assert by_month[4].done == 0
    by_phase = progress_by_phase(goals, plan.phases)
    assert by_phase["p1"] == Tally(2, 10)  # months 1-3 of the seed: 3 + 4 + 3 goals
    assert by_phase["m0"] == Tally(0, 4)
    by_track = progress_by_track(goals)
    assert list(by_track) == ["tech", "product", "output"]
    assert by_track["tech"].done == 1 and by_track["product"].done == 1
    assert sum(t.total for t in by_track.values()) == len(goals)


def test_goals_of_month_are_ordered_by_track():
    goals = [goal(2, "output"), goal(2, "tech"), goal(3, "tech"), goal(2, "product")]
    assert [g.track for g in goals_of_month(goals, 2)] == ["tech", "product", "output"]


# ---------------------------------------------------------------- time and pace


def test_month_share_elapsed():
    assert month_share_elapsed(START, 3, pendulum.date(2026, 11, 30)) == 0.0
    assert month_share_elapsed(START, 3, pendulum.date(2027, 1, 1)) == 1.0
    # Month 3 is December: on the 1st, half a day of 31 is behind.
    assert month_share_elapsed(START, 3, pendulum.date(2026, 12, 1)) == pytest.approx(0.5 / 31)


def test_pace_behind_on_track_ahead():
    goals = [goal(0), goal(1), goal(2), goal(3), goal(3)]
    today = pendulum.date(2026, 12, 1)  # months 0-2 over: 3 goals expected
    assert expected_done(goals, START, today) == pytest.approx(3 + 2 * 0.5 / 31)
    assert pace(goals, START, today).status == "behind"
    for g in goals[:3]:
        g.done = True
    assert pace(goals, START, today).status == "on_track"
    goals[3].done = goals[4].done = True
    result = pace(goals, START, today)
    assert result.status == "ahead"
    assert result.gap > 1
    assert 0.2 < result.elapsed < 0.3


def test_pace_before_the_start():
    assert pace([goal(0)], START, pendulum.date(2026, 8, 1)).status == "not_started"


def test_overdue_goals_are_undone_goals_of_past_months():
    goals = [goal(0, done=True), goal(1), goal(2), goal(3), goal(5)]
    late = overdue_goals(goals, START, pendulum.date(2026, 12, 1))
    assert [g.month for g in late] == [1, 2]
    assert overdue_goals(goals, START, pendulum.date(2026, 8, 1)) == []


def test_roadmap_months_three_months_after_the_start():
    plan = load_default_plan("en")
    months = roadmap_months(START, pendulum.date(2026, 12, 1), plan.phases, plan.goals)
    assert [m.index for m in months] == list(range(13))
    current = [m for m in months if m.is_current]
    assert [m.index for m in current] == [3]
    month3 = current[0]
    assert month3.phase is not None and month3.phase.id == "p1"
    assert (month3.span.first, month3.span.last) == (
        pendulum.date(2026, 12, 1),
        pendulum.date(2026, 12, 31),
    )
    assert {g.id for g in month3.goals} == {
        "g-m3-tech-fine-tuning",
        "g-m3-product-kpi",
        "g-m3-output-case-study",
    }
    assert [m.overdue for m in months[:4]] == [4, 3, 4, 0]
    assert months[2].is_past and not months[3].is_past


def test_shifted_months_moves_every_month():
    pairs = shifted_months(START, pendulum.date(2026, 10, 15))
    assert len(pairs) == 13
    assert all(old.first != new.first for old, new in pairs)
    assert pairs[12][1].first == pendulum.date(2027, 10, 15)
    assert pairs[0][1].last == pendulum.date(2026, 11, 14)


# ---------------------------------------------------------------- must-dos


def course() -> MustDo:
    return MustDo(
        id="must-karpathy",
        title="Course",
        kind="course",
        items=[
            ChecklistItem(text="micrograd", id="kz-1", minutes=120, done=True),
            ChecklistItem(text="makemore", id="kz-2", minutes=60),
            ChecklistItem(text="no length", id="kz-3"),
        ],
    )


def test_course_stats_counts_time_per_lecture():
    sessions = [
        session(lecture_link("kz-2"), 1800),
        session(lecture_link("kz-2"), 600),
        session("goal:x", 999),
        session(None, 50),
    ]
    stats = course_stats(course(), sessions)
    by_id = {x.item.id: x for x in stats.lectures}
    assert by_id["kz-2"].logged_s == 2400 and by_id["kz-2"].sessions == 2
    assert by_id["kz-1"].logged_s == 0
    assert stats.logged_s == 2400
    assert stats.tally == Tally(1, 3)
    # No done lecture has time logged: a lecture takes its own length. 60 min - 40 logged.
    assert stats.ratio is None
    assert stats.left_s == 20 * 60
    assert stats.unknown == 1


def test_course_stats_learns_your_pace_from_lectures_done():
    sessions = [session(lecture_link("kz-1"), 240 * 60)]  # 120-minute lecture took 4 hours
    stats = course_stats(course(), sessions)
    assert stats.ratio == pytest.approx(2.0)
    assert stats.left_s == 2 * 60 * 60  # kz-2: 60 min x 2
    huge = course_stats(course(), [session(lecture_link("kz-1"), 100 * 3600)])
    assert huge.ratio == 4.0  # bounded


def test_linked_seconds_and_next_item():
    assert linked_seconds([session("goal:a", 60), session("goal:b", 5)], "goal:a") == 60
    assert next_item(course()).id == "kz-2"


# ---------------------------------------------------------------- lecture lengths


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("116", 116), ("116m", 116), ("1h56", 116), ("1h 56m", 116), ("2h", 120), ("1:56", 116)],
)
def test_parse_minutes(text, minutes):
    assert parse_minutes(text) == minutes


@pytest.mark.parametrize("text", ["abc", "1h75", "1:75", "-5", "1.5h", "99999", "h"])
def test_parse_minutes_refuses(text):
    with pytest.raises(ValueError):
        parse_minutes(text)


def test_parse_minutes_empty_is_none():
    assert parse_minutes("  ") is None


@given(st.integers(min_value=0, max_value=100 * 60))
def test_format_then_parse_round_trips(minutes):
    assert parse_minutes(format_minutes(minutes)) == minutes


@given(st.text(max_size=12))
def test_parse_minutes_never_fails_otherwise(text):
    try:
        result = parse_minutes(text)
    except ValueError:
        return
    assert result is None or 0 <= result <= 100 * 60


def test_phases_cover_every_month_of_the_seed():
    plan = load_default_plan("zh")
    phases: list[RoadmapPhase] = plan.phases
    covered = sorted(m for p in phases for m in range(p.first_month, p.last_month + 1))
    assert covered == list(range(13))

"""Pure rules of issue 13: the skills map, "workouts this week", the weekend's 6–10 hours."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pendulum import Date

from cadence.data.models import (
    SKILL_STATES,
    DailyReview,
    DayRecord,
    FocusSession,
    Plan,
    Skill,
    TimeBlock,
)
from cadence.data.plan import shipped_plan
from cadence.data.repository import Repository
from cadence.data.store import Store
from cadence.domain import insights, kpis, skills
from cadence.domain.schedule import weekend_hours, weekend_of

MONDAY = Date(2026, 11, 30)  # Wednesday 12-02, Saturday 12-05, Sunday 12-06


def plan(language: str = "en") -> Plan:
    found = shipped_plan(language)
    assert found is not None
    return found


def session(label: str = "", link: str | None = None, seconds: int = 1500) -> FocusSession:
    return FocusSession(
        start="2026-12-01T20:30:00+08:00",
        end="2026-12-01T20:55:00+08:00",
        planned_s=1500,
        focused_s=seconds,
        label=label,
        link=link,
    )


# ---------------------------------------------------------------- skills


def test_sessions_count_for_a_skill_by_goal_link_or_label() -> None:
    skill = Skill(
        id="s",
        track="product",
        title="Prioritisation",
        labels=["RICE", "ICE", "优先级"],
        links=["card:prio-"],
        goals=["g-roadmap"],
    )
    assert skills.session_matches(skill, session(link="goal:g-roadmap"))
    assert skills.session_matches(skill, session(link="card:prio-42"))
    assert skills.session_matches(skill, session("Score the backlog with rice"))
    assert skills.session_matches(skill, session("ICE scoring"))
    assert skills.session_matches(skill, session("整理需求优先级"))  # CJK: anywhere in the label
    assert not skills.session_matches(skill, session("Pricing page"))  # "ice" inside a word
    assert not skills.session_matches(skill, session("Device notes", link="goal:g-other"))
    assert not skills.session_matches(skill, session(""))


def test_every_lecture_counts_for_llm_principles() -> None:
    p = plan()
    sessions = [
        session("Lecture 3: Building makemore Part 2: MLP", "lecture:kz-3", 3000),
        session("RAG eval with Milvus", None, 1200),
        session("Read Inspired ch. 4", "goal:g-m1-product-inspired", 900),
    ]
    seconds = skills.skill_seconds(p.skills, sessions)
    assert set(seconds) == {s.id for s in p.skills}
    assert seconds["sk-llm-principles"] == 3000
    assert seconds["sk-rag-vector-db"] == 1200
    assert seconds["sk-user-research"] == 0
    assert sum(seconds.values()) >= 4200


def test_a_month_shows_the_skills_its_goals_touch() -> None:
    p = plan("zh")
    month_one = [s.id for s in skills.skills_of_month(p, 1)]
    assert month_one == ["sk-llm-principles", "sk-prompt-chain", "sk-agents"]
    assert [s.id for s in skills.skills_of_month(p, 0)] == []
    rag = next(s for s in p.skills if s.id == "sk-rag-vector-db")
    assert skills.skill_months(p, rag) == [2, 7]
    assert [s.id for s in skills.goal_skills(p, "g-m5-product-pricing-gtm")] == [
        "sk-gtm",
        "sk-pricing",
    ]
    for month in range(1, 12):  # every month of study touches some skill
        assert skills.skills_of_month(p, month), month


def test_status_steps_and_summary() -> None:
    assert [skills.next_status(s) for s in SKILL_STATES] == [*SKILL_STATES[1:], SKILL_STATES[0]]
    assert skills.next_status("bogus") == "not_started"
    p = plan()
    p.skills[0].status = "applied"
    p.skills[9].status = "learning"
    summary = skills.skills_summary(p, [session("attention heads", None, 600)])
    assert [len(rows) for rows in summary.rows.values()] == [8, 8]
    assert summary.counts == {"not_started": 14, "learning": 1, "can_explain": 0, "applied": 1}
    assert summary.total == 16
    assert summary.progress == pytest.approx((3 + 1) / (16 * 3))
    first = summary.rows["tech"][0]
    assert (first.skill.id, first.seconds, first.months, first.level) == (
        "sk-llm-principles",
        600,
        [1, 3],
        3,
    )


def test_skill_status_is_saved_in_place(tmp_path: Path) -> None:
    from cadence.data.plan import load_default_plan

    repo = Repository(Store(tmp_path, today=lambda: "2026-12-01", stamp=lambda: "x"))
    repo.install_plan(load_default_plan("en"))
    assert repo.set_skill_status("sk-gtm", "can_explain", "2026-12-01") is not None
    again = Repository(Store(tmp_path, today=lambda: "2026-12-01", stamp=lambda: "x"))
    skill = next(s for s in again.skills() if s.id == "sk-gtm")
    assert (skill.status, skill.updated) == ("can_explain", "2026-12-01")
    assert again.set_skill_status("nope", "applied", "2026-12-02") is None
    with pytest.raises(ValueError, match="unknown skill status"):
        again.set_skill_status("sk-gtm", "expert", "2026-12-02")


# ---------------------------------------------------------------- workouts


def test_a_workout_is_thirty_minutes_logged_or_ticked() -> None:
    t = plan().templates
    wednesday = Date(2026, 12, 2)
    ticked = DayRecord(date="2026-12-02", states={"se-workout": "done"})
    morning = DayRecord(date="2026-12-01", states={"wd-morning": "done"})
    assert kpis.workout_minutes(t, ticked, None, wednesday) == 45
    assert kpis.workout_minutes(t, morning, None, Date(2026, 12, 1)) == 0  # light exercise
    # The check-in's number wins: 20 minutes of morning exercise is not a workout,
    assert (
        kpis.workout_minutes(t, morning, DailyReview("2026-12-01", workout_min=20), wednesday) == 20
    )
    # and a shortened workout logged as such is not one either.
    review = DailyReview("2026-12-02", workout_min=25)
    assert kpis.workout_minutes(t, ticked, review, wednesday) == 25
    records = {"2026-12-02": ticked, "2026-12-01": morning}
    reviews = [DailyReview("2026-12-01", workout_min=30), DailyReview("2026-12-03", workout_min=20)]
    assert kpis.workout_dates(t, records, reviews, MONDAY, MONDAY.add(days=6)) == [
        "2026-12-01",
        "2026-12-02",
    ]
    assert kpis.workouts_in(reviews, MONDAY, MONDAY.add(days=6)) == 1


def test_a_date_only_workout_counts_with_its_own_length() -> None:
    t = plan().templates
    added = TimeBlock("07:00", "07:40", "Run", "health", id="run")
    record = DayRecord(date="2026-12-03", states={"run": "done"}, added=[added])
    assert kpis.ticked_health_minutes(t, record, Date(2026, 12, 3)) == 40
    short = DayRecord(
        date="2026-12-02",
        states={"se-workout": "done"},
        edited={"se-workout": {"start": "20:00", "end": "20:20"}},
    )
    assert kpis.ticked_health_minutes(t, short, Date(2026, 12, 2)) == 20
    assert kpis.workouts_this_week(t, {"2026-12-02": short}, [], Date(2026, 12, 2)) == 0
    hidden = DayRecord(date="2026-12-02", states={"se-workout": "done"}, removed=["se-workout"])
    assert kpis.ticked_health_minutes(t, hidden, Date(2026, 12, 2)) == 0


@settings(max_examples=60, deadline=None)
@given(
    ticks=st.lists(st.booleans(), min_size=7, max_size=7),
    logged=st.lists(st.none() | st.integers(0, 90), min_size=7, max_size=7),
)
def test_workouts_this_week_matches_the_rule_day_by_day(
    ticks: list[bool], logged: list[int | None]
) -> None:
    p = plan()
    health = {2: "se-workout", 5: "ws-workout", 6: "wb-workout"}
    records, reviews, expected = {}, [], 0
    for offset in range(7):
        day = MONDAY.add(days=offset)
        iso = day.isoformat()
        block = health.get(offset)
        if ticks[offset] and block:
            records[iso] = DayRecord(date=iso, states={block: "done"})
        if logged[offset] is not None:
            reviews.append(DailyReview(iso, workout_min=logged[offset]))
        minutes = (
            logged[offset] if logged[offset] is not None else (45 if ticks[offset] and block else 0)
        )
        expected += minutes >= 30
    assert kpis.workouts_this_week(p.templates, records, reviews, MONDAY.add(days=3)) == expected
    series = insights.workouts_per_week(
        reviews, MONDAY.add(days=6), weeks=2, plan=p, days=records.values()
    )
    assert series[-1][1] == expected


def test_insights_count_ticked_health_blocks_when_given_the_days() -> None:
    p = plan()
    days = [DayRecord(date=d, states={b: "done"}) for d, b in (("2026-12-02", "se-workout"),
            ("2026-12-05", "ws-workout"), ("2026-12-06", "wb-workout"))]  # fmt: skip
    habits = insights.habit_figures([], p, Date(2026, 12, 6), days=days)
    assert habits.workouts_this_week == 3 == habits.workout_target
    assert insights.habit_figures([], p, Date(2026, 12, 6)).workouts_this_week == 0
    figures = insights.period_figures(
        [], [], [], MONDAY, MONDAY.add(days=6), Date(2026, 12, 6), plan=p, days_records=days
    )
    assert figures.workouts == 3


# ---------------------------------------------------------------- the weekend


def test_weekend_of_each_day() -> None:
    saturday = Date(2026, 12, 5)
    for offset in range(7):
        assert weekend_of(MONDAY.add(days=offset)) == saturday
    assert weekend_of(Date(2026, 12, 7)) == Date(2026, 12, 12)


def test_the_shipped_weekend_is_within_six_to_ten_hours() -> None:
    p = plan()
    week = weekend_hours(p.templates, {}, MONDAY, p.weekend)
    assert week.saturday == Date(2026, 12, 5)
    assert week.planned_min == 5 * 60 + (4 * 60 + 45)  # study 5 h; build 4 h + weekly review
    assert (week.low_h, week.high_h, week.status) == (6, 10, "within")
    assert [(d.isoformat(), s, b, lean) for d, s, b, lean in week.days] == [
        ("2026-12-05", 300, 0, "study"),
        ("2026-12-06", 45, 240, "build"),
    ]
    assert week.done_min == 0


def test_the_weekend_follows_the_dates_own_changes() -> None:
    p = plan()
    extra = TimeBlock("19:00", "20:30", "Hackathon", "build", id="hack")
    records = {
        "2026-12-05": DayRecord(date="2026-12-05", added=[extra], states={"ws-study-am": "done"}),
    }
    more = weekend_hours(p.templates, records, Date(2026, 12, 5), p.weekend)
    assert more.planned_h == pytest.approx(9.75 + 1.5) and more.status == "over"
    assert more.done_min == 150
    records = {
        "2026-12-05": DayRecord(date="2026-12-05", removed=["ws-study-am", "ws-study-pm"]),
        "2026-12-06": DayRecord(date="2026-12-06", removed=["wb-build-pm"]),
    }
    less = weekend_hours(p.templates, records, Date(2026, 12, 6), p.weekend)
    assert less.planned_h == pytest.approx(0.75 + 2.5) and less.status == "under"
    assert weekend_hours(p.templates, {}, MONDAY).low_h == 6  # no guidance: 6–10 h


def test_a_skill_steps_on_inside_the_transaction(tmp_path: Path) -> None:
    from cadence.data.plan import load_default_plan

    repo = Repository(Store(tmp_path, today=lambda: "2026-12-01", stamp=lambda: "x"))
    repo.install_plan(load_default_plan("zh"))
    for _press in range(2):  # two quick presses, each applied to the record on disk
        repo.update_skill("sk-pricing", skills.advance("2026-12-01"))
    skill = next(s for s in repo.skills() if s.id == "sk-pricing")
    assert (skill.status, skill.updated) == ("can_explain", "2026-12-01")


def test_a_ticked_publishing_block_means_posted() -> None:
    t = plan().templates
    day = Date(2026, 12, 1)
    assert kpis.published(t, DayRecord(date="2026-12-01", states={"wd-wind-down": "done"}), day)
    assert not kpis.published(t, DayRecord(date="2026-12-01", states={"wd-study": "done"}), day)
    skipped = DayRecord(date="2026-12-01", states={"wd-wind-down": "skipped"})
    assert not kpis.published(t, skipped, day) and not kpis.published(t, None, day)

"""Repository: models in, models out, in the right files, across a fresh Store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cadence.data.models import (
    KPI,
    Capstone,
    ChecklistItem,
    DailyReview,
    DayRecord,
    DayTemplate,
    Deliverable,
    DeliverableRule,
    FocusSession,
    Habit,
    Measure,
    MustDo,
    Plan,
    Resource,
    RoadmapGoal,
    RoadmapPhase,
    Settings,
    TimeBlock,
    WeeklyReview,
)
from cadence.data.repository import Repository, year_file
from cadence.data.store import Store


def make_repo(root: Path) -> Repository:
    return Repository(Store(root, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000"))


def on_disk(root: Path, name: str) -> dict[str, Any]:
    return json.loads((root / f"{name}.json").read_bytes())


def small_plan() -> Plan:
    weekday = DayTemplate(
        id="weekday",
        name="工作日",
        weekdays=[0, 1, 2, 3, 4],
        blocks=[
            TimeBlock("07:00", "07:30", "Morning routine", "routine", id="wd-morning"),
            TimeBlock("21:00", "22:00", "Study · 学习", "study", id="wd-study", note="deep"),
            TimeBlock("23:30", "00:30", "Wind down", "rest", id="wd-late"),  # crosses midnight
        ],
    )
    weekend = DayTemplate(id="weekend", name="Weekend", weekdays=[5, 6])
    return Plan(
        id="small",
        name="Small plan",
        language="zh",
        principles=["Ship weekly", "每天学习"],
        templates=[weekday, weekend],
        phases=[RoadmapPhase("p1", "Foundations", 1, 3, "quick output")],
        goals=[
            RoadmapGoal(1, "tech", "Learn RAG", id="g1"),
            RoadmapGoal(2, "product", "写一篇案例", id="g2", done=True, done_on="2026-12-20"),
        ],
        must_dos=[
            MustDo(
                "m1",
                "Course",
                "course",
                items=[ChecklistItem("Lecture 1", id="c1", minutes=45, url="https://x.test")],
            )
        ],
        deliverables=[DeliverableRule("d1", "month", "case_study", "Case study")],
        capstones=[Capstone("cap", "Capstone", "desc", [Measure("hours saved", "h", 10.0)], 1)],
        kpis=[KPI("k1", "Posts", 12.0, "posts")],
        habits=[
            Habit("h1", "Workout", per_week=3, minutes=30),
            Habit("h2", "Bed", by_time="23:00"),
        ],
        resources=[Resource("Podcast", "podcast", url="https://p.test", id="r1")],
    )


# ---------------------------------------------------------------- settings


def test_settings_default_then_round_trip(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert repo.settings() == Settings()
    assert not repo.has_settings()
    settings = Settings(language="zh", timezone="Asia/Shanghai", weekly_target_h=9.5)
    repo.save_settings(settings)
    settings.focus_min = 50
    repo.save_settings(settings)  # replaces, never piles up
    fresh = make_repo(tmp_path)
    assert fresh.has_settings()
    assert fresh.settings() == settings
    assert len(on_disk(tmp_path, "settings")["settings"]) == 1


# ---------------------------------------------------------------- plan and goals


def test_install_plan_then_plan_returns_it_equal(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert not repo.has_plan()
    assert repo.plan() == Plan(id="", name="", language="en")
    plan = small_plan()
    repo.install_plan(plan)
    assert repo.plan() == plan
    fresh = make_repo(tmp_path)
    assert fresh.has_plan()
    assert fresh.plan() == plan
    assert fresh.templates() == plan.templates
    assert "工作日" in (tmp_path / "plan.json").read_text(encoding="utf-8")


def test_install_plan_replaces_the_previous_one(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.install_plan(small_plan())
    other = Plan(id="other", name="Other", language="en", goals=[RoadmapGoal(5, "output", "x")])
    repo.install_plan(other)
    assert make_repo(tmp_path).plan() == other


def test_goals_save_update_delete(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.install_plan(small_plan())
    new = RoadmapGoal(3, "output", "Publish demo", id="g3")
    repo.save_goal(new)
    assert [g.id for g in make_repo(tmp_path).goals()] == ["g1", "g2", "g3"]

    changed = RoadmapGoal(1, "tech", "Learn RAG well", id="g1", done=True, done_on="2026-11-29")
    repo.save_goal(changed)
    assert repo.goals()[0] == changed  # the cached plan follows the write
    fresh = make_repo(tmp_path)
    assert fresh.goals() == [changed, small_plan().goals[1], new]

    repo.delete_goal("g2")
    assert [g.id for g in repo.goals()] == ["g1", "g3"]
    assert [g.id for g in make_repo(tmp_path).goals()] == ["g1", "g3"]
    assert make_repo(tmp_path).plan().templates == small_plan().templates  # rest untouched


def test_must_dos_resources_templates(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    repo.install_plan(small_plan())
    must = repo.plan().must_dos[0]
    must.items[0].done = True
    repo.save_must_do(must)
    repo.save_resource(Resource("Newsletter", "newsletter", id="r2"))
    repo.delete_resource("r1")
    templates = [DayTemplate("all", "Every day", [0, 1, 2, 3, 4, 5, 6])]
    repo.save_templates(templates)

    fresh = make_repo(tmp_path).plan()
    assert fresh.must_dos[0].items[0].done is True
    assert [r.id for r in fresh.resources] == ["r2"]
    assert fresh.templates == templates
    assert fresh.goals == small_plan().goals


def test_plan_cache_is_not_fooled_by_a_reused_object_id() -> None:
    def tables_with(goal_ids: list[str]) -> dict[str, Any]:
        return {
            "plan": {"1": {"id": "p", "name": "P", "language": "en"}},
            "goals": {
                str(i): RoadmapGoal(1, "tech", g, id=g).to_dict() for i, g in enumerate(goal_ids)
            },
        }

    class OneFileStore:
        """Hands out new tables objects for new contents, as the Store does."""

        def __init__(self) -> None:
            self.current: dict[str, Any] | None = tables_with(["g0"])

        def tables(self, name: str) -> dict[str, Any]:
            assert self.current is not None
            return self.current

        def add_check(self, kind: str, check: object) -> None:
            pass

    store = OneFileStore()
    repo = Repository(store)  # type: ignore[arg-type]
    assert [g.id for g in repo.plan().goals] == ["g0"]

    # Swap in new contents the way a commit or a re-read does: the old tables are dropped,
    # and the allocator hands their memory to the next new dict.
    hold = [{} for _ in range(200)]  # empty CPython's dict free list first
    new_contents = tables_with(["g0", "g1"])
    store.current = None
    fresh: dict[str, Any] = {}
    fresh.update(new_contents)
    del new_contents, hold
    store.current = fresh
    assert [g.id for g in repo.plan().goals] == ["g0", "g1"]


# ---------------------------------------------------------------- days


def test_day_records_go_to_their_year_file(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert repo.day("2026-12-31") == DayRecord(date="2026-12-31")
    last = DayRecord(
        "2026-12-31",
        states={"wd-study": "done", "wd-morning": "skipped"},
        added=[TimeBlock("15:00", "16:00", "跨年准备", "social", id="x1")],
        edited={"wd-study": {"start": "20:00", "end": "21:00"}},
        removed=["wd-late"],
        top3=["a", "b", "c"],
    )
    first = DayRecord("2027-01-01", states={"wd-study": "todo"})
    repo.save_day(last)
    repo.save_day(first)
    assert year_file("days", "2026-12-31") == "days-2026"

    assert [d["date"] for d in on_disk(tmp_path, "days-2026")["days"].values()] == ["2026-12-31"]
    assert [d["date"] for d in on_disk(tmp_path, "days-2027")["days"].values()] == ["2027-01-01"]

    fresh = make_repo(tmp_path)
    assert fresh.day("2026-12-31") == last
    assert fresh.day("2027-01-01") == first
    assert fresh.days("2026-12-30", "2027-01-02") == [last, first]
    assert fresh.days("2027-01-01", "2027-01-31") == [first]

    last.states["wd-study"] = "todo"
    repo.save_day(last)  # an update, not a second record
    assert len(on_disk(tmp_path, "days-2026")["days"]) == 1
    assert make_repo(tmp_path).day("2026-12-31").states["wd-study"] == "todo"


# ---------------------------------------------------------------- focus


def test_sessions_across_a_year_boundary(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    nye = FocusSession("2026-12-31T23:30:00+08:00", "2027-01-01T00:20:00+08:00", 3000, 2900)
    day_before = FocusSession("2026-12-30T09:00:00+08:00", "2026-12-30T09:25:00+08:00", 1500, 1500)
    new_year = FocusSession(
        "2027-01-01T10:00:00+08:00",
        "2027-01-01T10:25:00+08:00",
        1500,
        1200,
        label="读论文",
        link="card:abc",
        completed=False,
    )
    for s in (new_year, nye, day_before):
        repo.save_session(s)
    assert len(on_disk(tmp_path, "focus-2026")["sessions"]) == 2  # by the start's year
    assert len(on_disk(tmp_path, "focus-2027")["sessions"]) == 1

    fresh = make_repo(tmp_path)
    assert fresh.sessions("2026-12-30", "2027-01-01") == [day_before, nye, new_year]
    assert fresh.sessions("2026-12-31", "2027-01-01") == [nye, new_year]
    assert fresh.sessions("2027-01-01", "2027-12-31") == [new_year]
    assert fresh.sessions("2026-01-01", "2026-12-30") == [day_before]

    nye.focused_s = 3000
    repo.save_session(nye)
    repo.delete_session(day_before)
    assert make_repo(tmp_path).sessions("2026-12-01", "2027-01-31") == [nye, new_year]


# ---------------------------------------------------------------- reviews


def test_daily_and_weekly_reviews(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    assert repo.daily_review("2026-11-29") is None
    assert repo.weekly_review("2026-W48") is None
    daily = DailyReview(
        "2026-12-31",
        learned=["RAG 评估", "evals"],
        posted=True,
        post_where="blog",
        energy=4,
        workout_min=30,
        bed_before_23=False,
        focus_s=5400,
        step=3,
    )
    next_day = DailyReview("2027-01-01", learned=["新年"], finished=True)
    repo.save_daily_review(daily)
    repo.save_daily_review(next_day)
    weekly = WeeklyReview("2026-W53", learnings=["one"], next_week=["two"], finished=True)
    repo.save_weekly_review(weekly)
    repo.save_weekly_review(WeeklyReview("2026-W48"))

    fresh = make_repo(tmp_path)
    assert fresh.daily_review("2026-12-31") == daily
    assert fresh.daily_review("2027-01-01") == next_day
    assert fresh.daily_reviews("2026-12-01", "2027-01-31") == [daily, next_day]
    assert fresh.weekly_review("2026-W53") == weekly
    assert fresh.weekly_review("2026-W48") == WeeklyReview("2026-W48")
    assert "reviews-2027" in fresh.store.names_on_disk()

    daily.step, daily.finished = 5, True
    repo.save_daily_review(daily)
    assert make_repo(tmp_path).daily_review("2026-12-31") == daily
    assert len(on_disk(tmp_path, "reviews-2026")["daily"]) == 1


# ---------------------------------------------------------------- board


def test_cards_save_sort_delete(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    a = Deliverable("Case study", "case_study", "week", 2.0, id="a", source="case_study:2026-12")
    b = Deliverable(
        "Demo",
        "demo",
        "backlog",
        1.0,
        id="b",
        due="2026-12-15",
        checklist=[ChecklistItem("record", id="i1")],
        tags=["ai", "产品"],
        measures=[Measure("users", target=10.0, current=3.0)],
    )
    c = Deliverable("Notes", "notes", "week", 1.0, id="c")
    for card in (a, b, c):
        repo.save_card(card)
    assert make_repo(tmp_path).cards() == [b, c, a]  # by column, then order

    a.column, a.order = "done", 0.0
    repo.save_card(a)
    repo.delete_card("c")
    assert make_repo(tmp_path).cards() == [b, a]
    assert len(on_disk(tmp_path, "board")["cards"]) == 2

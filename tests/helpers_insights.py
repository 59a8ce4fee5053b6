"""Small, fixed histories for the Insights, weekly review and export tests.

Written straight into a data folder through the repository, so the tests do not
depend on the demo generator (another module, still changing). ``raw_*`` read the
stored JSON files back without Cadence's models, for expectations computed
independently.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from cadence.clock import FakeClock
from cadence.data.models import DailyReview, Deliverable, FocusSession, WeeklyReview
from cadence.runtime import open_runtime

TZ = "Asia/Shanghai"


def fill_history(folder: Path, now: str = "2026-12-01T20:45", weeks: int = 14) -> None:
    """A plan started 2026-08-01 and ``weeks`` weeks of sessions and reviews before ``now``.

    Patterned so that every figure is easy to check by hand: on day ``i`` (counting back
    from yesterday) there are ``i % 4`` sessions of 25 min at 20:30; a review every day
    but each 5th; a workout every 3rd day; in bed before 23:00 on even days; a post on
    days not divisible by 3.
    """
    clock = FakeClock(now, tz=TZ)
    runtime = open_runtime(folder, language="en", interactive=False, clock=clock)
    repo = runtime.repo
    settings = repo.settings()
    settings.plan_start = "2026-08-01"
    settings.timezone = TZ
    repo.save_settings(settings)
    today = clock.now().date()
    sessions: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    for i in range(1, weeks * 7 + 1):
        day = today - timedelta(days=i)
        for n in range(i % 4):
            start = datetime(day.year, day.month, day.day, 20, 30) + timedelta(minutes=30 * n)
            end = start + timedelta(minutes=25)
            session = FocusSession(
                start=start.isoformat() + "+08:00",
                end=end.isoformat() + "+08:00",
                planned_s=1500,
                focused_s=1500,
                label=f"Task {n}",
            )
            sessions.append(session.to_dict())
        if i % 5:
            review = DailyReview(
                date=day.isoformat(),
                learned=[f"Lesson {i}"],
                posted=i % 3 != 0,
                workout_min=30 if i % 3 == 0 else None,
                bed_before_23=i % 2 == 0,
                finished=True,
            )
            reviews.append(review.to_dict())
    # One transaction per file (each write fsyncs: thousands of small ones would be slow).
    for kind, table, docs, key in (
        ("focus", "sessions", sessions, "start"),
        ("reviews", "daily", reviews, "date"),
    ):
        for year in sorted({d[key][:4] for d in docs}):
            name = f"{kind}-{year}"
            with repo.store.transaction(name) as txn:
                txn.db(name).table(table).insert_multiple(d for d in docs if d[key][:4] == year)
    plan = repo.plan()
    goals = plan.goals
    for goal in goals[:5]:
        goal.done, goal.done_on = True, "2026-09-10"
        repo.save_goal(goal)
    for kind, month, column in [
        ("case_study", 0, "done"),
        ("case_study", 1, "done"),
        ("demo", 0, "done"),
        ("demo", 1, "doing"),
        ("demo", 2, "done"),
        ("capstone", 3, "done"),
    ]:
        repo.save_card(
            Deliverable(
                title=f"{kind} {month}",
                type=kind,
                column=column,
                month=month,
                due="2026-12-20" if column != "done" else None,
                updated="2026-11-25T21:00:00+08:00",
            )
        )
    repo.save_weekly_review(
        WeeklyReview(
            week="2026-W47",
            learnings=["Retrieval quality is RAG quality"],
            next_week=["Finish the PRD"],
            finished=True,
            updated="2026-11-22T21:15:00+08:00",
        )
    )
    runtime.close()


def raw_docs(folder: Path, prefix: str, table: str) -> list[dict[str, Any]]:
    """Every document of ``table`` in the files ``<prefix>*.json``, read as plain JSON."""
    out: list[dict[str, Any]] = []
    for path in sorted(folder.glob(f"{prefix}*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out.extend(data.get(table, {}).values())
    return out


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"

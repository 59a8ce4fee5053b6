"""What the Roadmap shows, read from the store once per refresh (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date

from cadence.clock import Clock
from cadence.data.models import FocusSession, MustDo, Plan, RoadmapGoal, Settings, Skill
from cadence.data.repository import Repository
from cadence.domain.plan_time import LAST_MONTH, month_of, parse_date
from cadence.domain.roadmap import RoadmapMonth, roadmap_months
from cadence.domain.schedule import logical_date
from cadence.domain.skills import skills_of_month


@dataclass(frozen=True)
class RoadmapView:
    """The plan, its months counted from the plan start, and the focus time linked to it."""

    plan: Plan
    plan_start: Date
    today: Date
    months: list[RoadmapMonth]
    goal_sessions: list[FocusSession]
    lecture_sessions: list[FocusSession]
    ascii_icons: bool

    @property
    def goals(self) -> list[RoadmapGoal]:
        return self.plan.goals

    @property
    def current_month(self) -> int | None:
        """The plan month of today; None before the plan and after its 12 months."""
        month = month_of(self.plan_start, self.today)
        return month if month is not None and month <= LAST_MONTH else None

    @property
    def default_month(self) -> int:
        """The month to show first: this one, else the nearest end of the plan."""
        month = month_of(self.plan_start, self.today)
        return 0 if month is None else min(month, LAST_MONTH)

    def month(self, index: int | None) -> RoadmapMonth | None:
        return next((m for m in self.months if m.index == index), None)

    def goal(self, goal_id: str | None) -> RoadmapGoal | None:
        return next((g for g in self.plan.goals if g.id == goal_id), None)

    def must_do(self, kind: str) -> MustDo | None:
        return next((m for m in self.plan.must_dos if m.kind == kind), None)

    def skills_of(self, month: int) -> list[Skill]:
        """The skills the goals of ``month`` touch."""
        return skills_of_month(self.plan, month)


def plan_start_of(settings: Settings, today: Date) -> Date:
    """The stored plan start; without a (valid) one, today, as a first run does."""
    try:
        return parse_date(settings.plan_start)
    except ValueError:
        return today


def read_view(repo: Repository, clock: Clock, settings: Settings) -> RoadmapView:
    """Read what the Roadmap shows."""
    plan = repo.plan()
    now = clock.now()
    today = logical_date(now, settings.rollover_hour)
    plan_start = plan_start_of(settings, now.date())
    return RoadmapView(
        plan=plan,
        plan_start=plan_start,
        today=today,
        months=roadmap_months(plan_start, today, plan.phases, plan.goals),
        goal_sessions=repo.linked_sessions("goal:"),
        lecture_sessions=repo.linked_sessions("lecture:"),
        ascii_icons=settings.ascii_icons,
    )

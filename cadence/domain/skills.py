"""The skills map (section 五 of the plan): which skills a month touches, the time spent on
each, and how far each has come. Pure: plan records and focus sessions in, figures out.

A focus session counts for a skill when it was started on the skill itself ("skill:<id>"),
when it is linked to one of the skill's goals ("goal:<id>"), when its link starts with one of the skill's ``links`` ("lecture:"
counts every Karpathy lecture), or when its label holds one of the skill's ``labels``
(case-insensitive; a Latin keyword must start a word, so "ICE" does not match
"price"; a Chinese one may sit anywhere). One session can count for several skills.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from cadence.data.models import SKILL_STATES, SKILL_TRACKS, FocusSession, Plan, Skill


@functools.lru_cache(maxsize=512)
def _keyword(label: str) -> re.Pattern[str]:
    text = re.escape(label.strip())
    # A Latin keyword must start a word; CJK text has no spaces between words.
    start = r"(?<![0-9A-Za-z])" if label[:1].isascii() and label[:1].isalnum() else ""
    return re.compile(start + text, re.IGNORECASE)


def skill_link(skill_id: str) -> str:
    """The ``FocusSession.link`` of time spent on a skill itself (focus started on it)."""
    return f"skill:{skill_id}"


def session_matches(skill: Skill, session: FocusSession) -> bool:
    """Whether ``session``'s time counts for ``skill`` (itself, its goals, links or label words)."""
    link = session.link or ""
    if link == skill_link(skill.id):
        return True
    if link.startswith("goal:") and link[5:] in skill.goals:
        return True
    if link and any(prefix and link.startswith(prefix) for prefix in skill.links):
        return True
    label = session.label or ""
    return bool(label) and any(
        word.strip() and _keyword(word).search(label) for word in skill.labels
    )


def skill_seconds(skills: Iterable[Skill], sessions: Sequence[FocusSession]) -> dict[str, int]:
    """Focused seconds per skill id (every skill listed, 0 when nothing counted)."""
    return {
        skill.id: sum(max(0, s.focused_s) for s in sessions if session_matches(skill, s))
        for skill in skills
    }


def skill_months(plan: Plan, skill: Skill) -> list[int]:
    """The plan months (0–12) whose goals touch ``skill``, in order, each once."""
    months = {g.month for g in plan.goals if g.id in skill.goals}
    return sorted(months)


def skills_of_month(plan: Plan, month: int) -> list[Skill]:
    """The skills the goals of plan month ``month`` touch, in the plan's order."""
    goals = {g.id for g in plan.goals if g.month == month}
    return [s for s in plan.skills if goals.intersection(s.goals)]


def goal_skills(plan: Plan, goal_id: str) -> list[Skill]:
    """The skills one goal touches (to show beside the goal)."""
    return [s for s in plan.skills if goal_id in s.goals]


def next_status(status: str, step: int = 1) -> str:
    """The status ``step`` steps after ``status`` (one key press is one step): not_started →
    learning → can_explain → applied → back to not_started; a negative step goes back. An
    unknown status starts over."""
    if status not in SKILL_STATES:
        return SKILL_STATES[0]
    return SKILL_STATES[(SKILL_STATES.index(status) + step) % len(SKILL_STATES)]


def advance(today: str, step: int = 1) -> Callable[[Skill], None]:
    """A change for ``Repository.update_skill``: the skill's status ``step`` steps on (back
    when negative), dated ``today``.

    Applied inside the store's transaction, so two quick presses step twice."""

    def change(skill: Skill) -> None:
        skill.status = next_status(skill.status, step)
        skill.updated = today

    return change


def status_level(status: str) -> int:
    """0 (not started) … 3 (applied); an unknown status counts as 0."""
    return SKILL_STATES.index(status) if status in SKILL_STATES else 0


@dataclass(frozen=True)
class SkillRow:
    """One skill as the skills panel shows it."""

    skill: Skill
    seconds: int  # focused time counted for it
    months: list[int]  # plan months whose goals touch it
    level: int  # 0 … 3, see ``status_level``


@dataclass(frozen=True)
class SkillsSummary:
    """The skills map at a glance: rows by track, and how many skills reached each status."""

    rows: dict[str, list[SkillRow]]  # "tech" / "product" → rows in the plan's order
    counts: dict[str, int]  # status → number of skills
    #: Focused seconds per track, each session once (a session may count for two skills).
    track_seconds: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def progress(self) -> float:
        """0..1: the skills' levels against every skill applied."""
        rows = [r for track in self.rows.values() for r in track]
        top = len(SKILL_STATES) - 1
        return sum(r.level for r in rows) / (len(rows) * top) if rows else 0.0


def skills_summary(plan: Plan, sessions: Sequence[FocusSession]) -> SkillsSummary:
    """Every skill of the plan with its time, months and level, by track (tech, product)."""
    seconds = skill_seconds(plan.skills, sessions)
    rows: dict[str, list[SkillRow]] = {track: [] for track in SKILL_TRACKS}
    for skill in plan.skills:
        row = SkillRow(
            skill, seconds[skill.id], skill_months(plan, skill), status_level(skill.status)
        )
        rows.setdefault(skill.track, []).append(row)
    counts = {status: 0 for status in SKILL_STATES}
    for skill in plan.skills:
        counts[skill.status if skill.status in counts else SKILL_STATES[0]] += 1
    track_seconds = {
        track: sum(
            max(0, s.focused_s)
            for s in sessions
            if any(session_matches(r.skill, s) for r in track_rows)
        )
        for track, track_rows in rows.items()
    }
    return SkillsSummary(rows, counts, track_seconds)

"""What a focus session can be for: today's blocks, the Karpathy lectures, the month's goals,
the board's cards, or free text. Pure: records in, choices out (the picker matches them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cadence.data.models import Deliverable, Plan
from cadence.domain.schedule import ScheduledBlock
from cadence.i18n import _

#: Block kinds a study session is planned in (writing the day's post is focused output too).
STUDY_KINDS = ("study", "build", "listen", "publish")
#: Card columns listed first (work in hand).
ACTIVE_COLUMNS = ("doing", "week")


@dataclass(frozen=True)
class LabelChoice:
    """One thing a session can be for. ``link`` is "block:<id>", "lecture:<id>",
    "goal:<id>", "card:<id>", or None for free text."""

    label: str
    link: str | None
    kind: str  # "block" | "lecture" | "goal" | "card" | "text"
    detail: str = ""

    @property
    def search_text(self) -> str:
        return f"{self.label} {self.detail}".strip()


def lecture_label(number: int, title: str) -> str:
    """``lecture_label(3, "Building makemore Part 2: MLP")`` → ``"Lecture 3: Building …"``."""
    return _("Lecture {n}: {title}", n=number, title=title)


def label_choices(
    plan: Plan,
    cards: Iterable[Deliverable],
    blocks: Iterable[ScheduledBlock],
    month: int | None,
) -> list[LabelChoice]:
    """Everything a session can be for, most likely first: today's study blocks, the next
    lectures of the course, this month's open goals, cards in hand, then the rest.
    Done goals, finished lectures and cards in Done are left out."""
    out: list[LabelChoice] = []
    for b in blocks:
        if b.block.kind in STUDY_KINDS:
            detail = f"{b.block.start}-{b.block.end}"
            out.append(LabelChoice(b.block.title, f"block:{b.block.id}", "block", detail))
    for must in plan.must_dos:
        if must.kind != "course":
            continue
        for number, item in enumerate(must.items, 1):
            if not item.done:
                detail = _("{n} min", n=item.minutes) if item.minutes else ""
                label = lecture_label(number, item.text)
                out.append(LabelChoice(label, f"lecture:{item.id}", "lecture", detail))
    open_goals = [g for g in plan.goals if not g.done]
    this_month = [g for g in open_goals if month is not None and g.month == month]
    others = [g for g in open_goals if g not in this_month]
    for goal in this_month + sorted(others, key=lambda g: g.month):
        detail = _("Month {n}", n=goal.month)
        out.append(LabelChoice(goal.text, f"goal:{goal.id}", "goal", detail))
    live = [c for c in cards if c.column != "done"]
    in_hand = [c for c in live if c.column in ACTIVE_COLUMNS]
    rest = [c for c in live if c.column not in ACTIVE_COLUMNS]
    for card in in_hand + rest:
        out.append(LabelChoice(card.title, f"card:{card.id}", "card", _column(card.column)))
    return out


def _column(name: str) -> str:
    names = {"backlog": _("Backlog"), "week": _("This week"), "doing": _("Doing")}
    return names.get(name, name)

"""Where a date falls in the plan: its month (0–12), phase, and time elapsed."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum
from pendulum import Date

from cadence.data.models import RoadmapPhase

LAST_MONTH = 12


@dataclass(frozen=True)
class MonthSpan:
    index: int
    first: Date
    last: Date


def month_span(plan_start: Date, index: int) -> MonthSpan:
    """Month ``index`` runs from ``plan_start + index months`` to the day before the next."""
    first = plan_start.add(months=index)
    return MonthSpan(index, first, plan_start.add(months=index + 1).subtract(days=1))


def month_of(plan_start: Date, day: Date) -> int | None:
    """The plan month holding ``day``; None before the start, 13 after the plan ends."""
    if day < plan_start:
        return None
    for index in range(LAST_MONTH + 1):
        if day <= month_span(plan_start, index).last:
            return index
    return LAST_MONTH + 1


def phase_of(phases: list[RoadmapPhase], month: int | None) -> RoadmapPhase | None:
    if month is None:
        return None
    for phase in phases:
        if phase.first_month <= month <= phase.last_month:
            return phase
    return None


def elapsed_fraction(plan_start: Date, day: Date) -> float:
    """Share of the whole plan (months 0–12) behind ``day``, 0..1."""
    end = month_span(plan_start, LAST_MONTH).last
    total = (end - plan_start).in_days() + 1
    done = (day - plan_start).in_days()
    return min(1.0, max(0.0, done / total))


def parse_date(text: str) -> Date:
    """An ISO date (YYYY-MM-DD); raises ValueError with a readable message."""
    try:
        parsed = pendulum.parse(text.strip(), exact=True)
    except Exception as exc:
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD") from exc
    if not isinstance(parsed, Date) or isinstance(parsed, pendulum.DateTime):
        raise ValueError(f"{text!r} is not a date as YYYY-MM-DD")
    return parsed

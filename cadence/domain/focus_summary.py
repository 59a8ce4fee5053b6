"""Study-time figures of the Focus screen and of ``cadence status``, computed one way.

Pure and light (standard library only, no pendulum): ``cadence status`` runs on
every shell prompt. Sessions are counted on the date they started, as
``kpis.focused_seconds`` counts them, plus the focus of the phase in progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from cadence.domain.timer import TimerView, clock_text
from cadence.i18n import _

PHASE_NAMES = {"focus": "Focus", "short_break": "Short break", "long_break": "Long break"}


class FocusTotals(NamedTuple):
    """Focused seconds today and this week, the phase in progress included."""

    day: str
    week_first: str
    week_last: str
    today_s: float
    week_s: float


def week_of(day: str, week_start: int = 0) -> tuple[str, str]:
    """First and last ISO date of the week holding ``day`` (Monday = 0 … Sunday = 6)."""
    d = date.fromisoformat(day)
    first = d - timedelta(days=(d.weekday() - week_start) % 7)
    return first.isoformat(), (first + timedelta(days=6)).isoformat()


def totals(
    sessions: Iterable[tuple[str, float]],
    day: str,
    week_start: int = 0,
    pending_s: float = 0.0,
) -> FocusTotals:
    """Sum ``(start ISO, focused seconds)`` pairs for ``day`` and its week, plus ``pending_s``
    (the phase in progress, which starts today)."""
    first, last = week_of(day, week_start)
    today = week = 0.0
    for start, focused in sessions:
        started_on = start[:10]
        if first <= started_on <= last:
            week += focused
            if started_on == day:
                today += focused
    return FocusTotals(day, first, last, today + pending_s, week + pending_s)


def hm(seconds: float) -> str:
    """``7500`` → ``"2h05"``, ``300`` → ``"5m"`` (as ``schedule.format_duration`` writes it)."""
    minutes = max(0, int(seconds // 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}" if hours else f"{minutes}m"


def hours(seconds: float) -> str:
    """Hours with one decimal: ``23400`` → ``"6.5"``."""
    return f"{seconds / 3600:.1f}"


def phase_text(view: TimerView) -> str:
    """``"focus 12:34"``, ``"paused 12:34"``, ``"short break 03:12"``, ``"idle"``."""
    if view.status == "idle":
        if view.phase == "focus":
            return _("idle")
        return _("{phase} waiting", phase=_(PHASE_NAMES[view.phase]).lower())
    clock = clock_text(view.remaining_s)
    if view.status == "paused":
        return _("paused {time}", time=clock)
    return f"{_(PHASE_NAMES[view.phase]).lower()} {clock}"


def status_line(view: TimerView, figures: FocusTotals, target_h: float) -> str:
    """The one line of ``cadence status``:
    ``focus 12:34 · Karpathy lecture 3 · today 2h05 · week 6.5/8h``."""
    parts = [phase_text(view)]
    if view.label and view.status != "idle":
        parts.append(view.label)
    parts.append(_("today {duration}", duration=hm(figures.today_s)))
    parts.append(_("week {hours}/{target}h", hours=hours(figures.week_s), target=f"{target_h:g}"))
    return " · ".join(parts)

"""How the Roadmap writes its things as text: bars, cells, months, phases, tracks, skills.

Shared by the Roadmap's panes, its dialogs and the must-do, resources and skills screens.
Widths are counted in terminal cells (``rich.cells.cell_len``: a CJK character is 2), and
the glyphs are narrow in CJK terminals too (``▰▱▸✓``, never ``○●·``).
"""

from __future__ import annotations

from pendulum import Date
from textual.content import Content

from cadence.data.models import SKILL_STATES, RoadmapPhase
from cadence.domain.plan_time import month_span
from cadence.i18n import _

TRACK_TITLES = {"tech": "Tech", "product": "Product", "output": "Output"}
SKILL_STATUS_TITLES = {
    "not_started": "Not started",
    "learning": "Learning",
    "can_explain": "Can explain",
    "applied": "Applied",
}


def bar(fraction: float, cells: int = 12, *, ascii_icons: bool = False) -> Content:
    """A progress bar ``▰▰▰▱▱▱``: glyphs of narrow width in CJK terminals too (``##---`` in ASCII)."""
    fraction = min(1.0, max(0.0, fraction))
    filled = round(cells * fraction)
    full, empty = ("#", "-") if ascii_icons else ("▰", "▱")
    return Content.assemble((full * filled, "$success"), (empty * (cells - filled), "dim"))


def hours_text(seconds: float) -> str:
    """Rough hours for estimates: ``"~14h"``, ``"~40m"`` below an hour, ``"0m"`` when done."""
    if seconds <= 0:
        return "0m"
    if seconds < 3600:
        return f"~{max(1, round(seconds / 60))}m"
    return f"~{round(seconds / 3600)}h"


def check(done: bool, *, ascii_icons: bool, late: bool = False) -> Content:
    """A checklist box: ``[✓]`` done, ``[!]`` late, ``[ ]`` to do."""
    if done:
        return Content.styled("[x]" if ascii_icons else "[✓]", "bold $success")
    if late:
        return Content.styled("[!]", "bold $error")
    return Content("[ ]")


def current_mark(ascii_icons: bool) -> str:
    """The marker of the current month."""
    return ">" if ascii_icons else "▸"


def month_label(index: int) -> str:
    return _("Month {n}", n=index)


def span_text(plan_start: Date, index: int) -> str:
    """A plan month's dates: ``"2026-12-01 - 2026-12-31"``."""
    span = month_span(plan_start, index)
    return f"{span.first.isoformat()} - {span.last.isoformat()}"


def phase_range(phase: RoadmapPhase) -> str:
    """``"Month 0"`` for a one-month phase, ``"Months 1-3"`` for a longer one."""
    if phase.first_month == phase.last_month:
        return month_label(phase.first_month)
    return _("Months {first}-{last}", first=phase.first_month, last=phase.last_month)


def phase_for(phases: list[RoadmapPhase], month: int) -> RoadmapPhase | None:
    return next((p for p in phases if p.first_month <= month <= p.last_month), None)


def track_title(track: str) -> str:
    return _(TRACK_TITLES.get(track, track))


def skill_status_title(status: str) -> str:
    return _(SKILL_STATUS_TITLES.get(status, SKILL_STATUS_TITLES["not_started"]))


def skill_level(status: str, *, ascii_icons: bool) -> Content:
    """A skill's step of mastery as three cells: ``▱▱▱`` not started … ``▰▰▰`` applied."""
    level = SKILL_STATES.index(status) if status in SKILL_STATES else 0
    return bar(level / (len(SKILL_STATES) - 1), len(SKILL_STATES) - 1, ascii_icons=ascii_icons)

"""Insights' career panels: impact at work, the job move, freelancing (plan sections 七, 八).

Each panel shows its figures (``cadence.domain.insights``) above a list of the records
behind them. The lists take the focus (``tab``); there ``e`` edits the record under the
cursor, ``d`` deletes it, and on the job move ``space`` moves a lead to its next stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cadence.data.models import FreelanceEntry, ImpactEntry, JobLead, Plan
from cadence.domain.deliverables import format_number
from cadence.domain.insights import FreelanceFigures, Impact, JobMove, impact_measures
from cadence.i18n import _
from cadence.widgets.bindings import translate_bindings

#: Records listed under each panel (the newest first).
LISTED = 6
STAGE_NAMES = {
    "target": "Targets",
    "applied": "CV sent",  # not "Applied": a skill's status says that (应用)
    "interview": "Interview",
    "offer": "Offer",
}
OUTCOME_MARKS = {
    "accepted": "accepted",
    "declined": "declined",
    "rejected": "rejected",
    "withdrawn": "withdrawn",
}


class EntryList(OptionList):
    """The records behind a panel; ``e`` edits, ``d`` deletes the one under the cursor."""

    BINDINGS = [
        Binding("e", "screen.edit_entry", "Edit", id="insights.edit_entry"),
        Binding("d,delete", "screen.delete_entry", "Delete", id="insights.delete_entry"),
    ]

    def __init__(self, kind: str, *, id: str | None = None) -> None:
        super().__init__(id=id, compact=True)
        self.kind = kind
        self.ids: list[str] = []
        translate_bindings(self)

    def show(self, rows: Sequence[tuple[str, Text]], empty: str) -> None:
        """``(record id, line)`` per row, keeping the cursor on the same record."""
        current = self.record_id
        self.clear_options()
        self.ids = [record_id for record_id, _line in rows]
        if not rows:
            self.add_option(Option(Text(empty, style="dim italic"), disabled=True))
            return
        self.add_options(Option(line) for _id, line in rows)
        self.highlighted = self.ids.index(current) if current in self.ids else 0

    @property
    def record_id(self) -> str | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.ids):
            return None
        return self.ids[index]


class LeadList(EntryList):
    """The job move's leads; ``space`` moves the one under the cursor on a stage."""

    BINDINGS = [
        Binding("space", "screen.advance_lead", "Next stage", id="insights.advance_lead"),
    ]


def _number(value: float, unit: str = "") -> str:
    text = format_number(round(float(value), 1))
    return f"{text} {unit}".strip()


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + format_number(round(float(value), 2))


# ---------------------------------------------------------------- impact


def impact_lines(impact: Impact) -> Text:
    """Hours saved this month, on average and in all; the measures that moved."""
    out = Text()
    if impact.month is None:
        out.append(_("The plan has not started yet."), style="dim")
        return out
    out.append(
        _(
            "This month {hours} h saved   {avg} h a month on average   {total} h in all",
            hours=_number(impact.hours_this_month),
            avg=_number(impact.average_h),
            total=_number(impact.hours_total),
        )
    )
    if impact.target_h:
        met = impact.hours_this_month >= impact.target_h
        out.append("   ")
        out.append(
            _("target {hours} h a month", hours=format_number(impact.target_h)),
            style="green" if met else "dark_orange",
        )
    for metric in impact.metrics[:3]:
        out.append("\n")
        out.append(f"{metric.name}", style="bold")
        if metric.capstone:
            out.append(f" ({metric.capstone})", style="dim")
        out.append(f"  {_signed(metric.value)} {metric.unit}".rstrip(), style="cyan")
        out.append(f"  {metric.date[5:10]}", style="dim")
    return out


def impact_rows(entries: Sequence[ImpactEntry], plan: Plan) -> list[tuple[str, Text]]:
    names = {m.id: (m.name, m.unit) for _c, m in impact_measures(plan)}
    rows = []
    for entry in sorted(entries, key=lambda e: (e.date, e.created), reverse=True)[:LISTED]:
        line = Text(entry.date[5:10] + "  ", style="dim")
        if entry.kind == "hours_saved":
            line.append(_("{hours} h saved", hours=_number(entry.value)), style="cyan")
        else:
            name, unit = names.get(entry.measure, (entry.measure, ""))
            line.append(name + " ")
            line.append(f"{_signed(entry.value)} {unit}".rstrip(), style="cyan")
        if entry.note:
            line.append("  " + entry.note, style="dim")
        rows.append((entry.id, line))
    return rows


# ---------------------------------------------------------------- the job move


def job_lines(move: JobMove) -> Text:
    """The window, the pipeline's counts and what the KPI asks."""
    first, last = move.window
    out = Text()
    out.append(
        _("Months {first}–{last}", first=first, last=last)
        + f" ({move.window_first.isoformat()} – {move.window_last.isoformat()})  ",
        style="dim",
    )
    if move.before_window:
        days = (move.window_first - move.today).in_days()
        out.append(_("opens in {n} days", n=days), style="dim")
    elif move.in_window:
        out.append(_("open now"), style="bold yellow")
    else:
        out.append(_("over"), style="dim")
    out.append("\n")
    for i, stage in enumerate(STAGE_NAMES):
        if i:
            out.append(" → ", style="dim")
        out.append(f"{_(STAGE_NAMES[stage])} {move.reached[stage]}")
    out.append("\n")
    out.append(
        _(
            "Interviews in the window {n}   offers {offers}",
            n=move.interviews_in_window,
            offers=move.offers,
        )
    )
    out.append("   ")
    if move.done:
        out.append("✓ " + _("the move is made"), style="green")
    else:
        out.append(_("no move yet"), style="dim")
    return out


def lead_rows(leads: Sequence[JobLead]) -> list[tuple[str, Text]]:
    ordered = sorted(leads, key=lambda j: (j.outcome != "open", j.created, j.company))
    rows = []
    for lead in ordered:
        line = Text(lead.company, style="bold" if lead.outcome == "open" else "dim")
        if lead.role:
            line.append(" · " + lead.role)
        if lead.internal:
            line.append(" (" + _("internal") + ")", style="dim")
        stage = lead.stage
        when = lead.stages.get(stage, "")[5:10]
        name = _("Listed") if stage == "target" else _(STAGE_NAMES[stage])
        line.append(f"  {name} {when}".rstrip(), style="cyan")
        if lead.outcome in OUTCOME_MARKS:
            style = "green" if lead.outcome == "accepted" else "dim"
            line.append(f"  {_(OUTCOME_MARKS[lead.outcome])}", style=style)
        rows.append((lead.id, line))
    return rows


# ---------------------------------------------------------------- freelancing


def freelance_lines(figures: FreelanceFigures) -> Text:
    """Engagements, hours, income per currency and the cases they gave."""
    income = ", ".join(
        f"{format_number(round(float(total), 2))} {currency}".strip()
        for currency, total in sorted(figures.income.items())
        if total
    )
    engagements = (
        _("1 engagement")
        if figures.engagements == 1
        else _("{n} engagements", n=figures.engagements)
    )
    out = Text(
        _(
            "{engagements}   {hours} h   income {income}",  # hours: a number
            engagements=engagements,
            hours=_number(figures.hours),
            income=income or "0",
        )
    )
    if figures.cases:
        cases = _("1 case") if len(figures.cases) == 1 else _("{n} cases", n=len(figures.cases))
        out.append("\n")
        out.append(_("{label}:", label=cases) + " ", style="bold")
        out.append("; ".join(figures.cases[:3]), style="dim")
    return out


def freelance_rows(entries: Sequence[FreelanceEntry]) -> list[tuple[str, Text]]:
    rows = []
    for entry in sorted(entries, key=lambda e: (e.date, e.created), reverse=True)[:LISTED]:
        line = Text(entry.date[5:10] + "  ", style="dim")
        line.append(entry.engagement)
        line.append("  " + _("{hours} h", hours=_number(entry.hours)), style="cyan")
        if entry.income:
            line.append(f"  {format_number(entry.income)} {entry.currency}".rstrip(), style="cyan")
        rows.append((entry.id, line))
    return rows

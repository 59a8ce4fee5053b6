"""Insights' forms: a plan item as a block, an impact record, a job lead, freelance work.

Each is a ``FormDialog``: it checks every field, returns a record and never writes;
Insights (or the weekly review) saves it through ``app.persist``.
"""

from __future__ import annotations

import math

from pendulum import Date
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Input, Label, Select

from cadence.data.models import (
    BLOCK_KINDS,
    JOB_OUTCOMES,
    FreelanceEntry,
    ImpactEntry,
    JobLead,
    Plan,
    TimeBlock,
    new_id,
)
from cadence.domain.insights import impact_measures
from cadence.domain.plan_time import parse_date
from cadence.domain.schedule import check_block
from cadence.i18n import _
from cadence.widgets.form import FormDialog, FormError, RecordForm, choice, pair

OUTCOME_NAMES = {
    "open": "Still open",  # not "Open": the key that opens a link says that
    "accepted": "Accepted (the move is made)",
    "declined": "Declined",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
}
MAX_NUMBER = 1e9


def _date(form: Widget, selector: str) -> str:
    """The ISO date typed in ``selector``; FormError when it is not one."""
    text = form.query_one(selector, Input).value.strip()
    try:
        return parse_date(text).isoformat()
    except ValueError:
        raise FormError(_("Date: use YYYY-MM-DD, e.g. 2026-12-01."), selector) from None


def _number(form: Widget, selector: str, message: str, *, required: bool = True) -> float | None:
    """The number typed in ``selector`` (commas allowed), or None when empty and optional."""
    text = form.query_one(selector, Input).value.strip().replace(",", "").replace("，", "")
    if not text and not required:
        return None
    try:
        value = float(text)
    except ValueError:
        raise FormError(message, selector) from None
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise FormError(message, selector)
    return value


def _text(form: Widget, selector: str) -> str:
    return " ".join(form.query_one(selector, Input).value.split())


class PlanBlockDialog(FormDialog[tuple[str, TimeBlock]]):
    """Where a plan item goes on Today: a date, a start and an end, and a kind of block.

    Returns ``(iso date, TimeBlock)``.
    """

    SMALL = True

    def __init__(self, title: str, day: Date) -> None:
        super().__init__(_("Add as a block") + ": " + title)
        self.title_text = title
        self.day = day

    def fields(self) -> ComposeResult:
        yield Label(_("Date (YYYY-MM-DD)"))
        yield Input(self.day.isoformat(), id="plan-block-date", compact=True)
        yield pair(
            (_("Start (HH:MM)"), Input("20:30", id="plan-block-start", compact=True)),
            (_("End (HH:MM)"), Input("22:30", id="plan-block-end", compact=True)),
        )
        yield Label(_("Kind"))
        yield choice([(_(kind), kind) for kind in BLOCK_KINDS], "study", id="plan-block-kind")

    def result(self) -> tuple[str, TimeBlock]:
        day = _date(self, "#plan-block-date")
        start = self.query_one("#plan-block-start", Input).value.strip()
        end = self.query_one("#plan-block-end", Input).value.strip()
        kind = str(self.query_one("#plan-block-kind", Select).value)
        found = check_block(start, end, self.title_text, kind)
        for key, selector in (("start", "#plan-block-start"), ("end", "#plan-block-end")):
            if key in found:
                raise FormError(found[key], selector)
        if found:
            raise FormError(next(iter(found.values())))
        return day, TimeBlock(start=start, end=end, title=self.title_text, kind=kind, id=new_id())


class ImpactDialog(FormDialog[ImpactEntry]):
    """Hours AI saved at work in a month, or a capstone measure's change (the impact KPI)."""

    def __init__(self, plan: Plan, today: Date, now_iso: str) -> None:
        super().__init__(_("Log impact at work"))
        self.measures = impact_measures(plan)
        self.today = today
        self.now_iso = now_iso

    def fields(self) -> ComposeResult:
        kinds = [(_("Hours saved"), "hours_saved"), (_("A measure changed"), "metric")]
        yield pair(
            (_("What"), choice(kinds, "hours_saved", id="impact-kind")),
            (_("Date (YYYY-MM-DD)"), Input(self.today.isoformat(), id="impact-date", compact=True)),
        )
        yield Label(_("Hours saved (that month)"), id="impact-value-label")
        yield Input(id="impact-value", compact=True, placeholder="6")
        yield Label(_("Capstone measure"), classes="metric")
        yield choice(
            [
                (Text(f"{c.title}: {m.name}" + (f" ({m.unit})" if m.unit else "")), m.id)
                for c, m in self.measures
            ],
            id="impact-measure",
            prompt=_("Pick a measure"),
            classes="metric",
        )
        yield pair(
            (_("Before (optional)"), Input(id="impact-before", compact=True)),
            (_("After (optional)"), Input(id="impact-after", compact=True)),
            classes="metric",
        )
        yield Label(_("Note"))
        yield Input(id="impact-note", compact=True, placeholder=_("What changed, and how"))

    def on_mount(self) -> None:
        self._show_kind("hours_saved")

    @on(Select.Changed, "#impact-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_kind(str(event.value))

    def _show_kind(self, kind: str) -> None:
        for widget in self.query(".metric"):
            widget.display = kind == "metric"
        label = (
            _("Change, in the measure's unit")
            if kind == "metric"
            else _("Hours saved (that month)")
        )
        self.query_one("#impact-value-label", Label).update(label)

    def result(self) -> ImpactEntry:
        kind = str(self.query_one("#impact-kind", Select).value)
        date = _date(self, "#impact-date")
        note = _text(self, "#impact-note")
        if kind == "hours_saved":
            hours = _number(self, "#impact-value", _("Hours saved: a number of hours, e.g. 6."))
            if hours is None or hours <= 0:
                raise FormError(_("Hours saved: a number of hours, e.g. 6."), "#impact-value")
            return ImpactEntry(date, "hours_saved", hours, note=note, created=self.now_iso)
        measure = self.query_one("#impact-measure", Select).value
        chosen = next(((c, m) for c, m in self.measures if m.id == measure), None)
        if chosen is None:
            raise FormError(_("Pick the capstone measure that changed."), "#impact-measure")
        problem = _("Before and after: numbers, or leave them empty.")
        before = _number(self, "#impact-before", problem, required=False)
        after = _number(self, "#impact-after", problem, required=False)
        change = _number(
            self, "#impact-value", _("Change: a number, e.g. 12 or -3."), required=False
        )
        if change is None and before is not None and after is not None:
            change = after - before
        if change is None:
            raise FormError(_("Change: a number, e.g. 12 or -3."), "#impact-value")
        capstone, _measure = chosen
        return ImpactEntry(
            date,
            "metric",
            change,
            measure=str(measure),
            capstone=capstone.id,
            before=before,
            after=after,
            note=note,
            created=self.now_iso,
        )


class JobLeadDialog(RecordForm[JobLead]):
    """A company or an internal team of the job move; its outcome ends it."""

    TITLES = ("Add a job lead", "Edit the job lead")

    def fields(self) -> ComposeResult:
        lead = self.record
        yield pair(
            (_("Company or team"), Input(lead.company, id="lead-company", compact=True)),
            (_("Role"), Input(lead.role, id="lead-role", compact=True, placeholder="AI PM")),
        )
        wheres = [(_("Another employer"), "external"), (_("Internal transfer"), "internal")]
        outcomes = [(_(OUTCOME_NAMES[o]), o) for o in JOB_OUTCOMES]
        yield pair(
            (
                _("Where"),
                choice(wheres, "internal" if lead.internal else "external", id="lead-internal"),
            ),
            (_("Outcome"), choice(outcomes, lead.outcome, id="lead-outcome")),
        )
        yield Label(_("Link (optional)"))
        yield Input(lead.url, id="lead-url", compact=True)
        yield Label(_("Notes"))
        yield Input(lead.notes, id="lead-notes", compact=True)

    def result(self) -> JobLead:
        company = _text(self, "#lead-company")
        if not company:
            raise FormError(_("Name the company or the team."), "#lead-company")
        return JobLead(
            company=company,
            role=_text(self, "#lead-role"),
            internal=self.query_one("#lead-internal", Select).value == "internal",
            stages=dict(self.record.stages),
            outcome=str(self.query_one("#lead-outcome", Select).value),
            url=self.query_one("#lead-url", Input).value.strip(),
            notes=_text(self, "#lead-notes"),
            id=self.record.id,
            created=self.record.created,
            updated=self.record.updated,
        )


class FreelanceDialog(RecordForm[FreelanceEntry]):
    """Weekend freelancing or consulting: the engagement, its hours, income and the case."""

    TITLES = ("Log freelance work", "Edit freelance work")

    def fields(self) -> ComposeResult:
        e = self.record
        yield pair(
            (_("Engagement"), Input(e.engagement, id="free-engagement", compact=True)),
            (_("Date (YYYY-MM-DD)"), Input(e.date, id="free-date", compact=True)),
        )
        yield pair(
            (_("Hours"), Input(f"{e.hours:g}" if e.hours else "", id="free-hours", compact=True)),
            (
                _("Income"),
                Input(f"{e.income:g}" if e.income else "", id="free-income", compact=True),
            ),
            (_("Currency"), Input(e.currency, id="free-currency", compact=True, placeholder="CNY")),
        )
        yield Label(_("The case it gave (one sentence)"))
        yield Input(e.case, id="free-case", compact=True)

    def result(self) -> FreelanceEntry:
        engagement = _text(self, "#free-engagement")
        if not engagement:
            raise FormError(_("Name the engagement (client or project)."), "#free-engagement")
        date = _date(self, "#free-date")
        hours = _number(self, "#free-hours", _("Hours: a number from 0 to 1000."), required=False)
        if hours is not None and not 0 <= hours <= 1000:
            raise FormError(_("Hours: a number from 0 to 1000."), "#free-hours")
        income = _number(self, "#free-income", _("Income: a number, 0 or more."), required=False)
        if income is not None and income < 0:
            raise FormError(_("Income: a number, 0 or more."), "#free-income")
        return FreelanceEntry(
            date=date,
            engagement=engagement,
            hours=hours or 0.0,
            income=income or 0.0,
            currency=_text(self, "#free-currency").upper()[:8],
            case=_text(self, "#free-case"),
            id=self.record.id,
            created=self.record.created,
            updated=self.record.updated,
        )

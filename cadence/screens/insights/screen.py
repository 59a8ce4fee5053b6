"""Insights: the plan's KPIs from what was recorded, as charts.

Every figure comes from ``cadence.domain.insights`` (pure, tested on its own); this
screen only reads the records, hands them over and draws the result. Panels take
the focus (``tab``), so the keyboard walks from chart to chart and each scrolls
into view; at 150 columns and more the panels sit in two columns.

The KPIs the plan cannot see by itself have an input each: ``i`` logs impact at work
(hours saved, a capstone measure that moved), ``j`` adds a lead of the job move,
``l`` logs freelance work. Their forms return records; the screen saves them through
``app.persist`` (one transaction each) and redraws when the store says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pendulum import Date
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from cadence.data.merge import merge_fields
from cadence.data.models import FreelanceEntry, ImpactEntry, JobLead
from cadence.domain import insights
from cadence.domain.schedule import format_duration, logical_date
from cadence.export.run import plan_start_of
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.insights.career import (
    STAGE_NAMES,
    EntryList,
    LeadList,
    freelance_lines,
    freelance_rows,
    impact_lines,
    impact_rows,
    job_lines,
    lead_rows,
)
from cadence.screens.keys import screen_bindings
from cadence.widgets.charts import (
    FocusHeatmap,
    MeterList,
    RoadmapChart,
    RollingAverageChart,
    WeeklyHoursChart,
    WorkoutsChart,
)
from cadence.widgets.footer import CadenceFooter
from cadence.widgets.form import FormDialog

#: A career record edited in a form.
C = TypeVar("C", JobLead, FreelanceEntry)

WIDE = 150  # columns from which the panels sit side by side


class Panel(Vertical, can_focus=True):
    """One chart with its title and a line of figures; focusable so ``tab`` walks the charts."""


def _pct(ratio: float | None) -> str:
    return "-" if ratio is None else f"{round(ratio * 100)}%"


def _rate_row(title: str, rate: insights.Rate, figures: str) -> tuple[str, float, float, str]:
    """A yes/no habit's meter; ``figures`` (in the UI language) is filled with its numbers."""
    text = figures.format(
        yes=rate.yes, answered=rate.answered, pct=_pct(rate.ratio), streak=rate.streak
    )
    return (title, rate.yes, rate.answered, text)


def edited(original: Any, result: Any) -> Callable[[Any], None]:
    """A change for the career ``update_*`` functions: the fields the user changed in a form
    (``original`` → ``result``), put on the record as it is on disk."""

    def change(record: Any) -> None:
        merged, _conflicts = merge_fields(original, result, record)
        record.__dict__.update(merged.__dict__)

    return change


class InsightsScreen(CadenceScreen):
    SCREEN_TITLE = "Insights"
    MODE = "insights"
    CSS_PATH = "insights.tcss"
    # What ``compute`` reads (a ledger or sync note changing does not redraw the charts).
    WATCHES = ("focus-", "reviews-", "days-", "weekly", "board", "plan", "settings", "career")
    BINDINGS = screen_bindings("insights")

    #: The figures last drawn (tests compare them with their own computation).
    figures: insights.Insights | None = None

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with VerticalScroll(id="insights"):
            with Vertical(classes="column", id="left"):
                with Panel(id="p-hours"):
                    yield WeeklyHoursChart(id="hours-chart")
                    yield Static(id="hours-line", classes="figures")
                with Panel(id="p-rolling"):
                    yield RollingAverageChart(id="rolling-chart")
                    yield Static(id="rolling-line", classes="figures")
                with Panel(id="p-heatmap"):
                    yield FocusHeatmap(id="heatmap")
                    yield Static(id="heatmap-line", classes="figures")
            with Vertical(classes="column", id="right"):
                with Panel(id="p-output"):
                    yield MeterList(id="output-meters")
                with Panel(id="p-habits"):
                    yield WorkoutsChart(id="workouts-chart")
                    yield MeterList(id="habit-meters")
                with Panel(id="p-roadmap"):
                    yield RoadmapChart(id="roadmap-chart")
                    yield MeterList(id="roadmap-meters")
                    yield Static(id="roadmap-line", classes="figures")
                with Panel(id="p-impact"):
                    yield Static(id="impact-line")
                    yield EntryList("impact", id="impact-list")
                with Panel(id="p-jobs"):
                    yield Static(id="jobs-line")
                    yield LeadList("jobs", id="jobs-list")
                with Panel(id="p-freelance"):
                    yield Static(id="freelance-line")
                    yield EntryList("freelance", id="freelance-list")
        yield CadenceFooter()

    # Textual calls the base class's on_mount / on_resize too (handlers run along the MRO).
    def on_mount(self) -> None:
        if not self.app_closing:
            self._titles()

    def on_resize(self) -> None:
        self.query_one("#insights").set_class(self.size.width >= WIDE, "wide")

    def _titles(self) -> None:
        s = self.cadence.settings
        titles = {
            "#p-hours": (
                _("Study hours per week"),
                f"[cyan]{_('hours')}[/] / [red]{_('target {hours} h', hours=f'{s.weekly_target_h:g}')}[/]"
                f" / {_('band {low}-{high} h', low=f'{s.weekly_band_low_h:g}', high=f'{s.weekly_band_high_h:g}')}",
            ),
            "#p-rolling": (
                _("Three-month average, hours a week"),
                f"[cyan]{_('average')}[/] / [red]{_('target {hours} h', hours=f'{s.weekly_target_h:g}')}[/]",
            ),
            "#p-heatmap": (_("Focus per day, last 12 months"), ""),
            "#p-output": (_("Output against the plan's targets"), ""),
            "#p-habits": (
                _("Habits"),
                f"[cyan]{_('workouts per week')}[/] / [red]{_('target 3')}[/]",
            ),
            "#p-roadmap": (
                _("Roadmap: goals done against time gone"),
                f"{_('planned')} / [cyan]{_('done')}[/] / [red]{_('today')}[/]",
            ),
            "#p-impact": (_("Impact at work"), _("i logs hours saved or a measure")),
            "#p-jobs": (_("The job move"), _("j adds a lead, space moves it on")),
            "#p-freelance": (_("Freelancing"), _("l logs an engagement")),
        }
        for selector, (title, subtitle) in titles.items():
            panel = self.query_one(selector)
            panel.border_title = title
            panel.border_subtitle = subtitle

    # ------------------------------------------------------------ data

    @property
    def today(self) -> Date:
        app = self.cadence
        return logical_date(app.clock.now(), app.settings.rollover_hour)

    def compute(self) -> insights.Insights:
        """Read the records the figures need and compute them (pure domain code)."""
        app = self.cadence
        s = app.settings
        repo = app.repo
        today = self.today
        first = insights.records_from(today, s.week_start).isoformat()
        last = today.isoformat()
        charted = insights.weekly_hours([], today, week_start=s.week_start)[0].first
        records = insights.Records(
            sessions=repo.sessions(first, last),
            reviews=repo.daily_reviews(first, last),
            weekly=repo.weekly_reviews(),
            cards=repo.cards(),
            plan=repo.plan(),
            plan_start=plan_start_of(repo, today),
            today=today,
            target_h=s.weekly_target_h,
            band=(s.weekly_band_low_h, s.weekly_band_high_h),
            days=repo.days(charted.isoformat(), last),
            week_start=s.week_start,
        )
        return insights.build_insights(
            records,
            impact=repo.impact_entries(),
            leads=repo.job_leads(),
            freelance=repo.freelance_entries(),
        )

    def refresh_data(self) -> None:
        self._titles()
        fig = self.figures = self.compute()
        self._hours(fig)
        self._heatmap(fig)
        self._output(fig)
        self._habits(fig)
        self._roadmap(fig)
        self._career(fig)

    def _hours(self, fig: insights.Insights) -> None:
        self.query_one(WeeklyHoursChart).show(fig.weeks, fig.target_h, fig.band)
        done = fig.past_weeks
        this = fig.weeks[-1].hours if fig.weeks else 0.0
        line = _("This week {this} h", this=f"{this:.1f}")
        average = f"{fig.past_average:.1f}"
        if len(done) == 1:
            line += "   " + _("last week {avg} h", avg=average)
        elif done:
            line += "   " + _("average of the last {n} weeks {avg} h", n=len(done), avg=average)
        self.query_one("#hours-line", Static).update(line)
        self.query_one(RollingAverageChart).show(fig.rolling, fig.target_h)
        on = fig.average_3m >= fig.target_h
        verdict = f"[green]✓ {_('on target')}[/]" if on else f"[dark_orange]✗ {_('below')}[/]"
        self.query_one("#rolling-line", Static).update(
            _("Now {avg} h a week over three months", avg=f"{fig.average_3m:.1f}") + "   " + verdict
        )

    def _heatmap(self, fig: insights.Insights) -> None:
        heat = fig.heatmap
        names = [_(n) for n in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
        self.query_one(FocusHeatmap).show(heat, names, (_("less"), _("more")))
        best = heat.best_day
        line = _(
            "{days} days with focus, {hours} h in all",
            days=heat.active_days,
            hours=f"{heat.total_hours:.0f}",
        )
        if best is not None:
            line += "   " + _(
                "best day {date}: {duration}", date=best[0], duration=format_duration(best[1])
            )
        self.query_one("#heatmap-line", Static).update(line)

    def _output(self, fig: insights.Insights) -> None:
        names = {
            "projects": _("Projects shipped"),
            "case_studies": _("Case studies"),
            "monthly_demo": _("Monthly demo kept"),
            "weekly_reviews": _("Weekly reviews kept"),
        }
        self.query_one("#output-meters", MeterList).show(
            [(names[t.key], t.done, t.target, f"{t.done} / {t.target}") for t in fig.targets]
        )

    def _habits(self, fig: insights.Insights) -> None:
        h = fig.habits
        self.query_one(WorkoutsChart).show(h.workouts, h.workout_target)
        self.query_one(
            "#p-habits"
        ).border_subtitle = (
            f"[cyan]{_('workouts per week')}[/] / [red]{_('target {n}', n=h.workout_target)}[/]"
        )
        rows = [
            (
                _("Workouts this week"),
                h.workouts_this_week,
                h.workout_target,
                _(
                    "{n} / {target}, {avg} a week, week streak {streak}",
                    n=h.workouts_this_week,
                    target=h.workout_target,
                    avg=f"{h.workout_average:.1f}",
                    streak=h.workout_streak,
                ),
            ),
            _rate_row(
                _("In bed before 23:00"),
                h.bed,
                _("{yes} / {answered} nights {pct}, streak {streak}"),
            ),
            _rate_row(
                _("Days posted"), h.posted, _("{yes} / {answered} days {pct}, streak {streak}")
            ),
        ]
        self.query_one("#habit-meters", MeterList).show(rows)

    def _roadmap(self, fig: insights.Insights) -> None:
        r = fig.roadmap
        month = None if r.month is None else min(r.month, 12)
        self.query_one(RoadmapChart).show(r.planned_curve, r.done_curve, month)
        rows = [
            (
                _("Goals done"),
                r.goals_done,
                r.goals_total,
                f"{r.goals_done} / {r.goals_total} {_pct(r.done_fraction)}",
            ),
            (_("Time gone"), r.elapsed, 1.0, _pct(r.elapsed)),
        ]
        rows += [(m.title, m.done, m.total, f"{m.done} / {m.total}") for m in r.must_dos]
        self.query_one("#roadmap-meters", MeterList).show(rows)
        gap = round(r.ahead * 100)
        if r.month is None:
            line = _("The plan has not started yet.")
        elif gap >= 0:
            line = f"[green]{_('{n} points ahead of time', n=gap)}[/]"
        else:
            line = f"[dark_orange]{_('{n} points behind time', n=-gap)}[/]"
        self.query_one("#roadmap-line", Static).update(line)

    def _career(self, fig: insights.Insights) -> None:
        repo = self.cadence.repo
        self.query_one("#impact-line", Static).update(impact_lines(fig.impact))
        self.query_one("#impact-list", EntryList).show(
            impact_rows(repo.impact_entries(), repo.plan()),
            _("Nothing logged yet: i logs hours saved or a measure that moved."),
        )
        self.query_one("#jobs-line", Static).update(job_lines(fig.job_move))
        self.query_one("#jobs-list", LeadList).show(
            lead_rows(repo.job_leads()), _("No leads yet: j adds a company or an internal team.")
        )
        self.query_one("#freelance-line", Static).update(freelance_lines(fig.freelance))
        self.query_one("#freelance-list", EntryList).show(
            freelance_rows(repo.freelance_entries()),
            _("Nothing logged yet: l logs an engagement (weekend work, income, a case)."),
        )

    # ------------------------------------------------------------ actions

    def action_weekly_review(self) -> None:
        from cadence.screens.insights.weekly_review import open_weekly_review

        open_weekly_review(self.cadence)

    def action_export(self) -> None:
        from cadence.screens.insights.export_dialog import open_export

        open_export(self.cadence)

    def _now_iso(self) -> str:
        return self.cadence.clock.now().isoformat()

    def action_log_impact(self) -> None:
        from cadence.screens.insights.dialogs import ImpactDialog

        app = self.cadence

        def chosen(entry: ImpactEntry | None) -> None:
            if entry is not None:
                app.persist(lambda: app.repo.add_career(entry), done=_("Impact logged."))

        app.push_screen(ImpactDialog(app.repo.plan(), self.today, self._now_iso()), chosen)

    def action_add_lead(self) -> None:
        from cadence.screens.insights.dialogs import JobLeadDialog

        app = self.cadence
        today = self.today.isoformat()
        lead = JobLead("", stages={"target": today}, created=self._now_iso(), updated=today)

        def chosen(result: JobLead | None) -> None:
            if result is not None:
                app.persist(lambda: app.repo.add_career(result), done=_("Lead added."))

        app.push_screen(JobLeadDialog(lead, new=True), chosen)

    def action_log_freelance(self) -> None:
        from cadence.screens.insights.dialogs import FreelanceDialog

        app = self.cadence
        earlier = app.repo.freelance_entries()
        entry = FreelanceEntry(
            self.today.isoformat(),
            "",
            currency=earlier[-1].currency if earlier else "",
            created=self._now_iso(),
        )

        def chosen(result: FreelanceEntry | None) -> None:
            if result is not None:
                app.persist(lambda: app.repo.add_career(result), done=_("Freelance work logged."))

        app.push_screen(FreelanceDialog(entry, new=True), chosen)

    def _entry_list(self) -> EntryList | None:
        """The record list with the focus, when a record is under its cursor."""
        focused = self.focused
        return focused if isinstance(focused, EntryList) and focused.record_id else None

    def action_advance_lead(self) -> None:
        listing = self._entry_list()
        if listing is None or listing.kind != "jobs":
            return
        app, lead_id = self.cadence, str(listing.record_id)
        lead = next((j for j in app.repo.job_leads() if j.id == lead_id), None)
        stage = insights.next_job_stage(lead.stage) if lead is not None else None
        if lead is None or stage is None:
            self.notify(_("An offer is the last stage: e sets the outcome."), timeout=4)
            return
        change = insights.advance_lead(self.today.isoformat())
        app.persist(
            lambda: app.repo.update_career(JobLead, lead_id, change),
            done=_("{company}: {stage}.", company=lead.company, stage=_(STAGE_NAMES[stage])),
        )

    def action_edit_entry(self) -> None:
        from cadence.screens.insights.dialogs import FreelanceDialog, JobLeadDialog

        listing = self._entry_list()
        if listing is None:
            return
        record_id, repo = str(listing.record_id), self.cadence.repo
        if listing.kind == "jobs":
            lead = next((j for j in repo.job_leads() if j.id == record_id), None)
            self._edit_career(JobLead, lead, JobLeadDialog)
        elif listing.kind == "freelance":
            entry = next((e for e in repo.freelance_entries() if e.id == record_id), None)
            self._edit_career(FreelanceEntry, entry, FreelanceDialog)
        else:
            self.notify(_("An impact record is kept as logged: d deletes it, i logs it again."))

    def _edit_career(
        self, model: type[C], record: C | None, dialog: Callable[[C], FormDialog[C]]
    ) -> None:
        """Open ``record`` in its form; what the user changed is saved on the record on disk."""
        if record is None:
            return
        app, record_id = self.cadence, record.id

        def saved(result: C | None) -> None:
            if result is not None:
                change = edited(record, result)
                app.persist(lambda: app.repo.update_career(model, record_id, change))

        app.push_screen(dialog(record), saved)

    def action_delete_entry(self) -> None:
        from cadence.screens.confirm import ConfirmDelete

        listing = self._entry_list()
        if listing is None:
            return
        app, record_id = self.cadence, str(listing.record_id)
        repo = app.repo
        model = {"impact": ImpactEntry, "jobs": JobLead, "freelance": FreelanceEntry}[listing.kind]
        shown = str(listing.get_option_at_index(listing.highlighted or 0).prompt)

        def confirmed(yes: object) -> None:
            if yes is True:
                app.persist(lambda: repo.delete_career(model, record_id), done=_("Deleted."))

        app.push_screen(
            ConfirmDelete(_("Delete this record?"), shown, _("It cannot be undone.")), confirmed
        )

"""Insights: the plan's KPIs from what was recorded, as charts.

Every figure comes from ``cadence.domain.insights`` (pure, tested on its own); this
screen only reads the records, hands them over and draws the result. Panels take
the focus (``tab``), so the keyboard walks from chart to chart and each scrolls
into view; at 150 columns and more the panels sit in two columns.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from cadence.domain import insights
from cadence.domain.schedule import format_duration, logical_date
from cadence.export.run import plan_start_of
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.widgets.charts import (
    FocusHeatmap,
    MeterList,
    RoadmapChart,
    RollingAverageChart,
    WeeklyHoursChart,
    WorkoutsChart,
)
from cadence.widgets.footer import CadenceFooter

WIDE = 150  # columns from which the panels sit side by side


class Panel(Vertical, can_focus=True):
    """One chart with its title and a line of figures; focusable so ``tab`` walks the charts."""


def _pct(ratio: float | None) -> str:
    return "-" if ratio is None else f"{round(ratio * 100)}%"


class InsightsScreen(CadenceScreen):
    SCREEN_TITLE = "Insights"
    MODE = "insights"
    CSS_PATH = "insights.tcss"
    BINDINGS = [
        Binding("w", "weekly_review", "Weekly review", id="insights.weekly_review"),
        Binding("x", "export", "Export", id="insights.export"),
        Binding("tab", "app.focus_next", "Next chart", show=False, id="insights.next"),
        Binding(
            "shift+tab", "app.focus_previous", "Previous chart", show=False, id="insights.prev"
        ),
    ]

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
        yield CadenceFooter()

    # Textual calls the base class's on_mount / on_resize too (handlers run along the MRO).
    def on_mount(self) -> None:
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
        }
        for selector, (title, subtitle) in titles.items():
            panel = self.query_one(selector)
            panel.border_title = title
            panel.border_subtitle = subtitle

    # ------------------------------------------------------------ data

    def compute(self) -> insights.Insights:
        """Read the records the figures need and compute them (pure domain code)."""
        app = self.cadence
        s = app.settings
        repo = app.repo
        today = logical_date(app.clock.now(), s.rollover_hour)
        first = insights.records_from(today).isoformat()
        last = today.isoformat()
        return insights.build_insights(
            sessions=repo.sessions(first, last),
            reviews=repo.daily_reviews(first, last),
            weekly=repo.weekly_reviews(),
            cards=repo.cards(),
            plan=repo.plan(),
            plan_start=plan_start_of(repo, today),
            today=today,
            target_h=s.weekly_target_h,
            band=(s.weekly_band_low_h, s.weekly_band_high_h),
        )

    def refresh_data(self) -> None:
        self._titles()
        fig = self.figures = self.compute()
        self._hours(fig)
        self._heatmap(fig)
        self._output(fig)
        self._habits(fig)
        self._roadmap(fig)

    def _hours(self, fig: insights.Insights) -> None:
        self.query_one(WeeklyHoursChart).show(fig.weeks, fig.target_h, fig.band)
        done = fig.weeks[:-1]
        average = sum(w.hours for w in done) / len(done) if done else 0.0
        this = fig.weeks[-1].hours if fig.weeks else 0.0
        self.query_one("#hours-line", Static).update(
            _(
                "This week {this} h   average of the last {n} weeks {avg} h",
                this=f"{this:.1f}",
                n=len(done),
                avg=f"{average:.1f}",
            )
        )
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
            (
                _("In bed before 23:00"),
                h.bed.yes,
                h.bed.answered,
                _(
                    "{yes} / {answered} nights {pct}, streak {streak}",
                    yes=h.bed.yes,
                    answered=h.bed.answered,
                    pct=_pct(h.bed.ratio),
                    streak=h.bed.streak,
                ),
            ),
            (
                _("Days posted"),
                h.posted.yes,
                h.posted.answered,
                _(
                    "{yes} / {answered} days {pct}, streak {streak}",
                    yes=h.posted.yes,
                    answered=h.posted.answered,
                    pct=_pct(h.posted.ratio),
                    streak=h.posted.streak,
                ),
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

    # ------------------------------------------------------------ actions

    def action_weekly_review(self) -> None:
        from cadence.screens.insights.weekly_review import open_weekly_review

        open_weekly_review(self.cadence)

    def action_export(self) -> None:
        from cadence.screens.insights.export_dialog import ExportDialog

        self.app.push_screen(ExportDialog())

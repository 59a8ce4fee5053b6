"""Insights: the plan's KPIs from what was recorded."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from cadence.domain import kpis
from cadence.domain.schedule import logical_date
from cadence.i18n import _
from cadence.screens.base import CadenceScreen

WEEKS = 12


class InsightsScreen(CadenceScreen):
    SCREEN_TITLE = "Insights"
    MODE = "insights"
    CSS_PATH = "insights.tcss"

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with VerticalScroll(id="insights"):
            yield Static(id="hours", classes="panel")
            yield Static(id="kpis", classes="panel")
        yield Footer()

    def refresh_data(self) -> None:
        app = self.cadence
        s = app.settings
        today = logical_date(app.clock.now(), s.rollover_hour)
        first_this, _last = kpis.week_bounds(today, s.week_start)
        first = first_this.subtract(weeks=WEEKS - 1)
        sessions = app.repo.sessions(first.isoformat(), today.isoformat())
        lines = [f"[b]{_('Study hours per week')}[/b]  ({_('target')} {s.weekly_target_h:g}h)"]
        total = 0.0
        scale = max(s.weekly_band_high_h, 1)
        for i in range(WEEKS):
            start = first.add(weeks=i)
            hours = kpis.focused_seconds(sessions, start, start.add(days=6)) / 3600
            total += hours
            cells = min(40, round(40 * hours / scale))
            colour = "green" if hours >= s.weekly_target_h else "yellow"
            lines.append(f" {start.format('MM-DD')} [{colour}]{'█' * cells}[/] {hours:.1f}h")
        lines.append(f" {_('Average over 12 weeks')}: {total / WEEKS:.1f}h")
        self.query_one("#hours", Static).update("\n".join(lines))

        plan = app.repo.plan()
        reviews = app.repo.daily_reviews(first.isoformat(), today.isoformat())
        k = [f"[b]{_('KPIs')}[/b]"]
        k.extend(f" · {kpi.title}" for kpi in plan.kpis)
        k.append(f" {_('Reviews written')}: {sum(1 for r in reviews if r.finished)}")
        self.query_one("#kpis", Static).update("\n".join(k))

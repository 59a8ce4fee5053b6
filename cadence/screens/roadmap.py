"""Roadmap: months 0–12 in their phases, goals per track, and the two must-dos."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static, Tree

from cadence.domain.plan_time import month_of, month_span, parse_date
from cadence.i18n import _
from cadence.screens.base import CadenceScreen


def progress_bar(done: int, total: int, cells: int = 12) -> str:
    filled = round(cells * done / total) if total else 0
    return "█" * filled + "░" * (cells - filled)


class RoadmapScreen(CadenceScreen):
    SCREEN_TITLE = "Roadmap"
    MODE = "roadmap"
    CSS_PATH = "roadmap.tcss"

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        yield Static(id="must-dos")
        yield Tree(_("Roadmap"), id="months")
        yield Footer()

    def refresh_data(self) -> None:
        app = self.cadence
        plan = app.repo.plan()
        lines = [f"[b]{_('Must-dos')}[/b]"]
        for must in plan.must_dos:
            done = sum(1 for i in must.items if i.done)
            total = len(must.items)
            lines.append(f" {progress_bar(done, total)} {done}/{total}  {must.title}")
        self.query_one("#must-dos", Static).update("\n".join(lines))

        try:
            start = parse_date(app.settings.plan_start)
        except ValueError:
            start = app.clock.now().date()
        today = app.clock.now().date()
        current = month_of(start, today)
        tree = self.query_one(Tree)
        tree.show_root = False
        tree.clear()
        for phase in plan.phases:
            phase_goals = [
                g for g in plan.goals if phase.first_month <= g.month <= phase.last_month
            ]
            done = sum(1 for g in phase_goals if g.done)
            phase_node = tree.root.add(
                f"[b]{phase.title}[/b]  {done}/{len(phase_goals)}", expand=True
            )
            for month in range(phase.first_month, phase.last_month + 1):
                span = month_span(start, month)
                goals = [g for g in plan.goals if g.month == month]
                done = sum(1 for g in goals if g.done)
                marker = f"  [reverse] {_('current')} [/]" if month == current else ""
                label = (
                    f"{_('Month {n}', n=month)}  {span.first.isoformat()} – {span.last.isoformat()}"
                    f"  {progress_bar(done, len(goals), 8)} {done}/{len(goals)}{marker}"
                )
                month_node = phase_node.add(label, expand=month == current)
                for goal in goals:
                    check = "[x]" if goal.done else "[ ]"
                    month_node.add_leaf(f"{check} {_(goal.track):<4} {goal.text}")
        tree.focus()

"""Focus: the Pomodoro timer and the week's study hours against the target."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import DataTable, Digits, Footer, ProgressBar, Static

from cadence.domain import kpis
from cadence.domain.schedule import format_duration, logical_date
from cadence.i18n import _
from cadence.screens.base import CadenceScreen


class FocusScreen(CadenceScreen):
    SCREEN_TITLE = "Focus"
    MODE = "focus"
    CSS_PATH = "focus.tcss"

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with Vertical(id="focus-box"):
            yield Static(id="focus-phase")
            with Center():
                yield Digits("25:00", id="focus-digits")
            yield Static(id="focus-week")
            with Center():
                yield ProgressBar(total=100, show_eta=False, id="focus-bar")
            yield DataTable(id="focus-today", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("start", "end", "min", "label")
        super().on_mount()

    def refresh_data(self) -> None:
        app = self.cadence
        s = app.settings
        self.query_one("#focus-digits", Digits).update(f"{s.focus_min:02d}:00")
        self.query_one("#focus-phase", Static).update(f"{_('Focus')} · {_('Ready')}")
        day = logical_date(app.clock.now(), s.rollover_hour)
        first, last = kpis.week_bounds(day, s.week_start)
        sessions = app.repo.sessions(first.isoformat(), last.isoformat())
        week_h = kpis.focused_seconds(sessions, first, last) / 3600
        self.query_one("#focus-week", Static).update(
            f"{_('Focus time this week')}: {week_h:.1f}h / {s.weekly_target_h:g}h "
            f"({s.weekly_band_low_h:g}–{s.weekly_band_high_h:g}h)"
        )
        bar = self.query_one(ProgressBar)
        bar.update(total=max(s.weekly_band_high_h, 0.1), progress=min(week_h, s.weekly_band_high_h))
        table = self.query_one(DataTable)
        table.clear()
        for session in (x for x in sessions if x.start[:10] == day.isoformat()):
            table.add_row(
                session.start[11:16],
                session.end[11:16],
                format_duration(session.focused_s),
                session.label,
            )

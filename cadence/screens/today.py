"""Today: the day as time blocks, a now line, check-off, and the day's figures."""

from __future__ import annotations

from pendulum import Date
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static

from cadence.domain import kpis
from cadence.domain.plan_time import month_of, parse_date, phase_of
from cadence.domain.schedule import (
    ScheduledBlock,
    blocks_for,
    current_and_next,
    format_duration,
    logical_date,
    study_minutes,
)
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.widgets.block_list import BlockList

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class TodayScreen(CadenceScreen):
    SCREEN_TITLE = "Today"
    MODE = "today"
    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("space", "toggle_done", "Done", id="today.done"),
        Binding("s", "skip", "Skip", id="today.skip"),
        Binding(
            "left_square_bracket", "shift_day(-1)", "Prev day", key_display="[", id="today.prev"
        ),
        Binding(
            "right_square_bracket", "shift_day(1)", "Next day", key_display="]", id="today.next"
        ),
        Binding("t", "go_today", "Today", show=False, id="today.today"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: Date | None = None  # None: follow the clock
        self.blocks: list[ScheduledBlock] = []

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with Horizontal(id="today-body"):
            with Vertical(id="today-main"):
                yield Static(id="today-head")
                yield BlockList(id="blocks")
            with Vertical(id="today-side"):
                yield Static(id="now-panel", classes="panel")
                yield Static(id="study-panel", classes="panel")
                yield Static(id="streak-panel", classes="panel")
        yield Footer()

    # ------------------------------------------------------------ data

    @property
    def shown_day(self) -> Date:
        if self.day is not None:
            return self.day
        return logical_date(self.cadence.clock.now(), self.cadence.settings.rollover_hour)

    def refresh_data(self) -> None:
        app = self.cadence
        now = app.clock.now()
        day = self.shown_day
        is_today = day == logical_date(now, app.settings.rollover_hour)
        plan = app.repo.plan()
        self.blocks = blocks_for(plan.templates, app.repo.day(day.isoformat()), day, app.clock.tz)
        self.query_one(BlockList).show(
            self.blocks, now if is_today else None, ascii_icons=app.settings.ascii_icons
        )
        self._head(day, is_today)
        self._now_panel(now, is_today)
        self._figures(day)

    def _head(self, day: Date, is_today: bool) -> None:
        settings = self.cadence.settings
        text = f"{_(WEEKDAYS[int(day.day_of_week)])} {day.isoformat()}"
        if not is_today:
            text += f"  ({_('Today')}: t)"
        try:
            start = parse_date(settings.plan_start)
        except ValueError:
            start = None
        if start is not None:
            month = month_of(start, day)
            if month is None:
                text += " · " + _("Before the plan starts")
            else:
                n = (day - start).in_days() + 1
                text += " · " + _("Day {n} of the plan · month {month}", n=n, month=month)
                phase = phase_of(self.cadence.repo.plan().phases, month)
                if phase is not None:
                    text += f" · {phase.title}"
        self.query_one("#today-head", Static).update(text)

    def _now_panel(self, now, is_today: bool) -> None:
        panel = self.query_one("#now-panel", Static)
        if not is_today:
            panel.update("")
            panel.display = False
            return
        panel.display = True
        current, upcoming = current_and_next(self.blocks, now)
        lines = []
        if current is not None:
            left = format_duration((current.end - now).total_seconds(), round_up=True)
            lines.append(f"[b]{_('Now')}[/b]  {current.block.title}")
            lines.append(f"  {current.block.start}–{current.block.end} · {left} {_('left')}")
        if upcoming is not None:
            wait = format_duration((upcoming.start - now).total_seconds(), round_up=True)
            lines.append(f"[b]{_('Next')}[/b] {upcoming.block.title}")
            lines.append(f"  {upcoming.block.start} · {_('in {duration}', duration=wait)}")
        panel.update("\n".join(lines) or _("No blocks for this day."))

    def _figures(self, day: Date) -> None:
        app = self.cadence
        settings = app.settings
        first, last = kpis.week_bounds(day, settings.week_start)
        sessions = app.repo.sessions(first.isoformat(), last.isoformat())
        today_s = kpis.focused_seconds(sessions, day, day)
        week_s = kpis.focused_seconds(sessions, first, last)
        planned = study_minutes(self.blocks) * 60
        week_h = week_s / 3600
        target = settings.weekly_target_h
        bar_cells = 16
        filled = min(bar_cells, round(bar_cells * week_h / max(settings.weekly_band_high_h, 0.1)))
        mark = min(bar_cells - 1, round(bar_cells * target / max(settings.weekly_band_high_h, 0.1)))
        bar = "".join("█" if i < filled else ("|" if i == mark else "░") for i in range(bar_cells))
        colour = "green" if week_h >= target else "yellow"
        self.query_one("#study-panel", Static).update(
            f"{_('Study planned today')}: {format_duration(planned)}\n"
            f"{_('Focused today')}: {format_duration(today_s)}\n"
            f"{_('This week')}: [{colour}]{week_h:.1f}h[/] / {target:g}h\n"
            f"[{colour}]{bar}[/] {settings.weekly_band_low_h:g}–{settings.weekly_band_high_h:g}h"
        )
        reviews = app.repo.daily_reviews(day.subtract(days=60).isoformat(), day.isoformat())
        self.query_one("#streak-panel", Static).update(
            f"{_('Review streak')}: {kpis.review_streak(reviews, day)}\n"
            f"{_('Post streak')}: {kpis.post_streak(reviews, day)}\n"
            f"{_('Workouts this week')}: {kpis.workouts_in(reviews, first, last)}/3"
        )

    # ------------------------------------------------------------ actions

    def _selected(self) -> ScheduledBlock | None:
        block_id = self.query_one(BlockList).selected_block_id
        return next((b for b in self.blocks if b.block.id == block_id), None)

    def _set_state(self, state_for: str) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        day = chosen.date.isoformat()
        new_state = "todo" if chosen.state == state_for else state_for
        repo = self.cadence.repo

        def change() -> None:
            record = repo.day(day)
            record.states[chosen.block.id] = new_state
            repo.save_day(record)

        self.cadence.persist(change)

    def action_toggle_done(self) -> None:
        self._set_state("done")

    def action_skip(self) -> None:
        self._set_state("skipped")

    def action_shift_day(self, delta: int) -> None:
        self.day = self.shown_day.add(days=delta)
        self.refresh_data()

    def action_go_today(self) -> None:
        self.day = None
        self.refresh_data()

    def on_resize(self) -> None:
        # Rows are laid out to the list's width.
        self.call_after_refresh(self.refresh_data)

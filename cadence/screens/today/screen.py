"""Today: the day as time blocks, a now line, check-off, editing, and the day's figures.

Keys: ↑/↓ (j/k) move; space done; s skip; a add; e edit; d delete; f focus on the
block; r the daily review; m mute reminders; [ / ] the previous / next day; t today.
"""

from __future__ import annotations

from pendulum import Date, DateTime
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from cadence.data.models import DayTemplate
from cadence.domain import kpis
from cadence.domain import reminders as rules
from cadence.domain.plan_time import month_of, parse_date, phase_of
from cadence.domain.review import default_review_date, top3_for
from cadence.domain.schedule import (
    ScheduledBlock,
    blocks_for,
    change_for_date,
    change_in_template,
    current_and_next,
    format_duration,
    logical_date,
    remove_for_date,
    remove_from_template,
    study_minutes,
    template_for,
)
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.widgets.block_list import BlockList, pad
from cadence.widgets.footer import CadenceFooter

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Cells inside a side panel (its width less border and padding).
PANEL_CELLS = 25


class TodayScreen(CadenceScreen):
    SCREEN_TITLE = "Today"
    MODE = "today"
    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("space", "toggle_done", "Done", id="today.done"),
        Binding("s", "skip", "Skip", id="today.skip"),
        Binding("a", "add", "Add", id="today.add", tooltip="Add a block"),
        Binding("e", "edit", "Edit", id="today.edit", tooltip="Edit the selected block"),
        Binding(
            "d",
            "delete",
            "Delete",
            show=False,
            id="today.delete",
            tooltip="Delete the selected block",
        ),
        Binding(
            "f", "focus", "Focus", id="today.focus", tooltip="Start focus on the selected block"
        ),
        Binding("r", "review", "Review", id="today.review", tooltip="Daily review"),
        Binding(
            "m", "mute", "Mute reminders", show=False, id="today.mute", tooltip="Mute reminders"
        ),
        Binding(
            "left_square_bracket",
            "shift_day(-1)",
            "Prev day",
            key_display="[",
            show=False,
            id="today.prev",
        ),
        Binding(
            "right_square_bracket",
            "shift_day(1)",
            "Next day",
            key_display="]",
            show=False,
            id="today.next",
        ),
        Binding("t", "go_today", "Today", show=False, id="today.today"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: Date | None = None  # None: follow the clock
        self.blocks: list[ScheduledBlock] = []
        self._minute = ""
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        self._shown = {}  # new widgets (a recompose on a language switch) show nothing yet
        yield from self.chrome()
        with Horizontal(id="today-body"):
            with Vertical(id="today-main"):
                yield Static(id="today-head")
                yield BlockList(id="blocks")
            with Vertical(id="today-side"):
                yield Static(id="now-panel", classes="panel")
                yield Static(id="top3-panel", classes="panel")
                yield Static(id="study-panel", classes="panel")
                yield Static(id="streak-panel", classes="panel")
        yield CadenceFooter()

    def on_mount(self) -> None:
        super().on_mount()
        # Real time only triggers a redraw; what is shown comes from the app's clock.
        self.set_interval(10, self._tick, name="today-now-line")

    def _tick(self) -> None:
        minute = self.cadence.clock.now().format("YYYY-MM-DD HH:mm")
        if minute != self._minute and self.app.screen is self:
            self.refresh_data()

    # ------------------------------------------------------------ data

    @property
    def today(self) -> Date:
        return logical_date(self.cadence.clock.now(), self.cadence.settings.rollover_hour)

    @property
    def shown_day(self) -> Date:
        return self.day if self.day is not None else self.today

    def refresh_data(self) -> None:
        app = self.cadence
        now = app.clock.now()
        self._minute = now.format("YYYY-MM-DD HH:mm")
        day = self.shown_day
        is_today = day == self.today
        plan = app.repo.plan()
        record = app.repo.day(day.isoformat())
        self.blocks = blocks_for(plan.templates, record, day, app.clock.tz)
        self.query_one(BlockList).show(
            self.blocks, now if is_today else None, ascii_icons=app.settings.ascii_icons
        )
        self._head(day, is_today, now)
        self._now_panel(now, is_today)
        previous = app.repo.daily_review(day.subtract(days=1).isoformat())
        self._top3_panel(top3_for(day, record, previous))
        self._figures(day)

    def _put(self, selector: str, text: str) -> None:
        """Update a Static only when its text changed (a changed Static is laid out again)."""
        if self._shown.get(selector) != text:
            self._shown[selector] = text
            self.query_one(selector, Static).update(text)

    def _head(self, day: Date, is_today: bool, now: DateTime) -> None:
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
        if rules.muted(settings.reminders_muted_until, now):
            until = (settings.reminders_muted_until or "")[11:16]
            text += "\n[yellow]" + _("Reminders muted until {time} (m)", time=until) + "[/]"
        self._put("#today-head", text)

    def _now_panel(self, now: DateTime, is_today: bool) -> None:
        panel = self.query_one("#now-panel", Static)
        if not is_today:
            panel.display = False
            return
        panel.display = True
        panel.border_title = f"{_('Now')} {now.format('HH:mm')}"
        current, upcoming = current_and_next(self.blocks, now)
        lines = []
        if current is not None:
            left = format_duration((current.end - now).total_seconds(), round_up=True)
            lines.append(f"[b]{_esc(pad(current.block.title, PANEL_CELLS))}[/b]")
            lines.append(_("{duration} left, until {time}", duration=left, time=current.block.end))
        if upcoming is not None:
            wait = format_duration((upcoming.start - now).total_seconds(), round_up=True)
            lines.append(
                f"{_('Next')} {upcoming.block.start} ({_('in {duration}', duration=wait)})"
            )
            lines.append(_esc(pad(upcoming.block.title, PANEL_CELLS)))
        self._put("#now-panel", "\n".join(lines) or _("No blocks for this day."))

    def _top3_panel(self, top3: list[str]) -> None:
        panel = self.query_one("#top3-panel", Static)
        panel.border_title = _("Top 3")
        if top3:
            self._put(
                "#top3-panel",
                "\n".join(_esc(pad(f"{i}. {t}", PANEL_CELLS)) for i, t in enumerate(top3, 1)),
            )
        else:
            self._put("#top3-panel", f"[dim]{_('Chosen in the daily review (r)')}[/]")

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
        top = max(settings.weekly_band_high_h, 0.1)
        filled = min(bar_cells, round(bar_cells * week_h / top))
        mark = min(bar_cells - 1, round(bar_cells * target / top))
        bar = "".join("█" if i < filled else ("|" if i == mark else "░") for i in range(bar_cells))
        colour = "green" if week_h >= target else "yellow"
        study = self.query_one("#study-panel", Static)
        study.border_title = _("Study")
        self._put(
            "#study-panel",
            f"{_('Focused today')}: {format_duration(today_s)} / {format_duration(planned)}\n"
            f"{_('This week')}: [{colour}]{week_h:.1f}h[/] / {target:g}h\n"
            f"[{colour}]{bar}[/] {settings.weekly_band_low_h:g}-{settings.weekly_band_high_h:g}h",
        )
        reviews = app.repo.daily_reviews(day.subtract(days=60).isoformat(), day.isoformat())
        streaks = self.query_one("#streak-panel", Static)
        streaks.border_title = _("Streaks")
        self._put(
            "#streak-panel",
            f"{_('Review streak')}: {kpis.review_streak(reviews, day)}\n"
            f"{_('Post streak')}: {kpis.post_streak(reviews, day)}\n"
            f"{_('Workouts this week')}: {kpis.workouts_in(reviews, first, last)}/3",
        )

    # ------------------------------------------------------------ check-off

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

    # ------------------------------------------------------------ days

    def action_shift_day(self, delta: int) -> None:
        self.day = self.shown_day.add(days=delta)
        self.refresh_data()

    def action_go_today(self) -> None:
        self.day = None
        self.refresh_data()

    # ------------------------------------------------------------ editing

    def action_add(self) -> None:
        from cadence.screens.today.block_edit import BlockEditScreen

        chosen = self._selected()
        start = chosen.block.end if chosen is not None else ""
        day = self.shown_day
        screen = BlockEditScreen(
            day,
            self.cadence.clock.tz,
            list(self.blocks),
            template_for(self._templates(), day),
            None,
            start,
        )
        self.app.push_screen(screen, self._save_block)

    def action_edit(self) -> None:
        from cadence.screens.today.block_edit import BlockEditScreen

        chosen = self._selected()
        if chosen is None:
            self.notify(_("Select a block first."), severity="warning")
            return
        day = self.shown_day
        screen = BlockEditScreen(
            day,
            self.cadence.clock.tz,
            list(self.blocks),
            template_for(self._templates(), day),
            chosen,
        )
        self.app.push_screen(screen, self._save_block)

    def _templates(self) -> list[DayTemplate]:
        return self.cadence.repo.plan().templates

    def _save_block(self, change: object) -> None:
        from cadence.screens.today.block_edit import TEMPLATE, BlockChange

        if not isinstance(change, BlockChange):
            return
        repo = self.cadence.repo
        day = self.shown_day
        iso = day.isoformat()
        if change.scope == TEMPLATE:
            template = template_for(self._templates(), day)
            if template is None:
                return
            templates = change_in_template(self._templates(), template.id, change.block)
            self.cadence.persist(
                lambda: repo.save_templates(templates),
                done=_("Saved for every such day: {template}", template=template.name),
            )
            return
        record = change_for_date(repo.day(iso), change.block, change.source)
        self.cadence.persist(lambda: repo.save_day(record), done=_("Saved for {date}", date=iso))

    def action_delete(self) -> None:
        from cadence.screens.today.block_edit import ConfirmDeleteScreen

        chosen = self._selected()
        if chosen is None:
            self.notify(_("Select a block first."), severity="warning")
            return
        template = template_for(self._templates(), self.shown_day)

        def delete(scope: object) -> None:
            from cadence.screens.today.block_edit import DATE_ONLY, TEMPLATE

            repo = self.cadence.repo
            if scope == TEMPLATE and template is not None:
                templates = remove_from_template(self._templates(), template.id, chosen.block.id)
                self.cadence.persist(lambda: repo.save_templates(templates))
            elif scope == DATE_ONLY:
                iso = chosen.date.isoformat()
                record = remove_for_date(repo.day(iso), chosen.block.id, chosen.source)
                self.cadence.persist(lambda: repo.save_day(record))

        self.app.push_screen(ConfirmDeleteScreen(chosen, template), delete)

    # ------------------------------------------------------------ focus, review, mute

    def action_focus(self) -> None:
        chosen = self._selected()
        if chosen is None:
            self.notify(_("Select a block first."), severity="warning")
            return
        self.cadence.start_focus(chosen.block.title, f"block:{chosen.block.id}")

    def review_day(self) -> Date:
        """The day `r` reviews: the day shown when one was chosen, else the newest unreviewed."""
        if self.day is not None:
            return self.day
        app = self.cadence
        today = self.today
        reviews = app.repo.daily_reviews(today.subtract(days=10).isoformat(), today.isoformat())
        return default_review_date(today, app.clock.now(), reviews, app.settings.rollover_hour)

    def action_review(self) -> None:
        from cadence.screens.today.review import DailyReviewScreen

        day = self.review_day()
        if day > self.today:
            self.notify(_("That day has not come yet."), severity="warning")
            return
        self.app.push_screen(DailyReviewScreen(day))

    def action_mute(self) -> None:
        from cadence.screens.today.block_edit import MuteScreen

        app = self.cadence
        now = app.clock.now()
        current = app.settings.reminders_muted_until
        shown = current if rules.muted(current, now) else None

        def chosen(choice: object) -> None:
            if choice is None:
                return
            settings = app.settings
            if choice == "off":
                settings.reminders_muted_until = None
                message = _("Reminders are on again.")
            else:
                until = rules.mute_until(str(choice), now, settings.rollover_hour, app.clock.tz)
                settings.reminders_muted_until = until.isoformat()
                message = _("Reminders muted until {time}", time=until.format("HH:mm"))
            app.save_settings(settings, quiet=True)
            self.notify(message)
            self.refresh_data()

        self.app.push_screen(MuteScreen(shown), chosen)


def _esc(text: str) -> str:
    """Plan text shown in markup as it is (a "[" in a title is not a style)."""
    return text.replace("[", r"\[")

"""Today: the day as time blocks, a now line, check-off, the top three, and the day's figures.

Keys: ↑/↓ (j/k) move; space done; s skip; ! @ # tick the top three; a add; e edit;
d delete; f focus (the selected study block, else the current or next one); r the
evening check-in; m mute reminders; [ / ] the previous / next day; t today.

Every change is one ``repo.update_*`` call queued through ``app.persist`` (in order,
on the app's one writer). What a key changed shows at once: the screen keeps the
states it asked for until the writer has them on disk, so a burst of keys always
works on what is on screen.
"""

from __future__ import annotations

import itertools
import threading

from pendulum import Date, DateTime
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, Static

from cadence.data.models import DailyReview, DayRecord, DayTemplate, Settings, TimeBlock
from cadence.domain import kpis
from cadence.domain import reminders as rules
from cadence.domain import review as checkin
from cadence.domain.plan_time import month_of, parse_date, phase_of
from cadence.domain.schedule import (
    ScheduledBlock,
    blocks_for,
    change_for_date,
    change_in_template,
    current_and_next,
    format_duration,
    logical_date,
    pick_focus_block,
    remove_for_date,
    remove_from_template,
    study_minutes,
    template_for,
    weekend_hours,
)
from cadence.domain.weeks import week_bounds
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.keys import screen_bindings
from cadence.screens.today.side import Section, SidePanels
from cadence.widgets.block_list import ASCII_ICONS, ICONS, BlockList
from cadence.widgets.cells import clip
from cadence.widgets.footer import CadenceFooter

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Cells inside a side panel (the column's width less borders and padding).
PANEL_CELLS = 25
TOP3_KEYS = ("!", "@", "#")
#: Pending ticks of the top three are kept beside block states, under this prefix.
TOP3_PENDING = "top3:"


class PendingStates:
    """Block states asked for and not yet on disk, by (date, block id).

    The writer thread marks a change landed (``landed``) after its transaction; the UI
    shows disk states with the pending ones on top, so what is shown is always what the
    user's keys asked for, however far the writer is behind.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wanted: dict[tuple[str, str], tuple[str, int]] = {}
        self._seq = itertools.count(1)

    def want(self, day: str, block_id: str, state: str) -> int:
        with self._lock:
            seq = next(self._seq)
            self._wanted[(day, block_id)] = (state, seq)
            return seq

    def landed(self, day: str, block_id: str, seq: int) -> None:
        with self._lock:
            if self._wanted.get((day, block_id), ("", 0))[1] == seq:
                del self._wanted[(day, block_id)]

    def on(self, day: str) -> dict[str, str]:
        with self._lock:
            return {b: s for (d, b), (s, _seq) in self._wanted.items() if d == day}


class TodayScreen(CadenceScreen):
    SCREEN_TITLE = "Today"
    MODE = "today"
    CSS_PATH = "today.tcss"
    WATCHES = ("days-", "plan", "reviews-", "focus-", "weekly", "settings")
    BINDINGS = screen_bindings("today")

    def __init__(self) -> None:
        super().__init__()
        self.day: Date | None = None  # None: follow the clock
        self.blocks: list[ScheduledBlock] = []
        self.top3: list[checkin.Top3Item] = []
        self.pending = PendingStates()
        self._minute = ""
        self._head_text = ""
        self._figures: list[Section] = []

    def compose(self) -> ComposeResult:
        self._head_text = ""  # new widgets (a recompose on a language switch) show nothing yet
        yield from self.chrome()
        with Horizontal(id="today-body"):
            with Vertical(id="today-main"):
                yield Static(id="today-head")
                yield BlockList(id="blocks")
            with VerticalScroll(id="today-side"):
                yield SidePanels(id="side-panels")
        yield CadenceFooter()

    def on_mount(self) -> None:
        self.query_one(BlockList).focus()
        # Real time only triggers a redraw; what is shown comes from the app's clock.
        self.set_interval(10, self._tick, name="today-now-line")

    def filled_for(self) -> object:
        # The now line moves with the minute.
        return (super().filled_for(), self.cadence.clock.now().format("YYYY-MM-DD HH:mm"))

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
        iso = day.isoformat()
        plan = app.repo.plan()
        record = app.repo.day(iso)
        record.states.update(
            {k: v for k, v in self.pending.on(iso).items() if not k.startswith(TOP3_PENDING)}
        )
        self.blocks = blocks_for(plan.templates, record, day, app.clock.tz)
        self._show_blocks()
        self._head(day, day == self.today, now)
        first, last = week_bounds(day, app.settings.week_start)
        reviews = app.repo.daily_reviews(day.subtract(days=60).isoformat(), iso)
        records = {r.date: r for r in app.repo.days(first.isoformat(), last.isoformat())}
        records[iso] = record
        self._top3(day, record, reviews, records)
        self._figures = self._figure_sections(day, reviews, records)
        self._draw_side()

    def _show_blocks(self) -> None:
        now = self.cadence.clock.now() if self.shown_day == self.today else None
        self.query_one(BlockList).show(
            self.blocks, now, ascii_icons=self.cadence.settings.ascii_icons
        )

    def _head(self, day: Date, is_today: bool, now: DateTime) -> None:
        settings = self.cadence.settings
        text = Text(f"{_(WEEKDAYS[int(day.day_of_week)])} {day.isoformat()}")
        if not is_today:
            text.append(f"  ({_('Today')}: t)")
        try:
            start = parse_date(settings.plan_start)
        except ValueError:
            start = None
        if start is not None:
            month = month_of(start, day)
            if month is None:
                text.append(" · " + _("Before the plan starts"))
            else:
                n = (day - start).in_days() + 1
                text.append(" · " + _("Day {n} of the plan · month {month}", n=n, month=month))
                phase = phase_of(self.cadence.repo.plan().phases, month)
                if phase is not None:
                    text.append(f" · {phase.title}")
        if rules.muted(settings.reminders_muted_until, now):
            until = (settings.reminders_muted_until or "")[11:16]
            text.append("\n" + _("Reminders muted until {time} (m)", time=until), style="yellow")
        key = text.markup
        if key != self._head_text:
            self._head_text = key
            self.query_one("#today-head", Static).update(text)

    # ------------------------------------------------------------ side panels

    def _draw_side(self) -> None:
        sections = []
        now_section = self._now_section()
        if now_section is not None:
            sections.append(now_section)
        sections.append(self._top3_section())
        sections.extend(self._figures)
        self.query_one(SidePanels).show(sections)

    def _now_section(self) -> Section | None:
        """The selected block, whole (its title wrapped), then what is on now and next."""
        app = self.cadence
        now = app.clock.now()
        is_today = self.shown_day == self.today
        chosen = self._selected()
        current, upcoming = current_and_next(self.blocks, now) if is_today else (None, None)
        body = Text()
        if chosen is not None:
            b = chosen.block
            body.append(f"{b.start}-{b.end}", style="bold")
            body.append(f" {_(b.kind)}", style="dim")
            body.append("\n")
            body.append(b.title, style="bold")
            if chosen is current:
                left = format_duration((chosen.end - now).total_seconds(), round_up=True)
                body.append("\n" + _("{duration} left, until {time}", duration=left, time=b.end))
        if current is not None and current is not chosen:
            left = format_duration((current.end - now).total_seconds(), round_up=True)
            line = _("Now: {title}", title=current.block.title)
            body.append("\n" + clip(line, PANEL_CELLS - len(left) - 1) + f" {left}", style="dim")
        if upcoming is not None and upcoming is not chosen:
            wait = format_duration((upcoming.start - now).total_seconds(), round_up=True)
            body.append(
                "\n" + f"{_('Next')} {upcoming.block.start} ({_('in {duration}', duration=wait)})"
            )
            body.append("\n" + clip(upcoming.block.title, PANEL_CELLS), style="dim")
        if not body.plain:
            if not self.blocks:
                body.append(_("No blocks for this day."))
            else:
                return None
        title = f"{_('Now')} {now.format('HH:mm')}" if is_today else _("Selected")
        return Section(title, body)

    def _top3(
        self,
        day: Date,
        record: DayRecord,
        reviews: list[DailyReview],
        records: dict[str, DayRecord],
    ) -> None:
        repo = self.cadence.repo
        previous = next((r for r in reviews if r.date == day.subtract(days=1).isoformat()), None)
        week = checkin.planning_week(day)
        review = repo.weekly_review(week)
        planned = checkin.week_plan(day, {week: review.next_week} if review else {})
        elsewhere = [t for iso, r in records.items() if iso != day.isoformat() for t in r.top3_done]
        items = checkin.top3_items(day, record, previous, planned, elsewhere)
        wanted = self.pending.on(day.isoformat())
        self.top3 = [
            checkin.Top3Item(i.text, wanted[TOP3_PENDING + i.text] == "done", i.source)
            if TOP3_PENDING + i.text in wanted
            else i
            for i in items
        ]

    def _top3_section(self) -> Section:
        icons = ASCII_ICONS if self.cadence.settings.ascii_icons else ICONS
        body = Text()
        for i, item in enumerate(self.top3):
            if i:
                body.append("\n")
            body.append(f"{TOP3_KEYS[i]} ", style="bold")
            body.append(f"[{icons['done'] if item.done else ' '}] ", style="bold")
            style = "dim strike" if item.done else ("italic" if item.source == "week" else "")
            body.append(item.text, style=style)
        if not self.top3:
            body.append(_("Chosen in the evening check-in (r)"), style="dim")
        title = _("Top 3") + (" · " + " ".join(TOP3_KEYS[: len(self.top3)]) if self.top3 else "")
        return Section(title, body)

    def _figure_sections(
        self, day: Date, reviews: list[DailyReview], records: dict[str, DayRecord]
    ) -> list[Section]:
        app = self.cadence
        settings = app.settings
        plan = app.repo.plan()
        first, last = week_bounds(day, settings.week_start)
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
        workouts = kpis.workouts_this_week(
            plan.templates, records, reviews, day, settings.week_start
        )
        posts = kpis.post_streak_days(plan.templates, records, reviews, day)
        body = Text()
        body.append(
            _("Focused today")
            + f": {format_duration(today_s)} / {format_duration(planned)}\n"
            + _("This week")
            + ": "
        )
        body.append(f"{week_h:.1f}h", style=colour)
        body.append(f" / {target:g}h\n")
        body.append(bar, style=colour)
        body.append(f" {settings.weekly_band_low_h:g}-{settings.weekly_band_high_h:g}h\n")
        body.append(
            _("Workouts this week")
            + f": {workouts}/3\n"
            + _("Streaks: review {n}, post {m}", n=kpis.review_streak(reviews, day), m=posts)
        )
        if int(day.day_of_week) >= 5:
            weekend = weekend_hours(plan.templates, records, day, plan.weekend)
            style = {"under": "yellow", "over": "yellow"}.get(weekend.status, "green")
            body.append("\n" + _("Weekend") + ": ")
            body.append(f"{weekend.planned_h:.1f}h", style=style)
            body.append(f" / {weekend.low_h:g}-{weekend.high_h:g}h")
            lean = next((d[3] for d in weekend.days if d[0] == day), "")
            if lean:
                text = (
                    _("Today leans to study") if lean == "study" else _("Today leans to building")
                )
                body.append("\n" + text, style="dim")
        return [Section(_("Study"), body)]

    @on(OptionList.OptionHighlighted, "#blocks")
    def _highlighted(self) -> None:
        if self.is_mounted and self._figures:
            self._draw_side()

    # ------------------------------------------------------------ check-off

    def _selected(self) -> ScheduledBlock | None:
        block_id = self.query_one(BlockList).selected_block_id
        return next((b for b in self.blocks if b.block.id == block_id), None)

    def _set_state(self, state_for: str) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        day, block_id = chosen.date.isoformat(), chosen.block.id
        new_state = "todo" if chosen.state == state_for else state_for
        seq = self.pending.want(day, block_id, new_state)
        # Shown at once; the writer applies it to the record on disk, in order.
        self.blocks = [b if b is not chosen else _with_state(b, new_state) for b in self.blocks]
        self._show_blocks()
        self._draw_side()
        repo, pending = self.cadence.repo, self.pending

        def change() -> None:
            repo.update_day(day, checkin.set_states({block_id: new_state}))
            pending.landed(day, block_id, seq)

        self.cadence.persist(change)

    def action_toggle_done(self) -> None:
        self._set_state("done")

    def action_skip(self) -> None:
        self._set_state("skipped")

    def action_tick_top3(self, index: int) -> None:
        if index >= len(self.top3):
            self.notify(_("No item {n} in the top three.", n=index + 1), severity="warning")
            return
        iso = self.shown_day.isoformat()
        change = checkin.tick_top3(self.top3, index)
        item = self.top3[index]
        key = TOP3_PENDING + item.text
        seq = self.pending.want(iso, key, "todo" if item.done else "done")
        self.top3[index] = checkin.Top3Item(item.text, not item.done, item.source)
        self._draw_side()
        repo, pending = self.cadence.repo, self.pending

        def tick() -> None:
            repo.update_day(iso, change)
            pending.landed(iso, key, seq)

        self.cadence.persist(tick)

    # ------------------------------------------------------------ days

    def action_shift_day(self, delta: int) -> None:
        self.day = self.shown_day.add(days=delta)
        self.refresh_data()

    def action_go_today(self) -> None:
        self.day = None
        self.refresh_data()

    # ------------------------------------------------------------ editing

    def _templates(self) -> list[DayTemplate]:
        return self.cadence.repo.plan().templates

    def action_add(self) -> None:
        from cadence.screens.today.block_edit import BlockForm

        chosen = self._selected()
        start = chosen.block.end if chosen is not None else ""
        day = self.shown_day
        form = BlockForm(
            day, self.cadence.clock.tz, list(self.blocks), template_for(self._templates(), day),
            None, start,
        )  # fmt: skip
        self.app.push_screen(form, self._save_block)

    def action_edit(self) -> None:
        from cadence.screens.today.block_edit import BlockForm

        chosen = self._selected()
        if chosen is None:
            self.notify(_("Select a block first."), severity="warning")
            return
        day = self.shown_day
        form = BlockForm(
            day, self.cadence.clock.tz, list(self.blocks), template_for(self._templates(), day),
            chosen,
        )  # fmt: skip
        self.app.push_screen(form, self._save_block)

    def _save_block(self, change: object) -> None:
        from cadence.screens.today.block_edit import TEMPLATE, BlockChange

        if not isinstance(change, BlockChange):
            return
        repo = self.cadence.repo
        day = self.shown_day
        iso = day.isoformat()
        block: TimeBlock = change.block
        if change.scope == TEMPLATE:
            template = template_for(self._templates(), day)
            if template is None:
                return
            template_id = template.id
            self.cadence.persist(
                lambda: repo.update_templates(
                    lambda ts: change_in_template(ts, template_id, block)
                ),
                done=_("Saved for every such day: {template}", template=template.name),
            )
            return
        source = change.source
        self.cadence.persist(
            lambda: repo.update_day(iso, lambda r: change_for_date(r, block, source)),
            done=_("Saved for {date}", date=iso),
        )

    def action_delete(self) -> None:
        from cadence.screens.today.block_edit import DATE_ONLY, TEMPLATE, DeleteForm

        chosen = self._selected()
        if chosen is None:
            self.notify(_("Select a block first."), severity="warning")
            return
        template = template_for(self._templates(), self.shown_day)
        repo = self.cadence.repo
        block_id, source, iso = chosen.block.id, chosen.source, chosen.date.isoformat()

        def delete(scope: object) -> None:
            if scope == TEMPLATE and template is not None:
                template_id = template.id
                self.cadence.persist(
                    lambda: repo.update_templates(
                        lambda ts: remove_from_template(ts, template_id, block_id)
                    )
                )
            elif scope == DATE_ONLY:
                self.cadence.persist(
                    lambda: repo.update_day(iso, lambda r: remove_for_date(r, block_id, source))
                )

        self.app.push_screen(DeleteForm(chosen, template), delete)

    # ------------------------------------------------------------ focus, check-in, mute

    def action_focus_block(self) -> None:
        from cadence.screens.today.block_edit import FocusPicker

        is_today = self.shown_day == self.today
        selected = self.query_one(BlockList).selected_block_id
        pick = pick_focus_block(
            self.blocks, selected, self.cadence.clock.now() if is_today else None
        )
        if pick.block is not None:
            self._start_focus(pick.block)
            return

        def chosen(block_id: object) -> None:
            if block_id is None:
                return
            block = next((b for b in self.blocks if b.block.id == block_id), None)
            if block is not None:
                self._start_focus(block)
            elif block_id == FocusPicker.NO_BLOCK:
                self.cadence.start_focus(_("Focus"), None)

        self.app.push_screen(FocusPicker(list(pick.choices)), chosen)

    def _start_focus(self, block: ScheduledBlock) -> None:
        self.cadence.start_focus(block.block.title, f"block:{block.block.id}")

    def review_day(self) -> Date:
        """The day `r` reviews: the day shown when one was chosen, else the newest unreviewed."""
        if self.day is not None:
            return self.day
        app = self.cadence
        today = self.today
        reviews = app.repo.daily_reviews(today.subtract(days=10).isoformat(), today.isoformat())
        return checkin.default_review_date(
            today, app.clock.now(), reviews, app.settings.rollover_hour
        )

    def action_review(self) -> None:
        from cadence.screens.today.review import CheckInScreen

        day = self.review_day()
        if day > self.today:
            self.notify(_("That day has not come yet."), severity="warning")
            return
        iso = day.isoformat()
        pending = {k: v for k, v in self.pending.on(iso).items() if not k.startswith(TOP3_PENDING)}
        self.app.push_screen(CheckInScreen(day, pending))

    def action_mute(self) -> None:
        from cadence.screens.today.block_edit import MuteForm

        app = self.cadence
        now = app.clock.now()
        current = app.settings.reminders_muted_until
        shown = current if rules.muted(current, now) else None

        def chosen(choice: object) -> None:
            if choice is None:
                return
            if choice == "off":
                until_iso = None
                message = _("Reminders are on again.")
            else:
                until = rules.mute_until(str(choice), now, app.settings.rollover_hour, app.clock.tz)
                until_iso = until.isoformat()
                message = _("Reminders muted until {time}", time=until.format("HH:mm"))

            def mute(settings: Settings) -> None:
                settings.reminders_muted_until = until_iso

            app.settings.reminders_muted_until = until_iso  # shown at once
            app.persist(lambda: app.repo.update_settings(mute))
            self.notify(message)
            self.refresh_data()

        self.app.push_screen(MuteForm(shown), chosen)


def _with_state(block: ScheduledBlock, state: str) -> ScheduledBlock:
    from dataclasses import replace

    return replace(block, state=state)

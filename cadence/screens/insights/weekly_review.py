"""`w`: the weekly review on one screen. The week's figures, one or two key learnings,
next week's plan.

Typing flows down: ``enter`` in a learning goes to the next field, ``enter`` in the plan
field adds the item and stays there, ``ctrl+s`` finishes the week. The plan's list sits
below its field and is reached on purpose (``down`` / ``tab``); there ``c`` makes an
item a card, ``b`` a block on Today, ``e`` edits it, ``d`` removes it, and any other
letter goes back to the field, so nothing typed is lost.

Kept per week (``WeeklyReview``, keyed like ``weeks.week_key``); ``[`` / ``]`` open the
week before / after. What is typed is kept as a draft when the review is closed or
another week is opened. Finishing marks the review finished, closes the week's
weekly-learnings card (one transaction: ``repo.update_weekly_review(week, fn,
board=fn)``) and ticks the plan's review block on Today.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pendulum import Date
from rich.text import Text
from textual import events
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cadence.data.models import TimeBlock, WeeklyReview
from cadence.domain.insights import PeriodFigures, period_figures
from cadence.domain.schedule import logical_date
from cadence.domain.weekly import (
    LEARNINGS,
    MAX_ITEMS,
    MAX_TEXT,
    block_to_tick,
    clean_text,
    default_review_week,
    finish_board,
    plan_card,
    plan_source,
    tick,
    write_review,
)
from cadence.domain.weeks import parse_week, shift_week, week_dates, week_key
from cadence.export.run import plan_start_of
from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.widgets.bindings import translate_bindings
from cadence.widgets.footer import CadenceFooter
from cadence.widgets.textual_api import node_bindings

if TYPE_CHECKING:
    from cadence.app import CadenceApp
    from cadence.domain.deliverables import BoardChange

TYPE_HINT = "Add an item and press enter"


def open_weekly_review(app: CadenceApp, week: str | None = None) -> None:
    """Open the review of ``week``, by default the one to do now (see default_review_week)."""
    settings = app.settings
    today = logical_date(app.clock.now(), settings.rollover_hour)
    if week is None:
        finished = {r.week for r in app.repo.weekly_reviews() if r.finished}
        start = plan_start_of(app.repo, today) if settings.plan_start else None
        week = default_review_week(today, finished, start, settings.week_start)
    app.push_screen(WeeklyReviewScreen(week))


class NextWeekList(OptionList):
    """Next week's plan; its own keys turn an item into a card or a block. Any other key
    that types goes to the plan's field (nothing typed here is lost)."""

    BINDINGS = [
        Binding("c", "screen.to_card", "Make a card", id="weekly.card"),
        Binding("b", "screen.to_block", "Add as a block", id="weekly.block"),
        Binding("e", "screen.edit_item", "Edit", id="weekly.edit"),
        Binding("d,delete", "screen.remove_item", "Remove", id="weekly.remove"),
    ]

    def __init__(self, *, id: str | None = None, compact: bool = False) -> None:
        super().__init__(id=id, compact=compact)
        translate_bindings(self)

    def on_key(self, event: events.Key) -> None:
        # Bindings are looked up after this handler: keep this list's and the review's own
        # keys; every other letter (the app's "q" too) is text for the plan's field.
        own = (node_bindings(self).key_to_bindings, node_bindings(self.screen).key_to_bindings)
        if any(event.key in keys for keys in own):
            return
        if event.is_printable and event.character and event.character.strip():
            event.stop()
            event.prevent_default()
            screen = self.screen
            if isinstance(screen, WeeklyReviewScreen):
                screen.type_into_plan(event.character)


class WeeklyReviewScreen(CadenceModal):
    CSS_PATH = "weekly_review.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="weekly.close"),
        Binding("ctrl+s", "finish", "Finish the week", priority=True, id="weekly.finish",
                tooltip="Finish the weekly review"),
        Binding("left_square_bracket", "week(-1)", "Week before", key_display="[",
                id="weekly.prev"),
        Binding("right_square_bracket", "week(1)", "Week after", key_display="]",
                id="weekly.next"),
        # A priority key: handled as it arrives, so the letters typed right after it (a
        # fast typist, a paste) land in the next field, not in the one just left.
        Binding("enter", "enter", "Next field", show=False, priority=True, id="weekly.enter"),
        Binding("down", "app.focus_next", "Next field", show=False, id="weekly.down"),
        Binding("up", "app.focus_previous", "Previous field", show=False, id="weekly.up"),
    ]  # fmt: skip

    def __init__(self, week: str) -> None:
        super().__init__()
        parse_week(week)
        self.week = week
        self.review = WeeklyReview(week=week)
        self.items: list[str] = []
        self.carded: set[str] = set()
        self.editing: int | None = None
        self.figures: PeriodFigures | None = None
        self._loaded: tuple[list[str], list[str]] = ([], [])

    def compose(self) -> ComposeResult:
        with Vertical(id="weekly-box"):
            yield Static(id="weekly-head")
            yield Static(id="weekly-figures")
            yield Static(id="weekly-learned")
            yield Label(_("Key learnings of the week (1 or 2)"), classes="section")
            for i in range(1, LEARNINGS + 1):
                yield Input(
                    id=f"learning-{i}",
                    compact=True,
                    placeholder=_("What did you learn this week?")
                    if i == 1
                    else _("A second one (optional)"),
                    max_length=MAX_TEXT,
                )
            yield Label(_("Next week's plan"), classes="section")
            yield Input(
                id="new-item",
                compact=True,
                placeholder=_(TYPE_HINT),
                max_length=MAX_TEXT,
                select_on_focus=False,  # a letter typed on the list goes in, not selected
            )
            yield NextWeekList(id="next-week", compact=True)
            yield Static(id="weekly-error")
        yield CadenceFooter()

    def on_mount(self) -> None:
        self.load(self.week)
        self._focus_first()

    def _focus_first(self) -> None:
        """Typing first while the review is to write; the list (and its keys) once it is done."""
        if self.review.finished and self.items:
            self.query_one(NextWeekList).focus()
        else:
            self.query_one("#learning-1", Input).focus()

    # ------------------------------------------------------------ loading and drawing

    @property
    def week_start(self) -> int:
        return self.cadence.settings.week_start

    @property
    def today(self) -> Date:
        return logical_date(self.cadence.clock.now(), self.cadence.settings.rollover_hour)

    def load(self, week: str) -> None:
        repo = self.cadence.repo
        self.week = week
        self.review = repo.weekly_review(week) or WeeklyReview(week=week)
        learnings = (list(self.review.learnings) + [""] * LEARNINGS)[:LEARNINGS]
        for i, text in enumerate(learnings, 1):
            self.query_one(f"#learning-{i}", Input).value = text
        self.items = [t for t in self.review.next_week if t.strip()]
        self._loaded = (self._learnings(), list(self.items))
        self.editing = None
        self.query_one("#new-item", Input).value = ""
        self.carded = {c.source for c in repo.cards() if c.source}
        first, last = week_dates(week, self.week_start)
        lo, hi = first.isoformat(), last.isoformat()
        self.figures = period_figures(
            repo.sessions(lo, hi),
            repo.daily_reviews(lo, hi),
            repo.cards(),
            first,
            last,
            self.today,
            plan=repo.plan(),
            days_records=repo.days(lo, hi),
        )
        self.error("")
        self.draw()

    def draw(self) -> None:
        self._draw_head()
        self._draw_figures()
        self._draw_items()

    def _draw_head(self) -> None:
        first, last = week_dates(self.week, self.week_start)
        if self.review.finished:
            state = f"[green]✓ {_('finished')}[/]"
        elif self.review.updated:
            state = f"[yellow]{_('draft')}[/]"
        else:
            state = f"[dim]{_('not started')}[/]"
        when = _("this week") if self.week == week_key(self.today, self.week_start) else ""
        head = f"[b]{_('Weekly review')} {self.week}[/b]  {first.format('MM-DD')}~{last.format('MM-DD')}"
        head += f"  {when}  {state}" if when else f"  {state}"
        self.query_one("#weekly-head", Static).update(head)
        self.query_one("#weekly-box").border_title = _("Weekly review")

    def _draw_figures(self) -> None:
        f = self.figures
        if f is None:
            return
        target = self.cadence.settings.weekly_target_h
        mark = "[green]✓[/]" if f.hours >= target else "[dark_orange]✗[/]"
        sessions = (
            _("1 focus session", n=f.sessions)
            if f.sessions == 1
            else _("{n} focus sessions", n=f.sessions)
        )
        lines = [
            _(
                "Study {hours} h of {target} h {mark}   {sessions} on {days} of {total} days",
                hours=f"{f.hours:.1f}",
                target=f"{target:g}",
                mark=mark,
                sessions=sessions,
                days=f.focus_days,
                total=f.days,
            ),
            _(
                "Workouts {workouts}   in bed before 23:00 {bed} of {bed_n}   posted {posted} of {posted_n}   daily reviews {reviews}   cards done {cards}",
                workouts=f.workouts,
                bed=f.bed_yes,
                bed_n=f.bed_answered,
                posted=f.posted_yes,
                posted_n=f.posted_answered,
                reviews=f.reviews,
                cards=f.cards_done,
            ),
        ]
        self.query_one("#weekly-figures", Static).update("\n".join(lines))
        learned = self.query_one("#weekly-learned", Static)
        if f.learned:
            shown = Text(_("{label}:", label=_("Learned day by day")) + " ", style="dim")
            shown.append("; ".join(f.learned[:4]), style="dim")
            learned.update(shown)
            learned.display = True
        else:
            learned.display = False

    def _draw_items(self) -> None:
        options = self.query_one(NextWeekList)
        highlighted = options.highlighted
        options.clear_options()
        if not self.items:
            options.add_option(Option(Text(_("Nothing planned yet."), style="dim"), disabled=True))
            return
        for i, item in enumerate(self.items):
            line = Text(f"{i + 1}. {item}")
            if plan_source(self.week, item) in self.carded:
                line.append("  ✓ " + _("card"), style="green")
            options.add_option(Option(line, id=f"item-{i}"))
        options.highlighted = min(highlighted or 0, len(self.items) - 1)

    def error(self, text: str) -> None:
        self.query_one("#weekly-error", Static).update(Text(text, style="red"))

    # ------------------------------------------------------------ typing

    def _learnings(self) -> list[str]:
        values = [self.query_one(f"#learning-{i}", Input).value for i in range(1, LEARNINGS + 1)]
        return [clean_text(v) for v in values if v.strip()]

    @property
    def changed(self) -> bool:
        return (self._learnings(), self.items) != self._loaded

    def action_enter(self) -> None:
        """``enter`` in a learning: down to the next field to type in (never onto the list,
        where letters are keys); in the plan's field: add the item. Elsewhere ``enter`` is
        the focused widget's."""
        focused = self.focused
        if not isinstance(focused, Input):
            raise SkipAction()
        if focused.id == "new-item":
            # After the letters already on their way to the field: they are the item.
            focused.call_later(self.add_item, focused)
            return
        target = "#learning-2" if focused.id == "learning-1" else "#new-item"
        # Now, not after a refresh: the next key already goes to the new field.
        self.set_focus(self.query_one(target, Input))

    def type_into_plan(self, text: str) -> None:
        """A letter typed on the list: it goes to the plan's field."""
        field = self.query_one("#new-item", Input)
        self.set_focus(field)
        field.insert_text_at_cursor(text)

    def add_item(self, field: Input) -> None:
        """The plan's field holds a new item (or an edited one): add it to the list."""
        text = clean_text(field.value)
        if not text:
            self.error(_("Type the item first, or ctrl+s to finish the week."))
            return
        others = [t for i, t in enumerate(self.items) if i != self.editing]
        if text in others:
            self.error(_("That item is already on the plan."))
            return
        if self.editing is None and len(self.items) >= MAX_ITEMS:
            self.error(_("A short list: {n} items at most.", n=MAX_ITEMS))
            return
        if self.editing is not None and self.editing < len(self.items):
            self.items[self.editing] = text
        else:
            self.items.append(text)
        self.editing = None
        field.value = ""
        field.placeholder = _(TYPE_HINT)
        self.error("")
        self._draw_items()
        self.save(quiet=True)

    # ------------------------------------------------------------ the plan's items

    def _selected(self) -> int | None:
        index = self.query_one(NextWeekList).highlighted
        if index is None or not self.items or index >= len(self.items):
            self.error(_("Pick an item of next week's plan first."))
            return None
        return index

    def action_edit_item(self) -> None:
        index = self._selected()
        if index is None:
            return
        self.editing = index
        field = self.query_one("#new-item", Input)
        field.value = self.items[index]
        field.placeholder = _("Edit the item and press enter")
        field.focus()

    def action_remove_item(self) -> None:
        index = self._selected()
        if index is None:
            return
        del self.items[index]
        self.editing = None
        self._draw_items()
        self.save(quiet=True)

    def action_to_card(self) -> None:
        index = self._selected()
        if index is None:
            return
        item = self.items[index]
        source = plan_source(self.week, item)
        if source in self.carded:
            self.error(_("That item is already a card."))
            return
        self.carded.add(source)
        self._draw_items()
        now_iso = self.cadence.clock.now().isoformat()
        self.save(quiet=True, board=plan_card(self.week, item, now_iso),
                  done=_("Card made in This week: {title}", title=item))  # fmt: skip

    def action_to_block(self) -> None:
        from cadence.screens.insights.dialogs import PlanBlockDialog

        index = self._selected()
        if index is None:
            return
        item = self.items[index]
        _first, last = week_dates(self.week, self.week_start)
        day = last.add(days=1)
        if day <= self.today:
            day = self.today.add(days=1)

        def added(block: tuple[str, TimeBlock] | None) -> None:
            if block is None:
                return
            iso, time_block = block
            app = self.cadence
            app.persist(
                lambda: app.repo.update_day(iso, lambda r: r.added.append(time_block)),
                done=_("Added on {date} {start}: {title}", date=iso, start=time_block.start,
                       title=time_block.title),
            )  # fmt: skip

        self.app.push_screen(PlanBlockDialog(item, day), added)

    # ------------------------------------------------------------ saving

    def save(
        self,
        *,
        finish: bool = False,
        quiet: bool = False,
        board: BoardChange | None = None,
        done: str | None = None,
    ) -> None:
        """Save what is on screen as the week's review, and with ``board`` the cards it makes,
        in one transaction off the UI thread."""
        app = self.cadence
        repo = app.repo
        week, now_iso = self.week, app.clock.now().isoformat()
        change = write_review(self._learnings(), self.items, now_iso, finish=finish)
        if finish:
            board = finish_board(week, [], now_iso)
            done = _("Week {week} finished.", week=week)
        elif done is None and not quiet:
            done = _("Draft of {week} kept.", week=week)
        app.persist(
            lambda: repo.update_weekly_review(week, change, board=board),
            done=done,
        )
        review = WeeklyReview(week, self._learnings(), list(self.items), self.review.finished)
        change(review)
        self.review = review
        self._loaded = (list(review.learnings), list(review.next_week))
        self._draw_head()

    def _tick_block(self) -> None:
        """Tick the plan's review block on Today (the day's, else the week's review evening)."""
        app = self.cadence
        repo, week, today, week_start = app.repo, self.week, self.today, self.week_start

        def change() -> None:
            found = block_to_tick(repo.templates(), repo.day, week, today, week_start)
            if found is not None:
                repo.update_day(found[0], tick(found[1]))

        app.persist(change)

    def after_typing(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the letters already sent to the focused field are in it
        (keys reach the field through its own queue; a fast typist's ``ctrl+s`` must not
        overtake them)."""
        focused = self.focused
        if isinstance(focused, Input):
            focused.call_later(callback)
        else:
            callback()

    def action_finish(self) -> None:
        self.after_typing(self.finish)

    def finish(self) -> None:
        pending = self.query_one("#new-item", Input).value.strip()
        if pending:
            self.error(_("Press enter to add the item you typed, or clear it."))
            self.query_one("#new-item", Input).focus()
            return
        if not self._learnings():
            self.error(_("Write at least one key learning to finish the week."))
            self.query_one("#learning-1", Input).focus()
            return
        self.save(finish=True)
        self._tick_block()
        self.dismiss(None)

    def action_close(self) -> None:
        self.after_typing(self.close)

    def close(self) -> None:
        if self.changed:
            self.save()
        self.dismiss(None)

    def action_week(self, step: int) -> None:
        target = shift_week(self.week, step)
        if step > 0 and target > week_key(self.today, self.week_start):
            self.error(_("That week has not come yet."))
            return
        if self.changed:
            self.save()
        self.load(target)

"""`w`: the weekly review. The week's figures, one or two key learnings, next week's plan.

Kept per ISO week (``WeeklyReview``); ``[`` / ``]`` open the week before / after, so any
past week can be read and edited. Each plan item can become a kanban card (``c``: type
"other", in This week) or a block on a chosen date (``b``). What is typed is kept as a
draft when the review is closed or another week is opened; ``ctrl+s`` finishes the
week (it needs one learning at least) and closes the week's weekly-learnings card.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from cadence.data.models import BLOCK_KINDS, Deliverable, TimeBlock, WeeklyReview, new_id
from cadence.data.repository import Repository
from cadence.domain.insights import PeriodFigures, period_figures
from cadence.domain.plan_time import parse_date
from cadence.domain.schedule import check_block, logical_date
from cadence.domain.weekly import default_review_week
from cadence.domain.weeks import parse_week, shift_week, week_dates, week_key
from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.widgets.bindings import translate_bindings
from cadence.widgets.footer import CadenceFooter

if TYPE_CHECKING:
    from cadence.app import CadenceApp

MAX_ITEMS = 12
MAX_TEXT = 300
LEARNINGS = 2


def open_weekly_review(app: CadenceApp, week: str | None = None) -> None:
    """Open the review of ``week``, by default the one to do now (see default_review_week)."""
    today = logical_date(app.clock.now(), app.settings.rollover_hour)
    if week is None:
        finished = {r.week for r in app.repo.weekly_reviews() if r.finished}
        week = default_review_week(today, finished)
    app.push_screen(WeeklyReviewScreen(week))


def plan_source(week: str, item: str) -> str:
    """The source of a card made from a plan item; never read as a plan rule's period."""
    digest = hashlib.sha1(item.strip().encode("utf-8")).hexdigest()[:10]
    return f"weekly-plan:{week}/{digest}"


def make_card(repo: Repository, week: str, item: str, now_iso: str) -> bool:
    """A kanban card (type "other", column "week") for a plan item; False when it exists."""
    from cadence.domain.deliverables import bottom_order, column_cards

    source = plan_source(week, item)
    cards = repo.cards()
    if any(c.source == source for c in cards):
        return False
    repo.save_card(
        Deliverable(
            title=item.strip(),
            type="other",
            column="week",
            order=bottom_order(column_cards(cards, "week")),
            source=source,
            created=now_iso,
            updated=now_iso,
        )
    )
    return True


def close_week_card(repo: Repository, week: str, now_iso: str) -> None:
    """Close the week's weekly-learnings card on the board (the Kanban side's function)."""
    try:
        from cadence.services.board import close_weekly_card
    except ImportError:  # pragma: no cover - the board module is optional
        return
    close_weekly_card(repo, week, now_iso)


class NextWeekList(OptionList):
    """Next week's plan; its own keys turn an item into a card or a block."""

    BINDINGS = [
        Binding("c", "screen.to_card", "Make a card", id="weekly.card"),
        Binding("b", "screen.to_block", "Add as a block", id="weekly.block"),
        Binding("e", "screen.edit_item", "Edit", id="weekly.edit"),
        Binding("d,delete", "screen.remove_item", "Remove", id="weekly.remove"),
    ]

    def __init__(self, *, id: str | None = None, compact: bool = False) -> None:
        super().__init__(id=id, compact=compact)
        translate_bindings(self)


class WeeklyReviewScreen(CadenceModal):
    CSS_PATH = "weekly_review.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="weekly.close"),
        Binding("ctrl+s", "finish", "Finish the week", priority=True, id="weekly.finish"),
        Binding("left_square_bracket", "week(-1)", "Week before", key_display="[",
                id="weekly.prev"),
        Binding("right_square_bracket", "week(1)", "Week after", key_display="]",
                id="weekly.next"),
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
            yield NextWeekList(id="next-week", compact=True)
            yield Input(
                id="new-item",
                compact=True,
                placeholder=_("Add an item and press enter"),
                max_length=MAX_TEXT,
            )
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
        first, last = week_dates(week)
        self.figures = period_figures(
            repo.sessions(first.isoformat(), last.isoformat()),
            repo.daily_reviews(first.isoformat(), last.isoformat()),
            repo.cards(),
            first,
            last,
            self.today,
        )
        self.error("")
        self.draw()

    def draw(self) -> None:
        self._draw_head()
        self._draw_figures()
        self._draw_items()

    def _draw_head(self) -> None:
        first, last = week_dates(self.week)
        if self.review.finished:
            state = f"[green]✓ {_('finished')}[/]"
        elif self.review.updated:
            state = f"[yellow]{_('draft')}[/]"
        else:
            state = f"[dim]{_('not started')}[/]"
        this = week_key(self.today)
        when = _("this week") if self.week == this else ""
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
        lines = [
            _(
                "Study {hours} h of {target} h {mark}   {sessions} focus sessions on {days} of {total} days",
                hours=f"{f.hours:.1f}",
                target=f"{target:g}",
                mark=mark,
                sessions=f.sessions,
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
            shown = "; ".join(f.learned[:4])
            learned.update(f"[dim]{_('Learned day by day')}: {shown}[/]")
            learned.display = True
        else:
            learned.display = False

    def _draw_items(self) -> None:
        options = self.query_one(NextWeekList)
        highlighted = options.highlighted
        options.clear_options()
        if not self.items:
            options.add_option(Option(f"[dim]{_('Nothing planned yet.')}[/]", disabled=True))
            return
        for i, item in enumerate(self.items):
            mark = (
                f"  [green]✓ {_('card')}[/]" if plan_source(self.week, item) in self.carded else ""
            )
            options.add_option(Option(f"{i + 1}. {item}{mark}", id=f"item-{i}"))
        options.highlighted = min(highlighted or 0, len(self.items) - 1)

    def error(self, text: str) -> None:
        widget = self.query_one("#weekly-error", Static)
        widget.update(f"[red]{text}[/]" if text else "")

    # ------------------------------------------------------------ editing

    def _learnings(self) -> list[str]:
        values = [self.query_one(f"#learning-{i}", Input).value for i in range(1, LEARNINGS + 1)]
        return [" ".join(v.split()) for v in values if v.strip()]

    @property
    def changed(self) -> bool:
        return (self._learnings(), self.items) != self._loaded

    @on(Input.Submitted, "#learning-1, #learning-2")
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Input.Submitted, "#new-item")
    def _add_item(self, event: Input.Submitted) -> None:
        event.stop()
        text = " ".join(event.value.split())
        if not text:
            self.error(_("Type the item first."))
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
        event.input.value = ""
        event.input.placeholder = _("Add an item and press enter")
        self.error("")
        self._draw_items()
        self.save(quiet=True)

    def _selected(self) -> int | None:
        options = self.query_one(NextWeekList)
        index = options.highlighted
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
        app = self.cadence
        now_iso = app.clock.now().isoformat()
        week = self.week
        app.persist(
            lambda: make_card(app.repo, week, item, now_iso),
            done=_("Card made in This week: {title}", title=item),
        )

    def action_to_block(self) -> None:
        index = self._selected()
        if index is None:
            return
        item = self.items[index]
        _first, last = week_dates(self.week)
        day = last.add(days=1)
        if day <= self.today:
            day = self.today.add(days=1)

        def added(block: tuple[str, TimeBlock] | None) -> None:
            if block is None:
                return
            iso, time_block = block
            app = self.cadence
            app.persist(
                lambda: app.repo.add_day_block(iso, time_block),
                done=_("Added on {date} {start}: {title}", date=iso, start=time_block.start,
                       title=time_block.title),
            )  # fmt: skip

        self.app.push_screen(PlanBlockDialog(item, day), added)

    # ------------------------------------------------------------ saving

    def build(self, finished: bool) -> WeeklyReview:
        return WeeklyReview(
            week=self.week,
            learnings=self._learnings(),
            next_week=list(self.items),
            finished=finished,
            updated=self.cadence.clock.now().isoformat(),
        )

    def save(self, *, finished: bool | None = None, quiet: bool = False) -> None:
        """Save what is on screen as the week's review (one transaction, off the UI thread)."""
        keep = self.review.finished if finished is None else finished
        review = self.build(keep)
        app = self.cadence
        repo = app.repo
        if finished:
            now_iso = review.updated

            def change() -> None:
                repo.save_weekly_review(review)
                close_week_card(repo, review.week, now_iso)

            app.persist(change, done=_("Week {week} finished.", week=review.week))
        else:
            app.persist(
                lambda: repo.save_weekly_review(review),
                done=None if quiet else _("Draft of {week} kept.", week=review.week),
            )
        self.review = review
        self._loaded = (review.learnings, list(review.next_week))
        self._draw_head()

    def action_finish(self) -> None:
        pending = self.query_one("#new-item", Input).value.strip()
        if pending:
            self.error(_("Press enter to add the item you typed, or clear it."))
            self.query_one("#new-item", Input).focus()
            return
        if not self._learnings():
            self.error(_("Write at least one key learning to finish the week."))
            self.query_one("#learning-1", Input).focus()
            return
        self.save(finished=True)
        self.dismiss(None)

    def action_close(self) -> None:
        if self.changed:
            self.save()
        self.dismiss(None)

    def action_week(self, step: int) -> None:
        target = shift_week(self.week, step)
        if target > week_key(self.today) and step > 0:
            self.error(_("That week has not come yet."))
            return
        if self.changed:
            self.save()
        self.load(target)


class PlanBlockDialog(CadenceModal):
    """Where a plan item goes on Today: a date, a start and an end, and a kind of block.

    Dismisses with ``(iso date, TimeBlock)``, or None when cancelled.
    """

    DEFAULT_CSS = """
    PlanBlockDialog { align: center middle; }
    #plan-block {
        width: 60; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    #plan-block Label { margin-top: 1; }
    #plan-block Input, #plan-block Select { width: 100%; }
    #plan-block-times { height: auto; }
    #plan-block-times Vertical { width: 1fr; height: auto; }
    #plan-block-error { height: auto; color: $error; }
    #plan-block-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    #plan-block-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="plan_block.cancel"),
        Binding("ctrl+s", "add", "Add", priority=True, id="plan_block.add"),
    ]

    def __init__(self, title: str, day: Date) -> None:
        super().__init__()
        self.title_text = title
        self.day = day

    def compose(self) -> ComposeResult:
        with Vertical(id="plan-block"):
            yield Static(f"[b]{_('Add as a block')}[/b]: {self.title_text}")
            yield Label(_("Date (YYYY-MM-DD)"))
            yield Input(self.day.isoformat(), id="plan-block-date", compact=True)
            with Horizontal(id="plan-block-times"):
                with Vertical():
                    yield Label(_("Start (HH:MM)"))
                    yield Input("20:30", id="plan-block-start", compact=True)
                with Vertical():
                    yield Label(_("End (HH:MM)"))
                    yield Input("22:30", id="plan-block-end", compact=True)
            yield Label(_("Kind"))
            yield Select(
                [(_(kind), kind) for kind in BLOCK_KINDS],
                value="study",
                allow_blank=False,
                id="plan-block-kind",
                compact=True,
            )
            yield Static(id="plan-block-error")
            with Horizontal(id="plan-block-buttons"):
                yield Button(_("Add"), id="plan-block-ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="plan-block-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#plan-block-date", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_add()

    @on(Button.Pressed, "#plan-block-ok")
    def _ok(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#plan-block-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_add(self) -> None:
        date_text = self.query_one("#plan-block-date", Input).value.strip()
        start = self.query_one("#plan-block-start", Input).value.strip()
        end = self.query_one("#plan-block-end", Input).value.strip()
        kind = str(self.query_one("#plan-block-kind", Select).value)
        problems: list[str] = []
        try:
            day = parse_date(date_text)
        except ValueError:
            problems.append(_("Not a date: use YYYY-MM-DD"))
            day = None
        found = check_block(start, end, self.title_text, kind)
        problems += [found[k] for k in ("start", "end", "title", "kind") if k in found]
        if problems or day is None:
            self.query_one("#plan-block-error", Static).update("\n".join(problems))
            return
        block = TimeBlock(start=start, end=end, title=self.title_text, kind=kind, id=new_id())
        self.dismiss((day.isoformat(), block))

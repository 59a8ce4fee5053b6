"""`r`: the evening check-in (the daily review), on one screen.

What the day already knows is filled in: the focus time, the workout minutes from a
ticked health block, "posted" (and where, as last time) from a ticked publishing
block. Answers are single keys (``y`` / ``n``, ``1``–``3``) on their own fields, so a
letter typed into a text field is never taken for a command. Enter (or an answer)
moves on to the next question still open; Tab / Shift+Tab reach every field.

The blocks and the answers stay in step both ways (``cadence.domain.review``): ticking
the health block fills the minutes, answering "posted: yes" ticks the publishing block.
Ctrl+S saves the check-in and the block states it changed in ONE transaction
(``repo.update_review(date, fn, day=fn)``); Esc leaves and keeps what was typed.
Ctrl+O opens the post composer (``PostComposer``).
"""

from __future__ import annotations

import dataclasses

from pendulum import Date
from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cadence.data.merge import merging
from cadence.data.models import DailyReview
from cadence.domain import kpis
from cadence.domain import review as checkin
from cadence.domain.plan_time import parse_date
from cadence.domain.schedule import ScheduledBlock, blocks_for, format_duration
from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.widgets.bindings import translate_bindings
from cadence.widgets.block_list import block_row
from cadence.widgets.footer import CadenceFooter

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Answer(Widget, can_focus=True):
    """A question answered with one key. Subclasses list ``OPTIONS`` (key, label, value)
    and bind each key (priority: it acts the moment it is read) to ``choose``; backspace
    clears. The screen's ``advance_from(answer)`` moves on."""

    OPTIONS: tuple[tuple[str, str, object], ...] = ()
    DEFAULT_CSS = """
    Answer {
        width: auto;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    Answer:focus {
        background: $primary 30%;
    }
    """
    value: reactive[object | None] = reactive(None)

    class Changed(Message):
        def __init__(self, answer: Answer) -> None:
            super().__init__()
            self.answer = answer

        @property
        def control(self) -> Answer:
            return self.answer

    def __init__(self, value: object | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.set_reactive(Answer.value, value)
        translate_bindings(self)

    def render(self) -> Text:
        out = Text()
        for i, (key, label, value) in enumerate(self.OPTIONS):
            if i:
                out.append("  ")
            chosen = self.value == value and self.value is not None
            style = "bold reverse" if chosen else ("" if self.value is None else "dim")
            out.append(f"{key} {_(label)}", style=style)
        return out

    def action_choose(self, index: int) -> None:
        self.value = self.OPTIONS[index][2]
        self.post_message(self.Changed(self))
        # Moving on happens here, inside the key's priority binding: the next key of a
        # burst already goes to the next field (a message would come too late).
        advance = getattr(self.screen, "advance_from", None)
        if advance is not None:
            advance(self)

    def action_clear(self) -> None:
        self.value = None
        self.post_message(self.Changed(self))


class YesNo(Answer):
    OPTIONS = (("y", "Yes", True), ("n", "No", False))
    BINDINGS = [
        Binding("y", "choose(0)", "Yes", priority=True, id="answer.yes"),
        Binding("n", "choose(1)", "No", priority=True, id="answer.no"),
        Binding("backspace,delete", "clear", "Clear", key_display="⌫", id="answer.clear"),
    ]


class Energy(Answer):
    OPTIONS = (("1", "low", 1), ("2", "steady", 2), ("3", "high", 3))
    BINDINGS = [
        Binding("1", "choose(0)", "Low", priority=True, id="answer.low"),
        Binding("2", "choose(1)", "Steady", priority=True, id="answer.steady"),
        Binding("3", "choose(2)", "High", priority=True, id="answer.high"),
        Binding("backspace,delete", "clear", "Clear", key_display="⌫", id="answer.clear"),
    ]


class CheckInBlocks(OptionList):
    """The day's blocks; space ticks done, s skipped (again: back to to do)."""

    BINDINGS = [
        Binding("space", "mark('done')", "Done", id="checkin.block_done"),
        Binding("s", "mark('skipped')", "Skip", id="checkin.block_skip"),
        Binding("j", "cursor_down", "Down", show=False, id="checkin.down"),
        Binding("k", "cursor_up", "Up", show=False, id="checkin.up"),
    ]

    def __init__(self, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        translate_bindings(self)

    def action_mark(self, state: str) -> None:
        screen = self.screen
        if isinstance(screen, CheckInScreen):
            screen.mark_block(state)


class CheckInScreen(CadenceModal):
    """The evening check-in of one day. Dismisses True when saved as finished."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("ctrl+s", "finish", "Save", priority=True, id="checkin.save"),
        Binding("escape", "leave", "Leave", id="checkin.leave"),
        Binding("ctrl+o", "compose_post", "Post", priority=True, id="checkin.post"),
        # Enter moves on at once (priority), so the next keys of a burst land in the
        # next field; on other widgets it does what they do.
        Binding("enter", "enter", "Next", show=False, priority=True, id="checkin.next"),
        # Quitting from here would drop what was typed: q leaves (keeping it) instead.
        Binding("q", "leave", "Leave", show=False, id="checkin.quit"),
    ]

    def __init__(self, day: Date, pending: dict[str, str] | None = None) -> None:
        super().__init__()
        self.day = day
        #: Block states Today's keys asked for that the writer has not yet put on disk.
        self.pending = dict(pending or {})
        self.iso = day.isoformat()
        self.blocks: list[ScheduledBlock] = []
        self.states: dict[str, str] = {}
        self.opened_states: dict[str, str] = {}
        self.stored: DailyReview = DailyReview(self.iso)
        self.review = DailyReview(self.iso)
        self.facts: checkin.DayFacts | None = None
        self._offers: list[str] = []
        self._leave_armed = False

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        weekday = _(WEEKDAYS[int(self.day.day_of_week)])
        with Vertical(id="checkin") as box:
            box.border_title = f"{_('Evening check-in')} · {weekday} {self.iso}"
            yield Static(id="checkin-focus")
            yield CheckInBlocks(id="checkin-blocks")
            with Horizontal(classes="row"):
                yield Label(_("Learned"), classes="name")
                yield Input(id="learned-1", compact=True, placeholder=_("One thing you learned"))
            with Horizontal(classes="row"):
                yield Label("", classes="name")
                yield Input(id="learned-2", compact=True, placeholder=_("Another (optional)"))
            with Horizontal(classes="row"):
                yield Label(_("Posted?"), classes="name")
                yield YesNo(id="posted")
                yield Label(_("on"), classes="word")
                yield Input(id="post-where", compact=True, placeholder=_("Xiaohongshu"))
                yield Button(_("Post") + " ^o", id="compose", compact=True)
            with Horizontal(classes="row"):
                yield Label(_("Workout"), classes="name")
                yield Input(
                    id="workout", compact=True, placeholder="0", restrict=r"\d{0,3}", max_length=3
                )
                yield Label(_("min"), classes="word")
                yield Static(id="workout-hint", classes="hint")
            with Horizontal(classes="row"):
                yield Label(_("Bed by 23:00"), classes="name")
                yield YesNo(id="bed")
                yield Static(_("last night"), classes="hint")
            with Horizontal(classes="row"):
                yield Label(_("Energy"), classes="name")
                yield Energy(id="energy")
            with Horizontal(id="tomorrow"):
                with Vertical(id="top-inputs"):
                    for i in (1, 2, 3):
                        with Horizontal(classes="row"):
                            yield Label(_("Tomorrow") if i == 1 else "", classes="name")
                            yield Input(id=f"top-{i}", compact=True, placeholder=f"{i}.")
                yield OptionList(id="offers")
            yield Static(id="checkin-error", classes="-empty")
        yield CadenceFooter()

    def on_mount(self) -> None:
        app = self.cadence
        repo = app.repo
        plan = repo.plan()
        record = repo.day(self.iso)
        record.states.update(self.pending)
        self.blocks = blocks_for(plan.templates, record, self.day, app.clock.tz)
        self.states = {b.block.id: b.state for b in self.blocks}
        self.opened_states = dict(self.states)
        sessions = repo.sessions(self.iso, self.iso)
        earlier = repo.daily_reviews(self.day.subtract(days=60).isoformat(), self.iso)
        self.facts = checkin.day_facts(plan.templates, record, self.day, sessions, earlier)
        stored = repo.daily_review(self.iso)
        self.stored = stored if stored is not None else DailyReview(self.iso)
        self.review = checkin.prefill(stored, self.facts, self.states, self.iso)
        self._fill()
        self._show_focus()
        self._show_blocks()
        self.call_after_refresh(self._show_blocks)  # again, laid out to the list's width
        self._show_offers()
        self.query_one("#learned-1", Input).focus()

    # ------------------------------------------------------------ showing

    def _fill(self) -> None:
        r = self.review
        learned = [*r.learned, "", ""]
        self.query_one("#learned-1", Input).value = learned[0]
        self.query_one("#learned-2", Input).value = learned[1]
        self._answers_from_review()
        top = [*r.top3, "", "", ""]
        for i in (1, 2, 3):
            self.query_one(f"#top-{i}", Input).value = top[i - 1]

    def _answers_from_review(self) -> None:
        """Show the answers the blocks can change (posted, where, workout)."""
        r = self.review
        self.query_one("#posted", YesNo).value = r.posted
        where = self.query_one("#post-where", Input)
        if where.value != r.post_where:
            where.value = r.post_where
        workout = self.query_one("#workout", Input)
        text = "" if r.workout_min is None else str(r.workout_min)
        if workout.value != text:
            workout.value = text
        self.query_one("#bed", YesNo).value = r.bed_before_23
        self.query_one("#energy", Energy).value = r.energy
        self._show_workout_hint()

    def _show_workout_hint(self) -> None:
        facts = self.facts
        hint = self.query_one("#workout-hint", Static)
        if facts is None:
            return
        ticked = [
            b for b in self.blocks
            if b.block.id in facts.health_blocks and self.states.get(b.block.id) == "done"
        ]  # fmt: skip
        if ticked:
            text = _("from {title}", title=ticked[0].block.title)
        else:
            text = _("{n}+ min counts as a workout", n=kpis.WORKOUT_MIN)
        hint.update(Text(text))

    def _show_focus(self) -> None:
        facts = self.facts
        if facts is None:
            return
        self.query_one("#checkin-focus", Static).update(
            Text(
                _(
                    "Focus {focused} in {n} sessions · {planned} of study planned",
                    focused=format_duration(facts.focus_s),
                    n=facts.sessions,
                    planned=format_duration(facts.planned_s),
                )
            )
        )

    def _show_blocks(self) -> None:
        blocks = self.query_one(CheckInBlocks)
        keep = blocks.highlighted
        ascii_icons = self.cadence.settings.ascii_icons
        width = max(40, blocks.scrollable_content_region.width - 1)
        options = [
            Option(
                block_row(
                    dataclasses.replace(b, state=self.states.get(b.block.id, "todo")),
                    None,
                    ascii_icons,
                    width,
                ),
                id=b.block.id,
            )
            for b in self.blocks
        ]
        blocks.set_options(options)
        if self.blocks:
            blocks.highlighted = min(keep or 0, len(self.blocks) - 1)

    def _show_offers(self) -> None:
        repo = self.cadence.repo
        tomorrow = self.day.add(days=1)
        week = checkin.planning_week(tomorrow)
        review = repo.weekly_review(week)
        planned = checkin.week_plan(tomorrow, {week: review.next_week} if review else {})
        chosen = [self.query_one(f"#top-{i}", Input).value for i in (1, 2, 3)]
        self._offers = checkin.candidates(repo.cards(), planned, chosen)
        offers = self.query_one("#offers", OptionList)
        offers.border_title = _("Enter adds")
        offers.set_options(
            [Option(Text(t), id=str(i)) for i, t in enumerate(self._offers)]
            or [Option(_("Nothing planned for the week, no open cards."), disabled=True)]
        )

    # ------------------------------------------------------------ blocks ↔ answers

    def mark_block(self, state: str) -> None:
        blocks = self.query_one(CheckInBlocks)
        if blocks.highlighted is None or not self.blocks or self.facts is None:
            return
        block_id = blocks.get_option_at_index(blocks.highlighted).id
        if block_id is None:
            return
        before = dict(self.states)
        current = self.states.get(block_id, "todo")
        self.states[block_id] = "todo" if current == state else state
        self.review = checkin.follow_ticks(
            self._collect(quiet=True), self.facts, before, self.states
        )
        self._answers_from_review()
        self._show_blocks()

    def _answers_changed(self) -> None:
        """An answer changed: the blocks follow it."""
        if self.facts is None:
            return
        self.review = self._collect(quiet=True)
        self.states = checkin.states_for_answers(self.review, self.facts, self.states)
        self._show_blocks()
        self._show_workout_hint()

    @on(Answer.Changed)
    def _answered(self, event: Answer.Changed) -> None:
        self._answers_changed()

    def advance_from(self, answer: Answer) -> None:
        """An answer was given: fill what it implies, and move on (called by the answer's
        own key binding, so before the next key is read)."""
        if answer.id == "posted" and answer.value is True:
            where = self.query_one("#post-where", Input)
            if not where.value.strip() and self.facts is not None:
                where.value = self.facts.last_where
        self._advance(answer)

    @on(Input.Changed, "#workout")
    def _workout_typed(self) -> None:
        try:
            checkin.parse_minutes(self.query_one("#workout", Input).value)
        except ValueError:
            return
        self._answers_changed()

    # ------------------------------------------------------------ moving on

    def _order(self) -> list[Widget]:
        ids = [
            "learned-1", "learned-2", "posted", "post-where", "workout", "bed", "energy",
            "top-1", "top-2", "top-3",
        ]  # fmt: skip
        return [self.query_one(f"#{i}") for i in ids]

    def _open(self, widget: Widget) -> bool:
        """Whether ``widget`` still waits for an answer."""
        if isinstance(widget, Answer):
            return widget.value is None
        if isinstance(widget, Input):
            if widget.id == "post-where":
                return self.query_one("#posted", YesNo).value is True and not widget.value.strip()
            return not widget.value.strip()
        return False

    def _advance(self, widget: Widget) -> None:
        """Focus the next question still open after ``widget`` (else simply the next one)."""
        order = self._order()
        if widget not in order:
            return
        after = order[order.index(widget) + 1 :]
        target = next((w for w in after if self._open(w)), None)
        if target is None and after:
            target = after[0] if after[0].id != "post-where" else after[1]
        if target is not None:
            # At once, not after the queued messages (``Widget.focus`` waits for them).
            self.set_focus(target)

    def action_enter(self) -> None:
        focused = self.focused
        if focused is None or focused not in self._order():
            raise SkipAction()  # a list, a button: its own enter
        self._advance(focused)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()  # enter is the screen's (action_enter)

    @on(OptionList.OptionSelected, "#offers")
    def _offer_picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        text = self._offers[int(event.option.id)]
        inputs = [self.query_one(f"#top-{i}", Input) for i in (1, 2, 3)]
        empty = next((i for i in inputs if not i.value.strip()), None)
        if empty is None:
            self._error(_("Three already: clear one to pick another."))
            return
        empty.value = text
        self._error("")
        self._show_offers()

    @on(OptionList.OptionSelected, "#checkin-blocks")
    def _block_enter(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#learned-1", Input).focus()

    # ------------------------------------------------------------ reading and saving

    def _collect(self, *, quiet: bool = False) -> DailyReview:
        """The check-in as on screen. Raises ValueError (shown unless ``quiet``) for bad
        minutes; quiet, bad minutes read as the last good value."""
        try:
            workout = checkin.parse_minutes(self.query_one("#workout", Input).value)
        except ValueError as exc:
            if quiet:
                workout = self.review.workout_min
            else:
                self._error(str(exc))
                self.query_one("#workout", Input).focus()
                raise
        energy = self.query_one("#energy", Energy).value
        return dataclasses.replace(
            self.review,
            learned=checkin.clean_lines(
                [self.query_one(f"#learned-{i}", Input).value for i in (1, 2)], 2
            ),
            posted=_bool(self.query_one("#posted", YesNo).value),
            post_where=self.query_one("#post-where", Input).value.strip(),
            workout_min=workout,
            bed_before_23=_bool(self.query_one("#bed", YesNo).value),
            energy=energy if isinstance(energy, int) and not isinstance(energy, bool) else None,
            top3=checkin.clean_lines(
                [self.query_one(f"#top-{i}", Input).value for i in (1, 2, 3)], 3
            ),
            focus_s=self.facts.focus_s if self.facts else self.review.focus_s,
            step=0,
        )

    def _error(self, message: str) -> None:
        line = self.query_one("#checkin-error", Static)
        line.update(Text(message, style="bold red"))
        line.set_class(not message, "-empty")

    def _save(self, edited: DailyReview) -> None:
        """One transaction: the answers the user changed, and the block states the check-in
        changed, applied to the records as they are on disk."""
        edited = dataclasses.replace(edited, updated=self.cadence.clock.now().isoformat())
        change, conflicts = merging(self.stored, edited)
        states = checkin.changed_states(self.opened_states, self.states)
        repo, iso = self.cadence.repo, self.iso
        app = self.cadence

        def save() -> None:
            repo.update_review(iso, change, day=checkin.set_states(states))
            if conflicts:
                names = ", ".join(conflicts)
                app.host.on_main(
                    lambda: app.notify(
                        _("Changed elsewhere meanwhile, kept as it was there: {fields}",
                          fields=names),
                        severity="warning",
                    )
                )  # fmt: skip

        app.persist(save)
        self.stored, self.opened_states = edited, dict(self.states)

    def action_finish(self) -> None:
        try:
            review = self._collect()
        except ValueError:
            return
        self._save(checkin.finish(review, review.updated))
        self.cadence.notify(_("Check-in saved for {date}", date=self.iso))
        self.dismiss(True)

    def action_leave(self) -> None:
        try:
            review = self._collect()
        except ValueError:
            if self._leave_armed:
                self.dismiss(False)  # leave without saving what cannot be saved
                return
            self._leave_armed = True
            self._error(
                _("Minutes as a whole number from 0 to {max}", max=checkin.MAX_WORKOUT_MIN)
                + "\n"
                + _("Fix or clear this field, or press Esc again to leave without saving.")
            )
            return
        self._save(review)
        self.dismiss(False)

    # ------------------------------------------------------------ the post

    @on(Button.Pressed, "#compose")
    def action_compose_post(self) -> None:
        from cadence.screens.today.post import PostComposer, PostResult

        review = self._collect(quiet=True)
        facts = self.facts
        if review.post_text.strip():
            draft = checkin.parse_post(review.post_text)
        else:
            draft = checkin.draft_post(
                review.learned,
                facts.labels if facts else (),
                facts.notes if facts else (),
                plan_day=self._plan_day(),
            )
        where = review.post_where or (facts.last_where if facts else "")

        def done(result: object) -> None:
            if not isinstance(result, PostResult):
                return
            self.review = dataclasses.replace(self._collect(quiet=True), post_text=result.text)
            if result.posted:
                self.query_one("#posted", YesNo).value = True
                self.query_one("#post-where", Input).value = result.where
                self._answers_changed()

        self.app.push_screen(PostComposer(draft, where), done)

    def _plan_day(self) -> int | None:
        try:
            start = parse_date(self.cadence.settings.plan_start)
        except ValueError:
            return None
        n = (self.day - start).in_days() + 1
        return n if n >= 1 else None


def _bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None

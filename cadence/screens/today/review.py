"""`r`: the daily review, one short step at a time, every step skippable.

Steps: the blocks (done / skipped), the day's focus time, one or two things
learned, learn in public, health, energy, tomorrow's top three, a summary.
PgDn / PgUp (or the buttons) move between steps and keep what was typed; Esc
leaves and the next `r` resumes at the same step (``DailyReview.step``);
Ctrl+S finishes. Every save is one transaction of the review and the block
states it set, so running it twice changes nothing twice.
"""

from __future__ import annotations

import dataclasses

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import (
    Button,
    ContentSwitcher,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from cadence.data.models import DailyReview
from cadence.domain import kpis
from cadence.domain import review as flow
from cadence.domain.schedule import ScheduledBlock, blocks_for, format_duration, study_minutes
from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.widgets.bindings import translate_bindings
from cadence.widgets.block_list import block_row
from cadence.widgets.footer import CadenceFooter

STEP_TITLES = {
    "blocks": "Blocks done or skipped",
    "focus": "Focus time",
    "learned": "Learned today",
    "post": "Learn in public",
    "health": "Health",
    "energy": "Energy",
    "top3": "Tomorrow's top three",
    "summary": "Summary",
}
YES_NO = [("Yes", True), ("No", False)]
ENERGY = [("1 low", 1), ("2 steady", 2), ("3 high", 3)]


class ReviewBlocks(OptionList):
    """The day's blocks; space marks done, s skipped (again: back to to do)."""

    BINDINGS = [
        Binding("space", "mark('done')", "Done", id="review.block_done"),
        Binding("s", "mark('skipped')", "Skip", id="review.block_skip"),
        Binding("j", "cursor_down", "Down", show=False, id="review.down"),
        Binding("k", "cursor_up", "Up", show=False, id="review.up"),
    ]

    def __init__(self, **kwargs: str) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        translate_bindings(self)

    def action_mark(self, state: str) -> None:
        screen = self.screen
        if isinstance(screen, DailyReviewScreen):
            screen.mark_block(state)


class DailyReviewScreen(CadenceModal):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding(
            "pagedown,ctrl+n",
            "next",
            "Next / skip",
            key_display="PgDn",
            priority=True,
            id="review.next",
        ),
        Binding("pageup", "back", "Back", key_display="PgUp", priority=True, id="review.back"),
        Binding("ctrl+s", "finish", "Finish", priority=True, id="review.finish"),
        Binding("escape", "leave", "Leave (kept)", id="review.leave"),
    ]

    def __init__(self, day: Date) -> None:
        super().__init__()
        self.day = day
        self.review = DailyReview(date=day.isoformat())
        self.blocks: list[ScheduledBlock] = []
        self.states: dict[str, str] = {}
        self.step = 0
        self.focus_s = 0
        self._problem = ""
        self._leave_armed = False

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box"):
            yield Static(id="review-title")
            yield Static(id="review-steps")
            with ContentSwitcher(id="review-pages", initial="step-blocks"):
                with Vertical(id="step-blocks", classes="page"):
                    yield Static(_("space: done · s: skipped · again: to do"), classes="hint")
                    yield ReviewBlocks(id="review-blocks")
                with Vertical(id="step-focus", classes="page"):
                    yield Static(id="focus-text")
                with Vertical(id="step-learned", classes="page"):
                    yield Label(_("One or two things you learned"))
                    yield Input(id="learned-1", compact=True, placeholder="1")
                    yield Input(id="learned-2", compact=True, placeholder="2")
                with Vertical(id="step-post", classes="page"):
                    yield Label(_("Posted today's notes in public?"))
                    yield self._select("posted", YES_NO)
                    yield Label(_("Where (e.g. Xiaohongshu)"))
                    yield Input(id="post-where", compact=True)
                    yield Label(_("One line about it"))
                    yield Input(id="post-text", compact=True)
                with Vertical(id="step-health", classes="page"):
                    yield Label(_("Workout minutes today"))
                    yield Input(id="workout", compact=True, placeholder="0-600")
                    yield Label(_("In bed before 23:00 last night?"))
                    yield self._select("bed", YES_NO)
                with Vertical(id="step-energy", classes="page"):
                    yield Label(_("Energy today"))
                    yield self._select("energy", ENERGY)
                with Vertical(id="step-top3", classes="page"):
                    yield Label(_("Tomorrow's top three (type, or pick a card with enter)"))
                    for i in (1, 2, 3):
                        yield Input(id=f"top-{i}", compact=True, placeholder=str(i))
                    yield OptionList(id="review-cards")
                with Vertical(id="step-summary", classes="page"):
                    yield Static(id="summary-text")
            yield Static(id="review-error")
            with Horizontal(id="review-buttons"):
                yield Button(_("Back"), id="back", compact=True)
                yield Button(_("Next / skip"), id="next", compact=True)
                yield Button(_("Finish"), id="finish", variant="primary", compact=True)
        yield CadenceFooter()

    def _select(self, name: str, options: list[tuple[str, object]]) -> Select[object]:
        return Select(
            [(_(label), value) for label, value in options],
            prompt=_("Not answered"),
            allow_blank=True,
            compact=True,
            id=name,
        )

    def on_mount(self) -> None:
        app = self.cadence
        iso = self.day.isoformat()
        stored = app.repo.daily_review(iso)
        if stored is not None:
            self.review = stored
            self.step = 0 if stored.finished else min(stored.step, len(flow.STEPS) - 1)
        record = app.repo.day(iso)
        self.blocks = blocks_for(app.repo.plan().templates, record, self.day, app.clock.tz)
        self.states = {b.block.id: b.state for b in self.blocks}
        weekday = _(
            ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[
                int(self.day.day_of_week)
            ]
        )
        self.query_one("#review-title", Static).update(
            f"[b]{_('Daily review')}[/b]  {weekday} {iso}"
        )
        self._fill()
        self._show_blocks()
        self.call_after_refresh(self._show_blocks)  # again, laid out to the list's width
        self._show_focus()
        cards = flow.open_cards(app.repo.cards())
        options = self.query_one("#review-cards", OptionList)
        options.add_options(
            [Option(f"{card.title}  [dim]{_(card.column)}[/]", id=card.id) for card in cards]
        )
        if not cards:
            options.add_option(Option(_("No open cards on the board."), disabled=True))
        self._go(self.step)

    def _fill(self) -> None:
        r = self.review
        learned = [*r.learned, "", ""]
        self.query_one("#learned-1", Input).value = learned[0]
        self.query_one("#learned-2", Input).value = learned[1]
        self._set_select("posted", r.posted)
        self.query_one("#post-where", Input).value = r.post_where
        self.query_one("#post-text", Input).value = r.post_text
        self.query_one("#workout", Input).value = (
            "" if r.workout_min is None else str(r.workout_min)
        )
        self._set_select("bed", r.bed_before_23)
        self._set_select("energy", r.energy)
        top = [*r.top3, "", "", ""]
        for i in (1, 2, 3):
            self.query_one(f"#top-{i}", Input).value = top[i - 1]

    def _set_select(self, name: str, value: object) -> None:
        select = self.query_one(f"#{name}", Select)
        if value is None:
            select.clear()
        else:
            select.value = value

    def _show_blocks(self) -> None:
        blocks = self.query_one(ReviewBlocks)
        keep = blocks.highlighted
        blocks.clear_options()
        ascii_icons = self.cadence.settings.ascii_icons
        width = max(40, blocks.scrollable_content_region.width - 1)
        for b in self.blocks:
            shown = dataclasses.replace(b, state=self.states.get(b.block.id, "todo"))
            blocks.add_option(Option(block_row(shown, None, ascii_icons, width), id=b.block.id))
        if self.blocks:
            blocks.highlighted = min(keep or 0, len(self.blocks) - 1)

    def _show_focus(self) -> None:
        app = self.cadence
        iso = self.day.isoformat()
        sessions = app.repo.sessions(iso, iso)
        focused = kpis.focused_seconds(sessions, self.day, self.day)
        planned = study_minutes(self.blocks) * 60
        self.focus_s = focused
        self.query_one("#focus-text", Static).update(
            _(
                "Focused {focused} in {n} sessions; {planned} of study was planned.",
                focused=format_duration(focused),
                n=len(sessions),
                planned=format_duration(planned),
            )
            + "\n\n"
            + _("Nothing to type here: it is saved with the review.")
        )

    # ------------------------------------------------------------ steps

    def _go(self, step: int) -> None:
        self.step = max(0, min(step, len(flow.STEPS) - 1))
        name = flow.STEPS[self.step]
        self.query_one(ContentSwitcher).current = f"step-{name}"
        parts = []
        for i in range(len(flow.STEPS) - 1):
            label = f"{i + 1}"
            parts.append(f"[reverse] {label} [/]" if i == self.step else f" {label} ")
        self.query_one("#review-steps", Static).update(
            "".join(parts) + f"  [b]{_(STEP_TITLES[name])}[/b]"
        )
        if name == "summary":
            self.query_one("#summary-text", Static).update(self._summary())
        self.query_one("#back", Button).disabled = self.step == 0
        self.query_one("#next", Button).disabled = self.step == len(flow.STEPS) - 1
        self._focus_page()

    def _focus_page(self) -> None:
        page = self.query_one(f"#step-{flow.STEPS[self.step]}")
        for widget in page.query("Input, Select, OptionList"):
            if widget.focusable:
                widget.focus()
                return
        self.query_one("#finish", Button).focus()

    def mark_block(self, state: str) -> None:
        blocks = self.query_one(ReviewBlocks)
        if blocks.highlighted is None or not self.blocks:
            return
        block_id = blocks.get_option_at_index(blocks.highlighted).id
        if block_id is None:
            return
        current = self.states.get(block_id, "todo")
        self.states[block_id] = "todo" if current == state else state
        self._show_blocks()

    # ------------------------------------------------------------ reading the form

    def _collect(self) -> DailyReview | None:
        """The review as typed, or None (with the message shown) when something is wrong."""
        try:
            workout = flow.parse_minutes(self.query_one("#workout", Input).value)
        except ValueError as exc:
            self._problem = str(exc)
            self._error(self._problem)
            self._go(flow.STEPS.index("health"))
            self.query_one("#workout", Input).focus()
            return None
        self._error("")

        def picked(name: str) -> object:
            value = self.query_one(f"#{name}", Select).value
            return None if value is Select.NULL else value

        posted, bed, energy = picked("posted"), picked("bed"), picked("energy")
        return dataclasses.replace(
            self.review,
            learned=flow.clean_lines(
                [self.query_one(f"#learned-{i}", Input).value for i in (1, 2)], 2
            ),
            posted=posted if isinstance(posted, bool) else None,
            post_where=self.query_one("#post-where", Input).value.strip(),
            post_text=self.query_one("#post-text", Input).value.strip(),
            workout_min=workout,
            bed_before_23=bed if isinstance(bed, bool) else None,
            energy=energy if isinstance(energy, int) and not isinstance(energy, bool) else None,
            top3=flow.clean_lines([self.query_one(f"#top-{i}", Input).value for i in (1, 2, 3)], 3),
            focus_s=self.focus_s,
            step=self.step,
        )

    def _error(self, message: str) -> None:
        self.query_one("#review-error", Static).update(f"[b red]{message}[/]" if message else "")

    def _save(self, review: DailyReview) -> None:
        """One transaction: the review and the states it set (only those it changed)."""
        review = dataclasses.replace(review, updated=self.cadence.clock.now().isoformat())
        self.review = review
        original = {b.block.id: b.state for b in self.blocks}
        states = {k: v for k, v in self.states.items() if original.get(k) != v}
        repo = self.cadence.repo
        self.cadence.persist(lambda: repo.save_review_and_states(review, states))
        self.blocks = [
            dataclasses.replace(b, state=self.states.get(b.block.id, b.state)) for b in self.blocks
        ]

    def _summary(self) -> str:
        r = self._collect() or self.review
        done = sum(1 for s in self.states.values() if s == "done")
        skipped = sum(1 for s in self.states.values() if s == "skipped")
        dash = "-"

        def yes_no(value: bool | None) -> str:
            return dash if value is None else (_("Yes") if value else _("No"))

        lines = [
            f"{_('Blocks')}: {done} {_('done')}, {skipped} {_('skipped')}, {len(self.blocks)}",
            f"{_('Focus time')}: {format_duration(self.focus_s)}",
            f"{_('Learned today')}: {'; '.join(r.learned) or dash}",
            f"{_('Learn in public')}: {yes_no(r.posted)}"
            + (f" ({r.post_where})" if r.post_where else ""),
            f"{_('Workout minutes today')}: {dash if r.workout_min is None else r.workout_min}",
            f"{_('In bed before 23:00 last night?')} {yes_no(r.bed_before_23)}",
            f"{_('Energy today')}: {dash if r.energy is None else r.energy}",
            f"{_('Tomorrow')}: {'; '.join(r.top3) or dash}",
            "",
            _("Ctrl+S finishes the review."),
        ]
        return "\n".join(lines)

    # ------------------------------------------------------------ actions

    def _move(self, delta: int) -> None:
        review = self._collect()
        if review is None:
            return
        self._leave_armed = False
        target = max(0, min(self.step + delta, len(flow.STEPS) - 1))
        if target == self.step:
            return
        self.step = target
        self._save(dataclasses.replace(review, step=target))
        self._go(target)

    @on(Button.Pressed, "#next")
    def action_next(self) -> None:
        self._move(1)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self._move(-1)

    @on(Button.Pressed, "#finish")
    def action_finish(self) -> None:
        review = self._collect()
        if review is None:
            return
        self._save(flow.finish(review, review.updated))
        self.cadence.notify(_("Daily review saved for {date}", date=self.day.isoformat()))
        self.dismiss(True)

    def action_leave(self) -> None:
        review = self._collect()
        if review is None:
            if self._leave_armed:
                self.dismiss(False)  # leave without saving what cannot be saved
                return
            self._leave_armed = True
            self._error(
                self._problem
                + "\n"
                + _("Fix or clear this field, or press Esc again to leave without saving.")
            )
            return
        self._save(dataclasses.replace(review, step=self.step))
        self.dismiss(False)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        """Enter moves to the next field of the step, and past the last one to the next step."""
        event.stop()
        page = self.query_one(f"#step-{flow.STEPS[self.step]}")
        fields = [w for w in page.query("Input, Select") if w.focusable]
        if event.input in fields and fields.index(event.input) < len(fields) - 1:
            fields[fields.index(event.input) + 1].focus()
        else:
            self._move(1)

    @on(OptionList.OptionSelected, "#review-cards")
    def _pick_card(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        card = next((c for c in self.cadence.repo.cards() if c.id == event.option.id), None)
        if card is None:
            return
        inputs = [self.query_one(f"#top-{i}", Input) for i in (1, 2, 3)]
        if any(i.value.strip() == card.title for i in inputs):
            return
        empty = next((i for i in inputs if not i.value.strip()), None)
        if empty is None:
            self._error(_("Three already: clear one to pick another."))
            return
        empty.value = card.title
        self._error("")

    @on(OptionList.OptionSelected, "#review-blocks")
    def _block_enter(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._move(1)

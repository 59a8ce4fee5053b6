"""The Roadmap's goal dialogs: goal form, goal detail, month picker, plan start.

Each is a ``FormDialog``: it reads and validates, and returns its result (ctrl+s /
escape in its own footer); the screen makes the one store write (``editing``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from pendulum import Date
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from cadence.data.models import TRACKS, Deliverable, FocusSession, RoadmapGoal, RoadmapPhase, Skill
from cadence.domain.deliverables import COLUMN_TITLES
from cadence.domain.plan_time import month_of, month_span, parse_date
from cadence.domain.roadmap import MONTHS, goal_link, linked_seconds, shifted_months
from cadence.domain.schedule import format_duration
from cadence.i18n import _
from cadence.screens.roadmap.drawing import (
    month_label,
    phase_for,
    phase_range,
    skill_status_title,
    span_text,
    track_title,
)
from cadence.screens.roadmap.fields import one_line
from cadence.widgets.cells import pad
from cadence.widgets.form import FormDialog, FormError

#: Longest goal text; more goes in the notes.
GOAL_MAX = 200


# ---------------------------------------------------------------- goal form


class GoalForm(FormDialog[RoadmapGoal]):
    """Add or edit a goal: text, track, month, notes."""

    CSS_PATH = "dialogs.tcss"

    def __init__(
        self,
        goal: RoadmapGoal | None,
        *,
        month: int,
        plan_start: Date,
        track: str = "tech",
    ) -> None:
        super().__init__(_("Edit goal") if goal else _("Add a goal"))
        self.goal = goal
        self.month = goal.month if goal else month
        self.track = goal.track if goal else track
        self.plan_start = plan_start

    def fields(self) -> ComposeResult:
        yield Label(_("Goal"))
        yield Input(self.goal.text if self.goal else "", id="goal-text", max_length=400)
        with Horizontal(classes="form-row"):
            with Vertical():
                yield Label(_("Track"))
                yield Select(
                    [(track_title(t), t) for t in TRACKS],
                    value=self.track if self.track in TRACKS else TRACKS[0],
                    allow_blank=False,
                    id="goal-track",
                )
            with Vertical():
                yield Label(_("Month"))
                yield Select(
                    [(f"{month_label(m)}  {self._first(m)}", m) for m in MONTHS],
                    value=self.month if self.month in MONTHS else 0,
                    allow_blank=False,
                    id="goal-month",
                )
        yield Label(_("Notes"))
        yield TextArea(self.goal.notes if self.goal else "", id="goal-notes")

    def _first(self, month: int) -> str:
        return month_span(self.plan_start, month).first.isoformat()

    def result(self) -> RoadmapGoal:
        text = one_line(
            self,
            "#goal-text",
            limit=GOAL_MAX,
            empty=_("Write the goal first."),
            too_long=_(
                "Keep the goal under {n} characters; the rest can go in the notes.", n=GOAL_MAX
            ),
        )
        track = str(self.query_one("#goal-track", Select).value)
        month = self.query_one("#goal-month", Select).value
        assert isinstance(month, int)
        notes = self.query_one("#goal-notes", TextArea).text.strip()
        if self.goal is None:
            return RoadmapGoal(month=month, track=track, text=text, notes=notes)
        return dataclasses.replace(self.goal, month=month, track=track, text=text, notes=notes)


# ---------------------------------------------------------------- month picker


class MonthPicker(FormDialog[int]):
    """Choose the month a goal moves to (enter or ctrl+s): returns the month's index."""

    CSS_PATH = "dialogs.tcss"

    def __init__(
        self, goal: RoadmapGoal, *, plan_start: Date, phases: list[RoadmapPhase], today: Date
    ) -> None:
        super().__init__(_("Move the goal to another month"))
        self.goal = goal
        self.plan_start = plan_start
        self.phases = phases
        self.current = month_of(plan_start, today)

    def fields(self) -> ComposeResult:
        yield Static(Text(self.goal.text), classes="form-detail")
        options = []
        for m in MONTHS:
            phase = phase_for(self.phases, m)
            marks = ""
            if m == self.goal.month:
                marks = "  " + _("(now here)")
            elif m == self.current:
                marks = "  " + _("(this month)")
            label = (
                f"{pad(month_label(m), 9)} {span_text(self.plan_start, m)}"
                f"  {phase_range(phase) if phase else ''}{marks}"
            )
            options.append(Option(Content(label), id=f"move-{m}"))
        yield OptionList(*options, id="month-picker")

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = self.goal.month
        picker.focus()

    def result(self) -> int:
        chosen = self.query_one(OptionList).highlighted
        if chosen is None:
            raise FormError(_("Pick a month first."), "#month-picker")
        return chosen

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()


# ---------------------------------------------------------------- plan start


class PlanStartDialog(FormDialog[str]):
    """Set the plan start; the new month dates are shown before anything is applied.

    Returns the new ISO date.
    """

    CSS_PATH = "dialogs.tcss"

    #: A start further than this from today is almost surely a typo.
    MAX_YEARS = 5

    def __init__(self, plan_start: Date, today: Date) -> None:
        super().__init__(_("Plan start"))
        self.plan_start = plan_start
        self.today = today

    def fields(self) -> ComposeResult:
        yield Label(_("Month 0 starts on (YYYY-MM-DD). Goals keep their month; only dates move."))
        yield Input(self.plan_start.isoformat(), id="plan-start-input", max_length=10)
        yield Static("", id="plan-start-summary")
        yield DataTable(id="plan-start-preview", cursor_type="none", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Month"), _("Current dates"), _("New dates"))
        self._preview(self.plan_start)
        self.query_one(Input).focus()

    def _read(self) -> Date:
        text = self.query_one(Input).value.strip()
        try:
            new = parse_date(text)
        except ValueError:
            raise FormError(_("Not a date: use YYYY-MM-DD"), "#plan-start-input") from None
        if abs((new - self.today).in_days()) > 366 * self.MAX_YEARS:
            raise FormError(
                _("Pick a date within {n} years of today.", n=self.MAX_YEARS), "#plan-start-input"
            )
        return new

    def result(self) -> str:
        return self._read().isoformat()

    def _preview(self, new: Date) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for old_span, new_span in shifted_months(self.plan_start, new):
            changed = old_span.first != new_span.first
            new_text = f"{new_span.first.isoformat()} - {new_span.last.isoformat()}"
            table.add_row(
                month_label(old_span.index),
                f"{old_span.first.isoformat()} - {old_span.last.isoformat()}",
                Text(new_text, style="bold green" if changed else ""),
            )
        before = month_of(self.plan_start, self.today)
        after = month_of(new, self.today)
        self.query_one("#plan-start-summary", Static).update(
            _(
                "Today ({today}) falls in: {before} now, {after} after the change.",
                today=self.today.isoformat(),
                before=self._where(before),
                after=self._where(after),
            )
        )

    @staticmethod
    def _where(month: int | None) -> str:
        if month is None:
            return _("before the plan")
        if month > MONTHS[-1]:
            return _("after the plan")
        return month_label(month)

    @on(Input.Changed)
    def _changed(self) -> None:
        try:
            new = self._read()
        except FormError as problem:
            self.error(problem.message)
            return
        self.error("")
        self._preview(new)


# ---------------------------------------------------------------- goal detail


@dataclass
class DetailResult:
    """What the detail view hands back: changed notes and/or a focus request."""

    notes: str | None = None
    focus: bool = False


class GoalDetail(FormDialog[DetailResult]):
    """A goal's detail: month and dates, notes (editable), skills, linked cards, focus time."""

    CSS_PATH = "dialogs.tcss"
    ENTER_SAVES = False
    BINDINGS = [Binding("ctrl+f", "focus_on_goal", "Focus on it", id="goal_detail.focus")]

    def __init__(
        self,
        goal: RoadmapGoal,
        *,
        plan_start: Date,
        phases: list[RoadmapPhase],
        skills: list[Skill],
        cards: list[Deliverable],
        sessions: list[FocusSession],
    ) -> None:
        super().__init__(goal.text)
        self.goal = goal
        self.plan_start = plan_start
        self.phases = phases
        self.skills = skills
        self.cards = [c for c in cards if c.goal_id == goal.id]
        link = goal_link(goal.id)
        self.sessions = [s for s in sessions if s.link == link]

    def fields(self) -> ComposeResult:
        goal = self.goal
        phase = phase_for(self.phases, goal.month)
        if goal.done:
            state = _("Done on {date}", date=goal.done_on) if goal.done_on else _("Done")
        else:
            state = _("Not done yet")
        where = f"{month_label(goal.month)}  {span_text(self.plan_start, goal.month)}"
        if phase is not None:
            head = _("{label}:", label=phase_range(phase))
            where += f"  {head}{'' if head.endswith('：') else ' '}{phase.title}"
        yield Static(Text(f"{where}\n{track_title(goal.track)}  {state}"), classes="form-detail")
        yield Label(_("Notes"))
        yield TextArea(goal.notes, id="goal-detail-notes")
        yield Static(self._skills_text(), id="goal-detail-skills")
        yield Static(self._cards_text(), id="goal-detail-cards")
        yield Static(self._focus_text(), id="goal-detail-focus")

    def _skills_text(self) -> Content:
        if not self.skills:
            return Content("")
        head = Content.styled(_("Skills:") + " ", "bold")
        named = [f"{s.title} ({skill_status_title(s.status)})" for s in self.skills]
        return head + Content(", ".join(named))

    def _cards_text(self) -> Content:
        head = Content.styled(_("Linked cards ({n})", n=len(self.cards)), "bold")
        if not self.cards:
            return head + "\n" + Content.styled(_("No kanban card is linked to this goal."), "dim")
        lines = [
            f"  {card.title}  [{_(COLUMN_TITLES.get(card.column, card.column))}]"
            for card in self.cards
        ]
        return head + "\n" + Content("\n".join(lines))

    def _focus_text(self) -> Content:
        total = linked_seconds(self.sessions, goal_link(self.goal.id))
        head = Content.styled(_("Focus time logged: {time}", time=format_duration(total)), "bold")
        if not self.sessions:
            return head + "\n" + Content.styled(_("No focus session on this goal yet."), "dim")
        last = max(self.sessions, key=lambda s: s.start)
        day = last.start[:10]
        if len(self.sessions) == 1:
            sessions = _("One session, on {date}", date=day)
        else:
            sessions = _("{n} sessions, the last on {date}", n=len(self.sessions), date=day)
        return head + "\n" + Content(sessions)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def _notes(self) -> str | None:
        text = self.query_one(TextArea).text.strip()
        return text if text != self.goal.notes.strip() else None

    def result(self) -> DetailResult:
        return DetailResult(notes=self._notes())

    def action_focus_on_goal(self) -> None:
        self.dismiss(DetailResult(notes=self._notes(), focus=True))

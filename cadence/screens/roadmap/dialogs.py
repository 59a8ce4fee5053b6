"""The Roadmap's dialogs: goal form, goal detail, month picker, plan start, confirm.

Each dialog only reads and validates; it hands its result back to the screen, which makes the
one store write (``app.persist``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from pendulum import Date
from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from cadence.data.models import TRACKS, Deliverable, FocusSession, RoadmapGoal, RoadmapPhase
from cadence.domain.deliverables import COLUMN_TITLES
from cadence.domain.plan_time import month_of, month_span, parse_date
from cadence.domain.roadmap import MONTHS, goal_link, linked_seconds, shifted_months
from cadence.domain.schedule import format_duration
from cadence.i18n import _
from cadence.screens.base import CadenceModal

#: Longest goal text; more goes in the notes.
GOAL_MAX = 200
TRACK_TITLES = {"tech": "Tech", "product": "Product", "output": "Output"}


def month_label(index: int) -> str:
    return _("Month {n}", n=index)


def span_text(plan_start: Date, index: int) -> str:
    span = month_span(plan_start, index)
    return f"{span.first.isoformat()} - {span.last.isoformat()}"


def phase_range(phase: RoadmapPhase) -> str:
    if phase.first_month == phase.last_month:
        return month_label(phase.first_month)
    return _("Months {first}-{last}", first=phase.first_month, last=phase.last_month)


def phase_for(phases: list[RoadmapPhase], month: int) -> RoadmapPhase | None:
    return next((p for p in phases if p.first_month <= month <= p.last_month), None)


def pad_cells(text: str, cells: int) -> str:
    """Pad ``text`` with spaces to ``cells`` terminal cells (CJK counts two)."""
    return text + " " * max(0, cells - cell_len(text))


class Dialog(CadenceModal):
    """A centred box; escape cancels."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def error(self, message: str) -> None:
        self.query_one(".dialog-error", Static).update(Content.styled(message, "bold $error"))


# ---------------------------------------------------------------- confirm


class ConfirmDialog(Dialog):
    """Yes / no. Dismisses with True or False."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-small"):
            yield Static(Content.styled(self.question, "bold"))
            if self.detail:
                yield Static(Content(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Yes") + " (y)", variant="error", id="yes")
                yield Button(_("No") + " (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


# ---------------------------------------------------------------- goal form


class GoalForm(Dialog):
    """Add or edit a goal: text, track, month, notes. Dismisses with the goal or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="goal_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="goal_form.save"),
    ]

    def __init__(
        self,
        goal: RoadmapGoal | None,
        *,
        month: int,
        plan_start: Date,
        phases: list[RoadmapPhase],
        track: str = "tech",
    ) -> None:
        super().__init__()
        self.goal = goal
        self.month = goal.month if goal else month
        self.track = goal.track if goal else track
        self.plan_start = plan_start
        self.phases = phases

    def compose(self) -> ComposeResult:
        title = _("Edit goal") if self.goal else _("Add a goal")
        with Vertical(classes="dialog"):
            yield Static(Content.styled(title, "bold"), classes="dialog-title")
            yield Label(_("Goal"))
            yield Input(self.goal.text if self.goal else "", id="goal-text", max_length=400)
            with Horizontal(classes="dialog-row"):
                with Vertical():
                    yield Label(_("Track"))
                    yield Select(
                        [(_(TRACK_TITLES[t]), t) for t in TRACKS],
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
            yield Static("", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save") + " (ctrl+s)", variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def _first(self, month: int) -> str:
        return month_span(self.plan_start, month).first.isoformat()

    def on_mount(self) -> None:
        self.query_one("#goal-text", Input).focus()

    def read(self) -> RoadmapGoal | None:
        """The goal as typed, or None with the reason shown in the form."""
        text = " ".join(self.query_one("#goal-text", Input).value.split())
        if not text:
            self.error(_("Write the goal first."))
            self.query_one("#goal-text", Input).focus()
            return None
        if len(text) > GOAL_MAX:
            self.error(
                _(
                    "Keep the goal under {n} characters; the rest can go in the notes.",
                    n=GOAL_MAX,
                )
            )
            self.query_one("#goal-text", Input).focus()
            return None
        track = str(self.query_one("#goal-track", Select).value)
        month = int(self.query_one("#goal-month", Select).value)  # type: ignore[arg-type]
        notes = self.query_one("#goal-notes", TextArea).text.strip()
        if self.goal is None:
            return RoadmapGoal(month=month, track=track, text=text, notes=notes)
        return dataclasses.replace(self.goal, month=month, track=track, text=text, notes=notes)

    @on(Input.Submitted, "#goal-text")
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        goal = self.read()
        if goal is not None:
            self.dismiss(goal)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- month picker


class MonthPicker(Dialog):
    """Choose the month a goal moves to. Dismisses with the month index or None."""

    def __init__(
        self, goal: RoadmapGoal, *, plan_start: Date, phases: list[RoadmapPhase], today: Date
    ) -> None:
        super().__init__()
        self.goal = goal
        self.plan_start = plan_start
        self.phases = phases
        self.current = month_of(plan_start, today)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(_("Move the goal to another month"), "bold"))
            yield Static(Content(self.goal.text), classes="dialog-detail")
            options = []
            for m in MONTHS:
                phase = phase_for(self.phases, m)
                marks = ""
                if m == self.goal.month:
                    marks = "  " + _("(now here)")
                elif m == self.current:
                    marks = "  " + _("(this month)")
                label = (
                    f"{pad_cells(month_label(m), 9)} {span_text(self.plan_start, m)}"
                    f"  {phase_range(phase) if phase else ''}{marks}"
                )
                options.append(Option(Content(label), id=f"move-{m}"))
            yield OptionList(*options, id="month-picker")
            yield Static(Content.styled(_("enter: move  escape: cancel"), "dim"))

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = self.goal.month
        picker.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)


# ---------------------------------------------------------------- plan start


class PlanStartDialog(Dialog):
    """Set the plan start; the new month dates are shown before anything is applied.

    Dismisses with the new ISO date, or None.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="plan_start.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="plan_start.apply"),
    ]

    #: A start further than this from today is almost surely a typo.
    MAX_YEARS = 5

    def __init__(self, plan_start: Date, today: Date) -> None:
        super().__init__()
        self.plan_start = plan_start
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-tall"):
            yield Static(Content.styled(_("Plan start"), "bold"), classes="dialog-title")
            yield Label(
                _("Month 0 starts on (YYYY-MM-DD). Goals keep their month; only dates move.")
            )
            yield Input(self.plan_start.isoformat(), id="plan-start-input", max_length=10)
            yield Static("", classes="dialog-error")
            yield Static("", id="plan-start-summary")
            yield DataTable(id="plan-start-preview", cursor_type="none", zebra_stripes=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Apply") + " (ctrl+s)", variant="primary", id="apply")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Month"), _("Current dates"), _("New dates"))
        self._preview(self.plan_start)
        self.query_one(Input).focus()

    def read(self) -> Date | None:
        text = self.query_one(Input).value.strip()
        try:
            new = parse_date(text)
        except ValueError:
            self.error(_("Not a date: use YYYY-MM-DD"))
            return None
        if abs((new - self.today).in_days()) > 366 * self.MAX_YEARS:
            self.error(_("Pick a date within {n} years of today.", n=self.MAX_YEARS))
            return None
        self.query_one(".dialog-error", Static).update("")
        return new

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
        new = self.read()
        if new is not None:
            self._preview(new)

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        new = self.read()
        if new is None:
            self.query_one(Input).focus()
            return
        self.dismiss(new.isoformat())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- goal detail


@dataclass
class DetailResult:
    """What the detail view hands back: changed notes and/or a focus request."""

    notes: str | None = None
    focus: bool = False


class GoalDetail(Dialog):
    """A goal's detail: month and dates, notes (editable), linked cards, focus time logged."""

    BINDINGS = [
        Binding("escape", "close", "Close", id="goal_detail.close"),
        Binding("ctrl+s", "close", "Save", show=False, id="goal_detail.save"),
        Binding("ctrl+f", "focus_on_goal", "Focus on it", id="goal_detail.focus"),
    ]

    def __init__(
        self,
        goal: RoadmapGoal,
        *,
        plan_start: Date,
        phases: list[RoadmapPhase],
        cards: list[Deliverable],
        sessions: list[FocusSession],
    ) -> None:
        super().__init__()
        self.goal = goal
        self.plan_start = plan_start
        self.phases = phases
        self.cards = [c for c in cards if c.goal_id == goal.id]
        link = goal_link(goal.id)
        self.sessions = [s for s in sessions if s.link == link]

    def compose(self) -> ComposeResult:
        goal = self.goal
        phase = phase_for(self.phases, goal.month)
        state = (
            _("Done on {date}", date=goal.done_on)
            if goal.done and goal.done_on
            else (_("Done") if goal.done else _("Not done yet"))
        )
        with Vertical(classes="dialog dialog-tall"):
            yield Static(Content.styled(goal.text, "bold"), classes="dialog-title")
            yield Static(
                Content.from_markup(
                    "$month  $dates  $phase\n$track  $state",
                    month=month_label(goal.month),
                    dates=span_text(self.plan_start, goal.month),
                    phase=f"{phase_range(phase)}: {phase.title}" if phase else "",
                    track=_(TRACK_TITLES.get(goal.track, goal.track)),
                    state=state,
                ),
                classes="dialog-detail",
            )
            with VerticalScroll(id="goal-detail-body"):
                yield Label(_("Notes"))
                yield TextArea(goal.notes, id="goal-detail-notes")
                yield Static(self._cards_text(), id="goal-detail-cards")
                yield Static(self._focus_text(), id="goal-detail-focus")
            yield Static(
                Content.styled(_("escape: close (notes are kept)  ctrl+f: focus on it"), "dim")
            )

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
        return (
            head
            + "\n"
            + Content(
                _(
                    "{n} sessions, the last on {date}",
                    n=len(self.sessions),
                    date=last.start[:10],
                )
            )
        )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def _notes(self) -> str | None:
        text = self.query_one(TextArea).text.strip()
        return text if text != self.goal.notes.strip() else None

    def action_close(self) -> None:
        self.dismiss(DetailResult(notes=self._notes()))

    def action_cancel(self) -> None:
        self.action_close()

    def action_focus_on_goal(self) -> None:
        self.dismiss(DetailResult(notes=self._notes(), focus=True))

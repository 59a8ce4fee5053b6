"""Roadmap: the year in phases and months with their dates, each month's goals by track, the
two must-dos pinned on top, and where the plan stands against the calendar.

Keys: up/down move, left/right switch between months and goals, space done, a/e/d add, edit,
delete (u undoes), m move to another month, S plan start, enter detail, k / p the must-do
checklists, r resources.
"""

from __future__ import annotations

import dataclasses

from pendulum import Date
from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cadence.data.models import TRACKS, FocusSession, MustDo, RoadmapGoal, RoadmapPhase
from cadence.domain.plan_time import LAST_MONTH, month_of, parse_date
from cadence.domain.roadmap import (
    RoadmapMonth,
    checklist_tally,
    course_stats,
    goal_link,
    linked_seconds,
    next_item,
    overdue_goals,
    pace,
    progress_by_phase,
    progress_by_track,
    roadmap_months,
    tally,
)
from cadence.domain.schedule import format_duration, logical_date
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.roadmap.dialogs import (
    TRACK_TITLES,
    ConfirmDialog,
    DetailResult,
    GoalDetail,
    GoalForm,
    MonthPicker,
    PlanStartDialog,
    month_label,
    phase_range,
    span_text,
)
from cadence.screens.roadmap.panes import bar, hours_text, pad
from cadence.widgets.footer import CadenceFooter

#: Actions that work on the goal under the cursor in the goals list.
GOAL_ACTIONS = {"toggle_goal", "edit_goal", "delete_goal", "move_goal", "goal_detail", "focus_goal"}
PACE_TEXT = {
    "not_started": ("The plan has not started yet", "dim"),
    "ahead": ("Ahead by ~{n} goals", "bold $success"),
    "on_track": ("On track", "bold $success"),
    "behind": ("Behind by ~{n} goals", "bold $error"),
}


class RoadmapScreen(CadenceScreen):
    SCREEN_TITLE = "Roadmap"
    MODE = "roadmap"
    CSS_PATH = "roadmap.tcss"
    BINDINGS = [
        Binding("space", "toggle_goal", "Done", id="roadmap.done"),
        Binding("a", "add_goal", "Add goal", id="roadmap.add", tooltip="Roadmap: add a goal"),
        Binding("e", "edit_goal", "Edit", id="roadmap.edit"),
        Binding("d", "delete_goal", "Delete", id="roadmap.delete"),
        Binding(
            "S",
            "plan_start",
            "Plan start",
            key_display="S",
            id="roadmap.plan_start",
            tooltip="Roadmap: set the plan start",
        ),
        Binding("m", "move_goal", "Move", show=False, id="roadmap.move"),
        Binding(
            "k",
            "course",
            "Course",
            show=False,
            id="roadmap.course",
            tooltip="Roadmap: Karpathy course",
        ),
        Binding(
            "p", "ship", "Ship app", show=False, id="roadmap.ship", tooltip="Roadmap: ship an app"
        ),
        Binding(
            "r", "resources", "Resources", id="roadmap.resources", tooltip="Roadmap: resources"
        ),
        Binding("enter", "goal_detail", "Detail", show=False, id="roadmap.detail"),
        Binding("u", "undo", "Undo delete", show=False, id="roadmap.undo"),
        Binding("f", "focus_goal", "Focus on it", show=False, id="roadmap.focus"),
        Binding(
            "t",
            "this_month",
            "This month",
            show=False,
            id="roadmap.this_month",
            tooltip="Roadmap: this month",
        ),
        Binding("left", "pane('months')", "Months", show=False, id="roadmap.months"),
        Binding("right", "pane('goals')", "Goals", show=False, id="roadmap.goals"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan_start: Date | None = None
        self.today: Date | None = None
        self.phases: list[RoadmapPhase] = []
        self.goals: list[RoadmapGoal] = []
        self.must_dos: list[MustDo] = []
        self.months: list[RoadmapMonth] = []
        self.shown_month: int | None = None
        self.goal_sessions: list[FocusSession] = []
        self.lecture_sessions: list[FocusSession] = []
        self.deleted: list[RoadmapGoal] = []

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        must_dos = OptionList(id="must-dos")
        must_dos.border_title = _("Must-dos")
        yield must_dos
        yield Static(id="roadmap-status")
        with Horizontal(id="roadmap-body"):
            months = OptionList(id="months")
            months.border_title = _("Months")
            yield months
            with Vertical(id="month-pane"):
                yield Static(id="month-head")
                yield OptionList(id="goals")
        yield CadenceFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#months", OptionList).focus()

    def on_resize(self) -> None:
        # The must-do rows are laid out to the panel's width.
        self.call_after_refresh(self._draw_must_dos)

    # ------------------------------------------------------------ data

    def _read_plan_start(self) -> Date:
        try:
            return parse_date(self.cadence.settings.plan_start)
        except ValueError:
            # No (valid) start stored: count from today, as a first run does.
            return self.cadence.clock.now().date()

    @property
    def current_month(self) -> int | None:
        if self.plan_start is None or self.today is None:
            return None
        month = month_of(self.plan_start, self.today)
        return month if month is not None and month <= LAST_MONTH else None

    def refresh_data(self) -> None:
        app = self.cadence
        plan = app.repo.plan()
        self.plan_start = self._read_plan_start()
        self.today = logical_date(app.clock.now(), app.settings.rollover_hour)
        self.phases = plan.phases
        self.goals = plan.goals
        self.must_dos = plan.must_dos
        self.months = roadmap_months(self.plan_start, self.today, plan.phases, plan.goals)
        self.goal_sessions = app.repo.linked_sessions("goal:")
        self.lecture_sessions = app.repo.linked_sessions("lecture:")
        if self.shown_month is None:
            self.shown_month = self._default_month()
        self._draw_must_dos()
        self._draw_status()
        self._draw_months()
        self._draw_goals()
        self.refresh_bindings()

    def _default_month(self) -> int:
        assert self.plan_start is not None and self.today is not None
        month = month_of(self.plan_start, self.today)
        if month is None:
            return 0
        return min(month, LAST_MONTH)

    # ------------------------------------------------------------ drawing

    @property
    def _ascii(self) -> bool:
        return self.cadence.settings.ascii_icons

    def _width(self, widget_id: str, fallback: int) -> int:
        width = self.query_one(widget_id).scrollable_content_region.width
        return width - 2 if width > 10 else fallback

    def _draw_must_dos(self) -> None:
        widget = self.query_one("#must-dos", OptionList)
        keep = widget.highlighted
        width = max(50, self._width("#must-dos", 74))
        lines: list[tuple[MustDo, str, str]] = []
        for must in self.must_dos:
            if must.kind == "course":
                stats = course_stats(must, self.lecture_sessions)
                extra = _(
                    "{logged} logged, {left} left",
                    logged=format_duration(stats.logged_s),
                    left=hours_text(stats.left_s),
                )
                lines.append((must, extra, "k"))
            else:
                upcoming = next_item(must)
                extra = _("next: {item}", item=upcoming.text) if upcoming else _("all done")
                lines.append((must, extra, "p"))
        # One column for the titles, so the bars line up (CJK titles counted in cells).
        counts_cells = 6
        room = width - (1 + 8 + counts_cells + 2 + 4)
        longest_title = max((cell_len(m.title) for m, _e, _k in lines), default=12)
        longest_extra = max((cell_len(e) for _m, e, _k in lines), default=8)
        title_cells = max(12, min(longest_title, room - min(longest_extra, 24)))
        extra_cells = max(8, room - title_cells)
        rows = []
        for must, extra, key in lines:
            count = checklist_tally(must)
            row = Content.assemble(
                (pad(must.title, title_cells), "bold"),
                " ",
                bar(count.fraction, 8, ascii_icons=self._ascii),
                (
                    pad(f" {count.done}/{count.total}", counts_cells),
                    "bold $success" if count.complete else "",
                ),
                "  ",
                (pad(extra, extra_cells), "dim"),
                (f" ({key})", "dim"),
            )
            rows.append(Option(row, id=must.id))
        widget.clear_options()
        widget.add_options(rows)
        if rows:
            widget.highlighted = keep if keep is not None and keep < len(rows) else 0

    def _draw_status(self) -> None:
        assert self.plan_start is not None and self.today is not None
        current = month_of(self.plan_start, self.today)
        where: str
        if current is None:
            where = _("Starts on {date}", date=self.plan_start.isoformat())
        elif current > LAST_MONTH:
            where = _("The 12 months are over")
        else:
            day = (self.today - self.plan_start).in_days() + 1
            where = _("Month {n} of 12, day {day}", n=current, day=day)
        overall = tally(self.goals)
        p = pace(self.goals, self.plan_start, self.today)
        text, style = PACE_TEXT[p.status]
        # Goals done next to time gone: the two bars say ahead / behind at a glance.
        line1 = Content.assemble(
            (where, "bold"),
            "   ",
            _("Goals"),
            " ",
            bar(overall.fraction, 10, ascii_icons=self._ascii),
            f" {overall.done}/{overall.total} {overall.percent}%   ",
            _("Time"),
            " ",
            bar(p.elapsed, 10, ascii_icons=self._ascii),
            f" {round(100 * p.elapsed)}%",
        )
        parts: list[Content | str] = [Content.styled(_(text, n=round(abs(p.gap))), style), "  "]
        late = overdue_goals(self.goals, self.plan_start, self.today)
        if late:
            parts += [Content.styled(_("! {n} overdue", n=len(late)), "bold $error"), "  "]
        for track, count in progress_by_track(self.goals).items():
            parts.append(
                Content.assemble((_(TRACK_TITLES[track]), "bold"), f" {count.done}/{count.total}  ")
            )
        line2 = Content.assemble(*parts)
        self.query_one("#roadmap-status", Static).update(line1 + "\n" + line2)

    def _draw_months(self) -> None:
        widget = self.query_one("#months", OptionList)
        by_phase = progress_by_phase(self.goals, self.phases)
        options: list[Option] = []
        placed: set[str] = set()
        current_mark = ">" if self._ascii else "▸"
        for month in self.months:
            phase = month.phase
            if phase is not None and phase.id not in placed:
                placed.add(phase.id)
                count = by_phase[phase.id]
                options.append(
                    Option(
                        Content.assemble(
                            (self._phase_name(phase), "bold"),
                            f"  {count.done}/{count.total}",
                        ),
                        id=f"phase-{phase.id}",
                        disabled=True,
                    )
                )
            count = month.tally
            marker = current_mark if month.is_current else " "
            style = "bold $success" if count.complete else ""
            row = Content.assemble(
                (marker, "bold $accent"),
                (pad(month_label(month.index), 9), "bold" if month.is_current else ""),
                month.span.first.isoformat(),
                " ",
                (f"{count.done:>2}/{count.total:<2}", style),
                (f" !{month.overdue}" if month.overdue else "", "bold $error"),
            )
            options.append(Option(row, id=f"month-{month.index}"))
        widget.clear_options()
        widget.add_options(options)
        if self.shown_month is not None:
            widget.highlighted = widget.get_option_index(f"month-{self.shown_month}")

    @staticmethod
    def _phase_name(phase: RoadmapPhase) -> str:
        """A one-month phase by its title ("Preparation"), a longer one by its months."""
        if phase.first_month == phase.last_month:
            return pad(phase.title, 24).rstrip()
        return phase_range(phase)

    def _month(self, index: int | None) -> RoadmapMonth | None:
        return next((m for m in self.months if m.index == index), None)

    def _draw_goals(self) -> None:
        widget = self.query_one("#goals", OptionList)
        month = self._month(self.shown_month)
        keep = self.selected_goal_id()
        if month is None:
            widget.clear_options()
            return
        marker = (">" if self._ascii else "▸") if month.is_current else ""
        count = month.tally
        widget.border_title = Content.assemble(
            (marker, "bold $accent"),
            (month_label(month.index), "bold"),
            f"  {span_text(self.plan_start, month.index)}" if self.plan_start else "",
            (f"  {count.done}/{count.total}", "bold $success" if count.complete else ""),
        )
        # The month's progress per track is on the track headers of the list below.
        head: list[Content | str] = []
        if month.phase is not None:
            head.append(
                Content.assemble(
                    (phase_range(month.phase) + ": ", "bold $secondary"), month.phase.title
                )
            )
        self.query_one("#month-head", Static).update(Content("\n").join(head))
        options: list[Option] = []
        for track in TRACKS:
            in_track = [g for g in month.goals if g.track == track]
            if not in_track:
                continue
            count = tally(in_track)
            options.append(
                Option(
                    Content.assemble(
                        (_(TRACK_TITLES[track]), "bold $secondary"), f"  {count.done}/{count.total}"
                    ),
                    id=f"track-{track}",
                    disabled=True,
                )
            )
            for goal in in_track:
                options.append(Option(self._goal_row(goal, month), id=goal.id))
        others = [g for g in month.goals if g.track not in TRACKS]
        for goal in others:
            options.append(Option(self._goal_row(goal, month), id=goal.id))
        if not options:
            options.append(
                Option(
                    Content.styled(_("No goals in this month: press a to add one."), "dim"),
                    id="no-goals",
                    disabled=True,
                )
            )
        widget.clear_options()
        widget.add_options(options)
        index = None
        if keep is not None:
            try:
                index = widget.get_option_index(keep)
            except Exception:
                index = None
        if index is None:
            index = next((n for n, o in enumerate(options) if not o.disabled), None)
        widget.highlighted = index

    def _goal_row(self, goal: RoadmapGoal, month: RoadmapMonth) -> Content:
        if goal.done:
            check = Content.styled("[x]" if self._ascii else "[✓]", "bold $success")
        elif month.is_past:
            check = Content.styled("[!]", "bold $error")
        else:
            check = Content("[ ]")
        row = check + " " + Content.styled(goal.text, "dim" if goal.done else "")
        logged = linked_seconds(self.goal_sessions, goal_link(goal.id))
        extras = []
        if logged:
            extras.append(format_duration(logged))
        if goal.notes:
            extras.append(_("notes"))
        if extras:
            row = row + Content.styled("  (" + ", ".join(extras) + ")", "dim")
        return row

    # ------------------------------------------------------------ selection

    def selected_goal_id(self) -> str | None:
        widget = self.query_one("#goals", OptionList)
        if widget.highlighted is None or not widget.option_count:
            return None
        option = widget.get_option_at_index(widget.highlighted)
        return None if option.disabled else option.id

    def selected_goal(self) -> RoadmapGoal | None:
        goal_id = self.selected_goal_id()
        return next((g for g in self.goals if g.id == goal_id), None)

    def _goal_in_focus(self) -> RoadmapGoal | None:
        """The goal under the cursor, when the goals list has the focus."""
        if self.focused is not self.query_one("#goals", OptionList):
            return None
        return self.selected_goal()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GOAL_ACTIONS:
            return True if self._goal_in_focus() is not None else None
        if action == "undo":
            return True if self.deleted else None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted, "#months")
    def _month_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("month-"):
            index = int(option_id.removeprefix("month-"))
            if index != self.shown_month:
                self.shown_month = index
                self._draw_goals()
                self.query_one("#goals", OptionList).scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#goals")
    def _goal_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#months")
    def _month_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pane("goals")

    @on(OptionList.OptionSelected, "#goals")
    def _goal_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_goal_detail()

    @on(OptionList.OptionSelected, "#must-dos")
    def _must_do_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        must = next((m for m in self.must_dos if m.id == event.option.id), None)
        if must is not None:
            self._open_checklist(must)

    # ------------------------------------------------------------ actions: navigation

    def action_pane(self, which: str) -> None:
        self.query_one(f"#{which}", OptionList).focus()

    def action_this_month(self) -> None:
        self.shown_month = self._default_month()
        self._draw_months()
        self._draw_goals()
        self.query_one("#months", OptionList).focus()

    # ------------------------------------------------------------ actions: goals

    def _save_goal(self, goal: RoadmapGoal, done: str | None = None) -> None:
        repo = self.cadence.repo
        self.cadence.persist(lambda: repo.save_goal(goal), done=done)

    def action_toggle_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is None or self.today is None:
            return
        done = not goal.done
        self._save_goal(
            dataclasses.replace(goal, done=done, done_on=self.today.isoformat() if done else None)
        )

    def action_add_goal(self) -> None:
        if self.plan_start is None:
            return
        month = self.shown_month if self.shown_month is not None else 0
        chosen = self.selected_goal()
        track = chosen.track if chosen is not None else "tech"

        def added(goal: object) -> None:
            if isinstance(goal, RoadmapGoal):
                self.shown_month = goal.month
                self._save_goal(
                    goal, done=_("Goal added to {month}", month=month_label(goal.month))
                )
                self.call_after_refresh(self._select_goal, goal.id)

        self.app.push_screen(
            GoalForm(
                None, month=month, plan_start=self.plan_start, phases=self.phases, track=track
            ),
            added,
        )

    def _select_goal(self, goal_id: str) -> None:
        widget = self.query_one("#goals", OptionList)
        try:
            widget.highlighted = widget.get_option_index(goal_id)
        except Exception:
            return

    def action_edit_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is None or self.plan_start is None:
            return

        def edited(new: object) -> None:
            if isinstance(new, RoadmapGoal) and new != goal:
                self._save_goal(new, done=_("Goal saved"))

        self.app.push_screen(
            GoalForm(goal, month=goal.month, plan_start=self.plan_start, phases=self.phases),
            edited,
        )

    def action_delete_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is None:
            return

        def answered(yes: object) -> None:
            if yes is not True:
                return
            self.deleted.append(goal)
            repo = self.cadence.repo
            self.cadence.persist(
                lambda: repo.delete_goal(goal.id), done=_("Deleted. Press u to undo.")
            )

        self.app.push_screen(ConfirmDialog(_("Delete this goal?"), goal.text), answered)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify(_("Nothing to undo."))
            return
        goal = self.deleted.pop()
        self.shown_month = goal.month
        self._save_goal(goal, done=_("Restored: {item}", item=goal.text))
        self.call_after_refresh(self._select_goal, goal.id)

    def action_move_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is None or self.plan_start is None or self.today is None:
            return

        def moved(month: object) -> None:
            if isinstance(month, int) and month != goal.month:
                self._save_goal(
                    dataclasses.replace(goal, month=month),
                    done=_("Moved to {month}", month=month_label(month)),
                )

        self.app.push_screen(
            MonthPicker(goal, plan_start=self.plan_start, phases=self.phases, today=self.today),
            moved,
        )

    def action_goal_detail(self) -> None:
        goal = self._goal_in_focus() or self.selected_goal()
        if goal is None or self.plan_start is None:
            return

        def closed(result: object) -> None:
            if not isinstance(result, DetailResult):
                return
            if result.notes is not None:
                self._save_goal(
                    dataclasses.replace(goal, notes=result.notes), done=_("Notes saved")
                )
            if result.focus:
                self.cadence.start_focus(goal.text, goal_link(goal.id))

        self.app.push_screen(
            GoalDetail(
                goal,
                plan_start=self.plan_start,
                phases=self.phases,
                cards=self.cadence.repo.cards(),
                sessions=self.goal_sessions,
            ),
            closed,
        )

    def action_focus_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is not None:
            self.cadence.start_focus(goal.text, goal_link(goal.id))

    # ------------------------------------------------------------ actions: plan start

    def action_plan_start(self) -> None:
        if self.plan_start is None or self.today is None:
            return
        self.app.push_screen(PlanStartDialog(self.plan_start, self.today), self._plan_start_chosen)

    def _plan_start_chosen(self, iso: object) -> None:
        app = self.cadence
        if not isinstance(iso, str) or iso == app.settings.plan_start:
            return
        if app.runtime.read_only:
            app.persist(lambda: None)  # says why nothing is saved
            return
        new = dataclasses.replace(app.settings, plan_start=iso)
        app.settings = new
        repo = app.repo
        app.persist(
            lambda: repo.save_settings(new),
            done=_("Plan start set to {date}: every month's dates moved.", date=iso),
        )
        self.shown_month = None
        self.refresh_data()

    # ------------------------------------------------------------ actions: must-dos, resources

    def _must_do(self, kind: str) -> MustDo | None:
        return next((m for m in self.must_dos if m.kind == kind), None)

    def _open_checklist(self, must: MustDo) -> None:
        from cadence.screens.roadmap.must_do import ChecklistScreen

        self.app.push_screen(ChecklistScreen(must, self.lecture_sessions))

    def _open_kind(self, kind: str) -> None:
        must = self._must_do(kind)
        if must is None:
            self.notify(_("This plan has no such must-do."), severity="warning")
            return
        self._open_checklist(must)

    def action_course(self) -> None:
        self._open_kind("course")

    def action_ship(self) -> None:
        self._open_kind("ship")

    def action_resources(self) -> None:
        from cadence.screens.roadmap.resources import ResourcesScreen

        self.app.push_screen(ResourcesScreen())

"""Roadmap: the year in phases and months with their dates, each month's goals by track and
the skills they touch, the two must-dos pinned on top, and where the plan stands.

The screen wires keys to actions; the panes draw themselves (``panes``), the dialogs return
results (``dialogs``), and every write is one transaction through ``editing``.
"""

from __future__ import annotations

import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList

from cadence.data.models import MustDo, RoadmapGoal, Settings
from cadence.domain.roadmap import goal_link
from cadence.domain.skills import goal_skills
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.confirm import ConfirmDelete
from cadence.screens.keys import screen_bindings
from cadence.screens.roadmap.dialogs import (
    DetailResult,
    GoalDetail,
    GoalForm,
    MonthPicker,
    PlanStartDialog,
)
from cadence.screens.roadmap.editing import GoalEdits
from cadence.screens.roadmap.panes import GoalList, MonthHead, MonthList, MustDoPane, RoadmapStatus
from cadence.screens.roadmap.view import RoadmapView, read_view
from cadence.widgets.footer import CadenceFooter

#: Actions that work on the goal under the cursor in the goals list.
GOAL_ACTIONS = {"toggle_goal", "edit_goal", "delete_goal", "move_goal", "goal_detail", "focus_goal"}


class RoadmapScreen(CadenceScreen):
    SCREEN_TITLE = "Roadmap"
    MODE = "roadmap"
    CSS_PATH = "roadmap.tcss"
    WATCHES = ("plan", "settings", "focus-")
    BINDINGS = screen_bindings("roadmap")

    def __init__(self) -> None:
        super().__init__()
        self.view: RoadmapView | None = None
        self.shown_month: int | None = None
        self.edits = GoalEdits(self.cadence)
        #: A goal to put the cursor on once it is drawn (added, or put back by undo).
        self._select_next: str | None = None

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        must_dos = MustDoPane(id="must-dos")
        must_dos.border_title = _("Must-dos")
        yield must_dos
        yield RoadmapStatus(id="roadmap-status")
        with Horizontal(id="roadmap-body"):
            months = MonthList(
                on_month=self._month_highlighted,
                on_enter=lambda: self.action_pane("goals"),
                id="months",
            )
            months.border_title = _("Months")
            yield months
            with Vertical(id="month-pane"):
                yield MonthHead(id="month-head")
                yield GoalList(id="goals")
        yield CadenceFooter()

    def on_mount(self) -> None:
        if not self.app_closing:
            self.query_one(MonthList).focus()

    def on_resize(self) -> None:
        # The must-do rows and the month's head are laid out to their panes' widths.
        self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        if self.view is not None:
            self._draw_must_dos()
            self._draw_month()

    # ------------------------------------------------------------ reading and drawing

    @property
    def current_month(self) -> int | None:
        return self.view.current_month if self.view else None

    def refresh_data(self) -> None:
        app = self.cadence
        self.view = read_view(app.repo, app.clock, app.settings)
        if self.shown_month is None:
            self.shown_month = self.view.default_month
        self._draw_must_dos()
        self.query_one(RoadmapStatus).show(self.view)
        self.query_one(MonthList).show(self.view, self.shown_month)
        self._draw_month()
        self.refresh_bindings()

    def _draw_must_dos(self) -> None:
        if self.view is not None:
            self.query_one(MustDoPane).show(self.view)

    def _draw_month(self) -> None:
        assert self.view is not None
        month = self.view.month(self.shown_month)
        self.query_one(MonthHead).show(self.view, month)
        goals = self.query_one(GoalList)
        goals.show(self.view, month)
        if self._select_next is not None and self.view.goal(self._select_next) is not None:
            goals.select(self._select_next)
            self._select_next = None

    # ------------------------------------------------------------ selection

    def selected_goal_id(self) -> str | None:
        return self.query_one(GoalList).selected_goal_id

    def selected_goal(self) -> RoadmapGoal | None:
        return self.view.goal(self.selected_goal_id()) if self.view else None

    def _goal_in_focus(self) -> RoadmapGoal | None:
        """The goal under the cursor, when the goals list has the focus."""
        if self.focused is not self.query_one(GoalList):
            return None
        return self.selected_goal()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in GOAL_ACTIONS:
            return True if self._goal_in_focus() is not None else None
        if action == "undo":
            return True if self.edits.deleted else None
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def _month_highlighted(self, index: int) -> None:
        if index != self.shown_month and self.view is not None:
            self.shown_month = index
            self._draw_month()
            self.query_one(GoalList).scroll_home(animate=False)

    @on(OptionList.OptionHighlighted, "#goals")
    def _goal_highlighted(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#goals")
    def _goal_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # The goal enter was pressed on, even if later keys of a burst moved the cursor.
        goal = self.view.goal(event.option.id) if self.view else None
        if goal is not None:
            self._open_detail(goal)

    @on(OptionList.OptionSelected, "#must-dos")
    def _must_do_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.view is not None:
            must = next((m for m in self.view.plan.must_dos if m.id == event.option.id), None)
            if must is not None:
                self._open_checklist(must)

    # ------------------------------------------------------------ actions: navigation

    def action_pane(self, which: str) -> None:
        # At once, not after the queued keys (``Widget.focus`` waits): in a burst such as
        # "right space down space" the space after "right" is meant for the goals.
        self.set_focus(self.query_one(f"#{which}", OptionList))

    def action_this_month(self) -> None:
        self.shown_month = None
        self.refresh_data()
        self.set_focus(self.query_one(MonthList))

    # ------------------------------------------------------------ actions: goals

    def action_toggle_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is not None and self.view is not None:
            self.edits.toggle(goal.id, self.view.today.isoformat())

    def action_add_goal(self) -> None:
        if self.view is None:
            return
        chosen = self.selected_goal()

        def added(goal: RoadmapGoal | None) -> None:
            if goal is not None:
                self.shown_month = goal.month
                self._select_next = goal.id
                self.edits.add(goal)

        form = GoalForm(
            None,
            month=self.shown_month or 0,
            plan_start=self.view.plan_start,
            track=chosen.track if chosen is not None else "tech",
        )
        self.app.push_screen(form, added)

    def action_edit_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is None or self.view is None:
            return

        form = GoalForm(goal, month=goal.month, plan_start=self.view.plan_start)
        self.edits.edit(form, goal)

    def action_delete_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is None:
            return

        def answered(yes: object) -> None:
            if yes is True:
                self.edits.delete(goal)
                self.refresh_bindings()

        self.app.push_screen(ConfirmDelete(_("Delete this goal?"), goal.text), answered)

    def action_undo(self) -> None:
        goal = self.edits.undo()
        if goal is None:
            self.notify(_("Nothing to undo."))
            return
        self.shown_month = goal.month
        self._select_next = goal.id
        self.refresh_bindings()

    def action_move_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is None or self.view is None:
            return

        def moved(month: int | None) -> None:
            if month is not None and month != goal.month:
                self.edits.move(goal.id, month)

        picker = MonthPicker(
            goal,
            plan_start=self.view.plan_start,
            phases=self.view.plan.phases,
            today=self.view.today,
        )
        self.app.push_screen(picker, moved)

    def action_goal_detail(self) -> None:
        goal = self._goal_in_focus() or self.selected_goal()
        if goal is not None:
            self._open_detail(goal)

    def _open_detail(self, goal: RoadmapGoal) -> None:
        view = self.view
        if view is None:
            return

        def closed(result: DetailResult | None) -> None:
            if result is None:
                return
            if result.notes is not None:
                edited = dataclasses.replace(goal, notes=result.notes)
                self.edits.save(goal, edited, done=_("Notes saved"))
            if result.focus:
                self.cadence.start_focus(goal.text, goal_link(goal.id))

        detail = GoalDetail(
            goal,
            plan_start=view.plan_start,
            phases=view.plan.phases,
            skills=goal_skills(view.plan, goal.id),
            cards=self.cadence.repo.cards(),
            sessions=view.goal_sessions,
        )
        self.app.push_screen(detail, closed)

    def action_focus_goal(self) -> None:
        goal = self._goal_in_focus()
        if goal is not None:
            self.cadence.start_focus(goal.text, goal_link(goal.id))

    # ------------------------------------------------------------ actions: plan start

    def action_plan_start(self) -> None:
        if self.view is not None:
            dialog = PlanStartDialog(self.view.plan_start, self.view.today)
            self.app.push_screen(dialog, self._plan_start_chosen)

    def _plan_start_chosen(self, iso: str | None) -> None:
        app = self.cadence
        if iso is None or iso == app.settings.plan_start:
            return
        if app.runtime.read_only:
            app.persist(lambda: None)  # says why nothing is saved
            return

        def change(settings: Settings) -> None:
            settings.plan_start = iso

        app.settings = dataclasses.replace(app.settings, plan_start=iso)
        repo = app.repo
        app.persist(
            lambda: repo.update_settings(change),
            done=_("Plan start set to {date}: every month's dates moved.", date=iso),
        )
        self.shown_month = None
        self.refresh_data()

    # ------------------------------------------------------------ actions: must-dos, skills, resources

    def _open_checklist(self, must: MustDo) -> None:
        from cadence.screens.roadmap.must_do import ChecklistScreen

        assert self.view is not None
        self.app.push_screen(ChecklistScreen(must, self.view.lecture_sessions))

    def _open_kind(self, kind: str) -> None:
        must = self.view.must_do(kind) if self.view else None
        if must is None:
            self.notify(_("This plan has no such must-do."), severity="warning")
            return
        self._open_checklist(must)

    def action_course(self) -> None:
        self._open_kind("course")

    def action_ship(self) -> None:
        self._open_kind("ship")

    def action_skills(self) -> None:
        from cadence.screens.roadmap.skills import SkillsScreen

        self.app.push_screen(SkillsScreen())

    def action_resources(self) -> None:
        from cadence.screens.roadmap.resources import ResourcesScreen

        self.app.push_screen(ResourcesScreen())

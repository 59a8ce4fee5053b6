"""The Roadmap's four panes, each a widget that draws itself from a ``RoadmapView``:
the must-dos on top, the status lines, the months by phase, and the shown month's goals.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from cadence.data.models import TRACKS, MustDo, RoadmapGoal, RoadmapPhase, Skill
from cadence.domain.plan_time import LAST_MONTH, month_of
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
    tally,
)
from cadence.domain.schedule import format_duration
from cadence.i18n import _
from cadence.screens.roadmap.drawing import (
    bar,
    check,
    current_mark,
    hours_text,
    month_label,
    phase_range,
    skill_level,
    span_text,
    track_title,
)
from cadence.screens.roadmap.view import RoadmapView
from cadence.widgets.cells import pad

PACE_TEXT = {
    "not_started": ("The plan has not started yet", "dim"),
    "ahead": ("Ahead by ~{n} goals", "bold $success"),
    "on_track": ("On track", "bold $success"),
    "behind": ("Behind by ~{n} goals", "bold $error"),
}


def _inner_width(widget: OptionList | Static, fallback: int) -> int:
    width = widget.scrollable_content_region.width
    return width - 2 if width > 10 else fallback


def _keep_highlight(widget: OptionList, option_id: str | None) -> None:
    """Highlight ``option_id`` if listed, else the first option that can be chosen."""
    index: int | None = None
    if option_id is not None:
        try:
            index = widget.get_option_index(option_id)
        except OptionDoesNotExist:
            index = None
    if index is None:
        index = next(
            (n for n in range(widget.option_count) if not widget.get_option_at_index(n).disabled),
            None,
        )
    widget.highlighted = index


class MustDoPane(OptionList):
    """The two must-dos, one line each: progress bar, count, what is next, the key to open."""

    def show(self, view: RoadmapView) -> None:
        keep = self.highlighted
        width = max(50, _inner_width(self, 74))
        lines: list[tuple[MustDo, str, str]] = []
        for must in view.plan.must_dos:
            if must.kind == "course":
                stats = course_stats(must, view.lecture_sessions)
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
                bar(count.fraction, 8, ascii_icons=view.ascii_icons),
                (
                    pad(f" {count.done}/{count.total}", counts_cells),
                    "bold $success" if count.complete else "",
                ),
                "  ",
                (pad(extra, extra_cells), "dim"),
                (f" ({key})", "dim"),
            )
            rows.append(Option(row, id=must.id))
        self.clear_options()
        self.add_options(rows)
        if rows:
            self.highlighted = keep if keep is not None and keep < len(rows) else 0


class RoadmapStatus(Static):
    """Where the plan stands: the month and day, goals done against time gone, pace, tracks."""

    def show(self, view: RoadmapView) -> None:
        current = month_of(view.plan_start, view.today)
        if current is None:
            where = _("Starts on {date}", date=view.plan_start.isoformat())
        elif current > LAST_MONTH:
            where = _("The 12 months are over")
        else:
            day = (view.today - view.plan_start).in_days() + 1
            where = _("Month {n} of 12, day {day}", n=current, day=day)
        goals = view.goals
        overall = tally(goals)
        p = pace(goals, view.plan_start, view.today)
        text, style = PACE_TEXT[p.status]

        # Goals done next to time gone: the two bars say ahead / behind at a glance. They
        # are shortened (to 4 cells) before the line would wrap, as it did in Chinese at 80.
        def line(cells: int) -> Content:
            return Content.assemble(
                (where, "bold"),
                "   ",
                _("Goals"),
                " ",
                bar(overall.fraction, cells, ascii_icons=view.ascii_icons),
                f" {overall.done}/{overall.total} {overall.percent}%   ",
                _("Time"),
                " ",
                bar(p.elapsed, cells, ascii_icons=view.ascii_icons),
                f" {round(100 * p.elapsed)}%",
            )

        line1 = line(10)
        room = self.content_region.width or self.size.width
        if room and line1.cell_length > room:
            line1 = line(max(4, 10 - -(-(line1.cell_length - room) // 2)))
        parts: list[Content | str] = [Content.styled(_(text, n=round(abs(p.gap))), style), "  "]
        late = overdue_goals(goals, view.plan_start, view.today)
        if late:
            parts += [Content.styled(_("! {n} overdue", n=len(late)), "bold $error"), "  "]
        for track, count in progress_by_track(goals).items():
            parts.append(
                Content.assemble((track_title(track), "bold"), f" {count.done}/{count.total}  ")
            )
        self.update(line1 + "\n" + Content.assemble(*parts))


def phase_name(phase: RoadmapPhase) -> str:
    """A one-month phase by its title ("Preparation"), a longer one by its months."""
    if phase.first_month == phase.last_month:
        return pad(phase.title, 24).rstrip()
    return phase_range(phase)


class MonthList(OptionList):
    """Months 0–12 under their phases: first date, goals done, overdue goals.

    Tells ``on_month(index)`` the moment the cursor lands on a month, and ``on_enter()``
    when enter is pressed on one: called at once rather than through messages, so that
    in a burst of keys ("up right space") the keys after a move meet the month moved to.
    """

    def __init__(
        self, *, on_month: Callable[[int], None], on_enter: Callable[[], None], id: str
    ) -> None:
        super().__init__(id=id)
        self._landed_on = on_month
        self._chosen = on_enter

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is None:
            return
        option_id = self.get_option_at_index(highlighted).id or ""
        if option_id.startswith("month-"):
            self._landed_on(int(option_id.removeprefix("month-")))

    def action_select(self) -> None:
        if self.highlighted is not None:
            self._chosen()

    def show(self, view: RoadmapView, shown: int | None) -> None:
        by_phase = progress_by_phase(view.goals, view.plan.phases)
        options: list[Option] = []
        placed: set[str] = set()
        for month in view.months:
            phase = month.phase
            if phase is not None and phase.id not in placed:
                placed.add(phase.id)
                count = by_phase[phase.id]
                options.append(
                    Option(
                        Content.assemble(
                            (phase_name(phase), "bold"), f"  {count.done}/{count.total}"
                        ),
                        id=f"phase-{phase.id}",
                        disabled=True,
                    )
                )
            count = month.tally
            marker = current_mark(view.ascii_icons) if month.is_current else " "
            row = Content.assemble(
                (marker, "bold $accent"),
                (pad(month_label(month.index), 9), "bold" if month.is_current else ""),
                month.span.first.isoformat(),
                " ",
                (f"{count.done:>2}/{count.total:<2}", "bold $success" if count.complete else ""),
                (f" !{month.overdue}" if month.overdue else "", "bold $error"),
            )
            options.append(Option(row, id=f"month-{month.index}"))
        self.clear_options()
        self.add_options(options)
        if shown is not None:
            self.highlighted = self.get_option_index(f"month-{shown}")


class MonthHead(Static):
    """The shown month's phase, and the skills its goals touch with how far each has come
    (``▰▱▱ LLM principles``): one line for the phase, at most two for the skills."""

    SKILL_LINES = 2

    def show(self, view: RoadmapView, month: RoadmapMonth | None) -> None:
        width = self.size.width - 2 if self.size.width > 10 else 44
        lines: list[Content] = []
        if month is not None and month.phase is not None:
            head = _("{label}:", label=phase_range(month.phase))
            head += "" if head.endswith("：") else " "  # a full-width colon has its space
            title = pad(month.phase.title, max(8, width - cell_len(head))).rstrip()
            lines.append(Content.assemble((head, "bold $secondary"), title))
        skills = view.skills_of(month.index) if month is not None else []
        if skills:
            lines += self._skill_lines(view, skills, width)
        self.update(Content("\n").join(lines))

    def _skill_lines(self, view: RoadmapView, skills: list[Skill], width: int) -> list[Content]:
        """Skills laid out by hand, so a line never breaks between a skill's bar and title;
        a title too long for a line of its own is cut (``~``)."""
        label = _("Skills:")
        lines = [Content.styled(label, "bold $secondary")]
        used, alone = cell_len(label), True  # cells used; no skill on this line yet
        for n, skill in enumerate(skills):
            last_line = len(lines) == self.SKILL_LINES
            # On the last line, room is kept for " +N" when more skills follow.
            room = width - (4 if last_line and n < len(skills) - 1 else 0)
            if not alone and used + 5 + cell_len(skill.title) > room:
                if last_line:
                    lines[-1] += Content.styled(f" +{len(skills) - n}", "dim")
                    break
                lines.append(Content(""))
                used, alone = -1, True  # no leading space on a new line
                room = width - (4 if n < len(skills) - 1 else 0)
            free = max(8, room - used - 5)
            title = skill.title if cell_len(skill.title) <= free else pad(skill.title, free)
            level = skill_level(skill.status, ascii_icons=view.ascii_icons)
            lines[-1] += Content.assemble(" " if used >= 0 else "", level, " ", title.rstrip())
            used += 5 + cell_len(title)
            alone = False
        return lines


class GoalList(OptionList):
    """The shown month's goals by track: done, overdue, focus time and notes."""

    @property
    def selected_goal_id(self) -> str | None:
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return None if option.disabled else option.id

    def select(self, goal_id: str) -> None:
        """Put the cursor on ``goal_id`` when it is listed."""
        try:
            self.highlighted = self.get_option_index(goal_id)
        except OptionDoesNotExist:
            return

    def show(self, view: RoadmapView, month: RoadmapMonth | None) -> None:
        keep = self.selected_goal_id
        if month is None:
            self.clear_options()
            return
        marker = current_mark(view.ascii_icons) if month.is_current else ""
        count = month.tally
        self.border_title = Content.assemble(
            (marker, "bold $accent"),
            (month_label(month.index), "bold"),
            f"  {span_text(view.plan_start, month.index)}",
            (f"  {count.done}/{count.total}", "bold $success" if count.complete else ""),
        )
        options: list[Option] = []
        for track in TRACKS:
            in_track = [g for g in month.goals if g.track == track]
            if not in_track:
                continue
            count = tally(in_track)
            header = Content.assemble(
                (track_title(track), "bold $secondary"), f"  {count.done}/{count.total}"
            )
            options.append(Option(header, id=f"track-{track}", disabled=True))
            options += [Option(self._row(view, g, month), id=g.id) for g in in_track]
        options += [
            Option(self._row(view, g, month), id=g.id) for g in month.goals if g.track not in TRACKS
        ]
        if not options:
            empty = Content.styled(_("No goals in this month: press a to add one."), "dim")
            options.append(Option(empty, id="no-goals", disabled=True))
        self.clear_options()
        self.add_options(options)
        _keep_highlight(self, keep)

    @staticmethod
    def _row(view: RoadmapView, goal: RoadmapGoal, month: RoadmapMonth) -> Content:
        box = check(goal.done, ascii_icons=view.ascii_icons, late=month.is_past)
        row = box + " " + Content.styled(goal.text, "dim" if goal.done else "")
        extras = []
        logged = linked_seconds(view.goal_sessions, goal_link(goal.id))
        if logged:
            extras.append(format_duration(logged))
        if goal.notes:
            extras.append(_("notes"))
        if extras:
            row = row + Content.styled("  (" + ", ".join(extras) + ")", "dim")
        return row

"""The skills map (section 五 of the plan), reached from the Roadmap with ``s``: each technical
and product skill with its status (not started → learning → can explain → applied, one key
a step), the focus time counted for it (from focus labels, links and its goals) and the plan
months whose goals touch it, grouped by track.
"""

from __future__ import annotations

import dataclasses

from pendulum import Date
from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from cadence.data.models import SKILL_STATES, Skill
from cadence.domain.plan_time import month_of
from cadence.domain.schedule import format_duration, logical_date
from cadence.domain.skills import SkillRow, SkillsSummary, advance, skill_link, skills_summary
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.keys import screen_bindings
from cadence.screens.roadmap.drawing import (
    bar,
    skill_level,
    skill_status_title,
    track_title,
)
from cadence.screens.roadmap.editing import edit_in
from cadence.screens.roadmap.view import plan_start_of
from cadence.widgets.cells import pad
from cadence.widgets.footer import CadenceFooter
from cadence.widgets.form import FormDialog

#: Cells of the status column: the longest status title in either language.
STATUS_CELLS = 11
TIME_CELLS = 6


def months_text(months: list[int]) -> str:
    """``[1, 3]`` → ``"M1 M3"``: the plan months whose goals touch a skill."""
    return " ".join(f"M{m}" for m in months)


class SkillsScreen(CadenceScreen):
    SCREEN_TITLE = "Skills"
    MODE = "roadmap"
    CSS_PATH = "skills.tcss"
    WATCHES = ("plan", "focus-")
    BINDINGS = screen_bindings("skills")

    def __init__(self) -> None:
        super().__init__()
        self.summary: SkillsSummary | None = None
        self.current_month: int | None = None

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        yield Static(id="skills-head")
        yield OptionList(id="skills-list")
        yield Static(id="skills-detail")
        yield CadenceFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_data)

    # ------------------------------------------------------------ data

    @property
    def today(self) -> Date:
        app = self.cadence
        return logical_date(app.clock.now(), app.settings.rollover_hour)

    def refresh_data(self) -> None:
        app = self.cadence
        today = self.today
        plan = app.repo.plan()
        start = plan_start_of(app.settings, today)
        # Time from a year before the plan counts too: studying that led up to it.
        first = min(start, today).subtract(years=1).isoformat()
        sessions = app.repo.sessions(first, today.isoformat())
        self.summary = skills_summary(plan, sessions)
        self.current_month = month_of(start, today)
        self._draw_head()
        self._draw_list()
        self._draw_detail()

    def _draw_head(self) -> None:
        assert self.summary is not None
        counts = self.summary.counts
        head = _(
            "{n} skills: {applied} applied, {explain} can explain, {learning} learning,"
            " {todo} not started",
            n=self.summary.total,
            applied=counts["applied"],
            explain=counts["can_explain"],
            learning=counts["learning"],
            todo=counts["not_started"],
        )
        self.query_one("#skills-head", Static).update(Content(head))

    def _draw_list(self) -> None:
        assert self.summary is not None
        widget = self.query_one(OptionList)
        keep = self.selected_id
        width = widget.scrollable_content_region.width or self.size.width or 80
        rows = [r for track in self.summary.rows.values() for r in track]
        months_cells = max((cell_len(months_text(r.months)) for r in rows), default=0)
        months_cells = min(months_cells, 12)
        # level, title, status, time, months: 4 + title + 2 + 11 + 2 + 6 + 2 + months
        title_cells = max(
            12, width - 1 - (4 + 2 + STATUS_CELLS + 2 + TIME_CELLS + 2) - months_cells
        )
        longest = max((cell_len(r.skill.title) for r in rows), default=12)
        title_cells = min(title_cells, longest)
        ascii_icons = self.cadence.settings.ascii_icons
        options: list[Option] = []
        for track, track_rows in self.summary.rows.items():
            if not track_rows:
                continue
            seconds = self.summary.track_seconds.get(track, 0)
            top = len(SKILL_STATES) - 1
            progress = sum(r.level for r in track_rows) / (len(track_rows) * top)
            header = Content.assemble(
                (track_title(track), "bold $secondary"),
                "  ",
                bar(progress, 8, ascii_icons=ascii_icons),
                (f"  {format_duration(seconds)}" if seconds else "", "dim"),
            )
            options.append(Option(header, id=f"track-{track}", disabled=True))
            options += [self._row(r, title_cells, months_cells, ascii_icons) for r in track_rows]
        if not options:
            empty = _("This plan has no skills map.")
            options.append(Option(Content.styled(empty, "dim"), id="no-skills", disabled=True))
        widget.clear_options()
        widget.add_options(options)
        index = None
        if keep is not None:
            index = next((n for n, o in enumerate(options) if o.id == keep), None)
        if index is None:
            index = next((n for n, o in enumerate(options) if not o.disabled), None)
        widget.highlighted = index

    def _row(self, row: SkillRow, title_cells: int, months_cells: int, ascii_icons: bool) -> Option:
        skill = row.skill
        style = {"applied": "bold $success", "can_explain": "$success", "learning": "bold"}
        months = Content(" ").join(
            Content.styled(f"M{m}", "bold $accent" if m == self.current_month else "dim")
            for m in row.months
        )
        text = Content.assemble(
            " ",
            skill_level(skill.status, ascii_icons=ascii_icons),
            " ",
            pad(skill.title, title_cells),
            "  ",
            (pad(skill_status_title(skill.status), STATUS_CELLS), style.get(skill.status, "dim")),
            "  ",
            (f"{format_duration(row.seconds) if row.seconds else '-':>{TIME_CELLS}}", ""),
            "  ",
            months,
        )
        return Option(text, id=skill.id)

    def _draw_detail(self) -> None:
        """Two lines on the selected skill: what it covers, and its notes or the focus
        labels that count for it (each cut to the width, so the list keeps its rows)."""
        panel = self.query_one("#skills-detail", Static)
        row = self.selected_row()
        if row is None:
            panel.update("")
            return
        skill = row.skill
        width = max(20, (panel.size.width or self.size.width or 80) - 2)
        lines = [_("Covers: {topics}", topics=", ".join(skill.topics))]
        if skill.notes:
            lines.append(_("Notes: {notes}", notes=" ".join(skill.notes.split())))
        elif skill.labels:
            lines.append(_("Focus labelled {words} counts here.", words=", ".join(skill.labels)))
        cut = [pad(line, width).rstrip() for line in lines]
        panel.update(
            Content("\n").join([Content(cut[0]), *[Content.styled(x, "dim") for x in cut[1:]]])
        )

    # ------------------------------------------------------------ selection

    @property
    def selected_id(self) -> str | None:
        widget = self.query_one(OptionList)
        if widget.highlighted is None or not widget.option_count:
            return None
        option = widget.get_option_at_index(widget.highlighted)
        return None if option.disabled else option.id

    def selected_row(self) -> SkillRow | None:
        if self.summary is None:
            return None
        chosen = self.selected_id
        rows = (r for track in self.summary.rows.values() for r in track)
        return next((r for r in rows if r.skill.id == chosen), None)

    def selected(self) -> Skill | None:
        row = self.selected_row()
        return row.skill if row else None

    @on(OptionList.OptionHighlighted)
    def _highlighted(self) -> None:
        self._draw_detail()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # The skill enter was pressed on, even if later keys of a burst moved the cursor.
        rows = [r for track in self.summary.rows.values() for r in track] if self.summary else []
        row = next((r for r in rows if r.skill.id == event.option.id), None)
        if row is not None:
            self._edit_notes(row.skill)

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_step(self, step: int) -> None:
        skill = self.selected()
        if skill is None:
            return
        repo, today = self.cadence.repo, self.today.isoformat()
        # Stepped on the skill as stored: n quick presses step it n times.
        self.cadence.persist(lambda: repo.update_skill(skill.id, advance(today, step)))

    def action_notes(self) -> None:
        skill = self.selected()
        if skill is not None:
            self._edit_notes(skill)

    def _edit_notes(self, skill: Skill) -> None:
        repo = self.cadence.repo
        edit_in(
            self.cadence,
            SkillNotesForm(skill),
            skill,
            lambda change: repo.update_skill(skill.id, change),
            done=_("Notes saved"),
        )

    def action_focus_skill(self) -> None:
        skill = self.selected()
        if skill is not None:
            self.app.pop_screen()
            self.cadence.start_focus(skill.title, skill_link(skill.id))


class SkillNotesForm(FormDialog[Skill]):
    """Notes on a skill: what you can explain, where you applied it."""

    CSS_PATH = "dialogs.tcss"
    ENTER_SAVES = False

    def __init__(self, skill: Skill) -> None:
        super().__init__(skill.title)
        self.skill = skill

    def fields(self) -> ComposeResult:
        skill = self.skill
        yield Static(
            Content.assemble(
                (skill_status_title(skill.status), "bold"), "  ", ", ".join(skill.topics)
            ),
            classes="form-detail",
        )
        yield Label(_("Notes"))
        yield TextArea(skill.notes, id="skill-notes")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def result(self) -> Skill:
        return dataclasses.replace(self.skill, notes=self.query_one(TextArea).text.strip())

"""Focus: the Pomodoro timer, what it is for, and the day's and week's study time.

The timer itself is the app-wide :mod:`cadence.services.focus` (it runs whichever
screen shows); this screen draws it and sends it the keys. It redraws when the
service says so: once a second while a phase runs, never while idle.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.widgets import DataTable, Digits, ProgressBar, Static

from cadence.data.models import FocusSession
from cadence.domain.focus_summary import PHASE_NAMES, hm, hours
from cadence.domain.plan_time import month_of, parse_date
from cadence.domain.schedule import blocks_for, format_duration, logical_date
from cadence.domain.timer import cycle_marks
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.focus.dialogs import session_mark
from cadence.screens.keys import screen_bindings
from cadence.services.focus import FocusService, minutes_text
from cadence.widgets.footer import CadenceFooter

STATUS_NAMES = {"idle": "Ready", "running": "Running", "paused": "Paused"}
#: What the session form may change in a logged session.
SESSION_FORM_FIELDS = ("start", "end", "focused_s", "label")


class FocusScreen(CadenceScreen):
    SCREEN_TITLE = "Focus"
    MODE = "focus"
    CSS_PATH = "focus.tcss"
    REFRESH_EACH_VISIT = True  # the timer is the focus service's, not a file
    BINDINGS = screen_bindings("focus")

    def __init__(self) -> None:
        super().__init__()
        self._shown: dict[str, str] = {}
        self._day_rows = ""

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with Vertical(id="focus-box"):
            yield Static(id="focus-phase")
            with Center():
                yield Digits("25:00", id="focus-digits")
            yield Static(id="focus-label")
            yield Static(id="focus-totals")
            with Center():
                yield ProgressBar(total=8, show_eta=False, show_percentage=False, id="focus-bar")
            table: DataTable[str] = DataTable(
                id="focus-today", cursor_type="none", zebra_stripes=True
            )
            table.can_focus = False
            yield table
            yield Static(_("No focus sessions today."), id="focus-none")
        yield CadenceFooter()

    # ------------------------------------------------------------ life cycle

    @property
    def service(self) -> FocusService:
        return self.cadence.services.focus

    def on_mount(self) -> None:
        self.service.add_listener(self.redraw)

    def on_unmount(self) -> None:
        self.service.remove_listener(self.redraw)

    def refresh_data(self) -> None:
        self._day_rows = ""
        self.redraw()

    # ------------------------------------------------------------ drawing

    def _set(self, selector: str, content: str | Text) -> None:
        key = content.markup if isinstance(content, Text) else content
        if self._shown.get(selector) == key:
            return  # most seconds only the digits change
        self._shown[selector] = key
        self.query_one(selector, Static).update(content)

    def redraw(self) -> None:
        """Draw the timer as it is now (the service calls this once a second while running)."""
        if not self.is_attached:
            return
        app = self.cadence
        service = self.service
        view = service.view()
        ascii_icons = app.settings.ascii_icons
        digits = self.query_one("#focus-digits", Digits)
        if digits.value != view.clock_text:
            digits.update(view.clock_text)
        for name in ("focus", "short_break", "long_break"):
            digits.set_class(view.phase == name, f"-{name.replace('_', '-')}")
        digits.set_class(view.status == "paused", "-paused")
        marks = cycle_marks(view.cycle, view.cycle_len, ascii_icons=ascii_icons)
        phase = Text.assemble(
            (_(PHASE_NAMES[view.phase]), "bold"),
            "   ",
            (marks, "bold"),
            "   ",
            (_(STATUS_NAMES[view.status]), "italic" if view.status != "running" else ""),
        )
        self._set("#focus-phase", phase)
        if view.label:
            label = Text.assemble((_("Focusing on:") + " ", "dim"), view.label)
        else:
            label = Text(_("Not labelled yet: press l to say what it is for."), style="dim")
        self._set("#focus-label", label)
        figures = service.totals()
        target = app.settings.weekly_target_h
        totals = _(
            "Today {duration}   Week {hours}h / {target}h",
            duration=hm(figures.today_s),
            hours=hours(figures.week_s),
            target=f"{target:g}",
        )
        self._set("#focus-totals", totals)
        bar = self.query_one("#focus-bar", ProgressBar)
        week_h = figures.week_s / 3600
        if bar.total != target or round(bar.progress, 2) != round(min(week_h, target), 2):
            bar.update(total=max(target, 0.1), progress=min(week_h, target))
        self._draw_today(figures.day)

    def _draw_today(self, day: str) -> None:
        sessions = [s for s in self.service.logged(day) if s.start[:10] == day]
        key = "|".join(f"{s.id}{s.focused_s}{s.label}{s.end}" for s in sessions) + day
        if key == self._day_rows:
            return
        self._day_rows = key
        table = self.query_one("#focus-today", DataTable)
        table.clear(columns=True)
        # Fixed widths: the first layout measured these columns by their headers only.
        table.add_column(_("Start"), key="start", width=5)
        table.add_column(_("End"), key="end", width=5)
        table.add_column(_("Focus"), key="focus", width=6)
        table.add_column(" ", key="mark", width=1)
        title = _("Sessions today")
        widest = max([cell_len(title), *(cell_len(x.label) for x in sessions)])
        table.add_column(title, key="label", width=widest)
        self.query_one("#focus-none", Static).display = not sessions
        table.display = bool(sessions)
        for s in sessions:
            table.add_row(
                Text(s.start[11:16]),
                Text(s.end[11:16]),
                Text(format_duration(s.focused_s)),
                Text(session_mark(s, self.cadence.settings.ascii_icons)),
                Text(s.label),
            )

    # ------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("skip", "stop"):
            state = self.service.state
            if action == "stop" and state.status == "idle":
                return None
            if action == "skip" and state.status == "idle" and state.phase == "focus":
                return None
        return True

    def action_start_pause(self) -> None:
        self.service.toggle()

    def action_skip(self) -> None:
        self.service.skip()

    def action_extend(self) -> None:
        self.service.extend()
        self.notify(_("5 more minutes."), timeout=2)

    def action_stop(self) -> None:
        service = self.service
        state = service.state
        if state.status == "idle":
            return
        pending = service.view().focused_s
        if state.phase != "focus" or pending < 60:
            service.stop(log=False)
            return
        from cadence.screens.focus.dialogs import StopScreen

        def answer(choice: object) -> None:
            if choice in ("log", "discard"):
                service.stop(log=choice == "log")

        self.app.push_screen(StopScreen(minutes_text(pending)), answer)

    def action_label(self) -> None:
        from cadence.domain.focus_labels import label_choices
        from cadence.screens.focus.label_picker import LabelPicker

        app = self.cadence
        plan = app.repo.plan()
        day = logical_date(app.clock.now(), app.settings.rollover_hour)
        blocks = blocks_for(plan.templates, app.repo.day(day.isoformat()), day, app.clock.tz)
        month = None
        if app.settings.plan_start:
            try:
                month = month_of(parse_date(app.settings.plan_start), day)
            except ValueError:
                month = None
        choices = label_choices(plan, app.repo.cards(), blocks, month)

        def chosen(choice: object) -> None:
            if isinstance(choice, tuple):
                label, link = choice
                self.service.set_label(label, link)

        self.app.push_screen(LabelPicker(choices, self.service.state.label), chosen)

    def action_history(self) -> None:
        from cadence.screens.focus.history import HistoryScreen

        history: HistoryScreen | None = None

        def change(old: FocusSession | None, new: FocusSession | None, done: str) -> None:
            self.save_session(old, new, done, then=history.reload if history else None)

        history = HistoryScreen(change)
        self.app.push_screen(history)

    def save_session(
        self,
        old: FocusSession | None,
        new: FocusSession | None,
        done: str,
        *,
        then: Callable[[], None] | None = None,
    ) -> None:
        """Add (``old`` None), change or delete (``new`` None) a logged session, in order
        on the app's writer; ``then`` runs on the UI thread once it has landed."""
        app = self.cadence
        repo = app.repo
        if old is None and new is not None:
            app.persist(lambda: repo.add_session(new), done=done)
        elif new is None and old is not None:
            app.persist(lambda: repo.delete_session(old), done=done)
        elif old is not None and new is not None:
            # The form's fields only, applied to the session as it is on disk.
            fields = {name: getattr(new, name) for name in SESSION_FORM_FIELDS}
            app.persist(
                lambda: repo.update_session(
                    old.id, old.start, lambda s: dataclasses.replace(s, **fields)
                ),
                done=done,
            )
        if then is not None:
            host = app.host
            app.persist(lambda: host.on_main(then))

    def action_options(self) -> None:
        from cadence.screens.focus.timer_settings import TimerSettingsScreen

        def chosen(values: object) -> None:
            if isinstance(values, dict):
                repo = self.cadence.repo
                self.cadence.persist(
                    lambda: repo.update_settings(lambda s: dataclasses.replace(s, **values)),
                    done=_("Settings saved"),
                )

        self.app.push_screen(TimerSettingsScreen(), chosen)

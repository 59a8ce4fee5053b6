"""The focus log of one week, by day: edit, delete (confirm, undo), add by hand.

A browser, not a form: it never writes. Each change it asks for — ``(old, new)``,
where ``old`` None adds and ``new`` None deletes — goes to the ``change`` callback
its opener gives (the Focus screen saves it through ``app.persist``), and the
opener calls :meth:`HistoryScreen.reload` once it has landed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowDoesNotExist

from cadence.data.models import FocusSession
from cadence.domain import focus_summary
from cadence.domain.schedule import format_duration, logical_date
from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.screens.confirm import ConfirmDelete, confirm_delete, pop_undo
from cadence.screens.focus.dialogs import session_mark
from cadence.widgets.cells import cursor_row_key

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: ``change(old, new, done)``: save a session change; ``done`` is said once it landed.
SessionChange = Callable[[FocusSession | None, FocusSession | None, str], None]


class HistoryScreen(CadenceModal):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,h", "close", "Close", id="history.close"),
        Binding("e", "edit", "Edit", id="history.edit"),
        Binding("a", "add", "Add by hand", id="history.add"),
        Binding("d,delete", "delete", "Delete", id="history.delete"),
        Binding("u", "undo", "Undo", id="history.undo"),
        Binding(
            "left_square_bracket", "week(-1)", "Earlier week", key_display="[", id="history.prev"
        ),
        Binding(
            "right_square_bracket", "week(1)", "Later week", key_display="]", id="history.next"
        ),
    ]

    def __init__(self, change: SessionChange) -> None:
        super().__init__()
        self.change = change
        self.week_first: date | None = None
        self.rows: dict[str, FocusSession] = {}
        self.deleted: list[FocusSession] = []
        #: The row to put the cursor on at the next reload.
        self.keep: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box", classes="focus-dialog"):
            yield Static(id="history-head")
            yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                Text(
                    _("e edit   a add by hand   d delete   u undo   [ ] week   esc close"),
                    style="dim",
                ),
                id="history-hint",
            )

    def on_mount(self) -> None:
        settings = self.cadence.settings
        today = date.fromisoformat(
            logical_date(self.cadence.clock.now(), settings.rollover_hour).isoformat()
        )
        first, _last = focus_summary.week_of(today.isoformat(), settings.week_start)
        self.week_first = date.fromisoformat(first)
        self.reload()
        self.query_one(DataTable).focus()

    def reload(self) -> None:
        """Re-read the week's sessions (after a change landed, or another week)."""
        if self.week_first is None or not self.is_attached:
            return
        first = self.week_first
        last = first + timedelta(days=6)
        sessions = self.cadence.repo.sessions(first.isoformat(), last.isoformat())
        table = self.query_one(DataTable)
        cursor = self.keep or self._current_key()
        self.keep = None
        table.clear(columns=True)
        table.add_column(_("Day"), key="day")
        table.add_column(_("Start"), key="start")
        table.add_column(_("End"), key="end")
        table.add_column(_("Focus"), key="focus")
        table.add_column(" ", key="mark")
        table.add_column(_("Label"), key="label")
        self.rows = {}
        total = manual = 0
        by_day: dict[str, list[FocusSession]] = {}
        for s in sessions:
            by_day.setdefault(s.start[:10], []).append(s)
        for day in sorted(by_day, reverse=True):
            items = by_day[day]
            day_total = sum(s.focused_s for s in items)
            weekday = _(WEEKDAYS[date.fromisoformat(day).weekday()])
            table.add_row(
                Text(f"{weekday} {day[5:]}", style="bold"),
                "",
                "",
                Text(format_duration(day_total), style="bold"),
                "",
                "",
                key=f"day:{day}",
            )
            for s in items:
                total += s.focused_s
                manual += s.focused_s if s.manual else 0
                table.add_row(
                    "",
                    s.start[11:16],
                    s.end[11:16],
                    format_duration(s.focused_s),
                    session_mark(s, self.cadence.settings.ascii_icons),
                    Text(s.label or "-"),
                    key=s.id,
                )
                self.rows[s.id] = s
        if not sessions:
            table.add_row("", "", "", "", "", Text(_("No focus sessions this week."), style="dim"))
        head = _(
            "Week of {first}: {total} of focus",
            first=first.isoformat(),
            total=format_duration(total),
        )
        if manual:
            head += "  " + _(
                "({manual} typed in by hand, marked M)", manual=format_duration(manual)
            )
        self.query_one("#history-head", Static).update(Text(head, style="bold"))
        if cursor is not None:
            with contextlib.suppress(RowDoesNotExist):  # deleted: stay near the top
                table.move_cursor(row=table.get_row_index(cursor))

    def _current_key(self) -> str | None:
        return cursor_row_key(self.query_one(DataTable))

    def selected(self) -> FocusSession | None:
        key = self._current_key()
        return self.rows.get(key) if key else None

    # -------------------------------------------------------- actions

    def action_close(self) -> None:
        self.dismiss(None)

    def chosen(self) -> FocusSession | None:
        """The selected session, or None after asking for one."""
        session = self.selected()
        if session is None:
            self.notify(_("Choose a session first."), severity="warning")
        return session

    def action_week(self, step: int) -> None:
        if self.week_first is not None:
            self.week_first += timedelta(days=7 * step)
            self.reload()

    def _ask(self, old: FocusSession | None, new: FocusSession | None, done: str) -> None:
        self.keep = new.id if new is not None else None
        self.change(old, new, done)

    def action_edit(self) -> None:
        from cadence.screens.focus.session_form import SessionFormScreen

        session = self.chosen()
        if session is None:
            return

        def edited(result: object) -> None:
            if isinstance(result, FocusSession):
                self._ask(session, result, _("Session saved."))

        self.app.push_screen(SessionFormScreen(session), edited)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if str(event.row_key.value) in self.rows:
            self.action_edit()

    def action_add(self) -> None:
        from cadence.screens.focus.session_form import SessionFormScreen

        def added(result: object) -> None:
            if isinstance(result, FocusSession):
                day = date.fromisoformat(result.start[:10])
                first, _last = focus_summary.week_of(
                    day.isoformat(), self.cadence.settings.week_start
                )
                self.week_first = date.fromisoformat(first)
                self._ask(None, result, _("Session added."))

        self.app.push_screen(SessionFormScreen(None), added)

    def action_delete(self) -> None:
        session = self.chosen()
        if session is None:
            return

        def delete() -> None:
            self.deleted.append(session)
            self._ask(session, None, _("Session deleted: u brings it back."))

        confirm_delete(self.app, ConfirmDeleteSession(session), delete)

    def action_undo(self) -> None:
        session = pop_undo(self, self.deleted)
        if session is None:
            return
        self._ask(None, session, _("Session restored."))


class ConfirmDeleteSession(ConfirmDelete):
    """``y`` deletes the session, ``n`` or ``esc`` keeps it."""

    def __init__(self, session: FocusSession) -> None:
        s = session
        super().__init__(
            _("Delete this session?"),
            f"{s.start[:10]} {s.start[11:16]}-{s.end[11:16]}  {s.label}",
            _("u in the history brings it back."),
        )
        self.session = session

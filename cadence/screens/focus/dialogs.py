"""The Focus screen's dialogs: stop, the label picker, the history, a session's form,
and the timer's settings.

Forms check everything before they return or save; a problem is said inline and
the field at fault gets the focus. Every write is one ``app.persist`` call.
"""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import date, timedelta

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.fuzzy import FuzzySearch
from textual.widgets import Button, DataTable, Input, Label, OptionList, Static, Switch
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist
from textual.widgets.option_list import Option

from cadence.data.models import FocusSession
from cadence.domain import focus_summary
from cadence.domain.focus_labels import LabelChoice
from cadence.domain.focus_log import SessionForm, SessionFormError, build_session
from cadence.domain.schedule import format_duration, logical_date
from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.screens.confirm import ConfirmDelete

CSS = "dialogs.tcss"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: At most this many choices are listed at once.
MAX_CHOICES = 60


def kind_name(kind: str) -> str:
    names = {
        "block": _("Today"),
        "lecture": _("Course"),
        "goal": _("Goal"),
        "card": _("Card"),
        "text": _("Free text"),
    }
    return names.get(kind, kind)


def _error(widget: Static, message: str) -> None:
    widget.update(Text(message, style="bold red"))


# ---------------------------------------------------------------- stop


class StopScreen(CadenceModal):
    """Stop the timer: log the focus so far (y), drop it (n), or keep going (esc)."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("y", "log", "Log it", id="stop.log"),
        Binding("n", "discard", "Discard", id="stop.discard"),
        Binding("escape", "cancel", "Keep going", id="stop.cancel"),
    ]

    def __init__(self, minutes: str) -> None:
        super().__init__()
        self.minutes = minutes

    def compose(self) -> ComposeResult:
        with Vertical(id="stop-box", classes="focus-dialog"):
            yield Static(Text(_("Stop the timer?"), style="bold"))
            yield Static(_("Log the {minutes} of focus so far?", minutes=self.minutes))
            with Horizontal(classes="buttons"):
                yield Button(_("Log it (y)"), variant="primary", id="log", compact=True)
                yield Button(_("Discard (n)"), variant="error", id="discard", compact=True)
                yield Button(_("Keep going (esc)"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#log", Button).focus()

    @on(Button.Pressed, "#log")
    def action_log(self) -> None:
        self.dismiss("log")

    @on(Button.Pressed, "#discard")
    def action_discard(self) -> None:
        self.dismiss("discard")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- label picker


class LabelPicker(CadenceModal):
    """Type to narrow the list (fuzzy); enter takes the highlighted line, or the text as typed.
    Dismisses with ``(label, link)`` or None."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="label.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="label.down"),
        Binding("up", "move(-1)", "Up", show=False, id="label.up"),
    ]

    def __init__(self, choices: list[LabelChoice], current: str = "") -> None:
        super().__init__()
        self.choices = choices
        self.current = current
        self.shown: list[LabelChoice] = []
        self._search = FuzzySearch()
        self._tag_width = max(
            cell_len(kind_name(k)) for k in ("block", "lecture", "goal", "card", "text")
        )

    def compose(self) -> ComposeResult:
        with Vertical(id="label-box", classes="focus-dialog"):
            yield Static(Text(_("What is this session for?"), style="bold"))
            yield Input(
                value="",
                placeholder=_("Type to search, or write your own"),
                id="label-input",
            )
            yield OptionList(id="label-options")
            yield Static(
                Text(_("enter: choose    up/down: move    esc: cancel"), style="dim"),
                id="label-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False
        self._fill("")
        self.query_one(Input).focus()

    def _prompt(self, choice: LabelChoice, offsets: set[int]) -> Text:
        tag = kind_name(choice.kind)
        text = Text(tag + " " * (self._tag_width - cell_len(tag) + 2), style="dim")
        label = Text(choice.label)
        for offset in offsets:
            if offset < len(choice.label) and not choice.label[offset].isspace():
                label.stylize("bold reverse", offset, offset + 1)
        text.append_text(label)
        if choice.detail:
            text.append("  " + choice.detail, style="dim")
        return text

    def _fill(self, query: str) -> None:
        query = query.strip()
        ranked: list[tuple[float, int, LabelChoice, set[int]]] = []
        if query:
            for index, choice in enumerate(self.choices):
                score, offsets = self._search.match(query, choice.search_text)
                if score > 0:
                    ranked.append((score, index, choice, set(offsets)))
            ranked.sort(key=lambda r: (-r[0], r[1]))
        else:
            ranked = [(0.0, i, c, set()) for i, c in enumerate(self.choices)]
        shown = [(c, o) for _s, _i, c, o in ranked[:MAX_CHOICES]]
        if query:
            shown.insert(0, (LabelChoice(query, None, "text"), set()))
        self.shown = [c for c, _o in shown]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(self._prompt(c, o)) for c, o in shown)
        if shown:
            # With a query, the best match goes first after the free text; highlight it.
            options.highlighted = 1 if query and len(shown) > 1 else 0

    @on(Input.Changed, "#label-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(Input.Submitted, "#label-input")
    def _submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.shown:
            self._choose(self.shown[options.highlighted])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(self.shown[event.option_index])

    def _choose(self, choice: LabelChoice) -> None:
        self.dismiss((choice.label, choice.link))

    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- history


class HistoryScreen(CadenceModal):
    """The focus log of one week, by day: edit, delete (confirm, undo), add by hand."""

    CSS_PATH = CSS
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

    def __init__(self) -> None:
        super().__init__()
        self.week_first: date | None = None
        self.rows: dict[str, FocusSession] = {}
        self.deleted: list[FocusSession] = []

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

    def reload(self, keep: str | None = None) -> None:
        """Re-read the week's sessions; ``keep`` is the row to put the cursor on."""
        if self.week_first is None or not self.is_attached:
            return
        first = self.week_first
        last = first + timedelta(days=6)
        sessions = self.cadence.repo.sessions(first.isoformat(), last.isoformat())
        table = self.query_one(DataTable)
        cursor = keep or self._current_key()
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
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        return str(key.value) if key.value is not None else None

    def selected(self) -> FocusSession | None:
        key = self._current_key()
        return self.rows.get(key) if key else None

    # -------------------------------------------------------- actions

    def action_close(self) -> None:
        self.dismiss(None)

    def action_week(self, step: int) -> None:
        if self.week_first is not None:
            self.week_first += timedelta(days=7 * step)
            self.reload()

    def _save(self, old: FocusSession | None, new: FocusSession | None, done: str) -> None:
        app = self.cadence
        keep = new.id if new is not None else None

        def change() -> None:
            app.repo.replace_session(old, new)
            app.call_from_thread(self.reload, keep)

        app.persist(change, done=done)

    def action_edit(self) -> None:
        session = self.selected()
        if session is None:
            self.notify(_("Choose a session first."), severity="warning")
            return

        def edited(result: object) -> None:
            if isinstance(result, FocusSession):
                self._save(session, result, _("Session saved."))

        self.app.push_screen(SessionFormScreen(session), edited)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if str(event.row_key.value) in self.rows:
            self.action_edit()

    def action_add(self) -> None:
        def added(result: object) -> None:
            if isinstance(result, FocusSession):
                if self.week_first is not None:
                    day = date.fromisoformat(result.start[:10])
                    first, _last = focus_summary.week_of(
                        day.isoformat(), self.cadence.settings.week_start
                    )
                    self.week_first = date.fromisoformat(first)
                self._save(None, result, _("Session added."))

        self.app.push_screen(SessionFormScreen(None), added)

    def action_delete(self) -> None:
        session = self.selected()
        if session is None:
            self.notify(_("Choose a session first."), severity="warning")
            return

        def answered(yes: object) -> None:
            if yes is True:
                self.deleted.append(session)
                self._save(session, None, _("Session deleted: u brings it back."))

        self.app.push_screen(ConfirmDeleteSession(session), answered)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify(_("Nothing to undo."), timeout=3)
            return
        session = self.deleted.pop()
        self._save(None, session, _("Session restored."))


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


# ---------------------------------------------------------------- a session by hand


class SessionFormScreen(CadenceModal):
    """Edit a logged session, or (``None``) add one by hand. Dismisses with the
    checked :class:`FocusSession`, or None."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="session.cancel"),
        Binding("ctrl+s", "save", "Save", id="session.save"),
    ]
    FIELDS = ("date", "start", "end", "minutes", "label")

    def __init__(self, session: FocusSession | None) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        app = self.cadence
        if self.session is not None:
            form = SessionForm.of(self.session)
            title = _("Edit a session")
        else:
            day = logical_date(app.clock.now(), app.settings.rollover_hour).isoformat()
            form = SessionForm(date=day, start="", end="")
            title = _("Add a session by hand")
        with Vertical(id="session-box", classes="focus-dialog"):
            yield Static(Text(title, style="bold"))
            if self.session is None:
                yield Static(
                    Text(_("Study away from the computer counts too; it is marked M."), style="dim")
                )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(_("Date (YYYY-MM-DD)"))
                    yield Input(form.date, id="date")
                with Vertical():
                    yield Label(_("Start (HH:MM)"))
                    yield Input(form.start, id="start", placeholder="HH:MM")
                with Vertical():
                    yield Label(_("End (HH:MM)"))
                    yield Input(form.end, id="end", placeholder="HH:MM")
                with Vertical():
                    yield Label(_("Focused minutes"))
                    yield Input(form.minutes, id="minutes", placeholder=_("all"))
            yield Label(_("What it was for"))
            yield Input(form.label, id="label")
            yield Static("", id="session-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="save", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        first = "#start" if self.session is None else "#end"
        self.query_one(first, Input).focus()

    def read(self) -> FocusSession | None:
        values = {name: self.query_one(f"#{name}", Input).value for name in self.FIELDS}
        app = self.cadence
        try:
            return build_session(
                SessionForm(**values),
                app.clock.tz,
                app.clock.now().timestamp(),
                base=self.session,
            )
        except SessionFormError as exc:
            _error(self.query_one("#session-error", Static), str(exc))
            self.query_one(f"#{exc.field}", Input).focus()
            return None

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        session = self.read()
        if session is not None:
            self.dismiss(session)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- the timer's settings


class TimerSettingsScreen(CadenceModal):
    """Phase lengths, the long break's rhythm, what starts by itself, the prompt's repeat."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="timer-settings.cancel"),
        Binding("ctrl+s", "save", "Save", id="timer-settings.save"),
    ]
    #: field id -> (settings name, lowest, highest)
    NUMBERS = {
        "focus-min": ("focus_min", 1, 180),
        "short-min": ("short_break_min", 1, 60),
        "long-min": ("long_break_min", 1, 120),
        "every": ("long_break_every", 1, 12),
    }
    #: field id -> settings name
    SWITCHES = {
        "auto-breaks": "auto_start_breaks",
        "auto-focus": "auto_start_focus",
        "repeat": "prompt_repeat",
    }

    def compose(self) -> ComposeResult:
        s = self.cadence.settings
        labels = {
            "focus-min": _("Focus (minutes)"),
            "short-min": _("Short break (minutes)"),
            "long-min": _("Long break (minutes)"),
            "every": _("Long break after this many focus phases"),
            "auto-breaks": _("Breaks start by themselves"),
            "auto-focus": _("Focus starts by itself after a break"),
            "repeat": _("Ring again every 30 s until a key is pressed"),
        }
        with Vertical(id="timer-settings-box", classes="focus-dialog"):
            yield Static(Text(_("Timer settings"), style="bold"))
            for field_id, (name, _lo, _hi) in self.NUMBERS.items():
                with Horizontal(classes="setting"):
                    yield Label(labels[field_id])
                    yield Input(str(getattr(s, name)), id=field_id, type="integer", compact=True)
            for field_id, name in self.SWITCHES.items():
                with Horizontal(classes="setting"):
                    yield Label(labels[field_id])
                    yield Switch(bool(getattr(s, name)), id=field_id)
            yield Static("", id="timer-settings-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), variant="primary", id="save", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#focus-min", Input).focus()

    def read(self) -> dict[str, object] | None:
        out: dict[str, object] = {}
        for field_id, (name, low, high) in self.NUMBERS.items():
            field = self.query_one(f"#{field_id}", Input)
            text = field.value.strip()
            if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
                _error(
                    self.query_one("#timer-settings-error", Static),
                    _("A whole number from {low} to {high}, please.", low=low, high=high),
                )
                field.focus()
                return None
            out[name] = int(text)
        for field_id, name in self.SWITCHES.items():
            out[name] = self.query_one(f"#{field_id}", Switch).value
        return out

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        values = self.read()
        if values is None:
            return
        app = self.cadence
        app.save_settings(dataclasses.replace(app.settings, **values))  # type: ignore[arg-type]
        self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def session_mark(session: FocusSession, ascii_icons: bool = False) -> str:
    """✓ completed, ✗ stopped early, M typed in by hand (ASCII: + x M)."""
    if session.manual:
        return "M"
    if session.completed:
        return "+" if ascii_icons else "✓"
    return "x" if ascii_icons else "✗"

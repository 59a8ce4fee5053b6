"""A logged focus session, edited or typed in by hand. Returns the checked
:class:`FocusSession`; never writes (the Focus screen saves it)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from cadence.data.models import FocusSession
from cadence.domain.focus_log import SessionForm, SessionFormError, build_session
from cadence.domain.schedule import logical_date
from cadence.i18n import _
from cadence.widgets.form import FormDialog, FormError

FIELDS = ("date", "start", "end", "minutes", "label")


class SessionFormScreen(FormDialog[FocusSession]):
    """Edit ``session``, or (``None``) add one by hand."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self, session: FocusSession | None) -> None:
        super().__init__(_("Edit a session") if session is not None else _("Add a session by hand"))
        self.session = session

    def fields(self) -> ComposeResult:
        app = self.cadence
        if self.session is not None:
            form = SessionForm.of(self.session)
        else:
            day = logical_date(app.clock.now(), app.settings.rollover_hour).isoformat()
            form = SessionForm(date=day, start="", end="")
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

    def on_mount(self) -> None:
        first = "#start" if self.session is None else "#end"
        self.query_one(first, Input).focus()

    def result(self) -> FocusSession:
        values = {name: self.query_one(f"#{name}", Input).value for name in FIELDS}
        app = self.cadence
        try:
            return build_session(
                SessionForm(**values),
                app.clock.tz,
                app.clock.now().timestamp(),
                base=self.session,
            )
        except SessionFormError as exc:
            raise FormError(str(exc), f"#{exc.field}") from None

"""The Focus screen's small dialogs: stop the timer, and the marks the logs share.

The others live in their own modules: the label picker (``label_picker.py``), the
focus history (``history.py``), a session's form (``session_form.py``) and the
timer's settings (``timer_settings.py``). None of them writes: each returns a result
and the Focus screen saves it through ``app.persist``.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from cadence.data.models import FocusSession
from cadence.i18n import _
from cadence.screens.base import CadenceModal

CSS = "dialogs.tcss"


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


def session_mark(session: FocusSession, ascii_icons: bool = False) -> str:
    """✓ completed, ✗ stopped early, M typed in by hand (ASCII: + x M)."""
    if session.manual:
        return "M"
    if session.completed:
        return "+" if ascii_icons else "✓"
    return "x" if ascii_icons else "✗"

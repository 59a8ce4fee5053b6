"""The Focus screen's small dialogs: stop the timer, and the marks the logs share.

The others live in their own modules: the label picker (``label_picker.py``), the
focus history (``history.py``), a session's form (``session_form.py``) and the
timer's settings (``timer_settings.py``). None of them writes: each returns a result
and the Focus screen saves it through ``app.persist``.
"""

from __future__ import annotations

from textual.binding import Binding

from cadence.data.models import FocusSession
from cadence.i18n import _
from cadence.screens.confirm import Choice

CSS = "dialogs.tcss"


class StopScreen(Choice):
    """Stop the timer: log the focus so far (y), drop it (n), or keep going (esc)."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("y", "answer('log')", "Log it", id="stop.log"),
        Binding("n", "answer('discard')", "Discard", id="stop.discard"),
        Binding("escape", "answer('cancel')", "Keep going", id="stop.cancel"),
    ]
    BUTTONS = (
        ("log", "Log it (y)", "primary", "log"),
        ("discard", "Discard (n)", "error", "discard"),
        ("cancel", "Keep going (esc)", "default", None),
    )
    FOCUS = "log"
    BOX_ID = "stop-box"
    BOX_CLASSES = "focus-dialog"

    def __init__(self, minutes: str) -> None:
        super().__init__(
            _("Stop the timer?"), (_("Log the {minutes} of focus so far?", minutes=minutes), "")
        )


def session_mark(session: FocusSession, ascii_icons: bool = False) -> str:
    """✓ completed, ✗ stopped early, M typed in by hand (ASCII: + x M)."""
    if session.manual:
        return "M"
    if session.completed:
        return "+" if ascii_icons else "✓"
    return "x" if ascii_icons else "✗"

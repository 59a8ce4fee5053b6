"""The one "delete this?" question: ``y`` deletes, ``n`` or ``esc`` keeps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from cadence.i18n import _
from cadence.screens.base import CadenceModal


class ConfirmDelete(CadenceModal):
    """Dismisses with True to delete, False to keep. Focus starts on "Keep"."""

    DEFAULT_CSS = """
    ConfirmDelete { align: center middle; }
    ConfirmDelete > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: round $error; background: $surface; padding: 0 1;
    }
    ConfirmDelete #confirm-title { padding: 1 0; }
    ConfirmDelete .hint { color: $text-muted; }
    ConfirmDelete .buttons { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmDelete .buttons Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("y", "yes", "Delete", id="delete.yes"),
        Binding("n,escape", "no", "Keep", id="delete.no"),
    ]

    def __init__(self, question: str, detail: str, hint: str) -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question, style="bold"))
            yield Static(Text(self.detail), id="confirm-title")
            yield Static(Text(self.hint), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(_("Delete (y)"), variant="error", id="yes", compact=True)
                yield Button(_("Keep (n)"), id="no", compact=True)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed, "#yes")
    def action_yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        self.dismiss(False)


def confirm_delete(app: App[Any], question: ConfirmDelete, delete: Callable[[], None]) -> None:
    """Ask ``question``; ``delete()`` once the answer is to delete."""

    def answered(yes: object) -> None:
        if yes is True:
            delete()

    app.push_screen(question, answered)

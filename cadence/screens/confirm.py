"""Questions answered with a button or its key: the one "delete this?" (``y`` deletes,
``n`` or ``esc`` keeps), and the ``Choice`` base other such questions share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from cadence.i18n import _
from cadence.screens.base import CadenceModal

T = TypeVar("T")


class Choice(CadenceModal):
    """A question answered with one of a few buttons (or their keys).

    ``BUTTONS``: each button's id, label (English, shown through ``_``), variant and
    the answer it dismisses with; ``FOCUS`` is the id of the button that starts with
    the focus. The keys are the subclass's bindings, each ``answer('<button id>')``.
    """

    BUTTONS: tuple[tuple[str, str, ButtonVariant, object], ...] = ()
    FOCUS = ""
    #: The box's id and classes, for a screen's stylesheet.
    BOX_ID: str | None = None
    BOX_CLASSES = ""

    def __init__(self, question: str, *details: tuple[str, str]) -> None:
        """``details``: further lines, each (text, CSS id or class)."""
        super().__init__()
        self.question = question
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id=self.BOX_ID, classes=self.BOX_CLASSES):
            yield Static(Text(self.question, style="bold"))
            for text, name in self.details:
                if name.startswith("#"):
                    yield Static(Text(text), id=name[1:])
                else:
                    yield Static(Text(text), classes=name)
            with Horizontal(classes="buttons"):
                for button_id, label, variant, _answer in self.BUTTONS:
                    yield Button(_(label), variant=variant, id=button_id, compact=True)

    def on_mount(self) -> None:
        if self.FOCUS:
            self.query_one(f"#{self.FOCUS}", Button).focus()

    def action_answer(self, button_id: str) -> None:
        for known, _label, _variant, answer in self.BUTTONS:
            if known == button_id:
                self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.action_answer(event.button.id)


class ConfirmDelete(Choice):
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
        Binding("y", "answer('yes')", "Delete", id="delete.yes"),
        Binding("n,escape", "answer('no')", "Keep", id="delete.no"),
    ]
    BUTTONS = (("yes", "Delete (y)", "error", True), ("no", "Keep (n)", "default", False))
    FOCUS = "no"

    def __init__(self, question: str, detail: str, hint: str | None = None) -> None:
        hint = _("u puts it back.") if hint is None else hint
        super().__init__(question, (detail, "#confirm-title"), (hint, "hint"))


def confirm_delete(app: App[Any], question: ConfirmDelete, delete: Callable[[], None]) -> None:
    """Ask ``question``; ``delete()`` once the answer is to delete."""

    def answered(yes: object) -> None:
        if yes is True:
            delete()

    app.push_screen(question, answered)


def pop_undo(screen: Widget, stack: list[T]) -> T | None:
    """The last thing deleted, to put back; None (and a word saying so) when there is none."""
    if not stack:
        screen.notify(_("Nothing to undo."), timeout=3)
        return None
    return stack.pop()

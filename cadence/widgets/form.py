"""The one way to write a dialog: fields, a validation line, save / cancel, keys in its footer.

A form dialog returns a result and never writes: the screen that opened it saves
the result through ``app.persist`` (one transaction, in order).

    class GoalForm(FormDialog[RoadmapGoal]):
        def __init__(self) -> None:
            super().__init__(_("Add a goal"))

        def fields(self) -> ComposeResult:
            yield Label(_("Goal"))
            yield Input(id="goal-text")

        def result(self) -> RoadmapGoal:
            text = self.query_one("#goal-text", Input).value.strip()
            if not text:
                raise FormError(_("Write the goal first."), "#goal-text")
            return RoadmapGoal(month=1, track="tech", text=text)

Fields side by side are built with :func:`pair`, drop-downs with :func:`choice`.

``ctrl+s`` (and ``enter`` in a one-line field) saves, ``escape`` cancels; both are
shown in the dialog's own footer and in the palette. ``FormError`` names the field
to focus; the message shows on the form's error line and nothing is returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalGroup, Vertical, VerticalGroup, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static

from cadence.i18n import _
from cadence.widgets.bindings import Translated

if TYPE_CHECKING:
    pass

R = TypeVar("R")
T = TypeVar("T")


def pair(*fields: tuple[str, Widget], classes: str = "") -> HorizontalGroup:
    """Fields side by side (a row of the form), each ``(label, widget)`` with its label above."""
    return HorizontalGroup(
        *(VerticalGroup(Label(label), widget) for label, widget in fields),
        classes=f"pair {classes}".rstrip(),
    )


def choice(
    options: Iterable[tuple[Any, Any]],
    value: Any = None,
    *,
    id: str,
    prompt: str | None = None,
    classes: str | None = None,
) -> Select[Any]:
    """A compact drop-down showing ``value`` (None: nothing chosen yet). With a ``prompt`` it
    may be left empty; without, one of the options is always chosen (the first by default)."""
    chosen = Select.NULL if value is None else value
    if prompt is None:
        return Select(
            options, value=chosen, allow_blank=False, id=id, compact=True, classes=classes
        )
    return Select(options, value=chosen, prompt=prompt, id=id, compact=True, classes=classes)


class FormError(Exception):
    """What is wrong with the form, and the selector of the field to fix."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class FormDialog(Translated, ModalScreen[R | None], Generic[R]):
    """A centred form under ``title`` (in the UI language); subclasses give ``fields`` and
    ``result``."""

    DEFAULT_CSS = """
    FormDialog {
        align: center middle;
    }
    FormDialog > .form {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $surface;
        padding: 0 1;
    }
    FormDialog > .form.-small {
        width: 60;
    }
    FormDialog .form-title {
        height: auto;
        text-style: bold;
        margin-bottom: 1;
    }
    FormDialog .form-fields {
        height: auto;
        max-height: 1fr;
    }
    FormDialog .form-error {
        height: auto;
    }
    FormDialog .form-buttons {
        height: auto;
        align-horizontal: right;
    }
    FormDialog .form-buttons Button {
        margin-left: 1;
    }
    FormDialog Input {
        width: 1fr;
    }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    #: The first field gets the focus (``_focus_first``), not Textual's auto focus: that
    #: one scrolls before the first layout and hides the line above the field.
    AUTO_FOCUS = ""  # falsy, not None: None means "as the app says"
    #: Narrower box for short forms.
    SMALL = False
    #: What the save button says (English; translated when shown). A form that does not
    #: save (a filter) says what it does, and names its ctrl+s binding the same way.
    SAVE_LABEL = "Save"
    #: Whether ``enter`` in a one-line field saves the form.
    ENTER_SAVES = True

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.form_heading = title

    # ------------------------------------------------------------ for subclasses

    def form_title(self) -> str:
        """The form's title, in the UI language: the one it was made with."""
        return self.form_heading

    def fields(self) -> ComposeResult:
        """The form's fields."""
        yield from ()

    def result(self) -> R:
        """The value the form returns; raise ``FormError`` when a field is wrong."""
        raise NotImplementedError

    # ------------------------------------------------------------ the frame

    def compose(self) -> ComposeResult:
        with Vertical(classes="form -small" if self.SMALL else "form"):
            title = self.form_title()
            if title:
                yield Static(Text(title), classes="form-title")
            fields = VerticalScroll(classes="form-fields")
            fields.can_focus = False  # the first field, not the scroller, has the focus
            with fields:
                yield from self.fields()
            yield Static("", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(_(self.SAVE_LABEL) + " (^s)", variant="primary", id="form-save")
                yield Button(_("Cancel") + " (esc)", id="form-cancel")
        yield Footer()

    @on(events.ScreenResume)
    def _focus_first(self) -> None:
        if self.focused is None:  # a form's on_mount may have chosen a field already
            first = next((w for w in self.query(".form-fields *") if w.focusable), None)
            if first is not None:
                first.focus(scroll_visible=False)

    def error(self, message: str, field: str | Widget | None = None) -> None:
        """Show ``message`` on the error line and focus ``field``."""
        self.query_one(".form-error", Static).update(Text(message, style="bold red"))
        if isinstance(field, str):
            found = self.query(field)
            target: Widget | None = found.first() if found else None
        else:
            target = field
        if target is not None:
            target.focus()

    def checked(self, value: Callable[[], T]) -> T | None:
        """``value()``, or None once the ``FormError`` it raised is shown."""
        try:
            return value()
        except FormError as exc:
            self.error(exc.message, exc.field)
            return None

    def action_save(self) -> None:
        value = self.checked(self.result)
        if value is not None:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if self.ENTER_SAVES:
            event.stop()
            self.action_save()

    @on(Button.Pressed, "#form-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


class RecordForm(FormDialog[R]):
    """A form over one record: a new one (``new``) or one to edit. ``record`` is what it
    starts from; the title says which of the two it is (``TITLES``: new, edit)."""

    #: The title for a new record and for one being edited (English; shown through ``_``).
    TITLES = ("", "")

    def form_title(self) -> str:
        return _(self.TITLES[0] if self.new else self.TITLES[1])

    def __init__(self, record: R, *, new: bool = False) -> None:
        super().__init__()
        self.record = record
        self.new = new

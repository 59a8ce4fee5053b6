"""`a` / `e` / `d` on Today: add, edit or delete a block, for this date only or for every
such day (the day template). And `m`: mute reminders for a while or for the day.

The forms only collect and check; they return what to change, and the Today
screen saves it in one transaction. Nothing is saved while a field is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from cadence.data.models import BLOCK_KINDS, DayTemplate, TimeBlock, new_id
from cadence.domain.schedule import ScheduledBlock, check_block, overlaps
from cadence.i18n import _
from cadence.screens.base import CadenceModal

DATE_ONLY, TEMPLATE = "date", "template"


@dataclass(frozen=True)
class BlockChange:
    """What a form asks for: put ``block`` on the date only or into the template."""

    block: TimeBlock
    scope: str  # DATE_ONLY | TEMPLATE
    source: str  # where the block came from: "template" | "edited" | "added" | "new"


def scope_options(day: Date, template: DayTemplate | None, source: str) -> list[tuple[str, str]]:
    options = [(_("Only on {date}", date=day.isoformat()), DATE_ONLY)]
    if template is not None and source != "added":
        options.append((_("Every such day: {template}", template=template.name), TEMPLATE))
    return options


class BlockEditScreen(CadenceModal):
    """The block form. Dismisses with a :class:`BlockChange`, or None when cancelled."""

    DEFAULT_CSS = """
    BlockEditScreen { align: center middle; }
    #edit-box {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    #edit-box Label { margin-top: 1; }
    #edit-box Input, #edit-box Select { width: 100%; background: $boost; }
    #edit-times { height: auto; }
    #edit-times Vertical { width: 1fr; height: auto; }
    #edit-times Vertical:first-child { margin-right: 2; }
    #edit-error { height: auto; margin-top: 1; }
    #edit-buttons { height: 1; align-horizontal: right; margin-top: 1; }
    #edit-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="block.cancel"),
        Binding("ctrl+s", "save", "Save", priority=True, id="block.save"),
    ]

    def __init__(
        self,
        day: Date,
        tz: str,
        day_blocks: list[ScheduledBlock],
        template: DayTemplate | None,
        editing: ScheduledBlock | None = None,
        start: str = "",
    ) -> None:
        super().__init__()
        self.day = day
        self.tz = tz
        self.day_blocks = day_blocks
        self.template = template
        self.editing = editing
        self.source = editing.source if editing is not None else "new"
        self._start = start
        self._confirmed: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        b = self.editing.block if self.editing is not None else None
        heading = _("Edit block") if b is not None else _("Add a block")
        with Vertical(id="edit-box"):
            yield Static(f"[b]{heading}[/b]  {self.day.isoformat()}")
            with Horizontal(id="edit-times"):
                with Vertical():
                    yield Label(_("Start (HH:MM)"))
                    yield Input(b.start if b else self._start, id="start", compact=True)
                with Vertical():
                    yield Label(_("End (HH:MM)"))
                    yield Input(b.end if b else "", id="end", compact=True)
            yield Label(_("Title"))
            yield Input(b.title if b else "", id="title", compact=True)
            yield Label(_("Kind"))
            yield Select(
                [(_(k), k) for k in BLOCK_KINDS],
                value=b.kind if b and b.kind in BLOCK_KINDS else "study",
                allow_blank=False,
                compact=True,
                id="kind",
            )
            yield Label(_("For"))
            options = scope_options(self.day, self.template, self.source)
            yield Select(options, value=DATE_ONLY, allow_blank=False, compact=True, id="scope")
            yield Static("", id="edit-error")
            with Horizontal(id="edit-buttons"):
                yield Button(_("Cancel"), id="cancel", compact=True)
                yield Button(_("Save"), id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#start", Input).focus()

    def _values(self) -> tuple[str, str, str, str, str]:
        return (
            self.query_one("#start", Input).value.strip(),
            self.query_one("#end", Input).value.strip(),
            self.query_one("#title", Input).value.strip(),
            str(self.query_one("#kind", Select).value),
            str(self.query_one("#scope", Select).value),
        )

    def _show(self, lines: list[str], *, warning: bool = False) -> None:
        style = "b yellow" if warning else "b red"
        text = "\n".join(f"[{style}]{line}[/]" for line in lines)
        self.query_one("#edit-error", Static).update(text)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        start, end, title, kind, scope = self._values()
        problems = check_block(start, end, title, kind)
        names = {"start": _("Start"), "end": _("End"), "title": _("Title"), "kind": _("Kind")}
        for field in ("start", "end", "title"):
            self.query_one(f"#{field}", Input).set_class(field in problems, "-invalid")
        if problems:
            self._show([f"{names[f]}: {m}" for f, m in problems.items()])
            first = next(f for f in ("start", "end", "title", "kind") if f in problems)
            self.query_one(f"#{first}").focus()
            return
        old = self.editing.block if self.editing is not None else None
        block = TimeBlock(
            start=start,
            end=end,
            title=title,
            kind=kind,
            id=old.id if old is not None else new_id(),
            note=old.note if old is not None else "",
        )
        clashes = overlaps(block, self.day_blocks, self.day, self.tz)
        values = self._values()
        if clashes and self._confirmed != values:
            self._confirmed = values
            names_list = ", ".join(
                f"{c.block.title} ({c.block.start}-{c.block.end})" for c in clashes[:3]
            )
            self._show(
                [
                    _("Overlaps {blocks}.", blocks=names_list),
                    _("Save again to keep it anyway, or change the times."),
                ],
                warning=True,
            )
            return
        self.dismiss(BlockChange(block, scope, self.source))

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        order = ["start", "end", "title"]
        current = event.input.id or ""
        if current in order and current != "title":
            self.query_one(f"#{order[order.index(current) + 1]}", Input).focus()
        else:
            self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDeleteScreen(CadenceModal):
    """Delete a block: on this date only, or from the template. Dismisses with the scope."""

    DEFAULT_CSS = """
    ConfirmDeleteScreen { align: center middle; }
    #delete-box {
        width: 64; max-width: 100%; height: auto;
        border: round $error; background: $surface; padding: 0 1;
    }
    #delete-box Button { width: 100%; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="delete.cancel")]

    def __init__(self, block: ScheduledBlock, template: DayTemplate | None) -> None:
        super().__init__()
        self.block = block
        self.template = template

    def compose(self) -> ComposeResult:
        b = self.block.block
        with Vertical(id="delete-box"):
            yield Static(
                f"[b]{_('Delete this block?')}[/b]\n{b.start}-{b.end}  {b.title}",
            )
            for label, scope in scope_options(self.block.date, self.template, self.block.source):
                yield Button(label, id=f"delete-{scope}", compact=True, variant="error")
            yield Button(_("Cancel"), id="delete-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        scope = (event.button.id or "").removeprefix("delete-")
        self.dismiss(None if scope == "cancel" else scope)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MuteScreen(CadenceModal):
    """Mute reminders for a while or for the rest of the day. Dismisses with a choice from
    ``MUTE_CHOICES``, "off" to unmute, or None."""

    DEFAULT_CSS = """
    MuteScreen { align: center middle; }
    MuteScreen > Vertical {
        width: 44; max-width: 100%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    MuteScreen OptionList { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="mute.cancel")]

    def __init__(self, muted_until: str | None) -> None:
        super().__init__()
        self.muted_until = muted_until

    def compose(self) -> ComposeResult:
        options = [
            Option(_("For 30 minutes"), id="30"),
            Option(_("For an hour"), id="60"),
            Option(_("For two hours"), id="120"),
            Option(_("For the rest of the day"), id="day"),
        ]
        if self.muted_until:
            options.append(Option(_("Unmute now"), id="off"))
        with Vertical():
            yield Static(f"[b]{_('Mute reminders')}[/b]")
            yield OptionList(*options)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

"""Today's dialogs, all on ``FormDialog``: add / edit a block (`a` / `e`), delete one (`d`),
mute reminders (`m`), and pick the block to focus on when `f` cannot tell (``FocusPicker``).

They only collect and check; each returns what to change, and the Today screen saves
it through ``app.persist`` in one transaction. Nothing is saved while a field is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from pendulum import Date
from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from cadence.data.models import BLOCK_KINDS, DayTemplate, TimeBlock, new_id
from cadence.domain.schedule import ScheduledBlock, check_block, overlaps
from cadence.i18n import _
from cadence.widgets.form import FormDialog, FormError, choice

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


class BlockForm(FormDialog[BlockChange]):
    """Add or edit a block. Returns a :class:`BlockChange`, or None when cancelled.

    Enter moves from start to end to title, and saves from the title. An overlap with
    another block is shown once; saving again keeps it.
    """

    ENTER_SAVES = False
    BINDINGS = [Binding("enter", "enter", "Next", show=False, priority=True, id="block.next")]
    DEFAULT_CSS = """
    BlockForm Label { margin-top: 1; }
    BlockForm Input, BlockForm Select { width: 100%; }
    BlockForm #edit-times { height: auto; }
    BlockForm #edit-times Vertical { width: 1fr; height: auto; }
    BlockForm #edit-times Vertical:first-child { margin-right: 2; }
    """

    def __init__(
        self,
        day: Date,
        tz: str,
        day_blocks: list[ScheduledBlock],
        template: DayTemplate | None,
        editing: ScheduledBlock | None = None,
        start: str = "",
    ) -> None:
        heading = _("Edit block") if editing is not None else _("Add a block")
        super().__init__(f"{heading}  {day.isoformat()}")
        self.day = day
        self.tz = tz
        self.day_blocks = day_blocks
        self.template = template
        self.editing = editing
        self.source = editing.source if editing is not None else "new"
        self._start = start
        self._confirmed: tuple[str, ...] | None = None

    def fields(self) -> ComposeResult:
        b = self.editing.block if self.editing is not None else None
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
        kinds = [(_(k), k) for k in BLOCK_KINDS]
        yield choice(kinds, b.kind if b and b.kind in BLOCK_KINDS else "study", id="kind")
        yield Label(_("For"))
        yield choice(scope_options(self.day, self.template, self.source), DATE_ONLY, id="scope")

    def _values(self) -> tuple[str, str, str, str, str]:
        return (
            self.query_one("#start", Input).value.strip(),
            self.query_one("#end", Input).value.strip(),
            self.query_one("#title", Input).value.strip(),
            str(self.query_one("#kind", Select).value),
            str(self.query_one("#scope", Select).value),
        )

    def result(self) -> BlockChange:
        start, end, title, kind, scope = self._values()
        problems = check_block(start, end, title, kind)
        names = {"start": _("Start"), "end": _("End"), "title": _("Title"), "kind": _("Kind")}
        for field in ("start", "end", "title"):
            self.query_one(f"#{field}", Input).set_class(field in problems, "-invalid")
        if problems:
            first = next(f for f in ("start", "end", "title", "kind") if f in problems)
            lines = [f"{names[f]}: {m}" for f, m in problems.items()]
            raise FormError("\n".join(lines), f"#{first}")
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
            raise FormError(
                _("Overlaps {blocks}.", blocks=names_list)
                + "\n"
                + _("Save again to keep it anyway, or change the times.")
            )
        return BlockChange(block, scope, self.source)

    def action_enter(self) -> None:
        """Enter: start → end → title → save. A priority binding, so the keys typed right
        after it (a fast typist, a paste) already go to the next field."""
        focused = self.focused
        order = ["start", "end", "title"]
        current = focused.id if isinstance(focused, Input) else None
        if current not in order:
            raise SkipAction()  # a select: its own enter
        if current != "title":
            # At once, not after the queued messages (``Widget.focus`` waits for them).
            self.set_focus(self.query_one(f"#{order[order.index(current) + 1]}", Input))
        else:
            self.action_save()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()  # enter is handled by action_enter


class _ChoiceForm(FormDialog[str]):
    """A short list to choose from: Enter (or ctrl+s) takes the highlighted choice."""

    SMALL = True
    #: What taking the choice does, on its button (the binding says the same).
    TAKE = "Save"

    def choices(self) -> list[Option]:
        return []

    def heading(self) -> Text | None:
        return None

    def fields(self) -> ComposeResult:
        heading = self.heading()
        if heading is not None:
            yield Static(heading)
        yield OptionList(*self.choices(), id="choices")

    def on_mount(self) -> None:
        self.query_one("#form-save", Button).label = _(self.TAKE) + " (^s)"
        choices = self.query_one("#choices", OptionList)
        choices.focus()
        if choices.option_count:
            choices.highlighted = 0

    def result(self) -> str:
        choices = self.query_one("#choices", OptionList)
        if choices.highlighted is None:
            raise FormError(_("Choose one first."), "#choices")
        return str(choices.get_option_at_index(choices.highlighted).id)

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()


class DeleteForm(_ChoiceForm):
    """Delete a block: on this date only, or from the template. Returns the scope."""

    TAKE = "Delete"
    BINDINGS = [Binding("ctrl+s", "save", "Delete", id="delete.take")]

    def __init__(self, block: ScheduledBlock, template: DayTemplate | None) -> None:
        super().__init__(_("Delete this block?"))
        self.block = block
        self.template = template

    def heading(self) -> Text:
        b = self.block.block
        return Text(f"{b.start}-{b.end}  {b.title}")

    def choices(self) -> list[Option]:
        return [
            Option(label, id=scope)
            for label, scope in scope_options(self.block.date, self.template, self.block.source)
        ]


class MuteForm(_ChoiceForm):
    """Mute reminders for a while or for the rest of the day. Returns a choice from
    ``MUTE_CHOICES``, "off" to unmute, or None."""

    TAKE = "Mute"
    BINDINGS = [Binding("ctrl+s", "save", "Mute", id="mute.take")]

    def __init__(self, muted_until: str | None) -> None:
        super().__init__(_("Mute reminders"))
        self.muted_until = muted_until

    def choices(self) -> list[Option]:
        options = [
            Option(_("For 30 minutes"), id="30"),
            Option(_("For an hour"), id="60"),
            Option(_("For two hours"), id="120"),
            Option(_("For the rest of the day"), id="day"),
        ]
        if self.muted_until:
            options.append(Option(_("Unmute now"), id="off"))
        return options


class FocusPicker(_ChoiceForm):
    """`f` with no study block selected, on now or starting soon: which block to focus on.
    Returns a block id, or ``NO_BLOCK`` to focus on nothing in particular."""

    NO_BLOCK = "__none__"
    TAKE = "Focus"
    BINDINGS = [Binding("ctrl+s", "save", "Focus", id="pick.take")]

    def __init__(self, blocks: list[ScheduledBlock]) -> None:
        super().__init__(_("Focus on which block?"))
        self.blocks = blocks

    def heading(self) -> Text:
        return Text(_("No study or build block is selected, on now or starting soon."))

    def choices(self) -> list[Option]:
        options = [
            Option(Text(f"{b.block.start}-{b.block.end}  {b.block.title}"), id=b.block.id)
            for b in self.blocks
        ]
        options.append(Option(_("No block: just focus"), id=self.NO_BLOCK))
        return options

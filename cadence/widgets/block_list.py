"""The day's blocks as a keyboard list, with a "now" line between blocks."""

from __future__ import annotations

from pendulum import DateTime
from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cadence.domain.schedule import ScheduledBlock, format_duration
from cadence.i18n import _
from cadence.widgets.cells import pad

ICONS = {"todo": " ", "done": "✓", "skipped": "✗", "now": "▸"}
ASCII_ICONS = {"todo": " ", "done": "x", "skipped": "-", "now": ">"}
KIND_CELLS = 7
NOW_ID = "__now__"
KIND_STYLES = {
    "study": "bold cyan",
    "build": "bold magenta",
    "work": "blue",
    "social": "green",
    "health": "green",
    "publish": "bold yellow",  # learn in public: the day's output
    "sleep": "dim",
    "rest": "dim",
}


def block_row(b: ScheduledBlock, now: DateTime | None, ascii_icons: bool, width: int = 64) -> Text:
    """One block as a row ``width`` cells wide: state, times, title, kind."""
    icons = ASCII_ICONS if ascii_icons else ICONS
    current = now is not None and b.contains(now)
    title_cells = max(8, width - 3 - 11 - 2 - 1 - KIND_CELLS - 2)
    icon = icons["now"] if current and b.state == "todo" else icons[b.state]
    row = Text()
    row.append(f" {icon} ", style="bold")
    row.append(f"{b.block.start}-{b.block.end}", style="bold" if current else "")
    row.append("  ")
    row.append(pad(b.block.title, title_cells), style="strike dim" if b.state == "skipped" else "")
    row.append(" ")
    row.append(pad(_(b.block.kind), KIND_CELLS), style=KIND_STYLES.get(b.block.kind, ""))
    # A time that does not exist that day (daylight saving) was moved: say so.
    row.append(" *" if b.shifted else "  ", style="italic")
    return row


class BlockList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="blocks.down"),
        Binding("k", "cursor_up", "Up", show=False, id="blocks.up"),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        from cadence.widgets.bindings import translate_bindings

        translate_bindings(self)

    def show(
        self,
        blocks: list[ScheduledBlock],
        now: DateTime | None,
        *,
        ascii_icons: bool = False,
        keep: str | None = None,
    ) -> None:
        """Show ``blocks``; ``now`` (when the day is today) draws the now line and the highlight."""
        previous = keep or self.selected_block_id
        # Inside the border and the scrollbar gutter.
        width = max(30, self.scrollable_content_region.width - 2)
        self._shown = (blocks, now, ascii_icons)
        self._shown_width = width
        options: list[Option] = []
        now_placed = now is None
        for b in blocks:
            if not now_placed and now is not None and now < b.start:
                options.append(self._now_line(now, None, width))
                now_placed = True
            row = block_row(b, now, ascii_icons, width)
            options.append(Option(row, id=b.block.id))
            if not now_placed and now is not None and b.contains(now):
                options.append(self._now_line(now, b, width))
                now_placed = True
        if not now_placed and now is not None and blocks:
            options.append(self._now_line(now, None, width))
        self.set_options(options)
        target = None
        if previous is not None:
            target = next((i for i, o in enumerate(options) if o.id == previous), None)
        if target is None and now is not None:
            # Start on the block under "now", else the next one to come.
            for b in blocks:
                if b.contains(now) or b.start > now:
                    target = next(j for j, o in enumerate(options) if o.id == b.block.id)
                    break
        if target is None and options:
            target = 0 if options[0].id != NOW_ID else min(1, len(options) - 1)
        if target is not None:
            self.highlighted = target

    _shown: tuple[list[ScheduledBlock], DateTime | None, bool] | None = None
    _shown_width = 0

    def on_resize(self) -> None:
        # Rows are laid out to the list's width: lay them out again when it changes.
        if self._shown is not None:
            width = max(30, self.scrollable_content_region.width - 2)
            if width != self._shown_width:
                blocks, now, ascii_icons = self._shown
                self.show(blocks, now, ascii_icons=ascii_icons)

    def _now_line(self, now: DateTime, inside: ScheduledBlock | None, width: int) -> Option:
        """The now line; inside a block it tells the time left in it."""
        label = f" ── {_('now')} {now.format('HH:mm')} "
        if inside is not None:
            left = format_duration((inside.end - now).total_seconds(), round_up=True)
            label += f"· {_('{duration} left', duration=left)} "
        label += "─" * max(0, width - cell_len(label))
        return Option(Text(label, style="bold yellow"), id=NOW_ID, disabled=True)

    @property
    def selected_block_id(self) -> str | None:
        if self.highlighted is None or self.option_count == 0:
            return None
        option = self.get_option_at_index(self.highlighted)
        return option.id if option.id != NOW_ID else None

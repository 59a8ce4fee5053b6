"""The board's pieces: a column's cards (drawn lazily), the column, and the board."""

from __future__ import annotations

import io
from collections.abc import Sequence

from pendulum import Date
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cadence.data.models import Deliverable
from cadence.domain.deliverables import (
    days_left,
    due_state,
    measure_progress,
    source_week,
    type_name,
)
from cadence.i18n import _
from cadence.widgets.cells import clip

TYPE_STYLES = {
    "case_study": "magenta",
    "demo": "cyan",
    "notes": "blue",
    "weekly_learnings": "green",
    "experiment": "yellow",
    "capstone": "bold magenta",
}
DUE_STYLES = {"overdue": "bold red", "today": "bold yellow", "soon": "yellow"}
#: Lines of text per card; one blank line separates cards.
CARD_LINES = 4
CARD_STEP = CARD_LINES + 1


def period_label(card: Deliverable) -> str:
    """``W49`` for a week's card, ``M2`` for a month's, else ""."""
    week = source_week(card.source)
    if week:
        return "W" + week.rsplit("W", 1)[1]
    if card.month is not None:
        return _("M{n}", n=card.month)
    return ""


def due_text(card: Deliverable, today: Date, soon_days: int) -> tuple[str, str]:
    """What to say about the due date, and its style: ("late 11-30", "bold red")."""
    if not card.due:
        return "", ""
    shown = card.due[5:10] if card.due[:4] == str(today.year) else card.due[:10]
    state = due_state(card, today, soon_days)
    if state == "overdue":
        return _("late {date}", date=shown), DUE_STYLES[state]
    if state == "today":
        return _("due today"), DUE_STYLES[state]
    if state == "soon":
        left = days_left(card, today) or 0
        return _("due {date} ({n}d)", date=shown, n=left), DUE_STYLES[state]
    return _("due {date}", date=shown), "dim"


def card_fingerprint(card: Deliverable) -> tuple[object, ...]:
    """Everything a card's row shows: rows are rebuilt only when this changes."""
    return (
        card.id,
        card.title,
        card.type,
        card.due,
        card.month,
        card.source,
        card.column,
        tuple(card.tags),
        sum(1 for i in card.checklist if i.done),
        len(card.checklist),
        measure_progress(card.measures),
    )


def card_lines(
    card: Deliverable, width: int, today: Date, soon_days: int, ascii_icons: bool
) -> list[Text]:
    """A card as ``CARD_LINES`` lines of at most ``width`` cells: its title (two lines at
    most), its type and period, then its due date, progress and tags."""
    console = _console(width)
    title = Text(card.title or "-", style="bold")
    wrapped = list(title.wrap(console, width)) or [Text("")]
    if len(wrapped) > 2:
        rest = title[len(wrapped[0].plain) :]
        rest = rest[len(rest.plain) - len(rest.plain.lstrip()) :]
        wrapped = [wrapped[0], _clip_text(rest, width)]
    lines = [*wrapped]
    kind = Text(type_name(card.type), style=TYPE_STYLES.get(card.type, "dim"))
    period = period_label(card)
    if period:
        kind.append("  " + period, style="dim")
    lines.append(_clip_text(kind, width))
    facts = Text()
    due, due_style = due_text(card, today, soon_days)
    bits: list[tuple[str, str]] = []
    if due:
        bits.append((due, due_style))
    if card.checklist:
        done = sum(1 for i in card.checklist if i.done)
        mark = "x" if ascii_icons else "✓"
        bits.append((f"{mark}{done}/{len(card.checklist)}", "green" if done else "dim"))
    if card.measures:
        filled, total = measure_progress(card.measures)
        bits.append((_("measures {done}/{total}", done=filled, total=total), "dim"))
    bits.extend((f"#{t}", "cyan") for t in card.tags)
    for i, (bit, style) in enumerate(bits):
        if i:
            facts.append("  ")
        facts.append(bit, style=style)
    lines.append(_clip_text(facts, width))
    while len(lines) < CARD_LINES:
        lines.append(Text(""))
    return lines[:CARD_LINES]


_CONSOLES: dict[int, Console] = {}


def _console(width: int) -> Console:
    """A console that only measures and wraps text (never prints)."""
    console = _CONSOLES.get(width)
    if console is None:
        console = _CONSOLES[width] = Console(
            width=max(1, width), file=io.StringIO(), color_system=None, legacy_windows=False
        )
    return console


def _clip_text(text: Text, width: int) -> Text:
    """``text`` cut to ``width`` cells (CJK counts two), ``~`` marking a cut."""
    if text.cell_len <= width:
        return text
    plain = clip(text.plain, width)
    cut = text[: len(plain) - 1]
    cut.append("~", style="dim")
    return cut


class CardList(ScrollView, can_focus=False):
    """The cards of one column, each ``CARD_LINES`` lines high (display only).

    Only the cards in view are drawn, so a column of hundreds of cards redraws as
    fast as a short one. The board holds the keyboard focus and moves the
    highlight; a click posts :class:`CardList.Clicked`.
    """

    COMPONENT_CLASSES = {
        "card-list--cursor",
        "card-list--highlight",
    }
    DEFAULT_CSS = """
    CardList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .card-list--highlight {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        & > .card-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    highlighted: reactive[int | None] = reactive(None)
    #: The board's cursor is in this column: its highlight is drawn as the cursor.
    active: reactive[bool] = reactive(False)

    class Clicked(Message):
        """A card was clicked."""

        def __init__(self, card_list: CardList, index: int) -> None:
            super().__init__()
            self.card_list = card_list
            self.index = index

        @property
        def control(self) -> CardList:
            return self.card_list

    class Resized(Message):
        """The list's height changed: how many cards are in view may have too."""

        def __init__(self, card_list: CardList) -> None:
            super().__init__()
            self.card_list = card_list

    def __init__(self, column: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.column = column
        self.cards: list[Deliverable] = []
        self._view: tuple[Date, int, bool] | None = None
        self._lines: dict[tuple[object, ...], list[Strip]] = {}
        self._styles: tuple[Style, Style, Style, Style] | None = None
        #: What the board last showed here (the board redraws a list only when it changes).
        self.signature: tuple[object, ...] | None = None

    # ------------------------------------------------------------ content

    @property
    def highlighted_id(self) -> str | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.cards):
            return None
        return self.cards[index].id

    def show_cards(
        self,
        cards: Sequence[Deliverable],
        today: Date,
        soon_days: int,
        ascii_icons: bool,
        keep: str | None = None,
    ) -> None:
        """Show ``cards`` (top to bottom), keeping ``keep`` (a card id) highlighted if there."""
        index = self.highlighted or 0
        view = (today, soon_days, ascii_icons)
        if view != self._view:
            self._view = view
            self._lines.clear()
        self.cards = list(cards)
        self._resize_virtual()
        if not self.cards:
            self.highlighted = None
        else:
            ids = [c.id for c in self.cards]
            wanted = ids.index(keep) if keep in ids else min(index, len(ids) - 1)
            if self.highlighted == wanted:
                self._scroll_to_card(wanted)
            self.highlighted = wanted
        self.refresh()

    def highlight_id(self, card_id: str) -> None:
        for index, card in enumerate(self.cards):
            if card.id == card_id:
                self.highlighted = index
                return

    def _resize_virtual(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, max(1, len(self.cards) * CARD_STEP - 1))

    def on_resize(self) -> None:
        self._lines.clear()
        self._resize_virtual()
        if self.highlighted is not None:
            self._scroll_to_card(self.highlighted)
        self.post_message(self.Resized(self))

    # ------------------------------------------------------------ drawing

    def _card_strips(self, card: Deliverable, width: int) -> list[Strip]:
        key = (*card_fingerprint(card), width)
        strips = self._lines.get(key)
        if strips is None:
            if len(self._lines) > 4096:
                self._lines.clear()
            today, soon, ascii_icons = self._view or (Date.today(), 3, False)
            console = _console(width)
            strips = []
            for line in card_lines(card, max(1, width - 2), today, soon, ascii_icons):
                segments = list(Text(" ").append_text(line).render(console))
                strips.append(Strip(segments).extend_cell_length(width).crop(0, width))
            self._lines[key] = strips
        return strips

    def render_lines(self, crop: Region) -> list[Strip]:
        self._styles = None  # worked out again once per redraw (the theme may have changed)
        return super().render_lines(crop)

    def _get_styles(self) -> tuple[Style, Style, Style, Style]:
        """(base, cursor, highlight, empty) styles, computed once per redraw: working them
        out for every line was most of the cost of drawing a column."""
        if self._styles is None:
            base = self.rich_style
            self._styles = (
                base,
                base + self.get_component_rich_style("card-list--cursor"),
                base + self.get_component_rich_style("card-list--highlight"),
                base + Style(dim=True, italic=True),
            )
        return self._styles

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base, cursor, highlight, empty = self._get_styles()
        line = self.scroll_offset.y + y
        if not self.cards:
            if line != 0:
                return Strip.blank(width, base)
            strip = Strip([Segment(" " + _("No cards."), empty)])
            return strip.extend_cell_length(width, base).crop(0, width)
        index, offset = divmod(line, CARD_STEP)
        if index >= len(self.cards) or offset == CARD_LINES:
            return Strip.blank(width, base)
        strip = self._card_strips(self.cards[index], width)[offset]
        if index == self.highlighted:
            return strip.apply_style(cursor if self.active else highlight)
        return strip.apply_style(base)

    # ------------------------------------------------------------ moving

    def watch_highlighted(self, new: int | None) -> None:
        if new is not None:
            self._scroll_to_card(new)
        self.refresh()

    def watch_active(self) -> None:
        self.refresh()

    def validate_highlighted(self, value: int | None) -> int | None:
        if value is None or not self.cards:
            return None
        return max(0, min(len(self.cards) - 1, value))

    def _scroll_to_card(self, index: int) -> None:
        region = Region(0, index * CARD_STEP, max(1, self.size.width), CARD_LINES)
        self.scroll_to_region(region, animate=False, force=True, immediate=True)

    @property
    def overflows(self) -> bool:
        """True when some cards are out of view."""
        return len(self.cards) * CARD_STEP - 1 > self.scrollable_content_region.height

    @property
    def page(self) -> int:
        """Cards in a page: how many fit in view."""
        return max(1, self.scrollable_content_region.height // CARD_STEP)

    def move_highlight(self, delta: int) -> None:
        """Move the highlight ``delta`` cards down (+) or up (-); clamped to the list."""
        if self.cards:
            self.highlighted = (self.highlighted or 0) + delta

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index, line = divmod(offset.y + self.scroll_offset.y, CARD_STEP)
        if index < len(self.cards) and line < CARD_LINES:
            self.post_message(self.Clicked(self, index))


class KanbanColumn(Vertical):
    """One column of the board; its title and count sit on its top border."""

    def __init__(self, column: str) -> None:
        super().__init__(id=f"column-{column}", classes="kanban-column")
        self.column = column

    def compose(self) -> ComposeResult:
        yield CardList(self.column, id=f"cards-{self.column}")

    @property
    def cards(self) -> CardList:
        return self.query_one(CardList)


class KanbanBoard(Horizontal, can_focus=True):
    """The columns side by side. It holds the keyboard focus for the whole board, so moving
    between columns changes no focus (and redraws only what moved)."""

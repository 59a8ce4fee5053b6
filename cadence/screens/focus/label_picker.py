"""What a focus session is for: type to narrow the plan's blocks, lectures, goals and
cards (fuzzy), or keep the text as typed. Returns ``(label, link)``; never writes."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.fuzzy import FuzzySearch
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cadence.domain.focus_labels import LabelChoice
from cadence.i18n import _
from cadence.widgets.form import FormDialog, FormError

#: At most this many choices are listed at once.
MAX_CHOICES = 60
KINDS = ("block", "lecture", "goal", "card", "text")


#: What each kind of choice is called (English; shown through ``_``).
KIND_TITLES = {
    "block": "Today",
    "lecture": "Course",
    "goal": "Goal",
    "card": "Card",
    "text": "Free text",
}


def kind_name(kind: str) -> str:
    return _(KIND_TITLES.get(kind, kind))


class LabelPicker(FormDialog[tuple[str, str | None]]):
    """Enter (or ctrl+s) takes the highlighted line; the first line is the text as typed."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("down", "move(1)", "Down", show=False, id="label.down"),
        Binding("up", "move(-1)", "Up", show=False, id="label.up"),
    ]

    def __init__(self, choices: list[LabelChoice], current: str = "") -> None:
        super().__init__(_("What is this session for?"))
        self.choices = choices
        self.current = current
        self.shown: list[LabelChoice] = []
        self._search = FuzzySearch()
        self._tag_width = max(cell_len(kind_name(k)) for k in KINDS)

    def fields(self) -> ComposeResult:
        yield Input(value="", placeholder=_("Type to search, or write your own"), id="label-input")
        yield OptionList(id="label-options")
        yield Static(Text(_("enter: choose    up/down: move    esc: cancel"), style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).can_focus = False
        self._fill("")
        self.query_one(Input).focus()

    def _prompt(self, choice: LabelChoice, offsets: set[int]) -> Text:
        tag = kind_name(choice.kind)
        text = Text(tag + " " * (self._tag_width - cell_len(tag) + 2), style="dim")
        label = Text(choice.label)
        for offset in offsets:
            if offset < len(choice.label) and not choice.label[offset].isspace():
                label.stylize("bold reverse", offset, offset + 1)
        text.append_text(label)
        if choice.detail:
            text.append("  " + choice.detail, style="dim")
        return text

    def _fill(self, query: str) -> None:
        query = query.strip()
        ranked: list[tuple[float, int, LabelChoice, set[int]]] = []
        if query:
            for index, choice in enumerate(self.choices):
                score, offsets = self._search.match(query, choice.search_text)
                if score > 0:
                    ranked.append((score, index, choice, set(offsets)))
            ranked.sort(key=lambda r: (-r[0], r[1]))
        else:
            ranked = [(0.0, i, c, set()) for i, c in enumerate(self.choices)]
        shown = [(c, o) for _s, _i, c, o in ranked[:MAX_CHOICES]]
        if query:
            shown.insert(0, (LabelChoice(query, None, "text"), set()))
        self.shown = [c for c, _o in shown]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(self._prompt(c, o)) for c, o in shown)
        if shown:
            # With a query, the best match goes first after the free text; highlight it.
            options.highlighted = 1 if query and len(shown) > 1 else 0

    @on(Input.Changed, "#label-input")
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._pair(self.shown[event.option_index]))

    def result(self) -> tuple[str, str | None]:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.shown:
            raise FormError(_("Type what the session is for."), "#label-input")
        return self._pair(self.shown[options.highlighted])

    @staticmethod
    def _pair(choice: LabelChoice) -> tuple[str, str | None]:
        return choice.label, choice.link

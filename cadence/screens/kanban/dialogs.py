"""The board's dialogs: card details, the card editor, the filter, delete, columns and WIP.

The forms are ``FormDialog``s: they check everything before they return; a problem is
said on the form's error line and the field at fault gets the focus. They return a
value and the board saves it: nothing here writes to the store. The details view
hands checklist ticks to the board the same way.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Input,
    Label,
    Markdown,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from cadence.data.models import CARD_TYPES, COLUMNS, Deliverable, Settings
from cadence.domain.deliverables import (
    COLUMN_TITLES,
    CardFilter,
    MeasureLineError,
    column_name,
    format_checklist,
    format_measures,
    format_number,
    parse_checklist,
    parse_measures,
    parse_tags,
    type_name,
)
from cadence.domain.plan_time import LAST_MONTH, parse_date
from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.screens.confirm import ConfirmDelete as ConfirmDeleteBase
from cadence.screens.kanban.column import (
    due_text,
    period_label,
)
from cadence.widgets.cells import clip
from cadence.widgets.form import FormDialog, FormError, RecordForm, choice, pair

if TYPE_CHECKING:
    from cadence.screens.kanban.screen import KanbanScreen

MAX_COLUMN_NAME = 20
#: A goal's text in the editor's goal list is cut to this many cells (the details show it all).
GOAL_CELLS = 28
MEASURE_PROBLEMS = {
    "name": "Measures line {n}: a name is needed.",
    "target": "Measures line {n}: the target is not a number.",
    "current": "Measures line {n}: the current value is not a number.",
    "too many fields": "Measures line {n}: write name | unit | target | current.",
}


def _type_options() -> list[tuple[str, str]]:
    return [(type_name(t), t) for t in CARD_TYPES]


def _month_options() -> list[tuple[str, int]]:
    return [(_("Month {n}", n=m), m) for m in range(LAST_MONTH + 1)]


def _value(select: Select) -> object | None:
    value = select.value
    return None if value is Select.NULL else value


# ---------------------------------------------------------------- details


class CardDetail(CadenceModal):
    """A card in full: its Markdown description, checklist (space ticks) and measures."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="card.close"),
        Binding("e", "edit", "Edit", id="card.edit"),
    ]

    def __init__(self, board: KanbanScreen, card_id: str) -> None:
        super().__init__()
        self.board = board
        self.card_id = card_id

    @property
    def card(self) -> Deliverable:
        return self.board.cards[self.card_id]

    def compose(self) -> ComposeResult:
        card = self.card
        with Vertical(id="detail-box", classes="dialog"):
            yield Static(self._head(card), id="detail-head")
            with VerticalScroll(id="detail-body"):
                yield Markdown(card.description or _("*No description yet: press e to write one.*"))
                if card.checklist:
                    done = sum(1 for i in card.checklist if i.done)
                    yield Label(
                        _("Checklist {done}/{total}", done=done, total=len(card.checklist)),
                        classes="section",
                        id="checklist-title",
                    )
                    yield SelectionList[str](
                        *(Selection(Text(i.text), i.id, i.done) for i in card.checklist),
                        id="detail-checklist",
                    )
                if card.measures:
                    yield Label(_("Measures"), classes="section")
                    yield DataTable(id="detail-measures", cursor_type="none", zebra_stripes=True)
            yield Static(_("space ticks an item - e edits - esc closes"), classes="hint")

    def _head(self, card: Deliverable) -> Text:
        app = self.board.cadence
        text = Text(card.title, style="bold")
        text.append("\n")
        text.append(type_name(card.type), style="magenta")
        text.append("  " + column_name(app.settings, card.column), style="dim")
        period = period_label(card)
        if period:
            text.append("  " + period, style="dim")
        due, style = due_text(card, self.board.today, app.settings.due_soon_days)
        if due:
            text.append("  ")
            text.append(due, style=style)
        goal = next((g for g in app.repo.goals() if g.id == card.goal_id), None)
        if goal is not None:
            text.append("\n" + _("Goal: {goal}", goal=goal.text), style="italic")
        if card.tags:
            text.append("\n" + " ".join(f"#{t}" for t in card.tags), style="cyan")
        return text

    def on_mount(self) -> None:
        card = self.card
        if card.measures:
            table = self.query_one("#detail-measures", DataTable)
            table.add_columns(_("Measure"), _("Target"), _("Current"), _("Unit"))
            for m in card.measures:
                table.add_row(
                    Text(m.name), format_number(m.target), format_number(m.current), Text(m.unit)
                )
        if card.checklist:
            self.query_one("#detail-checklist", SelectionList).focus()

    @on(SelectionList.SelectionToggled)
    def _ticked(self, event: SelectionList.SelectionToggled) -> None:
        event.stop()
        if self.card_id not in self.board.cards:
            return
        ticked = set(event.selection_list.selected)
        self.board.tick(self.card_id, {i.id: i.id in ticked for i in self.card.checklist})
        items = self.card.checklist
        done = sum(1 for i in items if i.done)
        self.query_one("#checklist-title", Label).update(
            _("Checklist {done}/{total}", done=done, total=len(items))
        )

    def action_close(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        self.dismiss("edit")


# ---------------------------------------------------------------- editor


class CardEditor(RecordForm[Deliverable]):
    """Every field of a card. ``ctrl+s`` saves (after checking all of it), ``esc`` cancels."""

    CSS_PATH = "dialogs.tcss"

    TITLES = ("New card", "Edit card")

    def fields(self) -> ComposeResult:
        card = self.record
        yield Label(_("Title"))
        yield Input(card.title, id="title", compact=True)
        yield pair(
            (_("Type"), choice(_type_options(), card.type, id="type")),
            (
                _("Due (YYYY-MM-DD)"),
                Input(card.due or "", placeholder="2026-12-31", id="due", compact=True),
            ),
        )
        yield pair(
            (
                _("Plan month"),
                choice(_month_options(), card.month, id="month", prompt=_("No month")),
            ),
            (
                _("Roadmap goal"),
                choice(
                    self._goal_options(card.month),
                    self._goal_value(card),
                    id="goal",
                    prompt=_("No goal"),
                ),
            ),
        )
        yield Label(_("Tags (spaces or commas)"))
        yield Input(" ".join(card.tags), placeholder="rag agent", id="tags", compact=True)
        yield Label(_("Description (Markdown)"))
        yield TextArea(card.description, id="description", soft_wrap=True)
        yield Label(_("Checklist: one item a line, [x] marks it done"), markup=False)
        yield TextArea(format_checklist(card.checklist), id="checklist", soft_wrap=True)
        yield Label(_("Measures: name | unit | target | current"), id="measures-label")
        yield TextArea(format_measures(card.measures), id="measures", soft_wrap=True)

    def on_mount(self) -> None:
        self._show_measures(self.record.type)

    def _goal_options(self, month: int | None) -> list[tuple[Text, str]]:
        if month is None:
            return []
        goals = [g for g in self.cadence.repo.goals() if g.month == month]
        return [(Text(clip(f"{_(g.track)}: {g.text}", GOAL_CELLS)), g.id) for g in goals]

    def _goal_value(self, card: Deliverable) -> str | None:
        ids = {v for _t, v in self._goal_options(card.month)}
        return card.goal_id if card.goal_id in ids else None

    def _show_measures(self, card_type: object) -> None:
        shown = card_type == "capstone" or bool(self.query_one("#measures", TextArea).text.strip())
        self.query_one("#measures", TextArea).display = shown
        self.query_one("#measures-label", Label).display = shown

    @on(Select.Changed, "#type")
    def _type_changed(self, event: Select.Changed) -> None:
        self._show_measures(event.value)

    @on(Select.Changed, "#month")
    def _month_changed(self, event: Select.Changed) -> None:
        month = None if event.value is Select.NULL else int(event.value)  # type: ignore[call-overload]
        goal = self.query_one("#goal", Select)
        keep = goal.value
        options = self._goal_options(month)
        goal.set_options(options)
        if keep in {v for _t, v in options}:
            goal.value = keep

    def result(self) -> Deliverable:
        """The card as the form says; FormError names what is wrong."""
        title = self.query_one("#title", Input).value.strip()
        if not title:
            raise FormError(_("Give the card a title."), "#title")
        due_text = self.query_one("#due", Input).value.strip()
        due: str | None = None
        if due_text:
            try:
                due = parse_date(due_text).isoformat()
            except ValueError:
                raise FormError(_("Due date: use YYYY-MM-DD, e.g. 2026-12-31."), "#due") from None
        try:
            measures = parse_measures(self.query_one("#measures", TextArea).text)
        except MeasureLineError as exc:
            raise FormError(_(MEASURE_PROBLEMS[exc.problem], n=exc.line), "#measures") from None
        month = _value(self.query_one("#month", Select))
        goal = _value(self.query_one("#goal", Select))
        return dataclasses.replace(
            self.record,
            title=title,
            type=str(_value(self.query_one("#type", Select)) or "other"),
            due=due,
            month=int(month) if month is not None else None,  # type: ignore[call-overload]
            goal_id=str(goal) if goal is not None else None,
            tags=parse_tags(self.query_one("#tags", Input).value),
            description=self.query_one("#description", TextArea).text.strip("\n"),
            checklist=parse_checklist(
                self.query_one("#checklist", TextArea).text, self.record.checklist
            ),
            measures=measures,
        )


# ---------------------------------------------------------------- filter


class FilterCards(FormDialog[CardFilter]):
    """Show only the cards matching words, a type, a plan month and a tag."""

    CSS_PATH = "dialogs.tcss"
    SAVE_LABEL = "Apply"
    BINDINGS = [
        Binding("ctrl+s", "save", "Apply", id="filter.apply"),
        Binding("ctrl+r", "clear", "Clear filter", id="filter.clear"),
    ]

    def __init__(self, current: CardFilter, tags: list[str]) -> None:
        super().__init__(_("Filter cards"))
        self.current = current
        self.tags = tags

    def fields(self) -> ComposeResult:
        f = self.current
        yield Label(_("Words in the title, description, checklist or tags"))
        yield Input(f.text, id="filter-text", compact=True)
        yield pair(
            (_("Type"), choice(_type_options(), f.type, id="filter-type", prompt=_("Any type"))),
            (
                _("Plan month"),
                choice(_month_options(), f.month, id="filter-month", prompt=_("Any month")),
            ),
        )
        yield Label(_("Tag"))
        yield choice(
            [(Text(f"#{t}"), t) for t in self.tags],
            f.tag if f.tag in self.tags else None,
            id="filter-tag",
            prompt=_("Any tag"),
        )

    def result(self) -> CardFilter:
        month = _value(self.query_one("#filter-month", Select))
        tag = _value(self.query_one("#filter-tag", Select))
        kind = _value(self.query_one("#filter-type", Select))
        return CardFilter(
            text=self.query_one("#filter-text", Input).value.strip(),
            type=str(kind) if kind is not None else None,
            month=int(month) if month is not None else None,  # type: ignore[call-overload]
            tag=str(tag) if tag is not None else None,
        )

    def action_clear(self) -> None:
        self.dismiss(CardFilter())


# ---------------------------------------------------------------- delete


class ConfirmDelete(ConfirmDeleteBase):
    """Asks before a card is deleted. ``y`` deletes, ``n`` or ``esc`` keeps it."""

    def __init__(self, title: str) -> None:
        super().__init__(_("Delete this card?"), title, _("You can undo it with u on the board."))
        self.card_title = title


# ---------------------------------------------------------------- columns and WIP


class BoardSettings(FormDialog[Settings]):
    """The columns' names, the Doing column's WIP limit and how soon is "due soon"."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self, settings: Settings) -> None:
        super().__init__(_("Columns and WIP limit"))
        self.settings = settings

    def fields(self) -> ComposeResult:
        s = self.settings
        for column in COLUMNS:
            with HorizontalGroup(classes="row"):
                yield Label(_(COLUMN_TITLES[column]), classes="row-label")
                yield Input(
                    s.column_names.get(column, ""),
                    placeholder=_(COLUMN_TITLES[column]),
                    id=f"name-{column}",
                    compact=True,
                )
        with HorizontalGroup(classes="row"):
            yield Label(_("WIP limit of Doing (0 = none)"), classes="row-label")
            yield Input(str(s.wip_doing), id="wip", type="integer", compact=True)
        with HorizontalGroup(classes="row"):
            yield Label(_("Due soon: days ahead"), classes="row-label")
            yield Input(str(s.due_soon_days), id="soon", type="integer", compact=True)

    def result(self) -> Settings:
        names: dict[str, str] = {}
        for column in COLUMNS:
            name = self.query_one(f"#name-{column}", Input).value.strip()
            if len(name) > MAX_COLUMN_NAME:
                raise FormError(
                    _("A column name has at most {n} characters.", n=MAX_COLUMN_NAME),
                    f"#name-{column}",
                )
            if name:
                names[column] = name
        numbers: list[int] = []
        for field_id, high, message in (
            ("wip", 99, _("The WIP limit is a whole number from 0 to 99.")),
            ("soon", 30, _("Due soon is a whole number of days from 0 to 30.")),
        ):
            try:
                value = int(self.query_one(f"#{field_id}", Input).value.strip())
            except ValueError:
                value = -1
            if not 0 <= value <= high:
                raise FormError(message, f"#{field_id}")
            numbers.append(value)
        return dataclasses.replace(
            self.settings, column_names=names, wip_doing=numbers[0], due_soon_days=numbers[1]
        )

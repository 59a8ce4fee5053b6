"""Kanban: deliverables and the capstones in four columns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from cadence.data.models import COLUMNS
from cadence.i18n import _
from cadence.screens.base import CadenceScreen

COLUMN_TITLES = {"backlog": "Backlog", "week": "This week", "doing": "Doing", "done": "Done"}


class KanbanScreen(CadenceScreen):
    SCREEN_TITLE = "Kanban"
    MODE = "kanban"
    CSS_PATH = "kanban.tcss"

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with Horizontal(id="board"):
            for column in COLUMNS:
                with Vertical(classes="column"):
                    yield Static(id=f"title-{column}", classes="column-title")
                    yield OptionList(id=f"col-{column}")
        yield Footer()

    def refresh_data(self) -> None:
        cards = self.cadence.repo.cards()
        for column in COLUMNS:
            in_column = [c for c in cards if c.column == column]
            title = self.query_one(f"#title-{column}", Static)
            title.update(f"[b]{_(COLUMN_TITLES[column])}[/b] ({len(in_column)})")
            options = self.query_one(f"#col-{column}", OptionList)
            options.clear_options()
            if not in_column:
                options.add_option(Option(f"[dim]{_('No cards.')}[/]", disabled=True))
            for card in in_column:
                due = f"\n[dim]{card.due}[/]" if card.due else ""
                options.add_option(Option(f"{card.title}\n[dim]{_(card.type)}[/]{due}", id=card.id))

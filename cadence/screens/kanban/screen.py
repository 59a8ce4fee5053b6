"""Kanban: the plan's deliverables and the three capstones, moved with the keyboard.

Every change is a function of the board (``cadence.domain.deliverables``: "card X to
the top of Doing"). A key applies it to the cards on screen at once, so the repaint
never waits, and hands the same function to ``repo.update_board`` through
``app.persist``: the writer applies it to the board as it is on disk, one change after
another in the order of the keys. When the store says the board changed
(``data_changed``), the screen reads it again and applies on top the changes whose
write has not landed yet (the writer says so through ``host.on_main``), so a burst of
keys never flickers back. Changes say where things end up, so applying one to a
board that has it already changes nothing.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from pendulum import Date
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.markup import escape
from textual.widgets import Static

from cadence.data.models import COLUMNS, Deliverable, Settings
from cadence.domain.deliverables import (
    TYPE_TITLES,
    BoardChange,
    CardFilter,
    DraftBoard,
    add_at_bottom,
    all_tags,
    column_cards,
    column_name,
    delete,
    merge_edit,
    move_card,
    move_to,
    over_limit,
    reorder,
    restore,
    set_orders,
    source_week,
    tick_items,
    type_name,
)
from cadence.domain.plan_time import LAST_MONTH, month_of, parse_date
from cadence.domain.schedule import logical_date
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.confirm import pop_undo
from cadence.screens.kanban.column import (
    CardList,
    KanbanBoard,
    KanbanColumn,
    card_fingerprint,
)
from cadence.screens.keys import screen_bindings
from cadence.services.board import CardReader
from cadence.widgets.footer import CadenceFooter

UNDO_DEPTH = 50
#: Where a new card goes when the cursor is in Done: new cards never start done.
NEW_IN_DONE = "backlog"


class KanbanScreen(CadenceScreen):
    SCREEN_TITLE = "Kanban"
    MODE = "kanban"
    CSS_PATH = "kanban.tcss"
    BINDINGS = screen_bindings("kanban")
    WATCHES = ("board",)

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, Deliverable] = {}
        self.filter = CardFilter()
        self.show_done = True
        #: (what was done, [(card id, the card before, or None when it did not exist)])
        self.undo_stack: list[tuple[str, list[tuple[str, Deliverable | None]]]] = []
        #: Changes shown here whose write has not landed yet, by number (UI thread only).
        self.unwritten: dict[int, BoardChange] = {}
        self._numbered = 0
        self._counts: dict[str, int] = {}
        self._reader = CardReader(self.cadence.repo)
        #: The column the cursor is in (the board holds the focus, not the columns).
        self.active = "backlog"

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        with KanbanBoard(id="board"):
            for column in COLUMNS:
                yield KanbanColumn(column)
        yield Static(id="board-status")
        yield CadenceFooter()

    def on_mount(self) -> None:
        if self.app_closing:
            return
        self.set_active(self.active)
        self.query_one(KanbanBoard).focus()

    def set_active(self, column: str) -> None:
        """Put the cursor in ``column``: only two highlights are redrawn (no focus change)."""
        self.active = column
        for name in COLUMNS:
            self.list_of(name).active = name == column

    # ------------------------------------------------------------ reading and drawing

    def list_of(self, column: str) -> CardList:
        return self.query_one(f"#cards-{column}", CardList)

    @property
    def today(self) -> Date:
        app = self.cadence
        return logical_date(app.clock.now(), app.settings.rollover_hour)

    def refresh_data(self) -> None:
        """The board as stored, with the changes not written yet on top."""
        draft = DraftBoard({c.id: c for c in self._reader.cards()})
        for change in self.unwritten.values():
            change(draft)
        self.cards = draft.cards
        self.draw()

    def visible_columns(self) -> list[str]:
        return [c for c in COLUMNS if c != "done" or self.show_done]

    def shown_cards(self, column: str) -> list[Deliverable]:
        return [c for c in column_cards(self.cards.values(), column) if self.filter.matches(c)]

    def draw(
        self, keep: dict[str, str] | None = None, columns: Iterable[str] | None = None
    ) -> None:
        """Redraw the columns whose cards changed (only ``columns`` when given: a move
        touches two); ``keep`` maps a column to the card to highlight there."""
        settings = self.cadence.settings
        today = self.today
        soon = settings.due_soon_days
        visible = self.visible_columns()
        redo = set(COLUMNS if columns is None else columns)
        for column in COLUMNS:
            box = self.query_one(f"#column-{column}", KanbanColumn)
            if box.display != (column in visible):
                box.display = column in visible
            listing = box.cards
            listing.active = column == self.active  # (new lists after a recompose)
            if column in redo:
                cards = self.shown_cards(column)
                self._counts[column] = len(cards)
                signature = (today, soon, settings.ascii_icons, tuple(map(card_fingerprint, cards)))
                if listing.signature != signature:
                    listing.signature = signature
                    wanted = (keep or {}).get(column) or listing.highlighted_id
                    listing.show_cards(cards, today, soon, settings.ascii_icons, keep=wanted)
                    continue
            if keep and column in keep:
                listing.highlight_id(keep[column])
        self._titles()
        self._status()

    def _titles(self) -> None:
        """Each column's name and count on its top border, its WIP and place on the bottom."""
        settings = self.cadence.settings
        totals = Counter(c.column for c in self.cards.values())
        for column in COLUMNS:
            box = self.query_one(f"#column-{column}", KanbanColumn)
            total = totals[column]
            shown = f"{self._counts.get(column, 0)}/{total}" if self.filter.active else str(total)
            title = f"{escape(column_name(settings, column))} {shown}"
            box.set_class(column == "doing" and 0 < settings.wip_doing < total, "-over-limit")
            if box.border_title != title:
                box.border_title = title
            self._subtitle(column, total)

    def _subtitle(self, column: str, total: int | None = None) -> None:
        """The bottom border: Doing's WIP, and the cursor's place when cards are out of view
        (the columns have no scrollbars: redrawing four of them made every move slow)."""
        settings = self.cadence.settings
        if total is None:
            total = sum(1 for c in self.cards.values() if c.column == column)
        parts: list[str] = []
        if column == "doing" and settings.wip_doing > 0:
            wip = _("WIP {count}/{limit}", count=total, limit=settings.wip_doing)
            parts.append(f"[b]{wip} ![/b]" if total > settings.wip_doing else wip)
        listing = self.list_of(column)
        if listing.overflows and listing.highlighted is not None:
            parts.append(f"{listing.highlighted + 1}/{len(listing.cards)}")
        subtitle = "  ".join(parts)
        box = self.query_one(f"#column-{column}", KanbanColumn)
        if box.border_subtitle != subtitle:
            box.border_subtitle = subtitle

    def _status(self) -> None:
        parts: list[str] = []
        f = self.filter
        if f.active:
            bits = [
                type_name(f.type) if f.type in TYPE_TITLES else "",
                _("M{n}", n=f.month) if f.month is not None else "",
            ]
            bits.append(f"#{f.tag}" if f.tag else "")
            bits.append(f'"{f.text.strip()}"' if f.text.strip() else "")
            what = ", ".join(b for b in bits if b)
            parts.append(_("Filter: {what} (esc clears)", what=what))
        if not self.show_done:
            parts.append(_("Done hidden (D shows it)"))
        status = self.query_one("#board-status", Static)
        status.update(Text("   ".join(parts)))
        status.display = bool(parts)

    # ------------------------------------------------------------ the focused card

    def focused_column(self) -> str:
        return self.active

    def current_card(self) -> Deliverable | None:
        card_id = self.list_of(self.active).highlighted_id
        return self.cards.get(card_id) if card_id else None

    def _need_card(self) -> Deliverable | None:
        card = self.current_card()
        if card is None:
            self.notify(_("No card here."), severity="warning", timeout=3)
        return card

    def _now_iso(self) -> str:
        return self.cadence.clock.now().isoformat()

    # ------------------------------------------------------------ changing cards

    def change(
        self,
        label: str,
        change: BoardChange,
        touched: Iterable[str],
        *,
        undoable: bool = True,
        keep: dict[str, str] | None = None,
    ) -> bool:
        """Apply ``change`` to the cards here (drawn at once), remember how to undo it, and
        hand it to the writer. ``touched``: the ids of the cards it may change. False (and
        nothing changed) when the data is open read-only."""
        app = self.cadence
        if app.runtime.read_only:
            app.persist(lambda: None)  # says that nothing can be saved
            return False
        # Cards are never changed in place (changes put new ones), so no copy is needed.
        before = [(i, self.cards.get(i)) for i in dict.fromkeys(touched)]
        draft = DraftBoard(dict(self.cards))
        change(draft)
        self.cards = draft.cards
        if undoable:
            self.undo_stack.append((label, before))
            del self.undo_stack[:-UNDO_DEPTH]
        columns = {c.column for _i, c in before if c is not None}
        columns |= {self.cards[i].column for i, _c in before if i in self.cards}
        self.draw(keep, columns)
        self._numbered += 1
        number = self._numbered
        self.unwritten[number] = change
        repo, host = app.repo, app.host

        def write() -> None:
            failed = True
            try:
                repo.update_board(change)
                failed = False
            finally:
                # Posted after the store's own "board changed": no waiting on the UI.
                host.on_main(lambda: self._written(number, failed))

        app.persist(write)
        return True

    def _written(self, number: int, failed: bool) -> None:
        """The write of change ``number`` is over (on disk, or failed and said so)."""
        self.unwritten.pop(number, None)
        if failed and self.is_mounted:
            self.refresh_data()  # show what is stored

    # ------------------------------------------------------------ keys: focus

    def action_focus_column(self, step: int) -> None:
        columns = self.visible_columns()
        current = self.active
        index = columns.index(current) if current in columns else 0
        target = columns[max(0, min(len(columns) - 1, index + step))]
        if target == current:
            return
        row = self.list_of(current).highlighted or 0
        listing = self.list_of(target)
        self.set_active(target)
        if listing.cards:
            listing.highlighted = min(row, len(listing.cards) - 1)
        self._subtitle(target)

    def action_cursor(self, delta: int) -> None:
        self.list_of(self.active).move_highlight(delta)
        self._subtitle(self.active)

    def action_edge(self, direction: int) -> None:
        listing = self.list_of(self.active)
        listing.move_highlight(direction * len(listing.cards))
        self._subtitle(self.active)

    def action_page(self, direction: int) -> None:
        listing = self.list_of(self.active)
        listing.move_highlight(direction * listing.page)
        self._subtitle(self.active)

    def action_details(self) -> None:
        card = self.current_card()
        if card is not None:
            self.show_details(card.id)

    # ------------------------------------------------------------ keys: moving cards

    def action_move(self, step: int) -> None:
        card = self._need_card()
        if card is None:
            return
        moved = move_card(list(self.cards.values()), card.id, step, self._now_iso())
        if moved is None:
            self.app.bell()
            return
        source = self.list_of(card.column)
        row = source.highlighted or 0
        change = move_to(card.id, moved.column, self._now_iso())
        if not self.change(_("move"), change, [card.id], keep={moved.column: moved.id}):
            return
        moved = self.cards[card.id]
        settings = self.cadence.settings
        if moved.column == "doing" and over_limit(self.cards.values(), "doing", settings.wip_doing):
            count = sum(1 for c in self.cards.values() if c.column == "doing")
            self.notify(
                _(
                    "{column} holds {count} cards, over its limit of {limit}.",
                    column=column_name(settings, "doing"),
                    count=count,
                    limit=settings.wip_doing,
                ),
                title=_("WIP limit"),
                severity="warning",
                timeout=5,
                markup=False,
            )
        if moved.type == "weekly_learnings" and moved.column == "done":
            week = source_week(moved.source)
            if week:
                self.notify(_("The weekly review of {week} is marked finished.", week=week))
        if moved.column in self.visible_columns() and self.filter.matches(moved):
            self.set_active(moved.column)
        else:
            count = len(self.shown_cards(card.column))
            if count:
                source.highlighted = min(row, count - 1)
            self.notify(
                _("Moved to {column}.", column=column_name(settings, moved.column)),
                timeout=3,
                markup=False,
            )

    def action_reorder(self, delta: int) -> None:
        card = self._need_card()
        if card is None:
            return
        column = column_cards(self.cards.values(), card.column)
        visible = {c.id for c in column if self.filter.matches(c)}
        changed = reorder(column, card.id, delta, self._now_iso(), visible)
        if not changed:
            self.app.bell()
            return
        orders = {c.id: c.order for c in changed}
        change = set_orders(orders, card.id, self._now_iso())
        self.change(_("reorder"), change, list(orders), keep={card.column: card.id})

    # ------------------------------------------------------------ keys: cards

    def action_new_card(self) -> None:
        from cadence.screens.kanban.dialogs import CardEditor

        column = self.focused_column()
        if column == "done":
            column = NEW_IN_DONE
        app = self.cadence
        month: int | None = None
        with contextlib.suppress(ValueError):  # no plan start
            month = month_of(parse_date(app.settings.plan_start), self.today)
        if month is not None and month > LAST_MONTH:
            month = None
        card = Deliverable(title="", column=column, month=month)
        self.app.push_screen(CardEditor(card, new=True), self._created)

    def _created(self, card: Deliverable | None) -> None:
        if card is None:
            return
        now = self._now_iso()
        card = replace(card, created=now, updated=now)
        if not self.change(
            _("new card"), add_at_bottom(card), [card.id], keep={card.column: card.id}
        ):
            return
        if card.column in self.visible_columns():
            self.set_active(card.column)
        self.notify(_("Card added."), timeout=3)

    def action_edit_card(self) -> None:
        card = self._need_card()
        if card is not None:
            self.edit(card.id)

    def edit(self, card_id: str) -> None:
        from cadence.screens.kanban.dialogs import CardEditor

        card = self.cards.get(card_id)
        if card is None:
            return

        def edited(result: Deliverable | None) -> None:
            if result is None or card_id not in self.cards:
                return
            result = replace(result, updated=self._now_iso())
            conflicts: list[str] = []
            change = merge_edit(card, result, conflicts)
            if self.change(_("edit"), change, [card_id], keep={result.column: card_id}):
                self.notify(_("Card saved."), timeout=3)

        self.app.push_screen(CardEditor(card), edited)

    @on(CardList.Resized)
    def _list_resized(self, event: CardList.Resized) -> None:
        """The cursor's place on a column's border shows while cards are out of view."""
        event.stop()
        if self.cards:
            self._subtitle(event.card_list.column)

    @on(CardList.Clicked)
    def _clicked(self, event: CardList.Clicked) -> None:
        """A click highlights a card; a click on the highlighted card opens it."""
        event.stop()
        listing = event.card_list
        self.query_one(KanbanBoard).focus()
        if listing.column == self.active and listing.highlighted == event.index:
            self.action_details()
            return
        self.set_active(listing.column)
        listing.highlighted = event.index
        self._subtitle(listing.column)

    def show_details(self, card_id: str) -> None:
        from cadence.screens.kanban.dialogs import CardDetail

        def done(result: object) -> None:
            if result == "edit":
                self.edit(card_id)

        self.app.push_screen(CardDetail(self, card_id), done)

    def tick(self, card_id: str, done: dict[str, bool]) -> None:
        """Tick checklist items (the details view), undoable like the rest."""
        self.change(_("tick"), tick_items(card_id, done, self._now_iso()), [card_id])

    def action_delete_card(self) -> None:
        from cadence.screens.kanban.dialogs import ConfirmDelete

        card = self._need_card()
        if card is None:
            return

        def confirmed(yes: object) -> None:
            if yes is not True or card.id not in self.cards:
                return
            if self.change(_("delete"), delete(card.id), [card.id]):
                self.notify(_("Card deleted. Press u to undo."), timeout=5)

        self.app.push_screen(ConfirmDelete(card.title), confirmed)

    def action_undo(self) -> None:
        last = pop_undo(self, self.undo_stack)
        if last is None:
            return
        label, before = last
        back = [card for _id, card in before if card is not None]
        keep = {c.column: c.id for c in back}
        if not self.change(
            label, restore(before), [i for i, _c in before], undoable=False, keep=keep
        ):
            return
        # The cursor goes with the card put back, not stays in a column it left empty.
        shown = [c for c in back if c.column in self.visible_columns() and self.filter.matches(c)]
        if shown:
            self.set_active(shown[0].column)
            self.list_of(shown[0].column).highlight_id(shown[0].id)
            self._subtitle(shown[0].column)
        self.notify(_("Undone: {what}", what=label), timeout=3)

    def action_focus_card(self) -> None:
        card = self._need_card()
        if card is not None:
            self.cadence.start_focus(card.title, f"card:{card.id}")

    # ------------------------------------------------------------ keys: the view

    def action_toggle_done(self) -> None:
        self.show_done = not self.show_done
        if not self.show_done and self.active == "done":
            self.set_active("doing")
        self.draw()

    def action_filter(self) -> None:
        from cadence.screens.kanban.dialogs import FilterCards

        def chosen(result: object) -> None:
            if isinstance(result, CardFilter):
                self.set_filter(result)

        self.app.push_screen(FilterCards(self.filter, all_tags(self.cards.values())), chosen)

    def set_filter(self, chosen: CardFilter) -> None:
        self.filter = chosen
        self.draw()
        self.refresh_bindings()  # "esc Clear filter" shows only while a filter is on

    def action_clear_filter(self) -> None:
        self.set_filter(CardFilter())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.filter.active
        return True

    def action_board_settings(self) -> None:
        from cadence.screens.kanban.dialogs import BoardSettings

        def chosen(result: object) -> None:
            if isinstance(result, Settings):
                self.cadence.save_settings(result)
                for column in COLUMNS:
                    self.list_of(column).signature = None
                self.draw()

        self.app.push_screen(BoardSettings(self.cadence.settings), chosen)

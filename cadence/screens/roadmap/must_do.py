"""The two must-dos as checklists: Karpathy's lectures (length, focus time logged, hours left)
and the ship-an-app milestones. Items can be checked, added, edited, deleted and reordered;
a lecture's link opened or copied.

Opened on the next item to do, so ticking the next lecture from the Roadmap is ``k space``.
Every change is one ``Repository.update_must_do`` transaction (applied to the must-do as it
is on disk), so quick edits never undo each other; the list redraws from its own copy at once.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from cadence.data.merge import merge_fields
from cadence.data.models import ChecklistItem, FocusSession, MustDo
from cadence.domain.roadmap import (
    checklist_tally,
    course_stats,
    format_minutes,
    lecture_link,
    next_item,
    parse_minutes,
)
from cadence.domain.schedule import format_duration
from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.screens.confirm import ConfirmDelete, confirm_delete, pop_undo
from cadence.screens.roadmap.drawing import bar, check, hours_text
from cadence.screens.roadmap.editing import change_item, save_item
from cadence.screens.roadmap.fields import title_line, web_link
from cadence.screens.roadmap.links import LinkKeys
from cadence.widgets.footer import CadenceFooter
from cadence.widgets.form import FormDialog, FormError

ITEM_MAX = 200

MustDoChange = Callable[[MustDo], None]


class ChecklistScreen(LinkKeys, CadenceModal):
    """A must-do's checklist. ``must_do`` is the stored record; the screen edits a copy."""

    CSS_PATH = "must_do.tcss"
    BINDINGS = [
        Binding("space", "tick", "Done", id="checklist.done"),
        Binding("f", "focus_item", "Focus", id="checklist.focus"),
        Binding("o", "open", "Open", id="checklist.open", tooltip="Open the item's link"),
        Binding("c", "copy", "Copy", id="checklist.copy", tooltip="Copy the item's link"),
        Binding("a", "add", "Add", id="checklist.add"),
        Binding("e", "edit", "Edit", id="checklist.edit"),
        Binding("d", "delete", "Delete", show=False, id="checklist.delete"),
        Binding("u", "undo", "Undo delete", show=False, id="checklist.undo"),
        Binding("shift+up", "move(-1)", "Move up", show=False, id="checklist.up"),
        Binding("shift+down", "move(1)", "Move down", show=False, id="checklist.down"),
        Binding("escape", "close", "Close", id="checklist.close"),
    ]

    def __init__(self, must_do: MustDo, sessions: list[FocusSession]) -> None:
        super().__init__()
        self.must_do = copy.deepcopy(must_do)
        self.sessions = sessions
        self.deleted: list[tuple[int, ChecklistItem]] = []

    @property
    def is_course(self) -> bool:
        return self.must_do.kind == "course"

    def compose(self) -> ComposeResult:
        with Vertical(id="checklist-box"):
            yield Static(Content.styled(self.must_do.title, "bold"), id="checklist-title")
            yield Static(id="checklist-summary")
            yield OptionList(id="checklist-items")
        yield CadenceFooter()

    def on_mount(self) -> None:
        self.render_items()
        items = self.query_one(OptionList)
        upcoming = next_item(self.must_do)
        if upcoming is not None:
            items.highlighted = self._index_of(upcoming.id)
        items.focus()

    # ------------------------------------------------------------ drawing

    def render_items(self, keep: str | None = None) -> None:
        options_list = self.query_one(OptionList)
        keep = keep or self.selected_id
        must = self.must_do
        count = checklist_tally(must)
        head = bar(count.fraction, 16, ascii_icons=self.cadence.settings.ascii_icons) + Content(
            f" {count.done}/{count.total}  {count.percent}%"
        )
        options: list[Option] = []
        if self.is_course:
            stats = course_stats(must, self.sessions)
            extra = _(
                "Length {length}  Logged {logged}  {left} left",
                length=format_duration(stats.length_s),
                logged=format_duration(stats.logged_s),
                left=hours_text(stats.left_s),
            )
            if stats.ratio is not None:
                extra += "  " + _(
                    "(you take x{ratio} a lecture's length)", ratio=f"{stats.ratio:.1f}"
                )
            head = head + Content.styled("  " + extra, "dim")
            for n, lecture in enumerate(stats.lectures, 1):
                options.append(self._lecture_option(n, lecture.item, lecture.logged_s))
        else:
            upcoming = next_item(must)
            if upcoming is not None:
                head = head + Content.styled("  " + _("Next: {item}", item=upcoming.text), "dim")
            for n, item in enumerate(must.items, 1):
                options.append(self._milestone_option(n, item))
        if not options:
            options.append(
                Option(Content.styled(_("No items: press a to add one."), "dim"), disabled=True)
            )
        self.query_one("#checklist-summary", Static).update(head)
        options_list.clear_options()
        options_list.add_options(options)
        if keep is not None and (index := self._index_of(keep)) is not None:
            options_list.highlighted = index
        elif options_list.option_count:
            options_list.highlighted = 0

    def _check(self, item: ChecklistItem) -> Content:
        return check(item.done, ascii_icons=self.cadence.settings.ascii_icons)

    def _lecture_option(self, n: int, item: ChecklistItem, logged_s: int) -> Option:
        # What is known, and nothing else: "2h26 long", "2h26 long  1h00 logged", "1h00 logged".
        facts = []
        if item.minutes:
            facts.append(_("{length} long", length=format_minutes(item.minutes)))
        if logged_s:
            facts.append(_("{logged} logged", logged=format_duration(logged_s)))
        text = Content.assemble(
            self._check(item), f" {n:>2}. ", (item.text, "strike dim" if item.done else "")
        )
        if facts:
            text += Content.assemble("\n      ", ("  ".join(facts), "dim"))
        return Option(text, id=item.id)

    def _milestone_option(self, n: int, item: ChecklistItem) -> Option:
        text = Content.assemble(
            self._check(item), f" {n}. ", (item.text, "strike dim" if item.done else "")
        )
        return Option(text, id=item.id)

    @property
    def selected_id(self) -> str | None:
        items = self.query_one(OptionList)
        if items.highlighted is None or not items.option_count:
            return None
        return items.get_option_at_index(items.highlighted).id

    def _index_of(self, item_id: str) -> int | None:
        try:
            return self.query_one(OptionList).get_option_index(item_id)
        except OptionDoesNotExist:
            return None

    def _selected(self) -> ChecklistItem | None:
        item_id = self.selected_id
        return next((i for i in self.must_do.items if i.id == item_id), None)

    # ------------------------------------------------------------ saving

    def _apply(self, change: MustDoChange, done: str | None = None) -> None:
        """Apply ``change(must_do)`` to the copy shown now and, in one transaction, to the store."""
        if self.cadence.runtime.read_only:
            self.cadence.persist(lambda: None)  # says why nothing can be saved
            return
        change(self.must_do)
        self.render_items()
        repo = self.cadence.repo
        must_id = self.must_do.id
        self.cadence.persist(lambda: repo.update_must_do(must_id, change), done=done)

    # ------------------------------------------------------------ actions

    def action_close(self) -> None:
        self.dismiss(None)

    def action_tick(self) -> None:
        item = self._selected()
        if item is not None:
            self._tick(item)

    def _tick(self, item: ChecklistItem) -> None:
        item_id, value = item.id, not item.done

        def change(must: MustDo) -> None:
            change_item(must, item_id, lambda i: setattr(i, "done", value))

        self._apply(change)

    def action_add(self) -> None:
        def added(item: ChecklistItem | None) -> None:
            if item is None:
                return
            after = self.selected_id

            def change(must: MustDo) -> None:
                if any(i.id == item.id for i in must.items):
                    return
                index = next((n for n, i in enumerate(must.items) if i.id == after), None)
                position = len(must.items) if index is None else index + 1
                must.items.insert(position, dataclasses.replace(item))

            self._apply(change)
            self.render_items(keep=item.id)

        self.app.push_screen(ChecklistItemForm(None, course=self.is_course), added)

    def action_edit(self) -> None:
        item = self._selected()
        if item is None:
            return

        def edited(new: ChecklistItem | None) -> None:
            if new is None or new == item:
                return
            if self.cadence.runtime.read_only:
                self.cadence.persist(lambda: None)
                return
            # Shown at once; stored as the fields changed, onto the item as it is on disk.
            change_item(self.must_do, item.id, lambda now: merge_fields(item, new, now)[0])
            self.render_items()
            save_item(self.cadence, self.must_do.id, item, new, done=_("Saved"))

        self.app.push_screen(ChecklistItemForm(item, course=self.is_course), edited)

    def action_delete(self) -> None:
        item = self._selected()
        if item is None:
            return

        def delete() -> None:
            index = next(n for n, i in enumerate(self.must_do.items) if i.id == item.id)
            self.deleted.append((index, copy.deepcopy(item)))

            def change(must: MustDo) -> None:
                must.items[:] = [i for i in must.items if i.id != item.id]

            self._apply(change, done=_("Deleted. Press u to undo."))

        confirm_delete(self.app, ConfirmDelete(_("Delete this item?"), item.text), delete)

    def action_undo(self) -> None:
        last = pop_undo(self, self.deleted)
        if last is None:
            return
        index, item = last

        def change(must: MustDo) -> None:
            if not any(i.id == item.id for i in must.items):
                must.items.insert(min(index, len(must.items)), copy.deepcopy(item))

        self._apply(change, done=_("Restored: {item}", item=item.text))
        self.render_items(keep=item.id)

    def action_move(self, step: int) -> None:
        item = self._selected()
        if item is None:
            return
        item_id = item.id

        def change(must: MustDo) -> None:
            ids = [i.id for i in must.items]
            if item_id not in ids:
                return
            n = ids.index(item_id)
            target = n + step
            if 0 <= target < len(must.items):
                must.items[n], must.items[target] = must.items[target], must.items[n]

        self._apply(change)

    def selected_link(self) -> str | None:
        item = self._selected()
        url = (item.url if item else "") or self.must_do.url
        if not url:
            self.notify(_("This item has no link."), severity="warning")
            return None
        return url

    def action_focus_item(self) -> None:
        item = self._selected()
        if item is None:
            return
        # Time on a lecture is counted on it; a milestone is plain focus time.
        link = lecture_link(item.id) if self.is_course else None
        self.dismiss(None)
        self.cadence.start_focus(item.text, link)

    @on(OptionList.OptionSelected, "#checklist-items")
    def _selected_with_enter(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # The item enter was pressed on, even if later keys of a burst moved the cursor.
        item = next((i for i in self.must_do.items if i.id == event.option.id), None)
        if item is not None:
            self._tick(item)


class ChecklistItemForm(FormDialog[ChecklistItem]):
    """Add or edit a checklist item: text, and for a lecture its length and link."""

    def __init__(self, item: ChecklistItem | None, *, course: bool) -> None:
        if course:
            super().__init__(_("Edit lecture") if item else _("Add a lecture"))
        else:
            super().__init__(_("Edit milestone") if item else _("Add a milestone"))
        self.item = item
        self.course = course

    def fields(self) -> ComposeResult:
        item = self.item
        yield Label(_("Title"))
        yield Input(item.text if item else "", id="item-text", max_length=400)
        if self.course:
            yield Label(_("Length (e.g. 116, 1h56 or 1:56)"))
            yield Input(format_minutes(item.minutes) if item else "", id="item-minutes")
        yield Label(_("Link"))
        yield Input(item.url if item else "", id="item-url")

    def result(self) -> ChecklistItem:
        text = title_line(self, "#item-text", ITEM_MAX)
        minutes = self.item.minutes if self.item else None
        if self.course:
            try:
                minutes = parse_minutes(self.query_one("#item-minutes", Input).value)
            except ValueError:
                raise FormError(
                    _("Not a length: write minutes (116), 1h56 or 1:56."), "#item-minutes"
                ) from None
        url = web_link(self, "#item-url")
        if self.item is None:
            return ChecklistItem(text=text, minutes=minutes, url=url)
        return dataclasses.replace(self.item, text=text, minutes=minutes, url=url)

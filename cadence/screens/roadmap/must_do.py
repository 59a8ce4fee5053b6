"""The two must-dos as checklists: Karpathy's lectures (length, focus time logged, hours left)
and the ship-an-app milestones. Items can be checked, added, edited, deleted and reordered.

Every change is one ``Repository.update_must_do`` transaction (read, change, write), so quick
edits never undo each other; the list redraws from its own copy at once.
"""

from __future__ import annotations

import copy
import dataclasses

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

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
from cadence.screens.roadmap.dialogs import ConfirmDialog, Dialog
from cadence.screens.roadmap.panes import bar, hours_text
from cadence.screens.roadmap.resources import open_link
from cadence.widgets.footer import CadenceFooter

ITEM_MAX = 200


class ChecklistScreen(CadenceModal):
    """A must-do's checklist. ``must_do`` is the stored record; the screen edits a copy."""

    CSS_PATH = "must_do.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="checklist.close"),
        Binding("space", "toggle", "Done", id="checklist.done"),
        Binding("a", "add", "Add item", id="checklist.add"),
        Binding("e", "edit", "Edit item", id="checklist.edit"),
        Binding("d", "delete", "Delete item", id="checklist.delete"),
        Binding("u", "undo", "Undo delete", show=False, id="checklist.undo"),
        Binding("shift+up", "move(-1)", "Move up", show=False, id="checklist.up"),
        Binding("shift+down", "move(1)", "Move down", show=False, id="checklist.down"),
        Binding("o", "open", "Open link", show=False, id="checklist.open"),
        Binding("f", "focus_item", "Focus on it", id="checklist.focus"),
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
        summary = self.query_one("#checklist-summary", Static)
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
        summary.update(head)
        options_list.clear_options()
        options_list.add_options(options)
        if keep is not None and (index := self._index_of(keep)) is not None:
            options_list.highlighted = index
        elif options_list.option_count:
            options_list.highlighted = 0

    def _check(self, item: ChecklistItem) -> Content:
        ascii_icons = self.cadence.settings.ascii_icons
        if item.done:
            return Content.styled("[x]" if ascii_icons else "[✓]", "bold $success")
        return Content("[ ]")

    def _lecture_option(self, n: int, item: ChecklistItem, logged_s: int) -> Option:
        length = format_minutes(item.minutes) or "?"
        logged = format_duration(logged_s) if logged_s else "-"
        text = Content.assemble(
            self._check(item),
            f" {n:>2}. ",
            (item.text, "strike dim" if item.done else ""),
            "\n      ",
            (_("{length} long  {logged} logged", length=length, logged=logged), "dim"),
        )
        return Option(text, id=item.id)

    def _milestone_option(self, n: int, item: ChecklistItem) -> Option:
        text = Content.assemble(
            self._check(item), f" {n}. ", (item.text, "strike dim" if item.done else "")
        )
        return Option(text, id=item.id)

    @property
    def selected_id(self) -> str | None:
        try:
            items = self.query_one(OptionList)
        except Exception:
            return None
        if items.highlighted is None or not items.option_count:
            return None
        return items.get_option_at_index(items.highlighted).id

    def _index_of(self, item_id: str) -> int | None:
        try:
            return self.query_one(OptionList).get_option_index(item_id)
        except Exception:
            return None

    def _selected(self) -> ChecklistItem | None:
        item_id = self.selected_id
        return next((i for i in self.must_do.items if i.id == item_id), None)

    # ------------------------------------------------------------ saving

    def _apply(self, change, done: str | None = None) -> None:
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

    def action_toggle(self) -> None:
        item = self._selected()
        if item is None:
            return
        item_id, value = item.id, not item.done

        def change(must: MustDo) -> None:
            for i in must.items:
                if i.id == item_id:
                    i.done = value

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
            if new is None:
                return

            def change(must: MustDo) -> None:
                for n, i in enumerate(must.items):
                    if i.id == new.id:
                        must.items[n] = dataclasses.replace(new, done=i.done)

            self._apply(change)

        self.app.push_screen(ChecklistItemForm(item, course=self.is_course), edited)

    def action_delete(self) -> None:
        item = self._selected()
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            index = next(n for n, i in enumerate(self.must_do.items) if i.id == item.id)
            self.deleted.append((index, copy.deepcopy(item)))

            def change(must: MustDo) -> None:
                must.items[:] = [i for i in must.items if i.id != item.id]

            self._apply(change, done=_("Deleted. Press u to undo."))

        self.app.push_screen(ConfirmDialog(_("Delete this item?"), item.text), answered)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify(_("Nothing to undo."))
            return
        index, item = self.deleted.pop()

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

    def action_open(self) -> None:
        item = self._selected()
        url = (item.url if item else "") or self.must_do.url
        if not url:
            self.notify(_("This item has no link."), severity="warning")
            return
        open_link(self.app, url)

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
        self.action_toggle()


class ChecklistItemForm(Dialog):
    """Add or edit a checklist item: text, and for a lecture its length and link."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="item_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="item_form.save"),
    ]

    def __init__(self, item: ChecklistItem | None, *, course: bool) -> None:
        super().__init__()
        self.item = item
        self.course = course

    def compose(self) -> ComposeResult:
        if self.course:
            title = _("Edit lecture") if self.item else _("Add a lecture")
        else:
            title = _("Edit milestone") if self.item else _("Add a milestone")
        item = self.item
        with Vertical(classes="dialog"):
            yield Static(Content.styled(title, "bold"), classes="dialog-title")
            yield Label(_("Title"))
            yield Input(item.text if item else "", id="item-text", max_length=400)
            if self.course:
                yield Label(_("Length (e.g. 116, 1h56 or 1:56)"))
                yield Input(format_minutes(item.minutes) if item else "", id="item-minutes")
            yield Label(_("Link"))
            yield Input(item.url if item else "", id="item-url")
            yield Static("", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save") + " (ctrl+s)", variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#item-text", Input).focus()

    def read(self) -> ChecklistItem | None:
        text = " ".join(self.query_one("#item-text", Input).value.split())
        if not text:
            self.error(_("Write the title first."))
            self.query_one("#item-text", Input).focus()
            return None
        if len(text) > ITEM_MAX:
            self.error(_("Keep the title under {n} characters.", n=ITEM_MAX))
            self.query_one("#item-text", Input).focus()
            return None
        minutes = self.item.minutes if self.item else None
        if self.course:
            try:
                minutes = parse_minutes(self.query_one("#item-minutes", Input).value)
            except ValueError:
                self.error(_("Not a length: write minutes (116), 1h56 or 1:56."))
                self.query_one("#item-minutes", Input).focus()
                return None
        url = self.query_one("#item-url", Input).value.strip()
        if url and not url.lower().startswith(("http://", "https://")):
            self.error(_("A link starts with http:// or https://"))
            self.query_one("#item-url", Input).focus()
            return None
        if self.item is None:
            return ChecklistItem(text=text, minutes=minutes, url=url)
        return dataclasses.replace(self.item, text=text, minutes=minutes, url=url)

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        item = self.read()
        if item is not None:
            self.dismiss(item)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

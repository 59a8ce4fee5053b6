"""The plan's resources (podcasts, videos, newsletters, courses, books, tools), reached from the
Roadmap with ``r``: kind, when to use it, status and notes; open or copy the link; add, edit,
delete (with undo).
"""

from __future__ import annotations

import dataclasses

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Grid
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import DataTable, Input, Label, Select, Static, TextArea

from cadence.data.models import RESOURCE_KINDS, RESOURCE_STATES, Resource
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.confirm import ConfirmDelete, confirm_delete, pop_undo
from cadence.screens.keys import screen_bindings
from cadence.screens.roadmap.editing import edit_in
from cadence.screens.roadmap.fields import title_line, web_link
from cadence.screens.roadmap.links import LinkKeys
from cadence.widgets.cells import cursor_row_key, pad
from cadence.widgets.footer import CadenceFooter
from cadence.widgets.form import FormDialog, choice

KIND_TITLES = {
    "podcast": "Podcast",
    "video": "Video",
    "newsletter": "Newsletter",
    "course": "Course",
    "book": "Book",
    "tool": "Tool",
    "docs": "Docs",
}
STATUS_TITLES = {"to_start": "To start", "in_progress": "In progress", "done": "Done"}
STATUS_STYLES = {"to_start": "", "in_progress": "bold yellow", "done": "green"}
#: Suggested "when" values, beside those the plan already uses.
WHEN_SUGGESTIONS = ("every morning", "commute / lunch break", "weekends (deep learning)")
TITLE_MAX = 120


def next_status(status: str) -> str:
    """to start → in progress → done → to start (an unknown status starts over)."""
    states = list(RESOURCE_STATES)
    return states[(states.index(status) + 1) % len(states)] if status in states else states[0]


def kind_order(resource: Resource) -> int:
    return RESOURCE_KINDS.index(resource.kind) if resource.kind in RESOURCE_KINDS else 99


class ResourcesScreen(LinkKeys, CadenceScreen):
    SCREEN_TITLE = "Resources"
    MODE = "roadmap"
    CSS_PATH = "resources.tcss"
    WATCHES = ("plan",)
    BINDINGS = screen_bindings("resources")

    def __init__(self) -> None:
        super().__init__()
        self.kind_filter: str | None = None
        self.resources: list[Resource] = []
        self.deleted: list[Resource] = []

    def compose(self) -> ComposeResult:
        yield from self.chrome()
        yield Static(id="resources-head")
        yield DataTable(id="resources-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="resources-detail")
        yield CadenceFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column(_("Title"), key="title")
        table.add_column(_("Kind"), key="kind")
        table.add_column(_("When"), key="when")
        table.add_column(_("Status"), key="status")
        table.focus()

    # ------------------------------------------------------------ data

    def refresh_data(self) -> None:
        stored = self.cadence.repo.plan().resources
        shown = [r for r in stored if self.kind_filter in (None, r.kind)]
        self.resources = sorted(shown, key=kind_order)
        table = self.query_one(DataTable)
        keep = self.selected_id
        table.clear()
        title_cells, when_cells = self._widths(table.size.width or self.size.width or 80)
        for r in self.resources:
            table.add_row(
                Text(pad(r.title, title_cells)),
                Text(_(KIND_TITLES.get(r.kind, r.kind))),
                Text(pad(r.when, when_cells).rstrip()),
                Text(
                    _(STATUS_TITLES.get(r.status, r.status)), style=STATUS_STYLES.get(r.status, "")
                ),
                key=r.id,
            )
        if keep is not None:
            for n, r in enumerate(self.resources):
                if r.id == keep:
                    table.move_cursor(row=n)
                    break
        counts = {s: sum(1 for r in stored if r.status == s) for s in RESOURCE_STATES}
        head = _(
            "{n} resources: {done} done, {doing} in progress, {todo} to start",
            n=len(stored),
            done=counts["done"],
            doing=counts["in_progress"],
            todo=counts["to_start"],
        )
        if self.kind_filter:
            head += "  " + _(
                "Showing: {kind} (f: next kind)", kind=_(KIND_TITLES[self.kind_filter])
            )
        self.query_one("#resources-head", Static).update(Content(head))
        self._detail()

    def _widths(self, width: int) -> tuple[int, int]:
        """Cells for the title and "when" columns: what kind and status leave of ``width``."""
        # Kind and status take up to 12 cells each; every column has 2 cells of padding.
        room = max(30, width - 2 * 12 - 4 * 2 - 2)
        longest_when = max((cell_len(r.when) for r in self.resources), default=4)
        longest_title = max((cell_len(r.title) for r in self.resources), default=5)
        when_cells = max(4, min(longest_when, room * 2 // 5))
        return max(5, min(longest_title, room - when_cells)), when_cells

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_data)

    @property
    def selected_id(self) -> str | None:
        return cursor_row_key(self.query_one(DataTable))

    def selected(self) -> Resource | None:
        chosen = self.selected_id
        return next((r for r in self.resources if r.id == chosen), None)

    def _detail(self) -> None:
        panel = self.query_one("#resources-detail", Static)
        r = self.selected()
        if r is None:
            panel.update(Content.styled(_("No resources: press a to add one."), "dim"))
            return
        parts = [Content.styled(r.title, "bold")]
        if r.url:
            parts.append(Content.styled(r.url, "underline $accent"))
        if r.description:
            parts.append(Content(r.description))
        if r.notes:
            parts.append(Content.styled(_("Notes") + ": ", "bold") + Content(r.notes))
        panel.update(Content("\n").join(parts))

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._detail()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        # The row enter was pressed on, even if later keys of a burst moved the cursor.
        r = next((r for r in self.resources if r.id == event.row_key.value), None)
        if r is not None:
            self._edit(r)

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def selected_link(self) -> str | None:
        r = self.selected()
        if r is None:
            return None
        if not r.url:
            self.notify(_("This resource has no link."), severity="warning")
            return None
        return r.url

    def action_cycle_status(self) -> None:
        r = self.selected()
        if r is None:
            return

        # Stepped on the resource as stored: n quick presses step it n times.
        def change(resource: Resource) -> None:
            resource.status = next_status(resource.status)

        repo = self.cadence.repo
        resource_id = r.id
        self.cadence.persist(lambda: repo.update_resource(resource_id, change))

    def _whens(self) -> list[str]:
        seen = [r.when for r in self.cadence.repo.plan().resources if r.when]
        seen += [_(w) for w in WHEN_SUGGESTIONS]
        return list(dict.fromkeys(seen))

    def action_add(self) -> None:
        kind = self.kind_filter or "podcast"

        def added(new: Resource | None) -> None:
            if new is not None:
                repo = self.cadence.repo
                self.cadence.persist(
                    lambda: repo.add_resource(new), done=_("Added: {title}", title=new.title)
                )

        self.app.push_screen(ResourceForm(None, kind=kind, whens=self._whens()), added)

    def action_edit(self) -> None:
        r = self.selected()
        if r is not None:
            self._edit(r)

    def _edit(self, r: Resource) -> None:
        repo = self.cadence.repo
        form = ResourceForm(r, kind=r.kind, whens=self._whens())
        edit_in(
            self.cadence,
            form,
            r,
            lambda change: repo.update_resource(r.id, change),
            done=_("Saved"),
        )

    def action_delete(self) -> None:
        r = self.selected()
        if r is None:
            return

        def delete() -> None:
            self.deleted.append(r)
            repo = self.cadence.repo
            self.cadence.persist(
                lambda: repo.delete_resource(r.id), done=_("Deleted. Press u to undo.")
            )

        confirm_delete(self.app, ConfirmDelete(_("Delete this resource?"), r.title), delete)

    def action_undo(self) -> None:
        r = pop_undo(self, self.deleted)
        if r is None:
            return
        repo = self.cadence.repo
        self.cadence.persist(lambda: repo.add_resource(r), done=_("Restored: {item}", item=r.title))

    def action_filter(self) -> None:
        kinds: list[str | None] = [None, *RESOURCE_KINDS]
        self.kind_filter = kinds[(kinds.index(self.kind_filter) + 1) % len(kinds)]
        self.refresh_data()
        self.query_one(DataTable).move_cursor(row=0)
        self._detail()


class ResourceForm(FormDialog[Resource]):
    """Add or edit a resource."""

    CSS_PATH = "dialogs.tcss"

    def __init__(self, resource: Resource | None, *, kind: str, whens: list[str]) -> None:
        super().__init__(_("Edit resource") if resource else _("Add a resource"))
        self.resource = resource
        self.kind = kind
        self.whens = whens

    def fields(self) -> ComposeResult:
        r = self.resource
        with Grid(id="resource-grid"):
            yield Label(_("Title"))
            yield Input(r.title if r else "", id="res-title", max_length=300, compact=True)
            yield Label(_("Kind"))
            yield choice(
                [(_(KIND_TITLES[k]), k) for k in RESOURCE_KINDS],
                self.kind if self.kind in RESOURCE_KINDS else RESOURCE_KINDS[0],
                id="res-kind",
            )
            yield Label(_("Link"))
            yield Input(r.url if r else "", id="res-url", compact=True)
            yield Label(_("When"))
            yield Input(
                r.when if r else "",
                id="res-when",
                suggester=SuggestFromList(self.whens, case_sensitive=False),
                compact=True,
            )
            yield Label(_("Status"))
            yield choice(
                [(_(STATUS_TITLES[s]), s) for s in RESOURCE_STATES],
                r.status if r and r.status in RESOURCE_STATES else "to_start",
                id="res-status",
            )
            yield Label(_("About"))
            yield Input(r.description if r else "", id="res-about", compact=True)
        yield Label(_("Notes"))
        yield TextArea(r.notes if r else "", id="res-notes", compact=True)

    def result(self) -> Resource:
        title = title_line(self, "#res-title", TITLE_MAX)
        url = web_link(self, "#res-url")
        values = {
            "title": title,
            "kind": str(self.query_one("#res-kind", Select).value),
            "url": url,
            "when": self.query_one("#res-when", Input).value.strip(),
            "status": str(self.query_one("#res-status", Select).value),
            "description": self.query_one("#res-about", Input).value.strip(),
            "notes": self.query_one("#res-notes", TextArea).text.strip(),
        }
        if self.resource is None:
            return Resource(**values)
        return dataclasses.replace(self.resource, **values)

"""The plan's resources (podcasts, videos, newsletters, courses, books, tools), reached from the
Roadmap with ``r``: kind, when to use it, status and notes; open or copy the link; add, edit,
delete (with undo).
"""

from __future__ import annotations

import dataclasses
import webbrowser

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea

from cadence.data.models import RESOURCE_KINDS, RESOURCE_STATES, Resource
from cadence.i18n import _
from cadence.screens.base import CadenceScreen
from cadence.screens.roadmap.dialogs import ConfirmDialog, Dialog
from cadence.screens.roadmap.panes import pad
from cadence.widgets.footer import CadenceFooter

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

# Text-mode browsers would take over Cadence's terminal: copy the link instead.
CONSOLE_BROWSERS = {"www-browser", "lynx", "links", "links2", "elinks", "w3m", "browsh"}


def browser_available() -> bool:
    """True when ``webbrowser`` would open a graphical browser (not one in this terminal)."""
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    name = getattr(browser, "name", "") or ""
    return name.split("/")[-1] not in CONSOLE_BROWSERS


def launch(url: str) -> bool:
    """Open ``url`` with the system browser (blocking: run it in a thread)."""
    try:
        return bool(webbrowser.open(url))
    except Exception:
        return False


def open_link(app: App[object], url: str) -> None:
    """Open ``url`` in the system browser off the UI thread; copy it when there is no browser."""
    if not browser_available():
        app.copy_to_clipboard(url)
        app.notify(
            _("No browser to open it here: the link was copied instead.") + f"\n{url}",
            severity="warning",
        )
        return

    def run() -> None:
        if not launch(url):
            app.call_from_thread(app.copy_to_clipboard, url)
            app.call_from_thread(
                app.notify,
                _("The browser did not open: the link was copied instead.") + f"\n{url}",
                severity="warning",
            )

    app.run_worker(run, thread=True, group="open-link", exit_on_error=False)
    app.notify(_("Opening {url}", url=url))


def kind_order(resource: Resource) -> int:
    return RESOURCE_KINDS.index(resource.kind) if resource.kind in RESOURCE_KINDS else 99


class ResourcesScreen(CadenceScreen):
    SCREEN_TITLE = "Resources"
    MODE = "roadmap"
    CSS_PATH = "resources.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="resources.back"),
        Binding("o", "open", "Open link", id="resources.open"),
        Binding("c", "copy", "Copy link", id="resources.copy"),
        Binding("space", "cycle_status", "Status", id="resources.status"),
        Binding("a", "add", "Add", id="resources.add"),
        Binding("e", "edit", "Edit", id="resources.edit"),
        Binding("d", "delete", "Delete", id="resources.delete"),
        Binding("u", "undo", "Undo delete", show=False, id="resources.undo"),
        Binding("f", "filter", "Filter by kind", show=False, id="resources.filter"),
    ]

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
        super().on_mount()
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
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return str(key.value) if key.value is not None else None

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
    def _row_selected(self) -> None:
        self.action_edit()

    # ------------------------------------------------------------ actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_open(self) -> None:
        r = self.selected()
        if r is None:
            return
        if not r.url:
            self.notify(_("This resource has no link."), severity="warning")
            return
        open_link(self.app, r.url)

    def action_copy(self) -> None:
        r = self.selected()
        if r is None:
            return
        if not r.url:
            self.notify(_("This resource has no link."), severity="warning")
            return
        self.app.copy_to_clipboard(r.url)
        self.notify(_("Link copied: {url}", url=r.url))

    def action_cycle_status(self) -> None:
        r = self.selected()
        if r is None:
            return
        states = list(RESOURCE_STATES)
        following = (
            states[(states.index(r.status) + 1) % len(states)] if r.status in states else states[0]
        )
        new = dataclasses.replace(r, status=following)
        repo = self.cadence.repo
        self.cadence.persist(lambda: repo.save_resource(new))

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
                    lambda: repo.save_resource(new), done=_("Added: {title}", title=new.title)
                )

        self.app.push_screen(ResourceForm(None, kind=kind, whens=self._whens()), added)

    def action_edit(self) -> None:
        r = self.selected()
        if r is None:
            return

        def edited(new: Resource | None) -> None:
            if new is not None:
                repo = self.cadence.repo
                self.cadence.persist(lambda: repo.save_resource(new), done=_("Saved"))

        self.app.push_screen(ResourceForm(r, kind=r.kind, whens=self._whens()), edited)

    def action_delete(self) -> None:
        r = self.selected()
        if r is None:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.deleted.append(r)
            repo = self.cadence.repo
            self.cadence.persist(
                lambda: repo.delete_resource(r.id), done=_("Deleted. Press u to undo.")
            )

        self.app.push_screen(ConfirmDialog(_("Delete this resource?"), r.title), answered)

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify(_("Nothing to undo."))
            return
        r = self.deleted.pop()
        repo = self.cadence.repo
        self.cadence.persist(
            lambda: repo.save_resource(r), done=_("Restored: {item}", item=r.title)
        )

    def action_filter(self) -> None:
        kinds: list[str | None] = [None, *RESOURCE_KINDS]
        self.kind_filter = kinds[(kinds.index(self.kind_filter) + 1) % len(kinds)]
        self.refresh_data()
        self.query_one(DataTable).move_cursor(row=0)
        self._detail()


class ResourceForm(Dialog):
    """Add or edit a resource. Dismisses with the resource or None."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="resource_form.cancel"),
        Binding("ctrl+s", "save", "Save", id="resource_form.save"),
    ]

    def __init__(self, resource: Resource | None, *, kind: str, whens: list[str]) -> None:
        super().__init__()
        self.resource = resource
        self.kind = kind
        self.whens = whens

    def compose(self) -> ComposeResult:
        r = self.resource
        title = _("Edit resource") if r else _("Add a resource")
        with Vertical(classes="dialog dialog-tall"):
            yield Static(Content.styled(title, "bold"), classes="dialog-title")
            with Grid(id="resource-grid"):
                yield Label(_("Title"))
                yield Input(r.title if r else "", id="res-title", max_length=300, compact=True)
                yield Label(_("Kind"))
                yield Select(
                    [(_(KIND_TITLES[k]), k) for k in RESOURCE_KINDS],
                    value=self.kind if self.kind in RESOURCE_KINDS else RESOURCE_KINDS[0],
                    allow_blank=False,
                    id="res-kind",
                    compact=True,
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
                yield Select(
                    [(_(STATUS_TITLES[s]), s) for s in RESOURCE_STATES],
                    value=r.status if r and r.status in RESOURCE_STATES else "to_start",
                    allow_blank=False,
                    id="res-status",
                    compact=True,
                )
                yield Label(_("About"))
                yield Input(r.description if r else "", id="res-about", compact=True)
            yield Label(_("Notes"))
            yield TextArea(r.notes if r else "", id="res-notes", compact=True)
            yield Static("", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save") + " (ctrl+s)", variant="primary", id="save")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#res-title", Input).focus()

    def read(self) -> Resource | None:
        """The resource as typed, or None with the reason shown in the form."""
        title = " ".join(self.query_one("#res-title", Input).value.split())
        if not title:
            self.error(_("Write the title first."))
            self.query_one("#res-title", Input).focus()
            return None
        if len(title) > TITLE_MAX:
            self.error(_("Keep the title under {n} characters.", n=TITLE_MAX))
            self.query_one("#res-title", Input).focus()
            return None
        url = self.query_one("#res-url", Input).value.strip()
        if url and not url.lower().startswith(("http://", "https://")):
            self.error(_("A link starts with http:// or https://"))
            self.query_one("#res-url", Input).focus()
            return None
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

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        resource = self.read()
        if resource is not None:
            self.dismiss(resource)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

"""The export form (`x` on Insights, and the command palette): a format, a period, a file.

It checks everything before writing; the export itself (reading the store, building the
file, writing it atomically) runs in a worker thread, and the result is said in a toast.
An existing file is replaced only after a second confirmation.
"""

from __future__ import annotations

from pathlib import Path

from pendulum import Date
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from cadence.domain.schedule import logical_date
from cadence.domain.weeks import Period, parse_period, week_key
from cadence.export.run import FORMATS, default_filename, write_export
from cadence.i18n import _
from cadence.screens.base import CadenceModal


def default_folder() -> Path:
    """Where exports go by default: the Documents folder when there is one, else home."""
    try:
        import platformdirs

        docs = Path(platformdirs.user_documents_dir())
        if docs.is_dir():
            return docs
    except Exception:  # pragma: no cover - platform-dependent
        pass
    return Path.home()


class ExportDialog(CadenceModal):
    CSS_PATH = "export_dialog.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "export", "Export", priority=True, id="export.run"),
    ]

    def __init__(self, fmt: str = "md", folder: Path | None = None) -> None:
        super().__init__()
        self.fmt = fmt if fmt in FORMATS else "md"
        self.folder = folder
        self._auto_path = ""
        self._confirm_replace: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(_("Format"))
            yield Select(
                [
                    (_("Report (Markdown)"), "md"),
                    (_("Calendar (.ics)"), "ics"),
                    (_("Everything (JSON)"), "json"),
                ],
                value=self.fmt,
                allow_blank=False,
                id="export-format",
                compact=True,
            )
            yield Label(_("Period: a week (2026-W48) or a month (2026-11)"), id="period-label")
            yield Input(id="export-period", compact=True)
            yield Static(id="export-period-hint", classes="hint")
            yield Label(_("File"))
            yield Input(id="export-path", compact=True)
            yield Static(id="export-error")
            with Horizontal(id="export-buttons"):
                yield Button(_("Export"), id="export-ok", variant="primary", compact=True)
                yield Button(_("Cancel"), id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-box").border_title = _("Export")
        self._set_format(self.fmt, first=True)
        self.query_one("#export-format", Select).focus()

    # ------------------------------------------------------------ fields

    @property
    def today(self) -> Date:
        app = self.cadence
        return logical_date(app.clock.now(), app.settings.rollover_hour)

    def _set_format(self, fmt: str, first: bool = False) -> None:
        self.fmt = fmt
        period = self.query_one("#export-period", Input)
        hint = self.query_one("#export-period-hint", Static)
        if fmt == "md":
            if first or not period.value.strip():
                period.value = week_key(self.today)
            hint.update(_("Empty: this week."))
        elif fmt == "ics":
            if first:
                period.value = ""
            hint.update(_("Empty: the whole plan (the weekly events always cover it)."))
        else:
            period.value = ""
            hint.update(_("JSON always holds everything."))
        period.disabled = fmt == "json"
        self._update_path()

    def _period(self) -> Period | None:
        text = self.query_one("#export-period", Input).value.strip()
        if self.fmt == "json":
            return None
        if not text:
            return parse_period(week_key(self.today)) if self.fmt == "md" else None
        return parse_period(text)

    def _update_path(self) -> None:
        field = self.query_one("#export-path", Input)
        try:
            period = self._period()
        except ValueError:
            return
        folder = self.folder or default_folder()
        if field.value and field.value != self._auto_path:
            return  # typed by the user: leave it
        self._auto_path = str(folder / default_filename(self.fmt, period, self.today))
        field.value = self._auto_path

    @on(Select.Changed, "#export-format")
    def _format_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.fmt:
            self._set_format(event.value)

    @on(Input.Changed, "#export-period")
    def _period_changed(self) -> None:
        self._confirm_replace = None
        self._update_path()

    @on(Input.Changed, "#export-path")
    def _path_changed(self) -> None:
        self._confirm_replace = None

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-ok")
    def _ok(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def error(self, text: str) -> None:
        self.query_one("#export-error", Static).update(f"[red]{text}[/]" if text else "")

    # ------------------------------------------------------------ actions

    def action_cancel(self) -> None:
        self.dismiss(None)

    def check(self) -> tuple[Period | None, Path] | None:
        """The period and the file, or None with the problem shown."""
        try:
            period = self._period()
        except ValueError:
            self.error(_("Not a period: use a week like 2026-W48 or a month like 2026-11."))
            self.query_one("#export-period", Input).focus()
            return None
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            self.error(_("Give the file to write."))
            self.query_one("#export-path", Input).focus()
            return None
        path = Path(text).expanduser()
        if path.is_dir():
            self.error(_("That is a folder: add a file name."))
            return None
        parent = path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            self.error(_("The folder {folder} cannot be made.", folder=str(path.parent)))
            return None
        if path.exists() and self._confirm_replace != path:
            self._confirm_replace = path
            self.error(_("{file} exists: press Export again to replace it.", file=path.name))
            return None
        return period, path

    def action_export(self) -> None:
        checked = self.check()
        if checked is None:
            return
        period, path = checked
        self.error("")
        self.query_one("#export-ok", Button).disabled = True
        self._write(self.fmt, period, path)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, fmt: str, period: Period | None, path: Path) -> None:
        app = self.cadence
        try:
            written = write_export(app.repo, fmt, app.clock.now(), app.clock.tz, period, path)
        except Exception as exc:  # reported on the form; nothing half-written (atomic write)
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._done, written)

    def _failed(self, message: str) -> None:
        self.query_one("#export-ok", Button).disabled = False
        self.error(_("Could not export: {error}", error=message))

    def _done(self, written: Path) -> None:
        self.app.notify(_("Wrote {file}", file=str(written)), title=_("Export"))
        self.dismiss(written)

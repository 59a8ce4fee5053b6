"""The export form (`x` on Insights, and the command palette): a format, a period, a file.

The form checks everything and returns what to write (an :class:`ExportRequest`); it
writes nothing. :func:`open_export` runs the export (reading the store, building the
file, writing it atomically) in a worker thread and says the result in a toast. An
existing file is replaced only after a second ``ctrl+s``. The examples and defaults
come from the app's clock (this week, this month), never the computer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pendulum import Date
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, Static

from cadence.domain.schedule import logical_date
from cadence.domain.weeks import Period, parse_period, week_key
from cadence.export.run import FORMATS, default_filename, write_export
from cadence.i18n import _
from cadence.widgets.form import FormDialog, FormError, choice

if TYPE_CHECKING:
    from cadence.app import CadenceApp


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


@dataclass(frozen=True)
class ExportRequest:
    """What the form asks to write."""

    fmt: str
    period: Period | None
    path: Path


def open_export(app: CadenceApp, fmt: str = "md", folder: Path | None = None) -> None:
    """Ask what to export, then write it off the UI thread and say where it went."""

    def chosen(request: ExportRequest | None) -> None:
        if request is not None:
            app.run_worker(
                lambda: _write(app, request), thread=True, exclusive=True, group="export"
            )

    app.push_screen(ExportDialog(fmt, folder), chosen)


def _write(app: CadenceApp, request: ExportRequest) -> None:
    """Write the export (a worker thread); the outcome is a toast (``notify`` is thread-safe)."""
    try:
        written = write_export(
            app.repo, request.fmt, app.clock.now(), app.clock.tz, request.period, request.path
        )
    except Exception as exc:  # said in one sentence; nothing half-written (atomic write)
        from cadence.data.errors import describe_error

        app.notify(
            _("Could not export: {error}", error=describe_error(exc)),
            title=_("Export"),
            severity="error",
            markup=False,
        )
        return
    app.notify(_("Wrote {file}", file=str(written)), title=_("Export"), markup=False)


class ExportDialog(FormDialog[ExportRequest]):
    CSS_PATH = "export_dialog.tcss"

    def __init__(self, fmt: str = "md", folder: Path | None = None) -> None:
        super().__init__(_("Export"))
        self.fmt = fmt if fmt in FORMATS else "md"
        self.folder = folder
        self._auto_path = ""
        self._confirm_replace: Path | None = None

    @property
    def today(self) -> Date:
        app = self.cadence
        return logical_date(app.clock.now(), app.settings.rollover_hour)

    @property
    def this_week(self) -> str:
        return week_key(self.today, self.cadence.settings.week_start)

    def fields(self) -> ComposeResult:
        today = self.today
        yield Label(_("Format"))
        yield choice(
            [
                (_("Report (Markdown)"), "md"),
                (_("Calendar (.ics)"), "ics"),
                (_("Everything (JSON)"), "json"),
            ],
            self.fmt,
            id="export-format",
        )
        yield Label(
            _(
                "Period: a week ({week}) or a month ({month})",
                week=self.this_week,
                month=f"{today.year}-{today.month:02d}",
            ),
            id="period-label",
        )
        yield Input(id="export-period", compact=True)
        yield Static(id="export-period-hint", classes="hint")
        yield Label(_("File"))
        yield Input(id="export-path", compact=True)

    def on_mount(self) -> None:
        self._set_format(self.fmt, first=True)
        self.query_one("#export-format", Select).focus()

    # ------------------------------------------------------------ fields

    def _set_format(self, fmt: str, first: bool = False) -> None:
        self.fmt = fmt
        period = self.query_one("#export-period", Input)
        hint = self.query_one("#export-period-hint", Static)
        if fmt == "md":
            if first or not period.value.strip():
                period.value = self.this_week
            hint.update(_("Empty: this week ({week}).", week=self.this_week))
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
        week_start = self.cadence.settings.week_start
        if not text:
            return parse_period(self.this_week, week_start) if self.fmt == "md" else None
        return parse_period(text, week_start)

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

    # ------------------------------------------------------------ the result

    def result(self) -> ExportRequest:
        """What to write; FormError names the field at fault."""
        try:
            period = self._period()
        except ValueError:
            raise FormError(
                _("Not a period: use a week like {week} or a month like {month}.",
                  week=self.this_week, month=f"{self.today.year}-{self.today.month:02d}"),
                "#export-period",
            ) from None  # fmt: skip
        text = self.query_one("#export-path", Input).value.strip()
        if not text:
            raise FormError(_("Give the file to write."), "#export-path")
        path = Path(text).expanduser()
        if path.is_dir():
            raise FormError(_("That is a folder: add a file name."), "#export-path")
        parent = path.parent
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise FormError(
                _("The folder {folder} cannot be made.", folder=str(path.parent)), "#export-path"
            )
        if path.exists() and self._confirm_replace != path:
            self._confirm_replace = path
            raise FormError(
                _("{file} exists: press ctrl+s again to replace it.", file=path.name),
                "#export-path",
            )
        return ExportRequest(self.fmt, period, path)

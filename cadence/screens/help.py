"""`?`: every key of the screen underneath, and the app's own."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cadence.i18n import _
from cadence.screens.base import CadenceModal
from cadence.widgets.textual_api import binding_chain


class HelpScreen(CadenceModal):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen DataTable { height: auto; max-height: 30; }
    """
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]{_('Keys on this screen')}[/b]  ({self.under.sub_title or ''})")
            yield DataTable(cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("Action"))
        seen: set[tuple[str, str]] = set()
        # The screen's binding chain is focused widget → its parents → screen → app;
        # list the screen's and the app's keys first, then the focused widget's.
        chain = binding_chain(self.under)
        ours = [item for item in chain if item[0] is self.under or item[0] is self.app]
        widgets = [item for item in chain if item not in ours]
        for _node, bindings in [*ours, *widgets]:
            for _key, b in bindings:
                if not b.description:
                    continue
                shown = b.key_display or self.app.get_key_display(b)
                # Textual's own widgets' keys are translated here (ours already are).
                description = _(b.description)
                if (shown, description) in seen:
                    continue
                seen.add((shown, description))
                table.add_row(shown, description)
        table.add_row("ctrl+p", _("Command palette"))
        table.focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)

"""Shown over everything while the terminal is smaller than 80×24."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from cadence.i18n import _
from cadence.screens.base import CadenceModal

MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmallScreen(CadenceModal):
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen Static { width: 100%; content-align: center middle; text-align: center; }
    """
    BINDINGS = [Binding("q", "app.quit", "Quit", id="small.quit")]

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.update_size()

    def on_resize(self) -> None:
        self.update_size()
        self.cadence.check_size()

    def update_size(self) -> None:
        w, h = self.app.size
        self.query_one(Static).update(
            _("Terminal too small: Cadence needs at least 80×24.") + f"\n({w}×{h})"
        )

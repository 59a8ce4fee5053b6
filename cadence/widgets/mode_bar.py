"""The row of screens under the header: shows where you are; click or press 1–5."""

from __future__ import annotations

from textual import on
from textual.widgets import Tab, Tabs

from cadence.i18n import _

MODES = (
    ("today", "Today"),
    ("roadmap", "Roadmap"),
    ("focus", "Focus"),
    ("kanban", "Kanban"),
    ("insights", "Insights"),
)


class ModeBar(Tabs):
    DEFAULT_CSS = """
    ModeBar { height: 2; }
    ModeBar Tab { padding: 0 1; }
    """
    can_focus = False

    def __init__(self, active: str) -> None:
        tabs = [Tab(f"{i} {_(title)}", id=mode) for i, (mode, title) in enumerate(MODES, 1)]
        super().__init__(*tabs, active=active)

    @on(Tabs.TabActivated)
    def _switch(self, event: Tabs.TabActivated) -> None:
        event.stop()
        mode = event.tab.id
        if mode and mode != self.app.current_mode:
            self.app.switch_mode(mode)

"""The row of screens under the header: where you are, and 1–5 (or a click) to go elsewhere.

A single Static with clickable links: lighter than a Tabs widget, and it paints
with the first frame.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from cadence.i18n import _

MODES = (
    ("today", "Today"),
    ("roadmap", "Roadmap"),
    ("focus", "Focus"),
    ("kanban", "Kanban"),
    ("insights", "Insights"),
)


def mode_bar_content(active: str) -> Content:
    """``1 Today  2 Roadmap …`` with the active screen highlighted, each a link."""
    parts = []
    for i, (mode, title) in enumerate(MODES, 1):
        label = Content(f" {i} {_(title)} ")
        style = "bold reverse" if mode == active else "dim"
        parts.append(label.stylize(f"{style} @click=app.switch_mode('{mode}')"))
    return Content(" ").join(parts)


class ModeBar(Static):
    DEFAULT_CSS = """
    ModeBar { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, active: str) -> None:
        super().__init__(mode_bar_content(active))

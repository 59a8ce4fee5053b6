"""The row of screens under the header: where you are, and 1–5 (or a click) to go elsewhere.

While a focus or a break runs or is paused, its right end shows the timer on every
other screen (Focus shows it large) — the phase, the time left and the label ("Focus 24:05 · Read Inspired") —
whoever started it: a key here, or ``cadence focus start`` in a shell. A click on it
opens Focus.

A single Static with clickable links: lighter than a Tabs widget, and it paints
with the first frame. It follows the focus service (a redraw once a second while a
phase runs, none while idle) and draws only when the text it shows changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from cadence.data.text import terminal_safe
from cadence.domain.focus_summary import PHASE_NAMES
from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.domain.timer import TimerView
    from cadence.services.focus import FocusService

MODES = (
    ("today", "Today"),
    ("roadmap", "Roadmap"),
    ("focus", "Focus"),
    ("kanban", "Kanban"),
    ("insights", "Insights"),
)
#: The timer's label gets at least this many cells, else it is left out.
MIN_LABEL = 6


def mode_bar_content(active: str) -> Content:
    """``1 Today  2 Roadmap …`` with the active screen highlighted, each a link."""
    parts = []
    for i, (mode, title) in enumerate(MODES, 1):
        label = Content(f" {i} {_(title)} ")
        style = "bold reverse" if mode == active else "dim"
        parts.append(label.stylize(f"{style} @click=app.switch_mode('{mode}')"))
    return Content(" ").join(parts)


def timer_content(view: TimerView, width: int) -> Content:
    """The timer in at most ``width`` cells: empty while it is idle; the label is cut
    (or left out) first, then the word "paused"."""
    if view.status == "idle" or width <= 0:
        return Content("")
    clock = Content.assemble((_(PHASE_NAMES[view.phase]), "bold"), " ", (view.clock_text, "bold"))
    if view.status == "paused":
        paused = Content.assemble(" ", (_("paused"), "italic"))
        if clock.cell_length + paused.cell_length <= width:
            clock = clock + paused
    label = terminal_safe(view.label, multiline=False) if view.label else ""
    room = width - clock.cell_length - 3
    if label and room >= MIN_LABEL:
        cut = Content(label).truncate(room, ellipsis=True)
        clock = clock + Content(" · ") + cut
    style = "dim" if view.status == "paused" else "$accent"
    return clock.truncate(width).stylize(f"{style} @click=app.switch_mode('focus')")


class ModeBar(Static):
    DEFAULT_CSS = """
    ModeBar { height: 1; padding: 0 1; background: $panel; }
    """

    def __init__(self, active: str) -> None:
        self.modes = mode_bar_content(active)
        self.active = active
        super().__init__(self.modes)
        self._shown: tuple[str, int] | None = None

    def _service(self) -> FocusService | None:
        services = getattr(self.app, "services", None)
        return getattr(services, "focus", None)

    def on_mount(self) -> None:
        service = self._service()
        if service is not None:
            service.add_listener(self.redraw)
        self.redraw()

    def on_unmount(self) -> None:
        service = self._service()
        if service is not None:
            service.remove_listener(self.redraw)

    def on_resize(self) -> None:
        self.redraw()

    def timer_text(self) -> str:
        """What the timer part shows now (empty while the timer is idle)."""
        return self._shown[0] if self._shown else ""

    def redraw(self) -> None:
        """Draw the modes and, at the right, the timer (the service calls this once a
        second while a phase runs)."""
        if not self.is_attached:
            return
        service = self._service()
        width = self.content_region.width or self.size.width
        room = width - self.modes.cell_length - 2
        timer = (
            timer_content(service.view(), room)
            if service is not None and self.active != "focus"
            else Content("")
        )
        key = (timer.plain, width)
        if key == self._shown:
            return
        self._shown = key
        if not timer.plain:
            self.update(self.modes)
            return
        gap = max(1, width - self.modes.cell_length - timer.cell_length)
        self.update(self.modes + Content(" " * gap) + timer)

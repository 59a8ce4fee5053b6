"""Today's side column as one widget: its panels (now, top three, the week) drawn as rich
panels in a single Static, so the column costs one widget to mount and lay out."""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text
from textual.widgets import Static


@dataclass(frozen=True)
class Section:
    """One panel: a title and its lines (rich Text: plan text is never markup)."""

    title: str
    body: Text


class SidePanels(Static):
    """Panels stacked top to bottom, each with a rounded border and a title."""

    DEFAULT_CSS = """
    SidePanels {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._sections: tuple[Section, ...] = ()
        self._theme = ""
        self._colours = ("", "")

    def show(self, sections: list[Section]) -> None:
        """Draw ``sections``; nothing happens when they are the ones shown."""
        new = tuple(sections)
        if new == self._sections and self.app.theme == self._theme:
            return
        self._sections = new
        self.update(self._render_sections())

    @property
    def sections(self) -> tuple[Section, ...]:
        return self._sections

    def _theme_colours(self) -> tuple[str, str]:
        if self.app.theme != self._theme:
            self._theme = self.app.theme
            variables = self.app.get_css_variables()
            self._colours = (
                variables.get("secondary", "blue"),
                variables.get("text-accent", variables.get("accent", "yellow")),
            )
        return self._colours

    def _render_sections(self) -> RenderableType:
        border, title = self._theme_colours()
        panels = [
            Panel(
                s.body,
                title=Text(s.title, style=f"bold {title}"),
                title_align="left",
                box=box.ROUNDED,
                border_style=border,
                padding=(0, 1),
            )
            for s in self._sections
        ]
        return Group(*panels)

    def on_resize(self) -> None:
        self.refresh()

"""What every Cadence screen shares: translated bindings and a data refresh hook."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Header

from cadence.i18n import _
from cadence.widgets.mode_bar import ModeBar

if TYPE_CHECKING:
    from cadence.app import CadenceApp


def translate_bindings(node: DOMNode) -> None:
    """Show binding descriptions in the UI language (BINDINGS are written in English).

    Works from the node's own bindings as first seen (so bindings Textual adds at
    run time, such as the command palette's, stay), and may be called again after
    the language changes.
    """
    english: BindingsMap | None = getattr(node, "_cadence_english_bindings", None)
    if english is None:
        english = node._bindings.copy()
        node._cadence_english_bindings = english  # type: ignore[attr-defined]
    translated = BindingsMap()
    for key, bindings in english.key_to_bindings.items():
        translated.key_to_bindings[key] = [
            dataclasses.replace(
                b,
                description=_(b.description) if b.description else b.description,
                tooltip=_(b.tooltip) if b.tooltip else b.tooltip,
            )
            for b in bindings
        ]
    node._bindings = translated


class CadenceScreen(Screen[None]):
    """A top-level screen (a mode). ``refresh_data`` redraws it from the store."""

    #: English title, translated when shown.
    SCREEN_TITLE = ""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def cadence(self) -> CadenceApp:
        return cast("CadenceApp", self.app)

    #: The mode this screen is shown as.
    MODE = ""

    def chrome(self) -> ComposeResult:
        """Header and the screen tabs, the top of every screen."""
        yield Header()
        yield ModeBar(self.MODE)

    _just_mounted = False

    def on_mount(self) -> None:
        self._set_sub_title()
        self.refresh_data()
        self._just_mounted = True

    def on_screen_resume(self) -> None:
        self._set_sub_title()
        if self._just_mounted:
            # The first resume follows the mount, which has just refreshed.
            self._just_mounted = False
            return
        self.refresh_data()

    def on_resize(self) -> None:
        self.cadence.check_size()

    def _set_sub_title(self) -> None:
        title = _(self.SCREEN_TITLE)
        if self.cadence.runtime.read_only:
            title += " · " + _("Read-only")
        self.sub_title = title

    def refresh_data(self) -> None:
        """Re-read what this screen shows. Called on mount, on resume and when data changes."""


class CadenceModal(ModalScreen[object]):
    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def cadence(self) -> CadenceApp:
        return cast("CadenceApp", self.app)


#: A palette command: title, help text, what it runs.
Command = tuple[str, str, Callable[[], object]]


class ScreenCommands(Provider):
    """A screen's actions in the command palette. Subclasses list them in ``commands``."""

    def commands(self) -> list[Command]:  # pragma: no cover - overridden
        return []

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)

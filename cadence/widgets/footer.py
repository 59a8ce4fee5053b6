"""Textual's Footer, rebuilt once per burst of binding changes.

Textual's Footer queues a full recompose for every "bindings changed" signal;
mounting a screen sends several in a row (focus, app focus, our own refreshes),
and each recompose rebuilds every key. Here one recompose serves the burst.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

from cadence.widgets.textual_api import footer_bindings_ready


class CadenceFooter(Footer):
    _recompose_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        footer_bindings_ready(self)
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_once)

    async def _recompose_once(self) -> None:
        self._recompose_pending = False
        await self.recompose()

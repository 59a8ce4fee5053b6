"""The few private parts of Textual that Cadence relies on, reached only from here.

Textual 8.2.8 is pinned; each function names what it touches, and
``tests/unit/test_textual_api.py`` fails when an upgrade moves or renames one,
so an upgrade breaks one small, tested module instead of five screens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from textual.app import App
from textual.binding import BindingsMap
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.events import Mount
from textual.notifications import Notification, Notify
from textual.screen import Screen
from textual.widget import NoScreen, Widget
from textual.widgets import Footer, Header
from textual.widgets._header import HeaderTitle


def node_bindings(node: DOMNode) -> BindingsMap:
    """A node's own bindings (``DOMNode._bindings``)."""
    return node._bindings


def set_node_bindings(node: DOMNode, bindings: BindingsMap) -> None:
    """Replace a node's own bindings, e.g. with translated descriptions."""
    node._bindings = bindings


def binding_chain(screen: Screen[Any]) -> list[tuple[DOMNode, BindingsMap]]:
    """Focused widget → its parents → screen → app, with their bindings
    (``Screen._binding_chain``)."""
    return list(screen._binding_chain)


def has_mode_stack(app: App[Any], mode: str) -> bool:
    """Whether ``mode`` was shown already (its screen stack exists: ``App._screen_stacks``)."""
    return mode in app._screen_stacks


def footer_bindings_ready(footer: Footer) -> None:
    """Tell Textual's Footer that bindings are known (``Footer._bindings_ready``), as its
    own ``bindings_changed`` does before it recomposes."""
    footer._bindings_ready = True


def notifications(app: App[Any]) -> Iterable[Notification]:
    """The toasts the app holds now (``App._notifications``), for tests and the help screen."""
    return list(app._notifications)


def show_notification(app: App[Any], notification: Notification) -> None:
    """Show a toast made here, so that it can be taken away again (``App.notify`` keeps
    the one it makes; this posts ``Notify`` as it does)."""
    app.post_message(Notify(notification))


def dismiss_notification(app: App[Any], notification: Notification) -> None:
    """Take a toast away before its time (``App._unnotify``); gone already is fine."""
    if notification in app._notifications:
        app._unnotify(notification)


def screen_lines(app: App[Any]) -> list[str]:
    """The current screen as a person reads it, one string a line
    (``Screen._compositor.render_strips``)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def load_screen_css(app: App[Any], screen: Screen[Any]) -> bool:
    """Read a screen's ``CSS_PATH`` files into the app's stylesheet now, parsed once
    (``Screen.css_path``; what ``App._load_screen_css`` does when the screen is first
    shown). Returns whether anything was new."""
    paths = [p for p in screen.css_path if not app.stylesheet.has_source(str(p), "")]
    for path in paths:
        app.stylesheet.read(path)
    if paths:
        app.stylesheet.reparse()
        app.stylesheet.update(app)
    return bool(paths)


def mark_css_current(app: App[Any], screen: Screen[Any]) -> None:
    """Tell Textual a new screen is styled by the stylesheet as it is (its CSS is loaded,
    and registering it applied it): no full re-parse when it is first shown
    (``Screen._css_update_count``, compared in ``App._init_mode`` / ``switch_mode``)."""
    if all(app.stylesheet.has_source(str(p), "") for p in screen.css_path):
        screen._css_update_count = app._css_update_count


def build_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Start a screen that is not shown: it composes and mounts now, in the background, at
    the app's size (``App._register`` and ``Screen._screen_resized``, as ``App._get_screen``
    and ``App._init_mode`` do when a mode's screen is first shown)."""
    if not screen.is_running:
        app._register(app, screen)
        screen._screen_resized(app.size)


def compose_widgets(widget: Widget) -> list[Widget]:
    """What ``widget.compose()`` yields, containers filled (``textual.compose.compose``,
    as ``Widget.recompose`` uses it)."""
    from textual.compose import compose

    return compose(widget)


class SteadyHeader(Header):
    """Textual's Header, whose title watchers let be a Header emptied meanwhile.

    Textual's own (``Header._on_mount``) looks its ``HeaderTitle`` up when the title
    changes and lets only ``NoScreen`` pass: a screen built ahead that the app takes
    away as it closes, while its mount's title updates are still queued, would fail
    with ``NoMatches``. This one registers the same four watchers and lets both pass.
    """

    def _on_mount(self, event: Mount) -> None:
        event.prevent_default()  # instead of Header._on_mount (and Widget's: no scrollbars)

        async def set_title() -> None:
            with contextlib.suppress(NoScreen, NoMatches):
                self.query_one(HeaderTitle).update(self.format_title())

        for node in (self.app, self.screen):
            self.watch(node, "title", set_title)
            self.watch(node, "sub_title", set_title)

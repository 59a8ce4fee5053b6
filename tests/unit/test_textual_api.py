"""Each private part of Textual that Cadence uses still works (fails on a Textual upgrade)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingsMap
from textual.screen import Screen
from textual.widgets import Footer, Label

from cadence.widgets import textual_api as api


class _Screen(Screen[None]):
    BINDINGS = [Binding("x", "nothing", "Ex")]

    def compose(self) -> ComposeResult:
        yield Label("hello from the screen")
        yield Footer()


class _Styled(_Screen):
    CSS_PATH = "textual_api_probe.tcss"


class _App(App[None]):
    MODES = {"one": _Screen, "two": _Screen}
    DEFAULT_MODE = "one"
    BINDINGS = [Binding("y", "nothing", "Why")]


async def test_private_parts_still_work():
    app = _App()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        screen = app.screen
        own = api.node_bindings(screen)
        assert isinstance(own, BindingsMap)
        assert "Ex" in [b.description for _key, b in own]

        replaced = BindingsMap([Binding("x", "nothing", "Ixs")])
        api.set_node_bindings(screen, replaced)
        assert api.node_bindings(screen) is replaced

        chain = api.binding_chain(screen)
        nodes = [node for node, _bindings in chain]
        assert screen in nodes and app in nodes
        assert any(b.description == "Why" for _n, m in chain for _k, b in m)

        assert api.has_mode_stack(app, "one")
        assert not api.has_mode_stack(app, "two")

        footer = screen.query_one(Footer)
        api.footer_bindings_ready(footer)
        assert footer._bindings_ready is True

        app.notify("a toast")
        await pilot.pause()
        assert [n.message for n in api.notifications(app)] == ["a toast"]

        from textual.notifications import Notification

        own_toast = Notification("mine", "title", timeout=30)
        api.show_notification(app, own_toast)
        await pilot.pause()
        assert [n.message for n in api.notifications(app)] == ["a toast", "mine"]
        api.dismiss_notification(app, own_toast)
        api.dismiss_notification(app, own_toast)  # twice: nothing to take away
        await pilot.pause()
        assert [n.message for n in api.notifications(app)] == ["a toast"]

        assert any("hello from the screen" in line for line in api.screen_lines(app))

        # A screen built ahead: its CSS read in, marked current, composed out of sight.
        ahead = _Styled()
        assert api.load_screen_css(app, ahead)
        assert not api.load_screen_css(app, ahead)  # read once
        api.mark_css_current(app, ahead)
        assert ahead._css_update_count == app._css_update_count
        api.build_screen(app, ahead)
        await pilot.pause()
        assert ahead.is_running and ahead.size == app.size
        assert ahead.query_one(Label).styles.color.rgb == (255, 0, 0)
        assert app.screen is screen  # built, not shown
        app.push_screen(ahead)
        await pilot.pause()
        assert any("hello from the screen" in line for line in api.screen_lines(app))


class _Titled(App[None]):
    def __init__(self, header: type) -> None:
        super().__init__()
        self.header_class = header

    def compose(self) -> ComposeResult:
        yield self.header_class()


async def test_the_steady_header_follows_the_title_and_lets_an_emptied_header_be():
    import pytest
    from textual.css.query import NoMatches
    from textual.widgets import Header
    from textual.widgets._header import HeaderTitle

    app = _Titled(api.SteadyHeader)
    async with app.run_test() as pilot:
        app.title, app.sub_title = "Cadence", "Today"
        await pilot.pause()
        assert "Cadence" in str(app.query_one(HeaderTitle).render())
        assert "Today" in str(app.query_one(HeaderTitle).render())
        await app.query_one(HeaderTitle).remove()  # as when the app takes its screen away
        app.sub_title = "Roadmap"
        await pilot.pause()
    # Textual's own Header fails there (if an upgrade fixes it, SteadyHeader can go).
    plain = _Titled(Header)
    with pytest.raises(NoMatches):
        async with plain.run_test() as pilot:
            await plain.query_one(HeaderTitle).remove()
            plain.sub_title = "Roadmap"
            await pilot.pause()

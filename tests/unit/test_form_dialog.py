"""The one dialog base: validation names the field and returns nothing; save returns the result."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Input, Label

from cadence.widgets.form import FormDialog, FormError
from tests.helpers import screen_text


class NameForm(FormDialog[str]):
    def form_title(self) -> str:
        return "Your name"

    def fields(self) -> ComposeResult:
        yield Label("Name")
        yield Input(id="name")

    def result(self) -> str:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            raise FormError("Write a name first.", "#name")
        return name


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(NameForm(), self.results.append)


async def test_a_form_refuses_bad_input_then_returns_its_result():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NameForm)
        assert form.query_one(Footer) is not None
        text = screen_text(app)
        assert "^s" in text and "Save" in text and "esc" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Write a name first." in screen_text(app)
        assert app.screen is form and app.results == []
        assert form.focused is form.query_one("#name", Input)
        await pilot.press(*"王小明", "enter")
        await pilot.pause()
        assert app.results == ["王小明"]


async def test_escape_cancels_with_none():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x", "escape")
        await pilot.pause()
        assert app.results == [None]


async def test_the_first_field_has_the_focus_not_the_scroller():
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form = app.screen
        assert form.focused is form.query_one("#name", Input)
        await pilot.press(*"Ada", "enter")
        await pilot.pause()
        assert app.results == ["Ada"]

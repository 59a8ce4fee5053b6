"""The command palette lists each screen's actions from its key bindings, and runs them."""

from __future__ import annotations

from textual.command import CommandPalette

from cadence.widgets.textual_api import node_bindings
from tests.helpers import settle


async def run_from_palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*words)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await settle(pilot)


async def test_the_palette_runs_a_screens_action_by_its_binding(make_app):
    from cadence.screens.roadmap.must_do import ChecklistScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        await run_from_palette(pilot, "Karpathy course")
        assert isinstance(app.screen, ChecklistScreen)


async def test_palette_commands_come_from_bindings_with_a_tooltip(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.screen.palette_commands()]
        assert "Daily review" in titles and "Mute reminders" in titles
        # A binding without a tooltip (moving the cursor, say) is not a command.
        assert all(t for t in titles)
        tooltips = {b.tooltip for _k, b in node_bindings(app.screen) if b.tooltip}
        assert set(titles) == tooltips

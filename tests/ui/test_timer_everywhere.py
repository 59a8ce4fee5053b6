"""The focus timer on every screen (the mode bar), however it was started, and the
phase-end prompt's offer to tick the block the focus was on."""

from __future__ import annotations

import argparse
import re

import pytest
from rich.cells import cell_len

from cadence.app import CadenceApp
from cadence.notify import FakeNotifier
from cadence.screens.focus.history import HistoryScreen
from cadence.screens.focus.prompt import PhaseEndPrompt
from cadence.widgets.mode_bar import ModeBar
from tests.helpers import screen_text, settle, toast_messages

SCREENS = {"1": "Today", "2": "Roadmap", "4": "Kanban", "5": "Insights"}


def open_app(make_runtime, now: str = "2026-12-01T20:45", **kwargs) -> CadenceApp:
    return CadenceApp(make_runtime(now=now, **kwargs), poll_interval=0.2, notifier=FakeNotifier())


def bar(app) -> str:
    """The mode bar's line as shown."""
    return screen_text(app).splitlines()[1]


async def visit_each(app, pilot) -> dict[str, str]:
    """The mode bar on Today, Roadmap, Kanban and Insights."""
    seen = {}
    for key, name in SCREENS.items():
        await pilot.press(key)
        await settle(pilot)
        assert app.screen.query_one(ModeBar)
        seen[name] = bar(app)
    return seen


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_a_running_or_paused_timer_shows_on_every_screen(make_runtime, size):
    app = open_app(make_runtime)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert "Focus 25:00" not in bar(app)  # idle: nothing
        await pilot.press("3", "space")  # started in the UI, on Focus
        await settle(pilot)
        app.services.focus.set_label("Read Inspired", None)
        app.clock.advance(65)
        app.services.focus.tick()
        for name, line in (await visit_each(app, pilot)).items():
            assert "Focus 23:55" in line, (name, line)
            assert "· Read I" in line, (name, line)
        app.services.focus.pause()
        await settle(pilot)
        for name, line in (await visit_each(app, pilot)).items():
            assert "Focus 23:55 paused" in line, (name, line)
        app.services.focus.stop(log=False)
        await settle(pilot)
        assert "Focus 2" not in bar(app)


async def test_a_focus_started_in_the_shell_shows_on_every_screen(
    make_runtime, tmp_path, monkeypatch
):
    from cadence.shell.focus import focus_command

    app = open_app(make_runtime, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not re.search(r"\d\d:\d\d", bar(app))  # idle: no timer
        monkeypatch.setenv("CADENCE_NOW", "2026-12-01T20:45")
        args = argparse.Namespace(
            focus_command="start", label="读《启示录》", link=None, minutes=30
        )
        assert focus_command(args, tmp_path / "data", "zh") == 0
        await pilot.pause(0.5)  # the app polls the store every 0.2 s here
        await settle(pilot)
        for name, line in (await visit_each(app, pilot)).items():
            # (the shell's clock ran on a little while it started: 30:00 or 30:01 left)
            assert re.search(r"专注 30:0\d · 读《启示录》", line), (name, line)
        # A click on it opens Focus.
        line = bar(app)
        await pilot.click(ModeBar, offset=(cell_len(line[: line.index("专注 30")]), 0))
        await settle(pilot)
        assert app.current_mode == "focus"


async def test_the_prompt_offers_to_tick_the_block_the_focus_was_on(make_runtime):
    app = open_app(make_runtime)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_focus("Targeted study or project iteration", "block:wd-study")
        await settle(pilot)
        app.clock.advance(25 * 60)
        app.services.focus.tick()
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PhaseEndPrompt)
        assert "t  tick the block: Targeted study or project iteration" in screen_text(app)
        assert app.repo.day("2026-12-01").states.get("wd-study") is None
        await pilot.press("t")  # one key
        await settle(pilot)
        assert not isinstance(app.screen, PhaseEndPrompt)
        assert app.repo.day("2026-12-01").states["wd-study"] == "done"
        assert "Ticked: Targeted study or project iteration" in toast_messages(app)
        # The break goes on; the next focus, on no block, offers nothing to tick.
        app.services.focus.skip()
        app.services.focus.start_phase("Free reading", None)
        app.clock.advance(25 * 60)
        app.services.focus.tick()
        await settle(pilot)
        assert isinstance(app.screen, PhaseEndPrompt)
        assert "tick the block" not in screen_text(app)
        await pilot.press("t")  # any other key: closes, ticks nothing
        await settle(pilot)
        assert not isinstance(app.screen, PhaseEndPrompt)


async def test_the_history_asks_its_screen_to_save_and_never_writes_itself(make_runtime):
    """Dialogs return results: the history hands each change to its opener."""
    app = open_app(make_runtime, now="2026-12-01T22:00")
    asked = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.start_focus("Lecture notes", None)
        app.clock.advance(25 * 60)
        app.services.focus.tick()
        await settle(pilot)
        await pilot.press("escape")
        (logged,) = app.repo.sessions("2026-12-01", "2026-12-01")
        history = HistoryScreen(lambda old, new, done: asked.append((old, new, done)))
        app.push_screen(history)
        await settle(pilot)
        history.query_one("#history-table").move_cursor(row=1)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert asked == [(logged, None, "Session deleted: u brings it back.")]
        assert app.repo.sessions("2026-12-01", "2026-12-01") == [logged]  # nothing written

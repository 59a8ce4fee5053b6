"""The app shell: every screen is reachable with its key and shows real data."""

from __future__ import annotations

from textual import events
from textual.widgets import OptionList

from cadence.app import DataChanged
from cadence.screens.focus.screen import FocusScreen
from cadence.screens.insights.screen import InsightsScreen
from cadence.screens.kanban.screen import KanbanScreen
from cadence.screens.roadmap.screen import RoadmapScreen
from cadence.screens.today.screen import TodayScreen
from cadence.widgets.textual_api import notifications
from tests.helpers import screen_text, settle, toast_messages


async def test_every_screen_is_reachable(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, TodayScreen)
        for key, kind in [
            ("2", RoadmapScreen),
            ("3", FocusScreen),
            ("4", KanbanScreen),
            ("5", InsightsScreen),
            ("1", TodayScreen),
        ]:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, kind), key


async def test_today_shows_the_seed_schedule(make_app):
    app = make_app(now="2026-12-01T20:45")  # a Tuesday
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        titles = [(b.block.start, b.block.end, b.block.kind) for b in screen.blocks]
        assert ("20:30", "22:30", "study") in titles
        assert ("23:00", "08:00", "sleep") in titles
        options = screen.query_one(OptionList)
        highlighted = options.get_option_at_index(options.highlighted)
        study = next(b for b in screen.blocks if b.block.start == "20:30")
        assert highlighted.id == study.block.id
        assert "▸" in str(highlighted.prompt)
        now_line = options.get_option_at_index(options.highlighted + 1)
        assert "now 20:45 · 1h45 left" in str(now_line.prompt)


async def test_roadmap_shows_months_and_goals(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        months = app.screen.query_one("#months", OptionList)
        ids = [months.get_option_at_index(i).id for i in range(months.option_count)]
        assert sum(i.startswith("phase-") for i in ids) == 5
        assert sum(i.startswith("month-") for i in ids) == 13
        assert app.screen.current_month == 0


async def test_help_lists_the_screen_keys(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        keys = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert "space" in " ".join(keys).lower() or "␣" in " ".join(keys)
        assert "q" in keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_check_off_persists(make_app, make_runtime, tmp_path):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await settle(pilot)
        screen = app.screen
        block_id = (
            screen.query_one(OptionList)
            .get_option_at_index(screen.query_one(OptionList).highlighted)
            .id
        )
    # A new runtime on the same folder reads it back.
    app.runtime.close()
    again = make_runtime(data=tmp_path / "data")
    assert again.repo.day("2026-12-01").states[block_id] == "done"


async def test_chinese_ui(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "今日" in text
        assert "周二" in text
        assert "学习" in text


async def test_too_small_terminal_says_so_and_recovers(make_app):
    from cadence.screens.too_small import TooSmallScreen

    app = make_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "80×24" in screen_text(app)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_resizing_never_crashes(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        for size in [(1, 1), (80, 24), (40, 10), (200, 60), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        for key in "2345":
            await pilot.press(key)
            await pilot.resize_terminal(81, 25)
            await pilot.pause()
        assert app.is_running


async def test_the_mode_bar_switches_screens_with_the_mouse(make_app):
    from cadence.widgets.mode_bar import ModeBar

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "1 Today" in text and "5 Insights" in text
        # " 1 Today " then a space: "2 Roadmap" starts at cell 1 + 9 + 1 + 1.
        await pilot.click(ModeBar, offset=(13, 0))
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)


async def test_ctrl_p_opens_the_command_palette_with_the_screens(make_app):
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Roadmap")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)


async def test_language_switch_rebuilds_the_ui_and_back(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.apply_language("zh")
        await settle(pilot)
        assert "今日" in screen_text(app)
        assert "跳过" in screen_text(app)  # the footer's "Skip", translated
        await pilot.press("2")  # built ahead in English: made anew in Chinese
        await settle(pilot)
        assert "必须完成" in screen_text(app) and "Must-dos" not in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        await app.apply_language("en")
        await settle(pilot)
        text = screen_text(app)
        assert "Today" in text and "Skip" in text and "今日" not in text
        await pilot.press("ctrl+p")
        await pilot.pause()
        from textual.command import CommandPalette

        assert isinstance(app.screen, CommandPalette)


async def test_a_corrupt_file_is_moved_aside_and_the_app_opens_on_the_last_version(
    make_app, make_runtime, tmp_path
):
    data = tmp_path / "data"
    first = make_runtime(now="2026-12-01T20:45", data=data)
    goal_id = first.repo.goals()[0].id
    first.repo.update_goal(goal_id, lambda g: setattr(g, "done", True))  # today's change
    first.close()
    (data / "plan.json").write_text("{broken", encoding="utf-8")

    app = make_app(now="2026-12-01T21:00", data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = toast_messages(app)
        moved = sorted(data.glob("plan.json.corrupt-*"))
        assert len(moved) == 1 and moved[0].read_text(encoding="utf-8") == "{broken"
        prev = data / "plan.json.prev"
        assert any(str(moved[0]) in m and str(prev) in m for m in messages), messages
        assert isinstance(app.screen, TodayScreen)
        assert any(b.block.start == "20:30" for b in app.screen.blocks)
        assert next(g for g in app.repo.goals() if g.id == goal_id).done  # nothing lost


async def test_a_second_window_on_the_same_data_opens_read_only_and_says_who(make_app, tmp_path):
    import os

    data = tmp_path / "data"
    first = make_app(data=data)
    second = make_app(data=data)
    assert first.runtime.lock is not None and second.runtime.lock is None
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        messages = " ".join(n.message for n in notifications(second))
        assert f"process {os.getpid()}" in messages and "open in another Cadence" in messages
        assert "Read-only" in screen_text(second)
        await pilot.press("space")  # a change is refused with a message, nothing saved
        await pilot.pause()
        assert "read-only" in " ".join(n.message for n in notifications(second))


async def test_the_footer_rebuilds_once_per_burst_of_binding_changes(make_app):
    from cadence.widgets.footer import CadenceFooter

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(CadenceFooter)
        calls = 0
        original = footer.recompose

        async def counting() -> None:
            nonlocal calls
            calls += 1
            await original()

        footer.recompose = counting
        for _ in range(5):
            app.screen.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert calls == 1
        assert "Skip" in screen_text(app)


async def test_a_change_arriving_while_the_app_closes_is_ignored(make_app):
    """A write that ends as the app closes (a slow disk, a busy machine): its message
    arrives while the screens are being removed, and must not crash the exit."""
    app = make_app()

    def hook(message) -> None:
        if isinstance(message, events.Unmount):  # a widget or a screen is going
            app.post_message(DataChanged({"days-2026"}))

    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_settings_open_at_their_top_at_80x24_and_follow_the_agent(
    make_app, tmp_path, monkeypatch
):
    from cadence.screens.settings import SettingsScreen
    from cadence.services.presence import AgentLock

    monkeypatch.setattr(SettingsScreen, "AGENT_LOOK_S", 0.1)

    data = tmp_path / "data"
    app = make_app(data=data)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        lines = screen_text(app).splitlines()
        assert "Settings" in lines[1] and "Language" in lines[3], lines[:5]
        assert "not running" in str(app.screen.query_one("#agent-status").render())
        lock = AgentLock(data)
        lock.acquire(since="2026-12-01 20:00:00")
        try:
            for _ in range(30):
                await pilot.pause(0.1)
                if "running (process" in str(app.screen.query_one("#agent-status").render()):
                    break
            assert "running (process" in str(app.screen.query_one("#agent-status").render())
        finally:
            lock.release()

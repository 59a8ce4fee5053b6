"""One language at a time: the plan's text follows the UI language, and the settings
dialog shows and saves the language on screen."""

from __future__ import annotations

import gc

from textual.widgets import Select

from cadence.data.plan import load_default_plan
from cadence.screens.settings import SettingsScreen
from tests.helpers import screen_text, settle


def _titles(repo) -> set[str]:
    return {b.title for t in repo.plan().templates for b in t.blocks}


async def test_an_english_folder_opened_in_chinese_shows_the_chinese_plan(make_runtime, make_app):
    data_dir = make_runtime(lang="en", interactive=False).data_dir
    app = make_app(lang="zh", data=data_dir)
    zh = {b.title for t in load_default_plan("zh").templates for b in t.blocks}
    en = {b.title for t in load_default_plan("en").templates for b in t.blocks}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert _titles(app.repo) == zh
        text = screen_text(app)
        assert not any(title in text for title in en - zh)
        await pilot.press("2")
        await settle(pilot)
        month_line = next(line for line in screen_text(app).splitlines() if "月" in line)
        assert "Preparation" not in month_line


async def test_a_live_switch_carries_the_plan_and_keeps_edited_text(make_app):
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        goal = app.repo.goals()[0]
        app.persist(lambda: app.repo.update_goal(goal.id, lambda g: setattr(g, "text", "My own")))
        await settle(pilot)
        await app.apply_language("zh")
        await settle(pilot)
        assert app.repo.settings().language == "zh"
        zh_titles = {b.title for t in load_default_plan("zh").templates for b in t.blocks}
        assert _titles(app.repo) == zh_titles
        assert next(g for g in app.repo.goals() if g.id == goal.id).text == "My own"
        await app.apply_language("en")
        await settle(pilot)
        en_titles = {b.title for t in load_default_plan("en").templates for b in t.blocks}
        assert _titles(app.repo) == en_titles


async def test_settings_show_and_keep_the_language_on_screen(make_runtime, make_app):
    data_dir = make_runtime(lang="zh", interactive=False).data_dir
    assert make_runtime(lang="zh", interactive=False).repo.settings().language == "zh"
    app = make_app(lang="en", data=data_dir)  # --lang en over a saved zh setting
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SettingsScreen)
        assert dialog.query_one("#language", Select).value == "en"
        dialog.query_one("#theme", Select).value = "nord"  # change only the theme
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Today" in screen_text(app) and "今日" not in screen_text(app)
        stored = app.repo.settings()
        assert (stored.theme, stored.language) == ("nord", "en")


async def test_a_live_switch_on_focus_leaves_nothing_blank(make_app):
    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        before = [line.strip() for line in screen_text(app).splitlines() if line.strip()]
        await app.apply_language("zh")
        await settle(pilot)
        after = [line.strip() for line in screen_text(app).splitlines() if line.strip()]
        assert len(after) >= len(before), "lines went blank after the switch"
        text = screen_text(app)
        assert "今日" in text and "本周" in text


async def test_switching_the_language_in_settings_says_saved_in_the_new_one(make_app):
    from tests.helpers import toast_messages

    app = make_app(lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SettingsScreen)
        dialog.query_one("#language", Select).value = "zh"
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = toast_messages(app)
        assert "设置已保存" in messages and "Settings saved" not in messages, messages
        assert app.repo.settings().language == "zh"
        await pilot.press("comma")
        await pilot.pause()
        app.screen.query_one("#theme", Select).value = "nord"  # no switch: said at once
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert toast_messages(app).count("设置已保存") == 2


async def test_a_live_switch_hands_what_the_start_made_back_to_the_collector(make_app):
    # ``cadence`` starts with the collector off and freezes what the start made once the
    # first screen is painted (it lives as long as the app); a language switch replaces
    # the start's widgets, which must not stay frozen, out of the collector's reach.
    app = make_app(lang="en")
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
            await app.apply_language("zh")
            await settle(pilot)
            assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.enable()

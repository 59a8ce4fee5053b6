"""A screen shown again is filled again only when something it shows changed: a file it
watches (written here or by another process), the plan's day, the language or the theme."""

from __future__ import annotations

from cadence.data.models import Deliverable
from cadence.screens.insights.screen import InsightsScreen
from cadence.screens.kanban.screen import KanbanScreen
from cadence.screens.today.screen import TodayScreen
from tests.helpers import screen_text, settle


def _count_fills(monkeypatch, cls) -> list[object]:
    calls: list[object] = []
    original = cls.refresh_data

    def counted(self) -> None:
        calls.append(self)
        original(self)

    monkeypatch.setattr(cls, "refresh_data", counted)
    return calls


async def _visit(pilot, key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_a_screen_shown_again_unchanged_is_not_filled_again(make_app, monkeypatch):
    fills = _count_fills(monkeypatch, InsightsScreen)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _visit(pilot, "5")
        assert isinstance(app.screen, InsightsScreen)
        before = len(fills)
        for _ in range(3):
            await _visit(pilot, "1")
            await _visit(pilot, "5")
        assert len(fills) == before
        await _visit(pilot, "1")
        await pilot.press("space")  # a block ticked: a file Insights shows
        await settle(pilot)
        await _visit(pilot, "5")
        assert len(fills) == before + 1


async def test_a_card_written_by_another_process_shows_on_the_next_visit(
    make_app, make_runtime, tmp_path
):
    data = tmp_path / "data"
    app = make_app(data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _visit(pilot, "4")
        assert isinstance(app.screen, KanbanScreen)
        await _visit(pilot, "1")
        other = make_runtime(data=data, interactive=False)
        other.repo.add_card(Deliverable("Written elsewhere", column="backlog"))
        for _ in range(10):  # the app's poll finds it (every 0.2 s here)
            await pilot.pause(0.1)
        await _visit(pilot, "4")
        assert "Written elsewhere" in screen_text(app)


async def test_a_new_day_a_theme_or_a_language_fill_a_screen_again(make_app, monkeypatch):
    fills = _count_fills(monkeypatch, InsightsScreen)
    app = make_app(now="2026-12-01T20:45")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _visit(pilot, "5")
        seen = len(fills)
        await _visit(pilot, "1")
        app.clock.set("2026-12-02T09:00")  # the plan's next day
        await _visit(pilot, "5")
        assert len(fills) == seen + 1
        await _visit(pilot, "1")
        app.theme = "nord"
        await settle(pilot)
        await _visit(pilot, "5")
        assert len(fills) == seen + 2


async def test_today_shown_again_moves_its_now_line_with_the_minute(make_app, monkeypatch):
    fills = _count_fills(monkeypatch, TodayScreen)
    app = make_app(now="2026-12-01T20:45")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _visit(pilot, "2")
        await _visit(pilot, "1")
        seen = len(fills)
        await _visit(pilot, "2")
        await _visit(pilot, "1")
        assert len(fills) == seen  # the same minute, nothing changed
        await _visit(pilot, "2")
        app.clock.advance(60)
        await _visit(pilot, "1")
        assert len(fills) == seen + 1

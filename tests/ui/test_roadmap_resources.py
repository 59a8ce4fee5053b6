"""Resources, reached from the Roadmap with r: list, open, copy, add, edit, delete, undo."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from cadence.screens.confirm import ConfirmDelete
from cadence.screens.roadmap import links
from cadence.screens.roadmap.resources import ResourceForm, ResourcesScreen
from cadence.screens.roadmap.screen import RoadmapScreen
from tests.helpers import screen_text, settle


async def open_resources(pilot) -> ResourcesScreen:
    await pilot.press("2", "r")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ResourcesScreen)
    return screen


def select(screen: ResourcesScreen, resource_id: str) -> None:
    table = screen.query_one(DataTable)
    row = next(n for n, r in enumerate(screen.resources) if r.id == resource_id)
    table.move_cursor(row=row)


async def test_resources_list_the_plans_resources(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_resources(pilot)
        stored = app.repo.plan().resources
        assert screen.query_one(DataTable).row_count == len(stored) > 30
        select(screen, "res-peter-yang")
        await pilot.pause()
        text = screen_text(app)
        assert "Peter Yang" in text and "every morning" in text
        assert "https://www.youtube.com/@PeterYangYT" in text  # in the detail panel
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)


async def test_copy_and_open_the_link(make_app, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(links, "browser_available", lambda: True)
    monkeypatch.setattr(links, "launch", lambda url: opened.append(url) or True)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_resources(pilot)
        select(screen, "res-lennys-podcast")
        await pilot.press("c")
        assert app.clipboard == "https://www.youtube.com/@LennysPodcast"
        await pilot.press("o")
        await settle(pilot)
        assert opened == ["https://www.youtube.com/@LennysPodcast"]


async def test_no_browser_copies_instead(make_app, monkeypatch):
    monkeypatch.setattr(links, "browser_available", lambda: False)
    monkeypatch.setattr(links, "launch", lambda url: pytest_fail(url))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_resources(pilot)
        select(screen, "res-ai-valley")
        await pilot.press("o")
        await settle(pilot)
        assert app.clipboard == "https://www.theaivalley.com/"


def pytest_fail(url: str) -> bool:
    raise AssertionError(f"should not launch a browser for {url}")


async def test_status_cycles_and_is_saved(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_resources(pilot)
        select(screen, "res-inspired")
        await pilot.press("space")
        await settle(pilot)
        stored = {r.id: r for r in app.repo.plan().resources}
        assert stored["res-inspired"].status == "in_progress"
        select(screen, "res-inspired")
        await pilot.press("space")
        await settle(pilot)
        assert {r.id: r for r in app.repo.plan().resources}["res-inspired"].status == "done"


async def test_add_with_a_bad_link_is_refused_then_saved(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_resources(pilot)
        before = len(app.repo.plan().resources)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ResourceForm)
        await pilot.press(*"Latent Space")
        form.query_one("#res-url", Input).value = "latent.space"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "A link starts with http:// or https://" in screen_text(app)
        assert len(app.repo.plan().resources) == before
        form.query_one("#res-url", Input).value = "https://www.latent.space/"
        form.query_one("#res-when", Input).value = "commute"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        added = [r for r in app.repo.plan().resources if r.title == "Latent Space"]
        assert len(added) == 1
        assert added[0].url == "https://www.latent.space/" and added[0].when == "commute"
        assert added[0].kind == "podcast" and added[0].status == "to_start"


async def test_edit_delete_and_undo(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_resources(pilot)
        select(screen, "res-every")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ResourceForm)
        assert form.query_one("#res-title", Input).value == "Every"
        form.query_one("#res-about", Input).value = "Essays on AI and business"
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = {r.id: r for r in app.repo.plan().resources}
        assert stored["res-every"].description == "Essays on AI and business"
        select(screen, "res-every")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("y")
        await settle(pilot)
        assert "res-every" not in {r.id for r in app.repo.plan().resources}
        await pilot.press("u")
        await settle(pilot)
        restored = {r.id: r for r in app.repo.plan().resources}["res-every"]
        assert restored.description == "Essays on AI and business"


async def test_filter_by_kind(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_resources(pilot)
        await pilot.press("f")  # podcasts
        await pilot.pause()
        assert {r.kind for r in screen.resources} == {"podcast"}
        assert screen.query_one(DataTable).row_count == 2


async def test_chinese_resources(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_resources(pilot)
        text = screen_text(app)
        assert "类型" in text and "状态" in text
        assert "未开始" in text

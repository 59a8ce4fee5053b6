"""The board with the keyboard: the plan's cards, moves, WIP, delete/undo, editing, filters."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, Markdown, SelectionList, TextArea

from cadence.data.models import ChecklistItem, Deliverable
from cadence.notify import FakeNotifier
from cadence.screens.kanban.dialogs import CardDetail, CardEditor, ConfirmDelete, FilterCards
from cadence.screens.kanban.screen import KanbanScreen
from cadence.services.board import BoardService
from cadence.widgets.textual_api import notifications
from tests.helpers import screen_text, settle

MONTH_TWO = {
    "case_study:2",
    "demo:2",
    "notes:2",
    "weekly_learnings:2026-W49",
    "capstone:cap-work-agent",
    "capstone:cap-customer-mvp",
    "capstone:cap-ai-platform",
}


@pytest.fixture
def board_app(make_runtime, make_app):
    """An app on a folder whose plan started 2026-10-01: 2026-12-01 is in plan month 2."""

    def make(now: str = "2026-12-01T20:45", lang: str = "en"):
        make_runtime(now="2026-10-01T09:00", lang=lang, interactive=False)
        return make_app(now=now, lang=lang)

    return make


async def open_board(pilot) -> KanbanScreen:
    await settle(pilot)
    await pilot.press("4")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, KanbanScreen)
    return screen


def by_source(app, source: str) -> Deliverable:
    return next(c for c in app.repo.cards() if c.source == source)


def focus_card(screen: KanbanScreen, card_id: str) -> None:
    card = screen.cards[card_id]
    screen.set_active(card.column)
    screen.list_of(card.column).highlight_id(card_id)


async def test_month_two_shows_its_deliverables_and_the_capstones(board_app, make_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        shown = {c.source for c in screen.cards.values()}
        assert shown >= MONTH_TWO
        text = screen_text(app)
        assert "Backlog 7" in text and "This week 1" in text
        assert "Work-efficiency agent" in text or "Case study" in text
    count = len(app.repo.cards())
    app.runtime.close()
    # Restart on the same folder, later the same day: no duplicates.
    again = make_app(now="2026-12-01T22:00")
    async with again.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        assert len(screen.cards) == count == 8


async def test_moving_a_card_persists_across_a_restart(board_app, make_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        case = by_source(app, "case_study:2")
        focus_card(screen, case.id)
        await pilot.press("shift+right", "shift+right")
        assert screen.cards[case.id].column == "doing"  # drawn at once
        assert screen.active == "doing"  # the cursor follows the card
        await settle(pilot)
    app.runtime.close()
    again = make_app(now="2026-12-02T09:00")
    async with again.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        assert by_source(again, "case_study:2").column == "doing"


async def test_reorder_with_shift_up_and_down_persists(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        backlog = screen.shown_cards("backlog")
        second = backlog[1]
        focus_card(screen, second.id)
        await pilot.press("shift+up")
        await settle(pilot)
        assert screen.shown_cards("backlog")[0].id == second.id
        stored = [c.id for c in app.repo.cards() if c.column == "backlog"]
        assert stored[0] == second.id
        await pilot.press("shift+down", "shift+down")
        await settle(pilot)
        assert [c.id for c in screen.shown_cards("backlog")][2] == second.id


async def test_arrows_and_hjkl_move_the_focus(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        assert screen.active == "backlog"
        await pilot.press("l")
        assert screen.active == "week"
        await pilot.press("right", "right", "right")
        assert screen.active == "done"
        await pilot.press("h", "left")
        assert screen.active == "week"
        await pilot.press("left")
        listing = screen.list_of("backlog")
        await pilot.press("j", "j")
        assert listing.highlighted == 2
        await pilot.press("k")
        assert listing.highlighted == 1


async def test_wip_limit_shows_a_warning(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        backlog = screen.shown_cards("backlog")[:4]
        for card in backlog:
            focus_card(screen, card.id)
            await pilot.press("shift+right", "shift+right")
        await settle(pilot)
        assert sum(1 for c in screen.cards.values() if c.column == "doing") == 4
        column = screen.query_one("#column-doing")
        assert column.has_class("-over-limit")
        assert "WIP 4/3" in str(column.border_subtitle)
        warnings = [n for n in notifications(app) if n.severity == "warning"]
        assert any("over its limit of 3" in n.message for n in warnings)


async def test_delete_asks_first_and_undo_restores_the_card(board_app, make_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        demo = by_source(app, "demo:2")
        focus_card(screen, demo.id)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert demo.id in screen.cards
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert demo.id not in screen.cards
        assert demo.id not in {c.id for c in app.repo.cards()}
        await pilot.press("u")
        await settle(pilot)
        assert demo.id in screen.cards
        restored = next(c for c in app.repo.cards() if c.id == demo.id)
        assert restored.source == "demo:2" and restored.column == demo.column
    app.runtime.close()
    again = make_app(now="2026-12-01T23:00")
    async with again.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        assert sum(1 for c in again.repo.cards() if c.source == "demo:2") == 1


async def test_undo_takes_back_a_move(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        notes = by_source(app, "notes:2")
        focus_card(screen, notes.id)
        await pilot.press("shift+right")
        await pilot.press("u")
        await settle(pilot)
        assert by_source(app, "notes:2").column == "backlog"


async def test_new_card_checks_the_form_before_saving(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        before = len(app.repo.cards())
        await pilot.press("n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, CardEditor)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Give the card a title." in screen_text(app)
        editor.query_one("#title", Input).value = "RAG eval harness"
        editor.query_one("#due", Input).value = "2026-13-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CardEditor)
        assert "Due date: use YYYY-MM-DD" in screen_text(app)
        editor.query_one("#due", Input).value = "2026-12-20"
        editor.query_one("#tags", Input).value = "rag, eval"
        editor.query_one("#description", TextArea).text = "# Plan\n\n- build a **golden set**"
        editor.query_one("#checklist", TextArea).text = "[x] Pick metrics\nWrite cases"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        assert len(app.repo.cards()) == before + 1
        card = next(c for c in app.repo.cards() if c.title == "RAG eval harness")
        assert card.column == "backlog" and card.due == "2026-12-20" and card.month == 2
        assert card.tags == ["rag", "eval"]
        assert [(i.text, i.done) for i in card.checklist] == [
            ("Pick metrics", True),
            ("Write cases", False),
        ]


async def test_capstone_measures_are_edited_and_checked(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        capstone = by_source(app, "capstone:cap-work-agent")
        focus_card(screen, capstone.id)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, CardEditor)
        measures = editor.query_one("#measures", TextArea)
        assert measures.display and "Hours saved | hours" in measures.text
        measures.text = "Hours saved | hours | 40 | lots"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "the current value is not a number" in screen_text(app)
        measures.text = "Hours saved | hours | 40 | 12"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = by_source(app, "capstone:cap-work-agent")
        assert [(m.name, m.target, m.current) for m in saved.measures] == [
            ("Hours saved", 40.0, 12.0)
        ]


async def test_details_render_markdown_and_tick_the_checklist(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        demo = by_source(app, "demo:2")
        demo.description = "## Scope\n\nA **runnable** demo"
        demo.checklist = [ChecklistItem("Scope", id="s1"), ChecklistItem("Build", id="s2")]
        await asyncio.to_thread(app.repo.save_card, demo)  # never write on the UI thread
        await settle(pilot)
        screen.refresh_data()
        focus_card(screen, demo.id)
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, CardDetail)
        assert detail.query_one(Markdown)
        assert "runnable" in screen_text(app)
        assert detail.focused is detail.query_one(SelectionList)
        await pilot.press("space")
        await settle(pilot)
        stored = by_source(app, "demo:2")
        assert [i.done for i in stored.checklist] == [True, False]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CardEditor)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, KanbanScreen)


async def test_filter_by_type_and_clear(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        await pilot.press("slash")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterCards)
        dialog.query_one("#filter-type").value = "capstone"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [c.type for c in screen.shown_cards("backlog")] == ["capstone"] * 3
        assert screen.shown_cards("week") == []
        assert "Filter: Capstone" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.filter.active
        assert len(screen.shown_cards("backlog")) == 7


async def test_filter_by_words(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"platform", "enter")
        await pilot.pause()
        assert [c.source for c in screen.shown_cards("backlog")] == ["capstone:cap-ai-platform"]


async def test_done_can_be_hidden(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        assert screen.query_one("#column-done").display
        await pilot.press("D")
        await pilot.pause()
        assert not screen.query_one("#column-done").display
        assert "Done hidden" in screen_text(app)
        await pilot.press("D")
        await pilot.pause()
        assert screen.query_one("#column-done").display


async def test_weekly_card_to_done_finishes_the_weekly_review(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        weekly = by_source(app, "weekly_learnings:2026-W49")
        focus_card(screen, weekly.id)
        await pilot.press("shift+right", "shift+right")
        await settle(pilot)
        review = app.repo.weekly_review("2026-W49")
        assert review is not None and review.finished


async def test_overdue_cards_stand_out_and_remind_once_a_day(board_app, make_app):
    app = board_app(now="2027-01-02T20:45")  # month 3: December's cards are late
    app.notifier = FakeNotifier()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        old = Deliverable("Late case study", type="case_study", due="2026-12-31", month=2)
        await asyncio.to_thread(app.repo.save_card, old)
        await settle(pilot)
        screen.refresh_data()
        await pilot.pause()
        assert "late 2026-12-31" in screen_text(app)
        service = BoardService(app.host)
        sent = await asyncio.to_thread(service.remind, screen.today)
        assert sent >= 1
        titles = [n.title for n in app.notifier.sent]
        assert "Overdue" in titles or any("due soon or overdue" in t for t in titles)
        assert await asyncio.to_thread(service.remind, screen.today) == 0  # once a day


async def test_chinese_board(board_app):
    app = board_app(lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        text = screen_text(app)
        assert "待办池" in text and "本周" in text and "进行中" in text
        assert "案例研究" in text
        assert "新建" in text


async def test_board_settings_rename_columns_and_set_the_limit(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#wip", Input).value = "abc"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "The WIP limit is a whole number" in screen_text(app)
        dialog.query_one("#wip", Input).value = "1"
        dialog.query_one("#name-backlog", Input).value = "Ideas"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        assert app.repo.settings().wip_doing == 1
        assert app.repo.settings().column_names == {"backlog": "Ideas"}
        assert "Ideas 7" in screen_text(app)


async def test_palette_offers_the_board_commands(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        # (ctrl+p itself is lost to translate_bindings in this build: reported to the lead.)
        app.action_command_palette()
        await pilot.pause()
        await pilot.press(*"new card")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardEditor)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (60, 20)])
async def test_sizes_and_resizes_do_not_break_it(board_app, size):
    app = board_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await pilot.resize_terminal(*size)
        await pilot.pause()
        await pilot.press("shift+right", "l", "enter")
        await pilot.pause()
        assert screen_text(app)


async def test_details_name_the_roadmap_goal(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        case = by_source(app, "case_study:2")
        goal = next(g for g in app.repo.goals() if g.id == case.goal_id)
        focus_card(screen, case.id)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)
        assert "Goal: " + goal.text[:20] in screen_text(app)


async def test_switching_the_language_redraws_the_board(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        await app.apply_language("zh")
        await settle(pilot)
        text = screen_text(app)
        assert "待办池 7" in text and "案例研究" in text


async def test_the_mouse_picks_and_opens_cards(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        await pilot.click("#cards-week", offset=(3, 1))
        await pilot.pause()
        assert screen.active == "week"
        assert screen.current_card() is not None
        assert screen.current_card().type == "weekly_learnings"
        await pilot.click("#cards-week", offset=(3, 1))
        await pilot.pause()
        assert isinstance(app.screen, CardDetail)


async def test_a_new_week_brings_its_card_without_a_restart(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        service = BoardService(app.host)
        service.tick()  # the same day: nothing new
        await settle(pilot)
        assert len(app.repo.cards()) == 8
        app.clock.advance(7 * 24 * 3600)  # the next Tuesday
        service.tick()
        await settle(pilot)
        sources = {c.source for c in screen.cards.values()}
        assert "weekly_learnings:2026-W50" in sources
        assert len(screen.cards) == 9


async def test_read_only_changes_nothing(board_app, make_runtime, tmp_path):
    from cadence.app import CadenceApp
    from cadence.clock import FakeClock
    from cadence.runtime import open_runtime

    first = board_app()
    async with first.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)  # the plan's cards are made
    first.runtime.close()
    runtime = open_runtime(
        tmp_path / "data",
        language="en",
        interactive=True,
        clock=FakeClock("2026-12-01T21:00", tz="Asia/Shanghai"),
        read_only=True,
    )
    app = CadenceApp(runtime, poll_interval=0.2)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_board(pilot)
            card = screen.current_card()
            assert card is not None
            await pilot.press("shift+right")
            await settle(pilot)
            assert screen.cards[card.id].column == card.column  # shown as stored again
            assert any("read-only" in n.message for n in notifications(app))
    finally:
        runtime.close()


# ---------------------------------------------------------------- issue 12: rough edges


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize(("lang", "move"), [("en", "< > Move card"), ("zh", "< > 移动卡片")])
async def test_the_footer_shows_the_move_keys_at_80_columns(board_app, lang, move):
    app = board_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_board(pilot)
        footer = footer_line(app)
        assert move in footer
        assert ("q Quit" if lang == "en" else "q 退出") in footer  # nothing cut at 80 columns
        card = screen.current_card()
        await pilot.press("greater_than_sign")  # the key the footer names
        await settle(pilot)
        assert by_source(app, card.source).column == "week"
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert by_source(app, card.source).column == "backlog"


async def test_undo_brings_the_cursor_back_with_the_card(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        case = by_source(app, "case_study:2")
        focus_card(screen, case.id)
        await pilot.press("shift+right", "shift+right")  # into Doing, the cursor follows
        assert screen.active == "doing"
        await pilot.press("u")
        await settle(pilot)
        assert screen.active == "week"  # where the card is now, not the emptied Doing
        assert screen.current_card().id == case.id
        await pilot.press("u")
        await settle(pilot)
        assert screen.active == "backlog" and screen.current_card().id == case.id
        assert by_source(app, "case_study:2").column == "backlog"


async def test_a_new_card_never_starts_in_done(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        await pilot.press("l", "l", "l")
        assert screen.active == "done"
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Eval harness", "ctrl+s")
        await settle(pilot)
        card = next(c for c in app.repo.cards() if c.title == "Eval harness")
        assert card.column == "backlog"
        assert screen.active == "backlog" and screen.current_card().id == card.id


async def test_clearing_the_filter_takes_its_key_off_the_footer(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_board(pilot)
        assert "Clear filter" not in footer_line(app)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"platform", "enter")
        await settle(pilot)
        assert "esc Clear filter" in footer_line(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "Clear filter" not in footer_line(app)


# ---------------------------------------------------------------- issue 10: nothing is lost


async def test_thirty_moves_as_fast_as_pilot_presses_all_land_once(
    board_app, make_runtime, tmp_path
):
    app = board_app()
    extra = [Deliverable(f"Extra {i}", column="backlog", order=100 + i) for i in range(3)]
    for card in extra:
        app.repo.add_card(card)  # before the app runs
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        backlog = [c.id for c in screen.shown_cards("backlog")]
        assert len(backlog) == 10
        # Each card to Done in three moves, then back to the backlog's next card: 30 moves.
        keys = ["shift+right"] * 3 + ["h"] * 3
        await pilot.press(*(keys * 10))  # no pause between keys
        on_screen = [c.id for c in screen.shown_cards("done")]
        assert on_screen == backlog[::-1]  # the last one moved on top
        await settle(pilot)
        assert [c.id for c in screen.shown_cards("done")] == on_screen
    app.runtime.close()
    reopened = make_runtime(now="2026-12-01T22:00", data=tmp_path / "data").repo.cards()
    done = [c.id for c in sorted(reopened, key=lambda c: c.order) if c.column == "done"]
    assert done == on_screen
    ids = [c.id for c in reopened]
    assert len(ids) == len(set(ids)) == 11  # every card once; none lost, none doubled


async def test_an_edit_keeps_what_another_process_changed_meanwhile(board_app):
    app = board_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_board(pilot)
        demo = by_source(app, "demo:2")
        focus_card(screen, demo.id)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, CardEditor)

        def elsewhere(card: Deliverable) -> None:
            card.due = "2027-01-15"

        await asyncio.to_thread(app.repo.update_card, demo.id, elsewhere)  # say, a sync
        editor.query_one("#title", Input).value = "Demo: the recall eval"
        await pilot.press("ctrl+s")
        await settle(pilot)
        stored = by_source(app, "demo:2")
        assert (stored.title, stored.due) == ("Demo: the recall eval", "2027-01-15")
        assert screen.cards[demo.id].due == "2027-01-15"

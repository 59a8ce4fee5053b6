"""The weekly review, done with the keyboard; its reminder on the plan's review evening."""

from __future__ import annotations

from textual.widgets import Input, OptionList

from cadence.data.models import Deliverable, WeeklyReview
from cadence.domain.weekly import plan_source
from cadence.notify import FakeNotifier
from cadence.screens.insights.dialogs import PlanBlockDialog
from cadence.screens.insights.weekly_review import WeeklyReviewScreen
from cadence.services.weekly import WeeklyReviewReminder
from tests.helpers import screen_text, settle

SUNDAY = "2026-11-29T20:29"  # the evening of 2026-W48's review


async def open_review(pilot):
    await pilot.press("5")
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WeeklyReviewScreen)
    return screen


async def test_a_review_done_with_the_keyboard_is_kept(make_app, make_runtime, tmp_path):
    app = make_app(now="2026-11-29T21:00")  # Sunday of 2026-W48
    # Data set up before the app runs (a write on the UI thread is not how the app writes).
    app.repo.save_card(
        Deliverable(
            "Weekly learnings",
            type="weekly_learnings",
            column="week",
            source="weekly_learnings:2026-W48",
        )
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        assert screen.week == "2026-W48"
        await pilot.press(*"Embeddings turn similarity into distance", "enter")
        await pilot.press(*"检索质量决定 RAG 质量", "enter")  # on to the plan's field
        await pilot.press(*"Finish the PRD", "enter")
        await pilot.press(*"Run the recall eval", "enter")
        assert screen.items == ["Finish the PRD", "Run the recall eval"]
        await pilot.press("down")  # the list below the field
        assert isinstance(app.focused, OptionList)
        await pilot.press("c")  # the first item becomes a card
        await settle(pilot)
        await pilot.press("down", "b")  # the second, a block on a date
        await pilot.pause()
        assert isinstance(app.screen, PlanBlockDialog)
        assert app.screen.query_one("#plan-block-date", Input).value == "2026-11-30"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WeeklyReviewScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, WeeklyReviewScreen)
    app.runtime.close()
    again = make_runtime(data=tmp_path / "data")
    review = again.repo.weekly_review("2026-W48")
    assert review is not None and review.finished
    assert review.learnings == ["Embeddings turn similarity into distance", "检索质量决定 RAG 质量"]
    assert review.next_week == ["Finish the PRD", "Run the recall eval"]
    cards = again.repo.cards()
    made = [c for c in cards if c.source == plan_source("2026-W48", "Finish the PRD")]
    assert [(c.title, c.type, c.column) for c in made] == [("Finish the PRD", "other", "week")]
    weekly = next(c for c in cards if c.source == "weekly_learnings:2026-W48")
    assert weekly.column == "done"  # the Kanban side closed the week's card
    day = again.repo.day("2026-11-30")
    assert [(b.title, b.start, b.end, b.kind) for b in day.added] == [
        ("Run the recall eval", "20:30", "22:30", "study")
    ]


async def test_finishing_needs_a_learning_and_saves_nothing_before(make_app):
    app = make_app(now="2026-11-29T21:00")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WeeklyReviewScreen)
        assert "Write at least one key learning" in screen_text(app)
        assert app.repo.weekly_review("2026-W48") is None


async def test_a_card_is_made_once(make_app):
    app = make_app(now="2026-11-29T21:00")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#new-item", Input).focus()
        await pilot.press(*"Ship the demo", "enter", "down", "c")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "already a card" in screen_text(app)
        source = plan_source("2026-W48", "Ship the demo")
        assert sum(1 for c in app.repo.cards() if c.source == source) == 1


async def test_a_bad_block_time_is_refused_on_the_form(make_app):
    app = make_app(now="2026-11-29T21:00")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#new-item", Input).focus()
        await pilot.press(*"Read a paper", "enter", "down", "b")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PlanBlockDialog)
        dialog.query_one("#plan-block-start", Input).value = "25:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlanBlockDialog)
        assert "HH:MM" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.repo.day("2026-11-30").added == []


async def test_a_past_week_can_be_opened_and_edited(make_app, make_runtime, tmp_path):
    app = make_app(now="2026-12-03T12:00")  # Thursday of 2026-W49
    app.repo.save_weekly_review(
        WeeklyReview("2026-W47", ["Old lesson"], ["Old plan"], finished=True)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        assert screen.week == "2026-W49"
        screen.query_one(OptionList).focus()
        await pilot.press("]")
        await pilot.pause()
        assert "not come yet" in screen_text(app)
        await pilot.press("[", "[")
        await pilot.pause()
        assert screen.week == "2026-W47"
        assert screen.query_one("#learning-1", Input).value == "Old lesson"
        assert "finished" in screen_text(app)
        screen.query_one("#learning-2", Input).focus()
        await pilot.press(*"A second lesson")
        await pilot.press("escape")  # closing keeps what was typed
        await settle(pilot)
    app.runtime.close()
    review = make_runtime(data=tmp_path / "data").repo.weekly_review("2026-W47")
    assert review.learnings == ["Old lesson", "A second lesson"]
    assert review.next_week == ["Old plan"] and review.finished


async def test_the_review_in_chinese_at_80x24(make_app):
    app = make_app(now="2026-11-29T21:00", lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        text = screen_text(app)
        assert "周复盘 2026-W48" in text and "下周行动计划" in text


async def test_the_reminder_fires_once_on_the_review_evening(make_app):
    app = make_app(now=SUNDAY)
    app.notifier = FakeNotifier()
    async with app.run_test(size=(80, 24)) as pilot:
        reminder = WeeklyReviewReminder(app.host)
        assert reminder.check() is None  # 20:29
        app.clock.advance(60)  # 20:30
        assert reminder.check() == "2026-W48"
        assert reminder.check() is None  # once
        await settle(pilot)  # delivered from the app's writer, once claimed
        titles = [n.title for n in app.notifier.sent]
        assert titles.count("Weekly review") == 1
        assert "2026-W48" in app.notifier.sent[-1].message


async def test_no_reminder_once_the_week_is_reviewed(make_app):
    app = make_app(now="2026-11-29T20:45")
    app.notifier = FakeNotifier()
    app.repo.save_weekly_review(WeeklyReview("2026-W48", ["x"], finished=True))
    async with app.run_test(size=(80, 24)):
        assert WeeklyReviewReminder(app.host).check() is None
        assert [n for n in app.notifier.sent if n.title == "Weekly review"] == []


# ---------------------------------------------------------------- issue 12: one screen, no traps


def burst(app, text_and_keys: list[str]) -> None:
    """Keys posted all at once, as a fast typist or a paste sends them (Pilot waits between
    keys; a terminal does not)."""
    from textual import events

    for key in text_and_keys:
        char = key if len(key) == 1 else ("\r" if key == "enter" else None)
        app.post_message(events.Key(key if len(key) > 1 else key, char))


async def test_typing_flows_down_and_never_lands_on_the_list(make_app):
    app = make_app(now="2026-11-29T21:00")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        await pilot.press(*"One", "enter", *"Two", "enter")
        assert app.focused is screen.query_one("#new-item", Input)  # not the list
        await pilot.press(*"Finish the PRD", "enter", *"Run the eval", "enter")
        assert screen.items == ["Finish the PRD", "Run the eval"]
        await pilot.press("down")
        assert isinstance(app.focused, OptionList)
        # Letters that are no key of the list go to the plan's field, the app's "q" too.
        await pilot.press(*"quick")
        assert app.is_running and isinstance(app.screen, WeeklyReviewScreen)
        assert screen.query_one("#new-item", Input).value == "quick"
        assert app.focused is screen.query_one("#new-item", Input)


async def test_a_burst_of_keys_fills_each_field_in_order(make_app, make_runtime, tmp_path):
    app = make_app(now="2026-11-29T21:00")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        keys = [*"Evals first", "enter", *"Small steps", "enter", *"Write the PRD", "enter"]
        keys += [*"Ship the demo", "enter", "ctrl+s"]
        burst(app, keys)
        await settle(pilot)
        assert not isinstance(app.screen, WeeklyReviewScreen)
        assert screen.review.finished
    app.runtime.close()
    review = make_runtime(data=tmp_path / "data").repo.weekly_review("2026-W48")
    assert review.learnings == ["Evals first", "Small steps"]
    assert review.next_week == ["Write the PRD", "Ship the demo"]


async def test_finishing_ticks_the_review_block_on_today(make_app):
    from cadence.screens.today.screen import TodayScreen

    app = make_app(now="2026-11-29T21:00")  # Sunday, in the review block (20:30-21:15)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        await pilot.press(*"Evals first", "enter", "ctrl+s")
        await settle(pilot)
        assert app.repo.day("2026-11-29").states.get("wb-weekly-review") == "done"
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.repo.weekly_review("2026-W48").finished


async def test_a_card_comes_with_the_review_that_names_it(make_app):
    app = make_app(now="2026-11-29T21:00")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#new-item", Input).focus()
        await pilot.press(*"Ship the demo", "enter", "down", "c")
        await settle(pilot)
        review = app.repo.weekly_review("2026-W48")
        assert review is not None and review.next_week == ["Ship the demo"]
        source = plan_source("2026-W48", "Ship the demo")
        assert [c.title for c in app.repo.cards() if c.source == source] == ["Ship the demo"]


async def test_one_focus_session_is_said_in_the_singular(make_app):
    from cadence.data.models import FocusSession

    app = make_app(now="2026-11-29T21:00")
    app.repo.add_session(
        FocusSession("2026-11-27T20:30:00+08:00", "2026-11-27T20:55:00+08:00", 1500, 1500)
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot)
        text = screen_text(app)
        assert "1 focus session on 1 of 7 days" in text and "1 focus sessions" not in text

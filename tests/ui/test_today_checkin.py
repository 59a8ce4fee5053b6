"""The evening check-in end to end: prefilled from the day, answers ticking blocks, one
transaction, the post composer; Today's top three; `f`; 80 columns; the first night."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from cadence.data.models import FocusSession
from cadence.domain.review import TITLE_MAX
from cadence.screens.today.block_edit import FocusPicker
from cadence.screens.today.post import PostComposer
from cadence.screens.today.review import CheckInBlocks, CheckInScreen, Energy, YesNo
from cadence.screens.today.screen import TodayScreen
from tests.helpers import screen_text, settle

SIZE = (100, 30)
WEDNESDAY_2245 = "2026-12-02T22:45"


def select(screen, block_id: str, selector: str = "#blocks") -> None:
    options = screen.query_one(selector, OptionList)
    options.highlighted = next(
        i for i in range(options.option_count) if options.get_option_at_index(i).id == block_id
    )


def value(screen, selector: str):
    widget = screen.query_one(selector)
    return widget.value


async def open_checkin(pilot) -> CheckInScreen:
    await pilot.press("r")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CheckInScreen)
    return screen


# ---------------------------------------------------------------- prefilled, both ways


async def test_the_check_in_is_prefilled_from_the_ticked_blocks(make_runtime, make_app, tmp_path):
    runtime = make_runtime(now=WEDNESDAY_2245)
    repo = runtime.repo
    repo.update_day("2026-12-02", lambda r: r.states.update({"se-workout": "done",
                    "se-wind-down": "done"}))  # fmt: skip
    repo.update_review("2026-11-30", lambda r: setattr(r, "posted", True) or setattr(
        r, "post_where", "Xiaohongshu"))  # fmt: skip
    repo.add_session(FocusSession("2026-12-02T07:00:00+08:00", "2026-12-02T07:50:00+08:00",
                     3000, 3000, "Zero to Hero: makemore"))  # fmt: skip
    runtime.close()
    app = make_app(now=WEDNESDAY_2245, data=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        assert checkin.day.isoformat() == "2026-12-02"
        assert value(checkin, "#workout") == "45"  # the health block's length
        assert value(checkin, "#posted") is True and value(checkin, "#post-where") == "Xiaohongshu"
        assert "Focus 50m in 1 sessions" in screen_text(app)
        assert "from Cardio + strength training" in screen_text(app)
        # The minutes stay editable, and are what counts.
        checkin.query_one("#workout", Input).value = "35"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = app.repo.daily_review("2026-12-02")
        assert saved.finished and saved.workout_min == 35 and saved.posted is True
        assert saved.post_where == "Xiaohongshu"
        assert "Workouts this week: 1/3" in screen_text(app)


async def test_answers_tick_the_blocks_in_one_transaction_and_survive_a_restart(make_app, tmp_path):
    app = make_app(now=WEDNESDAY_2245)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        await pilot.press(*"Attention", "enter", *"KV cache", "enter")
        assert checkin.focused is checkin.query_one("#posted")
        await pilot.press("y")  # posted: the publishing block ticks, the place is filled
        blocks = {b.block.id: b for b in checkin.blocks}
        assert checkin.states["se-wind-down"] == "done"
        assert value(checkin, "#post-where") == "Xiaohongshu"
        assert checkin.focused is checkin.query_one("#workout")  # "where" is filled: skipped
        await pilot.press(*"40", "enter")
        await pilot.pause()
        assert checkin.states["se-workout"] == "done"  # minutes tick the health block
        assert "se-workout" in blocks
        await pilot.press("n", "3")  # bed, energy
        assert checkin.focused is checkin.query_one("#top-1")
        await pilot.press(*"Draft the PRD", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
    app.runtime.close()
    again = make_app(now="2026-12-03T08:00", data=tmp_path / "data")
    saved = again.repo.daily_review("2026-12-02")
    assert saved.learned == ["Attention", "KV cache"] and saved.finished
    assert (saved.posted, saved.post_where, saved.workout_min) == (True, "Xiaohongshu", 40)
    assert (saved.bed_before_23, saved.energy, saved.top3) == (False, 3, ["Draft the PRD"])
    assert again.repo.day("2026-12-02").states == {"se-wind-down": "done", "se-workout": "done"}
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "! [ ] Draft the PRD" in screen_text(again)  # tomorrow's top three
        assert "Streaks: review 1, post 1" in screen_text(again)


async def test_ticking_blocks_in_the_check_in_fills_and_clears_the_answers(make_app):
    app = make_app(now=WEDNESDAY_2245)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        checkin.query_one(CheckInBlocks).focus()
        select(checkin, "se-workout", "#checkin-blocks")
        await pilot.press("space")
        await pilot.pause()
        assert value(checkin, "#workout") == "45"
        select(checkin, "se-wind-down", "#checkin-blocks")
        await pilot.press("space")
        await pilot.pause()
        assert value(checkin, "#posted") is True
        await pilot.press("space")  # unticked: the answer that followed it goes back
        await pilot.pause()
        assert value(checkin, "#posted") is None
        await pilot.press("escape")  # leaves, keeping what was done
        await settle(pilot)
        assert app.repo.day("2026-12-02").states == {"se-workout": "done"}
        draft = app.repo.daily_review("2026-12-02")
        assert draft is not None and not draft.finished and draft.workout_min == 45


async def test_a_no_marks_the_block_skipped_and_zero_minutes_too(make_app):
    app = make_app(now=WEDNESDAY_2245)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        checkin.query_one("#posted", YesNo).focus()
        await pilot.press("n", "0", "enter", "ctrl+s")
        await settle(pilot)
        assert app.repo.day("2026-12-02").states == {
            "se-wind-down": "skipped",
            "se-workout": "skipped",
        }


# ---------------------------------------------------------------- keys and focus


async def test_typed_text_is_never_taken_for_a_key_and_focus_is_never_trapped(make_app):
    app = make_app(now=WEDNESDAY_2245)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        await pilot.press(*"yn123q sfe!r[]", "enter")
        assert value(checkin, "#learned-1") == "yn123q sfe!r[]"
        assert isinstance(app.screen, CheckInScreen)
        # Tab reaches every field in turn and comes back round; Shift+Tab goes back.
        seen = []
        for _ in range(20):
            await pilot.press("tab")
            seen.append(checkin.focused.id)
        expected = {"learned-1", "learned-2", "posted", "post-where", "compose", "workout",
                    "bed", "energy", "top-1", "top-2", "top-3", "offers", "checkin-blocks"}  # fmt: skip
        assert expected <= set(seen)
        before = checkin.focused
        await pilot.press("tab", "shift+tab")
        assert checkin.focused is before
        # The keys the footer shows work wherever the focus is.
        checkin.query_one("#offers").focus()
        await pilot.pause()
        text = screen_text(app)
        assert "^s Save" in text and "esc Leave" in text and "^o Post" in text
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_q_on_an_answer_leaves_the_check_in_and_keeps_it(make_app):
    app = make_app(now=WEDNESDAY_2245)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        await pilot.press(*"Tokens", "enter", "enter", "y")
        checkin.query_one(Energy).focus()
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen) and app.is_running
        draft = app.repo.daily_review("2026-12-02")
        assert draft.learned == ["Tokens"] and draft.posted is True and not draft.finished


async def test_bad_minutes_save_nothing_and_the_check_in_resumes(make_app):
    app = make_app(now=WEDNESDAY_2245)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        await pilot.press(*"Tokens")
        checkin.query_one("#workout", Input).value = "700"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        assert "0 to 600" in screen_text(app)
        assert app.repo.daily_review("2026-12-02") is None
        assert checkin.focused is checkin.query_one("#workout")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)  # once more to leave unsaved
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.repo.daily_review("2026-12-02") is None
        checkin = await open_checkin(pilot)
        await pilot.press(*"Tokens", "ctrl+s")
        await settle(pilot)
        first = app.repo.daily_review("2026-12-02")
        await pilot.press("left_square_bracket", "right_square_bracket")  # the day, chosen
        await open_checkin(pilot)
        assert app.screen.day.isoformat() == "2026-12-02"
        assert value(app.screen, "#learned-1") == "Tokens"
        await pilot.press("ctrl+s")
        await settle(pilot)
        second = app.repo.daily_review("2026-12-02")
        assert {**first.to_dict(), "updated": ""} == {**second.to_dict(), "updated": ""}


async def test_a_past_day_is_checked_in_from_its_page_and_the_future_is_refused(make_app):
    app = make_app(now="2026-12-03T21:00")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("left_square_bracket", "left_square_bracket")
        checkin = await open_checkin(pilot)
        assert checkin.day.isoformat() == "2026-12-01"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t", "right_square_bracket", "r")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert any("has not come yet" in n.message for n in app._notifications)


# ---------------------------------------------------------------- the post composer


async def test_a_post_is_composed_copied_and_recorded_as_posted(make_runtime, make_app, tmp_path):
    runtime = make_runtime(now=WEDNESDAY_2245)
    runtime.repo.add_session(FocusSession("2026-12-02T07:00:00+08:00",
                             "2026-12-02T07:50:00+08:00", 3000, 3000, "makemore"))  # fmt: skip
    runtime.close()
    app = make_app(now=WEDNESDAY_2245, data=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        await pilot.press(*"Bigram models count pairs", "enter")
        await pilot.press("ctrl+o")
        await pilot.pause()
        composer = app.screen
        assert isinstance(composer, PostComposer)
        title = composer.query_one("#post-title", Input)
        assert title.value == "Day 1: Bigram models"[:TITLE_MAX]
        body = composer.query_one("#post-body").text
        assert "1. Bigram models count pairs" in body and "makemore" in body
        # Too long a title is refused, nothing copied.
        title.value = "x" * 21
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "at most 20" in screen_text(app) and app.clipboard == ""
        title.value = "Day 2: bigrams"
        composer.query_one("#post-tags", Input).value = "#AIPM LearnInPublic"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.clipboard == (
            "Day 2: bigrams\n\nWhat I learned today:\n1. Bigram models count pairs\n\n"
            "Where my focus went: makemore\n\n#AIPM #LearnInPublic"
        )
        composer.query_one("#post-where-to", Input).value = "Xiaohongshu"
        await pilot.press("ctrl+s")  # posted
        await pilot.pause()
        assert app.screen is checkin
        assert value(checkin, "#posted") is True and checkin.states["se-wind-down"] == "done"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = app.repo.daily_review("2026-12-02")
    assert saved.posted is True and saved.post_where == "Xiaohongshu"
    assert saved.post_text == app.clipboard
    assert app.repo.day("2026-12-02").states["se-wind-down"] == "done"


async def test_escape_in_the_composer_keeps_the_draft_unposted(make_app):
    app = make_app(now=WEDNESDAY_2245)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        checkin = await open_checkin(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        app.screen.query_one("#post-title", Input).value = "My notes"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is checkin and value(checkin, "#posted") is None
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.query_one("#post-title", Input).value == "My notes"


# ---------------------------------------------------------------- the top three


async def test_the_weeks_plan_is_offered_and_ticked_with_one_key(make_runtime, make_app, tmp_path):
    runtime = make_runtime(now="2026-12-01T09:00")
    runtime.repo.update_weekly_review(
        "2026-W48", lambda r: setattr(r, "next_week", ["Lecture 4", "Interview 3 users"])
    )
    runtime.repo.update_review("2026-11-30", lambda r: setattr(r, "top3", ["Draft the PRD"]))
    runtime.close()
    app = make_app(now="2026-12-01T09:00", data=tmp_path / "data")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "! [ ] Draft the PRD" in text and "@ [ ] Lecture 4" in text
        assert "# [ ] Interview 3 users" in text
        await pilot.press("at")
        await pilot.pause()
        assert "@ [✓] Lecture 4" in screen_text(app)
        await settle(pilot)
        record = app.repo.day("2026-12-01")
        assert record.top3 == ["Draft the PRD", "Lecture 4", "Interview 3 users"]
        assert record.top3_done == ["Lecture 4"]
        await pilot.press("right_square_bracket")  # Wednesday: Lecture 4 is done this week
        await pilot.pause()
        assert "Lecture 4" not in screen_text(app) and "Interview 3 users" in screen_text(app)
        await pilot.press("exclamation_mark", "exclamation_mark", "number_sign")
        await settle(pilot)
        assert app.repo.day("2026-12-02").top3_done == []
        assert any("No item 3" in n.message for n in app._notifications)
        # In the evening check-in, next week's plan is offered for tomorrow.
        app.repo.update_weekly_review("2026-W49", lambda r: setattr(r, "next_week", ["Ship it"]))
        await pilot.press("t")
        checkin = await open_checkin(pilot)
        offers = checkin.query_one("#offers", OptionList)
        texts = [str(offers.get_option_at_index(i).prompt) for i in range(offers.option_count)]
        # The morning opens the day before's check-in (11-30, its tomorrow in week 49).
        assert checkin.day.isoformat() == "2026-11-30" and "Lecture 4" in texts
        assert "Draft the PRD" not in texts and "Ship it" not in texts  # chosen; week 50
        offers.focus()
        offers.highlighted = texts.index("Lecture 4")
        await pilot.press("enter")
        await pilot.pause()
        assert value(checkin, "#top-2") == "Lecture 4"


# ---------------------------------------------------------------- f


@pytest.mark.parametrize(
    ("now", "label", "link"),
    [
        ("2026-12-01T20:25", "Targeted study or project iteration", "block:wd-study"),
        ("2026-12-01T21:10", "Targeted study or project iteration", "block:wd-study"),
        ("2026-12-06T09:20", "Project development", "block:wb-build-am"),
    ],
)
async def test_f_starts_on_the_study_block_that_is_on_or_about_to_start(make_app, now, label, link):
    app = make_app(now=now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        captured = []
        app.start_focus = lambda label, link=None: captured.append((label, link))
        await pilot.press("f")
        await pilot.pause()
        assert captured == [(label, link)]


async def test_f_asks_when_no_study_block_is_near(make_app):
    app = make_app(now="2026-12-01T10:30")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        captured = []
        app.start_focus = lambda label, link=None: captured.append((label, link))
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FocusPicker)
        assert "20:30-22:30  Targeted study or project iteration" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert captured == [("Targeted study or project iteration", "block:wd-study")]


async def test_f_on_the_real_app_starts_the_timer_on_the_block(make_app):
    app = make_app(now="2026-12-01T20:25")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await settle(pilot)
        state = app.services.focus.state
        assert state.status == "running" and state.link == "block:wd-study"


# ---------------------------------------------------------------- 80 columns, the first night


async def test_at_80_columns_the_footer_keeps_todays_keys_and_titles_are_whole(make_app):
    app = make_app(now="2026-12-01T20:45", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.clear_notifications()
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        for key in ("space Done", "s Skip", "e Edit", "f Focus", "r Check-in", "? Keys", "q Quit"):
            assert key in footer
        select(app.screen, "wd-wind-down")
        await pilot.pause()
        side = " ".join(
            line[52:].strip("│ ") for line in screen_text(app).splitlines()
        )  # the side column, lines joined
        assert "Learn in public: post today's study notes on Xiaohongshu" in " ".join(side.split())


async def test_a_first_run_before_four_is_day_one_of_the_plan(make_app):
    app = make_app(now="2026-12-02T01:30")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Tuesday 2026-12-01" in text and "Day 1 of the plan" in text
        assert "Before the plan starts" not in text
        assert app.repo.settings().plan_start == "2026-12-01"


async def test_the_weekend_guidance_shows_on_weekend_days_only(make_app):
    app = make_app(now="2026-12-05T10:00")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Weekend: 9.8h / 6-10h" in text and "Today leans to study" in text
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Today leans to building" in screen_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Weekend:" not in screen_text(app)


async def test_a_ticked_health_block_counts_as_a_workout_on_today(make_app):
    app = make_app(now="2026-12-02T20:30")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        select(app.screen, "se-workout")
        await pilot.press("space")
        await settle(pilot)
        assert "Workouts this week: 1/3" in screen_text(app)
        select(app.screen, "se-morning")
        await pilot.press("space")
        await settle(pilot)
        assert "Workouts this week: 1/3" in screen_text(app)  # light exercise is not one

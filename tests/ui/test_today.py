"""Today end to end: the plan's day, editing with validation, focus, reminders, settings.
The evening check-in, the top three and bursts of keys are in ``test_today_checkin.py``."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList, Select

from cadence.app import CadenceApp
from cadence.notify import FakeNotifier
from cadence.screens.today.block_edit import BlockForm, DeleteForm, MuteForm
from cadence.screens.today.screen import TodayScreen
from tests.helpers import screen_text, settle, toasts

SIZE = (100, 30)


def fake_app(make_runtime, now: str, **kwargs) -> tuple[CadenceApp, FakeNotifier]:
    notifier = FakeNotifier()
    return CadenceApp(
        make_runtime(now=now, **kwargs), poll_interval=0.2, notifier=notifier
    ), notifier


def select(app, block_id: str) -> None:
    options = app.screen.query_one(OptionList)
    index = next(
        i for i in range(options.option_count) if options.get_option_at_index(i).id == block_id
    )
    options.highlighted = index


# ---------------------------------------------------------------- what the day shows


@pytest.mark.parametrize(
    ("now", "current", "left"),
    [
        ("2026-12-01T20:45", "Targeted study or project iteration", "1h45 left"),  # Tuesday
        ("2026-12-02T20:15", "Cardio + strength training", "30m left"),  # Wednesday's workout
        ("2026-12-05T10:00", "Deep learning: courses", "2h00 left"),  # Saturday
    ],
)
async def test_the_current_block_follows_the_plans_week(make_app, now, current, left):
    app = make_app(now=now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        options = screen.query_one(OptionList)
        highlighted = options.get_option_at_index(options.highlighted)
        chosen = next(b for b in screen.blocks if b.block.id == highlighted.id)
        assert chosen.block.title == current
        text = screen_text(app)
        assert left in text
        assert "Now " in text and "Top 3" in text and "Streaks" in text


async def test_saturday_is_the_weekend_template(make_app):
    app = make_app(now="2026-12-05T10:00")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        ids = {b.block.id for b in app.screen.blocks}
        assert "ws-study-am" in ids and not any(i.startswith("wd-") for i in ids)


async def test_days_move_with_brackets_and_t_comes_back(make_app):
    app = make_app(now="2026-12-01T20:45")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.shown_day.isoformat() == "2026-12-02"
        assert "se-social" in {b.block.id for b in app.screen.blocks}
        assert "Wednesday 2026-12-02" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert app.screen.shown_day.isoformat() == "2026-12-01"


async def test_after_midnight_is_still_yesterday_until_the_rollover(make_app):
    app = make_app(now="2026-12-02T01:30")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.shown_day.isoformat() == "2026-12-01"
        current = app.screen.query_one(OptionList)
        highlighted = current.get_option_at_index(current.highlighted)
        assert highlighted.id == "wd-sleep"


# ---------------------------------------------------------------- editing


async def test_bad_times_are_rejected_inline_and_nothing_is_saved(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, BlockForm)
        start = app.screen.query_one("#start", Input)
        start.value = ""
        await pilot.press(*"25:00", "enter", *"7", "enter", *"Call", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BlockForm)  # still open
        text = screen_text(app)
        assert "Start: Use HH:MM" in text and "End: Use HH:MM" in text
        assert app.screen.query_one("#start", Input).has_class("-invalid")
        assert app.repo.day("2026-12-01").added == []
        # 21:00 to 20:00 would be 23 hours: refused too.
        app.screen.query_one("#start", Input).value = "21:00"
        app.screen.query_one("#end", Input).value = "20:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "16 hours" in screen_text(app)
        assert app.repo.day("2026-12-01").added == []
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.repo.day("2026-12-01").added == []


async def test_an_overlap_is_shown_and_kept_only_when_confirmed(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#start", Input).value = ""
        await pilot.press(*"21:00", "enter", *"21:30", "enter", *"Call mum", "enter")
        await settle(pilot)
        assert isinstance(app.screen, BlockForm)
        assert "Overlaps Targeted study or project iteration (20:30-22:30)" in screen_text(app)
        assert app.repo.day("2026-12-01").added == []
        await pilot.press("ctrl+s")  # confirmed
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        added = app.repo.day("2026-12-01").added
        assert [(b.start, b.end, b.title, b.kind) for b in added] == [
            ("21:00", "21:30", "Call mum", "study")
        ]
        assert "Call mum" in [b.block.title for b in app.screen.blocks]
        # Only that date: the next Tuesday does not have it.
        assert app.repo.day("2026-12-08").added == []


async def test_a_midnight_crossing_block_is_legal(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        select(app, "wd-sleep")
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#start", Input).value = "23:30"
        app.screen.query_one("#end", Input).value = "07:00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.repo.day("2026-12-01").edited["wd-sleep"]["start"] == "23:30"
        sleep = next(b for b in app.screen.blocks if b.block.id == "wd-sleep")
        assert sleep.end.isoformat() == "2026-12-02T07:00:00+08:00"


async def test_editing_every_such_day_changes_the_template(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        select(app, "wd-study")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#end", Input).value = "22:15"
        form.query_one("#scope", Select).value = "template"
        await pilot.press("ctrl+s")
        await settle(pilot)
        workday = next(t for t in app.repo.plan().templates if t.id == "workday")
        assert next(b for b in workday.blocks if b.id == "wd-study").end == "22:15"
        assert app.repo.day("2026-12-01").edited == {}
        # Next Monday (same template) has it too.
        await pilot.press(*["right_square_bracket"] * 6)
        await pilot.pause()
        assert next(b for b in app.screen.blocks if b.block.id == "wd-study").block.end == "22:15"


async def test_delete_asks_and_can_hide_the_block_on_this_date_only(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        select(app, "wd-dinner")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DeleteForm)
        await pilot.press("escape")
        await pilot.pause()
        assert "wd-dinner" in {b.block.id for b in app.screen.blocks}
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("enter")  # the first choice: only on this date
        await settle(pilot)
        assert "wd-dinner" not in {b.block.id for b in app.screen.blocks}
        assert app.repo.day("2026-12-01").removed == ["wd-dinner"]
        workday = next(t for t in app.repo.plan().templates if t.id == "workday")
        assert "wd-dinner" in {b.id for b in workday.blocks}


async def test_f_opens_focus_with_the_block(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        select(app, "wd-study")
        captured = []
        # The hand-over is the app's (start_focus); Today only has to call it with the block.
        app.start_focus = lambda label, link=None: captured.append((label, link))
        await pilot.press("f")
        await pilot.pause()
        assert captured == [("Targeted study or project iteration", "block:wd-study")]


# ---------------------------------------------------------------- reminders


async def test_a_block_one_minute_away_is_notified_within_that_minute(make_runtime):
    app, notifier = fake_app(make_runtime, "2026-12-01T20:29")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        service = app.services.reminders
        assert service is not None
        app.clock.advance(30)
        assert service.check() == []
        app.clock.advance(30)  # 20:30: the study block starts
        fired = service.check()
        assert [(r.kind, r.block_id) for r in fired] == [("start", "wd-study")]
        await settle(pilot)  # delivered from the app's writer, once claimed
        assert notifier.sent[-1].title == "Targeted study or project iteration"
        assert "Starts now (20:30-22:30)" in notifier.sent[-1].message
        assert service.check() == []  # never twice
        await settle(pilot)


async def test_wind_down_nudges_the_review_and_mute_silences(make_runtime):
    app, notifier = fake_app(make_runtime, "2026-12-01T22:24")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        service = app.services.reminders
        app.clock.advance(60)  # 22:25: "in 5 min" of the wind-down block
        service.check()
        app.clock.advance(300)  # 22:30: wind-down
        service.check()
        await settle(pilot)
        assert [n.title for n in notifier.sent] == [
            "Learn in public: post today's study notes on Xiaohongshu",
            "Wind down",
        ]
        assert "daily review is not done" in notifier.sent[-1].message
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, MuteForm)
        await pilot.press("down", "enter")  # for an hour
        await settle(pilot)
        assert app.settings.reminders_muted_until is not None
        assert "Reminders muted until 23:30" in screen_text(app)
        count = len(notifier.sent)
        app.clock.advance(60 * 31)  # 23:01: bedtime passed while muted
        service.check()
        assert len(notifier.sent) == count
        await settle(pilot)


async def closed_then_reopened(make_runtime, tmp_path, now: str):
    """Open at 19:00 on 2026-12-01, close, and return an app reopened at ``now``."""
    app, _notifier = fake_app(make_runtime, "2026-12-01T19:00")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    app.runtime.close()
    return fake_app(make_runtime, now, data=tmp_path / "data")


async def test_reminders_missed_while_closed_are_listed_once_on_open(make_runtime, tmp_path):
    again, notifier = await closed_then_reopened(make_runtime, tmp_path, "2026-12-01T23:10")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        missed = [t for t in toasts(again) if t.startswith("Missed while Cadence was closed")]
        assert len(missed) == 1
        assert "20:30 Targeted study or project iteration" in missed[0]
        assert "23:00 Sleep" in missed[0]
        assert notifier.sent == []  # listed, not fired one by one


async def test_reopening_two_months_later_lists_nothing_older_than_a_day(make_runtime, tmp_path):
    # Two months later, at 21:00 on a Friday: only the last 24 hours' blocks are missed.
    again, notifier = await closed_then_reopened(make_runtime, tmp_path, "2027-02-05T21:00")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = [t for t in toasts(again) if "Missed while Cadence was closed" in t]
        assert len(shown) == 1  # one start toast
        part = shown[0].split("Missed while Cadence was closed", 1)[1].split("Cards due")[0]
        missed = [line.strip() for line in part.splitlines() if line.strip()]
        # Last night's bedtime and this (Friday) evening's 20:30 block; Thursday's 20:30
        # is 24.5 hours old, and the two months before are not listed at all.
        assert missed == [
            "23:00 Sleep (in bed before 23:00)",
            "20:30 Networking / community events, or rest",
        ]
        assert notifier.sent == []


async def test_with_no_dbus_the_real_chain_falls_back_to_the_toast(make_app, monkeypatch, tmp_path):
    for var in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    app = make_app(now="2026-12-01T20:29:30", real_notifier=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.clock.advance(45)
        fired = app.services.reminders.check()
        assert [r.block_id for r in fired] == ["wd-study"]
        for _ in range(200):  # the notifier's thread hands the toast back to the app
            await pilot.pause(0.01)
            if any("Starts now" in t for t in toasts(app)):
                break
        assert any(
            t.startswith("Targeted study or project iteration: Starts now") for t in toasts(app)
        )
        assert app.notifier.in_use == "toast"
        assert isinstance(app.screen, TodayScreen)


# ---------------------------------------------------------------- settings


async def test_settings_show_the_notifier_and_send_a_test(make_runtime):
    app, notifier = fake_app(make_runtime, "2026-12-01T20:45")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("comma")
        await pilot.pause()
        screen = app.screen
        assert "Notifications through: fake" in str(screen.query_one("#notifier-name").render())
        screen.query_one("#test-notification").press()
        await pilot.pause()
        assert [n.title for n in notifier.sent] == ["Cadence test notification"]
        # A bad lead time is refused in the form and nothing is saved.
        screen.query_one("#lead-min", Input).value = "999"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "from 0 to 120" in str(screen.query_one("#settings-error").render())
        assert app.repo.settings().reminder_lead_min == 5
        screen.query_one("#lead-min", Input).value = "10"
        screen.query_one("#mute", Select).value = "day"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = app.repo.settings()
        assert saved.reminder_lead_min == 10
        assert saved.reminders_muted_until == "2026-12-02T04:00:00+08:00"


async def test_resizing_never_crashes_even_with_a_form_open(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for size in [(100, 30), (40, 10), (1, 1), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        for size in [(60, 15), (120, 40), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("escape")
        await pilot.press("a")
        await pilot.pause()
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        await pilot.resize_terminal(90, 26)
        await pilot.pause()
        assert isinstance(app.screen, BlockForm)  # still there after a squeeze
        await pilot.press("escape")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "20:30-22:30" in screen_text(app)

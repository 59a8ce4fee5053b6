"""Focus end to end: the timer on a fake clock, the prompt, labels, stop, history, restarts."""

from __future__ import annotations

import argparse

from textual.widgets import Digits, Input, OptionList

from cadence.app import CadenceApp
from cadence.data.models import FocusSession
from cadence.domain import timer
from cadence.notify import FakeNotifier
from cadence.screens.focus.dialogs import StopScreen
from cadence.screens.focus.history import ConfirmDeleteSession, HistoryScreen
from cadence.screens.focus.label_picker import LabelPicker
from cadence.screens.focus.prompt import PhaseEndPrompt
from cadence.screens.focus.screen import FocusScreen
from cadence.screens.focus.session_form import SessionFormScreen
from cadence.screens.focus.timer_settings import TimerSettingsScreen
from cadence.screens.today.screen import TodayScreen
from cadence.widgets.textual_api import notifications
from tests.helpers import screen_text, settle

SIZE = (100, 30)


def fake_app(make_runtime, now: str = "2026-12-01T20:45", **kwargs):
    notifier = FakeNotifier()
    app = CadenceApp(make_runtime(now=now, **kwargs), poll_interval=0.2, notifier=notifier)
    return app, notifier


def digits(app) -> str:
    return app.screen.query_one("#focus-digits", Digits).value


def sessions(app, day: str = "2026-12-01") -> list[FocusSession]:
    return app.repo.sessions(day, day)


async def go_focus(app, pilot) -> None:
    await pilot.press("3")
    await pilot.pause()
    assert isinstance(app.screen, FocusScreen)


async def test_space_starts_and_the_digits_follow_the_clock(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        assert digits(app) == "25:00"
        assert "Ready" in screen_text(app)
        await pilot.press("space")
        await settle(pilot)
        service = app.services.focus
        assert service.state.status == "running"
        app.clock.advance(60.4)
        service.tick()
        await pilot.pause()
        assert digits(app) == "24:00"
        assert "Running" in screen_text(app)
        # The state is saved at every change: a new reader sees it running.
        assert app.repo.timer_state().status == "running"


async def test_pause_extend_resume(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("space")
        app.clock.advance(300)
        await pilot.press("space")  # pause at 20:00 left
        await pilot.pause()
        assert digits(app) == "20:00"
        app.clock.advance(600)  # paused time does not count
        app.services.focus.tick()
        await pilot.pause()
        assert digits(app) == "20:00"
        await pilot.press("plus")
        await pilot.pause()
        assert digits(app) == "25:00"
        await pilot.press("space")
        app.clock.advance(10)
        app.services.focus.tick()
        await pilot.pause()
        assert digits(app) == "24:50"
        assert app.services.focus.state.planned_s == 30 * 60


async def test_the_phase_end_prompt_shows_whichever_screen_is_open(make_runtime):
    app, notifier = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("space")
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        app.clock.advance(25 * 60 + 0.1)
        app.services.focus.tick()
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PhaseEndPrompt)
        text = screen_text(app)
        assert "Focus done" in text and "Short break (5 min) has started." in text
        assert [n.title for n in notifier.sent] == ["Focus done"]
        # Every 30 s it rings again until a key is pressed.
        prompt.ring()
        prompt.ring()
        assert len(notifier.sent) == 3
        # A mode key does not slip past it: any key closes it first.
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        (logged,) = sessions(app)
        assert (logged.start, logged.end) == (
            "2026-12-01T20:45:00+08:00",
            "2026-12-01T21:10:00+08:00",
        )
        assert logged.completed and logged.focused_s == 1500


async def test_after_the_break_space_in_the_prompt_starts_focus(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("space")
        app.clock.advance(1500)
        app.services.focus.tick()
        await pilot.pause()
        await pilot.press("enter")  # acknowledge the end of focus
        app.clock.advance(300)
        app.services.focus.tick()
        await pilot.pause()
        assert isinstance(app.screen, PhaseEndPrompt)
        assert "Break over" in screen_text(app)
        assert app.services.focus.state.status == "idle"  # the next focus waits for a key
        await pilot.press("space")
        await pilot.pause()
        state = app.services.focus.state
        assert (state.phase, state.status, state.cycle) == ("focus", "running", 1)
        assert "▰▱▱▱" in screen_text(app)


async def test_the_prompt_does_not_repeat_when_turned_off(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        app.settings.prompt_repeat = False
        await go_focus(app, pilot)
        await pilot.press("space")
        app.clock.advance(1500)
        app.services.focus.tick()
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PhaseEndPrompt)
        assert not [t for t in prompt._timers if t.name == "focus-prompt"]


async def test_stop_asks_whether_to_log_the_partial_focus(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("space")
        app.clock.advance(600)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, StopScreen)
        assert "Log the 10 min of focus so far?" in screen_text(app)
        await pilot.press("escape")  # keep going
        await pilot.pause()
        assert app.services.focus.state.status == "running"
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        (logged,) = sessions(app)
        assert logged.focused_s == 600 and not logged.completed
        assert app.services.focus.state.status == "idle"
        assert "10m" in screen_text(app)  # in today's list


async def test_label_picker_matches_lectures_and_takes_free_text(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("l")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, LabelPicker)
        kinds = {c.kind for c in picker.choices}
        assert {"block", "lecture", "goal", "card"} <= kinds
        await pilot.press(*"mlp")
        await pilot.pause()
        options = picker.query_one(OptionList)
        best = picker.shown[options.highlighted]
        assert best.link == "lecture:kz-3" and "MLP" in best.label
        await pilot.press("enter")
        await settle(pilot)
        assert app.services.focus.state.link == "lecture:kz-3"
        assert "Focusing on: Lecture 3: Building makemore Part 2: MLP" in screen_text(app)
        # Free text: the first line is always the text as typed.
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"Inspired ch 4", "up", "enter")
        await settle(pilot)
        state = app.services.focus.state
        assert (state.label, state.link) == ("Inspired ch 4", None)


async def test_start_focus_from_another_screen_starts_with_that_label(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.start_focus("Read Inspired", "block:abc")
        await settle(pilot)
        assert isinstance(app.screen, FocusScreen)
        state = app.services.focus.state
        assert (state.status, state.label, state.link) == ("running", "Read Inspired", "block:abc")


async def test_history_add_edit_delete_and_undo(make_runtime):
    app, _ = fake_app(make_runtime, now="2026-12-01T22:00")
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        assert "No focus sessions this week." in screen_text(app)
        # Add by hand: bad input is said inline and nothing is saved.
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        form.query_one("#start", Input).value = "19:00"
        form.query_one("#end", Input).value = "25:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not a time: use HH:MM" in screen_text(app)
        assert app.focused is form.query_one("#end", Input)
        form.query_one("#end", Input).value = "19:45"
        form.query_one("#minutes", Input).value = "50"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "at most 45" in screen_text(app)
        form.query_one("#minutes", Input).value = ""
        form.query_one("#label", Input).value = "Read Inspired on the train"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is history
        (manual,) = sessions(app)
        assert manual.manual and manual.focused_s == 45 * 60
        text = screen_text(app)
        assert "Read Inspired on the train" in text and "45m typed in by hand" in text
        # Manual time counts toward the week.
        assert app.services.focus.totals().week_s == 45 * 60
        # Edit: fix the end.
        history.query_one("#history-table").move_cursor(row=1)
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SessionFormScreen)
        form.query_one("#end", Input).value = "20:00"
        form.query_one("#minutes", Input).value = "60"
        await pilot.press("ctrl+s")
        await settle(pilot)
        (edited,) = sessions(app)
        assert edited.id == manual.id and edited.end.startswith("2026-12-01T20:00")
        assert edited.focused_s == 3600
        # Delete asks first; u brings it back.
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDeleteSession)
        await pilot.press("y")
        await settle(pilot)
        assert sessions(app) == []
        await pilot.press("u")
        await settle(pilot)
        assert sessions(app) == [edited]


async def test_timer_settings_are_checked_and_saved(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TimerSettingsScreen)
        dialog.query_one("#focus-min", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "A whole number from 1 to 180" in screen_text(app)
        dialog.query_one("#focus-min", Input).value = "50"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.repo.settings().focus_min == 50
        assert digits(app) == "50:00"


async def test_quit_mid_phase_and_restart_goes_on_with_the_right_time(make_runtime, tmp_path):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("space")
        await settle(pilot)
        app.clock.advance(600)
    app.runtime.close()
    # Ten minutes and 0.4 s later, a new process.
    again, _ = fake_app(make_runtime, now="2026-12-01T20:55:00.4", data=tmp_path / "data")
    async with again.run_test(size=SIZE) as pilot:
        await go_focus(again, pilot)
        state = again.services.focus.state
        assert (state.phase, state.status) == ("focus", "running")
        left = timer.view(
            state, again.services.focus.config, again.services.focus.now()
        ).remaining_s
        assert abs(left - 900) < 1
        assert digits(again) == "15:00"


async def test_a_phase_that_ended_while_closed_is_logged_at_its_true_end(make_runtime, tmp_path):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("space")
        await settle(pilot)
    app.runtime.close()
    again, notifier = fake_app(make_runtime, now="2026-12-01T23:00", data=tmp_path / "data")
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (logged,) = sessions(again)
        assert logged.end == "2026-12-01T21:10:00+08:00" and logged.completed
        assert not isinstance(again.screen, PhaseEndPrompt)  # told, not rung
        assert any("While Cadence was closed" in n.message for n in notifications(again))
        assert notifier.sent == []
        assert again.services.focus.state.status == "idle"


async def test_the_ui_follows_the_shell_within_a_second(make_runtime, tmp_path, monkeypatch):
    from cadence.shell.focus import focus_command

    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        args = argparse.Namespace(focus_command="start", label="From the shell", link=None)
        # The shell is another process: its own runtime and clock on the same folder.
        monkeypatch.setenv("CADENCE_NOW", "2026-12-01T20:45")
        assert focus_command(args, tmp_path / "data", "en") == 0
        await pilot.pause(0.5)  # the app polls the store every 0.2 s in tests
        await pilot.pause()
        state = app.services.focus.state
        assert (state.status, state.label) == ("running", "From the shell")
        assert "Focusing on: From the shell" in screen_text(app)


async def test_help_lists_the_focus_keys(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for action in ("Start/pause", "Skip", "Stop", "+5 min", "Label", "History"):
            assert action in text


async def test_chinese_focus_screen(make_runtime):
    app, _ = fake_app(make_runtime, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await go_focus(app, pilot)
        text = screen_text(app)
        assert "就绪" in text and "开始/暂停" in text and "本周 0.0h / 8h" in text


async def test_a_sleep_during_focus_is_told_and_not_counted(make_runtime):
    app, _ = fake_app(make_runtime)
    async with app.run_test(size=SIZE) as pilot:
        await go_focus(app, pilot)
        await pilot.press("space")
        service = app.services.focus
        app.clock.advance(300)
        service.tick()
        app.clock.advance(600, wall_only=True)  # the lid is closed for ten minutes
        app.clock.advance(1)
        service.tick()
        await settle(pilot)
        assert any("The computer slept for 10 min." in n.message for n in notifications(app))
        assert abs(timer.pending_focus_s(service.state, service.now()) - 301) < 1
        assert digits(app) == "09:59"  # the deadline did not move: 25 min after the start

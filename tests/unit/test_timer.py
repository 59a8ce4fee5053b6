"""The timer engine on a fake clock: phases, pauses, sleep, the cycle, skip, extend, rollover."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.clock import FakeClock
from cadence.data.timer_state import TimerState
from cadence.domain import timer
from cadence.domain.timer import (
    CycleReset,
    PhaseEnded,
    SleepWatch,
    Slept,
    TimerConfig,
    clock_text,
    cycle_marks,
    plan_day,
    read_clock,
)

TZ = "Asia/Shanghai"
T0 = datetime(2026, 12, 1, 20, 45, tzinfo=ZoneInfo(TZ)).timestamp()
CFG = TimerConfig(tz=TZ)


def started(at: float = T0, cfg: TimerConfig = CFG, **kw) -> TimerState:
    step = timer.start(TimerState(), cfg, at, **kw)
    assert step.changed
    return step.state


def ends(step) -> list[PhaseEnded]:
    return [e for e in step.events if isinstance(e, PhaseEnded)]


def test_a_full_25_minute_focus_phase():
    s = started(label="Karpathy lecture 3", link="lecture:kz-3")
    assert s.status == "running" and s.phase == "focus"
    assert s.deadline == T0 + 25 * 60
    # Time left is deadline - now, whenever it is asked.
    v = timer.view(s, CFG, T0 + 60.4)
    assert v.clock_text == "24:00"  # 1439.6 s left, shown rounded up
    assert v.focused_s == pytest.approx(60.4)
    # One second before the end nothing has happened.
    step = timer.tick(s, CFG, T0 + 25 * 60 - 1)
    assert not step.changed and step.sessions == []
    # At the deadline the phase ends, is logged, and the short break starts by itself.
    step = timer.tick(s, CFG, T0 + 25 * 60 + 0.2)
    assert step.changed
    (session,) = step.sessions
    assert session.start == "2026-12-01T20:45:00+08:00"
    assert session.end == "2026-12-01T21:10:00+08:00"
    assert (session.planned_s, session.focused_s) == (1500, 1500)
    assert session.completed and not session.manual
    assert (session.label, session.link) == ("Karpathy lecture 3", "lecture:kz-3")
    (ended,) = ends(step)
    assert (ended.phase, ended.next_phase, ended.next_running) == ("focus", "short_break", True)
    new = step.state
    assert (new.phase, new.status, new.cycle) == ("short_break", "running", 1)
    # The break started at the focus phase's true end, not at the tick.
    assert new.started == T0 + 1500 and new.deadline == T0 + 1800
    # The break ends; the next focus phase waits for a key.
    step = timer.tick(new, CFG, T0 + 1800.1)
    (ended,) = ends(step)
    assert (ended.phase, ended.next_phase, ended.next_running) == ("short_break", "focus", False)
    assert step.sessions == []
    assert (step.state.phase, step.state.status) == ("focus", "idle")


def test_pauses_keep_the_time_left_and_are_not_counted():
    s = started()
    s = timer.pause(s, CFG, T0 + 600).state
    assert s.status == "paused" and s.left_s == 900
    # Paused for 10 minutes: nothing moves.
    assert timer.view(s, CFG, T0 + 1200).clock_text == "15:00"
    s = timer.resume(s, CFG, T0 + 1200).state
    assert s.deadline == T0 + 1200 + 900
    s = timer.pause(s, CFG, T0 + 1500).state
    s = timer.resume(s, CFG, T0 + 1560).state
    step = timer.tick(s, CFG, s.deadline + 0.1)
    (session,) = step.sessions
    assert session.focused_s == 1500 and session.completed
    assert session.end == timer.iso_at(T0 + 2160, TZ)


def test_a_long_pause_closes_the_phase_as_interrupted_keeping_the_focus():
    s = timer.pause(started(), CFG, T0 + 700).state
    # Under an hour: still paused.
    assert timer.tick(s, CFG, T0 + 700 + 3599).state.status == "paused"
    step = timer.tick(s, CFG, T0 + 700 + 3601)
    (session,) = step.sessions
    assert session.focused_s == 700 and not session.completed
    assert session.end == timer.iso_at(T0 + 700, TZ)  # when the work stopped
    (ended,) = ends(step)
    assert ended.reason == "interrupted"
    assert (step.state.status, step.state.phase) == ("idle", "focus")


def test_a_sleep_that_spans_the_end_ends_the_phase_at_its_true_end():
    clock = FakeClock("2026-12-01T20:45", tz=TZ)
    watch = SleepWatch()
    now, mono = read_clock(clock)
    s = started(now)
    watch.check(now, mono)
    clock.advance(600)  # ten minutes of work
    assert watch.check(*read_clock(clock)) is None
    clock.advance(3600, wall_only=True)  # the lid is closed for an hour
    clock.advance(1)
    now, mono = read_clock(clock)
    slept = watch.check(now, mono)
    assert slept is not None and slept[1] - slept[0] == pytest.approx(3600)
    step = timer.tick(s, CFG, now, slept)
    (sleep,) = [e for e in step.events if isinstance(e, Slept)]
    assert sleep.ended and sleep.lost_s == pytest.approx(900)
    (session,) = step.sessions
    assert session.end == timer.iso_at(T0 + 1500, TZ)  # the true end, not the wake-up
    assert session.focused_s == 600  # the sleep is never study time
    assert not session.completed
    # The break started at the true end too, and has long ended: focus waits.
    assert (step.state.phase, step.state.status) == ("focus", "idle")


def test_a_short_sleep_inside_a_phase_keeps_the_deadline_but_not_the_focus():
    s = started()
    slept = (T0 + 300, T0 + 420)
    step = timer.tick(s, CFG, T0 + 421, slept)
    assert step.state.deadline == T0 + 1500  # a kitchen timer runs on
    end = timer.tick(step.state, CFG, T0 + 1500)
    assert end.sessions[0].focused_s == 1500 - 120


def test_the_long_break_comes_after_four_focus_phases():
    s = TimerState()
    now = T0
    kinds = []
    for _ in range(4):
        s = timer.start(s, CFG, now).state  # focus waits for a key
        now = s.deadline
        step = timer.tick(s, CFG, now)
        s = step.state
        kinds.append(s.phase)
        now = s.deadline
        s = timer.tick(s, CFG, now).state
    assert kinds == ["short_break", "short_break", "short_break", "long_break"]
    assert s.deadline is None and s.cycle == 0  # after the long break, a new cycle
    assert cycle_marks(2, 4) == "▰▰▱▱"
    assert cycle_marks(3, 4, ascii_icons=True) == "###-"


def test_skip_a_focus_logs_it_stopped_early_and_moves_on():
    s = started()
    step = timer.skip(s, CFG, T0 + 600)
    (session,) = step.sessions
    assert session.focused_s == 600 and not session.completed
    assert (step.state.phase, step.state.status, step.state.cycle) == ("short_break", "running", 1)
    # Skipping the break: the next focus waits.
    step = timer.skip(step.state, CFG, T0 + 700)
    assert (step.state.phase, step.state.status) == ("focus", "idle")
    # Under a minute of focus is never logged.
    assert timer.skip(started(), CFG, T0 + 30).sessions == []


def test_stop_asks_whether_to_log_and_goes_back_to_a_waiting_focus():
    s = started()
    logged = timer.stop(s, CFG, T0 + 720, log=True)
    assert logged.sessions[0].focused_s == 720 and not logged.sessions[0].completed
    assert (logged.state.phase, logged.state.status) == ("focus", "idle")
    discarded = timer.stop(s, CFG, T0 + 720, log=False)
    assert discarded.sessions == []
    assert ends(discarded)[0].reason == "stopped"


def test_extend_adds_five_minutes_running_paused_or_ahead():
    s = timer.extend(started(), CFG, T0 + 100).state
    assert s.deadline == T0 + 1800 and s.planned_s == 1800
    p = timer.extend(timer.pause(s, CFG, T0 + 200).state, CFG, T0 + 250).state
    assert p.left_s == 1600 + 300
    idle = timer.extend(TimerState(), CFG, T0).state
    assert timer.view(idle, CFG, T0).clock_text == "30:00"
    assert timer.start(idle, CFG, T0).state.deadline == T0 + 1800
    done = timer.tick(s, CFG, s.deadline)
    assert done.sessions[0].planned_s == 1800 and done.sessions[0].completed


def test_the_cycle_resets_at_the_day_rollover():
    # 03:00 on Dec 2 is still Dec 1 for the plan (rollover 04:00).
    late = datetime(2026, 12, 2, 3, 0, tzinfo=ZoneInfo(TZ)).timestamp()
    s = started(late)
    s = timer.tick(s, CFG, s.deadline).state  # cycle 1, break running
    s = timer.tick(s, CFG, s.deadline).state  # focus waits, 03:30
    assert s.cycle == 1 and plan_day(late, TZ, 4) == "2026-12-01"
    # 04:01: a new plan day, the count goes back to zero.
    morning = datetime(2026, 12, 2, 4, 1, tzinfo=ZoneInfo(TZ)).timestamp()
    step = timer.tick(s, CFG, morning)
    assert step.state.cycle == 0
    assert [e.reason for e in step.events if isinstance(e, CycleReset)] == ["rollover"]


def test_the_cycle_resets_after_an_hour_idle():
    s = started()
    s = timer.tick(s, CFG, s.deadline).state
    s = timer.tick(s, CFG, s.deadline).state  # idle since 21:15
    assert timer.tick(s, CFG, T0 + 1800 + 3500).state.cycle == 1
    step = timer.tick(s, CFG, T0 + 1800 + 3700)
    assert step.state.cycle == 0
    assert isinstance(step.events[0], CycleReset) and step.events[0].reason == "idle"


def test_a_phase_that_ended_while_closed_is_logged_at_its_true_end_once():
    s = started()
    later = T0 + 5 * 3600
    step = timer.tick(s, CFG, later, live=False)
    (session,) = step.sessions
    assert session.end == timer.iso_at(T0 + 1500, TZ)
    assert session.id == timer.session_id(T0)  # the same id whoever logs it
    assert step.state.status == "idle"


def test_focus_starts_by_itself_only_when_set_and_watched():
    cfg = TimerConfig(tz=TZ, auto_start_focus=True)
    s = timer.tick(started(cfg=cfg), cfg, T0 + 1500).state  # break running
    watched = timer.tick(s, cfg, s.deadline + 1)
    assert (watched.state.phase, watched.state.status) == ("focus", "running")
    assert watched.state.started == s.deadline
    away = timer.tick(s, cfg, s.deadline + 600, live=False)
    assert away.state.status == "idle"
    manual_breaks = TimerConfig(tz=TZ, auto_start_breaks=False)
    waiting = timer.tick(started(cfg=manual_breaks), manual_breaks, T0 + 1500).state
    assert (waiting.phase, waiting.status) == ("short_break", "idle")


def test_toggle_starts_pauses_and_resumes():
    s = timer.toggle(TimerState(), CFG, T0).state
    assert s.status == "running"
    s = timer.toggle(s, CFG, T0 + 10).state
    assert s.status == "paused"
    s = timer.toggle(s, CFG, T0 + 20).state
    assert s.status == "running" and s.deadline == T0 + 1510


def test_the_state_survives_a_round_trip_through_json():
    import orjson

    s = started(label="学习 RAG", link="goal:abc")
    again = TimerState.from_dict(orjson.loads(orjson.dumps(s.to_dict())))
    assert again == s
    assert timer.view(again, CFG, T0 + 100) == timer.view(s, CFG, T0 + 100)


def test_nothing_changes_when_nothing_happens():
    s = TimerState()
    assert not timer.tick(s, CFG, T0).changed
    assert not timer.pause(s, CFG, T0).changed
    assert not timer.resume(started(), CFG, T0 + 1).changed


def test_sleep_watch_ignores_normal_ticks_and_a_clock_set_back():
    watch = SleepWatch()
    assert watch.check(100.0, 5.0) is None
    assert watch.check(101.0, 6.0) is None
    assert watch.check(102.5, 6.9) is None  # jitter under the threshold
    assert watch.check(50.0, 8.0) is None  # wall clock set back: no sleep
    assert watch.check(200.0, 9.0) == (50.0, 50.0 + 149.0)


@given(st.floats(min_value=0, max_value=10 * 3600, allow_nan=False))
def test_clock_text_rounds_up_and_never_goes_negative(seconds):
    text = clock_text(seconds)
    parts = [int(p) for p in text.split(":")]
    total = parts[-1] + 60 * parts[-2] + (3600 * parts[0] if len(parts) == 3 else 0)
    assert seconds - 1e-6 <= total < seconds + 1
    assert clock_text(-5) == "00:00"

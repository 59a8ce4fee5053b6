"""The focus log: sessions by hand (parsed and checked), label choices, the saved timer."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.data.models import FocusSession
from cadence.data.timer_state import TimerState
from cadence.domain import timer
from cadence.domain.focus_labels import label_choices
from cadence.domain.focus_log import SessionForm, SessionFormError, build_session, parse_minutes
from cadence.domain.schedule import blocks_for
from cadence.domain.timer import TimerConfig

TZ = "Asia/Shanghai"
NOW = datetime(2026, 12, 1, 22, 0, tzinfo=ZoneInfo(TZ)).timestamp()


@given(st.integers(min_value=1, max_value=10**6))
def test_parse_minutes_reads_whole_minutes(n):
    assert parse_minutes(f" {n} ") == n


@given(st.text(max_size=8))
def test_parse_minutes_refuses_or_returns_a_positive_int(text):
    try:
        value = parse_minutes(text)
    except ValueError:
        return
    assert value >= 1 and value == int(text.strip())


def test_a_session_by_hand_is_manual_and_may_cross_midnight():
    s = build_session(SessionForm("2026-11-30", "23:30", "00:15", "", "Reading"), TZ, NOW)
    assert s.start == "2026-11-30T23:30:00+08:00" and s.end == "2026-12-01T00:15:00+08:00"
    assert s.manual and s.completed and s.focused_s == s.planned_s == 45 * 60
    assert s.link is None and s.label == "Reading"


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (SessionForm("2026-13-01", "10:00", "11:00"), "date", "Not a date"),
        (SessionForm("1.12.2026", "10:00", "11:00"), "date", "Not a date"),
        (SessionForm("2026-12-01", "9:00", "11:00"), "start", "Not a time"),
        (SessionForm("2026-12-01", "10:00", "24:00"), "end", "Not a time"),
        (SessionForm("2026-12-01", "21:30", "22:30"), "end", "in the future"),
        (SessionForm("2026-11-30", "08:00", "21:00"), "end", "at most 12 hours"),
        (SessionForm("2026-12-01", "10:00", "11:00", "61"), "minutes", "at most 60"),
        (SessionForm("2026-12-01", "10:00", "11:00", "ten"), "minutes", "a whole number"),
        (SessionForm("2026-12-01", "10:00", "11:00", "0"), "minutes", "a whole number"),
    ],
)
def test_bad_session_forms_name_the_field(form, field, message):
    with pytest.raises(SessionFormError) as caught:
        build_session(form, TZ, NOW)
    assert caught.value.field == field and message in str(caught.value)


def test_editing_keeps_the_session_id_link_and_flags():
    base = FocusSession(
        "2026-12-01T20:00:00+08:00",
        "2026-12-01T20:25:13+08:00",
        1500,
        1513,
        label="GPT",
        link="lecture:kz-7",
        completed=False,
        id="t1",
    )
    form = SessionForm.of(base)
    assert (form.start, form.end, form.minutes) == ("20:00", "20:25", "25")
    same = build_session(form, TZ, NOW, base=base)
    assert same.focused_s == 1500  # 20:00-20:25 now, so at most the span
    fixed = build_session(
        SessionForm("2026-12-01", "20:00", "21:00", "55", "GPT"), TZ, NOW, base=base
    )
    assert (fixed.id, fixed.link, fixed.completed, fixed.manual) == (
        "t1",
        "lecture:kz-7",
        False,
        False,
    )
    assert fixed.focused_s == 55 * 60


def test_label_choices_put_the_day_and_the_course_first(make_runtime):
    runtime = make_runtime(now="2026-12-01T20:45", interactive=False)
    plan = runtime.repo.plan()
    from pendulum import Date

    day = Date(2026, 12, 1)
    blocks = blocks_for(plan.templates, None, day, TZ)
    choices = label_choices(plan, runtime.repo.cards(), blocks, 0)
    kinds = [c.kind for c in choices]
    assert kinds[0] == "block" and kinds.index("lecture") < kinds.index("goal")
    lectures = [c for c in choices if c.kind == "lecture"]
    assert lectures[0].link == "lecture:kz-1" and lectures[0].label.startswith("Lecture 1: ")
    month0 = [c for c in choices if c.kind == "goal"][0]
    assert month0.detail == "Month 0"
    assert all(c.link for c in choices)


def test_the_saved_timer_refuses_a_stale_write(make_runtime):
    repo = make_runtime(interactive=False).repo
    assert repo.timer_state() == TimerState()
    cfg = TimerConfig(tz=TZ)
    first = timer.start(TimerState(), cfg, NOW - 3000)
    assert repo.save_timer(first.state, expect_rev="")
    # The shell changed it meanwhile: a save based on the old revision is refused.
    shell = timer.pause(first.state, cfg, NOW - 2900, live=False)
    assert repo.save_timer(shell.state, expect_rev=first.state.rev)
    stale = timer.tick(first.state, cfg, NOW)
    assert stale.sessions
    assert not repo.save_timer(stale.state, stale.sessions, expect_rev=first.state.rev)
    assert repo.timer_state() == shell.state
    assert repo.sessions("2026-12-01", "2026-12-01") == []


def test_logging_the_same_phase_twice_keeps_one_session(make_runtime):
    repo = make_runtime(interactive=False).repo
    cfg = TimerConfig(tz=TZ)
    running = timer.start(TimerState(), cfg, NOW - 3000).state
    ended = timer.tick(running, cfg, NOW, live=False)
    repo.save_timer(ended.state, ended.sessions)
    again = timer.tick(running, cfg, NOW + 5, live=False)  # another process settles it too
    repo.save_timer(again.state, again.sessions)
    assert len(repo.sessions("2026-12-01", "2026-12-01")) == 1


def test_replace_session_moves_it_between_year_files(make_runtime):
    repo = make_runtime(interactive=False).repo
    old = FocusSession("2026-12-31T23:00:00+08:00", "2026-12-31T23:45:00+08:00", 2700, 2700)
    repo.replace_session(None, old)
    new = FocusSession(
        "2027-01-01T00:10:00+08:00", "2027-01-01T00:40:00+08:00", 1800, 1800, id=old.id
    )
    repo.replace_session(old, new)
    assert repo.sessions("2026-12-01", "2027-01-31") == [new]
    repo.replace_session(new, None)
    assert repo.sessions("2026-12-01", "2027-01-31") == []

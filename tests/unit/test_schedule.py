"""The schedule: template + the date's changes → blocks; safe across daylight saving."""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.data.models import DayRecord, DayTemplate, TimeBlock
from cadence.domain.schedule import (
    TimeFormatError,
    block_minutes,
    blocks_for,
    change_for_date,
    change_in_template,
    check_block,
    current_and_next,
    day_start,
    logical_date,
    overlaps,
    parse_hhmm,
    remove_for_date,
    remove_from_template,
)

DAILY = DayTemplate(
    id="daily",
    name="Every day",
    weekdays=list(range(7)),
    blocks=[
        TimeBlock("01:30", "02:45", "Night owl", "study", id="owl"),
        TimeBlock("02:30", "03:00", "Squeezed", "rest", id="squeezed"),
        TimeBlock("08:00", "09:00", "Morning routine", "routine", id="morning"),
        TimeBlock("20:30", "22:30", "Study", "study", id="study"),
        TimeBlock("23:00", "08:00", "Sleep", "sleep", id="sleep"),
    ],
)


def d(text: str) -> pendulum.Date:
    return pendulum.parse(text).date()


# ---------------------------------------------------------------- parsing


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_valid_time_parses(hour, minute):
    assert parse_hhmm(f"{hour:02d}:{minute:02d}") == (hour, minute)


@given(st.text(max_size=8))
def test_anything_else_is_refused_with_a_clear_error(text):
    import re

    if re.fullmatch(r"\s*([01]\d|2[0-3]):[0-5]\d\s*", text):
        return
    with pytest.raises(TimeFormatError, match="HH:MM"):
        parse_hhmm(text)


@pytest.mark.parametrize(
    "bad", ["24:00", "9:00", "09:60", "0900", "ab:cd", "", "09:00:00", "-1:00"]
)
def test_typical_mistakes_are_refused(bad):
    with pytest.raises(TimeFormatError):
        parse_hhmm(bad)


# ---------------------------------------------------------------- checking a typed block


def test_check_block_accepts_a_normal_and_a_midnight_crossing_block():
    assert check_block("20:30", "22:30", "Study", "study") == {}
    assert check_block("23:00", "07:00", "Sleep", "sleep") == {}
    assert block_minutes("23:00", "07:00") == 8 * 60


def test_check_block_explains_every_problem():
    problems = check_block("25:00", "7", " ", "nap")
    assert set(problems) == {"start", "end", "title", "kind"}
    assert "HH:MM" in problems["start"]
    assert check_block("10:00", "10:00", "x", "work") == {
        "end": "The end must differ from the start"
    }
    # 21:00-20:00 would be a 23-hour block: a slip, not a night.
    assert "16 hours" in check_block("21:00", "20:00", "x", "work")["end"]


@given(st.integers(0, 23 * 60 + 59), st.integers(0, 23 * 60 + 59))
def test_check_block_end_rule(start, end):
    s, e = f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"
    problems = check_block(s, e, "t", "work")
    if start == end:
        assert "end" in problems
    elif end > start:
        assert problems == {}
    else:
        assert ("end" in problems) == (end + 24 * 60 - start > 16 * 60)


# ---------------------------------------------------------------- the day's blocks


def test_template_overrides_and_added_blocks_make_the_day():
    record = DayRecord(
        date="2026-12-01",
        states={"study": "done"},
        edited={"morning": {"start": "07:30", "end": "08:30", "title": "Run"}},
        removed=["owl", "squeezed"],
        added=[TimeBlock("12:00", "12:30", "Call", "social", id="call")],
    )
    blocks = blocks_for([DAILY], record, d("2026-12-01"), "Asia/Shanghai")
    assert [(b.block.id, b.block.start, b.source, b.state) for b in blocks] == [
        ("morning", "07:30", "edited", "todo"),
        ("call", "12:00", "added", "todo"),
        ("study", "20:30", "template", "done"),
        ("sleep", "23:00", "template", "todo"),
    ]
    sleep = blocks[-1]
    assert sleep.end.isoformat() == "2026-12-02T08:00:00+08:00"
    assert sleep.minutes == 9 * 60


def test_current_and_next():
    blocks = blocks_for([DAILY], None, d("2026-12-01"), "Asia/Shanghai")
    now = pendulum.datetime(2026, 12, 1, 20, 45, tz="Asia/Shanghai")
    current, upcoming = current_and_next(blocks, now)
    assert current is not None and current.block.id == "study"
    assert upcoming is not None and upcoming.block.id == "sleep"


def test_spring_forward_in_new_york_shifts_and_marks_the_missing_time():
    # 2027-03-14: 02:00 -> 03:00 in America/New_York.
    blocks = {b.block.id: b for b in blocks_for([DAILY], None, d("2027-03-14"), "America/New_York")}
    owl = blocks["owl"]
    assert owl.start.isoformat() == "2027-03-14T01:30:00-05:00"
    assert owl.end.isoformat() == "2027-03-14T03:45:00-04:00"  # 02:45 does not exist
    assert owl.shifted
    assert owl.minutes == 75  # wall 01:30-02:45 is 75 real minutes once 02:45 moved on an hour
    squeezed = blocks["squeezed"]
    assert squeezed.shifted
    assert squeezed.start.isoformat() == "2027-03-14T03:30:00-04:00"
    assert squeezed.end >= squeezed.start  # never negative
    assert not blocks["study"].shifted
    assert blocks["study"].start.isoformat() == "2027-03-14T20:30:00-04:00"
    # The day before and after are untouched.
    for day in ("2027-03-13", "2027-03-15"):
        assert not any(b.shifted for b in blocks_for([DAILY], None, d(day), "America/New_York"))


def test_spring_forward_in_berlin_and_a_sleep_block_over_the_change():
    # 2027-03-28: 02:00 -> 03:00 in Europe/Berlin; the night before loses an hour.
    night = blocks_for([DAILY], None, d("2027-03-27"), "Europe/Berlin")
    sleep = next(b for b in night if b.block.id == "sleep")
    assert sleep.start.isoformat() == "2027-03-27T23:00:00+01:00"
    assert sleep.end.isoformat() == "2027-03-28T08:00:00+02:00"
    assert sleep.minutes == 8 * 60  # 9 wall hours, 8 real ones
    assert not sleep.shifted
    day = blocks_for([DAILY], None, d("2027-03-28"), "Europe/Berlin")
    assert next(b for b in day if b.block.id == "squeezed").shifted


def test_fall_back_in_berlin_keeps_wall_times():
    # 2027-10-31: 03:00 -> 02:00; 02:30 happens twice, nothing is shifted.
    day = blocks_for([DAILY], None, d("2027-10-31"), "Europe/Berlin")
    assert not any(b.shifted for b in day)
    sleep = next(
        b
        for b in blocks_for([DAILY], None, d("2027-10-30"), "Europe/Berlin")
        if b.block.id == "sleep"
    )
    assert sleep.minutes == 10 * 60  # 9 wall hours, 10 real ones


def test_every_day_of_a_year_places_blocks_in_order_across_zones():
    for tz in ("America/New_York", "Europe/Berlin", "Asia/Shanghai", "Australia/Lord_Howe"):
        day = d("2027-01-01")
        for _ in range(365):
            for b in blocks_for([DAILY], None, day, tz):
                assert b.end >= b.start
                assert b.start.date() == day
            day = day.add(days=1)


def test_logical_date_rolls_over_by_the_wall_clock():
    tz = "Asia/Shanghai"
    assert logical_date(pendulum.datetime(2026, 12, 2, 1, 30, tz=tz), 4) == d("2026-12-01")
    assert logical_date(pendulum.datetime(2026, 12, 2, 4, 0, tz=tz), 4) == d("2026-12-02")
    assert logical_date(pendulum.datetime(2026, 12, 2, 0, 0, tz=tz), 0) == d("2026-12-02")
    # After the spring-forward night only 3 real hours have passed at 04:30: still the new day.
    ny = pendulum.datetime(2027, 3, 14, 4, 30, tz="America/New_York")
    assert logical_date(ny, 4) == d("2027-03-14")
    assert (
        day_start(d("2027-03-14"), 4, "America/New_York").isoformat() == "2027-03-14T04:00:00-04:00"
    )


# ---------------------------------------------------------------- changes


def test_overlaps_are_found_and_touching_is_fine():
    day = d("2026-12-01")
    blocks = blocks_for([DAILY], None, day, "Asia/Shanghai")
    clash = overlaps(TimeBlock("22:00", "23:30", "Call", "social"), blocks, day, "Asia/Shanghai")
    assert [b.block.id for b in clash] == ["study", "sleep"]
    touching = TimeBlock("22:30", "23:00", "Wind down", "rest")
    assert overlaps(touching, blocks, day, "Asia/Shanghai") == []
    # A block never overlaps itself (editing it).
    study = next(b for b in blocks if b.block.id == "study").block
    assert overlaps(study, blocks, day, "Asia/Shanghai") == []


def test_date_only_changes_leave_the_template_alone():
    record = DayRecord(date="2026-12-01")
    edited = change_for_date(
        record, TimeBlock("21:00", "22:30", "Study", "study", id="study"), "template"
    )
    assert edited.edited["study"]["start"] == "21:00"
    assert record.edited == {}  # a copy was changed
    added = change_for_date(edited, TimeBlock("12:00", "12:30", "Call", "social", id="call"), "new")
    assert [b.id for b in added.added] == ["call"]
    again = change_for_date(
        added, TimeBlock("12:00", "13:00", "Call", "social", id="call"), "added"
    )
    assert [(b.id, b.end) for b in again.added] == [("call", "13:00")]
    gone = remove_for_date(again, "study", "template")
    assert "study" in gone.removed and "study" not in gone.edited
    gone = remove_for_date(gone, "call", "added")
    assert gone.added == []
    # Bringing a hidden template block back by editing it un-hides it.
    back = change_for_date(
        gone, TimeBlock("20:30", "22:30", "Study", "study", id="study"), "template"
    )
    assert "study" not in back.removed


def test_template_changes_are_copies_and_stay_sorted():
    templates = [DAILY]
    new = change_in_template(
        templates, "daily", TimeBlock("12:00", "13:00", "Lunch", "meal", id="lunch")
    )
    assert [b.id for b in new[0].blocks][2:4] == ["morning", "lunch"]
    assert "lunch" not in [b.id for b in DAILY.blocks]
    moved = change_in_template(
        new, "daily", TimeBlock("19:00", "21:00", "Study", "study", id="study")
    )
    assert next(b for b in moved[0].blocks if b.id == "study").start == "19:00"
    assert len(moved[0].blocks) == len(new[0].blocks)
    removed = remove_from_template(moved, "daily", "lunch")
    assert "lunch" not in [b.id for b in removed[0].blocks]
    with pytest.raises(KeyError):
        remove_from_template(templates, "nope", "x")

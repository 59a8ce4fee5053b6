"""Which reminders are due: pure, from blocks, the last check and now."""

from __future__ import annotations

import pendulum

from cadence.data.models import DayRecord, DayTemplate, TimeBlock
from cadence.domain import reminders as rules
from cadence.domain.schedule import blocks_for

TZ = "Asia/Shanghai"
WORKDAY = DayTemplate(
    id="workday",
    name="Workday",
    weekdays=list(range(7)),
    blocks=[
        TimeBlock("08:00", "09:00", "Morning routine", "routine", id="morning"),
        TimeBlock("20:30", "22:30", "Study", "study", id="study"),
        TimeBlock("22:30", "23:00", "Post notes", "rest", id="wind"),
        TimeBlock("23:00", "08:00", "Sleep", "sleep", id="sleep"),
    ],
)


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=TZ)


def day_blocks(day: str = "2026-12-01", record: DayRecord | None = None):
    return blocks_for([WORKDAY], record, pendulum.parse(day).date(), TZ)


def test_a_day_has_soon_and_start_reminders_with_wind_down_and_bedtime():
    reminders = rules.day_reminders(day_blocks(), lead_min=5)
    got = [(r.at.format("HH:mm"), r.kind, r.block_id) for r in reminders]
    assert got == [
        ("07:55", "soon", "morning"),
        ("08:00", "start", "morning"),
        ("20:25", "soon", "study"),
        ("20:30", "start", "study"),
        ("22:25", "soon", "wind"),
        ("22:30", "wind_down", "wind"),
        ("22:55", "soon", "sleep"),
        ("23:00", "bedtime", "sleep"),
    ]


def test_done_and_skipped_blocks_remind_nothing_and_lead_zero_means_start_only():
    record = DayRecord(date="2026-12-01", states={"study": "done", "morning": "skipped"})
    reminders = rules.day_reminders(day_blocks(record=record), lead_min=0)
    assert [(r.kind, r.block_id) for r in reminders] == [
        ("wind_down", "wind"),
        ("bedtime", "sleep"),
    ]


def test_without_a_block_into_bedtime_wind_down_is_thirty_minutes_before():
    template = DayTemplate(
        id="t",
        name="t",
        weekdays=list(range(7)),
        blocks=[TimeBlock("23:30", "07:00", "Sleep", "sleep", id="sleep")],
    )
    blocks = blocks_for([template], None, pendulum.parse("2026-12-01").date(), TZ)
    reminders = rules.day_reminders(blocks, lead_min=0)
    assert [(r.at.format("HH:mm"), r.kind) for r in reminders] == [
        ("23:00", "wind_down"),
        ("23:30", "bedtime"),
    ]


def test_due_is_half_open_so_nothing_fires_twice():
    reminders = rules.day_reminders(day_blocks(), lead_min=5)
    first = rules.due(reminders, at("2026-12-01T20:20"), at("2026-12-01T20:25"))
    assert [r.kind for r in first] == ["soon"]
    again = rules.due(reminders, at("2026-12-01T20:25"), at("2026-12-01T20:29:59"))
    assert again == []
    start = rules.due(reminders, at("2026-12-01T20:29:59"), at("2026-12-01T20:30"))
    assert [(r.kind, r.block_id) for r in start] == [("start", "study")]


def test_reminders_between_spans_midnight_and_days():
    def record_of(iso: str) -> DayRecord | None:
        return None

    found = rules.reminders_between(
        [WORKDAY], record_of, at("2026-12-01T22:50"), at("2026-12-02T08:00"), TZ, 5
    )
    assert [(r.date.isoformat(), r.kind, r.block_id) for r in found] == [
        ("2026-12-01", "soon", "sleep"),
        ("2026-12-01", "bedtime", "sleep"),
        ("2026-12-02", "soon", "morning"),
        ("2026-12-02", "start", "morning"),
    ]


def test_reminders_between_looks_back_at_most_two_days():
    found = rules.reminders_between(
        [WORKDAY], lambda iso: None, at("2026-11-01T00:00"), at("2026-12-01T09:00"), TZ, 0
    )
    assert found and min(r.at for r in found) > at("2026-11-29T08:59")
    assert (
        rules.reminders_between(
            [WORKDAY], lambda iso: None, at("2026-12-01T09:00"), at("2026-12-01T08:00"), TZ, 5
        )
        == []
    )


def test_late_reminders_are_listed_not_fired():
    reminders = rules.day_reminders(day_blocks(), lead_min=5)
    now = at("2026-12-01T20:31")
    due = rules.due(reminders, at("2026-12-01T07:00"), now)
    on_time, late = rules.split_late(due, now)
    assert [r.kind for r in on_time] == ["start"]
    assert len(late) == 3
    assert rules.missed_lines(late) == ["08:00 Morning routine", "20:30 Study"]


def test_mute():
    now = at("2026-12-01T20:45")
    assert not rules.muted(None, now)
    assert not rules.muted("garbage", now)
    assert rules.muted(at("2026-12-01T21:00").isoformat(), now)
    assert not rules.muted(at("2026-12-01T20:45").isoformat(), now)
    assert rules.mute_until("60", now, 4, TZ) == at("2026-12-01T21:45")
    assert rules.mute_until("day", now, 4, TZ) == at("2026-12-02T04:00")
    # After midnight, "the rest of the day" still ends at this night's rollover.
    late = at("2026-12-02T01:00")
    assert rules.mute_until("day", late, 4, TZ) == at("2026-12-02T04:00")


def test_reminder_key_is_stable():
    r = rules.day_reminders(day_blocks(), lead_min=5)[1]
    assert r.key == "2026-12-01:morning:start"

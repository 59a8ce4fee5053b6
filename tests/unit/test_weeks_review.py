"""When the weekly review is due, and which week `w` opens."""

from __future__ import annotations

import pendulum

from cadence.data.models import DayTemplate, TimeBlock
from cadence.data.plan import load_default_plan
from cadence.domain.weekly import (
    DEFAULT_SLOT,
    default_review_week,
    reminder_due,
    review_moment,
    review_slot,
)

TZ = "Asia/Shanghai"


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz=TZ)


def test_the_default_plan_reviews_on_sunday_at_20_30():
    plan = load_default_plan("zh")
    assert review_slot(plan.templates) == (6, "20:30")


def test_a_plan_without_a_review_block_falls_back_to_sunday_evening():
    templates = [DayTemplate("t", "T", [0, 1], [TimeBlock("09:00", "10:00", "Work", "work")])]
    assert review_slot(templates) == DEFAULT_SLOT == (6, "20:30")


def test_a_moved_review_block_moves_the_slot():
    block = TimeBlock("19:00", "19:45", "Review", "study", id="x-weekly-review")
    templates = [DayTemplate("sat", "Sat", [5], [block])]
    assert review_slot(templates) == (5, "19:00")


def test_review_moment_of_a_week():
    assert review_moment("2026-W48", (6, "20:30"), TZ) == at("2026-11-29T20:30")
    assert review_moment("2026-W53", (6, "20:30"), TZ) == at("2027-01-03T20:30")


def test_the_reminder_is_due_from_the_slot_to_the_end_of_that_day():
    slot = (6, "20:30")
    assert reminder_due(at("2026-11-29T20:29"), slot, set()) is None
    assert reminder_due(at("2026-11-29T20:30"), slot, set()) == "2026-W48"
    assert reminder_due(at("2026-11-29T23:59"), slot, set()) == "2026-W48"
    assert reminder_due(at("2026-11-30T00:01"), slot, set()) is None
    assert reminder_due(at("2026-11-28T20:30"), slot, set()) is None  # Saturday
    # Finished: no reminder.
    assert reminder_due(at("2026-11-29T21:00"), slot, {"2026-W48"}) is None


def test_w_opens_last_week_early_in_the_week_while_it_is_unfinished():
    monday = pendulum.date(2026, 11, 30)  # 2026-W49
    assert default_review_week(monday, set()) == "2026-W48"
    assert default_review_week(monday, {"2026-W48"}) == "2026-W49"
    assert default_review_week(pendulum.date(2026, 12, 3), set()) == "2026-W49"  # Thursday
    assert default_review_week(pendulum.date(2026, 12, 6), set()) == "2026-W49"  # Sunday
    assert default_review_week(pendulum.date(2026, 1, 1), set()) == "2026-W01"  # Thursday
    assert default_review_week(pendulum.date(2025, 12, 30), set()) == "2025-W52"  # Tuesday

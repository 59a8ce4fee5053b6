"""When the weekly review is due, and which week `w` opens."""

from __future__ import annotations

import pendulum

from cadence.data.models import DayRecord, DayTemplate, TimeBlock, WeeklyReview
from cadence.data.plan import load_default_plan
from cadence.domain.weekly import (
    DEFAULT_SLOT,
    MAX_TEXT,
    block_to_tick,
    default_review_week,
    plan_card,
    plan_for,
    plan_source,
    reminder_due,
    review_moment,
    review_slot,
    tick,
    write_review,
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


def test_w_never_opens_a_week_before_the_plan_began():
    tuesday = pendulum.date(2026, 12, 1)  # 2026-W49; the plan began that day
    assert default_review_week(tuesday, set(), plan_start=tuesday) == "2026-W49"
    assert default_review_week(tuesday, set(), plan_start=pendulum.date(2026, 11, 29)) == "2026-W48"


def test_sunday_weeks_open_and_remind_by_their_own_days():
    monday = pendulum.date(2026, 11, 30)
    # Weeks from Sunday: 2026-11-29 .. 12-05 is "2026-W49"; Monday is its second day.
    assert default_review_week(monday, set(), week_start=6) == "2026-W48"
    assert default_review_week(pendulum.date(2026, 12, 2), set(), week_start=6) == "2026-W49"
    # The review evening (Sunday) of Sunday weeks is their first day.
    assert review_moment("2026-W49", (6, "20:30"), TZ, 6) == at("2026-11-29T20:30")
    assert reminder_due(at("2026-11-29T21:00"), (6, "20:30"), set(), 6) == "2026-W49"


def test_next_weeks_plan_is_offered_on_the_days_of_that_week():
    reviews = [
        WeeklyReview("2026-W48", next_week=["Finish the PRD", " ", "Run the recall eval"]),
        WeeklyReview("2026-W49", next_week=["Later"]),
    ]
    for day in ("2026-11-30", "2026-12-03", "2026-12-06"):  # every day of 2026-W49
        assert plan_for(reviews, pendulum.date(*map(int, day.split("-")))) == [
            "Finish the PRD",
            "Run the recall eval",
        ]
    assert plan_for(reviews, pendulum.date(2026, 11, 29)) == []  # W48 itself: W47's plan


def test_finishing_writes_what_is_on_screen_and_stays_finished():
    review = WeeklyReview("2026-W48", ["old"], finished=True)
    long = "x" * 500
    write_review(["  One\n lesson ", "", "Two", "Three"], ["A", long], "t")(review)
    assert review.learnings == ["One lesson", "Two"]  # folded, at most two
    assert review.next_week == ["A", "x" * MAX_TEXT]
    assert review.finished and review.updated == "t"  # a draft save never unfinishes
    fresh = WeeklyReview("2026-W49")
    write_review(["L"], [], "t", finish=True)(fresh)
    assert fresh.finished


def test_the_review_block_ticked_is_the_days_else_the_weeks_evening():
    plan = load_default_plan("en")
    records: dict[str, DayRecord] = {}
    sunday = pendulum.date(2026, 11, 29)
    assert block_to_tick(plan.templates, records.get, "2026-W48", sunday) == (
        "2026-11-29",
        "wb-weekly-review",
    )
    # Finished on Monday (a day late): the block of that week's Sunday.
    monday = pendulum.date(2026, 11, 30)
    assert block_to_tick(plan.templates, records.get, "2026-W48", monday) == (
        "2026-11-29",
        "wb-weekly-review",
    )
    # Moved to Saturday for that date only: the Sunday block hidden, one added on Saturday.
    moved = TimeBlock("19:00", "19:45", "Review", "study", id="sat-weekly-review")
    records["2026-11-28"] = DayRecord("2026-11-28", added=[moved])
    records["2026-11-29"] = DayRecord("2026-11-29", removed=["wb-weekly-review"])
    saturday = pendulum.date(2026, 11, 28)
    assert block_to_tick(plan.templates, records.get, "2026-W48", saturday) == (
        "2026-11-28",
        "sat-weekly-review",
    )
    assert block_to_tick(plan.templates, records.get, "2026-W48", monday) is None
    record = DayRecord("2026-11-28")
    tick("sat-weekly-review")(record)
    assert record.states == {"sat-weekly-review": "done"}


def test_a_plan_item_card_is_made_once_whatever_the_repeats():
    from cadence.domain.deliverables import DraftBoard

    board = DraftBoard({})
    for _ in range(3):
        plan_card("2026-W48", "Finish the PRD", "t")(board)
    (card,) = board.cards.values()
    assert (card.title, card.type, card.column) == ("Finish the PRD", "other", "week")
    assert card.source == plan_source("2026-W48", "Finish the PRD")
    plan_card("2026-W48", "Run the eval", "t")(board)
    assert [c.order for c in board.cards.values()] == [1.0, 2.0]

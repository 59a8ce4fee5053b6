"""The Kanban's and the weekly review's daily acts for bench/keys.py."""

from __future__ import annotations

from bench.keys import Keys, act

TUESDAY_2045 = "2026-12-01T20:45"
SUNDAY_2100 = "2026-11-29T21:00"  # the plan's review evening (Sunday 20:30-21:15)


@act("card", 1, now=TUESDAY_2045)
async def move_card_on(keys: Keys) -> None:
    """Move the selected card on a column: the board opens with a card selected, so one key."""
    app = keys.app
    app.switch_mode("kanban")  # "from the Kanban as it opens": getting there is not the act
    await keys.settle()
    screen = app.screen
    card = screen.current_card()
    assert card is not None, "no card selected when the board opens"
    await keys.press("shift+right")
    await keys.settle()
    stored = next((c for c in app.repo.cards() if c.id == card.id), None)
    assert stored is not None and stored.column == "week", "the card did not move on, on disk"


@act("weekly-review", 10, now=SUNDAY_2100)
async def weekly_review(keys: Keys) -> None:
    """From Today: Insights, the review, two learnings, two plan items, finish."""
    await keys.press("5", "w")
    await keys.type("Retrieval quality is RAG quality")
    await keys.press("enter")
    await keys.type("Evals before vibes")
    await keys.press("enter")
    await keys.type("Finish the PRD")
    await keys.press("enter")
    await keys.type("Run the recall eval")
    await keys.press("enter")
    await keys.press("ctrl+s")
    await keys.settle()
    repo = keys.app.repo
    review = repo.weekly_review("2026-W48")
    assert review is not None and review.finished, "the week is not finished on disk"
    assert review.learnings == ["Retrieval quality is RAG quality", "Evals before vibes"]
    assert review.next_week == ["Finish the PRD", "Run the recall eval"], review.next_week
    day = repo.day("2026-11-29")
    assert day.states.get("wb-weekly-review") == "done", "the review block is not ticked"

"""Today's daily acts for bench/keys.py."""

from __future__ import annotations

from bench.keys import Keys, act

TUESDAY_2045 = "2026-12-01T20:45"  # inside the 20:30-22:30 study block


@act("check-off", 1, now=TUESDAY_2045)
async def check_off(keys: Keys) -> None:
    """Tick the current block: it is selected when Today opens, so one key."""
    screen = keys.app.screen
    chosen = screen._selected()
    assert chosen is not None, "no block selected"
    await keys.press("space")
    await keys.settle()
    record = keys.app.repo.day(chosen.date.isoformat())
    assert record.states.get(chosen.block.id) == "done", "the block is not done on disk"


@act("focus", 2, now=TUESDAY_2045)
async def focus(keys: Keys) -> None:
    """Start focus on the study block under way: `f` picks it (nothing to select first)."""
    app = keys.app
    await keys.press("f")
    await keys.settle()
    state = app.services.focus.state
    assert state.status == "running", f"the timer is {state.status}"
    assert state.link == "block:wd-study", f"focusing on {state.link!r}, not the study block"


WEDNESDAY_2245 = "2026-12-02T22:45"  # the evening's post is due; the workout was ticked


def _ticked_day(runtime) -> None:  # type: ignore[no-untyped-def]
    """The day as Today left it: the workout and the post ticked (one key each, counted in
    check-off), and yesterday's post made on Xiaohongshu."""
    repo = runtime.repo
    repo.update_day(
        "2026-12-02", lambda r: r.states.update({"se-workout": "done", "se-wind-down": "done"})
    )

    def posted(review) -> None:  # type: ignore[no-untyped-def]
        review.posted, review.post_where, review.finished = True, "Xiaohongshu", True

    repo.update_review("2026-12-01", posted)


@act("review", 10, now=WEDNESDAY_2245, prepare=_ticked_day)
async def review(keys: Keys) -> None:
    """The evening check-in: two things learned, bed and energy, two items for tomorrow.
    The workout minutes and "posted, on Xiaohongshu" come from the day: no key."""
    app = keys.app
    await keys.press("r")
    await keys.type("Bigram models count pairs")
    await keys.press("enter")
    await keys.type("Softmax turns logits into probabilities")
    await keys.press("enter")  # on to the first open question: bed (the rest is known)
    await keys.press("y")  # in bed by 23:00 last night
    await keys.press("2")  # energy: steady
    await keys.type("Lecture 3: makemore")
    await keys.press("enter")
    await keys.type("Draft the PRD")
    await keys.press("ctrl+s")
    await keys.settle()
    saved = app.repo.daily_review("2026-12-02")
    assert saved is not None and saved.finished, "the check-in is not saved"
    assert saved.learned == ["Bigram models count pairs", "Softmax turns logits into probabilities"]
    assert (saved.posted, saved.post_where, saved.workout_min) == (True, "Xiaohongshu", 45)
    assert (saved.bed_before_23, saved.energy) == (True, 2), "bed / energy not as answered"
    assert saved.top3 == ["Lecture 3: makemore", "Draft the PRD"]
    states = app.repo.day("2026-12-02").states
    assert states.get("se-workout") == states.get("se-wind-down") == "done"

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

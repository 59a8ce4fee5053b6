"""The open app meets damage: it stays up, says what was kept aside and what was restored from
where, and loses nothing written before the damage, today's changes included."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence.screens.kanban.screen import KanbanScreen
from tests.helpers import screen_text

DAMAGE = {
    "zero bytes": b"",
    "wrong shape": b'{"cards": {"1": {}}}',
    "wrong types": b'{"cards": {"1": {"title": 123, "column": "nowhere"}}}',
}


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
async def test_the_board_damaged_while_open(make_runtime, make_app, tmp_path: Path, damage: str):
    data = tmp_path / "data"
    make_runtime(now="2026-10-01T09:00", data=data, interactive=False).close()  # plan month 2
    app = make_app(now="2026-12-01T20:45", data=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)
        # Today's change, made after today's backup was taken.
        card = app.repo.cards()[0]
        app.persist(lambda: app.repo.update_card(card.id, lambda c: setattr(c, "column", "doing")))
        await settle(pilot)
        before = {c.id: c.column for c in app.repo.cards()}
        assert len(before) >= 5 and before[card.id] == "doing"

        (data / "board.json").write_bytes(DAMAGE[damage])
        await pilot.pause(0.6)  # the app's own poll finds it (every 0.2 s in tests)
        await settle(pilot)
        assert isinstance(app.screen, KanbanScreen)  # still up, on the board
        messages = " ".join(n.message for n in app._notifications)
        (moved,) = data.glob("board.json.corrupt-*")
        assert moved.read_bytes() == DAMAGE[damage]
        assert str(moved) in messages and str(data / "board.json.prev") in messages
        assert {c.id: c.column for c in app.repo.cards()} == before
        assert card.title.split()[0] in screen_text(app)
    # Reopened from disk: nothing lost.
    again = make_runtime(now="2026-12-01T21:00", data=data, interactive=False)
    assert {c.id: c.column for c in again.repo.cards()} == before

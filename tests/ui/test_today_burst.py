"""Bursts of check-offs are never lost (issue 10): in Pilot, as fast as it presses with the
writer made slow, and in a real process on a pseudo-terminal, killed and reopened."""

from __future__ import annotations

import random
import sys
import time

import pytest

from bench.burst import on_disk, plan_burst, run_burst
from cadence.data.plan import shipped_plan
from cadence.domain.schedule import blocks_for
from cadence.screens.today.screen import TodayScreen
from tests.helpers import screen_text, settle

TZ = "Asia/Shanghai"


def toggles(seed: int, presses: int, ids: list[str]) -> tuple[list[str], dict[str, str]]:
    """A burst of ``presses`` space / s presses with moves between them (some blocks
    pressed more than once), and the states it must leave (by the list's rules)."""
    rng = random.Random(seed)
    keys: list[str] = []
    states: dict[str, str] = {}
    cursor = 0
    changed = 0
    while changed < presses:
        move = rng.choice(["down", "down", "up", "stay"])
        if move == "down" and cursor < len(ids) - 1:
            keys.append("down")
            cursor += 1
        elif move == "up" and cursor > 0:
            keys.append("up")
            cursor -= 1
        key = rng.choice(["space", "space", "space", "s"])
        keys.append(key)
        wanted = "done" if key == "space" else "skipped"
        current = states.get(ids[cursor], "todo")
        states[ids[cursor]] = "todo" if current == wanted else wanted
        changed += 1
    return keys, {k: v for k, v in states.items() if v != "todo"}


@pytest.mark.parametrize("seed", [1, 2])
async def test_fifty_toggles_in_a_burst_are_all_on_disk_after_a_restart(make_app, tmp_path, seed):
    app = make_app(now="2026-12-01T07:00")  # Tuesday; the burst is on Thursday
    plan = shipped_plan("en")
    day = "2026-12-03"
    ids = [b.block.id for b in blocks_for(plan.templates, None, app.clock.now().date().add(days=2),
                                          TZ)]  # fmt: skip
    keys, expected = toggles(seed, 50, ids)
    writes = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        update_day = app.repo.update_day

        def slow_update_day(iso, fn):  # the writer falls behind the keys
            time.sleep(0.004)
            writes.append(iso)
            return update_day(iso, fn)

        app.repo.update_day = slow_update_day
        await pilot.press("right_square_bracket", "right_square_bracket", "home")
        await pilot.press(*keys)
        # What the screen shows is what the keys asked for, before the writer is done.
        shown = {b.block.id: b.state for b in app.screen.blocks if b.state != "todo"}
        assert shown == expected
        await settle(pilot)
        assert {b.block.id: b.state for b in app.screen.blocks if b.state != "todo"} == expected
    assert len(writes) == 50 and set(writes) == {day}  # one write per key, none doubled
    app.runtime.close()
    again = make_app(now="2026-12-01T07:05", data=tmp_path / "data")
    stored = again.repo.day(day).states
    assert {k: v for k, v in stored.items() if v != "todo"} == expected
    assert set(stored) <= set(ids)


async def test_a_key_while_the_writer_is_behind_acts_on_what_is_shown(make_app):
    """A refresh from an earlier write landing must not show a later key's block as it was."""
    app = make_app(now="2026-12-01T07:00")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        update_day = app.repo.update_day

        def slow_update_day(iso, fn):
            time.sleep(0.6)
            return update_day(iso, fn)

        app.repo.update_day = slow_update_day
        await pilot.press("right_square_bracket", "home", "space", "down", "space")
        await pilot.pause(0.6)  # the first write landed and refreshed; the second has not
        await pilot.press("space")  # the second block again: back to to do
        await settle(pilot)
        states = {b.block.id: b.state for b in app.screen.blocks if b.state != "todo"}
        assert states == {"se-morning": "done"}
        stored = app.repo.day("2026-12-02").states
        assert {k: v for k, v in stored.items() if v != "todo"} == {"se-morning": "done"}


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
async def test_a_burst_in_a_real_process_survives_a_kill(make_app, tmp_path):
    folder = tmp_path / "data"
    result = run_burst(folder, 60, timeout=40)
    assert result.wrong == []
    assert result.landed == result.wanted == 60
    ticks = plan_burst(60).ticks
    assert {k for k, s in on_disk(folder).items() if s == "done"} == set(ticks)
    # Reopened after the kill: the UI shows them (the stale lock is taken over).
    app = make_app(now="2026-12-01T07:10", data=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        wednesday = {b for d, b in ticks if d == "2026-12-02"}
        assert {b.block.id for b in screen.blocks if b.state == "done"} == wednesday
        assert "✓ 08:00-09:00" in screen_text(app)

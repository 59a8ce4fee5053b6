"""Key press to repaint for a card move on a 500-card board, against a bare app's key press.

Method (one process, no terminal), as in ``today_latency.py``: both apps run
headless side by side under Textual's ``run_test`` in one event loop. For each
press the time runs from just before ``Pilot.press`` posts the key to the moment
the app hands its next compositor update to ``App._display`` (where a real
terminal would be written to; headless, the bytes are dropped, so terminal speed
is left out of both). Between presses each app is let settle, its writes
included (a person does not press faster than the store writes). The presses are
interleaved (bare, cadence, cadence, bare, …):

- Cadence: ``shift+right`` then ``shift+left`` move the top card of Backlog to
  This week and back, on a board of 500 generated cards (every type, due dates,
  tags, checklists, capstone measures; about a quarter in each column). Each
  move redraws two columns and saves the card off the UI thread.
- The bare app: the same keys move a line between two 3-line OptionLists.

    python bench/kanban_latency.py [--runs 40] [--cards 500]

Target: Cadence's median within 16 ms (one frame at 60 Hz) of the bare app's.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.containers import Horizontal  # noqa: E402
from textual.widgets import Footer, Header, OptionList  # noqa: E402

from bench._latency import PaintTimer, report  # noqa: E402

TARGET_MS = 16.0
NOW = "2026-12-01T20:45"
TZ = "Asia/Shanghai"
KEYS = ("shift+right", "shift+left")


class Bare(App[None]):
    """A bare Textual app: two short lists; shift+arrows move the top line across."""

    BINDINGS = [
        Binding("shift+right", "move(1)", "Right"),
        Binding("shift+left", "move(-1)", "Left"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lists = [["alpha", "beta", "gamma"], ["delta", "epsilon", "zeta"]]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="left")
            yield OptionList(id="right")
        yield Footer()

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        for items, name in zip(self.lists, ("#left", "#right"), strict=True):
            self.query_one(name, OptionList).set_options(items)

    def action_move(self, step: int) -> None:
        source, target = (0, 1) if step > 0 else (1, 0)
        self.lists[target].insert(0, self.lists[source].pop(0))
        self._draw()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the app finish what the last key started: the write after the paint, its landing."""
    for _ in range(2):
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def make_board(folder: Path, count: int, seed: int = 7) -> None:
    """A data folder whose board holds ``count`` generated cards."""
    from cadence.clock import FakeClock
    from cadence.data.models import CARD_TYPES, COLUMNS, ChecklistItem, Deliverable, Measure
    from cadence.runtime import open_runtime

    rng = random.Random(seed)
    clock = FakeClock(NOW, tz=TZ)
    runtime = open_runtime(folder, language="en", interactive=False, clock=clock)
    today = clock.now().date()
    cards = []
    for i in range(count):
        kind = CARD_TYPES[i % len(CARD_TYPES)]
        due = today.add(days=rng.randint(-20, 60)).isoformat() if rng.random() < 0.8 else None
        cards.append(
            Deliverable(
                title=f"Card {i}: {kind.replace('_', ' ')} on RAG evaluation, week {i % 52}",
                type=kind,
                column=COLUMNS[i % len(COLUMNS)],
                order=float(i),
                due=due,
                month=rng.randint(0, 12),
                description="## Notes\n\n- a point\n- another point",
                checklist=[ChecklistItem(f"step {n}", done=rng.random() < 0.5) for n in range(4)],
                tags=rng.sample(["rag", "agent", "kpi", "prd", "eval", "llmops"], 2),
                measures=[Measure("Hours saved", "hours", 40.0, 12.0)]
                if kind == "capstone"
                else [],
                source=f"bench:{i}",
                created=clock.now().isoformat(),
            )
        )
    runtime.repo.write_board(cards)
    runtime.close()


async def measure(folder: Path, runs: int) -> dict[str, dict[str, list[float]]]:
    from cadence.app import CadenceApp
    from cadence.clock import FakeClock
    from cadence.notify import FakeNotifier
    from cadence.runtime import open_runtime
    from cadence.screens.kanban.screen import KanbanScreen

    runtime = open_runtime(folder, language="en", interactive=True, clock=FakeClock(NOW, tz=TZ))
    cadence = CadenceApp(runtime, notifier=FakeNotifier())
    bare = Bare()
    results: dict[str, dict[str, list[float]]] = {
        name: {key: [] for key in KEYS} for name in ("bare", "cadence")
    }
    try:
        async with (
            bare.run_test(size=(100, 30)) as bare_pilot,
            cadence.run_test(size=(100, 30)) as cadence_pilot,
        ):
            await cadence.workers.wait_for_complete()
            await cadence_pilot.press("4")
            await cadence_pilot.pause()
            board = cadence.screen
            assert isinstance(board, KanbanScreen), board
            print(f"board: {len(board.cards)} cards")
            cadence.clear_notifications()
            timers = {
                "bare": PaintTimer(bare, settle),
                "cadence": PaintTimer(cadence, settle),
            }
            pilots = {"bare": bare_pilot, "cadence": cadence_pilot}
            for name in ("bare", "cadence"):  # warm-up: caches, first writes
                for _ in range(3):
                    for key in KEYS:
                        await timers[name].press(pilots[name], key)
            for i in range(runs):
                order = ("bare", "cadence") if i % 2 == 0 else ("cadence", "bare")
                for key in KEYS:
                    for name in order:
                        results[name][key].append(await timers[name].press(pilots[name], key))
            await cadence.workers.wait_for_complete()
    finally:
        runtime.close()
    return results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="presses of each key per app")
    parser.add_argument("--cards", type=int, default=500, help="cards on the board")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.runs < 1 or args.cards < 2:
        print("kanban_latency: --runs must be at least 1 and --cards at least 2", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="cadence-kanban-"))
    try:
        started = time.perf_counter()
        make_board(work / "data", args.cards)
        print(f"generated {args.cards} cards in {time.perf_counter() - started:.1f} s")
        results = asyncio.run(measure(work / "data", args.runs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    difference = report(
        results, KEYS, names={}, summary="card move", target_ms=TARGET_MS, runs=args.runs
    )
    return 1 if args.check and difference > TARGET_MS else 0


if __name__ == "__main__":
    raise SystemExit(main())

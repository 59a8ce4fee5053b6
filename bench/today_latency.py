"""Key press to repaint on Today, with a year of history, against the same press in a bare app.

Method (one process, no terminal): both apps run headless side by side under
Textual's ``run_test`` in one event loop. For each press the time runs from just
before ``Pilot.press`` posts the key to the moment the app hands its next
compositor update to ``App._display`` — the point where a real terminal would be
written to (headless, the bytes are dropped, so terminal speed is left out of
both). The same keys are pressed in both apps, interleaved (bare, cadence,
cadence, bare, …):

- ``]`` / ``[``: the next / previous day. Cadence re-reads that day from a folder
  holding a year of generated history (``write_demo``): blocks, states, the
  week's focus sessions, sixty days of reviews, the top three, and rebuilds the
  list and the side panels. The bare app rebuilds a 12-row OptionList.
- ``j``: the cursor moves one row (both apps: an OptionList).

    python bench/today_latency.py [--runs 40] [--months 12]

Target: Cadence's median within 16 ms (one frame at 60 Hz) of the bare app's.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.widgets import Footer, Header, OptionList, Static  # noqa: E402

from bench._latency import PaintTimer, report  # noqa: E402

TARGET_MS = 16.0
NOW = "2027-06-15T20:45"  # a Tuesday evening, a year into the plan
KEYS = ("right_square_bracket", "j", "left_square_bracket", "j")


class Bare(App[None]):
    """A bare Textual app: a header, a line, a 12-row list rebuilt by [ and ], a footer."""

    BINDINGS = [
        Binding("left_square_bracket", "shift(-1)", "Prev"),
        Binding("right_square_bracket", "shift(1)", "Next"),
        Binding("j", "down", "Down"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="head")
        yield OptionList(id="rows")
        yield Footer()

    def on_mount(self) -> None:
        self.action_shift(0)
        self.query_one(OptionList).focus()

    def action_shift(self, delta: int) -> None:
        self.day += delta
        self.query_one("#head", Static).update(f"Day {self.day}")
        rows = self.query_one(OptionList)
        rows.clear_options()
        rows.add_options(
            [f"{h:02d}:00-{h + 1:02d}:00  block {h} of day {self.day}" for h in range(8, 20)]
        )
        rows.highlighted = 0

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40, help="presses of each key per app")
    parser.add_argument("--months", type=int, default=12, help="months of demo history")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    return parser.parse_args(argv)


async def measure(folder: Path, runs: int) -> dict[str, dict[str, list[float]]]:
    from cadence.app import CadenceApp
    from cadence.clock import FakeClock
    from cadence.notify import FakeNotifier
    from cadence.runtime import open_runtime

    runtime = open_runtime(
        folder, language="en", interactive=True, clock=FakeClock(NOW, tz="Asia/Shanghai")
    )
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
            timers = {"bare": PaintTimer(bare), "cadence": PaintTimer(cadence)}
            pilots = {"bare": bare_pilot, "cadence": cadence_pilot}
            await cadence_pilot.pause()
            cadence.clear_notifications()
            # Warm-up: the first presses load files and build caches.
            for name in ("bare", "cadence"):
                for key in KEYS:
                    await timers[name].press(pilots[name], key)
            for i in range(runs):
                order = ("bare", "cadence") if i % 2 == 0 else ("cadence", "bare")
                for key in KEYS:
                    for name in order:
                        results[name][key].append(await timers[name].press(pilots[name], key))
    finally:
        runtime.close()
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from cadence.clock import FakeClock
    from cadence.shell.demo import write_demo

    work = Path(tempfile.mkdtemp(prefix="cadence-latency-"))
    try:
        started = time.perf_counter()
        write_demo(work / "data", months=args.months, clock=FakeClock(NOW, tz="Asia/Shanghai"))
        print(
            f"generated {args.months} months of demo data in {time.perf_counter() - started:.1f} s"
        )
        results = asyncio.run(measure(work / "data", args.runs))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    names = {"right_square_bracket": "key ]", "left_square_bracket": "key [", "j": "key j"}
    difference = report(
        results, KEYS, names=names, summary="all keys", target_ms=TARGET_MS, runs=args.runs
    )
    return 1 if args.check and difference > TARGET_MS else 0


if __name__ == "__main__":
    raise SystemExit(main())

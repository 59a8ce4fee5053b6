"""Screen switch bench: a mode key (1–5) to the new screen painted, first and later visits.

    python bench/switch.py [--rounds 7] [--later 3] [--pace 0.5] [--source] [-v]

Method. Each round is a fresh process (so a first visit pays for importing its
screen, as a user's does) running Cadence as installed (``bench/_common.py:
installed_copy``; ``--source`` runs this tree instead) on a copy of one year of
demo data (``cadence demo-data --months 12``), headless under ``run_test`` at
120×40. In the same process, first, a bare Textual app switches between two
trivial modes (a header, a line, a footer each): the baseline. ``PaintTimer``
(bench/_latency.py) stamps the first compositor update of a screen other than the
one the key leaves, so a figure runs from the key press to the moment the new
screen's frame is handed to the terminal (writing it is left out of both apps).
Between keys each app is let settle (its workers done, then ``--pace`` seconds, as
a person's pace; idle-time work counts as done). A round visits Roadmap, Focus,
Kanban and Insights once each in a rotating order (first visits), returns to
Today (its "first" figure: Today itself is the start-up screen), then makes
``--later`` passes over all five in rotating orders (later visits). Targets
(issue 14): median first visit ≤ 150 ms, median later visit ≤ 50 ms, no switch over
300 ms. It measures and flags; it asserts nothing.

Findings
--------
Before (installed copy, 2 rounds): first visits Roadmap 127, Focus 81, Kanban 126,
Insights 253 ms (max 302); later visits 8–22 ms. A first visit paid for importing the
screen, two full re-parses of every CSS source (``App._load_screen_css`` and
``refresh_css``: a new mode's screen is never "CSS current"), compose and mount, and two
data refreshes: Textual sends a new mode's screen two ``ScreenResume`` events and the
base screen let one pass; screens also refreshed twice on mount (``super().on_mount()``
on top of Textual calling the base handler).

Now the app builds Roadmap, Kanban, Focus and Insights ahead, one per idle moment after
the first paint (``CadenceApp._build_ahead``: import, read its CSS into the stylesheet,
compose and mount it hidden at the app's size); a mode's first show takes the built
screen, which refreshes once, as a later visit does. Each switch refreshes its screen
exactly once. Measured after (7 rounds): first visits Roadmap 32, Focus 16, Kanban 59,
Insights 133 ms (max 191); later visits 8–10 ms median; none over 300 ms; no screen
flagged. Insights' first show still lays out and renders its charts for the first
time (its ``compute`` reads all the year's sessions, ~50 ms); a key pressed while a
screen is being built waits for that build (≤ ~100 ms, Insights the dearest).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Appended, not inserted: under the installed copy's Python, its site-packages (and
# so its `cadence`) come first; only `bench` is taken from this tree.
sys.path.append(str(REPO_ROOT))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from typing import Any  # noqa: E402

FIRST_MS = 150.0  # median first visit
LATER_MS = 50.0  # median later visit
MAX_MS = 300.0  # any switch
KEYS = {"1": "today", "2": "roadmap", "3": "focus", "4": "kanban", "5": "insights"}
NAMES = {"today": "Today", "roadmap": "Roadmap", "focus": "Focus", "kanban": "Kanban"}
NAMES["insights"] = "Insights"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="fresh processes (default 7)")
    parser.add_argument(
        "--later", type=int, default=3, help="passes over the five screens per round (default 3)"
    )
    parser.add_argument(
        "--pace", type=float, default=0.5, help="seconds between keys once settled (default 0.5)"
    )
    parser.add_argument("--size", default="120x40", help="terminal COLUMNSxROWS (default 120x40)")
    parser.add_argument("--months", type=int, default=12, help="months of demo data (default 12)")
    parser.add_argument(
        "--source",
        action="store_true",
        help="run this tree's code with this interpreter instead of the installed copy",
    )
    parser.add_argument("--rebuild", action="store_true", help="reinstall the scratch venv")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every switch")
    parser.add_argument("--child", metavar="DATA", help=argparse.SUPPRESS)
    parser.add_argument("--round", type=int, default=0, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _size(text: str) -> tuple[int, int]:
    columns, _, rows = text.lower().partition("x")
    return int(columns), int(rows)


# ---------------------------------------------------------------- one round (child process)


def _bare_app() -> Any:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.screen import Screen
    from textual.widgets import Footer, Header, Static

    class Trivial(Screen[None]):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(self.text)
            yield Footer()

    class Bare(App[None]):
        MODES = {"a": lambda: Trivial("Screen A"), "b": lambda: Trivial("Screen B")}
        DEFAULT_MODE = "a"
        BINDINGS = [
            Binding("1", "switch_mode('a')", "A"),
            Binding("2", "switch_mode('b')", "B"),
        ]

    return Bare()


async def _settle(pilot: Any, pace: float) -> None:
    await pilot.pause()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(pilot.app.workers.wait_for_complete(), timeout=10)
    await asyncio.sleep(pace)
    await pilot.pause()


def _later_keys(passes: int, start: str) -> list[str]:
    """``passes`` passes over all five keys, each pass in another rotation, no key twice
    in a row (a key for the screen showing would switch nothing)."""
    order = list(KEYS)
    keys: list[str] = []
    current = start
    for p in range(passes):
        turn = (2 * p + 1) % len(order)
        rotation = order[turn:] + order[:turn]
        if rotation[0] == current:
            rotation = rotation[1:] + rotation[:1]
        keys += rotation
        current = rotation[-1]
    return keys


async def _round(args: argparse.Namespace) -> dict[str, Any]:
    from bench._latency import PaintTimer

    columns, rows = _size(args.size)
    pace = args.pace
    out: dict[str, Any] = {"bare": {"first": [], "later": []}, "first": {}, "later": {}}
    for mode in KEYS.values():
        out["later"][mode] = []

    bare = _bare_app()
    async with bare.run_test(size=(columns, rows)) as pilot:
        timer = PaintTimer(bare, settle=lambda p: _settle(p, pace), render=True)
        first = await timer.press(pilot, "2", new_screen=True)
        out["bare"]["first"].append([first, timer.settled_ms])
        for i in range(2 * args.later):
            later = await timer.press(pilot, "1" if i % 2 == 0 else "2", new_screen=True)
            out["bare"]["later"].append([later, timer.settled_ms])

    import cadence
    from cadence.app import CadenceApp
    from cadence.notify import FakeNotifier
    from cadence.runtime import open_runtime

    out["cadence_file"] = cadence.__file__
    runtime = open_runtime(Path(args.child), language="en", interactive=True)
    app = CadenceApp(runtime, notifier=FakeNotifier())
    try:
        async with app.run_test(size=(columns, rows)) as pilot:
            timer = PaintTimer(app, settle=lambda p: _settle(p, pace), render=True)

            async def visit(key: str) -> list[float]:
                ms = await timer.press(pilot, key, new_screen=True, timeout=60)
                if app.current_mode != KEYS[key]:
                    raise RuntimeError(f"key {key} showed {app.current_mode!r}, not {KEYS[key]!r}")
                if args.verbose:
                    print(
                        f"    round {args.round} key {key} {KEYS[key]:<9} painted {ms:7.1f} ms, "
                        f"settled {timer.settled_ms:7.1f} ms"
                    )
                return [ms, timer.settled_ms]

            others = ["2", "3", "4", "5"]
            turn = args.round % len(others)
            for key in [*others[turn:], *others[:turn], "1"]:
                out["first"][KEYS[key]] = await visit(key)
            for key in _later_keys(args.later, "1"):
                out["later"][KEYS[key]].append(await visit(key))
    finally:
        runtime.close()
    return out


def child(args: argparse.Namespace) -> int:
    result = asyncio.run(_round(args))
    print("RESULT " + json.dumps(result))
    return 0


# ---------------------------------------------------------------- the bench (parent)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return child(args)
    if args.rounds < 1 or args.later < 1 or args.months < 1:
        print("switch: --rounds, --later and --months must be at least 1", file=sys.stderr)
        return 2
    from bench._common import child_env, installed_copy, venv_bin

    work = Path(tempfile.mkdtemp(prefix="cadence-switch-"))
    try:
        if args.source:
            python = Path(sys.executable)
            cadence = [str(python), "-m", "cadence"]
            env = child_env({"PYTHONPYCACHEPREFIX": str(work / "pycache")})
        else:
            venv = installed_copy(rebuild=args.rebuild)
            python = venv_bin(venv, "python")
            cadence = [str(venv_bin(venv, "cadence"))]
            env = child_env(repo_on_path=False)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        data = work / "data"
        subprocess.run(
            [*cadence, "--lang", "en", "demo-data", str(data), "--months", str(args.months)],
            env=env,
            cwd=work,
            check=True,
            capture_output=True,
        )
        rounds: list[dict[str, Any]] = []
        for r in range(args.rounds):
            folder = work / f"round-{r}"
            shutil.copytree(data, folder)
            argv_child = [
                str(python),
                str(Path(__file__).resolve()),
                "--child",
                str(folder),
                "--round",
                str(r),
                "--later",
                str(args.later),
                "--pace",
                str(args.pace),
                "--size",
                args.size,
            ] + (["-v"] if args.verbose else [])
            done = subprocess.run(argv_child, env=env, cwd=work, capture_output=True, text=True)
            if args.verbose and done.stdout:
                print("\n".join(x for x in done.stdout.splitlines() if not x.startswith("RESULT")))
            lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
            if done.returncode != 0 or not lines:
                print(f"switch: round {r} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
                return 1
            rounds.append(json.loads(lines[-1][len("RESULT ") :]))
            shutil.rmtree(folder, ignore_errors=True)
        report(rounds, args)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _stats(pairs: list[list[float]]) -> tuple[float, float, float]:
    """Median first paint, worst first paint, and median settled time of some switches."""
    return (
        statistics.median(p[0] for p in pairs),
        max(p[0] for p in pairs),
        statistics.median(p[1] for p in pairs),
    )


def report(rounds: list[dict[str, Any]], args: argparse.Namespace) -> None:
    where = "this tree" if args.source else "the installed copy"
    print(
        f"{args.rounds} rounds (a fresh process each) on {args.months} months of demo data, "
        f"{args.size}, {args.pace:.1f} s between keys; cadence from {where}: "
        f"{rounds[0]['cadence_file']}"
    )
    print(
        "  ms from the mode key to the new screen's first paint: median (max); "
        "'settled': median to its last paint before the app went idle"
    )
    b_first = _stats([x for r in rounds for x in r["bare"]["first"]])
    b_later = _stats([x for r in rounds for x in r["bare"]["later"]])
    b_tail = b_later[2] - b_later[0]
    print(
        f"  {'bare':<9} first visit {b_first[0]:5.0f} ({b_first[1]:4.0f}) settled {b_first[2]:4.0f}"
        f" · later {b_later[0]:4.0f} ({b_later[1]:4.0f}) settled {b_later[2]:4.0f}"
        " — Textual switching between two trivial screens"
    )
    flagged = 0
    for mode in ("roadmap", "focus", "kanban", "insights", "today"):
        first = _stats([r["first"][mode] for r in rounds])
        later = _stats([x for r in rounds for x in r["later"][mode]])
        flags = []
        if first[0] > FIRST_MS:
            flags.append(f"first > {FIRST_MS:.0f}")
        if later[0] > LATER_MS:
            flags.append(f"later > {LATER_MS:.0f}")
        if max(first[1], later[1]) > MAX_MS:
            flags.append(f"max > {MAX_MS:.0f}")
        tail = later[2] - later[0] - b_tail
        if tail > LATER_MS:
            flags.append(f"settles {tail:.0f} later than bare")
        flagged += bool(flags)
        label = "first back " if mode == "today" else "first visit"
        print(
            f"  {NAMES[mode]:<9} {label} {first[0]:5.0f} ({first[1]:4.0f}) settled {first[2]:4.0f}"
            f" · later {later[0]:4.0f} ({later[1]:4.0f}) settled {later[2]:4.0f} · "
            + ("OVER: " + ", ".join(flags) if flags else "ok")
        )
    print(
        f"  targets: median first visit ≤ {FIRST_MS:.0f} ms, median later visit ≤ {LATER_MS:.0f}"
        f" ms, none over {MAX_MS:.0f} ms (first paints); a screen that paints first and fills in"
        f" later is flagged when it settles over {LATER_MS:.0f} ms later than the bare app does"
        f" — {flagged} of 5 screens flagged"
    )


if __name__ == "__main__":
    raise SystemExit(main())

"""Startup bench: process start to the first painted Today screen, against a bare Textual app.

Both apps run as child processes on a 100×30 pseudo-terminal with
``CADENCE_BENCH_PAINTED=1``, which makes each exit right after its first screen
has painted. Cadence opens a folder holding a year of generated history
(``write_demo``). The runs are interleaved (bare, cadence, cadence, bare, …)
after one untimed warm-up of each, and the medians compared:

    python bench/startup.py [--runs 15] [--months 12]

Target: Cadence's median at most 1.25× the bare app's.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench._common import PtyRun, child_env, median_ms, run_in_pty, spread  # noqa: E402

TARGET_RATIO = 1.25
ENV_PAINTED = "CADENCE_BENCH_PAINTED"

BARE_APP = '''\
"""A bare Textual app: header, one line of text, footer."""

import os

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Hello from a bare Textual app.")
        yield Footer()

    def on_mount(self) -> None:
        if os.environ.get("CADENCE_BENCH_PAINTED") == "1":
            self.call_after_refresh(self.exit)


if __name__ == "__main__":
    Bare().run()
'''


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each app (default 15)")
    parser.add_argument(
        "--months", type=int, default=12, help="months of demo history to open (default 12)"
    )
    parser.add_argument("--lang", choices=["en", "zh"], default="en", help="demo data language")
    parser.add_argument(
        "--timeout", type=float, default=20.0, help="seconds before a run is given up (default 20)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="print every run")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when the ratio misses the target"
    )
    return parser.parse_args(argv)


def make_data(folder: Path, months: int, language: str) -> float:
    """Write the demo history Cadence opens; returns the seconds it took."""
    from cadence.clock import clock_from_env
    from cadence.shell.demo import write_demo

    started = time.perf_counter()
    write_demo(folder, months=months, clock=clock_from_env(), language=language)
    return time.perf_counter() - started


def _failed(name: str, run: PtyRun, timeout: float) -> str:
    if run.timed_out:
        why = f"did not exit within {timeout:.0f} s"
        if name == "cadence":
            why += f" (does CadenceApp exit after its first paint when {ENV_PAINTED}=1?)"
    else:
        why = f"exited with status {run.returncode}"
    tail = run.text_tail()
    return f"{name} {why}" + (f"; its last output:\n{tail}" if tail else "")


def main(argv: list[str] | None = None) -> int:
    """Run the bench and print the medians and their ratio. 0 when every run finished."""
    args = parse_args(argv)
    if args.runs < 1 or args.months < 1:
        print("startup: --runs and --months must be at least 1", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="cadence-bench-"))
    try:
        bare_script = work / "bare_app.py"
        bare_script.write_text(BARE_APP, encoding="utf-8")
        data = work / "data"
        took = make_data(data, args.months, args.lang)
        print(f"generated {args.months} months of demo data in {took:.1f} s")
        # Both run as installed code would: with cached byte code (some machines set
        # PYTHONDONTWRITEBYTECODE, which would recompile Cadence on every run).
        env = child_env({ENV_PAINTED: "1", "PYTHONPYCACHEPREFIX": str(work / "pycache")})
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "bare": [sys.executable, str(bare_script)],
            "cadence": [sys.executable, "-m", "cadence", "--data", str(data)],
        }
        results: dict[str, list[PtyRun]] = {name: [] for name in commands}

        def once(name: str) -> PtyRun | None:
            run = run_in_pty(commands[name], env=env, timeout=args.timeout, cwd=REPO_ROOT)
            if run.timed_out or run.returncode != 0:
                print(_failed(name, run, args.timeout), file=sys.stderr)
                return None
            return run

        # Warm-up (untimed): byte-compiles, seeds nothing new, fills the OS caches.
        for name in commands:
            if once(name) is None:
                return 1
        for i in range(args.runs):
            order = ["bare", "cadence"] if i % 2 == 0 else ["cadence", "bare"]
            for name in order:
                run = once(name)
                if run is None:
                    return 1
                results[name].append(run)
                if args.verbose:
                    print(f"  run {i + 1:>2} {name:<8} {run.ms:7.0f} ms")
        bare = median_ms(results["bare"])
        cadence = median_ms(results["cadence"])
        ratio = cadence / bare
        verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
        print(
            f"bare textual: {bare:.0f} ms median · cadence ({_years(args.months)} of data): "
            f"{cadence:.0f} ms median · ratio {ratio:.2f}× (target ≤ {TARGET_RATIO:.2f}×) {verdict}"
        )
        print(
            f"  {args.runs} runs each; bare {spread(results['bare'])}, "
            f"cadence {spread(results['cadence'])}"
        )
        return 1 if args.check and ratio > TARGET_RATIO else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _years(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year" + ("s" if years > 1 else "")
    return f"{months} months"


if __name__ == "__main__":
    raise SystemExit(main())

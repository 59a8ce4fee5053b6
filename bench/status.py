"""Status bench: ``cadence status`` against ``python -c "import tinydb, pendulum"``.

``cadence status`` runs on every shell prompt or tmux status refresh, so it must
cost about what merely importing Cadence's two data libraries costs. Both run as
child processes, interleaved (base, status, status, base, …) after one untimed
warm-up each, on a data folder holding a year of demo history and a running
focus phase; the medians are compared:

    python bench/status.py [--runs 30] [--months 12]

Target: ``cadence status``'s median at most 1.5× the imports'.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench._common import child_env  # noqa: E402

TARGET_RATIO = 1.5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each (default 30)")
    parser.add_argument("--months", type=int, default=12, help="months of demo history")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every run")
    parser.add_argument("--check", action="store_true", help="exit 1 when the target is missed")
    return parser.parse_args(argv)


def make_data(folder: Path, months: int) -> str:
    """Demo history plus a focus phase running now; returns the status line it prints."""
    from cadence.clock import clock_from_env
    from cadence.domain import timer
    from cadence.domain.timer import TimerConfig
    from cadence.runtime import open_runtime
    from cadence.shell.demo import write_demo

    clock = clock_from_env()
    write_demo(folder, months=months, clock=clock, language="en")
    runtime = open_runtime(folder, language="en", interactive=False)
    try:
        repo = runtime.repo
        cfg = TimerConfig.from_settings(repo.settings(), runtime.clock.tz)
        state = repo.timer_state()
        step = timer.start(
            state, cfg, runtime.clock.now().timestamp(), label="Karpathy lecture 3", live=False
        )
        repo.save_timer(step.state, step.sessions)
    finally:
        runtime.close()
    out = subprocess.run(
        [sys.executable, "-m", "cadence", "--data", str(folder), "status"],
        capture_output=True,
        text=True,
        env=child_env(),
        check=True,
    )
    return out.stdout.strip()


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.runs < 1 or args.months < 1:
        print("status: --runs and --months must be at least 1", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="cadence-bench-status-"))
    try:
        data = work / "data"
        line = make_data(data, args.months)
        print(f"cadence status on {args.months} months of history prints: {line}")
        env = child_env({"PYTHONPYCACHEPREFIX": str(work / "pycache")})
        # As installed: byte code is cached (the warm-up writes it, outside the repo).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "imports": [sys.executable, "-c", "import tinydb, pendulum"],
            "status": [sys.executable, "-m", "cadence", "--data", str(data), "status"],
        }
        results: dict[str, list[float]] = {name: [] for name in commands}
        for argv_ in commands.values():  # warm-up: byte-compiles, fills the OS caches
            timed(argv_, env)
        for i in range(args.runs):
            order = ["imports", "status"] if i % 2 == 0 else ["status", "imports"]
            for name in order:
                seconds = timed(commands[name], env)
                results[name].append(seconds)
                if args.verbose:
                    print(f"  run {i + 1:>2} {name:<8} {seconds * 1000:6.1f} ms")
        base = statistics.median(results["imports"]) * 1000
        status = statistics.median(results["status"]) * 1000
        ratio = status / base
        verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
        print(
            f'python -c "import tinydb, pendulum": {base:.1f} ms median · '
            f"cadence status: {status:.1f} ms median · ratio {ratio:.2f}× "
            f"(target ≤ {TARGET_RATIO:.2f}×) {verdict}"
        )
        spread = {k: (min(v) * 1000, max(v) * 1000) for k, v in results.items()}
        print(
            f"  {args.runs} runs each; imports {spread['imports'][0]:.0f}–"
            f"{spread['imports'][1]:.0f} ms, status {spread['status'][0]:.0f}–"
            f"{spread['status'][1]:.0f} ms"
        )
        return 1 if args.check and ratio > TARGET_RATIO else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())

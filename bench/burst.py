"""A burst of data-changing keys on Today in a real Cadence process, and how many land.

    python bench/burst.py [--presses 200]

Cadence runs as a user runs it: its own process on a pseudo-terminal (100×30), a fresh
data folder, the clock at a Tuesday morning. Once it has painted, one write to the
terminal sends the whole burst: for each following day, ``]`` (the next day), ``home``
(its first block), then ``space j`` down the day's blocks — ``--presses`` ticks in all,
each a different block, with the moves between them. Then the data file is read every
20 ms until every tick is on disk (or 60 s pass), the process is killed (SIGKILL: no
chance to flush anything), and the folder is opened again to count.

Prints how many ticks landed (the target: all of them) and the time from the burst to
the last tick on disk. Exit status 1 when any is missing. ``tests/ui/test_today_burst.py``
runs the same with fewer presses.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench._common import _set_size, child_env  # noqa: E402

TZ = "Asia/Shanghai"
START = "2026-12-01T07:00"  # Tuesday, before the day's first block
KEY_BYTES = {"space": b" ", "j": b"j", "]": b"]", "home": b"\x1b[H"}


@dataclass
class Burst:
    keys: list[str]
    #: (ISO date, block id) ticked, in order.
    ticks: list[tuple[str, str]]


def plan_burst(presses: int, start: str = START) -> Burst:
    """The keys that tick ``presses`` blocks, day after day from the day after ``start``."""
    import pendulum

    from cadence.data.plan import shipped_plan
    from cadence.domain.schedule import blocks_for

    plan = shipped_plan("en")
    assert plan is not None
    day = pendulum.parse(start, tz=TZ).date()
    keys: list[str] = []
    ticks: list[tuple[str, str]] = []
    while len(ticks) < presses:
        day = day.add(days=1)
        keys += ["]", "home"]
        blocks = blocks_for(plan.templates, None, day, TZ)
        for i, block in enumerate(blocks):
            if len(ticks) >= presses:
                break
            if i:
                keys.append("j")
            keys.append("space")
            ticks.append((day.isoformat(), block.block.id))
    return Burst(keys, ticks)


def seed(folder: Path, start: str = START) -> None:
    """A first run in ``folder`` (the plan, settings in the bench's zone), then closed."""
    from cadence.clock import FakeClock
    from cadence.runtime import open_runtime

    runtime = open_runtime(folder, language="en", interactive=True, clock=FakeClock(start, tz=TZ))
    runtime.close()


def on_disk(folder: Path) -> dict[tuple[str, str], str]:
    """Every block state in the folder's day files, by (date, block id)."""
    out: dict[tuple[str, str], str] = {}
    for path in folder.glob("days-*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # being replaced right now: read it next time
        for doc in data.get("days", {}).values():
            for block_id, state in doc.get("states", {}).items():
                out[(doc["date"], block_id)] = state
    return out


class LiveCadence:
    """Cadence running on a pseudo-terminal: send keys, read nothing back but its output."""

    def __init__(self, folder: Path, now: str, *, columns: int = 100, rows: int = 30) -> None:
        self.master, slave = os.openpty()
        _set_size(slave, columns, rows)
        env = child_env({"CADENCE_NOW": now})
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "cadence", "--data", str(folder), "--lang", "en"],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=REPO_ROOT,
                close_fds=True,
                start_new_session=True,
            )
        finally:
            os.close(slave)
        self.output = bytearray()

    def drain(self, seconds: float) -> None:
        """Read what it prints for ``seconds`` (a full pty would block it)."""
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.05))
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:
                    return

    def wait_painted(self, marker: bytes = b"Check-in", timeout: float = 30.0) -> None:
        """Until the footer shows (the first paint), then a second for the services."""
        end = time.perf_counter() + timeout
        while marker not in self.output and time.perf_counter() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Cadence exited early: {bytes(self.output[-500:])!r}")
            self.drain(0.1)
        if marker not in self.output:
            raise RuntimeError("Cadence did not paint in time")
        self.drain(1.0)

    def send(self, keys: list[str]) -> None:
        """All of ``keys`` in one write: a burst."""
        os.write(self.master, b"".join(KEY_BYTES[k] for k in keys))

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        with contextlib.suppress(OSError):
            os.close(self.master)


@dataclass
class Result:
    landed: int
    wanted: int
    seconds: float  # from the burst to the last tick on disk (or to giving up)
    wrong: list[tuple[str, str, str]]  # (date, block, state) that should not be there


def run_burst(folder: Path, presses: int, *, timeout: float = 60.0) -> Result:
    """Seed ``folder``, start Cadence, send the burst, wait for the disk, kill, count."""
    seed(folder)
    burst = plan_burst(presses)
    live = LiveCadence(folder, START)
    try:
        live.wait_painted()
        sent = time.perf_counter()
        live.send(burst.keys)
        wanted = set(burst.ticks)
        last = sent
        landed = 0
        while time.perf_counter() - sent < timeout:
            live.drain(0.02)
            states = on_disk(folder)
            now_landed = sum(1 for key in wanted if states.get(key) == "done")
            if now_landed != landed:
                landed, last = now_landed, time.perf_counter()
            if landed == len(wanted):
                break
    finally:
        live.kill()
    states = on_disk(folder)  # after the kill, as the next start would find it
    wrong = [(d, b, s) for (d, b), s in states.items() if (d, b) not in wanted or s != "done"]
    landed = sum(1 for key in wanted if states.get(key) == "done")
    return Result(landed, len(wanted), last - sent, wrong)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--presses", type=int, default=200, help="data-changing key presses")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cadence-burst-") as folder:
        result = run_burst(Path(folder) / "data", args.presses)
    keys = len(plan_burst(args.presses).keys)
    print(
        f"burst  {result.landed}/{result.wanted} ticks landed ({keys} keys in one write); "
        f"last on disk after {result.seconds:.2f} s"
        + (f"; {len(result.wrong)} wrong states" if result.wrong else "")
    )
    return 0 if result.landed == result.wanted and not result.wrong else 1


if __name__ == "__main__":
    raise SystemExit(main())

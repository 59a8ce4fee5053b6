"""Crash safety: kill -9 a writer at random moments; the file must parse and keep every ack.

The writer (crash_writer.py) prints "ack N" only after the transaction that wrote
N returned, so every acknowledged N must be on disk whatever the moment of the kill.

Both trials run as chunks (separate test items, so pytest-xdist spreads them over
its workers) and keep their full strength: 200 kill -9 trials in all, each chunk's
file first grown to the size the trials before it would have left; 2 × 100 contended
increments in all. Each chunk reports its figures; the summary adds them up
(tests/conftest.py). ``CADENCE_TEST_SEED=N`` replays a run's random choices.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cadence.data.storage import CorruptFileError, decode
from cadence.data.store import Store
from tests.unit.crash_writer import fill

REPO_ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
TRIALS = 200
CHUNKS = 10  # of TRIALS // CHUNKS trials each
MAX_ACKS = 40
# Acknowledged writes a trial leaves on average (3269 in one 200-trial run): a chunk's
# file starts with this many documents per earlier trial.
ACKS_PER_TRIAL = 16
MAX_DELAY_S = 0.25
STRIDE = 100_000  # trial t writes n = t * STRIDE + i: no two trials share a number
WRITES_PER_WRITER = 100  # the two-writers trial: increments by each writer, in all
RACES = 2


def spawn(*args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *args],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acks_in(lines: list[str]) -> set[int]:
    return {int(line.split()[1]) for line in lines if line.startswith("ack ")}


def run_trial(folder: Path, trial: int, rng: random.Random) -> tuple[set[int], str]:
    """One child writing until killed; returns the numbers it acknowledged."""
    child = spawn("log", str(folder), str(trial * STRIDE))
    assert child.stdout is not None
    lines: list[str] = []
    if rng.random() < 0.6:
        want = rng.randint(0, MAX_ACKS)
        how = f"after {want} acks"
        while len(lines) < want:
            line = child.stdout.readline()
            if not line:
                break
            lines.append(line)
    else:
        delay = rng.uniform(0, MAX_DELAY_S)
        how = f"after {delay * 1000:.0f} ms"
        time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    rest, err = child.communicate(timeout=30)
    lines.extend(rest.splitlines())
    assert child.returncode == -signal.SIGKILL, f"writer died by itself ({how}):\n{err}"
    return acks_in(lines), how


@pytest.mark.trial
@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_kill_9_never_tears_the_file_or_loses_an_acknowledged_write(
    tmp_path: Path, report, run_seed: int, chunk: int
) -> None:
    per_chunk = TRIALS // CHUNKS
    first = chunk * per_chunk
    rng = random.Random(f"crash-{run_seed}-{chunk}")
    folder = tmp_path / "data"
    path = folder / "crash.json"
    # What the earlier trials would have left (numbers 0 … below STRIDE: trial 0's own
    # numbers only in chunk 0, which starts from nothing).
    prefilled = first * ACKS_PER_TRIAL
    if prefilled:
        fill(str(folder), prefilled)
    acked: set[int] = set(range(prefilled))
    torn: list[str] = []
    lost: set[int] = set()
    duplicated = 0
    half_done = 0
    started = time.monotonic()

    for trial in range(first, first + per_chunk):
        new_acks, how = run_trial(folder, trial, rng)
        acked |= new_acks
        if not path.exists():
            assert not acked, f"trial {trial} ({how}, seed {run_seed}): file gone"
            continue
        raw = path.read_bytes()
        try:
            tables = decode(raw, path)
        except CorruptFileError as exc:
            torn.append(f"trial {trial} ({how}): {exc.reason}")
            continue
        numbers = [doc["n"] for doc in tables.get("log", {}).values()]
        duplicated += len(numbers) - len(set(numbers))
        # Both changes of a transaction are there, or neither.
        heads = [doc["last"] for doc in tables.get("head", {}).values()]
        if numbers:
            half_done += heads != [max(numbers)]
        lost |= acked - set(numbers)

        # What the app would see: a fresh Store reads the same, with nothing to report.
        store = Store(folder, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000")
        seen = {doc["n"] for doc in store.tables("crash").get("log", {}).values()}
        assert seen == set(numbers)
        assert store.notices == [], f"trial {trial} ({how}): {store.notices}"
        assert not list(folder.glob(".*.tmp"))  # the fresh Store cleaned the crash's temp files

    report(
        "tests.unit.test_crash:crash_summary",
        chunk=chunk,
        trials=per_chunk,
        torn=len(torn),
        lost=len(lost),
        acks=len(acked) - prefilled,
        size_kb=path.stat().st_size // 1024 if path.exists() else 0,
        seconds=time.monotonic() - started,
        seed=run_seed,
    )
    assert torn == [], f"seed {run_seed}: {torn}"
    assert lost == set(), f"seed {run_seed}: lost {sorted(lost)[:20]}"
    assert duplicated == 0
    assert half_done == 0
    assert len(acked) - prefilled >= per_chunk  # the trials did write: the test exercised something
    assert not list(folder.glob("*.corrupt-*"))


def crash_summary(chunks: list[dict[str, Any]]) -> str:
    """One line for every chunk of the kill -9 trial (run once, in the controller)."""
    seeds = sorted({c["seed"] for c in chunks})
    workers = len({c["worker"] for c in chunks})
    return (
        f"crash test: {sum(c['trials'] for c in chunks)} trials in {len(chunks)} chunks "
        f"on {workers} worker{'s' * (workers != 1)}, {sum(c['torn'] for c in chunks)} torn files, "
        f"{sum(c['lost'] for c in chunks)} lost acknowledged writes "
        f"({sum(c['acks'] for c in chunks)} acks, files up to "
        f"{max(c['size_kb'] for c in chunks)} KB, {sum(c['seconds'] for c in chunks):.1f} s "
        f"of trials, seed {', '.join(map(str, seeds))})"
    )


@pytest.mark.trial
@pytest.mark.parametrize("race", range(RACES))
def test_two_concurrent_writers_lose_no_update(tmp_path: Path, report, race: int) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    times = WRITES_PER_WRITER // RACES
    writers = [spawn("counter", str(folder), str(times), stdin=subprocess.PIPE) for _ in range(2)]
    for w in writers:
        assert w.stdout is not None
        assert w.stdout.readline().strip() == "ready"
    for w in writers:  # start both together
        assert w.stdin is not None
        w.stdin.write("go\n")
        w.stdin.flush()
    written: list[list[int]] = []
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        written.append([int(line.split()[1]) for line in out.splitlines()])

    assert [len(values) for values in written] == [times, times]
    # Each increment saw the other writer's last one: every value was written exactly once.
    assert sorted(written[0] + written[1]) == list(range(1, 2 * times + 1))
    store = Store(folder, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000")
    docs = list(store.tables("crash")["counter"].values())
    assert docs == [{"value": 2 * times}]
    interleavings = sum(1 for a, b in zip(written[0], written[0][1:], strict=False) if b != a + 1)
    report(
        "tests.unit.test_crash:writers_summary",
        counter=docs[0]["value"],
        expected=2 * times,
        overtaken=interleavings,
    )


def writers_summary(races: list[dict[str, Any]]) -> str:
    """One line for every race of the two-writers trial."""
    counters = " + ".join(str(r["counter"]) for r in races)
    expected = sum(r["expected"] for r in races)
    return (
        f"two writers: {len(races)} races, final counters {counters} "
        f"(expected {expected} in all), writer 1 was overtaken "
        f"{sum(r['overtaken'] for r in races)}x"
    )

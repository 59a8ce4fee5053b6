"""Crash safety: kill -9 a writer at random moments; the file must parse and keep every ack.

The writer (crash_writer.py) prints "ack N" only after the transaction that wrote
N returned, so every acknowledged N must be on disk whatever the moment of the kill.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from cadence.data.storage import CorruptFileError, decode
from cadence.data.store import Store

REPO_ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("crash_writer.py")
TRIALS = 200
MAX_ACKS = 40
MAX_DELAY_S = 0.25
STRIDE = 100_000  # trial t writes n = t * STRIDE + i: no two trials share a number


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


def test_kill_9_never_tears_the_file_or_loses_an_acknowledged_write(tmp_path: Path, report) -> None:
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    folder = tmp_path / "data"
    path = folder / "crash.json"
    acked: set[int] = set()
    torn: list[str] = []
    lost: set[int] = set()
    duplicated = 0
    half_done = 0
    started = time.monotonic()

    for trial in range(TRIALS):
        new_acks, how = run_trial(folder, trial, rng)
        acked |= new_acks
        if not path.exists():
            assert not acked, f"trial {trial} ({how}, seed {seed}): file gone"
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

    elapsed = time.monotonic() - started
    size_kb = path.stat().st_size // 1024
    report(
        f"crash test: {TRIALS} trials, {len(torn)} torn files, "
        f"{len(lost)} lost acknowledged writes "
        f"({len(acked)} acks, file {size_kb} KB, {elapsed:.1f} s, seed {seed})"
    )
    assert torn == [], f"seed {seed}: {torn}"
    assert lost == set(), f"seed {seed}: lost {sorted(lost)[:20]}"
    assert duplicated == 0
    assert half_done == 0
    assert len(acked) >= TRIALS  # the trials did write: the test exercised something
    assert not list(folder.glob("*.corrupt-*"))


def test_two_concurrent_writers_lose_no_update(tmp_path: Path, report) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    times = 100
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
        f"two writers: final counter {docs[0]['value']}, writer 1 was overtaken {interleavings}x"
    )

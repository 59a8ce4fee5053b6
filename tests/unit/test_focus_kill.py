"""``cadence focus stop`` writes the timer and the session log: a kill between loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cadence.data.repository import Repository
from cadence.data.store import JOURNAL, Store

HERE = Path(__file__).parent
START, STOP = "2026-12-01T20:00", "2026-12-01T20:20"


def cadence(data: Path, now: str, *args: str, kill_after: int | None = None) -> int:
    env = {**os.environ, "CADENCE_NOW": now, "TZ": "Asia/Shanghai"}
    if kill_after is None:
        command = [sys.executable, "-m", "cadence", "--data", str(data), *args]
    else:
        script = str(HERE / "kill_between_writes.py")
        command = [sys.executable, script, str(kill_after), str(data), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    return done.returncode


def sessions_on_disk(data: Path) -> list[dict]:
    path = data / "focus-2026.json"
    if not path.exists():
        return []
    return list(json.loads(path.read_bytes()).get("sessions", {}).values())


def timer_on_disk(data: Path) -> dict:
    return next(iter(json.loads((data / "timer.json").read_bytes())["state"].values()))


@pytest.mark.parametrize("kill_after", [0, 1, 2], ids=["journal", "first file", "both files"])
def test_a_kill_between_the_writes_of_focus_stop_loses_no_session(
    tmp_path: Path, kill_after: int
) -> None:
    data = tmp_path / "data"
    assert cadence(data, START, "focus", "start", "--label", "RAG notes") == 0
    assert timer_on_disk(data)["status"] == "running"

    assert cadence(data, STOP, "focus", "stop", kill_after=kill_after) == 9
    assert (data / JOURNAL).exists()  # the change is not finished on disk yet

    # The next process to open the folder completes it (here `cadence status`, a reader,
    # does not; the next writer or the app's store does).
    repo = Repository(Store(data, today=lambda: "2026-12-01", stamp=lambda: "x"))
    assert [n.kind for n in repo.store.take_notices()] == ["completed", "completed"]
    assert not (data / JOURNAL).exists()
    (session,) = sessions_on_disk(data)
    assert session["label"] == "RAG notes" and session["focused_s"] == 20 * 60
    assert timer_on_disk(data)["status"] == "idle"

    # Stopping again finds nothing to stop and logs nothing twice.
    assert cadence(data, "2026-12-01T20:25", "focus", "stop") == 0
    assert len(sessions_on_disk(data)) == 1


def test_without_a_kill_no_journal_is_left(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cadence(data, START, "focus", "start") == 0
    assert cadence(data, STOP, "focus", "stop") == 0
    assert not (data / JOURNAL).exists()
    assert len(sessions_on_disk(data)) == 1

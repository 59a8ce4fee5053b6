"""One interactive Cadence per data folder, across processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cadence.data.lock import INFO_NAME, DataInUseError, Holder, InstanceLock

REPO_ROOT = Path(__file__).resolve().parents[2]

TRY_ACQUIRE = """
import sys
from pathlib import Path
from cadence.data.lock import DataInUseError, InstanceLock

lock = InstanceLock(Path(sys.argv[1]))
try:
    lock.acquire(since="2026-11-29 09:30:00")
except DataInUseError as exc:
    print("IN USE", exc)
    sys.exit(3)
print("ACQUIRED")
lock.release()
"""

HOLD_UNTIL_KILLED = """
import sys, time
from pathlib import Path
from cadence.data.lock import InstanceLock

lock = InstanceLock(Path(sys.argv[1]))
lock.acquire(since="2026-11-29 08:00:00")
print("HELD", flush=True)
time.sleep(120)
"""


def run_child(code: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, str(folder)],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_second_process_is_refused_while_held_then_allowed(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path)
    lock.acquire(since="2026-11-29 09:00:00")
    try:
        assert lock.held
        info = json.loads((tmp_path / INFO_NAME).read_text(encoding="utf-8"))
        assert info == {"pid": os.getpid(), "host": socket.gethostname(), "since": info["since"]}

        refused = run_child(TRY_ACQUIRE, tmp_path)
        assert refused.returncode == 3, refused.stderr
        message = refused.stdout
        assert message.startswith("IN USE")
        assert f"process {os.getpid()} " in message
        assert socket.gethostname() in message
        assert "2026-11-29 09:00:00" in message
        assert str(tmp_path) in message
        # The refused process did not take over the info file.
        assert json.loads((tmp_path / INFO_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid()
    finally:
        lock.release()

    assert not lock.held
    assert not (tmp_path / INFO_NAME).exists()
    allowed = run_child(TRY_ACQUIRE, tmp_path)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert allowed.stdout.strip() == "ACQUIRED"


def test_second_lock_in_the_same_process_is_refused(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path)
    first.acquire(since="now")
    try:
        with pytest.raises(DataInUseError) as info:
            InstanceLock(tmp_path).acquire(since="later")
        assert info.value.holder == Holder(os.getpid(), socket.gethostname(), "now")
        assert info.value.folder == tmp_path
    finally:
        first.release()
    again = InstanceLock(tmp_path)
    again.acquire(since="later")
    assert again.stale is None and again.other_host is None
    again.release()


def test_release_twice_is_harmless(tmp_path: Path) -> None:
    lock = InstanceLock(tmp_path)
    lock.acquire(since="now")
    lock.release()
    lock.release()
    assert not lock.held


def test_lock_of_a_killed_process_is_taken_over_as_stale(tmp_path: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_UNTIL_KILLED, str(tmp_path)],
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "HELD"
        with pytest.raises(DataInUseError) as info:
            InstanceLock(tmp_path).acquire(since="too early")
        assert info.value.holder is not None and info.value.holder.pid == child.pid
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    lock = InstanceLock(tmp_path)
    lock.acquire(since="2026-11-29 10:00:00")
    try:
        assert lock.stale == Holder(child.pid, socket.gethostname(), "2026-11-29 08:00:00")
        assert lock.other_host is None
        info = json.loads((tmp_path / INFO_NAME).read_text(encoding="utf-8"))
        assert info["pid"] == os.getpid()
    finally:
        lock.release()


def test_info_naming_another_host_is_reported(tmp_path: Path) -> None:
    (tmp_path / INFO_NAME).write_text(
        json.dumps({"pid": 4242, "host": "laptop-elsewhere", "since": "2026-11-28 22:00:00"}),
        encoding="utf-8",
    )
    lock = InstanceLock(tmp_path)
    lock.acquire(since="2026-11-29 10:00:00")
    try:
        assert lock.other_host == Holder(4242, "laptop-elsewhere", "2026-11-28 22:00:00")
        assert lock.stale is None
        assert "laptop-elsewhere" in lock.other_host.describe()
    finally:
        lock.release()


@pytest.mark.parametrize("content", ["", "{", "[]", '{"pid": "x"}', '{"pid": 1}'])
def test_unreadable_info_file_is_ignored(tmp_path: Path, content: str) -> None:
    (tmp_path / INFO_NAME).write_text(content, encoding="utf-8")
    lock = InstanceLock(tmp_path)
    lock.acquire(since="now")
    try:
        assert lock.stale is None and lock.other_host is None
        assert json.loads((tmp_path / INFO_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid()
    finally:
        lock.release()


def test_a_store_opening_during_acquire_does_not_break_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadence.data.store import Store

    real_fsync = os.fsync
    armed = [True]
    openers: list[threading.Thread] = []

    def open_store() -> None:
        Store(tmp_path, today=lambda: "2026-11-29", stamp=lambda: "20261129T093000")

    def fsync_then_other_store_opens(fd: int) -> None:
        real_fsync(fd)
        if armed and list(tmp_path.glob(f".{INFO_NAME}.*.tmp")):
            armed.clear()
            # Another Store opens while instance.json is being written (its own thread
            # stands for another process: a correct fix makes it wait for a lock).
            opener = threading.Thread(target=open_store, daemon=True)
            openers.append(opener)
            opener.start()
            opener.join(timeout=0.5)

    monkeypatch.setattr(os, "fsync", fsync_then_other_store_opens)
    lock = InstanceLock(tmp_path)
    try:
        lock.acquire(since="2026-11-29 09:30:00")
        assert not armed  # the other store did open mid-write
        assert json.loads((tmp_path / INFO_NAME).read_text(encoding="utf-8"))["pid"] == os.getpid()
    finally:
        lock.release()
        for opener in openers:
            opener.join(timeout=40)

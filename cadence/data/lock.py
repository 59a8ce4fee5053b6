"""One interactive Cadence per data folder.

The lock is an OS file lock (released by the kernel when its process dies),
with a small ``instance.json`` beside it saying who holds it. A lock that is
free while ``instance.json`` names another process is stale: its process died
without cleaning up, and it is taken over with a notice.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from cadence.data.storage import atomic_write_bytes
from cadence.data.store import WRITE_LOCK

LOCK_NAME = ".instance.lock"
INFO_NAME = "instance.json"


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    since: str

    def describe(self) -> str:
        return f"process {self.pid} on {self.host}, since {self.since}"


class DataInUseError(Exception):
    def __init__(self, folder: Path, holder: Holder | None) -> None:
        who = holder.describe() if holder else "another process"
        super().__init__(f"The data in {folder} is open in another Cadence ({who}).")
        self.folder = folder
        self.holder = holder


def _read_holder(path: Path) -> Holder | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Holder(int(raw["pid"]), str(raw["host"]), str(raw["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class InstanceLock:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = FileLock(str(folder / LOCK_NAME), timeout=0, is_singleton=False, mode=0o600)
        self._info = folder / INFO_NAME
        self.stale: Holder | None = None
        self.other_host: Holder | None = None

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self, since: str) -> None:
        """Take the lock or raise DataInUseError naming the holder.

        Sets ``stale`` when a dead process's lock was taken over, and
        ``other_host`` when the info file names another machine (a synced folder,
        where OS locks do not reach).
        """
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise DataInUseError(self.folder, _read_holder(self._info)) from None
        previous = _read_holder(self._info)
        host = socket.gethostname()
        if previous is not None and previous.pid != os.getpid():
            if previous.host == host:
                self.stale = previous
            else:
                self.other_host = previous
        me = {"pid": os.getpid(), "host": host, "since": since}
        # Under the write lock: a Store opening now cleans stale temp files.
        with FileLock(str(self.folder / WRITE_LOCK), timeout=30, mode=0o600):
            atomic_write_bytes(self._info, json.dumps(me).encode("utf-8"))

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        holder = _read_holder(self._info)
        if holder is not None and holder.pid == os.getpid():
            with contextlib.suppress(OSError):
                self._info.unlink()
        self._lock.release()

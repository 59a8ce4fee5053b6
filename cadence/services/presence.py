"""Who runs on a data folder: the agent (``cadence agent``) and the open UI.

The agent holds an OS file lock, ``.agent.lock``, for as long as it lives (the kernel
lets go of it when the process dies, however it dies) and says who it is in
``.agent.json``: process, machine, since when, and its next reminder. Anyone can ask
:func:`agent_running` without taking anything: the probe opens the lock file read-only
and tries the lock for an instant, so it never creates or changes a file (a
``--read-only`` window touches nothing).

The open UI is known by the instance lock's note (``instance.json``, see
:mod:`cadence.data.lock`): a process on this machine that is still alive. The agent asks
:func:`ui_running` before it moves the focus timer on: the UI does that while it is open.

Both are hidden files of the data folder, never data: exports, imports and sync skip
them.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from cadence.data.lock import INFO_NAME
from cadence.data.storage import atomic_write_bytes
from cadence.i18n import _

AGENT_LOCK = ".agent.lock"
AGENT_INFO = ".agent.json"
#: How long the agent waits for its lock: a probe holds it for microseconds.
ACQUIRE_TIMEOUT_S = 3.0


@dataclass(frozen=True)
class AgentInfo:
    """What a running agent says about itself (empty strings when it has not said yet)."""

    pid: int = 0
    host: str = ""
    since: str = ""
    next_at: str = ""
    next_what: str = ""


class AgentAlreadyRunning(Exception):
    def __init__(self, folder: Path, info: AgentInfo | None) -> None:
        who = f"process {info.pid} on {info.host}, since {info.since}" if info else "another one"
        super().__init__(f"An agent already runs for {folder} ({who}).")
        self.info = info


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows: os.kill would end the process
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    except OSError:
        return False
    return True


def _lock_held(path: Path) -> bool:
    """Whether another process holds the OS lock on ``path`` (never creates the file)."""
    try:
        fd = os.open(path, os.O_RDONLY if sys.platform != "win32" else os.O_RDWR)
    except OSError:
        return False  # no lock file: no agent ever ran here, or we may not read it
    try:
        if sys.platform == "win32":  # pragma: no cover - as filelock: one byte at offset 0
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return True
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            return False
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False  # a file system without locks: nobody can hold one
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def read_info(folder: Path) -> AgentInfo | None:
    """The agent's note, as it was last written (None when there is none)."""
    try:
        raw = json.loads((folder / AGENT_INFO).read_text(encoding="utf-8"))
        return AgentInfo(
            pid=int(raw.get("pid", 0)),
            host=str(raw.get("host", "")),
            since=str(raw.get("since", "")),
            next_at=str(raw.get("next_at") or ""),
            next_what=str(raw.get("next_what") or ""),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def agent_running(folder: Path) -> AgentInfo | None:
    """The running agent of ``folder`` (its note, or an empty one while it starts), or None."""
    if not _lock_held(folder / AGENT_LOCK):
        return None
    return read_info(folder) or AgentInfo()


class AgentProbe:
    """:func:`agent_running`, asked at most once a second (the UI asks at every reminder)."""

    def __init__(self, folder: Path, every_s: float = 1.0) -> None:
        self.folder = folder
        self.every_s = every_s
        self._at = -1e9
        self._value: AgentInfo | None = None

    def __call__(self) -> AgentInfo | None:
        now = time.monotonic()
        if now - self._at >= self.every_s:
            self._value = agent_running(self.folder)
            self._at = now
        return self._value


def describe_agent(info: AgentInfo | None) -> str:
    """One line about the agent, for ``cadence agent status`` and the settings dialog."""
    if info is None:
        return _("Agent: not running; reminders stop when Cadence closes (cadence agent install).")
    line = _("Agent: running (process {pid}, since {since}).", pid=info.pid, since=info.since)
    if info.next_at:
        when = info.next_at[11:16] if len(info.next_at) >= 16 else info.next_at
        line += " " + _("Next reminder {time}: {what}.", time=when, what=info.next_what)
    return line


def ui_running(folder: Path) -> bool:
    """Whether a Cadence window on this machine holds the folder (its process is alive)."""
    try:
        raw = json.loads((folder / INFO_NAME).read_text(encoding="utf-8"))
        pid, host = int(raw["pid"]), str(raw["host"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return host == socket.gethostname() and pid_alive(pid)


class AgentLock:
    """The agent's hold on a folder: the OS lock and its note."""

    def __init__(self, folder: Path, timeout: float | None = None) -> None:
        from filelock import FileLock

        self.folder = folder
        wait = ACQUIRE_TIMEOUT_S if timeout is None else timeout
        self._lock = FileLock(str(folder / AGENT_LOCK), timeout=wait, mode=0o600)
        self._note: dict[str, object] = {}

    def acquire(self, since: str) -> None:
        """Take the lock, or raise AgentAlreadyRunning naming the agent that has it."""
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise AgentAlreadyRunning(self.folder, read_info(self.folder)) from None
        self._note = {"pid": os.getpid(), "host": socket.gethostname(), "since": since}
        self._write()

    def set_next(self, at: str, what: str) -> None:
        """Say what the next reminder is (written only when it changed)."""
        if self._note.get("next_at") == at and self._note.get("next_what") == what:
            return
        self._note.update(next_at=at, next_what=what)
        self._write()

    def _write(self) -> None:
        with contextlib.suppress(OSError):  # the note is for people; the lock is what counts
            data = json.dumps(self._note, ensure_ascii=False).encode("utf-8")
            atomic_write_bytes(self.folder / AGENT_INFO, data)

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        with contextlib.suppress(OSError):
            (self.folder / AGENT_INFO).unlink()
        self._lock.release()

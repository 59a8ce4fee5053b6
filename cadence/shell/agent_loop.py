"""The agent's own loop: timers, calls from other threads, and the data folder's changes.

No Textual, no asyncio: one thread that sleeps in ``select`` until the next timer is
due, another thread has posted a call, or a file of the data folder changed
(inotify on Linux, kqueue on macOS and the BSDs; elsewhere a stat of the folder's
files every 2 s). Timers are kept on the monotonic clock; that clock stops while the
machine sleeps, and a wall-clock jump (a resume, the clock set, a time-zone change
of the clock) is seen within ``JUMP_CHECK_S``: then every pending timer runs at once,
and each service plans again from the wall clock.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import heapq
import itertools
import logging
import os
import select
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("cadence.agent.loop")

#: The loop looks at the wall clock at least this often (a resume is seen this late at most).
JUMP_CHECK_S = 30.0
#: A change of (wall - monotonic) by more than this is a jump.
JUMP_S = 2.0
#: Without a file-change API, the folder is looked at this often.
POLL_S = 2.0


class LoopTimer:
    """A call scheduled on the loop; ``stop()`` calls it off."""

    __slots__ = ("callback", "due", "interval", "name", "stopped")

    def __init__(
        self, due: float, callback: Callable[[], None], interval: float | None, name: str
    ) -> None:
        self.due = due
        self.callback = callback
        self.interval = interval
        self.name = name
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


# ---------------------------------------------------------------- watching a folder


def _data_file(name: str) -> bool:
    """A store file (``board.json``), not a temporary, hidden or bookkeeping file."""
    return name.endswith(".json") and not name.startswith(".")


class FolderWatcher:
    """Wakes the loop when a data file of the folder is replaced (base: polling)."""

    #: Seconds between looks when the watcher has no descriptor to wait on.
    poll_s: float | None = POLL_S

    def fileno(self) -> int | None:
        return None

    def changed(self) -> bool:
        """Read what woke the loop; True when a data file changed (polling: always)."""
        return True

    def close(self) -> None:
        pass


class InotifyWatcher(FolderWatcher):
    """Linux inotify through the C library (no extra package)."""

    poll_s = None
    IN_MODIFY = 0x002
    IN_ATTRIB = 0x004
    IN_CLOSE_WRITE = 0x008
    IN_MOVED_FROM = 0x040
    IN_MOVED_TO = 0x080
    IN_CREATE = 0x100
    IN_DELETE = 0x200
    IN_NONBLOCK = 0o4000
    IN_CLOEXEC = 0o2000000
    _HEADER = struct.Struct("iIII")

    def __init__(self, folder: Path) -> None:
        name = ctypes.util.find_library("c")
        libc = ctypes.CDLL(name or "libc.so.6", use_errno=True)
        fd = libc.inotify_init1(self.IN_NONBLOCK | self.IN_CLOEXEC)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        mask = (
            self.IN_CLOSE_WRITE
            | self.IN_MOVED_TO
            | self.IN_MOVED_FROM
            | self.IN_CREATE
            | self.IN_DELETE
            | self.IN_ATTRIB
        )
        if libc.inotify_add_watch(fd, os.fsencode(folder), mask) < 0:
            err = ctypes.get_errno()
            os.close(fd)
            raise OSError(err, "inotify_add_watch failed", str(folder))
        self._fd = fd

    def fileno(self) -> int | None:
        return self._fd

    def changed(self) -> bool:
        found = False
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return found
            except OSError:
                return True
            if not data:
                return found
            offset = 0
            while offset + self._HEADER.size <= len(data):
                _wd, _mask, _cookie, length = self._HEADER.unpack_from(data, offset)
                offset += self._HEADER.size
                raw = data[offset : offset + length].split(b"\0", 1)[0]
                offset += length
                if _data_file(os.fsdecode(raw)):
                    found = True

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self._fd)


class KqueueWatcher(FolderWatcher):
    """macOS and the BSDs: the folder's vnode events (a file added, removed, renamed)."""

    poll_s = None

    def __init__(self, folder: Path) -> None:
        kq: Any = select  # typeshed has kqueue only where mypy runs on macOS or a BSD
        self._dir = os.open(folder, getattr(os, "O_EVTONLY", os.O_RDONLY))
        self._kq: Any = kq.kqueue()
        flags = kq.KQ_NOTE_WRITE | kq.KQ_NOTE_ATTRIB | kq.KQ_NOTE_RENAME
        event = kq.kevent(
            self._dir,
            filter=kq.KQ_FILTER_VNODE,
            flags=kq.KQ_EV_ADD | kq.KQ_EV_CLEAR,
            fflags=flags,
        )
        self._kq.control([event], 0, 0)

    def fileno(self) -> int | None:
        return self._kq.fileno()

    def changed(self) -> bool:
        return bool(self._kq.control(None, 16, 0))

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._kq.close()
            os.close(self._dir)


def watcher_for(folder: Path) -> FolderWatcher:
    """The best way this system has to hear of the folder's changes."""
    try:
        if sys.platform.startswith("linux"):
            return InotifyWatcher(folder)
        if hasattr(select, "kqueue"):
            return KqueueWatcher(folder)
    except (OSError, AttributeError) as exc:
        log.warning("cannot watch %s (%s): looking every %.0f s", folder, exc, POLL_S)
    return FolderWatcher()


# ---------------------------------------------------------------- the loop


class Loop:
    """Runs callbacks on one thread, in order; sleeps in between (see the module doc)."""

    def __init__(
        self,
        watcher: FolderWatcher,
        on_change: Callable[[], None],
        wall: Callable[[], float] = time.time,
        *,
        jump_check_s: float = JUMP_CHECK_S,
    ) -> None:
        self.watcher = watcher
        self.on_change = on_change
        self._wall = wall
        self.jump_check_s = jump_check_s
        self._timers: list[tuple[float, int, LoopTimer]] = []
        self._seq = itertools.count()
        self._posted: deque[Callable[[], object]] = deque()
        self._posted_lock = threading.Lock()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._stopping = False
        self._thread: int | None = None
        #: Wall-clock jumps seen (for the log and tests).
        self.jumps = 0
        self.wakes = 0

    # ------------------------------------------------------------ scheduling

    def after(self, delay: float, callback: Callable[[], None], name: str = "") -> LoopTimer:
        timer = LoopTimer(time.monotonic() + max(0.0, delay), callback, None, name)
        self._push(timer)
        return timer

    def every(self, interval: float, callback: Callable[[], None], name: str = "") -> LoopTimer:
        timer = LoopTimer(time.monotonic() + interval, callback, max(0.001, interval), name)
        self._push(timer)
        return timer

    def _push(self, timer: LoopTimer) -> None:
        heapq.heappush(self._timers, (timer.due, next(self._seq), timer))
        if threading.get_ident() != self._thread:
            self.wake()

    def post(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` on the loop's thread (thread-safe; never waits)."""
        with self._posted_lock:
            self._posted.append(callback)
        self.wake()

    def wake(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            self._wake_w.send(b"x")

    def stop(self) -> None:
        """Leave :meth:`run` soon (safe from a signal handler or another thread)."""
        self._stopping = True
        self.wake()

    # ------------------------------------------------------------ running

    def run(self) -> None:
        self._thread = threading.get_ident()
        offset = self._wall() - time.monotonic()
        last_poll = time.monotonic()
        try:
            while not self._stopping:
                self._run_due()
                self._run_posted()
                if self._stopping:
                    break
                timeout = self.jump_check_s
                if self._timers:
                    timeout = min(timeout, self._timers[0][0] - time.monotonic())
                poll_s = self.watcher.poll_s
                if poll_s is not None:
                    timeout = min(timeout, poll_s - (time.monotonic() - last_poll))
                fds: list[Any] = [self._wake_r]
                watched = self.watcher.fileno()
                if watched is not None:
                    fds.append(watched)
                try:
                    ready, _w, _x = select.select(fds, [], [], max(0.0, timeout))
                except InterruptedError:  # pragma: no cover - PEP 475 retries
                    ready = []
                self.wakes += 1
                if self._wake_r in ready:
                    with contextlib.suppress(BlockingIOError, OSError):
                        while self._wake_r.recv(4096):
                            pass
                changed = False
                if watched is not None and watched in ready:
                    changed = self.watcher.changed()
                if poll_s is not None and time.monotonic() - last_poll >= poll_s:
                    last_poll = time.monotonic()
                    changed = True
                if changed:
                    self._call(self.on_change, "folder change")
                now_offset = self._wall() - time.monotonic()
                if abs(now_offset - offset) > JUMP_S:
                    log.info(
                        "the wall clock jumped by %+.0f s: planning again", now_offset - offset
                    )
                    offset = now_offset
                    self.jumps += 1
                    self._fire_all()
        finally:
            self._thread = None

    def _fire_all(self) -> None:
        """Every pending timer is due now: each service looks at the wall clock again."""
        now = time.monotonic()
        timers = [t for _due, _seq, t in self._timers]
        self._timers = []
        for timer in timers:
            timer.due = now
            heapq.heappush(self._timers, (now, next(self._seq), timer))

    def _run_due(self) -> None:
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _due, _seq, timer = heapq.heappop(self._timers)
            if timer.stopped:
                continue
            if timer.interval is not None:
                timer.due = now + timer.interval
                heapq.heappush(self._timers, (timer.due, next(self._seq), timer))
            self._call(timer.callback, timer.name)

    def _run_posted(self) -> None:
        while True:
            with self._posted_lock:
                if not self._posted:
                    return
                callback = self._posted.popleft()
            self._call(callback, "posted")

    @staticmethod
    def _call(callback: Callable[[], object], what: str) -> None:
        try:
            callback()
        except Exception:  # one service's trouble never stops the agent
            log.exception("%s failed", what or "a timer")

    def close(self) -> None:
        self.watcher.close()
        for sock in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                sock.close()

"""Shared helpers for the benches: run a child under a pseudo-terminal, time it, summarise.

POSIX only (``pty``, ``termios``): the benches measure what a person at a
terminal would see, so the child must believe it has one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

_ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")


@dataclass
class PtyRun:
    """One child run: how long it took, how it ended, what it printed."""

    seconds: float
    returncode: int | None  # None when it was killed after the timeout
    output: bytes

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    @property
    def ms(self) -> float:
        return self.seconds * 1000.0

    def text_tail(self, lines: int = 15) -> str:
        """The last lines the child printed, escape sequences removed."""
        text = _ANSI.sub(b"", self.output).decode("utf-8", "replace")
        kept = [line.rstrip() for line in text.replace("\r", "\n").splitlines() if line.strip()]
        return "\n".join(kept[-lines:])


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment for a child: the repo importable, a 256-colour xterm."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + path if path else "")
    env["TERM"] = "xterm-256color"
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    if extra:
        env.update(extra)
    return env


def _set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def run_in_pty(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    timeout: float = 20.0,
    columns: int = 100,
    rows: int = 30,
    cwd: Path | None = None,
) -> PtyRun:
    """Run ``argv`` on a fresh pseudo-terminal of ``columns`` × ``rows`` and wait for it.

    The terminal's output is drained all along (a full pty buffer would block the
    child). The time runs from just before the process is started to its exit. A
    child still running after ``timeout`` seconds is killed (its whole process
    group) and reported with ``returncode`` None.
    """
    master, slave = os.openpty()
    _set_size(slave, columns, rows)
    chunks: list[bytes] = []
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=cwd,
            close_fds=True,
            start_new_session=True,
        )
    finally:
        os.close(slave)
    deadline = start + timeout
    ended: float | None = None
    try:
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                break
            ready, _, _ = select.select([master], [], [], min(remaining, 0.05))
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: every copy of the child's side is closed
                    data = b""
                if data:
                    chunks.append(data)
                    continue
            if proc.poll() is not None:
                ended = time.perf_counter()
                break
            if ready:  # end of output while the child lingers: wait for its exit
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=max(0.0, deadline - time.perf_counter()))
                if proc.returncode is not None:
                    ended = time.perf_counter()
                break
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    if ended is None:
        return PtyRun(time.perf_counter() - start, None, b"".join(chunks))
    return PtyRun(ended - start, proc.returncode, b"".join(chunks))


def median_ms(runs: Sequence[PtyRun]) -> float:
    return statistics.median(run.ms for run in runs)


def spread(runs: Sequence[PtyRun]) -> str:
    """``min–max`` of the runs in ms, for a line of output."""
    values = [run.ms for run in runs]
    return f"{min(values):.0f}–{max(values):.0f} ms"

"""Shared helpers for the benches: Cadence installed as a user installs it, a child run under
a pseudo-terminal (time to its first frame, time to exit, peak RSS), and small statistics.

POSIX only (``pty``, ``termios``, ``os.wait4``): the benches measure what a person
at a terminal would see, so the child must believe it has one.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

_ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")
# A frame starts with a cursor move to a row and column; the set-up sequences Textual
# writes before its first frame (alternate screen, mouse, bracketed paste) have none.
_FRAME_START = re.compile(rb"\x1b\[\d+;\d+H")


@dataclass
class PtyRun:
    """One child run: how long it took, how it ended, what it printed."""

    seconds: float
    returncode: int | None  # None when it was killed after the timeout
    output: bytes
    #: Seconds from the start to the first frame on the terminal (None: never drew one).
    painted: float | None = None
    #: The child's peak resident set size (None when it had to be killed).
    max_rss_kib: int | None = None
    #: CPU seconds the child used (user + system): steadier than wall time on a busy machine.
    cpu: float | None = None
    #: CPU seconds the child had used when its first frame arrived (Linux only, else None).
    cpu_painted: float | None = None

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    @property
    def ms(self) -> float:
        return self.seconds * 1000.0

    @property
    def painted_ms(self) -> float:
        return (self.painted if self.painted is not None else self.seconds) * 1000.0

    @property
    def rss_mib(self) -> float:
        return (self.max_rss_kib or 0) / 1024.0

    def text_tail(self, lines: int = 15) -> str:
        """The last lines the child printed, escape sequences removed."""
        text = _ANSI.sub(b"", self.output).decode("utf-8", "replace")
        kept = [line.rstrip() for line in text.replace("\r", "\n").splitlines() if line.strip()]
        return "\n".join(kept[-lines:])


def child_env(
    extra: Mapping[str, str] | None = None, *, repo_on_path: bool = True
) -> dict[str, str]:
    """This process's environment for a child: a 256-colour xterm, and the repo importable
    unless ``repo_on_path`` is False (an installed copy must not see the source tree)."""
    env = dict(os.environ)
    if repo_on_path:
        path = env.get("PYTHONPATH")
        env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + path if path else "")
    else:
        env.pop("PYTHONPATH", None)
        # Installed byte code is read from __pycache__, which a prefix would hide.
        env.pop("PYTHONPYCACHEPREFIX", None)
    env["TERM"] = "xterm-256color"
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    if extra:
        env.update(extra)
    return env


def _set_size(fd: int, columns: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _cpu_so_far(pid: int) -> float | None:
    """CPU seconds a running process has used, all its threads (Linux ``schedstat``)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
        return (
            sum(int(Path(f"/proc/{pid}/task/{t}/schedstat").read_text().split()[0]) for t in tasks)
            / 1e9
        )
    except (OSError, ValueError, IndexError):
        return None


def _reap(proc: subprocess.Popen[bytes]) -> tuple[int, float] | None:
    """The child's peak RSS (KiB) and CPU seconds once it has ended (reaping it), else None."""
    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid == 0:
        return None
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Linux reports KiB, macOS bytes.
    rss = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
    return rss, usage.ru_utime + usage.ru_stime


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
    child). The time runs from just before the process is started to its exit;
    ``painted`` marks the first frame reaching the terminal (``cpu_painted``: the CPU
    time the child had used by then); ``max_rss_kib`` and ``cpu`` are the child's
    peak RSS and CPU time. A child still running after ``timeout`` seconds is killed
    (its whole process group) and reported with ``returncode`` None.
    """
    master, slave = os.openpty()
    _set_size(slave, columns, rows)
    chunks: list[bytes] = []
    seen = b""
    painted: float | None = None
    cpu_painted: float | None = None
    usage: tuple[int, float] | None = None
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
                    if painted is None:
                        seen = seen[-16:] + data  # a sequence may straddle two reads
                        if _FRAME_START.search(seen):
                            painted = time.perf_counter() - start
                            cpu_painted = _cpu_so_far(proc.pid)
                    chunks.append(data)
                    continue
            if (usage := _reap(proc)) is not None:
                ended = time.perf_counter()
                break
            if ready:  # end of output while the child lingers: wait for its exit
                while time.perf_counter() < deadline:
                    if (usage := _reap(proc)) is not None:
                        ended = time.perf_counter()
                        break
                    time.sleep(0.002)
                break
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        os.close(master)
    if ended is None or usage is None:
        return PtyRun(time.perf_counter() - start, None, b"".join(chunks), painted)
    rss, cpu = usage
    return PtyRun(ended - start, proc.returncode, b"".join(chunks), painted, rss, cpu, cpu_painted)


# ---------------------------------------------------------------- statistics


def median_ms(runs: Sequence[PtyRun]) -> float:
    return statistics.median(run.ms for run in runs)


def spread(runs: Sequence[PtyRun]) -> str:
    """``min–max`` of the runs in ms, for a line of output."""
    values = [run.ms for run in runs]
    return f"{min(values):.0f}–{max(values):.0f} ms"


def span(values: Iterable[float], unit: str = "ms") -> str:
    """``min–max`` of some figures, for a line of output."""
    values = list(values)
    return f"{min(values):.0f}–{max(values):.0f} {unit}"


# ---------------------------------------------------------------- the installed copy


def bench_tmp() -> Path:
    """The benches' own scratch folder, kept between runs (caches live here)."""
    folder = Path(tempfile.gettempdir()) / "cadence-bench"
    folder.mkdir(exist_ok=True)
    return folder


def _sources() -> list[Path]:
    """What goes into the wheel: the package, the project file, the README it names."""
    files = [REPO_ROOT / "pyproject.toml", REPO_ROOT / "README.md"]
    for path in sorted((REPO_ROOT / "cadence").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files.append(path)
    return files


def source_key() -> str:
    """A digest of the files that go into the wheel (uncommitted edits included) and of
    the Python version: one installed copy per distinct build, whatever the commit."""
    digest = hashlib.sha256(sys.version.encode())
    for path in _sources():
        digest.update(str(path.relative_to(REPO_ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _commit() -> str:
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        return subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short=10", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    return "no git"


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def installed_copy(*, rebuild: bool = False, log: Callable[[str], None] = print) -> Path:
    """A scratch venv with Cadence installed from a wheel of this tree, byte-compiled.

    Built as a user's ``pipx install .`` would: a wheel from a clean copy of the
    sources (no stale ``build/``), installed with its dependencies into a fresh venv.
    Cached in ``bench_tmp()`` under :func:`source_key`, so runs of the same sources
    (the same commit, or any commit that left ``cadence/`` alone) reuse it; copies
    of other sources are removed when a new one is made.
    """
    root = bench_tmp()
    key = source_key()
    venv = root / f"venv-{key}"
    done = venv / ".complete"
    lock_path = root / "install.lock"
    with open(lock_path, "w") as lock:  # one builder at a time (parallel bench runs)
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists() and not rebuild:
            return venv
        for old in root.glob("venv-*"):
            shutil.rmtree(old, ignore_errors=True)
        started = time.perf_counter()
        work = Path(tempfile.mkdtemp(prefix="build-", dir=root))
        try:
            src = work / "src"
            for path in _sources():
                target = src / path.relative_to(REPO_ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
            wheels = work / "wheels"
            _quiet(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "wheel",
                    "-q",
                    "--no-deps",
                    "-w",
                    str(wheels),
                    str(src),
                ]
            )
            (wheel,) = wheels.glob("*.whl")
            _quiet([sys.executable, "-m", "venv", str(venv)])
            _quiet([str(venv_bin(venv, "python")), "-m", "pip", "install", "-q", str(wheel)])
            # pip byte-compiles what it installs; make sure of it whatever its config.
            _quiet([str(venv_bin(venv, "python")), "-m", "compileall", "-q", str(venv / "lib")])
        except BaseException:
            shutil.rmtree(venv, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        done.write_text(f"{key} built from commit {_commit()}\n", encoding="utf-8")
        log(f"installed {wheel.name} into {venv} in {time.perf_counter() - started:.0f} s")
        return venv


def _quiet(argv: Sequence[str]) -> None:
    """Run a set-up step; on failure, raise with what it printed."""
    env = child_env(repo_on_path=False)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(list(argv), capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )

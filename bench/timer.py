"""Timer bench: a real clock, a loaded CPU, a 60-second focus phase in the real app.

Cadence runs as a child process on a 100×30 pseudo-terminal, on a data folder
holding a year of demo history, whose focus phase is one minute long. The bench presses ``3`` and
``space`` like a person, loads every core with busy processes, and measures:

- how late the phase's end is handled: the app stamps the state it saves at a
  phase's end with the moment it handled it (``updated``); that minus the
  phase's deadline is the lateness. Target: within 0.25 s.
- the app's CPU time (user + system, all its threads, from ``/proc/<pid>/stat``)
  over the running minute, as a share of one core. Target: under 2 %.

    python bench/timer.py [--load N] [--phase-min 1] [--months 12]

Linux only (``/proc``); the pty helpers are POSIX.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

import argparse  # noqa: E402
import contextlib  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import select  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import orjson  # noqa: E402

from bench._common import _set_size, child_env  # noqa: E402

LATENESS_TARGET_S = 0.25
CPU_TARGET = 0.02
TICKS = os.sysconf("SC_CLK_TCK")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--load", type=int, default=os.cpu_count() or 1, help="busy processes (default: cores)"
    )
    parser.add_argument(
        "--phase-min", type=int, default=1, help="focus phase length in minutes (default 1)"
    )
    parser.add_argument(
        "--months", type=int, default=12, help="months of demo history in the folder (default 12)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def _burn(stop: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    x = 0
    while not stop.is_set():
        for _ in range(100_000):
            x = (x * 31 + 7) % 1_000_003


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def timer_state(data: Path) -> dict:
    try:
        tables = orjson.loads((data / "timer.json").read_bytes())
    except (OSError, ValueError):
        return {}
    for doc in tables.get("state", {}).values():
        return doc
    return {}


def wait_for(predicate, timeout: float, step: float = 0.05):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def prepare(data: Path, minutes: int, months: int) -> None:
    """A folder with ``months`` of history (0: none) whose focus phase lasts ``minutes``."""
    from cadence.clock import clock_from_env
    from cadence.runtime import open_runtime
    from cadence.shell.demo import write_demo

    if months > 0:
        write_demo(data, months=months, clock=clock_from_env(), language="en")
    runtime = open_runtime(data, language="en", interactive=False)
    try:
        settings = runtime.repo.settings()
        settings.focus_min = minutes
        runtime.repo.save_settings(settings)
    finally:
        runtime.close()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not Path("/proc/self/stat").exists():
        print("timer: needs Linux /proc", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="cadence-bench-timer-"))
    data = work / "data"
    prepare(data, args.phase_min, args.months)
    env = child_env({"PYTHONPYCACHEPREFIX": str(work / "pycache")})
    env.pop("CADENCE_NOW", None)  # the real clock
    master, slave = os.openpty()
    _set_size(slave, 100, 30)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cadence", "--data", str(data)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        cwd=REPO_ROOT,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    done = threading.Event()

    def drain() -> None:  # a full pty buffer would block the app
        while not done.is_set():
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    if not os.read(master, 65536):
                        return
                except OSError:
                    return

    drainer = threading.Thread(target=drain, daemon=True)
    drainer.start()
    stop = multiprocessing.Event()
    burners = [multiprocessing.Process(target=_burn, args=(stop,)) for _ in range(args.load)]
    try:
        time.sleep(4.0)  # started and painted
        idle_0, idle_t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(10.0)
        idle_share = (cpu_seconds(proc.pid) - idle_0) / (time.monotonic() - idle_t0)
        for burner in burners:
            burner.start()
        os.write(master, b"3")
        time.sleep(1.0)
        os.write(master, b" ")
        state = wait_for(lambda: timer_state(data).get("status") == "running", 5)
        if not state:
            print("timer: the app did not start the phase", file=sys.stderr)
            return 1
        started = timer_state(data)
        deadline = float(started["deadline"])
        length = deadline - float(started["started"])
        # The running minute, short of the start and of the end's prompt.
        time.sleep(max(0.0, float(started["started"]) + 1.0 - time.time()))
        cpu_0, t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(max(0.0, deadline - 1.0 - time.time()))
        cpu_share = (cpu_seconds(proc.pid) - cpu_0) / (time.monotonic() - t0)
        ended = wait_for(
            lambda: (s := timer_state(data)).get("started") == deadline and s, length + 10
        )
        if not ended:
            print("timer: the phase's end was not saved", file=sys.stderr)
            return 1
        lateness = float(ended["updated"]) - deadline
    finally:
        stop.set()
        for burner in burners:
            if burner.is_alive():
                burner.join(timeout=5)
        with contextlib.suppress(OSError):
            os.write(master, b"\x11")  # ctrl+q
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        done.set()
        drainer.join(timeout=2)
        os.close(master)
        shutil.rmtree(work, ignore_errors=True)
    late_ok = abs(lateness) <= LATENESS_TARGET_S
    cpu_ok = cpu_share < CPU_TARGET
    print(
        f"{length:.0f}-second phase, {args.load} busy processes on {os.cpu_count()} cores: "
        f"its end was handled {lateness * 1000:+.0f} ms from the deadline "
        f"(target ±{LATENESS_TARGET_S * 1000:.0f} ms) {'ok' if late_ok else 'MISSED'}"
    )
    print(
        f"app CPU while the timer ran: {cpu_share * 100:.2f} % of one core "
        f"(target < {CPU_TARGET * 100:.0f} %) {'ok' if cpu_ok else 'MISSED'}; "
        f"idle before it: {idle_share * 100:.2f} %"
    )
    return 1 if args.check and not (late_ok and cpu_ok) else 0


if __name__ == "__main__":
    raise SystemExit(main())

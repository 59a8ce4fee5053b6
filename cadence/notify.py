"""The one notifier of the app: desktop notifications that never block or break it.

``Notifier.send`` is thread-safe, returns at once and never raises: the
backends run in a background thread, one notification after the other, each
backend tried in order until one delivers. The chain the app uses
(:func:`system_backends` + the app's toast):

1. ``plyer`` — run in a child Python process, because its Linux path calls
   ``notify-send`` with a blocking ``subprocess.call`` whose error text lands on
   the running Textual screen, can hang ~25 s on a silent daemon, and ignores the
   exit status (docs/pitfalls.md). The child is given a timeout, its output is captured,
   and the exit status of whatever plyer ran decides whether it delivered;
2. ``notify-send`` (libnotify) where it is on PATH and a session bus can exist;
3. ``osascript`` on macOS (plyer there needs pyobjus);
4. last, the app's own toast and the terminal bell (never fails).

A backend that fails is skipped for a while (``RETRY_AFTER_S``) so that each
later notification does not wait for it again. The backend in use is logged
once, and :meth:`Notifier.describe` tells the settings screen which one it is.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

log = logging.getLogger("cadence.notify")

#: Seconds a backend may take before its child process is killed.
TIMEOUT_S = 8.0
#: Seconds a failed backend is left out before it is tried again.
RETRY_AFTER_S = 600.0
APP_NAME = "Cadence"


@dataclass(frozen=True)
class Notification:
    title: str
    message: str
    urgency: str = "normal"  # "low" | "normal" | "critical"


class Backend:
    """A way to show a notification. ``deliver`` returns True when it was shown."""

    name = "backend"

    def available(self) -> bool:
        return True

    def deliver(self, note: Notification) -> bool:  # pragma: no cover - interface
        raise NotImplementedError


class CallbackBackend(Backend):
    """Hands the notification to a function: the app's toast + bell."""

    def __init__(self, name: str, callback: Callable[[Notification], None]) -> None:
        self.name = name
        self._callback = callback

    def deliver(self, note: Notification) -> bool:
        self._callback(note)
        return True


# ---------------------------------------------------------------- child processes


def run_captured(
    argv: Sequence[str], *, timeout: float = TIMEOUT_S, env: Mapping[str, str] | None = None
) -> tuple[int | None, str]:
    """Run ``argv`` with its output captured and a hard ``timeout``.

    Returns ``(exit status, output)``; the status is None when the child had to be
    killed. The child gets its own session (process group) so that anything it
    starts in turn (plyer's ``notify-send``) is killed with it and cannot hold the
    pipe open. Never writes to the terminal.
    """
    kwargs: dict[str, object] = {}
    if os.name == "posix":
        kwargs["start_new_session"] = True
    else:  # pragma: no cover - Windows
        kwargs["creationflags"] = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | getattr(
            subprocess, "CREATE_NO_WINDOW", 0
        )
    try:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=dict(env) if env is not None else None,
            **kwargs,  # type: ignore[call-overload]
        )
    except OSError as exc:
        return 127, str(exc)
    try:
        out, _err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_tree(proc)
        try:
            out, _err = proc.communicate(timeout=2)
        except subprocess.TimeoutExpired:  # pragma: no cover - a grandchild kept the pipe
            out = b""
        return None, (out or b"").decode("utf-8", "replace")
    return proc.returncode, (out or b"").decode("utf-8", "replace")


def _kill_tree(proc: subprocess.Popen[bytes]) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError, OSError):
        pass


def session_bus_possible(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a D-Bus session bus can be reached (Linux/BSD): an address is set, the
    user's bus socket exists, or an X display could autolaunch one."""
    env = os.environ if environ is None else environ
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime_dir = env.get("XDG_RUNTIME_DIR")
    if runtime_dir and os.path.exists(os.path.join(runtime_dir, "bus")):
        return True
    return bool(env.get("DISPLAY")) and shutil.which("dbus-launch") is not None


def _unix_desktop() -> bool:
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


# The child that runs plyer: warnings silenced, and the exit status of any process
# plyer starts recorded, since plyer ignores it (a notify-send that failed "works").
PLYER_CHILD = """\
import subprocess, sys, warnings
warnings.simplefilter("ignore")
codes = []
_call, _run = subprocess.call, subprocess.run
def call(*a, **k):
    code = _call(*a, **k)
    codes.append(code)
    return code
def run(*a, **k):
    done = _run(*a, **k)
    codes.append(done.returncode)
    return done
subprocess.call, subprocess.run = call, run
from plyer import notification
notification.notify(title=sys.argv[1], message=sys.argv[2], app_name=sys.argv[3], timeout=10)
sys.exit(1 if any(codes) else 0)
"""


class PlyerBackend(Backend):
    """plyer's notification facade, in a child process with a timeout."""

    name = "plyer"

    def __init__(self, timeout: float = TIMEOUT_S) -> None:
        self.timeout = timeout

    def available(self) -> bool:
        if getattr(sys, "frozen", False) or importlib.util.find_spec("plyer") is None:
            return False
        # On a Unix desktop plyer can only reach the user through the session bus.
        return session_bus_possible() if _unix_desktop() else True

    def deliver(self, note: Notification) -> bool:
        code, output = run_captured(
            [sys.executable, "-c", PLYER_CHILD, note.title, note.message, APP_NAME],
            timeout=self.timeout,
        )
        if code != 0:
            log.info("plyer did not deliver (status %s): %s", code, output.strip()[-300:])
        return code == 0


class NotifySendBackend(Backend):
    """libnotify's ``notify-send``: the freedesktop notification server over D-Bus."""

    name = "notify-send"

    def __init__(self, timeout: float = TIMEOUT_S) -> None:
        self.timeout = timeout

    def available(self) -> bool:
        return shutil.which("notify-send") is not None and session_bus_possible()

    def deliver(self, note: Notification) -> bool:
        urgency = note.urgency if note.urgency in ("low", "normal", "critical") else "normal"
        code, output = run_captured(
            [
                "notify-send",
                f"--app-name={APP_NAME}",
                f"--urgency={urgency}",
                "--",
                note.title,
                note.message,
            ],
            timeout=self.timeout,
        )
        if code != 0:
            log.info("notify-send did not deliver (status %s): %s", code, output.strip()[-300:])
        return code == 0


# Text is passed as arguments, never pasted into the script: no quoting to get wrong.
OSASCRIPT = (
    "on run argv",
    "display notification (item 2 of argv) with title (item 1 of argv)",
    "end run",
)


class OsascriptBackend(Backend):
    """macOS Notification Center through ``osascript``."""

    name = "osascript"

    def __init__(self, timeout: float = TIMEOUT_S) -> None:
        self.timeout = timeout

    def available(self) -> bool:
        return sys.platform == "darwin" and shutil.which("osascript") is not None

    def deliver(self, note: Notification) -> bool:
        argv = ["osascript"]
        for line in OSASCRIPT:
            argv += ["-e", line]
        code, _output = run_captured([*argv, note.title, note.message], timeout=self.timeout)
        return code == 0


def system_backends(timeout: float = TIMEOUT_S) -> list[Backend]:
    """The desktop backends, in the order they are tried (the app adds its toast last)."""
    return [PlyerBackend(timeout), NotifySendBackend(timeout), OsascriptBackend(timeout)]


# ---------------------------------------------------------------- the notifier


@dataclass
class Notifier:
    """Tries ``backends`` in order in a background thread; the first that delivers wins."""

    backends: Sequence[Backend] = ()
    in_use: str = ""
    retry_after: float = RETRY_AFTER_S
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _failed: dict[str, float] = field(default_factory=dict, repr=False)
    _queue: queue.SimpleQueue[Notification] | None = field(default=None, repr=False)

    def send(self, title: str, message: str, urgency: str = "normal") -> None:
        """Queue a notification; returns at once, never raises. Sent one after the other."""
        note = Notification(title, message, urgency)
        with self._lock:
            if self._queue is None:
                self._queue = queue.SimpleQueue()
                threading.Thread(target=self._work, name="cadence-notify", daemon=True).start()
            self._queue.put(note)

    def _work(self) -> None:
        assert self._queue is not None
        while True:
            note = self._queue.get()
            self._deliver(note)

    def send_now(self, title: str, message: str, urgency: str = "normal") -> str:
        """Deliver in this thread (shell commands, tests); returns the backend used."""
        return self._deliver(Notification(title, message, urgency))

    def describe(self) -> str:
        """The backend in use, or the one that would be tried first."""
        if self.in_use:
            return self.in_use
        for backend in self.backends:
            try:
                if not self._resting(backend) and backend.available():
                    return backend.name
            except Exception:
                continue
        return ""

    def _resting(self, backend: Backend) -> bool:
        failed = self._failed.get(backend.name)
        return failed is not None and time.monotonic() - failed < self.retry_after

    def _deliver(self, note: Notification) -> str:
        for backend in self.backends:
            try:
                if self._resting(backend) or not backend.available():
                    continue
                if backend.deliver(note):
                    self._failed.pop(backend.name, None)
                    with self._lock:
                        if self.in_use != backend.name:
                            self.in_use = backend.name
                            log.info("notifications through %s", backend.name)
                    return backend.name
                self._failed[backend.name] = time.monotonic()
            except Exception:  # a failing backend must never stop the app or a timer
                self._failed[backend.name] = time.monotonic()
                log.exception("notification backend %s failed", backend.name)
        return ""


class FakeNotifier(Notifier):
    """Records what it is asked to send (tests)."""

    def __init__(self) -> None:
        super().__init__(backends=())
        self.sent: list[Notification] = []
        self.in_use = "fake"

    def send(self, title: str, message: str, urgency: str = "normal") -> None:
        self.sent.append(Notification(title, message, urgency))

    def send_now(self, title: str, message: str, urgency: str = "normal") -> str:
        self.send(title, message, urgency)
        return "fake"

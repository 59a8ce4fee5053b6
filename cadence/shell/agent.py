"""``cadence agent``: the reminders when no Cadence window is open.

A small foreground process, no Textual: it runs the app's own services (the same
rules and texts, in the user's language) on :class:`AgentHost`, a host with a loop
of its own (:mod:`cadence.shell.agent_loop`) that sleeps until the next due moment
or a change of the data folder. It holds ``.agent.lock`` while it lives
(:mod:`cadence.services.presence`): the open UI then leaves it the desktop
notifications and takes them over within seconds when it stops; both claim each
notification in the data folder first, so none goes out twice.

It logs to a rotating file in the user's log folder; with no desktop notification
at all, a reminder is a line in that log (and the terminal bell when it has one).

``cadence agent install | uninstall | status``: see :mod:`cadence.shell.agent_service`.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cadence.clock import Clock, ShiftedClock, SystemClock
from cadence.data.models import Settings
from cadence.data.repository import Repository
from cadence.data.store import Store
from cadence.notify import CallbackBackend, Notification, Notifier, system_backends
from cadence.services.host import Toast
from cadence.services.presence import (
    AgentAlreadyRunning,
    AgentLock,
    agent_running,
    describe_agent,
    ui_running,
)
from cadence.services.writer import SerialWriter
from cadence.shell import fail
from cadence.shell.agent_loop import Loop, LoopTimer, watcher_for
from cadence.shell.agent_service import log_dir

log = logging.getLogger("cadence.agent")

LOG_NAME = "agent.log"
LOG_BYTES = 512 * 1024
LOG_KEEP = 3
#: "Is a window open?" is asked again after this many seconds.
UI_CHECK_S = 1.0
#: Exit status of ``cadence agent status`` when no agent runs (as ``systemctl status``).
NOT_RUNNING = 3


def setup_logging(folder: Path | None = None) -> logging.handlers.RotatingFileHandler:
    """Log the agent to a rotating file (``agent.log``, 512 KiB × 3); returns the handler
    (its ``baseFilename`` is the file)."""
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_NAME
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_BYTES, backupCount=LOG_KEEP, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s")
    )
    root = logging.getLogger("cadence")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return handler


class AgentHost:
    """What the services need, given by the agent (see ``cadence.services.host``)."""

    role = "agent"
    watched = False
    #: The loop runs every timer at once after a wall-clock jump: services may sleep long.
    max_sleep = 3600.0

    def __init__(
        self,
        *,
        clock: Clock,
        repo: Repository,
        store: Store,
        notifier: Notifier,
        loop: Loop,
        writer: SerialWriter,
        language_fixed: bool = False,
    ) -> None:
        self.clock = clock
        self.repo = repo
        self.store = store
        self.notifier = notifier
        self.loop = loop
        self.writer = writer
        self._settings = repo.settings()
        self._language_fixed = language_fixed
        self._followers: list[Callable[[set[str]], None]] = []
        self._ui_at = -1e9
        self._ui = False
        self._apply_settings()

    # ------------------------------------------------------------ state

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def drives_timer(self) -> bool:
        """Only while no window is open: the window saves the timer while it is."""
        now = time.monotonic()
        if now - self._ui_at >= UI_CHECK_S:
            self._ui = ui_running(self.store.root)
            self._ui_at = now
        return not self._ui

    def _apply_settings(self) -> None:
        settings = self._settings
        if not self._language_fixed and settings.language in ("en", "zh"):
            from cadence.i18n import set_language

            set_language(settings.language)
        zone = settings.timezone
        if zone and zone != self.clock.tz:
            try:
                # The same moment in the new zone (a CADENCE_NOW clock runs on from here).
                clock: Clock
                if isinstance(self.clock, ShiftedClock):
                    clock = ShiftedClock(self.clock.now(), zone)
                else:
                    clock = SystemClock(zone)
                clock.now()
            except Exception:
                log.warning("the settings' time zone %r is not usable", zone)
            else:
                self.clock = clock
                log.info("time zone now %s", zone)

    # ------------------------------------------------------------ doing

    def persist(self, change: Callable[[], object], *, done: str | None = None) -> None:
        def outcome(_result: object, error: BaseException | None) -> None:
            if error is not None:
                log.error("a change was not saved: %s", error)

        self.writer.submit(change, outcome)

    def toast(self, toast: Toast) -> None:
        level = logging.WARNING if toast.severity in ("warning", "error") else logging.INFO
        text = f"{toast.title}: {toast.message}" if toast.title else toast.message
        log.log(level, "%s", text.replace("\n", " / "))

    def bell(self) -> None:
        """Nothing: the agent's bell is its notifier's last resort, not a habit."""

    def after(self, delay: float, callback: Callable[[], None], *, name: str = "") -> LoopTimer:
        return self.loop.after(delay, callback, name)

    def every(self, interval: float, callback: Callable[[], None], *, name: str = "") -> LoopTimer:
        return self.loop.every(interval, callback, name)

    def on_main(self, callback: Callable[[], object]) -> None:
        self.loop.post(callback)

    def follow(self, callback: Callable[[set[str]], None]) -> None:
        self._followers.append(callback)

    def folder_changed(self) -> None:
        """The loop saw the folder change: re-read what changed and tell the services."""
        changed = self.store.poll()
        for notice in self.store.take_notices():
            log.info("data: %s %s %s", notice.kind, notice.file, notice.detail)
        if not changed:
            return
        log.info("changed elsewhere: %s", ", ".join(sorted(changed)))
        if any(n.startswith("settings") for n in changed):
            self._settings = self.repo.settings()
            self._apply_settings()
        for callback in list(self._followers):
            try:
                callback(changed)
            except Exception:
                log.exception("a service failed on %s", changed)


def last_resort(note: Notification) -> None:
    """No desktop notification works: a line in the log, and the bell on a terminal."""
    log.warning("REMINDER %s: %s", note.title, note.message.replace("\n", " / "))
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and stream.isatty():
                stream.write("\a")
                stream.flush()
                return
        except (OSError, ValueError):
            continue


def agent_notifier() -> Notifier:
    """The agent's notifier chain: the desktop's backends, then :func:`last_resort`."""
    return Notifier([*system_backends(), CallbackBackend("log", last_resort)])


def run_agent(data_dir: Path, language: str, *, language_fixed: bool = False) -> int:
    """Run in the foreground until a signal (TERM, INT, HUP) ends it."""
    handler = setup_logging()
    try:
        return _run(data_dir, language, language_fixed, Path(handler.baseFilename))
    finally:
        logging.getLogger("cadence").removeHandler(handler)
        handler.close()


def _run(data_dir: Path, language: str, language_fixed: bool, log_path: Path) -> int:
    from cadence.runtime import open_runtime
    from cadence.services import build_services

    runtime = open_runtime(data_dir, language=language, interactive=False)
    lock = AgentLock(data_dir)
    try:
        lock.acquire(since=runtime.clock.now().format("YYYY-MM-DD HH:mm:ss"))
    except AgentAlreadyRunning as exc:
        runtime.close()
        return fail(str(exc), 1)
    notifier = agent_notifier()
    writer = SerialWriter("cadence-agent-writer")
    holder: list[AgentHost] = []
    loop = Loop(
        watcher_for(data_dir),
        on_change=lambda: holder[0].folder_changed(),
        wall=lambda: holder[0].clock.now().timestamp(),
    )
    host = AgentHost(
        clock=runtime.clock,
        repo=runtime.repo,
        store=runtime.store,
        notifier=notifier,
        loop=loop,
        writer=writer,
        language_fixed=language_fixed,
    )
    holder.append(host)
    services = build_services(host)

    def next_reminder(reminder: object) -> None:
        at = getattr(reminder, "at", None)
        lock.set_next(at.isoformat() if at is not None else "", getattr(reminder, "title", ""))

    services.reminders.add_next_listener(next_reminder)

    def stop(signum: int, _frame: object) -> None:
        log.info("stopping (signal %d)", signum)
        loop.stop()

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    log.info("agent started on %s (notifications: %s)", data_dir, notifier.describe() or "log")
    print(
        f"cadence agent: reminding from {data_dir} (log: {log_path}); ctrl+c stops it",
        flush=True,
    )
    try:
        services.start()
        loop.run()
    finally:
        services.sync.wait(10)
        writer.close()
        loop.close()
        lock.release()
        runtime.close()
        log.info("agent stopped")
    return 0


def status_command(data_dir: Path) -> int:
    """Print whether an agent runs on the folder (and how it is installed)."""
    from cadence.shell.agent_service import installed_description

    info = agent_running(data_dir)
    print(describe_agent(info))
    print(installed_description())
    return 0 if info is not None else NOT_RUNNING


def agent_command(args, data_dir: Path, language: str) -> int:
    """``cadence agent [run|install|uninstall|status]``."""
    action = getattr(args, "agent_command", None) or "run"
    if action == "status":
        return status_command(data_dir)
    if action in ("install", "uninstall"):
        from cadence.shell.agent_service import install, uninstall

        dry = bool(getattr(args, "dry_run", False))
        folder = data_dir.expanduser().resolve()
        return install(folder, dry_run=dry) if action == "install" else uninstall(dry_run=dry)
    if data_dir.exists() and not data_dir.is_dir():
        import errno

        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(data_dir))
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    return run_agent(data_dir, language, language_fixed=bool(getattr(args, "lang", None)))

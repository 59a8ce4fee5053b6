"""Sync in the background: when one is due, running it, and what the last one said.

:class:`SyncService` has no timer and no thread of its own: it says when a sync is
:meth:`~SyncService.due`, runs one (blocking) and keeps :attr:`~SyncService.last`.
Feed it the store's changes (:meth:`SyncService.note_change`) and it syncs soon
after them. :class:`BackgroundSync` drives it on a host (the open app, the agent):
it sleeps until the next sync is due, runs it on a thread of its own (never the UI's,
never the writer's: a sync may take seconds and a key press must not wait), and
tells its listeners the result. While an agent runs, the app leaves syncing to it
and shows the agent's last result.

The sync engine (and the CalDAV client it loads) is imported only when a sync runs.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

import pendulum
from pendulum import DateTime

from cadence.clock import Clock
from cadence.data.repository import Repository
from cadence.i18n import _

if TYPE_CHECKING:
    from cadence.services.host import Host, Timer
    from cadence.sync.engine import SyncReport

log = logging.getLogger("cadence.sync")

#: A sync every 15 minutes while the app is open…
INTERVAL = timedelta(minutes=15)
#: …and this long after the last of a burst of changes (one sync for many key presses)…
AFTER_CHANGE = timedelta(seconds=30)
#: …but never sooner than this after the previous attempt (offline, every change would fail).
MIN_GAP = timedelta(minutes=2)


def _watched(name: str) -> bool:
    """The files whose changes reach the server: the plan, the cards, the dates' changes."""
    return name in ("plan", "board", "settings") or name.startswith("days-")


@dataclass(frozen=True)
class LastSync:
    """When the last sync ran and its one-line result."""

    at: DateTime
    ok: bool
    line: str


class SyncService:
    """Decides when to sync and runs one sync at a time; scheduler-agnostic."""

    def __init__(
        self,
        repo: Repository,
        clock: Clock,
        *,
        tz: str | None = None,
        runner: Callable[..., SyncReport] | None = None,
    ) -> None:
        self.repo = repo
        self.clock = clock
        self._tz = tz
        self._runner = runner
        self._lock = threading.Lock()
        self._changed_at: DateTime | None = None
        self._attempt_at: DateTime | None = None
        self.last: LastSync | None = None
        self.running = False
        self.read_last()
        if self.last is not None:
            self._attempt_at = self.last.at

    def read_last(self) -> None:
        """Take the last run from the sync state (another process may have run it:
        ``cadence sync``, the agent), a failed background one included; a newer result of
        this process is kept."""
        from cadence.sync import state

        saved = state.load(self.repo)
        for run, ok in ((saved.last, True), (saved.failed, False)):
            if run is None:
                continue
            try:
                at = pendulum.parse(run.at)
            except ValueError:
                continue
            if isinstance(at, DateTime) and (self.last is None or at > self.last.at):
                self.last = LastSync(at, ok, run.line)

    @property
    def configured(self) -> bool:
        """Whether an account is set up (``cadence sync setup``)."""
        from cadence.sync import state

        return bool(self.repo.store.tables(state.SYNC_FILE).get("account"))

    def note_change(self, names: Iterable[str]) -> None:
        """The store changed ``names`` (file names): sync soon if they reach the server.

        Changes made while a sync runs are its own (moved cards, its state) and ignored.
        """
        if self.running or not any(_watched(n) for n in names):
            return
        self._changed_at = self.clock.now()

    def due(self, now: DateTime) -> bool:
        """Whether a sync should start now: every 15 minutes, and soon after a change."""
        if self.running or not self.configured:
            return False
        if self._attempt_at is None or now - self._attempt_at >= INTERVAL:
            return True
        if self._changed_at is None:
            return False
        return now - self._changed_at >= AFTER_CHANGE and now - self._attempt_at >= MIN_GAP

    def next_due(self, now: DateTime) -> DateTime | None:
        """When :meth:`due` will next say yes (``now`` when it does; None: not set up)."""
        if self.running or not self.configured:
            return None
        if self._attempt_at is None:
            return now
        moment = self._attempt_at + INTERVAL
        if self._changed_at is not None:
            moment = min(moment, max(self._changed_at + AFTER_CHANGE, self._attempt_at + MIN_GAP))
        return max(now, moment)

    def skip(self, now: DateTime) -> None:
        """Count ``now`` as an attempt without syncing (the agent syncs for the app)."""
        self._attempt_at = now
        self._changed_at = None

    def run(self) -> SyncReport:
        """One sync, blocking (run it off the UI thread). Never raises for a sync failure:
        the report's ``error`` says what went wrong, and :attr:`last` is updated."""
        from cadence.sync.client import SyncError
        from cadence.sync.engine import SyncReport, run_sync

        now = self.clock.now()
        if not self._lock.acquire(blocking=False):
            return SyncReport(at=now.isoformat(), error=_("A sync is already running."))
        self.running = True
        self._attempt_at = now
        self._changed_at = None
        try:
            tz = str(self._tz or self.repo.settings().timezone or getattr(self.clock, "tz", "UTC"))
            try:
                report = (self._runner or run_sync)(self.repo, now, tz)
            except SyncError as exc:
                report = SyncReport(at=now.isoformat(), error=str(exc))
            except Exception as exc:  # a bug must not kill the caller's worker
                report = SyncReport(
                    at=now.isoformat(),
                    error=_("The sync failed unexpectedly ({error}).", error=type(exc).__name__),
                )
            self.last = LastSync(now, report.ok, report.summary())
            if not report.ok:
                self._keep_failure(self.last)
            return report
        finally:
            self.running = False
            self._lock.release()

    def _keep_failure(self, last: LastSync) -> None:
        """Write the failure down for the other processes (the UI while the agent syncs)."""
        from cadence.sync import state

        if self.repo.store.read_only:
            return
        try:
            state.record_failure(self.repo, state.LastRun(at=last.at.isoformat(), line=last.line))
        except Exception:  # the folder itself may be what failed; the line is kept here
            log.warning("could not keep the failed sync's result", exc_info=True)


def describe_sync(background: BackgroundSync) -> str:
    """One line about the background sync, for the settings dialog."""
    if not background.configured:
        return _("Sync: not set up (cadence sync setup).")
    last = background.last
    if last is None:
        return _("Sync: set up, not run yet.")
    when = last.at.in_timezone(background.host.clock.tz).format("YYYY-MM-DD HH:mm")
    if last.ok:
        return _("Last sync {time}: {result}", time=when, result=last.line)
    return _("Last sync {time} failed: {result}", time=when, result=last.line)


class BackgroundSync:
    """Runs :class:`SyncService` on a host: when due, on a thread of its own.

    ``service`` is made on first use (no sync account: nothing is imported, and no
    timer is set until ``cadence sync setup`` writes one).
    """

    def __init__(self, host: Host) -> None:
        self.host = host
        self._service: SyncService | None = None
        self._wake: Timer | None = None
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[], None]] = []
        self.started = False

    @property
    def service(self) -> SyncService:
        if self._service is None:
            self._service = SyncService(self.host.repo, self.host.clock)
        return self._service

    @property
    def configured(self) -> bool:
        from cadence.sync.state import SYNC_FILE

        return bool(self.host.store.tables(SYNC_FILE).get("account"))

    @property
    def last(self) -> LastSync | None:
        return self.service.last if self.configured else None

    def add_listener(self, callback: Callable[[], None]) -> None:
        """``callback()`` on the host's thread when a sync ends (the settings line)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[], None]) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def start(self) -> None:
        if self.host.read_only:
            return
        self.started = True
        # This process's own writes (the writer's thread: only a timestamp is set) …
        self.host.store.add_listener(self._changed)
        # … and those of other processes (a sync setup, the shell, a sync client).
        self.host.follow(self._followed)
        self.plan()

    def _changed(self, names: set[str]) -> None:
        if self._service is not None:
            self._service.note_change(names)

    def _followed(self, names: set[str]) -> None:
        from cadence.sync.state import SYNC_FILE

        if SYNC_FILE in names and self.configured:
            self.service.read_last()
            self._tell()
        self._changed(names)
        self.plan()

    def plan(self) -> None:
        """Sleep until the next sync is due (no timer at all without an account)."""
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        if not self.started or not self.configured:
            return
        if self._thread is not None and self._thread.is_alive():
            return  # planned again when it ends
        now = self.host.clock.now()
        moment = self.service.next_due(now)
        if moment is None:
            return
        delay = min(self.host.max_sleep, (moment - now).total_seconds())
        self._wake = self.host.after(max(0.0, delay) + 0.01, self._woken, name="sync")

    def _woken(self) -> None:
        self._wake = None
        self.tick()
        self.plan()

    @property
    def left_to_agent(self) -> bool:
        """The app leaves syncing to a running agent."""
        if self.host.role != "app":
            return False
        from cadence.services.presence import agent_running

        return agent_running(self.host.store.root) is not None

    def tick(self) -> bool:
        """Start a sync in the background when one is due; True when one started."""
        service = self.service
        if self._thread is not None and self._thread.is_alive():
            return False
        if not service.due(self.host.clock.now()):
            return False
        if self.left_to_agent:
            service.skip(self.host.clock.now())
            service.read_last()
            self._tell()
            return False
        self._thread = threading.Thread(target=self._run, name="cadence-sync", daemon=True)
        self._thread.start()
        return True

    def _run(self) -> None:
        report = self.service.run()
        log.info("background sync: %s", report.summary())
        self.host.on_main(self._finished)

    def _finished(self) -> None:
        self._tell()
        self.plan()

    def _tell(self) -> None:
        for callback in list(self._listeners):
            callback()

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a sync in progress (tests, and the agent on its way out)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

"""Sync in the background: when one is due, running it, and what the last one said.

No Textual, no timer and no thread of its own: whoever holds it (the app, later the
agent) asks :meth:`SyncService.due` on its own schedule, runs :meth:`SyncService.run`
off the UI thread when it says so, and shows :attr:`SyncService.last`. Feed it the
store's changes (:meth:`SyncService.note_change`) and it syncs soon after them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

import pendulum
from pendulum import DateTime

from cadence.clock import Clock
from cadence.data.repository import Repository
from cadence.i18n import _
from cadence.sync.engine import SyncReport, run_sync

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
        runner: Callable[..., SyncReport] = run_sync,
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
        from cadence.sync import state

        saved = state.load(repo).last
        if saved is not None:
            try:
                at = pendulum.parse(saved.at)
            except ValueError:
                at = None
            if isinstance(at, DateTime):
                self.last = LastSync(at, True, saved.line)
                self._attempt_at = at

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

    def run(self) -> SyncReport:
        """One sync, blocking (run it off the UI thread). Never raises for a sync failure:
        the report's ``error`` says what went wrong, and :attr:`last` is updated."""
        from cadence.sync.client import SyncError

        now = self.clock.now()
        if not self._lock.acquire(blocking=False):
            return SyncReport(at=now.isoformat(), error=_("A sync is already running."))
        self.running = True
        self._attempt_at = now
        self._changed_at = None
        try:
            tz = self._tz or self.repo.settings().timezone or getattr(self.clock, "tz", "UTC")
            try:
                report = self._runner(self.repo, now, tz)
            except SyncError as exc:
                report = SyncReport(at=now.isoformat(), error=str(exc))
            except Exception as exc:  # a bug must not kill the caller's worker
                report = SyncReport(
                    at=now.isoformat(),
                    error=_("The sync failed unexpectedly ({error}).", error=type(exc).__name__),
                )
            self.last = LastSync(now, report.ok, report.summary())
            return report
        finally:
            self.running = False
            self._lock.release()

"""SyncService: when a background sync is due, one at a time, and what the last one said."""

from __future__ import annotations

import threading

import pendulum
import pytest

from cadence.clock import FakeClock
from cadence.services.sync import AFTER_CHANGE, INTERVAL, MIN_GAP, SyncService
from cadence.sync import state as sync_state
from cadence.sync.client import SyncError
from cadence.sync.engine import SyncReport
from tests.sync.conftest import NOW, TZ


class Runner:
    """Stands in for run_sync: records calls, returns a report or raises."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, str]] = []
        self.fail: str = ""
        self.gate: threading.Event | None = None
        self.started = threading.Event()

    def __call__(self, repo, now, tz):
        self.calls.append((now, tz))
        self.started.set()
        if self.gate is not None:
            self.gate.wait(5)
        if self.fail:
            raise SyncError(self.fail)
        return SyncReport(at=now.isoformat(), created=2)


@pytest.fixture
def setup(open_repo, data_dir):
    runtime = open_repo(data_dir)
    clock = FakeClock(NOW, tz=TZ)
    runner = Runner()
    service = SyncService(runtime.repo, clock, runner=runner)
    return runtime.repo, clock, runner, service


def _configure(repo) -> None:
    sync_state.save_account(
        repo, sync_state.Account(url="https://dav.example.com/", username="a"), reset_items=True
    )


def test_nothing_is_due_before_setup(setup):
    repo, clock, runner, service = setup
    assert not service.configured
    assert not service.due(clock.now())
    _configure(repo)
    assert service.configured
    assert service.due(clock.now())  # the first sync comes right after opening


def test_every_fifteen_minutes_and_soon_after_a_change(setup):
    repo, clock, runner, service = setup
    _configure(repo)
    report = service.run()
    assert report.ok and runner.calls[0][1] == TZ
    assert not service.due(clock.now())

    clock.advance(INTERVAL.total_seconds() - 1)
    assert not service.due(clock.now())
    clock.advance(1)
    assert service.due(clock.now())
    service.run()

    # A change: a sync once the burst is over, but not sooner than MIN_GAP after the last.
    service.note_change({"board"})
    clock.advance(AFTER_CHANGE.total_seconds())
    assert not service.due(clock.now())  # only 30 s since the last sync
    clock.advance(MIN_GAP.total_seconds())
    assert service.due(clock.now())
    service.run()
    assert not service.due(clock.now())

    # Files that never reach the server do not count.
    service.note_change({"focus-2026", "timer", "sync"})
    clock.advance(MIN_GAP.total_seconds() + AFTER_CHANGE.total_seconds())
    assert not service.due(clock.now())
    service.note_change({"days-2026"})
    clock.advance(AFTER_CHANGE.total_seconds())
    assert service.due(clock.now())


def test_last_says_when_and_what_and_failures_do_not_raise(setup):
    repo, clock, runner, service = setup
    _configure(repo)
    service.run()
    assert service.last.ok and service.last.at == clock.now()
    assert service.last.line.startswith("Synced: 2 created")

    clock.advance(60)
    runner.fail = "Cannot reach the server at x; nothing was changed here."
    report = service.run()
    assert not report.ok and report.summary() == runner.fail
    assert service.last == type(service.last)(clock.now(), False, runner.fail)


def test_one_sync_at_a_time_and_its_own_writes_do_not_call_for_another(setup):
    repo, clock, runner, service = setup
    _configure(repo)
    runner.gate = threading.Event()
    results = []
    worker = threading.Thread(target=lambda: results.append(service.run()))
    worker.start()
    assert runner.started.wait(5)
    assert service.running and not service.due(clock.now())
    service.note_change({"board"})  # the sync moving a card: its own write
    second = service.run()
    assert second.error == "A sync is already running."
    runner.gate.set()
    worker.join()
    assert results[0].ok and len(runner.calls) == 1
    clock.advance(MIN_GAP.total_seconds() + AFTER_CHANGE.total_seconds())
    assert not service.due(clock.now())


def test_the_last_sync_is_read_back_after_a_restart(setup, open_repo, data_dir):
    repo, clock, runner, _service = setup
    _configure(repo)
    at = pendulum.parse(NOW, tz=TZ)
    sync_state.record_run(repo, {}, sync_state.LastRun(at=at.isoformat(), line="In sync."))
    again = SyncService(repo, clock, runner=runner)
    assert again.last is not None and again.last.line == "In sync." and again.last.ok
    assert not again.due(clock.now())  # synced a moment ago (e.g. from the shell)
    clock.advance(INTERVAL.total_seconds())
    assert again.due(clock.now())

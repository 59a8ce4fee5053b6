"""BackgroundSync on a host (the agent's, the app's): every 15 minutes and after changes,
on a thread of its own; the last sync and its result, here and in another process; the
settings dialog's line."""

from __future__ import annotations

import os
import threading

import pytest

from cadence.clock import FakeClock
from cadence.services.presence import AgentLock
from cadence.services.sync import INTERVAL, BackgroundSync, SyncService, describe_sync
from cadence.sync import state as sync_state
from cadence.sync.client import SyncError
from cadence.sync.engine import SyncReport
from tests.helpers import settle
from tests.sync.conftest import NOW, TZ


class Runner:
    """Stands in for run_sync: records the thread it ran on, returns a report or raises."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.fail = ""
        self.ran = threading.Event()

    def __call__(self, repo, now, tz, **_kw):
        self.threads.append(threading.current_thread())
        self.ran.set()
        if self.fail:
            raise SyncError(self.fail)
        report = SyncReport(at=now.isoformat(), created=3)
        # As run_sync does: the run's outcome in the sync state, in the same transaction.
        last = sync_state.LastRun(at=now.isoformat(), line=report.summary())
        sync_state.record_run(repo, {}, last)
        return report


class Timer:
    def __init__(self, delay, callback):
        self.delay, self.callback, self.stopped = delay, callback, False

    def stop(self):
        self.stopped = True


class Host:
    """The part of a host BackgroundSync uses; timers and on_main calls fire when told."""

    max_sleep = 3600.0

    def __init__(self, runtime, clock, role="agent"):
        self.role = role
        self.read_only = False
        self.repo = runtime.repo
        self.store = runtime.store
        self.clock = clock
        self.timers: list[Timer] = []
        self.posted: list = []
        self.followers: list = []

    def after(self, delay, callback, *, name=""):
        self.timers.append(Timer(delay, callback))
        return self.timers[-1]

    def on_main(self, callback):
        self.posted.append(callback)

    def follow(self, callback):
        self.followers.append(callback)

    def pending(self) -> Timer:
        (timer,) = [t for t in self.timers if not t.stopped]
        return timer

    def fire(self, background: BackgroundSync) -> None:
        """Run the pending timer, wait for the sync's thread, run what it posted."""
        timer = self.pending()
        timer.stopped = True
        timer.callback()
        background.wait(5)
        while self.posted:
            self.posted.pop(0)()


@pytest.fixture
def runner(monkeypatch):
    runner = Runner()
    monkeypatch.setattr("cadence.sync.engine.run_sync", runner)
    return runner


def _configure(repo) -> None:
    sync_state.save_account(
        repo, sync_state.Account(url="https://dav.example.com/", username="a"), reset_items=True
    )


def test_no_timer_without_an_account_then_every_15_minutes_and_after_a_change(
    open_repo, data_dir, runner
):
    runtime = open_repo(data_dir)
    clock = FakeClock(NOW, tz=TZ)
    host = Host(runtime, clock)
    background = BackgroundSync(host)
    told: list[str] = []
    background.add_listener(lambda: told.append(describe_sync(background)))
    background.start()
    assert host.timers == []  # nothing set up: no timer, nothing imported
    assert describe_sync(background) == "Sync: not set up (cadence sync setup)."

    _configure(runtime.repo)
    host.followers[0]({"sync"})  # the shell's `cadence sync setup`, seen by the host
    assert host.pending().delay < 0.1  # the first sync right away
    host.fire(background)
    # On a thread of its own, never the host's (a key press never waits for a server).
    assert runner.threads and runner.threads[0] is not threading.current_thread()
    assert told == [
        "Sync: set up, not run yet.",
        "Last sync 2026-12-01 20:45: Synced: 3 created, 0 changed, 0 removed on the server; "
        "0 cards moved here.",
    ]
    assert host.pending().delay == pytest.approx(INTERVAL.total_seconds(), abs=0.1)

    # A change elsewhere (the UI, the shell): a sync soon after, not a quarter hour later.
    clock.advance(60)
    host.followers[0]({"board"})
    assert host.pending().delay == pytest.approx(60, abs=0.1)  # two minutes after the last
    clock.advance(60)
    host.fire(background)
    assert len(runner.threads) == 2
    # Files that never reach the server do not call for one.
    clock.advance(300)
    host.followers[0]({"focus-2026"})
    assert host.pending().delay == pytest.approx(INTERVAL.total_seconds() - 300, abs=0.1)


def test_a_failed_background_sync_is_shown_by_the_other_process_until_one_succeeds(
    open_repo, data_dir, runner
):
    runtime = open_repo(data_dir)
    _configure(runtime.repo)
    clock = FakeClock(NOW, tz=TZ)
    agent = SyncService(runtime.repo, clock)
    agent.run()
    clock.advance(900)
    runner.fail = "Cannot reach the server at dav.example.com; nothing was changed here."
    assert not agent.run().ok
    # The UI (another process, another SyncService) reads what the agent wrote down.
    ui = SyncService(runtime.repo, clock)
    assert ui.last is not None and not ui.last.ok and ui.last.line == runner.fail
    assert ui.last.at == clock.now()
    clock.advance(900)
    runner.fail = ""
    agent.run()
    ui.read_last()
    assert ui.last.ok and ui.last.line.startswith("Synced: 3 created")
    assert sync_state.load(runtime.repo).failed is None


def test_the_app_leaves_syncing_to_a_running_agent_and_shows_its_result(
    open_repo, data_dir, runner
):
    runtime = open_repo(data_dir)
    _configure(runtime.repo)
    clock = FakeClock(NOW, tz=TZ)
    at = clock.now().subtract(minutes=20).isoformat()
    sync_state.record_run(runtime.repo, {}, sync_state.LastRun(at=at, line="In sync."))
    host = Host(runtime, clock, role="app")
    background = BackgroundSync(host)
    background.start()
    lock = AgentLock(data_dir)
    lock.acquire(since="now")
    try:
        host.fire(background)
        assert runner.threads == []  # the agent syncs; the app only reads its result
        assert describe_sync(background) == "Last sync 2026-12-01 20:25: In sync."
    finally:
        lock.release()
    clock.advance(INTERVAL.total_seconds())
    host.fire(background)  # no agent any more: the app syncs itself
    assert len(runner.threads) == 1


async def test_the_settings_dialog_shows_the_last_sync_and_follows_a_new_one(make_runtime, runner):
    from cadence.app import CadenceApp

    runtime = make_runtime(now="2026-12-01T20:45")
    _configure(runtime.repo)
    at = runtime.clock.now().subtract(minutes=5).isoformat()
    sync_state.record_run(runtime.repo, {}, sync_state.LastRun(at=at, line="In sync."))
    app = CadenceApp(runtime)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("comma")
        await settle(pilot)
        line = app.screen.query_one("#sync-status")
        assert "Last sync 2026-12-01 20:40: In sync." in str(line.render())
        runner.fail = "The server said 401: check the user name and password."
        runtime.clock.advance(INTERVAL.total_seconds())
        app.services.sync.tick()
        app.services.sync.wait(5)
        await settle(pilot)
        text = str(app.screen.query_one("#sync-status").render())
        assert text == "Last sync 2026-12-01 21:00 failed: " + runner.fail


async def test_with_an_agent_the_settings_dialog_shows_it_and_its_sync_result(
    make_runtime, runner, tmp_path
):
    """The agent syncs for the open UI: the dialog says the agent runs (as ``cadence agent
    status`` does) and shows the agent's sync result as soon as it is written."""
    from cadence.app import CadenceApp

    data = tmp_path / "data"
    runtime = make_runtime(now="2026-12-01T20:45", data=data)
    _configure(runtime.repo)
    at = runtime.clock.now().subtract(minutes=5).isoformat()
    sync_state.record_run(runtime.repo, {}, sync_state.LastRun(at=at, line="In sync."))
    lock = AgentLock(data)
    lock.acquire(since="2026-12-01 20:00:00")
    lock.set_next("2026-12-01T20:55:00+08:00", "Wind down")
    try:
        app = CadenceApp(runtime, poll_interval=0.2)
        async with app.run_test(size=(100, 40)) as pilot:
            await settle(pilot)
            await pilot.press("comma")
            await settle(pilot)
            agent_line = str(app.screen.query_one("#agent-status").render())
            assert agent_line == (
                f"Agent: running (process {os.getpid()}, since 2026-12-01 20:00:00). "
                "Next reminder 20:55: Wind down."
            )
            # The agent's sync fails (its own SyncService, its own store on the folder).
            agent_side = make_runtime(now="2026-12-01T20:50", data=data, interactive=False)
            runner.fail = "Cannot reach the server at dav.example.com; nothing was changed here."
            assert not SyncService(agent_side.repo, agent_side.clock).run().ok
            expected = "Last sync 2026-12-01 20:50 failed: " + runner.fail
            for _ in range(50):
                await pilot.pause(0.1)
                if str(app.screen.query_one("#sync-status").render()) == expected:
                    break
            assert str(app.screen.query_one("#sync-status").render()) == expected
            assert len(runner.threads) == 1  # the app itself never synced
    finally:
        lock.release()

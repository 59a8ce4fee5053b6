"""The agent in-process: its loop (timers, posts, folder changes, clock jumps), its host
running the app's services, the ledger of what was delivered, who runs on a folder."""

from __future__ import annotations

import argparse
import json
import os
import threading
import time

import pytest

from cadence.clock import FakeClock
from cadence.data.lock import INFO_NAME
from cadence.i18n import get_language, set_language
from cadence.notify import FakeNotifier
from cadence.runtime import open_runtime
from cadence.services import build_services, ledger
from cadence.services.delivery import GRACE_S, Delivery
from cadence.services.presence import (
    AgentAlreadyRunning,
    AgentLock,
    agent_running,
    describe_agent,
    pid_alive,
    ui_running,
)
from cadence.services.writer import SerialWriter
from cadence.shell.agent import LOG_BYTES, LOG_KEEP, AgentHost, agent_notifier, setup_logging
from cadence.shell.agent_loop import FolderWatcher, Loop, watcher_for

TZ = "Asia/Shanghai"


def wait(predicate, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


class Running:
    """A loop run on a thread of its own (as the agent runs it on its main thread)."""

    def __init__(self, loop: Loop) -> None:
        self.loop = loop
        self.thread = threading.Thread(target=loop.run, daemon=True)

    def __enter__(self) -> Loop:
        self.thread.start()
        return self.loop

    def __exit__(self, *exc: object) -> None:
        self.loop.stop()
        self.thread.join(5)
        assert not self.thread.is_alive()
        self.loop.close()


# ---------------------------------------------------------------- the loop


def test_timers_run_in_order_posts_come_from_threads_and_stop_ends_it(tmp_path):
    got: list[str] = []
    loop = Loop(FolderWatcher(), on_change=lambda: None)
    loop.after(0.2, lambda: got.append("later"))
    loop.after(0.05, lambda: got.append("sooner"))
    off = loop.after(0.1, lambda: got.append("called off"))
    off.stop()
    ticks = loop.every(0.05, lambda: got.append("tick"))
    with Running(loop):
        threading.Thread(target=lambda: loop.post(lambda: got.append("posted"))).start()
        assert wait(lambda: "later" in got)
        ticks.stop()
    assert got.index("sooner") < got.index("later")
    assert "called off" not in got and "posted" in got and got.count("tick") >= 2


def test_a_timer_that_raises_does_not_stop_the_loop(caplog):
    got: list[str] = []
    loop = Loop(FolderWatcher(), on_change=lambda: None)
    loop.after(0.01, lambda: 1 / 0, "broken")
    loop.after(0.05, lambda: got.append("after"))
    with Running(loop):
        assert wait(lambda: got == ["after"])
    assert "broken failed" in caplog.text


def test_a_data_file_replaced_wakes_the_loop_and_hidden_files_do_not(tmp_path):
    changes: list[float] = []
    watcher = watcher_for(tmp_path)
    if watcher.poll_s is not None:
        pytest.skip("no inotify / kqueue here")
    loop = Loop(watcher, on_change=lambda: changes.append(time.monotonic()))
    with Running(loop):
        time.sleep(0.1)
        (tmp_path / ".agent.json").write_text("{}")  # the agent's own note
        (tmp_path / ".board.json.123.tmp").write_text("{}")  # a write in progress
        (tmp_path / "board.json.prev").write_text("{}")
        time.sleep(0.3)
        assert changes == []
        tmp = tmp_path / ".timer.json.1.tmp"
        tmp.write_text("{}")
        os.replace(tmp, tmp_path / "timer.json")  # how the store writes
        assert wait(lambda: len(changes) == 1, 2)


def test_a_wall_clock_jump_runs_every_timer_at_once():
    wall = [1_000_000.0]
    fired: list[float] = []
    loop = Loop(FolderWatcher(), on_change=lambda: None, wall=lambda: wall[0], jump_check_s=0.05)
    loop.after(3600, lambda: fired.append(time.monotonic()))  # an hour away on the monotonic clock
    with Running(loop):
        time.sleep(0.2)
        assert fired == []
        wall[0] += 1800  # the lid was closed for half an hour
        assert wait(lambda: len(fired) == 1, 2)
    assert loop.jumps == 1


def test_an_idle_loop_sleeps():
    loop = Loop(FolderWatcher(), on_change=lambda: None, jump_check_s=0.5)
    loop.watcher.poll_s = None  # nothing to poll: only the clock check wakes it
    with Running(loop):
        time.sleep(1.2)
    assert loop.wakes <= 4


# ---------------------------------------------------------------- who runs here


def test_the_agent_lock_says_who_and_a_second_agent_is_refused(tmp_path):
    assert agent_running(tmp_path) is None
    assert not (tmp_path / ".agent.lock").exists()  # asking creates nothing
    first = AgentLock(tmp_path)
    first.acquire(since="2027-03-09 20:24:40")
    try:
        info = agent_running(tmp_path)
        assert info is not None and info.pid == os.getpid() and info.since.startswith("2027")
        first.set_next("2027-03-09T20:25:00+08:00", "Targeted study")
        line = describe_agent(agent_running(tmp_path))
        assert f"process {os.getpid()}" in line and "Next reminder 20:25: Targeted study" in line
        with pytest.raises(AgentAlreadyRunning, match="An agent already runs"):
            AgentLock(tmp_path, timeout=0.1).acquire(since="now")
    finally:
        first.release()
    assert agent_running(tmp_path) is None
    assert not (tmp_path / ".agent.json").exists()
    assert "not running" in describe_agent(None)


def test_an_open_window_is_known_by_its_living_process(tmp_path):
    note = tmp_path / INFO_NAME
    assert not ui_running(tmp_path)
    import socket

    note.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": "x"}))
    assert ui_running(tmp_path)
    dead = 2**22 + 12345
    assert not pid_alive(dead)
    note.write_text(json.dumps({"pid": dead, "host": socket.gethostname(), "since": "x"}))
    assert not ui_running(tmp_path)


# ---------------------------------------------------------------- the ledger


def test_two_processes_claim_a_notification_once(make_runtime, tmp_path):
    a = make_runtime(interactive=False)
    b = make_runtime(interactive=False, data=tmp_path / "data")
    results = []
    barrier = threading.Barrier(2)

    def claim(runtime, by):
        barrier.wait()
        results.append(ledger.claim(runtime.store, "block:k", due=1.0, at="now", by=by))

    threads = [threading.Thread(target=claim, args=(r, n)) for r, n in ((a, "agent"), (b, "app"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, True]
    assert list(ledger.delivered_in(tmp_path / "data")) == ["block:k"]
    # Old records go as new ones come in.
    assert ledger.claim(a.store, "block:new", due=1.0 + ledger.KEEP_S + 10, at="later", by="app")
    assert list(ledger.delivered(a.store)) == ["block:new"]


# ---------------------------------------------------------------- the agent's host


def agent_host(runtime, clock, notifier=None, jump_check_s: float = 30.0):
    holder: list[AgentHost] = []
    loop = Loop(
        watcher_for(runtime.data_dir),
        on_change=lambda: holder[0].folder_changed(),
        wall=lambda: clock.now().timestamp(),
        jump_check_s=jump_check_s,
    )
    host = AgentHost(
        clock=clock,
        repo=runtime.repo,
        store=runtime.store,
        notifier=notifier or FakeNotifier(),
        loop=loop,
        writer=SerialWriter("test-agent-writer"),
    )
    holder.append(host)
    return host


def test_after_a_suspend_the_agent_delivers_what_fell_due_at_once(make_runtime):
    runtime = make_runtime(now="2026-12-01T20:24:00", interactive=False)
    clock = runtime.clock
    host = agent_host(runtime, clock, jump_check_s=0.1)
    services = build_services(host)
    try:
        with Running(host.loop):
            host.loop.post(services.start)
            assert wait(lambda: services.reminders.next is not None)
            assert services.reminders.next.key == "2026-12-01:wd-study:soon"
            assert host.notifier.sent == []
            clock.advance(61, wall_only=True)  # asleep from 20:24:00 to 20:25:01
            assert wait(lambda: host.notifier.sent, 3)
    finally:
        host.writer.close()
    (note,) = host.notifier.sent
    assert note.title == "Targeted study or project iteration"
    assert note.message == "In 5 min (20:30-22:30)"


def test_the_agent_follows_a_focus_started_in_the_shell_and_the_language(
    make_runtime, tmp_path, monkeypatch
):
    from cadence.shell.focus import focus_command

    runtime = make_runtime(now="2026-12-01T15:00", interactive=False)
    host = agent_host(runtime, runtime.clock)
    services = build_services(host)
    try:
        with Running(host.loop):
            host.loop.post(services.start)
            assert wait(lambda: services.focus.state is not None)
            monkeypatch.setenv("CADENCE_NOW", "2026-12-01T15:00")
            args = argparse.Namespace(
                focus_command="start", label="From the shell", link=None, minutes=1
            )
            assert focus_command(args, tmp_path / "data", "en") == 0
            assert wait(lambda: services.focus.state.status == "running", 3)
            assert services.focus.state.label == "From the shell"
            assert services.focus.state.planned_s == 60
            # The language is the user's: switched in the app, followed here.
            other = open_runtime(
                tmp_path / "data",
                language="zh",
                interactive=False,
                clock=FakeClock("2026-12-01T15:00", TZ),
            )
            try:
                other.repo.update_settings(lambda s: setattr(s, "language", "zh"))
            finally:
                other.close()
            assert wait(lambda: get_language() == "zh", 3)
            assert host.settings.language == "zh"
    finally:
        host.writer.close()
        set_language("en")


def test_the_app_leaves_the_desktop_to_a_running_agent_and_takes_over_when_it_stops(
    make_runtime, tmp_path
):
    """The UI side of "exactly once": with an agent alive, an in-app toast now and a claim
    only after the grace; with none, the claim at once."""
    runtime = make_runtime(interactive=False)
    calls: list[tuple[str, object]] = []

    class AppSide:
        role = "app"
        read_only = False
        store = runtime.store
        clock = runtime.clock
        notifier = FakeNotifier()

        def toast(self, toast):
            calls.append(("toast", toast.message))

        def after(self, delay, callback, *, name=""):
            calls.append(("after", delay))
            callback()

        def persist(self, change, *, done=None):
            change()

    side = AppSide()
    delivery = Delivery(side)
    agent = AgentLock(tmp_path / "data")
    agent.acquire(since="now")
    try:
        ledger.claim(runtime.store, "block:one", due=1.0, at="x", by="agent")  # the agent was first
        delivery.send("block:one", 1.0, "Study", "Starts now")
        assert calls == [("toast", "Starts now"), ("after", GRACE_S)]
        assert side.notifier.sent == []  # the agent had it
        calls.clear()
        delivery.agent._at = -1e9
        delivery.send("block:two", 2.0, "Bed", "23:00")  # the agent is stuck: the UI sends
        assert [n.title for n in side.notifier.sent] == ["Bed"]
    finally:
        agent.release()
    delivery.agent._at = -1e9  # ask again: the agent is gone
    calls.clear()
    delivery.send("block:three", 3.0, "Gym", "Starts now")
    assert calls == []  # no toast, no grace: straight to the desktop
    assert [n.title for n in side.notifier.sent] == ["Bed", "Gym"]
    delivery.send("block:three", 3.0, "Gym", "Starts now")
    assert len(side.notifier.sent) == 2  # never twice


def test_with_no_desktop_a_reminder_is_a_log_line_and_the_terminal_bell(tmp_path, monkeypatch):
    """The notifier chain's last resort: a line in the rotating log, and the bell."""
    import logging
    import sys

    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "no-runtime"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no notify-send, no osascript
    master, slave = os.openpty()
    terminal = os.fdopen(slave, "w", encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", terminal)
    handler = setup_logging(tmp_path / "log")
    try:
        assert agent_notifier().send_now("Study", "Starts now (20:30-22:30)") == "log"
        assert os.read(master, 16) == b"\a"
    finally:
        logging.getLogger("cadence").removeHandler(handler)
        handler.close()
        terminal.close()
        os.close(master)
    assert (handler.maxBytes, handler.backupCount) == (LOG_BYTES, LOG_KEEP)
    log = (tmp_path / "log" / "agent.log").read_text(encoding="utf-8")
    assert "WARNING" in log and "REMINDER Study: Starts now (20:30-22:30)" in log

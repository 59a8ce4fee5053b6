"""``cadence agent`` end to end: real processes, a real clock, a private D-Bus session bus
with a recording notification server, and ``notify-send`` on PATH.

- an agent alone on a fresh folder delivers the 20:30 block's 5-minutes-before reminder;
- ``cadence focus start --minutes 1`` in a shell is followed by the phase-end notification;
- the UI and the agent on one folder: each reminder once; the agent killed, the UI
  delivers the next; both restarted, nothing twice, and the agent delivers again.

They wait for real minutes (a reminder falls on a whole minute), so each runs 20 s to
2.5 min, mostly asleep.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cadence.clock import ShiftedClock, parse_local
from cadence.data.models import TimeBlock
from cadence.i18n import set_language
from cadence.runtime import open_runtime
from cadence.services import ledger
from tests.helpers import settle, toasts
from tests.notification_server import notification_bus, received, wait_for

TZ = "UTC"  # the agent's clock is the machine's; these tests run it in UTC

pytestmark = pytest.mark.skipif(
    shutil.which("notify-send") is None, reason="notify-send is not installed (libnotify-bin)"
)


@pytest.fixture
def session_bus(tmp_path):
    with notification_bus(tmp_path) as bus:
        yield bus


def child_env(tmp_path: Path, bus: str, now: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CADENCE_DATA_DIR", None)
    env.update(
        CADENCE_NOW=now,
        DBUS_SESSION_BUS_ADDRESS=bus,
        XDG_STATE_HOME=str(tmp_path / "state"),
        TZ=TZ,
        PYTHONIOENCODING="utf-8",
    )
    return env


class Agent:
    """A ``cadence agent`` child process whose clock started at ``now``."""

    def __init__(self, data: Path, tmp_path: Path, bus: str, now: str) -> None:
        self.started = time.time()
        self.start_at = parse_local(now, TZ).timestamp()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cadence", "--data", str(data), "--lang", "en", "agent"],
            env=child_env(tmp_path, bus, now),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.startswith("cadence agent:"), line + self.proc.stderr.read()

    def now_iso(self) -> str:
        """The agent's "now", as a CADENCE_NOW for another process."""
        moment = self.start_at + (time.time() - self.started)
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment))

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        self.proc.wait(10)


@pytest.fixture
def agents():
    running: list[Agent] = []
    yield running
    for agent in running:
        agent.kill()


def seed(data: Path, *, blocks: list[TimeBlock] = (), date: str = "2027-03-09") -> None:
    """A fresh folder with its plan seeded (as a first run would), plus ``blocks`` on ``date``."""
    set_language("en")
    runtime = open_runtime(
        data,
        language="en",
        interactive=False,
        clock=ShiftedClock(parse_local(f"{date}T12:00", TZ), TZ),
    )
    try:
        if blocks:
            runtime.repo.update_day(date, lambda record: record.added.extend(blocks))
    finally:
        runtime.close()


async def test_an_agent_alone_delivers_the_block_reminder(session_bus, tmp_path, agents):
    bus, record = session_bus
    data = tmp_path / "data"  # fresh: the agent seeds it
    agents.append(agent := Agent(data, tmp_path, bus, "2027-03-09T20:24:40"))
    got = await asyncio.to_thread(wait_for, record, 1, 40)
    assert [(n["summary"], n["body"]) for n in got] == [
        ("Targeted study or project iteration", "In 5 min (20:30-22:30)")
    ]
    # Due at 20:25:00, twenty seconds after the agent's clock started.
    delay = got[0]["t"] - (agent.started + 20)
    assert -1.0 < delay < 5.0, delay
    (record_,) = ledger.delivered_in(data).values()
    assert record_.key == "block:2027-03-09:wd-study:soon" and record_.by == "agent"
    agent.kill(signal.SIGTERM)
    assert agent.proc.returncode == 0
    assert not (data / ".agent.json").exists()
    log = (tmp_path / "state" / "cadence" / "log" / "agent.log").read_text(encoding="utf-8")
    assert "delivering block:2027-03-09:wd-study:soon" in log


async def test_focus_start_in_a_shell_ends_with_a_notification(session_bus, tmp_path, agents):
    bus, record = session_bus
    data = tmp_path / "data"
    agents.append(agent := Agent(data, tmp_path, bus, "2027-03-09T15:00:05"))
    shell = subprocess.run(
        [sys.executable, "-m", "cadence", "--data", str(data), "--lang", "en"]
        + ["focus", "start", "--minutes", "1", "--label", "Makemore by hand"],
        env=child_env(tmp_path, bus, agent.now_iso()),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert shell.returncode == 0, shell.stderr
    assert re.match(r"focus (00:5\d|01:0\d) · Makemore by hand", shell.stdout), shell.stdout
    started = time.time()
    got = await asyncio.to_thread(wait_for, record, 1, 80)
    assert [n["summary"] for n in got] == ["Focus done"]
    assert got[0]["body"].startswith("1 min of focus logged at 15:01")
    assert 55 < got[0]["t"] - started < 65
    # No window was open: the agent saved the phase's end and logged the session.
    log = (data / "focus-2027.json").read_text(encoding="utf-8")
    assert "Makemore by hand" in log


async def test_ui_and_agent_deliver_each_reminder_once(session_bus, tmp_path, agents, monkeypatch):
    from cadence.app import CadenceApp

    bus, record = session_bus
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus)
    data = tmp_path / "data"
    seed(
        data,
        blocks=[
            TimeBlock("20:26", "20:27", "Block A", kind="study", id="e2e-a"),
            TimeBlock("20:27", "20:28", "Block B", kind="study", id="e2e-b"),
        ],
    )
    agents.append(agent := Agent(data, tmp_path, bus, "2027-03-09T20:24:50"))

    def open_app() -> CadenceApp:
        # The app's clock runs with the agent's: the same CADENCE_NOW, started with it.
        set_language("en")
        start = parse_local(agent.now_iso(), TZ)
        runtime = open_runtime(data, language="en", interactive=True, clock=ShiftedClock(start, TZ))
        return CadenceApp(runtime, poll_interval=0.5)

    async def until(predicate, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not predicate():
            await asyncio.sleep(0.2)

    app = open_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # 20:25:00: the study block's "in 5 min": the agent delivers, the UI shows a toast.
        await until(lambda: len(received(record)) >= 1, 25)
        await pilot.pause(0.5)
        assert [n["summary"] for n in received(record)] == ["Targeted study or project iteration"]
        assert any(
            t.startswith("Targeted study or project iteration: In 5 min") for t in toasts(app)
        )
        await asyncio.sleep(5)  # the UI's grace is over: it found the agent's claim
        assert len(received(record)) == 1
        # The agent dies; at 20:26:00 the UI delivers Block A itself.
        agent.kill()
        await until(lambda: len(received(record)) >= 2, 70)
        await settle(pilot)
    app.runtime.close()
    assert [n["summary"] for n in received(record)][1:] == ["Block A"]
    by = {r.key: r.by for r in ledger.delivered_in(data).values()}
    assert by == {"block:2027-03-09:wd-study:soon": "agent", "block:2027-03-09:e2e-a:start": "app"}

    # Both start again: nothing is delivered twice, and the agent takes over again.
    agents.append(agent := Agent(data, tmp_path, bus, agent.now_iso()))
    app = open_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await asyncio.sleep(3)
        assert len(received(record)) == 2
        await until(lambda: len(received(record)) >= 3, 70)
        await asyncio.sleep(6)  # past the UI's grace
        await settle(pilot)
    app.runtime.close()
    summaries = [n["summary"] for n in received(record)]
    assert summaries == ["Targeted study or project iteration", "Block A", "Block B"]
    assert ledger.delivered_in(data)["block:2027-03-09:e2e-b:start"].by == "agent"

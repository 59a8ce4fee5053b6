"""The notifier chain: order, fallbacks, timeouts, captured output, and a real delivery
over a private D-Bus session bus to a notification server run by the test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest

from cadence import notify
from cadence.notify import (
    Backend,
    CallbackBackend,
    Notification,
    Notifier,
    NotifySendBackend,
    PlyerBackend,
    run_captured,
    session_bus_possible,
    system_backends,
)
from tests.notification_server import notification_bus, received


@pytest.fixture
def session_bus(tmp_path):
    with notification_bus(tmp_path) as bus:
        yield bus


class Broken(Backend):
    name = "broken"

    def __init__(self) -> None:
        self.calls = 0

    def deliver(self, note: Notification) -> bool:
        self.calls += 1
        raise RuntimeError("no desktop here")


class Refuses(Backend):
    name = "refuses"

    def deliver(self, note: Notification) -> bool:
        return False


class Absent(Backend):
    name = "absent"

    def available(self) -> bool:
        return False

    def deliver(self, note: Notification) -> bool:  # pragma: no cover - never called
        raise AssertionError("an unavailable backend was used")


def test_the_first_backend_that_delivers_wins_and_failures_are_skipped():
    got: list[Notification] = []
    broken = Broken()
    notifier = Notifier([Absent(), broken, Refuses(), CallbackBackend("toast", got.append)])
    assert notifier.send_now("Study", "starts now") == "toast"
    assert got == [Notification("Study", "starts now")]
    assert notifier.in_use == "toast"
    # The broken backend rests: the next notification does not try it again.
    notifier.send_now("Bedtime", "23:00")
    assert broken.calls == 1
    assert notifier.describe() == "toast"


def test_send_returns_at_once_and_delivers_in_order_in_the_background():
    got: list[str] = []
    done = threading.Event()

    def slow(note: Notification) -> None:
        time.sleep(0.05)
        got.append(note.title)
        if len(got) == 3:
            done.set()

    notifier = Notifier([CallbackBackend("slow", slow)])
    for title in ("one", "two", "three"):
        notifier.send(title, "")  # must not wait for the 50 ms backend
    assert got == [] or len(got) < 3
    assert done.wait(5)
    assert got == ["one", "two", "three"]


def test_nothing_works_returns_empty_and_never_raises():
    notifier = Notifier([Broken(), Refuses()])
    assert notifier.send_now("a", "b") == ""
    assert notifier.in_use == ""


def test_run_captured_captures_output_and_kills_a_hung_child_with_its_children():
    code, out = run_captured([sys.executable, "-c", "print('to the pipe, not the screen')"])
    assert code == 0
    assert "to the pipe" in out
    # A child that starts a grandchild holding the pipe, then hangs: both are killed.
    hang = "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); print('hung', flush=True); time.sleep(60)"
    started = time.monotonic()
    code, out = run_captured([sys.executable, "-c", hang], timeout=1.0)
    assert code is None
    assert "hung" in out
    assert time.monotonic() - started < 10
    code, out = run_captured(["/nonexistent/notify-send-x"])
    assert code == 127


def test_session_bus_detection():
    assert session_bus_possible({"DBUS_SESSION_BUS_ADDRESS": "unix:path=/x"})
    assert not session_bus_possible({})
    assert not session_bus_possible({"XDG_RUNTIME_DIR": "/nonexistent-dir"})


def test_no_dbus_at_all_falls_back_to_the_toast(monkeypatch, tmp_path):
    """No session bus, no DISPLAY: the desktop backends step aside, the toast fires."""
    for var in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    got: list[Notification] = []
    notifier = Notifier([*system_backends(timeout=5), CallbackBackend("toast", got.append)])
    assert notifier.send_now("Study", "starts now") == "toast"
    assert got and got[0].title == "Study"


def test_plyer_with_a_failing_notify_send_is_not_taken_for_a_delivery(monkeypatch, tmp_path):
    """plyer ignores notify-send's exit status; the child reports it, so the chain moves on."""
    if importlib_missing("plyer"):
        pytest.skip("plyer is not installed")
    fake = tmp_path / "bin"
    fake.mkdir()
    script = fake / "notify-send"
    script.write_text("#!/bin/sh\necho 'GDBus.Error: no server' >&2\nexit 1\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
    got: list[Notification] = []
    notifier = Notifier(
        [PlyerBackend(5), NotifySendBackend(5), CallbackBackend("toast", got.append)]
    )
    assert notifier.send_now("Bedtime", "In bed before 23:00") == "toast"
    assert len(got) == 1


def importlib_missing(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is None


# ---------------------------------------------------------------- end to end over D-Bus


def test_notify_send_delivers_over_a_private_session_bus(session_bus, monkeypatch):
    if shutil.which("notify-send") is None:
        pytest.skip("notify-send is not installed (apt-get install libnotify-bin)")
    address, record = session_bus
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    toast: list[Notification] = []
    notifier = Notifier([NotifySendBackend(10), CallbackBackend("toast", toast.append)])
    used = notifier.send_now("学习时间 Study", "20:30-22:30 Targeted study")
    assert used == "notify-send"
    assert toast == []
    got = [{k: v for k, v in note.items() if k != "t"} for note in received(record)]
    assert got == [
        {"app": "Cadence", "summary": "学习时间 Study", "body": "20:30-22:30 Targeted study"}
    ]


def test_the_app_chain_delivers_through_plyer_over_the_bus(session_bus, monkeypatch):
    """The chain the app uses: plyer first (in its child), which reaches the test server."""
    if shutil.which("notify-send") is None or importlib_missing("plyer"):
        pytest.skip("plyer's Linux path needs notify-send (libnotify-bin)")
    address, record = session_bus
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    toast: list[Notification] = []
    notifier = Notifier([*system_backends(timeout=10), CallbackBackend("toast", toast.append)])
    assert notifier.describe() == "plyer"
    assert notifier.send_now("Bedtime", "In bed before 23:00") == "plyer"
    assert toast == []
    assert [(r["summary"], r["body"]) for r in received(record)] == [
        ("Bedtime", "In bed before 23:00")
    ]


def test_a_server_that_never_answers_costs_a_timeout_not_a_hang(monkeypatch, tmp_path):
    """notify-send waits ~25 s for a silent daemon; the chain gives it its timeout only."""
    if shutil.which("dbus-daemon") is None or shutil.which("notify-send") is None:
        pytest.skip("dbus-daemon / notify-send not installed")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--print-address", "--nofork", "--nopidfile"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    silent = None
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        pytest.importorskip("jeepney")
        # Owns the name and reads nothing: every call waits for an answer that never comes.
        code = (
            "import sys, time\n"
            "from jeepney.bus_messages import message_bus\n"
            "from jeepney.io.blocking import open_dbus_connection\n"
            "c = open_dbus_connection(bus=sys.argv[1])\n"
            "c.send_and_get_reply(message_bus.RequestName('org.freedesktop.Notifications', 4))\n"
            "print('ready', flush=True)\n"
            "time.sleep(120)\n"
        )
        silent = subprocess.Popen(
            [sys.executable, "-c", code, address], stdout=subprocess.PIPE, text=True
        )
        assert silent.stdout is not None
        assert silent.stdout.readline().startswith("ready")
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        toast: list[Notification] = []
        notifier = Notifier(
            [NotifySendBackend(timeout=1.5), CallbackBackend("toast", toast.append)]
        )
        started = time.monotonic()
        assert notifier.send_now("Study", "now") == "toast"
        assert time.monotonic() - started < 10
        assert len(toast) == 1
    finally:
        for proc in (silent, daemon):
            if proc is not None:
                proc.kill()
                proc.wait()


def test_module_constants_are_sane():
    assert 0 < notify.TIMEOUT_S < 25  # below notify-send's own D-Bus wait
